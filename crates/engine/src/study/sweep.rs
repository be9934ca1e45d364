//! The threshold sweep: N, distinct N, pair edge, a placebo p and that p adjusted for the whole
//! grid for every threshold of [`sweep_thresholds`] × every horizon.
//!
//! # Formula
//!
//! - **placebo p** of a cell (threshold t, horizon h, N events with a complete window at h):
//!   the circular-shift placebo ([`crate::stats::placebo::shift`]) over **every** offset
//!   o = 1 … n − 1 of the common pool (the eligible days with a complete window at every
//!   horizon, n of them): K = n − 1 sets, shared by the whole grid, with no draw and no seed.
//!   Offset o moves every event of every cell by o days, wrapping around the horizon's own
//!   pool (n_h days): the cell's statistic on set o is the studentized pair mean τ
//!   ([`studentized`], its own episodes as clusters, centred on the horizon's baseline) of the
//!   days (e + o) mod n_h, and p is the one-sided empirical p of the observed τ among them
//!   ([`summarize_defined`]): (1 + #{τ_o at least as extreme}) / (K + 1). So every threshold
//!   on set o moves by the same days, and every horizon too until its pool wraps (each wraps
//!   at its own n_h), each cell keeping its own clustering. A cell whose events form fewer than
//!   [`MIN_EPISODES`] separate episodes gets no placebo (the study's n/a rule).
//! - **adjusted p** (single-step max-T over the whole grid, [`MaxT`]): the family is
//!   every cell with a placebo p and a positive placebo sd, all thresholds × all horizons. Cell
//!   j's statistic on set o is τ_{j,o}; with c_j and s_j the mean and sample sd of its defined
//!   τ_{j,·}, z_j = |τ_j − c_j| / s_j, M_o = max over the family of |τ_{j,o} − c_j| / s_j, and
//!   p_adj = max(p, (1 + #{o : M_o ≥ z_j}) / (K + 1)), o over the same K shifts. Sharing the
//!   offsets keeps the grid's dependence between neighbouring thresholds and between horizons,
//!   and the events' clustering, in M_o: independent random days (the previous null) ignored the clustering
//!   and starred many cells of pairs with no edge at all (`make calibrate`).
//! - **BH q** (Benjamini–Hochberg, [`bh_q`]) over the same family's two-sided p
//!   ([`two_sided`]: 2p, at most 1, as the max-T's |z| is two-sided): with the m two-sided p
//!   sorted ascending, q_(i) = min over j ≥ i of min(1, p_(j) · m / j).
//!
//! Both are at least the raw p; a cell outside the family has neither (`None`).

use crate::stats::mean;
use crate::stats::multiple::{MaxT, PlaceboTest, bh_q};
use crate::stats::overlap::{clusters, distinct_count, studentized};
use crate::stats::placebo::shift::{Circle, Pattern, PatternGrid};
use crate::stats::placebo::{summarize_defined, two_sided};
use crate::study::events::EventRule;
use crate::study::options::{StudyError, StudyOptions};
use crate::study::prepared::PreparedPair;
use crate::study::result::SweepCell;
use crate::study::summary::MIN_EPISODES;

/// Sweep thresholds: 1 to 8 in steps of 0.25 (in the rule's unit).
pub fn sweep_thresholds() -> Vec<f64> {
    (0..=28).map(|k| 1.0 + 0.25 * f64::from(k)).collect()
}

impl PreparedPair {
    /// The threshold sweep: for thresholds 1 … 8 step 0.25 (in the rule's unit) × each horizon,
    /// N, distinct N, pair edge, its placebo p-value and that p adjusted for the whole grid
    /// (max-T and BH q, see the module docs for the formulas), with the study's windows (entry
    /// lag included, [`WindowRule`](crate::study::horizon::WindowRule)). The rule's own threshold is
    /// ignored.
    ///
    /// The placebo is the circular shift over every offset of the days with a complete window at
    /// every horizon, each offset one set shared by every cell (each cell's `placebo_sets`).
    ///
    /// # Errors
    ///
    /// [`StudyError`] when an option is out of its bounds ([`StudyOptions::check`]).
    pub fn sweep(
        &self,
        rule: &EventRule,
        opts: &StudyOptions,
    ) -> Result<Vec<SweepCell>, StudyError> {
        opts.check()?;
        let dates = self.pair().dates();
        let eligible = rule.eligible(dates);
        let window = opts.window_rule();
        let lag = opts.lag.days();
        // The grid's rules (every grid value is a valid threshold, so none is dropped).
        let rules: Vec<EventRule> = sweep_thresholds()
            .into_iter()
            .filter_map(|t| rule.with_threshold(t).ok())
            .collect();
        let event_sets: Vec<Vec<usize>> = rules.iter().map(|r| self.events(r)).collect();
        // Per horizon: the pool's pair returns (a prefix of the eligible days) and, per
        // threshold, the events complete at h, their windows' entries and ends, pair returns.
        type ByThreshold = Vec<(Vec<usize>, Vec<usize>, Vec<f64>)>;
        let horizons: Vec<(Vec<f64>, ByThreshold)> = opts
            .horizons
            .iter()
            .map(|&h| {
                let pool_pair = self.pool(eligible.clone(), window, h).pair();
                let by_threshold = event_sets
                    .iter()
                    .map(|ev| {
                        let mut entries = Vec::new();
                        let mut ends = Vec::new();
                        let mut pair = Vec::new();
                        for &i in ev {
                            if let Some(w) = window.window(dates, i, h) {
                                let (l, s) = self.forward_returns(w.entry, w.end);
                                entries.push(w.entry);
                                ends.push(w.end);
                                pair.push(l - s);
                            }
                        }
                        (entries, ends, pair)
                    })
                    .collect();
                (pool_pair, by_threshold)
            })
            .collect();
        // Every offset of the common pool (the shortest: a prefix of every other), shared by the
        // whole grid; each horizon wraps around its own pool.
        let common = horizons.iter().map(|(p, _)| p.len()).min().unwrap_or(0);
        let k = common.saturating_sub(1);
        // The family (cells with a placebo p and a positive placebo sd), each cell's shifted
        // statistics folded into the max-T's maxima as soon as they are known.
        let mut family: Vec<usize> = Vec::new();
        let mut max_t = MaxT::new(k);
        let mut cells = Vec::with_capacity(rules.len() * opts.horizons.len());
        for (&h, (pool_pair, by_threshold)) in opts.horizons.iter().zip(&horizons) {
            let baseline = mean(pool_pair);
            // The horizon's cells, and those tested: (cell, observed τ, pattern).
            let mut tested: Vec<(usize, f64, Pattern)> = Vec::new();
            for (cell_rule, (entries, ends, pair)) in rules.iter().zip(by_threshold) {
                let pair_mean = mean(pair);
                let ids = clusters(entries, ends);
                let distinct = distinct_count(&ids);
                // The study's n/a rule: too few separate episodes, no placebo.
                if let Some(b) = baseline.filter(|_| distinct >= MIN_EPISODES && k > 0)
                    && let Some(tau) = studentized(pair, &ids, b)
                {
                    let positions: Vec<usize> =
                        entries.iter().map(|&e| e - lag - eligible.start).collect();
                    if let Some(pattern) = Pattern::new(&positions, &ids) {
                        tested.push((cells.len(), tau, pattern));
                    }
                }
                cells.push(SweepCell {
                    threshold: cell_rule.given_threshold(),
                    threshold_unit: cell_rule.unit(),
                    threshold_pct: cell_rule.threshold_pct(),
                    horizon: h,
                    count: entries.len(),
                    distinct_count: distinct,
                    pair_edge: pair_mean.zip(baseline).map(|(a, b)| a - b),
                    placebo_sets: k,
                    placebo_shift_p_pair: None,
                    adjusted_p: None,
                    bh_q: None,
                });
            }
            let (Some(b), false) = (baseline, tested.is_empty()) else {
                continue;
            };
            // Every tested cell of the horizon on every shift at once, the highest threshold
            // first: without a cool-off each threshold's events hold the next one's, so its
            // clusters' sums are made from theirs.
            tested.reverse();
            let patterns: Vec<Pattern> = tested.iter().map(|t| t.2.clone()).collect();
            let grid = PatternGrid::new(&patterns);
            let sets = grid.every_shift(&Circle::new(pool_pair, k), &vec![b; patterns.len()]);
            for ((cell, tau, _), sets) in tested.iter().zip(&sets).rev() {
                let Some((s, sd)) = summarize_defined(*tau, sets) else {
                    continue;
                };
                cells[*cell].placebo_shift_p_pair = Some(s.p);
                if let Some(sd) = sd.filter(|sd| *sd > 0.0) {
                    family.push(*cell);
                    max_t.add(&PlaceboTest {
                        observed: *tau,
                        placebo: sets,
                        centre: s.mean,
                        sd,
                        raw_p: s.p,
                    });
                }
            }
        }
        let raw: Vec<f64> = family
            .iter()
            .map(|&cell| two_sided(cells[cell].placebo_shift_p_pair.unwrap_or(1.0)))
            .collect();
        for ((&cell, p_adj), q) in family.iter().zip(max_t.adjusted()).zip(bh_q(&raw)) {
            cells[cell].adjusted_p = Some(p_adj);
            cells[cell].bh_q = Some(q);
        }
        Ok(cells)
    }
}
