//! Forward-return chart: per horizon, the event mean of long, short and pair beside the
//! baseline mean (the lighter bar).

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{
    AXIS, CoordMap, DrawError, GRID, KeyAxis, LONG, PAIR, SHORT, font, padded, pct_label, plot_err,
    surface,
};

/// One horizon's bars.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardGroup {
    pub label: String,
    /// Event means: long, short, pair.
    pub event: [Option<f64>; 3],
    /// Baseline means: long, short, pair.
    pub baseline: [Option<f64>; 3],
}

/// What the forward chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardModel {
    pub groups: Vec<ForwardGroup>,
}

const BAR: f64 = 0.13;

/// x of bar `k` (0…5) in group `g`: event/baseline pairs side by side per leg.
fn bar_x(g: usize, k: usize) -> f64 {
    g as f64 + 0.11 + k as f64 * BAR
}

/// Draws the forward chart.
pub fn draw(canvas: &HtmlCanvasElement, m: &ForwardModel) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    if m.groups.is_empty() {
        return Err(DrawError::Empty);
    }
    let values = m
        .groups
        .iter()
        .flat_map(|g| g.event.iter().chain(&g.baseline))
        .flatten();
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let (y0, y1) = padded(lo, hi, 0.08);
    let n = m.groups.len() as f64;
    let root = s.backend.into_drawing_area();
    root.fill(&WHITE).map_err(plot_err)?;
    let centres: Vec<f64> = (0..m.groups.len()).map(|g| g as f64 + 0.5).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8.0 * dpr)
        .margin_right(22.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(44.0 * dpr)
        .build_cartesian_2d(KeyAxis::new(0.0, n, centres), y0..y1)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(WHITE)
        .axis_style(AXIS)
        .label_style(font(12.0, dpr))
        .x_label_formatter(&|x| {
            let g = x.floor().max(0.0) as usize;
            m.groups
                .get(g)
                .map_or_else(String::new, |g| g.label.clone())
        })
        .y_labels(6)
        .y_label_formatter(&|y| pct_label(*y))
        .draw()
        .map_err(plot_err)?;
    let colours = [LONG, SHORT, PAIR];
    let bars = m.groups.iter().enumerate().flat_map(|(g, grp)| {
        (0..3).flat_map(move |leg| {
            let c = colours[leg];
            let event = grp.event[leg].map(|v| {
                let x = bar_x(g, leg * 2);
                Rectangle::new([(x, 0.0), (x + BAR * 0.92, v)], c.filled())
            });
            let base = grp.baseline[leg].map(|v| {
                let x = bar_x(g, leg * 2 + 1);
                Rectangle::new([(x, 0.0), (x + BAR * 0.92, v)], c.mix(0.3).filled())
            });
            event.into_iter().chain(base)
        })
    });
    chart.draw_series(bars).map_err(plot_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (n, 0.0)],
            AXIS.stroke_width(1),
        )))
        .map_err(plot_err)?;
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (0.0, n),
        (y0, y1),
    );
    root.present().map_err(plot_err)?;
    Ok(map)
}
