//! Reads the calibration report (`docs/calibration.json`, written by `make calibrate`) at build
//! time, so the page's rule of which significance figures may speak, and the false-positive
//! rates it quotes, come from the measurement rather than from numbers typed by hand. Only the
//! counts are taken from the file: each rate, its interval and whether the figure may speak are
//! derived again here by the engine's own rule. A missing or unreadable report fails the build
//! with a sentence naming the file.

use std::path::Path;

use equalizer_engine::study::significance::{Calibration, FigureCalibration, Rate};

const REPORT: &str = "docs/calibration.json";

fn main() {
    if let Err(problem) = write_constants() {
        eprintln!("{problem}");
        std::process::exit(1);
    }
}

fn write_constants() -> Result<(), String> {
    println!("cargo:rerun-if-changed={REPORT}");
    let text = std::fs::read_to_string(REPORT)
        .map_err(|e| format!("{REPORT}: {e} (run `make calibrate` to write it)"))?;
    let report: Calibration = serde_json::from_str(&text).map_err(|e| format!("{REPORT}: {e}"))?;
    let mut out = format!(
        "/// When `make calibrate` measured the figures.\npub const DATE: &str = {:?};\n\
         /// Synthetic pairs per null setting.\npub const PAIRS: usize = {};\n\
         /// What was measured of each figure, in the report's order.\npub const MEASURED: &[Measured] = &[\n",
        report.date, report.pairs
    );
    for f in &report.figures {
        let worst = Rate::wilson(f.worst_at_5.hits, f.worst_at_5.trials);
        let f = FigureCalibration::new(f.figure, worst, f.worst_setting.clone());
        out += &format!(
            "    Measured {{ figure: Figure::{:?}, rate: {:?}, high: {:?}, calibrated: {} }},\n",
            f.figure, f.worst_at_5.rate, f.worst_at_5.high, f.calibrated
        );
    }
    out += "];\n";
    let dir = std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    std::fs::write(Path::new(&dir).join("calibration.rs"), out)
        .map_err(|e| format!("{dir}/calibration.rs: {e}"))
}
