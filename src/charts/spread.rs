//! Spread chart: the daily spread over the whole range (in percent, or in σ when the threshold
//! is in z units), the threshold line(s) and every event.
//!
//! The trace is decimated to one min/max pair per pixel column, so drawing costs depend on
//! the canvas width, not on the number of days.

use std::cell::RefCell;

use equalizer_engine::{Date, Direction, ThresholdUnit};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{
    CoordMap, DrawError, FrameSpec, Grid, KeyAxis, Palette, coords, frame, padded, pct_label,
    sigma_label, surface, zero_line,
};
use crate::format::pct;
use crate::shared::Shared;
use crate::worker::protocol::PairSeries;

/// What the spread chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadModel {
    /// The pair's daily series.
    pub pair: Shared<PairSeries>,
    /// What the threshold measures, and so what the chart plots: the spread or its z.
    pub unit: ThresholdUnit,
    /// Event day indices.
    pub events: Vec<usize>,
    /// Day indices of the events held out of the study (out of sample), drawn as triangles.
    pub held_out: Vec<usize>,
    /// Threshold in the plotted series' units (a fraction, or σ).
    pub threshold: f64,
    pub direction: Direction,
    /// The event picked by a click (its day index), drawn with a ring.
    pub selected: Option<usize>,
}

impl SpreadModel {
    /// The plotted series: the spread, or its z.
    fn series(&self) -> &[f64] {
        self.pair.signal(self.unit)
    }

    /// The threshold lines' y values, in the plotted series' units.
    pub fn lines(&self) -> Vec<f64> {
        let mut lines = Vec::new();
        if matches!(self.direction, Direction::Up | Direction::Abs) {
            lines.push(self.threshold);
        }
        if matches!(self.direction, Direction::Down | Direction::Abs) {
            lines.push(-self.threshold);
        }
        lines
    }
}

/// What the chart publishes on its canvas for tests and tools: the threshold lines
/// (`data-lines`, in the plotted units) and the unit (`data-unit`).
pub fn published(m: &SpreadModel) -> Vec<(&'static str, String)> {
    let lines: Vec<String> = m.lines().iter().map(f64::to_string).collect();
    vec![
        ("data-lines", lines.join(" ")),
        ("data-unit", m.unit.as_str().to_owned()),
        ("data-held-out", m.held_out.len().to_string()),
    ]
}

/// Day index nearest to CSS-pixel x (never the first day, which has no return).
fn day_at(m: &SpreadModel, map: &CoordMap, x: f64) -> Option<usize> {
    let dates = &m.pair.dates;
    if dates.len() < 2 {
        return None;
    }
    let day = map.x_from_px(x);
    let k = dates
        .partition_point(|d| day_x(*d) < day)
        .clamp(1, dates.len() - 1);
    let dist = |i: usize| (day_x(dates[i]) - day).abs();
    Some(if k > 1 && dist(k - 1) <= dist(k) {
        k - 1
    } else {
        k
    })
}

/// The date and both legs' returns under the cursor. A pixel spans several days, so the
/// cursor snaps to an event marker within [`PICK_RADIUS`], else takes the nearest day.
pub fn hover(m: &SpreadModel, map: &CoordMap, x: f64, y: f64) -> Option<String> {
    let i = match nearest_event(m, map, x, y) {
        Some(i) => i,
        None => day_at(m, map, x)?,
    };
    let p = &m.pair;
    let event = if m.events.contains(&i) {
        " · event"
    } else {
        ""
    };
    let z = match (m.unit, p.z[i]) {
        (ThresholdUnit::Z, z) if z.is_finite() => format!(", {z:.2} σ"),
        (ThresholdUnit::Z, _) => ", no z (less than a year before)".to_owned(),
        (ThresholdUnit::Pct, _) => String::new(),
    };
    Some(format!(
        "{}: spread {}{z} ({} {}, {} {}){event}",
        p.dates[i],
        pct(p.spread[i], 2),
        p.long,
        pct(p.long_returns[i], 2),
        p.short,
        pct(p.short_returns[i], 2),
    ))
}

/// Largest distance in CSS pixels between a click and the event marker it picks.
const PICK_RADIUS: f64 = 8.0;

/// The event whose marker is nearest the click, if one lies within [`PICK_RADIUS`].
pub fn pick(m: &SpreadModel, map: &CoordMap, x: f64, y: f64) -> Option<Date> {
    nearest_event(m, map, x, y).map(|i| m.pair.dates[i])
}

/// Day index of the event marker nearest (x, y), if within [`PICK_RADIUS`].
fn nearest_event(m: &SpreadModel, map: &CoordMap, x: f64, y: f64) -> Option<usize> {
    let dates = &m.pair.dates;
    let spread = m.series();
    m.events
        .iter()
        .map(|&i| {
            let dx = map.px_from_x(day_x(dates[i])) - x;
            let dy = map.px_from_y(spread[i]) - y;
            (i, dx.hypot(dy))
        })
        .filter(|(_, d)| *d <= PICK_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Min and max of `values` per pixel column; `xs` are the matching x positions (sorted).
/// Returns `(column, min, max)` for every column that has data.
pub fn decimate(
    xs: &[f64],
    values: &[f64],
    x0: f64,
    x1: f64,
    columns: usize,
) -> Vec<(usize, f64, f64)> {
    let mut out: Vec<(usize, f64, f64)> = Vec::with_capacity(columns);
    let span = (x1 - x0).max(f64::MIN_POSITIVE);
    let last = columns.saturating_sub(1) as f64;
    for (x, v) in xs.iter().zip(values) {
        if !v.is_finite() {
            continue;
        }
        let col = (((x - x0) / span) * last).round().clamp(0.0, last) as usize;
        match out.last_mut() {
            Some(c) if c.0 == col => {
                c.1 = c.1.min(*v);
                c.2 = c.2.max(*v);
            }
            _ => out.push((col, *v, *v)),
        }
    }
    out
}

/// What the spread chart's static layer (background, axes, trace and zero line) depends on:
/// not the threshold, the events or the picked event, so a threshold change copies the layer
/// instead of redrawing every pixel column of the trace.
#[derive(Debug, Clone, PartialEq)]
struct LayerKey {
    pair: Shared<PairSeries>,
    unit: ThresholdUnit,
    width: u32,
    height: u32,
    dpr: f64,
    palette: Palette,
    y: (f64, f64),
}

thread_local! {
    /// The last static layer drawn, on a canvas outside the page.
    static LAYER: RefCell<Option<(LayerKey, HtmlCanvasElement)>> = const { RefCell::new(None) };
}

/// The x axis: first to last day with a return, labelled at year starts (every `step` years,
/// so labels stay about 44 CSS px apart).
fn x_axis(dates: &[Date], x0: f64, x1: f64, css_width: f64) -> KeyAxis {
    let (first_year, last_year) = (dates[1].year(), dates[dates.len() - 1].year());
    let years = (last_year - first_year + 1).max(1);
    let fit = ((css_width - 60.0) / 44.0).max(1.0) as i32;
    let step = (1..).find(|k| years / k <= fit).unwrap_or(years);
    let keys: Vec<f64> = (first_year..=last_year + 1)
        .filter(|y| y % step == 0)
        .filter_map(|y| Date::from_ymd(y, 1, 1))
        .map(day_x)
        .filter(|x| *x >= x0 && *x <= x1)
        .collect();
    KeyAxis::new(x0, x1, keys)
}

/// A day's position on the x axis (days since the epoch).
fn day_x(d: Date) -> f64 {
    f64::from(d.days())
}

/// Where the chart's axes run: the x range (first to last day with a return) and its labelled
/// keys for a chart `css_width` pixels wide, and the y range (the plotted values and the
/// threshold lines, padded). `None` with fewer than two days.
fn geometry(m: &SpreadModel, css_width: f64) -> Option<(KeyAxis, (f64, f64))> {
    let dates = &m.pair.dates;
    if dates.len() < 2 {
        return None;
    }
    let spread = m.series();
    let (x0, x1) = (day_x(dates[1]), day_x(dates[dates.len() - 1]));
    // z is NaN in the first year (no trailing window): those days are left out.
    let (lo, hi) = spread[1..]
        .iter()
        .chain(&m.lines())
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    Some((x_axis(dates, x0, x1, css_width), padded(lo, hi, 0.05)))
}

/// Draws the static layer on `root`: background, frame, the trace decimated to the plot's
/// pixel columns, and the zero line.
fn draw_layer<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    key: &LayerKey,
    axis: KeyAxis,
) -> Result<(), DrawError> {
    let (p, dpr) = (&key.palette, key.dpr);
    root.fill(&p.bg)?;
    let (x0, x1) = (axis.lo, axis.hi);
    let y_label = |v: &f64| match key.unit {
        ThresholdUnit::Pct => pct_label(*v),
        ThresholdUnit::Z => sigma_label(*v),
    };
    let mut chart = frame(
        root,
        dpr,
        p,
        FrameSpec {
            x: axis,
            y: key.y,
            y_labels: 7,
            x_grid: Grid::Lines,
            x_label: &|x| Date::from_days(*x as i32).year().to_string(),
            y_label: &y_label,
        },
    )?;
    let spread = key.pair.signal(key.unit);
    let xs: Vec<f64> = key.pair.dates.iter().map(|d| day_x(*d)).collect();
    let (px_x, _) = chart.plotting_area().get_pixel_range();
    let columns = (px_x.end - px_x.start).max(1) as usize;
    let cols = decimate(&xs[1..], &spread[1..], x0, x1, columns);
    let last = columns.saturating_sub(1).max(1) as f64;
    let x_of = |c: usize| x0 + c as f64 / last * (x1 - x0);
    let line = cols
        .iter()
        .flat_map(|&(c, lo, hi)| [(x_of(c), lo), (x_of(c), hi)]);
    chart.draw_series(std::iter::once(PathElement::new(
        line.collect::<Vec<_>>(),
        p.trace.stroke_width(1),
    )))?;
    zero_line(&mut chart, p, x0, x1)?;
    Ok(())
}

/// Draws the static layer for `key` on a new canvas of the chart's size.
fn static_layer(key: &LayerKey, axis: KeyAxis) -> Result<HtmlCanvasElement, DrawError> {
    let no_layer =
        || DrawError::Plot("the browser could not make the chart's background layer".to_owned());
    let layer: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or_else(no_layer)?;
    layer.set_width(key.width);
    layer.set_height(key.height);
    let backend = CanvasBackend::with_canvas_object(layer.clone()).ok_or(DrawError::NoContext)?;
    let root = backend.into_drawing_area();
    draw_layer(&root, key, axis)?;
    root.present()?;
    Ok(layer)
}

/// Draws what changes with the threshold over a layer already drawn: the threshold line(s),
/// the event markers, the held-out events and the picked event's ring.
fn draw_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    m: &SpreadModel,
    p: &Palette,
    dpr: f64,
    axis: KeyAxis,
    (y0, y1): (f64, f64),
) -> Result<CoordMap, DrawError> {
    let dates = &m.pair.dates;
    let spread = m.series();
    let (x0, x1) = (axis.lo, axis.hi);
    let mut chart = coords(root, dpr, axis, (y0, y1))?;
    let stroke = (1.5 * dpr).round() as u32;
    chart.draw_series(
        m.lines()
            .into_iter()
            .map(|y| PathElement::new(vec![(x0, y), (x1, y)], p.event.stroke_width(stroke))),
    )?;
    let r = (3.5 * dpr).round() as i32;
    chart.draw_series(m.events.iter().flat_map(|&i| {
        let at = (day_x(dates[i]), spread[i]);
        [
            Circle::new(at, r, p.event.filled()),
            Circle::new(at, r, p.pair.stroke_width(1)),
        ]
    }))?;
    // Out-of-sample events: hollow triangles in the long leg's colour, apart from the study's.
    chart.draw_series(
        m.held_out
            .iter()
            .filter(|&&i| spread[i].is_finite())
            .map(|&i| {
                TriangleMarker::new(
                    (day_x(dates[i]), spread[i]),
                    r + (dpr.round() as i32),
                    p.long.stroke_width(stroke),
                )
            }),
    )?;
    if let Some(i) = m.selected {
        let ring = Circle::new(
            (day_x(dates[i]), spread[i]),
            r * 2,
            p.pair.stroke_width(stroke),
        );
        chart.draw_series(std::iter::once(ring))?;
    }
    Ok(CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (x0, x1),
        (y0, y1),
    ))
}

/// Draws the spread chart on the page's canvas: the static layer (kept from the last draw when
/// nothing it depends on changed), then the marks.
pub fn draw(
    canvas: &HtmlCanvasElement,
    m: &SpreadModel,
    p: &Palette,
) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    let (axis, y) = geometry(m, f64::from(s.width) / dpr).ok_or(DrawError::Empty)?;
    let key = LayerKey {
        pair: m.pair.clone(),
        unit: m.unit,
        width: s.width,
        height: s.height,
        dpr,
        palette: *p,
        y,
    };
    let kept = LAYER.with_borrow(|l| {
        l.as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, layer)| layer.clone())
    });
    let layer = match kept {
        Some(layer) => layer,
        None => {
            let layer = static_layer(&key, axis.clone())?;
            LAYER.with_borrow_mut(|l| *l = Some((key, layer.clone())));
            layer
        }
    };
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(DrawError::NoContext)?;
    ctx.draw_image_with_html_canvas_element(&layer, 0.0, 0.0)
        .map_err(|_| DrawError::NoContext)?;
    let root = s.backend.into_drawing_area();
    let map = draw_marks(&root, m, p, dpr, axis, y)?;
    root.present()?;
    Ok(map)
}

/// Draws the whole chart, layer and marks, on any plotters backend of `size` pixels at scale 1
/// (the first screen's SVG, rendered at build time with the same code as the canvas).
pub fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    m: &SpreadModel,
    p: &Palette,
) -> Result<CoordMap, DrawError> {
    let (width, height) = root.dim_in_pixel();
    let (axis, y) = geometry(m, f64::from(width)).ok_or(DrawError::Empty)?;
    let key = LayerKey {
        pair: m.pair.clone(),
        unit: m.unit,
        width,
        height,
        dpr: 1.0,
        palette: *p,
        y,
    };
    draw_layer(root, &key, axis.clone())?;
    let map = draw_marks(root, m, p, 1.0, axis, y)?;
    root.present()?;
    Ok(map)
}

/// The events in date order, as the arrow keys step through them (x: date as days, y: the
/// plotted value).
pub fn stops(m: &SpreadModel) -> Vec<(f64, f64)> {
    let dates = &m.pair.dates;
    let series = m.series();
    m.events
        .iter()
        .filter(|&&i| series[i].is_finite())
        .map(|&i| (f64::from(dates[i].days()), series[i]))
        .collect()
}

/// The chart in words, for readers who cannot see it: the pair, the range, how many days
/// cross the threshold and the largest of them.
pub fn describe(m: &SpreadModel) -> String {
    let pair = &m.pair;
    let dates = &pair.dates;
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return "No data to plot.".to_owned();
    };
    let series = m.series();
    let value = |v: f64| match m.unit {
        ThresholdUnit::Pct => crate::format::pct(v, 2),
        ThresholdUnit::Z => format!("{v:.2} σ"),
    };
    let largest = m
        .events
        .iter()
        .filter(|&&i| series[i].is_finite())
        .max_by(|&&a, &&b| series[a].abs().total_cmp(&series[b].abs()))
        .map(|&i| format!(", the largest {} on {}", value(series[i]), dates[i]))
        .unwrap_or_default();
    let what = match m.unit {
        ThresholdUnit::Pct => "spread",
        ThresholdUnit::Z => "spread in σ",
    };
    format!(
        "Daily {} − {} {what} from {first} to {last}; {} event day{} beyond the threshold of {}{largest}.",
        pair.long,
        pair.short,
        m.events.len(),
        if m.events.len() == 1 { "" } else { "s" },
        value(m.threshold),
    )
}

#[cfg(test)]
mod tests {
    use super::decimate;

    /// Naive: for each column, scan every point.
    #[test]
    fn decimation_keeps_each_columns_extremes() {
        let xs: Vec<f64> = (0..1000).map(f64::from).collect();
        let vs: Vec<f64> = xs.iter().map(|x| (x * 0.37).sin()).collect();
        let cols = decimate(&xs, &vs, 0.0, 999.0, 50);
        assert_eq!(cols.len(), 50);
        for &(c, lo, hi) in &cols {
            let members: Vec<f64> = xs
                .iter()
                .zip(&vs)
                .filter(|(x, _)| ((*x / 999.0) * 49.0).round() as usize == c)
                .map(|(_, v)| *v)
                .collect();
            assert_eq!(lo, members.iter().copied().fold(f64::INFINITY, f64::min));
            assert_eq!(
                hi,
                members.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            );
        }
    }
}
