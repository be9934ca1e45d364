//! The headline: the latest event in plain words and the number of events.

use equalizer_engine::{Direction, Study, ThresholdUnit};
use leptos::prelude::*;

use crate::format::{pct, pct_abs, threshold_label};
use crate::shared::Shared;

/// "On 2024-07-11 IWM returned +3.59 % and QQQ −2.19 %: a spread of 5.79 %." and the count.
#[component]
pub fn Headline(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    move || {
        study.get().map(|s| {
            // In σ units the threshold is the spread over its trailing 252-day standard deviation.
            let t = threshold_label(s.threshold, s.threshold_unit);
            let t = match s.threshold_unit {
                ThresholdUnit::Pct => t,
                ThresholdUnit::Z => format!("{t} ({} of the past year's spread)", ThresholdUnit::Z.words()),
            };
            let condition = match s.direction {
                Direction::Up => format!("{} beat {} by at least {t}", s.long, s.short),
                Direction::Down => format!("{} beat {} by at least {t}", s.short, s.long),
                Direction::Abs => format!("{} and {} differed by at least {t} either way", s.long, s.short),
            };
            let latest = s.events.last().map(|e| {
                format!(
                    "On {} {} returned {} and {} {}: a spread of {}.",
                    e.date,
                    s.long,
                    pct(e.long_return, 2),
                    s.short,
                    pct(e.short_return, 2),
                    if e.spread >= 0.0 { pct_abs(e.spread, 2) } else { pct(e.spread, 2) }
                )
            });
            let range = match (s.from, s.to) {
                (None, None) => format!("from {} to {}", s.first_common_date, s.last_common_date),
                (f, t) => format!(
                    "from {} to {}",
                    f.unwrap_or(s.first_common_date),
                    t.unwrap_or(s.last_common_date)
                ),
            };
            let days = if s.event_count == 1 { "day" } else { "days" };
            view! {
                <section class="headline" aria-live="polite">
                    <p class="latest">{latest.unwrap_or_else(|| format!("No day {range} had {condition}."))}</p>
                    <p class="count">
                        <span class="big" data-testid="event-count">{s.event_count}</span>
                        {format!(" {days} {range} when {condition}")}
                        {(s.cooloff > 0).then(|| format!(", counting at most one per {} trading days", s.cooloff + 1))}
                        "."
                        {s.summary.last().filter(|r| r.count > 0).map(|r| format!(
                            " Their {} windows form {} distinct episode{}.",
                            s.horizon_unit.label(r.horizon),
                            r.distinct_count,
                            if r.distinct_count == 1 { "" } else { "s" }
                        ))}
                    </p>
                </section>
            }
        })
    }
}
