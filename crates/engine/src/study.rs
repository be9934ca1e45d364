//! The rotation spread study: events, their forward returns, and per-horizon statistics that
//! survive overlap and chance.
//!
//! Per horizon h (see [`crate::horizon`] for trading days vs calendar months):
//! - descriptive statistics of the events with a complete window, per leg and for the pair;
//! - **baseline**: the same forward returns from *every* eligible day (i ≥ 1, from ≤ date ≤ to)
//!   with a complete window; **edge** = event mean − baseline mean;
//! - **distinct events** ([`crate::overlap`]): clusters of overlapping windows; the distinct
//!   means use the first event of each cluster;
//! - **placebo** ([`crate::placebo`]): K sets of N random eligible days under the same cool-off;
//! - **bootstrap** ([`crate::bootstrap`]): 95 % intervals resampling whole clusters; the edge
//!   interval is the pair-mean interval minus the (fixed) baseline pair mean;
//! - **t statistics** of the pair edge, naive and Newey–West over overlapping windows
//!   ([`crate::overlap::t_stats`]) with bandwidth = the mean window length in trading days;
//! - **excursions**: per event the best (max gain) and worst (max loss) cumulative return of each
//!   leg at any close from the day after the event to the window's end, measured from the event
//!   close (not floored at 0);
//! - **leave-one-out**: the range of the pair mean when each event in turn is left out.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::align::AlignedPair;
use crate::bootstrap::{Interval, cluster_intervals_of_legs, resample_clusters};
use crate::date::Date;
use crate::events::{Direction, EventRule, ThresholdUnit, find_events};
use crate::horizon::HorizonUnit;
use crate::overlap::{clusters, distinct_count, first_of_each, t_stats};
use crate::placebo::{HorizonPool, joint_placebo_means, prefix_means, rng_for, summarize};
use crate::returns::{Z_WINDOW, daily_returns, spread, trailing_z};
use crate::stats::{Describe, describe, mean};

/// Default horizons in trading days: 1 week, 1, 3, 6 and 12 months.
pub const DEFAULT_HORIZONS: [usize; 5] = [5, 21, 63, 126, 252];
/// Default seed of the placebo and bootstrap generators.
pub const DEFAULT_SEED: u64 = 20_240_711;
/// Default number of placebo sets per horizon.
pub const DEFAULT_PLACEBO_DRAWS: usize = 10_000;
/// Default number of bootstrap samples per horizon.
pub const DEFAULT_BOOTSTRAP_DRAWS: usize = 2_000;
/// Placebo sequences per horizon in the threshold sweep. The sweep screens 100+ cells under a
/// multiple-testing warning, so a p resolution of 1/251 is enough there; the study at the chosen
/// threshold uses [`DEFAULT_PLACEBO_DRAWS`].
pub const SWEEP_PLACEBO_DRAWS: usize = 250;

/// Sweep thresholds: 1 to 8 in steps of 0.25 (in the rule's unit).
pub fn sweep_thresholds() -> Vec<f64> {
    (0..=28).map(|k| 1.0 + 0.25 * f64::from(k)).collect()
}

/// How the study is run beyond the event rule.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyOptions {
    /// Horizons in `unit`s, ≥ 1, distinct; order kept.
    pub horizons: Vec<usize>,
    pub unit: HorizonUnit,
    /// Placebo sets per horizon (0 disables).
    pub placebo_draws: usize,
    /// Bootstrap samples per horizon (0 disables).
    pub bootstrap_draws: usize,
    pub seed: u64,
    /// Also summarise before and from this year.
    pub split_year: Option<i32>,
}

impl Default for StudyOptions {
    fn default() -> Self {
        StudyOptions {
            horizons: DEFAULT_HORIZONS.to_vec(),
            unit: HorizonUnit::Days,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            seed: DEFAULT_SEED,
            split_year: None,
        }
    }
}

impl StudyOptions {
    /// Options with these horizons and defaults otherwise.
    pub fn with_horizons(horizons: &[usize]) -> StudyOptions {
        StudyOptions {
            horizons: horizons.to_vec(),
            ..StudyOptions::default()
        }
    }
}

/// Why a study cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    /// A horizon of 0.
    #[error("horizon 0 is not a number of trading days ahead; horizons start at 1")]
    ZeroHorizon,
    /// No horizons at all.
    #[error("at least one horizon is needed")]
    NoHorizons,
    /// The same horizon twice.
    #[error("horizon {0} is listed twice")]
    DuplicateHorizon(usize),
}

/// A pair prepared once for many studies: aligned closes, daily returns, spread and its z-score.
///
/// Changing the threshold re-runs [`PreparedPair::study`] without recomputing returns. Placebo
/// draws depend only on [`PlaceboKey`], not on which days were events, so they are cached: moving
/// the threshold back and forth revisits the same event counts. The cache never changes a result.
#[derive(Debug)]
pub struct PreparedPair {
    pair: AlignedPair,
    long_returns: Vec<f64>,
    short_returns: Vec<f64>,
    spread: Vec<f64>,
    z: Vec<f64>,
    placebo_cache: Mutex<Vec<(PlaceboKey, Arc<PlaceboDraws>)>>,
    /// The last study's pools: they depend on the range, unit and horizons but not on the
    /// threshold, so moving the threshold reuses them.
    pool_cache: Mutex<Option<(PoolKey, Arc<Vec<Pool>>)>>,
}

/// Everything the pools depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PoolKey {
    eligible: (usize, usize),
    unit: HorizonUnit,
    horizons: Vec<usize>,
}

/// Stream of the placebo generator (the seed is the user's; months get their own stream).
const PLACEBO_STREAM: u64 = 0x504C_4143_4542_4F00;

impl Clone for PreparedPair {
    fn clone(&self) -> Self {
        PreparedPair {
            pair: self.pair.clone(),
            long_returns: self.long_returns.clone(),
            short_returns: self.short_returns.clone(),
            spread: self.spread.clone(),
            z: self.z.clone(),
            placebo_cache: Mutex::new(Vec::new()),
            pool_cache: Mutex::new(None),
        }
    }
}

/// Everything a study's placebo draws depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceboKey {
    pub horizons: Vec<usize>,
    pub unit: HorizonUnit,
    pub eligible: (usize, usize),
    /// Events with a complete window, per horizon.
    pub ns: Vec<usize>,
    pub cooloff: usize,
    pub draws: usize,
    pub seed: u64,
}

/// Per horizon, the K placebo means of the long and short legs (`None`: no placebo possible).
type PlaceboDraws = Vec<Option<(Vec<f64>, Vec<f64>)>>;

/// Cached placebo draws kept per pair (each entry holds 2 × K means).
const PLACEBO_CACHE_ENTRIES: usize = 48;

/// One horizon's forward returns from every eligible day with a complete window.
/// Position k is day `eligible.start + k`; complete windows form a prefix of the range.
#[derive(Debug)]
struct Pool {
    long: Vec<f64>,
    short: Vec<f64>,
}

impl Pool {
    /// Mean pair return (long − short) over pool positions `r`; `None` when empty. The same
    /// number as the mean of a stored pair list, without storing one.
    fn pair_mean(&self, r: Range<usize>) -> Option<f64> {
        let n = r.len();
        (n > 0).then(|| {
            self.long[r.clone()]
                .iter()
                .zip(&self.short[r])
                .map(|(l, s)| l - s)
                .sum::<f64>()
                / n as f64
        })
    }

    /// Pair returns from every pool day.
    fn pair(&self) -> Vec<f64> {
        self.long
            .iter()
            .zip(&self.short)
            .map(|(l, s)| l - s)
            .collect()
    }
}

impl PreparedPair {
    /// Computes the daily returns, spread and z-score of an aligned pair.
    pub fn new(pair: AlignedPair) -> PreparedPair {
        let long_returns = daily_returns(pair.long());
        let short_returns = daily_returns(pair.short());
        let spread = spread(&long_returns, &short_returns);
        let z = trailing_z(&spread, Z_WINDOW);
        PreparedPair {
            pair,
            long_returns,
            short_returns,
            spread,
            z,
            placebo_cache: Mutex::new(Vec::new()),
            pool_cache: Mutex::new(None),
        }
    }

    /// The placebo means for `key`, from the cache or drawn (and cached).
    fn placebo_draws(&self, key: PlaceboKey, pools: &[Pool]) -> Arc<PlaceboDraws> {
        if let Ok(cache) = self.placebo_cache.lock()
            && let Some((_, hit)) = cache.iter().find(|(k, _)| *k == key)
        {
            return Arc::clone(hit);
        }
        let mut rng = rng_for(
            key.seed,
            PLACEBO_STREAM | u64::from(key.unit == HorizonUnit::Months),
        );
        let views: Vec<HorizonPool<'_>> = pools
            .iter()
            .zip(&key.ns)
            .map(|(p, &n)| HorizonPool {
                long: &p.long,
                short: &p.short,
                n,
            })
            .collect();
        let draws = Arc::new(joint_placebo_means(
            &views,
            key.cooloff,
            key.draws,
            &mut rng,
        ));
        if let Ok(mut cache) = self.placebo_cache.lock() {
            if cache.len() >= PLACEBO_CACHE_ENTRIES {
                cache.remove(0);
            }
            cache.push((key, Arc::clone(&draws)));
        }
        draws
    }

    /// The aligned closes.
    pub fn pair(&self) -> &AlignedPair {
        &self.pair
    }
    /// Daily spread (index 0 is NaN: no return on the first common day).
    pub fn spread(&self) -> &[f64] {
        &self.spread
    }
    /// Spread over its trailing 252-day standard deviation (NaN before a full window).
    pub fn z(&self) -> &[f64] {
        &self.z
    }
    /// Daily returns of the long leg (index 0 NaN).
    pub fn long_returns(&self) -> &[f64] {
        &self.long_returns
    }
    /// Daily returns of the short leg (index 0 NaN).
    pub fn short_returns(&self) -> &[f64] {
        &self.short_returns
    }

    /// The series a rule's threshold is compared with.
    pub fn signal(&self, unit: ThresholdUnit) -> &[f64] {
        match unit {
            ThresholdUnit::Pct => &self.spread,
            ThresholdUnit::Z => &self.z,
        }
    }

    /// Event indices under `rule`.
    pub fn events(&self, rule: &EventRule) -> Vec<usize> {
        find_events(self.pair.dates(), self.signal(rule.unit()), rule)
    }

    /// Forward returns of both legs from day i to day j.
    fn fwd(&self, i: usize, j: usize) -> (f64, f64) {
        let (l, s) = (self.pair.long(), self.pair.short());
        (l[j] / l[i] - 1.0, s[j] / s[i] - 1.0)
    }

    /// The pools of every horizon, from the cache or computed (and cached).
    fn pools(&self, eligible: Range<usize>, opts: &StudyOptions) -> Arc<Vec<Pool>> {
        let key = PoolKey {
            eligible: (eligible.start, eligible.end),
            unit: opts.unit,
            horizons: opts.horizons.clone(),
        };
        if let Ok(cache) = self.pool_cache.lock()
            && let Some((k, pools)) = cache.as_ref()
            && *k == key
        {
            return Arc::clone(pools);
        }
        let pools: Arc<Vec<Pool>> = Arc::new(
            opts.horizons
                .iter()
                .map(|&h| self.pool(eligible.clone(), opts.unit, h))
                .collect(),
        );
        if let Ok(mut cache) = self.pool_cache.lock() {
            *cache = Some((key, Arc::clone(&pools)));
        }
        pools
    }

    /// The eligible days with a complete window at horizon h, and their forward returns.
    fn pool(&self, eligible: Range<usize>, unit: HorizonUnit, h: usize) -> Pool {
        let dates = self.pair.dates();
        // Complete windows form a prefix of the range: binary search for its end.
        let (mut lo, mut hi) = (eligible.start, eligible.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if unit.end(dates, mid, h).is_some() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let days = lo - eligible.start;
        let (mut long, mut short) = (Vec::with_capacity(days), Vec::with_capacity(days));
        let mut add = |i: usize, j: usize| {
            let (l, s) = self.fwd(i, j);
            long.push(l);
            short.push(s);
        };
        match unit {
            // The common case without a search per day.
            HorizonUnit::Days => (eligible.start..lo).for_each(|i| add(i, i + h)),
            HorizonUnit::Months => (eligible.start..lo)
                .filter_map(|i| Some((i, unit.end(dates, i, h)?)))
                .for_each(|(i, j)| add(i, j)),
        }
        Pool { long, short }
    }

    /// Runs the study for `rule` with `opts`.
    pub fn study(&self, rule: &EventRule, opts: &StudyOptions) -> Result<Study, StudyError> {
        check_horizons(&opts.horizons)?;
        let dates = self.pair.dates();
        let idx = self.events(rule);
        let eligible = rule.eligible(dates);
        let events: Vec<Event> = idx
            .iter()
            .map(|&i| Event {
                index: i,
                date: dates[i],
                long_return: self.long_returns[i],
                short_return: self.short_returns[i],
                spread: self.spread[i],
                z: self.z[i].is_finite().then_some(self.z[i]),
                forward: ByHorizon(
                    opts.horizons
                        .iter()
                        .map(|&h| (h, opts.unit.end(dates, i, h).map(|j| self.window(i, j))))
                        .collect(),
                ),
            })
            .collect();
        let pools = self.pools(eligible.clone(), opts);
        // Placebo: K sets of N pool days under the same cool-off, every horizon at once.
        let placebo = (opts.placebo_draws > 0).then(|| {
            let key = PlaceboKey {
                horizons: opts.horizons.clone(),
                unit: opts.unit,
                eligible: (eligible.start, eligible.end),
                ns: (0..opts.horizons.len())
                    .map(|k| events.iter().filter(|e| e.forward.0[k].1.is_some()).count())
                    .collect(),
                cooloff: rule.cooloff(),
                draws: opts.placebo_draws,
                seed: opts.seed,
            };
            self.placebo_draws(key, &pools)
        });
        let summary = opts
            .horizons
            .iter()
            .zip(pools.iter())
            .enumerate()
            .map(|(k, (&h, pool))| {
                let draws = placebo.as_ref().and_then(|p| p[k].as_ref());
                self.summarize(h, k, &events, pool, draws, opts)
            })
            .collect();
        let subperiods = self.subperiods(&events, eligible.clone(), &pools, opts);
        Ok(Study {
            long: self.pair.long_ticker().to_owned(),
            short: self.pair.short_ticker().to_owned(),
            threshold: rule.given_threshold(),
            threshold_unit: rule.unit(),
            threshold_pct: rule.threshold_pct(),
            direction: rule.direction(),
            cooloff: rule.cooloff(),
            from: rule.from(),
            to: rule.to(),
            horizon_unit: opts.unit,
            seed: opts.seed,
            placebo_draws: opts.placebo_draws,
            bootstrap_draws: opts.bootstrap_draws,
            first_common_date: dates[0],
            last_common_date: dates[dates.len() - 1],
            common_days: dates.len(),
            eligible_days: eligible.len(),
            event_count: events.len(),
            events,
            summary,
            subperiods,
            sweep: Vec::new(),
        })
    }

    /// Forward returns and excursions of the window from day i to day j.
    fn window(&self, i: usize, j: usize) -> Forward {
        let (long, short) = self.fwd(i, j);
        let (l, s) = (self.pair.long(), self.pair.short());
        let ext = |c: &[f64]| {
            c[i + 1..=j]
                .iter()
                .fold((f64::NEG_INFINITY, f64::INFINITY), |(hi, lo), p| {
                    let r = p / c[i] - 1.0;
                    (hi.max(r), lo.min(r))
                })
        };
        let (long_max_gain, long_max_loss) = ext(l);
        let (short_max_gain, short_max_loss) = ext(s);
        Forward {
            long,
            short,
            pair: long - short,
            long_max_gain,
            long_max_loss,
            short_max_gain,
            short_max_loss,
        }
    }

    /// Everything about horizon h (the k-th of the study's horizons).
    fn summarize(
        &self,
        h: usize,
        k: usize,
        events: &[Event],
        pool: &Pool,
        placebo: Option<&(Vec<f64>, Vec<f64>)>,
        opts: &StudyOptions,
    ) -> HorizonSummary {
        let dates = self.pair.dates();
        let complete: Vec<(usize, Forward)> = events
            .iter()
            .filter_map(|e| e.forward.0[k].1.map(|f| (e.index, f)))
            .collect();
        let days: Vec<usize> = complete.iter().map(|(i, _)| *i).collect();
        let ends: Vec<usize> = days
            .iter()
            .filter_map(|&i| opts.unit.end(dates, i, h))
            .collect();
        let leg =
            |f: fn(&Forward) -> f64| complete.iter().map(|(_, fw)| f(fw)).collect::<Vec<f64>>();
        let (long, short, pair) = (leg(|f| f.long), leg(|f| f.short), leg(|f| f.pair));
        let (dl, ds, dp) = (describe(&long), describe(&short), describe(&pair));
        let (bl, bs, bp) = (
            mean(&pool.long),
            mean(&pool.short),
            pool.pair_mean(0..pool.long.len()),
        );
        let edge = |d: Option<Describe>, b: Option<f64>| Some(d?.mean - b?);

        let ids = clusters(&days, &ends);
        let firsts = first_of_each(&ids);
        let pick = |v: &[f64]| mean(&firsts.iter().map(|&p| v[p]).collect::<Vec<_>>());

        let stream = (h as u64) << 1 | u64::from(opts.unit == HorizonUnit::Months);
        let placebo = placebo.filter(|_| !complete.is_empty()).map(|(ml, ms)| {
            let mp: Vec<f64> = ml.iter().zip(ms).map(|(a, b)| a - b).collect();
            (
                dl.and_then(|d| summarize(d.mean, ml)),
                ds.and_then(|d| summarize(d.mean, ms)),
                dp.and_then(|d| summarize(d.mean, &mp)),
                sample_std(&mp),
            )
        });
        let (pl, ps, pp, pp_sd) = placebo.unwrap_or((None, None, None, None));

        // Cluster bootstrap.
        let mut boot = BootIntervals::default();
        if opts.bootstrap_draws > 0 && !complete.is_empty() {
            let mut rng = rng_for(opts.seed ^ 0xB007_57A9, stream);
            let (c, draws) = resample_clusters(&ids, opts.bootstrap_draws, &mut rng);
            let legs = cluster_intervals_of_legs([&long, &short, &pair], &ids, c, &draws);
            for (leg, intervals) in legs.into_iter().enumerate() {
                if let Some([mean_ci, median_ci, hit_ci]) = intervals {
                    boot.mean[leg] = Some(mean_ci);
                    boot.median[leg] = Some(median_ci);
                    boot.hit[leg] = Some(hit_ci);
                }
            }
        }

        // t statistics of the pair edge; bandwidth = mean window length in trading days.
        let bandwidth = if days.is_empty() {
            0
        } else {
            let total: usize = days.iter().zip(&ends).map(|(i, j)| j - i).sum();
            ((total as f64 / days.len() as f64).round() as usize).max(1)
        };
        let (t_naive, t_overlap) = match bp {
            Some(b) => t_stats(
                &days,
                &pair.iter().map(|p| p - b).collect::<Vec<_>>(),
                bandwidth,
            ),
            None => (None, None),
        };

        let exc = |f: fn(&Forward) -> f64| {
            mean(&complete.iter().map(|(_, fw)| f(fw)).collect::<Vec<_>>())
        };
        let loo = (pair.len() >= 2).then(|| {
            let total: f64 = pair.iter().sum();
            let m = (pair.len() - 1) as f64;
            pair.iter()
                .map(|x| (total - x) / m)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                })
        });

        HorizonSummary {
            horizon: h,
            count: complete.len(),
            incomplete: events.len() - complete.len(),
            distinct_count: distinct_count(&ids),
            long_mean: dl.map(|d| d.mean),
            long_median: dl.map(|d| d.median),
            long_hit_rate: dl.map(|d| d.hit_rate),
            long_min: dl.map(|d| d.min),
            long_max: dl.map(|d| d.max),
            long_std: dl.and_then(|d| d.std),
            short_mean: ds.map(|d| d.mean),
            short_median: ds.map(|d| d.median),
            short_hit_rate: ds.map(|d| d.hit_rate),
            short_min: ds.map(|d| d.min),
            short_max: ds.map(|d| d.max),
            short_std: ds.and_then(|d| d.std),
            pair_mean: dp.map(|d| d.mean),
            pair_median: dp.map(|d| d.median),
            pair_hit_rate: dp.map(|d| d.hit_rate),
            pair_min: dp.map(|d| d.min),
            pair_max: dp.map(|d| d.max),
            pair_std: dp.and_then(|d| d.std),
            baseline_count: pool.long.len(),
            baseline_long_mean: bl,
            baseline_short_mean: bs,
            baseline_pair_mean: bp,
            long_edge: edge(dl, bl),
            short_edge: edge(ds, bs),
            pair_edge: edge(dp, bp),
            distinct_long_mean: pick(&long),
            distinct_short_mean: pick(&short),
            distinct_pair_mean: pick(&pair),
            long_mean_ci: boot.mean[0],
            short_mean_ci: boot.mean[1],
            pair_mean_ci: boot.mean[2],
            long_median_ci: boot.median[0],
            short_median_ci: boot.median[1],
            pair_median_ci: boot.median[2],
            long_hit_rate_ci: boot.hit[0],
            short_hit_rate_ci: boot.hit[1],
            pair_hit_rate_ci: boot.hit[2],
            pair_edge_ci: boot.mean[2].zip(bp).map(|(ci, b)| ci.minus(b)),
            placebo_long_mean: pl.map(|p| p.mean),
            placebo_short_mean: ps.map(|p| p.mean),
            placebo_pair_mean: pp.map(|p| p.mean),
            placebo_p_long: pl.map(|p| p.p),
            placebo_p_short: ps.map(|p| p.p),
            placebo_p_pair: pp.map(|p| p.p),
            placebo_pair_sd: pp_sd,
            pair_edge_t_naive: t_naive,
            pair_edge_t_overlap: t_overlap,
            overlap_bandwidth_days: bandwidth,
            long_max_gain_mean: exc(|f| f.long_max_gain),
            long_max_loss_mean: exc(|f| f.long_max_loss),
            short_max_gain_mean: exc(|f| f.short_max_gain),
            short_max_loss_mean: exc(|f| f.short_max_loss),
            pair_mean_loo_min: loo.map(|l| l.0),
            pair_mean_loo_max: loo.map(|l| l.1),
        }
    }

    /// Summaries by decade, and before / from the split year, over the study's own events.
    /// `pools` are the study's per-horizon pools over `eligible`; a sub-period's baseline is the
    /// slice of its days.
    fn subperiods(
        &self,
        events: &[Event],
        eligible: Range<usize>,
        pools: &[Pool],
        opts: &StudyOptions,
    ) -> Vec<SubPeriod> {
        let dates = self.pair.dates();
        if eligible.is_empty() {
            return Vec::new();
        }
        let (first, last) = (dates[eligible.start], dates[eligible.end - 1]);
        let mut periods: Vec<(String, Date, Date)> = Vec::new();
        let mut decade = first.year() / 10 * 10;
        while decade <= last.year() {
            let lo = Date::from_ymd(decade, 1, 1).map_or(first, |d| d.max(first));
            let hi = Date::from_ymd(decade + 9, 12, 31).map_or(last, |d| d.min(last));
            periods.push((format!("{decade}s"), lo, hi));
            decade += 10;
        }
        if let Some(y) = opts.split_year
            && let (Some(cut_hi), Some(cut_lo)) =
                (Date::from_ymd(y - 1, 12, 31), Date::from_ymd(y, 1, 1))
        {
            if first <= cut_hi {
                periods.push((format!("before {y}"), first, cut_hi.min(last)));
            }
            if cut_lo <= last {
                periods.push((format!("{y} on"), cut_lo.max(first), last));
            }
        }
        periods
            .into_iter()
            .map(|(label, from, to)| {
                let range = dates.partition_point(|d| *d < from).max(eligible.start)
                    ..dates.partition_point(|d| *d <= to).min(eligible.end);
                let sub: Vec<&Event> = events
                    .iter()
                    .filter(|e| e.date >= from && e.date <= to)
                    .collect();
                let summary = opts
                    .horizons
                    .iter()
                    .enumerate()
                    .map(|(k, &h)| {
                        // Pool position p is day eligible.start + p; complete windows are a prefix.
                        let full = pools[k].long.len();
                        let lo = (range.start - eligible.start).min(full);
                        let hi = range.end.saturating_sub(eligible.start).min(full).max(lo);
                        let complete: Vec<(usize, Forward)> = sub
                            .iter()
                            .filter_map(|e| e.forward.0[k].1.map(|f| (e.index, f)))
                            .collect();
                        let days: Vec<usize> = complete.iter().map(|c| c.0).collect();
                        let ends: Vec<usize> = days
                            .iter()
                            .filter_map(|&i| opts.unit.end(dates, i, h))
                            .collect();
                        let m = |f: fn(&Forward) -> f64| {
                            mean(&complete.iter().map(|c| f(&c.1)).collect::<Vec<_>>())
                        };
                        let pair_mean = m(|f| f.pair);
                        let baseline_pair_mean = pools[k].pair_mean(lo..hi);
                        SubSummary {
                            horizon: h,
                            count: complete.len(),
                            distinct_count: distinct_count(&clusters(&days, &ends)),
                            long_mean: m(|f| f.long),
                            short_mean: m(|f| f.short),
                            pair_mean,
                            baseline_pair_mean,
                            pair_edge: pair_mean.zip(baseline_pair_mean).map(|(a, b)| a - b),
                        }
                    })
                    .collect();
                SubPeriod {
                    label,
                    from,
                    to,
                    event_count: sub.len(),
                    summary,
                }
            })
            .collect()
    }

    /// The threshold sweep: for thresholds 1 … 8 step 0.25 (in the rule's unit) × each horizon,
    /// N, distinct N, pair edge and its placebo p-value. The rule's own threshold is ignored.
    ///
    /// The placebo uses [`SWEEP_PLACEBO_DRAWS`] sets per horizon; each set is one sequence of
    /// random days drawn under the cool-off, and the placebo for N events is its first N days, so
    /// one draw serves every threshold.
    pub fn sweep(
        &self,
        rule: &EventRule,
        opts: &StudyOptions,
    ) -> Result<Vec<SweepCell>, StudyError> {
        check_horizons(&opts.horizons)?;
        let dates = self.pair.dates();
        let eligible = rule.eligible(dates);
        let thresholds = sweep_thresholds();
        let event_sets: Vec<Vec<usize>> = thresholds
            .iter()
            .map(|&t| {
                rule.with_threshold(t)
                    .map(|r| self.events(&r))
                    .unwrap_or_default()
            })
            .collect();
        let mut cells = Vec::with_capacity(thresholds.len() * opts.horizons.len());
        for &h in &opts.horizons {
            let pool = self.pool(eligible.clone(), opts.unit, h);
            let pool_pair = pool.pair();
            let base = mean(&pool_pair);
            let per_t: Vec<(Vec<usize>, Vec<usize>, Vec<f64>)> = event_sets
                .iter()
                .map(|ev| {
                    let mut days = Vec::new();
                    let mut ends = Vec::new();
                    let mut pair = Vec::new();
                    for &i in ev {
                        if let Some(j) = opts.unit.end(dates, i, h) {
                            let (l, s) = self.fwd(i, j);
                            days.push(i);
                            ends.push(j);
                            pair.push(l - s);
                        }
                    }
                    (days, ends, pair)
                })
                .collect();
            // One placebo draw of the longest sequence that fits the pool; the placebo for N events
            // is the first N days of each sequence.
            let n_max = per_t.iter().map(|t| t.0.len()).max().unwrap_or(0);
            let mut rng = rng_for(
                opts.seed ^ 0x5EE9,
                (h as u64) << 1 | u64::from(opts.unit == HorizonUnit::Months),
            );
            let mut n_draw = n_max;
            let (needed, placebo_means) = loop {
                let mut sizes: Vec<usize> = per_t
                    .iter()
                    .map(|t| t.0.len())
                    .filter(|&n| n > 0 && n <= n_draw)
                    .collect();
                sizes.sort_unstable();
                sizes.dedup();
                match prefix_means(
                    &pool_pair,
                    n_draw,
                    &sizes,
                    rule.cooloff(),
                    SWEEP_PLACEBO_DRAWS,
                    &mut rng,
                ) {
                    Ok(m) => break (sizes, m),
                    Err(_) if n_draw > 1 => n_draw /= 2,
                    Err(_) => break (Vec::new(), Vec::new()),
                }
            };
            for (t, (days, ends, pair)) in thresholds.iter().zip(&per_t) {
                let pm = mean(pair);
                let p = pm.and_then(|m| {
                    let slot = needed.binary_search(&days.len()).ok()?;
                    summarize(m, &placebo_means[slot]).map(|s| s.p)
                });
                cells.push(SweepCell {
                    threshold: *t,
                    threshold_unit: rule.unit(),
                    threshold_pct: (rule.unit() == ThresholdUnit::Pct).then_some(*t),
                    horizon: h,
                    count: days.len(),
                    distinct_count: distinct_count(&clusters(days, ends)),
                    pair_edge: pm.zip(base).map(|(a, b)| a - b),
                    placebo_p_pair: p,
                });
            }
        }
        Ok(cells)
    }
}

/// Bootstrap intervals of mean, median and hit rate for long, short and pair.
#[derive(Default)]
struct BootIntervals {
    mean: [Option<Interval>; 3],
    median: [Option<Interval>; 3],
    hit: [Option<Interval>; 3],
}

/// Sample standard deviation (n − 1), without the sorting [`describe`] does for its median.
fn sample_std(values: &[f64]) -> Option<f64> {
    let n = values.len();
    let m = mean(values)?;
    (n >= 2)
        .then(|| (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1) as f64).sqrt())
}

fn check_horizons(horizons: &[usize]) -> Result<(), StudyError> {
    if horizons.is_empty() {
        return Err(StudyError::NoHorizons);
    }
    for (k, &h) in horizons.iter().enumerate() {
        if h == 0 {
            return Err(StudyError::ZeroHorizon);
        }
        if horizons[..k].contains(&h) {
            return Err(StudyError::DuplicateHorizon(h));
        }
    }
    Ok(())
}

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
