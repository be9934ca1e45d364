//! A chart as a PNG that stands on its own: the chart under a header with its title, the
//! settings it was drawn with and its legend, in a file named after them.

use plotters::style::RGBColor;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::palette::Palette;

/// Which colour of the palette a legend entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// The long leg.
    Long,
    /// The short leg.
    Short,
    /// The pair.
    Pair,
    /// Events and threshold lines.
    Event,
    /// The daily spread trace.
    Trace,
}

impl Swatch {
    fn colour(self, p: &Palette) -> RGBColor {
        match self {
            Swatch::Long => p.long,
            Swatch::Short => p.short,
            Swatch::Pair => p.pair,
            Swatch::Event => p.event,
            Swatch::Trace => p.trace,
        }
    }
}

/// What the PNG's header says.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    /// The chart's title.
    pub title: String,
    /// The settings: tickers, rule, range, horizons.
    pub settings: String,
    /// Legend entries.
    pub legend: Vec<(String, Swatch)>,
    /// The file name without `.png`, ASCII.
    pub file_stem: String,
}

/// Height of the header in CSS pixels.
const HEADER: f64 = 64.0;

/// The chart on `canvas` under `caption`'s header, as a PNG data URL.
pub fn png_data_url(canvas: &HtmlCanvasElement, caption: &Caption, p: &Palette) -> Option<String> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let header = (HEADER * dpr).round();
    let out: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    out.set_width(canvas.width());
    out.set_height(canvas.height() + header as u32);
    let ctx: CanvasRenderingContext2d = out.get_context("2d").ok()??.dyn_into().ok()?;
    let css = |c: RGBColor| format!("rgb({},{},{})", c.0, c.1, c.2);
    ctx.set_fill_style_str(&css(p.bg));
    ctx.fill_rect(0.0, 0.0, f64::from(out.width()), f64::from(out.height()));
    let x = 12.0 * dpr;
    ctx.set_fill_style_str(&css(p.axis));
    ctx.set_font(&format!("bold {}px sans-serif", 15.0 * dpr));
    ctx.fill_text(&caption.title, x, 20.0 * dpr).ok()?;
    ctx.set_font(&format!("{}px sans-serif", 12.0 * dpr));
    ctx.fill_text(&caption.settings, x, 38.0 * dpr).ok()?;
    let mut at = x;
    for (label, swatch) in &caption.legend {
        ctx.set_fill_style_str(&css(swatch.colour(p)));
        ctx.fill_rect(at, 47.0 * dpr, 12.0 * dpr, 8.0 * dpr);
        ctx.set_fill_style_str(&css(p.axis));
        ctx.fill_text(label, at + 16.0 * dpr, 55.0 * dpr).ok()?;
        at += (16.0 + 8.0) * dpr + ctx.measure_text(label).ok()?.width();
    }
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, header)
        .ok()?;
    out.to_data_url().ok()
}
