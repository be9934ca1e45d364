//! Pools (every eligible day's forward returns, per horizon) and the placebo draws over them,
//! both cached on the [`PreparedPair`]: neither depends on the threshold, so moving it reuses
//! them. The caches never change a result (a test compares warm and fresh pairs).

use std::ops::Range;
use std::sync::Arc;

use crate::stats::placebo::{HorizonPool, joint_placebo_means};
use crate::stats::random::Stream;
use crate::study::horizon::{HorizonUnit, WindowRule};
use crate::study::options::{EntryLag, StudyOptions};
use crate::study::prepared::PreparedPair;

/// Cached placebo draws kept per pair (each entry holds 2 × K means per horizon).
pub(crate) const PLACEBO_CACHE_ENTRIES: usize = 48;
/// Cached pool sets kept per pair: the last study's.
pub(crate) const POOL_CACHE_ENTRIES: usize = 1;

/// Everything the lag decay's baselines depend on (every lag is in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecayKey {
    pub(crate) eligible: (usize, usize),
    pub(crate) unit: HorizonUnit,
    pub(crate) horizons: Vec<usize>,
}

/// Everything a study's pools depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PoolKey {
    eligible: (usize, usize),
    rule: WindowRule,
    horizons: Vec<usize>,
}

/// Everything a study's placebo draws depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceboKey {
    /// The study's horizons, in order.
    pub horizons: Vec<usize>,
    /// Their unit.
    pub unit: HorizonUnit,
    /// The entry lag of every window.
    pub lag: EntryLag,
    /// The eligible day range, as (start, end).
    pub eligible: (usize, usize),
    /// Events with a complete window, per horizon.
    pub ns: Vec<usize>,
    /// Cool-off of the rule, in trading days.
    pub cooloff: usize,
    /// Placebo sets per horizon.
    pub draws: usize,
    /// The generator seed.
    pub seed: u64,
}

/// Per horizon, the K placebo means of the long and short legs (`None`: no placebo possible).
pub(crate) type PlaceboDraws = Vec<Option<(Vec<f64>, Vec<f64>)>>;

/// One horizon's forward returns from every eligible day with a complete window (which starts
/// at the day plus the lag, [`WindowRule`]). Position k is day `eligible.start + k`; complete
/// windows form a prefix of the range.
#[derive(Debug)]
pub(crate) struct Pool {
    pub(crate) long: Vec<f64>,
    pub(crate) short: Vec<f64>,
    /// The day at position 0 (the first eligible day).
    pub(crate) start: usize,
}

impl Pool {
    /// Days in the pool.
    pub(crate) fn len(&self) -> usize {
        self.long.len()
    }

    /// Mean pair return (long − short) over pool positions `r`; `None` when empty. The same
    /// number as the mean of a stored pair list, without storing one.
    pub(crate) fn pair_mean(&self, r: Range<usize>) -> Option<f64> {
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
    pub(crate) fn pair(&self) -> Vec<f64> {
        self.long
            .iter()
            .zip(&self.short)
            .map(|(l, s)| l - s)
            .collect()
    }
}

impl PreparedPair {
    /// The placebo means for `key`, from the cache or drawn (and cached).
    pub(crate) fn placebo_draws(&self, key: PlaceboKey, pools: &[Pool]) -> Arc<PlaceboDraws> {
        self.placebo_cache.get_or_insert_with(key, |key| {
            let mut rng = Stream::Placebo {
                months: key.unit == HorizonUnit::Months,
            }
            .generator(key.seed);
            let views: Vec<HorizonPool<'_>> = pools
                .iter()
                .zip(&key.ns)
                .map(|(p, &n)| HorizonPool {
                    long: &p.long,
                    short: &p.short,
                    n,
                })
                .collect();
            joint_placebo_means(&views, key.cooloff, key.draws, &mut rng)
        })
    }

    /// The pools of every horizon, from the cache or computed (and cached).
    pub(crate) fn pools(&self, eligible: Range<usize>, opts: &StudyOptions) -> Arc<Vec<Pool>> {
        let key = PoolKey {
            eligible: (eligible.start, eligible.end),
            rule: opts.window_rule(),
            horizons: opts.horizons.clone(),
        };
        self.pool_cache.get_or_insert_with(key, |key| {
            opts.horizons
                .iter()
                .map(|&h| self.pool(eligible.clone(), key.rule, h))
                .collect()
        })
    }

    /// The eligible days with a complete window at horizon h under `rule`, and their forward
    /// returns (from each day's entry to its window's end).
    pub(crate) fn pool(&self, eligible: Range<usize>, rule: WindowRule, h: usize) -> Pool {
        let dates = self.pair().dates();
        // Complete windows form a prefix of the range: binary search for its end.
        let (mut lo, mut hi) = (eligible.start, eligible.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if rule.window(dates, mid, h).is_some() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let days = lo - eligible.start;
        let (mut long, mut short) = (Vec::with_capacity(days), Vec::with_capacity(days));
        let mut add = |i: usize, j: usize| {
            let (l, s) = self.forward_returns(i, j);
            long.push(l);
            short.push(s);
        };
        match rule.unit {
            // The common case without a search per day: inside the prefix, the window of day i
            // is entry i + lag to entry + h.
            HorizonUnit::Days => {
                (eligible.start..lo).for_each(|i| add(rule.entry(i), rule.entry(i) + h))
            }
            HorizonUnit::Months => (eligible.start..lo)
                .filter_map(|i| rule.window(dates, i, h))
                .for_each(|w| add(w.entry, w.end)),
        }
        Pool {
            long,
            short,
            start: eligible.start,
        }
    }
}
