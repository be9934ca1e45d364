//! The URL keys: each one's name, description, default, menu choices, parser and writer, and
//! the one error type their parsers share.

use equalizer_engine::bounds::{BoundError, Bounded};
use equalizer_engine::study::LagError;
use equalizer_engine::study::follow::{RepeatedTicker, check_basket};
use equalizer_engine::{Date, DateError, HorizonUnit, ThresholdUnit};

use super::{
    FILE_NAME_MAX, FILE_PREFIX, MAX_COOLOFF, MAX_COST_BPS, MAX_HOLD, MAX_LAG, MAX_THRESHOLD,
    MIN_THRESHOLD, SPLIT_YEARS, ViewState, default_cross_horizon, is_file_leg,
};
use crate::format::threshold_text;

/// One URL key (and the control that sets it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `long`
    Long,
    /// `short`
    Short,
    /// `t`
    Threshold,
    /// `dir`
    Direction,
    /// `cool`
    Cooloff,
    /// `from`
    From,
    /// `to`
    To,
    /// `units`
    Units,
    /// `hz`
    Horizons,
    /// `seed`
    Seed,
    /// `split`
    Split,
    /// `oos`
    Oos,
    /// `lag`
    Lag,
    /// `xh`
    CrossHorizon,
    /// `basket`
    Basket,
    /// `bench`
    Bench,
    /// `hold`
    Hold,
    /// `cost`
    Cost,
    /// `article`
    Article,
}

/// Where a setting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Chooses the pair of series.
    Pair,
    /// Part of the engine's [`EventRule`].
    Rule,
    /// Part of the engine's [`StudyOptions`].
    Options,
    /// The "follow the article" simulation: its basket, benchmark, hold and cost
    /// ([`FollowInputs`](super::FollowInputs)).
    Follow,
    /// Only changes what the page shows.
    Display,
}

/// Why a setting's text cannot be used. The URL notice and the control's message share this
/// message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    /// A required setting with no text.
    #[error("no value given")]
    Empty,
    /// A URL key this page does not have.
    #[error("not a setting of this page")]
    UnknownKey,
    /// A URL key given twice (the first counts).
    #[error("given more than once")]
    Repeated,
    /// A leg that is not in the data.
    #[error("not a ticker in the data")]
    UnknownTicker,
    /// A `file:` leg with characters a loaded file's leg never has.
    #[error("not a file name of letters, digits, - and _ (at most {FILE_NAME_MAX})")]
    BadFileName,
    /// Both legs the same ticker.
    #[error("the same ticker as the other leg")]
    SameLeg,
    /// A number written with a decimal comma.
    #[error("use a point for decimals (3.5, not 3,5)")]
    DecimalComma,
    /// Text that is not a number.
    #[error("not a number")]
    NotANumber,
    /// A threshold, cool-off, split year, hold or cost out of the engine's bounds
    /// ([`equalizer_engine::bounds`]): the CLI's sentence, quoting the value as typed.
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// Text that is not `YYYY-MM-DD`.
    #[error("not a date of the form YYYY-MM-DD")]
    DateFormat,
    /// `YYYY-MM-DD` that is not a calendar day.
    #[error("not a day of the calendar")]
    NoSuchDay,
    /// A `from` after the `to`.
    #[error("the range would start after it ends ({from} is after {to})")]
    DateOrder {
        /// The range's first day.
        from: Date,
        /// The range's last day.
        to: Date,
    },
    /// An out-of-sample date the study cannot use (not after `from`).
    #[error("{0}")]
    Cut(String),
    /// The article's `to`, when the article view is left.
    #[error("the article's end date, dropped on leaving the article view")]
    ArticleRange,
    /// A menu value that is not one of the key's [`Key::choices`].
    #[error("not one of {}", choice_list(.0))]
    Choice(Key),
    /// A seed that is not a `u64`.
    #[error("not a whole number from 0 to {}", u64::MAX)]
    Seed,
    /// A flag that is not 1 or 0.
    #[error("not 1 or 0")]
    Flag,
    /// An entry lag that is not a whole number up to [`MAX_LAG`] (the engine's sentence).
    #[error(transparent)]
    Lag(#[from] LagError),
    /// A cross-section horizon that is not one of the study's horizons.
    #[error("not one of the horizons ({0})")]
    CrossHorizon(String),
    /// A basket member that is not a ticker in the data.
    #[error("{0} is not a ticker in the data")]
    BasketTicker(String),
    /// Tickers separated by something other than commas.
    #[error("separate the tickers with commas (\"{0}\" is not one ticker)")]
    BasketSeparator(String),
    /// Nothing between two commas, or before or after them.
    #[error("a ticker is missing between commas")]
    BasketGap,
    /// A basket member named twice (the engine's sentence).
    #[error(transparent)]
    BasketRepeat(#[from] RepeatedTicker),
}

/// "up, down, abs": the values a menu setting takes.
fn choice_list(key: &Key) -> String {
    let values: Vec<&str> = key.choices().iter().map(|(v, _)| *v).collect();
    values.join(", ")
}

impl From<DateError> for SettingError {
    fn from(e: DateError) -> SettingError {
        match e {
            DateError::Format(_) => SettingError::DateFormat,
            DateError::NoSuchDay(_) => SettingError::NoSuchDay,
        }
    }
}

impl Key {
    /// Every key, in URL order.
    pub const ALL: [Key; 19] = [
        Key::Long,
        Key::Short,
        Key::Threshold,
        Key::Direction,
        Key::Cooloff,
        Key::From,
        Key::To,
        Key::Units,
        Key::Horizons,
        Key::Seed,
        Key::Split,
        Key::Oos,
        Key::Lag,
        Key::CrossHorizon,
        Key::Basket,
        Key::Bench,
        Key::Hold,
        Key::Cost,
        Key::Article,
    ];

    /// The URL name.
    pub fn name(self) -> &'static str {
        match self {
            Key::Long => "long",
            Key::Short => "short",
            Key::Threshold => "t",
            Key::Direction => "dir",
            Key::Cooloff => "cool",
            Key::From => "from",
            Key::To => "to",
            Key::Units => "units",
            Key::Horizons => "hz",
            Key::Seed => "seed",
            Key::Split => "split",
            Key::Oos => "oos",
            Key::Lag => "lag",
            Key::CrossHorizon => "xh",
            Key::Basket => "basket",
            Key::Bench => "bench",
            Key::Hold => "hold",
            Key::Cost => "cost",
            Key::Article => "article",
        }
    }

    /// The key with this URL name.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// One line for the README's table (limits and choices read from where they are defined).
    pub fn description(self) -> String {
        let listed = |unit: HorizonUnit| {
            let hs: Vec<String> = unit
                .default_horizons()
                .iter()
                .map(usize::to_string)
                .collect();
            hs.join(", ")
        };
        match self {
            Key::Long => "ticker of the long leg (case-insensitive), or `file:NAME` for a CSV the \
                          reader loaded"
                .to_owned(),
            Key::Short => "ticker of the short leg, or `file:NAME`".to_owned(),
            Key::Threshold => format!(
                "threshold, {MIN_THRESHOLD} … {MAX_THRESHOLD}: {}, or σ ({}) with `units=z`",
                ThresholdUnit::Pct.words(),
                ThresholdUnit::Z.words()
            ),
            Key::Direction => {
                "`up` (long − short ≥ t), `down` (≤ −t) or `abs` (either way)".to_owned()
            }
            Key::Cooloff => format!("cool-off in trading days after each event, 0 … {MAX_COOLOFF}"),
            Key::From => "first event date, `YYYY-MM-DD`".to_owned(),
            Key::To => "last event date, `YYYY-MM-DD`".to_owned(),
            Key::Units => "threshold unit: `pct` (percent) or `z` (spread ÷ trailing 252-day \
                           standard deviation)"
                .to_owned(),
            Key::Horizons => format!(
                "horizons in `days` ({} trading days) or `months` ({} calendar months)",
                listed(HorizonUnit::Days),
                listed(HorizonUnit::Months)
            ),
            Key::Seed => "seed of the placebo and bootstrap generators (same seed, same numbers \
                          as the CLI)"
                .to_owned(),
            Key::Split => format!(
                "also summarise events before and from this year ({} … {})",
                SPLIT_YEARS.start(),
                SPLIT_YEARS.end()
            ),
            Key::Oos => {
                "out of sample: events on or after this date (`YYYY-MM-DD`) are held out of \
                         the study and shown beside the earlier events' mean"
                    .to_owned()
            }
            Key::Lag => format!(
                "entry lag in trading days, 0 … {MAX_LAG}: returns run from the close that many days \
                 after the event, in the study, the cross-section and the follow simulation"
            ),
            Key::CrossHorizon => format!(
                "horizon of the cross-section chart, in the study's unit (one of {} trading \
                 days or {} months)",
                listed(HorizonUnit::Days),
                listed(HorizonUnit::Months)
            ),
            Key::Basket => "the basket bought after each event, comma-separated tickers (equal \
                            weight, rebalanced daily)"
                .to_owned(),
            Key::Bench => "the benchmark held outside the basket's windows".to_owned(),
            Key::Hold => format!("trading days the basket is held after entry, 1 … {MAX_HOLD}"),
            Key::Cost => format!(
                "cost of each switch into or out of the basket, basis points, 0 … {MAX_COST_BPS}"
            ),
            Key::Article => "`1` opens the \"Replicate the article\" panel (out of sample from \
                             2024-07-11 unless `oos` says otherwise)"
                .to_owned(),
        }
    }

    /// The values a menu setting takes and their labels (empty for the others).
    pub fn choices(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Key::Direction => &[
                ("up", "up: long − short ≥ t"),
                ("down", "down: long − short ≤ −t"),
                ("abs", "abs: |long − short| ≥ t"),
            ],
            Key::Units => &[("pct", "percent"), ("z", "standard deviations (z, σ)")],
            Key::Horizons => &[("days", "trading days"), ("months", "calendar months")],
            _ => &[],
        }
    }

    /// The default as the README states it.
    pub fn default_text(self) -> String {
        match self {
            Key::From => "start of data".to_owned(),
            Key::To => "end of data".to_owned(),
            Key::CrossHorizon => format!(
                "3 months (`{}` with `hz=days`, `{}` with `hz=months`)",
                default_cross_horizon(HorizonUnit::Days),
                default_cross_horizon(HorizonUnit::Months)
            ),
            Key::Split | Key::Oos => "none".to_owned(),
            k => format!("`{}`", k.text(&ViewState::default_view())),
        }
    }

    /// What the setting feeds.
    pub fn role(self) -> Role {
        match self {
            Key::Long | Key::Short => Role::Pair,
            Key::Threshold
            | Key::Direction
            | Key::Cooloff
            | Key::From
            | Key::To
            | Key::Units
            | Key::Oos
            // The article view also ends the study the day before the article's event.
            | Key::Article => Role::Rule,
            Key::Horizons | Key::Seed | Key::Split | Key::Lag => Role::Options,
            Key::Basket | Key::Bench | Key::Hold | Key::Cost => Role::Follow,
            Key::CrossHorizon => Role::Display,
        }
    }

    /// Written to the URL even at its default (so a link names its pair and threshold).
    pub(super) fn always_written(self) -> bool {
        matches!(self, Key::Long | Key::Short | Key::Threshold)
    }

    /// The setting's value as text, as the URL and the control show it ("" for none).
    pub fn text(self, v: &ViewState) -> String {
        let date = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());
        match self {
            Key::Long => v.long.clone(),
            Key::Short => v.short.clone(),
            Key::Threshold => threshold_text(v.threshold),
            Key::Direction => v.direction.as_str().to_owned(),
            Key::Cooloff => v.cooloff.to_string(),
            Key::From => date(v.from),
            Key::To => date(v.to),
            Key::Units => v.units.as_str().to_owned(),
            Key::Horizons => v.horizon_unit.as_str().to_owned(),
            Key::Seed => v.seed.to_string(),
            Key::Split => v.split_year.map_or_else(String::new, |y| y.to_string()),
            Key::Oos => date(v.oos),
            Key::Lag => v.lag.to_string(),
            // Empty at the default, whose number depends on the horizon unit.
            Key::CrossHorizon => v.cross_horizon.map_or_else(String::new, |h| h.to_string()),
            Key::Basket => v.basket.join(","),
            Key::Bench => v.bench.clone(),
            Key::Hold => v.hold.to_string(),
            Key::Cost => threshold_text(v.cost_bps),
            Key::Article => if v.article { "1" } else { "0" }.to_owned(),
        }
    }

    /// The value in use, for a notice's "using … instead".
    pub fn used_text(self, v: &ViewState) -> String {
        match self.text(v) {
            t if t.is_empty() && self == Key::CrossHorizon => "3 months".to_owned(),
            t if t.is_empty() => "none".to_owned(),
            t => t,
        }
    }

    /// Parses `text` (trimmed) and sets this setting in `v`; `tickers` are the legs that can
    /// be chosen (upper case), besides well-formed `file:NAME` legs. An empty text means "none"
    /// for `from`, `to` and `split` and is an error elsewhere. On error `v` is unchanged.
    pub fn set(
        self,
        v: &mut ViewState,
        text: &str,
        tickers: &[String],
    ) -> Result<(), SettingError> {
        let text = text.trim();
        if text.is_empty() {
            match self {
                Key::From => v.from = None,
                Key::To => v.to = None,
                Key::Split => v.split_year = None,
                Key::Oos => v.oos = None,
                Key::CrossHorizon => v.cross_horizon = None,
                _ => return Err(SettingError::Empty),
            }
            return Ok(());
        }
        match self {
            Key::Long => v.long = parse_leg(text, tickers)?,
            Key::Short => v.short = parse_leg(text, tickers)?,
            Key::Threshold => v.threshold = parse_threshold(text)?,
            Key::Direction => {
                v.direction = text.parse().map_err(|_| SettingError::Choice(self))?;
            }
            Key::Cooloff => v.cooloff = Bounded::Cooloff.parse_count(text)?,
            Key::From => {
                let from = text.parse::<Date>()?;
                if let Some(to) = v.to.filter(|to| from > *to) {
                    return Err(SettingError::DateOrder { from, to });
                }
                v.from = Some(from);
            }
            Key::To => {
                let to = text.parse::<Date>()?;
                if let Some(from) = v.from.filter(|from| *from > to) {
                    return Err(SettingError::DateOrder { from, to });
                }
                v.to = Some(to);
            }
            Key::Units => {
                v.units = text.parse().map_err(|_| SettingError::Choice(self))?;
            }
            Key::Oos => v.oos = Some(text.parse::<Date>()?),
            Key::Horizons => {
                v.horizon_unit = text.parse().map_err(|_| SettingError::Choice(self))?;
                // A chosen cross-section horizon of the other unit does not carry over.
                if !v
                    .horizon_unit
                    .default_horizons()
                    .contains(&v.cross_horizon())
                {
                    v.cross_horizon = None;
                }
            }
            Key::Lag => v.lag = text.parse()?,
            Key::CrossHorizon => {
                let horizons = v.horizon_unit.default_horizons();
                let h = text
                    .parse::<usize>()
                    .ok()
                    .filter(|h| horizons.contains(h))
                    .ok_or_else(|| {
                        let listed: Vec<String> = horizons.iter().map(usize::to_string).collect();
                        SettingError::CrossHorizon(format!(
                            "{} {}",
                            listed.join(", "),
                            match v.horizon_unit {
                                HorizonUnit::Days => "trading days",
                                HorizonUnit::Months => "months",
                            }
                        ))
                    })?;
                v.cross_horizon = (h != default_cross_horizon(v.horizon_unit)).then_some(h);
            }
            Key::Basket => v.basket = parse_basket(text, tickers)?,
            Key::Bench => v.bench = parse_leg(text, tickers)?,
            Key::Hold => v.hold = Bounded::Hold.parse_count(text)?,
            Key::Cost => {
                // A number first (a decimal comma is named as such), then the engine's bound.
                parse_number(text)?;
                v.cost_bps = Bounded::Cost.parse_number(text)?;
            }
            Key::Seed => v.seed = text.parse().map_err(|_| SettingError::Seed)?,
            Key::Split => v.split_year = Some(Bounded::SplitYear.parse_year(text)?),
            Key::Article => {
                v.article = match text {
                    "1" => true,
                    "0" => false,
                    _ => return Err(SettingError::Flag),
                };
            }
        }
        Ok(())
    }
}

/// A finite number written with a decimal point.
fn parse_number(text: &str) -> Result<f64, SettingError> {
    match text.parse::<f64>() {
        Ok(t) if t.is_finite() => Ok(t),
        _ if text.contains(',') && text.replacen(',', ".", 1).parse::<f64>().is_ok() => {
            Err(SettingError::DecimalComma)
        }
        _ => Err(SettingError::NotANumber),
    }
}

/// A number first (so a decimal comma is named as such), then the engine's bounds: the URL
/// never holds a threshold like 1e-300 (which it would write with 300 digits).
fn parse_threshold(text: &str) -> Result<f64, SettingError> {
    parse_number(text)?;
    Ok(Bounded::Threshold.parse_number(text)?)
}

/// Comma-separated tickers (case-insensitive; spaces around them ignored), each in the data
/// (or a loaded file's leg), none twice, none missing between commas.
fn parse_basket(text: &str, tickers: &[String]) -> Result<Vec<String>, SettingError> {
    let mut basket: Vec<String> = Vec::new();
    for member in text.split(',').map(str::trim) {
        if member.is_empty() {
            return Err(SettingError::BasketGap);
        }
        let ticker = parse_leg(member, tickers).map_err(|e| match e {
            _ if member.contains([' ', ';', '\t']) => {
                SettingError::BasketSeparator(super::echo(member))
            }
            SettingError::BadFileName => e,
            _ => SettingError::BasketTicker(super::echo(member)),
        })?;
        basket.push(ticker);
    }
    check_basket(&basket)?;
    Ok(basket)
}

fn parse_leg(text: &str, tickers: &[String]) -> Result<String, SettingError> {
    if is_file_leg(text) {
        return Ok(text.to_owned());
    }
    if text.starts_with(FILE_PREFIX) {
        return Err(SettingError::BadFileName);
    }
    let up = text.to_ascii_uppercase();
    if tickers.contains(&up) {
        Ok(up)
    } else {
        Err(SettingError::UnknownTicker)
    }
}
