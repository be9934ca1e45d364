//! One synthetic pair through the engine: the study, the sweep and the cross-section, and what
//! each significance figure decided at each level.
//!
//! # Decisions
//!
//! At level α, for each horizon (the sweep: once for the whole grid):
//!
//! | figure | rejects when |
//! | --- | --- |
//! | `NaiveT`, `NeweyWestT` | \|t\| > z₁₋α/₂ (1.959964 at 5 %, 2.575829 at 1 %) |
//! | `DistinctT` | the two-sided p < α |
//! | `RandomDatePlacebo`, `ShiftPlacebo` | the one-sided p < α / 2 (a two-sided level) |
//! | `BootstrapInterval` | the 95 % interval excludes 0 (at 5 % only: no 99 % interval is drawn) |
//! | `SweepAdjusted`, `SweepBhQ` | any cell of the grid (both horizons) has adjusted p / q < α |
//! | `CrossAdjusted`, `CrossBhQ` | any ticker at the horizon has adjusted p / q < α |
//!
//! A figure the engine leaves out (`None`: too few episodes) does not reject: it is
//! [`Verdict::Missing`], counted apart.

use equalizer_engine::bootstrap::Interval;
use equalizer_engine::placebo::two_sided;
use equalizer_engine::study::HorizonSummary;
use equalizer_engine::study::cross::CrossRow;
use equalizer_engine::study::significance::{Evidence, Figure};
use equalizer_engine::{
    AlignError, AlignedPair, Direction, EventRule, PreparedPair, RuleError, Series, SeriesError,
    StudyError, StudyOptions, ThresholdUnit,
};

use crate::generate::{Universe, quantile};

/// A nominal significance level of the calibration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// 5 %.
    Five,
    /// 1 %.
    One,
}

impl Level {
    /// Both levels, in the report's order.
    pub const ALL: [Level; 2] = [Level::Five, Level::One];

    /// α.
    pub fn alpha(self) -> f64 {
        match self {
            Level::Five => 0.05,
            Level::One => 0.01,
        }
    }

    /// The two-sided normal critical value z₁₋α/₂.
    pub fn z(self) -> f64 {
        match self {
            Level::Five => 1.959_963_984_540_054,
            Level::One => 2.575_829_303_548_901,
        }
    }

    /// "5 %" or "1 %".
    pub fn label(self) -> &'static str {
        match self {
            Level::Five => "5 %",
            Level::One => "1 %",
        }
    }
}

/// What one figure said of one pair at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The figure calls the edge significant.
    Rejects,
    /// The figure does not.
    Keeps,
    /// The engine left the figure out (too few episodes): counts as not rejecting.
    Missing,
    /// The figure has no decision at this level (the bootstrap's interval at 1 %).
    NotApplicable,
}

impl Verdict {
    fn of(rejects: bool) -> Verdict {
        if rejects {
            Verdict::Rejects
        } else {
            Verdict::Keeps
        }
    }
}

/// |t| above the level's two-sided critical value.
pub fn t_verdict(t: Option<f64>, level: Level) -> Verdict {
    t.map_or(Verdict::Missing, |t| Verdict::of(t.abs() > level.z()))
}

/// A two-sided p below α.
pub fn two_sided_verdict(p: Option<f64>, level: Level) -> Verdict {
    p.map_or(Verdict::Missing, |p| Verdict::of(p < level.alpha()))
}

/// A one-sided p below α / 2: the two-sided level on one tail.
pub fn one_sided_verdict(p: Option<f64>, level: Level) -> Verdict {
    p.map_or(Verdict::Missing, |p| {
        Verdict::of(two_sided(p) < level.alpha())
    })
}

/// A 95 % interval that excludes 0; not applicable at any other level than 5 %.
pub fn interval_verdict(ci: Option<Interval>, level: Level) -> Verdict {
    match level {
        Level::Five => ci.map_or(Verdict::Missing, |ci| Verdict::of(ci.0 > 0.0 || ci.1 < 0.0)),
        Level::One => Verdict::NotApplicable,
    }
}

/// Any of `ps` below α; [`Verdict::Missing`] when none is given.
pub fn any_below<I: IntoIterator<Item = Option<f64>>>(ps: I, level: Level) -> Verdict {
    let mut seen = false;
    for p in ps.into_iter().flatten() {
        if p < level.alpha() {
            return Verdict::Rejects;
        }
        seen = true;
    }
    if seen {
        Verdict::Keeps
    } else {
        Verdict::Missing
    }
}

/// The study's figures at one horizon, in [`Figure::ALL`]'s order (those of the study only).
pub fn study_verdicts(s: &HorizonSummary, level: Level) -> [(Figure, Verdict); 6] {
    [
        (Figure::NaiveT, t_verdict(s.pair_edge_t_naive, level)),
        (Figure::NeweyWestT, t_verdict(s.pair_edge_t_overlap, level)),
        (
            Figure::DistinctT,
            two_sided_verdict(s.distinct_p_pair, level),
        ),
        (
            Figure::RandomDatePlacebo,
            one_sided_verdict(s.pair.placebo_p, level),
        ),
        (
            Figure::ShiftPlacebo,
            one_sided_verdict(s.pair.placebo_shift_p, level),
        ),
        (
            Figure::BootstrapInterval,
            interval_verdict(s.pair_edge_ci, level),
        ),
    ]
}

/// The cross-section's figures at horizon `h`: any ticker's adjusted p, any ticker's q.
pub fn cross_verdicts(rows: &[CrossRow], h: usize, level: Level) -> [(Figure, Verdict); 2] {
    let at = || rows.iter().filter(move |r| r.horizon == h);
    [
        (
            Figure::CrossAdjusted,
            any_below(at().map(|r| r.adjusted_p), level),
        ),
        (Figure::CrossBhQ, any_below(at().map(|r| r.bh_q), level)),
    ]
}

/// Where a figure's decision applies: one horizon, or the sweep's whole grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// One horizon, in trading days.
    Horizon(usize),
    /// Every cell of the sweep (every threshold, every horizon): one decision per pair.
    Grid,
}

/// One figure's decisions on one pair, at each of [`Level::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The figure.
    pub figure: Figure,
    /// Its scope.
    pub scope: Scope,
    /// Its verdict at 5 % and at 1 %.
    pub verdicts: [Verdict; 2],
}

/// Counts of one horizon of a pair's study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HorizonCounts {
    /// The horizon, in trading days.
    pub horizon: usize,
    /// Events with a complete window.
    pub complete: usize,
    /// Distinct episodes among them.
    pub distinct: usize,
    /// The verdict's evidence word ([`Evidence::judged`]) for each way the calibration may
    /// let its two tests speak: index bit 0 the circular-shift placebo, bit 1 the episode t
    /// ([`HorizonCounts::evidence`] picks one).
    pub evidence: [Evidence; 4],
}

impl HorizonCounts {
    /// The verdict's word when `speaks` says which figures may speak.
    pub fn evidence(&self, speaks: impl Fn(Figure) -> bool) -> Evidence {
        self.evidence[speaking_index(&speaks)]
    }
}

/// The index into [`HorizonCounts::evidence`] of the evidence tests `speaks` lets speak.
pub fn speaking_index(speaks: &impl Fn(Figure) -> bool) -> usize {
    usize::from(speaks(Figure::ShiftPlacebo)) | usize::from(speaks(Figure::DistinctT)) << 1
}

/// Everything measured of one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PairOutcome {
    /// The rule's threshold as given (z units or percent).
    pub threshold: f64,
    /// Events of the study.
    pub events: usize,
    /// Per horizon, in the options' order.
    pub horizons: Vec<HorizonCounts>,
    /// Every figure's decisions: per horizon for all but the sweep's, once for the sweep's.
    pub decisions: Vec<Decision>,
}

impl PairOutcome {
    /// The decision of `figure` at `scope`, if measured.
    pub fn decision(&self, figure: Figure, scope: Scope) -> Option<&Decision> {
        self.decisions
            .iter()
            .find(|d| d.figure == figure && d.scope == scope)
    }
}

/// The event threshold of a setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// A fixed threshold in z units (the spread over its trailing 252-day sd).
    Z(f64),
    /// A threshold in percent: the given percentile (0–100) of the pair's own |spread| in
    /// percent.
    AbsSpreadPercentile(f64),
}

impl Threshold {
    /// The threshold in words.
    pub fn words(&self) -> String {
        match self {
            Threshold::Z(z) => format!("z ≥ {z}"),
            Threshold::AbsSpreadPercentile(q) => {
                format!("spread ≥ the {q:.0}th percentile of the pair's own |spread| in percent")
            }
        }
    }

    /// The rule of this threshold on `universe`'s pair, direction up, no cool-off.
    ///
    /// # Errors
    ///
    /// [`MeasureError::Rule`] when the percentile is not a positive number.
    pub fn rule(&self, universe: &Universe) -> Result<EventRule, MeasureError> {
        Ok(match *self {
            Threshold::Z(z) => {
                EventRule::new(z, Direction::Up, 0, None, None)?.with_unit(ThresholdUnit::Z)
            }
            Threshold::AbsSpreadPercentile(q) => {
                let abs: Vec<f64> = universe.spread_pct().iter().map(|s| s.abs()).collect();
                let t = quantile(&abs, q / 100.0).unwrap_or(f64::NAN);
                EventRule::new(t, Direction::Up, 0, None, None)?
            }
        })
    }
}

/// Why a pair could not be measured (none of these happens with valid synthetic data), or a
/// setting's run did not finish.
#[derive(Debug, thiserror::Error)]
pub enum MeasureError {
    /// A synthetic series is not valid.
    #[error(transparent)]
    Series(#[from] SeriesError),
    /// The legs do not align.
    #[error(transparent)]
    Align(#[from] AlignError),
    /// The rule cannot be built.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// The study cannot run.
    #[error(transparent)]
    Study(#[from] StudyError),
    /// A universe of fewer than two tickers has no pair.
    #[error("a universe needs at least two tickers, the pair's legs")]
    NoPair,
    /// A worker thread panicked, so some pairs have no outcome.
    #[error("a worker thread panicked")]
    WorkerPanicked,
}

/// Every ticker of `universe` as a series.
///
/// # Errors
///
/// [`MeasureError::Series`] for invalid closes.
pub fn series(universe: &Universe) -> Result<Vec<Series>, MeasureError> {
    universe
        .tickers
        .iter()
        .enumerate()
        .map(|(k, t)| Ok(Series::new(t, universe.dates.clone(), universe.closes(k))?))
        .collect()
}

/// The pair (the first two series: the long leg, the short leg), prepared.
///
/// # Errors
///
/// [`MeasureError::NoPair`] for fewer than two series, [`MeasureError::Align`] when they share
/// too few dates.
pub fn prepare(series: &[Series]) -> Result<PreparedPair, MeasureError> {
    match series {
        [long, short, ..] => Ok(PreparedPair::new(AlignedPair::new(long, short)?)),
        _ => Err(MeasureError::NoPair),
    }
}

/// Runs the study, the sweep and the cross-section (the whole universe) of `universe`'s pair
/// at `threshold` with `opts`, and reads each figure's decision.
///
/// # Errors
///
/// [`MeasureError`] when the engine refuses the data or the options.
pub fn measure(
    universe: &Universe,
    threshold: Threshold,
    opts: &StudyOptions,
) -> Result<PairOutcome, MeasureError> {
    let rule = threshold.rule(universe)?;
    let series = series(universe)?;
    let prepared = prepare(&series)?;
    let study = prepared.study(&rule, opts)?;
    let sweep = prepared.sweep(&rule, opts)?;
    let cross = prepared.cross_section(&series, &rule, opts)?;
    let mut decisions = Vec::new();
    let mut horizons = Vec::new();
    for s in &study.summary {
        let scope = Scope::Horizon(s.horizon);
        let five = study_verdicts(s, Level::Five);
        let one = study_verdicts(s, Level::One);
        for ((figure, a), (_, b)) in five.into_iter().zip(one) {
            decisions.push(Decision {
                figure,
                scope,
                verdicts: [a, b],
            });
        }
        let five = cross_verdicts(&cross.rows, s.horizon, Level::Five);
        let one = cross_verdicts(&cross.rows, s.horizon, Level::One);
        for ((figure, a), (_, b)) in five.into_iter().zip(one) {
            decisions.push(Decision {
                figure,
                scope,
                verdicts: [a, b],
            });
        }
        horizons.push(HorizonCounts {
            horizon: s.horizon,
            complete: s.count,
            distinct: s.distinct_count,
            evidence: std::array::from_fn(|k| {
                Evidence::judged(s, |f| {
                    (f == Figure::ShiftPlacebo && k & 1 == 1)
                        || (f == Figure::DistinctT && k & 2 == 2)
                })
            }),
        });
    }
    for figure in [Figure::SweepAdjusted, Figure::SweepBhQ] {
        let verdicts = Level::ALL.map(|level| {
            any_below(
                sweep.iter().map(|c| match figure {
                    Figure::SweepAdjusted => c.adjusted_p,
                    _ => c.bh_q,
                }),
                level,
            )
        });
        decisions.push(Decision {
            figure,
            scope: Scope::Grid,
            verdicts,
        });
    }
    Ok(PairOutcome {
        threshold: rule.given_threshold(),
        events: study.event_count,
        horizons,
        decisions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use equalizer_engine::study::LegSummary;

    #[test]
    fn t_figures_reject_beyond_the_two_sided_critical_value() {
        assert_eq!(t_verdict(Some(1.97), Level::Five), Verdict::Rejects);
        assert_eq!(t_verdict(Some(-1.97), Level::Five), Verdict::Rejects);
        assert_eq!(t_verdict(Some(1.95), Level::Five), Verdict::Keeps);
        assert_eq!(t_verdict(Some(2.5), Level::One), Verdict::Keeps);
        assert_eq!(t_verdict(Some(-2.6), Level::One), Verdict::Rejects);
        assert_eq!(t_verdict(None, Level::One), Verdict::Missing);
    }

    #[test]
    fn p_figures_reject_below_alpha_one_sided_ones_below_half_of_it() {
        assert_eq!(
            two_sided_verdict(Some(0.049), Level::Five),
            Verdict::Rejects
        );
        assert_eq!(two_sided_verdict(Some(0.05), Level::Five), Verdict::Keeps);
        assert_eq!(two_sided_verdict(Some(0.02), Level::One), Verdict::Keeps);
        assert_eq!(one_sided_verdict(Some(0.03), Level::Five), Verdict::Keeps);
        assert_eq!(
            one_sided_verdict(Some(0.024), Level::Five),
            Verdict::Rejects
        );
        assert_eq!(one_sided_verdict(Some(0.004), Level::One), Verdict::Rejects);
        assert_eq!(one_sided_verdict(Some(0.006), Level::One), Verdict::Keeps);
        assert_eq!(one_sided_verdict(None, Level::Five), Verdict::Missing);
    }

    #[test]
    fn an_interval_rejects_when_it_excludes_zero_and_only_at_5_percent() {
        let v = |a, b, l| interval_verdict(Some(Interval(a, b)), l);
        assert_eq!(v(0.01, 0.2, Level::Five), Verdict::Rejects);
        assert_eq!(v(-0.2, -0.01, Level::Five), Verdict::Rejects);
        assert_eq!(v(-0.01, 0.2, Level::Five), Verdict::Keeps);
        assert_eq!(v(0.0, 0.2, Level::Five), Verdict::Keeps);
        assert_eq!(v(0.01, 0.2, Level::One), Verdict::NotApplicable);
        assert_eq!(interval_verdict(None, Level::Five), Verdict::Missing);
    }

    #[test]
    fn any_below_rejects_on_one_cell_and_is_missing_without_any() {
        assert_eq!(
            any_below([None, Some(0.3), Some(0.04)], Level::Five),
            Verdict::Rejects
        );
        assert_eq!(
            any_below([None, Some(0.3), Some(0.04)], Level::One),
            Verdict::Keeps
        );
        assert_eq!(any_below([None, None], Level::Five), Verdict::Missing);
        assert_eq!(any_below([], Level::Five), Verdict::Missing);
    }

    fn summary() -> HorizonSummary {
        HorizonSummary {
            horizon: 63,
            count: 40,
            incomplete: 0,
            distinct_count: 12,
            too_few_episodes: false,
            baseline_count: 6000,
            long: LegSummary::default(),
            short: LegSummary::default(),
            pair: LegSummary {
                placebo_p: Some(0.02),
                placebo_shift_p: Some(0.2),
                ..LegSummary::default()
            },
            pair_edge_ci: Some(Interval(-0.01, 0.03)),
            placebo_pair_sd: Some(0.01),
            pair_edge_t_naive: Some(2.2),
            pair_edge_t_overlap: Some(1.1),
            overlap_bandwidth_days: 63,
            distinct_t_pair: Some(0.9),
            distinct_df: Some(11),
            distinct_p_pair: Some(0.39),
            pair_mean_loo_min: None,
            pair_mean_loo_max: None,
        }
    }

    #[test]
    fn a_hand_built_summary_gets_each_figures_verdict() {
        use Verdict::{Keeps, Missing, NotApplicable, Rejects};
        let s = summary();
        let five: Vec<Verdict> = study_verdicts(&s, Level::Five).map(|v| v.1).to_vec();
        assert_eq!(five, [Rejects, Keeps, Keeps, Rejects, Keeps, Keeps]);
        let one: Vec<Verdict> = study_verdicts(&s, Level::One).map(|v| v.1).to_vec();
        assert_eq!(one, [Keeps, Keeps, Keeps, Keeps, Keeps, NotApplicable]);
        let figures: Vec<Figure> = study_verdicts(&s, Level::One).map(|v| v.0).to_vec();
        assert_eq!(figures, Figure::ALL[..6]);
        // The n/a rule: a thin horizon's figures are all missing, none rejects.
        let thin = HorizonSummary {
            pair: LegSummary::default(),
            pair_edge_ci: None,
            pair_edge_t_naive: None,
            pair_edge_t_overlap: None,
            distinct_p_pair: None,
            ..s
        };
        assert!(
            study_verdicts(&thin, Level::Five)
                .iter()
                .all(|v| v.1 == Missing)
        );
    }

    fn row(ticker: &str, horizon: usize, adjusted_p: Option<f64>, bh_q: Option<f64>) -> CrossRow {
        CrossRow {
            ticker: ticker.to_owned(),
            horizon,
            count: 10,
            mean: None,
            median: None,
            hit_rate: None,
            baseline_mean: None,
            edge: None,
            edge_ci: None,
            placebo_shift_p: None,
            adjusted_p,
            bh_q,
        }
    }

    #[test]
    fn the_cross_section_rejects_when_any_ticker_at_the_horizon_does() {
        let rows = [
            row("L", 63, Some(0.2), Some(0.03)),
            row("L", 252, Some(0.004), Some(0.004)),
            row("S", 63, Some(0.06), Some(0.2)),
            row("S", 252, None, None),
        ];
        let at = |h, l| cross_verdicts(&rows, h, l).map(|v| v.1);
        assert_eq!(at(63, Level::Five), [Verdict::Keeps, Verdict::Rejects]);
        assert_eq!(at(63, Level::One), [Verdict::Keeps, Verdict::Keeps]);
        assert_eq!(at(252, Level::One), [Verdict::Rejects, Verdict::Rejects]);
        assert_eq!(at(21, Level::Five), [Verdict::Missing, Verdict::Missing]);
    }
}
