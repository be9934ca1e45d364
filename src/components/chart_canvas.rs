//! A canvas that redraws its chart whenever the model or the theme changes, at most once per
//! animation frame, and shows what lies under the cursor.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use equalizer_engine::Date;

use crate::charts::png::{Caption, png_data_url};
use crate::charts::{CoordMap, DrawError, Palette};
use crate::components::near::near_screen;
use crate::theme::use_palette;
use crate::timing;

thread_local! {
    /// When the last chart draw ended (`performance.now()`, ms).
    static LAST_DRAW: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

/// Whether this animation frame has drawn no chart yet: frames are at least ~8 ms apart,
/// while the callbacks of one frame run back to back (without a clock, every frame is free).
fn frame_is_free() -> bool {
    now_ms().is_none_or(|now| now - LAST_DRAW.with(Cell::get) > 4.0)
}

/// Marks this frame as having drawn a chart.
fn frame_taken() {
    if let Some(now) = now_ms() {
        LAST_DRAW.with(|last| last.set(now));
    }
}

/// Wipes a canvas (a chart with nothing to draw shows nothing, not the last view's lines).
fn clear(el: &HtmlCanvasElement) {
    use wasm_bindgen::JsCast;
    if let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        ctx.clear_rect(0.0, 0.0, f64::from(el.width()), f64::from(el.height()));
    }
}

/// A chart's draw function: pure, from model and palette to pixels.
pub type DrawFn<M> = fn(&HtmlCanvasElement, &M, &Palette) -> Result<CoordMap, DrawError>;
/// What lies under a CSS-pixel position (x, y) of the canvas, as one line of text.
pub type HoverFn<M> = fn(&M, &CoordMap, f64, f64) -> Option<String>;
/// The event a click at a CSS-pixel position (x, y) picks.
pub type PickFn<M> = fn(&M, &CoordMap, f64, f64) -> Option<Date>;
/// The points the arrow keys step through, in data coordinates (the spread chart's events).
pub type StopsFn<M> = fn(&M) -> Vec<(f64, f64)>;
/// The chart in words (its text alternative), from its model.
pub type DescribeFn<M> = fn(&M) -> String;
/// `data-*` attributes a chart publishes on its canvas after each draw (for tests and tools).
pub type PublishFn<M> = fn(&M) -> Vec<(&'static str, String)>;

/// The hover text and its CSS position (`left` or `right`, and `top`) within the chart.
#[derive(Debug, Clone, PartialEq)]
struct Tip {
    text: String,
    left: Option<String>,
    right: Option<String>,
    top: String,
}

/// Clicks on event markers select that event.
pub struct Pick<M: 'static> {
    pub at: PickFn<M>,
    pub selected: RwSignal<Option<Date>>,
}

// By hand: a derive would ask `M: Copy`, which a function pointer over `&M` does not need.
impl<M> Clone for Pick<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Pick<M> {}

/// A chart canvas. The effect only schedules a draw; the draw itself runs in the next animation
/// frame and reads the newest model, so many changes within one frame cost one draw. It also
/// redraws on window resize. The last [`CoordMap`] is kept for hover and clicks.
#[component]
pub fn ChartCanvas<M>(
    /// The chart's model; `None` draws nothing.
    model: Memo<Option<M>>,
    /// How to draw it.
    draw: DrawFn<M>,
    /// What it shows, in words: the canvas's description for screen readers.
    describe: DescribeFn<M>,
    /// What the cursor points at.
    hover: HoverFn<M>,
    /// Optional: clicking an event marker selects the event.
    #[prop(optional)]
    pick: Option<Pick<M>>,
    /// Optional: attributes published on the canvas after each draw.
    #[prop(optional)]
    publish: Option<PublishFn<M>>,
    /// Optional: called after every successful draw, and when a draw waits because the canvas
    /// is far from the screen (the spread chart reveals the page with it).
    #[prop(optional)]
    on_ready: Option<fn()>,
    /// Optional: points the left and right arrow keys step through when the canvas has focus;
    /// each one's hover text is shown and announced.
    #[prop(optional)]
    stops: Option<StopsFn<M>>,
    /// The PNG download's header (title, settings, legend) and file name.
    #[prop(into)]
    caption: Signal<Option<Caption>>,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Accessible description of the chart.
    label: &'static str,
) -> impl IntoView
where
    M: Clone + PartialEq + Send + Sync + 'static,
{
    let canvas = NodeRef::<Canvas>::new();
    let near = near_screen(canvas);
    let palette = use_palette();
    let coords = StoredValue::new(None::<CoordMap>);
    let error = RwSignal::new(None::<String>);
    let scheduled = Rc::new(Cell::new(false));

    let drawn_once = Rc::new(Cell::new(false));
    // Bumped when a frame was taken by another chart: the effect below asks for the next.
    let retry = RwSignal::new(0u32);
    let schedule = {
        let scheduled = Rc::clone(&scheduled);
        move || {
            if scheduled.replace(true) {
                return;
            }
            let (scheduled, drawn_once) = (Rc::clone(&scheduled), Rc::clone(&drawn_once));
            request_animation_frame(move || {
                scheduled.set(false);
                let Some(el) = canvas.get_untracked() else {
                    return;
                };
                // Far from the screen nothing is drawn (a reader typing up top waits for no
                // chart below); what is shown there is stale, so its map goes, and the draw
                // happens when the canvas comes near.
                if !near.get_untracked() {
                    let _ = el.remove_attribute("data-plot");
                    if let Some(ready) = on_ready {
                        ready();
                    }
                    return;
                }
                // One chart per frame: charts that come near together (a jump down the page)
                // draw in turn, so no frame does them all.
                if !frame_is_free() {
                    retry.update(|n| *n = n.wrapping_add(1));
                    return;
                }
                let result = timing::timed("equalizer:draw", || {
                    model.with_untracked(|m| {
                        m.as_ref().map(|m| draw(&el, m, palette.get_untracked()))
                    })
                });
                frame_taken();
                match result {
                    Some(Ok(map)) => {
                        // The map, for tests and tools that point at data (CSS px, then data).
                        let (l, t, r, b) = map.px;
                        let _ = el.set_attribute(
                            "data-plot",
                            &format!(
                                "{l} {t} {r} {b} {} {} {} {}",
                                map.x.0, map.x.1, map.y.0, map.y.1
                            ),
                        );
                        if let Some(publish) = publish {
                            for (name, value) in model
                                .with_untracked(|m| m.as_ref().map(publish))
                                .unwrap_or_default()
                            {
                                let _ = el.set_attribute(name, &value);
                            }
                        }
                        coords.set_value(Some(map));
                        error.set(None);
                        if let Some(ready) = on_ready {
                            ready();
                        }
                        if !drawn_once.replace(true) {
                            timing::chart_first_drawn();
                        }
                    }
                    // Nothing to draw: what the canvas showed belonged to another view. It is
                    // not a drawn answer, so `on_ready` waits (the page shows itself once its
                    // spread chart has drawn).
                    Some(Err(DrawError::Empty)) | None => {
                        clear(&el);
                        let _ = el.remove_attribute("data-plot");
                        coords.set_value(None);
                    }
                    Some(Err(e)) => error.set(Some(e.to_string())),
                }
            });
        }
    };
    {
        let schedule = schedule.clone();
        Effect::new(move |_| {
            canvas.track();
            model.track();
            retry.track();
            palette.track();
            near.track();
            schedule();
        });
    }
    let resize = window_event_listener(leptos::ev::resize, move |_| schedule());
    on_cleanup(move || resize.remove());

    // The PNG link gets its data URL at click time, just before the browser follows it.
    let png_link = NodeRef::<leptos::html::A>::new();
    let save_png = move |_| {
        let (Some(c), Some(a)) = (canvas.get_untracked(), png_link.get_untracked()) else {
            return;
        };
        let url = caption.with_untracked(|cap| match cap {
            Some(cap) => {
                a.set_download(&format!("{}.png", cap.file_stem));
                png_data_url(&c, cap, palette.get_untracked())
            }
            None => c.to_data_url().ok(),
        });
        if let Some(url) = url {
            a.set_href(&url);
        }
    };
    // Hover: the text under the cursor and where it goes, beside the cursor, flipped to its
    // left in the right half so it stays inside. Placed with CSSOM properties (`style:`), which
    // the Content-Security-Policy allows.
    let tip = RwSignal::new(None::<Tip>);
    let at = move |e: &web_sys::MouseEvent| {
        let map = coords.get_value()?;
        let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
        let (l, t, r, b) = map.px;
        if x < l || x > r || y < t || y > b {
            return None;
        }
        Some((map, x, y))
    };
    let show_tip = move |e: &web_sys::MouseEvent| {
        let text = at(e).and_then(|(map, x, y)| {
            let text = model.with_untracked(|m| m.as_ref().and_then(|m| hover(m, &map, x, y)))?;
            let width = canvas
                .get_untracked()
                .map_or(0.0, |c| f64::from(c.client_width()));
            let (left, right) = if x > width / 2.0 {
                (None, Some(format!("{:.0}px", width - x + 12.0)))
            } else {
                (Some(format!("{:.0}px", x + 12.0)), None)
            };
            Some(Tip {
                text,
                left,
                right,
                top: format!("{:.0}px", y + 12.0),
            })
        });
        tip.set(text);
    };
    let on_move = move |e: web_sys::MouseEvent| show_tip(&e);
    // The keyboard's read-out: which stop it is on, and the text announced for it.
    let stop = StoredValue::new(None::<usize>);
    let announced = RwSignal::new(String::new());
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(stops) = stops else { return };
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            // Home and End: the first and the last point.
            "Home" => isize::MIN / 2,
            "End" => isize::MAX / 2,
            _ => return,
        };
        let (Some(map), Some(points)) = (
            coords.get_value(),
            model.with_untracked(|m| m.as_ref().map(stops)),
        ) else {
            return;
        };
        if points.is_empty() {
            return;
        }
        ev.prevent_default();
        let k = match stop.get_value() {
            Some(k) => k.saturating_add_signed(step).min(points.len() - 1),
            None if step == 1 => 0,
            None => 0usize.saturating_add_signed(step).min(points.len() - 1),
        };
        stop.set_value(Some(k));
        let (x, y) = (map.px_from_x(points[k].0), map.px_from_y(points[k].1));
        let text = model.with_untracked(|m| m.as_ref().and_then(|m| hover(m, &map, x, y)));
        if let Some(text) = text {
            announced.set(format!("{} of {}: {text}", k + 1, points.len()));
            tip.set(Some(Tip {
                text,
                left: Some(format!("{:.0}px", (x + 12.0).min(map.px.2 * 0.5))),
                right: None,
                top: format!("{:.0}px", y + 12.0),
            }));
        }
    };
    let on_click = move |e: web_sys::MouseEvent| {
        // A tap on a touch screen sends no mouse moves: the click shows the tip too.
        show_tip(&e);
        let Some(pick) = pick else { return };
        if let Some((map, x, y)) = at(&e)
            && let Some(date) =
                model.with_untracked(|m| m.as_ref().and_then(|m| (pick.at)(m, &map, x, y)))
        {
            pick.selected.set(Some(date));
        }
    };
    let tip_field =
        move |f: fn(&Tip) -> Option<String>| move || tip.with(|t| t.as_ref().and_then(f));
    view! {
        <div class="chart-wrap">
            <canvas node_ref=canvas class="chart" class:pickable=pick.is_some() data-testid=testid
                role="img" tabindex="0" aria-describedby=format!("{testid}-desc")
                aria-label=if stops.is_some() { format!("{label}; the left and right arrow keys step through it") } else { label.to_owned() }
                on:mousemove=on_move on:mouseleave=move |_| tip.set(None)
                on:keydown=on_key on:blur=move |_| tip.set(None)
                on:click=on_click></canvas>
            <p class="chart-desc" aria-live="polite" data-testid=format!("{testid}-live")>{move || announced.get()}</p>
            <p class="chart-desc" id=format!("{testid}-desc") data-testid=format!("{testid}-desc")>
                {move || model.with(|m| m.as_ref().map(describe))}
            </p>
            <div class="chart-tip" data-testid=format!("{testid}-tip") aria-hidden="true"
                style:display=move || if tip.with(Option::is_some) { "block" } else { "none" }
                style:left=tip_field(|t| t.left.clone()) style:right=tip_field(|t| t.right.clone())
                style:top=tip_field(|t| Some(t.top.clone()))>
                {tip_field(|t| Some(t.text.clone()))}
            </div>
        </div>
        <a class="download png" node_ref=png_link href="#" download=format!("equalizer-{testid}.png")
            data-testid=format!("{testid}-png") on:click=save_png>
            "Download PNG"
        </a>
        {move || error.get().map(|e| view! { <p class="chart-error" role="alert">{e}</p> })}
    }
}
