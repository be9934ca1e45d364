//! The bundle's tickers on their way to the workers: each fetched from the site once, its bytes
//! handed to both workers without passing through the page's own memory, and a failed fetch
//! tried again on the next change of settings or when the browser is back online.

use std::collections::HashMap;
use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::worker::computer::Role;
use crate::worker::protocol::Request;

use super::workers::Workers;

/// Where a ticker's data stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// Being fetched, or read by the workers.
    Fetching,
    /// The workers hold it (the study worker said so; the other reads the same bytes).
    Delivered,
    /// It could not be fetched or read; the sentence says why (and that it will be tried
    /// again).
    Failed(String),
}

/// The bundle's tickers and where each one's data stands.
#[derive(Clone, Copy)]
pub struct Bundle {
    manifest: StoredValue<Arc<Manifest>>,
    loads: RwSignal<HashMap<String, Load>>,
    workers: StoredValue<Option<Workers>, LocalStorage>,
}

/// Fetches one bundle file as an `ArrayBuffer`; errors name the file.
async fn fetch_buffer(file: &str) -> Result<js_sys::ArrayBuffer, String> {
    let (url, resp) = crate::data::fetch_file(file).await?;
    let promise = web_sys::Response::from(resp)
        .array_buffer()
        .map_err(|e| format!("Could not read {url}: {e:?}"))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| format!("Could not read {url}: {e:?}"))?;
    Ok(buffer.into())
}

/// What the reader is told of a failed load: what failed, and that it is tried again.
pub fn retry_sentence(problem: &str) -> String {
    format!(
        "{problem}. It is tried again at your next change of settings, and when the browser is back online."
    )
}

impl Bundle {
    /// The bundle of `manifest`, delivering to `workers`; failed loads are retried when the
    /// browser says it is online again.
    pub fn new(manifest: Arc<Manifest>, workers: Option<Workers>) -> Bundle {
        let bundle = Bundle {
            manifest: StoredValue::new(manifest),
            loads: RwSignal::new(HashMap::new()),
            workers: StoredValue::new_local(workers),
        };
        let online = window_event_listener(leptos::ev::online, move |_| bundle.retry_failed());
        on_cleanup(move || online.remove());
        bundle
    }

    /// The bundle's tickers, in its order.
    pub fn tickers(&self) -> Vec<String> {
        self.manifest
            .with_value(|m| m.tickers.iter().map(|t| t.ticker.clone()).collect())
    }

    /// Whether `ticker` is one of the bundle's.
    pub fn holds(&self, ticker: &str) -> bool {
        self.manifest
            .with_value(|m| m.tickers.iter().any(|t| t.ticker == ticker))
    }

    /// Where `ticker`'s data stands (`None`: not asked for yet). Tracked.
    pub fn load(&self, ticker: &str) -> Option<Load> {
        self.loads.with(|l| l.get(ticker).cloned())
    }

    /// Whether every bundle ticker is in both workers. Tracked.
    pub fn complete(&self) -> bool {
        let all = self.tickers();
        self.loads
            .with(|l| all.iter().all(|t| l.get(t) == Some(&Load::Delivered)))
    }

    /// The first failed load among `tickers`, its sentence. Tracked.
    pub fn failure<'a>(&self, tickers: impl IntoIterator<Item = &'a str>) -> Option<String> {
        self.loads.with(|l| {
            tickers.into_iter().find_map(|t| match l.get(t) {
                Some(Load::Failed(m)) => Some(retry_sentence(m)),
                _ => None,
            })
        })
    }

    /// Fetches each of `tickers` that is neither loading nor delivered (a failed one again).
    pub fn request<'a>(&self, tickers: impl IntoIterator<Item = &'a str>) {
        for ticker in tickers {
            let wanted = self.holds(ticker)
                && self.loads.with_untracked(|l| {
                    !matches!(l.get(ticker), Some(Load::Fetching | Load::Delivered))
                });
            if wanted {
                self.fetch(ticker.to_owned());
            }
        }
    }

    /// Fetches every ticker whose load failed.
    pub fn retry_failed(&self) {
        let failed: Vec<String> = self.loads.with_untracked(|l| {
            l.iter()
                .filter(|(_, s)| matches!(s, Load::Failed(_)))
                .map(|(t, _)| t.clone())
                .collect()
        });
        failed.into_iter().for_each(|t| self.fetch(t));
    }

    /// The study worker read `ticker`'s file.
    pub fn read(&self, ticker: String) {
        self.loads.update(|l| {
            l.insert(ticker, Load::Delivered);
        });
    }

    /// The study worker could not read `ticker`'s file.
    pub fn refused(&self, ticker: String, message: String) {
        self.loads.update(|l| {
            l.insert(ticker, Load::Failed(message));
        });
    }

    fn fetch(&self, ticker: String) {
        let Some((position, file)) = self.manifest.with_value(|m| {
            m.tickers
                .iter()
                .position(|e| e.ticker == ticker)
                .map(|k| (k, m.tickers[k].file.clone()))
        }) else {
            return;
        };
        self.loads.update(|l| {
            l.insert(ticker.clone(), Load::Fetching);
        });
        let this = *self;
        spawn_local(async move {
            let delivered = fetch_buffer(&file).await.and_then(|buffer| {
                // One copy for the study worker; the original moves to the other.
                let copy = buffer.slice(0);
                let request = Request::Bundle {
                    ticker: ticker.clone(),
                    position,
                };
                this.workers.with_value(|w| {
                    let w = w.as_ref().ok_or("the page's workers did not start")?;
                    w.post(Role::Study, &request, Some(copy))?;
                    w.post(Role::Cross, &request, Some(buffer))
                })
            });
            // Sent: the study worker's word (read or refused) settles it.
            if let Err(e) = delivered {
                this.loads.update(|l| {
                    l.insert(ticker, Load::Failed(e));
                });
            }
        });
    }
}
