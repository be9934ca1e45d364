//! The headline event (the latest, or the one picked on the chart) and how rare it was.

use equalizer_engine::study::{DayRank, Event};
use equalizer_engine::{Direction, Study, ThresholdUnit};
use leptos::prelude::*;

use crate::format::{count, pct, pct_abs};
use crate::shared::Shared;

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{}{suffix}", count(n))
}

/// "only 2000-11-08 and 2000-12-19 were larger", or the count when there are many; `larger`
/// is the direction's word ("larger", "more negative", "larger either way").
fn larger_words(dates: &[equalizer_engine::Date], larger: &str) -> String {
    let dates: Vec<String> = dates.iter().map(ToString::to_string).collect();
    match dates.as_slice() {
        [] => format!("no day was {larger}"),
        [one] => format!("only {one} was {larger}"),
        [a, b] => format!("only {a} and {b} were {larger}"),
        [a, b, c] => format!("only {a}, {b} and {c} were {larger}"),
        more => format!("{} days were {larger}", count(more.len())),
    }
}

/// "The latest event: on 2024-07-11 IWM returned +3.59 % and QQQ −2.19 %, a spread of 5.79 %.
/// It ranks 3rd of 6,597 days: only 2000-11-08 and 2000-12-19 were larger." The rank is in
/// the rule's direction and unit, over the pair's whole history (`data-testid="event-rank"`
/// with `data-rank` and `data-larger`).
#[component]
pub fn Headline(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
    /// The headline event, and whether the reader picked it on the chart.
    event: Memo<Option<(Event, Picked)>>,
    /// Its rank among all days.
    rank: Memo<Option<DayRank>>,
) -> impl IntoView {
    move || {
        let s = study.get()?;
        let (e, picked) = event.get()?;
        let which = match picked {
            Picked::Latest => "The latest event",
            Picked::OnChart => "The event you picked",
        };
        let spread = if e.spread >= 0.0 {
            pct_abs(e.spread, 2)
        } else {
            pct(e.spread, 2)
        };
        let z = match (s.threshold_unit, e.z) {
            (ThresholdUnit::Z, Some(z)) => format!(" ({z:.1} σ)"),
            _ => String::new(),
        };
        let rank = rank.get().map(|r| {
            let larger: Vec<String> = r.larger.iter().map(ToString::to_string).collect();
            view! {
                <span data-testid="event-rank" data-rank=r.rank data-larger=larger.join(",")
                    data-percentile=r.percentile.to_string()>
                    {format!(
                        " It ranks {} of {} days in the pair's history: {}.",
                        ordinal(r.rank),
                        count(r.of),
                        larger_words(&r.larger, match s.direction {
                            Direction::Up => "larger",
                            Direction::Down => "more negative",
                            Direction::Abs => "larger either way",
                        })
                    )}
                </span>
            }
        });
        Some(view! {
            <section class="headline">
                <p class="latest">
                    {format!(
                        "{which}: on {} {} returned {} and {} {}, a spread of {spread}{z}.",
                        e.date,
                        s.long,
                        pct(e.long_return, 2),
                        s.short,
                        pct(e.short_return, 2)
                    )}
                    {rank}
                </p>
            </section>
        })
    }
}

/// Where the headline event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// The latest event of the study.
    Latest,
    /// The marker the reader clicked.
    OnChart,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_larger_days_read_as_people_say_them() {
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map(ordinal),
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st"
            ]
        );
        let d = |s: &str| s.parse::<equalizer_engine::Date>().unwrap();
        assert_eq!(larger_words(&[], "larger"), "no day was larger");
        assert_eq!(
            larger_words(&[d("2000-11-08"), d("2000-12-19")], "larger"),
            "only 2000-11-08 and 2000-12-19 were larger"
        );
        assert_eq!(
            larger_words(&[d("2000-11-08"); 5], "more negative"),
            "5 days were more negative"
        );
        assert_eq!(ordinal(2201), "2,201st");
    }
}
