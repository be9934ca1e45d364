//! The tallies of each setting, the machine-readable [`Calibration`] and the markdown report.
//!
//! A figure's false-positive rate in a null setting is the share of its pairs on which it
//! rejects ([`Rate::wilson`]: with its 95 % Wilson interval); a pair where the figure is missing
//! (too few episodes) counts as not rejecting and is reported apart. The worst rate of a figure
//! is its highest rate at 5 % over the null settings and the scopes (each horizon, or the
//! sweep's whole grid); [`FigureCalibration::new`] decides from it whether the figure may speak.

use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::time::Duration;

use equalizer_engine::Date;
use equalizer_engine::study::significance::{
    Calibration, Evidence, Figure, FigureCalibration, MAX_FALSE_POSITIVE_UPPER,
    MIN_CALIBRATION_PAIRS, Rate,
};

use crate::measure::{PairOutcome, Scope, Verdict, speaking_index};
use crate::{Config, HORIZONS, Setting, UNIVERSE_TICKERS};

/// One figure's count at one level over a setting's pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Pairs on which it rejected.
    pub hits: usize,
    /// Pairs on which the engine left it out (counted as not rejecting).
    pub missing: usize,
    /// Pairs.
    pub trials: usize,
    /// Whether the figure decides anything at this level.
    pub applicable: bool,
}

impl Tally {
    /// The rejection rate with its Wilson interval, `None` where not applicable.
    pub fn rate(&self) -> Option<Rate> {
        self.applicable
            .then(|| Rate::wilson(self.hits, self.trials))
    }
}

/// One figure at one scope over a setting's pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The figure.
    pub figure: Figure,
    /// The horizon, or the sweep's whole grid.
    pub scope: Scope,
    /// Its counts at 5 % and at 1 %.
    pub levels: [Tally; 2],
}

/// Mean counts of one horizon over a setting's pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCounts {
    /// The horizon, in trading days.
    pub horizon: usize,
    /// Mean events with a complete window.
    pub complete: f64,
    /// Mean distinct episodes.
    pub distinct: f64,
    /// Pairs whose verdict said "strong" and "weak", for each way the evidence tests may speak
    /// (indexed as [`crate::measure::HorizonCounts::evidence`]).
    pub words: [(usize, usize); 4],
}

/// What one setting measured.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingReport {
    /// The setting.
    pub setting: Setting,
    /// Pairs measured.
    pub pairs: usize,
    /// Mean events per pair.
    pub mean_events: f64,
    /// Mean threshold per pair, in the rule's unit (z or percent).
    pub mean_threshold: f64,
    /// Mean counts per horizon.
    pub horizons: Vec<MeanCounts>,
    /// One row per figure and scope, in [`Figure::ALL`]'s order, horizons ascending.
    pub rows: Vec<Row>,
}

impl SettingReport {
    /// The row of `figure` at `scope`, if any.
    pub fn row(&self, figure: Figure, scope: Scope) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.figure == figure && r.scope == scope)
    }
}

/// Whether a figure decides once per pair for the whole sweep grid (rather than per horizon).
pub fn is_grid(figure: Figure) -> bool {
    matches!(figure, Figure::SweepAdjusted | Figure::SweepBhQ)
}

/// The scopes of `figure`: the grid for the sweep's figures, each horizon otherwise.
pub fn scopes(figure: Figure) -> Vec<Scope> {
    if is_grid(figure) {
        vec![Scope::Grid]
    } else {
        HORIZONS.iter().map(|&h| Scope::Horizon(h)).collect()
    }
}

/// A scope in words.
pub fn scope_words(scope: Scope) -> String {
    match scope {
        Scope::Horizon(h) => format!("{h} days"),
        Scope::Grid => "whole grid".to_owned(),
    }
}

/// The tallies of `setting` over its pairs' outcomes.
pub fn tally(setting: Setting, outcomes: &[PairOutcome]) -> SettingReport {
    let n = outcomes.len().max(1) as f64;
    let mut rows = Vec::new();
    for figure in Figure::ALL {
        for scope in scopes(figure) {
            let levels = [0, 1].map(|k| {
                let mut t = Tally {
                    trials: outcomes.len(),
                    ..Tally::default()
                };
                for o in outcomes {
                    match o.decision(figure, scope).map(|d| d.verdicts[k]) {
                        Some(Verdict::Rejects) => t.hits += 1,
                        Some(Verdict::Keeps) => {}
                        Some(Verdict::Missing) | None => t.missing += 1,
                        Some(Verdict::NotApplicable) => continue,
                    }
                    t.applicable = true;
                }
                t
            });
            rows.push(Row {
                figure,
                scope,
                levels,
            });
        }
    }
    let horizons = HORIZONS
        .iter()
        .map(|&h| {
            let of = |f: fn(&crate::measure::HorizonCounts) -> usize| {
                outcomes
                    .iter()
                    .filter_map(|o| o.horizons.iter().find(|c| c.horizon == h))
                    .map(f)
                    .sum::<usize>() as f64
                    / n
            };
            // The verdict's words per way the evidence tests may speak: (strong, weak) counts.
            let words = std::array::from_fn(|k| {
                let of_word = |w: Evidence| {
                    outcomes
                        .iter()
                        .filter_map(|o| o.horizons.iter().find(|c| c.horizon == h))
                        .filter(|c| c.evidence[k] == w)
                        .count()
                };
                (of_word(Evidence::Strong), of_word(Evidence::Weak))
            });
            MeanCounts {
                horizon: h,
                complete: of(|c| c.complete),
                distinct: of(|c| c.distinct),
                words,
            }
        })
        .collect();
    SettingReport {
        setting,
        pairs: outcomes.len(),
        mean_events: outcomes.iter().map(|o| o.events).sum::<usize>() as f64 / n,
        mean_threshold: outcomes.iter().map(|o| o.threshold).sum::<f64>() / n,
        horizons,
        rows,
    }
}

/// A figure's highest false-positive rate at 5 % over the null settings and its scopes, with
/// where it was measured in words; `None` when no null setting measured it.
pub fn worst_at_5(reports: &[SettingReport], figure: Figure) -> Option<(Rate, String)> {
    let mut worst: Option<(Rate, String)> = None;
    for r in reports.iter().filter(|r| r.setting.is_null()) {
        for row in r.rows.iter().filter(|row| row.figure == figure) {
            let Some(rate) = row.levels[0].rate() else {
                continue;
            };
            if worst.as_ref().is_none_or(|(w, _)| rate.rate > w.rate) {
                let words = format!(
                    "setting {} ({}), {}",
                    r.setting.id,
                    r.setting.name,
                    scope_words(row.scope)
                );
                worst = Some((rate, words));
            }
        }
    }
    worst
}

/// The machine-readable report: one entry per figure from its worst null rate at 5 %.
pub fn calibration(reports: &[SettingReport], date: &str) -> Calibration {
    let pairs = reports.iter().map(|r| r.pairs).min().unwrap_or(0);
    Calibration {
        date: date.to_owned(),
        pairs,
        figures: Figure::ALL
            .iter()
            .map(|&f| {
                let (rate, words) = worst_at_5(reports, f)
                    .unwrap_or_else(|| (Rate::wilson(0, 0), "not measured".to_owned()));
                FigureCalibration::new(f, rate, words)
            })
            .collect(),
    }
}

/// Where and how the report was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// YYYY-MM-DD.
    pub date: String,
    /// The CPU model.
    pub cpu: String,
    /// Cores available.
    pub cores: usize,
    /// Wall-clock time of the whole run.
    pub runtime: Duration,
    /// Short git commit, or "unknown".
    pub commit: String,
    /// The command that makes the report.
    pub command: String,
}

impl Meta {
    /// Today's date, this machine and commit, and `runtime`.
    pub fn gather(runtime: Duration) -> Meta {
        Meta {
            date: today(),
            cpu: cpu_model(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            runtime,
            commit: git_commit(),
            command: "make calibrate".to_owned(),
        }
    }
}

/// Today (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i32).to_string()
}

/// The CPU model from /proc/cpuinfo, or "unknown CPU".
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

/// `git rev-parse --short HEAD`, or "unknown".
pub fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A count with thousands separated by commas: 10,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate in percent to one decimal.
fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// The README's table of headline rates, from the report's machine-readable part (a test
/// keeps the README equal to it).
pub fn readme_table(c: &Calibration) -> String {
    let mut out = String::from(
        "| figure | worst false-positive rate at 5 % (upper end) | drives words, colours, stars |\n\
         |---|---|---|\n",
    );
    for f in &c.figures {
        out += &format!(
            "| {} | {} ({}) | {} |\n",
            f.figure.name(),
            pct(f.worst_at_5.rate),
            pct(f.worst_at_5.high),
            if f.calibrated { "yes" } else { "no" }
        );
    }
    out
}

/// A rate with its interval: "4.9 % [3.7, 6.4]".
fn rate_cell(r: Rate) -> String {
    format!(
        "{} [{:.1}, {:.1}]",
        pct(r.rate),
        100.0 * r.low,
        100.0 * r.high
    )
}

/// A tally's cell: its rate with interval, or why there is none.
fn tally_cell(t: &Tally) -> String {
    match t.rate() {
        Some(r) => rate_cell(r),
        None => "n/a — the study draws only a 95 % interval".to_owned(),
    }
}

/// Text for a markdown table cell: its pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A scope's cell in a table.
fn scope_cell(scope: Scope) -> String {
    match scope {
        Scope::Horizon(h) => format!("{h} days"),
        Scope::Grid => "whole grid (both horizons)".to_owned(),
    }
}

/// Minutes and seconds.
fn duration_words(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

const WHY: &str = "Equalizer's events are not random days. A day when one ETF beats another by a \
wide margin comes, most of the time, in a volatile stretch, and volatile stretches cluster: the \
events bunch into a few episodes, their forward windows overlap, and what follows them is more \
dispersed than what follows an ordinary day. A test that treats the event days as independent \
draws — the naive t, or a placebo that scatters the same number of days at random — then sees \
more evidence than there is and cries wolf. This report measures how often each significance \
figure the page and the CLI show calls an edge significant on synthetic pairs that cluster like \
markets do but have no predictability at all (every day's expected return is the same): its \
false-positive rate, with a 95 % Wilson interval.";

/// The markdown report.
pub fn markdown(
    reports: &[SettingReport],
    calibration: &Calibration,
    config: &Config,
    meta: &Meta,
) -> String {
    let mut md = String::new();
    let mut line = |s: &str| {
        md.push_str(s);
        md.push('\n');
    };
    line("# Calibration of the significance figures");
    line("");
    line(WHY);
    line("");
    line(&format!(
        "A figure may drive the page's verdict words, colours and stars only when the upper end \
         of that interval at a nominal 5 % is at most {} in every null setting, over at least {} \
         pairs (`MAX_FALSE_POSITIVE_UPPER` and `MIN_CALIBRATION_PAIRS` in \
         `crates/engine/src/study/significance.rs`); the page reads that verdict from \
         `docs/calibration.json`.",
        pct(MAX_FALSE_POSITIVE_UPPER),
        MIN_CALIBRATION_PAIRS
    ));
    line("");
    line("## Settings");
    line("");
    line(&format!(
        "Each pair is a universe of {UNIVERSE_TICKERS} tickers over {} weekdays from \
         2000-01-03, closes starting at 100: the long leg `L`, the short leg `S` and six more. \
         Every ticker i has daily returns r_i,t = μ + σ_t (0.8 f_t + 0.6 e_i,t) with μ = \
         {} a day for all, f_t (common) and e_i,t (own) independent N(0, 1) draws and σ_t \
         shared, so any two tickers correlate at 0.64 and nothing predicts anything. The study \
         of `L` − `S` runs with direction up (the long leg beat the short leg), cool-off 0, \
         entry lag 0, horizons 63 and 252 trading days, {} random-date placebo sets and {} \
         bootstrap samples per horizon; the circular-shift placebo takes every shift of the \
         eligible days (n − 1 sets for n days, no draw), the study's per horizon, the sweep's \
         over the days with a complete window at every horizon (one set per shift for the whole \
         grid) and the cross-section's per horizon (one set per shift for every ticker). The \
         sweep covers thresholds 1 to 8 in steps of 0.25 in the rule's unit and the \
         cross-section the whole universe. Each pair draws its data and its placebo and \
         bootstrap seed from (setting, pair index).",
        thousands(config.days),
        crate::generate::MU,
        thousands(config.placebo_draws),
        thousands(config.bootstrap_draws),
    ));
    line("");
    for r in reports {
        let s = &r.setting;
        let mut words = format!(
            "{}. **{}.** Volatility: {}. Threshold: {}",
            s.id,
            s.name,
            s.null.words(),
            s.threshold.words()
        );
        if let crate::measure::Threshold::AbsSpreadPercentile(_) = s.threshold {
            let _ = write!(words, " ({:.2} % on average)", r.mean_threshold);
        }
        words.push('.');
        if let Some(d) = s.drift {
            let _ = write!(
                words,
                " The data of setting {} (same seeds), then a known edge: the engine finds the \
                 events on the null data, {} / 252 is added to the long leg's daily return on \
                 every day within the {} trading days after any event (once where windows \
                 overlap), the closes are rebuilt and everything runs on the result; the long \
                 leg carries the drift in the cross-section too. The baseline (the forward \
                 return from every day) carries the drift on the days it covers, so the edge to \
                 find is smaller than the drift. Its rejections are true positives: power, not \
                 false positives.",
                d.data_of, d.annual, d.window
            );
        }
        line(&words);
    }
    line("");
    line("Decisions at level α, per pair:");
    line("");
    line("| figure | rejects when |");
    line("| --- | --- |");
    line("| naive t, Newey–West t | \\|t\\| > z₁₋α/₂ (1.959964 at 5 %, 2.575829 at 1 %) |");
    line("| t on distinct episodes | its two-sided p < α |");
    line("| random-date placebo, circular-shift placebo | the one-sided p < α / 2 |");
    line("| cluster-bootstrap interval | the 95 % interval of the edge excludes 0 (5 % only) |");
    line(
        "| sweep: adjusted p, BH q | any cell of the grid (every threshold, both horizons) below α: one decision per pair |",
    );
    line("| cross-section: adjusted p, BH q | any ticker at the horizon below α |");
    line("");
    line(
        "A figure the engine leaves out (fewer than 3 distinct episodes) does not reject; the \
          tables count those pairs as n/a.",
    );
    for r in reports {
        line("");
        let kind = if r.setting.is_null() {
            "false-positive rates"
        } else {
            "power"
        };
        line(&format!(
            "## Setting {}: {} — {kind}",
            r.setting.id, r.setting.name
        ));
        line("");
        let counts: Vec<String> = r
            .horizons
            .iter()
            .map(|c| {
                format!(
                    "at {} days {:.1} with a complete window in {:.1} distinct episodes",
                    c.horizon, c.complete, c.distinct
                )
            })
            .collect();
        line(&format!(
            "{} pairs; {:.1} events per pair on average, {}.",
            thousands(r.pairs),
            r.mean_events,
            counts.join(", ")
        ));
        line("");
        if r.setting.is_null() {
            line(
                "| figure | horizon | FPR at 5 % [95 % interval] | FPR at 1 % [95 % interval] | n/a pairs |",
            );
            line("| --- | --- | --- | --- | --- |");
            for row in &r.rows {
                line(&format!(
                    "| {} | {} | {} | {} | {} |",
                    row.figure.name(),
                    scope_cell(row.scope),
                    tally_cell(&row.levels[0]),
                    tally_cell(&row.levels[1]),
                    row.levels[0].missing
                ));
            }
        } else {
            line("| figure | horizon | power at 5 % [95 % interval] | n/a pairs |");
            line("| --- | --- | --- | --- |");
            for row in &r.rows {
                line(&format!(
                    "| {} | {} | {} | {} |",
                    row.figure.name(),
                    scope_cell(row.scope),
                    tally_cell(&row.levels[0]),
                    row.levels[0].missing
                ));
            }
        }
    }
    line("");
    line("## What the reader sees: the verdict's word");
    line("");
    line(&format!(
        "The page's evidence word (`Evidence::judged` in the engine) with the tests this report \
         lets speak ({}): how often a pair gets \"strong\" (every speaking test below 5 %, at \
         least 5 episodes) or at least \"weak\" (one below 10 %). On the null settings these \
         are false alarms; on the power settings, finds.",
        [Figure::ShiftPlacebo, Figure::DistinctT]
            .into_iter()
            .filter(|f| calibration.speaks(*f))
            .map(Figure::name)
            .collect::<Vec<_>>()
            .join(", ")
    ));
    line("");
    line(
        "| setting | horizon | \"strong\" [95 % interval] | \"weak\" or \"strong\" [95 % interval] |",
    );
    line("| --- | --- | --- | --- |");
    let k = speaking_index(&|f| calibration.speaks(f));
    for r in reports {
        for h in &r.horizons {
            let (strong, weak) = h.words[k];
            line(&format!(
                "| {} | {} days | {} | {} |",
                cell(&format!("{} ({})", r.setting.id, r.setting.name)),
                h.horizon,
                rate_cell(Rate::wilson(strong, r.pairs)),
                rate_cell(Rate::wilson(strong + weak, r.pairs))
            ));
        }
    }
    line("");
    line("## Summary");
    line("");
    line(&format!(
        "The worst false-positive rate at 5 % over the null settings and both horizons; \
         calibrated: its interval's upper end at most {} over at least {} pairs.",
        pct(MAX_FALSE_POSITIVE_UPPER),
        MIN_CALIBRATION_PAIRS
    ));
    line("");
    line(
        "| figure | worst FPR at 5 % (setting) | upper end | calibrated | power at 5 % (252 days), +5 % a year | +25 % a year |",
    );
    line("| --- | --- | --- | --- | --- | --- |");
    let powers: Vec<&SettingReport> = reports.iter().filter(|r| !r.setting.is_null()).collect();
    for f in &calibration.figures {
        let scope = if is_grid(f.figure) {
            Scope::Grid
        } else {
            Scope::Horizon(252)
        };
        let power_cell = |k: usize| {
            powers
                .get(k)
                .and_then(|p| p.row(f.figure, scope))
                .and_then(|row| row.levels[0].rate())
                .map_or_else(|| "—".to_owned(), rate_cell)
        };
        line(&format!(
            "| {} | {} ({}) | {} | {} | {} | {} |",
            f.figure.name(),
            pct(f.worst_at_5.rate),
            cell(&f.worst_setting),
            pct(f.worst_at_5.high),
            if f.calibrated { "yes" } else { "no" },
            power_cell(0),
            power_cell(1)
        ));
    }
    let named = |calibrated: bool| {
        let names: Vec<&str> = calibration
            .figures
            .iter()
            .filter(|f| f.calibrated == calibrated)
            .map(|f| f.figure.name())
            .collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join("; ")
        }
    };
    line("");
    line(&format!(
        "Calibrated (may speak): {}. Not calibrated: {}.",
        named(true),
        named(false)
    ));
    line("");
    // Power in words: the strongest edge's rate for each calibrated figure beside the best
    // rate any figure reached there (which, where it is higher, comes from a figure that also
    // cries wolf).
    if let Some(strong) = powers.last() {
        let at = |f: Figure| {
            let scope = if is_grid(f) {
                Scope::Grid
            } else {
                Scope::Horizon(252)
            };
            strong.row(f, scope).and_then(|row| row.levels[0].rate())
        };
        let calibrated: Vec<String> = calibration
            .figures
            .iter()
            .filter(|f| f.calibrated)
            .filter_map(|f| Some(format!("{} ({})", pct(at(f.figure)?.rate), f.figure.name())))
            .collect();
        if let Some(best) = Figure::ALL
            .into_iter()
            .filter_map(|f| Some((f, at(f)?.rate)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
        {
            line(&format!(
                "Power is low where it is honest: with the {:.1} separate 12-month episodes a \
                 pair has, an edge has to be large before a test that respects clustering can \
                 tell it from chance. With the strong edge of setting {} the calibrated figures \
                 find it in {} of pairs (at 252 days where a figure has horizons); the highest rate, {} ({}), \
                 belongs to a figure that {}.",
                strong
                    .horizons
                    .iter()
                    .find(|h| h.horizon == 252)
                    .map_or(0.0, |h| h.distinct),
                strong.setting.id,
                calibrated.join(", "),
                pct(best.1),
                best.0.name(),
                if calibration.of(best.0).is_some_and(|c| c.calibrated) {
                    "is calibrated"
                } else {
                    "also calls an edge on pairs that have none"
                }
            ));
            line("");
        }
    }
    line("## Run");
    line("");
    line(&format!("- Date: {}", meta.date));
    line(&format!("- Machine: {}, {} cores", meta.cpu, meta.cores));
    line(&format!("- Runtime: {}", duration_words(meta.runtime)));
    line(&format!(
        "- Pairs: {} per setting ({} settings)",
        thousands(calibration.pairs),
        reports.len()
    ));
    line(&format!("- Git commit: {}", meta.commit));
    line(&format!("- Command: `{}`", meta.command));
    md
}

/// Writes `calibration.md` and `calibration.json` (pretty) into `out`, creating it.
///
/// # Errors
///
/// The I/O error of creating the folder or writing a file.
pub fn write(out: &Path, markdown: &str, calibration: &Calibration) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("calibration.md"), markdown)?;
    let mut json = serde_json::to_string_pretty(calibration).map_err(io::Error::other)?;
    json.push('\n');
    std::fs::write(out.join("calibration.json"), json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SETTINGS;
    use crate::measure::{Decision, HorizonCounts};

    /// An outcome where every figure says `v` (the bootstrap not applicable at 1 %).
    fn outcome(v: Verdict) -> PairOutcome {
        let mut decisions = Vec::new();
        for figure in Figure::ALL {
            for scope in scopes(figure) {
                let one = if figure == Figure::BootstrapInterval {
                    Verdict::NotApplicable
                } else {
                    v
                };
                decisions.push(Decision {
                    figure,
                    scope,
                    verdicts: [v, one],
                });
            }
        }
        PairOutcome {
            threshold: 2.5,
            events: 10,
            horizons: HORIZONS
                .iter()
                .map(|&h| HorizonCounts {
                    horizon: h,
                    complete: 8,
                    distinct: 4,
                    evidence: [Evidence::None; 4],
                })
                .collect(),
            decisions,
        }
    }

    #[test]
    fn tallies_count_rejections_missing_pairs_and_levels_without_a_decision() {
        let mut outcomes = vec![outcome(Verdict::Keeps); 7];
        outcomes.push(outcome(Verdict::Rejects));
        outcomes.push(outcome(Verdict::Missing));
        outcomes.push(outcome(Verdict::Rejects));
        let r = tally(SETTINGS[0], &outcomes);
        assert_eq!(r.pairs, 10);
        assert_eq!(r.rows.len(), 8 * 2 + 2);
        let naive = r.row(Figure::NaiveT, Scope::Horizon(63)).unwrap();
        assert_eq!(naive.levels[0].hits, 2);
        assert_eq!(naive.levels[0].missing, 1);
        assert_eq!(naive.levels[0].rate().unwrap(), Rate::wilson(2, 10));
        let boot = r
            .row(Figure::BootstrapInterval, Scope::Horizon(252))
            .unwrap();
        assert!(boot.levels[1].rate().is_none());
        assert!(r.row(Figure::SweepBhQ, Scope::Grid).is_some());
        assert!(r.row(Figure::SweepBhQ, Scope::Horizon(63)).is_none());
        assert_eq!(r.horizons[1].distinct, 4.0);
        assert_eq!(r.mean_events, 10.0);
    }

    #[test]
    fn the_worst_rate_comes_from_the_null_settings_only() {
        let quiet = tally(SETTINGS[0], &vec![outcome(Verdict::Keeps); 400]);
        let mut some = vec![outcome(Verdict::Keeps); 380];
        some.extend(vec![outcome(Verdict::Rejects); 20]);
        let loud = tally(SETTINGS[1], &some);
        let power = tally(SETTINGS[3], &vec![outcome(Verdict::Rejects); 400]);
        let c = calibration(&[quiet, loud, power], "2026-01-02");
        assert_eq!(c.pairs, 400);
        let naive = c.of(Figure::NaiveT).unwrap();
        assert_eq!(naive.worst_at_5, Rate::wilson(20, 400));
        assert!(naive.worst_setting.starts_with("setting 2 "));
        assert!(naive.worst_setting.ends_with(", 63 days"));
        assert!(!naive.calibrated);
        assert_eq!(c.figures.len(), Figure::ALL.len());
        let sweep = c.of(Figure::SweepAdjusted).unwrap();
        assert!(sweep.worst_setting.ends_with("whole grid"));
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(6_500), "6,500");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_markdown_has_every_table_and_the_run() {
        let reports = [
            tally(SETTINGS[0], &vec![outcome(Verdict::Keeps); 5]),
            tally(SETTINGS[3], &vec![outcome(Verdict::Rejects); 5]),
        ];
        let c = calibration(&reports, "2026-01-02");
        let meta = Meta {
            date: "2026-01-02".into(),
            cpu: "Test CPU".into(),
            cores: 2,
            runtime: Duration::from_secs(125),
            commit: "abc1234".into(),
            command: "make calibrate".into(),
        };
        let md = markdown(&reports, &c, &Config::default(), &meta);
        assert!(md.starts_with("# Calibration of the significance figures\n"));
        assert!(md.contains("| naive t of the edge | 63 days | 0.0 % [0.0, 43.4] |"));
        assert!(md.contains("n/a — the study draws only a 95 % interval"));
        assert!(md.contains("## Setting 4: power"));
        assert!(
            md.contains("| sweep: adjusted p (any cell) | whole grid (both horizons) | 100.0 %")
        );
        assert!(md.contains("- Runtime: 2 min 5 s"));
        assert!(md.contains("Calibrated (may speak): none. Not calibrated: naive t of the edge; "));
        assert!(md.contains("- Machine: Test CPU, 2 cores"));
        assert!(md.contains("- Command: `make calibrate`"));
        // A pipe in a setting's words does not split its table cell.
        assert_eq!(
            cell("the 99th percentile of |spread|"),
            "the 99th percentile of \\|spread\\|"
        );
    }
}
