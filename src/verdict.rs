//! The verdict: what the study says, in plain words, from rules stated here and in the README.
//!
//! For each horizon a reader cares about (3 and 12 months: 63 and 252 trading days, or 3 and 12
//! calendar months; else the view's last two), the pair's (long − short) mean after the events
//! beside its mean after every day, and how strong the evidence is:
//!
//! - **too few separate episodes to tell**: fewer than [`MIN_EPISODES`] separate episodes
//!   (events whose windows overlap count once);
//! - **strong**: at least [`STRONG_EPISODES`] episodes, and every evidence test that passed the
//!   calibration agrees at 5 % (two-sided);
//! - **weak**: one of them below 10 %;
//! - **none**: otherwise, or when no evidence test passed the calibration.
//!
//! The rule is the engine's ([`Evidence::judged`], where the evidence tests and their
//! directions are spelled out); the page supplies which figures speak, from the calibration
//! report ([`crate::calibration::speaks`]). The random-date placebo and the naive t never
//! speak: they treat overlapping windows as independent, and the calibration measures how often
//! that cries wolf.

use equalizer_engine::study::HorizonSummary;
use equalizer_engine::{Date, Direction, EventRule, HorizonUnit, PreparedPair, Study};

use crate::format::threshold_label;

/// Fewer separate episodes than this: too few to tell (the engine's n/a rule).
pub use equalizer_engine::study::MIN_EPISODES;
pub use equalizer_engine::study::significance::{Evidence, STRONG_EPISODES, STRONG_P, WEAK_P};

/// The evidence of one horizon, by the engine's rule ([`Evidence::judged`]) with the figures
/// the calibration report lets speak ([`crate::calibration::speaks`]).
pub fn evidence_of(r: &HorizonSummary) -> Evidence {
    Evidence::judged(r, crate::calibration::speaks)
}

/// The CSS class of an evidence word.
pub fn evidence_class(e: Evidence) -> &'static str {
    match e {
        Evidence::Strong => "strong",
        Evidence::Weak => "weak",
        Evidence::None => "none",
        Evidence::TooFew => "too-few",
    }
}

/// One horizon of the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonVerdict {
    /// The horizon in the study's unit.
    pub horizon: usize,
    /// "3 months", "12 months", "21 days".
    pub label: String,
    /// The pair's mean after the events, after every day, and their difference.
    pub pair_mean: Option<f64>,
    /// The pair's mean after every day in the range.
    pub baseline: Option<f64>,
    /// How strong the evidence is.
    pub evidence: Evidence,
    /// Events with a complete window, and separate episodes among them.
    pub count: usize,
    /// Separate episodes.
    pub episodes: usize,
    /// Whether a speaking test points against the edge ([`Evidence::contrary`]).
    pub contrary: bool,
}

/// The verdict of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The event days.
    pub count: usize,
    /// " days (5 separate episodes) from 2000-05-26 to 2026-08-21 when IWM beat QQQ by 4 % or
    /// more": what follows the count.
    pub after_count: String,
    /// The horizons a reader cares about.
    pub horizons: Vec<HorizonVerdict>,
}

/// What one horizon of the verdict says, for [`conclusion`]: its evidence word, with "none"
/// split by whether a speaking test points against the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Says {
    Strong,
    Weak,
    Mixed,
    Chance,
    TooFew,
}

impl Says {
    /// In the order [`conclusion`] speaks of them: strongest first.
    const ALL: [Says; 5] = [
        Says::Strong,
        Says::Weak,
        Says::Mixed,
        Says::Chance,
        Says::TooFew,
    ];

    fn of(h: &HorizonVerdict) -> Says {
        match h.evidence {
            Evidence::Strong => Says::Strong,
            Evidence::Weak => Says::Weak,
            Evidence::None if h.contrary => Says::Mixed,
            Evidence::None => Says::Chance,
            Evidence::TooFew => Says::TooFew,
        }
    }
}

/// "3 months", "3 and 12 months", "21 days and 3 months".
fn horizons_words(hs: &[&HorizonVerdict]) -> String {
    let labels: Vec<&str> = hs.iter().map(|h| h.label.as_str()).collect();
    match labels.as_slice() {
        [a, b] if a.ends_with(" months") && b.ends_with(" months") => {
            format!("{} and {b}", a.trim_end_matches(" months"))
        }
        _ => labels.join(" and "),
    }
}

/// "In short": one sentence that summarises every horizon of the verdict by one rule. The
/// horizons are grouped by what their evidence word says (strong, weak, mixed, within chance,
/// too few; strongest first) and, for strong and weak, by the direction of the edge; each
/// group names its horizons, so the sentence can never speak for a row it does not name.
pub fn conclusion(study: &Study, v: &Verdict) -> String {
    let pair = format!("{} − {}", study.long, study.short);
    let direction = |h: &HorizonVerdict| match (h.pair_mean, h.baseline) {
        (Some(m), Some(b)) if m >= b => "better",
        _ => "worse",
    };
    let mut parts = Vec::new();
    for says in Says::ALL {
        let group: Vec<&HorizonVerdict> =
            v.horizons.iter().filter(|h| Says::of(h) == says).collect();
        if group.is_empty() {
            continue;
        }
        match says {
            Says::Strong | Says::Weak => {
                for way in ["better", "worse"] {
                    let hs: Vec<&HorizonVerdict> =
                        group.iter().copied().filter(|h| direction(h) == way).collect();
                    if hs.is_empty() {
                        continue;
                    }
                    let at = horizons_words(&hs);
                    parts.push(if says == Says::Strong {
                        format!("strong evidence that over {at} after such days {pair} did {way} than after a random day")
                    } else {
                        let episodes: Vec<String> = hs.iter().map(|h| h.episodes.to_string()).collect();
                        format!(
                            "over {at} {pair} did {way} than after a random day, but the evidence is weak: with {} \
                             separate episodes this could well be chance",
                            episodes.join(" and ")
                        )
                    });
                }
            }
            Says::Mixed => parts.push(format!(
                "mixed over {}, no conclusion: {pair}'s average after such days differs from a random day's one way, \
                 while one value per separate episode points the other way",
                horizons_words(&group)
            )),
            Says::Chance => parts.push(format!(
                "no evidence over {}: the difference from a random day is within what chance gives",
                horizons_words(&group)
            )),
            Says::TooFew => parts.push(format!(
                "too few separate episodes to tell over {}",
                horizons_words(&group)
            )),
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("In short: {}.", parts.join("; "))
}

/// The horizons a reader cares about: 3 and 12 months, else the view's last two.
fn cared_about(study: &Study) -> Vec<&HorizonSummary> {
    let wanted: [usize; 2] = match study.horizon_unit {
        HorizonUnit::Days => [63, 252],
        HorizonUnit::Months => [3, 12],
    };
    let found: Vec<&HorizonSummary> = study
        .summary
        .iter()
        .filter(|r| wanted.contains(&r.horizon))
        .collect();
    if found.len() == wanted.len() {
        found
    } else {
        let n = study.summary.len();
        study.summary[n.saturating_sub(2)..].iter().collect()
    }
}

/// A horizon for people: 63 trading days → "3 months", 252 → "12 months", 21 → "1 month".
fn horizon_words(unit: HorizonUnit, h: usize) -> String {
    let months = match unit {
        HorizonUnit::Months => Some(h),
        HorizonUnit::Days => h.is_multiple_of(21).then_some(h / 21),
    };
    match months {
        Some(1) => "1 month".to_owned(),
        Some(m) => format!("{m} months"),
        None => format!("{h} trading days"),
    }
}

/// The dates events could fall on: the rule's range within the pair's data.
pub fn event_range(study: &Study) -> (equalizer_engine::Date, equalizer_engine::Date) {
    let (first, last) = (study.first_common_date, study.last_common_date);
    (
        study.from.map_or(first, |f| f.max(first)),
        study.to.map_or(last, |t| t.min(last)),
    )
}

/// What made a day an event, in words: "IWM beat QQQ by 4 % or more".
pub fn condition(study: &Study) -> String {
    let t = threshold_label(study.threshold, study.threshold_unit);
    match study.direction {
        Direction::Up => format!("{} beat {} by {t} or more", study.long, study.short),
        Direction::Down => format!("{} beat {} by {t} or more", study.short, study.long),
        Direction::Abs => format!("{} and {} differed by {t} or more", study.long, study.short),
    }
}

/// The verdict of `study`.
pub fn verdict(study: &Study) -> Verdict {
    // Episodes of all the events (open windows included), as the events table numbers them.
    let episodes = study
        .events
        .iter()
        .filter_map(|e| e.episode)
        .max()
        .unwrap_or(0);
    let days = if study.event_count == 1 {
        "day"
    } else {
        "days"
    };
    // Episodes chain days whose windows at the longest horizon overlap: say which.
    let longest = study.summary.last().map_or_else(String::new, |r| {
        horizon_words(study.horizon_unit, r.horizon)
    });
    let separate = match episodes {
        1 => format!("1 separate episode: the {longest} after them all overlap"),
        n => format!("{n} separate episodes, counting days whose next {longest} overlap as one"),
    };
    let (first, last) = event_range(study);
    let cooloff = match study.cooloff {
        0 => String::new(),
        n => format!(" (the {n} trading days after each event not counted)"),
    };
    let after_count = format!(
        " {days} ({separate}) from {first} to {last} when {}{cooloff}.",
        condition(study)
    );
    let horizons = cared_about(study)
        .into_iter()
        .map(|r| HorizonVerdict {
            horizon: r.horizon,
            label: horizon_words(study.horizon_unit, r.horizon),
            pair_mean: r.pair.mean,
            baseline: r.pair.baseline_mean,
            evidence: evidence_of(r),
            count: r.count,
            episodes: r.distinct_count,
            contrary: Evidence::contrary(r, crate::calibration::speaks),
        })
        .collect();
    Verdict {
        count: study.event_count,
        after_count,
        horizons,
    }
}

/// The most extreme day in the rule's range, direction and unit (for a view with no event):
/// its date and value (a fraction, or σ).
pub fn most_extreme(p: &PreparedPair, rule: &EventRule) -> Option<(Date, f64)> {
    let signal = p.signal(rule.unit());
    let dates = p.pair().dates();
    // How far past the threshold's side a value is: larger is more extreme.
    let extremity = |x: f64| match rule.direction() {
        Direction::Up => x,
        Direction::Down => -x,
        Direction::Abs => x.abs(),
    };
    rule.eligible(dates)
        .filter(|&i| signal[i].is_finite())
        .max_by(|&a, &b| extremity(signal[a]).total_cmp(&extremity(signal[b])))
        .map(|i| (dates[i], signal[i]))
}

/// "The largest was 3.9 % on 2021-01-06.": what a view with no event says instead.
pub fn largest_words(study: &Study, largest: Option<(Date, f64)>) -> String {
    match largest {
        Some((d, x)) => {
            let shown = match study.threshold_unit {
                equalizer_engine::ThresholdUnit::Pct => crate::format::pct(x, 2),
                equalizer_engine::ThresholdUnit::Z => format!("{x:.2} σ"),
            };
            format!("The most extreme day in the range was {d}, at {shown}.")
        }
        None => "The range holds no day with a spread.".to_owned(),
    }
}

/// A return as a person says it: "+4.4 %", "−1.5 %".
pub fn said(x: f64) -> String {
    crate::format::pct(x, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use equalizer_engine::testkit::{parity_settings, parity_summary, synthetic_pair};

    /// A real horizon summary to vary: the synthetic parity study's longest horizon.
    fn summary() -> HorizonSummary {
        parity_summary().unwrap()
    }

    /// With the bundled report, a random-date placebo at p < 0.001 and a naive t of 9 say
    /// nothing when the tests that may speak do not.
    #[test]
    fn the_bundled_report_keeps_the_random_date_placebo_silent() {
        let mut r = summary();
        r.too_few_episodes = false;
        r.distinct_count = 12;
        r.pair.placebo_p = Some(0.0001);
        r.pair_edge_t_naive = Some(9.0);
        r.pair.placebo_shift_p = Some(0.2);
        r.distinct_p_pair = Some(0.6);
        r.pair.edge = Some(0.02);
        r.distinct_t_pair = Some(0.5);
        assert_eq!(evidence_of(&r), Evidence::None);
    }

    /// "Within what chance gives" is never said when a speaking test points against the edge.
    #[test]
    fn a_contrary_test_makes_the_conclusion_mixed_not_chance() {
        let (rule, opts) = parity_settings().unwrap();
        let study = PreparedPair::new(synthetic_pair(3000).unwrap())
            .study(&rule, &opts)
            .unwrap();
        let horizon = |h: usize, contrary: bool| HorizonVerdict {
            horizon: h,
            label: format!("{} months", h / 21),
            pair_mean: Some(0.02),
            baseline: Some(0.0),
            evidence: Evidence::None,
            count: 20,
            episodes: 10,
            contrary,
        };
        let mut v = Verdict {
            count: 20,
            after_count: String::new(),
            horizons: vec![horizon(63, false), horizon(252, false)],
        };
        assert_eq!(
            conclusion(&study, &v),
            "In short: no evidence over 3 and 12 months: the difference from a random day is within what chance gives."
        );
        v.horizons[0].contrary = true;
        v.horizons[1].contrary = true;
        let words = conclusion(&study, &v);
        assert!(words.starts_with("In short: mixed over"), "{words}");
        assert!(!words.contains("chance"), "{words}");
    }

    /// "In short" speaks for every horizon of the verdict, each with its own word, over every
    /// combination of the two horizons' words (and edge directions): no horizon is left out,
    /// none is named twice, and each is named in the clause of its own word.
    #[test]
    fn in_short_names_every_horizon_with_its_own_word() {
        let (rule, opts) = parity_settings().unwrap();
        let study = PreparedPair::new(synthetic_pair(3000).unwrap())
            .study(&rule, &opts)
            .unwrap();
        let cases = [
            (Evidence::Strong, false),
            (Evidence::Weak, false),
            (Evidence::None, true),
            (Evidence::None, false),
            (Evidence::TooFew, false),
        ];
        let clause_of = |e: Evidence, contrary: bool| match (e, contrary) {
            (Evidence::Strong, _) => "strong evidence",
            (Evidence::Weak, _) => "evidence is weak",
            (Evidence::None, true) => "mixed over",
            (Evidence::None, false) => "no evidence over",
            (Evidence::TooFew, _) => "too few separate episodes",
        };
        for (a, ca) in cases {
            for (b, cb) in cases {
                for (ma, mb) in [(0.02, 0.02), (0.02, -0.02)] {
                    let h =
                        |horizon: usize, label: &str, e: Evidence, contrary: bool, mean: f64| {
                            HorizonVerdict {
                                horizon,
                                label: label.into(),
                                pair_mean: Some(mean),
                                baseline: Some(0.0),
                                evidence: e,
                                count: 20,
                                episodes: 10,
                                contrary,
                            }
                        };
                    let v = Verdict {
                        count: 20,
                        after_count: String::new(),
                        horizons: vec![
                            h(63, "3 months", a, ca, ma),
                            h(252, "12 months", b, cb, mb),
                        ],
                    };
                    let words = conclusion(&study, &v);
                    let clauses: Vec<&str> = words
                        .trim_start_matches("In short: ")
                        .trim_end_matches('.')
                        .split("; ")
                        .collect();
                    for (label, e, c, alone) in
                        [("3", a, ca, "3 months"), ("12", b, cb, "12 months")]
                    {
                        let mine: Vec<&&str> = clauses
                            .iter()
                            .filter(|k| {
                                k.contains(alone)
                                    || k.contains(&format!("{label} and "))
                                    || k.contains(&format!("and {label} months"))
                            })
                            .collect();
                        assert_eq!(mine.len(), 1, "{label} months once in: {words}");
                        assert!(
                            mine[0].contains(clause_of(e, c)),
                            "{label} months with {e:?}: {words}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_most_extreme_day_follows_the_direction() {
        let p = PreparedPair::new(synthetic_pair(600).unwrap());
        let dates = p.pair().dates();
        for dir in [Direction::Up, Direction::Down, Direction::Abs] {
            // The largest threshold: no day of the synthetic pair is an event.
            let rule = EventRule::new(equalizer_engine::bounds::MAX_THRESHOLD, dir, 0, None, None)
                .unwrap();
            let (d, x) = most_extreme(&p, &rule).unwrap();
            let i = dates.iter().position(|x| *x == d).unwrap();
            assert_eq!(p.spread()[i], x);
            for &y in &p.spread()[1..] {
                match dir {
                    Direction::Up => assert!(y <= x),
                    Direction::Down => assert!(y >= x),
                    Direction::Abs => assert!(y.abs() <= x.abs()),
                }
            }
        }
    }

    #[test]
    fn horizons_in_words() {
        assert_eq!(horizon_words(HorizonUnit::Days, 63), "3 months");
        assert_eq!(horizon_words(HorizonUnit::Days, 252), "12 months");
        assert_eq!(horizon_words(HorizonUnit::Days, 21), "1 month");
        assert_eq!(horizon_words(HorizonUnit::Days, 5), "5 trading days");
        assert_eq!(horizon_words(HorizonUnit::Months, 3), "3 months");
    }
}
