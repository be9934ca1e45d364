//! What a study returns: [`Study`] and its parts, serialised as the CLI's `--json` (field
//! order and names are the JSON's; returns are fractions, `None` is `null`).
//!
//! Each type also deserialises from what it serialises, so a result can cross from the page's
//! Web Worker to its main thread (the page's `worker::protocol`, a binary format without field
//! names). Binary formats (`is_human_readable() == false`) write every field in declaration
//! order, including what the JSON leaves out: an [`Event`]'s day index, a `threshold_pct` that
//! is `None`; a [`Date`] is its day number there.

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::date::Date;
use crate::stats::bootstrap::Interval;
use crate::study::events::{Direction, ThresholdUnit};
use crate::study::horizon::HorizonUnit;
use crate::study::options::EntryLag;

/// The whole result, serialised as the CLI's `--json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Study {
    /// Ticker of the long leg.
    pub long: String,
    /// Ticker of the short leg.
    pub short: String,
    /// The threshold as given, in `threshold_unit`.
    pub threshold: f64,
    /// Unit of `threshold`: percent or z.
    pub threshold_unit: ThresholdUnit,
    /// The threshold in percent, only when that is the unit (older readers use this name).
    #[serde(default)]
    pub threshold_pct: Option<f64>,
    /// Which side of the threshold makes an event.
    pub direction: Direction,
    /// Trading days after an event that cannot be events.
    pub cooloff: usize,
    /// First event date asked, if any.
    pub from: Option<Date>,
    /// Last event date asked, if any.
    pub to: Option<Date>,
    /// Unit of the horizons: trading days or calendar months.
    pub horizon_unit: HorizonUnit,
    /// Trading days from each event's close to the close its forward windows start from.
    pub lag: EntryLag,
    /// Seed of every generator stream.
    pub seed: u64,
    /// Random-date placebo sets per horizon (the circular shift takes every offset).
    pub placebo_draws: usize,
    /// Bootstrap samples per horizon.
    pub bootstrap_draws: usize,
    /// First date both tickers have.
    pub first_common_date: Date,
    /// Last date both tickers have.
    pub last_common_date: Date,
    /// Number of dates both tickers have.
    pub common_days: usize,
    /// Days that could be events (i ≥ 1 within from … to).
    pub eligible_days: usize,
    /// Number of events.
    pub event_count: usize,
    /// The events, in date order.
    pub events: Vec<Event>,
    /// Statistics per horizon, in the study's horizon order.
    pub summary: Vec<HorizonSummary>,
    /// Summaries by decade and around the split year.
    pub subperiods: Vec<SubPeriod>,
    /// The pair's edge at every entry lag 0 … 5 and horizon
    /// ([`PreparedPair::lag_decay`](crate::PreparedPair::lag_decay)).
    pub lag_decay: Vec<LagEdge>,
    /// Filled by the caller from [`PreparedPair::sweep`](crate::PreparedPair::sweep) when wanted (it does not depend on
    /// the threshold, so the page computes it separately).
    pub sweep: Vec<SweepCell>,
}

/// Writes `threshold_pct` when `present`: JSON names it only in percent units (older readers use
/// it), binary formats always carry it (their readers count fields).
fn threshold_pct_field<S: SerializeStruct>(
    st: &mut S,
    pct: &Option<f64>,
    binary: bool,
) -> Result<(), S::Error> {
    if pct.is_some() || binary {
        st.serialize_field("threshold_pct", pct)
    } else {
        st.skip_field("threshold_pct")
    }
}

impl Serialize for Study {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // No `..`: a new field does not compile until it is written here.
        let Study {
            long,
            short,
            threshold,
            threshold_unit,
            threshold_pct,
            direction,
            cooloff,
            from,
            to,
            horizon_unit,
            lag,
            seed,
            placebo_draws,
            bootstrap_draws,
            first_common_date,
            last_common_date,
            common_days,
            eligible_days,
            event_count,
            events,
            summary,
            subperiods,
            lag_decay,
            sweep,
        } = self;
        let binary = !s.is_human_readable();
        let len = 23 + usize::from(threshold_pct.is_some() || binary);
        let mut st = s.serialize_struct("Study", len)?;
        st.serialize_field("long", long)?;
        st.serialize_field("short", short)?;
        st.serialize_field("threshold", threshold)?;
        st.serialize_field("threshold_unit", threshold_unit)?;
        threshold_pct_field(&mut st, threshold_pct, binary)?;
        st.serialize_field("direction", direction)?;
        st.serialize_field("cooloff", cooloff)?;
        st.serialize_field("from", from)?;
        st.serialize_field("to", to)?;
        st.serialize_field("horizon_unit", horizon_unit)?;
        st.serialize_field("lag", lag)?;
        st.serialize_field("seed", seed)?;
        st.serialize_field("placebo_draws", placebo_draws)?;
        st.serialize_field("bootstrap_draws", bootstrap_draws)?;
        st.serialize_field("first_common_date", first_common_date)?;
        st.serialize_field("last_common_date", last_common_date)?;
        st.serialize_field("common_days", common_days)?;
        st.serialize_field("eligible_days", eligible_days)?;
        st.serialize_field("event_count", event_count)?;
        st.serialize_field("events", events)?;
        st.serialize_field("summary", summary)?;
        st.serialize_field("subperiods", subperiods)?;
        st.serialize_field("lag_decay", lag_decay)?;
        st.serialize_field("sweep", sweep)?;
        st.end()
    }
}

impl Serialize for SweepCell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // No `..`: a new field does not compile until it is written here.
        let SweepCell {
            threshold,
            threshold_unit,
            threshold_pct,
            horizon,
            count,
            distinct_count,
            pair_edge,
            placebo_sets,
            placebo_shift_p_pair,
            adjusted_p,
            bh_q,
        } = self;
        let binary = !s.is_human_readable();
        let len = 10 + usize::from(threshold_pct.is_some() || binary);
        let mut st = s.serialize_struct("SweepCell", len)?;
        st.serialize_field("threshold", threshold)?;
        st.serialize_field("threshold_unit", threshold_unit)?;
        threshold_pct_field(&mut st, threshold_pct, binary)?;
        st.serialize_field("horizon", horizon)?;
        st.serialize_field("count", count)?;
        st.serialize_field("distinct_count", distinct_count)?;
        st.serialize_field("pair_edge", pair_edge)?;
        st.serialize_field("placebo_sets", placebo_sets)?;
        st.serialize_field("placebo_shift_p_pair", placebo_shift_p_pair)?;
        st.serialize_field("adjusted_p", adjusted_p)?;
        st.serialize_field("bh_q", bh_q)?;
        st.end()
    }
}

/// One event day. Its JSON leaves the day index out; binary formats keep it (see the module
/// docs), and it is 0 when read from JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    /// Index of the day on the common calendar.
    #[serde(default)]
    pub index: usize,
    /// The event day.
    pub date: Date,
    /// Return of the long leg that day.
    pub long_return: f64,
    /// Return of the short leg that day.
    pub short_return: f64,
    /// long_return − short_return.
    pub spread: f64,
    /// The spread in trailing-volatility units, where a full window exists.
    pub z: Option<f64>,
    /// 1-based episode number among the listed events: events whose windows at the longest
    /// horizon overlap chain into one episode, as [`crate::stats::overlap::clusters`] chains
    /// them; a window that runs past the data reaches beyond the last day, so it chains every
    /// later event. `None` only for an event built outside a list.
    pub episode: Option<usize>,
    /// Forward returns per horizon; `None` (JSON `null`) marks an incomplete window.
    pub forward: ByHorizon,
}

/// Forward returns and excursions of one window (fractions, from the entry close: the event close
/// at lag 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Forward {
    /// Forward return of the long leg, close(j) / close(e) − 1 (e the entry, j the window end).
    pub long: f64,
    /// Forward return of the short leg.
    pub short: f64,
    /// long − short.
    pub pair: f64,
    /// Best cumulative return of the long leg at any close in the window.
    pub long_max_gain: f64,
    /// Worst cumulative return of the long leg at any close in the window.
    pub long_max_loss: f64,
    /// Best cumulative return of the short leg at any close in the window.
    pub short_max_gain: f64,
    /// Worst cumulative return of the short leg at any close in the window.
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

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let binary = !s.is_human_readable();
        let mut e = s.serialize_struct("Event", 7 + usize::from(binary))?;
        if binary {
            e.serialize_field("index", &self.index)?;
        }
        e.serialize_field("date", &self.date)?;
        e.serialize_field("long_return", &self.long_return)?;
        e.serialize_field("short_return", &self.short_return)?;
        e.serialize_field("spread", &self.spread)?;
        e.serialize_field("z", &self.z)?;
        e.serialize_field("episode", &self.episode)?;
        e.serialize_field("forward", &self.forward)?;
        e.end()
    }
}

/// JSON: an object keyed by the horizon's digits; binary formats: a list of (horizon, window).
impl Serialize for ByHorizon {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for entry in &self.0 {
                seq.serialize_element(entry)?;
            }
            return seq.end();
        }
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (h, f) in &self.0 {
            map.serialize_entry(&h.to_string(), f)?;
        }
        map.end()
    }
}

/// Reads either form back, keeping the order.
impl<'de> Deserialize<'de> for ByHorizon {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ByHorizon, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = ByHorizon;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("forward returns keyed by horizon")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByHorizon, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((h, f)) = map.next_entry::<std::borrow::Cow<'de, str>, _>()? {
                    let h = h.parse().map_err(|_| {
                        serde::de::Error::custom(format!("horizon {h:?} is not a number"))
                    })?;
                    out.push((h, f));
                }
                Ok(ByHorizon(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ByHorizon, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(entry) = seq.next_element()? {
                    out.push(entry);
                }
                Ok(ByHorizon(out))
            }
        }
        if d.is_human_readable() {
            d.deserialize_map(Entries)
        } else {
            d.deserialize_seq(Entries)
        }
    }
}

/// Which leg a [`LegSummary`] describes: the long ticker, the short ticker, or the pair
/// (long − short).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// The long ticker.
    Long,
    /// The short ticker.
    Short,
    /// The pair, long − short.
    Pair,
}

impl Leg {
    /// The three legs in the order every table and the JSON list them: long, short, pair.
    pub const ALL: [Leg; 3] = [Leg::Long, Leg::Short, Leg::Pair];

    /// The leg's word in the JSON keys: `long`, `short` or `pair`.
    pub fn name(self) -> &'static str {
        match self {
            Leg::Long => "long",
            Leg::Short => "short",
            Leg::Pair => "pair",
        }
    }
}

/// Mean excursions inside the windows of one leg: the best and worst cumulative return at any
/// close, averaged over the complete events (`None` for an empty sample).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Excursion {
    /// Mean over complete events of the leg's best cumulative return in the window.
    pub max_gain_mean: Option<f64>,
    /// Mean over complete events of the leg's worst cumulative return in the window.
    pub max_loss_mean: Option<f64>,
}

/// The figures of one leg at one horizon. Returns are fractions; a figure is `None` where it has
/// no sample (no complete event, n < 2 for `std`, no placebo or bootstrap drawn).
///
/// The same type serves the long leg, the short leg and the pair, so code that shows or exports
/// them loops over [`Leg::ALL`] with [`HorizonSummary::leg`]. The one figure that exists for
/// the tickers only, the excursion, is an [`Option<Excursion>`]: `Some` for long and short
/// (whose inner figures are `None` for an empty sample), and always `None` for the pair, whose
/// window excursions are not computed. "Not applicable" is therefore the outer `None`, distinct
/// from "no sample".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LegSummary {
    /// Mean forward return over the complete events.
    pub mean: Option<f64>,
    /// Median forward return.
    pub median: Option<f64>,
    /// Share of complete events where the leg returned more than 0.
    pub hit_rate: Option<f64>,
    /// Lowest forward return.
    pub min: Option<f64>,
    /// Highest forward return.
    pub max: Option<f64>,
    /// Sample standard deviation of the forward returns (n ≥ 2).
    pub std: Option<f64>,
    /// Mean forward return from every baseline day.
    pub baseline_mean: Option<f64>,
    /// Event mean − baseline mean.
    pub edge: Option<f64>,
    /// Mean over the first event of each cluster of overlapping windows.
    pub distinct_mean: Option<f64>,
    /// 95 % cluster-bootstrap interval of `mean`.
    pub mean_ci: Option<Interval>,
    /// 95 % cluster-bootstrap interval of `median`.
    pub median_ci: Option<Interval>,
    /// 95 % cluster-bootstrap interval of `hit_rate`.
    pub hit_rate_ci: Option<Interval>,
    /// Average of the placebo sets' means.
    pub placebo_mean: Option<f64>,
    /// One-sided placebo p-value of `mean`: (1 + #sets at least as extreme) / (K + 1).
    pub placebo_p: Option<f64>,
    /// One-sided p-value of `mean` against the circular-shift placebo (the events' pattern
    /// moved by every offset of the pool in turn, K = n − 1 sets,
    /// [`crate::stats::placebo::shift`]), same formula on studentized means.
    pub placebo_shift_p: Option<f64>,
    /// Mean best and worst excursions: `Some` for long and short, `None` for the pair (not
    /// applicable).
    pub excursion: Option<Excursion>,
}

/// Statistics of one horizon: the horizon-wide counts, one [`LegSummary`] per leg, and the
/// figures that exist for the pair only. Intervals are `[low, high]`.
///
/// When the horizon has fewer than 3 distinct episodes (`too_few_episodes`), every interval,
/// p-value and t (and `distinct_df`) is `None`: means, medians and counts stay.
///
/// Its JSON keeps the flat keys of the CLI's `--json` (`long_mean`, `placebo_p_pair`,
/// `baseline_short_mean`, …) in their historical order; one table in `study/layout.rs` owns
/// that layout (see [`HorizonSummary::key`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HorizonSummary {
    /// The horizon, in the study's unit.
    pub horizon: usize,
    /// Events with a complete window.
    pub count: usize,
    /// Events whose window runs past the data.
    pub incomplete: usize,
    /// Clusters of overlapping windows among the complete events.
    pub distinct_count: usize,
    /// `distinct_count` < 3: intervals, p-values and t statistics are left out (`None`).
    pub too_few_episodes: bool,
    /// Eligible days with a complete window (the baseline's sample).
    pub baseline_count: usize,
    /// The long leg's figures.
    pub long: LegSummary,
    /// The short leg's figures.
    pub short: LegSummary,
    /// The pair's (long − short) figures.
    pub pair: LegSummary,
    /// `pair.mean_ci` minus the baseline pair mean.
    pub pair_edge_ci: Option<Interval>,
    /// Standard deviation of the placebo pair means (the spread of chance outcomes).
    pub placebo_pair_sd: Option<f64>,
    /// t of the pair edge as if the events were independent: x̄ / (s / √N).
    pub pair_edge_t_naive: Option<f64>,
    /// t of the pair edge with the Newey–West variance over overlapping windows.
    pub pair_edge_t_overlap: Option<f64>,
    /// Newey–West bandwidth used (mean window length in trading days).
    pub overlap_bandwidth_days: usize,
    /// t of the pair edge on distinct episodes only: one value per episode (the pair return of
    /// its first event minus the baseline pair mean), x̄ / (s / √n).
    pub distinct_t_pair: Option<f64>,
    /// Degrees of freedom of `distinct_t_pair`: episodes − 1.
    pub distinct_df: Option<usize>,
    /// Two-sided p-value of `distinct_t_pair` under Student's t with `distinct_df`.
    pub distinct_p_pair: Option<f64>,
    /// Smallest pair mean with one event left out.
    pub pair_mean_loo_min: Option<f64>,
    /// Largest pair mean with one event left out.
    pub pair_mean_loo_max: Option<f64>,
}

impl HorizonSummary {
    /// The figures of one leg.
    pub fn leg(&self, leg: Leg) -> &LegSummary {
        match leg {
            Leg::Long => &self.long,
            Leg::Short => &self.short,
            Leg::Pair => &self.pair,
        }
    }

    /// The figures of one leg, to fill in.
    pub(crate) fn leg_mut(&mut self, leg: Leg) -> &mut LegSummary {
        match leg {
            Leg::Long => &mut self.long,
            Leg::Short => &mut self.short,
            Leg::Pair => &mut self.pair,
        }
    }

    /// The three legs with their figures, in the order long, short, pair.
    pub fn legs(&self) -> [(Leg, &LegSummary); 3] {
        Leg::ALL.map(|l| (l, self.leg(l)))
    }
}

/// Summary of a sub-period (a decade, or before/after the split year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubPeriod {
    /// Its name: "2000s", "before 2010", "2010 on".
    pub label: String,
    /// First day of the period (within the data).
    pub from: Date,
    /// Last day of the period.
    pub to: Date,
    /// Events in the period.
    pub event_count: usize,
    /// Statistics per horizon.
    pub summary: Vec<SubSummary>,
}

/// One horizon of a sub-period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubSummary {
    /// The horizon, in the study's unit.
    pub horizon: usize,
    /// Events with a complete window.
    pub count: usize,
    /// Clusters of overlapping windows among them.
    pub distinct_count: usize,
    /// Mean forward return of the long leg.
    pub long_mean: Option<f64>,
    /// Mean forward return of the short leg.
    pub short_mean: Option<f64>,
    /// Mean forward return of the pair.
    pub pair_mean: Option<f64>,
    /// Mean pair return from every eligible day of the period with a complete window.
    pub baseline_pair_mean: Option<f64>,
    /// pair_mean − baseline_pair_mean.
    pub pair_edge: Option<f64>,
}

/// One cell of the threshold sweep.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SweepCell {
    /// The cell's threshold, in `threshold_unit` (the rule's).
    pub threshold: f64,
    /// Unit of `threshold`: the rule's.
    pub threshold_unit: ThresholdUnit,
    /// The threshold in percent, only when that is the unit.
    #[serde(default)]
    pub threshold_pct: Option<f64>,
    /// The horizon, in the study's unit.
    pub horizon: usize,
    /// Events with a complete window.
    pub count: usize,
    /// Clusters of overlapping windows among them.
    pub distinct_count: usize,
    /// Mean pair return − baseline mean.
    pub pair_edge: Option<f64>,
    /// Circular shifts behind the cell's placebo p, adjusted p and q: every offset of the days
    /// with a complete window at every horizon, the same K for every cell of the grid (see
    /// [`PreparedPair::sweep`](crate::PreparedPair::sweep); 0 when those days are too few).
    pub placebo_sets: usize,
    /// One-sided circular-shift placebo p of the pair's studentized mean over the grid's
    /// shared shifts.
    pub placebo_shift_p_pair: Option<f64>,
    /// Family-wise adjusted p (single-step max-T over every cell of the grid with a placebo p,
    /// over the same offsets); at least `placebo_shift_p_pair`.
    pub adjusted_p: Option<f64>,
    /// Benjamini–Hochberg q over the same family; at least `placebo_shift_p_pair`.
    pub bh_q: Option<f64>,
}

/// The pair's edge at one entry lag and horizon: one cell of
/// [`PreparedPair::lag_decay`](crate::PreparedPair::lag_decay).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LagEdge {
    /// Trading days from the event's close to the entry's close.
    pub lag: EntryLag,
    /// The horizon, in the study's unit.
    pub horizon: usize,
    /// Events with a complete window at this lag.
    pub count: usize,
    /// Mean pair return over them − the baseline pair mean at this lag.
    pub pair_edge: Option<f64>,
}

#[cfg(test)]
mod tests {
    use crate::testkit::{parity_settings, synthetic_pair};
    use crate::{PreparedPair, Study};

    /// The page's worker sends a study to the main thread in postcard's binary form: every
    /// field, the events' day indices and every NaN must arrive as they left (`Debug` shows
    /// each float's value, NaN included, and the day indices the JSON leaves out).
    #[test]
    fn a_study_survives_the_binary_round_trip_exactly() {
        let (pair, (rule, opts)) = (synthetic_pair(3000).unwrap(), parity_settings().unwrap());
        let p = PreparedPair::new(pair);
        let mut study = p.study(&rule, &opts).unwrap();
        study.sweep = p.sweep(&rule, &opts).unwrap();
        assert!(study.events.iter().any(|e| e.index > 0));
        let bytes = postcard::to_allocvec(&study).unwrap();
        let back: Study = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(format!("{back:?}"), format!("{study:?}"));
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&study).unwrap()
        );
        // The JSON keeps its shape: no day index, dates as text.
        let json = serde_json::to_value(&study).unwrap();
        assert!(json["events"][0].get("index").is_none());
        assert!(json["events"][0]["date"].is_string());
    }
}
