//! [`PreparedPair`]: a pair's returns, spread and z-score computed once, its accessors, and
//! [`PreparedPair::study`], which runs one study from them.

use crate::data::align::AlignedPair;
use crate::data::date::Date;
use crate::stats::overlap::clusters;
use crate::study::cache::BoundedCache;
use crate::study::events::{EventRule, ThresholdUnit, find_events};
use crate::study::horizon::Span;
use crate::study::options::{StudyError, StudyOptions};
use crate::study::pools::{
    DecayKey, PLACEBO_CACHE_ENTRIES, POOL_CACHE_ENTRIES, PlaceboDraws, PlaceboKey, Pool, PoolKey,
};
use crate::study::result::{ByHorizon, Event, Forward, Study};
use crate::study::returns::{Z_WINDOW, daily_returns, spread, trailing_z};
use crate::study::summary::ShiftBuffers;

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
    /// Placebo draws by everything they depend on.
    pub(super) placebo_cache: BoundedCache<PlaceboKey, PlaceboDraws>,
    /// The last study's pools: they depend on the range, unit and horizons but not on the
    /// threshold, so moving the threshold reuses them.
    pub(super) pool_cache: BoundedCache<PoolKey, Vec<Pool>>,
    /// The lag decay's baselines (every lag × horizon): like the pools, they do not depend on
    /// the threshold, so moving it recomputes only the events' means.
    pub(super) decay_cache: BoundedCache<DecayKey, Vec<Option<f64>>>,
}

impl Clone for PreparedPair {
    /// A copy of the data with empty caches.
    fn clone(&self) -> Self {
        PreparedPair {
            pair: self.pair.clone(),
            long_returns: self.long_returns.clone(),
            short_returns: self.short_returns.clone(),
            spread: self.spread.clone(),
            z: self.z.clone(),
            placebo_cache: BoundedCache::new(PLACEBO_CACHE_ENTRIES),
            pool_cache: BoundedCache::new(POOL_CACHE_ENTRIES),
            decay_cache: BoundedCache::new(POOL_CACHE_ENTRIES),
        }
    }
}

impl PreparedPair {
    /// Computes the daily returns, spread and z-score of an aligned pair.
    ///
    /// # Formula
    ///
    /// r(d) = close(d) / close(d − 1) − 1 per leg, spread(d) = r_long(d) − r_short(d), and
    /// z(d) = spread(d) / the sample standard deviation of the 252 spreads before day d
    /// ([`trailing_z`](crate::study::returns::trailing_z)).
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::{AlignedPair, Date, Direction, EventRule, PreparedPair, Series};
    ///
    /// // Ten days; the long leg jumps 5 % on day 3 while the short leg is flat.
    /// let dates: Vec<Date> = (0..10).map(|k| Date::from_days(20_000 + k)).collect();
    /// let long = vec![100.0, 100.0, 100.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0];
    /// let short = vec![50.0; 10];
    /// let pair = AlignedPair::new(
    ///     &Series::new("L", dates.clone(), long)?,
    ///     &Series::new("S", dates, short)?,
    /// )?;
    /// let prepared = PreparedPair::new(pair);
    /// let rule = EventRule::new(4.0, Direction::Up, 0, None, None)?;
    /// assert_eq!(prepared.events(&rule), vec![3]);
    /// assert!((prepared.spread()[3] - 0.05).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
            placebo_cache: BoundedCache::new(PLACEBO_CACHE_ENTRIES),
            pool_cache: BoundedCache::new(POOL_CACHE_ENTRIES),
            decay_cache: BoundedCache::new(POOL_CACHE_ENTRIES),
        }
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
    ///
    /// # Formula
    ///
    /// close(j) / close(i) − 1 for each leg.
    pub(crate) fn forward_returns(&self, i: usize, j: usize) -> (f64, f64) {
        let (long, short) = (self.pair.long(), self.pair.short());
        (long[j] / long[i] - 1.0, short[j] / short[i] - 1.0)
    }

    /// Runs the study for `rule` with `opts`: events, per-horizon summaries and sub-periods
    /// (the sweep is separate, see [`PreparedPair::sweep`]).
    ///
    /// # Errors
    ///
    /// [`StudyError`] when an option is out of its bounds ([`StudyOptions::check`]) or the
    /// rule's range holds none of the pair's days ([`EventRule::days_in`]).
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::{AlignedPair, Date, Direction, EventRule, PreparedPair, Series, StudyOptions};
    ///
    /// // A flat short leg and a long leg that jumps 5 % every 20 days.
    /// let dates: Vec<Date> = (0..200).map(|k| Date::from_days(20_000 + k)).collect();
    /// let long: Vec<f64> = (0..200).map(|k| 100.0 * 1.05f64.powi(k / 20)).collect();
    /// let pair = AlignedPair::new(
    ///     &Series::new("L", dates.clone(), long)?,
    ///     &Series::new("S", dates, vec![50.0; 200])?,
    /// )?;
    /// let prepared = PreparedPair::new(pair);
    /// let rule = EventRule::new(4.0, Direction::Up, 0, None, None)?;
    /// let study = prepared.study(&rule, &StudyOptions::with_horizons(&[5]))?;
    /// assert_eq!(study.event_count, 9);
    /// // Five days after each jump the long leg has not moved again.
    /// assert_eq!(study.summary[0].long.mean, Some(0.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn study(&self, rule: &EventRule, opts: &StudyOptions) -> Result<Study, StudyError> {
        opts.check()?;
        let dates = self.pair.dates();
        let eligible = rule.days_in(dates)?;
        let events = self.event_list(rule, opts);
        let pools = self.pools(eligible.clone(), opts);
        // Placebo: K sets of N pool days under the same cool-off, every horizon at once.
        let placebo = (opts.placebo_draws > 0).then(|| {
            let key = PlaceboKey {
                horizons: opts.horizons.clone(),
                unit: opts.unit,
                lag: opts.lag,
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
        let mut buffers = ShiftBuffers::default();
        let summary = pools
            .iter()
            .enumerate()
            .map(|(k, pool)| {
                let draws = placebo.as_ref().and_then(|p| p[k].as_ref());
                self.summarize(k, &events, pool, draws, opts, &mut buffers)
            })
            .collect();
        let subperiods = self.subperiods(&events, eligible.clone(), &pools, opts);
        let days: Vec<usize> = events.iter().map(|e| e.index).collect();
        let lag_decay = self.decay(&days, eligible.clone(), opts, Some(&pools));
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
            lag: opts.lag,
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
            lag_decay,
            sweep: Vec::new(),
        })
    }

    /// The events held out of a study at `cut` (see [`EventRule::before`]): `rule`'s events on or
    /// after `cut`, found in one scan from the rule's `from` (so a cool-off runs across the cut
    /// as it does in a study), with no end date. The study of `rule.before(cut)` holds exactly
    /// the events before `cut`, so every event is in one of the two.
    pub fn held_out(&self, rule: &EventRule, cut: Date, opts: &StudyOptions) -> Vec<Event> {
        self.event_list(&rule.open_ended(), opts)
            .into_iter()
            .filter(|e| e.date >= cut)
            .collect()
    }

    /// The rule's events with their returns, forward windows at `opts`' horizons and episode
    /// numbers: the same [`Event`] values a [`Study`]'s `events` holds, without any statistics
    /// (the page lists held-out events with it).
    ///
    /// Each window starts at the event day plus `opts.lag`
    /// ([`WindowRule`](crate::study::horizon::WindowRule)). Episodes chain the
    /// events whose windows (entry to end) at the longest horizon overlap, as [`clusters`] chains
    /// them; a window that runs past the data is taken to reach beyond the last day, so it chains
    /// every later event (a nominal end i + lag + h does the same).
    pub fn event_list(&self, rule: &EventRule, opts: &StudyOptions) -> Vec<Event> {
        let mut events: Vec<Event> = self
            .events(rule)
            .iter()
            .map(|&i| self.event(i, opts))
            .collect();
        if let Some(&longest) = opts.horizons.iter().max() {
            let dates = self.pair.dates();
            let rule = opts.window_rule();
            let entries: Vec<usize> = events.iter().map(|e| rule.entry(e.index)).collect();
            let ends: Vec<usize> = events
                .iter()
                .map(|e| rule.reach(dates, e.index, longest))
                .collect();
            for (e, id) in events.iter_mut().zip(clusters(&entries, &ends)) {
                e.episode = Some(id + 1);
            }
        }
        events
    }

    /// Event day i: its returns, spread, z and forward windows at every horizon (no episode).
    fn event(&self, i: usize, opts: &StudyOptions) -> Event {
        let dates = self.pair.dates();
        let rule = opts.window_rule();
        Event {
            index: i,
            date: dates[i],
            long_return: self.long_returns[i],
            short_return: self.short_returns[i],
            spread: self.spread[i],
            z: self.z[i].is_finite().then_some(self.z[i]),
            episode: None,
            forward: ByHorizon(
                opts.horizons
                    .iter()
                    .map(|&h| (h, rule.window(dates, i, h).map(|w| self.window(w))))
                    .collect(),
            ),
        }
    }

    /// Forward returns and excursions of a window, from its entry day e to its last day j.
    ///
    /// # Formula
    ///
    /// Max gain = max over closes c(e+1 … j) of c / c(e) − 1; max loss = the min of the same.
    fn window(&self, Span { entry: i, end: j }: Span) -> Forward {
        let (long, short) = self.forward_returns(i, j);
        let extremes = |closes: &[f64]| {
            closes[i + 1..=j]
                .iter()
                .fold((f64::NEG_INFINITY, f64::INFINITY), |(hi, lo), p| {
                    let r = p / closes[i] - 1.0;
                    (hi.max(r), lo.min(r))
                })
        };
        let (long_max_gain, long_max_loss) = extremes(self.pair.long());
        let (short_max_gain, short_max_loss) = extremes(self.pair.short());
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
}
