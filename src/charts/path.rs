//! Average path chart: mean cumulative return of long, short and pair from the event close
//! to +252 trading days.

use equalizer_engine::forward::PathPoint;
use equalizer_engine::study::PathResult;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::format::pct;

use super::{
    CoordMap, DrawError, FrameSpec, Grid, KeyAxis, Palette, frame, padded, pct_label, surface,
    zero_line,
};

/// What the path chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PathModel {
    /// The engine's average path and its band; `path.days` is the last day on the x axis.
    pub path: PathResult,
    /// Names of long, short and pair.
    pub names: [String; 3],
}

/// The day under the cursor: the three mean paths and the pair's band.
pub fn hover(m: &PathModel, map: &CoordMap, x: f64, _y: f64) -> Option<String> {
    let day = map.x_from_px(x).round();
    if !(0.0..=m.path.days as f64).contains(&day) {
        return None;
    }
    let pt = m.path.points.iter().find(|p| p.day as f64 == day)?;
    let band = m
        .path
        .band
        .get(pt.day)
        .map(|b| format!(" (95 % band {} … {})", pct(b.0, 1), pct(b.1, 1)))
        .unwrap_or_default();
    Some(format!(
        "day +{}: {} {}, {} {}, {} {}{band}",
        pt.day,
        m.names[0],
        pct(pt.long, 1),
        m.names[1],
        pct(pt.short, 1),
        m.names[2],
        pct(pt.pair, 1),
    ))
}

/// Draws the path chart.
pub fn draw(canvas: &HtmlCanvasElement, m: &PathModel, p: &Palette) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    if m.path.points.is_empty() {
        return Err(DrawError::Empty);
    }
    let (lo, hi) = m
        .path
        .points
        .iter()
        .flat_map(|p| [p.long, p.short, p.pair])
        .chain(m.path.band.iter().flat_map(|b| [b.0, b.1]))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (y0, y1) = padded(lo, hi, 0.08);
    let x1 = m.path.days.max(1) as f64;
    let root = s.backend.into_drawing_area();
    root.fill(&p.bg)?;
    let keys: Vec<f64> = [0.0, 21.0, 63.0, 126.0, 189.0, 252.0]
        .into_iter()
        .filter(|k| *k <= x1)
        .collect();
    let mut chart = frame(
        &root,
        dpr,
        p,
        FrameSpec {
            x: KeyAxis::new(0.0, x1, keys),
            y: (y0, y1),
            y_labels: 6,
            x_grid: Grid::Lines,
            x_label: &|x| format!("+{x:.0}d"),
            y_label: &|v| pct_label(*v),
        },
    )?;
    zero_line(&mut chart, p, 0.0, x1)?;
    if !m.path.band.is_empty() {
        // The band as one closed polygon: upper edge forward, lower edge back.
        let upper = m.path.band.iter().enumerate().map(|(k, b)| (k as f64, b.1));
        let lower = m
            .path
            .band
            .iter()
            .enumerate()
            .rev()
            .map(|(k, b)| (k as f64, b.0));
        chart.draw_series(std::iter::once(Polygon::new(
            upper.chain(lower).collect::<Vec<_>>(),
            p.pair.mix(0.12).filled(),
        )))?;
    }
    let width = (2.0 * dpr).round() as u32;
    for (colour, f) in [
        (p.long, (|p: &PathPoint| p.long) as fn(&PathPoint) -> f64),
        (p.short, |p: &PathPoint| p.short),
        (p.pair, |p: &PathPoint| p.pair),
    ] {
        chart.draw_series(LineSeries::new(
            m.path.points.iter().map(|p| (p.day as f64, f(p))),
            colour.stroke_width(width),
        ))?;
    }
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (0.0, x1),
        (y0, y1),
    );
    root.present()?;
    Ok(map)
}

/// The chart in words: the pair's average path at a few days after the entry.
pub fn describe(m: &PathModel) -> String {
    let at: Vec<String> = [21, 63, 126, 252]
        .iter()
        .filter_map(|&d| m.path.points.iter().find(|p| p.day == d))
        .map(|p| format!("day {} {}", p.day, pct(p.pair, 1)))
        .collect();
    if at.is_empty() {
        return "No event reaches a month after its entry.".to_owned();
    }
    format!(
        "Average cumulative pair ({} − {}) return after an event: {}.",
        m.names[0],
        m.names[1],
        at.join(", ")
    )
}

/// A few days after the entry, as the arrow keys step through them (x: the day).
pub fn stops(m: &PathModel) -> Vec<(f64, f64)> {
    [0, 5, 21, 63, 126, 189, 252]
        .iter()
        .filter_map(|&d| m.path.points.iter().find(|p| p.day == d))
        .map(|p| (p.day as f64, p.pair))
        .collect()
}
