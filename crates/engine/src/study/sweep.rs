//! The threshold sweep: N, distinct N, pair edge and a placebo p for every threshold of
//! [`sweep_thresholds`] × every horizon.

use crate::stats::mean;
use crate::stats::overlap::{clusters, distinct_count};
use crate::stats::placebo::{prefix_means, summarize};
use crate::stats::random::Stream;
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
    /// N, distinct N, pair edge and its placebo p-value, with the study's windows (entry lag
    /// included, [`WindowRule`](crate::study::horizon::WindowRule)). The rule's own threshold is
    /// ignored.
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
        let dates = self.pair().dates();
        let eligible = rule.eligible(dates);
        let window = opts.window_rule();
        // The grid's rules (every grid value is a valid threshold, so none is dropped).
        let rules: Vec<EventRule> = sweep_thresholds()
            .into_iter()
            .filter_map(|t| rule.with_threshold(t).ok())
            .collect();
        let event_sets: Vec<Vec<usize>> = rules.iter().map(|r| self.events(r)).collect();
        let mut cells = Vec::with_capacity(rules.len() * opts.horizons.len());
        for &h in &opts.horizons {
            let pool = self.pool(eligible.clone(), window, h);
            let pool_pair = pool.pair();
            let baseline = mean(&pool_pair);
            // Per threshold: the events complete at h, their windows' entries and ends, pair returns.
            let by_threshold: Vec<(Vec<usize>, Vec<usize>, Vec<f64>)> = event_sets
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
            // One placebo draw of the longest sequence that fits the pool; the placebo for N events
            // is the first N entries of each sequence.
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
            for (cell_rule, (entries, ends, pair)) in rules.iter().zip(&by_threshold) {
                let pair_mean = mean(pair);
                let placebo_p = pair_mean.and_then(|m| {
                    let slot = needed.binary_search(&entries.len()).ok()?;
                    summarize(m, &placebo_means[slot]).map(|s| s.p)
                });
                cells.push(SweepCell {
                    threshold: cell_rule.given_threshold(),
                    threshold_unit: cell_rule.unit(),
                    threshold_pct: cell_rule.threshold_pct(),
                    horizon: h,
                    count: entries.len(),
                    distinct_count: distinct_count(&clusters(entries, ends)),
                    pair_edge: pair_mean.zip(baseline).map(|(a, b)| a - b),
                    placebo_p_pair: placebo_p,
                });
            }
        }
        Ok(cells)
    }
}
