//! The study page: layout only. State lives in [`crate::state`]'s hooks, chart models are
//! pure functions in [`crate::charts::models`].

use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use equalizer_engine::{Date, ThresholdUnit};
use leptos::prelude::*;

use crate::charts::{forward, models, path, spread};
use crate::components::article_panel::ArticlePanel;
use crate::components::chart_canvas::{ChartCanvas, Pick};
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
use crate::components::upload::Upload;
use crate::data::LoadedFile;
use crate::settings::{ViewState, is_file_leg};
use crate::state::{Results, use_pair, use_results, use_view};
use crate::timing;

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
    let pair = use_pair(Arc::clone(&manifest), legs, files);
    let Results {
        inputs,
        study,
        sweep,
        replication,
        data_notices,
        problem,
    } = use_results(view_state, pair);
    let horizon_unit = Memo::new(move |_| view_state.with(|v| v.horizon_unit));

    // The event picked on the spread chart; its row is highlighted in the events table.
    let selected = RwSignal::new(None::<Date>);
    let spread_model = Memo::new(move |_| {
        let rule = inputs.get()?.ok()?.rule;
        Some(models::spread_model(
            pair.ready.get()?,
            &*study.get()?,
            &rule,
            selected.get(),
        ))
    });
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
