//! A validated daily price series for one ticker.

use std::fmt;

use crate::data::date::Date;

/// The largest plausible move of a close from one trading day to the next: a factor of 1,000
/// either way. No ETF moves that much in a day (the largest daily moves in the data are a few
/// tens of percent); a price beyond it is a typo or a unit error, and would make the returns
/// computed from it meaningless or infinite.
pub const MAX_DAILY_PRICE_RATIO: f64 = 1_000.0;

/// The largest ratio between the highest and the lowest close of a series: 10¹², far beyond
/// any ETF's split-adjusted history (even decaying leveraged funds span less than 10¹⁰).
/// Together with [`MAX_DAILY_PRICE_RATIO`] it keeps every return computed from the series,
/// over any window, a finite number whose square and sums stay finite.
pub const MAX_PRICE_SPAN: f64 = 1e12;

/// A number as people write it: plain decimals in the usual range, exponent notation for the
/// very large and very small (so 1e-308 is not written with 300 zeros).
pub fn short_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-4..1e9).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Prices that are each valid but cannot be a day's history together.
#[derive(Debug, Clone, PartialEq)]
pub enum Implausible {
    /// A close more than [`MAX_DAILY_PRICE_RATIO`] times the previous one, or less than its
    /// 1/1,000th.
    Move {
        /// The day of the move.
        date: Date,
        /// Its close.
        close: f64,
        /// The trading day before.
        previous_date: Date,
        /// Its close.
        previous: f64,
    },
    /// The highest close more than [`MAX_PRICE_SPAN`] times the lowest.
    Span {
        /// The day of the lowest close.
        low_date: Date,
        /// The lowest close.
        low: f64,
        /// The day of the highest close.
        high_date: Date,
        /// The highest close.
        high: f64,
    },
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Implausible::Move {
                date,
                close,
                previous_date,
                previous,
            } => write!(
                f,
                "the close {} on {date} after {} on {previous_date} is a move of more than a \
                 factor of {} in one day, which no ETF makes",
                short_number(close),
                short_number(previous),
                short_number(MAX_DAILY_PRICE_RATIO),
            ),
            Implausible::Span {
                low_date,
                low,
                high_date,
                high,
            } => write!(
                f,
                "the closes range from {} on {low_date} to {} on {high_date}, more than a \
                 factor of {} apart, which no ETF's history spans",
                short_number(low),
                short_number(high),
                short_number(MAX_PRICE_SPAN),
            ),
        }
    }
}

impl Implausible {
    /// The first problem of finite positive `close`s on `dates` (same length), by row: the
    /// row it is found on (the later day of a move, the later extreme of a span) and what it
    /// is. The one rule every price read goes through ([`Series::new`]).
    fn find(dates: &[Date], close: &[f64]) -> Option<(usize, Implausible)> {
        let bound =
            |ratio: f64| (1.0 / MAX_DAILY_PRICE_RATIO..=MAX_DAILY_PRICE_RATIO).contains(&ratio);
        if let Some(i) = (1..close.len()).find(|&i| !bound(close[i] / close[i - 1])) {
            return Some((
                i,
                Implausible::Move {
                    date: dates[i],
                    close: close[i],
                    previous_date: dates[i - 1],
                    previous: close[i - 1],
                },
            ));
        }
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in close.iter().enumerate() {
            if *p < close[lo] {
                lo = i;
            }
            if *p > close[hi] {
                hi = i;
            }
        }
        // An overflowing ratio is infinity, above the bound too (NaN cannot occur: both > 0).
        (close[hi] / close[lo] > MAX_PRICE_SPAN).then(|| {
            (
                lo.max(hi),
                Implausible::Span {
                    low_date: dates[lo],
                    low: close[lo],
                    high_date: dates[hi],
                    high: close[hi],
                },
            )
        })
    }
}

/// Daily adjusted closes of one ticker: dates strictly increasing, prices finite and > 0, no
/// day's move beyond [`MAX_DAILY_PRICE_RATIO`] and no span beyond [`MAX_PRICE_SPAN`], so every
/// return computed from it is finite.
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
    /// Valid prices that cannot be one ticker's history ([`Implausible`]).
    #[error("{ticker}: {problem}")]
    Implausible {
        /// Ticker of the series.
        ticker: String,
        /// The row the problem is found on (the later day).
        index: usize,
        /// What is wrong.
        problem: Implausible,
    },
}

impl Series {
    /// Validates and builds a series.
    ///
    /// # Errors
    ///
    /// [`SeriesError`] names the ticker, the row and the problem: an empty ticker or series,
    /// lengths that differ, a date not after the one before, a price that is not finite and
    /// above 0, or an [`Implausible`] move or span.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::{Date, Series};
    ///
    /// let dates: Vec<Date> = (0..3).map(|k| Date::from_days(20_000 + k)).collect();
    /// assert!(Series::new("IWM", dates.clone(), vec![200.0, 202.0, 199.5]).is_ok());
    /// let typo = Series::new("IWM", dates, vec![200.0, 1e-308, 199.5]).unwrap_err();
    /// assert_eq!(
    ///     typo.to_string(),
    ///     "IWM: the close 1e-308 on 2024-10-05 after 200 on 2024-10-04 is a move of more \
    ///      than a factor of 1000 in one day, which no ETF makes"
    /// );
    /// # Ok::<(), equalizer_engine::SeriesError>(())
    /// ```
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
        if let Some((index, problem)) = Implausible::find(&dates, &close) {
            return Err(SeriesError::Implausible {
                ticker,
                index,
                problem,
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

    /// The series with every close dated strictly before `before` multiplied by `factor`, and
    /// how many prices changed. Validated again like any series: a factor can push a price
    /// out of range or open an implausible move at `before`.
    pub(crate) fn scaled_before(
        &self,
        before: Date,
        factor: f64,
    ) -> Result<(Series, usize), SeriesError> {
        let n = self.dates.partition_point(|d| *d < before);
        let mut close = self.close.clone();
        for p in &mut close[..n] {
            *p *= factor;
        }
        Ok((Series::new(&self.ticker, self.dates.clone(), close)?, n))
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
        let s = Series::new(
            "X",
            vec![d("2024-01-02"), d("2024-01-03"), d("2024-01-04")],
            vec![10.0, 20.0, 30.0],
        )
        .unwrap();
        let (t, n) = s.scaled_before(d("2024-01-04"), 0.5).unwrap();
        assert_eq!((t.close(), n), (&[5.0, 10.0, 30.0][..], 2));
        assert_eq!(s.scaled_before(d("2024-01-01"), 0.5).unwrap().1, 0);
        // A factor that opens an implausible move at the seam is refused like any price.
        assert!(matches!(
            s.scaled_before(d("2024-01-04"), 1e-4),
            Err(SeriesError::Implausible { index: 2, .. })
        ));
    }

    /// The move and span bounds at their edges: exactly the bound is accepted, beyond it is
    /// refused on the row of the later day.
    #[test]
    fn moves_and_spans_are_bounded_at_their_edges() {
        let days = |n: i32| {
            (0..n)
                .map(|k| Date::from_days(19_000 + k))
                .collect::<Vec<_>>()
        };
        let r = MAX_DAILY_PRICE_RATIO;
        for ok in [vec![1.0, r], vec![r, 1.0], vec![1.0, r, 1.0]] {
            assert!(Series::new("X", days(ok.len() as i32), ok).is_ok());
        }
        for (bad, row) in [
            (vec![1.0, r * (1.0 + 1e-12)], 1),
            (vec![r * (1.0 + 1e-12), 1.0], 1),
            (vec![1.0, 2.0, 2.0 / r / 1.001], 2),
            (vec![100.0, 1e-308], 1),
            (vec![100.0, 1e308], 1),
            (vec![f64::MIN_POSITIVE, f64::MAX], 1),
        ] {
            let e = Series::new("X", days(bad.len() as i32), bad.clone()).unwrap_err();
            assert!(
                matches!(e, SeriesError::Implausible { index, problem: Implausible::Move { .. }, .. } if index == row),
                "{bad:?}: {e}"
            );
        }
        // Four moves of 1,000 span 10¹²: accepted; one more step is refused as a span.
        let climb: Vec<f64> = (0..5).map(|k| r.powi(k)).collect();
        assert!(Series::new("X", days(5), climb.clone()).is_ok());
        let mut further = climb;
        further.push(2e12);
        let e = Series::new("X", days(6), further).unwrap_err();
        assert!(
            matches!(
                e,
                SeriesError::Implausible {
                    index: 5,
                    problem: Implausible::Span { .. },
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "X: the closes range from 1 on 2022-01-08 to 2e12 on 2022-01-13, more than a \
             factor of 1e12 apart, which no ETF's history spans"
        );
    }
}
