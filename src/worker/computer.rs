//! What a worker holds and computes: the series it was sent, the pairs prepared from them, and
//! the answer to a view, part by part. Pure Rust with no browser in sight, so the same code
//! answers in the page's workers, in the build's pre-rendered first screen and in native tests.

use std::collections::HashMap;
use std::sync::Arc;

use equalizer_engine::bundle::TickerFile;
use equalizer_engine::study::{Event, PathOptions};
use equalizer_engine::yahoo::parse_csv;
use equalizer_engine::{AlignedPair, EventRule, PreparedPair, Series, StudyOptions};

use super::protocol::{
    FileSummary, FollowView, Fresh, PairSeries, Part, Reply, SpreadMarks, StudyView, ViewRequest,
};
use crate::charts::models::equity_model;
use crate::settings::{FollowInputs, HeldOut, StudyInputs, ViewState};
use crate::verdict::most_extreme;

/// What a worker is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The study and everything quick beside it: the pair's series, the study, the headline's
    /// rank, the sweep, the article's replication and the simulation.
    Study,
    /// The cross-section of every ticker, the slowest computation, in a worker of its own so a
    /// threshold change never waits behind it.
    Cross,
}

/// How many prepared pairs a worker keeps (each holds its own caches): enough to go back and
/// forth between a few pairs without preparing them again, few enough to bound memory.
const PAIRS_KEPT: usize = 3;

/// One prepared pair and what identifies its data.
struct Prepared {
    key: PairKey,
    pair: Arc<PreparedPair>,
}

/// The legs and the version of each leg's data: a file loaded again under the same name is new
/// data.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PairKey {
    legs: (String, String),
    versions: (u64, u64),
}

impl PairKey {
    /// A number naming this pair of data among the worker's (the chart checks that marks and
    /// series belong together): the two versions, which only grow.
    fn id(&self) -> u64 {
        (self.versions.0 << 32) | self.versions.1
    }
}

/// What a study was computed from, its notices included.
type StudyKey = (
    PairKey,
    EventRule,
    StudyOptions,
    Option<HeldOut>,
    Vec<crate::settings::Notice>,
);

/// What each part was last computed from, so an unchanged part is answered [`Fresh::Same`].
#[derive(Default)]
struct Sent {
    pair: Option<PairKey>,
    // The notices are part of the answer: two refused values can give the same rule.
    study: Option<StudyKey>,
    rank: Option<(PairKey, EventRule, Option<usize>)>,
    sweep: Option<(PairKey, EventRule, StudyOptions)>,
    replication: Option<(PairKey, bool)>,
    follow: Option<(PairKey, EventRule, FollowInputs, u64)>,
    cross: Option<(PairKey, EventRule, StudyOptions, u64)>,
}

/// A worker's state: its series by ticker (or `file:NAME` leg), the pairs prepared from them
/// and what it last answered.
pub struct Computer {
    role: Role,
    /// Each series by ticker or leg, with its version and its place in the universe's order
    /// (the manifest's position for a bundled ticker; files after them, in the order read).
    series: HashMap<String, (u64, usize, Arc<Series>)>,
    /// Increases with every series received: names the universe's version.
    version: u64,
    /// Every series in the order received (the bundle's, then the reader's files), rebuilt
    /// when one arrives; the cross-section and the simulation read it.
    universe: Arc<Vec<Series>>,
    prepared: Vec<Prepared>,
    sent: Sent,
}

/// The stages of an answer, in the order they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Pair,
    Study,
    Rank,
    Sweep,
    Replication,
    Follow,
    Cross,
    Finished,
}

/// An answer in progress: [`Computer::next_part`] computes its parts one at a time, so the
/// worker can look for a newer request between them.
pub struct Answer {
    request: ViewRequest,
    stage: Stage,
    /// The pair and the view's engine inputs, once found.
    context: Option<(PairKey, Arc<PreparedPair>, StudyInputs)>,
    /// The study's event indices, for the rank.
    events: Vec<Event>,
}

impl Answer {
    /// The view request being answered.
    pub fn request(&self) -> &ViewRequest {
        &self.request
    }
}

impl Computer {
    /// An empty worker of `role`.
    pub fn new(role: Role) -> Computer {
        Computer {
            role,
            series: HashMap::new(),
            version: 0,
            universe: Arc::new(Vec::new()),
            prepared: Vec::new(),
            sent: Sent::default(),
        }
    }

    /// Takes a bundled ticker's file (`data/TICKER.json`).
    ///
    /// # Errors
    ///
    /// A sentence naming the file when it is not a valid ticker file.
    pub fn add_bundle(&mut self, ticker: &str, position: usize, json: &[u8]) -> Result<(), String> {
        let file = format!("{}/{ticker}.json", crate::data::DATA_DIR);
        // As text, so the JSON reader is the one the page's manifest already uses.
        let text = std::str::from_utf8(json).map_err(|e| format!("{file} is malformed: {e}"))?;
        let parsed: TickerFile =
            serde_json::from_str(text).map_err(|e| format!("{file} is malformed: {e}"))?;
        let series = parsed
            .to_series()
            .map_err(|e| format!("{file} is invalid: {e}"))?;
        self.insert(ticker.to_owned(), position, series);
        Ok(())
    }

    /// Takes a CSV file the reader loaded, as leg `leg`, if it can make a study with `partner`
    /// (when the worker holds `partner`).
    ///
    /// # Errors
    ///
    /// The parser's sentence (file and line), or why the file and its partner cannot make a
    /// study.
    pub fn add_file(
        &mut self,
        leg: &str,
        file_name: &str,
        text: &str,
        partner: &str,
    ) -> Result<FileSummary, String> {
        let parsed = parse_csv(file_name, leg, text).map_err(|e| e.to_string())?;
        if let Some((_, _, other)) = self.series.get(partner)
            && partner != leg
        {
            AlignedPair::new(&parsed.series, other).map_err(|e| format!("{file_name}: {e}"))?;
        }
        let s = &parsed.series;
        let summary = FileSummary {
            leg: leg.to_owned(),
            file_name: file_name.to_owned(),
            layout: parsed.layout,
            days: s.len(),
            first: s.first_date(),
            last: s.last_date(),
            skipped_null_rows: parsed.skipped_null_rows,
        };
        // Files come after every bundled ticker, in the order read.
        let position = usize::MAX / 2 + self.version as usize;
        self.insert(leg.to_owned(), position, parsed.series);
        Ok(summary)
    }

    /// Keeps a series under `name` at `position` in the universe's order (a name seen before
    /// keeps its place) and rebuilds the universe.
    fn insert(&mut self, name: String, position: usize, series: Series) {
        self.version += 1;
        let position = self
            .series
            .get(&name)
            .map_or(position, |(_, kept, _)| *kept);
        self.series
            .insert(name, (self.version, position, Arc::new(series)));
        let mut all: Vec<(usize, &Arc<Series>)> =
            self.series.values().map(|(_, p, s)| (*p, s)).collect();
        all.sort_by_key(|(p, _)| *p);
        self.universe = Arc::new(all.into_iter().map(|(_, s)| Series::clone(s)).collect());
    }

    /// Whether the worker holds a series named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.series.contains_key(name)
    }

    /// Starts answering `request`.
    pub fn answer(&self, request: ViewRequest) -> Answer {
        let stage = match self.role {
            Role::Study => Stage::Pair,
            Role::Cross => Stage::Cross,
        };
        Answer {
            request,
            stage,
            context: None,
            events: Vec::new(),
        }
    }

    /// The pair for `view`'s legs, prepared once and kept among the last few.
    fn pair_for(&mut self, view: &ViewState) -> Result<(PairKey, Arc<PreparedPair>), String> {
        let (long, short) = view.legs();
        let leg = |name: &str| {
            self.series
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{name} is not loaded yet"))
        };
        let ((lv, _, l), (sv, _, s)) = (leg(&long)?, leg(&short)?);
        let key = PairKey {
            legs: (long, short),
            versions: (lv, sv),
        };
        if let Some(k) = self.prepared.iter().position(|p| p.key == key) {
            // Most recently used last.
            let p = self.prepared.remove(k);
            let pair = Arc::clone(&p.pair);
            self.prepared.push(p);
            return Ok((key, pair));
        }
        let aligned = AlignedPair::new(&l, &s).map_err(|e| e.to_string())?;
        let pair = Arc::new(PreparedPair::new(aligned));
        if self.prepared.len() == PAIRS_KEPT {
            self.prepared.remove(0);
        }
        self.prepared.push(Prepared {
            key: key.clone(),
            pair: Arc::clone(&pair),
        });
        Ok((key, pair))
    }

    /// The view's pair and engine inputs.
    fn context(
        &mut self,
        view: &ViewState,
    ) -> Result<(PairKey, Arc<PreparedPair>, StudyInputs), String> {
        let (key, pair) = self.pair_for(view)?;
        let dates = pair.pair().dates();
        if dates.is_empty() {
            return Err("the two legs have no common dates".to_owned());
        }
        let inputs = view.study_inputs().map_err(|e| e.to_string())?;
        Ok((key, pair, inputs))
    }

    /// The next part of `answer`, or `None` when it is complete. A view that cannot be studied
    /// ends with its [`Part::Study`] error.
    pub fn next_part(&mut self, answer: &mut Answer) -> Option<Reply> {
        loop {
            let stage = answer.stage;
            answer.stage = match stage {
                Stage::Pair => Stage::Study,
                Stage::Study => Stage::Rank,
                Stage::Rank => Stage::Sweep,
                Stage::Sweep => Stage::Replication,
                Stage::Replication => Stage::Follow,
                Stage::Follow | Stage::Cross | Stage::Finished => Stage::Finished,
            };
            if stage == Stage::Finished {
                return None;
            }
            if answer.context.is_none() {
                match self.context(&answer.request.view) {
                    Ok(c) => answer.context = Some(c),
                    Err(message) => {
                        answer.stage = Stage::Finished;
                        // The cross-section says nothing of a view the study worker refuses.
                        return (self.role == Role::Study).then(|| {
                            self.sent.study = None;
                            self.part(answer, Part::Study(Fresh::New(Err(message))))
                        });
                    }
                }
            }
            if let Some(part) = self.compute(stage, answer) {
                return Some(self.part(answer, part));
            }
        }
    }

    fn part(&self, answer: &Answer, part: Part) -> Reply {
        Reply::Part {
            id: answer.request.id,
            part,
        }
    }

    /// One stage's part, `None` when the stage sends nothing (an unchanged pair, or a
    /// simulation whose tickers have not arrived).
    fn compute(&mut self, stage: Stage, answer: &mut Answer) -> Option<Part> {
        let (key, pair, inputs) = answer.context.clone()?;
        let view = &answer.request.view;
        let StudyInputs {
            rule,
            held_out,
            options,
            follow,
            notices,
        } = inputs;
        match stage {
            Stage::Pair => (self.sent.pair.as_ref() != Some(&key)).then(|| {
                self.sent.pair = Some(key.clone());
                Part::Pair(Box::new(PairSeries {
                    pair_id: key.id(),
                    ..pair_series(&pair)
                }))
            }),
            Stage::Study => {
                let inputs = (
                    key.clone(),
                    rule,
                    options.clone(),
                    held_out,
                    notices.clone(),
                );
                let same = self.sent.study.as_ref() == Some(&inputs);
                let study = pair.study(&rule, &options);
                if let Ok(s) = &study {
                    answer.events.clone_from(&s.events);
                }
                if same && study.is_ok() {
                    return Some(Part::Study(Fresh::Same));
                }
                self.sent.study = study.is_ok().then_some(inputs);
                let view = study
                    .map(|study| {
                        Box::new(study_view(
                            &pair, &key, study, &rule, held_out, &options, notices,
                        ))
                    })
                    .map_err(|e| e.to_string());
                Some(Part::Study(Fresh::New(view)))
            }
            Stage::Rank => {
                let picked = answer.request.picked;
                let event = picked
                    .and_then(|d| answer.events.iter().find(|e| e.date == d))
                    .or(answer.events.last())
                    .map(|e| e.index);
                let inputs = (key, rule, event);
                if self.sent.rank.as_ref() == Some(&inputs) {
                    return Some(Part::Rank(Fresh::Same));
                }
                self.sent.rank = Some(inputs);
                Some(Part::Rank(Fresh::New(
                    event.and_then(|i| pair.rank(&rule, i)),
                )))
            }
            Stage::Sweep => {
                let (sweep_rule, sweep_options) = match self.context_rule(&pair, &view.sweep_view())
                {
                    Ok(i) => (i.rule, i.options),
                    Err(e) => return Some(Part::Sweep(Fresh::New(Err(e)))),
                };
                let inputs = (key, sweep_rule, sweep_options.clone());
                if self.sent.sweep.as_ref() == Some(&inputs) {
                    return Some(Part::Sweep(Fresh::Same));
                }
                let sweep = pair
                    .sweep(&sweep_rule, &sweep_options)
                    .map_err(|e| e.to_string());
                self.sent.sweep = sweep.is_ok().then_some(inputs);
                Some(Part::Sweep(Fresh::New(sweep)))
            }
            Stage::Replication => {
                let shows = view.shows_article();
                let inputs = (key, shows);
                if self.sent.replication.as_ref() == Some(&inputs) {
                    return Some(Part::Replication(Fresh::Same));
                }
                self.sent.replication = Some(inputs);
                let replication = shows.then(|| {
                    equalizer_engine::article::replicate(&pair).map_err(|e| e.to_string())
                });
                Some(Part::Replication(Fresh::New(replication)))
            }
            Stage::Follow => {
                // Its tickers arrive after the first answer; until then the part waits.
                let needed = follow.basket.iter().chain([&follow.bench]);
                if needed.clone().any(|t| !self.has(t)) {
                    return None;
                }
                let inputs = (key, rule, follow.clone(), self.version);
                if self.sent.follow.as_ref() == Some(&inputs) {
                    return Some(Part::Follow(Fresh::Same));
                }
                let result = self.follow(&pair, &rule, &follow);
                self.sent.follow = result.is_ok().then_some(inputs);
                Some(Part::Follow(Fresh::New(result)))
            }
            Stage::Cross => {
                let inputs = (key, rule, options.clone(), self.version);
                if self.sent.cross.as_ref() == Some(&inputs) {
                    return Some(Part::Cross(Fresh::Same));
                }
                let cross = pair
                    .cross_section(&self.universe, &rule, &options)
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                self.sent.cross = cross.is_ok().then_some(inputs);
                Some(Part::Cross(Fresh::New(cross)))
            }
            Stage::Finished => None,
        }
    }

    /// The engine inputs of `view` on `pair`'s dates.
    fn context_rule(&self, pair: &PreparedPair, view: &ViewState) -> Result<StudyInputs, String> {
        let dates = pair.pair().dates();
        if dates.is_empty() {
            return Err("the two legs have no common dates".to_owned());
        }
        view.study_inputs().map_err(|e| e.to_string())
    }

    /// The simulation and its equity chart.
    fn follow(
        &self,
        pair: &PreparedPair,
        rule: &EventRule,
        f: &FollowInputs,
    ) -> Result<Box<FollowView>, String> {
        let find = |t: &str| {
            self.series
                .get(t)
                .map(|(_, _, s)| s)
                .ok_or_else(|| format!("{t} is not in the data"))
        };
        let basket: Vec<Series> = f
            .basket
            .iter()
            .map(|t| find(t).map(|s| Series::clone(s)))
            .collect::<Result<_, _>>()?;
        let bench = find(&f.bench)?;
        let follow = pair
            .follow(rule, &basket, bench, &f.options)
            .map_err(|e| e.to_string())?;
        let equity = equity_model(&follow, bench);
        Ok(Box::new(FollowView {
            inputs: f.clone(),
            follow,
            equity,
        }))
    }
}

/// The pair's daily series for the spread chart (its `pair_id` 0: the caller names it).
pub fn pair_series(p: &PreparedPair) -> PairSeries {
    let pair = p.pair();
    PairSeries {
        pair_id: 0,
        long: pair.long_ticker().to_owned(),
        short: pair.short_ticker().to_owned(),
        dates: pair.dates().to_vec(),
        spread: p.spread().to_vec(),
        z: p.z().to_vec(),
        long_returns: p.long_returns().to_vec(),
        short_returns: p.short_returns().to_vec(),
    }
}

/// The study with what the page draws beside it.
fn study_view(
    pair: &PreparedPair,
    key: &PairKey,
    study: equalizer_engine::Study,
    rule: &EventRule,
    held_out: Option<HeldOut>,
    options: &StudyOptions,
    notices: Vec<crate::settings::Notice>,
) -> StudyView {
    let notices = notices.iter().map(Into::into).collect();
    let events: Vec<usize> = study.events.iter().map(|e| e.index).collect();
    let path = pair.average_path(&events, &PathOptions::of_study(options));
    let held_out: Option<Vec<Event>> = held_out.map(|h| pair.held_out(&h.rule, h.from, options));
    let most_extreme = (study.event_count == 0)
        .then(|| most_extreme(pair, rule))
        .flatten();
    let marks = SpreadMarks {
        pair_id: key.id(),
        unit: rule.unit(),
        threshold: rule.threshold(),
        direction: rule.direction(),
        events,
        held_out: held_out.iter().flatten().map(|e| e.index).collect(),
    };
    StudyView {
        study,
        path,
        held_out,
        most_extreme,
        notices,
        marks,
    }
}

/// Runs a whole answer at once (the pre-rendered first screen and native tests).
pub fn answer_all(computer: &mut Computer, request: ViewRequest) -> Vec<Reply> {
    let mut answer = computer.answer(request);
    std::iter::from_fn(|| computer.next_part(&mut answer)).collect()
}
