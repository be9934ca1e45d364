//! One horizon's [`HorizonSummary`]: descriptive statistics per leg (a [`LegSummary`] each), baseline and edge,
//! distinct-event means, placebo (random days, and the circular shift of the events' pattern),
//! cluster bootstrap, t statistics (naive, Newey–West, on distinct episodes), excursions,
//! leave-one-out, and the n/a rule: fewer than [`MIN_EPISODES`] distinct episodes leave every
//! interval, p-value and t out.
//!
//! [`PreparedPair::summarize`] gathers the horizon's complete events into a [`Sample`] and
//! assembles the figures, each computed by a small function below.

use crate::data::date::Date;
use crate::stats::bootstrap::{Interval, cluster_intervals_of_legs, resample_clusters};
use crate::stats::overlap::{clusters, distinct_count, first_of_each, studentized, t_stats};
use crate::stats::placebo::shift::{Circle, Pattern, every_shift_into};
use crate::stats::placebo::{PlaceboLeg, summarize_defined};
use crate::stats::random::Stream;
use crate::stats::student::two_sided_p;
use crate::stats::{Describe, describe, mean, sample_std};
use crate::study::horizon::{HorizonUnit, Span, WindowRule};
use crate::study::options::StudyOptions;
use crate::study::pools::Pool;
use crate::study::prepared::PreparedPair;
use crate::study::result::{Event, Excursion, Forward, HorizonSummary, LegSummary};

/// The events with a complete window at one horizon, as parallel lists in event order.
struct Sample {
    /// Event days (a pool's positions count event days, not entries).
    days: Vec<usize>,
    /// The day each window starts (event day + lag): overlap and window lengths count from it.
    entries: Vec<usize>,
    /// The day each window ends.
    ends: Vec<usize>,
    /// Each window's returns and excursions.
    forwards: Vec<Forward>,
    /// Forward returns of the long leg, the short leg and the pair.
    long: Vec<f64>,
    short: Vec<f64>,
    pair: Vec<f64>,
}

impl Sample {
    /// The events of `events` complete at the k-th horizon, h units ahead under `rule`.
    fn at(events: &[Event], k: usize, h: usize, rule: WindowRule, dates: &[Date]) -> Sample {
        let complete: Vec<(Span, usize, Forward)> = events
            .iter()
            .filter_map(|e| {
                let f = e.forward.0[k].1?;
                Some((rule.window(dates, e.index, h)?, e.index, f))
            })
            .collect();
        let days: Vec<usize> = complete.iter().map(|c| c.1).collect();
        let entries: Vec<usize> = complete.iter().map(|c| c.0.entry).collect();
        let ends: Vec<usize> = complete.iter().map(|c| c.0.end).collect();
        let forwards: Vec<Forward> = complete.into_iter().map(|c| c.2).collect();
        let leg = |f: fn(&Forward) -> f64| forwards.iter().map(f).collect::<Vec<f64>>();
        Sample {
            long: leg(|f| f.long),
            short: leg(|f| f.short),
            pair: leg(|f| f.pair),
            days,
            entries,
            ends,
            forwards,
        }
    }

    /// Events in the sample.
    fn len(&self) -> usize {
        self.days.len()
    }

    /// Mean of one figure of the windows, `None` for an empty sample.
    fn mean_of(&self, f: fn(&Forward) -> f64) -> Option<f64> {
        mean(&self.forwards.iter().map(f).collect::<Vec<_>>())
    }
}

/// Mean forward returns of the pool (every eligible day with a complete window).
struct Baseline {
    long: Option<f64>,
    short: Option<f64>,
    pair: Option<f64>,
}

impl Baseline {
    fn of(pool: &Pool) -> Baseline {
        Baseline {
            long: mean(&pool.long),
            short: mean(&pool.short),
            pair: pool.pair_mean(0..pool.len()),
        }
    }
}

/// Event mean − baseline mean.
fn edge(stats: Option<Describe>, baseline: Option<f64>) -> Option<f64> {
    Some(stats?.mean - baseline?)
}

/// Placebo figures of one horizon.
#[derive(Default)]
struct Placebo {
    long: Option<PlaceboLeg>,
    short: Option<PlaceboLeg>,
    pair: Option<PlaceboLeg>,
    /// Standard deviation of the placebo pair means.
    pair_sd: Option<f64>,
}

impl Placebo {
    /// The placebo of legs whose observed statistics are `legs` (long, short, pair), from
    /// the K placebo means of each leg.
    ///
    /// The same numbers as [`summarize`] of each leg's means (the pair's being long − short)
    /// and [`sample_std`] of the pair's, in two passes over the K sets instead of seven: the
    /// three centres as three running sums side by side, each in set order as `summarize` adds
    /// them; then every leg's count and the pair's squared deviations (a test compares them).
    fn of(
        legs: [Option<Describe>; 3],
        (long_means, short_means): &(Vec<f64>, Vec<f64>),
    ) -> Placebo {
        let k = long_means.len().min(short_means.len());
        if k == 0 {
            return Placebo::default();
        }
        let sets = || {
            long_means
                .iter()
                .zip(short_means)
                .map(|(a, b)| [*a, *b, a - b])
        };
        let mut sums = [-0.0f64; 3];
        for x in sets() {
            for leg in 0..3 {
                sums[leg] += x[leg];
            }
        }
        let centres = sums.map(|s| s / k as f64);
        let observed = legs.map(|d| d.map_or(f64::NAN, |d| d.mean));
        let (mut above, mut below, mut squares) = ([0usize; 3], [0usize; 3], -0.0f64);
        for x in sets() {
            for leg in 0..3 {
                above[leg] += usize::from(x[leg] >= observed[leg]);
                below[leg] += usize::from(x[leg] <= observed[leg]);
            }
            squares += (x[2] - centres[2]) * (x[2] - centres[2]);
        }
        let leg = |i: usize| {
            legs[i].map(|_| {
                let extreme = if observed[i] >= centres[i] {
                    above[i]
                } else {
                    below[i]
                };
                PlaceboLeg {
                    mean: centres[i],
                    p: (1 + extreme) as f64 / (k + 1) as f64,
                }
            })
        };
        Placebo {
            long: leg(0),
            short: leg(1),
            pair: leg(2),
            pair_sd: (k >= 2).then(|| (squares / (k - 1) as f64).sqrt()),
        }
    }
}

/// One-sided p-values of the three legs (long, short, pair) against the circular-shift
/// placebo over every offset, comparing studentized means.
///
/// # Formula
///
/// Every offset o = 1 … n − 1 (n = pool days, K = n − 1 sets), shared by the three legs; for
/// each leg, the observed τ = [`studentized`] of the events' values with their cluster ids,
/// centred on the leg's baseline (pool mean), and τ_o the same of the values at the events'
/// pool positions moved by o circularly ([`every_shift`]); the pair's value on a day is its
/// long − short. p = [`summarize_defined`] of τ against the defined τ_o:
/// (1 + #{τ_o at least as extreme as τ}) / (K + 1) over the K sets with a statistic.
fn shift_p(
    sample: &Sample,
    cluster_ids: &[usize],
    pool: &Pool,
    baseline: &Baseline,
    buffers: &mut ShiftBuffers,
) -> [Option<f64>; 3] {
    let none = [None; 3];
    let n = pool.len();
    let Some(positions) = sample
        .days
        .iter()
        .map(|&d| d.checked_sub(pool.start).filter(|p| *p < n))
        .collect::<Option<Vec<usize>>>()
    else {
        return none;
    };
    if positions.is_empty() || n < 2 {
        return none;
    }
    let (Some(long), Some(short), Some(pair)) = (baseline.long, baseline.short, baseline.pair)
    else {
        return none;
    };
    let Some(pattern) = Pattern::new(&positions, cluster_ids) else {
        return none;
    };
    let centres = [long, short, pair];
    let observed = [&sample.long, &sample.short, &sample.pair];
    let ShiftBuffers {
        circle,
        sets,
        pair: pair_values,
    } = buffers;
    pair_values.clear();
    pair_values.extend(pool.long.iter().zip(&pool.short).map(|(l, s)| l - s));
    let values: [&[f64]; 3] = [&pool.long, &pool.short, pair_values];
    std::array::from_fn(|leg| {
        let tau = studentized(observed[leg], cluster_ids, centres[leg])?;
        circle.lay(values[leg], n - 1);
        every_shift_into(circle, &pattern, centres[leg], sets);
        Some(summarize_defined(tau, sets)?.0.p)
    })
}

/// Memory the circular shift reuses from leg to leg and horizon to horizon of a study (a
/// study lays out and shifts fifteen pools; fresh memory for each costs more than the work).
#[derive(Default)]
pub(crate) struct ShiftBuffers {
    circle: Circle,
    sets: Vec<f64>,
    pair: Vec<f64>,
}

/// t of the pair edge on distinct episodes: `values` are the first event of each episode's
/// pair return minus the baseline pair mean. Returns (t, df, two-sided p), each `None` below
/// two values or with no spread.
///
/// # Formula
///
/// t = x̄ / (s / √n), s the sample standard deviation, df = n − 1, p = P(|T_df| ≥ |t|)
/// ([`two_sided_p`]).
pub(crate) fn distinct_t(values: &[f64]) -> (Option<f64>, Option<usize>, Option<f64>) {
    let n = values.len();
    let t = mean(values)
        .zip(sample_std(values))
        .filter(|(_, s)| *s > 0.0)
        .map(|(m, s)| m / (s / (n as f64).sqrt()));
    match t {
        Some(t) => (Some(t), Some(n - 1), two_sided_p(t, n - 1)),
        None => (None, None, None),
    }
}

/// Fewer distinct episodes than this leave a horizon's intervals, p-values and t out.
pub const MIN_EPISODES: usize = 3;

/// Bootstrap intervals of mean, median and hit rate for long, short and pair.
#[derive(Default)]
struct BootIntervals {
    mean: [Option<Interval>; 3],
    median: [Option<Interval>; 3],
    hit: [Option<Interval>; 3],
}

impl BootIntervals {
    /// The cluster bootstrap of the sample's three legs, on the horizon's own stream.
    fn of(sample: &Sample, cluster_ids: &[usize], h: usize, opts: &StudyOptions) -> BootIntervals {
        let mut boot = BootIntervals::default();
        if opts.bootstrap_draws == 0 || sample.len() == 0 {
            return boot;
        }
        let mut rng = Stream::Bootstrap {
            horizon: h,
            months: opts.unit == HorizonUnit::Months,
        }
        .generator(opts.seed);
        let (c, draws) = resample_clusters(cluster_ids, opts.bootstrap_draws, &mut rng);
        let legs: [&[f64]; 3] = [&sample.long, &sample.short, &sample.pair];
        let intervals = cluster_intervals_of_legs(legs, cluster_ids, c, &draws);
        for (leg, intervals) in intervals.into_iter().enumerate() {
            if let Some([mean_ci, median_ci, hit_ci]) = intervals {
                boot.mean[leg] = Some(mean_ci);
                boot.median[leg] = Some(median_ci);
                boot.hit[leg] = Some(hit_ci);
            }
        }
        boot
    }
}

/// Newey–West bandwidth: the mean window length (end − entry) in trading days, rounded, at
/// least 1 (0 without events).
fn bandwidth(entries: &[usize], ends: &[usize]) -> usize {
    if entries.is_empty() {
        return 0;
    }
    let total: usize = entries.iter().zip(ends).map(|(i, j)| j - i).sum();
    ((total as f64 / entries.len() as f64).round() as usize).max(1)
}

/// Smallest and largest mean of `values` with one value left out (`None` below two values).
///
/// # Formula
///
/// (Σx − xᵢ) / (n − 1) for each i.
fn leave_one_out_range(values: &[f64]) -> Option<(f64, f64)> {
    (values.len() >= 2).then(|| {
        let total: f64 = values.iter().sum();
        let m = (values.len() - 1) as f64;
        values
            .iter()
            .map(|x| (total - x) / m)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    })
}

impl PreparedPair {
    /// Everything about the k-th of the study's horizons: `pool` is its baseline, `placebo`
    /// its K placebo means per leg (if drawn), `buffers` memory the shift reuses.
    pub(crate) fn summarize(
        &self,
        k: usize,
        events: &[Event],
        pool: &Pool,
        placebo: Option<&(Vec<f64>, Vec<f64>)>,
        opts: &StudyOptions,
        buffers: &mut ShiftBuffers,
    ) -> HorizonSummary {
        let h = opts.horizons[k];
        let sample = Sample::at(events, k, h, opts.window_rule(), self.pair().dates());
        let long = describe(&sample.long);
        let short = describe(&sample.short);
        let pair = describe(&sample.pair);
        let baseline = Baseline::of(pool);

        let cluster_ids = clusters(&sample.entries, &sample.ends);
        let firsts = first_of_each(&cluster_ids);
        let distinct_mean = |v: &[f64]| mean(&firsts.iter().map(|&p| v[p]).collect::<Vec<_>>());

        let placebo = placebo
            .filter(|_| sample.len() > 0)
            .map(|means| Placebo::of([long, short, pair], means))
            .unwrap_or_default();
        let distinct_count = distinct_count(&cluster_ids);
        let too_few_episodes = distinct_count < MIN_EPISODES;
        // The n/a rule drops the bootstrap and the shift placebo of a thin horizon, so they are
        // not drawn (each horizon has its own streams: skipping one moves no other figure).
        let boot = if too_few_episodes {
            BootIntervals::default()
        } else {
            BootIntervals::of(&sample, &cluster_ids, h, opts)
        };

        // t statistics of the pair edge over the event days.
        let bandwidth = bandwidth(&sample.entries, &sample.ends);
        let (t_naive, t_overlap) = match baseline.pair {
            Some(b) => t_stats(
                &sample.entries,
                &sample.pair.iter().map(|p| p - b).collect::<Vec<_>>(),
                bandwidth,
            ),
            None => (None, None),
        };
        let leave_one_out = leave_one_out_range(&sample.pair);
        let (distinct_t_pair, distinct_df, distinct_p_pair) = match baseline.pair {
            Some(b) => distinct_t(
                &firsts
                    .iter()
                    .map(|&p| sample.pair[p] - b)
                    .collect::<Vec<_>>(),
            ),
            None => (None, None, None),
        };
        let shift = if too_few_episodes {
            [None; 3]
        } else {
            shift_p(&sample, &cluster_ids, pool, &baseline, buffers)
        };

        let leg = |stats: Option<Describe>,
                   values: &[f64],
                   baseline: Option<f64>,
                   k: usize,
                   placebo: Option<PlaceboLeg>,
                   excursion: Option<Excursion>| LegSummary {
            mean: stats.map(|d| d.mean),
            median: stats.map(|d| d.median),
            hit_rate: stats.map(|d| d.hit_rate),
            min: stats.map(|d| d.min),
            max: stats.map(|d| d.max),
            std: stats.and_then(|d| d.std),
            baseline_mean: baseline,
            edge: edge(stats, baseline),
            distinct_mean: distinct_mean(values),
            mean_ci: boot.mean[k],
            median_ci: boot.median[k],
            hit_rate_ci: boot.hit[k],
            placebo_mean: placebo.map(|p| p.mean),
            placebo_p: placebo.map(|p| p.p),
            placebo_shift_p: shift[k],
            excursion,
        };
        let long_excursion = Excursion {
            max_gain_mean: sample.mean_of(|f| f.long_max_gain),
            max_loss_mean: sample.mean_of(|f| f.long_max_loss),
        };
        let short_excursion = Excursion {
            max_gain_mean: sample.mean_of(|f| f.short_max_gain),
            max_loss_mean: sample.mean_of(|f| f.short_max_loss),
        };

        let summary = HorizonSummary {
            horizon: h,
            count: sample.len(),
            incomplete: events.len() - sample.len(),
            distinct_count,
            too_few_episodes,
            baseline_count: pool.len(),
            long: leg(
                long,
                &sample.long,
                baseline.long,
                0,
                placebo.long,
                Some(long_excursion),
            ),
            short: leg(
                short,
                &sample.short,
                baseline.short,
                1,
                placebo.short,
                Some(short_excursion),
            ),
            pair: leg(pair, &sample.pair, baseline.pair, 2, placebo.pair, None),
            pair_edge_ci: boot.mean[2].zip(baseline.pair).map(|(ci, b)| ci.minus(b)),
            placebo_pair_sd: placebo.pair_sd,
            pair_edge_t_naive: t_naive,
            pair_edge_t_overlap: t_overlap,
            overlap_bandwidth_days: bandwidth,
            distinct_t_pair,
            distinct_df,
            distinct_p_pair,
            pair_mean_loo_min: leave_one_out.map(|l| l.0),
            pair_mean_loo_max: leave_one_out.map(|l| l.1),
        };
        if too_few_episodes {
            summary.without_inference()
        } else {
            summary
        }
    }
}

impl LegSummary {
    /// The leg without its intervals and p-values (means, medians, counts kept).
    fn without_inference(self) -> LegSummary {
        LegSummary {
            mean_ci: None,
            median_ci: None,
            hit_rate_ci: None,
            placebo_p: None,
            placebo_shift_p: None,
            ..self
        }
    }
}

impl HorizonSummary {
    /// The n/a rule: the summary without any interval, p-value or t statistic (and without
    /// `distinct_df`), for a horizon with too few distinct episodes to support them.
    fn without_inference(self) -> HorizonSummary {
        HorizonSummary {
            long: self.long.without_inference(),
            short: self.short.without_inference(),
            pair: self.pair.without_inference(),
            pair_edge_ci: None,
            pair_edge_t_naive: None,
            pair_edge_t_overlap: None,
            distinct_t_pair: None,
            distinct_df: None,
            distinct_p_pair: None,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::placebo::summarize;

    #[test]
    fn placebo_figures_equal_summarize_and_sample_std_to_the_bit() {
        let long: Vec<f64> = (0..1001)
            .map(|k| ((k * 37) % 211) as f64 / 700.0 - 0.1)
            .collect();
        let short: Vec<f64> = (0..1001)
            .map(|k| ((k * 53) % 199) as f64 / 900.0 - 0.05)
            .collect();
        let pair: Vec<f64> = long.iter().zip(&short).map(|(a, b)| a - b).collect();
        let observed = |mean: f64| describe(&[mean - 0.01, mean + 0.01]);
        for means in [[0.05, 0.06, -0.02], [-0.2, 0.3, 0.0], [0.2, 0.0, 0.1]] {
            let got = Placebo::of(means.map(observed), &(long.clone(), short.clone()));
            let want = [&long, &short, &pair]
                .iter()
                .zip(means)
                .map(|(v, m)| summarize(observed(m).unwrap().mean, v))
                .collect::<Vec<_>>();
            assert_eq!(vec![got.long, got.short, got.pair], want);
            assert_eq!(got.pair_sd, sample_std(&pair));
        }
        // A leg without events has no placebo figure; no sets, none at all.
        let got = Placebo::of([None, observed(0.1), None], &(long.clone(), short.clone()));
        assert!(got.long.is_none() && got.short.is_some() && got.pair.is_none());
        assert!(
            Placebo::of([observed(0.1); 3], &(Vec::new(), Vec::new()))
                .long
                .is_none()
        );
    }
}
