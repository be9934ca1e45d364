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

/// One row per event: date, both legs' returns, spread, z, then long/short/pair forward returns
/// per horizon (empty where the window is incomplete).
pub fn events_csv(s: &Study) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "date".to_owned(),
        format!("{}_return", s.long),
        format!("{}_return", s.short),
        "spread".into(),
        "z".into(),
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
            e.spread.to_string(),
            opt(e.z),
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
/// pair's edge with its interval, placebo p and t statistics.
pub fn summary_csv(s: &Study) -> Result<String, ExportError> {
    use LegField::{BaselineMean, Edge, HitRate, Mean, Median, PlaceboP};
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
        "pair_edge_t_naive",
        "pair_edge_t_overlap",
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
            opt(r.pair_edge_t_naive),
            opt(r.pair_edge_t_overlap),
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
            header.iter().take(5).collect::<Vec<_>>(),
            ["date", "SYN-L_return", "SYN-S_return", "spread", "z"]
        );
        assert_eq!(header.len(), 5 + 3 * s.summary.len());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), s.event_count);
        for (row, e) in rows.iter().zip(&s.events) {
            assert_eq!(row[0], e.date.to_string());
            assert_eq!(row[3].parse::<f64>().unwrap(), e.spread); // full precision
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
                 pair_edge_ci_high,placebo_p_pair,pair_edge_t_naive,pair_edge_t_overlap"
            )
        );
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), s.summary.len());
        assert_eq!(rows[2][3].parse::<f64>().ok(), s.summary[2].long.mean);
        assert_eq!(rows[2][17].parse::<f64>().ok(), s.summary[2].pair.placebo_p);
    }
}
