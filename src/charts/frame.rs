//! The frame every chart is drawn in: the canvas surface sized for the screen, margins, grid,
//! axis labels and the zero line.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::DrawError;
use super::axis::KeyAxis;
use super::palette::Palette;

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

/// A font of `size` CSS pixels at the surface's scale.
pub fn font(size: f64, dpr: f64, p: &Palette) -> TextStyle<'static> {
    ("sans-serif", size * dpr).into_font().color(&p.axis)
}

/// A chart drawn on the shared frame, on any plotters backend (the page's canvas, or SVG for
/// the first screen rendered at build time).
pub type Chart<'a, DB = CanvasBackend> =
    ChartContext<'a, DB, Cartesian2d<KeyAxis, plotters::coord::types::RangedCoordf64>>;

/// The coordinate system [`frame`] draws, without drawing anything: for layers drawn over a
/// frame drawn earlier.
pub fn coords<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    dpr: f64,
    x: KeyAxis,
    y: (f64, f64),
) -> Result<Chart<'a, DB>, DrawError> {
    Ok(ChartBuilder::on(root)
        .margin_top(8.0 * dpr)
        .margin_right(22.0 * dpr)
        .x_label_area_size(24.0 * dpr)
        .y_label_area_size(44.0 * dpr)
        .build_cartesian_2d(x, y.0..y.1)?)
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
pub fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    dpr: f64,
    p: &Palette,
    spec: FrameSpec<'_>,
) -> Result<Chart<'a, DB>, DrawError> {
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
        // No light grid: transparent lines are skipped, where background-coloured ones were
        // drawn (and written into the first screen's SVG).
        .light_line_style(TRANSPARENT)
        .axis_style(p.axis)
        .label_style(font(12.0, dpr, p))
        .x_label_formatter(x_label)
        .y_labels(y_labels)
        .y_label_formatter(y_label);
    if x_grid == Grid::None {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;
    Ok(chart)
}

/// The y = 0 line across the chart.
pub fn zero_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    p: &Palette,
    x0: f64,
    x1: f64,
) -> Result<(), DrawError> {
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x0, 0.0), (x1, 0.0)],
        p.axis.stroke_width(1),
    )))?;
    Ok(())
}
