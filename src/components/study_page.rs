//! The study page: layout only. State lives in [`crate::state`]'s hooks, chart models are
//! pure functions in [`crate::charts::models`].

use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use equalizer_engine::{Date, ThresholdUnit};
use leptos::prelude::*;

use crate::charts::models::ChartKind;
use crate::charts::{forward, models, path, spread};
use crate::components::article_panel::ArticlePanel;
use crate::components::chart_canvas::{ChartCanvas, Pick};
use crate::components::controls::Controls;
use crate::components::copy_link::CopyLink;
use crate::components::cross_section::CrossSectionPanel;
use crate::components::data_line::DataLine;
use crate::components::data_panel::DataPanel;
use crate::components::downloads::Downloads;
use crate::components::error_banner::ErrorBanner;
use crate::components::events_table::EventsTable;
use crate::components::follow_panel::FollowPanel;
use crate::components::headline::{Headline, Picked};
use crate::components::held_out::{Cut, HeldOut};
use crate::components::lag_decay::LagDecayTable;
use crate::components::notices::Notices;
use crate::components::subperiods_table::SubperiodsTable;
use crate::components::summary_table::SummaryTable;
use crate::components::sweep_heatmap::SweepHeatmap;
use crate::components::upload::Upload;
use crate::components::verdict::Verdict;
use crate::data::LoadedFile;
use crate::settings::{ViewState, is_file_leg};
use crate::state::{Results, SeriesStore, use_advice, use_pair, use_results, use_view};
use crate::timing;
use crate::verdict;

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
    let store = SeriesStore::new(Arc::clone(&manifest));
    let pair = use_pair(store.clone(), legs, files);
    let Results {
        inputs,
        study,
        sweep,
        replication,
        held_out,
        data_notices,
        problem,
    } = use_results(view_state, pair);
    let advice = use_advice(store, files, pair, inputs);
    let horizon_unit = Memo::new(move |_| view_state.with(|v| v.horizon_unit));

    // The event picked on the spread chart; its row is highlighted in the events table.
    let selected = RwSignal::new(None::<Date>);
    // The headline's event: the one picked on the chart, else the latest; and how rare it is.
    let headline_event = Memo::new(move |_| {
        let s = study.get()?;
        let picked = selected
            .get()
            .and_then(|d| s.events.iter().find(|e| e.date == d).cloned())
            .map(|e| (e, Picked::OnChart));
        picked.or_else(|| s.events.last().cloned().map(|e| (e, Picked::Latest)))
    });
    let rank = Memo::new(move |_| {
        let (e, _) = headline_event.get()?;
        let rule = inputs.get()?.ok()?.rule;
        pair.ready.get()?.rank(&rule, e.index)
    });
    // A leg whose data ends before the rest of the bundle's ends the pair there: say so.
    let data_end = {
        let manifest = Arc::clone(&manifest);
        Signal::derive(move || {
            let s = study.get()?;
            let latest = manifest.tickers.iter().map(|t| t.last).max()?;
            (s.last_common_date < latest).then(|| {
                format!(
                    "This pair's data ends on {}: {} ends there, while the other tickers run to {latest}. \
                     Events after that cannot be seen.",
                    s.last_common_date,
                    [&s.long, &s.short]
                        .into_iter()
                        .filter(|leg| manifest.tickers.iter().find(|t| &t.ticker == *leg).is_none_or(|t| t.last < latest))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            })
        })
    };
    // Before a study: loading, or (when something failed) a pointer to the message saying what.
    let waiting = Signal::derive(move || {
        let (l, s) = legs.get();
        match problem.get() {
            Some(_) => format!("No study of {l} and {s}: the message below says why."),
            None => format!("Loading {l} and {s}…"),
        }
    });
    // An explicit `oos` wins over the article's own cut (as `study_inputs` decides).
    let cut = Signal::derive(move || {
        view_state.with(|v| match (v.oos, v.shows_article()) {
            (None, true) => Cut::Article,
            _ => Cut::Oos,
        })
    });
    let largest = Signal::derive(move || {
        let s = study.get()?;
        let rule = inputs.get()?.ok()?.rule;
        (s.event_count == 0).then(|| {
            let extreme = pair
                .ready
                .get()
                .and_then(|p| verdict::most_extreme(&p, &rule));
            verdict::largest_words(&s, extreme)
        })
    });
    let spread_model = Memo::new(move |_| {
        let rule = inputs.get()?.ok()?.rule;
        Some(models::spread_model(
            pair.ready.get()?,
            &*study.get()?,
            &rule,
            held_out.get().as_deref().map_or(&[], |h| h.as_slice()),
            selected.get(),
        ))
    });
    let caption = move |chart: ChartKind| {
        Signal::derive(move || study.get().map(|s| models::caption(&s, chart)))
    };
    let forward_model = Memo::new(move |_| study.get().map(|s| models::forward_model(&s)));
    // Engine work too: measured under the same name as the study.
    let path_model = Memo::new(move |_| {
        let (s, p) = (study.get()?, pair.ready.get()?);
        Some(timing::timed("equalizer:compute", || {
            models::path_model(&p, &s)
        }))
    });
    let names = move || legs.get();

    view! {
        <Verdict study=study data_end=data_end waiting=waiting largest=largest />
        <Controls handle=handle tickers=all_tickers />
        <Notices notices=handle.notices data_notices=data_notices />
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
        {move || problem.get().map(|m| view! { <ErrorBanner message=m /> })}
        <Headline study=study event=headline_event rank=rank />
        <HeldOut study=study held_out=held_out cut=cut />
        <ArticlePanel rows=replication />
        <section class="charts" id="results" tabindex="-1">
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
                <ChartCanvas model=spread_model caption=caption(ChartKind::Spread) draw=spread::draw describe=spread::describe hover=spread::hover stops=spread::stops publish=spread::published
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
                    <ChartCanvas model=forward_model caption=caption(ChartKind::Forward) draw=forward::draw describe=forward::describe hover=forward::hover stops=forward::stops testid="forward-chart"
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
                    <ChartCanvas model=path_model caption=caption(ChartKind::Path) draw=path::draw describe=path::describe hover=path::hover stops=path::stops testid="path-chart"
                        label="Mean cumulative return of long, short and pair from the event day to 252 trading days" />
                </figure>
            </div>
        </section>
        <SummaryTable study=study />
        <LagDecayTable study=study />
        <SweepHeatmap sweep=sweep handle=handle horizon_unit=horizon_unit />
        <CrossSectionPanel advice=advice handle=handle study=study />
        <FollowPanel advice=advice handle=handle study=study tickers=all_tickers />
        <SubperiodsTable study=study />
        <EventsTable study=study selected=selected />
        <Downloads study=study />
        <Upload files=files handle=handle />
        <DataLine manifest=Arc::clone(&manifest) legs=legs files=files />
        <DataPanel manifest=manifest files=files />
    }
}
