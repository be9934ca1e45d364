//! The view's settings: the one definition of every URL key.
//!
//! Each setting is a [`Key`]: its URL name, one-line description and default
//! ([`Key::description`], [`Key::default_text`]; the README's table is tested against
//! [`markdown_table`]), how its text is parsed and validated ([`Key::set`], one
//! [`SettingError`] per way it can be wrong) and how it is written ([`Key::text`]). The URL
//! reader ([`state_from_query`]) and writer ([`query_from_state`]), the controls and the
//! notices all go through these, so a setting cannot mean one thing in the URL and another on
//! screen. [`ViewState::study_inputs`] destructures the view without `..`: a new setting does
//! not compile until it is routed to the engine or marked display-only.
//!
//! Parsing never fails as a whole: a bad value yields a [`Notice`] naming the key, the value
//! given and the value used instead, and the other keys still apply. Values are only ever
//! shown as text.

use equalizer_engine::study::{DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_PLACEBO_DRAWS, DEFAULT_SEED};
use equalizer_engine::{
    Date, DateError, Direction, EventRule, HorizonUnit, RuleError, StudyOptions, ThresholdUnit,
};

use crate::format::threshold_text;

/// Default long leg.
pub const DEFAULT_LONG: &str = "IWM";
/// Default short leg.
pub const DEFAULT_SHORT: &str = "QQQ";
/// Default threshold (percent).
pub const DEFAULT_THRESHOLD: f64 = 4.0;
/// Largest accepted threshold, in either unit.
pub const MAX_THRESHOLD: f64 = 100.0;
/// Largest accepted cool-off (ten years of trading days).
pub const MAX_COOLOFF: usize = 2520;
/// Accepted range of `split`.
pub const SPLIT_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;
/// Prefix of a leg that names a CSV file loaded in the browser (`file:my_prices`).
pub const FILE_PREFIX: &str = "file:";
/// Longest name of a loaded file (after the prefix).
pub const FILE_NAME_MAX: usize = 40;
/// Longest value echoed back in a notice; longer ones are shortened with "…" (the notice says so).
const ECHO_MAX: usize = 40;

/// Everything a view depends on; a link reproduces it exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    /// Ticker (or `file:NAME`) of the long leg.
    pub long: String,
    /// Ticker (or `file:NAME`) of the short leg.
    pub short: String,
    /// The threshold in `units`: percent (4 means 4 %) or σ.
    pub threshold: f64,
    /// Which side of the threshold makes an event.
    pub direction: Direction,
    /// Trading days after an event that cannot be events.
    pub cooloff: usize,
    /// First event date, if bounded.
    pub from: Option<Date>,
    /// Last event date, if bounded.
    pub to: Option<Date>,
    /// What the threshold measures.
    pub units: ThresholdUnit,
    /// Trading days or calendar months.
    pub horizon_unit: HorizonUnit,
    /// Seed of the placebo and bootstrap generators.
    pub seed: u64,
    /// Also summarise before and from this year.
    pub split_year: Option<i32>,
    /// Events on or after this date are held out of the study and shown apart.
    pub oos: Option<Date>,
    /// Show the article replication panel.
    pub article: bool,
}

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
    /// A threshold of 0 or less, or above [`MAX_THRESHOLD`].
    #[error("the threshold must be above 0 and at most {MAX_THRESHOLD}")]
    ThresholdRange,
    /// A cool-off that is not a whole number up to [`MAX_COOLOFF`].
    #[error("not a whole number of trading days from 0 to {MAX_COOLOFF}")]
    Cooloff,
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
    /// A bound beyond the pair's data: no day can be an event.
    #[error("outside the data of this pair ({first} … {last}), so no day can be an event")]
    OutsideData {
        /// The pair's first common date.
        first: Date,
        /// The pair's last common date.
        last: Date,
    },
    /// The article's `to`, when the article view is left.
    #[error("the article's end date, dropped on leaving the article view")]
    ArticleRange,
    /// A menu value that is not one of the key's [`Key::choices`].
    #[error("not one of {}", choice_list(.0))]
    Choice(Key),
    /// A seed that is not a `u64`.
    #[error("not a whole number from 0 to {}", u64::MAX)]
    Seed,
    /// A split year outside [`SPLIT_YEARS`].
    #[error("not a year from {} to {}", SPLIT_YEARS.start(), SPLIT_YEARS.end())]
    Year,
    /// A flag that is not 1 or 0.
    #[error("not 1 or 0")]
    Flag,
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
    pub const ALL: [Key; 13] = [
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
                "threshold, above 0 and at most {MAX_THRESHOLD}: {}, or σ ({}) with `units=z`",
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
                         the study and shown beside what the earlier events promised"
                    .to_owned()
            }
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
            | Key::Oos => Role::Rule,
            Key::Horizons | Key::Seed | Key::Split => Role::Options,
            Key::Article => Role::Display,
        }
    }

    /// Written to the URL even at its default (so a link names its pair and threshold).
    fn always_written(self) -> bool {
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
            Key::Article => if v.article { "1" } else { "0" }.to_owned(),
        }
    }

    /// The value in use, for a notice's "using … instead".
    pub fn used_text(self, v: &ViewState) -> String {
        match self.text(v) {
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
            Key::Cooloff => {
                v.cooloff = text
                    .parse::<usize>()
                    .ok()
                    .filter(|c| *c <= MAX_COOLOFF)
                    .ok_or(SettingError::Cooloff)?;
            }
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
            }
            Key::Seed => v.seed = text.parse().map_err(|_| SettingError::Seed)?,
            Key::Split => {
                v.split_year = Some(
                    text.parse::<i32>()
                        .ok()
                        .filter(|y| SPLIT_YEARS.contains(y))
                        .ok_or(SettingError::Year)?,
                );
            }
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

fn parse_threshold(text: &str) -> Result<f64, SettingError> {
    match text.parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 && t <= MAX_THRESHOLD => Ok(t),
        Ok(t) if t.is_finite() => Err(SettingError::ThresholdRange),
        _ if text.contains(',') && text.replacen(',', ".", 1).parse::<f64>().is_ok() => {
            Err(SettingError::DecimalComma)
        }
        _ => Err(SettingError::NotANumber),
    }
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

/// The day before `d`.
fn day_before(d: Date) -> Date {
    Date::from_days(d.days() - 1)
}

/// The article's first unseen day: the day after its last event date (2024-07-11).
fn article_first_unseen_day() -> Option<Date> {
    equalizer_engine::article::last_event_date().map(|d| Date::from_days(d.days() + 1))
}

/// The engine's inputs for a view, and the notices about values the data cannot use.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyInputs {
    /// What makes a day an event of the study (before `oos`, when given).
    pub rule: EventRule,
    /// The out-of-sample events' rule (on or after `oos`, or the article's day in the article
    /// view, to the end of the data), if any.
    pub held_out: Option<EventRule>,
    /// How the study runs beyond the rule.
    pub options: StudyOptions,
    /// A `from`/`to` beyond the pair's data (kept, as the CLI keeps it; no day can be an event).
    pub notices: Vec<Notice>,
}

impl ViewState {
    /// The default view: IWM vs QQQ, ≥ 4 %, up, no cool-off, whole range.
    pub fn default_view() -> ViewState {
        ViewState {
            long: DEFAULT_LONG.into(),
            short: DEFAULT_SHORT.into(),
            threshold: DEFAULT_THRESHOLD,
            direction: Direction::Up,
            cooloff: 0,
            from: None,
            to: None,
            units: ThresholdUnit::Pct,
            horizon_unit: HorizonUnit::Days,
            seed: DEFAULT_SEED,
            split_year: None,
            oos: None,
            article: false,
        }
    }

    /// The seed article's settings: IWM vs QQQ, ≥ 4 %, events before 2024-07-11, with the
    /// replication panel open.
    pub fn article_view() -> ViewState {
        ViewState {
            to: equalizer_engine::article::last_event_date(),
            article: true,
            ..ViewState::default_view()
        }
    }

    /// The engine's rule and options for this view on a pair whose common data runs
    /// `first … last`, exactly as the CLI builds them from the same settings. A `from` after
    /// the data or a `to` before it leaves nothing to study: it is kept (the link means what it
    /// says), with a notice naming the data's range.
    ///
    /// ```
    /// use equalizer_engine::{Date, ThresholdUnit};
    /// use equalizer_web::settings::{state_from_query, ViewState};
    /// let tickers = ["IWM".to_owned(), "QQQ".to_owned()];
    /// let query = [("units".to_owned(), "z".to_owned()), ("t".to_owned(), "3".to_owned())];
    /// let (view, notices) = state_from_query(&query, &tickers);
    /// assert!(notices.is_empty());
    /// let (first, last): (Date, Date) = ("2000-05-26".parse()?, "2026-08-21".parse()?);
    /// let rule = view.study_inputs(first, last)?.rule;
    /// assert_eq!((rule.unit(), rule.threshold()), (ThresholdUnit::Z, 3.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn study_inputs(&self, first: Date, last: Date) -> Result<StudyInputs, RuleError> {
        // No `..`: a new setting must be routed here or named as not the engine's.
        let ViewState {
            long: _,  // Role::Pair: picks the series (see `legs`)
            short: _, // Role::Pair
            threshold,
            direction,
            cooloff,
            from,
            to,
            units,
            horizon_unit,
            seed,
            split_year,
            oos,
            article,
        } = self;
        let notices = [
            (Key::From, from.filter(|d| *d > last)),
            (Key::To, to.filter(|d| *d < first)),
        ]
        .into_iter()
        .filter_map(|(key, beyond)| {
            let d = beyond?.to_string();
            Some(Notice::new(
                key.name(),
                &d,
                SettingError::OutsideData { first, last },
                d.clone(),
            ))
        })
        .collect();
        // Out of sample: the study keeps the events before `oos` (the article view's own
        // out-of-sample day unless `oos` is given); the held-out rule finds the later ones up to
        // the end of the data.
        let held_out_from = oos.or_else(|| article.then(article_first_unseen_day).flatten());
        let in_sample_to = match (*to, *oos) {
            (to, Some(oos)) => Some(to.map_or(day_before(oos), |to| to.min(day_before(oos)))),
            (to, None) => to,
        };
        let rule = EventRule::new(*threshold, *direction, *cooloff, *from, in_sample_to)?
            .with_unit(*units);
        let held_out = held_out_from
            .map(|d| {
                let from = Some(from.map_or(d, |f| f.max(d)));
                EventRule::new(*threshold, *direction, *cooloff, from, None)
                    .map(|r| r.with_unit(*units))
            })
            .transpose()?;
        let options = StudyOptions {
            horizons: horizon_unit.default_horizons(),
            unit: *horizon_unit,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            seed: *seed,
            split_year: *split_year,
        };
        Ok(StudyInputs {
            rule,
            held_out,
            options,
            notices,
        })
    }

    /// The two legs (long, short): what [`Role::Pair`] settings choose.
    pub fn legs(&self) -> (String, String) {
        (self.long.clone(), self.short.clone())
    }

    /// What the threshold sweep depends on: the view without the threshold, the split year
    /// and the article panel (so moving the threshold does not recompute the sweep).
    pub fn sweep_view(&self) -> ViewState {
        ViewState {
            threshold: DEFAULT_THRESHOLD,
            split_year: None,
            article: false,
            ..self.clone()
        }
    }

    /// Whether the article's replication applies to this view.
    pub fn shows_article(&self) -> bool {
        self.article
            && self.long == equalizer_engine::article::LONG
            && self.short == equalizer_engine::article::SHORT
    }

    /// The view after the reader set `key` to `text` in a control (a continuous change: the
    /// history entry is replaced). A change to what the article's claim fixes (legs,
    /// threshold, direction, unit, cool-off) in the article view leaves it (see
    /// [`ViewState::with_legs`]).
    pub fn edited(
        &self,
        key: Key,
        text: &str,
        tickers: &[String],
        range_before_article: (Option<Date>, Option<Date>),
    ) -> Result<Change, SettingError> {
        let mut view = self.clone();
        key.set(&mut view, text, tickers)?;
        if key.role() == Role::Pair {
            return self.with_legs(view.long, view.short, range_before_article);
        }
        Ok(view.article_kept_or_left(self, range_before_article))
    }

    /// The view with the legs swapped (the article view is left as with any leg change).
    pub fn swapped(&self, range_before_article: (Option<Date>, Option<Date>)) -> Change {
        ViewState {
            long: self.short.clone(),
            short: self.long.clone(),
            // The legs differ already, so the swap cannot be refused.
            ..self.clone()
        }
        .article_kept_or_left(self, range_before_article)
    }

    /// The view with new legs. The same ticker twice is refused. In the article view, new
    /// legs (like any change of the article's settings) leave it: the panel closes, a bound still at the article's value returns to
    /// `range_before_article` (the reader's range before "Replicate the article", or none),
    /// with a notice, in a new history entry.
    pub fn with_legs(
        &self,
        long: String,
        short: String,
        range_before_article: (Option<Date>, Option<Date>),
    ) -> Result<Change, SettingError> {
        if long == short {
            return Err(SettingError::SameLeg);
        }
        Ok(ViewState {
            long,
            short,
            ..self.clone()
        }
        .article_kept_or_left(self, range_before_article))
    }

    /// What the article's claim fixes: the legs, the threshold and its unit, the direction
    /// and the cool-off. Changing one of them in the article view leaves it.
    fn article_settings(&self) -> (&str, &str, f64, ThresholdUnit, Direction, usize) {
        (
            &self.long,
            &self.short,
            self.threshold,
            self.units,
            self.direction,
            self.cooloff,
        )
    }

    /// `self` as a change from `was`: in the article view, a change of its settings leaves it
    /// (see [`ViewState::with_legs`]).
    fn article_kept_or_left(
        mut self,
        was: &ViewState,
        range_before_article: (Option<Date>, Option<Date>),
    ) -> Change {
        if !(was.article && self.article_settings() != was.article_settings()) {
            return Change::replace(self);
        }
        let article = ViewState::article_view();
        self.article = false;
        let mut notices = Vec::new();
        for (key, restored) in [
            (Key::From, range_before_article.0),
            (Key::To, range_before_article.1),
        ] {
            let (bound, article_bound) = match key {
                Key::From => (&mut self.from, article.from),
                _ => (&mut self.to, article.to),
            };
            // A bound the reader changed inside the article view is theirs: it stays.
            if *bound != article_bound || *bound == restored {
                continue;
            }
            // The article's own bound (its `to`) is named; a bound it left open just returns.
            let given = std::mem::replace(bound, restored);
            if let Some(given) = given {
                notices.push(Notice::new(
                    key.name(),
                    &given.to_string(),
                    SettingError::ArticleRange,
                    key.used_text(&self),
                ));
            }
        }
        Change {
            view: self,
            history: History::Push,
            notices,
        }
    }

    /// The same view at threshold `t` (a sweep cell: a navigation, so a new history entry).
    pub fn at_threshold(&self, t: f64) -> Result<Change, SettingError> {
        let mut view = self.clone();
        Key::Threshold.set(&mut view, &threshold_text(t), &[])?;
        Ok(Change {
            view,
            history: History::Push,
            notices: Vec::new(),
        })
    }

    /// "Replicate the article": the article's view, in a new history entry.
    pub fn replicated() -> Change {
        Change {
            view: ViewState::article_view(),
            history: History::Push,
            notices: Vec::new(),
        }
    }
}

/// How a change enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// Continuous changes (typing, slider, menus) replace the current entry.
    Replace,
    /// Navigations (Replicate, a sweep cell, leaving the article view) add one; Back returns.
    Push,
    /// The browser moved to another entry (Back, Forward): the URL is already the view's.
    Followed,
}

/// A new view, how it enters the history, and what the reader is told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The new view.
    pub view: ViewState,
    /// How it enters the history.
    pub history: History,
    /// What the reader is told (replaces the notices shown).
    pub notices: Vec<Notice>,
}

impl Change {
    /// A continuous change without notices.
    pub fn replace(view: ViewState) -> Change {
        Change {
            view,
            history: History::Replace,
            notices: Vec::new(),
        }
    }
}

/// A URL value that was not used, and what was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The URL key (`t`, `long`, …).
    pub key: String,
    /// What the URL said.
    pub given: String,
    /// Why it was not used.
    pub error: SettingError,
    /// What is used instead.
    pub used: String,
}

impl Notice {
    fn new(key: &str, given: &str, error: SettingError, used: impl Into<String>) -> Notice {
        Notice {
            key: key.to_owned(),
            given: echo(given),
            error,
            used: used.into(),
        }
    }

    /// One sentence for the page: "t=abc: not a number; using 4 instead." (or "…; used as
    /// given." when the value is kept).
    pub fn message(&self) -> String {
        let (key, given, error) = (&self.key, &self.given, &self.error);
        if self.used == self.given {
            format!("{key}={given}: {error}; used as given.")
        } else {
            format!("{key}={given}: {error}; using {} instead.", self.used)
        }
    }
}

/// Shortens very long values for display (counted in characters, never splitting one).
pub fn echo(s: &str) -> String {
    if s.chars().count() > ECHO_MAX {
        let head: String = s.chars().take(ECHO_MAX).collect();
        format!("{head}… ({} characters)", s.chars().count())
    } else {
        s.to_owned()
    }
}

/// The leg name for a loaded file: `file:` and the file name without its extension, with
/// every character other than ASCII letters, digits, `-` and `_` replaced by `_`, at most
/// [`FILE_NAME_MAX`] characters. `None` when nothing usable is left.
pub fn leg_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let name: String = stem
        .chars()
        .take(FILE_NAME_MAX)
        .map(|c| if is_file_name_char(c) { c } else { '_' })
        .collect();
    let name = name.trim_matches('_');
    (!name.is_empty()).then(|| format!("{FILE_PREFIX}{name}"))
}

/// The characters a loaded file's leg name keeps: ASCII letters, digits, `-` and `_`.
fn is_file_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Whether `leg` is a well-formed `file:NAME` leg (as [`leg_from_file_name`] makes them).
pub fn is_file_leg(leg: &str) -> bool {
    leg.strip_prefix(FILE_PREFIX).is_some_and(|n| {
        !n.is_empty() && n.len() <= FILE_NAME_MAX && n.chars().all(is_file_name_char)
    })
}

/// Reads a view from decoded query pairs, validating tickers against `tickers` (upper case);
/// a well-formed `file:NAME` leg is kept as given (the page asks for that file).
/// Returns the view and one notice per value not used.
pub fn state_from_query(
    pairs: &[(String, String)],
    tickers: &[String],
) -> (ViewState, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut v = ViewState::default_view();
    // The default legs may be missing from the reader's own data: its first tickers stand in.
    if !tickers.contains(&v.long)
        && let Some(first) = tickers.first()
    {
        v.long = first.clone();
    }
    if (!tickers.contains(&v.short) || v.short == v.long)
        && let Some(other) = tickers.iter().find(|t| **t != v.long)
    {
        v.short = other.clone();
    }
    let mut seen: Vec<Key> = Vec::new();
    for (name, value) in pairs {
        let Some(key) = Key::from_name(name) else {
            notices.push(Notice::new(
                name,
                value,
                SettingError::UnknownKey,
                "nothing (ignored)",
            ));
            continue;
        };
        if seen.contains(&key) {
            notices.push(Notice::new(
                name,
                value,
                SettingError::Repeated,
                "the first value",
            ));
            continue;
        }
        seen.push(key);
        if let Err(e) = key.set(&mut v, value, tickers) {
            notices.push(Notice::new(name, value.trim(), e, key.used_text(&v)));
        }
    }
    // Two legs must differ: a short leg the link named gets a notice; a default gives way
    // quietly (to the default long leg, or the first other ticker).
    if v.short == v.long {
        let given = v.short.clone();
        let other = [DEFAULT_SHORT, DEFAULT_LONG]
            .into_iter()
            .map(str::to_owned)
            .chain(tickers.iter().cloned())
            .find(|t| *t != v.long && tickers.contains(t));
        if let Some(other) = other {
            if seen.contains(&Key::Short) {
                notices.push(Notice::new(
                    Key::Short.name(),
                    &given,
                    SettingError::SameLeg,
                    other.as_str(),
                ));
            }
            v.short = other;
        }
    }
    (v, notices)
}

/// The query pairs for a view, in [`Key::ALL`] order; default values are left out so links
/// stay short (but the legs and the threshold are always named).
pub fn query_from_state(v: &ViewState) -> Vec<(&'static str, String)> {
    let default = ViewState::default_view();
    Key::ALL
        .into_iter()
        .filter(|k| k.always_written() || k.text(v) != k.text(&default))
        .map(|k| (k.name(), k.text(v)))
        .collect()
}

/// The README's table of URL keys, generated from [`Key`].
pub fn markdown_table() -> String {
    let mut out = String::from("| key | meaning | default |\n|---|---|---|\n");
    for k in Key::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            k.name(),
            k.description(),
            k.default_text()
        ));
    }
    out
}

#[cfg(test)]
mod tests;
