//! The colours charts are drawn with, one palette per theme.

use plotters::style::RGBColor;

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

/// Light theme: Okabe–Ito blue, vermillion and bluish green on white (the Okabe–Ito orange
/// once used for events reached only 2.3:1 on white; a line needs 3:1).
pub const LIGHT: Palette = Palette {
    bg: RGBColor(0xFF, 0xFF, 0xFF),
    long: RGBColor(0x00, 0x72, 0xB2),
    short: RGBColor(0xD5, 0x5E, 0x00),
    pair: RGBColor(0x22, 0x22, 0x22),
    event: RGBColor(0x00, 0x9E, 0x73),
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
