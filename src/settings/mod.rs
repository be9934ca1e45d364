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

mod key;
mod query;

pub use key::{Key, Role, SettingError};
pub use query::{
    Notice, NoticeLine, echo, is_file_leg, leg_from_file_name, markdown_table, query_from_state,
    state_from_query,
};

use equalizer_engine::study::follow::FollowOptions;
use equalizer_engine::study::{
    DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_PLACEBO_DRAWS, DEFAULT_SEED, EntryLag, MAX_LAG,
};
use equalizer_engine::{
    Date, Direction, EventRule, HorizonUnit, RuleError, StudyOptions, ThresholdUnit,
};

use crate::format::threshold_text;

/// Default long leg.
pub const DEFAULT_LONG: &str = "IWM";
/// Default short leg.
pub const DEFAULT_SHORT: &str = "QQQ";
/// Default threshold (percent).
pub const DEFAULT_THRESHOLD: f64 = 4.0;
// The bounds of the threshold, cool-off, split year, hold and cost are the engine's, so the CLI
// and the page refuse the same values with the same sentence.
pub use equalizer_engine::bounds::{
    MAX_COOLOFF, MAX_COST_BPS, MAX_HOLD, MAX_THRESHOLD, MIN_THRESHOLD, SPLIT_YEARS,
};
/// Prefix of a leg that names a CSV file loaded in the browser (`file:my_prices`).
pub const FILE_PREFIX: &str = "file:";
/// Longest name of a loaded file (after the prefix).
pub const FILE_NAME_MAX: usize = 40;

/// Everything a view depends on; a link reproduces it exactly. It crosses to the page's
/// workers as it is (serde), so they derive the engine's inputs with the same code.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Trading days from the event's close to the close returns are measured from.
    pub lag: EntryLag,
    /// The cross-section chart's horizon, in `horizon_unit` (`None`: 3 months).
    pub cross_horizon: Option<usize>,
    /// The follow simulation's basket (tickers or `file:NAME` legs, none twice).
    pub basket: Vec<String>,
    /// The follow simulation's benchmark.
    pub bench: String,
    /// Trading days the basket is held after entry.
    pub hold: usize,
    /// Cost per switch, basis points.
    pub cost_bps: f64,
    /// Show the article replication panel.
    pub article: bool,
}

/// The cross-section chart's default horizon: 3 months in `unit`.
pub fn default_cross_horizon(unit: HorizonUnit) -> usize {
    match unit {
        HorizonUnit::Days => 63,
        HorizonUnit::Months => 3,
    }
}

/// What the "follow the article" simulation runs on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FollowInputs {
    /// The basket's tickers.
    pub basket: Vec<String>,
    /// The benchmark's ticker.
    pub bench: String,
    /// Hold, lag and costs.
    pub options: FollowOptions,
}

/// Which events are held out of the study: `rule`'s events on or after `from`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldOut {
    /// The study's rule before the cut (its whole range, no cut).
    pub rule: EventRule,
    /// The first held-out day.
    pub from: Date,
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
    /// The held-out events (on or after `oos`, or the article's day in the article view, to
    /// the end of the data), if any: see [`equalizer_engine::PreparedPair::held_out`].
    pub held_out: Option<HeldOut>,
    /// How the study runs beyond the rule.
    pub options: StudyOptions,
    /// The follow simulation's inputs (its events are `rule`'s).
    pub follow: FollowInputs,
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
            lag: EntryLag::ZERO,
            cross_horizon: None,
            basket: equalizer_engine::article::PICKS.map(str::to_owned).to_vec(),
            bench: equalizer_engine::study::follow::DEFAULT_BENCH.to_owned(),
            hold: FollowOptions::default().hold,
            cost_bps: FollowOptions::default().cost_bps,
            article: false,
        }
    }

    /// The cross-section chart's horizon (the chosen one, else 3 months).
    pub fn cross_horizon(&self) -> usize {
        self.cross_horizon
            .unwrap_or_else(|| default_cross_horizon(self.horizon_unit))
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

    /// The engine's rule and options for this view, exactly as the CLI builds them from the
    /// same settings. A `from` after the pair's data or a `to` before it is kept (the link
    /// means what it says); the engine refuses the study with a sentence naming the data's end
    /// ([`equalizer_engine::EventRule::days_in`]).
    ///
    /// ```
    /// use equalizer_engine::ThresholdUnit;
    /// use equalizer_web::settings::{state_from_query, ViewState};
    /// let tickers = ["IWM".to_owned(), "QQQ".to_owned()];
    /// let query = [("units".to_owned(), "z".to_owned()), ("t".to_owned(), "3".to_owned())];
    /// let (view, notices) = state_from_query(&query, &tickers);
    /// assert!(notices.is_empty());
    /// let rule = view.study_inputs()?.rule;
    /// assert_eq!((rule.unit(), rule.threshold()), (ThresholdUnit::Z, 3.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn study_inputs(&self) -> Result<StudyInputs, RuleError> {
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
            lag,
            cross_horizon: _, // Role::Display: which horizon the cross-section chart shows
            basket,
            bench,
            hold,
            cost_bps,
            article,
        } = self;
        // A bound beyond the pair's data is the engine's to refuse (`EventRule::days_in`),
        // in its one sentence; the page also marks the box with it.
        let mut notices: Vec<Notice> = Vec::new();
        let whole = EventRule::new(*threshold, *direction, *cooloff, *from, *to)?.with_unit(*units);
        // Out of sample: events on or after the cut (`oos`, or in the article view its first
        // unseen day) are held out and the study keeps the earlier ones; a cut not after
        // `from` would leave the study nothing, so it is not used, and a notice says so.
        let article_cut = (*article && self.shows_article())
            .then(article_first_unseen_day)
            .flatten();
        let (rule, held_out) = match oos.or(article_cut).map(|cut| (cut, whole.before(cut))) {
            Some((cut, Ok(rule))) => (
                rule,
                Some(HeldOut {
                    rule: whole,
                    from: cut,
                }),
            ),
            Some((_, Err(e))) => {
                let key = if oos.is_some() {
                    Key::Oos
                } else {
                    Key::Article
                };
                notices.push(Notice::new(
                    key.name(),
                    &key.text(self),
                    SettingError::Cut(e.to_string()),
                    key.used_text(&ViewState {
                        oos: None,
                        article: false,
                        ..self.clone()
                    }),
                ));
                (whole, None)
            }
            None => (whole, None),
        };
        let options = StudyOptions {
            horizons: horizon_unit.default_horizons(),
            unit: *horizon_unit,
            lag: *lag,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            seed: *seed,
            split_year: *split_year,
        };
        let follow = FollowInputs {
            basket: basket.clone(),
            bench: bench.clone(),
            options: FollowOptions {
                hold: *hold,
                lag: *lag,
                cost_bps: *cost_bps,
                // Not a setting of the page: the CLI's default.
                borrow_bps: FollowOptions::default().borrow_bps,
            },
        };
        Ok(StudyInputs {
            rule,
            held_out,
            options,
            follow,
            notices,
        })
    }

    /// The two legs (long, short): what [`Role::Pair`] settings choose.
    pub fn legs(&self) -> (String, String) {
        (self.long.clone(), self.short.clone())
    }

    /// What the threshold sweep depends on: the view without the threshold and the split
    /// year (so moving the threshold does not recompute the sweep). The article flag stays: in
    /// the article view the study ends before the article's day.
    pub fn sweep_view(&self) -> ViewState {
        ViewState {
            threshold: DEFAULT_THRESHOLD,
            split_year: None,
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
    /// Continuous changes (typing, the slider) replace the current entry while they move;
    /// once a view has stood still for a second, the next change starts a new entry.
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

#[cfg(test)]
mod tests;
