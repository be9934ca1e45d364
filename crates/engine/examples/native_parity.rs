//! Prints the study JSON of the synthetic parity pair, computed natively. `make wasm-test`
//! writes it to a file that the wasm-bindgen test compares with the same study run in wasm.

use equalizer_engine::PreparedPair;
use equalizer_engine::testkit::{parity_settings, synthetic_pair};

fn main() -> std::process::ExitCode {
    let (Some(pair), Some((rule, opts))) = (synthetic_pair(3000), parity_settings()) else {
        eprintln!("error: the synthetic parity pair could not be built");
        return std::process::ExitCode::FAILURE;
    };
    let p = PreparedPair::new(pair);
    let result = p.study(&rule, &opts).and_then(|mut s| {
        s.sweep = p.sweep(&rule, &opts)?;
        Ok(s)
    });
    match result.map(|s| serde_json::to_string(&s)) {
        Ok(Ok(json)) => {
            println!("{json}");
            std::process::ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
