//! Chart models: pure functions from the study (and the pair's series) to what each chart
//! draws, so the page only wires them to signals.

use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::Follow;
use equalizer_engine::{Date, HorizonUnit, Series, Study};

use super::cross::{CrossBar, CrossModel, Intervals};
use super::equity::EquityModel;
use super::forward::{ForwardGroup, ForwardModel};
use super::path::PathModel;
use super::png::{Caption, Swatch};
use super::spread::SpreadModel;
use crate::advice::{at, is_pick};
use crate::format::threshold_label;
use crate::shared::Shared;
use crate::worker::protocol::{PairSeries, SpreadMarks, StudyView};

/// Names of the three series every chart shows: long, short and pair.
fn names(study: &Study) -> [String; 3] {
    [study.long.clone(), study.short.clone(), "pair".to_owned()]
}

/// The spread chart: the plotted series of the rule's unit, its threshold lines, every event
/// and the picked one; `None` when the marks belong to another pair than the series (the
/// study of a new pair may arrive a message after its series).
pub fn spread_model(
    pair: Shared<PairSeries>,
    marks: &SpreadMarks,
    picked: Option<Date>,
) -> Option<SpreadModel> {
    (pair.pair_id == marks.pair_id).then(|| SpreadModel {
        unit: marks.unit,
        events: marks.events.clone(),
        held_out: marks.held_out.clone(),
        threshold: marks.threshold,
        direction: marks.direction,
        selected: picked
            .and_then(|d| pair.dates.binary_search(&d).ok())
            .filter(|i| marks.events.contains(i)),
        pair,
    })
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
pub fn path_model(view: &StudyView) -> PathModel {
    PathModel {
        path: view.path.clone(),
        names: names(&view.study),
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
                events: r.count,
                pick: is_pick(&r.ticker),
                adjusted_p: r.adjusted_p,
            })
        })
        .collect();
    bars.sort_by(|a, b| b.edge.total_cmp(&a.edge));
    CrossModel {
        horizon: unit.label(h),
        bars,
        intervals: Intervals::calibrated(),
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
