//! Panels far from the screen wait. A panel's inputs follow the results only while it is near
//! the screen (within [`NEAR_MARGIN`], an IntersectionObserver), so a reader typing at the top
//! of the page pays for what they see; a panel catches up, in the same task, as it comes near.
//! A panel carries `data-near`, so tools and tests know when what it shows is current.

use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How far outside the viewport an element still counts as near: it is brought up to date
/// before it shows.
pub const NEAR_MARGIN: &str = "600px 0px";

/// Whether `el` is within [`NEAR_MARGIN`] of the viewport, kept current by an
/// IntersectionObserver (true until the browser has said otherwise, and where it has none).
pub fn near_screen<E>(el: NodeRef<E>) -> ReadSignal<bool>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (near, set_near) = signal(true);
    let observer: StoredValue<Option<web_sys::IntersectionObserver>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(target) = el.get() else { return };
        let latest = std::rc::Rc::new(std::cell::Cell::new(true));
        let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The newest entry is the element's current state.
            if let Some(entry) = entries
                .iter()
                .last()
                .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            {
                let now_near = entry.is_intersecting();
                latest.set(now_near);
                if now_near {
                    // Panels that come near together (a jump down the page) catch up in a task
                    // each, so no one task does them all; by then the panel may be far again.
                    let latest = latest.clone();
                    set_timeout(
                        move || {
                            set_near.try_set(latest.get());
                        },
                        std::time::Duration::ZERO,
                    );
                } else {
                    set_near.try_set(false);
                }
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(NEAR_MARGIN);
        if let Ok(o) = web_sys::IntersectionObserver::new_with_options(
            on_change.as_ref().unchecked_ref(),
            &init,
        ) {
            o.observe(target.unchecked_ref());
            observer.set_value(Some(o));
            // Lives as long as the observer, which lives as long as the element.
            on_change.forget();
        }
    });
    on_cleanup(move || {
        if let Some(o) = observer.try_get_value().flatten() {
            o.disconnect();
        }
    });
    near
}

/// Whether a panel far from the screen keeps showing a value: something is worth keeping,
/// nothing yet is not (a far panel still shows its first results, so it has its height before
/// the reader reaches it and nothing jumps when it catches up).
pub trait Keep {
    /// True when the value is something to keep showing.
    fn is_kept(&self) -> bool;
}

impl<T> Keep for Option<T> {
    fn is_kept(&self) -> bool {
        self.is_some()
    }
}

impl Keep for bool {
    fn is_kept(&self) -> bool {
        true
    }
}

/// `source` as a panel near the screen shows it: the same value while `near`; while far, the
/// last value shown once it is something (it then stops following `source`, so nothing
/// recomputes or redraws). A far panel that has shown nothing takes the source's first
/// something in a task of its own, so the first results do not build every panel of the page
/// in one long task.
pub fn gated<T>(source: Memo<T>, near: ReadSignal<bool>) -> Memo<T>
where
    T: Keep + Clone + PartialEq + Send + Sync + 'static,
{
    let (may_take, set_may_take) = signal(false);
    Memo::new(move |shown: Option<&T>| match shown {
        Some(shown) if !near.get() && shown.is_kept() => shown.clone(),
        Some(shown) if !near.get() && !may_take.get() => {
            if source.with(Keep::is_kept) {
                set_timeout(
                    move || {
                        set_may_take.try_set(true);
                    },
                    std::time::Duration::ZERO,
                );
            }
            shown.clone()
        }
        _ => source.get(),
    })
}

/// A box around a panel that knows whether it is near the screen: `panel` gets the signal (to
/// gate its inputs with [`gated`]).
#[component]
pub fn Near<F, V>(
    /// Builds the panel from whether it is near the screen.
    panel: F,
) -> impl IntoView
where
    F: FnOnce(ReadSignal<bool>) -> V,
    V: IntoView + 'static,
{
    let at = NodeRef::<leptos::html::Div>::new();
    let near = near_screen(at);
    view! {
        <div class="near" node_ref=at data-near=move || near.get().to_string()>
            {panel(near)}
        </div>
    }
}
