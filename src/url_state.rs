//! The page's settings and their URL form: the single typed URL-state module.
//!
//! | key | meaning | default |
//! |---|---|---|
//! | `long`, `short` | tickers of the two legs, or `file:NAME` for a CSV file the reader loaded | IWM, QQQ |
//! | `t` | threshold in percent, 0 < t ≤ 100 | 4 |
//! | `dir` | `up`, `down` or `abs` | up |
//! | `cool` | cool-off in trading days, 0 … 2520 | 0 |
//! | `from`, `to` | event date range, `YYYY-MM-DD`, inclusive | whole data |
//! | `units` | threshold unit: `pct` (percent) or `z` (trailing 252-day volatility units) | pct |
//! | `hz` | horizon convention: `days` (trading days) or `months` (calendar months) | days |
//! | `seed` | seed of the placebo and bootstrap generators | 20240711 |
//! | `split` | also summarise before and from this year (1900 … 2100) | none |
//! | `article` | `1` shows the article replication panel | off |
//!
//! Parsing never fails: a bad value yields a [`Notice`] naming the key, the value given and
//! the value used instead, and the other keys still apply. Values are only ever shown as text.

use equalizer_engine::study::{DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_PLACEBO_DRAWS, DEFAULT_SEED};
use equalizer_engine::{
    Date, Direction, EventRule, HorizonUnit, RuleError, StudyOptions, ThresholdUnit,
};

use crate::format::threshold_text;

/// Default long leg.
pub const DEFAULT_LONG: &str = "IWM";
/// Default short leg.
pub const DEFAULT_SHORT: &str = "QQQ";
/// Default threshold in percent.
pub const DEFAULT_THRESHOLD: f64 = 4.0;
/// Largest accepted threshold in percent.
pub const MAX_THRESHOLD: f64 = 100.0;
/// Largest accepted cool-off (ten years of trading days).
pub const MAX_COOLOFF: usize = 2520;
/// Prefix of a leg that names a CSV file loaded in the browser (`file:my_prices`).
pub const FILE_PREFIX: &str = "file:";
/// Longest name of a loaded file (after the prefix).
pub const FILE_NAME_MAX: usize = 40;
/// Longest value echoed back in a notice; longer ones are shortened with "…" (the notice says so).
const ECHO_MAX: usize = 40;

/// Everything a view depends on; a link reproduces it exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    pub long: String,
    pub short: String,
    pub threshold_pct: f64,
    pub direction: Direction,
    pub cooloff: usize,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub units: ThresholdUnit,
    pub horizon_unit: HorizonUnit,
    pub seed: u64,
    pub split_year: Option<i32>,
    /// Show the article replication panel.
    pub article: bool,
}

impl ViewState {
    /// The default view: IWM vs QQQ, ≥ 4 %, up, no cool-off, whole range.
    pub fn default_view() -> ViewState {
        ViewState {
            long: DEFAULT_LONG.into(),
            short: DEFAULT_SHORT.into(),
            threshold_pct: DEFAULT_THRESHOLD,
            direction: Direction::Up,
            cooloff: 0,
            from: None,
            to: None,
            units: ThresholdUnit::Pct,
            horizon_unit: HorizonUnit::Days,
            seed: DEFAULT_SEED,
            split_year: None,
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

    /// How the study runs: the unit's default horizons, the full placebo and bootstrap.
    pub fn options(&self) -> StudyOptions {
        StudyOptions {
            horizons: self.horizon_unit.default_horizons(),
            unit: self.horizon_unit,
            placebo_draws: DEFAULT_PLACEBO_DRAWS,
            bootstrap_draws: DEFAULT_BOOTSTRAP_DRAWS,
            seed: self.seed,
            split_year: self.split_year,
        }
    }

    /// The engine's event rule for this view.
    pub fn rule(&self) -> Result<EventRule, RuleError> {
        EventRule::new(
            self.threshold_pct,
            self.direction,
            self.cooloff,
            self.from,
            self.to,
        )
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
    pub why: String,
    /// What is used instead.
    pub used: String,
}

impl Notice {
    fn new(key: &str, given: &str, why: impl Into<String>, used: impl Into<String>) -> Notice {
        Notice {
            key: key.to_owned(),
            given: echo(given),
            why: why.into(),
            used: used.into(),
        }
    }

    /// One sentence for the page: "t=abc: not a number; using 4 instead."
    pub fn message(&self) -> String {
        format!(
            "{}={}: {}; using {} instead.",
            self.key, self.given, self.why, self.used
        )
    }
}

/// Shortens very long values for display (counted in characters, never splitting one).
fn echo(s: &str) -> String {
    if s.chars().count() > ECHO_MAX {
        let head: String = s.chars().take(ECHO_MAX).collect();
        format!("{head}… ({} characters)", s.chars().count())
    } else {
        s.to_owned()
    }
}

const KEYS: [&str; 12] = [
    "long", "short", "t", "dir", "cool", "from", "to", "units", "hz", "seed", "split", "article",
];
/// Accepted range of `split`.
const SPLIT_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

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
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in pairs {
        let Some(&k) = KEYS.iter().find(|k| **k == key.as_str()) else {
            notices.push(Notice::new(
                key,
                value,
                "not a setting of this page",
                "nothing (ignored)",
            ));
            continue;
        };
        if seen.contains(&k) {
            notices.push(Notice::new(
                key,
                value,
                "given more than once",
                "the first value",
            ));
            continue;
        }
        seen.push(k);
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match k {
            "long" | "short" => {
                let up = if is_file_leg(value) {
                    value.to_owned()
                } else {
                    value.to_ascii_uppercase()
                };
                if tickers.contains(&up) || is_file_leg(&up) {
                    if k == "long" {
                        v.long = up;
                    } else {
                        v.short = up;
                    }
                } else {
                    let used = if k == "long" {
                        DEFAULT_LONG
                    } else {
                        DEFAULT_SHORT
                    };
                    let why = if value.starts_with(FILE_PREFIX) {
                        "not a file name of letters, digits, - and _ (at most 40)"
                    } else {
                        "not a ticker in the data"
                    };
                    notices.push(Notice::new(k, value, why, used));
                }
            }
            "t" => match value.parse::<f64>() {
                Ok(t) if t.is_finite() && t > 0.0 && t <= MAX_THRESHOLD => v.threshold_pct = t,
                Ok(t) if t.is_finite() => notices.push(Notice::new(
                    k,
                    value,
                    format!("the threshold must be above 0 and at most {MAX_THRESHOLD} percent"),
                    threshold_text(DEFAULT_THRESHOLD),
                )),
                _ => notices.push(Notice::new(
                    k,
                    value,
                    "not a number",
                    threshold_text(DEFAULT_THRESHOLD),
                )),
            },
            "dir" => match value.parse::<Direction>() {
                Ok(d) => v.direction = d,
                Err(_) => notices.push(Notice::new(k, value, "not one of up, down, abs", "up")),
            },
            "cool" => match value.parse::<usize>() {
                Ok(c) if c <= MAX_COOLOFF => v.cooloff = c,
                _ => notices.push(Notice::new(
                    k,
                    value,
                    format!("not a whole number of trading days from 0 to {MAX_COOLOFF}"),
                    "0",
                )),
            },
            "units" => match value.parse::<ThresholdUnit>() {
                Ok(u) => v.units = u,
                Err(_) => notices.push(Notice::new(k, value, "not one of pct, z", "pct")),
            },
            "hz" => match value.parse::<HorizonUnit>() {
                Ok(u) => v.horizon_unit = u,
                Err(_) => notices.push(Notice::new(k, value, "not one of days, months", "days")),
            },
            "seed" => match value.parse::<u64>() {
                Ok(seed) => v.seed = seed,
                Err(_) => notices.push(Notice::new(
                    k,
                    value,
                    "not a whole number from 0 to 18446744073709551615",
                    DEFAULT_SEED.to_string(),
                )),
            },
            "split" => match value.parse::<i32>() {
                Ok(y) if SPLIT_YEARS.contains(&y) => v.split_year = Some(y),
                _ => notices.push(Notice::new(
                    k,
                    value,
                    "not a year from 1900 to 2100",
                    "no split",
                )),
            },
            "article" => match value {
                "1" => v.article = true,
                "0" => v.article = false,
                _ => notices.push(Notice::new(k, value, "not 1 or 0", "0")),
            },
            _ => match value.parse::<Date>() {
                // "from" or "to"
                Ok(d) if k == "from" => v.from = Some(d),
                Ok(d) => v.to = Some(d),
                Err(e) => notices.push(Notice::new(k, value, e.to_string(), "no bound")),
            },
        }
    }
    if let (Some(from), Some(to)) = (v.from, v.to)
        && from > to
    {
        notices.push(Notice::new(
            "from",
            &from.to_string(),
            format!("the range starts after it ends (to={to})"),
            "the whole date range",
        ));
        v.from = None;
        v.to = None;
    }
    let known = |t: &String| tickers.contains(t) || is_file_leg(t);
    if !known(&v.long) {
        // The data has no IWM: fall back to its first ticker rather than show nothing.
        if let Some(t) = tickers.first() {
            v.long = t.clone();
        }
    }
    if v.short == v.long || !known(&v.short) {
        let given = v.short.clone();
        if let Some(other) = tickers.iter().find(|t| **t != v.long) {
            if given == v.long {
                notices.push(Notice::new(
                    "short",
                    &given,
                    "the same ticker as long",
                    other.as_str(),
                ));
            }
            v.short = other.clone();
        }
    }
    (v, notices)
}

/// The query pairs for a view, in a fixed order; default values are left out so links stay short.
pub fn query_from_state(v: &ViewState) -> Vec<(&'static str, String)> {
    let mut q = vec![
        ("long", v.long.clone()),
        ("short", v.short.clone()),
        ("t", threshold_text(v.threshold_pct)),
    ];
    if v.direction != Direction::Up {
        q.push(("dir", v.direction.as_str().to_owned()));
    }
    if v.cooloff != 0 {
        q.push(("cool", v.cooloff.to_string()));
    }
    if let Some(d) = v.from {
        q.push(("from", d.to_string()));
    }
    if let Some(d) = v.to {
        q.push(("to", d.to_string()));
    }
    if v.units != ThresholdUnit::Pct {
        q.push(("units", v.units.as_str().to_owned()));
    }
    if v.horizon_unit != HorizonUnit::Days {
        q.push(("hz", v.horizon_unit.as_str().to_owned()));
    }
    if v.seed != DEFAULT_SEED {
        q.push(("seed", v.seed.to_string()));
    }
    if let Some(y) = v.split_year {
        q.push(("split", y.to_string()));
    }
    if v.article {
        q.push(("article", "1".to_owned()));
    }
    q
}

/// Browser side: read the current query and replace the history entry.
pub mod browser {
    use wasm_bindgen::JsValue;
    use web_sys::UrlSearchParams;

    use super::{ViewState, query_from_state};

    /// The decoded `?…` pairs of the current URL, in order (the browser's own parser).
    pub fn query_pairs() -> Vec<(String, String)> {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let Ok(params) = UrlSearchParams::new_with_str(&search) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // UrlSearchParams is iterable as [key, value] arrays.
        if let Ok(Some(iter)) = js_sys::try_iter(&params) {
            for entry in iter.flatten() {
                let pair = js_sys::Array::from(&entry);
                let k = pair.get(0).as_string().unwrap_or_default();
                let v = pair.get(1).as_string().unwrap_or_default();
                out.push((k, v));
            }
        }
        out
    }

    /// `?long=…&short=…` for a view, encoded by the browser.
    pub fn search_from_state(v: &ViewState) -> String {
        let Ok(params) = UrlSearchParams::new() else {
            return String::new();
        };
        for (k, val) in query_from_state(v) {
            params.append(k, &val);
        }
        format!("?{}", String::from(params.to_string()))
    }

    /// Replaces the current history entry with the view's URL (no new entry, no scroll).
    pub fn replace_url(v: &ViewState) {
        let Some(w) = web_sys::window() else { return };
        let Ok(history) = w.history() else { return };
        let path = w.location().pathname().unwrap_or_default();
        let url = format!("{path}{}", search_from_state(v));
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }

    /// An absolute link to a view on this page.
    pub fn link_to(v: &ViewState) -> String {
        let Some(w) = web_sys::window() else {
            return String::new();
        };
        let loc = w.location();
        let origin = loc.origin().unwrap_or_default();
        let path = loc.pathname().unwrap_or_default();
        format!("{origin}{path}{}", search_from_state(v))
    }
}

#[cfg(test)]
mod file_legs {
    use super::*;

    #[test]
    fn file_names_become_safe_legs() {
        assert_eq!(
            leg_from_file_name("my prices.csv").as_deref(),
            Some("file:my_prices")
        );
        assert_eq!(
            leg_from_file_name("IWM-2024.v2.CSV").as_deref(),
            Some("file:IWM-2024_v2")
        );
        assert_eq!(
            leg_from_file_name("<script>.csv").as_deref(),
            Some("file:script")
        );
        assert_eq!(leg_from_file_name("üï.csv").as_deref(), None);
        assert_eq!(leg_from_file_name(".csv"), None);
        let long = leg_from_file_name(&format!("{}.csv", "a".repeat(100)));
        assert_eq!(
            long.map(|l| l.len()),
            Some(FILE_PREFIX.len() + FILE_NAME_MAX)
        );
        assert!(is_file_leg("file:my_prices"));
        assert!(!is_file_leg("file:"));
        assert!(!is_file_leg("file:a b"));
        assert!(!is_file_leg("IWM"));
    }

    #[test]
    fn file_legs_survive_the_url() {
        let tickers = ["IWM".to_owned(), "QQQ".to_owned()];
        let pairs = [("long".to_owned(), "file:My_Prices".to_owned())];
        let (v, notices) = state_from_query(&pairs, &tickers);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(
            (v.long.as_str(), v.short.as_str()),
            ("file:My_Prices", "QQQ")
        );
        let bad = [("short".to_owned(), "file:a<b".to_owned())];
        let (v, notices) = state_from_query(&bad, &tickers);
        assert_eq!(v.short, "QQQ");
        assert_eq!(
            notices[0].message(),
            "short=file:a<b: not a file name of letters, digits, - and _ (at most 40); using QQQ instead."
        );
    }
}

/// Fuzz-style property tests: any query, however hostile, yields a usable view and bounded,
/// text-only notices; valid queries round-trip without notices.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn tickers() -> Vec<String> {
        ["IWM", "QQQ", "SPY", "XLE"].map(String::from).to_vec()
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(KEYS.to_vec()).prop_map(String::from),
            ".{0,12}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,40}",
            "[0-9.eE+-]{0,30}",
            "(IWM|QQQ|SPY|XLE|iwm|<script>|NaN|inf|-0|up|down|abs|z|pct|days|months|1|0)",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "file:[A-Za-z0-9_-]{0,45}",
            "file:.{0,20}",
            proptest::collection::vec(any::<char>(), 0..3000)
                .prop_map(|v| v.into_iter().collect::<String>()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn any_query_gives_a_usable_view(pairs in proptest::collection::vec((key(), value()), 0..12)) {
            let (v, notices) = state_from_query(&pairs, &tickers());
            prop_assert!(v.rule().is_ok());
            let known = |t: &String| tickers().contains(t) || is_file_leg(t);
            prop_assert!(known(&v.long) && known(&v.short));
            prop_assert_ne!(&v.long, &v.short);
            prop_assert!(v.threshold_pct > 0.0 && v.threshold_pct <= MAX_THRESHOLD);
            prop_assert!(v.cooloff <= MAX_COOLOFF);
            for n in &notices {
                // Echoed values are bounded (40 characters plus the length note).
                prop_assert!(n.given.chars().count() <= ECHO_MAX + 30, "{}", n.given.len());
                prop_assert!(!n.message().is_empty());
            }
            // The view's own query parses back to the same view without notices.
            let own: Vec<(String, String)> = query_from_state(&v).into_iter().map(|(k, x)| (k.to_owned(), x)).collect();
            let (back, none) = state_from_query(&own, &tickers());
            prop_assert!(none.is_empty(), "{:?}", none);
            prop_assert_eq!(back, v);
        }
    }
}
