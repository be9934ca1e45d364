//! The data bundle the page fetches: `manifest.json` plus one JSON file per ticker.
//!
//! A ticker file stores the first date and, for each later row, the number of calendar days
//! since the row before (`gaps`, mostly 1 or 3), beside the adjusted closes. Closes are written
//! by serde_json with the shortest decimal that round-trips to the same `f64`, so the bundle is
//! exact: reading it back gives bit-identical prices.

use serde::{Deserialize, Serialize};

use crate::data::corrections::AppliedCorrection;
use crate::data::date::Date;
use crate::data::series::{Series, SeriesError};
use crate::data::yahoo::Layout;

/// Bundle format version, bumped on any incompatible change.
pub const FORMAT: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`] of the writer.
    pub format: u32,
    /// One entry per ticker, sorted by ticker.
    pub tickers: Vec<ManifestEntry>,
}

/// What the manifest says about one ticker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Ticker name, as in the CSV file name.
    pub ticker: String,
    /// The ticker file, relative to the manifest.
    pub file: String,
    /// The CSV it was made from.
    pub source_file: String,
    /// Which Yahoo layout the CSV had.
    pub layout: Layout,
    /// SHA-256 of the CSV file, lower-case hex.
    pub sha256: String,
    /// Date of the first row.
    pub first: Date,
    /// Date of the last row.
    pub last: Date,
    /// Rows (trading days).
    pub rows: usize,
    /// Corrections applied, in order.
    pub corrections: Vec<AppliedCorrection>,
}

/// One ticker's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TickerFile {
    /// Ticker name.
    pub ticker: String,
    /// Date of the first row.
    pub start: Date,
    /// Calendar days from each row to the next (one fewer than `close`).
    pub gaps: Vec<u32>,
    /// Adjusted closes, one per row.
    pub close: Vec<f64>,
}

/// Why a ticker file does not describe a valid series.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BundleError {
    /// `gaps` is not one shorter than `close`.
    #[error("{ticker}: {gaps} date gaps for {prices} prices (expected one fewer)")]
    GapCount {
        /// Ticker of the file.
        ticker: String,
        /// Length of `gaps`.
        gaps: usize,
        /// Length of `close`.
        prices: usize,
    },
    /// A gap of 0 days or one that runs past year 9999.
    #[error("{ticker}: date gap {gap} at row {row} is not a step forward in time")]
    BadGap {
        /// Ticker of the file.
        ticker: String,
        /// Row the gap leads to.
        row: usize,
        /// The gap, in calendar days.
        gap: u32,
    },
    /// The rows break a series invariant.
    #[error(transparent)]
    Series(#[from] SeriesError),
}

impl TickerFile {
    /// Encodes a series.
    pub fn from_series(series: &Series) -> TickerFile {
        let d = series.dates();
        TickerFile {
            ticker: series.ticker().to_owned(),
            start: series.first_date(),
            gaps: d
                .windows(2)
                .map(|w| (w[1].days() - w[0].days()) as u32)
                .collect(),
            close: series.close().to_vec(),
        }
    }

    /// Decodes and validates.
    pub fn to_series(&self) -> Result<Series, BundleError> {
        if self.gaps.len() + 1 != self.close.len() {
            return Err(BundleError::GapCount {
                ticker: self.ticker.clone(),
                gaps: self.gaps.len(),
                prices: self.close.len(),
            });
        }
        let mut dates = Vec::with_capacity(self.close.len());
        let mut day = self.start.days();
        dates.push(self.start);
        for (row, &gap) in self.gaps.iter().enumerate() {
            let next = i32::try_from(gap).ok().and_then(|g| day.checked_add(g));
            match next {
                Some(n) if gap > 0 && n <= 2_932_896 => day = n, // 9999-12-31
                _ => {
                    return Err(BundleError::BadGap {
                        ticker: self.ticker.clone(),
                        row: row + 1,
                        gap,
                    });
                }
            }
            dates.push(Date::from_days(day));
        }
        Ok(Series::new(&self.ticker, dates, self.close.clone())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_bit_exactly_through_json() {
        let dates = ["2024-07-10", "2024-07-11", "2024-07-15"].map(|s| s.parse::<Date>().unwrap());
        let close = vec![203.17001342773438, 0.1 + 0.2, 1e-3 * 3.0];
        let s = Series::new("IWM", dates.to_vec(), close).unwrap();
        let f = TickerFile::from_series(&s);
        assert_eq!(f.gaps, vec![1, 4]);
        let text = serde_json::to_string(&f).unwrap();
        let back: TickerFile = serde_json::from_str(&text).unwrap();
        let s2 = back.to_series().unwrap();
        assert_eq!(s2, s);
        for (a, b) in s.close().iter().zip(s2.close()) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    #[test]
    fn rejects_inconsistent_files() {
        let start = "2024-01-02".parse().unwrap();
        let f = |gaps: Vec<u32>, close: Vec<f64>| TickerFile {
            ticker: "X".into(),
            start,
            gaps,
            close,
        };
        assert!(matches!(
            f(vec![1, 1], vec![1.0, 2.0]).to_series(),
            Err(BundleError::GapCount { .. })
        ));
        assert!(matches!(
            f(vec![0], vec![1.0, 2.0]).to_series(),
            Err(BundleError::BadGap { row: 1, .. })
        ));
        assert!(matches!(
            f(vec![u32::MAX], vec![1.0, 2.0]).to_series(),
            Err(BundleError::BadGap { .. })
        ));
        assert!(matches!(
            f(vec![1], vec![1.0, -2.0]).to_series(),
            Err(BundleError::Series(_))
        ));
    }
}
