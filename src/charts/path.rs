//! Average path chart: mean cumulative return of long, short and pair from the event close
//! to +252 trading days.

use equalizer_engine::forward::PathPoint;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{
    AXIS, CoordMap, DrawError, GRID, KeyAxis, LONG, PAIR, SHORT, font, padded, pct_label, plot_err,
    surface,
};

/// What the path chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PathModel {
    pub points: Vec<PathPoint>,
    /// 95 % bootstrap band of the pair path, one interval per day (may be shorter).
    pub band: Vec<equalizer_engine::bootstrap::Interval>,
    /// Last day on the x axis.
    pub max_day: usize,
}

/// Draws the path chart.
pub fn draw(canvas: &HtmlCanvasElement, m: &PathModel) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    if m.points.is_empty() {
        return Err(DrawError::Empty);
    }
    let (lo, hi) = m
        .points
        .iter()
        .flat_map(|p| [p.long, p.short, p.pair])
        .chain(m.band.iter().flat_map(|b| [b.0, b.1]))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (y0, y1) = padded(lo, hi, 0.08);
    let x1 = m.max_day.max(1) as f64;
    let root = s.backend.into_drawing_area();
    root.fill(&WHITE).map_err(plot_err)?;
    let keys: Vec<f64> = [0.0, 21.0, 63.0, 126.0, 189.0, 252.0]
        .into_iter()
        .filter(|k| *k <= x1)
        .collect();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8.0 * dpr)
        .margin_right(22.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(44.0 * dpr)
        .build_cartesian_2d(KeyAxis::new(0.0, x1, keys), y0..y1)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(WHITE)
        .axis_style(AXIS)
        .label_style(font(12.0, dpr))
        .x_label_formatter(&|x| format!("+{x:.0}d"))
        .y_labels(6)
        .y_label_formatter(&|y| pct_label(*y))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (x1, 0.0)],
            AXIS.stroke_width(1),
        )))
        .map_err(plot_err)?;
    if !m.band.is_empty() {
        // The band as one closed polygon: upper edge forward, lower edge back.
        let upper = m.band.iter().enumerate().map(|(k, b)| (k as f64, b.1));
        let lower = m
            .band
            .iter()
            .enumerate()
            .rev()
            .map(|(k, b)| (k as f64, b.0));
        chart
            .draw_series(std::iter::once(Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                PAIR.mix(0.12).filled(),
            )))
            .map_err(plot_err)?;
    }
    let width = (2.0 * dpr).round() as u32;
    for (colour, f) in [
        (LONG, (|p: &PathPoint| p.long) as fn(&PathPoint) -> f64),
        (SHORT, |p: &PathPoint| p.short),
        (PAIR, |p: &PathPoint| p.pair),
    ] {
        chart
            .draw_series(LineSeries::new(
                m.points.iter().map(|p| (p.day as f64, f(p))),
                colour.stroke_width(width),
            ))
            .map_err(plot_err)?;
    }
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (0.0, x1),
        (y0, y1),
    );
    root.present().map_err(plot_err)?;
    Ok(map)
}
