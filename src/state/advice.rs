//! The article's advice tested on the view: what every ticker did after the study's events (the
//! cross-section) and what following the call would have earned (the simulation).
//!
//! Both need more than the pair: every bundled series, fetched once the pair is on screen (so
//! the first answer never waits for them), and the reader's loaded files. The cross-section is
//! the heavy one (every ticker × horizon with its placebo and bootstrap): it runs once the
//! settings have been still for [`CROSS_DELAY_MS`], and the panel says when what it shows is
//! for earlier settings.

use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::Follow;
use equalizer_engine::{EventRule, PreparedPair, Series, StudyOptions};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::LoadedFile;
use crate::settings::StudyInputs;
use crate::shared::Shared;
use crate::timing;

use super::pair::{PairHandle, SeriesStore};

/// Quiet time before the cross-section is recomputed after a change of settings.
pub const CROSS_DELAY_MS: i32 = 250;

/// What the cross-section was computed for: the pair, the universe, the rule and the options.
pub type CrossKey = (
    Shared<PreparedPair>,
    Shared<Vec<Series>>,
    EventRule,
    StudyOptions,
);

/// A finished cross-section: the settings it is for and its outcome.
pub type CrossRun = (CrossKey, Result<Shared<CrossSection>, String>);

/// The advice panels' data.
#[derive(Clone, Copy)]
pub struct Advice {
    /// The universe: every bundled series, then the reader's files (`None` while loading).
    pub universe: Memo<Option<Result<Shared<Vec<Series>>, String>>>,
    /// The latest cross-section and the settings it is for (they may trail the view's).
    pub cross: Memo<Option<CrossRun>>,
    /// Whether the cross-section on screen is for the current settings.
    pub cross_current: Signal<bool>,
    /// Whether the view's settings can be studied at all (else the banner above says why, and
    /// the panels show nothing computed for earlier settings).
    pub usable: Signal<bool>,
    /// The follow simulation for the current settings.
    pub follow: Memo<Option<Result<Shared<Follow>, String>>>,
}

/// Resolves after `ms` milliseconds (at once where there is no window).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A series of the universe by its ticker (or `file:NAME` leg), with a sentence when missing.
fn find<'a>(universe: &'a [Series], ticker: &str) -> Result<&'a Series, String> {
    universe
        .iter()
        .find(|s| s.ticker() == ticker)
        .ok_or_else(|| match ticker.strip_prefix(crate::settings::FILE_PREFIX) {
            Some(_) => format!("{ticker} is not loaded: load the file with \"Use your own CSV\"."),
            None => format!("{ticker} is not in the data bundle."),
        })
}

/// The cross-section and the simulation for the view's `inputs` on `pair`.
pub fn use_advice(
    store: SeriesStore,
    files: RwSignal<Vec<LoadedFile>>,
    pair: PairHandle,
    inputs: Memo<Option<Result<StudyInputs, String>>>,
) -> Advice {
    let ready = pair.ready;
    // Latched: once the first pair is ready, the rest of the bundle may load.
    let started = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || ready.with(Option::is_some)
    });
    let bundle = LocalResource::new(move || {
        let go = started.get();
        let store = store.clone();
        async move {
            if !go {
                return None;
            }
            let loads = store.tickers().into_iter().map(|t| store.get(t));
            let all = futures::future::join_all(loads).await;
            Some(all.into_iter().collect::<Result<Vec<_>, String>>())
        }
    });
    let universe = Memo::new(move |_| {
        let loaded = bundle.get().flatten()?;
        Some(loaded.map(|bundle| {
            let mut all: Vec<Series> = bundle.iter().map(|s| Series::clone(s.as_ref())).collect();
            files.with(|f| all.extend(f.iter().map(|f| Series::clone(f.series.as_ref()))));
            Shared::new(all)
        }))
    });
    // Everything the cross-section depends on; `None` until the pair, the universe and valid
    // settings are there (their errors are shown where they arise).
    let cross_key = Memo::new(move |_| {
        let i = inputs.get()?.ok()?;
        let u = universe.get()?.ok()?;
        Some((ready.get()?, u, i.rule, i.options))
    });
    let computed = LocalResource::new(move || {
        let key = cross_key.get();
        async move {
            pause(CROSS_DELAY_MS).await;
            // The settings moved on while waiting: a newer run is coming.
            if cross_key.get_untracked() != key {
                return None;
            }
            let key = key?;
            let (p, u, rule, options) = &key;
            let result = timing::timed("equalizer:cross", || {
                p.cross_section(u, rule, options)
                    .map(Shared::new)
                    .map_err(|e| e.to_string())
            });
            Some((key, result))
        }
    });
    // The newest finished run stays on screen until the next one finishes.
    let cross = Memo::new(move |was: Option<&Option<CrossRun>>| {
        computed.get().flatten().or_else(|| was.cloned().flatten())
    });
    let cross_current = Signal::derive(move || {
        let key = cross_key.get();
        cross.with(|c| c.as_ref().map(|(k, _)| k) == key.as_ref())
    });
    // The simulation depends on the rule and its own settings only.
    let follow_key = Memo::new(move |_| {
        let i = inputs.get()?.ok()?;
        Some((i.rule, i.follow))
    });
    let follow = Memo::new(move |_| {
        let p = ready.get()?;
        let (rule, f) = follow_key.get()?;
        // A universe that failed to load is the cross-section panel's message.
        let u = universe.get()?.ok()?;
        Some((|| {
            let basket: Vec<Series> = f
                .basket
                .iter()
                .map(|t| find(&u, t).cloned())
                .collect::<Result<_, _>>()?;
            let bench = find(&u, &f.bench)?;
            p.follow(&rule, &basket, bench, &f.options)
                .map(Shared::new)
                .map_err(|e| e.to_string())
        })())
    });
    Advice {
        universe,
        cross,
        cross_current,
        usable: Signal::derive(move || matches!(inputs.get(), Some(Ok(_)))),
        follow,
    }
}
