//! `equalizer`: the rotation spread study on the command line, and the page's data bundle.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use equalizer_engine::bounds::Bounded;
use equalizer_engine::bundle::{FORMAT, Manifest};
use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::{Follow, FollowOptions, check_basket};
use equalizer_engine::study::{
    DEFAULT_BOOTSTRAP_DRAWS, DEFAULT_PLACEBO_DRAWS, DEFAULT_SEED, EntryLag, Event, PathOptions,
    PathResult,
};
use equalizer_engine::{
    Date, DayRank, Direction, EventRule, HorizonUnit, PreparedPair, Study, StudyOptions,
    ThresholdUnit,
};
use serde::Serialize;

use equalizer_cli::data::{DataDir, LoadError, data_dir};

/// What happened after violent market rotations: threshold events on the daily return spread
/// of two ETFs and the forward returns after them.
#[derive(Parser)]
#[command(name = "equalizer", version)]
struct Cli {
    /// Folder of Yahoo Finance CSVs (TICKER.csv) and an optional corrections.csv.
    /// Default: $EQUALIZER_DATA, else ../shared/data/market beside the repository.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the tickers in the data folder with their date ranges.
    Tickers,
    /// Find days when long − short ≥ threshold and show what followed.
    Study(StudyArgs),
    /// Every ticker in the data folder after the study's event days: mean, edge, interval,
    /// placebo p and p adjusted for testing every ticker.
    Cross(StudyArgs),
    /// Follow the call: hold a basket after each event, the benchmark otherwise; returns,
    /// risk and costs against holding the benchmark.
    Follow(FollowArgs),
    /// Replicate the seed article (IWM vs QQQ, ≥ 4 %, events before 2024-07-11) under each convention.
    Replicate {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write the page's data bundle (manifest.json and one JSON file per ticker).
    Bundle {
        /// Output folder (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

// Every number is parsed by the engine's bounds (`Bounded`), so an argument out of range gets
// the sentence the page shows, quoting it as typed; negative numbers reach those parsers
// rather than being taken for flags.
#[derive(clap::Args)]
struct StudyArgs {
    /// Ticker of the long leg (e.g. IWM).
    #[arg(long)]
    long: String,
    /// Ticker of the short leg (e.g. QQQ).
    #[arg(long)]
    short: String,
    /// Threshold in percent (4 means a 4 % spread), or in z units with --threshold-unit z;
    /// 0.01 to 100.
    #[arg(long, value_name = "PERCENT", value_parser = parse_threshold, allow_negative_numbers = true)]
    threshold: f64,
    /// pct: the spread in percent; z: the spread over its trailing 252-day standard deviation.
    #[arg(long, default_value = "pct", value_parser = parse_threshold_unit)]
    threshold_unit: ThresholdUnit,
    /// up: spread ≥ T; down: spread ≤ −T; abs: |spread| ≥ T.
    #[arg(long, default_value = "up", value_parser = parse_direction)]
    direction: Direction,
    /// Trading days after an event that cannot be events (0 to 2520).
    #[arg(long, default_value = "0", value_parser = parse_cooloff, allow_negative_numbers = true)]
    cooloff: usize,
    /// First eligible event date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// Last eligible event date (YYYY-MM-DD); forward windows may run past it.
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// Horizons, comma-separated (default 5,21,63,126,252 days or 1,3,6,12 months; at most
    /// 12, each at most 2520 days or 120 months).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    horizons: Option<Vec<String>>,
    /// days: trading days on the common calendar; months: the first common day on or after
    /// the same date N months later.
    #[arg(long, default_value = "days", value_parser = parse_horizon_unit)]
    horizon_unit: HorizonUnit,
    /// Entry lag, 0 to 5 trading days: every forward return (events, baseline, placebo,
    /// cross-section, path; follow's entry) starts from the close this many days after the
    /// event's close.
    #[arg(long, default_value = "0", value_parser = parse_lag, value_name = "DAYS", allow_negative_numbers = true)]
    lag: EntryLag,
    /// Seed of the placebo and bootstrap generators (same seed, same numbers, here and on the page).
    #[arg(long, default_value_t = DEFAULT_SEED, value_parser = parse_seed, allow_negative_numbers = true)]
    seed: u64,
    /// Random-date placebo sets per horizon (0 turns it off; at most 100000; the
    /// circular-shift placebo takes every offset whatever this is).
    #[arg(long, default_value_t = DEFAULT_PLACEBO_DRAWS, value_parser = parse_placebo_draws, allow_negative_numbers = true)]
    placebo_draws: usize,
    /// Cluster-bootstrap samples per horizon (0 turns the intervals off; at most 20000).
    #[arg(long, default_value_t = DEFAULT_BOOTSTRAP_DRAWS, value_parser = parse_bootstrap_draws, allow_negative_numbers = true)]
    bootstrap_draws: usize,
    /// Also summarise the events before and from this year (1900 to 2100).
    #[arg(long, value_name = "YEAR", value_parser = parse_split_year, allow_negative_numbers = true)]
    split_year: Option<i32>,
    /// Out-of-sample date (YYYY-MM-DD): the study keeps only events before it; the JSON lists
    /// the events on or after it as `held_out`.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    oos: Option<Date>,
    /// Print JSON (returns as fractions, full precision) instead of tables.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct FollowArgs {
    #[command(flatten)]
    study: StudyArgs,
    /// Basket tickers, comma-separated (equal weight, rebalanced daily; none twice).
    #[arg(long, value_delimiter = ',', default_values_t = equalizer_engine::article::PICKS.map(String::from))]
    basket: Vec<String>,
    /// Benchmark held outside the windows (and its calendar).
    #[arg(long, default_value = equalizer_engine::study::follow::DEFAULT_BENCH)]
    bench: String,
    /// Trading days the basket is held after entry (1 to 1260).
    #[arg(long, default_value_t = 63, value_parser = parse_hold, allow_negative_numbers = true)]
    hold: usize,
    /// Cost of each switch (entry or exit), basis points of the portfolio (0 to 500).
    #[arg(long, default_value_t = 10.0, value_parser = parse_cost, allow_negative_numbers = true)]
    cost_bps: f64,
    /// Borrow cost of the long-short variant's short benchmark, basis points a year (0 to 5000).
    #[arg(long, default_value_t = 25.0, value_parser = parse_borrow, allow_negative_numbers = true)]
    borrow_bps: f64,
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    Bounded::Threshold
        .parse_number(s)
        .map_err(|e| e.to_string())
}

fn parse_cooloff(s: &str) -> Result<usize, String> {
    Bounded::Cooloff.parse_count(s).map_err(|e| e.to_string())
}

fn parse_placebo_draws(s: &str) -> Result<usize, String> {
    Bounded::PlaceboDraws
        .parse_count(s)
        .map_err(|e| e.to_string())
}

fn parse_bootstrap_draws(s: &str) -> Result<usize, String> {
    Bounded::BootstrapDraws
        .parse_count(s)
        .map_err(|e| e.to_string())
}

fn parse_split_year(s: &str) -> Result<i32, String> {
    Bounded::SplitYear.parse_year(s).map_err(|e| e.to_string())
}

fn parse_hold(s: &str) -> Result<usize, String> {
    Bounded::Hold.parse_count(s).map_err(|e| e.to_string())
}

fn parse_cost(s: &str) -> Result<f64, String> {
    Bounded::Cost.parse_number(s).map_err(|e| e.to_string())
}

fn parse_borrow(s: &str) -> Result<f64, String> {
    Bounded::Borrow.parse_number(s).map_err(|e| e.to_string())
}

fn parse_seed(s: &str) -> Result<u64, String> {
    s.trim().parse().map_err(|_| {
        format!(
            "the seed must be a whole number from 0 to {}, not '{}'",
            u64::MAX,
            equalizer_engine::bounds::quoted(s)
        )
    })
}

fn parse_direction(s: &str) -> Result<Direction, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn parse_threshold_unit(s: &str) -> Result<ThresholdUnit, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn parse_horizon_unit(s: &str) -> Result<HorizonUnit, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn parse_lag(s: &str) -> Result<EntryLag, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse().map_err(|e| format!("{e}"))
}

/// A failure with its exit code: 2 for bad arguments, 1 for unusable data or output.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl ToString) -> Failure {
        Failure {
            code: 2,
            message: message.to_string(),
        }
    }
    fn data(message: impl ToString) -> Failure {
        Failure {
            code: 1,
            message: message.to_string(),
        }
    }
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Failure {
        Failure {
            code: if e.is_usage() { 2 } else { 1 },
            message: e.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return refuse_argument(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// A value our parsers refused is one sentence naming the argument and quoting the value (the
/// engine's, as the page shows it); every other argument error (and --help, --version) is
/// clap's own.
fn refuse_argument(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.split(' ').next().unwrap_or(arg).to_owned(),
        _ => String::new(),
    };
    match std::error::Error::source(&e) {
        Some(why) if e.kind() == ErrorKind::ValueValidation && !arg.is_empty() => {
            eprintln!("error: {arg}: {why}");
            ExitCode::from(2)
        }
        _ => e.exit(),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let dir = data_dir(cli.data);
    let data = DataDir::open(&dir)?;
    for c in data.orphan_corrections() {
        eprintln!(
            "warning: corrections.csv names {} (before {}), which has no CSV here; not applied",
            c.ticker, c.before
        );
    }
    match cli.command {
        Command::Tickers => {
            println!(
                "{:<6} {:>10}   {:<10}  {:>6}  source",
                "ticker", "first", "last", "rows"
            );
            for t in data.tickers() {
                let l = data.load(&t)?;
                let s = &l.series;
                println!(
                    "{:<6} {}   {}  {:>6}  {} ({}{})",
                    t,
                    s.first_date(),
                    s.last_date(),
                    s.len(),
                    l.source_file,
                    l.layout,
                    if l.corrections.is_empty() {
                        String::new()
                    } else {
                        format!(", {} correction(s)", l.corrections.len())
                    }
                );
            }
            Ok(())
        }
        Command::Study(a) => study(&data, a),
        Command::Cross(a) => cross(&data, a),
        Command::Follow(a) => follow(&data, a),
        Command::Replicate { json } => replicate(&data, json),
        Command::Bundle { out } => bundle(&data, &out),
    }
}

/// The event rule and study options of a study's arguments (with `--oos` the events end the
/// day before it).
fn rule_and_options(a: &StudyArgs) -> Result<(EventRule, StudyOptions), Failure> {
    if a.long.eq_ignore_ascii_case(&a.short) {
        return Err(Failure::usage(format!(
            "--long and --short are both {}; a spread needs two different tickers",
            a.long
        )));
    }
    let whole = EventRule::new(a.threshold, a.direction, a.cooloff, a.from, a.to)
        .map_err(Failure::usage)?
        .with_unit(a.threshold_unit);
    // With --oos the study's events end the day before it; the later ones are held out.
    let rule = match a.oos {
        Some(cut) => whole
            .before(cut)
            .map_err(|e| Failure::usage(format!("--oos: {e}")))?,
        None => whole,
    };
    // A horizon's bound depends on the unit, a separate argument, so horizons are parsed here.
    let horizons = match &a.horizons {
        Some(texts) => texts
            .iter()
            .map(|t| Bounded::Horizon(a.horizon_unit).parse_count(t))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::usage(format!("--horizons: {e}")))?,
        None => a.horizon_unit.default_horizons(),
    };
    let opts = StudyOptions {
        horizons,
        unit: a.horizon_unit,
        lag: a.lag,
        placebo_draws: a.placebo_draws,
        bootstrap_draws: a.bootstrap_draws,
        seed: a.seed,
        split_year: a.split_year,
    };
    opts.check().map_err(Failure::usage)?;
    Ok((rule, opts))
}

fn study(data: &DataDir, a: StudyArgs) -> Result<(), Failure> {
    let (rule, opts) = rule_and_options(&a)?;
    let prepared = PreparedPair::new(data.pair(&a.long, &a.short)?);
    let mut result = prepared.study(&rule, &opts).map_err(Failure::usage)?;
    result.sweep = prepared.sweep(&rule, &opts).map_err(Failure::usage)?;
    if a.json {
        // The study's JSON, then the average path the page draws (default days and draws,
        // the study's seed and lag).
        let events: Vec<usize> = result.events.iter().map(|e| e.index).collect();
        let path = prepared.average_path(&events, &PathOptions::of_study(&opts));
        let latest_rank = events.last().and_then(|&i| prepared.rank(&rule, i));
        // Held out: the rule's events on or after --oos, to the end of the data.
        // `held_out` opens the rule's end, so the study's (cut) rule serves.
        let held_out = a.oos.map(|cut| prepared.held_out(&rule, cut, &opts));
        let json = StudyJson {
            study: &result,
            sweep_placebo_sets: result.sweep.first().map_or(0, |c| c.placebo_sets),
            path,
            latest_rank,
            oos: a.oos,
            held_out,
        };
        let text = serde_json::to_string_pretty(&json).map_err(Failure::data)?;
        println!("{text}");
    } else {
        print!("{}", equalizer_cli::table::render(&result));
    }
    Ok(())
}

fn cross(data: &DataDir, a: StudyArgs) -> Result<(), Failure> {
    let (rule, opts) = rule_and_options(&a)?;
    let prepared = PreparedPair::new(data.pair(&a.long, &a.short)?);
    let universe = data
        .tickers()
        .iter()
        .map(|t| Ok(data.load(t)?.series))
        .collect::<Result<Vec<_>, LoadError>>()?;
    let result = prepared
        .cross_section(&universe, &rule, &opts)
        .map_err(Failure::usage)?;
    if a.json {
        let json = CrossJson {
            rule: RuleJson::new(&prepared, &rule, a.oos),
            horizon_unit: opts.unit,
            lag: opts.lag,
            horizons: &opts.horizons,
            seed: opts.seed,
            placebo_draws: opts.placebo_draws,
            bootstrap_draws: opts.bootstrap_draws,
            tickers: universe.len(),
            cross: &result,
        };
        let text = serde_json::to_string_pretty(&json).map_err(Failure::data)?;
        println!("{text}");
    } else {
        print!(
            "{}",
            equalizer_cli::table::render_cross(
                &result,
                prepared.pair().long_ticker(),
                prepared.pair().short_ticker(),
                opts.unit
            )
        );
    }
    Ok(())
}

/// `cross --json`: the settings, then the engine's cross-section (`event_count`,
/// `placebo_sets`, `rows`).
#[derive(Serialize)]
struct CrossJson<'a> {
    #[serde(flatten)]
    rule: RuleJson<'a>,
    horizon_unit: HorizonUnit,
    lag: EntryLag,
    horizons: &'a [usize],
    seed: u64,
    placebo_draws: usize,
    bootstrap_draws: usize,
    /// Tickers in the universe (every ticker in the data folder).
    tickers: usize,
    #[serde(flatten)]
    cross: &'a CrossSection,
}

fn follow(data: &DataDir, f: FollowArgs) -> Result<(), Failure> {
    let a = &f.study;
    let (rule, study_opts) = rule_and_options(a)?;
    let opts = FollowOptions {
        hold: f.hold,
        lag: study_opts.lag,
        cost_bps: f.cost_bps,
        borrow_bps: f.borrow_bps,
    };
    // Bad settings are refused before any file is read.
    opts.check().map_err(Failure::usage)?;
    let names: Vec<&str> = f
        .basket
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    check_basket(&names).map_err(Failure::usage)?;
    let prepared = PreparedPair::new(data.pair(&a.long, &a.short)?);
    let basket = f
        .basket
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Ok(data.load(t.trim())?.series))
        .collect::<Result<Vec<_>, LoadError>>()?;
    let bench = data.load(&f.bench)?.series;
    let result = prepared
        .follow(&rule, &basket, &bench, &opts)
        .map_err(Failure::usage)?;
    if a.json {
        let json = FollowJson {
            rule: RuleJson::new(&prepared, &rule, a.oos),
            basket: basket.iter().map(|s| s.ticker()).collect(),
            bench: bench.ticker(),
            hold: f.hold,
            lag: study_opts.lag,
            cost_bps: f.cost_bps,
            follow: &result,
        };
        let text = serde_json::to_string_pretty(&json).map_err(Failure::data)?;
        println!("{text}");
    } else {
        let names: Vec<&str> = basket.iter().map(|s| s.ticker()).collect();
        print!(
            "{}",
            equalizer_cli::table::render_follow(&result, &names.join(","), bench.ticker(), &opts)
        );
    }
    Ok(())
}

/// `follow --json`: the settings, then the engine's simulation.
#[derive(Serialize)]
struct FollowJson<'a> {
    #[serde(flatten)]
    rule: RuleJson<'a>,
    basket: Vec<&'a str>,
    bench: &'a str,
    hold: usize,
    lag: EntryLag,
    cost_bps: f64,
    #[serde(flatten)]
    follow: &'a Follow,
}

/// The settings every command's JSON starts with: the pair and the rule (its `to` is the
/// study's, before `oos` when given).
#[derive(Serialize)]
struct RuleJson<'a> {
    long: &'a str,
    short: &'a str,
    threshold: f64,
    threshold_unit: ThresholdUnit,
    direction: Direction,
    cooloff: usize,
    from: Option<Date>,
    to: Option<Date>,
    oos: Option<Date>,
}

impl<'a> RuleJson<'a> {
    fn new(prepared: &'a PreparedPair, rule: &EventRule, oos: Option<Date>) -> RuleJson<'a> {
        RuleJson {
            long: prepared.pair().long_ticker(),
            short: prepared.pair().short_ticker(),
            threshold: rule.given_threshold(),
            threshold_unit: rule.unit(),
            direction: rule.direction(),
            cooloff: rule.cooloff(),
            from: rule.from(),
            to: rule.to(),
            oos,
        }
    }
}

/// `study --json`: the study's fields, then `sweep_placebo_sets`, `path`, `latest_rank` and,
/// with `--oos`, `oos` and `held_out`.
#[derive(Serialize)]
struct StudyJson<'a> {
    #[serde(flatten)]
    study: &'a Study,
    /// Circular shifts (every one of the days with a complete window at every horizon, each
    /// shared by the whole grid) behind each sweep cell's `placebo_shift_p_pair`, `adjusted_p`
    /// and `bh_q`.
    sweep_placebo_sets: usize,
    path: PathResult,
    /// The rank of the study's latest event among all days of the pair's history.
    latest_rank: Option<DayRank>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oos: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    held_out: Option<Vec<Event>>,
}

fn replicate(data: &DataDir, json: bool) -> Result<(), Failure> {
    use equalizer_engine::article;
    let pair = PreparedPair::new(data.pair(article::LONG, article::SHORT)?);
    let rows = article::replicate(&pair).map_err(Failure::data)?;
    if json {
        let v = serde_json::json!({ "claim": article::CLAIM, "ours": rows, "why": article::why_they_differ(&rows) });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(Failure::data)?
        );
    } else {
        print!("{}", equalizer_cli::table::render_replication(&rows));
    }
    Ok(())
}

fn bundle(data: &DataDir, out: &std::path::Path) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::data(format!("cannot write to {}: {e}", out.display()));
    std::fs::create_dir_all(out).map_err(io)?;
    let mut manifest = Manifest {
        format: FORMAT,
        tickers: Vec::new(),
    };
    for t in data.tickers() {
        let (entry, file) = data.load(&t)?.to_bundle();
        let text = serde_json::to_string(&file).map_err(Failure::data)?;
        std::fs::write(out.join(&entry.file), text).map_err(io)?;
        manifest.tickers.push(entry);
    }
    let text = serde_json::to_string_pretty(&manifest).map_err(Failure::data)?;
    std::fs::write(out.join("manifest.json"), text).map_err(io)?;
    println!(
        "wrote {} tickers to {}",
        manifest.tickers.len(),
        out.display()
    );
    Ok(())
}
