//! Summary table: one row per horizon, with the statistics that survive overlap and chance.

use equalizer_engine::Study;
use equalizer_engine::bootstrap::Interval;
use equalizer_engine::study::LegField::{
    BaselineMean, Edge, HitRate, MaxGainMean, MaxLossMean, Mean, MeanCi, Median, PlaceboMean,
    PlaceboP, PlaceboShiftP,
};
use equalizer_engine::study::significance::Figure;
use equalizer_engine::study::{HorizonSummary, Leg, LegField, LegSummary};
use leptos::prelude::*;

use crate::calibration;
use crate::components::fold::Fold;
use crate::format::{entry_close, opt_pct, opt_share};
use crate::shared::Shared;
use crate::verdict::{evidence_class, evidence_of};

/// A number with its machine-readable value: `data-field` is the CLI JSON name and
/// `data-value` the full-precision number (fractions, not percent), empty when missing.
fn num(field: &'static str, value: Option<f64>, shown: String) -> impl IntoView {
    let data = value.map_or_else(String::new, |v| v.to_string());
    view! { <span class="v" data-field=field data-value=data>{shown}</span> }
}

/// A number cell (the stable test hook): the `<td>` itself carries `data-field` and the
/// full-precision `data-value`; `extra` holds secondary numbers as spans with their own fields.
fn cell(field: &'static str, value: Option<f64>, shown: String, extra: AnyView) -> impl IntoView {
    let data = value.map_or_else(String::new, |v| v.to_string());
    view! { <td class="num" data-field=field data-value=data><span class="main">{shown}</span>{extra}</td> }
}

/// A figure of the inference family (interval, p-value, t): its text and full-precision value,
/// or "n/a" with too few episodes. One element shape either way, with optional attributes, so
/// when a horizon goes from n/a to a number (or back) no attribute of the other state stays:
/// `data-na="1"` and no `data-value`, or a `data-value` and no `data-na`.
fn inference(
    field: &'static str,
    class: &'static str,
    value: Option<String>,
    shown: String,
    thin: Thin,
) -> AnyView {
    let na = thin == Thin::TooFewEpisodes;
    let (data, shown) = if na {
        (None, "n/a".to_owned())
    } else {
        (Some(value.unwrap_or_default()), shown)
    };
    let title = na.then_some("too few separate episodes for this figure");
    view! {
        <span class=class data-field=field data-na=na.then_some("1") data-value=data title=title>
            {shown}
        </span>
    }
    .into_any()
}

/// An interval; `data-value` is `[low,high]` as in the JSON; n/a with too few episodes.
fn interval(field: &'static str, ci: Option<Interval>, thin: Thin) -> AnyView {
    let data = ci.map(|i| format!("[{},{}]", i.0, i.1));
    let shown = ci.map_or_else(String::new, |i| {
        format!("{:+.1} \u{2026} {:+.1}", i.0 * 100.0, i.1 * 100.0).replace('-', "\u{2212}")
    });
    inference(field, "ci detail", data, shown, thin)
}

/// A p-value with its test's name; n/a with too few episodes.
fn p_value(field: &'static str, p: Option<f64>, test: &'static str, thin: Thin) -> AnyView {
    let shown = p.map_or_else(String::new, |p| {
        let test = if test.is_empty() {
            String::new()
        } else {
            format!("{test} ")
        };
        format!("{test}{}", crate::format::p_value(p))
    });
    inference(field, "p detail", p.map(|v| v.to_string()), shown, thin)
}

/// Whether a horizon has enough separate episodes for intervals, p-values and t.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Thin {
    Enough,
    TooFewEpisodes,
}

fn t_stat(field: &'static str, t: Option<f64>, thin: Thin) -> AnyView {
    let shown = t.map_or_else(
        || "\u{2014}".into(),
        |t| format!("{t:.2}").replace('-', "\u{2212}"),
    );
    inference(field, "v", t.map(|v| v.to_string()), shown, thin)
}

/// The two tickers, in the order of the table's columns.
const TICKERS: [Leg; 2] = [Leg::Long, Leg::Short];

/// The `data-field` of one leg's figure: its JSON key, from the engine's layout table (empty
/// for a figure the leg does not have, which no cell asks for; the browser tests check every
/// name).
fn field(leg: Leg, figure: LegField) -> &'static str {
    HorizonSummary::key(leg, figure).unwrap_or_default()
}

/// A cell shown only with "Details".
fn detail_cell(field: &'static str, value: Option<f64>, shown: String) -> impl IntoView {
    let data = value.map_or_else(String::new, |v| v.to_string());
    view! { <td class="num detail" data-field=field data-value=data><span class="main">{shown}</span></td> }
}

/// The figures of a row that the calibration may not let speak, in the row's order (each gets
/// a † in the row and a line under the table).
const CAVEATED: [Figure; 6] = [
    Figure::BootstrapInterval,
    Figure::RandomDatePlacebo,
    Figure::ShiftPlacebo,
    Figure::DistinctT,
    Figure::NeweyWestT,
    Figure::NaiveT,
];

/// A † beside a figure the calibration does not let speak (Details only), its caveat as its
/// name; nothing for a calibrated one. The caveats are spelled out under the table.
fn caveat(figure: Figure) -> impl IntoView + use<> {
    calibration::mark_label(figure).map(|label| {
        view! {
            <span class="caveat-mark detail" role="img" data-caveat=figure.key() title=label.clone() aria-label=label>"\u{2020}"</span>
        }
    })
}

/// A figure's line with its calibration mark at the end of the line.
fn marked(figure: Figure, shown: AnyView) -> impl IntoView + use<> {
    view! { <span class="marked">{shown}{caveat(figure)}</span> }
}

/// One leg's two placebo p-values: random days, and the circular shift that keeps clustering,
/// each with its calibration mark.
fn leg_p_values(leg: Leg, l: &LegSummary, thin: Thin) -> impl IntoView + use<> {
    view! {
        {marked(Figure::RandomDatePlacebo, p_value(field(leg, PlaceboP), l.placebo_p, "random days", thin))}
        {marked(Figure::ShiftPlacebo, p_value(field(leg, PlaceboShiftP), l.placebo_shift_p, "shifted pattern", thin))}
    }
}

/// One ticker's cells: mean (with interval and p-values inside), median, hit rate.
fn leg_cells(leg: Leg, l: &LegSummary, thin: Thin) -> impl IntoView + use<> {
    let extra = view! {
        {marked(Figure::BootstrapInterval, interval(field(leg, MeanCi), l.mean_ci, thin))}
        {leg_p_values(leg, l, thin)}
    };
    view! {
        {cell(field(leg, Mean), l.mean, opt_pct(l.mean, 2), extra.into_any())}
        {detail_cell(field(leg, Median), l.median, opt_pct(l.median, 2))}
        {detail_cell(field(leg, HitRate), l.hit_rate, opt_share(l.hit_rate))}
    }
}

/// One ticker's baseline mean (Details), with the random-day sets' average below it.
fn baseline_cell(leg: Leg, l: &LegSummary) -> impl IntoView + use<> {
    let data = l.baseline_mean.map_or_else(String::new, |v| v.to_string());
    view! {
        <td class="num detail" data-field=field(leg, BaselineMean) data-value=data>
            <span class="main">{opt_pct(l.baseline_mean, 2)}</span>
            <span class="sub" title="average of the random-day sets">
                "random days "{num(field(leg, PlaceboMean), l.placebo_mean, opt_pct(l.placebo_mean, 2))}
            </span>
        </td>
    }
}

/// One ticker's mean best / worst excursion, a line of the excursion cell.
fn excursion_line(leg: Leg, l: &LegSummary) -> impl IntoView + use<> {
    let gain = l.excursion.and_then(|e| e.max_gain_mean);
    let loss = l.excursion.and_then(|e| e.max_loss_mean);
    view! {
        <span class=format!("line {}", leg.name())>
            {num(field(leg, MaxGainMean), gain, opt_pct(gain, 1))}
            " / "
            {num(field(leg, MaxLossMean), loss, opt_pct(loss, 1))}
        </span>
    }
}

fn row_view(r: &HorizonSummary, label: String) -> impl IntoView + use<> {
    let thin = if r.too_few_episodes {
        Thin::TooFewEpisodes
    } else {
        Thin::Enough
    };
    let evidence = evidence_of(r);
    let distinct = view! {
        <span class="sub" title="clusters of overlapping windows">
            " ("{num("distinct_count", Some(r.distinct_count as f64), r.distinct_count.to_string())}{if r.distinct_count == 1 { " episode)" } else { " episodes)" }}
        </span>
        {(r.incomplete > 0).then(|| view! { <span class="sub" data-testid="open-count">{format!(" +{} open", r.incomplete)}</span> })}
    };
    let pair = &r.pair;
    let pair_extra = view! {
        {marked(Figure::BootstrapInterval, interval(field(Leg::Pair, MeanCi), pair.mean_ci, thin))}
        {leg_p_values(Leg::Pair, pair, thin)}
        <span class="sub detail">"median "{num(field(Leg::Pair, Median), pair.median, opt_pct(pair.median, 1))}</span>
        <span class="sub detail">{num(field(Leg::Pair, HitRate), pair.hit_rate, opt_share(pair.hit_rate))}" up"</span>
    };
    let edge_extra = view! {
        <span class=format!("sub evidence {}", evidence_class(evidence)) data-field="evidence">{format!("evidence: {}", evidence.words())}</span>
        {marked(Figure::BootstrapInterval, interval("pair_edge_ci", r.pair_edge_ci, thin))}
        <span class="sub detail">"random days "{num(field(Leg::Pair, PlaceboMean), pair.placebo_mean, opt_pct(pair.placebo_mean, 2))}</span>
        <span class="sub detail" title="the pair's mean with any one event left out: lowest … highest">
            "leaving out one event "
            {num("pair_mean_loo_min", r.pair_mean_loo_min, opt_pct(r.pair_mean_loo_min, 1))}
            " \u{2026} "
            {num("pair_mean_loo_max", r.pair_mean_loo_max, opt_pct(r.pair_mean_loo_max, 1))}
        </span>
    };
    // An array (not a Vec) renders its views in place, without a placeholder node.
    let for_tickers =
        |f: &dyn Fn(Leg, &LegSummary) -> AnyView| TICKERS.map(|leg| f(leg, r.leg(leg)));
    view! {
        <tr data-horizon=r.horizon>
            <th scope="row">{label}</th>
            {cell("count", Some(r.count as f64), r.count.to_string(), distinct.into_any())}
            // The pair first (the answer; on a phone, in view without scrolling), the legs after.
            {cell(field(Leg::Pair, Mean), pair.mean, opt_pct(pair.mean, 2), pair_extra.into_any())}
            {cell(field(Leg::Pair, BaselineMean), pair.baseline_mean, opt_pct(pair.baseline_mean, 2), ().into_any())}
            <td class="num edge" data-field=field(Leg::Pair, Edge) data-value=pair.edge.map_or_else(String::new, |v| v.to_string())>
                <span class="main">{opt_pct(pair.edge, 2)}</span>
                {edge_extra}
            </td>
            {for_tickers(&|leg, l| leg_cells(leg, l, thin).into_any())}
            {for_tickers(&|leg, l| baseline_cell(leg, l).into_any())}
            <td class="num tstat detail">
                <span class="line">"one per episode "{t_stat("distinct_t_pair", r.distinct_t_pair, thin)}
                    {p_value("distinct_p_pair", r.distinct_p_pair, "", thin)}{caveat(Figure::DistinctT)}</span>
                <span class="line">"overlap-aware "{t_stat("pair_edge_t_overlap", r.pair_edge_t_overlap, thin)}{caveat(Figure::NeweyWestT)}</span>
                <span class="line">"naive "{t_stat("pair_edge_t_naive", r.pair_edge_t_naive, thin)}{caveat(Figure::NaiveT)}</span>
            </td>
            <td class="num excursion detail">{for_tickers(&|leg, l| excursion_line(leg, l).into_any())}</td>
        </tr>
    }
}

/// What the summary table's headings and footnote say: everything but the rows.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    long: String,
    short: String,
    lag: equalizer_engine::study::EntryLag,
    /// Some horizon has too few episodes (the footnote says why figures are n/a).
    thin: bool,
    /// Some horizon has events whose window runs past the data ("+N open").
    open: bool,
    bootstrap_draws: usize,
    placebo_draws: usize,
    seed: u64,
}

impl Frame {
    fn of(s: &Study) -> Frame {
        Frame {
            long: s.long.clone(),
            short: s.short.clone(),
            lag: s.lag,
            thin: s.summary.iter().any(|r| r.too_few_episodes),
            open: s.summary.iter().any(|r| r.incomplete > 0),
            bootstrap_draws: s.bootstrap_draws,
            placebo_draws: s.placebo_draws,
            seed: s.seed,
        }
    }
}

/// What followed the events per horizon. By default: N and separate episodes, the mean of
/// long, short and pair, the pair's mean after a random day, and the pair's edge with its
/// evidence word (see [`crate::verdict`]). "Details" shows every statistic: intervals and
/// p-values, medians and hit rates, each leg's baseline, t statistics and excursions. Every
/// figure is in the DOM either way (`data-field`), so tests and exports see them all.
#[component]
pub fn SummaryTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_summary_notes = RwSignal::new(false);
    let details = RwSignal::new(false);
    // The headings and the footnote change with the pair and the options, not with the
    // threshold: only the rows are rebuilt when a threshold is typed.
    let frame = Memo::new(move |_| study.with(|s| s.as_ref().map(|s| Frame::of(s))));
    let rows = move || {
        study.with(|s| {
            s.as_ref().map(|s| {
                s.summary
                    .iter()
                    .map(|r| row_view(r, s.horizon_unit.label(r.horizon)))
                    .collect_view()
            })
        })
    };
    move || {
        frame.get().map(|s| {
            let thin = s.thin;
            // Each leg's group spans its visible columns: the mean, or with Details also the
            // median and the share up (hidden cells take no column).
            let leg_span = move || if details.get() { "3" } else { "1" };
            let sub = |leg: &str| {
                view! {
                    <th class=format!("{leg}")>"mean"</th>
                    <th class="detail">"median"</th>
                    <th class="detail">"share up"</th>
                }
            };
            view! {
                <div class="summary-head">
                    <button type="button" class="details-toggle" data-testid="details-toggle"
                        aria-expanded=move || if details.get() { "true" } else { "false" } aria-controls="summary-table"
                        on:click=move |_| details.update(|d| *d = !*d)>
                        {move || if details.get() { "Fewer details" } else { "Details: every statistic" }}
                    </button>
                </div>
                <table class="summary" id="summary-table" class:details=move || details.get() data-testid="summary" tabindex="0">
                    <caption>{format!("What followed the events, per horizon (from {})", entry_close(s.lag))}</caption>
                    <thead>
                        <tr>
                            <th rowspan="2">"Horizon"</th>
                            <th rowspan="2" title="events with a complete window at the row's horizon, and the separate episodes they form at that horizon">"Events (episodes)"</th>
                            <th rowspan="2" class="pair" title="long minus short">{format!("Pair ({} − {})", s.long, s.short)}</th>
                            <th rowspan="2" title="the pair's mean after every day in the range">"Pair after a random day"</th>
                            <th rowspan="2" title="pair mean minus its mean after a random day, and how strong the evidence is">"Pair edge"</th>
                            <th colspan=leg_span class="long">{s.long.clone()}</th>
                            <th colspan=leg_span class="short">{s.short.clone()}</th>
                            <th colspan="2" class="detail" title="each leg's mean after every day in the range">"Every day"</th>
                            <th rowspan="2" class="detail" title="the edge in standard errors">"t of edge"</th>
                            <th rowspan="2" class="detail" title="average best / worst cumulative return inside the window">
                                "Best / worst inside the window"<br />
                                <span class="long">{s.long.clone()}</span>" · "<span class="short">{s.short.clone()}</span>
                            </th>
                        </tr>
                        <tr>
                            {sub("long")}
                            {sub("short")}
                            <th class="long detail">{s.long.clone()}</th>
                            <th class="short detail">{s.short.clone()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <Fold label="What the columns mean" testid="summary-notes" open=open_summary_notes>
                <dl class="footnote">
                    <dt>"Events (episodes)"</dt>
                    <dd>"days with a full window after them at the row's horizon; in brackets, the separate episodes they form at that horizon (events whose windows overlap share their returns, so they count once). Each row has its own counts: longer windows overlap more."</dd>
                    {s.open.then(|| view! {
                        <dt>"+N open"</dt>
                        <dd data-testid="open-note">"events whose window at that horizon runs past the end of the data: not counted in the row yet."</dd>
                    })}
                    <dt>"mean"</dt>
                    <dd>"the average return over the window after the events."</dd>
                    <dt>"after a random day"</dt>
                    <dd>"the same average after every day in the range: what you would have got anyway."</dd>
                    <dt>"edge, evidence"</dt>
                    <dd>"the pair's mean minus its mean after a random day, and how strong the evidence is (strong, weak, none, or too few separate episodes to tell)."</dd>
                    {thin.then(|| view! {
                        <dt>"n/a"</dt>
                        <dd data-testid="na-reason">"too few separate episodes (fewer than 3) for intervals, p-values and t statistics: with one or two episodes they would look precise and say nothing."</dd>
                    })}
                    <dt class="detail-note">"Details"</dt>
                    <dd class="detail-note">{format!(
                        "the 95 % range from resampling whole episodes ({} times); the p-value of random days (share of {} sets of random days, same number and cool-off, seed {}, at least as extreme) and of the shifted pattern (the whole pattern of event days moved by every possible offset in turn, which keeps their clustering and needs no seed; each set compared by its mean over its own standard error); the t of the edge with one value per separate episode (and its p), allowing for overlapping windows (Newey–West), and as if events were independent; medians, the share of events followed by a gain, each leg's average after every day, the pair's mean leaving out any one event, and the best and worst cumulative return inside the window.",
                        crate::format::count(s.bootstrap_draws), crate::format::count(s.placebo_draws), s.seed
                    )}</dd>
                    <dt class="detail-note caveat-mark">"\u{2020}"</dt>
                    <dd class="detail-note" data-testid="caveats">
                        {format!(
                            "a figure that calls an edge significant too often on synthetic pairs that have none (at a nominal 5 %, \
                             the upper end of its measured rate's 95 % interval is above {:.1} %; measured on {} synthetic pairs per setting, {}). \
                             It never sets the evidence word, a colour or a star:",
                            calibration::MAX_FALSE_POSITIVE_UPPER * 100.0, crate::format::count(calibration::PAIRS), calibration::DATE
                        )}
                        <ul>
                            {CAVEATED.into_iter().filter_map(|f| calibration::caveat(f).map(|words| view! {
                                <li data-caveat=f.key()>{format!("{}: {words}", f.name())}</li>
                            })).collect_view()}
                        </ul>
                    </dd>
                </dl>
                </Fold>
            }
        })
    }
}
