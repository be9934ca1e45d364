//! Equity-curve chart of "follow the article": the value of 1 invested in the strategy and in
//! the benchmark, on a log scale (equal heights are equal percentage moves), with the days in
//! the basket shaded.

use equalizer_engine::Date;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{CoordMap, DrawError, KeyAxis, Palette, font, surface};

/// What the equity chart shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EquityModel {
    /// The calendar's days.
    pub dates: Vec<Date>,
    /// Per day: the strategy's value (net of costs) and the benchmark's, from 1 on day 0.
    pub values: Vec<(f64, f64)>,
    /// The basket's windows as calendar positions: entry day, exit day (the last day when
    /// held to the end).
    pub windows: Vec<(usize, usize)>,
    /// The benchmark's ticker.
    pub bench: String,
}

/// "×2.50": a value of 1 invested.
fn times(v: f64) -> String {
    if v >= 10.0 {
        format!("×{v:.0}")
    } else {
        format!("×{v:.2}")
    }
}

/// An axis label: "×0.5", "×1", "×20" (no trailing zeros).
fn times_short(v: f64) -> String {
    let text = format!("{v:.2}");
    format!("×{}", text.trim_end_matches('0').trim_end_matches('.'))
}

/// The log-scale axis's labelled values within `lo … hi`: 1, 2 and 5 times the powers of ten
/// (as log10, the plotted unit).
fn log_keys(lo: f64, hi: f64) -> Vec<f64> {
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    (first..=last)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(|v| (lo..=hi).contains(v))
        .map(f64::log10)
        .collect()
}

/// The day under the cursor: its date and both values.
pub fn hover(m: &EquityModel, map: &CoordMap, x: f64, _y: f64) -> Option<String> {
    let k = map.x_from_px(x).round();
    let k = usize::try_from(k as i64).ok()?;
    let (strategy, bench) = *m.values.get(k)?;
    let inside = m.windows.iter().any(|&(e, x)| k > e && k <= x);
    Some(format!(
        "{}: following the call {}, {} {}{}",
        m.dates.get(k)?,
        times(strategy),
        m.bench,
        times(bench),
        if inside { " (in the basket)" } else { "" }
    ))
}

/// Draws the equity chart.
pub fn draw(
    canvas: &HtmlCanvasElement,
    m: &EquityModel,
    p: &Palette,
) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    if m.values.len() < 2 || m.dates.len() != m.values.len() {
        return Err(DrawError::Empty);
    }
    let last = (m.values.len() - 1) as f64;
    let (lo, hi) = m
        .values
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    // Plotted as log10 (equal heights, equal percentage moves), labelled as values.
    let (v0, v1) = (lo.min(1.0) * 0.9, hi.max(1.0) * 1.1);
    let (y0, y1) = (v0.log10(), v1.log10());
    // Year starts as keys, thinned to fit the width.
    let (first_year, last_year) = (m.dates[0].year(), m.dates[m.dates.len() - 1].year());
    let fit = (f64::from(canvas.client_width().max(200)) / 60.0) as i32;
    let years = (last_year - first_year + 1).max(1);
    let step = (1..).find(|k| years / k <= fit.max(1)).unwrap_or(years);
    let keys: Vec<f64> = (first_year + 1..=last_year)
        .filter(|y| y % step == 0)
        .filter_map(|y| {
            let start = Date::from_ymd(y, 1, 1)?;
            Some(m.dates.partition_point(|d| *d < start) as f64)
        })
        .collect();
    let year_of = |x: &f64| {
        m.dates
            .get(x.round().max(0.0) as usize)
            .map_or_else(String::new, |d| d.year().to_string())
    };
    let root = s.backend.into_drawing_area();
    root.fill(&p.bg)?;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8.0 * dpr)
        .margin_right(22.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(52.0 * dpr)
        .build_cartesian_2d(
            KeyAxis::new(0.0, last, keys),
            KeyAxis::new(y0, y1, log_keys(v0, v1)),
        )?;
    chart
        .configure_mesh()
        .bold_line_style(p.grid.stroke_width(1))
        .light_line_style(p.bg)
        .axis_style(p.axis)
        .label_style(font(12.0, dpr, p))
        .x_label_formatter(&year_of)
        .y_label_formatter(&|v| times_short(10f64.powf(*v)))
        .draw()?;
    chart.draw_series(m.windows.iter().map(|&(e, x)| {
        Rectangle::new([(e as f64, y0), (x as f64, y1)], p.event.mix(0.22).filled())
    }))?;
    let width = (1.5 * dpr).max(1.0) as u32;
    chart.draw_series(LineSeries::new(
        m.values
            .iter()
            .enumerate()
            .map(|(k, v)| (k as f64, v.1.log10())),
        p.trace.stroke_width(width),
    ))?;
    chart.draw_series(LineSeries::new(
        m.values
            .iter()
            .enumerate()
            .map(|(k, v)| (k as f64, v.0.log10())),
        p.long.stroke_width(width),
    ))?;
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (0.0, last),
        (y0, y1),
    );
    root.present()?;
    Ok(map)
}

/// The chart in words: where 1 invested ended in each, and the windows in the basket.
pub fn describe(m: &EquityModel) -> String {
    let (Some(first), Some(last), Some(end)) = (m.dates.first(), m.dates.last(), m.values.last())
    else {
        return "No simulation to plot.".to_owned();
    };
    format!(
        "Value of 1 invested from {first} to {last}: following the call {}, {} held throughout {}; {} window{} in the basket.",
        times(end.0),
        m.bench,
        times(end.1),
        m.windows.len(),
        if m.windows.len() == 1 { "" } else { "s" }
    )
}

/// Each window's entry and the last day, as the arrow keys step through them (x: the day).
pub fn stops(m: &EquityModel) -> Vec<(f64, f64)> {
    m.windows
        .iter()
        .map(|&(e, _)| e)
        .chain(m.values.len().checked_sub(1))
        .filter_map(|k| Some((k as f64, m.values.get(k)?.0.log10())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_keys_are_one_two_five_within_the_range() {
        let keys: Vec<String> = log_keys(0.45, 11.0)
            .into_iter()
            .map(|k| times_short(10f64.powf(k)))
            .collect();
        assert_eq!(keys, ["×0.5", "×1", "×2", "×5", "×10"]);
        assert_eq!(times(9.683), "×9.68");
    }
}
