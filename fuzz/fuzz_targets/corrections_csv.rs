//! Any bytes: the corrections parser returns finite positive factors or an error naming a line.
#![no_main]

use equalizer_engine::corrections::parse_corrections;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_corrections("corrections.csv", text) {
        Ok(list) => assert!(list.iter().all(|c| c.factor.is_finite() && c.factor > 0.0)),
        Err(e) => assert!(e.to_string().starts_with("corrections.csv")),
    }
});
