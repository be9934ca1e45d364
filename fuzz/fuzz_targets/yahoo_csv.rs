//! Any bytes: the Yahoo CSV parser returns a valid series or an error naming a line.
#![no_main]

use equalizer_engine::yahoo::parse_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_csv("fuzz.csv", "FUZZ", text) {
        Ok(parsed) => {
            let s = parsed.series;
            assert!(s.dates().windows(2).all(|w| w[0] < w[1]));
            assert!(s.close().iter().all(|c| c.is_finite() && *c > 0.0));
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.csv")),
    }
});
