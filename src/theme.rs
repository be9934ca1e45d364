//! Light and dark themes. The page follows the system setting (`prefers-color-scheme`) unless
//! the reader picks one; the pick is kept in `localStorage` under [`STORAGE_KEY`]. It is a
//! display preference, not part of a view, so it stays out of the URL: a shared link opens in
//! the recipient's own theme.
//!
//! The resolved theme is written to `<html data-theme>`; the stylesheet's `light-dark()`
//! colours and the charts' [`Palette`] follow it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::charts::{DARK, LIGHT, Palette};

/// `localStorage` key of the reader's pick.
pub const STORAGE_KEY: &str = "equalizer-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// What the reader picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow the system setting.
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// All choices, in menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// Stored and `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    /// Parses a stored value; anything else means "follow the system".
    pub fn choice_from_key(key: &str) -> ThemeChoice {
        Self::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .unwrap_or(ThemeChoice::System)
    }
}

/// The page's theme state, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// The reader's pick.
    pub choice: RwSignal<ThemeChoice>,
    /// Whether the system asks for dark (kept current by a media-query listener).
    pub system_dark: RwSignal<bool>,
}

impl Theme {
    /// Whether the page is dark now.
    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            ThemeChoice::System => self.system_dark.get(),
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }

    /// The chart palette for the current theme.
    pub fn palette(&self) -> &'static Palette {
        if self.is_dark() { &DARK } else { &LIGHT }
    }

    /// The theme as the first screen rendered at build time shows it: following the system,
    /// with no browser to ask.
    pub fn fixed() -> Theme {
        Theme {
            choice: RwSignal::new(ThemeChoice::System),
            system_dark: RwSignal::new(false),
        }
    }

    /// Stores a new pick.
    pub fn choose(&self, choice: ThemeChoice) {
        self.choice.set(choice);
        if let Some(s) = storage() {
            // A full or disabled storage only means the pick is not remembered.
            let _ = s.set_item(STORAGE_KEY, choice.key());
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Creates the theme state, provides it as context, follows the system setting and keeps
/// `<html data-theme>` in step.
pub fn provide_theme() -> Theme {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map_or(ThemeChoice::System, |k| ThemeChoice::choice_from_key(&k));
    let query = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten());
    let theme = Theme {
        choice: RwSignal::new(stored),
        system_dark: RwSignal::new(query.as_ref().is_some_and(|q| q.matches())),
    };
    if let Some(q) = query {
        let system_dark = theme.system_dark;
        let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
            move |e: web_sys::MediaQueryListEvent| system_dark.set(e.matches()),
        );
        if q.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
            .is_ok()
        {
            // The listener lives as long as the page.
            on_change.forget();
        }
    }
    Effect::new(move |_| {
        let name = if theme.is_dark() { "dark" } else { "light" };
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", name);
        }
    });
    provide_context(theme);
    theme
}

/// The theme from context (the light palette outside a page, e.g. in component tests).
pub fn use_palette() -> Signal<&'static Palette> {
    match use_context::<Theme>() {
        Some(t) => Signal::derive(move || t.palette()),
        None => Signal::stored(&LIGHT),
    }
}

#[cfg(test)]
mod tests {
    //! Colour checks: every pair of chart colours stays distinct under simulated protanopia,
    //! deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), and every
    //! line stands out from its background (WCAG 2 non-text contrast ≥ 3:1).

    use super::*;
    use plotters::style::RGBColor;

    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    fn rgb_linear(c: RGBColor) -> [f64; 3] {
        [linear(c.0), linear(c.1), linear(c.2)]
    }

    /// CIE L*a*b* (D65) of linear sRGB.
    fn lab_from_linear(c: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = c.map(|v| v.clamp(0.0, 1.0));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
        let (la, lb) = (lab_from_linear(a), lab_from_linear(b));
        ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2)).sqrt()
    }

    const PROTAN: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTAN: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITAN: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    fn simulate(m: &[[f64; 3]; 3], c: RGBColor) -> [f64; 3] {
        let v = rgb_linear(c);
        m.map(|row| row[0] * v[0] + row[1] * v[1] + row[2] * v[2])
    }

    fn luminance(c: RGBColor) -> f64 {
        let [r, g, b] = rgb_linear(c);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn series_colours_stay_apart_for_colour_blind_readers() {
        for (name, p) in [("light", LIGHT), ("dark", DARK)] {
            let series = [
                ("long", p.long),
                ("short", p.short),
                ("pair", p.pair),
                ("event", p.event),
            ];
            for (vision, m) in [
                ("normal", IDENTITY),
                ("protanopia", PROTAN),
                ("deuteranopia", DEUTAN),
                ("tritanopia", TRITAN),
            ] {
                for (i, (a, ca)) in series.iter().enumerate() {
                    for (b, cb) in &series[i + 1..] {
                        let d = delta_e(simulate(&m, *ca), simulate(&m, *cb));
                        assert!(d >= 15.0, "{name} {a} vs {b} under {vision}: ΔE {d:.1}");
                    }
                }
            }
        }
    }

    #[test]
    fn lines_stand_out_from_the_background() {
        for (name, p) in [("light", LIGHT), ("dark", DARK)] {
            for (what, c) in [
                ("long", p.long),
                ("short", p.short),
                ("pair", p.pair),
                ("axis", p.axis),
                ("event", p.event),
                ("trace", p.trace),
            ] {
                let r = contrast(c, p.bg);
                assert!(r >= 3.0, "{name} {what}: contrast {r:.2}");
            }
        }
    }

    #[test]
    fn the_known_bad_pair_fails_the_check() {
        // Red and green collapse under deuteranopia: the check must notice.
        let (red, green) = (RGBColor(0xD0, 0x30, 0x30), RGBColor(0x30, 0x90, 0x30));
        assert!(delta_e(simulate(&IDENTITY, red), simulate(&IDENTITY, green)) > 40.0);
        assert!(delta_e(simulate(&DEUTAN, red), simulate(&DEUTAN, green)) < 15.0);
    }

    #[test]
    fn stored_choices_round_trip() {
        for c in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::choice_from_key(c.key()), c);
        }
        assert_eq!(ThemeChoice::choice_from_key("purple"), ThemeChoice::System);
    }
}
