//! The messages between the page's main thread and its workers, and their codec.
//!
//! Every message is a Rust enum ([`Request`] one way, [`Reply`] the other) encoded by
//! `postcard`: a library, not a hand-written format. Why postcard: a format without field
//! names makes serde instantiate only the sequence path of each type, so the codec adds the
//! least code to the page's one wasm module (a self-describing format such as MessagePack
//! added about 190 KB gzip, a third of the page); it decodes a study of a thousand events in
//! well under a millisecond; and every float crosses bit for bit (NaN included), which JSON
//! cannot do. The encoded bytes travel as an `ArrayBuffer` that is transferred, not copied. A bundled ticker's file rides beside its
//! [`Request::Bundle`] as a second transferred buffer, so the main thread never copies price
//! data into its own memory.

use equalizer_engine::article::Replication;
use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::Follow;
use equalizer_engine::study::{DayRank, Event, PathResult, SweepCell};
use equalizer_engine::yahoo::Layout;
use equalizer_engine::{Date, Direction, Study, ThresholdUnit};
use serde::{Deserialize, Serialize};

use crate::charts::equity::EquityModel;
use crate::settings::{FollowInputs, NoticeLine, ViewState};

/// What the main thread asks of a worker. Requests are answered in order; a newer
/// [`Request::View`] supersedes an older one that has not finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// A bundled ticker's file (`data/TICKER.json`); its bytes travel beside the message.
    Bundle {
        /// The ticker.
        ticker: String,
        /// Its place in the bundle's manifest: the cross-section lists tickers in that order,
        /// whatever order their files arrive in.
        position: usize,
    },
    /// A CSV file the reader loaded in the browser (never uploaded anywhere).
    File {
        /// Its leg name, `file:NAME`.
        leg: String,
        /// The file's own name.
        file_name: String,
        /// Its text.
        text: String,
        /// The other leg of the view it was loaded for: the file is refused when the two
        /// cannot make a study (too few common days), so the view keeps its legs.
        partner: String,
    },
    /// Everything a view shows.
    View(ViewRequest),
}

/// One view to compute: the settings, the event picked on the chart, and a number that
/// grows with every request so replies can be matched to what asked for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewRequest {
    /// Increases with every view request the page sends.
    pub id: u64,
    /// The settings.
    pub view: ViewState,
    /// The event the reader picked on the spread chart (the headline's event), if any.
    pub picked: Option<Date>,
}

/// What a worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker runs and takes requests (sent once, after it starts).
    Ready,
    /// A bundled ticker's file was read: the worker holds the ticker.
    BundleRead {
        /// The ticker.
        ticker: String,
    },
    /// A bundled ticker's file could not be read.
    BundleRefused {
        /// The ticker.
        ticker: String,
        /// Why, naming the file.
        message: String,
    },
    /// A loaded file was read and can make a study with its partner.
    FileRead(FileSummary),
    /// A loaded file was refused.
    FileRefused {
        /// The file's own name.
        file_name: String,
        /// Why, naming the file (and the line, where there is one).
        message: String,
    },
    /// One part of the answer to view request `id`.
    Part {
        /// The request it answers.
        id: u64,
        /// The part.
        part: Part,
    },
    /// The worker could not read a message or write its answer: the page shows why.
    Broken {
        /// What went wrong.
        message: String,
    },
}

/// What a loaded file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// Its leg name, `file:NAME`.
    pub leg: String,
    /// The file's own name.
    pub file_name: String,
    /// Which Yahoo layout it was read as.
    pub layout: Layout,
    /// Trading days read.
    pub days: usize,
    /// Its first date.
    pub first: Date,
    /// Its last date.
    pub last: Date,
    /// Rows skipped because Yahoo wrote `null` for the day.
    pub skipped_null_rows: usize,
}

/// A part whose value may be the one this worker sent last time: inputs that did not change
/// give the same value, so it does not cross again (nor is it drawn again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Fresh<T> {
    /// As in this worker's previous reply of the same part.
    Same,
    /// A new value.
    New(T),
}

/// One part of a view's answer. The study worker sends [`Part::Pair`] (when the pair
/// changed), [`Part::Study`], [`Part::Rank`], [`Part::Sweep`], [`Part::Replication`] and
/// [`Part::Follow`]; the cross-section worker sends [`Part::Cross`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Part {
    /// The pair's daily series, for the spread chart (sent when the legs or their data change).
    Pair(Box<PairSeries>),
    /// The study and what is drawn beside it; an error ends the request (the view cannot be
    /// studied, and the message says why).
    Study(Fresh<Result<Box<StudyView>, String>>),
    /// The headline event's rank among all days.
    Rank(Fresh<Option<DayRank>>),
    /// The threshold sweep.
    Sweep(Fresh<Result<Vec<SweepCell>, String>>),
    /// The article's replication (`None` outside the article view).
    Replication(Fresh<Option<Result<Vec<Replication>, String>>>),
    /// The "follow the article" simulation.
    Follow(Fresh<Result<Box<FollowView>, String>>),
    /// Every ticker after the study's events.
    Cross(Fresh<Result<Box<CrossSection>, String>>),
}

/// The pair's daily series on its common dates: what the spread chart plots and its hover
/// text reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSeries {
    /// Which of the worker's pairs this is: the study's marks name the pair they belong to,
    /// and the chart draws only a pair with its own marks.
    pub pair_id: u64,
    /// The long leg's ticker (or `file:NAME`).
    pub long: String,
    /// The short leg's.
    pub short: String,
    /// The common dates.
    pub dates: Vec<Date>,
    /// Daily spread (index 0 is NaN: no return on the first day).
    pub spread: Vec<f64>,
    /// The spread over its trailing year's standard deviation (NaN before a full year).
    pub z: Vec<f64>,
    /// The long leg's daily returns.
    pub long_returns: Vec<f64>,
    /// The short leg's daily returns.
    pub short_returns: Vec<f64>,
}

impl PairSeries {
    /// The plotted series of a unit: the spread, or its z.
    pub fn signal(&self, unit: ThresholdUnit) -> &[f64] {
        match unit {
            ThresholdUnit::Pct => &self.spread,
            ThresholdUnit::Z => &self.z,
        }
    }
}

/// The study of a view and what the page draws beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyView {
    /// The study.
    pub study: Study,
    /// The average path after the events and its band.
    pub path: PathResult,
    /// The events held out of the study (on or after `oos`, or the article's day in the
    /// article view), with their forward returns.
    pub held_out: Option<Vec<Event>>,
    /// With no event: the most extreme day in the range and its value, said instead.
    pub most_extreme: Option<(Date, f64)>,
    /// Settings the pair's data cannot use (a date beyond it).
    pub notices: Vec<NoticeLine>,
    /// The threshold lines and the event markers of the spread chart.
    pub marks: SpreadMarks,
}

/// What the spread chart marks on the pair's series: the threshold and every event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpreadMarks {
    /// The pair the indices below belong to ([`PairSeries::pair_id`]).
    pub pair_id: u64,
    /// What the threshold measures, and so what the chart plots.
    pub unit: ThresholdUnit,
    /// The threshold in the plotted series' units (a fraction, or σ).
    pub threshold: f64,
    /// Which side of the threshold makes an event.
    pub direction: Direction,
    /// Event day indices.
    pub events: Vec<usize>,
    /// Day indices of the held-out events.
    pub held_out: Vec<usize>,
}

/// The simulation and its equity chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowView {
    /// What it was run with (the sentence names these, not the controls', which may be ahead).
    pub inputs: FollowInputs,
    /// The simulation's figures.
    pub follow: Follow,
    /// The equity chart's model.
    pub equity: EquityModel,
}

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a message between the page and its worker could not be read: {0}")]
pub struct CodecError(String);

/// The bytes of a message.
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, CodecError> {
    postcard::to_allocvec(message).map_err(|e| CodecError(e.to_string()))
}

/// A message from its bytes.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, CodecError> {
    postcard::from_bytes(bytes).map_err(|e| CodecError(e.to_string()))
}
