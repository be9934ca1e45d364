//! Any query string gives a usable view, and that view's own query reads back unchanged.
#![no_main]

use equalizer_web::settings::{is_file_leg, query_from_state, state_from_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Decoded as the browser's URLSearchParams would (form-urlencoded, lossy UTF-8).
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(data)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let tickers = ["IWM", "QQQ", "SPY", "XLE"].map(String::from);
    let (v, notices) = state_from_query(&pairs, &tickers);
    assert!(v.study_inputs().is_ok());
    for leg in [&v.long, &v.short] {
        assert!(tickers.contains(leg) || is_file_leg(leg), "{leg}");
    }
    assert_ne!(v.long, v.short);
    for n in &notices {
        assert!(n.given.chars().count() <= 70);
        assert!(n.key.chars().count() <= 70);
    }
    let own: Vec<(String, String)> = query_from_state(&v)
        .into_iter()
        .map(|(k, x)| (k.to_owned(), x))
        .collect();
    let (back, none) = state_from_query(&own, &tickers);
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(back, v);
});
