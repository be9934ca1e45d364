//! Charts: one pure `draw(canvas, &model) -> Result<CoordMap, DrawError>` per chart.
//!
//! Each draw sizes the canvas backing store to its CSS box × `devicePixelRatio` (sharp on
//! HiDPI screens), draws with plotters, and returns the [`CoordMap`] from data to CSS pixels
//! so hover and clicks can be mapped back to data. Titles and legends are HTML.

pub mod forward;
pub mod path;
pub mod spread;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The colours a chart is drawn with. Both palettes build on Okabe–Ito, which stays distinct
/// for colour-blind readers; `theme::tests` checks that under simulated colour blindness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Canvas background.
    pub bg: RGBColor,
    /// Long leg.
    pub long: RGBColor,
    /// Short leg.
    pub short: RGBColor,
    /// Pair (long − short).
    pub pair: RGBColor,
    /// Event markers and threshold lines.
    pub event: RGBColor,
    /// Daily spread trace.
    pub trace: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Axis lines and text.
    pub axis: RGBColor,
}

/// Light theme: Okabe–Ito blue, vermillion and orange on white.
pub const LIGHT: Palette = Palette {
    bg: RGBColor(0xFF, 0xFF, 0xFF),
    long: RGBColor(0x00, 0x72, 0xB2),
    short: RGBColor(0xD5, 0x5E, 0x00),
    pair: RGBColor(0x22, 0x22, 0x22),
    event: RGBColor(0xE6, 0x9F, 0x00),
    trace: RGBColor(0x88, 0x88, 0x88),
    grid: RGBColor(0xE4, 0xE4, 0xE4),
    axis: RGBColor(0x44, 0x44, 0x44),
};

/// Dark theme: Okabe–Ito sky blue, a lighter vermillion and yellow on near-black.
pub const DARK: Palette = Palette {
    bg: RGBColor(0x17, 0x18, 0x1C),
    long: RGBColor(0x56, 0xB4, 0xE9),
    short: RGBColor(0xF0, 0x7A, 0x3A),
    pair: RGBColor(0xEE, 0xEE, 0xEE),
    event: RGBColor(0xF0, 0xE4, 0x42),
    trace: RGBColor(0x8A, 0x8A, 0x90),
    grid: RGBColor(0x33, 0x34, 0x3A),
    axis: RGBColor(0xBB, 0xBB, 0xC0),
};

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrawError {
    /// The canvas has no 2-D context.
    #[error("the browser gave no 2-D drawing context for the chart")]
    NoContext,
    /// Nothing to draw (no data points).
    #[error("nothing to draw")]
    Empty,
    /// plotters failed.
    #[error("drawing failed: {0}")]
    Plot(String),
}

/// Maps between data coordinates and CSS pixels of the plotting area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoordMap {
    /// Plot area in CSS pixels: left, top, right, bottom.
    pub px: (f64, f64, f64, f64),
    /// Data range on x: min, max.
    pub x: (f64, f64),
    /// Data range on y: min, max.
    pub y: (f64, f64),
}

impl CoordMap {
    /// Builds the map from a plotters pixel range (device pixels) and the device pixel ratio.
    pub fn from_pixel_range(
        range: (std::ops::Range<i32>, std::ops::Range<i32>),
        dpr: f64,
        x: (f64, f64),
        y: (f64, f64),
    ) -> CoordMap {
        let (xr, yr) = range;
        CoordMap {
            px: (
                f64::from(xr.start) / dpr,
                f64::from(yr.start) / dpr,
                f64::from(xr.end) / dpr,
                f64::from(yr.end) / dpr,
            ),
            x,
            y,
        }
    }

    /// Data x under a CSS-pixel x.
    pub fn x_from_px(&self, px: f64) -> f64 {
        let (l, _, r, _) = self.px;
        self.x.0 + (px - l) / (r - l) * (self.x.1 - self.x.0)
    }

    /// CSS-pixel x of a data x.
    pub fn px_from_x(&self, x: f64) -> f64 {
        let (l, _, r, _) = self.px;
        l + (x - self.x.0) / (self.x.1 - self.x.0) * (r - l)
    }

    /// CSS-pixel y of a data y.
    pub fn px_from_y(&self, y: f64) -> f64 {
        let (_, t, _, b) = self.px;
        b - (y - self.y.0) / (self.y.1 - self.y.0) * (b - t)
    }
}

/// A canvas ready to draw: backing store sized for the screen, and the scale used.
pub struct Surface {
    pub backend: CanvasBackend,
    /// Device pixels per CSS pixel.
    pub dpr: f64,
    /// Backing store size in device pixels.
    pub width: u32,
    pub height: u32,
}

/// Sizes the backing store to the canvas's CSS box × devicePixelRatio and wraps it.
pub fn surface(canvas: &HtmlCanvasElement) -> Result<Surface, DrawError> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_w = f64::from(canvas.client_width().max(200));
    let css_h = f64::from(canvas.client_height().max(120));
    let (width, height) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or(DrawError::NoContext)?;
    Ok(Surface {
        backend,
        dpr,
        width,
        height,
    })
}

/// Maps any plotters error to [`DrawError::Plot`].
pub fn plot_err<E: std::fmt::Display>(e: E) -> DrawError {
    DrawError::Plot(e.to_string())
}

/// A font of `size` CSS pixels at the surface's scale.
pub fn font(size: f64, dpr: f64, p: &Palette) -> TextStyle<'static> {
    ("sans-serif", size * dpr).into_font().color(&p.axis)
}

/// Axis label for a fraction in percent, with a true minus sign.
pub fn pct_label(v: f64) -> String {
    let p = v * 100.0;
    if p.abs() < 1e-9 {
        return "0%".to_owned();
    }
    let digits = if p.abs() >= 10.0 || (p - p.round()).abs() < 1e-6 {
        0
    } else {
        1
    };
    format!("{:.*}%", digits, p).replacen('-', "\u{2212}", 1)
}

/// Pads a data range by `frac` of its span on both sides (and widens a zero span).
pub fn padded(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let span = if hi > lo { hi - lo } else { lo.abs().max(0.01) };
    (lo - span * frac, hi + span * frac)
}

/// A linear f64 axis whose grid lines and labels sit exactly at `keys` (year starts, horizon
/// centres), which plotters' own `WithKeyPoints` cannot combine with a label formatter.
#[derive(Debug, Clone)]
pub struct KeyAxis {
    pub lo: f64,
    pub hi: f64,
    pub keys: Vec<f64>,
}

impl KeyAxis {
    /// An axis from `lo` to `hi` with labels at `keys`.
    pub fn new(lo: f64, hi: f64, keys: Vec<f64>) -> KeyAxis {
        KeyAxis { lo, hi, keys }
    }
}

impl plotters::coord::ranged1d::Ranged for KeyAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        let t = (value - self.lo) / span;
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only bold points: light grid lines would repeat the same positions.
        if hint.weight().allow_light_points() || hint.max_num_points() == 0 {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// A chart drawn on the shared frame.
pub type Chart<'a> =
    ChartContext<'a, CanvasBackend, Cartesian2d<KeyAxis, plotters::coord::types::RangedCoordf64>>;

/// The coordinate system [`frame`] draws, without drawing anything: for layers drawn over a
/// frame drawn earlier.
pub fn coords<'a>(
    root: &'a DrawingArea<CanvasBackend, plotters::coord::Shift>,
    dpr: f64,
    x: KeyAxis,
    y: (f64, f64),
) -> Result<Chart<'a>, DrawError> {
    ChartBuilder::on(root)
        .margin_top(8.0 * dpr)
        .margin_right(22.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(44.0 * dpr)
        .build_cartesian_2d(x, y.0..y.1)
        .map_err(plot_err)
}

/// What a chart's frame shows: the axes, how many y labels, whether vertical grid lines are
/// drawn at the x keys, and how each axis labels its values.
pub struct FrameSpec<'a> {
    /// The x axis and its labelled keys.
    pub x: KeyAxis,
    /// The y range.
    pub y: (f64, f64),
    /// About how many y labels.
    pub y_labels: usize,
    /// Vertical grid lines at the x keys, or none.
    pub x_grid: Grid,
    /// Label of an x key.
    pub x_label: &'a dyn Fn(&f64) -> String,
    /// Label of a y value.
    pub y_label: &'a dyn Fn(&f64) -> String,
}

/// Whether the frame draws vertical grid lines at the x keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grid {
    /// Lines at the x keys.
    Lines,
    /// No vertical lines.
    None,
}

/// The frame every chart shares: margins and label areas scaled for the screen, grid lines at
/// the x keys (see [`FrameSpec`]) and labels on both axes.
pub fn frame<'a>(
    root: &'a DrawingArea<CanvasBackend, plotters::coord::Shift>,
    dpr: f64,
    p: &Palette,
    spec: FrameSpec<'_>,
) -> Result<Chart<'a>, DrawError> {
    let FrameSpec {
        x,
        y,
        y_labels,
        x_grid,
        x_label,
        y_label,
    } = spec;
    let mut chart = coords(root, dpr, x, y)?;
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(p.grid.stroke_width(1))
        .light_line_style(p.bg)
        .axis_style(p.axis)
        .label_style(font(12.0, dpr, p))
        .x_label_formatter(x_label)
        .y_labels(y_labels)
        .y_label_formatter(y_label);
    if x_grid == Grid::None {
        mesh.disable_x_mesh();
    }
    mesh.draw().map_err(plot_err)?;
    Ok(chart)
}

/// Axis label for a value in standard deviations: "3σ", "−1.5σ".
pub fn sigma_label(v: f64) -> String {
    if v.abs() < 1e-9 {
        return "0".to_owned();
    }
    let digits = if (v - v.round()).abs() < 1e-6 { 0 } else { 1 };
    format!("{:.*}σ", digits, v).replacen('-', "\u{2212}", 1)
}

/// The y = 0 line across the chart.
pub fn zero_line(chart: &mut Chart<'_>, p: &Palette, x0: f64, x1: f64) -> Result<(), DrawError> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            p.axis.stroke_width(1),
        )))
        .map_err(plot_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels() {
        assert_eq!(pct_label(-1e-17), "0%");
        assert_eq!(pct_label(0.05000000001), "5%");
        assert_eq!(pct_label(-0.05), "\u{2212}5%");
        assert_eq!(pct_label(0.025), "2.5%");
        assert_eq!(pct_label(-0.125), "\u{2212}12%");
        assert_eq!(sigma_label(3.0), "3σ");
        assert_eq!(sigma_label(-1.5), "\u{2212}1.5σ");
    }

    #[test]
    fn key_axis_maps_linearly_and_offers_only_bold_points() {
        use plotters::coord::ranged1d::{BoldPoints, LightPoints, Ranged};
        let a = KeyAxis::new(0.0, 10.0, vec![2.0, 5.0]);
        assert_eq!(a.map(&5.0, (100, 200)), 150);
        assert_eq!(a.key_points(BoldPoints(10)), vec![2.0, 5.0]);
        assert!(a.key_points(LightPoints::new(10, 10)).is_empty());
        let m = CoordMap {
            px: (10.0, 0.0, 110.0, 50.0),
            x: (0.0, 10.0),
            y: (-1.0, 1.0),
        };
        assert_eq!(m.x_from_px(60.0), 5.0);
        assert_eq!(m.px_from_x(5.0), 60.0);
        assert_eq!(m.px_from_y(0.0), 25.0);
    }
}
