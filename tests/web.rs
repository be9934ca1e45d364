//! wasm-bindgen tests, run in headless Chromium: URL-state parsing and encoding, and the
//! summary table component's machine-readable cells.
#![cfg(target_arch = "wasm32")]
// clippy.toml lets `#[test]` functions unwrap, but it does not see `#[wasm_bindgen_test]` ones.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use equalizer_engine::{AlignedPair, Date, Direction, EventRule, PreparedPair, Series};
use equalizer_web::settings::{ViewState, query_from_state, state_from_query};
use equalizer_web::url;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn tickers() -> Vec<String> {
    ["IWM", "QQQ", "SPY", "XLE", "XLK"]
        .map(String::from)
        .to_vec()
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn parse(pairs: &[(&str, &str)]) -> (ViewState, Vec<String>) {
    let (v, n) = state_from_query(&q(pairs), &tickers());
    (v, n.iter().map(|n| n.message()).collect())
}

#[wasm_bindgen_test]
fn empty_query_is_the_default_view() {
    let (v, n) = parse(&[]);
    assert_eq!(v, ViewState::default_view());
    assert_eq!(
        (v.long.as_str(), v.short.as_str(), v.threshold),
        ("IWM", "QQQ", 4.0)
    );
    assert!(n.is_empty());
}

#[wasm_bindgen_test]
fn every_key_is_read() {
    let (v, n) = parse(&[
        ("long", "xle"),
        ("short", "XLK"),
        ("t", "3"),
        ("dir", "abs"),
        ("cool", "5"),
        ("from", "2005-01-01"),
        ("to", "2020-12-31"),
    ]);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(v.long, "XLE");
    assert_eq!(v.short, "XLK");
    assert_eq!(v.threshold, 3.0);
    assert_eq!(v.direction, Direction::Abs);
    assert_eq!(v.cooloff, 5);
    assert_eq!(v.from, Some("2005-01-01".parse::<Date>().unwrap()));
    assert_eq!(v.to, Some("2020-12-31".parse::<Date>().unwrap()));
}

#[wasm_bindgen_test]
fn each_bad_value_names_the_key_and_the_value_used() {
    let cases: [(&[(&str, &str)], &str); 11] = [
        (
            &[("long", "FOO")],
            "long=FOO: not a ticker in the data; using IWM instead.",
        ),
        (
            &[("short", "BAR")],
            "short=BAR: not a ticker in the data; using QQQ instead.",
        ),
        (&[("t", "abc")], "t=abc: not a number; using 4 instead."),
        (
            &[("t", "-3")],
            "t=-3: the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '-3'; using 4 instead.",
        ),
        (
            &[("t", "0")],
            "t=0: the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '0'; using 4 instead.",
        ),
        (
            &[("t", "1e308")],
            "t=1e308: the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '1e308'; using 4 instead.",
        ),
        (&[("t", "NaN")], "t=NaN: not a number; using 4 instead."),
        (
            &[("dir", "sideways")],
            "dir=sideways: not one of up, down, abs; using up instead.",
        ),
        (
            &[("cool", "-1")],
            "cool=-1: the cool-off must be a whole number of trading days from 0 to 2520, not '-1'; using 0 instead.",
        ),
        (
            &[("from", "2024-13-45")],
            "from=2024-13-45: not a day of the calendar; using none instead.",
        ),
        (
            &[("to", "yesterday")],
            "to=yesterday: not a date of the form YYYY-MM-DD; using none instead.",
        ),
    ];
    for (pairs, want) in cases {
        let (v, n) = parse(pairs);
        assert_eq!(n, vec![want.to_string()], "{pairs:?}");
        assert_eq!(
            v,
            ViewState::default_view(),
            "{pairs:?} falls back to the default"
        );
    }
}

#[wasm_bindgen_test]
fn other_keys_still_apply_beside_a_bad_one() {
    let (v, n) = parse(&[
        ("t", "abc"),
        ("long", "XLE"),
        ("short", "XLK"),
        ("cool", "3"),
    ]);
    assert_eq!(n.len(), 1);
    assert_eq!(
        (v.long.as_str(), v.short.as_str(), v.cooloff, v.threshold),
        ("XLE", "XLK", 3, 4.0)
    );
}

#[wasm_bindgen_test]
fn inverted_range_repeats_unknown_keys_and_same_legs() {
    let (v, n) = parse(&[("from", "2020-01-01"), ("to", "2019-01-01")]);
    assert_eq!((v.from, v.to), (Some("2020-01-01".parse().unwrap()), None));
    assert_eq!(
        n,
        vec![
            "to=2019-01-01: the range would start after it ends (2020-01-01 is after 2019-01-01); using none instead."
        ]
    );
    let (v, n) = parse(&[("t", "3"), ("t", "5")]);
    assert_eq!(v.threshold, 3.0);
    assert_eq!(
        n,
        vec!["t=5: given more than once; using the first value instead."]
    );
    let (_, n) = parse(&[("utm_source", "x")]);
    assert_eq!(
        n,
        vec!["utm_source=x: not a setting of this page; using nothing (ignored) instead."]
    );
    let (v, n) = parse(&[("long", "QQQ"), ("short", "qqq")]);
    assert_eq!((v.long.as_str(), v.short.as_str()), ("QQQ", "IWM"));
    assert_eq!(
        n,
        vec!["short=QQQ: the same ticker as the other leg; using IWM instead."]
    );
}

#[wasm_bindgen_test]
fn hostile_values_are_echoed_shortened_and_as_text() {
    let long = "x".repeat(10_000);
    let (_, n) = parse(&[("long", &long)]);
    assert_eq!(n.len(), 1);
    assert!(n[0].len() < 200, "{}", n[0].len());
    assert!(n[0].contains("(10000 characters)"));
    let (_, n) = parse(&[("dir", "<script>alert(1)</script>")]);
    assert!(n[0].starts_with("dir=<script>alert(1)</script>:"));
    let (_, n) = parse(&[("t", "４")]); // full-width digit
    assert_eq!(n, vec!["t=４: not a number; using 4 instead."]);
}

#[wasm_bindgen_test]
fn query_round_trips_and_leaves_defaults_out() {
    let (v, _) = parse(&[
        ("long", "SPY"),
        ("t", "2.5"),
        ("dir", "down"),
        ("cool", "10"),
        ("to", "2010-06-30"),
    ]);
    let pairs: Vec<(String, String)> = query_from_state(&v)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(
        pairs,
        q(&[
            ("long", "SPY"),
            ("short", "QQQ"),
            ("t", "2.5"),
            ("dir", "down"),
            ("cool", "10"),
            ("to", "2010-06-30")
        ])
    );
    let (back, n) = state_from_query(&pairs, &tickers());
    assert!(n.is_empty());
    assert_eq!(back, v);
    assert_eq!(
        url::search_from_state(&ViewState::default_view()),
        "?long=IWM&short=QQQ&t=4"
    );
}

#[wasm_bindgen_test]
fn browser_reads_and_writes_the_location() {
    let (v, _) = parse(&[
        ("long", "XLE"),
        ("short", "XLK"),
        ("t", "3.5"),
        ("from", "2005-01-01"),
    ]);
    let history = web_sys::window().unwrap().history().unwrap();
    let entries = history.length().unwrap();
    url::write_url(&v, url::UrlWrite::Replace);
    assert_eq!(history.length().unwrap(), entries, "replaced, not added");
    let read = url::query_pairs();
    assert_eq!(
        read,
        q(&[
            ("long", "XLE"),
            ("short", "XLK"),
            ("t", "3.5"),
            ("from", "2005-01-01")
        ])
    );
    let (back, n) = state_from_query(&read, &tickers());
    assert!(n.is_empty());
    assert_eq!(back, v);
    assert!(url::link_to(&v).ends_with("?long=XLE&short=XLK&t=3.5&from=2005-01-01"));
    url::write_url(&ViewState::default_view(), url::UrlWrite::Push);
    assert_eq!(
        history.length().unwrap(),
        entries + 1,
        "a navigation adds an entry"
    );
    assert_eq!(
        url::query_pairs(),
        q(&[("long", "IWM"), ("short", "QQQ"), ("t", "4")])
    );
    // Percent-encoded input is decoded by the browser before parsing.
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?long=%3Cb%3E&t=4%2E5"),
        )
        .unwrap();
    assert_eq!(url::query_pairs(), q(&[("long", "<b>"), ("t", "4.5")]));
}

#[wasm_bindgen_test]
fn summary_table_exposes_full_precision_values() {
    use leptos::prelude::*;
    let dates: Vec<Date> = (0..40).map(|d| Date::from_days(19_000 + d)).collect();
    let long: Vec<f64> = (0..40)
        .map(|i| 100.0 * (1.0f64 + if i % 7 == 3 { 0.05 } else { 0.001 }).powi(i))
        .collect();
    let short: Vec<f64> = (0..40).map(|i| 50.0 + i as f64 * 0.1).collect();
    let pair = AlignedPair::new(
        &Series::new("AAA", dates.clone(), long).unwrap(),
        &Series::new("BBB", dates, short).unwrap(),
    )
    .unwrap();
    let rule = EventRule::new(1.0, Direction::Up, 0, None, None).unwrap();
    let study = PreparedPair::new(pair)
        .study(
            &rule,
            &equalizer_engine::StudyOptions::with_horizons(&[2, 5]),
        )
        .unwrap();
    let expected = study.summary[1].long.mean.unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let shared = equalizer_web::shared::Shared::new(study);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        let memo = Memo::new(move |_| Some(shared.clone()));
        view! { <equalizer_web::components::summary_table::SummaryTable study=memo /> }
    });
    let cell = host
        .query_selector("tr[data-horizon=\"5\"] td[data-field=long_mean]")
        .unwrap()
        .expect("the 5-day long_mean cell");
    assert_eq!(
        cell.get_attribute("data-value")
            .unwrap()
            .parse::<f64>()
            .unwrap(),
        expected
    );
    let main = cell
        .query_selector(".main")
        .unwrap()
        .expect("the main number");
    assert!(main.text_content().unwrap().ends_with(" %"));
    assert!(
        host.query_selector("tbody tr[data-horizon=\"2\"]")
            .unwrap()
            .is_some()
    );
    assert!(
        host.query_selector("tbody tr[data-horizon=\"21\"]")
            .unwrap()
            .is_none()
    );
}

/// The mounted controls: choosing "z" in the unit menu changes the engine rule's unit, and the
/// threshold's label, slider and box follow.
#[wasm_bindgen_test]
async fn picking_z_in_the_unit_menu_changes_the_rules_unit() {
    use equalizer_engine::ThresholdUnit;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("?t=3"))
        .unwrap();
    let document = window.document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let view = StoredValue::new_local(None);
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        let handle = equalizer_web::state::use_view(tickers());
        view.set_value(Some(handle.view));
        let tickers = Signal::derive(tickers);
        view! { <equalizer_web::components::controls::Controls handle=handle tickers=tickers range_problem=Signal::stored(None) /> }
    });
    let view = view.get_value().unwrap();
    let rule = || view.with_untracked(|v| v.study_inputs().unwrap().rule);
    assert_eq!(
        (rule().unit(), rule().threshold()),
        (ThresholdUnit::Pct, 0.03)
    );
    let select: web_sys::HtmlSelectElement = host
        .query_selector("[data-testid=units]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("z");
    select
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    assert_eq!((rule().unit(), rule().threshold()), (ThresholdUnit::Z, 3.0));
    leptos::task::tick().await;
    let text = |css: &str| {
        host.query_selector(css)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(text("[data-testid=threshold-label]"), "Threshold (σ)");
    let slider = host
        .query_selector("[data-testid=threshold-slider]")
        .unwrap()
        .unwrap();
    assert_eq!(slider.get_attribute("max").as_deref(), Some("8"));
}

/// The same study, with placebo and bootstrap, computed natively by `make wasm-test`
/// (`cargo run --example native_parity`) and here in wasm, then sent through the codec of the
/// page's worker messages as the worker sends it to the page: byte-identical JSON.
#[wasm_bindgen_test]
fn wasm_study_equals_the_native_one_byte_for_byte() {
    use equalizer_engine::testkit::{parity_settings, synthetic_pair};
    const NATIVE: &str = include_str!(env!("EQUALIZER_NATIVE_STUDY"));
    let pair = synthetic_pair(3000).unwrap();
    let (rule, opts) = parity_settings().unwrap();
    let p = PreparedPair::new(pair);
    let mut s = p.study(&rule, &opts).unwrap();
    s.sweep = p.sweep(&rule, &opts).unwrap();
    assert!(s.event_count > 30, "{}", s.event_count);
    assert!(s.summary[2].pair.placebo_p.is_some() && s.summary[2].pair.mean_ci.is_some());
    use equalizer_web::worker::protocol::{decode, encode};
    let crossed: equalizer_engine::Study = decode(&encode(&s).unwrap()).unwrap();
    let wasm = serde_json::to_string(&crossed).unwrap();
    assert_eq!(wasm, NATIVE.trim_end());
}

#[wasm_bindgen_test]
fn panic_banner_is_visible_text_and_shown_once() {
    equalizer_web::panic_banner::show();
    equalizer_web::panic_banner::show();
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document
        .query_selector("[data-testid=panic]")
        .unwrap()
        .expect("banner");
    assert!(
        banner
            .text_content()
            .unwrap()
            .starts_with(equalizer_web::panic_banner::MESSAGE)
    );
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    // Shown once even if called twice.
    let body = document.body().unwrap();
    assert_eq!(
        body.first_element_child()
            .unwrap()
            .get_attribute("data-testid")
            .as_deref(),
        Some("panic")
    );
    assert!(
        banner
            .next_element_sibling()
            .is_none_or(|e| e.get_attribute("data-testid").as_deref() != Some("panic"))
    );
}

/// The spread chart keeps its static layer (axes, trace) between draws: a draw that reuses it
/// gives exactly the pixels of a draw that made it, and what the layer depends on (here the
/// palette) makes a new one.
#[wasm_bindgen_test]
fn spread_chart_from_its_kept_layer_equals_a_fresh_draw() {
    use equalizer_web::charts::spread::{SpreadModel, draw};
    use equalizer_web::charts::{DARK, LIGHT};
    use equalizer_web::shared::Shared;
    let dates: Vec<Date> = (0..300).map(|d| Date::from_days(19_000 + d)).collect();
    let long: Vec<f64> = (0..300)
        .map(|i| 100.0 + (f64::from(i) * 0.7).sin() * 4.0 + f64::from(i) * 0.05)
        .collect();
    let short: Vec<f64> = (0..300)
        .map(|i| 50.0 + (f64::from(i) * 0.3).cos() * 1.5)
        .collect();
    let prepared = PreparedPair::new(
        AlignedPair::new(
            &Series::new("AAA", dates.clone(), long).unwrap(),
            &Series::new("BBB", dates, short).unwrap(),
        )
        .unwrap(),
    );
    let pair = Shared::new(equalizer_web::worker::computer::pair_series(&prepared));
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        wasm_bindgen::JsCast::unchecked_into(document.create_element("canvas").unwrap());
    canvas
        .set_attribute("style", "width: 600px; height: 240px; display: block")
        .unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    // Two thresholds inside the spread's range, so both share the y axis and the layer.
    let model = |threshold: f64| {
        let rule = EventRule::new(threshold * 100.0, Direction::Up, 0, None, None).unwrap();
        SpreadModel {
            pair: pair.clone(),
            unit: equalizer_engine::ThresholdUnit::Pct,
            events: prepared.events(&rule),
            held_out: Vec::new(),
            threshold,
            direction: Direction::Up,
            selected: None,
        }
    };
    let max = prepared.spread()[1..].iter().copied().fold(0.0, f64::max);
    let (a, b) = (model(max * 0.4), model(max * 0.7));
    assert!(!a.events.is_empty() && a.events.len() > b.events.len());
    let pixels = |m: &SpreadModel, p| {
        draw(&canvas, m, p).unwrap();
        canvas.to_data_url().unwrap()
    };
    let fresh = pixels(&a, &LIGHT);
    let other = pixels(&b, &LIGHT);
    assert_ne!(fresh, other, "the threshold line and markers moved");
    assert_eq!(
        pixels(&a, &LIGHT),
        fresh,
        "the kept layer gives the same pixels"
    );
    let dark = pixels(&a, &DARK);
    assert_ne!(dark, fresh, "a new palette makes a new layer");
    assert_eq!(pixels(&a, &LIGHT), fresh);
}
