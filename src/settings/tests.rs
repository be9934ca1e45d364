use super::*;
use equalizer_engine::bounds::Bounded;

fn tickers() -> Vec<String> {
    ["IWM", "QQQ", "SPY", "XLE"].map(String::from).to_vec()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The study inputs of a view on data running 2000-01-03 … 2026-08-21.
fn inputs(v: &ViewState) -> StudyInputs {
    v.study_inputs().unwrap()
}

/// A value other than the default for each key, as URL text.
fn changed_text(k: Key) -> &'static str {
    match k {
        Key::Long => "SPY",
        Key::Short => "XLE",
        Key::Threshold => "2.5",
        Key::Direction => "abs",
        Key::Cooloff => "5",
        Key::From => "2005-01-01",
        Key::To => "2020-12-31",
        Key::Units => "z",
        Key::Horizons => "months",
        Key::Seed => "7",
        Key::Split => "2015",
        Key::Oos => "2016-01-04",
        Key::Lag => "2",
        Key::CrossHorizon => "252",
        Key::Basket => "XLE,SPY",
        Key::Bench => "IWM",
        Key::Hold => "21",
        Key::Cost => "2.5",
        Key::Article => "1",
    }
}

/// Every key changes exactly what its role names: the legs, the engine's rule, its options,
/// or (display-only) none of those.
#[test]
fn each_key_changes_the_engine_input_it_names() {
    let base = ViewState::default_view();
    let before = inputs(&base);
    for k in Key::ALL {
        let mut v = base.clone();
        k.set(&mut v, changed_text(k), &tickers()).unwrap();
        assert_ne!(v, base, "{k:?}");
        let after = inputs(&v);
        let (legs, rule, options, follow) = (
            v.legs() != base.legs(),
            after.rule != before.rule,
            after.options != before.options,
            after.follow != before.follow,
        );
        let want = match k.role() {
            Role::Pair => (true, false, false, false),
            Role::Rule => (false, true, false, false),
            // The entry lag is the study's and the simulation's.
            Role::Options => (false, false, true, k == Key::Lag),
            Role::Follow => (false, false, false, true),
            Role::Display => (false, false, false, false),
        };
        assert_eq!((legs, rule, options, follow), want, "{k:?}");
    }
    // The unit reaches the rule (it once did not).
    let z = state_from_query(&pairs(&[("units", "z"), ("t", "3")]), &tickers()).0;
    let rule = inputs(&z).rule;
    assert_eq!((rule.unit(), rule.threshold()), (ThresholdUnit::Z, 3.0));
    assert_eq!(inputs(&base).rule.threshold(), 0.04);
}

/// `oos` splits the events: the study keeps those before it (within `to`), the held-out rule
/// finds those on or after it to the end of the data; the article view holds out from the
/// article's own day.
#[test]
fn out_of_sample_splits_the_events() {
    let (v, _) = state_from_query(
        &pairs(&[("oos", "2016-01-04"), ("from", "2005-01-01")]),
        &tickers(),
    );
    let got = inputs(&v);
    assert_eq!(
        (got.rule.from(), got.rule.to()),
        (Some(d("2005-01-01")), Some(d("2016-01-03")))
    );
    // The held-out events come from the whole rule (one scan), cut at oos.
    let held = got.held_out.unwrap();
    assert_eq!(held.from, d("2016-01-04"));
    assert_eq!(
        (held.rule.from(), held.rule.to()),
        (Some(d("2005-01-01")), None)
    );
    // An earlier `to` stays the study's end.
    let (v, _) = state_from_query(
        &pairs(&[("oos", "2016-01-04"), ("to", "2010-06-30")]),
        &tickers(),
    );
    assert_eq!(inputs(&v).rule.to(), Some(d("2010-06-30")));
    // The article view holds out from 2024-07-11, also when the reader moved `to` in it.
    let article = ViewState::article_view();
    let held = inputs(&article).held_out.unwrap();
    assert_eq!(
        (held.from, inputs(&article).rule.to()),
        (d("2024-07-11"), Some(d("2024-07-10")))
    );
    let moved = ViewState {
        to: Some(d("2025-06-30")),
        ..article.clone()
    };
    assert_eq!(inputs(&moved).rule.to(), Some(d("2024-07-10")));
    // Not for other legs, and not without it.
    let spy = ViewState {
        long: "SPY".into(),
        ..article
    };
    assert_eq!(inputs(&spy).held_out, None);
    assert_eq!(inputs(&ViewState::default_view()).held_out, None);
    // A cut not after `from` is not used: the study keeps its range and a notice says why.
    let (v, _) = state_from_query(
        &pairs(&[("oos", "2005-01-01"), ("from", "2010-01-01")]),
        &tickers(),
    );
    let got = inputs(&v);
    assert_eq!(
        (got.held_out, got.rule.from(), got.rule.to()),
        (None, Some(d("2010-01-01")), None)
    );
    assert_eq!(
        got.notices.iter().map(Notice::message).collect::<Vec<_>>(),
        [
            "oos=2005-01-01: the out-of-sample date 2005-01-01 is not after the first event date 2010-01-01; using none instead."
        ]
    );
}

/// URL → view → URL gives the same pairs for every key, alone and all together.
#[test]
fn every_key_round_trips() {
    let mut all = Vec::new();
    for k in Key::ALL {
        let q = pairs(&[(k.name(), changed_text(k))]);
        let (v, notices) = state_from_query(&q, &tickers());
        assert!(notices.is_empty(), "{k:?}: {notices:?}");
        assert_eq!(k.text(&v), changed_text(k), "{k:?}");
        let back: Vec<(String, String)> = query_from_state(&v)
            .into_iter()
            .map(|(k, x)| (k.to_owned(), x))
            .collect();
        assert!(back.contains(&q[0]), "{k:?}: {back:?}");
        // Together with `hz=months`, a trading-day `xh` is not a horizon (tested below).
        if k != Key::CrossHorizon {
            all.push(q[0].clone());
        }
    }
    let (v, notices) = state_from_query(&all, &tickers());
    assert!(notices.is_empty(), "{notices:?}");
    let back: Vec<(String, String)> = query_from_state(&v)
        .into_iter()
        .map(|(k, x)| (k.to_owned(), x))
        .collect();
    assert_eq!(back, all);
}

/// `xh` is read in the unit `hz` names, wherever either stands; a change of unit drops a
/// horizon of the other unit (back to 3 months).
#[test]
fn cross_horizon_follows_the_horizon_unit() {
    for q in [
        [("xh", "6"), ("hz", "months")],
        [("hz", "months"), ("xh", "6")],
    ] {
        let (v, notices) = state_from_query(&pairs(&q), &tickers());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(v.cross_horizon(), 6);
    }
    let (mut v, notices) = state_from_query(&pairs(&[("xh", "252")]), &tickers());
    assert!(notices.is_empty());
    assert_eq!(v.cross_horizon(), 252);
    Key::Horizons.set(&mut v, "months", &tickers()).unwrap();
    assert_eq!((v.cross_horizon, v.cross_horizon()), (None, 3));
    let (v, notices) = state_from_query(&pairs(&[("hz", "months"), ("xh", "63")]), &tickers());
    assert_eq!(v.cross_horizon(), 3);
    assert_eq!(
        notices[0].message(),
        "xh=63: not one of the horizons (1, 3, 6, 12 months); using 3 months instead."
    );
}

/// A basket is tickers of the data, in any case, each once.
#[test]
fn basket_names_tickers_once() {
    let mut v = ViewState::default_view();
    Key::Basket.set(&mut v, " xle , Spy", &tickers()).unwrap();
    assert_eq!(v.basket, ["XLE", "SPY"]);
    for (text, message) in [
        ("XLE,ABC", "ABC is not a ticker in the data"),
        ("XLE,xle", "XLE is named twice in the basket"),
        ("XLE,", "a ticker is missing between commas"),
        ("XLE,,SPY", "a ticker is missing between commas"),
        (
            "XLE SPY",
            "separate the tickers with commas (\"XLE SPY\" is not one ticker)",
        ),
        (
            "file:a b",
            "separate the tickers with commas (\"file:a b\" is not one ticker)",
        ),
    ] {
        let e = Key::Basket.set(&mut v, text, &tickers()).unwrap_err();
        assert_eq!(e.to_string(), message);
    }
    assert_eq!(v.basket, ["XLE", "SPY"]);
}

/// One error type per setting: the URL notice and the control's message carry the same text.
#[test]
fn bad_values_name_key_value_and_value_used() {
    let cases = [
        ("t", "abc", "t=abc: not a number; using 4 instead."),
        (
            "t",
            "3,5",
            "t=3,5: use a point for decimals (3.5, not 3,5); using 4 instead.",
        ),
        (
            "t",
            "150",
            "t=150: the threshold must be a number from 0.01 to 100 (percent, or σ in z units), not '150'; using 4 instead.",
        ),
        ("t", "", "t=: no value given; using 4 instead."),
        (
            "cool",
            "-1",
            "cool=-1: the cool-off must be a whole number of trading days from 0 to 2520, not '-1'; using 0 instead.",
        ),
        (
            "from",
            "2020-02-30",
            "from=2020-02-30: not a day of the calendar; using none instead.",
        ),
        (
            "units",
            "sigma",
            "units=sigma: not one of pct, z; using pct instead.",
        ),
        (
            "split",
            "1800",
            "split=1800: the split year must be a year from 1900 to 2100, not '1800'; using none instead.",
        ),
        (
            "seed",
            "-1",
            "seed=-1: not a whole number from 0 to 18446744073709551615; using 20240711 instead.",
        ),
        (
            "long",
            "ZZZ",
            "long=ZZZ: not a ticker in the data; using IWM instead.",
        ),
        (
            "x",
            "1",
            "x=1: not a setting of this page; using nothing (ignored) instead.",
        ),
    ];
    for (k, value, want) in cases {
        let (_, notices) = state_from_query(&pairs(&[(k, value)]), &tickers());
        assert_eq!(
            notices.iter().map(Notice::message).collect::<Vec<_>>(),
            [want]
        );
        if let Some(key) = Key::from_name(k) {
            let mut v = ViewState::default_view();
            let e = key.set(&mut v, value, &tickers()).unwrap_err();
            assert_eq!(e, notices[0].error, "{k}");
            assert_eq!(v, ViewState::default_view(), "an error changes nothing");
        }
    }
    // Both orders of an inverted range are caught by the one rule.
    for q in [
        [("from", "2020-01-01"), ("to", "2010-01-01")],
        [("to", "2010-01-01"), ("from", "2020-01-01")],
    ] {
        let (v, notices) = state_from_query(&pairs(&q), &tickers());
        assert_eq!(notices.len(), 1);
        assert!(matches!(notices[0].error, SettingError::DateOrder { .. }));
        assert!(v.study_inputs().is_ok());
    }
}

/// A bound beyond the pair's data is kept as given (the link means what it says), with no
/// notice: the engine refuses the study in its own sentence, which the page shows.
#[test]
fn bounds_outside_the_data_are_kept_for_the_engine_to_refuse() {
    let (v, _) = state_from_query(&pairs(&[("from", "2030-01-01")]), &tickers());
    let got = inputs(&v);
    assert_eq!(got.rule.from(), Some(d("2030-01-01")));
    assert!(got.notices.is_empty());
    let dates = [d("2000-01-03"), d("2000-01-04"), d("2026-08-21")];
    assert_eq!(
        got.rule.days_in(&dates).unwrap_err().to_string(),
        "From 2030-01-01 is after the data ends (2026-08-21)"
    );
    let (v, _) = state_from_query(&pairs(&[("to", "1999-12-31")]), &tickers());
    assert_eq!(inputs(&v).rule.to(), Some(d("1999-12-31")));
    assert_eq!(
        inputs(&v).rule.days_in(&dates).unwrap_err().to_string(),
        "To 1999-12-31 is before the data starts (2000-01-03)"
    );
}

#[test]
fn typed_thresholds_parse_as_typed() {
    let parse = |t: &str| {
        let mut v = ViewState::default_view();
        Key::Threshold.set(&mut v, t, &[]).map(|()| v.threshold)
    };
    assert_eq!(parse("4."), Ok(4.0));
    assert_eq!(parse("4.5"), Ok(4.5));
    assert_eq!(parse(".5"), Ok(0.5));
    assert_eq!(parse("3.75"), Ok(3.75));
    assert_eq!(parse(" 2.5 "), Ok(2.5));
    assert_eq!(parse("3,5"), Err(SettingError::DecimalComma));
    assert_eq!(parse("3,"), Err(SettingError::DecimalComma));
    assert_eq!(parse("abc"), Err(SettingError::NotANumber));
    assert_eq!(parse(""), Err(SettingError::Empty));
    let out_of_range = |t: &str| {
        Err(SettingError::Bound(
            Bounded::Threshold.parse_number(t).unwrap_err(),
        ))
    };
    assert_eq!(parse("150"), out_of_range("150"));
    assert_eq!(parse("0"), out_of_range("0"));
    // Below the smallest meaningful threshold, quoted as typed (not with 300 digits).
    assert_eq!(parse("1e-300"), out_of_range("1e-300"));
    assert_eq!(parse("0.0099"), out_of_range("0.0099"));
    assert_eq!(parse("0.01"), Ok(MIN_THRESHOLD));
    assert_eq!(parse("100"), Ok(MAX_THRESHOLD));
    assert_eq!(parse("NaN"), Err(SettingError::NotANumber));
}

/// Leaving the article view by changing a leg restores the range from before, says so, and
/// adds a history entry; other edits replace the entry.
#[test]
fn leaving_the_article_view_restores_the_range() {
    let article = ViewState::replicated();
    assert_eq!(article.history, History::Push);
    let before = (Some(d("2010-01-01")), None);
    let c = article
        .view
        .edited(Key::Short, "SPY", &tickers(), before)
        .unwrap();
    assert_eq!(c.history, History::Push);
    assert!(!c.view.article);
    assert_eq!((c.view.from, c.view.to), before);
    assert_eq!(
        c.notices.iter().map(Notice::message).collect::<Vec<_>>(),
        [
            "to=2024-07-10: the article's end date, dropped on leaving the article view; using none instead."
        ]
    );
    // The threshold is the article's too: changing it leaves the view; a seed does not.
    let c = article
        .view
        .edited(Key::Threshold, "5", &tickers(), before)
        .unwrap();
    assert_eq!(
        (c.history, c.view.article, c.view.to),
        (History::Push, false, None)
    );
    let c = article
        .view
        .edited(Key::Seed, "7", &tickers(), before)
        .unwrap();
    assert_eq!(c.history, History::Replace);
    assert!(c.view.article && c.view.to == article.view.to);
    // The same ticker on both legs is refused, never silently swapped.
    let v = ViewState::default_view();
    assert_eq!(
        v.edited(Key::Long, "QQQ", &tickers(), (None, None)),
        Err(SettingError::SameLeg)
    );
    let s = v.swapped((None, None));
    assert_eq!(
        (s.view.long.as_str(), s.view.short.as_str()),
        ("QQQ", "IWM")
    );
    assert_eq!(s.history, History::Replace);
    assert_eq!(v.at_threshold(2.0).map(|c| c.history), Ok(History::Push));
    assert!(matches!(v.at_threshold(0.0), Err(SettingError::Bound(_))));
    // A swap leaves the article view like any leg change.
    let s = article.view.swapped(before);
    assert_eq!(
        (s.history, s.view.article, s.view.to),
        (History::Push, false, None)
    );
    assert_eq!(s.notices.len(), 1);
    // A bound the reader changed inside the article view stays theirs.
    let mut moved = article.view.clone();
    moved.to = Some(d("2020-01-01"));
    let c = moved.edited(Key::Long, "SPY", &tickers(), before).unwrap();
    assert_eq!((c.view.from, c.view.to), (before.0, Some(d("2020-01-01"))));
    assert!(c.notices.iter().all(|n| n.key != "to"));
}

/// A link's legs: a short leg equal to long gets a notice only when the link named it; a
/// default gives way quietly; data without IWM or QQQ gets its first tickers.
#[test]
fn legs_fall_back_quietly_only_where_the_link_said_nothing() {
    let (v, notices) = state_from_query(&pairs(&[("long", "QQQ")]), &tickers());
    assert_eq!((v.long.as_str(), v.short.as_str()), ("QQQ", "IWM"));
    assert!(notices.is_empty(), "{notices:?}");
    let (v, notices) = state_from_query(&pairs(&[("long", "SPY"), ("short", "spy")]), &tickers());
    assert_eq!((v.long.as_str(), v.short.as_str()), ("SPY", "QQQ"));
    assert_eq!(
        notices.iter().map(Notice::message).collect::<Vec<_>>(),
        ["short=SPY: the same ticker as the other leg; using QQQ instead."]
    );
    let own = ["XLE".to_owned(), "XLK".to_owned()];
    let (v, notices) = state_from_query(&[], &own);
    assert_eq!(
        (v.long.as_str(), v.short.as_str(), notices.len()),
        ("XLE", "XLK", 0)
    );
    let (v, notices) = state_from_query(&pairs(&[("long", "IWM")]), &own);
    assert_eq!(v.long, "XLE");
    assert_eq!(
        notices[0].message(),
        "long=IWM: not a ticker in the data; using XLE instead."
    );
}

/// Menus and their errors come from one list per key.
#[test]
fn menu_choices_and_their_errors_share_one_list() {
    for k in [Key::Direction, Key::Units, Key::Horizons] {
        for (value, _) in k.choices() {
            let mut v = ViewState::default_view();
            k.set(&mut v, value, &[]).unwrap();
            assert_eq!(k.text(&v), *value);
        }
        let values: Vec<&str> = k.choices().iter().map(|(v, _)| *v).collect();
        let e = k
            .set(&mut ViewState::default_view(), "sideways", &[])
            .unwrap_err();
        assert_eq!(e.to_string(), format!("not one of {}", values.join(", ")));
    }
    assert!(Key::Threshold.choices().is_empty());
}

/// The README's URL table is the one generated from [`Key`].
#[test]
fn readme_documents_every_key() {
    let readme = include_str!("../../README.md");
    let table = markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's URL table differs from the settings; it should read:\n{table}"
    );
}

#[test]
fn file_names_become_safe_legs() {
    assert_eq!(
        leg_from_file_name("my prices.csv").as_deref(),
        Some("file:my_prices")
    );
    assert_eq!(
        leg_from_file_name("IWM-2024.v2.CSV").as_deref(),
        Some("file:IWM-2024_v2")
    );
    assert_eq!(
        leg_from_file_name("<script>.csv").as_deref(),
        Some("file:script")
    );
    assert_eq!(leg_from_file_name("üï.csv").as_deref(), None);
    assert_eq!(leg_from_file_name(".csv"), None);
    let long = leg_from_file_name(&format!("{}.csv", "a".repeat(100)));
    assert_eq!(
        long.map(|l| l.len()),
        Some(FILE_PREFIX.len() + FILE_NAME_MAX)
    );
    assert!(is_file_leg("file:my_prices"));
    assert!(!is_file_leg("file:"));
    assert!(!is_file_leg("file:a b"));
    assert!(!is_file_leg("IWM"));
}

#[test]
fn file_legs_survive_the_url() {
    let tickers = ["IWM".to_owned(), "QQQ".to_owned()];
    let (v, notices) = state_from_query(&pairs(&[("long", "file:My_Prices")]), &tickers);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(
        (v.long.as_str(), v.short.as_str()),
        ("file:My_Prices", "QQQ")
    );
    let (v, notices) = state_from_query(&pairs(&[("short", "file:a<b")]), &tickers);
    assert_eq!(v.short, "QQQ");
    assert_eq!(
        notices[0].message(),
        "short=file:a<b: not a file name of letters, digits, - and _ (at most 40); using QQQ instead."
    );
}

/// A notice echoes an unknown key (which comes from the URL as it is) cut like a value: a
/// 5,000-character key is shown as its first 40 characters, "…" and its length.
#[test]
fn notices_cut_long_keys_and_values() {
    let long_key = "k".repeat(5_000);
    let long_value = "v".repeat(5_000);
    let (_, notices) = state_from_query(&pairs(&[(&long_key, &long_value)]), &tickers());
    let cut = |c: &str| format!("{}… (5000 characters)", c.repeat(40));
    assert_eq!(
        notices.iter().map(Notice::message).collect::<Vec<_>>(),
        [format!(
            "{}={}: not a setting of this page; using nothing (ignored) instead.",
            cut("k"),
            cut("v")
        )]
    );
    // A known key with a long bad value: the value is cut in the notice and in the error.
    let (_, notices) = state_from_query(&pairs(&[("cool", &"9".repeat(5_000))]), &tickers());
    assert_eq!(
        notices[0].message(),
        format!(
            "cool={0}: the cool-off must be a whole number of trading days from 0 to 2520, not '{0}'; using 0 instead.",
            cut("9")
        )
    );
}

/// Fuzz-style property tests: any query, however hostile, yields a usable view and bounded,
/// text-only notices; valid queries round-trip without notices.
#[cfg(not(target_arch = "wasm32"))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(Key::ALL.to_vec()).prop_map(|k| k.name().to_owned()),
            ".{0,12}",
            proptest::collection::vec(any::<char>(), 0..3000)
                .prop_map(|v| v.into_iter().collect::<String>()),
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,40}",
            "[0-9.eE+-]{0,30}",
            "(IWM|QQQ|SPY|XLE|iwm|<script>|NaN|inf|-0|up|down|abs|z|pct|days|months|1|0)",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "file:[A-Za-z0-9_-]{0,45}",
            "file:.{0,20}",
            proptest::collection::vec(any::<char>(), 0..3000)
                .prop_map(|v| v.into_iter().collect::<String>()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn any_query_gives_a_usable_view(pairs in proptest::collection::vec((key(), value()), 0..12)) {
            let (v, notices) = state_from_query(&pairs, &tickers());
            prop_assert!(v.study_inputs().is_ok());
            let known = |t: &String| tickers().contains(t) || is_file_leg(t);
            prop_assert!(known(&v.long) && known(&v.short));
            prop_assert_ne!(&v.long, &v.short);
            prop_assert!(v.threshold >= MIN_THRESHOLD && v.threshold <= MAX_THRESHOLD);
            prop_assert!(v.cooloff <= MAX_COOLOFF);
            // The URL writer never writes a long threshold (1e-300 would be 300 digits).
            prop_assert!(Key::Threshold.text(&v).len() <= 24, "{}", Key::Threshold.text(&v));
            for n in &notices {
                // Echoed keys and values are bounded (40 characters plus the length note), and
                // so is the whole notice, whose error may quote the value once more.
                let max = equalizer_engine::bounds::QUOTE_MAX + 30;
                prop_assert!(n.given.chars().count() <= max, "{}", n.given.len());
                prop_assert!(n.key.chars().count() <= max, "{}", n.key.len());
                prop_assert!(n.message().chars().count() <= 400, "{}", n.message());
                prop_assert!(!n.message().is_empty());
            }
            // The view's own query parses back to the same view without notices.
            let own: Vec<(String, String)> = query_from_state(&v).into_iter().map(|(k, x)| (k.to_owned(), x)).collect();
            let (back, none) = state_from_query(&own, &tickers());
            prop_assert!(none.is_empty(), "{:?}", none);
            prop_assert_eq!(back, v);
        }

        /// Any text typed into any box either sets exactly that setting or changes nothing.
        #[test]
        fn any_typed_text_sets_one_setting_or_nothing(k in proptest::sample::select(Key::ALL.to_vec()), text in value()) {
            let base = ViewState::default_view();
            let mut v = base.clone();
            match k.set(&mut v, &text, &tickers()) {
                Ok(()) => {
                    for other in Key::ALL.into_iter().filter(|o| *o != k) {
                        prop_assert_eq!(other.text(&v), other.text(&base));
                    }
                    prop_assert!(v.study_inputs().is_ok());
                }
                Err(_) => prop_assert_eq!(v, base),
            }
        }
    }
}
