//! A validated daily price series for one ticker.

use crate::data::date::Date;

/// Daily adjusted closes of one ticker: dates strictly increasing, prices finite and > 0.
///
/// Constructing one through [`Series::new`] is the only way in, so every other module may
/// rely on these invariants without checking them again.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    ticker: String,
    dates: Vec<Date>,
    close: Vec<f64>,
}

/// Why dates and prices do not form a [`Series`]. Indices are 0-based positions in the input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SeriesError {
    /// The ticker is empty.
    #[error("the ticker name is empty")]
    EmptyTicker,
    /// No rows at all.
    #[error("{ticker}: the series has no prices")]
    Empty {
        /// Ticker of the series.
        ticker: String,
    },
    /// `dates` and `close` differ in length.
    #[error("{ticker}: {dates} dates but {prices} prices")]
    LengthMismatch {
        /// Ticker of the series.
        ticker: String,
        /// Number of dates.
        dates: usize,
        /// Number of prices.
        prices: usize,
    },
    /// A date is not after the one before it.
    #[error("{ticker}: date {date} (row {index}) does not come after {previous}")]
    NotIncreasing {
        /// Ticker of the series.
        ticker: String,
        /// Row of the offending date.
        index: usize,
        /// The offending date.
        date: Date,
        /// The date of the row before.
        previous: Date,
    },
    /// A price is NaN, infinite, zero or negative.
    #[error("{ticker}: price {value} on {date} (row {index}) is not a finite number above 0")]
    BadPrice {
        /// Ticker of the series.
        ticker: String,
        /// Row of the offending price.
        index: usize,
        /// Date of the offending price.
        date: Date,
        /// The offending price.
        value: f64,
    },
}

impl Series {
    /// Validates and builds a series.
    pub fn new(ticker: &str, dates: Vec<Date>, close: Vec<f64>) -> Result<Series, SeriesError> {
        if ticker.is_empty() {
            return Err(SeriesError::EmptyTicker);
        }
        let ticker = ticker.to_owned();
        if dates.len() != close.len() {
            return Err(SeriesError::LengthMismatch {
                ticker,
                dates: dates.len(),
                prices: close.len(),
            });
        }
        if dates.is_empty() {
            return Err(SeriesError::Empty { ticker });
        }
        if let Some(i) = (1..dates.len()).find(|&i| dates[i] <= dates[i - 1]) {
            return Err(SeriesError::NotIncreasing {
                ticker,
                index: i,
                date: dates[i],
                previous: dates[i - 1],
            });
        }
        if let Some(i) = close.iter().position(|p| !(p.is_finite() && *p > 0.0)) {
            return Err(SeriesError::BadPrice {
                ticker,
                index: i,
                date: dates[i],
                value: close[i],
            });
        }
        Ok(Series {
            ticker,
            dates,
            close,
        })
    }

    /// The ticker symbol.
    pub fn ticker(&self) -> &str {
        &self.ticker
    }

    /// Trading dates, strictly increasing.
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// Adjusted closes, one per date.
    pub fn close(&self) -> &[f64] {
        &self.close
    }

    /// Number of trading days.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Always false: a series has at least one day.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// First trading date.
    pub fn first_date(&self) -> Date {
        self.dates[0]
    }

    /// Last trading date.
    pub fn last_date(&self) -> Date {
        self.dates[self.dates.len() - 1]
    }

    /// Multiplies every close dated strictly before `before` by `factor` and returns how many
    /// prices changed. `factor` is finite and > 0 (checked where corrections are parsed), so
    /// the price invariant holds afterwards.
    pub(crate) fn scale_before(&mut self, before: Date, factor: f64) -> usize {
        let n = self.dates.partition_point(|d| *d < before);
        for p in &mut self.close[..n] {
            *p *= factor;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::data::date::d;

    #[test]
    fn accepts_valid_series() {
        let s = Series::new(
            "IWM",
            vec![d("2024-01-02"), d("2024-01-03")],
            vec![1.0, 2.0],
        )
        .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s.first_date(), d("2024-01-02"));
        assert_eq!(s.last_date(), d("2024-01-03"));
    }

    #[test]
    fn rejects_each_violation() {
        let two = vec![d("2024-01-02"), d("2024-01-03")];
        assert_eq!(
            Series::new("", two.clone(), vec![1.0, 1.0]),
            Err(SeriesError::EmptyTicker)
        );
        assert!(matches!(
            Series::new("X", vec![], vec![]),
            Err(SeriesError::Empty { .. })
        ));
        assert!(matches!(
            Series::new("X", two.clone(), vec![1.0]),
            Err(SeriesError::LengthMismatch {
                dates: 2,
                prices: 1,
                ..
            })
        ));
        assert!(matches!(
            Series::new("X", vec![d("2024-01-03"), d("2024-01-03")], vec![1.0, 1.0]),
            Err(SeriesError::NotIncreasing { index: 1, .. })
        ));
        assert!(matches!(
            Series::new("X", vec![d("2024-01-03"), d("2024-01-02")], vec![1.0, 1.0]),
            Err(SeriesError::NotIncreasing { index: 1, .. })
        ));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Series::new("X", two.clone(), vec![1.0, bad]),
                Err(SeriesError::BadPrice { index: 1, .. })
            ));
        }
    }

    #[test]
    fn scales_only_strictly_before() {
        let mut s = Series::new(
            "X",
            vec![d("2024-01-02"), d("2024-01-03"), d("2024-01-04")],
            vec![10.0, 20.0, 30.0],
        )
        .unwrap();
        assert_eq!(s.scale_before(d("2024-01-04"), 0.5), 2);
        assert_eq!(s.close(), &[5.0, 10.0, 30.0]);
        assert_eq!(s.scale_before(d("2024-01-01"), 0.5), 0);
    }
}
