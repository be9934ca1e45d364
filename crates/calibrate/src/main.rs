//! `calibrate`: measures every significance figure's false-positive rate on synthetic nulls and
//! writes `calibration.md` and `calibration.json` (`make calibrate`).
//!
//! Usage: `calibrate [--pairs N] [--out DIR] [--threads N]` (defaults: 1,000 pairs per setting,
//! `docs`, every core).

#![warn(missing_docs)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use equalizer_calibrate::report::{Meta, calibration, markdown, tally, write};
use equalizer_calibrate::{Config, SETTINGS, run_setting};

const USAGE: &str = "usage: calibrate [--pairs N] [--out DIR] [--threads N]";

/// The command line: the run's configuration and the output folder.
fn parse(args: &[String]) -> Result<(Config, PathBuf), String> {
    let mut config = Config::default();
    let mut out = PathBuf::from("docs");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        let count = |v: &String| match v.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{arg} needs a whole number above 0, not '{v}'")),
        };
        match arg.as_str() {
            "--pairs" => config.pairs = count(value()?)?,
            "--threads" => config.threads = count(value()?)?,
            "--out" => out = PathBuf::from(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ => return Err(format!("unknown argument '{arg}'\n{USAGE}")),
        }
    }
    Ok((config, out))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, out) = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let mut reports = Vec::new();
    for setting in &SETTINGS {
        let t = Instant::now();
        match run_setting(&config, setting) {
            Ok(outcomes) => reports.push(tally(*setting, &outcomes)),
            Err(e) => {
                eprintln!("setting {}: {e}", setting.id);
                return ExitCode::FAILURE;
            }
        }
        eprintln!(
            "setting {} ({}): {} pairs in {:.1} s",
            setting.id,
            setting.name,
            config.pairs,
            t.elapsed().as_secs_f64()
        );
    }
    let meta = Meta::gather(start.elapsed());
    let calibration = calibration(&reports, &meta.date);
    let md = markdown(&reports, &calibration, &config, &meta);
    if let Err(e) = write(&out, &md, &calibration) {
        eprintln!("cannot write to {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {0}/calibration.md and {0}/calibration.json in {1:.1} s",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn arguments_set_pairs_threads_and_the_folder() {
        let (c, out) = parse(&args("--pairs 50 --threads 1 --out target/cal")).unwrap();
        assert_eq!((c.pairs, c.threads), (50, 1));
        assert_eq!(out, PathBuf::from("target/cal"));
        let (c, out) = parse(&[]).unwrap();
        assert_eq!((c.pairs, out), (1_000, PathBuf::from("docs")));
        assert!(parse(&args("--pairs 0")).is_err());
        assert!(parse(&args("--pairs")).is_err());
        assert!(parse(&args("--bogus")).is_err());
    }
}
