//! How extreme a day is in the pair's whole history: [`PreparedPair::rank`].

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::study::events::{Direction, EventRule};
use crate::study::prepared::PreparedPair;

/// A day's rank among all days of the pair's history by extremity in a rule's direction and
/// unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayRank {
    /// 1 + the number of days strictly more extreme.
    pub rank: usize,
    /// Days ranked: every day i ≥ 1 whose signal is finite.
    pub of: usize,
    /// 100 × (of − rank) / of: the share of the other days that are not more extreme, so the
    /// most extreme day gets 100 × (of − 1) / of, just under 100.
    pub percentile: f64,
    /// The days strictly more extreme, ascending by date.
    pub larger: Vec<Date>,
}

/// How extreme a signal value is in `direction`: larger is more extreme.
fn extremity(direction: Direction, x: f64) -> f64 {
    match direction {
        Direction::Up => x,
        Direction::Down => -x,
        Direction::Abs => x.abs(),
    }
}

impl PreparedPair {
    /// The rank of day `day` among all days i ≥ 1 of the pair's history whose signal (the spread
    /// in percent units, z in z units: [`PreparedPair::signal`]) is finite, ordered by extremity
    /// in the rule's direction (up: larger spread; down: more negative; abs: larger |spread|).
    /// The rule's threshold, cool-off and dates play no part. `None` when the day is 0, past
    /// the data or has no finite signal.
    ///
    /// # Formula
    ///
    /// With e(x) = x (up), −x (down), |x| (abs): rank = 1 + #{i : e(sᵢ) > e(s_day)},
    /// percentile = 100 × (of − rank) / of; ties are not more extreme.
    pub fn rank(&self, rule: &EventRule, day: usize) -> Option<DayRank> {
        let signal = self.signal(rule.unit());
        let dates = self.pair().dates();
        let x = *signal.get(day).filter(|x| x.is_finite() && day >= 1)?;
        let key = extremity(rule.direction(), x);
        let mut of = 0;
        let mut larger = Vec::new();
        for (i, s) in signal.iter().enumerate().skip(1) {
            if s.is_finite() {
                of += 1;
                if extremity(rule.direction(), *s) > key {
                    larger.push(dates[i]);
                }
            }
        }
        let rank = larger.len() + 1;
        Some(DayRank {
            rank,
            of,
            percentile: 100.0 * (of - rank) as f64 / of as f64,
            larger,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::align::AlignedPair;
    use crate::data::series::Series;
    use crate::study::events::ThresholdUnit;
    use proptest::prelude::*;

    fn prepared(moves: &[f64]) -> PreparedPair {
        let n = moves.len() + 1;
        let dates: Vec<Date> = (0..n as i32).map(|k| Date::from_days(20_000 + k)).collect();
        let long: Vec<f64> = std::iter::once(100.0)
            .chain(moves.iter().scan(100.0, |c, m| {
                *c *= 1.0 + m;
                Some(*c)
            }))
            .collect();
        let pair = AlignedPair::new(
            &Series::new("L", dates.clone(), long).unwrap(),
            &Series::new("S", dates, vec![50.0; n]).unwrap(),
        )
        .unwrap();
        PreparedPair::new(pair)
    }

    /// Plain recomputation: sort the finite days by extremity, descending, and count those
    /// strictly above the day's.
    fn plain(p: &PreparedPair, rule: &EventRule, day: usize) -> Option<(usize, usize, Vec<Date>)> {
        let s = p.signal(rule.unit());
        if day == 0 || !s[day].is_finite() {
            return None;
        }
        let e = |x: f64| match rule.direction() {
            Direction::Up => x,
            Direction::Down => -x,
            Direction::Abs => x.abs(),
        };
        let mut days: Vec<usize> = (1..s.len()).filter(|&i| s[i].is_finite()).collect();
        days.sort_by(|&a, &b| e(s[b]).total_cmp(&e(s[a])));
        let mut larger: Vec<Date> = days
            .iter()
            .take_while(|&&i| e(s[i]) > e(s[day]))
            .map(|&i| p.pair().dates()[i])
            .collect();
        larger.sort();
        Some((larger.len() + 1, days.len(), larger))
    }

    #[test]
    fn ranks_by_direction_by_hand() {
        let p = prepared(&[0.01, 0.05, -0.07, 0.03, -0.02, 0.06]);
        let rule = |d| EventRule::new(4.0, d, 0, None, None).unwrap();
        let date = |i: i32| Date::from_days(20_000 + i);
        // Up: day 6 (+6 %) is the top day of six, day 2 (+5 %) the second.
        let r = p.rank(&rule(Direction::Up), 6).unwrap();
        assert_eq!((r.rank, r.of, r.larger.clone()), (1, 6, vec![]));
        assert!((r.percentile - 100.0 * 5.0 / 6.0).abs() < 1e-12);
        let r = p.rank(&rule(Direction::Up), 2).unwrap();
        assert_eq!((r.rank, r.larger), (2, vec![date(6)]));
        // Up: day 4 (+3 %) is below days 2 and 6; a day ties itself, so it never counts.
        let r = p.rank(&rule(Direction::Up), 4).unwrap();
        assert_eq!((r.rank, r.larger), (3, vec![date(2), date(6)]));
        // Down: day 5 (−2 %) is beaten by day 3 (−7 %).
        let r = p.rank(&rule(Direction::Down), 5).unwrap();
        assert_eq!((r.rank, r.larger), (2, vec![date(3)]));
        // Abs: day 3 is the largest move.
        assert_eq!(p.rank(&rule(Direction::Abs), 3).unwrap().rank, 1);
        // Day 0 has no return; z units have no z in the first 252 days.
        assert_eq!(p.rank(&rule(Direction::Up), 0), None);
        assert_eq!(p.rank(&rule(Direction::Up), 99), None);
        let z = rule(Direction::Up).with_unit(ThresholdUnit::Z);
        assert_eq!(p.rank(&z, 3), None);
    }

    proptest! {
        #[test]
        fn rank_equals_a_sort_based_recomputation(
            moves in proptest::collection::vec(-0.05f64..0.05, 1..400),
            pick in 0usize..400, dir in 0usize..3, z in proptest::bool::ANY,
        ) {
            let p = prepared(&moves);
            let direction = [Direction::Up, Direction::Down, Direction::Abs][dir];
            let unit = if z { ThresholdUnit::Z } else { ThresholdUnit::Pct };
            let rule = EventRule::new(1.0, direction, 0, None, None).unwrap().with_unit(unit);
            let day = pick % (moves.len() + 1);
            let got = p.rank(&rule, day);
            let want = plain(&p, &rule, day);
            prop_assert_eq!(got.as_ref().map(|r| (r.rank, r.of, r.larger.clone())), want);
            if let Some(r) = got {
                prop_assert!(r.percentile >= 0.0 && r.percentile < 100.0);
            }
        }
    }
}
