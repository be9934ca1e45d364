//! Forward-return chart: per horizon, the event mean of long, short and pair beside the
//! baseline mean (the lighter bar).

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::format::opt_pct;

use super::{
    CoordMap, DrawError, FrameSpec, Grid, KeyAxis, Palette, frame, padded, pct_label, surface,
    zero_line,
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
    /// Names of long, short and pair.
    pub names: [String; 3],
    pub groups: Vec<ForwardGroup>,
}

/// The horizon under the cursor: each leg's event mean and its baseline.
pub fn hover(m: &ForwardModel, map: &CoordMap, x: f64, _y: f64) -> Option<String> {
    let g = map.x_from_px(x).floor();
    let grp = m.groups.get(usize::try_from(g as i64).ok()?)?;
    let legs = (0..3)
        .map(|k| {
            format!(
                "{} {} (all days {})",
                m.names[k],
                opt_pct(grp.event[k], 1),
                opt_pct(grp.baseline[k], 1)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!("{}: {legs}", grp.label))
}

const BAR: f64 = 0.13;

/// x of bar `k` (0…5) in group `g`: event/baseline pairs side by side per leg.
fn bar_x(g: usize, k: usize) -> f64 {
    g as f64 + 0.11 + k as f64 * BAR
}

/// Draws the forward chart.
pub fn draw(
    canvas: &HtmlCanvasElement,
    m: &ForwardModel,
    p: &Palette,
) -> Result<CoordMap, DrawError> {
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
    root.fill(&p.bg)?;
    let centres: Vec<f64> = (0..m.groups.len()).map(|g| g as f64 + 0.5).collect();
    let group_label = |x: &f64| {
        let g = x.floor().max(0.0) as usize;
        m.groups
            .get(g)
            .map_or_else(String::new, |g| g.label.clone())
    };
    let mut chart = frame(
        &root,
        dpr,
        p,
        FrameSpec {
            x: KeyAxis::new(0.0, n, centres),
            y: (y0, y1),
            y_labels: 6,
            x_grid: Grid::None,
            x_label: &group_label,
            y_label: &|v| pct_label(*v),
        },
    )?;
    let colours = [p.long, p.short, p.pair];
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
    chart.draw_series(bars)?;
    zero_line(&mut chart, p, 0.0, n)?;
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (0.0, n),
        (y0, y1),
    );
    root.present()?;
    Ok(map)
}

/// The chart in words: the pair's mean after the events beside every day's, per horizon.
pub fn describe(m: &ForwardModel) -> String {
    let parts: Vec<String> = m
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} {} (every day {})",
                g.label,
                opt_pct(g.event[2], 1),
                opt_pct(g.baseline[2], 1)
            )
        })
        .collect();
    format!(
        "Mean pair ({} − {}) return after the events: {}.",
        m.names[0],
        m.names[1],
        parts.join(", ")
    )
}

/// The horizons, as the arrow keys step through them (x: the group's centre).
pub fn stops(m: &ForwardModel) -> Vec<(f64, f64)> {
    (0..m.groups.len()).map(|g| (g as f64 + 0.5, 0.0)).collect()
}
