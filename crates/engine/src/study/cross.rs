//! The cross-section: what every ticker of a universe did after the study's event days.
//!
//! The events are the pair's ([`PreparedPair::events`]); each ticker X is a [`Series`] on its
//! own calendar, so it may start later, end earlier or miss days of the pair's calendar.
//!
//! # Formula
//!
//! For an event day d (a day of the pair's calendar) and horizon h:
//!
//! - X's **forward return** needs a close of X on d: with j the index of d in X's dates, the
//!   window runs **on X's own calendar** ([`WindowRule::window`](crate::study::horizon::WindowRule::window) on X's dates) from the entry
//!   e = j + lag (the study's entry lag, in X's trading days) to k = the end of h units from e
//!   (e + h trading days, or the first day of X on or after the same date h months later, the
//!   study's month rule, [`HorizonUnit::end`]); it is close_X(k) / close_X(e) − 1. Events where
//!   X lacks d, the entry or the window are left out of X's count.
//! - **count, mean, median, hit rate** (share > 0) of X's forward returns over the events;
//! - **baseline** = the mean of the same forward return from every eligible day of the pair
//!   (i ≥ 1, from ≤ date ≤ to, [`EventRule::eligible`]) on which X has a close and a full
//!   window, summed in date order; **edge** = mean − baseline;
//! - **edge interval**: the cluster bootstrap's 95 % interval of X's mean, minus the baseline.
//!   The clusters are the study's: events chained by overlapping pair windows (entry to end) at
//!   h ([`clusters`]; a pair window that runs past the data reaches beyond the last day), kept for
//!   X's events and renumbered. Each ticker draws from a fresh generator of
//!   [`Stream::CrossBootstrap`] for the horizon;
//! - **placebo p**: the circular shift ([`crate::stats::placebo::shift`]) over **every**
//!   offset o = 1 … n_h − 1 of the horizon's pool, each offset **one set shared by every
//!   ticker**: K = n_h − 1 sets, no draw and no seed, n_h the eligible days with a complete
//!   pair window at h (a prefix of the eligible range). X's statistic is its studentized edge
//!   τ_X ([`studentized`] of its forward returns over its events, clusters as above, centred
//!   on its baseline); on set o it is the same of X's forward returns from the days
//!   (e + o) mod n_h of the events with a complete pair window (the pair's clusters of them),
//!   skipping days where X has none. p is the one-sided empirical p of τ_X among the defined
//!   set values ([`summarize_defined`]): (1 + #{τ_{X,o} at least as extreme}) / (K_X + 1),
//!   K_X the sets with a value. Every ticker on set o sees the same shifted stretch of
//!   history, with the events' clustering kept.
//! - **adjusted p** (single-step max-T over the family of tickers at that horizon):
//!   z_X = |τ_X − c_X| / s_X with c_X, s_X the mean and sample sd of X's set values, the same
//!   for each set, z_{X,o}; M_o = max over the family of z_{X,o};
//!   p_adj(X) = max(p, (1 + #{o : M_o ≥ z_X}) / (K + 1));
//! - **BH q** (Benjamini–Hochberg) over the same family's two-sided p ([`two_sided`]: 2p, at
//!   most 1, as the max-T's |z| is two-sided): with the m two-sided p sorted ascending,
//!   q_(i) = min over j ≥ i of min(1, p_(j) · m / j), so q ≥ 2p ≥ p. Both are computed by
//!   [`crate::stats::multiple`], which the threshold sweep shares.
//!
//! The family at a horizon is the tickers with a placebo p and a positive placebo sd. The
//! study's n/a rule holds: with fewer than [`MIN_EPISODES`] distinct episodes among X's
//! events, X gets no interval, p or q (its means and counts stay).

use serde::{Deserialize, Serialize};

use crate::data::series::Series;
use crate::stats::bootstrap::{Interval, cluster_mean_interval, resample_clusters};
use crate::stats::multiple::{MaxT, PlaceboTest, bh_q};
use crate::stats::overlap::{clusters, studentized};
use crate::stats::placebo::shift::{Circle, Pattern, every_shift_into};
use crate::stats::placebo::{summarize_defined, two_sided};
use crate::stats::random::Stream;
use crate::stats::{describe, mean};
use crate::study::events::EventRule;
use crate::study::horizon::HorizonUnit;
use crate::study::options::{StudyError, StudyOptions};
use crate::study::prepared::PreparedPair;
use crate::study::summary::MIN_EPISODES;

/// One ticker at one horizon of the cross-section (returns are fractions; `None` is `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossRow {
    /// The ticker.
    pub ticker: String,
    /// The horizon, in the study's unit.
    pub horizon: usize,
    /// Events with a forward return of the ticker.
    pub count: usize,
    /// Mean forward return after the events.
    pub mean: Option<f64>,
    /// Median forward return after the events.
    pub median: Option<f64>,
    /// Share of the events' forward returns above 0.
    pub hit_rate: Option<f64>,
    /// Mean forward return from every eligible day with a close and a full window.
    pub baseline_mean: Option<f64>,
    /// mean − baseline_mean.
    pub edge: Option<f64>,
    /// Cluster-bootstrap 95 % interval of the edge.
    pub edge_ci: Option<Interval>,
    /// One-sided circular-shift placebo p of the studentized edge (see the module docs).
    pub placebo_shift_p: Option<f64>,
    /// Family-wise (max-T over the tickers at this horizon) adjusted p.
    pub adjusted_p: Option<f64>,
    /// Benjamini–Hochberg q over the same family.
    pub bh_q: Option<f64>,
}

/// The cross-section of a universe after a study's events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossSection {
    /// The study's events (all of them, with or without windows).
    pub event_count: usize,
    /// Placebo sets per horizon: every circular shift of the horizon's pool, n_h − 1 (0 where
    /// there is no placebo), in the options' order.
    pub placebo_sets: Vec<usize>,
    /// One row per ticker and horizon: tickers in the universe's order, each with its
    /// horizons in the options' order.
    pub rows: Vec<CrossRow>,
}

/// One horizon's circular shift: the pool's length, the events with a complete pair window
/// (their pool positions in the pair's clusters) and the number of shifts, K = pool − 1 (0:
/// no placebo), shared by every ticker.
struct Shift {
    pool: usize,
    pattern: Option<Pattern>,
    k: usize,
}

impl PreparedPair {
    /// The cross-section of `universe` after the events of `rule` (see the module docs for
    /// every formula).
    ///
    /// # Errors
    ///
    /// [`StudyError`] when an option is out of its bounds ([`StudyOptions::check`]).
    pub fn cross_section(
        &self,
        universe: &[Series],
        rule: &EventRule,
        opts: &StudyOptions,
    ) -> Result<CrossSection, StudyError> {
        opts.check()?;
        let dates = self.pair().dates();
        let eligible = rule.days_in(dates)?;
        let events = self.events(rule);
        let months = opts.unit == HorizonUnit::Months;
        let window = opts.window_rule();
        // Per horizon, the circular shift over every offset of the pool (the eligible days with
        // a complete pair window, a prefix of the eligible range), shared by every ticker, and
        // the events with such a window: their pool positions and the pair's clusters.
        let shifts: Vec<Shift> = opts
            .horizons
            .iter()
            .map(|&h| {
                let complete = |i: &usize| window.window(dates, *i, h).is_some();
                let pool = eligible.clone().filter(complete).count();
                let kept: Vec<usize> = events.iter().copied().filter(complete).collect();
                let entries: Vec<usize> = kept.iter().map(|&i| window.entry(i)).collect();
                let ends: Vec<usize> = kept.iter().map(|&i| window.reach(dates, i, h)).collect();
                let k = if !kept.is_empty() && pool >= 2 {
                    pool - 1
                } else {
                    0
                };
                let positions: Vec<usize> = kept.iter().map(|&i| i - eligible.start).collect();
                Shift {
                    pool,
                    pattern: Pattern::new(&positions, &clusters(&entries, &ends)),
                    k,
                }
            })
            .collect();
        let mut rows = Vec::with_capacity(universe.len() * opts.horizons.len());
        // Per horizon (slot), the family's rows, each ticker's shifted statistics folded into
        // the max-T's maxima as soon as they are known.
        let mut families: Vec<(Vec<usize>, MaxT)> = shifts
            .iter()
            .map(|s| (Vec::new(), MaxT::new(s.k)))
            .collect();
        // Memory every ticker's shift reuses: X's values by pool day, laid out, shifted.
        let (mut pool, mut circle, mut sets) = (Vec::new(), Circle::default(), Vec::new());
        // Per horizon, the bootstrap's draws by episode count (see below).
        let mut resamples: Vec<Vec<(usize, Vec<u32>)>> =
            opts.horizons.iter().map(|_| Vec::new()).collect();
        for x in universe {
            // X's index of each eligible pair day, if X has a close that day.
            let xi: Vec<Option<usize>> = eligible
                .clone()
                .map(|i| x.dates().binary_search(&dates[i]).ok())
                .collect();
            for (slot, &h) in opts.horizons.iter().enumerate() {
                // X's forward return from each eligible position (None: no close or window).
                let fwd: Vec<Option<f64>> = xi
                    .iter()
                    .map(|j| {
                        let w = window.window(x.dates(), (*j)?, h)?;
                        Some(x.close()[w.end] / x.close()[w.entry] - 1.0)
                    })
                    .collect();
                let baseline = mean(&fwd.iter().flatten().copied().collect::<Vec<f64>>());
                // The study's clusters at h, kept for X's events and renumbered from 0.
                let entries: Vec<usize> = events.iter().map(|&i| window.entry(i)).collect();
                let ends: Vec<usize> = events.iter().map(|&i| window.reach(dates, i, h)).collect();
                let pair_ids = clusters(&entries, &ends);
                let (mut values, mut ids) = (Vec::new(), Vec::<usize>::new());
                let mut last_pair_id = None;
                for (&i, &pair_id) in events.iter().zip(&pair_ids) {
                    if let Some(v) = fwd[i - eligible.start] {
                        let id = match (ids.last(), last_pair_id) {
                            (Some(&last), Some(prev)) if prev == pair_id => last,
                            (Some(&last), _) => last + 1,
                            _ => 0,
                        };
                        last_pair_id = Some(pair_id);
                        values.push(v);
                        ids.push(id);
                    }
                }
                let episodes = ids.last().map_or(0, |c| c + 1);
                let d = describe(&values);
                let edge = d.zip(baseline).map(|(d, b)| d.mean - b);
                let thin = episodes < MIN_EPISODES;
                let edge_ci = match (thin, baseline) {
                    (false, Some(b)) if opts.bootstrap_draws > 0 => {
                        // Every ticker draws from a fresh generator of the horizon's stream, so
                        // tickers with as many episodes draw the same clusters: drawn once.
                        let c = episodes;
                        let draws = match resamples[slot].iter().find(|(n, _)| *n == c) {
                            Some((_, draws)) => draws,
                            None => {
                                let mut rng = Stream::CrossBootstrap { horizon: h, months }
                                    .generator(opts.seed);
                                let (_, draws) =
                                    resample_clusters(&ids, opts.bootstrap_draws, &mut rng);
                                resamples[slot].push((c, draws));
                                &resamples[slot][resamples[slot].len() - 1].1
                            }
                        };
                        cluster_mean_interval(&values, &ids, c, draws).map(|m| m.minus(b))
                    }
                    _ => None,
                };
                let mut placebo_shift_p = None;
                let shift = &shifts[slot];
                if let (false, Some(b), Some(pattern)) = (thin, baseline, &shift.pattern)
                    && shift.k > 0
                    && let Some(tau) = studentized(&values, &ids, b)
                {
                    pool.clear();
                    pool.extend(fwd[..shift.pool].iter().map(|v| v.unwrap_or(f64::NAN)));
                    circle.lay(&pool, shift.k);
                    every_shift_into(&circle, pattern, b, &mut sets);
                    if let Some((s, sd)) = summarize_defined(tau, &sets) {
                        placebo_shift_p = Some(s.p);
                        if let Some(sd) = sd.filter(|sd| *sd > 0.0) {
                            let (family, max_t) = &mut families[slot];
                            family.push(rows.len());
                            max_t.add(&PlaceboTest {
                                observed: tau,
                                placebo: &sets,
                                centre: s.mean,
                                sd,
                                raw_p: s.p,
                            });
                        }
                    }
                }
                rows.push(CrossRow {
                    ticker: x.ticker().to_owned(),
                    horizon: h,
                    count: values.len(),
                    mean: d.map(|d| d.mean),
                    median: d.map(|d| d.median),
                    hit_rate: d.map(|d| d.hit_rate),
                    baseline_mean: baseline,
                    edge,
                    edge_ci,
                    placebo_shift_p,
                    adjusted_p: None,
                    bh_q: None,
                });
            }
        }
        for (family, max_t) in &families {
            adjust(family, max_t, &mut rows);
        }
        Ok(CrossSection {
            event_count: events.len(),
            placebo_sets: shifts.iter().map(|s| s.k).collect(),
            rows,
        })
    }
}

/// Fills `adjusted_p` and `bh_q` of the family's rows (one horizon's tickers with a placebo,
/// in the order `max_t` took them), by [`MaxT`] and [`bh_q`].
fn adjust(family: &[usize], max_t: &MaxT, rows: &mut [CrossRow]) {
    let raw: Vec<f64> = family
        .iter()
        .map(|&r| two_sided(rows[r].placebo_shift_p.unwrap_or(1.0)))
        .collect();
    for ((&r, p_adj), q) in family.iter().zip(max_t.adjusted()).zip(bh_q(&raw)) {
        rows[r].adjusted_p = Some(p_adj);
        rows[r].bh_q = Some(q);
    }
}

#[cfg(test)]
mod tests;
