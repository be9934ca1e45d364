//! Threshold sweep heatmap: threshold × horizon, colour = pair edge, N in each cell, ★ where the
//! cell's p adjusted for the whole grid is below [`ADJUSTED_ALPHA`].

use equalizer_engine::HorizonUnit;
use equalizer_engine::study::significance::Figure;
use equalizer_engine::study::{MIN_EPISODES, SweepCell};
use leptos::prelude::*;
use plotters::style::RGBColor;
use wasm_bindgen::JsCast;

use crate::advice::{ADJUSTED_ALPHA, beyond_chance};
use crate::calibration::{speaks, star_words};
use crate::components::fold::Fold;
use crate::format::{opt_pct, threshold_label, threshold_text};
use crate::shared::Shared;
use crate::state::ViewHandle;

/// " (not calibrated)" after a figure the calibration does not let speak, else nothing.
fn uncalibrated(figure: Figure) -> &'static str {
    if speaks(figure) {
        ""
    } else {
        " (not calibrated)"
    }
}

/// A p or q with 3 decimals, "n/a" when undefined.
fn p_text(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_owned(), |p| format!("{p:.3}"))
}

/// A cell's background (blue for a positive pair edge, orange for a negative one, stronger for
/// larger |edge|, blended over the page's background `bg`) and the text colour that reads best
/// on it (near-black or white, whichever contrasts more: at least 4.5:1 on every blend).
fn colour(edge: Option<f64>, scale: f64, bg: RGBColor) -> (String, &'static str) {
    let Some(e) = edge.filter(|_| scale > 0.0) else {
        return ("transparent".to_owned(), "inherit");
    };
    let a = (e.abs() / scale).min(1.0) * 0.85;
    let hue = if e >= 0.0 {
        (0.0, 114.0, 178.0)
    } else {
        (213.0, 94.0, 0.0)
    };
    let mix = |c: f64, b: u8| a * c + (1.0 - a) * f64::from(b);
    let cell = (mix(hue.0, bg.0), mix(hue.1, bg.1), mix(hue.2, bg.2));
    let text = if contrast(cell, (17.0, 17.0, 17.0)) >= contrast(cell, (255.0, 255.0, 255.0)) {
        "#111"
    } else {
        "#fff"
    };
    (
        format!("rgb({:.0}, {:.0}, {:.0})", cell.0, cell.1, cell.2),
        text,
    )
}

/// WCAG contrast ratio of two sRGB colours (0–255 channels).
fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let lum = |(r, g, b): (f64, f64, f64)| {
        let f = |c: f64| {
            let c = c / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The sweep grid. Clicking a cell sets the threshold; the current threshold's column is
/// outlined. A warning explains why the smallest p-values here prove little; each cell's
/// tooltip adds its p adjusted for the whole grid and its BH q, and cells significant after
/// adjustment carry a ★.
#[component]
pub fn SweepHeatmap(
    /// Sweep cells (they do not depend on the threshold).
    sweep: Memo<Option<Shared<Vec<SweepCell>>>>,
    /// The view (for the current threshold) and how to change it.
    handle: ViewHandle,
    /// The unit of the horizons in the cells.
    horizon_unit: Memo<HorizonUnit>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_sweep_fold = RwSignal::new(false);
    // A cell whose threshold the settings refuse (none should be) says why.
    let refused = RwSignal::new(None::<String>);
    let palette = crate::theme::use_palette();
    // The grid is one Tab stop (the grid pattern's roving tabindex): the cell the arrow keys
    // last moved to, else the current threshold's cell in the first row.
    let active = RwSignal::new(None::<(usize, usize)>);
    move || {
        sweep.get().map(|cells| {
            let mut thresholds: Vec<f64> = cells.iter().map(|c| c.threshold).collect();
            thresholds.sort_by(f64::total_cmp);
            thresholds.dedup();
            let mut horizons: Vec<usize> = cells.iter().map(|c| c.horizon).collect();
            horizons.sort_unstable();
            horizons.dedup();
            let bg = palette.get().bg;
            let scale = cells.iter().filter_map(|c| c.pair_edge).fold(0.0f64, |m, e| m.max(e.abs()));
            let unit = horizon_unit.get();
            // Every cell has the unit of the view's rule.
            let unit_of_t = cells.first().map_or_else(Default::default, |c| c.threshold_unit);
            let tested = cells.iter().filter(|c| c.placebo_shift_p_pair.is_some()).count();
            // The max-T family: the cells with an adjusted p.
            let family = cells.iter().filter(|c| c.adjusted_p.is_some()).count();
            // The circular shifts every cell shares (the same number in each).
            let shifts = cells.first().map_or(0, |c| c.placebo_sets);
            let marked = cells.iter().filter(|c| beyond_chance(c.adjusted_p, Figure::SweepAdjusted)).count();
            let head = thresholds
                .iter()
                .map(|t| view! { <th scope="col">{threshold_label(*t, unit_of_t)}</th> })
                .collect_view();
            let current_column = handle.view.with_untracked(|v| {
                thresholds
                    .iter()
                    .position(|t| v.units == unit_of_t && (v.threshold - t).abs() < 1e-9)
                    .unwrap_or(0)
            });
            let tab_stop = move |at: (usize, usize)| {
                if active.get().unwrap_or((0, current_column)) == at { "0" } else { "-1" }
            };
            let (n_rows, n_cols) = (horizons.len(), thresholds.len());
            let rows = horizons
                .iter()
                .enumerate()
                .map(|(row, &h)| {
                    let tds = cells
                        .iter()
                        .filter(|c| c.horizon == h)
                        .enumerate()
                        .map(|(col, c)| {
                            let t = c.threshold;
                            let current = move || handle.view.with(|v| v.units == unit_of_t && (v.threshold - t).abs() < 1e-9);
                            let significant = beyond_chance(c.adjusted_p, Figure::SweepAdjusted);
                            let title = format!(
                                "{} at {}: N {} ({} distinct), pair edge {}, shift placebo p {}, \
                                 adjusted p {} (max-T over {family} cells, {shifts} shifts), BH q {}{}{}",
                                threshold_label(t, unit_of_t),
                                unit.label(h),
                                c.count,
                                c.distinct_count,
                                opt_pct(c.pair_edge, 2),
                                c.placebo_shift_p_pair.map_or_else(
                                    || format!("n/a (fewer than {MIN_EPISODES} separate episodes: not tested)"),
                                    |p| format!("{p:.3}{} (one of {tested} tests)", uncalibrated(Figure::ShiftPlacebo))
                                ),
                                p_text(c.adjusted_p),
                                p_text(c.bh_q),
                                if c.bh_q.is_some() { uncalibrated(Figure::SweepBhQ) } else { "" },
                                if significant { "; significant after adjustment (★)" } else { "" }
                            );
                            let edge = c.pair_edge.map_or_else(String::new, |e| e.to_string());
                            let adjusted = c.adjusted_p.map_or_else(String::new, |p| p.to_string());
                            let q = c.bh_q.map_or_else(String::new, |q| q.to_string());
                            let (background, text) = colour(c.pair_edge, scale, bg);
                            view! {
                                <td class:current=current class:significant=significant style:background=background style:color=text
                                    data-threshold=threshold_text(t) data-horizon=h data-count=c.count data-edge=edge
                                    data-adjusted-p=adjusted data-bh-q=q>
                                    <button type="button" title=title.clone() aria-label=title tabindex=move || tab_stop((row, col))
                                        aria-current=move || current().then_some("true")
                                        data-row=row data-col=col
                                        on:click=move |_| if let Err(e) = handle.go_to_threshold(t) { refused.set(Some(format!("{}: {e}", threshold_label(t, unit_of_t)))); }>
                                        {c.count}
                                        {significant.then(|| view! { <span class="mark" aria-hidden="true">"★"</span> })}
                                    </button>
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{unit.label(h)}</th>{tds}</tr> }
                })
                .collect_view();
            view! {
                <section class="sweep">
                    <h2>"Threshold sweep"</h2>
                    <p class="lead" data-testid="sweep-answer">
                        {if speaks(Figure::SweepAdjusted) {
                            format!(
                                "Across the {family} threshold × horizon cells tested, {marked} {} from chance after adjusting for testing them all.",
                                if marked == 1 { "stands out" } else { "stand out" }
                            )
                        } else {
                            format!("Across the {family} threshold × horizon cells tested: the grid's adjustment is not calibrated, so no cell is marked.")
                        }}
                    </p>
                    <Fold label="Every threshold and horizon (table)" testid="sweep-fold" open=open_sweep_fold>
                    <p class="explain" data-testid="sweep-adjusted">
                        {format!(
                            "★ adjusted p < {ADJUSTED_ALPHA}: significant after adjusting for all {family} tested cells \
                             (single-step max-T over {} circular shifts of the events' pattern, one offset per \
                             shift shared by every cell, so the events' clustering is kept). {} \
                             Each cell's tooltip gives its placebo p, adjusted p and Benjamini–Hochberg q; cells with fewer than \
                             {MIN_EPISODES} separate episodes are not tested.",
                            crate::format::count(shifts),
                            star_words(Figure::SweepAdjusted, marked, "cell(s)")
                        )}
                    </p>
                    <p class="explain">
                        "Each cell: the number of events at that threshold (columns) and horizon (rows), coloured by the pair's edge "
                        "(blue: long beat short by more than usual, orange: less). Click a cell to use its threshold."
                    </p>
                    <div class="sweep-scroll">
                        <table class="heatmap" data-testid="sweep" role="grid" aria-label="Threshold sweep: arrow keys move between cells, Enter uses a cell's threshold"
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                let (dr, dc): (isize, isize) = match ev.key().as_str() {
                                    "ArrowRight" => (0, 1),
                                    "ArrowLeft" => (0, -1),
                                    "ArrowDown" => (1, 0),
                                    "ArrowUp" => (-1, 0),
                                    // Home and End: the row's first and last cell.
                                    "Home" => (0, isize::MIN / 2),
                                    "End" => (0, isize::MAX / 2),
                                    _ => return,
                                };
                                ev.prevent_default();
                                let (r, c) = active.get_untracked().unwrap_or((0, current_column));
                                let next = (
                                    r.saturating_add_signed(dr).min(n_rows - 1),
                                    c.saturating_add_signed(dc).min(n_cols - 1),
                                );
                                active.set(Some(next));
                                // Focus is the world outside: move it to the new cell's button.
                                let selector = format!("button[data-row='{}'][data-col='{}']", next.0, next.1);
                                if let Some(el) = event_target::<web_sys::Element>(&ev)
                                    .closest("table")
                                    .ok()
                                    .flatten()
                                    .and_then(|t| t.query_selector(&selector).ok().flatten())
                                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                                {
                                    let _ = el.focus();
                                }
                            }>
                            <thead><tr><th scope="col">"horizon \\ threshold"</th>{head}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <p class="warning" role="note" data-testid="multiple-testing">
                        <strong>"Multiple testing: "</strong>
                        {format!(
                            "this grid runs {tested} placebo tests. At the 5 % level about {} of them would look \
                             significant by chance alone, so the best-looking cell is a hint to check, not a finding.",
                            (tested as f64 * 0.05).round()
                        )}
                    </p>
                    </Fold>
                    {move || refused.get().map(|r| view! { <p class="control-problem" role="alert">{r}</p> })}
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text_reads_at_4_5_on_every_blend_in_both_themes() {
        for bg in [crate::charts::LIGHT.bg, crate::charts::DARK.bg] {
            for k in -20..=20 {
                let (cell, text) = colour(Some(f64::from(k) / 20.0), 1.0, bg);
                let rgb: Vec<f64> = cell
                    .trim_start_matches("rgb(")
                    .trim_end_matches(')')
                    .split(", ")
                    .map(|v| v.parse().unwrap())
                    .collect();
                let t = if text == "#fff" { 255.0 } else { 17.0 };
                let r = contrast((rgb[0], rgb[1], rgb[2]), (t, t, t));
                assert!(r >= 4.5, "{cell} with {text}: {r:.2}");
            }
        }
    }
}
