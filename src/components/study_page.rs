//! The study page: state, derived results and layout.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use equalizer_engine::article;
use equalizer_engine::bundle::Manifest;
use equalizer_engine::forward::{average_path, path_band};
use equalizer_engine::{AlignedPair, Date, PreparedPair, Series, ThresholdUnit};
use leptos::prelude::*;

use crate::charts::forward::{ForwardGroup, ForwardModel};
use crate::charts::path::PathModel;
use crate::charts::spread::SpreadModel;
use crate::charts::{forward, path, spread};
use crate::components::article_panel::ArticlePanel;
use crate::components::chart_canvas::ChartCanvas;
use crate::components::chart_canvas::Pick;
use crate::components::controls::Controls;
use crate::components::copy_link::CopyLink;
use crate::components::data_line::DataLine;
use crate::components::data_panel::DataPanel;
use crate::components::downloads::Downloads;
use crate::components::error_banner::ErrorBanner;
use crate::components::events_table::EventsTable;
use crate::components::headline::Headline;
use crate::components::notices::Notices;
use crate::components::subperiods_table::SubperiodsTable;
use crate::components::summary_table::SummaryTable;
use crate::components::sweep_heatmap::SweepHeatmap;
use crate::components::upload::{LoadedFile, Upload};
use crate::data::fetch_series;
use crate::settings::{Notice, ViewState, is_file_leg};
use crate::shared::Shared;
use crate::state::use_view;
use crate::timing;

/// Days shown on the average path chart.
const PATH_DAYS: usize = 252;
/// Bootstrap samples for the path band (each costs a pass over 253 days × events).
const PATH_BAND_DRAWS: usize = 500;

type SeriesCache = Rc<RefCell<HashMap<String, Arc<Series>>>>;

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

/// An engine error as the sentence the banner shows.
fn sentence(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The error of a computation that ran and failed.
fn error_of<T>(r: &Option<Result<T, String>>) -> Option<String> {
    r.as_ref()?.as_ref().err().cloned()
}

/// The whole study view for a loaded manifest.
#[component]
pub fn StudyPage(
    /// The bundle's manifest.
    manifest: Arc<Manifest>,
) -> impl IntoView {
    let tickers: Vec<String> = manifest.tickers.iter().map(|t| t.ticker.clone()).collect();
    let handle = use_view(tickers.clone());
    let view_state = handle.view;
    let legs = Memo::new(move |_| view_state.with(ViewState::legs));
    // Files the reader loaded; each is a leg named `file:NAME`.
    let files = RwSignal::new(Vec::<LoadedFile>::new());
    let all_tickers = {
        let tickers = tickers.clone();
        Signal::derive(move || {
            let mut all = tickers.clone();
            files.with(|f| all.extend(f.iter().map(|f| f.leg.clone())));
            // A link's file leg that is not loaded yet still shows in its menu (not as a blank).
            legs.with(|(l, s)| {
                for leg in [l, s] {
                    if is_file_leg(leg) && !all.contains(leg) {
                        all.push(leg.clone());
                    }
                }
            });
            all
        })
    };
    // The loaded series behind the current legs, if any: the pair reloads when they change.
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
    let fetch_manifest = Arc::clone(&manifest);
    let pair = LocalResource::new(move || {
        let (long, short) = legs.get();
        let (long_file, short_file) = leg_files.get();
        let (cache, m) = (Rc::clone(&cache), Arc::clone(&fetch_manifest));
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
            let aligned = AlignedPair::new(&*l?, &*s?).map_err(sentence)?;
            Ok::<_, String>(Shared::new(PreparedPair::new(aligned)))
        }
    });
    let prepared = Memo::new(move |_| pair.get());
    let ready = Memo::new(move |_| prepared.get().and_then(Result::ok));
    // The engine's inputs for the view on this pair's dates (a bound beyond them is dropped,
    // with a notice).
    let inputs_for = move |v: &ViewState, p: &PreparedPair| {
        let dates = p.pair().dates();
        match (dates.first(), dates.last()) {
            (Some(first), Some(last)) => v.study_inputs(*first, *last).map_err(sentence),
            _ => Err("the two legs have no common dates".to_owned()),
        }
    };
    let inputs = Memo::new(move |_| {
        let p = ready.get()?;
        Some(view_state.with(|v| inputs_for(v, &p)))
    });
    let result = Memo::new(move |_| {
        let p = ready.get()?;
        Some(inputs.get()?.and_then(|i| {
            timing::timed("equalizer:compute", || p.study(&i.rule, &i.options))
                .map(Shared::new)
                .map_err(sentence)
        }))
    });
    // The error, if any, is shown once, by the banner (`problem`).
    let study = Memo::new(move |_| result.get()?.ok());
    let data_notices = Memo::new(move |_| match inputs.get() {
        Some(Ok(i)) => i.notices,
        _ => Vec::<Notice>::new(),
    });
    // The sweep ignores the threshold (and the split year and the article panel): key it on
    // the rest, so moving the threshold does not recompute it.
    let sweep_view = Memo::new(move |_| view_state.with(ViewState::sweep_view));
    let sweep_result = Memo::new(move |_| {
        let p = ready.get()?;
        Some(sweep_view.with(|v| inputs_for(v, &p)).and_then(|i| {
            p.sweep(&i.rule, &i.options)
                .map(Shared::new)
                .map_err(sentence)
        }))
    });
    let sweep = Memo::new(move |_| sweep_result.get()?.ok());
    let horizon_unit = Memo::new(move |_| view_state.with(|v| v.horizon_unit));
    // Keyed on whether the panel shows, so other changes do not re-run the replication.
    let shows_article = Memo::new(move |_| view_state.with(ViewState::shows_article));
    let replication_result = Memo::new(move |_| {
        if !shows_article.get() {
            return None;
        }
        Some(
            article::replicate(&*ready.get()?)
                .map(Shared::new)
                .map_err(sentence),
        )
    });
    let replication = Memo::new(move |_| replication_result.get()?.ok());
    // Each computation's error, shown once by the banner.
    let problem = Memo::new(move |_| {
        if let Some(Err(e)) = prepared.get() {
            return Some(e);
        }
        result
            .with(error_of)
            .or_else(|| sweep_result.with(error_of))
            .or_else(|| replication_result.with(error_of))
    });

    // The event picked on the spread chart; its row is highlighted in the events table.
    let selected = RwSignal::new(None::<Date>);
    let spread_model = Memo::new(move |_| {
        let s = study.get()?;
        let rule = inputs.get()?.ok()?.rule;
        Some(SpreadModel {
            prepared: ready.get()?,
            unit: rule.unit(),
            events: s.events.iter().map(|e| e.index).collect(),
            threshold: rule.threshold(),
            direction: s.direction,
            selected: selected
                .get()
                .and_then(|d| s.events.iter().find(|e| e.date == d))
                .map(|e| e.index),
        })
    });
    let forward_model = Memo::new(move |_| {
        study.get().map(|s| ForwardModel {
            names: [s.long.clone(), s.short.clone(), "pair".to_owned()],
            groups: s
                .summary
                .iter()
                .map(|r| ForwardGroup {
                    label: s.horizon_unit.label(r.horizon),
                    event: [r.long.mean, r.short.mean, r.pair.mean],
                    baseline: [
                        r.long.baseline_mean,
                        r.short.baseline_mean,
                        r.pair.baseline_mean,
                    ],
                })
                .collect(),
        })
    });
    let path_model = Memo::new(move |_| {
        let s = study.get()?;
        let p = ready.get()?;
        let events: Vec<usize> = s.events.iter().map(|e| e.index).collect();
        // Engine work too: measured under the same name as the study.
        Some(timing::timed("equalizer:compute", || PathModel {
            points: average_path(p.pair(), &events, PATH_DAYS),
            band: path_band(p.pair(), &events, PATH_DAYS, PATH_BAND_DRAWS, s.seed),
            max_day: PATH_DAYS,
            names: [s.long.clone(), s.short.clone(), "pair".to_owned()],
        }))
    });
    let names = move || legs.get();

    view! {
        <Notices notices=handle.notices data_notices=data_notices />
        <Controls handle=handle tickers=all_tickers />
        <div class="share">
            <CopyLink view_state=view_state />
            {move || {
                let used: Vec<String> = legs.with(|(l, s)| [l, s].into_iter().filter(|t| is_file_leg(t)).cloned().collect());
                (!used.is_empty()).then(|| view! {
                    <p class="file-note" data-testid="file-link-note">
                        {format!("This link refers to your own file ({}): whoever opens it must load the same file.", used.join(", "))}
                    </p>
                })
            }}
        </div>
        <Upload files=files handle=handle />
        {move || problem.get().map(|m| view! { <ErrorBanner message=m /> })}
        <Show when=move || study.with(Option::is_none) && problem.with(Option::is_none)>
            <p class="loading" data-testid="loading">{move || { let (l, s) = names(); format!("Loading {l} and {s}…") }}</p>
        </Show>
        <Headline study=study />
        <ArticlePanel rows=replication />
        <section class="charts">
            <figure>
                <figcaption>
                    {move || {
                        let (l, s) = names();
                        match view_state.with(|v| v.units) {
                            ThresholdUnit::Pct => format!("Daily spread: {l} return − {s} return"),
                            ThresholdUnit::Z => format!("Daily spread of {l} − {s} in σ (over its past year's standard deviation)"),
                        }
                    }}
                    <span class="legend"><i class="sw trace"></i>"spread"<i class="sw event"></i>"threshold and events"</span>
                </figcaption>
                <ChartCanvas model=spread_model draw=spread::draw hover=spread::hover publish=spread::published
                    pick=Pick { at: spread::pick, selected } testid="spread-chart"
                    label="Daily return spread over time with the threshold and every event marked" />
            </figure>
            <div class="two">
                <figure>
                    <figcaption>
                        "Mean forward return after events (solid) vs. every day (light)"
                        <span class="legend">
                            <i class="sw long"></i>{move || names().0}
                            <i class="sw short"></i>{move || names().1}
                            <i class="sw pair"></i>"pair"
                        </span>
                    </figcaption>
                    <ChartCanvas model=forward_model draw=forward::draw hover=forward::hover testid="forward-chart"
                        label="Mean forward returns per horizon for long, short and pair beside the baseline" />
                </figure>
                <figure>
                    <figcaption>
                        "Average path after an event (cumulative, trading days)"
                        <span class="legend">
                            <i class="sw long"></i>{move || names().0}
                            <i class="sw short"></i>{move || names().1}
                            <i class="sw pair"></i>"pair"
                            <i class="sw band"></i>"95 % band (pair)"
                        </span>
                    </figcaption>
                    <ChartCanvas model=path_model draw=path::draw hover=path::hover testid="path-chart"
                        label="Mean cumulative return of long, short and pair from the event day to 252 trading days" />
                </figure>
            </div>
        </section>
        <SummaryTable study=study />
        <SweepHeatmap sweep=sweep handle=handle horizon_unit=horizon_unit />
        <SubperiodsTable study=study />
        <EventsTable study=study selected=selected />
        <Downloads study=study />
        <DataLine manifest=Arc::clone(&manifest) legs=legs files=files />
        <DataPanel manifest=manifest files=files />
    }
}
