//! The threshold sweep: N, distinct N, pair edge, a placebo p and that p adjusted for the whole
//! grid for every threshold of [`sweep_thresholds`] × every horizon.
//!
//! # Formula
//!
//! - **placebo p** of a cell (threshold t, horizon h, N events with a complete window at h):
//!   per horizon, K = [`SWEEP_PLACEBO_DRAWS`] sequences of random pool days (eligible days with a
//!   complete window at h, no two within the cool-off) are drawn once on the horizon's
//!   [`Stream::Sweep`]; the cell's placebo means are the pair means over the first N days of
//!   each sequence, and p is their one-sided empirical p ([`summarize`]).
//! - **adjusted p** (single-step max-T over the whole grid, [`max_t_adjusted`]): the family is
//!   every cell with a placebo p and a positive placebo sd, all thresholds × all horizons. Cell
//!   j's statistic on sequence s is its placebo mean x_{j,s}; with c_j and s_j the mean and sample
//!   sd of its K placebo means, z_j = |m_j − c_j| / s_j (m_j the cell's pair mean),
//!   M_s = max over the family of |x_{j,s} − c_j| / s_j, and
//!   p_adj = max(p, (1 + #{s : M_s ≥ z_j}) / (K + 1)). Sequence s is shared by every threshold
//!   of a horizon (its prefixes), which keeps the strong dependence between neighbouring
//!   thresholds; across horizons, sequence s of one horizon is paired with the independent
//!   sequence s of another (the pools differ by horizon). The real cells of different horizons
//!   are positively dependent, so the independent pairing makes M_s stochastically larger and
//!   the adjusted p conservative (never too small).
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

/// Sweep thresholds: 1 to 8 in steps of 0.25 (in the rule's unit).
pub fn sweep_thresholds() -> Vec<f64> {
    (0..=28).map(|k| 1.0 + 0.25 * f64::from(k)).collect()
}

impl PreparedPair {
    /// The threshold sweep: for thresholds 1 … 8 step 0.25 (in the rule's unit) × each horizon,
    /// N, distinct N, pair edge, its placebo p-value and that p adjusted for the whole grid
    /// (max-T and BH q, see the module docs for the formulas). The rule's own threshold is
    /// ignored.
    ///
    /// The placebo uses [`SWEEP_PLACEBO_DRAWS`] sequences per horizon; each is one sequence of
    /// random days drawn under the cool-off, and the placebo for N events is its first N days, so
    /// one draw serves every threshold.
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
        // The grid's rules (every grid value is a valid threshold, so none is dropped).
        let rules: Vec<EventRule> = sweep_thresholds()
            .into_iter()
            .filter_map(|t| rule.with_threshold(t).ok())
            .collect();
        let event_sets: Vec<Vec<usize>> = rules.iter().map(|r| self.events(r)).collect();
        let mut cells = Vec::with_capacity(rules.len() * opts.horizons.len());
        // Per horizon, the K placebo means of each drawn size (as the max-T step takes them),
        // and the family: (cell, horizon slot, size slot, pair mean, centre, sd).
        let mut placebo: Vec<Vec<Vec<Option<f64>>>> = Vec::with_capacity(opts.horizons.len());
        let mut family: Vec<(usize, usize, usize, f64, f64, f64)> = Vec::new();
        for (h_slot, &h) in opts.horizons.iter().enumerate() {
            let pool = self.pool(eligible.clone(), opts.unit, h);
            let pool_pair = pool.pair();
            let baseline = mean(&pool_pair);
            // Per threshold: the events complete at h, their window ends and pair returns.
            let by_threshold: Vec<(Vec<usize>, Vec<usize>, Vec<f64>)> = event_sets
                .iter()
                .map(|ev| {
                    let mut days = Vec::new();
                    let mut ends = Vec::new();
                    let mut pair = Vec::new();
                    for &i in ev {
                        if let Some(j) = opts.unit.end(dates, i, h) {
                            let (l, s) = self.forward_returns(i, j);
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
            let n_max = by_threshold.iter().map(|t| t.0.len()).max().unwrap_or(0);
            let mut rng = Stream::Sweep {
                horizon: h,
                months: opts.unit == HorizonUnit::Months,
            }
            .generator(opts.seed);
            let mut n_draw = n_max;
            let (needed, placebo_means) = loop {
                let mut sizes: Vec<usize> = by_threshold
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
            // The spread of each size's placebo means (the max-T step's s_j).
            let sds: Vec<Option<f64>> = placebo_means
                .iter()
                .map(|m| sample_std(m).filter(|sd| *sd > 0.0))
                .collect();
            for (cell_rule, (days, ends, pair)) in rules.iter().zip(&by_threshold) {
                let pair_mean = mean(pair);
                let slot = needed.binary_search(&days.len()).ok();
                let placebo = pair_mean
                    .zip(slot)
                    .and_then(|(m, slot)| summarize(m, &placebo_means[slot]).map(|s| (m, slot, s)));
                if let Some((m, slot, s)) = placebo
                    && let Some(sd) = sds[slot]
                {
                    family.push((cells.len(), h_slot, slot, m, s.mean, sd));
                }
                cells.push(SweepCell {
                    threshold: cell_rule.given_threshold(),
                    threshold_unit: cell_rule.unit(),
                    threshold_pct: cell_rule.threshold_pct(),
                    horizon: h,
                    count: days.len(),
                    distinct_count: distinct_count(&clusters(days, ends)),
                    pair_edge: pair_mean.zip(baseline).map(|(a, b)| a - b),
                    placebo_p_pair: placebo.map(|(_, _, s)| s.p),
                    adjusted_p: None,
                    bh_q: None,
                });
            }
            placebo.push(
                placebo_means
                    .into_iter()
                    .map(|m| m.into_iter().map(Some).collect())
                    .collect(),
            );
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
