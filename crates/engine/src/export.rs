//! CSV exports of a study: the events and the per-horizon summary, numbers at full precision
//! (fractions, as in the JSON), written with the `csv` crate.

use crate::study::{HorizonSummary, Leg, LegField, Study};

/// Why an export could not be written (only an I/O error of the in-memory writer).
#[derive(Debug, thiserror::Error)]
#[error("could not write the CSV: {0}")]
pub struct ExportError(String);

fn opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| v.to_string())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = w.into_inner().map_err(|e| ExportError(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError(e.to_string()))
}

/// One row per event: date, both legs' returns, the pair's return that day (long − short, the
/// spread), spread, z, the episode number, then long/short/pair forward returns per horizon
/// (empty where the window is incomplete).
pub fn events_csv(s: &Study) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "date".to_owned(),
        format!("{}_return", s.long),
        format!("{}_return", s.short),
        "pair_return".into(),
        "spread".into(),
        "z".into(),
        "episode".into(),
    ];
    for r in &s.summary {
        let h = s.horizon_unit.label(r.horizon);
        header.extend([
            format!("{}_{h}", s.long),
            format!("{}_{h}", s.short),
            format!("pair_{h}"),
        ]);
    }
    w.write_record(&header)
        .map_err(|e| ExportError(e.to_string()))?;
    for e in &s.events {
        let mut row = vec![
            e.date.to_string(),
            e.long_return.to_string(),
            e.short_return.to_string(),
            (e.long_return - e.short_return).to_string(),
            e.spread.to_string(),
            opt(e.z),
            e.episode.map_or_else(String::new, |n| n.to_string()),
        ];
        for (_, f) in &e.forward.0 {
            row.extend([
                opt(f.map(|f| f.long)),
                opt(f.map(|f| f.short)),
                opt(f.map(|f| f.pair)),
            ]);
        }
        w.write_record(&row)
            .map_err(|e| ExportError(e.to_string()))?;
    }
    finish(w)
}

/// The JSON key of one leg's figure, the summary CSV's header for it.
fn key(leg: Leg, field: LegField) -> Result<&'static str, ExportError> {
    HorizonSummary::key(leg, field)
        .ok_or_else(|| ExportError(format!("no column for {field:?} of {}", leg.name())))
}

/// One row per horizon with the summary's main fields (names as in the JSON): counts; mean,
/// median and hit rate of each leg (long, short, pair); the baselines of long and short; the
/// pair's edge with its interval, placebo p (random days, circular shift) and t statistics
/// (naive, Newey–West, distinct episodes with df and p); and `too_few_episodes`. Empty cells
/// are `None`, as the n/a rule leaves intervals, p-values and t of a thin horizon.
pub fn summary_csv(s: &Study) -> Result<String, ExportError> {
    use LegField::{BaselineMean, Edge, HitRate, Mean, Median, PlaceboP, PlaceboShiftP};
    let mut header = vec!["horizon", "count", "distinct_count"];
    for leg in Leg::ALL {
        for field in [Mean, Median, HitRate] {
            header.push(key(leg, field)?);
        }
    }
    header.extend([
        key(Leg::Long, BaselineMean)?,
        key(Leg::Short, BaselineMean)?,
        key(Leg::Pair, Edge)?,
        "pair_edge_ci_low",
        "pair_edge_ci_high",
        key(Leg::Pair, PlaceboP)?,
        key(Leg::Pair, PlaceboShiftP)?,
        "pair_edge_t_naive",
        "pair_edge_t_overlap",
        "distinct_t_pair",
        "distinct_df",
        "distinct_p_pair",
        "too_few_episodes",
    ]);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header)
        .map_err(|e| ExportError(e.to_string()))?;
    for r in &s.summary {
        let mut row = vec![
            r.horizon.to_string(),
            r.count.to_string(),
            r.distinct_count.to_string(),
        ];
        for (_, leg) in r.legs() {
            row.extend([opt(leg.mean), opt(leg.median), opt(leg.hit_rate)]);
        }
        row.extend([
            opt(r.long.baseline_mean),
            opt(r.short.baseline_mean),
            opt(r.pair.edge),
            opt(r.pair_edge_ci.map(|c| c.0)),
            opt(r.pair_edge_ci.map(|c| c.1)),
            opt(r.pair.placebo_p),
            opt(r.pair.placebo_shift_p),
            opt(r.pair_edge_t_naive),
            opt(r.pair_edge_t_overlap),
            opt(r.distinct_t_pair),
            r.distinct_df.map_or_else(String::new, |d| d.to_string()),
            opt(r.distinct_p_pair),
            r.too_few_episodes.to_string(),
        ]);
        debug_assert_eq!(row.len(), header.len());
        w.write_record(&row)
            .map_err(|e| ExportError(e.to_string()))?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PreparedPair;
    use crate::testkit::{parity_settings, synthetic_pair};

    #[test]
    fn csv_round_trips_the_study_numbers() {
        let (rule, opts) = parity_settings().unwrap();
        let s = PreparedPair::new(synthetic_pair(1500).unwrap())
            .study(&rule, &opts)
            .unwrap();
        let text = events_csv(&s).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().unwrap().clone();
        assert_eq!(
            header.iter().take(7).collect::<Vec<_>>(),
            [
                "date",
                "SYN-L_return",
                "SYN-S_return",
                "pair_return",
                "spread",
                "z",
                "episode"
            ]
        );
        assert_eq!(header.len(), 7 + 3 * s.summary.len());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), s.event_count);
        for (row, e) in rows.iter().zip(&s.events) {
            assert_eq!(row[0], e.date.to_string());
            assert_eq!(
                row[3].parse::<f64>().unwrap(),
                e.long_return - e.short_return
            );
            assert_eq!(row[4].parse::<f64>().unwrap(), e.spread); // full precision
            assert_eq!(row[6].parse::<usize>().ok(), e.episode);
            let last = e.forward.0.last().unwrap().1;
            assert_eq!(
                row[header.len() - 1].parse::<f64>().ok(),
                last.map(|f| f.pair)
            );
        }
        let text = summary_csv(&s).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(
                "horizon,count,distinct_count,long_mean,long_median,long_hit_rate,short_mean,\
                 short_median,short_hit_rate,pair_mean,pair_median,pair_hit_rate,\
                 baseline_long_mean,baseline_short_mean,pair_edge,pair_edge_ci_low,\
                 pair_edge_ci_high,placebo_p_pair,placebo_shift_p_pair,pair_edge_t_naive,\
                 pair_edge_t_overlap,distinct_t_pair,distinct_df,distinct_p_pair,too_few_episodes"
            )
        );
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), s.summary.len());
        assert_eq!(rows[2][3].parse::<f64>().ok(), s.summary[2].long.mean);
        assert_eq!(rows[2][17].parse::<f64>().ok(), s.summary[2].pair.placebo_p);
        assert_eq!(
            rows[2][18].parse::<f64>().ok(),
            s.summary[2].pair.placebo_shift_p
        );
        assert_eq!(rows[2][22].parse::<usize>().ok(), s.summary[2].distinct_df);
        assert_eq!(rows[2][24], *s.summary[2].too_few_episodes.to_string());
    }

    #[test]
    fn a_thin_horizon_writes_empty_cells() {
        let (rule, opts) = parity_settings().unwrap();
        let one = PreparedPair::new(synthetic_pair(1500).unwrap());
        // Only the first event's day: every horizon has at most one episode.
        let first = one.study(&rule, &opts).unwrap().events[0].date;
        let thin_rule = crate::EventRule::new(
            rule.given_threshold(),
            rule.direction(),
            rule.cooloff(),
            Some(first),
            Some(first),
        )
        .unwrap()
        .with_unit(rule.unit());
        let s = one.study(&thin_rule, &opts).unwrap();
        assert!(s.summary.iter().all(|r| r.too_few_episodes));
        let text = summary_csv(&s).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for row in r.records().map(Result::unwrap) {
            for name in [
                "pair_edge_ci_low",
                "pair_edge_ci_high",
                "placebo_p_pair",
                "placebo_shift_p_pair",
                "pair_edge_t_naive",
                "pair_edge_t_overlap",
                "distinct_t_pair",
                "distinct_df",
                "distinct_p_pair",
            ] {
                assert_eq!(&row[col(name)], "", "{name}");
            }
            assert_eq!(&row[col("too_few_episodes")], "true");
            assert_eq!(&row[col("count")], "1");
            assert!(row[col("pair_mean")].parse::<f64>().is_ok());
        }
    }
}
