//! Any bytes: a ticker file from the data bundle either decodes to a valid series or errors.
#![no_main]

use equalizer_engine::bundle::TickerFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = serde_json::from_slice::<TickerFile>(data) else {
        return;
    };
    if let Ok(s) = file.to_series() {
        assert!(s.dates().windows(2).all(|w| w[0] < w[1]));
        assert!(s.close().iter().all(|c| c.is_finite() && *c > 0.0));
    }
});
