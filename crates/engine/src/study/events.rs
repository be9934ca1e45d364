//! Threshold events on the daily spread.
//!
//! With T the threshold in percent and t = T / 100:
//! - direction `up`: day i is a candidate when spread(i) ≥ t;
//! - `down`: spread(i) ≤ −t;
//! - `abs`: |spread(i)| ≥ t.
//!
//! Only days i ≥ 1 (day 0 has no return) with `from ≤ date(i) ≤ to` are eligible (each bound
//! optional). Scanning forward, an eligible candidate is counted as an event unless it falls in
//! the cool-off of the previous counted event: after an event on day i, days i+1 … i+N are not
//! events (N = cool-off, default 0). Forward windows are not limited by `to`.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::study::bounds::{BoundError, Bounded};

/// Which side of the threshold makes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// spread ≥ t: the long leg beat the short leg by at least t.
    #[default]
    Up,
    /// spread ≤ −t: the short leg beat the long leg by at least t.
    Down,
    /// |spread| ≥ t: either way.
    Abs,
}

impl Direction {
    /// The URL and CLI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Abs => "abs",
        }
    }

    /// Does `spread` cross threshold `t` (a fraction) in this direction?
    pub fn crosses(self, spread: f64, t: f64) -> bool {
        match self {
            Direction::Up => spread >= t,
            Direction::Down => spread <= -t,
            Direction::Abs => spread.abs() >= t,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A direction name that is not `up`, `down` or `abs`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("direction '{0}' is not one of up, down, abs")]
pub struct DirectionError(pub String);

impl FromStr for Direction {
    type Err = DirectionError;
    fn from_str(s: &str) -> Result<Direction, DirectionError> {
        match s {
            "up" => Ok(Direction::Up),
            "down" => Ok(Direction::Down),
            "abs" => Ok(Direction::Abs),
            _ => Err(DirectionError(s.to_owned())),
        }
    }
}

/// What the threshold measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdUnit {
    /// The spread in percent (T = 4 means 4 %).
    #[default]
    Pct,
    /// The spread in volatility units: spread / trailing 252-day standard deviation
    /// (see [`crate::study::returns::trailing_z`]); T = 3 means a 3-sigma day.
    Z,
}

impl ThresholdUnit {
    /// The URL and CLI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ThresholdUnit::Pct => "pct",
            ThresholdUnit::Z => "z",
        }
    }

    /// The unit's sign after a number: "%" or "σ".
    pub fn symbol(self) -> &'static str {
        match self {
            ThresholdUnit::Pct => "%",
            ThresholdUnit::Z => "σ",
        }
    }

    /// The unit in words, plural: "percent", "standard deviations".
    pub fn words(self) -> &'static str {
        match self {
            ThresholdUnit::Pct => "percent",
            ThresholdUnit::Z => "standard deviations",
        }
    }
}

/// A threshold unit name that is not `pct` or `z`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("threshold unit '{0}' is not one of pct, z")]
pub struct ThresholdUnitError(pub String);

impl FromStr for ThresholdUnit {
    type Err = ThresholdUnitError;
    fn from_str(s: &str) -> Result<ThresholdUnit, ThresholdUnitError> {
        match s {
            "pct" => Ok(ThresholdUnit::Pct),
            "z" => Ok(ThresholdUnit::Z),
            _ => Err(ThresholdUnitError(s.to_owned())),
        }
    }
}

/// What makes a day an event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EventRule {
    threshold: f64,
    unit: ThresholdUnit,
    direction: Direction,
    cooloff: usize,
    from: Option<Date>,
    to: Option<Date>,
}

/// Why an [`EventRule`] cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    /// The threshold or the cool-off is out of its bounds ([`crate::study::bounds`]).
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// An out-of-sample date on or before `from`: the study would have no day.
    #[error("the out-of-sample date {cut} is not after the first event date {from}")]
    CutNotAfterFrom {
        /// The out-of-sample date.
        cut: Date,
        /// The rule's first date.
        from: Date,
    },
    /// `from` is after `to`.
    #[error("the range starts on {from}, after it ends on {to}")]
    InvertedRange {
        /// First event date asked.
        from: Date,
        /// Last event date asked.
        to: Date,
    },
}

impl EventRule {
    /// A rule; `threshold` in percent (4 means 4 %; [`EventRule::with_unit`] measures it in z
    /// units instead), from [`MIN_THRESHOLD`](crate::study::bounds::MIN_THRESHOLD) to
    /// [`MAX_THRESHOLD`](crate::study::bounds::MAX_THRESHOLD); `cooloff` at most
    /// [`MAX_COOLOFF`](crate::study::bounds::MAX_COOLOFF); `from ≤ to` when both given.
    ///
    /// # Errors
    ///
    /// [`RuleError::Bound`] for a threshold or cool-off out of bounds,
    /// [`RuleError::InvertedRange`] for `from` after `to`.
    ///
    /// ```
    /// use equalizer_engine::{Direction, EventRule, ThresholdUnit};
    /// let rule = EventRule::new(3.0, Direction::Up, 0, None, None)?.with_unit(ThresholdUnit::Z);
    /// assert_eq!((rule.threshold(), rule.threshold_pct()), (3.0, None));
    /// assert!(EventRule::new(0.0, Direction::Up, 0, None, None).is_err());
    /// # Ok::<(), equalizer_engine::RuleError>(())
    /// ```
    pub fn new(
        threshold: f64,
        direction: Direction,
        cooloff: usize,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<EventRule, RuleError> {
        Bounded::Threshold.number(threshold)?;
        Bounded::Cooloff.count(cooloff)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(RuleError::InvertedRange { from, to });
        }
        Ok(EventRule {
            threshold,
            unit: ThresholdUnit::Pct,
            direction,
            cooloff,
            from,
            to,
        })
    }

    /// The same rule measuring the threshold in `unit`.
    pub fn with_unit(mut self, unit: ThresholdUnit) -> EventRule {
        self.unit = unit;
        self
    }
    /// Threshold as given, in [`EventRule::unit`]: percent, or z units with [`ThresholdUnit::Z`].
    pub fn given_threshold(&self) -> f64 {
        self.threshold
    }
    /// The threshold in percent, when that is its unit.
    pub fn threshold_pct(&self) -> Option<f64> {
        (self.unit == ThresholdUnit::Pct).then_some(self.threshold)
    }
    /// What the threshold measures.
    pub fn unit(&self) -> ThresholdUnit {
        self.unit
    }
    /// The value compared with the series: t = T / 100 for percent, T itself for z.
    pub fn threshold(&self) -> f64 {
        match self.unit {
            ThresholdUnit::Pct => self.threshold / 100.0,
            ThresholdUnit::Z => self.threshold,
        }
    }
    /// Direction.
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// Cool-off in trading days.
    pub fn cooloff(&self) -> usize {
        self.cooloff
    }
    /// First eligible date, if bounded.
    pub fn from(&self) -> Option<Date> {
        self.from
    }
    /// Last eligible date, if bounded.
    pub fn to(&self) -> Option<Date> {
        self.to
    }
    /// The same rule with no last date.
    pub fn open_ended(&self) -> EventRule {
        EventRule { to: None, ..*self }
    }

    /// The rule split at an out-of-sample date `cut`: the study's rule ends the day before
    /// (its `to` becomes min(to, cut − 1 day)); the held-out events are this rule's events on
    /// or after `cut` (see [`crate::PreparedPair::held_out`]). Refused when `cut` is not after
    /// `from`, which would leave the study no day.
    pub fn before(&self, cut: Date) -> Result<EventRule, RuleError> {
        if let Some(from) = self.from.filter(|f| cut <= *f) {
            return Err(RuleError::CutNotAfterFrom { cut, from });
        }
        let day_before = Date::from_days(cut.days() - 1);
        let to = Some(self.to.map_or(day_before, |to| to.min(day_before)));
        Ok(
            EventRule::new(self.threshold, self.direction, self.cooloff, self.from, to)?
                .with_unit(self.unit),
        )
    }

    /// The same rule (unit included) with another threshold, for sweeps; the threshold must be
    /// valid.
    pub fn with_threshold(&self, threshold: f64) -> Result<EventRule, RuleError> {
        Ok(
            EventRule::new(threshold, self.direction, self.cooloff, self.from, self.to)?
                .with_unit(self.unit),
        )
    }

    /// Indices of eligible days: i ≥ 1 and from ≤ dates\[i\] ≤ to. Dates are sorted, so this is
    /// a contiguous range found by binary search.
    pub fn eligible(&self, dates: &[Date]) -> Range<usize> {
        let lo = self
            .from
            .map_or(0, |f| dates.partition_point(|d| *d < f))
            .max(1);
        let hi = self
            .to
            .map_or(dates.len(), |t| dates.partition_point(|d| *d <= t));
        lo..hi.max(lo)
    }
}

/// A range (From … To) that holds none of the data's days with a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// From lies after the data's last day.
    #[error("From {from} is after the data ends ({last})")]
    FromAfterData {
        /// The rule's first date.
        from: Date,
        /// The data's last day.
        last: Date,
    },
    /// To lies before the data's first day.
    #[error("To {to} is before the data starts ({first})")]
    ToBeforeData {
        /// The rule's last date.
        to: Date,
        /// The data's first day.
        first: Date,
    },
    /// From … To lies inside the data but holds none of its trading days with a return (a
    /// return needs the trading day before, so the data's first day has none).
    #[error(
        "{} … {} holds no trading day with a return in the data",
        from.map_or("the start".to_owned(), |d| d.to_string()),
        to.map_or("the end".to_owned(), |d| d.to_string())
    )]
    NoDays {
        /// The rule's first date, if bounded.
        from: Option<Date>,
        /// The rule's last date, if bounded.
        to: Option<Date>,
    },
}

impl EventRule {
    /// The days of `dates` the rule's range holds ([`EventRule::eligible`]), refused when there
    /// are none: a study of no day would print a range that cannot be.
    ///
    /// # Errors
    ///
    /// [`RangeError`] saying which end is outside the data, or that the range holds no day.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::{Date, Direction, EventRule};
    ///
    /// let dates: Vec<Date> = ["2020-01-02", "2020-01-03", "2020-01-06"]
    ///     .map(|d| d.parse().unwrap())
    ///     .to_vec();
    /// let d = |s: &str| Some(s.parse::<Date>().unwrap());
    /// let rule = EventRule::new(4.0, Direction::Up, 0, d("2030-01-01"), None)?;
    /// assert_eq!(
    ///     rule.days_in(&dates).unwrap_err().to_string(),
    ///     "From 2030-01-01 is after the data ends (2020-01-06)"
    /// );
    /// let rule = EventRule::new(4.0, Direction::Up, 0, d("2020-01-04"), d("2020-01-05"))?;
    /// assert_eq!(
    ///     rule.days_in(&dates).unwrap_err().to_string(),
    ///     "2020-01-04 … 2020-01-05 holds no trading day with a return in the data"
    /// );
    /// assert_eq!(EventRule::new(4.0, Direction::Up, 0, None, None)?.days_in(&dates), Ok(1..3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days_in(&self, dates: &[Date]) -> Result<Range<usize>, RangeError> {
        let days = self.eligible(dates);
        if !days.is_empty() {
            return Ok(days);
        }
        let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
            return Ok(days);
        };
        ends_within(self.from, self.to, first, last)?;
        match (self.from, self.to) {
            // Fewer than two days: no day has a return, whatever the range.
            (None, None) => Ok(days),
            (from, to) => Err(RangeError::NoDays { from, to }),
        }
    }
}

/// Refuses a `from` after `last` or a `to` before `first` (the data's first and last days):
/// the check the page makes on its date boxes from the data's ends alone, and the first of
/// [`EventRule::days_in`]'s.
///
/// # Errors
///
/// [`RangeError::FromAfterData`] or [`RangeError::ToBeforeData`].
pub fn ends_within(
    from: Option<Date>,
    to: Option<Date>,
    first: Date,
    last: Date,
) -> Result<(), RangeError> {
    if let Some(from) = from.filter(|f| *f > last) {
        return Err(RangeError::FromAfterData { from, last });
    }
    if let Some(to) = to.filter(|t| *t < first) {
        return Err(RangeError::ToBeforeData { to, first });
    }
    Ok(())
}

/// Event days (indices into `dates`/`spread`), increasing, under `rule`. See the module docs.
/// `spread` is the series the threshold measures: the spread itself, or its z-score.
pub fn find_events(dates: &[Date], spread: &[f64], rule: &EventRule) -> Vec<usize> {
    let t = rule.threshold();
    let mut events = Vec::new();
    let mut next_allowed = 0;
    for i in rule.eligible(dates) {
        if i >= next_allowed && rule.direction.crosses(spread[i], t) {
            events.push(i);
            // The cool-off is bounded, but the sum must not wrap whatever it is.
            next_allowed = i.saturating_add(rule.cooloff).saturating_add(1);
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn days(n: usize) -> Vec<Date> {
        (0..n as i32).map(Date::from_days).collect()
    }

    /// Naive: walk every day, test each clause literally.
    fn naive(dates: &[Date], spread: &[f64], rule: &EventRule) -> Vec<usize> {
        // Percent thresholds compare with the spread as a fraction; z thresholds as given.
        let t = match rule.unit() {
            ThresholdUnit::Pct => rule.given_threshold() / 100.0,
            ThresholdUnit::Z => rule.given_threshold(),
        };
        let mut out: Vec<usize> = Vec::new();
        for i in 0..dates.len() {
            if i == 0 {
                continue;
            }
            if rule.from().is_some_and(|f| dates[i] < f)
                || rule.to().is_some_and(|to| dates[i] > to)
            {
                continue;
            }
            let hit = match rule.direction() {
                Direction::Up => spread[i] >= t,
                Direction::Down => spread[i] <= -t,
                Direction::Abs => spread[i] >= t || spread[i] <= -t,
            };
            if !hit {
                continue;
            }
            if let Some(&last) = out.last()
                && i <= last + rule.cooloff()
            {
                continue;
            }
            out.push(i);
        }
        out
    }

    #[test]
    fn directions_threshold_and_cooloff() {
        let spread = [f64::NAN, 0.05, 0.04, -0.06, 0.01, 0.045, -0.04];
        let d = days(spread.len());
        let rule = |dir, cool| EventRule::new(4.0, dir, cool, None, None).unwrap();
        assert_eq!(
            find_events(&d, &spread, &rule(Direction::Up, 0)),
            vec![1, 2, 5]
        );
        assert_eq!(
            find_events(&d, &spread, &rule(Direction::Down, 0)),
            vec![3, 6]
        );
        assert_eq!(
            find_events(&d, &spread, &rule(Direction::Abs, 0)),
            vec![1, 2, 3, 5, 6]
        );
        // Cool-off 1: day 2 is in the cool-off of day 1; day 3 is the next allowed.
        assert_eq!(
            find_events(&d, &spread, &rule(Direction::Abs, 1)),
            vec![1, 3, 5]
        );
        assert_eq!(
            find_events(&d, &spread, &rule(Direction::Abs, 3)),
            vec![1, 5]
        );
    }

    #[test]
    fn range_bounds_are_inclusive() {
        let spread = [f64::NAN, 0.05, 0.05, 0.05, 0.05];
        let d = days(5);
        let r = EventRule::new(4.0, Direction::Up, 0, Some(d[2]), Some(d[3])).unwrap();
        assert_eq!(find_events(&d, &spread, &r), vec![2, 3]);
        assert_eq!(r.eligible(&d), 2..4);
        // from before the data still never yields day 0.
        let r = EventRule::new(4.0, Direction::Up, 0, Some(Date::from_days(-10)), None).unwrap();
        assert_eq!(r.eligible(&d), 1..5);
        let r = EventRule::new(4.0, Direction::Up, 0, Some(Date::from_days(50)), None).unwrap();
        assert!(r.eligible(&d).is_empty());
    }

    #[test]
    fn rejects_bad_rules() {
        for t in [0.0, -3.0, f64::NAN, f64::INFINITY, 1e-300, 0.0099, 100.01] {
            assert!(matches!(
                EventRule::new(t, Direction::Up, 0, None, None),
                Err(RuleError::Bound(BoundError {
                    setting: Bounded::Threshold,
                    ..
                }))
            ));
        }
        use crate::study::bounds::{MAX_COOLOFF, MAX_THRESHOLD, MIN_THRESHOLD};
        for t in [MIN_THRESHOLD, MAX_THRESHOLD] {
            assert!(EventRule::new(t, Direction::Up, MAX_COOLOFF, None, None).is_ok());
        }
        for cool in [MAX_COOLOFF + 1, usize::MAX - 1, usize::MAX] {
            assert_eq!(
                EventRule::new(4.0, Direction::Up, cool, None, None)
                    .unwrap_err()
                    .to_string(),
                format!(
                    "the cool-off must be a whole number of trading days from 0 to 2520, not '{cool}'"
                )
            );
        }
        let (a, b) = (Date::from_days(5), Date::from_days(4));
        assert_eq!(
            EventRule::new(4.0, Direction::Up, 0, Some(a), Some(b)),
            Err(RuleError::InvertedRange { from: a, to: b })
        );
        assert_eq!(
            "sideways".parse::<Direction>(),
            Err(DirectionError("sideways".into()))
        );
        assert_eq!("abs".parse::<Direction>(), Ok(Direction::Abs));
    }

    fn arb_dir() -> impl Strategy<Value = Direction> {
        prop_oneof![
            Just(Direction::Up),
            Just(Direction::Down),
            Just(Direction::Abs)
        ]
    }

    proptest! {
        #[test]
        fn fast_equals_naive(
            spread in proptest::collection::vec(-0.08f64..0.08, 2..300),
            t in 0.1f64..8.0, dir in arb_dir(), cool in 0usize..10,
            from in proptest::option::of(0i32..300), len in proptest::option::of(0i32..300),
            z in proptest::bool::ANY,
        ) {
            let d = days(spread.len());
            let to = from.zip(len).map(|(f, l)| Date::from_days(f + l));
            // In z units the series is read as z-scores (spread × 50 spans about ±4 σ).
            let unit = if z { ThresholdUnit::Z } else { ThresholdUnit::Pct };
            let series: Vec<f64> = if z { spread.iter().map(|s| s * 50.0).collect() } else { spread.clone() };
            let spread = series;
            let rule = EventRule::new(t, dir, cool, from.map(Date::from_days), to).unwrap().with_unit(unit);
            prop_assert_eq!(find_events(&d, &spread, &rule), naive(&d, &spread, &rule));
        }

        #[test]
        fn count_never_rises_with_threshold(
            spread in proptest::collection::vec(-0.08f64..0.08, 2..300),
            t1 in 0.1f64..8.0, dt in 0.0f64..4.0, dir in arb_dir(), cool in 0usize..10,
        ) {
            let d = days(spread.len());
            let lo = EventRule::new(t1, dir, cool, None, None).unwrap();
            let hi = EventRule::new(t1 + dt, dir, cool, None, None).unwrap();
            prop_assert!(find_events(&d, &spread, &hi).len() <= find_events(&d, &spread, &lo).len());
        }

        #[test]
        fn cooloff_never_adds_events(
            spread in proptest::collection::vec(-0.08f64..0.08, 2..300),
            t in 0.1f64..8.0, c1 in 0usize..20, dc in 0usize..20, dir in arb_dir(),
        ) {
            let d = days(spread.len());
            let a = find_events(&d, &spread, &EventRule::new(t, dir, c1, None, None).unwrap());
            let b = find_events(&d, &spread, &EventRule::new(t, dir, c1 + dc, None, None).unwrap());
            prop_assert!(b.len() <= a.len());
        }
    }
}
