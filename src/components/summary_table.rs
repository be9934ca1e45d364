//! Summary table: one row per horizon, with the statistics that survive overlap and chance.

use equalizer_engine::Study;
use equalizer_engine::bootstrap::Interval;
use equalizer_engine::study::LegField::{
    BaselineMean, Edge, HitRate, MaxGainMean, MaxLossMean, Mean, MeanCi, Median, PlaceboMean,
    PlaceboP,
};
use equalizer_engine::study::{HorizonSummary, Leg, LegField, LegSummary};
use leptos::prelude::*;

use crate::format::{opt_pct, opt_share};
use crate::shared::Shared;

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

/// An interval; `data-value` is `[low,high]` as in the JSON.
fn interval(field: &'static str, ci: Option<Interval>) -> impl IntoView {
    let data = ci.map_or_else(String::new, |i| format!("[{},{}]", i.0, i.1));
    let shown = ci.map_or_else(String::new, |i| {
        format!("{:+.1} \u{2026} {:+.1}", i.0 * 100.0, i.1 * 100.0).replace('-', "\u{2212}")
    });
    view! { <span class="ci" data-field=field data-value=data title="95 % cluster-bootstrap interval, percentage points">{shown}</span> }
}

/// A placebo p-value.
fn p_value(field: &'static str, p: Option<f64>) -> impl IntoView {
    let shown = p.map_or_else(String::new, |p| {
        if p < 0.001 {
            "p<0.001".into()
        } else {
            format!("p={p:.3}")
        }
    });
    let data = p.map_or_else(String::new, |v| v.to_string());
    view! { <span class="p" data-field=field data-value=data title="share of random-date placebo sets at least as extreme">{shown}</span> }
}

fn t_stat(field: &'static str, t: Option<f64>) -> impl IntoView {
    num(
        field,
        t,
        t.map_or_else(
            || "\u{2014}".into(),
            |t| format!("{t:.2}").replace('-', "\u{2212}"),
        ),
    )
}

/// The two tickers, in the order of the table's columns.
const TICKERS: [Leg; 2] = [Leg::Long, Leg::Short];

/// The `data-field` of one leg's figure: its JSON key, from the engine's layout table (empty
/// for a figure the leg does not have, which no cell asks for; the browser tests check every
/// name).
fn field(leg: Leg, figure: LegField) -> &'static str {
    HorizonSummary::key(leg, figure).unwrap_or_default()
}

/// One ticker's cells: mean (with interval and placebo p inside), median, hit rate.
fn leg_cells(leg: Leg, l: &LegSummary) -> impl IntoView + use<> {
    let extra = view! { {interval(field(leg, MeanCi), l.mean_ci)}{p_value(field(leg, PlaceboP), l.placebo_p)} };
    view! {
        {cell(field(leg, Mean), l.mean, opt_pct(l.mean, 2), extra.into_any())}
        {cell(field(leg, Median), l.median, opt_pct(l.median, 2), ().into_any())}
        {cell(field(leg, HitRate), l.hit_rate, opt_share(l.hit_rate), ().into_any())}
    }
}

/// One ticker's baseline mean, with the placebo sets' average below it.
fn baseline_cell(leg: Leg, l: &LegSummary) -> impl IntoView + use<> {
    let placebo = view! { <span class="sub" title="average of the random-day placebo sets">"pl. "{num(field(leg, PlaceboMean), l.placebo_mean, opt_pct(l.placebo_mean, 2))}</span> };
    cell(
        field(leg, BaselineMean),
        l.baseline_mean,
        opt_pct(l.baseline_mean, 2),
        placebo.into_any(),
    )
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
    let distinct = view! {
        <span class="sub" title="clusters of overlapping windows">
            " ("{num("distinct_count", Some(r.distinct_count as f64), r.distinct_count.to_string())}" distinct)"
        </span>
        {(r.incomplete > 0).then(|| view! { <span class="sub" title="events whose window runs past the data">{format!(" +{} open", r.incomplete)}</span> })}
    };
    let pair = &r.pair;
    let pair_extra = view! {
        {interval(field(Leg::Pair, MeanCi), pair.mean_ci)}
        {p_value(field(Leg::Pair, PlaceboP), pair.placebo_p)}
        <span class="sub">"median "{num(field(Leg::Pair, Median), pair.median, opt_pct(pair.median, 1))}</span>
        <span class="sub">{num(field(Leg::Pair, HitRate), pair.hit_rate, opt_share(pair.hit_rate))}" up"</span>
    };
    let edge_extra = view! {
        {interval("pair_edge_ci", r.pair_edge_ci)}
        <span class="sub">"placebo "{num(field(Leg::Pair, PlaceboMean), pair.placebo_mean, opt_pct(pair.placebo_mean, 2))}</span>
        <span class="sub" title="pair mean with one event left out: lowest … highest">
            "drop one "
            {num("pair_mean_loo_min", r.pair_mean_loo_min, opt_pct(r.pair_mean_loo_min, 1))}
            " \u{2026} "
            {num("pair_mean_loo_max", r.pair_mean_loo_max, opt_pct(r.pair_mean_loo_max, 1))}
        </span>
    };
    // An array (not a Vec) renders its views in place, without a placeholder node.
    let for_tickers = |f: fn(Leg, &LegSummary) -> AnyView| TICKERS.map(|leg| f(leg, r.leg(leg)));
    view! {
        <tr data-horizon=r.horizon>
            <th scope="row">{label}</th>
            {cell("count", Some(r.count as f64), r.count.to_string(), distinct.into_any())}
            {for_tickers(|leg, l| leg_cells(leg, l).into_any())}
            {cell(field(Leg::Pair, Mean), pair.mean, opt_pct(pair.mean, 2), pair_extra.into_any())}
            {for_tickers(|leg, l| baseline_cell(leg, l).into_any())}
            <td class="num edge" data-field=field(Leg::Pair, Edge) data-value=pair.edge.map_or_else(String::new, |v| v.to_string())>
                <span class="main">{opt_pct(pair.edge, 2)}</span>
                {edge_extra}
            </td>
            <td class="num tstat">
                <span class="line">"naive "{t_stat("pair_edge_t_naive", r.pair_edge_t_naive)}</span>
                <span class="line">"overlap "{t_stat("pair_edge_t_overlap", r.pair_edge_t_overlap)}</span>
            </td>
            <td class="num excursion">{for_tickers(|leg, l| excursion_line(leg, l).into_any())}</td>
        </tr>
    }
}

/// Count (and distinct count), mean with bootstrap interval and placebo p, median and hit rate
/// for long, short and pair per horizon; baseline and placebo means; the pair's edge with its
/// interval; naive vs overlap-aware t; average best and worst excursion.
#[component]
pub fn SummaryTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    move || {
        study.get().map(|s| {
            let rows = s
                .summary
                .iter()
                .map(|r| row_view(r, s.horizon_unit.label(r.horizon)))
                .collect_view();
            let sub = ["mean", "median", "hit"];
            let subs = (0..2)
                .flat_map(|_| sub.iter().map(|h| view! { <th>{*h}</th> }))
                .collect_view();
            view! {
                <table class="summary" data-testid="summary">
                    <caption>"What followed the events, per horizon (from the event day's close)"</caption>
                    <thead>
                        <tr>
                            <th rowspan="2">"Horizon"</th>
                            <th rowspan="2" title="events with a complete forward window, and how many distinct episodes they form">"N"</th>
                            <th colspan="3" class="long">{s.long.clone()}</th>
                            <th colspan="3" class="short">{s.short.clone()}</th>
                            <th rowspan="2" class="pair" title="long minus short">"Pair"</th>
                            <th colspan="2" title="the same forward returns from every day in the range; pl.: average of the placebo sets">"Baseline"</th>
                            <th rowspan="2" title="pair mean minus baseline pair mean">"Pair edge"</th>
                            <th rowspan="2" title="t statistic of the edge: naive vs. overlap-aware (Newey–West)">"t of edge"</th>
                            <th rowspan="2" title="average best / worst cumulative return inside the window">
                                "Max gain / loss"<br />
                                <span class="long">{s.long.clone()}</span>" · "<span class="short">{s.short.clone()}</span>
                            </th>
                        </tr>
                        <tr>
                            {subs}
                            <th class="long">{s.long.clone()}</th>
                            <th class="short">{s.short.clone()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <dl class="footnote">
                    <dt>"N (distinct)"</dt>
                    <dd>"events with a full window; events whose windows overlap share returns, so they are grouped into distinct episodes."</dd>
                    <dt>"mean, interval, p"</dt>
                    <dd>{format!(
                        "average return after the events; below it the 95 % range from resampling whole episodes ({} times), \
                         and the placebo p: the share of {} sets of random days (same number, same cool-off, seed {}) whose \
                         average was at least as extreme. A small p with a wide interval means few, clustered episodes.",
                        s.bootstrap_draws, s.placebo_draws, s.seed
                    )}</dd>
                    <dt>"median, hit"</dt>
                    <dd>"the middle outcome, and the share of events followed by a gain (\"up\" under the pair)."</dd>
                    <dt>"baseline, pl."</dt>
                    <dd>"average over every day in the range, and \"pl.\" the average of the random-day sets."</dd>
                    <dt>"pair edge"</dt>
                    <dd>"pair average minus the baseline pair average: what the events added; \"drop one\" is the \
                         lowest and highest pair average when any single event is left out."</dd>
                    <dt>"t of edge"</dt>
                    <dd>"the edge in standard errors, first as if events were independent, then allowing for overlapping windows."</dd>
                    <dt>"max gain / loss"</dt>
                    <dd>"average of the best and worst cumulative return at any close inside the window, long leg above, short below."</dd>
                </dl>
            }
        })
    }
}
