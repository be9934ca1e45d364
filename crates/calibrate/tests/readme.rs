//! The README quotes the calibration's headline rates exactly as docs/calibration.json has
//! them, so a new `make calibrate` run cannot leave it stale.

use equalizer_calibrate::report::readme_table;
use equalizer_engine::study::significance::Calibration;

#[test]
fn the_readme_quotes_the_reports_rates() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let report: Calibration = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/docs/calibration.json")).unwrap(),
    )
    .unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let table = readme_table(&report);
    assert!(
        readme.contains(&table),
        "README.md should contain this table (from docs/calibration.json):\n{table}"
    );
}
