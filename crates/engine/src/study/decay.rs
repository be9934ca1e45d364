//! The edge decay: how the pair's edge at each horizon changes as the entry moves from the
//! event's close to 5 trading days later ([`PreparedPair::lag_decay`]).

use std::ops::Range;

use crate::stats::mean;
use crate::study::events::EventRule;
use crate::study::horizon::{HorizonUnit, WindowRule};
use crate::study::options::{EntryLag, MAX_LAG, StudyError, StudyOptions};
use crate::study::pools::{DecayKey, Pool};
use crate::study::prepared::PreparedPair;
use crate::study::result::LagEdge;

impl PreparedPair {
    /// The pair's edge at every entry lag 0 … [`MAX_LAG`](crate::study::MAX_LAG) and every
    /// horizon of `opts` (whose own `lag` is ignored): cheap (no placebo, no bootstrap), so it
    /// can follow every change of the settings.
    ///
    /// # Formula
    ///
    /// For lag L and horizon h, with windows from day i + L to h units later ([`WindowRule`]):
    /// count = the events with a complete window; pair_edge = the mean of their pair returns
    /// (long − short) − the mean pair return from every eligible day with a complete window
    /// (`None` when either mean has no sample). At the study's lag these are the summary's
    /// `count` and pair `edge`. Cells are listed lag by lag, each lag's horizons in the options'
    /// order.
    ///
    /// # Errors
    ///
    /// [`StudyError`] when an option is out of its bounds ([`StudyOptions::check`]).
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::{AlignedPair, Date, Direction, EventRule, PreparedPair, Series, StudyOptions};
    ///
    /// // The long leg jumps 5 % every 20 days; the short leg is flat.
    /// let dates: Vec<Date> = (0..200).map(|k| Date::from_days(20_000 + k)).collect();
    /// let long: Vec<f64> = (0..200).map(|k| 100.0 * 1.05f64.powi(k / 20)).collect();
    /// let pair = AlignedPair::new(
    ///     &Series::new("L", dates.clone(), long)?,
    ///     &Series::new("S", dates, vec![50.0; 200])?,
    /// )?;
    /// let rule = EventRule::new(4.0, Direction::Up, 0, None, None)?;
    /// let decay = PreparedPair::new(pair).lag_decay(&rule, &StudyOptions::with_horizons(&[5]))?;
    /// assert_eq!(decay.len(), 6); // lags 0 … 5, one horizon
    /// assert_eq!((decay[0].lag.days(), decay[0].count), (0, 9));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lag_decay(
        &self,
        rule: &EventRule,
        opts: &StudyOptions,
    ) -> Result<Vec<LagEdge>, StudyError> {
        opts.check()?;
        let eligible = rule.eligible(self.pair().dates());
        Ok(self.decay(&self.events(rule), eligible, opts, None))
    }

    /// [`PreparedPair::lag_decay`] of the event days `events` over the `eligible` days; `pools`,
    /// the study's at its own lag (one per horizon of `opts`), when at hand.
    pub(crate) fn decay(
        &self,
        events: &[usize],
        eligible: Range<usize>,
        opts: &StudyOptions,
        pools: Option<&[Pool]>,
    ) -> Vec<LagEdge> {
        let dates = self.pair().dates();
        let key = DecayKey {
            eligible: (eligible.start, eligible.end),
            unit: opts.unit,
            horizons: opts.horizons.clone(),
        };
        // Every lag's baselines, lag by lag: cached (they do not depend on the events).
        let baselines = self.decay_cache.get_or_insert_with(key, |_| {
            let by_horizon: Vec<Vec<Option<f64>>> = opts
                .horizons
                .iter()
                .enumerate()
                .map(|(k, &h)| {
                    let known = pools.and_then(|p| p.get(k)).map(|p| (p, opts.lag.days()));
                    self.baselines_by_lag(eligible.clone(), opts.unit, h, known)
                })
                .collect();
            EntryLag::all()
                .enumerate()
                .flat_map(|(k, _)| by_horizon.iter().map(move |b| b[k]))
                .collect()
        });
        let mut out = Vec::with_capacity(baselines.len());
        for lag in EntryLag::all() {
            let rule = WindowRule {
                unit: opts.unit,
                lag,
            };
            for &h in &opts.horizons {
                let baseline = baselines[out.len()];
                let pair: Vec<f64> = events
                    .iter()
                    .filter_map(|&i| rule.window(dates, i, h))
                    .map(|w| {
                        let (l, s) = self.forward_returns(w.entry, w.end);
                        l - s
                    })
                    .collect();
                out.push(LagEdge {
                    lag,
                    horizon: h,
                    count: pair.len(),
                    pair_edge: mean(&pair).zip(baseline).map(|(m, b)| m - b),
                });
            }
        }
        out
    }

    /// The baseline pair mean at horizon h for every lag 0 … MAX_LAG, in order: lag L's pool
    /// is the eligible days i with a complete window from entry i + L, so its windows are the
    /// entries start + L, start + L + 1, …; each entry's pair return is computed once and every
    /// lag sums its stretch of them, in entry order (the numbers of each lag's own pool).
    /// `known` is a pool already made at lag L (its entries start + L + k), whose returns are
    /// taken as they are: the same divisions of the same closes.
    fn baselines_by_lag(
        &self,
        eligible: Range<usize>,
        unit: HorizonUnit,
        h: usize,
        known: Option<(&Pool, usize)>,
    ) -> Vec<Option<f64>> {
        let dates = self.pair().dates();
        // Complete windows form a prefix of the entries: stop at the first without an end.
        let last = (eligible.end + MAX_LAG).min(dates.len());
        let mut pairs = Vec::with_capacity(last.saturating_sub(eligible.start));
        for j in eligible.start..last {
            let from_pool = known.and_then(|(pool, lag)| {
                let k = (j - eligible.start).checked_sub(lag)?;
                Some((*pool.long.get(k)?, *pool.short.get(k)?))
            });
            let (l, s) = match from_pool {
                Some(returns) => returns,
                None => {
                    let Some(end) = unit.end(dates, j, h) else {
                        break;
                    };
                    self.forward_returns(j, end)
                }
            };
            pairs.push(l - s);
        }
        EntryLag::all()
            .map(|lag| {
                let lo = lag.days();
                let hi = (eligible.len() + lo).min(pairs.len());
                pairs.get(lo..hi).and_then(mean)
            })
            .collect()
    }
}
