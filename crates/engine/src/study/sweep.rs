//! The threshold sweep: N, distinct N, pair edge, a placebo p and that p adjusted for the whole
//! grid for every threshold of [`sweep_thresholds`] × every horizon.
//!
//! # Formula
//!
//! - **placebo p** of a cell (threshold t, horizon h, N events with a complete window at h):
//!   K = [`SWEEP_PLACEBO_DRAWS`] sequences of n = max over the grid of N random days (no two
//!   within the cool-off) are drawn once on [`Stream::Sweep`] from the common pool: the
//!   eligible days with a complete window at every horizon (the longest horizon's pool, a
//!   prefix of every other). Every horizon shares them ([`prefix_means`]): the cell's placebo
//!   means are the pair means at h over the first N days of each sequence, and p is their
//!   one-sided empirical p ([`summarize`]). So the placebo of a short horizon never draws from
//!   the last days of the range, whose long windows are incomplete (a year of some 25 at
//!   252 days): the price of one set of days for the whole grid. Where the common pool cannot
//!   hold n days under the cool-off, n halves until it can, and a cell with more than n events
//!   gets no placebo. A cell whose events form fewer than [`MIN_EPISODES`] separate episodes
//!   gets none either (the study's n/a rule).
//! - **adjusted p** (single-step max-T over the whole grid, [`max_t_adjusted`]): the family is
//!   every cell with a placebo p and a positive placebo sd, all thresholds × all horizons. Cell
//!   j's statistic on sequence s is its placebo mean x_{j,s}; with c_j and s_j the mean and sample
//!   sd of its K placebo means, z_j = |m_j − c_j| / s_j (m_j the cell's pair mean),
//!   M_s = max over the family of |x_{j,s} − c_j| / s_j, and
//!   p_adj = max(p, (1 + #{s : M_s ≥ z_j}) / (K + 1)). Every cell's statistic on sequence s
//!   comes from the same random days (prefixes for the thresholds, the same days for the
//!   horizons), so M_s keeps the grid's dependence between neighbouring thresholds and
//!   between horizons.
//! - **BH q** (Benjamini–Hochberg, [`bh_q`]) over the same family: with the m raw p sorted
//!   ascending, q_(i) = min over j ≥ i of min(1, p_(j) · m / j).
//!
//! Both are at least the raw p; a cell outside the family has neither (`None`).

use crate::stats::multiple::{PlaceboTest, bh_q, max_t_adjusted};
use crate::stats::overlap::{clusters, distinct_count};
use crate::stats::placebo::{prefix_means, summarize};
use crate::stats::random::Stream;
use crate::stats::{mean, sample_std};
use crate::study::events::EventRule;
use crate::study::horizon::HorizonUnit;
use crate::study::options::{SWEEP_PLACEBO_DRAWS, StudyError, StudyOptions, check_horizons};
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
    /// The placebo uses [`SWEEP_PLACEBO_DRAWS`] sequences of random days drawn under the
    /// cool-off, shared by every horizon; the placebo for N events at h is the first N days of
    /// each that have a complete window at h, so one draw serves every cell.
    ///
    /// # Errors
    ///
    /// [`StudyError`] when the horizons are empty, contain 0 or repeat one.
    pub fn sweep(
        &self,
        rule: &EventRule,
        opts: &StudyOptions,
    ) -> Result<Vec<SweepCell>, StudyError> {
        check_horizons(&opts.horizons)?;
        let dates = self.pair().dates();
        let eligible = rule.eligible(dates);
        let window = opts.window_rule();
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
        // One placebo draw for every horizon, from the common pool (the shortest: a prefix of
        // every other); when it cannot hold n days, n halves and the larger sizes go without.
        let common = horizons.iter().map(|(p, _)| p.len()).min().unwrap_or(0);
        let n_max = horizons
            .iter()
            .flat_map(|(_, by)| by.iter().map(|t| t.0.len()))
            .max()
            .unwrap_or(0);
        let mut rng = Stream::Sweep {
            months: opts.unit == HorizonUnit::Months,
        }
        .generator(opts.seed);
        let mut n_draw = n_max;
        let (needed, placebo_means) = loop {
            let needed: Vec<Vec<usize>> = horizons
                .iter()
                .map(|(_, by)| {
                    let mut sizes: Vec<usize> = by
                        .iter()
                        .map(|t| t.0.len())
                        .filter(|&n| n > 0 && n <= n_draw)
                        .collect();
                    sizes.sort_unstable();
                    sizes.dedup();
                    sizes
                })
                .collect();
            let pools: Vec<(&[f64], &[usize])> = horizons
                .iter()
                .zip(&needed)
                .map(|((p, _), sizes)| (&p[..common], &sizes[..]))
                .collect();
            match prefix_means(
                &pools,
                n_draw,
                rule.cooloff(),
                SWEEP_PLACEBO_DRAWS,
                &mut rng,
            ) {
                Ok(m) => break (needed, m),
                Err(_) if n_draw > 1 => n_draw /= 2,
                Err(_) => {
                    break (
                        vec![Vec::new(); horizons.len()],
                        vec![Vec::new(); horizons.len()],
                    );
                }
            }
        };
        // The placebo means as the max-T step takes them (per horizon, per size), and the
        // family: (cell, horizon slot, size slot, pair mean, centre, sd).
        let placebo: Vec<Vec<Vec<Option<f64>>>> = placebo_means
            .iter()
            .map(|by_size| {
                by_size
                    .iter()
                    .map(|m| m.iter().copied().map(Some).collect())
                    .collect()
            })
            .collect();
        let mut family: Vec<(usize, usize, usize, f64, f64, f64)> = Vec::new();
        let mut cells = Vec::with_capacity(rules.len() * opts.horizons.len());
        for (h_slot, (&h, (pool_pair, by_threshold))) in
            opts.horizons.iter().zip(&horizons).enumerate()
        {
            let baseline = mean(pool_pair);
            let (needed, placebo_means) = (&needed[h_slot], &placebo_means[h_slot]);
            for (cell_rule, (entries, ends, pair)) in rules.iter().zip(by_threshold) {
                let pair_mean = mean(pair);
                let distinct = distinct_count(&clusters(entries, ends));
                // The study's n/a rule: too few separate episodes, no placebo.
                let slot = needed
                    .binary_search(&entries.len())
                    .ok()
                    .filter(|_| distinct >= MIN_EPISODES);
                let placebo = pair_mean
                    .zip(slot)
                    .and_then(|(m, slot)| summarize(m, &placebo_means[slot]).map(|s| (m, slot, s)));
                // The max-T step's spread s_j: the sample sd of the cell's placebo means.
                if let Some((m, slot, s)) = placebo
                    && let Some(sd) = sample_std(&placebo_means[slot]).filter(|sd| *sd > 0.0)
                {
                    family.push((cells.len(), h_slot, slot, m, s.mean, sd));
                }
                cells.push(SweepCell {
                    threshold: cell_rule.given_threshold(),
                    threshold_unit: cell_rule.unit(),
                    threshold_pct: cell_rule.threshold_pct(),
                    horizon: h,
                    count: entries.len(),
                    distinct_count: distinct,
                    pair_edge: pair_mean.zip(baseline).map(|(a, b)| a - b),
                    placebo_p_pair: placebo.map(|(_, _, s)| s.p),
                    adjusted_p: None,
                    bh_q: None,
                });
            }
        }
        let tests: Vec<PlaceboTest<'_>> = family
            .iter()
            .map(|&(cell, h_slot, slot, observed, centre, sd)| PlaceboTest {
                observed,
                placebo: &placebo[h_slot][slot],
                centre,
                sd,
                raw_p: cells[cell].placebo_p_pair.unwrap_or(1.0),
            })
            .collect();
        let raw: Vec<f64> = tests.iter().map(|t| t.raw_p).collect();
        let adjusted = max_t_adjusted(&tests, SWEEP_PLACEBO_DRAWS);
        for ((&(cell, ..), p_adj), q) in family.iter().zip(adjusted).zip(bh_q(&raw)) {
            cells[cell].adjusted_p = Some(p_adj);
            cells[cell].bh_q = Some(q);
        }
        Ok(cells)
    }
}
