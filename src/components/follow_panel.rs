//! "Follow the article": the basket after every event, the benchmark otherwise: what it would
//! have earned after costs, as a sentence, an equity curve and a table of figures.

use equalizer_engine::Study;
use equalizer_engine::study::follow::Follow;
use leptos::prelude::*;

use crate::advice::{BreakEven, follow_sentence};
use crate::charts::equity;
use crate::charts::models::settings_line;
use crate::charts::png::{Caption, Swatch};
use crate::components::chart_canvas::ChartCanvas;
use crate::components::controls::{SettingBox, SettingMenu};
use crate::components::fold::Fold;
use crate::components::near::gated;
use crate::format::opt_pct;
use crate::settings::Key;
use crate::shared::Shared;
use crate::state::{Results, ViewHandle};

/// The rows of the figures table: the JSON block and its label.
const BLOCKS: [(&str, &str); 3] = [
    ("strategy", "Following the call"),
    ("benchmark", "Benchmark alone"),
    ("long_short", "Long–short ¹"),
];

/// The columns: the JSON field, its heading, whether it is a count (else a fraction).
const FIGURES: [(&str, &str, Count); 6] = [
    ("total_return", "Total return", Count::No),
    ("cagr", "A year", Count::No),
    ("volatility", "Volatility", Count::No),
    ("max_drawdown", "Worst fall", Count::No),
    ("days_in_basket", "Days in basket", Count::Yes),
    ("switches", "Switches", Count::Yes),
];

/// Whether a figure counts days or switches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Count {
    Yes,
    No,
}

/// The figures table; cells carry `data-block`, `data-field` and the JSON `data-value`.
fn figures(f: &Follow) -> AnyView {
    // Serialising plain numbers cannot fail; a failure would leave the cells empty.
    let json = serde_json::to_value(f).unwrap_or_default();
    let head = FIGURES
        .iter()
        .map(|(_, h, _)| view! { <th scope="col">{*h}</th> })
        .collect_view();
    let rows = BLOCKS
        .iter()
        .map(|(block, label)| {
            let cells = FIGURES
                .iter()
                .map(|(field, _, count)| {
                    let value = json.get(block).and_then(|b| b.get(field)).cloned();
                    let text = match (&value, count) {
                        (None, _) => "\u{2014}".to_owned(),
                        (Some(v), Count::Yes) => v.to_string(),
                        (Some(v), Count::No) => opt_pct(v.as_f64(), 1),
                    };
                    let data = value.as_ref().map(ToString::to_string);
                    view! { <td class="num" data-block=*block data-field=*field data-value=data>{text}</td> }
                })
                .collect_view();
            view! { <tr data-block=*block><th scope="row">{*label}</th>{cells}</tr> }
        })
        .collect_view();
    let top = |field: &str| json.get(field).map(ToString::to_string);
    let break_even = match crate::advice::break_even(f) {
        BreakEven::NoSwitch => "n/a (no switch)".to_owned(),
        BreakEven::NeverAhead => "none: never ahead of the benchmark at any cost".to_owned(),
        BreakEven::At(b) => format!("{b:.0} bp"),
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="What following the call earned">
            <table class="follow" data-testid="follow">
                <caption>{format!("{} … {}, after costs", f.first, f.last)}</caption>
                <thead><tr><th scope="col">""</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="figures">
            "Total return minus the benchmark's: "
            <span data-field="excess_total_return" data-value=top("excess_total_return")>{crate::format::points(f.excess_total_return, 1)}</span>
            " · break-even cost: "
            <span data-field="break_even_cost_bps" data-value=top("break_even_cost_bps")>{break_even}</span>
            " · windows: "
            <span data-field="windows" data-value=f.windows.len()>{f.windows.len()}</span>
            {format!(" · {} trading days", crate::format::count(f.days))}
        </p>
        {f.placebo.as_ref().map(|p| view! {
            <p class="figures" data-testid="follow-placebo">
                "Same windows at random ("
                <span data-field="shifts" data-value=p.shifts>{crate::format::count(p.shifts)}</span>
                " shifts): median 1 → "
                <span data-field="median" data-value=p.median.to_string()>{format!("{:.2}", p.median)}</span>
                ", 5–95 %: "
                <span data-field="low" data-value=p.low.to_string()>{format!("{:.2}", p.low)}</span>
                "–"
                <span data-field="high" data-value=p.high.to_string()>{format!("{:.2}", p.high)}</span>
                "; the call beat "
                <span data-field="beat" data-value=p.beat()>{crate::format::count(p.beat())}</span>
                " ("
                <span data-field="p" data-value=p.p.to_string()>{crate::format::p_value(p.p)}</span>
                ")"
            </p>
        })}
        <p class="note">{format!(
            "¹ Long the basket and short the benchmark inside the windows only, flat otherwise, with a borrow cost of {} bp a year.",
            crate::format::threshold_text(f.borrow_bps)
        )}</p>
    }
    .into_any()
}

/// The follow panel.
#[component]
pub fn FollowPanel(
    /// What the workers computed.
    results: Results,
    /// The view (the panel's settings).
    handle: ViewHandle,
    /// The study on screen (settings line).
    study: Memo<Option<Shared<Study>>>,
    /// Tickers in the data, then loaded files.
    #[prop(into)]
    tickers: Signal<Vec<String>>,
    /// Whether the panel is near the screen (far, it keeps what it showed).
    near: ReadSignal<bool>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_follow_fold = RwSignal::new(false);
    let view = handle.view;
    let outcome = gated(Memo::new(move |_| results.follow()), near);
    let follow = Memo::new(move |_| outcome.get().and_then(Result::ok));
    // The simulation's own error; a universe that failed to load is said once, above.
    let problem = Memo::new(move |_| outcome.get().and_then(Result::err));
    let universe_failed = gated(
        Memo::new(move |_| results.universe_problem().is_some()),
        near,
    );
    let usable = gated(Memo::new(move |_| results.usable()), near);
    let model = Memo::new(move |_| follow.get().map(|f| f.equity.clone()));
    let caption = Signal::derive(move || {
        let (s, f) = (study.get()?, follow.get()?);
        let (basket, bench) = (f.inputs.basket.join(", "), f.inputs.bench.clone());
        Some(Caption {
            title: format!(
                "Following the call: {basket} after each event, else {bench} (log scale)"
            ),
            settings: settings_line(&s),
            legend: vec![
                ("following the call".to_owned(), Swatch::Long),
                (bench, Swatch::Trace),
                ("in the basket".to_owned(), Swatch::Event),
            ],
            file_stem: format!("equalizer-{}-{}-follow", s.long, s.short),
        })
    });
    let bench_options = Signal::derive(move || {
        tickers.with(|t| t.iter().map(|t| (t.clone(), t.clone())).collect::<Vec<_>>())
    });
    let menu_problem = RwSignal::new(None::<String>);
    let sentence = move || {
        let f = follow.get()?;
        let i = &f.inputs;
        Some(follow_sentence(
            &f.follow,
            &i.basket,
            &i.bench,
            i.options.hold,
            i.options.lag,
            i.options.cost_bps,
        ))
    };
    let bench_name = move || {
        follow
            .get()
            .map(|f| f.inputs.bench.clone())
            .unwrap_or_else(|| view.with(|v| v.bench.clone()))
    };
    view! {
        <section class="advice follow-panel" data-testid="follow-panel" data-state=move || if follow.get().is_some() { "ready" } else if problem.get().is_some() || universe_failed.get() { "error" } else { "loading" }>
            <h2>"Follow the article: what the call would have earned"</h2>
            <p class="lead" data-testid="follow-sentence">
                {move || sentence().unwrap_or_else(|| match (problem.get(), universe_failed.get()) {
                    (Some(_), _) => "No simulation: the message below says why.".to_owned(),
                    (None, true) => "No simulation: the prices it needs did not load (the message above says which).".to_owned(),
                    (None, false) if !usable.get() => "No simulation: the settings above cannot be studied (the message above says why).".to_owned(),
                    (None, false) => "Loading the basket's and the benchmark's prices…".to_owned(),
                })}
            </p>
            {move || problem.get().map(|p| view! { <p class="control-problem" role="alert" data-testid="follow-problem">{p}</p> })}
            <div class="follow-controls">
                <label>"Basket" <SettingBox key=Key::Basket handle=handle testid="basket" /></label>
                <label>"Benchmark" <SettingMenu key=Key::Bench handle=handle testid="bench" options=bench_options problem=menu_problem /></label>
                <label>"Hold (trading days)" <SettingBox key=Key::Hold handle=handle testid="hold" inputmode="numeric" /></label>
                <label>"Cost per switch (bp)" <SettingBox key=Key::Cost handle=handle testid="cost" inputmode="decimal" /></label>
                // The same setting as under "More settings": the sentence above names it here.
                <label>"Entry lag (trading days; the whole page's)" <SettingBox key=Key::Lag handle=handle testid="follow-lag" inputmode="numeric" /></label>
            </div>
            {move || menu_problem.get().map(|p| view! { <p class="control-problem" role="alert">{p}</p> })}
            <Fold label="The chart and every figure" testid="follow-fold" open=open_follow_fold>
            <figure>
                <figcaption>
                    "Value of 1 invested (log scale)"
                    <span class="legend"><i class="sw long"></i>"following the call"<i class="sw trace"></i>{bench_name}<i class="sw window"></i>"in the basket"</span>
                </figcaption>
                <ChartCanvas model=model caption=caption draw=equity::draw describe=equity::describe hover=equity::hover stops=equity::stops testid="equity-chart"
                    label="Value of 1 invested following the call and in the benchmark, with the basket's windows shaded" />
            </figure>
            {move || follow.get().map(|f| figures(&f.follow))}
            </Fold>
        </section>
    }
}
