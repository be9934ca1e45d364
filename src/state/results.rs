//! What the engine computes for the view on the loaded pair: the study, the threshold sweep
//! and the article's replication. Each keeps its error, and [`Results::problem`] shows the
//! first one once.

use equalizer_engine::article::{self, Replication};
use equalizer_engine::study::{Event, SweepCell};
use equalizer_engine::{PreparedPair, Study};
use leptos::prelude::*;

use crate::settings::{Notice, StudyInputs, ViewState};
use crate::shared::Shared;
use crate::timing;

use super::pair::PairHandle;

/// A computation's outcome: `None` until the pair is loaded, then its value or the sentence
/// that says why it failed.
pub type Outcome<T> = Memo<Option<Result<Shared<T>, String>>>;

/// The engine's results for the view.
#[derive(Clone, Copy)]
pub struct Results {
    /// The engine's inputs for the view on the pair's dates.
    pub inputs: Memo<Option<Result<StudyInputs, String>>>,
    /// The study.
    pub study: Memo<Option<Shared<Study>>>,
    /// The threshold sweep (it does not depend on the threshold).
    pub sweep: Memo<Option<Shared<Vec<SweepCell>>>>,
    /// The article's replication, in the article view on IWM/QQQ.
    pub replication: Memo<Option<Shared<Vec<Replication>>>>,
    /// The events held out of the study (on or after `oos`, or the article's day in the
    /// article view), with their forward returns.
    pub held_out: Memo<Option<Shared<Vec<Event>>>>,
    /// Notices about settings the pair's data cannot use (a date beyond it).
    pub data_notices: Memo<Vec<Notice>>,
    /// The first error: the pair's, the study's, the sweep's or the replication's.
    pub problem: Memo<Option<String>>,
}

/// The error of a computation that ran and failed.
fn error_of<T>(r: &Option<Result<T, String>>) -> Option<String> {
    r.as_ref()?.as_ref().err().cloned()
}

/// The engine's inputs for `v` on the pair's common dates.
fn inputs_for(v: &ViewState, p: &PreparedPair) -> Result<StudyInputs, String> {
    let dates = p.pair().dates();
    match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => v.study_inputs(*first, *last).map_err(|e| e.to_string()),
        _ => Err("the two legs have no common dates".to_owned()),
    }
}

/// The results for `view` on `pair`, each recomputed only when what it depends on changes.
pub fn use_results(view: RwSignal<ViewState>, pair: PairHandle) -> Results {
    let ready = pair.ready;
    let inputs = Memo::new(move |_| {
        let p = ready.get()?;
        Some(view.with(|v| inputs_for(v, &p)))
    });
    // The study depends on the rule and the options only: the follow simulation's settings
    // (also in the inputs) and display settings do not recompute it.
    let study_key = Memo::new(move |_| inputs.get().map(|i| i.map(|i| (i.rule, i.options))));
    let study_outcome: Outcome<Study> = Memo::new(move |_| {
        let p = ready.get()?;
        Some(study_key.get()?.and_then(|(rule, options)| {
            timing::timed("equalizer:compute", || p.study(&rule, &options))
                .map(Shared::new)
                .map_err(|e| e.to_string())
        }))
    });
    // The sweep ignores the threshold and the split year (and the follow and display
    // settings): keyed on the rule and options of the sweep's view, so moving the threshold
    // does not recompute it.
    let sweep_key = Memo::new(move |_| {
        let p = ready.get()?;
        Some(
            view.with(|v| inputs_for(&v.sweep_view(), &p))
                .map(|i| (i.rule, i.options)),
        )
    });
    let sweep_outcome: Outcome<Vec<SweepCell>> = Memo::new(move |_| {
        let p = ready.get()?;
        Some(sweep_key.get()?.and_then(|(rule, options)| {
            p.sweep(&rule, &options)
                .map(Shared::new)
                .map_err(|e| e.to_string())
        }))
    });
    // Keyed on whether the panel shows, so other changes do not re-run the replication.
    let shows_article = Memo::new(move |_| view.with(ViewState::shows_article));
    let replication_outcome: Outcome<Vec<Replication>> = Memo::new(move |_| {
        if !shows_article.get() {
            return None;
        }
        Some(
            article::replicate(&*ready.get()?)
                .map(Shared::new)
                .map_err(|e| e.to_string()),
        )
    });
    let problem = Memo::new(move |_| {
        if let Some(Err(e)) = pair.prepared.get() {
            return Some(e);
        }
        study_outcome
            .with(error_of)
            .or_else(|| sweep_outcome.with(error_of))
            .or_else(|| replication_outcome.with(error_of))
    });
    let held_out = Memo::new(move |_| {
        let p = ready.get()?;
        let inputs = inputs.get()?.ok()?;
        let held = inputs.held_out?;
        Some(Shared::new(p.held_out(
            &held.rule,
            held.from,
            &inputs.options,
        )))
    });
    Results {
        inputs,
        held_out,
        // The errors are shown once, by the banner (`problem`); these are the values.
        study: Memo::new(move |_| study_outcome.get()?.ok()),
        sweep: Memo::new(move |_| sweep_outcome.get()?.ok()),
        replication: Memo::new(move |_| replication_outcome.get()?.ok()),
        data_notices: Memo::new(move |_| match inputs.get() {
            Some(Ok(i)) => i.notices,
            _ => Vec::new(),
        }),
        problem,
    }
}
