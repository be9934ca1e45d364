//! Every significance figure the page and the CLI show, and what `make calibrate` measured of
//! it: the share of synthetic pairs with no predictability at all on which the figure calls the
//! edge significant (its false-positive rate), with a binomial interval.
//!
//! One owner: [`Figure`] names each figure, its JSON key and what it assumes; [`Calibration`]
//! is the report's machine-readable part (`docs/calibration.json`), which the page reads at
//! build time to decide which figures may speak ([`Calibration::speaks`]).

use serde::{Deserialize, Serialize};

use crate::stats::placebo::two_sided;
use crate::study::result::HorizonSummary;
use crate::study::summary::MIN_EPISODES;

/// A significance figure of the study, the sweep or the cross-section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// The pair edge's t over the event days as if they were independent.
    NaiveT,
    /// The pair edge's t with Newey–West standard errors over overlapping windows.
    NeweyWestT,
    /// The pair edge's t on one value per distinct episode, two-sided p from Student's t.
    DistinctT,
    /// The random-date placebo's one-sided p (independent random days).
    RandomDatePlacebo,
    /// The circular-shift placebo's one-sided p (the events' whole pattern moved).
    ShiftPlacebo,
    /// The cluster-bootstrap 95 % interval of the pair edge (significant: it excludes 0).
    BootstrapInterval,
    /// The threshold sweep's family-wise adjusted p (any cell below the level).
    SweepAdjusted,
    /// The threshold sweep's Benjamini–Hochberg q (any cell below the level).
    SweepBhQ,
    /// The cross-section's family-wise adjusted p (any ticker below the level).
    CrossAdjusted,
    /// The cross-section's Benjamini–Hochberg q (any ticker below the level).
    CrossBhQ,
}

impl Figure {
    /// Every figure, in the report's order.
    pub const ALL: [Figure; 10] = [
        Figure::NaiveT,
        Figure::NeweyWestT,
        Figure::DistinctT,
        Figure::RandomDatePlacebo,
        Figure::ShiftPlacebo,
        Figure::BootstrapInterval,
        Figure::SweepAdjusted,
        Figure::SweepBhQ,
        Figure::CrossAdjusted,
        Figure::CrossBhQ,
    ];

    /// The JSON key of the figure (of the pair, where a figure has one per leg).
    pub fn key(self) -> &'static str {
        match self {
            Figure::NaiveT => "pair_edge_t_naive",
            Figure::NeweyWestT => "pair_edge_t_overlap",
            Figure::DistinctT => "distinct_p_pair",
            Figure::RandomDatePlacebo => "placebo_p_pair",
            Figure::ShiftPlacebo => "placebo_shift_p_pair",
            Figure::BootstrapInterval => "pair_edge_ci",
            Figure::SweepAdjusted => "sweep.adjusted_p",
            Figure::SweepBhQ => "sweep.bh_q",
            Figure::CrossAdjusted => "cross.adjusted_p",
            Figure::CrossBhQ => "cross.bh_q",
        }
    }

    /// The figure in words.
    pub fn name(self) -> &'static str {
        match self {
            Figure::NaiveT => "naive t of the edge",
            Figure::NeweyWestT => "Newey–West t of the edge",
            Figure::DistinctT => "t on distinct episodes",
            Figure::RandomDatePlacebo => "random-date placebo p",
            Figure::ShiftPlacebo => "circular-shift placebo p",
            Figure::BootstrapInterval => "cluster-bootstrap 95 % interval of the edge",
            Figure::SweepAdjusted => "sweep: adjusted p (any cell)",
            Figure::SweepBhQ => "sweep: BH q (any cell)",
            Figure::CrossAdjusted => "cross-section: adjusted p (any ticker)",
            Figure::CrossBhQ => "cross-section: BH q (any ticker)",
        }
    }

    /// What the figure assumes that clustered events break, if anything: the page says it
    /// beside a figure that is not calibrated.
    pub fn assumes(self) -> &'static str {
        match self {
            Figure::NaiveT | Figure::RandomDatePlacebo => {
                "assumes independent days — too optimistic when events cluster"
            }
            _ => "fails the calibration",
        }
    }
}

/// Separate episodes needed before the evidence can be called strong.
pub const STRONG_EPISODES: usize = 5;
/// Every speaking evidence test below this (two-sided): strong.
pub const STRONG_P: f64 = 0.05;
/// One of them below this: weak.
pub const WEAK_P: f64 = 0.10;

/// How strong the evidence of a horizon is: the verdict's word.
///
/// The evidence tests are the two that respect clustering: the circular-shift placebo (its
/// one-sided p doubled, [`two_sided`]) and the t on one value per episode, which counts only
/// when it points the same way as the edge (its values are each episode's first event, whose
/// mean can fall on the other side of the baseline than the mean of all events; the verdict's
/// words follow the edge). Of those, only the ones the calibration lets speak take part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// At least [`STRONG_EPISODES`] episodes and every speaking test below [`STRONG_P`] (at
    /// least one).
    Strong,
    /// One speaking test below [`WEAK_P`].
    Weak,
    /// Otherwise, or when no evidence test speaks.
    None,
    /// Fewer than [`MIN_EPISODES`] episodes.
    TooFew,
}

impl Evidence {
    /// The words a reader sees.
    pub fn words(self) -> &'static str {
        match self {
            Evidence::Strong => "strong",
            Evidence::Weak => "weak",
            Evidence::None => "none",
            Evidence::TooFew => "too few separate episodes to tell",
        }
    }

    /// Whether a speaking evidence test points against the edge at [`WEAK_P`] (only the episode
    /// t can: the shift placebo compares the edge itself). [`Evidence::judged`] leaves such a
    /// test out; the verdict then says the evidence is mixed rather than within chance.
    pub fn contrary(r: &HorizonSummary, speaks: impl Fn(Figure) -> bool) -> bool {
        let against = r
            .distinct_t_pair
            .zip(r.pair.edge)
            .is_some_and(|(t, e)| (t >= 0.0) != (e >= 0.0));
        !r.too_few_episodes
            && speaks(Figure::DistinctT)
            && against
            && r.distinct_p_pair.is_some_and(|p| p < WEAK_P)
    }

    /// The evidence of one horizon when `speaks` says which figures passed the calibration.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::study::significance::{Evidence, Figure};
    /// use equalizer_engine::{AlignedPair, Date, Direction, EventRule, PreparedPair, Series};
    /// use equalizer_engine::StudyOptions;
    ///
    /// // Two made-up walks of 600 days, and a study of days when they part by 1 % or more.
    /// let dates: Vec<Date> = (0..600).map(|k| Date::from_days(11_000 + k)).collect();
    /// let walk = |a: i64| -> Vec<f64> {
    ///     let mut x = 100.0;
    ///     (0..600).map(|k| { x *= 1.0 + (((k * a) % 17) as f64 - 8.0) / 400.0; x }).collect()
    /// };
    /// let pair = AlignedPair::new(
    ///     &Series::new("A", dates.clone(), walk(7))?,
    ///     &Series::new("B", dates, walk(11))?,
    /// )?;
    /// let rule = EventRule::new(1.0, Direction::Abs, 0, None, None)?;
    /// let study = PreparedPair::new(pair).study(&rule, &StudyOptions::with_horizons(&[21]))?;
    /// let mut r = study.summary[0].clone();
    /// (r.too_few_episodes, r.distinct_count) = (false, 12);
    /// (r.pair.edge, r.distinct_t_pair, r.distinct_p_pair) = (Some(0.02), Some(3.1), Some(0.01));
    /// r.pair.placebo_p = Some(0.0001); // the random-date placebo never speaks here
    /// assert_eq!(Evidence::judged(&r, |f| f == Figure::DistinctT), Evidence::Strong);
    /// assert_eq!(Evidence::judged(&r, |_| false), Evidence::None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn judged(r: &HorizonSummary, speaks: impl Fn(Figure) -> bool) -> Evidence {
        if r.too_few_episodes || r.distinct_count < MIN_EPISODES {
            return Evidence::TooFew;
        }
        // Two-sided p of each evidence test that may speak, counted only where the test points
        // the same way as the edge the words describe (the shift placebo compares the edge
        // itself).
        let edge_up = r.pair.edge.map(|e| e >= 0.0);
        let episode_up = r.distinct_t_pair.map(|t| t >= 0.0);
        let tests: Vec<Option<f64>> = [
            (Figure::ShiftPlacebo, r.pair.placebo_shift_p.map(two_sided)),
            (
                Figure::DistinctT,
                r.distinct_p_pair
                    .filter(|_| episode_up.is_some() && episode_up == edge_up),
            ),
        ]
        .into_iter()
        .filter(|(f, _)| speaks(*f))
        .map(|(_, p)| p)
        .collect();
        let below = |p: &Option<f64>, level: f64| p.is_some_and(|p| p < level);
        if r.distinct_count >= STRONG_EPISODES
            && !tests.is_empty()
            && tests.iter().all(|p| below(p, STRONG_P))
        {
            Evidence::Strong
        } else if tests.iter().any(|p| below(p, WEAK_P)) {
            Evidence::Weak
        } else {
            Evidence::None
        }
    }
}

/// A figure may speak when the upper end of the 95 % interval of its false-positive rate at a
/// nominal 5 % stays at or below this.
pub const MAX_FALSE_POSITIVE_UPPER: f64 = 0.075;

/// A measured rate: `hits` of `trials`, with its binomial 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Trials where the event happened.
    pub hits: usize,
    /// Trials.
    pub trials: usize,
    /// hits / trials.
    pub rate: f64,
    /// Lower end of the Wilson 95 % interval.
    pub low: f64,
    /// Upper end of the Wilson 95 % interval.
    pub high: f64,
}

impl Rate {
    /// `hits` of `trials` (≥ 1) with its Wilson score interval
    /// ([`crate::stats::binomial::wilson`]).
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::study::significance::Rate;
    ///
    /// let r = Rate::wilson(20, 400);
    /// assert_eq!(r.rate, 0.05);
    /// assert!((r.low - 0.0326).abs() < 1e-4 && (r.high - 0.0760).abs() < 1e-4);
    /// ```
    pub fn wilson(hits: usize, trials: usize) -> Rate {
        let (low, high) = crate::stats::binomial::wilson(hits, trials);
        Rate {
            hits,
            trials,
            rate: hits as f64 / trials.max(1) as f64,
            low,
            high,
        }
    }
}

/// What the calibration measured of one figure: its false-positive rate at a nominal 5 % in
/// the worst of the null settings, and whether it may speak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureCalibration {
    /// The figure.
    pub figure: Figure,
    /// Its false-positive rate at 5 % in the setting where it is highest.
    pub worst_at_5: Rate,
    /// That setting, in words.
    pub worst_setting: String,
    /// Whether `worst_at_5.high` ≤ [`MAX_FALSE_POSITIVE_UPPER`] with at least
    /// [`MIN_CALIBRATION_PAIRS`] pairs.
    pub calibrated: bool,
}

/// Pairs per null setting below which no figure counts as calibrated.
pub const MIN_CALIBRATION_PAIRS: usize = 400;

/// The machine-readable part of the calibration report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// When the report was made (YYYY-MM-DD).
    pub date: String,
    /// Synthetic pairs per setting.
    pub pairs: usize,
    /// One entry per figure.
    pub figures: Vec<FigureCalibration>,
}

impl Calibration {
    /// What was measured of `figure`, if anything.
    pub fn of(&self, figure: Figure) -> Option<&FigureCalibration> {
        self.figures.iter().find(|f| f.figure == figure)
    }

    /// Whether `figure` may drive verdict words, colours and stars: measured, and calibrated.
    pub fn speaks(&self, figure: Figure) -> bool {
        self.of(figure).is_some_and(|f| f.calibrated)
    }
}

impl FigureCalibration {
    /// The calibration of `figure` from the worst setting's rate: calibrated when the rate's
    /// upper end is within [`MAX_FALSE_POSITIVE_UPPER`] over enough pairs.
    pub fn new(figure: Figure, worst_at_5: Rate, worst_setting: String) -> FigureCalibration {
        FigureCalibration {
            figure,
            calibrated: worst_at_5.trials >= MIN_CALIBRATION_PAIRS
                && worst_at_5.high <= MAX_FALSE_POSITIVE_UPPER,
            worst_at_5,
            worst_setting,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::parity_summary;

    /// A real horizon summary to vary: the synthetic parity study's longest horizon.
    fn summary() -> HorizonSummary {
        parity_summary().unwrap()
    }

    /// Only calibrated tests speak: a random-date placebo at p < 0.001 (and a naive t of 9)
    /// never make the evidence strong, whatever the report says of them.
    #[test]
    fn only_calibrated_tests_speak() {
        let mut r = summary();
        r.too_few_episodes = false;
        r.distinct_count = 12;
        r.pair.placebo_p = Some(0.0001);
        r.pair_edge_t_naive = Some(9.0);
        r.pair.placebo_shift_p = Some(0.2);
        r.distinct_p_pair = Some(0.6);
        r.pair.edge = Some(0.02);
        r.distinct_t_pair = Some(0.5);
        let every = |_: Figure| true;
        assert_eq!(Evidence::judged(&r, every), Evidence::None);
        // The shift placebo's one-sided p is doubled: 0.04 one-sided is 0.08 two-sided.
        r.pair.placebo_shift_p = Some(0.04);
        assert_eq!(Evidence::judged(&r, every), Evidence::Weak);
        r.pair.placebo_shift_p = Some(0.01);
        r.distinct_p_pair = Some(0.02);
        assert_eq!(Evidence::judged(&r, every), Evidence::Strong);
        // A test the calibration did not pass is silent: strong rests on the other alone, and
        // with neither there is no evidence at all.
        let no_shift = |f: Figure| f != Figure::ShiftPlacebo;
        r.distinct_p_pair = Some(0.3);
        assert_eq!(Evidence::judged(&r, every), Evidence::Weak);
        assert_eq!(Evidence::judged(&r, no_shift), Evidence::None);
        assert_eq!(Evidence::judged(&r, |_| false), Evidence::None);
        r.distinct_p_pair = Some(0.02);
        assert_eq!(Evidence::judged(&r, no_shift), Evidence::Strong);
        // Strong needs enough episodes; too few says so whatever the p-values.
        r.distinct_count = STRONG_EPISODES - 1;
        assert_eq!(Evidence::judged(&r, every), Evidence::Weak);
        r.too_few_episodes = true;
        assert_eq!(Evidence::judged(&r, every), Evidence::TooFew);
    }

    /// The episode t counts only when it points the way of the edge the words describe: an
    /// edge above a random day with the first events of each episode significantly below it is
    /// no evidence that the pair did better.
    #[test]
    fn a_test_pointing_against_the_edge_is_no_evidence_for_it() {
        let mut r = summary();
        r.too_few_episodes = false;
        r.distinct_count = 12;
        r.pair.placebo_shift_p = Some(0.4);
        r.pair.edge = Some(0.0119);
        r.distinct_t_pair = Some(-3.59);
        r.distinct_p_pair = Some(0.002);
        let only_episodes = |f: Figure| f == Figure::DistinctT;
        assert_eq!(Evidence::judged(&r, only_episodes), Evidence::None);
        assert!(Evidence::contrary(&r, only_episodes));
        assert!(
            !Evidence::contrary(&r, |_| false),
            "a silent test contradicts nothing"
        );
        r.pair.edge = Some(-0.0119);
        assert_eq!(Evidence::judged(&r, only_episodes), Evidence::Strong);
        assert!(!Evidence::contrary(&r, only_episodes));
        r.distinct_t_pair = None;
        assert_eq!(Evidence::judged(&r, only_episodes), Evidence::None);
    }

    #[test]
    fn only_a_figure_measured_within_the_bound_over_enough_pairs_speaks() {
        let worst = |k, n| Rate::wilson(k, n);
        let c = Calibration {
            date: "2026-11-30".into(),
            pairs: 1000,
            figures: vec![
                FigureCalibration::new(Figure::ShiftPlacebo, worst(52, 1000), "z".into()),
                FigureCalibration::new(Figure::RandomDatePlacebo, worst(93, 400), "z".into()),
                FigureCalibration::new(Figure::DistinctT, worst(1, 40), "z".into()),
            ],
        };
        assert!(c.speaks(Figure::ShiftPlacebo));
        assert!(!c.speaks(Figure::RandomDatePlacebo));
        // 1 of 40 is a low rate, but 40 pairs are too few to call it calibrated.
        assert!(!c.speaks(Figure::DistinctT));
        assert!(!c.speaks(Figure::NaiveT));
        // Exactly 5 % of 400 pairs: the interval's upper end (7.6 %) passes 7.5 %, so a test at
        // its nominal rate needs more pairs than 400 to be shown calibrated.
        assert!(!FigureCalibration::new(Figure::NaiveT, worst(20, 400), String::new()).calibrated);
        assert!(FigureCalibration::new(Figure::NaiveT, worst(50, 1000), String::new()).calibrated);
    }
}
