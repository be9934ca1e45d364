//! Which significance figures may speak, from the calibration report read at build time
//! (`build.rs`, `docs/calibration.json`, written by `make calibrate`).
//!
//! A figure whose false-positive rate at a nominal 5 % was measured above the bound
//! ([`MAX_FALSE_POSITIVE_UPPER`] for the upper end of its interval) never drives the verdict's
//! words, a colour or a star; where it stays visible (Details) it carries [`caveat`].

use equalizer_engine::study::significance::Figure;
pub use equalizer_engine::study::significance::MAX_FALSE_POSITIVE_UPPER;

/// What the calibration measured of one figure (the worst null setting's rate at 5 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The figure.
    pub figure: Figure,
    /// Its false-positive rate at a nominal 5 %.
    pub rate: f64,
    /// The upper end of that rate's 95 % interval.
    pub high: f64,
    /// Whether it may speak.
    pub calibrated: bool,
}

include!(concat!(env!("OUT_DIR"), "/calibration.rs"));

/// What was measured of `figure`, if it was.
pub fn measured(figure: Figure) -> Option<Measured> {
    MEASURED.iter().copied().find(|m| m.figure == figure)
}

/// Whether `figure` may drive verdict words, colours and stars: measured and calibrated.
pub fn speaks(figure: Figure) -> bool {
    measured(figure).is_some_and(|m| m.calibrated)
}

/// The plain warning beside a figure that may not speak, with its measured rate:
/// "assumes independent days — too optimistic when events cluster (measured false-positive rate
/// 23 % at 5 %)"; `None` for a calibrated figure.
pub fn caveat(figure: Figure) -> Option<String> {
    match measured(figure) {
        Some(m) if m.calibrated => None,
        Some(m) => Some(format!(
            "{} (measured false-positive rate {:.0} % at 5 %)",
            figure.assumes(),
            m.rate * 100.0
        )),
        None => Some("not calibrated: no false-positive rate measured".to_owned()),
    }
}

/// The name of a † beside a figure that may not speak: "random-date placebo p: assumes
/// independent days — … (measured false-positive rate 50 % at 5 %)"; `None` when it speaks.
pub fn mark_label(figure: Figure) -> Option<String> {
    caveat(figure).map(|words| format!("{}: {words}", figure.name()))
}

/// What a family's ★ means, for a legend: "3 cell(s) marked; on synthetic pairs with no edge,
/// a ★ anywhere appeared in 4.2 % of them (measured on 1,000 synthetic pairs per setting)", or why no ★ is drawn.
pub fn star_words(figure: Figure, marked: usize, things: &str) -> String {
    if speaks(figure) {
        format!("{marked} {things} marked; {}", star_rate(figure))
    } else {
        star_rate(figure)
    }
}

/// How often the family's ★ appears by chance: "on synthetic pairs with no edge at all, a ★
/// anywhere appeared for 4.2 % of them (measured on 1,000 synthetic pairs per setting).", or why no ★ is drawn.
pub fn star_rate(figure: Figure) -> String {
    match measured(figure) {
        Some(m) if m.calibrated => format!(
            "on synthetic pairs with no edge at all, a ★ anywhere appeared for {:.1} % of them \
             (measured on {} synthetic pairs per setting).",
            m.rate * 100.0,
            crate::format::count(PAIRS)
        ),
        _ => format!(
            "No ★ is drawn: this adjustment {}.",
            caveat(figure).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_covers_every_figure_and_its_rule_is_the_engines() {
        for f in Figure::ALL {
            let m = measured(f).unwrap_or_else(|| panic!("{f:?} missing from the report"));
            assert_eq!(
                m.calibrated,
                m.high <= MAX_FALSE_POSITIVE_UPPER && PAIRS >= 400,
                "{f:?}"
            );
            assert!(m.rate <= m.high, "{f:?}");
            assert_eq!(speaks(f), caveat(f).is_none());
        }
        // The figures that assume independent days cry wolf (the issue measured 21 % and 23 %).
        for f in [Figure::NaiveT, Figure::RandomDatePlacebo] {
            assert!(!speaks(f), "{f:?}");
            let words = caveat(f).unwrap();
            assert!(words.starts_with("assumes independent days"), "{words}");
            assert!(words.contains(&format!(
                "{:.0} % at 5 %",
                measured(f).unwrap().rate * 100.0
            )));
        }
    }
}
