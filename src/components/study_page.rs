//! The study page: layout only. State lives in [`crate::state`]'s hooks, chart models are
//! pure functions in [`crate::charts::models`].

use std::sync::Arc;

use equalizer_engine::article::Replication;
use equalizer_engine::bundle::Manifest;
use equalizer_engine::events::ends_within;
use equalizer_engine::study::{DayRank, Event};
use equalizer_engine::{Date, RangeError, Study, ThresholdUnit};
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
use crate::components::fold::Fold;
use crate::components::follow_panel::FollowPanel;
use crate::components::headline::{Headline, Picked};
use crate::components::held_out::{Cut, HeldOut};
use crate::components::lag_decay::LagDecayTable;
use crate::components::near::{Near, gated};
use crate::components::notices::Notices;
use crate::components::subperiods_table::SubperiodsTable;
use crate::components::summary_table::SummaryTable;
use crate::components::sweep_heatmap::SweepHeatmap;
use crate::components::upload::Upload;
use crate::components::verdict::Verdict;
use crate::settings::{NoticeLine, ViewState, is_file_leg};
use crate::shared::Shared;
use crate::state::{ViewHandle, use_results, use_view};
use crate::verdict;

/// The headline's event: the one picked on the chart, else the latest.
pub fn headline_event(study: &Study, picked: Option<Date>) -> Option<(Event, Picked)> {
    let picked = picked
        .and_then(|d| study.events.iter().find(|e| e.date == d).cloned())
        .map(|e| (e, Picked::OnChart));
    picked.or_else(|| study.events.last().cloned().map(|e| (e, Picked::Latest)))
}

/// A leg whose data ends before the rest of the bundle's ends the pair there: the sentence
/// that says so, if it does.
pub fn data_ends_early(manifest: &Manifest, s: &Study) -> Option<String> {
    let latest = manifest.tickers.iter().map(|t| t.last).max()?;
    (s.last_common_date < latest).then(|| {
        format!(
            "This pair's data ends on {}: {} ends there, while the other tickers run to {latest}. \
             Events after that cannot be seen.",
            s.last_common_date,
            [&s.long, &s.short]
                .into_iter()
                .filter(|leg| {
                    manifest
                        .tickers
                        .iter()
                        .find(|t| &t.ticker == *leg)
                        .is_none_or(|t| t.last < latest)
                })
                .cloned()
                .collect::<Vec<_>>()
                .join(" and ")
        )
    })
}

/// A From after the pair's data ends or a To before it starts, from the bundle's dates of the
/// two legs (a loaded file's range is the study's to judge).
pub fn range_outside(manifest: &Manifest, v: &ViewState) -> Option<RangeError> {
    let span = |leg: &str| {
        let t = manifest.tickers.iter().find(|t| t.ticker == leg)?;
        Some((t.first, t.last))
    };
    let ((f1, l1), (f2, l2)) = (span(&v.long)?, span(&v.short)?);
    ends_within(v.from, v.to, f1.max(f2), l1.min(l2)).err()
}

/// The whole study view for a loaded manifest.
#[component]
pub fn StudyPage(
    /// The bundle's manifest.
    manifest: Arc<Manifest>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_charts_fold = RwSignal::new(false);
    let open_events_fold = RwSignal::new(false);
    let tickers: Vec<String> = manifest.tickers.iter().map(|t| t.ticker.clone()).collect();
    let handle = use_view(tickers.clone());
    let view_state = handle.view;
    let legs = Memo::new(move |_| view_state.with(ViewState::legs));
    // The event picked on the spread chart; its row is highlighted in the events table.
    let selected = RwSignal::new(None::<Date>);
    let results = use_results(Arc::clone(&manifest), handle, selected);
    let files = results.files;
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
    let study_view = Memo::new(move |_| results.study_view());
    let study = Memo::new(move |_| study_view.get().map(|v| Shared(Arc::new(v.study.clone()))));
    let held_out = Memo::new(move |_| {
        study_view
            .get()
            .and_then(|v| v.held_out.clone().map(Shared::new))
    });
    let data_notices = Memo::new(move |_| {
        study_view.with(|v| v.as_ref().map(|v| v.notices.clone()).unwrap_or_default())
    });
    let sweep = Memo::new(move |_| results.sweep());
    let replication = Memo::new(move |_| results.replication());
    let rank = Memo::new(move |_| results.rank());
    let problem = Memo::new(move |_| results.problem());
    let horizon_unit = Memo::new(move |_| view_state.with(|v| v.horizon_unit));

    let headline_event = Memo::new(move |_| headline_event(&*study.get()?, selected.get()));
    let data_end = {
        let manifest = Arc::clone(&manifest);
        Signal::derive(move || data_ends_early(&manifest, &*study.get()?))
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
        let v = study_view.get()?;
        (v.study.event_count == 0).then(|| verdict::largest_words(&v.study, v.most_extreme))
    });
    let spread_model = Memo::new(move |_| {
        let v = study_view.get()?;
        models::spread_model(results.pair()?, &v.marks, selected.get())
    });
    let caption = move |chart: ChartKind| {
        Signal::derive(move || study.get().map(|s| models::caption(&s, chart)))
    };
    let forward_model = Memo::new(move |_| study.get().map(|s| models::forward_model(&s)));
    let path_model = Memo::new(move |_| study_view.get().map(|v| models::path_model(&v)));
    // The names in the results' labels are the study's, never the controls' (which may be
    // ahead of the numbers while a new pair loads).
    let names = move || {
        study
            .with(|s| s.as_ref().map(|s| (s.long.clone(), s.short.clone())))
            .unwrap_or_else(|| legs.get())
    };
    let unit = Signal::derive(move || {
        study
            .with(|s| s.as_ref().map(|s| s.threshold_unit))
            .unwrap_or(ThresholdUnit::Pct)
    });
    let busy = Memo::new(move |_| results.busy());
    let status = Memo::new(move |_| results.status());
    // A view with only a message to show takes the first screen's place at once.
    Effect::new(move |_| {
        if problem.get().is_some() {
            crate::boot::reveal();
        }
    });
    let view_query = Memo::new(move |_| results.view_query());
    let range_problem = {
        let manifest = Arc::clone(&manifest);
        Signal::derive(move || range_outside(&manifest, &view_state.read()))
    };

    view! {
        <div class="results" data-testid="results" aria-busy=move || busy.get().to_string() data-view=move || view_query.get()>
        <p class="computing" role="status" data-testid="computing" class:shown=move || status.with(Option::is_some)>
            {move || status.get()}
        </p>
        <FirstScreen study=study data_end=data_end waiting=waiting largest=largest handle=handle tickers=all_tickers
            data_notices=data_notices problem=problem event=headline_event rank=rank held_out=held_out cut=cut
            replication=replication names=Signal::derive(names) unit=unit range_problem=range_problem>
            <ChartCanvas model=spread_model caption=caption(ChartKind::Spread) draw=spread::draw describe=spread::describe hover=spread::hover stops=spread::stops publish=spread::published
                pick=Pick { at: spread::pick, selected } testid="spread-chart" on_ready=crate::boot::reveal
                label="Daily return spread over time with the threshold and every event marked" />
        </FirstScreen>
        <Fold label="What followed on average: returns and path after the events (charts)" testid="charts-fold" open=open_charts_fold>
        <section class="charts">
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
        </Fold>
        // Below the first screen, each panel follows the results only while near the screen.
        <Near panel=move |near| view! { <SummaryTable study=gated(study, near) /> } />
        <Near panel=move |near| view! { <LagDecayTable study=gated(study, near) /> } />
        <Near panel=move |near| view! { <SweepHeatmap sweep=gated(sweep, near) handle=handle horizon_unit=horizon_unit /> } />
        <Near panel=move |near| view! { <CrossSectionPanel results=results handle=handle study=gated(study, near) near=near /> } />
        <Near panel=move |near| view! { <FollowPanel results=results handle=handle study=gated(study, near) tickers=all_tickers near=near /> } />
        <Near panel=move |near| view! { <SubperiodsTable study=gated(study, near) /> } />
        <Near panel=move |near| view! {
            <Fold label="Every event, day by day (table)" testid="events-fold" open=open_events_fold>
                <EventsTable study=gated(study, near) selected=selected />
            </Fold>
        } />
        <Downloads study=study />
        <Upload results=results />
        <DataLine manifest=Arc::clone(&manifest) legs=legs files=files />
        <DataPanel manifest=manifest files=files />
        </div>
    }
}

/// The first screen: the answer in words, the controls, the headline event and the spread
/// chart (its canvas, or the pre-rendered SVG, is the child). The page and the first screen
/// rendered at build time (`crates/prerender`) render this same component, so the page takes
/// the place of the pre-rendered screen without a visible jump.
#[component]
pub fn FirstScreen(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
    /// A sentence when a leg's data ends before the rest of the data.
    data_end: Signal<Option<String>>,
    /// Shown while there is no study yet.
    waiting: Signal<String>,
    /// With no event: the most extreme day in the range.
    largest: Signal<Option<String>>,
    /// The view and how to change it.
    handle: ViewHandle,
    /// Tickers in the data, then loaded files.
    tickers: Signal<Vec<String>>,
    /// Notices about values the pair's data cannot use.
    data_notices: Memo<Vec<NoticeLine>>,
    /// Why nothing can be shown, if so.
    problem: Memo<Option<String>>,
    /// The headline event and whether it was picked on the chart.
    event: Memo<Option<(Event, Picked)>>,
    /// Its rank among all days.
    rank: Memo<Option<DayRank>>,
    /// The events held out of the study.
    held_out: Memo<Option<Shared<Vec<Event>>>>,
    /// Where the held-out events start.
    cut: Signal<Cut>,
    /// The article's replication, in the article view.
    replication: Memo<Option<Shared<Vec<Replication>>>>,
    /// The legs' names in the results' labels (the study's).
    names: Signal<(String, String)>,
    /// What the spread chart plots.
    unit: Signal<ThresholdUnit>,
    /// A From or To outside the pair's data.
    range_problem: Signal<Option<RangeError>>,
    /// The spread chart.
    children: Children,
) -> impl IntoView {
    let view_state = handle.view;
    let legs = Memo::new(move |_| view_state.with(ViewState::legs));
    view! {
        <Verdict study=study data_end=data_end waiting=waiting largest=largest />
        <Controls handle=handle tickers=tickers range_problem=range_problem />
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
        <Headline study=study event=event rank=rank />
        <HeldOut study=study held_out=held_out cut=cut />
        <ArticlePanel rows=replication handle=handle />
        <section class="charts" id="results" tabindex="-1">
            <figure>
                <figcaption>
                    {move || {
                        let (l, s) = names.get();
                        match unit.get() {
                            ThresholdUnit::Pct => format!("Daily spread: {l} return − {s} return"),
                            ThresholdUnit::Z => format!("Daily spread of {l} − {s} in σ (over its past year's standard deviation)"),
                        }
                    }}
                    <span class="legend"><i class="sw trace"></i>"spread"<i class="sw event"></i>"threshold and events"</span>
                </figcaption>
                {children()}
            </figure>
        </section>
    }
}
