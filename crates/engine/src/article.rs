//! The seed article's claim and our replication of it.
//!
//! After 2024-07-11 an often-quoted article said that on the 23 earlier days when IWM beat QQQ
//! by 4 % or more, IWM gained 5.9 % over the next 3 months and 13.6 % over 12, while QQQ fell
//! 1.5 % and 4.2 %. [`replicate`] runs the same question on our data under each convention:
//! horizons in trading days (63, 252) or calendar months (3, 12), and all events or only the
//! first of each cluster of overlapping windows.

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::study::events::{Direction, EventRule, RuleError};
use crate::study::horizon::HorizonUnit;
use crate::study::{PreparedPair, StudyError, StudyOptions};

/// The article's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Events the article counted.
    pub events: usize,
    /// IWM mean 3 months after an event.
    pub long_3m: f64,
    /// IWM mean 12 months after an event.
    pub long_12m: f64,
    /// QQQ mean 3 months after an event.
    pub short_3m: f64,
    /// QQQ mean 12 months after an event.
    pub short_12m: f64,
}

/// What the article said (fractions).
pub const CLAIM: Claim = Claim {
    events: 23,
    long_3m: 0.059,
    long_12m: 0.136,
    short_3m: -0.015,
    short_12m: -0.042,
};

/// The article's settings: IWM vs QQQ, up ≥ 4 %, events before 2024-07-11.
pub const LONG: &str = "IWM";
/// The short leg: QQQ.
pub const SHORT: &str = "QQQ";
/// The threshold: up ≥ 4 %.
pub const THRESHOLD_PCT: f64 = 4.0;
/// The article's picks that the data holds: small caps (IWM), REITs (XLRE), financials (XLF)
/// and discretionary (XLY); the default basket of the "follow the article" simulation.
pub const PICKS: [&str; 4] = ["IWM", "XLRE", "XLF", "XLY"];
/// What each of [`PICKS`] stands for, in the same order.
pub const PICK_SECTORS: [&str; 4] = ["small caps", "REITs", "financials", "discretionary"];
/// The article's picks that no bundled ETF stands for.
pub const PICKS_NOT_IN_DATA: [&str; 1] = ["homebuilders"];
/// Last eligible event date (the day before the article's own event).
pub fn last_event_date() -> Option<Date> {
    Date::from_ymd(2024, 7, 10)
}

/// Our numbers under one convention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replication {
    /// "trading days" or "calendar months".
    pub horizons: String,
    /// "all events" or "distinct events".
    pub events: String,
    /// Events at the 3-month horizon.
    pub n_3m: usize,
    /// Events at the 12-month horizon.
    pub n_12m: usize,
    /// Long-leg (IWM) mean at 3 months.
    pub long_3m: Option<f64>,
    /// Long-leg (IWM) mean at 12 months.
    pub long_12m: Option<f64>,
    /// Short-leg (QQQ) mean at 3 months.
    pub short_3m: Option<f64>,
    /// Short-leg (QQQ) mean at 12 months.
    pub short_12m: Option<f64>,
}

/// Why the replication cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplicationError {
    #[error(transparent)]
    /// The article's rule is invalid (cannot happen with its constants).
    Rule(#[from] RuleError),
    #[error(transparent)]
    /// A study failed (cannot happen with its horizons).
    Study(#[from] StudyError),
}

/// Runs the article's question on `iwm_qqq` (IWM long, QQQ short) under the four conventions.
pub fn replicate(iwm_qqq: &PreparedPair) -> Result<Vec<Replication>, ReplicationError> {
    let rule = EventRule::new(THRESHOLD_PCT, Direction::Up, 0, None, last_event_date())?;
    let mut out = Vec::new();
    for (unit, horizons, label) in [
        (HorizonUnit::Days, [63, 252], "trading days (63, 252)"),
        (HorizonUnit::Months, [3, 12], "calendar months (3, 12)"),
    ] {
        let opts = StudyOptions {
            horizons: horizons.to_vec(),
            unit,
            placebo_draws: 0,
            bootstrap_draws: 0,
            ..StudyOptions::default()
        };
        let s = iwm_qqq.study(&rule, &opts)?;
        let (a, b) = (&s.summary[0], &s.summary[1]);
        out.push(Replication {
            horizons: label.to_owned(),
            events: "all events".to_owned(),
            n_3m: a.count,
            n_12m: b.count,
            long_3m: a.long.mean,
            long_12m: b.long.mean,
            short_3m: a.short.mean,
            short_12m: b.short.mean,
        });
        out.push(Replication {
            horizons: label.to_owned(),
            events: "distinct events".to_owned(),
            n_3m: a.distinct_count,
            n_12m: b.distinct_count,
            long_3m: a.long.distinct_mean,
            long_12m: b.long.distinct_mean,
            short_3m: a.short.distinct_mean,
            short_12m: b.short.distinct_mean,
        });
    }
    Ok(out)
}

/// One honest sentence on why our numbers differ from the article's, from the replication rows
/// (the trading-day rows: all events first, then distinct).
pub fn why_they_differ(rows: &[Replication]) -> String {
    let (Some(all), Some(distinct)) = (rows.first(), rows.get(1)) else {
        return String::new();
    };
    let pct =
        |x: Option<f64>| x.map_or_else(|| "n/a".to_owned(), |v| format!("{:+.1} %", v * 100.0));
    let verb = |x: Option<f64>| {
        if x.is_some_and(|v| v >= 0.0) {
            "rose"
        } else {
            "fell"
        }
    };
    format!(
        "We count {} such days before 2024-07-11 rather than {} (a few sit within 0.2 points of the 4 % \
         line, and vendors' 2000–2001 QQQ closes differ), but the bigger gap is independence: their 12-month \
         windows overlap into only {} distinct episodes, and counting each episode once, QQQ {} {} and IWM {} {} \
         over the next 12 months, so the article's averages mostly repeat a few clustered episodes.",
        all.n_12m,
        CLAIM.events,
        distinct.n_12m,
        verb(distinct.short_12m),
        pct(distinct.short_12m),
        verb(distinct.long_12m),
        pct(distinct.long_12m),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_follows_the_numbers() {
        let row = |n, l, s| Replication {
            horizons: "trading days (63, 252)".to_owned(),
            events: "x".to_owned(),
            n_3m: n,
            n_12m: n,
            long_3m: None,
            long_12m: Some(l),
            short_3m: None,
            short_12m: Some(s),
        };
        let text = why_they_differ(&[row(24, 0.12, -0.06), row(4, 0.275, 0.178)]);
        assert!(
            text.starts_with("We count 24 such days before 2024-07-11 rather than 23"),
            "{text}"
        );
        assert!(text.contains("only 4 distinct episodes"), "{text}");
        assert!(
            text.contains("QQQ rose +17.8 % and IWM rose +27.5 %"),
            "{text}"
        );
        let text = why_they_differ(&[row(24, 0.12, -0.06), row(4, -0.01, -0.02)]);
        assert!(
            text.contains("QQQ fell −2.0 %".replace('−', "-").as_str()),
            "{text}"
        );
        assert_eq!(why_they_differ(&[]), "");
    }
}
