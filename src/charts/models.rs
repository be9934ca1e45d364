//! Chart models: pure functions from the study (and the prepared pair) to what each chart
//! draws, so the page only wires them to signals.

use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::Follow;
use equalizer_engine::study::{Event, PathOptions};
use equalizer_engine::{Date, EventRule, HorizonUnit, PreparedPair, Series, Study};

use super::cross::{CrossBar, CrossModel};
use super::equity::EquityModel;
use super::forward::{ForwardGroup, ForwardModel};
use super::path::PathModel;
use super::png::{Caption, Swatch};
use super::spread::SpreadModel;
use crate::advice::{at, is_pick};
use crate::format::threshold_label;
use crate::shared::Shared;

/// Names of the three series every chart shows: long, short and pair.
fn names(study: &Study) -> [String; 3] {
    [study.long.clone(), study.short.clone(), "pair".to_owned()]
}

/// The spread chart: the plotted series of the rule's unit, its threshold lines, every event
/// and the picked one.
pub fn spread_model(
    prepared: Shared<PreparedPair>,
    study: &Study,
    rule: &EventRule,
    held_out: &[Event],
    picked: Option<Date>,
) -> SpreadModel {
    SpreadModel {
        prepared,
        unit: rule.unit(),
        events: study.events.iter().map(|e| e.index).collect(),
        held_out: held_out.iter().map(|e| e.index).collect(),
        threshold: rule.threshold(),
        direction: rule.direction(),
        selected: picked
            .and_then(|d| study.events.iter().find(|e| e.date == d))
            .map(|e| e.index),
    }
}

/// The forward-return chart: each horizon's mean after the events beside every day's.
pub fn forward_model(study: &Study) -> ForwardModel {
    ForwardModel {
        names: names(study),
        groups: study
            .summary
            .iter()
            .map(|r| ForwardGroup {
                label: study.horizon_unit.label(r.horizon),
                event: [r.long.mean, r.short.mean, r.pair.mean],
                baseline: [
                    r.long.baseline_mean,
                    r.short.baseline_mean,
                    r.pair.baseline_mean,
                ],
            })
            .collect(),
    }
}

/// The average-path chart: the engine's path and band for the study's events and seed.
pub fn path_model(prepared: &PreparedPair, study: &Study) -> PathModel {
    let events: Vec<usize> = study.events.iter().map(|e| e.index).collect();
    PathModel {
        path: prepared.average_path(
            &events,
            &PathOptions {
                lag: study.lag,
                ..PathOptions::with_seed(study.seed)
            },
        ),
        names: names(study),
    }
}

/// The chart's bars at horizon `h`: tickers with an edge, largest first.
pub fn cross_model(cross: &CrossSection, h: usize, unit: HorizonUnit) -> CrossModel {
    let mut bars: Vec<CrossBar> = at(cross, h)
        .filter_map(|r| {
            Some(CrossBar {
                ticker: r.ticker.clone(),
                edge: r.edge?,
                interval: r.edge_ci.map(|i| (i.0, i.1)),
                pick: is_pick(&r.ticker),
                adjusted_p: r.adjusted_p,
            })
        })
        .collect();
    bars.sort_by(|a, b| b.edge.total_cmp(&a.edge));
    CrossModel {
        horizon: unit.label(h),
        bars,
    }
}

/// The equity chart: the simulation's values on the benchmark's calendar, windows as
/// calendar positions.
pub fn equity_model(f: &Follow, bench: &Series) -> EquityModel {
    let lo = bench.dates().partition_point(|d| *d < f.first);
    let hi = bench.dates().partition_point(|d| *d <= f.last);
    let dates = bench.dates()[lo..hi].to_vec();
    let at = |d| dates.partition_point(|x| *x < d);
    let windows = f
        .windows
        .iter()
        .map(|w| {
            (
                at(w.enter),
                w.exit.map_or(dates.len().saturating_sub(1), at),
            )
        })
        .collect();
    EquityModel {
        dates,
        values: f.values.clone(),
        windows,
        bench: bench.ticker().to_owned(),
    }
}

/// The three charts, for their PNG captions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// The daily spread with threshold and events.
    Spread,
    /// Mean forward returns per horizon.
    Forward,
    /// The average path.
    Path,
}

/// "IWM − QQQ · up ≥ 4 % · cool-off 0 · 2000-05-26 … 2026-08-21 · seed 20240711": the settings a
/// chart was drawn with.
pub fn settings_line(study: &Study) -> String {
    let first = study.from.unwrap_or(study.first_common_date);
    let last = study.to.unwrap_or(study.last_common_date);
    format!(
        "{} − {} · {} ≥ {} · cool-off {} · events {first} … {last} · seed {}",
        study.long,
        study.short,
        study.direction,
        threshold_label(study.threshold, study.threshold_unit),
        study.cooloff,
        study.seed
    )
}

/// The PNG caption of a chart of `study`.
pub fn caption(study: &Study, chart: ChartKind) -> Caption {
    let legs = || {
        vec![
            (study.long.clone(), Swatch::Long),
            (study.short.clone(), Swatch::Short),
            ("pair".to_owned(), Swatch::Pair),
        ]
    };
    let (title, legend, name) = match chart {
        ChartKind::Spread => (
            format!(
                "Daily spread: {} return − {} return",
                study.long, study.short
            ),
            vec![
                ("spread".to_owned(), Swatch::Trace),
                ("threshold and events".to_owned(), Swatch::Event),
            ],
            "spread",
        ),
        ChartKind::Forward => (
            "Mean forward return after events (solid) vs. every day (light)".to_owned(),
            legs(),
            "forward",
        ),
        ChartKind::Path => (
            "Average path after an event (cumulative, trading days), 95 % band of the pair"
                .to_owned(),
            legs(),
            "path",
        ),
    };
    let ascii = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let unit = match study.threshold_unit {
        equalizer_engine::ThresholdUnit::Pct => "pct",
        equalizer_engine::ThresholdUnit::Z => "sigma",
    };
    Caption {
        title,
        settings: settings_line(study),
        legend,
        file_stem: format!(
            "equalizer-{}-{}-{}-{}{unit}-{name}",
            ascii(&study.long),
            ascii(&study.short),
            study.direction,
            study.threshold
        ),
    }
}
