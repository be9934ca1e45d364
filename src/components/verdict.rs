//! The verdict block: the answer in plain words, first on the page.

use equalizer_engine::Study;
use leptos::prelude::*;

use crate::shared::Shared;
use crate::verdict::{conclusion, evidence_class, said, verdict};

/// What the study says: how many event days and separate episodes, what the pair did after
/// them at the horizons a reader cares about against a random day, and how strong the evidence
/// is (rules in [`crate::verdict`]). Each horizon's numbers are also data attributes (full
/// precision) for tests and tools. `data_end` warns when a leg's data ends early.
#[component]
pub fn Verdict(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
    /// A sentence when a leg's data ends before the rest of the data, else `None`.
    #[prop(into)]
    data_end: Signal<Option<String>>,
    /// Shown while there is no study yet (loading, or an error shown elsewhere).
    #[prop(into)]
    waiting: Signal<String>,
    /// With no event: the most extreme day in the range, said instead.
    #[prop(into)]
    largest: Signal<Option<String>>,
) -> impl IntoView {
    let body = move || match study.get() {
        None => view! { <p class="verdict-headline">{waiting.get()}</p> }.into_any(),
        Some(s) => {
            let v = verdict(&s);
            let conclusion = conclusion(&s, &v);
            let pair = format!("{} − {}", s.long, s.short);
            let rows = v
                .horizons
                .into_iter()
                .map(|h| {
                    let value = |x: Option<f64>| x.map(|x| x.to_string());
                    let sentence = match (h.pair_mean, h.baseline) {
                        (Some(m), Some(b)) => format!(
                            "After {}: {pair} {} on average, against {} after a random day.",
                            h.label,
                            said(m),
                            said(b)
                        ),
                        _ => format!("After {}: no event has a complete window yet.", h.label),
                    };
                    let class = format!("evidence {}", evidence_class(h.evidence));
                    view! {
                        <li data-horizon=h.horizon data-count=h.count data-distinct-count=h.episodes
                            data-pair-mean=value(h.pair_mean) data-baseline-pair-mean=value(h.baseline)
                            data-evidence=h.evidence.words()>
                            {sentence}" "
                            <span class=class>{format!("Evidence: {}.", h.evidence.words())}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                // Only this line is announced on a change (the whole verdict would be re-read
                // at every keystroke); the rest is there to read.
                <p class="verdict-headline" aria-live="polite">
                    <span class="big" data-testid="event-count">{v.count}</span>{v.after_count}
                </p>
                {(v.count == 0).then(|| view! { <p data-testid="largest">{largest.get()}</p> })}
                {(v.count > 0).then(|| view! {
                    <ul class="verdict-horizons">{rows}</ul>
                    <p class="conclusion" data-testid="conclusion">{conclusion}</p>
                })}
            }
            .into_any()
        }
    };
    let section = NodeRef::<leptos::html::Section>::new();
    hold_height_while_moving(section, study);
    view! {
        <section class="verdict" data-testid="verdict" node_ref=section>
            {body}
            {move || data_end.get().map(|w| view! { <p class="warning" data-testid="data-ends-early">{w}</p> })}
        </section>
    }
}

/// How long after the last change the verdict keeps the height it had (then takes its own).
const HOLD_MS: u64 = 1500;

/// Nothing moves under the finger: while the study keeps changing (a slider dragged, digits
/// typed), the verdict box grows when it must but never shrinks, so the controls below it stay
/// put; once the changes stop for [`HOLD_MS`] it takes its own height (and holds that one until
/// the next burst). A style on the element only (the world outside).
fn hold_height_while_moving(
    section: NodeRef<leptos::html::Section>,
    study: Memo<Option<Shared<Study>>>,
) {
    let release = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        study.track();
        let Some(el) = section.get() else { return };
        // The height now, still under the last minimum: the box never gets smaller mid-change.
        let held = el.offset_height();
        let _ = el.style().set_property("min-height", &format!("{held}px"));
        if let Some(h) = release.get_value() {
            h.clear();
        }
        let el = el.clone();
        // Settled: the box takes its own height, and holds that until the next change, so
        // the first change of the next burst cannot shrink it either.
        let free = move || {
            let style = el.style();
            let _ = style.remove_property("min-height");
            let _ = style.set_property("min-height", &format!("{}px", el.offset_height()));
        };
        match set_timeout_with_handle(free, std::time::Duration::from_millis(HOLD_MS)) {
            Ok(h) => release.set_value(Some(h)),
            // No timer: the box keeps its height until the next change sets it again.
            Err(_) => release.set_value(None),
        }
    });
}
