//! What the page shows for the view, computed by the workers: each view change posts one
//! request to both workers, and their replies fill the parts below as they arrive.
//!
//! Every part remembers which request it answers, so the page knows when something on screen
//! is out of date ([`Results::busy`]): a leg's data still loading, or a part not yet answered
//! for the newest request. Errors are kept once, in [`Results::problem`] (the study's) and in
//! the advice panels' own parts.

use std::sync::Arc;

use equalizer_engine::Date;
use equalizer_engine::article::Replication;
use equalizer_engine::bundle::Manifest;
use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::{DayRank, SweepCell};
use leptos::prelude::*;

use crate::settings::{Key, ViewState, is_file_leg};
use crate::shared::Shared;
use crate::worker::computer::Role;
use crate::worker::protocol::{
    FileSummary, FollowView, Fresh, PairSeries, Part, Reply, Request, StudyView, ViewRequest,
};

use super::bundle::Bundle;
use super::view::ViewHandle;
use super::workers::Workers;

/// One part's latest value (kept until a new one arrives) and the request it answers.
struct PartState<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    id: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for PartState<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for PartState<T> {}

impl<T: Send + Sync + 'static> PartState<T> {
    fn new() -> Self {
        PartState {
            value: RwSignal::new(None),
            id: RwSignal::new(0),
        }
    }

    /// Takes a reply for request `id`: a new value replaces the old one; "same" keeps it.
    fn apply<U>(&self, id: u64, fresh: Fresh<U>, into: impl FnOnce(U) -> T) {
        if let Fresh::New(v) = fresh {
            self.value.set(Some(into(v)));
        }
        self.id.set(id);
    }
}

/// The newest view request the page sent.
#[derive(Debug, Clone, PartialEq)]
struct Posted {
    /// Its number.
    id: u64,
    /// Its view.
    view: ViewState,
    /// The view's query string as the address bar shows it.
    address: String,
}

/// What a loaded file became: read (and now a leg), or refused with a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum FileLoad {
    /// The workers are reading it.
    Reading(String),
    /// Read; what it holds.
    Read(FileSummary),
    /// Refused; why.
    Refused(String),
}

/// The page's parts, as the workers answer them.
#[derive(Clone, Copy)]
pub struct Results {
    /// The newest request.
    posted: RwSignal<Option<Posted>>,
    pair: PartState<Shared<PairSeries>>,
    study_part: PartState<Result<Shared<StudyView>, String>>,
    rank_part: PartState<Option<DayRank>>,
    sweep_part: PartState<Result<Shared<Vec<SweepCell>>, String>>,
    replication_part: PartState<Option<Result<Shared<Vec<Replication>>, String>>>,
    follow_part: PartState<Result<Shared<FollowView>, String>>,
    cross_part: PartState<Result<Shared<CrossSection>, String>>,
    /// A worker that could not run or be understood.
    broken: RwSignal<Option<String>>,
    /// Why the view's legs cannot be had (a failed load, a file not loaded), if so.
    legs_problem: Memo<Option<String>>,
    /// The bundle's tickers and their loads.
    pub bundle: Bundle,
    /// Files the reader loaded, as the workers read them.
    pub files: RwSignal<Vec<FileSummary>>,
    /// The reader's loads, newest batch, each with what became of it.
    pub file_loads: RwSignal<Vec<FileLoad>>,
    workers: StoredValue<Option<Workers>, LocalStorage>,
    /// Loaded files' texts until the study worker has read them (then the cross-section worker
    /// gets them too), and whether the first good one becomes the long leg.
    file_texts: StoredValue<Vec<(String, String, String)>, LocalStorage>,
    becomes_long: StoredValue<Option<usize>>,
    handle: ViewHandle,
}

impl Results {
    /// The study and what is drawn beside it, while the view can be studied.
    pub fn study_view(&self) -> Option<Shared<StudyView>> {
        if self.legs_problem.get().is_some() {
            return None;
        }
        self.study_part.value.get()?.ok()
    }

    /// The pair's daily series.
    pub fn pair(&self) -> Option<Shared<PairSeries>> {
        self.pair.value.get()
    }

    /// The headline event's rank.
    pub fn rank(&self) -> Option<DayRank> {
        self.rank_part.value.get().flatten()
    }

    /// The threshold sweep.
    pub fn sweep(&self) -> Option<Shared<Vec<SweepCell>>> {
        self.sweep_part.value.get()?.ok()
    }

    /// The article's replication, in the article view.
    pub fn replication(&self) -> Option<Shared<Vec<Replication>>> {
        self.replication_part.value.get().flatten()?.ok()
    }

    /// The simulation, or why there is none; `None` while loading.
    pub fn follow(&self) -> Option<Result<Shared<FollowView>, String>> {
        self.usable()
            .then(|| self.follow_part.value.get())
            .flatten()
    }

    /// The cross-section, or why there is none; `None` while loading.
    pub fn cross(&self) -> Option<Result<Shared<CrossSection>, String>> {
        self.usable().then(|| self.cross_part.value.get()).flatten()
    }

    /// Whether the cross-section shown is the current view's.
    pub fn cross_current(&self) -> bool {
        self.current(self.cross_part.id)
    }

    /// Whether the simulation shown is the current view's.
    pub fn follow_current(&self) -> bool {
        self.current(self.follow_part.id)
    }

    fn current(&self, id: RwSignal<u64>) -> bool {
        self.posted
            .with(|p| p.as_ref().is_some_and(|p| p.id == id.get()))
            && !self.behind()
    }

    /// Whether the view on screen is newer than the last request (its legs still loading).
    fn behind(&self) -> bool {
        let view = self.handle.view;
        self.posted.with(|p| match p {
            Some(posted) => view.with(|v| *v != posted.view),
            None => true,
        })
    }

    /// Whether the view's settings can be studied at all (else [`Results::problem`] says why
    /// and no panel shows results of earlier settings).
    pub fn usable(&self) -> bool {
        self.legs_problem.get().is_none() && !matches!(self.study_part.value.get(), Some(Err(_)))
    }

    /// The first reason nothing (or a part) can be shown: a worker that broke, a leg that
    /// cannot be had, a view that cannot be studied, or a sweep or replication that failed.
    pub fn problem(&self) -> Option<String> {
        self.broken
            .get()
            .or_else(|| self.legs_problem.get())
            .or_else(|| self.study_part.value.get()?.err())
            // The sweep and the replication fail alone only if something is wrong inside the
            // page; said here once, their panels then show nothing.
            .or_else(|| self.sweep_part.value.get()?.err())
            .or_else(|| self.replication_part.value.get().flatten()?.err())
    }

    /// Why the other tickers (the cross-section's and the simulation's) are not all loaded.
    pub fn universe_problem(&self) -> Option<String> {
        let tickers = self.bundle.tickers();
        self.bundle.failure(tickers.iter().map(String::as_str))
    }

    /// Whether anything on screen is out of date: a leg's data pending, or a part not yet
    /// answered for the newest request.
    pub fn busy(&self) -> bool {
        let Some(cur) = self.posted.with(|p| p.as_ref().map(|p| p.id)) else {
            return self.problem().is_none();
        };
        if self.broken.with(Option::is_some) || self.legs_problem.with(Option::is_some) {
            return false;
        }
        if self.behind() || self.study_part.id.get() != cur {
            return true;
        }
        if matches!(self.study_part.value.get(), Some(Err(_))) {
            return false;
        }
        // The cross-section and the simulation need the other tickers: one that would not load
        // is their panels' message (and is tried again), not something still to come.
        let waiting = if self.universe_problem().is_some() {
            &[
                self.rank_part.id,
                self.sweep_part.id,
                self.replication_part.id,
            ][..]
        } else {
            &[
                self.rank_part.id,
                self.sweep_part.id,
                self.replication_part.id,
                self.follow_part.id,
                self.cross_part.id,
            ][..]
        };
        waiting.iter().any(|id| id.get() != cur)
    }

    /// What the page is waiting for, while anything shown is out of date: a leg's data
    /// ("Loading XLE…"), the other tickers', or a computation ("Computing…").
    pub fn status(&self) -> Option<String> {
        if !self.busy() || self.problem().is_some() {
            return None;
        }
        let (long, short) = self.handle.view.with(ViewState::legs);
        let pending: Vec<String> = [long, short]
            .into_iter()
            .filter(|leg| {
                self.bundle.holds(leg)
                    && self.bundle.load(leg) != Some(super::bundle::Load::Delivered)
            })
            .collect();
        Some(match pending.as_slice() {
            [] if !self.bundle.complete() => "Loading every ETF's prices…".to_owned(),
            [] => "Computing…".to_owned(),
            legs => format!("Loading {}…", legs.join(" and ")),
        })
    }

    /// The query string (as the address bar shows it) of the view everything on screen
    /// belongs to, when it does.
    pub fn view_query(&self) -> Option<String> {
        if self.busy() {
            return None;
        }
        self.posted.with(|p| p.as_ref().map(|p| p.address.clone()))
    }

    /// Reads the reader's files (`(file name, leg, text)`) in the workers; the first one read
    /// becomes the long leg unless the view uses it already.
    pub fn load_files(&self, files: Vec<(String, String, String)>, refused: Vec<String>) {
        let partner = self.handle.view.with_untracked(|v| v.short.clone());
        let mut loads: Vec<FileLoad> = refused.into_iter().map(FileLoad::Refused).collect();
        self.becomes_long.set_value(Some(loads.len()));
        for (file_name, leg, text) in files {
            loads.push(FileLoad::Reading(file_name.clone()));
            let request = Request::File {
                leg: leg.clone(),
                file_name: file_name.clone(),
                text: text.clone(),
                partner: partner.clone(),
            };
            let sent = self
                .workers
                .with_value(|w| w.as_ref().map(|w| w.post(Role::Study, &request, None)));
            match sent {
                Some(Ok(())) => self
                    .file_texts
                    .update_value(|t| t.push((file_name, leg, text))),
                Some(Err(e)) => {
                    if let Some(last) = loads.last_mut() {
                        *last = FileLoad::Refused(format!("{file_name}: {e}"));
                    }
                }
                None => {}
            }
        }
        self.file_loads.set(loads);
    }

    /// The study worker read a file: it becomes a leg, the cross-section worker gets it too,
    /// and the first one read becomes the long leg unless the view uses it already.
    fn file_read(&self, summary: FileSummary) {
        let text = self.file_texts.try_update_value(|t| {
            let k = t
                .iter()
                .position(|(name, _, _)| *name == summary.file_name)?;
            Some(t.remove(k))
        });
        if let Some(Some((file_name, leg, text))) = text {
            let request = Request::File {
                leg,
                file_name,
                text,
                // The study worker has checked the pair already.
                partner: String::new(),
            };
            self.post(Role::Cross, &request);
        }
        let leg = summary.leg.clone();
        self.files.update(|all| {
            all.retain(|f| f.leg != summary.leg);
            all.push(summary.clone());
        });
        let file_name = summary.file_name.clone();
        self.set_load(&file_name, FileLoad::Read(summary));
        if self.becomes_long.get_value().is_some() {
            self.becomes_long.set_value(None);
            let in_use = self
                .handle
                .view
                .with_untracked(|v| v.long == leg || v.short == leg);
            if !in_use && let Err(e) = self.handle.edit(Key::Long, &leg) {
                self.file_loads.update(|l| {
                    l.push(FileLoad::Refused(format!(
                        "{leg} could not become the long leg: {e}."
                    )))
                });
            }
        }
    }

    fn file_refused(&self, file_name: String, message: String) {
        self.file_texts
            .update_value(|t| t.retain(|(name, _, _)| *name != file_name));
        self.set_load(&file_name, FileLoad::Refused(message));
    }

    fn set_load(&self, file_name: &str, load: FileLoad) {
        self.file_loads.update(|all| {
            if let Some(l) = all
                .iter_mut()
                .find(|l| matches!(l, FileLoad::Reading(n) if n == file_name))
            {
                *l = load;
            }
        });
    }

    fn post(&self, role: Role, request: &Request) {
        let sent = self
            .workers
            .with_value(|w| w.as_ref().map(|w| w.post(role, request, None)));
        if let Some(Err(e)) = sent {
            self.broken.set(Some(e));
        }
    }

    /// Takes one reply of the worker of `role`.
    fn receive(&self, role: Role, reply: Reply) {
        match reply {
            Reply::Ready => {
                let ready = self
                    .workers
                    .with_value(|w| w.as_ref().map(|w| w.ready(role)));
                if let Some(Err(e)) = ready {
                    self.broken.set(Some(e));
                }
            }
            Reply::Broken { message } => self.broken.set(Some(format!(
                "Something went wrong inside the page ({message}). Reloading the page may help."
            ))),
            Reply::BundleRead { ticker } => {
                if role == Role::Study {
                    self.bundle.read(ticker);
                }
            }
            Reply::BundleRefused { ticker, message } => {
                if role == Role::Study {
                    self.bundle.refused(ticker, message);
                }
            }
            Reply::FileRead(summary) => {
                if role == Role::Study {
                    self.file_read(summary);
                }
            }
            Reply::FileRefused { file_name, message } => {
                if role == Role::Study {
                    self.file_refused(file_name, message);
                }
            }
            Reply::Part { id, part } => self.apply(id, part),
        }
    }

    fn apply(&self, id: u64, part: Part) {
        match part {
            Part::Pair(p) => self.pair.value.set(Some(Shared(Arc::from(p)))),
            Part::Study(fresh) => self
                .study_part
                .apply(id, fresh, |r| r.map(|v| Shared(Arc::from(v)))),
            Part::Rank(fresh) => self.rank_part.apply(id, fresh, |r| r),
            Part::Sweep(fresh) => self.sweep_part.apply(id, fresh, |r| r.map(Shared::new)),
            Part::Replication(fresh) => self
                .replication_part
                .apply(id, fresh, |r| r.map(|r| r.map(Shared::new))),
            Part::Follow(fresh) => self
                .follow_part
                .apply(id, fresh, |r| r.map(|v| Shared(Arc::from(v)))),
            Part::Cross(fresh) => self
                .cross_part
                .apply(id, fresh, |r| r.map(|v| Shared(Arc::from(v)))),
        }
    }
}

/// The page's results: starts the workers, keeps the bundle loading, and posts a request for
/// every view (and every event picked on the chart).
pub fn use_results(
    manifest: Arc<Manifest>,
    handle: ViewHandle,
    selected: RwSignal<Option<Date>>,
) -> Results {
    let view = handle.view;
    let broken = RwSignal::new(None::<String>);
    let results_cell: StoredValue<Option<Results>, LocalStorage> = StoredValue::new_local(None);
    let workers = Workers::start(move |role, reply| {
        if let Some(r) = results_cell.get_value() {
            r.receive(role, reply);
        }
    });
    let (workers, failed) = match workers {
        Ok(w) => (Some(w), None),
        Err(e) => (None, Some(e)),
    };
    broken.set(failed.map(|e| format!("{e}. The page needs Web Workers and WebAssembly.")));
    let bundle = Bundle::new(manifest, workers.clone());
    let files = RwSignal::new(Vec::<FileSummary>::new());
    let legs = Memo::new(move |_| view.with(ViewState::legs));
    // Why the legs cannot be had; `None` while they load or once they are there.
    let legs_problem = Memo::new(move |_| {
        let (long, short) = legs.get();
        [long, short].into_iter().find_map(|leg| {
            if is_file_leg(&leg) {
                let loaded = files.with(|f| f.iter().any(|f| f.leg == leg));
                return (!loaded).then(|| {
                    format!(
                        "This view uses {leg}, a CSV file on the computer of whoever made the link; files are \
                         never uploaded. Load the same file with \"Use your own CSV\" below to see this view."
                    )
                });
            }
            if !bundle.holds(&leg) {
                return Some(format!("{leg} is not in the data bundle"));
            }
            bundle.failure([leg.as_str()])
        })
    });
    let legs_ready = Memo::new(move |_| {
        let (long, short) = legs.get();
        [long, short].iter().all(|leg| {
            files.with(|f| f.iter().any(|f| &f.leg == leg))
                || bundle.load(leg) == Some(super::bundle::Load::Delivered)
        })
    });
    let universe_ready = Memo::new(move |_| bundle.complete());
    let results = Results {
        posted: RwSignal::new(None),
        pair: PartState::new(),
        study_part: PartState::new(),
        rank_part: PartState::new(),
        sweep_part: PartState::new(),
        replication_part: PartState::new(),
        follow_part: PartState::new(),
        cross_part: PartState::new(),
        broken,
        legs_problem,
        bundle,
        files,
        file_loads: RwSignal::new(Vec::new()),
        workers: StoredValue::new_local(workers),
        file_texts: StoredValue::new_local(Vec::new()),
        becomes_long: StoredValue::new(None),
        handle,
    };
    results_cell.set_value(Some(results));

    // Once the first study is on screen, the rest of the bundle loads (the cross-section and
    // the simulation need it); each later change retries what failed.
    let first_answer = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || results.study_part.value.with(Option::is_some)
    });
    // A change of settings asks for the legs' data (again, after a failure), and once the first
    // study is on screen for everyone else's: a load that failed is tried again at the next
    // change, never in a loop of its own.
    Effect::new(move |_| {
        let (long, short) = legs.get();
        view.track();
        bundle.request([long.as_str(), short.as_str()]);
        if first_answer.get() {
            let all = bundle.tickers();
            bundle.request(all.iter().map(String::as_str));
        }
    });
    let next_id = StoredValue::new(0u64);
    Effect::new(move |_| {
        let v = view.get();
        let picked = selected.get();
        let universe = universe_ready.get();
        files.track();
        if !legs_ready.get() {
            return;
        }
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        let request = Request::View(ViewRequest {
            id,
            view: v.clone(),
            picked,
        });
        results.post(Role::Study, &request);
        // The cross-section needs every ticker: until they are in, its part waits.
        if universe {
            results.post(Role::Cross, &request);
        }
        results.posted.set(Some(Posted {
            id,
            view: v,
            address: handle.address.get_untracked(),
        }));
    });
    results
}
