//! A canvas that redraws its chart whenever the model changes, at most once per animation frame.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::charts::{CoordMap, DrawError};
use crate::timing;

/// A chart's draw function: pure, from model to pixels.
pub type DrawFn<M> = fn(&HtmlCanvasElement, &M) -> Result<CoordMap, DrawError>;

/// A chart canvas. The effect only schedules a draw; the draw itself runs in the next animation
/// frame and reads the newest model, so many changes within one frame cost one draw. It also
/// redraws on window resize. The last [`CoordMap`] is kept for hover and clicks.
#[component]
pub fn ChartCanvas<M>(
    /// The chart's model; `None` draws nothing.
    model: Memo<Option<M>>,
    /// How to draw it.
    draw: DrawFn<M>,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Accessible description of the chart.
    label: &'static str,
) -> impl IntoView
where
    M: Clone + PartialEq + Send + Sync + 'static,
{
    let canvas = NodeRef::<Canvas>::new();
    let coords = StoredValue::new(None::<CoordMap>);
    let error = RwSignal::new(None::<String>);
    let scheduled = Rc::new(Cell::new(false));

    let drawn_once = Rc::new(Cell::new(false));
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
                let result = timing::timed("equalizer:draw", || {
                    model.with_untracked(|m| m.as_ref().map(|m| draw(&el, m)))
                });
                match result {
                    Some(Ok(map)) => {
                        coords.set_value(Some(map));
                        error.set(None);
                        if !drawn_once.replace(true) {
                            timing::chart_first_drawn();
                        }
                    }
                    Some(Err(DrawError::Empty)) | None => coords.set_value(None),
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
            schedule();
        });
    }
    let resize = window_event_listener(leptos::ev::resize, move |_| schedule());
    on_cleanup(move || resize.remove());

    // The PNG link gets its data URL at click time, just before the browser follows it.
    let png_link = NodeRef::<leptos::html::A>::new();
    let save_png = move |_| {
        if let (Some(c), Some(a)) = (canvas.get_untracked(), png_link.get_untracked())
            && let Ok(url) = c.to_data_url()
        {
            a.set_href(&url);
        }
    };
    view! {
        <canvas node_ref=canvas class="chart" data-testid=testid role="img" aria-label=label></canvas>
        <a class="download png" node_ref=png_link href="#" download=format!("equalizer-{testid}.png")
            data-testid=format!("{testid}-png") on:click=save_png>
            "Download PNG"
        </a>
        {move || error.get().map(|e| view! { <p class="chart-error" role="alert">{e}</p> })}
    }
}
