//! Chart models: pure functions from the study (and the prepared pair) to what each chart
//! draws, so the page only wires them to signals.

use equalizer_engine::study::PathOptions;
use equalizer_engine::{Date, EventRule, PreparedPair, Study};

use super::forward::{ForwardGroup, ForwardModel};
use super::path::PathModel;
use super::spread::SpreadModel;
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
    picked: Option<Date>,
) -> SpreadModel {
    SpreadModel {
        prepared,
        unit: rule.unit(),
        events: study.events.iter().map(|e| e.index).collect(),
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
        path: prepared.average_path(&events, &PathOptions::with_seed(study.seed)),
        names: names(study),
    }
}
