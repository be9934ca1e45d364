//! Sub-periods: the study's events summarised by decade, and before / from a split year.

use std::ops::Range;

use crate::data::date::Date;
use crate::stats::mean;
use crate::stats::overlap::{clusters, distinct_count};
use crate::study::horizon::Span;
use crate::study::options::StudyOptions;
use crate::study::pools::Pool;
use crate::study::prepared::PreparedPair;
use crate::study::result::{Event, Forward, SubPeriod, SubSummary};

impl PreparedPair {
    /// Summaries by decade, and before / from the split year, over the study's own events.
    /// `pools` are the study's per-horizon pools over `eligible`; a sub-period's baseline is the
    /// slice of its days.
    pub(crate) fn subperiods(
        &self,
        events: &[Event],
        eligible: Range<usize>,
        pools: &[Pool],
        opts: &StudyOptions,
    ) -> Vec<SubPeriod> {
        let dates = self.pair().dates();
        let window = opts.window_rule();
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
                let in_period: Vec<&Event> = events
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
                        let complete: Vec<(Span, Forward)> = in_period
                            .iter()
                            .filter_map(|e| {
                                let f = e.forward.0[k].1?;
                                Some((window.window(dates, e.index, h)?, f))
                            })
                            .collect();
                        let entries: Vec<usize> = complete.iter().map(|c| c.0.entry).collect();
                        let ends: Vec<usize> = complete.iter().map(|c| c.0.end).collect();
                        let mean_of = |f: fn(&Forward) -> f64| {
                            mean(&complete.iter().map(|c| f(&c.1)).collect::<Vec<_>>())
                        };
                        let pair_mean = mean_of(|f| f.pair);
                        let baseline_pair_mean = pools[k].pair_mean(lo..hi);
                        SubSummary {
                            horizon: h,
                            count: complete.len(),
                            distinct_count: distinct_count(&clusters(&entries, &ends)),
                            long_mean: mean_of(|f| f.long),
                            short_mean: mean_of(|f| f.short),
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
                    event_count: in_period.len(),
                    summary,
                }
            })
            .collect()
    }
}
