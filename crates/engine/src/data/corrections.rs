//! Adjustment-basis corrections (`corrections.csv`).
//!
//! Each row `ticker,before,factor,reason` multiplies every price of `ticker` dated strictly
//! before `before` by `factor`. Several rows for one ticker compound (they multiply). This
//! repairs the re-basing seams described in the data's SOURCES.md: after the fix each seam
//! day's return is no longer understated by the dividend yield.

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::data::series::{Series, SeriesError};
use crate::data::yahoo::{CsvError, CsvProblem};

/// One correction row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Ticker it applies to (upper case).
    pub ticker: String,
    /// Prices dated strictly before this day are multiplied.
    pub before: Date,
    /// Multiplier, finite and > 0.
    pub factor: f64,
    /// Why (free text from the file).
    pub reason: String,
}

/// A correction as applied to a series, with how many prices it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedCorrection {
    /// Prices dated strictly before this day were multiplied.
    pub before: Date,
    /// By this factor.
    pub factor: f64,
    /// Number of prices changed.
    pub prices_changed: usize,
    /// Why.
    pub reason: String,
}

const HEADER: [&str; 4] = ["ticker", "before", "factor", "reason"];

/// Parses `corrections.csv` (header `ticker,before,factor,reason`).
pub fn parse_corrections(file: &str, text: &str) -> Result<Vec<Correction>, CsvError> {
    let err = |line: u64, problem| CsvError {
        file: file.to_owned(),
        line,
        problem,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i as u64 + 1, |p| p.line());
            err(line, CsvProblem::Malformed(e.to_string()))
        })?;
        let line = rec.position().map_or(i as u64 + 1, |p| p.line());
        if i == 0 {
            if rec.iter().map(str::trim).ne(HEADER) {
                let found = rec.iter().collect::<Vec<_>>().join(",");
                return Err(err(line, CsvProblem::UnknownHeader(found)));
            }
            continue;
        }
        if rec.len() != HEADER.len() {
            return Err(err(
                line,
                CsvProblem::FieldCount {
                    expected: HEADER.len(),
                    found: rec.len(),
                },
            ));
        }
        let before: Date = rec[1]
            .parse()
            .map_err(|_| err(line, CsvProblem::BadDate(rec[1].to_owned())))?;
        let factor: f64 = rec[2].trim().parse().map_err(|_| {
            err(
                line,
                CsvProblem::BadNumber {
                    column: "factor",
                    value: rec[2].to_owned(),
                },
            )
        })?;
        if !(factor.is_finite() && factor > 0.0) {
            return Err(err(
                line,
                CsvProblem::BadPrice {
                    column: "factor",
                    value: factor,
                },
            ));
        }
        out.push(Correction {
            ticker: rec[0].trim().to_ascii_uppercase(),
            before,
            factor,
            reason: rec[3].to_owned(),
        });
    }
    if out.is_empty() && reader.position().line() <= 1 {
        return Err(err(1, CsvProblem::Empty));
    }
    Ok(out)
}

/// Applies every correction for `series`'s ticker, in file order, and reports each one.
///
/// # Errors
///
/// A corrected series is validated like any other ([`Series::new`]): a factor that pushes a
/// price out of range or opens an implausible move at its date is refused, and `series` is
/// left as it was.
pub fn apply_corrections(
    series: &mut Series,
    corrections: &[Correction],
) -> Result<Vec<AppliedCorrection>, SeriesError> {
    let ticker = series.ticker().to_ascii_uppercase();
    let mut corrected = series.clone();
    let mut applied = Vec::new();
    for c in corrections.iter().filter(|c| c.ticker == ticker) {
        let (next, prices_changed) = corrected.scaled_before(c.before, c.factor)?;
        corrected = next;
        applied.push(AppliedCorrection {
            before: c.before,
            factor: c.factor,
            prices_changed,
            reason: c.reason.clone(),
        });
    }
    *series = corrected;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "ticker,before,factor,reason\n\
                        DIA,2026-03-19,0.5,seam one\n\
                        DIA,2026-04-21,0.25,seam two\n\
                        IWM,2026-03-17,0.997628,seam\n";

    use crate::data::date::d;

    #[test]
    fn parses_rows() {
        let c = parse_corrections("corrections.csv", FILE).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[2].ticker, "IWM");
        assert_eq!(c[2].before, d("2026-03-17"));
        assert_eq!(c[2].factor, 0.997628);
    }

    #[test]
    fn rows_compound_and_apply_strictly_before() {
        let c = parse_corrections("corrections.csv", FILE).unwrap();
        let mut s = Series::new(
            "DIA",
            vec![
                d("2026-03-18"),
                d("2026-03-19"),
                d("2026-04-20"),
                d("2026-04-21"),
            ],
            vec![100.0, 100.0, 100.0, 100.0],
        )
        .unwrap();
        let applied = apply_corrections(&mut s, &c).unwrap();
        assert_eq!(s.close(), &[12.5, 25.0, 25.0, 100.0]);
        assert_eq!(applied.len(), 2);
        assert_eq!(applied[0].prices_changed, 1);
        assert_eq!(applied[1].prices_changed, 3);
    }

    #[test]
    fn other_tickers_untouched() {
        let c = parse_corrections("corrections.csv", FILE).unwrap();
        let mut s = Series::new("QQQ", vec![d("2026-01-02")], vec![7.0]).unwrap();
        assert!(apply_corrections(&mut s, &c).unwrap().is_empty());
        assert_eq!(s.close(), &[7.0]);
    }

    /// A factor that opens a move beyond the daily bound at its seam is refused, naming it,
    /// and the series keeps its prices.
    #[test]
    fn a_correction_that_makes_an_implausible_seam_is_refused() {
        let c = parse_corrections(
            "corrections.csv",
            "ticker,before,factor,reason\nIWM,2026-03-17,0.0001,typo\n",
        )
        .unwrap();
        let mut s = Series::new(
            "IWM",
            vec![d("2026-03-16"), d("2026-03-17")],
            vec![100.0, 100.0],
        )
        .unwrap();
        let e = apply_corrections(&mut s, &c).unwrap_err();
        assert_eq!(
            e.to_string(),
            "IWM: the close 100 on 2026-03-17 after 0.01 on 2026-03-16 is a move of more than \
             a factor of 1000 in one day, which no ETF makes"
        );
        assert_eq!(s.close(), &[100.0, 100.0]);
    }

    #[test]
    fn rejects_bad_rows_with_line() {
        let h = "ticker,before,factor,reason\n";
        let e = parse_corrections("c.csv", &format!("{h}IWM,2026-3-17,0.9,x\n")).unwrap_err();
        assert_eq!(
            (e.line, e.problem),
            (2, CsvProblem::BadDate("2026-3-17".into()))
        );
        let e = parse_corrections("c.csv", &format!("{h}IWM,2026-03-17,0,x\n")).unwrap_err();
        assert!(matches!(
            e.problem,
            CsvProblem::BadPrice {
                column: "factor",
                ..
            }
        ));
        let e = parse_corrections("c.csv", &format!("{h}IWM,2026-03-17,x,x\n")).unwrap_err();
        assert!(matches!(
            e.problem,
            CsvProblem::BadNumber {
                column: "factor",
                ..
            }
        ));
        let e = parse_corrections("c.csv", &format!("{h}IWM,2026-03-17\n")).unwrap_err();
        assert_eq!(
            e.problem,
            CsvProblem::FieldCount {
                expected: 4,
                found: 2
            }
        );
        let e = parse_corrections("c.csv", "who,when\n").unwrap_err();
        assert!(matches!(e.problem, CsvProblem::UnknownHeader(_)));
        assert_eq!(
            parse_corrections("c.csv", "").unwrap_err().problem,
            CsvProblem::Empty
        );
    }
}
