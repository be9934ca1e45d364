//! "Follow the article": what an investor who rotated into a basket after every event would
//! have earned, day by day, against holding the benchmark.
//!
//! # Formula
//!
//! - **Calendar**: the benchmark's trading days from max(the pair's first common day, `from`)
//!   to min(the pair's last common day, the benchmark's last day); day 0 is its first day.
//! - **Windows**: for each event day d (index k on the calendar; an event the benchmark lacks
//!   is skipped, and so is one whose k + lag is the calendar's last day or beyond), the basket
//!   is bought at the close of day e = k + lag and sold at the close of day x = e + hold: it
//!   earns the daily returns of days e + 1 … x. A window whose entry day is on or before the
//!   current window's exit day merges with it and extends to the later exit. A window whose
//!   exit lies beyond the calendar's last day is held to the end, with no exit switch.
//! - **Basket**: equal weight, rebalanced daily: a day's return is the mean of the daily returns
//!   of the members with closes on that day and the calendar's day before (0 when none has).
//! - **Strategy**: the benchmark's daily return outside windows, the basket's inside. Each
//!   switch (entry or exit) multiplies the value by (1 − cost_bps / 10,000) after that day's
//!   return, so a switch day's return r' = (1 + r)(1 − c) − 1 (an entry on day 0, which has no
//!   return, lowers the starting value).
//! - **Long–short**: long the basket and short the benchmark inside windows (daily return
//!   basket − benchmark − borrow_bps / 10,000 / 252), flat (0) outside, the same switch costs.
//! - **Figures** (for n daily returns, days 1 … last): total return = final value − 1;
//!   CAGR = final^(252 / n) − 1; volatility = the sample sd of the daily returns (net of costs)
//!   × √252; maximum drawdown = min over t of V(t) / max over s ≤ t of V(s) − 1 (≤ 0, V(0) the
//!   starting value); days in the basket; switches. The benchmark held throughout gets the same
//!   figures; excess total return = strategy − benchmark.
//! - **Break-even cost** per switch: 10,000 × (1 − (benchmark final / gross final)^(1 / switches)),
//!   gross final = the strategy's final value at cost 0 (costs multiply, so the final value at
//!   cost c is gross × (1 − c)^switches); `None` without switches.
//! - **Placebo**: the same windows placed at random, as the study's circular-shift placebo
//!   places its events ([`crate::stats::placebo::shift`]). Write b_t and a_t for the
//!   benchmark's and the basket's return on day t (t = 1 … last) and c = cost_bps / 10,000.
//!   Shift s (s = 1 … K, K = last − 1) puts day t in the basket iff the strategy has day
//!   ((t − 1 − s) mod last) + 1 in it: the in-basket days moved s days later around the
//!   calendar, keeping the windows' number and lengths. Its final value of 1 invested is
//!   V_s = Π_t (1 + r_t) · (1 − c)^switches, r_t = a_t on its in-basket days and b_t on the
//!   others, with the strategy's own number of switches: a window the shift wraps past the
//!   last day into day 1 is treated as if the windows kept their count (one window, no extra
//!   switches). In logarithms, ln V_s = Σ_t ln(1 + b_t) + Σ_{t in basket under s} d_t +
//!   switches · ln(1 − c), with d_t = ln(1 + a_t) − ln(1 + b_t) (computed as
//!   ln(1 + (a_t − b_t) / (1 + b_t)), and Σ_t ln(1 + b_t) as ln Π_t (1 + b_t)): each shifted
//!   run of in-basket days sums to a difference of circular prefix sums of d, so all K shifts
//!   take O(last × windows). Reported: K; the median and the 5 % and 95 % quantiles of the K
//!   values (linear interpolation between order statistics,
//!   [`quantile`](crate::stats::bootstrap::quantile)); as_good = #{s : V_s ≥ V}, V the
//!   strategy's final value computed the same way (s = 0; a V_s within a relative 10⁻¹² of V
//!   counts as equal, rounding apart); and the one-sided p = (1 + as_good) / (K + 1), the
//!   placebo's formula ([`crate::stats::placebo`]) in the upper tail only: did the call beat
//!   its own windows placed at random? `None` without windows, with K < 2, or when a daily
//!   return ≤ −1 leaves a logarithm undefined or a V_s is beyond any number.

use serde::{Deserialize, Serialize};

use crate::data::date::Date;
use crate::data::series::Series;
use crate::stats::bootstrap::select_quantile_of;
use crate::study::bounds::{BoundError, Bounded};
use crate::study::events::EventRule;
use crate::study::options::EntryLag;
use crate::study::prepared::PreparedPair;

/// The default benchmark: the S&P 500 (SPY), the market the article's reader would otherwise hold.
pub const DEFAULT_BENCH: &str = "SPY";

/// Trading days per year, for CAGR, volatility and the borrow cost.
pub const YEAR_DAYS: f64 = 252.0;

/// The simulation's settings beside the event rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowOptions {
    /// Trading days the basket is held after entry (1 to
    /// [`MAX_HOLD`](crate::study::bounds::MAX_HOLD)).
    pub hold: usize,
    /// Trading days from the event's close to the entry's close: the study's entry lag
    /// ([`StudyOptions::lag`](crate::StudyOptions::lag), one setting for both; default 0).
    pub lag: EntryLag,
    /// Cost of each switch, in basis points of the portfolio (0 to
    /// [`MAX_COST_BPS`](crate::study::bounds::MAX_COST_BPS)).
    pub cost_bps: f64,
    /// Borrow cost of the long–short variant's short benchmark, in basis points a year (0 to
    /// [`MAX_BORROW_BPS`](crate::study::bounds::MAX_BORROW_BPS)).
    pub borrow_bps: f64,
}

impl FollowOptions {
    /// Checks the hold, the cost and the borrow cost against their bounds
    /// ([`crate::study::bounds`]); [`PreparedPair::follow`] runs it first.
    ///
    /// # Errors
    ///
    /// [`FollowError::Bound`] naming the first value out of bounds.
    ///
    /// # Example
    ///
    /// ```
    /// use equalizer_engine::study::follow::FollowOptions;
    ///
    /// let opts = FollowOptions { cost_bps: -10.0, ..FollowOptions::default() };
    /// assert_eq!(
    ///     opts.check().unwrap_err().to_string(),
    ///     "the cost must be a number of basis points from 0 to 500, not '-10'"
    /// );
    /// ```
    pub fn check(&self) -> Result<(), FollowError> {
        Bounded::Hold.count(self.hold)?;
        Bounded::Cost.number(self.cost_bps)?;
        Bounded::Borrow.number(self.borrow_bps)?;
        Ok(())
    }
}

/// A basket member named twice (compared without case).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is named twice in the basket")]
pub struct RepeatedTicker(pub String);

/// Refuses a basket that names a ticker twice (compared without case): equal weight would
/// silently double it. The CLI checks its `--basket` and the page its `basket` with this.
///
/// # Errors
///
/// [`RepeatedTicker`] quoting the second mention.
///
/// # Example
///
/// ```
/// use equalizer_engine::study::follow::check_basket;
///
/// assert!(check_basket(&["XLE", "XLU"]).is_ok());
/// assert_eq!(
///     check_basket(&["IWM", "IWM", "IWM"]).unwrap_err().to_string(),
///     "IWM is named twice in the basket"
/// );
/// ```
pub fn check_basket<S: AsRef<str>>(tickers: &[S]) -> Result<(), RepeatedTicker> {
    for (k, t) in tickers.iter().enumerate() {
        let t = t.as_ref();
        if tickers[..k]
            .iter()
            .any(|u| u.as_ref().eq_ignore_ascii_case(t))
        {
            return Err(RepeatedTicker(t.to_owned()));
        }
    }
    Ok(())
}

impl Default for FollowOptions {
    fn default() -> Self {
        FollowOptions {
            hold: 63,
            lag: EntryLag::ZERO,
            cost_bps: 10.0,
            borrow_bps: 25.0,
        }
    }
}

/// Figures of one value path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PathFigures {
    /// Final value − 1.
    pub total_return: f64,
    /// final^(252 / days) − 1 (`None` without a daily return, when the value ends at or
    /// below 0 (a long–short path can lose more than everything, and then no rate compounds to
    /// it), or when the rate is beyond any number).
    pub cagr: Option<f64>,
    /// Sample sd of the daily returns × √252 (`None` below two returns).
    pub volatility: Option<f64>,
    /// The deepest fall from a running peak, a negative fraction (0 without one).
    pub max_drawdown: f64,
}

/// A strategy's figures: its path's and how it traded. Its JSON is flat: the path's figures,
/// then `days_in_basket` and `switches`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "FlatFigures", from = "FlatFigures")]
pub struct StrategyFigures {
    /// The value path's figures.
    pub path: PathFigures,
    /// Days whose return was the basket's.
    pub days_in_basket: usize,
    /// Entries and exits, each charged the cost.
    pub switches: usize,
}

/// [`StrategyFigures`] as written: one level, in the JSON's order (a `flatten` would need a
/// self-describing format, which the page's worker messages are not).
#[derive(Serialize, Deserialize)]
struct FlatFigures {
    total_return: f64,
    cagr: Option<f64>,
    volatility: Option<f64>,
    max_drawdown: f64,
    days_in_basket: usize,
    switches: usize,
}

impl From<StrategyFigures> for FlatFigures {
    fn from(f: StrategyFigures) -> FlatFigures {
        let StrategyFigures {
            path:
                PathFigures {
                    total_return,
                    cagr,
                    volatility,
                    max_drawdown,
                },
            days_in_basket,
            switches,
        } = f;
        FlatFigures {
            total_return,
            cagr,
            volatility,
            max_drawdown,
            days_in_basket,
            switches,
        }
    }
}

impl From<FlatFigures> for StrategyFigures {
    fn from(f: FlatFigures) -> StrategyFigures {
        let FlatFigures {
            total_return,
            cagr,
            volatility,
            max_drawdown,
            days_in_basket,
            switches,
        } = f;
        StrategyFigures {
            path: PathFigures {
                total_return,
                cagr,
                volatility,
                max_drawdown,
            },
            days_in_basket,
            switches,
        }
    }
}

/// One holding window of the basket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The (first) event that opened it.
    pub event: Date,
    /// The close at which the basket was bought.
    pub enter: Date,
    /// The close at which it was sold; `None` when held to the end of the calendar.
    pub exit: Option<Date>,
}

/// What following the call would have earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Follow {
    /// The calendar's first day.
    pub first: Date,
    /// The calendar's last day.
    pub last: Date,
    /// Trading days in the calendar.
    pub days: usize,
    /// The strategy (the benchmark, the basket in windows), net of costs.
    pub strategy: StrategyFigures,
    /// The benchmark held throughout.
    pub benchmark: PathFigures,
    /// Strategy total return − benchmark total return.
    pub excess_total_return: f64,
    /// The cost per switch at which the strategy ends level with the benchmark (`None` without
    /// switches, or when it is beyond any number).
    pub break_even_cost_bps: Option<f64>,
    /// The basket's windows, merged.
    pub windows: Vec<Window>,
    /// Long the basket, short the benchmark in windows, flat otherwise.
    pub long_short: StrategyFigures,
    /// The long–short variant's borrow cost, bps a year.
    pub borrow_bps: f64,
    /// The strategy against its own windows placed at random (`None` without windows, with
    /// fewer than two shifts, or when a logarithm or value is undefined; see
    /// [`StrategyPlacebo`]).
    pub placebo: Option<StrategyPlacebo>,
    /// The daily values of the strategy (net of costs) and of the benchmark, from 1 on day 0.
    #[serde(skip)]
    pub values: Vec<(f64, f64)>,
}

/// How the strategy's final value compares with those of its own windows placed at random:
/// the in-basket days moved by every circular shift of the calendar in turn (see the module's
/// `# Formula`, **Placebo**).
///
/// # Formula
///
/// For shift s = 1 … K (K = last − 1), V_s = Π_t (1 + r_t) · (1 − c)^switches with the
/// strategy's own switches, r_t the basket's return on the shifted in-basket days and the
/// benchmark's on the others. median, low and high are the 50 %, 5 % and 95 % quantiles of the
/// V_s ([`quantile`](crate::stats::bootstrap::quantile): linear interpolation between order
/// statistics); as_good = #{s : V_s ≥ V} (V the strategy's final value; within a relative
/// 10⁻¹² counts as equal); p = (1 + as_good) / (K + 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StrategyPlacebo {
    /// K: the shifts taken, every one of 1 … last − 1.
    pub shifts: usize,
    /// The median final value of 1 invested over the shifts.
    pub median: f64,
    /// The 5 % quantile of the shifts' final values.
    pub low: f64,
    /// The 95 % quantile of the shifts' final values.
    pub high: f64,
    /// Shifts whose final value is at least the strategy's: as good as the call or better.
    pub as_good: usize,
    /// One-sided p-value of the strategy's final value: (1 + as_good) / (K + 1).
    pub p: f64,
}

impl StrategyPlacebo {
    /// The shifts the call beat: K − as_good.
    pub fn beat(&self) -> usize {
        self.shifts - self.as_good
    }
}

/// Runs of in-basket days summed per pass in [`shifted_log_finals`] (four took 1.8 ms where
/// one took 2.7 ms for IWM − QQQ ≥ 0.5 % held 1 day, 1,181 windows; no change at 8 windows).
const GROUP: usize = 4;

/// Two logarithms of final values closer than this are equal: rounding, not a difference.
const TIE: f64 = 1e-12;

/// ln V_s for every shift s = 0 … last − 1 (index s; 0 is the strategy itself) of the in-basket
/// days `inside` (days 1 … last, as are `bench` and `basket`, the daily returns), with
/// `switches` switches at `cost_bps` each (see the module's **Placebo**). `None` when a daily
/// return is ≤ −1 (or not a number): its logarithm is undefined.
///
/// Σ_t ln(1 + b_t) is taken as ln Π_t (1 + b_t), and d_t as ln(1 + (a_t − b_t) / (1 + b_t)):
/// one logarithm a day. With the prefix sums P(i) = Σ_{p < i} d_p over positions p = t − 1,
/// extended around the circle (P(n + i) = P(n) + P(i)), a run of in-basket positions
/// first … first + len − 1 moved by s sums to P(first + s + len) − P(first + s): no wrap to
/// test, one pass over the shifts per [`GROUP`] runs (O(last × windows) in all).
fn shifted_log_finals(
    bench: &[f64],
    basket: &[f64],
    inside: &[bool],
    switches: usize,
    cost_bps: f64,
) -> Option<Vec<f64>> {
    let n = bench.len();
    debug_assert!(basket.len() == n && inside.len() == n);
    let mut growth = 1.0;
    let mut prefix = Vec::with_capacity(2 * n);
    prefix.push(0.0);
    for (&b, &a) in bench.iter().zip(basket) {
        if !(b > -1.0 && a > -1.0) {
            return None;
        }
        growth *= 1.0 + b;
        prefix.push(prefix[prefix.len() - 1] + libm::log1p((a - b) / (1.0 + b)));
    }
    let total = prefix[n];
    for i in 1..n {
        prefix.push(total + prefix[i]);
    }
    if !(growth.is_finite() && growth > 0.0) {
        return None;
    }
    let base = libm::log(growth) + switches as f64 * libm::log1p(-cost_bps / 10_000.0);
    // The runs of in-basket positions, (first, one past the last), padded to whole groups
    // with empty runs (which add 0).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut p = 0;
    while p < n {
        if inside[p] {
            let first = p;
            while p < n && inside[p] {
                p += 1;
            }
            runs.push((first, p));
        }
        p += 1;
    }
    while !runs.len().is_multiple_of(GROUP) {
        runs.push((0, 0));
    }
    let mut out = vec![base; n];
    // GROUP runs per pass over the shifts: fewer passes over `out`.
    for group in runs.chunks_exact(GROUP) {
        let run = |k: usize| {
            let (first, end) = group[k];
            (&prefix[first..][..n], &prefix[end..][..n])
        };
        let ((a0, b0), (a1, b1), (a2, b2), (a3, b3)) = (run(0), run(1), run(2), run(3));
        for (s, v) in out.iter_mut().enumerate() {
            *v += ((b0[s] - a0[s]) + (b1[s] - a1[s])) + ((b2[s] - a2[s]) + (b3[s] - a3[s]));
        }
    }
    Some(out)
}

/// The strategy's placebo ([`StrategyPlacebo`]) from the daily returns of days 1 … last, the
/// in-basket days and the strategy's switches and cost; `None` without an in-basket day, with
/// fewer than two shifts, or when a logarithm or value is undefined.
fn strategy_placebo(
    bench: &[f64],
    basket: &[f64],
    inside: &[bool],
    switches: usize,
    cost_bps: f64,
) -> Option<StrategyPlacebo> {
    let shifts = bench.len().checked_sub(1)?;
    if shifts < 2 || !inside.contains(&true) {
        return None;
    }
    let mut logs = shifted_log_finals(bench, basket, inside, switches, cost_bps)?;
    // Undefined when a logarithm is not a number or a value is beyond the largest number (one
    // that underflows to 0 is kept: it is still below every other).
    let top = logs.iter().fold(f64::NEG_INFINITY, |m, &l| m.max(l));
    if logs.iter().any(|l| l.is_nan()) || !libm::exp(top).is_finite() {
        return None;
    }
    let actual = logs[0];
    let shifted = &mut logs[1..];
    let as_good = shifted.iter().filter(|&&l| l >= actual - TIE).count();
    // exp keeps the order: the quantiles of the values are read from the logarithms'.
    let mut at = |q: f64| select_quantile_of(shifted, q, libm::exp);
    Some(StrategyPlacebo {
        shifts,
        median: at(0.5)?,
        low: at(0.05)?,
        high: at(0.95)?,
        as_good,
        p: (1 + as_good) as f64 / (1 + shifts) as f64,
    })
}

/// Why no simulation can run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowError {
    /// The calendar holds fewer than two days.
    #[error("the benchmark {0} has fewer than two days within the pair's range")]
    NoCalendar(String),
    /// The hold, cost or borrow cost is out of its bounds ([`crate::study::bounds`]).
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// The basket is empty.
    #[error("the basket needs at least one ticker")]
    EmptyBasket,
    /// The basket names a ticker twice.
    #[error(transparent)]
    Repeated(#[from] RepeatedTicker),
    /// A range that holds none of the pair's days.
    #[error(transparent)]
    Range(#[from] crate::study::events::RangeError),
    /// A value path leaves the range of numbers: the prices compound beyond the largest or
    /// below the smallest number (possible only with absurd if individually plausible prices).
    #[error(
        "following the call, the value of {path} would leave the range of numbers on {date}; \
         these prices cannot be simulated"
    )]
    Overflow {
        /// Which path: "the strategy", "the long–short variant" or "the benchmark".
        path: &'static str,
        /// The first day it is not finite.
        date: Date,
    },
}

/// The windows on the calendar: (first event position, entry day, exit day), merged; an exit
/// past `last` stays past it.
fn windows(
    event_days: &[usize],
    last: usize,
    lag: usize,
    hold: usize,
) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for &k in event_days {
        // Saturating: the lag and hold are bounded, but a sum must never wrap.
        let enter = k.saturating_add(lag);
        if enter >= last {
            continue;
        }
        let exit = enter.saturating_add(hold);
        match out.last_mut() {
            Some(w) if enter <= w.2 => w.2 = w.2.max(exit),
            _ => out.push((k, enter, exit)),
        }
    }
    out
}

/// Figures of a value path `values` (V(0) first) with its daily returns.
fn figures(values: &[f64], returns: &[f64]) -> PathFigures {
    let last = values[values.len() - 1];
    let n = returns.len();
    let mean = returns.iter().sum::<f64>() / n.max(1) as f64;
    let volatility = (n >= 2).then(|| {
        (returns.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
            * YEAR_DAYS.sqrt()
    });
    let mut peak = f64::NEG_INFINITY;
    let mut max_drawdown = 0.0f64;
    for &v in values {
        peak = peak.max(v);
        max_drawdown = max_drawdown.min(v / peak - 1.0);
    }
    PathFigures {
        total_return: last - 1.0,
        // A rate beyond any number (a huge final value over a few days) is undefined too.
        cagr: (n > 0 && last > 0.0)
            .then(|| last.powf(YEAR_DAYS / n as f64) - 1.0)
            .filter(|c| c.is_finite()),
        volatility,
        max_drawdown,
    }
}

/// One simulated path: its values (V(0) first), daily returns net of costs, days in the basket
/// and switches.
struct Run {
    values: Vec<f64>,
    returns: Vec<f64>,
    days_in_basket: usize,
    switches: usize,
}

impl PreparedPair {
    /// Follows the call: after each event of `rule`, the basket for `opts.hold` days, the
    /// benchmark otherwise (see the module docs for every rule and formula).
    ///
    /// # Errors
    ///
    /// [`FollowError`] for an empty basket or one naming a ticker twice, options out of bounds
    /// ([`FollowOptions::check`]), a calendar of fewer than two days, or prices that compound
    /// beyond any number.
    pub fn follow(
        &self,
        rule: &EventRule,
        basket: &[Series],
        bench: &Series,
        opts: &FollowOptions,
    ) -> Result<Follow, FollowError> {
        if basket.is_empty() {
            return Err(FollowError::EmptyBasket);
        }
        check_basket(&basket.iter().map(Series::ticker).collect::<Vec<_>>())?;
        opts.check()?;
        let dates = self.pair().dates();
        rule.days_in(dates)?;
        let start = rule.from().map_or(dates[0], |f| f.max(dates[0]));
        let end = dates[dates.len() - 1].min(bench.last_date());
        let lo = bench.dates().partition_point(|d| *d < start);
        let hi = bench.dates().partition_point(|d| *d <= end);
        if hi < lo + 2 {
            return Err(FollowError::NoCalendar(bench.ticker().to_owned()));
        }
        let cal = &bench.dates()[lo..hi];
        let bench_close = &bench.close()[lo..hi];
        let last = cal.len() - 1;
        let event_days: Vec<usize> = self
            .events(rule)
            .iter()
            .filter_map(|&i| cal.binary_search(&dates[i]).ok())
            .collect();
        let wins = windows(&event_days, last, opts.lag.days(), opts.hold);
        // Per calendar day t ≥ 1: the benchmark's and the basket's daily returns.
        let bench_ret: Vec<f64> = (1..=last)
            .map(|t| bench_close[t] / bench_close[t - 1] - 1.0)
            .collect();
        let basket_ret: Vec<f64> = (1..=last)
            .map(|t| {
                let (mut sum, mut n) = (0.0, 0usize);
                for m in basket {
                    let (d, c) = (m.dates(), m.close());
                    if let (Ok(a), Ok(b)) = (d.binary_search(&cal[t - 1]), d.binary_search(&cal[t]))
                    {
                        sum += c[b] / c[a] - 1.0;
                        n += 1;
                    }
                }
                if n > 0 { sum / n as f64 } else { 0.0 }
            })
            .collect();
        // Day t's state: inside a window (earning the basket) and switches at its close.
        let mut inside = vec![false; last + 1];
        let mut switches_at = vec![0usize; last + 1];
        for &(_, enter, exit) in &wins {
            switches_at[enter] += 1;
            for flag in &mut inside[enter + 1..=exit.min(last)] {
                *flag = true;
            }
            if exit <= last {
                switches_at[exit] += 1;
            }
        }
        let daily_borrow = opts.borrow_bps / 10_000.0 / YEAR_DAYS;
        let simulate = |cost_bps: f64, long_short: bool| -> Run {
            let keep = 1.0 - cost_bps / 10_000.0;
            let mut v = keep.powi(switches_at[0] as i32);
            let mut values = vec![v];
            let mut returns = Vec::with_capacity(last);
            let mut days_in_basket = 0;
            for t in 1..=last {
                let r = match (inside[t], long_short) {
                    (true, false) => basket_ret[t - 1],
                    (true, true) => basket_ret[t - 1] - bench_ret[t - 1] - daily_borrow,
                    (false, false) => bench_ret[t - 1],
                    (false, true) => 0.0,
                };
                days_in_basket += usize::from(inside[t]);
                let before = v;
                v *= 1.0 + r;
                v *= keep.powi(switches_at[t] as i32);
                // A long–short value can reach exactly 0; its next return is then the day's own.
                returns.push(if before == 0.0 {
                    (1.0 + r) * keep.powi(switches_at[t] as i32) - 1.0
                } else {
                    v / before - 1.0
                });
                values.push(v);
            }
            Run {
                values,
                returns,
                days_in_basket,
                switches: switches_at.iter().sum(),
            }
        };
        let strategy = simulate(opts.cost_bps, false);
        let gross = simulate(0.0, false);
        let long_short = simulate(opts.cost_bps, true);
        let mut bench_values = vec![1.0];
        for r in &bench_ret {
            bench_values.push(bench_values[bench_values.len() - 1] * (1.0 + r));
        }
        // Every figure below is finite when the paths are: refuse the rare prices that
        // compound beyond any number rather than report infinities. (The gross path is the
        // strategy's without costs, so it is at most the strategy's ÷ (1 − cost)^switches.)
        // Long paths stay above 0 (every day's factor is), unless they underflow; a long–short
        // path may fall to or below 0 (it lost more than everything) and only must stay finite.
        for (path, values, long_only) in [
            ("the strategy", &strategy.values, true),
            ("the strategy before costs", &gross.values, true),
            ("the long–short variant", &long_short.values, false),
            ("the benchmark", &bench_values, true),
        ] {
            let usable = |v: &f64| v.is_finite() && (*v > 0.0 || !long_only);
            if let Some(t) = values.iter().position(|v| !usable(v)) {
                return Err(FollowError::Overflow { path, date: cal[t] });
            }
        }
        let benchmark = figures(&bench_values, &bench_ret);
        let s = figures(&strategy.values, &strategy.returns);
        let bench_final = bench_values[last];
        let gross_final = gross.values[last];
        let break_even_cost_bps = (strategy.switches > 0)
            .then(|| {
                10_000.0 * (1.0 - (bench_final / gross_final).powf(1.0 / strategy.switches as f64))
            })
            // Undefined when the ratio of the two finals is beyond any number.
            .filter(|b| b.is_finite());
        let placebo = strategy_placebo(
            &bench_ret,
            &basket_ret,
            &inside[1..],
            strategy.switches,
            opts.cost_bps,
        );
        let strategy_figures = |run: &Run| StrategyFigures {
            path: figures(&run.values, &run.returns),
            days_in_basket: run.days_in_basket,
            switches: run.switches,
        };
        Ok(Follow {
            first: cal[0],
            last: cal[last],
            days: cal.len(),
            strategy: strategy_figures(&strategy),
            benchmark,
            excess_total_return: s.total_return - benchmark.total_return,
            break_even_cost_bps,
            windows: wins
                .iter()
                .map(|&(k, enter, exit)| Window {
                    event: cal[k],
                    enter: cal[enter],
                    exit: (exit <= last).then(|| cal[exit]),
                })
                .collect(),
            long_short: strategy_figures(&long_short),
            borrow_bps: opts.borrow_bps,
            placebo,
            values: strategy.values.iter().copied().zip(bench_values).collect(),
        })
    }
}

#[cfg(test)]
mod tests;
