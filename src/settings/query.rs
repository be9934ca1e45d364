//! The URL form of a view: reading a query (with a notice for each value not used), writing
//! one, the notices, and the legs that name a reader's own file.

use super::{
    DEFAULT_LONG, DEFAULT_SHORT, FILE_NAME_MAX, FILE_PREFIX, Key, SettingError, ViewState,
};

/// A URL value that was not used, and what was used instead. The key and the value are as the
/// URL gave them, each cut by [`echo`], so a notice is never longer than a few lines.
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
    pub(super) fn new(
        key: &str,
        given: &str,
        error: SettingError,
        used: impl Into<String>,
    ) -> Notice {
        Notice {
            // An unknown key comes from the URL as it is, so it is cut like a value.
            key: echo(key),
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

/// A notice as the page shows it: its key and its sentence (what crosses from the page's
/// worker, which finds the notices about the pair's data).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeLine {
    /// The URL key.
    pub key: String,
    /// [`Notice::message`].
    pub message: String,
}

impl From<&Notice> for NoticeLine {
    fn from(n: &Notice) -> NoticeLine {
        NoticeLine {
            key: n.key.clone(),
            message: n.message(),
        }
    }
}

/// Shortens very long keys and values for display to
/// [`QUOTE_MAX`](equalizer_engine::bounds::QUOTE_MAX) characters and "…" with the length (counted in characters, never splitting one): the
/// engine's cut, so its messages quote a value the same way.
pub fn echo(s: &str) -> String {
    equalizer_engine::bounds::quoted(s)
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
    // The cross-section horizon is read in the horizon unit, wherever `hz` stands.
    let is_cross = |(name, _): &&(String, String)| name == Key::CrossHorizon.name();
    let in_order = pairs
        .iter()
        .filter(|p| !is_cross(p))
        .chain(pairs.iter().filter(is_cross));
    for (name, value) in in_order {
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
