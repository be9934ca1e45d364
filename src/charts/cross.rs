//! Cross-section chart: every ticker's edge after the events at one horizon, ranked, each
//! labelled with its number of events; its 95 % interval only where the calibration lets that
//! figure speak (a chart must not show a claim its sentence denies); the article's picks in the
//! long leg's colour.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::format::{opt_pct, pct};

use super::{CoordMap, DrawError, KeyAxis, Palette, font, padded, pct_label, surface};

/// One ticker's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossBar {
    /// The ticker (or `file:NAME` leg).
    pub ticker: String,
    /// Mean after the events − the mean of every eligible day.
    pub edge: f64,
    /// Its cluster-bootstrap 95 % interval, where the events support one.
    pub interval: Option<(f64, f64)>,
    /// Events with a complete window at the horizon.
    pub events: usize,
    /// One of the article's picks.
    pub pick: bool,
    /// The family-wise adjusted p.
    pub adjusted_p: Option<f64>,
}

/// What the cross-section chart shows: bars from the largest edge down.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossModel {
    /// The horizon's label ("3M").
    pub horizon: String,
    /// Bars, largest edge first.
    pub bars: Vec<CrossBar>,
    /// Whether the intervals are drawn: only when the calibration lets the cluster-bootstrap
    /// interval speak.
    pub intervals: Intervals,
}

/// Whether a chart draws its intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intervals {
    /// Drawn: the figure passed the calibration.
    Drawn,
    /// Not drawn: the calibration measured the figure calling edges too often.
    Withheld,
}

impl Intervals {
    /// The cluster-bootstrap interval is a significance figure: drawn only when the calibration
    /// lets it speak.
    pub fn calibrated() -> Intervals {
        if crate::calibration::speaks(
            equalizer_engine::study::significance::Figure::BootstrapInterval,
        ) {
            Intervals::Drawn
        } else {
            Intervals::Withheld
        }
    }
}

/// y of the middle of rank `k` (rank 0 at the top).
fn row_y(n: usize, k: usize) -> f64 {
    (n - k) as f64 - 0.5
}

/// The bar under the cursor: its edge, interval and adjusted p.
pub fn hover(m: &CrossModel, map: &CoordMap, _x: f64, y: f64) -> Option<String> {
    let n = m.bars.len();
    let from_top = (n as f64 - map.y_from_px(y)).floor();
    let bar = m.bars.get(usize::try_from(from_top as i64).ok()?)?;
    let interval = match (m.intervals, bar.interval) {
        (Intervals::Withheld, _) => {
            "no interval (it calls edges too often on pairs that have none)".to_owned()
        }
        (Intervals::Drawn, None) => "no interval (too few episodes)".to_owned(),
        (Intervals::Drawn, Some((lo, hi))) => {
            format!("95 % interval {} … {}", pct(lo, 1), pct(hi, 1))
        }
    };
    let adjusted = bar
        .adjusted_p
        .map_or_else(|| "n/a".to_owned(), |p| format!("{p:.3}"));
    Some(format!(
        "{}{}, {} events: edge {} at {}, {interval}, adjusted p {adjusted}",
        bar.ticker,
        if bar.pick { " (article's pick)" } else { "" },
        crate::format::count(bar.events),
        opt_pct(Some(bar.edge), 1),
        m.horizon
    ))
}

/// Published on the canvas after each draw: the tickers from the top bar down.
pub fn published(m: &CrossModel) -> Vec<(&'static str, String)> {
    let ranked: Vec<&str> = m.bars.iter().map(|b| b.ticker.as_str()).collect();
    vec![
        ("data-ranked", ranked.join(",")),
        ("data-horizon", m.horizon.clone()),
        (
            "data-events",
            m.bars
                .iter()
                .map(|b| b.events.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
        (
            "data-intervals",
            match m.intervals {
                Intervals::Drawn => "drawn",
                Intervals::Withheld => "withheld",
            }
            .to_owned(),
        ),
    ]
}

/// Draws the cross-section chart.
pub fn draw(
    canvas: &HtmlCanvasElement,
    m: &CrossModel,
    p: &Palette,
) -> Result<CoordMap, DrawError> {
    let s = surface(canvas)?;
    let dpr = s.dpr;
    if m.bars.is_empty() {
        return Err(DrawError::Empty);
    }
    let n = m.bars.len();
    let (lo, hi) = m
        .bars
        .iter()
        .flat_map(|b| {
            let (l, h) = match m.intervals {
                Intervals::Drawn => b.interval.unwrap_or((b.edge, b.edge)),
                Intervals::Withheld => (b.edge, b.edge),
            };
            [b.edge, l, h]
        })
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (x0, x1) = padded(lo, hi, 0.05);
    let root = s.backend.into_drawing_area();
    root.fill(&p.bg)?;
    let keys: Vec<f64> = (0..n).map(|k| row_y(n, k)).collect();
    // A ★ after the ticker: beyond chance after adjustment, either way.
    let label = |y: &f64| {
        let k = n as f64 - 0.5 - y;
        m.bars
            .get(k.round().max(0.0) as usize)
            .map_or_else(String::new, |b| {
                let strong = crate::advice::beyond_chance(
                    b.adjusted_p,
                    equalizer_engine::study::significance::Figure::CrossAdjusted,
                );
                format!(
                    "{} ({}){}",
                    b.ticker,
                    b.events,
                    if strong { " ★" } else { "" }
                )
            })
    };
    let mut chart = ChartBuilder::on(&root)
        .margin_top(6.0 * dpr)
        .margin_right(16.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(88.0 * dpr)
        .build_cartesian_2d(x0..x1, KeyAxis::new(0.0, n as f64, keys))?;
    chart
        .configure_mesh()
        .bold_line_style(p.grid.stroke_width(1))
        .light_line_style(p.bg)
        .axis_style(p.axis)
        .label_style(font(12.0, dpr, p))
        .x_labels(5)
        .x_label_formatter(&|v| pct_label(*v))
        .y_label_formatter(&label)
        .disable_y_mesh()
        .draw()?;
    // Picks in the long leg's colour; pale without an interval (too few episodes).
    let fill = |b: &CrossBar| {
        let c = if b.pick { p.long } else { p.trace };
        match b.interval {
            Some(_) => c.filled(),
            None => c.mix(0.35).filled(),
        }
    };
    chart.draw_series(m.bars.iter().enumerate().map(|(k, b)| {
        let y = row_y(n, k);
        Rectangle::new([(0.0, y - 0.32), (b.edge, y + 0.32)], fill(b))
    }))?;
    // A pale bar keeps a full-strength outline, so its extent still reads at 3:1.
    chart.draw_series(
        m.bars
            .iter()
            .enumerate()
            .filter(|(_, b)| b.interval.is_none())
            .map(|(k, b)| {
                let y = row_y(n, k);
                let c = if b.pick { p.long } else { p.trace };
                Rectangle::new([(0.0, y - 0.32), (b.edge, y + 0.32)], c.stroke_width(1))
            }),
    )?;
    let whiskers = m.bars.iter().enumerate().filter_map(|(k, b)| {
        if m.intervals == Intervals::Withheld {
            return None;
        }
        let (l, h) = b.interval?;
        let y = row_y(n, k);
        Some(PathElement::new(
            vec![(l, y), (h, y)],
            p.axis.stroke_width((1.5 * dpr) as u32),
        ))
    });
    chart.draw_series(whiskers)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n as f64)],
        p.axis.stroke_width(1),
    )))?;
    let map = CoordMap::from_pixel_range(
        chart.plotting_area().get_pixel_range(),
        dpr,
        (x0, x1),
        (0.0, n as f64),
    );
    root.present()?;
    Ok(map)
}

/// The chart in words: every ETF's edge at the horizon, from the largest down.
pub fn describe(m: &CrossModel) -> String {
    let bars: Vec<String> = m
        .bars
        .iter()
        .map(|b| {
            format!(
                "{}{} {} ({} events)",
                b.ticker,
                if b.pick { " (pick)" } else { "" },
                pct(b.edge, 1),
                crate::format::count(b.events)
            )
        })
        .collect();
    let intervals = match m.intervals {
        Intervals::Drawn => "",
        Intervals::Withheld => {
            " No intervals are drawn: on pairs with no edge the calibration measured them calling one too often."
        }
    };
    format!(
        "Edge after the events at {}, largest first: {}.{intervals}",
        m.horizon,
        bars.join(", ")
    )
}

/// The bars from the top down, as the arrow keys step through them (y: the bar's row).
pub fn stops(m: &CrossModel) -> Vec<(f64, f64)> {
    let n = m.bars.len();
    m.bars
        .iter()
        .enumerate()
        .map(|(k, b)| (b.edge, row_y(n, k)))
        .collect()
}
