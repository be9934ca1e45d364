//! What a study returns: [`Study`] and its parts, serialised as the CLI's `--json` (field
//! order and names are the JSON's; returns are fractions, `None` is `null`).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::data::date::Date;
use crate::stats::bootstrap::Interval;
use crate::study::events::{Direction, ThresholdUnit};
use crate::study::horizon::HorizonUnit;

/// The whole result, serialised as the CLI's `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Study {
    pub long: String,
    pub short: String,
    /// The threshold as given, in `threshold_unit`.
    pub threshold: f64,
    pub threshold_unit: ThresholdUnit,
    /// The threshold in percent, only when that is the unit (older readers use this name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_pct: Option<f64>,
    pub direction: Direction,
    pub cooloff: usize,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub horizon_unit: HorizonUnit,
    pub seed: u64,
    pub placebo_draws: usize,
    pub bootstrap_draws: usize,
    /// First and last date both tickers have.
    pub first_common_date: Date,
    pub last_common_date: Date,
    /// Number of dates both tickers have.
    pub common_days: usize,
    /// Days that could be events (i ≥ 1 within from … to).
    pub eligible_days: usize,
    pub event_count: usize,
    pub events: Vec<Event>,
    pub summary: Vec<HorizonSummary>,
    pub subperiods: Vec<SubPeriod>,
    /// Filled by the caller from [`PreparedPair::sweep`] when wanted (it does not depend on
    /// the threshold, so the page computes it separately).
    pub sweep: Vec<SweepCell>,
}

/// One event day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Index of the day on the common calendar.
    #[serde(skip)]
    pub index: usize,
    pub date: Date,
    pub long_return: f64,
    pub short_return: f64,
    pub spread: f64,
    /// The spread in trailing-volatility units, where a full window exists.
    pub z: Option<f64>,
    /// Forward returns per horizon; `None` (JSON `null`) marks an incomplete window.
    pub forward: ByHorizon,
}

/// Forward returns and excursions of one window (fractions, from the event close).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Forward {
    pub long: f64,
    pub short: f64,
    /// long − short.
    pub pair: f64,
    /// Best cumulative return of the long leg at any close in the window.
    pub long_max_gain: f64,
    /// Worst cumulative return of the long leg at any close in the window.
    pub long_max_loss: f64,
    pub short_max_gain: f64,
    pub short_max_loss: f64,
}

/// Forward returns keyed by horizon, in the study's horizon order; serialises as a JSON object
/// `{"63": {…} | null, …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ByHorizon(pub Vec<(usize, Option<Forward>)>);

impl ByHorizon {
    /// The forward returns at horizon `h`, `None` if incomplete or not studied.
    pub fn get(&self, h: usize) -> Option<Forward> {
        self.0.iter().find(|(k, _)| *k == h).and_then(|(_, f)| *f)
    }
}

impl Serialize for ByHorizon {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (h, f) in &self.0 {
            map.serialize_entry(&h.to_string(), f)?;
        }
        map.end()
    }
}

/// Statistics of one horizon. Returns are fractions; `None` (JSON `null`) where a statistic
/// has no sample. Intervals are `[low, high]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonSummary {
    pub horizon: usize,
    /// Events with a complete window.
    pub count: usize,
    /// Events whose window runs past the data.
    pub incomplete: usize,
    /// Clusters of overlapping windows among the complete events.
    pub distinct_count: usize,
    pub long_mean: Option<f64>,
    pub long_median: Option<f64>,
    pub long_hit_rate: Option<f64>,
    pub long_min: Option<f64>,
    pub long_max: Option<f64>,
    pub long_std: Option<f64>,
    pub short_mean: Option<f64>,
    pub short_median: Option<f64>,
    pub short_hit_rate: Option<f64>,
    pub short_min: Option<f64>,
    pub short_max: Option<f64>,
    pub short_std: Option<f64>,
    pub pair_mean: Option<f64>,
    pub pair_median: Option<f64>,
    pub pair_hit_rate: Option<f64>,
    pub pair_min: Option<f64>,
    pub pair_max: Option<f64>,
    pub pair_std: Option<f64>,
    /// Eligible days with a complete window.
    pub baseline_count: usize,
    pub baseline_long_mean: Option<f64>,
    pub baseline_short_mean: Option<f64>,
    pub baseline_pair_mean: Option<f64>,
    /// Event mean − baseline mean.
    pub long_edge: Option<f64>,
    pub short_edge: Option<f64>,
    pub pair_edge: Option<f64>,
    /// Means over the first event of each cluster.
    pub distinct_long_mean: Option<f64>,
    pub distinct_short_mean: Option<f64>,
    pub distinct_pair_mean: Option<f64>,
    pub long_mean_ci: Option<Interval>,
    pub short_mean_ci: Option<Interval>,
    pub pair_mean_ci: Option<Interval>,
    pub long_median_ci: Option<Interval>,
    pub short_median_ci: Option<Interval>,
    pub pair_median_ci: Option<Interval>,
    pub long_hit_rate_ci: Option<Interval>,
    pub short_hit_rate_ci: Option<Interval>,
    pub pair_hit_rate_ci: Option<Interval>,
    pub pair_edge_ci: Option<Interval>,
    pub placebo_long_mean: Option<f64>,
    pub placebo_short_mean: Option<f64>,
    pub placebo_pair_mean: Option<f64>,
    pub placebo_p_long: Option<f64>,
    pub placebo_p_short: Option<f64>,
    pub placebo_p_pair: Option<f64>,
    /// Standard deviation of the placebo pair means (the spread of chance outcomes).
    pub placebo_pair_sd: Option<f64>,
    pub pair_edge_t_naive: Option<f64>,
    pub pair_edge_t_overlap: Option<f64>,
    /// Newey–West bandwidth used (mean window length in trading days).
    pub overlap_bandwidth_days: usize,
    pub long_max_gain_mean: Option<f64>,
    pub long_max_loss_mean: Option<f64>,
    pub short_max_gain_mean: Option<f64>,
    pub short_max_loss_mean: Option<f64>,
    /// Smallest and largest pair mean with one event left out.
    pub pair_mean_loo_min: Option<f64>,
    pub pair_mean_loo_max: Option<f64>,
}

/// Summary of a sub-period (a decade, or before/after the split year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubPeriod {
    pub label: String,
    pub from: Date,
    pub to: Date,
    pub event_count: usize,
    pub summary: Vec<SubSummary>,
}

/// One horizon of a sub-period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubSummary {
    pub horizon: usize,
    pub count: usize,
    pub distinct_count: usize,
    pub long_mean: Option<f64>,
    pub short_mean: Option<f64>,
    pub pair_mean: Option<f64>,
    pub baseline_pair_mean: Option<f64>,
    pub pair_edge: Option<f64>,
}

/// One cell of the threshold sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepCell {
    /// The cell's threshold, in `threshold_unit` (the rule's).
    pub threshold: f64,
    pub threshold_unit: ThresholdUnit,
    /// The threshold in percent, only when that is the unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_pct: Option<f64>,
    pub horizon: usize,
    pub count: usize,
    pub distinct_count: usize,
    pub pair_edge: Option<f64>,
    pub placebo_p_pair: Option<f64>,
}
