//! Charts: one pure `draw(canvas, &model) -> Result<CoordMap, DrawError>` per chart.
//!
//! Each draw sizes the canvas backing store to its CSS box × `devicePixelRatio` (sharp on
//! HiDPI screens), draws with plotters, and returns the [`CoordMap`] from data to CSS pixels
//! so hover and clicks can be mapped back to data. Titles and legends are HTML.

pub mod axis;
pub mod cross;
pub mod equity;
pub mod forward;
pub mod frame;
pub mod models;
pub mod palette;
pub mod path;
pub mod png;
pub mod spread;

pub use axis::{KeyAxis, padded, pct_label, sigma_label};
pub use frame::{Chart, FrameSpec, Grid, Surface, coords, font, frame, surface, zero_line};
pub use palette::{DARK, LIGHT, Palette};

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

/// plotters' drawing errors become [`DrawError::Plot`], so chart code uses a plain `?`.
impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for DrawError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> DrawError {
        DrawError::Plot(e.to_string())
    }
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

    /// Data y under a CSS-pixel y.
    pub fn y_from_px(&self, py: f64) -> f64 {
        let (_, t, _, b) = self.px;
        self.y.0 + (b - py) / (b - t) * (self.y.1 - self.y.0)
    }

    /// CSS-pixel y of a data y.
    pub fn px_from_y(&self, y: f64) -> f64 {
        let (_, t, _, b) = self.px;
        b - (y - self.y.0) / (self.y.1 - self.y.0) * (b - t)
    }
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
        assert_eq!(m.y_from_px(25.0), 0.0);
        assert_eq!(m.y_from_px(m.px_from_y(0.5)), 0.5);
    }
}
