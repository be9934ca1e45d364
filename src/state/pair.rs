//! The pair on screen: both legs' series (fetched once per page, or the reader's own files)
//! aligned and prepared for the engine.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use equalizer_engine::{AlignedPair, PreparedPair, Series};
use leptos::prelude::*;

use crate::data::LoadedFile;
use crate::data::fetch_series;
use crate::settings::is_file_leg;
use crate::shared::Shared;

/// The bundle's series, each fetched once per page and shared by every hook that needs it.
#[derive(Clone)]
pub struct SeriesStore {
    manifest: Arc<Manifest>,
    cache: Rc<RefCell<HashMap<String, Arc<Series>>>>,
}

impl SeriesStore {
    /// A store for the bundle described by `manifest`.
    pub fn new(manifest: Arc<Manifest>) -> SeriesStore {
        SeriesStore {
            manifest,
            cache: Rc::default(),
        }
    }

    /// The bundle's tickers, in its order.
    pub fn tickers(&self) -> Vec<String> {
        self.manifest
            .tickers
            .iter()
            .map(|t| t.ticker.clone())
            .collect()
    }

    /// A bundled ticker's series: fetched the first time, from the cache after that.
    pub async fn get(&self, ticker: String) -> Result<Arc<Series>, String> {
        if let Some(s) = self.cache.borrow().get(&ticker) {
            return Ok(Arc::clone(s));
        }
        if is_file_leg(&ticker) {
            return Err(format!(
                "This view uses {ticker}, a CSV file on the computer of whoever made the link; files are never \
                 uploaded. Load the same file with \"Use your own CSV\" below to see this view."
            ));
        }
        let entry = self
            .manifest
            .tickers
            .iter()
            .find(|e| e.ticker == ticker)
            .ok_or_else(|| format!("{ticker} is not in the data bundle"))?;
        let series = fetch_series(entry).await?;
        self.cache.borrow_mut().insert(ticker, Arc::clone(&series));
        Ok(series)
    }
}

/// The prepared pair behind the view's legs.
#[derive(Clone, Copy)]
pub struct PairHandle {
    /// `None` while loading; the error names what could not be loaded.
    pub prepared: Memo<Option<Result<Shared<PreparedPair>, String>>>,
    /// The pair once it is loaded and prepared.
    pub ready: Memo<Option<Shared<PreparedPair>>>,
}

/// The pair for `legs`, reloaded when they change or when a file behind one of them is
/// (re)loaded.
pub fn use_pair(
    store: SeriesStore,
    legs: Memo<(String, String)>,
    files: RwSignal<Vec<LoadedFile>>,
) -> PairHandle {
    // The loaded series behind the current legs, if any.
    let leg_files = Memo::new(move |_| {
        let (long, short) = legs.get();
        files.with(|all| {
            let find = |leg: &str| {
                all.iter()
                    .find(|f| f.leg == leg)
                    .map(|f| Shared(Arc::clone(&f.series)))
            };
            (find(&long), find(&short))
        })
    });
    let pair = LocalResource::new(move || {
        let (long, short) = legs.get();
        let (long_file, short_file) = leg_files.get();
        let store = store.clone();
        async move {
            let leg = |name: String, file: Option<Shared<Series>>| {
                let store = store.clone();
                async move {
                    match file {
                        Some(f) => Ok(Arc::clone(&f.0)),
                        None => store.get(name).await,
                    }
                }
            };
            let (l, s) = futures::join!(leg(long, long_file), leg(short, short_file));
            let aligned = AlignedPair::new(&*l?, &*s?).map_err(|e| e.to_string())?;
            Ok::<_, String>(Shared::new(PreparedPair::new(aligned)))
        }
    });
    let prepared = Memo::new(move |_| pair.get());
    let ready = Memo::new(move |_| prepared.get().and_then(Result::ok));
    PairHandle { prepared, ready }
}
