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

type SeriesCache = Rc<RefCell<HashMap<String, Arc<Series>>>>;

/// The prepared pair behind the view's legs.
#[derive(Clone, Copy)]
pub struct PairHandle {
    /// `None` while loading; the error names what could not be loaded.
    pub prepared: Memo<Option<Result<Shared<PreparedPair>, String>>>,
    /// The pair once it is loaded and prepared.
    pub ready: Memo<Option<Shared<PreparedPair>>>,
}

/// Loads a ticker once per page; later requests come from the cache.
async fn cached_series(
    cache: SeriesCache,
    manifest: Arc<Manifest>,
    ticker: String,
) -> Result<Arc<Series>, String> {
    if let Some(s) = cache.borrow().get(&ticker) {
        return Ok(Arc::clone(s));
    }
    if is_file_leg(&ticker) {
        return Err(format!(
            "This view uses {ticker}, a CSV file on the computer of whoever made the link; files are never \
             uploaded. Load the same file with \"Use your own CSV\" below to see this view."
        ));
    }
    let entry = manifest
        .tickers
        .iter()
        .find(|e| e.ticker == ticker)
        .ok_or_else(|| format!("{ticker} is not in the data bundle"))?;
    let series = fetch_series(entry).await?;
    cache.borrow_mut().insert(ticker, Arc::clone(&series));
    Ok(series)
}

/// The pair for `legs`, reloaded when they change or when a file behind one of them is
/// (re)loaded.
pub fn use_pair(
    manifest: Arc<Manifest>,
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
    let cache: SeriesCache = Rc::default();
    let pair = LocalResource::new(move || {
        let (long, short) = legs.get();
        let (long_file, short_file) = leg_files.get();
        let (cache, m) = (Rc::clone(&cache), Arc::clone(&manifest));
        async move {
            let leg = |name: String, file: Option<Shared<Series>>| {
                let (cache, m) = (Rc::clone(&cache), Arc::clone(&m));
                async move {
                    match file {
                        Some(f) => Ok(Arc::clone(&f.0)),
                        None => cached_series(cache, m, name).await,
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
