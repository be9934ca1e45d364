//! Yahoo Finance CSV files in the three layouts that occur in the wild.
//!
//! | layout | header | adjusted close |
//! |---|---|---|
//! | [`Layout::AutoAdjusted`] (yfinance `auto_adjust=True`) | `date,open,high,low,close,volume` | `close` |
//! | [`Layout::Classic`] (Yahoo download page) | `Date,Open,High,Low,Close,Adj Close,Volume` | `Adj Close` |
//! | [`Layout::MultiHeader`] (yfinance ≥ 0.2 with `auto_adjust=False`) | four lines: `Price,…` / `Ticker,…` / `Ticker,…` or … / `Date,,…` | second column (`Price`) |
//!
//! The layout is detected from the header, never from file names. Every data row must have a
//! valid date (`YYYY-MM-DD`; the multi-header layout also writes ` 00:00:00`) and a finite,
//! positive adjusted close; dates must strictly increase. Any violation is a [`CsvError`] naming
//! the file, the 1-based line and the problem: no row is repaired.
//!
//! One exception, never silent: Yahoo writes a row of `null`s for a day it has no prices for
//! (`2020-01-02,null,null,null,null,null,null`). A row whose date is valid and whose every other
//! field is exactly `null` is skipped and counted in [`ParsedCsv::skipped_null_rows`], so the
//! caller can say so. A `null` in some fields only is still an error, as is any other bad value.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::data::series::{Implausible, Series, SeriesError, short_number};

/// The header layouts this parser understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `date,open,high,low,close,volume`; `close` is adjusted for splits and dividends.
    AutoAdjusted,
    /// `Date,Open,High,Low,Close,Adj Close,Volume`; `Adj Close` is used.
    Classic,
    /// Four header lines; column 2 (`Price`) is the adjusted close.
    MultiHeader,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::AutoAdjusted => "yfinance auto-adjusted",
            Layout::Classic => "classic Yahoo (Adj Close)",
            Layout::MultiHeader => "yfinance multi-header",
        })
    }
}

/// A problem in a CSV file, located by file name and 1-based line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}, line {line}: {problem}")]
pub struct CsvError {
    /// The file name as given by the caller.
    pub file: String,
    /// 1-based line number.
    pub line: u64,
    /// What is wrong there.
    pub problem: CsvProblem,
}

/// What is wrong on a line of a CSV file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvProblem {
    /// The file has no lines.
    #[error("the file is empty")]
    Empty,
    /// The header is none of the known layouts.
    #[error(
        "unrecognised header '{0}': expected 'date,open,high,low,close,volume', \
         'Date,Open,High,Low,Close,Adj Close,Volume' or the four-line yfinance header starting 'Price,Price'"
    )]
    UnknownHeader(String),
    /// A multi-header file whose lines 2–4 are not what yfinance writes.
    #[error("expected the yfinance header line starting '{expected}', found '{found}'")]
    BadMultiHeader {
        /// The line yfinance writes (its start).
        expected: &'static str,
        /// The line found.
        found: String,
    },
    /// The header has no data rows after it.
    #[error("no data rows after the header")]
    NoRows,
    /// A row with the wrong number of fields.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// Fields the layout has.
        expected: usize,
        /// Fields on the line.
        found: usize,
    },
    /// The CSV itself is malformed (quoting, encoding).
    #[error("{0}")]
    Malformed(String),
    /// The date field is not a date.
    #[error("bad date '{0}' (expected YYYY-MM-DD)")]
    BadDate(String),
    /// The date is not after the previous row's.
    #[error("date {date} does not come after {previous} on the line before")]
    NotIncreasing {
        /// The row's date.
        date: Date,
        /// The previous row's date.
        previous: Date,
    },
    /// The price field is empty or not a number.
    #[error("{column} '{value}' is not a number")]
    BadNumber {
        /// The price column read.
        column: &'static str,
        /// The text found there.
        value: String,
    },
    /// The price is zero, negative or infinite.
    #[error("{column} {} is not a finite price above 0", short_number(*.value))]
    BadPrice {
        /// The price column read.
        column: &'static str,
        /// The number found there.
        value: f64,
    },
    /// Prices that are each valid but cannot be one ticker's history: a day's move or the
    /// whole span beyond the bounds every series keeps ([`Implausible`]).
    #[error("{0}")]
    Implausible(Implausible),
}

/// A parsed file: the detected layout and the adjusted-close series.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCsv {
    /// The header layout found.
    pub layout: Layout,
    /// Adjusted closes.
    pub series: Series,
    /// Rows skipped because Yahoo wrote `null` in every field but the date.
    pub skipped_null_rows: usize,
}

struct Shape {
    layout: Layout,
    width: usize,
    date_col: usize,
    close_col: usize,
    close_name: &'static str,
    header_lines: usize,
}

/// Parses one Yahoo CSV. `file` is only used in error messages; `ticker` names the series.
///
/// # Errors
///
/// [`CsvError`] names the file, the line and the problem: an unknown header, a bad date, a
/// date not after the previous row's, a missing or non-positive price, or a close that moves
/// more than [`MAX_DAILY_PRICE_RATIO`](crate::data::series::MAX_DAILY_PRICE_RATIO) from the
/// day before (the rule of [`Series::new`], located here by line).
///
/// # Example
///
/// ```
/// use equalizer_engine::yahoo::{Layout, parse_csv};
///
/// let text = "Date,Open,High,Low,Close,Adj Close,Volume
/// 2024-07-10,200.0,203.0,199.0,202.0,201.5,100
/// 2024-07-11,202.0,210.0,201.0,209.3,208.7,150
/// ";
/// let parsed = parse_csv("IWM.csv", "IWM", text)?;
/// assert_eq!(parsed.layout, Layout::Classic);
/// assert_eq!(parsed.series.close(), &[201.5, 208.7]); // the adjusted close
/// assert_eq!(parsed.series.dates()[1].to_string(), "2024-07-11");
///
/// let broken = parse_csv("IWM.csv", "IWM", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-07-10,1,1,1,1,-3,1\n");
/// assert_eq!(broken.unwrap_err().line, 2);
/// # Ok::<(), equalizer_engine::yahoo::CsvError>(())
/// ```
pub fn parse_csv(file: &str, ticker: &str, text: &str) -> Result<ParsedCsv, CsvError> {
    let err = |line: u64, problem| CsvError {
        file: file.to_owned(),
        line,
        problem,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut next = |expect_line: u64| -> Result<Option<(u64, csv::StringRecord)>, CsvError> {
        match records.next() {
            None => Ok(None),
            Some(Ok(rec)) => {
                let line = rec.position().map_or(expect_line, |p| p.line());
                Ok(Some((line, rec)))
            }
            Some(Err(e)) => {
                let line = e.position().map_or(expect_line, |p| p.line());
                Err(err(line, CsvProblem::Malformed(e.to_string())))
            }
        }
    };

    let Some((_, header)) = next(1)? else {
        return Err(err(1, CsvProblem::Empty));
    };
    let shape = detect(&header).ok_or_else(|| {
        err(
            1,
            CsvProblem::UnknownHeader(header.iter().collect::<Vec<_>>().join(",")),
        )
    })?;
    if shape.layout == Layout::MultiHeader {
        for (line, expected) in [(2, "Ticker"), (3, "Ticker"), (4, "Date")] {
            let found = next(line)?.map(|(_, r)| r);
            let first = found.as_ref().and_then(|r| r.get(0)).unwrap_or("");
            // yfinance writes either two Ticker lines or one; both end with the Date line.
            let ok = first == expected || (line == 3 && first == "Date");
            if !ok {
                let found = found.map_or(String::new(), |r| r.iter().collect::<Vec<_>>().join(","));
                return Err(err(line, CsvProblem::BadMultiHeader { expected, found }));
            }
            if line == 3 && first == "Date" {
                break;
            }
        }
    }

    let mut dates = Vec::new();
    let mut close = Vec::new();
    // The line of each row kept, so a series error found by row is reported by line.
    let mut lines = Vec::new();
    let mut skipped_null_rows = 0;
    let mut last_line = shape.header_lines as u64;
    while let Some((line, rec)) = next(last_line + 1)? {
        last_line = line;
        if rec.len() != shape.width {
            return Err(err(
                line,
                CsvProblem::FieldCount {
                    expected: shape.width,
                    found: rec.len(),
                },
            ));
        }
        let raw_date = rec.get(shape.date_col).unwrap_or("");
        let date_text = match shape.layout {
            Layout::MultiHeader => raw_date.strip_suffix(" 00:00:00").unwrap_or(raw_date),
            _ => raw_date,
        };
        let date: Date = date_text
            .parse()
            .map_err(|_| err(line, CsvProblem::BadDate(raw_date.to_owned())))?;
        if is_null_row(&rec, shape.date_col) {
            skipped_null_rows += 1;
            continue;
        }
        if let Some(&previous) = dates.last()
            && date <= previous
        {
            return Err(err(line, CsvProblem::NotIncreasing { date, previous }));
        }
        let raw_price = rec.get(shape.close_col).unwrap_or("");
        let price: f64 = raw_price.trim().parse().map_err(|_| {
            err(
                line,
                CsvProblem::BadNumber {
                    column: shape.close_name,
                    value: raw_price.to_owned(),
                },
            )
        })?;
        if !(price.is_finite() && price > 0.0) {
            return Err(err(
                line,
                CsvProblem::BadPrice {
                    column: shape.close_name,
                    value: price,
                },
            ));
        }
        dates.push(date);
        close.push(price);
        lines.push(line);
    }
    if dates.is_empty() {
        return Err(err(shape.header_lines as u64 + 1, CsvProblem::NoRows));
    }
    // The checks above are the row-by-row invariants; what only the whole series can tell (an
    // implausible move or span) is Series::new's, located here by its row's line.
    let series = Series::new(ticker, dates, close).map_err(|e| match e {
        SeriesError::Implausible { index, problem, .. } => err(
            lines.get(index).copied().unwrap_or(last_line),
            CsvProblem::Implausible(problem),
        ),
        e => err(last_line, CsvProblem::Malformed(e.to_string())),
    })?;
    Ok(ParsedCsv {
        layout: shape.layout,
        series,
        skipped_null_rows,
    })
}

/// Whether every field but the date is exactly `null` (Yahoo's row for a day without prices).
fn is_null_row(rec: &csv::StringRecord, date_col: usize) -> bool {
    rec.len() > 1
        && rec
            .iter()
            .enumerate()
            .all(|(k, f)| k == date_col || f.trim() == "null")
}

fn detect(header: &csv::StringRecord) -> Option<Shape> {
    let cols: Vec<&str> = header.iter().map(str::trim).collect();
    let find = |name: &str| cols.iter().position(|c| *c == name);
    if cols.first() == Some(&"Price") && cols.get(1) == Some(&"Price") {
        return Some(Shape {
            layout: Layout::MultiHeader,
            width: cols.len(),
            date_col: 0,
            close_col: 1,
            close_name: "Price (adjusted close)",
            header_lines: 4,
        });
    }
    if let (Some(date_col), Some(close_col)) = (find("Date"), find("Adj Close")) {
        return Some(Shape {
            layout: Layout::Classic,
            width: cols.len(),
            date_col,
            close_col,
            close_name: "Adj Close",
            header_lines: 1,
        });
    }
    if let (Some(date_col), Some(close_col)) = (find("date"), find("close"))
        && find("adj close").is_none()
    {
        return Some(Shape {
            layout: Layout::AutoAdjusted,
            width: cols.len(),
            date_col,
            close_col,
            close_name: "close",
            header_lines: 1,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (u64, CsvProblem) {
        let e = parse_csv("T.csv", "T", text).unwrap_err();
        assert_eq!(e.file, "T.csv");
        (e.line, e.problem)
    }

    #[test]
    fn auto_adjusted_uses_close() {
        let p = parse_csv(
            "IWM.csv",
            "IWM",
            "date,open,high,low,close,volume\n2024-07-10,1,2,0.5,10.5,100\n2024-07-11,1,2,0.5,11,100\n",
        )
        .unwrap();
        assert_eq!(p.layout, Layout::AutoAdjusted);
        assert_eq!(p.series.close(), &[10.5, 11.0]);
        assert_eq!(p.series.dates()[1].to_string(), "2024-07-11");
    }

    #[test]
    fn classic_uses_adj_close() {
        let p = parse_csv(
            "XLB.csv",
            "XLB",
            "Date,Open,High,Low,Close,Adj Close,Volume\n1998-12-22,20.78,20.82,20.75,20.828125,11.546235,1900\n",
        )
        .unwrap();
        assert_eq!(p.layout, Layout::Classic);
        assert_eq!(p.series.close(), &[11.546235]);
    }

    #[test]
    fn multi_header_uses_price_and_strips_midnight() {
        let text = "Price,Price,Close,High,Low,Open,Volume\nTicker,MDY,MDY,MDY,MDY,MDY,MDY\n\
                    Ticker,MDY,MDY,MDY,MDY,MDY,MDY\nDate,,,,,,\n\
                    1995-05-04 00:00:00,25.109121322631836,37.421875,37.625,37.421875,37.625,55800\n\
                    1995-05-05 00:00:00,24.951873779296875,37.1875,37.25,37.0,37.25,3000\n";
        let p = parse_csv("MDY.csv", "MDY", text).unwrap();
        assert_eq!(p.layout, Layout::MultiHeader);
        assert_eq!(p.series.close(), &[25.109121322631836, 24.951873779296875]);
        assert_eq!(p.series.first_date().to_string(), "1995-05-04");
        // The three-line variant (one Ticker line) also parses.
        let short = "Price,Price,Close\nTicker,MDY,MDY\nDate,,\n1995-05-04,25.1,37.4\n";
        assert_eq!(parse_csv("M.csv", "MDY", short).unwrap().series.len(), 1);
    }

    #[test]
    fn every_violation_names_its_line() {
        let h = "date,open,high,low,close,volume\n";
        assert_eq!(problem(""), (1, CsvProblem::Empty));
        assert!(matches!(
            problem("when,what\n1,2\n"),
            (1, CsvProblem::UnknownHeader(_))
        ));
        assert_eq!(problem(h), (2, CsvProblem::NoRows));
        assert_eq!(
            problem(&format!("{h}2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1\n")),
            (
                3,
                CsvProblem::FieldCount {
                    expected: 6,
                    found: 4
                }
            )
        );
        assert_eq!(
            problem(&format!("{h}2024-13-02,1,1,1,1,1\n")),
            (2, CsvProblem::BadDate("2024-13-02".into()))
        );
        assert_eq!(
            problem(&format!("{h}2024-01-03 00:00:00,1,1,1,1,1\n")),
            (2, CsvProblem::BadDate("2024-01-03 00:00:00".into()))
        );
        let (line, p) = problem(&format!("{h}2024-01-03,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n"));
        assert_eq!(line, 3);
        assert!(matches!(p, CsvProblem::NotIncreasing { .. }));
        let (line, p) = problem(&format!("{h}2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n"));
        assert_eq!(line, 3);
        assert!(matches!(p, CsvProblem::NotIncreasing { .. }));
        assert_eq!(
            problem(&format!("{h}2024-01-02,1,1,1,,1\n")),
            (
                2,
                CsvProblem::BadNumber {
                    column: "close",
                    value: String::new()
                }
            )
        );
        assert_eq!(
            problem(&format!("{h}2024-01-02,1,1,1,null,1\n")),
            (
                2,
                CsvProblem::BadNumber {
                    column: "close",
                    value: "null".into()
                }
            )
        );
        for bad in ["0", "-3.5", "inf"] {
            assert!(matches!(
                problem(&format!("{h}2024-01-02,1,1,1,{bad},1\n")),
                (
                    2,
                    CsvProblem::BadPrice {
                        column: "close",
                        ..
                    }
                )
            ));
        }
        assert!(matches!(
            problem("Price,Price\nTicker,X\nNope,\n"),
            (
                3,
                CsvProblem::BadMultiHeader {
                    expected: "Ticker",
                    ..
                }
            )
        ));
        assert!(matches!(
            problem("date,close\n\"2024-01-02,1\n"),
            (_, CsvProblem::Malformed(_)) | (_, CsvProblem::FieldCount { .. })
        ));
    }

    #[test]
    fn null_rows_are_skipped_and_counted() {
        let classic = "Date,Open,High,Low,Close,Adj Close,Volume\n\
                       2019-12-31,1,1,1,1,10.0,5\n\
                       2020-01-02,null,null,null,null,null,null\n\
                       2020-01-03,1,1,1,1,10.5,5\n\
                       2020-01-06,null,null,null,null,null,null\n";
        let p = parse_csv("X.csv", "X", classic).unwrap();
        assert_eq!(p.skipped_null_rows, 2);
        assert_eq!(p.series.close(), &[10.0, 10.5]);
        assert_eq!(
            p.series
                .dates()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["2019-12-31", "2020-01-03"]
        );
        // A clean file counts none.
        let clean = "date,open,high,low,close,volume\n2024-01-02,1,1,1,2,1\n";
        assert_eq!(parse_csv("C.csv", "C", clean).unwrap().skipped_null_rows, 0);
        // A null in some fields only is still an error naming its line; so is a bad date on a
        // null row, and a file of null rows only has no rows.
        let h = "date,open,high,low,close,volume\n";
        assert!(matches!(
            problem(&format!(
                "{h}2024-01-02,1,1,1,2,1\n2024-01-03,null,null,null,null,1\n"
            )),
            (3, CsvProblem::BadNumber { .. })
        ));
        assert!(matches!(
            problem(&format!("{h}2024-01-32,null,null,null,null,null\n")),
            (2, CsvProblem::BadDate(_))
        ));
        assert_eq!(
            problem(&format!("{h}2024-01-02,null,null,null,null,null\n")),
            (2, CsvProblem::NoRows)
        );
    }

    /// A typo'd close (1e-308 or 1e308 among prices near 100) is refused on its own line,
    /// naming its date and the two prices; the same file with the close fixed parses.
    #[test]
    fn implausible_moves_name_line_date_and_both_prices() {
        let h = "date,open,high,low,close,volume\n";
        let file = |c: &str| {
            format!("{h}2024-01-02,1,1,1,100.5,1\n2024-01-03,1,1,1,{c},1\n2024-01-04,1,1,1,101,1\n")
        };
        assert!(parse_csv("T.csv", "T", &file("99.75")).is_ok());
        for (close, shown) in [("1e-308", "1e-308"), ("1e308", "1e308"), ("0.1", "0.1")] {
            let e = parse_csv("T.csv", "T", &file(close)).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "T.csv, line 3: the close {shown} on 2024-01-03 after 100.5 on 2024-01-02 is a \
                     move of more than a factor of 1000 in one day, which no ETF makes"
                )
            );
        }
        // A null row between two days does not hide the move; the line is the later day's.
        let e = parse_csv(
            "T.csv",
            "T",
            &format!("{h}2024-01-02,1,1,1,100,1\n2024-01-03,null,null,null,null,null\n2024-01-04,1,1,1,100000.5,1\n"),
        )
        .unwrap_err();
        assert_eq!(e.line, 4);
        assert!(matches!(
            e.problem,
            CsvProblem::Implausible(Implausible::Move { .. })
        ));
    }

    #[test]
    fn error_message_reads_as_a_sentence() {
        let e = parse_csv(
            "QQQ.csv",
            "QQQ",
            "date,open,high,low,close,volume\n2024-01-02,1,1,1,abc,1\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "QQQ.csv, line 2: close 'abc' is not a number"
        );
    }
}

/// Fuzz-style property tests: arbitrary text never panics, and damaged real-looking files either
/// parse to a valid series or fail naming a line that exists.
#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const HEADERS: [&str; 3] = [
        "date,open,high,low,close,volume",
        "Date,Open,High,Low,Close,Adj Close,Volume",
        "Price,Price,Close,High,Low,Open,Volume\nTicker,X,X,X,X,X,X\nTicker,X,X,X,X,X,X\nDate,,,,,,",
    ];

    fn file() -> impl Strategy<Value = String> {
        (
            0usize..3,
            proptest::collection::vec((0i32..3000, 0.01f64..500.0), 0..40),
        )
            .prop_map(|(h, rows)| {
                let mut days: Vec<i32> = rows.iter().map(|r| r.0).collect();
                days.sort_unstable();
                let mut text = HEADERS[h].to_owned();
                for (d, (_, p)) in days.iter().zip(&rows) {
                    let date = Date::from_days(11_000 + d).to_string();
                    let row = match h {
                        0 => format!("{date},1,1,1,{p},100"),
                        1 => format!("{date},1,1,1,1,{p},100"),
                        _ => format!("{date} 00:00:00,{p},1,1,1,1,100"),
                    };
                    text.push('\n');
                    text.push_str(&row);
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn arbitrary_text_never_panics(text in "(?s).{0,400}") {
            let _ = parse_csv("F.csv", "F", &text);
            let _ = crate::data::corrections::parse_corrections("c.csv", &text);
        }

        #[test]
        fn damaged_files_fail_on_a_real_line_or_parse_valid(
            text in file(),
            cut in 0usize..2000,
            junk in "[,\"a-z0-9. \\-\n]{0,6}",
        ) {
            // Splice junk into the file at a random byte (on a char boundary).
            let at = (0..=cut.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let damaged = format!("{}{}{}", &text[..at], junk, &text[at..]);
            let lines = damaged.lines().count() as u64;
            match parse_csv("F.csv", "F", &damaged) {
                Ok(p) => {
                    let s = p.series;
                    prop_assert!(s.dates().windows(2).all(|w| w[0] < w[1]));
                    prop_assert!(s.close().iter().all(|c| c.is_finite() && *c > 0.0));
                }
                Err(e) => {
                    prop_assert_eq!(e.file.as_str(), "F.csv");
                    prop_assert!(e.line >= 1 && e.line <= lines + 1, "line {} of {}", e.line, lines);
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}
