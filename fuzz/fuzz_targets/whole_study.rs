//! Everything the engine computes from a CSV the parser accepts (one Yahoo CSV, or two
//! separated by a blank line): the study, the sweep, the cross-section on a small universe,
//! the follow simulation and the average path must end (the input is at most `-max_len`
//! bytes, the draws are bounded, libFuzzer's `-timeout` bounds each run) with every number
//! finite or explicitly undefined. One of the twelve rules runs per input, picked from it.
#![no_main]

use equalizer_engine::testkit::{Rules, whole_study};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pick = data.iter().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(*b)));
    if let Err(bad) = whole_study(text, Rules::One(pick)) {
        panic!("numbers that are not finite:\n{}", bad.join("\n"));
    }
});
