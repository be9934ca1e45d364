//! `prerender DATA_DIR OUT_DIR`: the page's first screen for the default view, rendered at build
//! time so a reader sees the answer before the app has loaded (`make prerender`, which
//! `make serve`, `make page` and `make dist` run before Trunk). It writes two fragments that
//! `index.html` inlines: `first-screen-head.html` (the script and the chart's colours, in
//! `<head>`) and `first-screen.html` (the screen itself, `#boot`).
//!
//! It reads the data bundle the page fetches (`DATA_DIR`, written by `make data`), answers the
//! default view with the page's own worker code (`equalizer_web::worker::computer`), renders
//! the page's own first-screen components to HTML, and draws the spread chart with the page's
//! own chart code on plotters' SVG backend, at a laptop's and a phone's width. A small script
//! (`first_screen.js`, inlined) swaps the answer for a line naming the view when a link asks
//! for another one, and applies a stored theme before the first paint.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use equalizer_engine::bundle::Manifest;
use equalizer_web::app::PageHeader;
use equalizer_web::charts::palette::{DARK, LIGHT, Palette};
use equalizer_web::charts::{models, spread};
use equalizer_web::components::held_out::Cut;
use equalizer_web::components::study_page::{FirstScreen, data_ends_early, headline_event};
use equalizer_web::settings::{ViewState, query_from_state};
use equalizer_web::shared::Shared;
use equalizer_web::state::ViewHandle;
use equalizer_web::theme::Theme;
use equalizer_web::verdict;
use equalizer_web::worker::computer::{Computer, Role, answer_all};
use equalizer_web::worker::protocol::{Fresh, PairSeries, Part, Reply, StudyView, ViewRequest};
use leptos::prelude::*;
use plotters::prelude::*;

/// The chart's drawing width at each layout (CSS px), as the canvas's inside its 1 px border: the
/// page's 1200 px column on a laptop, and a 375 px phone's width less the body's 10 px padding.
const WIDTHS: [(u32, &str); 2] = [(1198, "wide"), (353, "narrow")];
/// The spread chart's drawing height (CSS px): `canvas.chart`'s 280 px in style/main.css less
/// its border.
const HEIGHT: u32 = 278;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, out] = args.as_slice() else {
        eprintln!("usage: prerender DATA_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let write = |(head, body): (String, String)| {
        let out = Path::new(out);
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        for (name, text) in [
            ("first-screen-head.html", head),
            ("first-screen.html", body),
        ] {
            let path = out.join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    };
    match first_screen(Path::new(data)).and_then(write) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The default view's answer, computed as the page's worker computes it.
struct Answer {
    pair: PairSeries,
    study: StudyView,
    rank: Option<equalizer_engine::study::DayRank>,
}

fn answer(data: &Path, manifest: &Manifest, view: &ViewState) -> Result<Answer, String> {
    let mut computer = Computer::new(Role::Study);
    for ticker in [&view.long, &view.short] {
        let position = manifest
            .tickers
            .iter()
            .position(|t| &t.ticker == ticker)
            .ok_or_else(|| format!("{ticker} is not in {}/manifest.json", data.display()))?;
        let path = data.join(&manifest.tickers[position].file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        computer.add_bundle(ticker, position, &bytes)?;
    }
    let request = ViewRequest {
        id: 1,
        view: view.clone(),
        picked: None,
    };
    let (mut pair, mut study, mut rank) = (None, None, None);
    for reply in answer_all(&mut computer, request) {
        match reply {
            Reply::Part { part, .. } => match part {
                Part::Pair(p) => pair = Some(*p),
                Part::Study(Fresh::New(Ok(s))) => study = Some(*s),
                Part::Study(Fresh::New(Err(e))) => return Err(e),
                Part::Rank(Fresh::New(r)) => rank = r,
                _ => {}
            },
            Reply::Broken { message } => return Err(message),
            _ => {}
        }
    }
    match (pair, study) {
        (Some(pair), Some(study)) => Ok(Answer { pair, study, rank }),
        _ => Err("the default view gave no study".to_owned()),
    }
}

/// The spread chart as SVG, `width` × [`HEIGHT`], in the light palette (the stylesheet written
/// beside it recolours it for the dark theme).
fn spread_svg(answer: &Answer, width: u32) -> Result<String, String> {
    let model = models::spread_model(Shared::new(answer.pair.clone()), &answer.study.marks, None)
        .ok_or("the study's marks belong to another pair")?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, HEIGHT)).into_drawing_area();
        spread::draw_on(&root, &model, &LIGHT).map_err(|e| e.to_string())?;
    }
    // Fills its box like the canvas (the stylesheet sets the box's size), stretched rather
    // than letterboxed between the widths it was drawn for.
    Ok(svg.replacen("<svg ", r#"<svg preserveAspectRatio="none" "#, 1))
}

/// The colours of the light palette as the SVG writes them, each with its dark twin: the
/// SVG's colours follow the page's theme through `light-dark()`, which presentation attributes
/// cannot hold but a stylesheet can.
fn palette_css() -> String {
    let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let pairs = |p: &Palette| {
        [
            p.bg, p.long, p.short, p.pair, p.event, p.trace, p.grid, p.axis,
        ]
    };
    let mut css = String::new();
    for (light, dark) in pairs(&LIGHT).into_iter().zip(pairs(&DARK)) {
        let (l, d) = (hex(light), hex(dark));
        for property in ["stroke", "fill"] {
            css += &format!(".boot-chart [{property}=\"{l}\" i]{{{property}:light-dark({l},{d})}}");
        }
    }
    css
}

/// The `<head>` fragment and the `#boot` fragment.
fn first_screen(data: &Path) -> Result<(String, String), String> {
    let path = data.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let view = ViewState::default_view();
    let answer = answer(data, &manifest, &view)?;
    let svgs: Vec<(String, &str)> = WIDTHS
        .iter()
        .map(|&(w, class)| spread_svg(&answer, w).map(|svg| (svg, class)))
        .collect::<Result<_, _>>()?;
    let description =
        models::spread_model(Shared::new(answer.pair.clone()), &answer.study.marks, None)
            .map(|m| spread::describe(&m))
            .ok_or("the study's marks belong to another pair")?;
    // Effects only talk to the browser, which is not here: spawned tasks are dropped.
    let _ = any_spawner_noop();
    let owner = Owner::new();
    let html = owner.with(|| {
        // One render, nothing to react to: reads outside a tracking context are the point here,
        // so Leptos's debug warning about them would only be noise.
        let _quiet = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
        let tickers: Vec<String> = manifest.tickers.iter().map(|t| t.ticker.clone()).collect();
        let manifest = Arc::new(manifest.clone());
        let s = Shared::new(answer.study.study.clone());
        let study = Memo::new({
            let s = s.clone();
            move |_| Some(s.clone())
        });
        let data_end = data_ends_early(&manifest, &s);
        let largest = (s.event_count == 0)
            .then(|| verdict::largest_words(&s, answer.study.most_extreme));
        let event = headline_event(&s, None);
        let rank = answer.rank.clone();
        let notices = answer.study.notices.clone();
        let names = (s.long.clone(), s.short.clone());
        let unit = s.threshold_unit;
        let handle = ViewHandle::fixed(view.clone(), tickers.clone());
        let charts = svgs
            .into_iter()
            .map(|(svg, class)| {
                view! { <div class=format!("boot-chart {class}") inner_html=svg></div> }
            })
            .collect_view();
        view! {
            <PageHeader theme=Theme::fixed() />
            <main>
                <div class="results boot-results">
                    <p class="computing shown" role="status">"Loading the app…"</p>
                    <p class="view-loading" data-testid="view-loading"></p>
                    <fieldset class="boot-answer" disabled>
                        <FirstScreen study=study data_end=Signal::stored(data_end) waiting=Signal::stored(String::new())
                            largest=Signal::stored(largest) handle=handle tickers=Signal::stored(tickers)
                            data_notices=Memo::new(move |_| notices.clone()) problem=Memo::new(|_| None)
                            event=Memo::new(move |_| event.clone()) rank=Memo::new(move |_| rank.clone())
                            held_out=Memo::new(|_| None) cut=Signal::stored(Cut::Oos) replication=Memo::new(|_| None)
                            names=Signal::stored(names) unit=Signal::stored(unit) range_problem=Signal::stored(None)>
                            <div class="chart-wrap" role="img" data-testid="spread-chart"
                                aria-label="Daily return spread over time with the threshold and every event marked"
                                aria-describedby="spread-chart-desc">
                                {charts}
                                <p class="chart-desc" id="spread-chart-desc" data-testid="spread-chart-desc">{description}</p>
                            </div>
                            <a class="download png">"Download PNG"</a>
                        </FirstScreen>
                    </fieldset>
                </div>
            </main>
        }
        .to_html()
    });
    let defaults: Vec<(String, String)> = query_from_state(&ViewState::default_view())
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let defaults = serde_json::to_string(&defaults).map_err(|e| e.to_string())?;
    let storage_key =
        serde_json::to_string(equalizer_web::theme::STORAGE_KEY).map_err(|e| e.to_string())?;
    let script = include_str!("first_screen.js")
        .replace("DEFAULT_QUERY", &defaults)
        .replace("STORAGE_KEY", &storage_key);
    Ok((
        format!(
            "<style>{}</style>\n<script>{script}</script>\n",
            palette_css()
        ),
        format!("<div id=\"boot\">{html}</div>\n"),
    ))
}

/// Tells the reactive system that spawned tasks (effects) go nowhere: rendering to HTML never
/// runs them.
fn any_spawner_noop() -> Result<(), impl std::fmt::Debug> {
    any_spawner::Executor::init_custom_executor(Dropped)
}

/// An executor that drops every task.
struct Dropped;

impl any_spawner::CustomExecutor for Dropped {
    fn spawn(&self, _: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}
