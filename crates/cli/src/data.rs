//! Reading the market-data folder: Yahoo CSVs plus an optional `corrections.csv`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use equalizer_engine::bundle::{ManifestEntry, TickerFile};
use equalizer_engine::corrections::{
    AppliedCorrection, Correction, apply_corrections, parse_corrections,
};
use equalizer_engine::yahoo::{CsvError, Layout, parse_csv};
use equalizer_engine::{AlignError, AlignedPair, Series, SeriesError};
use sha2::{Digest, Sha256};

/// Environment variable naming the data folder.
pub const DATA_ENV: &str = "EQUALIZER_DATA";

/// The folder used when neither `--data` nor `EQUALIZER_DATA` is given: `../shared/data/market`
/// beside the repository.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/market")
}

/// The data folder: `explicit` (`--data`), else `$EQUALIZER_DATA`, else [`default_data_dir`].
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DATA_ENV).map(PathBuf::from))
        .unwrap_or_else(default_data_dir)
}

/// Why the data folder or a file in it cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not UTF-8 text (invalid byte at offset {offset})")]
    NotText { path: PathBuf, offset: usize },
    #[error(
        "{0} contains no .csv price files (set {DATA_ENV} or --data to a folder of Yahoo Finance CSVs)"
    )]
    NoCsv(PathBuf),
    #[error("unknown ticker '{ticker}'; the data has {}", .known.join(", "))]
    UnknownTicker { ticker: String, known: Vec<String> },
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Align(#[from] AlignError),
    /// A correction that leaves the series implausible (the corrected prices are validated
    /// like any others).
    #[error("{file} after {CORRECTIONS}: {source}")]
    Corrected { file: String, source: SeriesError },
}

impl LoadError {
    /// Whether the user named something that does not exist (exit 2) rather than the data being
    /// unreadable (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, LoadError::UnknownTicker { .. } | LoadError::Align(_))
    }
}

/// A ticker read from its CSV, corrected, with its provenance.
pub struct Loaded {
    pub series: Series,
    pub layout: Layout,
    pub source_file: String,
    pub sha256: String,
    pub corrections: Vec<AppliedCorrection>,
    /// Rows skipped because Yahoo wrote `null` for every price that day.
    pub skipped_null_rows: usize,
}

impl Loaded {
    /// The manifest entry and ticker file the bundle writes.
    pub fn to_bundle(&self) -> (ManifestEntry, TickerFile) {
        let s = &self.series;
        let entry = ManifestEntry {
            ticker: s.ticker().to_owned(),
            file: format!("{}.json", s.ticker()),
            source_file: self.source_file.clone(),
            layout: self.layout,
            sha256: self.sha256.clone(),
            first: s.first_date(),
            last: s.last_date(),
            rows: s.len(),
            corrections: self.corrections.clone(),
        };
        (entry, TickerFile::from_series(s))
    }
}

/// The warning line for a file with `count` skipped null rows, `None` when there are none.
pub fn null_rows_warning(file: &str, count: usize) -> Option<String> {
    (count > 0).then(|| {
        let rows = if count == 1 { "row" } else { "rows" };
        format!(
            "warning: {file}: skipped {count} {rows} where Yahoo wrote null (no prices that day)"
        )
    })
}

/// A folder of price CSVs (`TICKER.csv`) and an optional `corrections.csv`.
pub struct DataDir {
    files: BTreeMap<String, PathBuf>,
    corrections: Vec<Correction>,
}

const CORRECTIONS: &str = "corrections.csv";

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })
}

impl DataDir {
    /// Lists the folder's CSVs and parses its corrections.
    pub fn open(dir: &Path) -> Result<DataDir, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == CORRECTIONS {
                continue;
            }
            if let Some(stem) = name.strip_suffix(".csv") {
                files.insert(stem.to_ascii_uppercase(), path.clone());
            }
        }
        if files.is_empty() {
            return Err(LoadError::NoCsv(dir.to_owned()));
        }
        let cpath = dir.join(CORRECTIONS);
        let corrections = if cpath.exists() {
            parse_corrections(CORRECTIONS, &read(&cpath)?)?
        } else {
            Vec::new()
        };
        Ok(DataDir { files, corrections })
    }

    /// Tickers in the folder, sorted.
    pub fn tickers(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// Corrections that name a ticker without a file; the caller warns about them.
    pub fn orphan_corrections(&self) -> Vec<&Correction> {
        self.corrections
            .iter()
            .filter(|c| !self.files.contains_key(&c.ticker))
            .collect()
    }

    /// Reads, validates and corrects one ticker (case-insensitive).
    pub fn load(&self, ticker: &str) -> Result<Loaded, LoadError> {
        let key = ticker.to_ascii_uppercase();
        let path = self
            .files
            .get(&key)
            .ok_or_else(|| LoadError::UnknownTicker {
                ticker: ticker.to_owned(),
                known: self.tickers(),
            })?;
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        let source_file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::str::from_utf8(&bytes).map_err(|e| LoadError::NotText {
            path: path.clone(),
            offset: e.valid_up_to(),
        })?;
        let parsed = parse_csv(&source_file, &key, text)?;
        if let Some(w) = null_rows_warning(&path.display().to_string(), parsed.skipped_null_rows) {
            eprintln!("{w}");
        }
        let mut series = parsed.series;
        let corrections = apply_corrections(&mut series, &self.corrections).map_err(|source| {
            LoadError::Corrected {
                file: source_file.clone(),
                source,
            }
        })?;
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            });
        Ok(Loaded {
            series,
            layout: parsed.layout,
            source_file,
            sha256,
            corrections,
            skipped_null_rows: parsed.skipped_null_rows,
        })
    }

    /// Loads two tickers and aligns them.
    pub fn pair(&self, long: &str, short: &str) -> Result<AlignedPair, LoadError> {
        let l = self.load(long)?;
        let s = self.load(short)?;
        Ok(AlignedPair::new(&l.series, &s.series)?)
    }
}
