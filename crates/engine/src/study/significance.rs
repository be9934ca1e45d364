//! Every significance figure the page and the CLI show, and what `make calibrate` measured of
//! it: the share of synthetic pairs with no predictability at all on which the figure calls the
//! edge significant (its false-positive rate), with a binomial interval.
//!
//! One owner: [`Figure`] names each figure, its JSON key and what it assumes; [`Calibration`]
//! is the report's machine-readable part (`docs/calibration.json`), which the page reads at
//! build time to decide which figures may speak ([`Calibration::speaks`]).

use serde::{Deserialize, Serialize};

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
    /// `hits` of `trials` (≥ 1) with its Wilson score interval.
    ///
    /// # Formula
    ///
    /// With p̂ = hits / n and z = 1.959964: centre = (p̂ + z²/2n) / (1 + z²/n),
    /// half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²); the interval is centre ± half,
    /// clamped to [0, 1].
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
        let n = trials.max(1) as f64;
        let p = hits as f64 / n;
        let z = 1.959_963_984_540_054_f64;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Rate {
            hits,
            trials,
            rate: p,
            low: (centre - half).max(0.0),
            high: (centre + half).min(1.0),
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

    /// The Wilson interval by its textbook form, term by term.
    #[test]
    fn wilson_matches_a_plain_recomputation_and_brackets_the_rate() {
        for (k, n) in [(0, 400), (20, 400), (93, 400), (400, 400), (3, 40)] {
            let r = Rate::wilson(k, n);
            let (p, n) = (k as f64 / n as f64, n as f64);
            let z: f64 = 1.959_963_984_540_054;
            let a = p + z * z / (2.0 * n);
            let b = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
            let d = 1.0 + z * z / n;
            assert!((r.low - ((a - b) / d).max(0.0)).abs() < 1e-12);
            assert!((r.high - ((a + b) / d).min(1.0)).abs() < 1e-12);
            assert!(r.low <= r.rate + 1e-12 && r.rate <= r.high + 1e-12);
        }
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
