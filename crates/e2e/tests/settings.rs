//! Browser tests of issue #12, "Every setting does what it says": every box keeps what the
//! reader types and drives the study on each valid keystroke, the units menu measures the
//! threshold in σ, the legs never coincide and swap, leaving the article view (a leg change or a
//! swap) restores the range before Replicate but keeps a bound the reader changed, the history
//! has an entry per navigation (not per keystroke, nor for a navigation to the view on screen),
//! and a date beyond the data is kept, as the CLI keeps it, and named in a notice.
//!
//! Every input under test is driven with real key presses and clicks (WebDriver actions), never
//! by setting `.value` from a script. Expected views and messages come from the page's own
//! definition of the settings (`equalizer_web::settings`: its URL reader, `Key::set`,
//! `ViewState::study_inputs`); expected numbers from the engine run natively on the same CSVs
//! through the CLI's loader, and in one test from the CLI binary itself.

use std::time::Duration;

use equalizer_e2e::{
    Browser, Error, Native, WAIT, assert_summary_json, assert_summary_matches, cli_study_json,
    data_range, open_page, prepared, serve_page, tickers, view, view_and_notices,
};
use equalizer_engine::bounds::{Bounded, MAX_THRESHOLD, MIN_THRESHOLD};
use equalizer_engine::{Date, PreparedPair};
use equalizer_web::settings::{History, Key as Setting, SettingError, ViewState};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

/// One key press, or Ctrl+A.
#[derive(Debug, Clone, Copy)]
enum Press {
    Key(char),
    SelectAll,
}

fn key(k: Key) -> Press {
    Press::Key(k.into())
}

async fn press(b: &Browser, presses: &[Press]) -> Result<(), Error> {
    for p in presses {
        match *p {
            Press::Key(c) => b.press(&[c]).await?,
            Press::SelectAll => b.chord(Key::Control, 'a').await?,
        }
    }
    Ok(())
}

/// What the study must use after a keystroke.
#[derive(Debug, Clone)]
enum Expect {
    /// The text is valid: the study runs this view at once, no problem is shown.
    Valid(ViewState),
    /// The text is refused: the box's problem message shows "'{typed}': {error}; the study
    /// uses {value in use}.", where the error is the one the page's definition gives
    /// (`Key::set` on the view in use), and the study keeps the last valid value. When the
    /// test names the error, the definition must give that one.
    Invalid(Option<SettingError>),
}

/// A keystroke and what follows.
#[derive(Debug, Clone)]
struct Step {
    press: Vec<Press>,
    /// The box's text right after it: exactly what was typed.
    shows: String,
    expect: Expect,
}

/// One step per character of `text`, typed after `before` (what the box holds already);
/// `expect` judges each prefix.
fn typing(before: &str, text: &str, expect: impl Fn(&str) -> Expect) -> Vec<Step> {
    let mut shown = before.to_owned();
    text.chars()
        .map(|c| {
            shown.push(c);
            Step {
                press: vec![Press::Key(c)],
                shows: shown.clone(),
                expect: expect(&shown),
            }
        })
        .collect()
}

/// What the URL must say about a key after the box is left.
#[derive(Debug, Clone, Copy)]
enum UrlValue {
    Is(&'static str),
    /// The default: written, or left out as long as nothing was ever changed.
    IsOrAbsent(&'static str),
}

/// Typing into one box of a fresh page, then leaving it with Tab.
struct BoxCase {
    /// The page's query.
    query: &'static str,
    /// The box's test id.
    testid: &'static str,
    /// The setting (its URL name is the problem's `problem-KEY`).
    key: Setting,
    /// Keys pressed after clicking into the box, before the checked steps (End, Ctrl+A).
    prelude: Vec<Press>,
    steps: Vec<Step>,
    /// The box's text after Tab: the value the study uses.
    blur_shows: &'static str,
    blur_url: UrlValue,
    /// The study after Tab.
    blur_view: ViewState,
}

/// `?query`, or nothing for the default page.
fn page_query(query: &str) -> String {
    if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    }
}

fn js_str(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// The value of an input or select.
async fn value(b: &Browser, testid: &str) -> Result<String, Error> {
    let v = b
        .js(&format!(
            "return document.querySelector('[data-testid={testid}]').value"
        ))
        .await?;
    Ok(v.as_str()
        .ok_or(format!("{testid} has no value"))?
        .to_owned())
}

/// A query parameter of the current URL.
async fn param(b: &Browser, key: &str) -> Result<Option<String>, Error> {
    let v = b
        .js(&format!(
            "return new URLSearchParams(location.search).get({})",
            js_str(key)
        ))
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

/// Waits until the URL's `key` is `want` (None: absent).
async fn wait_param(b: &Browser, key: &str, want: Option<&str>) -> Result<(), Error> {
    let want_js = want.map_or_else(|| "null".to_owned(), js_str);
    let script = format!(
        "return new URLSearchParams(location.search).get({}) === {want_js}",
        js_str(key)
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let url = b.js("return location.search").await?;
        return Err(format!("URL {key} should be {want:?}, the URL is {url}: {e}").into());
    }
    Ok(())
}

/// The text of the box's problem message while it is shown, else None.
async fn problem(b: &Browser, key: &str) -> Result<Option<String>, Error> {
    let v = b
        .js(&format!(
            "const e = document.querySelector('[data-testid=problem-{key}]');
             return e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
                 ? e.textContent : null"
        ))
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

/// Waits until the box's problem message is shown (or hidden).
async fn wait_problem(b: &Browser, key: &str, shown: bool) -> Result<(), Error> {
    let script = format!(
        "const e = document.querySelector('[data-testid=problem-{key}]');
         return (!!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden') === {shown}"
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let now = problem(b, key).await?;
        let what = if shown { "shown" } else { "hidden" };
        return Err(format!("problem-{key} should be {what}, it is {now:?}: {e}").into());
    }
    Ok(())
}

/// Does a message name `typed` in quotes?
fn quotes(message: &str, typed: &str) -> bool {
    [
        format!("'{typed}'"),
        format!("\"{typed}\""),
        format!("\u{201c}{typed}\u{201d}"),
        format!("\u{2018}{typed}\u{2019}"),
        format!("\u{ab}{typed}\u{bb}"),
    ]
    .iter()
    .any(|q| message.contains(q.as_str()))
}

async fn click(b: &Browser, css: &str) -> Result<(), Error> {
    b.client.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

async fn history_length(b: &Browser) -> Result<u64, Error> {
    b.js("return history.length")
        .await?
        .as_u64()
        .ok_or_else(|| "history.length".into())
}

/// The sub-period table as (label, events).
async fn subperiods(b: &Browser) -> Result<Vec<(String, String)>, Error> {
    b.show("subperiods").await?;
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-testid=subperiods] tr[data-period]')]
                .map(tr => [tr.dataset.period, tr.querySelector('td').textContent.trim()])",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Whether the "More settings" fold is open.
async fn fold_open(b: &Browser) -> Result<bool, Error> {
    Ok(
        b.js("return document.querySelector('[data-testid=more-settings]').open")
            .await?
            == Value::Bool(true),
    )
}

/// When the control `testid` sits in the "More settings" fold and the fold is closed, opens it
/// as a reader does: a real click on its summary.
async fn open_fold_holding(b: &Browser, testid: &str) -> Result<(), Error> {
    let inside = b
        .js(&format!(
            "return !!document.querySelector('[data-testid=more-settings] [data-testid={testid}]')"
        ))
        .await?;
    if inside != Value::Bool(true) || fold_open(b).await? {
        return Ok(());
    }
    click(b, "[data-testid=more-settings] > summary").await?;
    b.wait_js(
        "return document.querySelector('[data-testid=more-settings]').open",
        WAIT,
    )
    .await
    .map_err(|e| format!("the fold did not open for {testid}: {e}"))?;
    Ok(())
}

/// Runs a box case: opens the "More settings" fold when the box is in it, clicks into the box, presses the prelude, then each step, checking after
/// every key the box's text, the problem message and the event count against the engine;
/// then Tab, and the box, the URL (written a moment later) and the whole summary.
async fn run_box_case(case: BoxCase) -> Result<(), Error> {
    let tickers = tickers()?;
    let pair = case.blur_view.pair()?;
    let name = case.key.name();
    // The view in use: the page's reading of its URL, then each valid text.
    let mut in_use = view(case.query)?;
    let (_server, b) = open_page(&page_query(case.query)).await?;
    b.wait_count(in_use.count_on(&pair)?).await?;
    let history = history_length(&b).await?;
    let box_css = format!("[data-testid={}]", case.testid);
    let shown_at_start = value(&b, case.testid).await?;
    open_fold_holding(&b, case.testid).await?;
    click(&b, &box_css).await?;
    press(&b, &case.prelude).await?;
    let mut last_count: String = b.count().await?;
    let mut typed = shown_at_start.clone();
    for step in &case.steps {
        press(&b, &step.press).await?;
        let ctx = format!(
            "{}: after {:?} (box was {typed:?}, should show {:?})",
            case.testid, step.press, step.shows
        );
        // The page's definition of the setting, applied to the view in use.
        let mut defined = in_use.clone();
        let verdict = case.key.set(&mut defined, &step.shows, &tickers);
        match &step.expect {
            Expect::Valid(v) => {
                assert_eq!(
                    verdict.map(|()| &defined),
                    Ok(v),
                    "{ctx}: the page's definition reads the text otherwise"
                );
                let n = v.count_on(&pair)?;
                b.wait_count(n).await.map_err(|e| format!("{ctx}: {e}"))?;
                wait_problem(&b, name, false)
                    .await
                    .map_err(|e| format!("{ctx}: {e}"))?;
                last_count = n.to_string();
                in_use = v.clone();
            }
            Expect::Invalid(named) => {
                let error = verdict
                    .err()
                    .ok_or_else(|| format!("{ctx}: the page's definition accepts the text"))?;
                if let Some(named) = named {
                    assert_eq!(&error, named, "{ctx}: the page's definition refuses it so");
                }
                wait_problem(&b, name, true)
                    .await
                    .map_err(|e| format!("{ctx}: {e}"))?;
                let msg = problem(&b, name).await?.unwrap_or_default();
                assert!(
                    quotes(&msg, &step.shows),
                    "{ctx}: the message does not quote the text: {msg}"
                );
                let error = error.to_string();
                assert!(
                    msg.contains(&error),
                    "{ctx}: the message does not say {error:?}: {msg}"
                );
                let uses = format!("the study uses {}.", case.key.used_text(&in_use));
                assert!(
                    msg.contains(&uses),
                    "{ctx}: the message does not say {uses:?}: {msg}"
                );
                // Give a wrong study a moment to show itself.
                tokio::time::sleep(Duration::from_millis(100)).await;
                assert_eq!(
                    b.count().await?,
                    last_count,
                    "{ctx}: the study keeps the last valid value"
                );
            }
        }
        // Give a rewrite of the box a moment to happen: it must not.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            value(&b, case.testid).await?,
            step.shows,
            "{ctx}: the box shows exactly what was typed"
        );
        typed = step.shows.clone();
    }
    assert_eq!(
        in_use, case.blur_view,
        "{}: the last valid text is the view after Tab",
        case.testid
    );
    // Leave the box.
    b.press(&[Key::Tab.into()]).await?;
    let ctx = format!("{}: after Tab with {typed:?} typed", case.testid);
    b.wait_js(
        &format!(
            "return document.querySelector({}).value === {}",
            js_str(&box_css),
            js_str(case.blur_shows)
        ),
        WAIT,
    )
    .await
    .map_err(|e| format!("{ctx}: the box should show {:?}: {e}", case.blur_shows))?;
    match case.blur_url {
        UrlValue::Is(v) => wait_param(&b, name, Some(v)).await,
        UrlValue::IsOrAbsent(v) => {
            // The URL is written 150 ms after a change, if any.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let got = param(&b, name).await?;
            assert!(
                got.is_none() || got.as_deref() == Some(v),
                "{ctx}: URL {name} is {got:?}, not {v}"
            );
            Ok(())
        }
    }
    .map_err(|e| format!("{ctx}: {e}"))?;
    let study = case.blur_view.study_on(&pair)?;
    b.wait_count(study.event_count)
        .await
        .map_err(|e| format!("{ctx}: {e}"))?;
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    let want_sub: Vec<(String, String)> = study
        .subperiods
        .iter()
        .map(|s| (s.label.clone(), s.event_count.to_string()))
        .collect();
    assert_eq!(subperiods(&b).await?, want_sub, "{ctx}: sub-periods");
    // Leaving the box shows the value in use, so a message about text no longer there goes.
    wait_problem(&b, name, false)
        .await
        .map_err(|e| format!("{ctx}: after Tab: {e}"))?;
    // Typing replaces the entry while it moves; a pause of a second (the test waits for
    // counts between keys) starts one new entry, so at most one per step, never one per key.
    let grown = history_length(&b).await? - history;
    assert!(
        grown <= case.steps.len() as u64,
        "{ctx}: typing added {grown} history entries over {} steps",
        case.steps.len()
    );
    b.close().await
}

/// A threshold case on the default page.
fn threshold_case(
    prelude: Vec<Press>,
    steps: Vec<Step>,
    blur_shows: &'static str,
    blur_url: UrlValue,
    blur_t: f64,
) -> BoxCase {
    BoxCase {
        query: "",
        testid: "threshold",
        key: Setting::Threshold,
        prelude,
        steps,
        blur_shows,
        blur_url,
        blur_view: at(blur_t),
    }
}

/// The default view at threshold `t`.
fn at(t: f64) -> ViewState {
    ViewState {
        threshold: t,
        ..ViewState::default_view()
    }
}

/// The default view with `edit` applied.
fn default_with(edit: impl FnOnce(&mut ViewState)) -> ViewState {
    let mut v = ViewState::default_view();
    edit(&mut v);
    v
}

fn valid_t(t: f64) -> Expect {
    Expect::Valid(at(t))
}

/// A threshold prefix: valid when it parses as Rust parses f64 and lies in [0.01, 100]; else
/// refused as empty, out of range, written with a decimal comma, or not a number.
fn judge_t(text: &str) -> Expect {
    match text.parse::<f64>() {
        Ok(t) if (MIN_THRESHOLD..=MAX_THRESHOLD).contains(&t) => valid_t(t),
        Ok(_) => Expect::Invalid(
            Bounded::Threshold
                .parse_number(text)
                .err()
                .map(SettingError::Bound),
        ),
        Err(_) if text.is_empty() => Expect::Invalid(Some(SettingError::Empty)),
        Err(_) if text.contains(',') => Expect::Invalid(Some(SettingError::DecimalComma)),
        Err(_) => Expect::Invalid(Some(SettingError::NotANumber)),
    }
}

#[tokio::test]
async fn threshold_typing_a_decimal_after_the_default() -> Result<(), Error> {
    run_box_case(threshold_case(
        vec![key(Key::End)],
        typing("4", ".5", judge_t),
        "4.5",
        UrlValue::Is("4.5"),
        4.5,
    ))
    .await
}

#[tokio::test]
async fn threshold_typing_over_a_selection() -> Result<(), Error> {
    run_box_case(threshold_case(
        vec![Press::SelectAll],
        typing("", "2.5", judge_t),
        "2.5",
        UrlValue::Is("2.5"),
        2.5,
    ))
    .await
}

#[tokio::test]
async fn threshold_emptied_then_retyped() -> Result<(), Error> {
    let mut steps = vec![Step {
        press: vec![key(Key::Backspace)],
        shows: String::new(),
        expect: Expect::Invalid(Some(SettingError::Empty)),
    }];
    steps.extend(typing("", "3.75", judge_t));
    run_box_case(threshold_case(
        vec![key(Key::End)],
        steps,
        "3.75",
        UrlValue::Is("3.75"),
        3.75,
    ))
    .await
}

#[tokio::test]
async fn threshold_decimal_comma_is_refused_and_names_the_point() -> Result<(), Error> {
    let steps = typing("", "3,5", |text| match text {
        "3,5" => Expect::Invalid(Some(SettingError::DecimalComma)),
        t => judge_t(t),
    });
    run_box_case(threshold_case(
        vec![Press::SelectAll],
        steps,
        "3",
        UrlValue::Is("3"),
        3.0,
    ))
    .await
}

#[tokio::test]
async fn threshold_letters_are_refused_and_the_study_keeps_4() -> Result<(), Error> {
    let case = threshold_case(
        vec![Press::SelectAll],
        typing("", "abc", judge_t),
        "4",
        UrlValue::IsOrAbsent("4"),
        4.0,
    );
    run_box_case(case).await
}

#[tokio::test]
async fn threshold_above_100_is_refused_and_the_last_valid_value_stays() -> Result<(), Error> {
    run_box_case(threshold_case(
        vec![Press::SelectAll],
        typing("", "150", judge_t),
        "15",
        UrlValue::Is("15"),
        15.0,
    ))
    .await
}

#[tokio::test]
async fn cooloff_box_drives_the_study_per_keystroke() -> Result<(), Error> {
    let cool5 = default_with(|v| v.cooloff = 5);
    let steps = typing("", "5x", |text| match text {
        "5" => Expect::Valid(cool5.clone()),
        text => Expect::Invalid(
            Bounded::Cooloff
                .parse_count(text)
                .err()
                .map(SettingError::Bound),
        ),
    });
    run_box_case(BoxCase {
        query: "",
        testid: "cooloff",
        key: Setting::Cooloff,
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "5",
        blur_url: UrlValue::Is("5"),
        blur_view: cool5.clone(),
    })
    .await
}

#[tokio::test]
async fn seed_box_drives_the_placebo_and_bootstrap() -> Result<(), Error> {
    let seed = |s: u64| default_with(|v| v.seed = s);
    let steps = typing("", "42-", |text| match text.parse::<u64>() {
        Ok(s) => Expect::Valid(seed(s)),
        Err(_) => Expect::Invalid(Some(SettingError::Seed)),
    });
    run_box_case(BoxCase {
        query: "",
        testid: "seed",
        key: Setting::Seed,
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "42",
        blur_url: UrlValue::Is("42"),
        blur_view: seed(42),
    })
    .await
}

#[tokio::test]
async fn split_box_adds_the_split_year_when_it_is_a_year() -> Result<(), Error> {
    let split2010 = default_with(|v| v.split_year = Some(2010));
    // "2", "20" and "201" are numbers, but not years from 1900 to 2100.
    let steps = typing("", "2010", |text| match text {
        "2010" => Expect::Valid(split2010.clone()),
        text => Expect::Invalid(
            Bounded::SplitYear
                .parse_year(text)
                .err()
                .map(SettingError::Bound),
        ),
    });
    run_box_case(BoxCase {
        query: "",
        testid: "split",
        key: Setting::Split,
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "2010",
        blur_url: UrlValue::Is("2010"),
        blur_view: split2010.clone(),
    })
    .await
}

fn date(s: &str) -> Result<Date, Error> {
    Ok(s.parse::<Date>()?)
}

/// A date box typed one character at a time: every prefix is refused as not `YYYY-MM-DD`,
/// the full date applies, and leaving the box shows it and writes it to the URL.
async fn date_box_case(
    testid: &'static str,
    key: Setting,
    text: &'static str,
    set: fn(&mut ViewState, Date),
) -> Result<(), Error> {
    let day = date(text)?;
    let view = default_with(|v| set(v, day));
    let steps = typing("", text, |typed| {
        if typed == text {
            Expect::Valid(view.clone())
        } else {
            Expect::Invalid(Some(SettingError::DateFormat))
        }
    });
    run_box_case(BoxCase {
        query: "",
        testid,
        key,
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: text,
        blur_url: UrlValue::Is(text),
        blur_view: view.clone(),
    })
    .await
}

#[tokio::test]
async fn from_box_shows_each_prefix_and_applies_the_full_date() -> Result<(), Error> {
    date_box_case("from", Setting::From, "2005-01-01", |v, d| v.from = Some(d)).await
}

#[tokio::test]
async fn to_box_shows_each_prefix_and_applies_the_full_date() -> Result<(), Error> {
    date_box_case("to", Setting::To, "2019-12-31", |v, d| v.to = Some(d)).await
}

/// The colour of event markers and threshold lines, from the legend's swatch.
async fn event_colour(b: &Browser) -> Result<[u8; 3], Error> {
    let v = b
        .js("return getComputedStyle(document.querySelector('.sw.event')).backgroundColor")
        .await?;
    let s = v.as_str().unwrap_or("");
    let n: Vec<u8> = s
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|p| p.trim().parse::<u8>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("event colour {s}: {e}"))?;
    match n[..] {
        [r, g, bl] => Ok([r, g, bl]),
        _ => Err(format!("event colour {s}").into()),
    }
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter()
        .zip(b)
        .map(|(x, y)| (i32::from(*x) - i32::from(y)).abs())
        .sum::<i32>()
        <= 60
}

/// How many of `xs` have the event colour on the chart's row `y` (± 1 px for the stroke's
/// width and anti-aliasing).
async fn line_hits(b: &Browser, xs: &[f64], y: f64, colour: [u8; 3]) -> Result<usize, Error> {
    let mut hits = 0;
    for &x in xs {
        let mut hit = false;
        for dy in [-1.0, 0.0, 1.0] {
            hit |= near(b.pixel("spread-chart", x, (y + dy).round()).await?, colour);
        }
        hits += usize::from(hit);
    }
    Ok(hits)
}

/// Waits until the spread chart says it is drawn in `unit` with threshold lines `lines`.
async fn wait_chart(b: &Browser, unit: &str, lines: &str) -> Result<(), Error> {
    let script = format!(
        "const c = document.querySelector('[data-testid=spread-chart]');
         return !!c && !!c.dataset.plot && c.dataset.unit === {} && c.dataset.lines === {}",
        js_str(unit),
        js_str(lines)
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let got = b
            .js(
                "const c = document.querySelector('[data-testid=spread-chart]');
                 return c ? [c.dataset.unit, c.dataset.lines, c.dataset.plot] : null",
            )
            .await?;
        return Err(format!(
            "spread chart should be unit {unit} lines {lines:?}, it is {got}: {e}"
        )
        .into());
    }
    Ok(())
}

#[tokio::test]
async fn z_units_find_the_engines_z_events_and_draw_the_line_in_sigma() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let study = view("units=z&t=3")?.study_on(&pair)?;
    let pct = view("t=3")?.count_on(&pair)?;
    assert!(study.event_count > 0, "a 3 σ study with events");
    assert_ne!(
        study.event_count, pct,
        "3 σ and 3 % are different thresholds"
    );
    let (_server, b) = open_page("?units=z&t=3").await?;
    b.wait_count(study.event_count).await?;
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    assert_eq!(value(&b, "units").await?, "z");
    let label = b.text("[data-testid=threshold-label]").await?;
    assert!(
        label.contains('\u{3c3}') && !label.contains('%'),
        "label: {label}"
    );
    wait_chart(&b, "z", "3").await?;
    // The line is drawn where the plot map puts 3 σ.
    let p = b.plot("spread-chart").await?;
    assert!(p.y[0] < 3.0 && 3.0 < p.y[1], "y range {:?}", p.y);
    let colour = event_colour(&b).await?;
    let xs: Vec<f64> = (1..=9)
        .map(|k| p.px[0] + (p.px[2] - p.px[0]) * f64::from(k) / 10.0)
        .collect();
    let y = p.px_from_y(3.0);
    let on = line_hits(&b, &xs, y, colour).await?;
    assert!(
        on >= 8,
        "only {on} of 9 samples on the 3 σ row (y = {y:.1} px) have the event colour {colour:?}"
    );
    // Rows a few pixels away are not the line (an event marker may cover a sample or two).
    for off in [-7.0, 7.0] {
        let hits = line_hits(&b, &xs, y + off, colour).await?;
        assert!(
            hits <= 2,
            "{hits} of 9 samples {off} px from the 3 σ row have the event colour"
        );
    }
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    b.close().await
}

#[tokio::test]
async fn switching_the_units_menu_turns_percent_into_sigma() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let pct = view("t=3")?.count_on(&pair)?;
    let z = view("units=z&t=3")?.study_on(&pair)?;
    assert_ne!(
        pct, z.event_count,
        "the z count differs from the percent count, so the switch shows"
    );
    let (_server, b) = open_page("?t=3").await?;
    b.wait_count(pct).await?;
    let label = b.text("[data-testid=threshold-label]").await?;
    assert!(label.contains('%'), "label: {label}");
    wait_chart(&b, "pct", "0.03").await?;
    let history = history_length(&b).await?;
    // The units menu is in the "More settings" fold, closed for this link: open it first.
    assert!(!fold_open(&b).await?, "the fold is closed at ?t=3");
    open_fold_holding(&b, "units").await?;
    // A real choice in the menu (WebDriver clicks the option).
    b.client
        .find(Locator::Css("[data-testid=units]"))
        .await?
        .select_by_value("z")
        .await?;
    b.wait_count(z.event_count).await?;
    assert_summary_matches(&b.summary_cells().await?, &z)?;
    let label = b.text("[data-testid=threshold-label]").await?;
    assert!(
        label.contains('\u{3c3}') && !label.contains('%'),
        "label: {label}"
    );
    assert_eq!(value(&b, "threshold").await?, "3");
    wait_param(&b, "units", Some("z")).await?;
    wait_param(&b, "t", Some("3")).await?;
    wait_chart(&b, "z", "3").await?;
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "a menu choice is a new entry"
    );
    b.close().await
}

/// Waits until the page's URL is `want` (absolute).
async fn wait_href(b: &Browser, want: &str) -> Result<(), Error> {
    if let Err(e) = b
        .wait_js(&format!("return location.href === {}", js_str(want)), WAIT)
        .await
    {
        let now = b.js("return location.href").await?;
        return Err(format!("URL should be {want}, it is {now}: {e}").into());
    }
    Ok(())
}

/// The URL once the page has settled (a pending replaceState has happened).
async fn settled_href(b: &Browser) -> Result<String, Error> {
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(b.js("return location.href")
        .await?
        .as_str()
        .unwrap_or("")
        .to_owned())
}

async fn article_shown(b: &Browser) -> Result<bool, Error> {
    Ok(
        b.js("return !!document.querySelector('[data-testid=article] tr[data-convention]')")
            .await?
            == Value::Bool(true),
    )
}

#[tokio::test]
async fn back_after_replicate_returns_to_the_previous_view() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let default = view("")?.count_on(&pair)?;
    let article = view("to=2024-07-10&article=1")?.count_on(&pair)?;
    assert_ne!(default, article, "Replicate changes the count");
    let (_server, b) = open_page("").await?;
    b.wait_count(default).await?;
    let before = settled_href(&b).await?;
    let history = history_length(&b).await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article).await?;
    wait_param(&b, "article", Some("1")).await?;
    wait_param(&b, "to", Some("2024-07-10")).await?;
    b.wait_js(
        "return !!document.querySelector('[data-testid=article] tr[data-convention]')",
        WAIT,
    )
    .await?;
    assert_eq!(value(&b, "to").await?, "2024-07-10");
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "Replicate pushes an entry"
    );
    b.client.back().await?;
    wait_href(&b, &before).await?;
    b.wait_count(default).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=to]').value === ''",
        WAIT,
    )
    .await?;
    assert!(!article_shown(&b).await?, "the article panel is gone");
    b.close().await
}

#[tokio::test]
async fn back_after_a_sweep_cell_returns_to_the_previous_threshold() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let default = view("")?.count_on(&pair)?;
    let at3 = view("t=3")?.count_on(&pair)?;
    assert_ne!(default, at3, "the sweep cell changes the count");
    let (_server, b) = open_page("").await?;
    let cell = "[data-testid=sweep] td[data-threshold=\"3\"][data-horizon=\"63\"] button";
    b.show("sweep").await?;
    b.wait_js(
        &format!("return !!document.querySelector({})", js_str(cell)),
        WAIT,
    )
    .await?;
    let before = settled_href(&b).await?;
    let history = history_length(&b).await?;
    click(&b, cell).await?;
    b.wait_count(at3).await?;
    wait_param(&b, "t", Some("3")).await?;
    assert_eq!(value(&b, "threshold").await?, "3");
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "a sweep cell pushes an entry"
    );
    b.client.back().await?;
    wait_href(&b, &before).await?;
    b.wait_count(default).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=threshold]').value === '4'",
        WAIT,
    )
    .await?;
    b.close().await
}

#[tokio::test]
async fn changing_a_leg_leaves_the_article_view_and_back_returns_to_it() -> Result<(), Error> {
    let iwm = prepared("IWM", "QQQ")?;
    let start = view("from=2010-01-01")?;
    let article = view("to=2024-07-10&article=1")?.count_on(&iwm)?;
    let spy_count = view("long=SPY&from=2010-01-01")?.study()?.event_count;
    let (_server, b) = open_page("?from=2010-01-01").await?;
    b.wait_count(start.count_on(&iwm)?).await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article).await?;
    wait_param(&b, "article", Some("1")).await?;
    let in_article = settled_href(&b).await?;
    let history = history_length(&b).await?;
    // Choosing another long leg leaves the article view: article=1 goes, and the dates the
    // reader had before Replicate come back.
    b.client
        .find(Locator::Css("[data-testid=long]"))
        .await?
        .select_by_value("SPY")
        .await?;
    b.wait_count(spy_count).await?;
    wait_param(&b, "long", Some("SPY")).await?;
    wait_param(&b, "article", None).await?;
    wait_param(&b, "from", Some("2010-01-01")).await?;
    wait_param(&b, "to", None).await?;
    assert_eq!(value(&b, "from").await?, "2010-01-01");
    assert_eq!(value(&b, "to").await?, "");
    assert!(!article_shown(&b).await?, "the article panel is gone");
    let notice = b
        .text("[data-testid=notice] li[data-key=to]")
        .await
        .map_err(|e| format!("no notice about the article's end date: {e}"))?;
    assert!(notice.contains("2024-07-10"), "notice: {notice}");
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "leaving the article view pushes an entry"
    );
    b.client.back().await?;
    wait_href(&b, &in_article).await?;
    b.wait_count(article).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=long]').value === 'IWM'",
        WAIT,
    )
    .await?;
    assert_eq!(value(&b, "to").await?, "2024-07-10");
    b.wait_js(
        "return !!document.querySelector('[data-testid=article] tr[data-convention]')",
        WAIT,
    )
    .await?;
    b.close().await
}

/// The values a leg menu offers.
async fn options(b: &Browser, testid: &str) -> Result<Vec<String>, Error> {
    let v = b
        .js(&format!(
            "return [...document.querySelector('[data-testid={testid}]').options].map(o => o.value)"
        ))
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Neither menu offers the other leg's ticker; each offers its own and every other ticker.
async fn assert_menus(b: &Browser, long: &str, short: &str, all: &[String]) -> Result<(), Error> {
    for (testid, mine, other) in [("long", long, short), ("short", short, long)] {
        b.wait_js(
            &format!(
                "const s = document.querySelector('[data-testid={testid}]');
                 return s.value === {} && ![...s.options].some(o => o.value === {})",
                js_str(mine),
                js_str(other)
            ),
            WAIT,
        )
        .await
        .map_err(|e| format!("{testid} menu should show {mine} and not offer {other}: {e}"))?;
        let want: Vec<String> = all.iter().filter(|t| *t != other).cloned().collect();
        assert_eq!(options(b, testid).await?, want, "{testid} menu");
    }
    Ok(())
}

#[tokio::test]
async fn leg_menus_never_offer_the_other_leg_and_swap_swaps() -> Result<(), Error> {
    let data = equalizer_e2e::data()?;
    let all = data.tickers();
    let count = |long: &str, short: &str| -> Result<usize, Error> {
        view(&format!("long={long}&short={short}"))?
            .count_on(&PreparedPair::new(data.pair(long, short)?))
    };
    let (_server, b) = open_page("").await?;
    assert_menus(&b, "IWM", "QQQ", &all).await?;
    b.client
        .find(Locator::Css("[data-testid=long]"))
        .await?
        .select_by_value("SPY")
        .await?;
    b.wait_count(count("SPY", "QQQ")?).await?;
    wait_param(&b, "long", Some("SPY")).await?;
    assert_menus(&b, "SPY", "QQQ", &all).await?;
    let history = history_length(&b).await?;
    click(&b, "[data-testid=swap]").await?;
    let study = view("long=QQQ&short=SPY")?.study()?;
    b.wait_count(study.event_count).await?;
    wait_param(&b, "long", Some("QQQ")).await?;
    wait_param(&b, "short", Some("SPY")).await?;
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    assert_menus(&b, "QQQ", "SPY", &all).await?;
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "swap is a new entry, like a menu choice"
    );
    b.close().await
}

/// The notices the page shows, as (key, text), in order (empty when the list is absent).
async fn shown_notices(b: &Browser) -> Result<Vec<(String, String)>, Error> {
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-testid=notice] li')]
                .map(li => [li.dataset.key || '', li.textContent.trim()])",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Waits until the page shows exactly these notices (key and sentence); none: the list is
/// absent.
async fn wait_notices(b: &Browser, want: &[(String, String)]) -> Result<(), Error> {
    let want_js = serde_json::to_string(want)?;
    let script = format!(
        "const want = {want_js};
         const box = document.querySelector('[data-testid=notice]');
         if (want.length === 0) return !box;
         const got = [...document.querySelectorAll('[data-testid=notice] li')]
             .map(li => [li.dataset.key || '', li.textContent.trim()]);
         return JSON.stringify(got) === JSON.stringify(want)"
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let got = shown_notices(b).await?;
        return Err(format!("the notices should be {want:?}, they are {got:?}: {e}").into());
    }
    Ok(())
}

/// (key, sentence) of the page's notices.
fn sentences(notices: &[equalizer_web::settings::Notice]) -> Vec<(String, String)> {
    notices
        .iter()
        .map(|n| (n.key.clone(), n.message()))
        .collect()
}

/// A link's date beyond the data is kept as given (the box and the URL show it), and the
/// engine's sentence says why there is no study, on the box and in the message: one writer.
#[tokio::test]
async fn a_linked_date_beyond_the_data_is_kept_and_the_engine_says_why() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let (first, last) = data_range(&pair)?;
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    for (query, key) in [("from=2030-01-01", "from"), ("to=1990-01-01", "to")] {
        let v = view(query)?;
        let inputs = v.inputs_on(&pair)?;
        assert!(inputs.notices.is_empty(), "{query}: no notice");
        let sentence = v
            .study_on(&pair)
            .err()
            .ok_or(format!("{query}: the engine refuses the study"))?
            .to_string();
        let want = match key {
            "from" => format!("From 2030-01-01 is after the data ends ({last})"),
            _ => format!("To 1990-01-01 is before the data starts ({first})"),
        };
        assert!(sentence.contains(&want), "{query}: {sentence}");
        b.open(&format!("{}?{query}", server.base)).await?;
        b.wait_js(
            "return !!document.querySelector('[data-testid=error]')",
            WAIT,
        )
        .await?;
        assert!(b.text("[data-testid=error]").await?.contains(&want));
        assert_eq!(value(&b, key).await?, query.split('=').nth(1).unwrap_or(""));
        assert_eq!(
            problem(&b, key).await?.as_deref(),
            Some(want.as_str()),
            "{query}: box"
        );
        assert_eq!(
            b.js("return document.querySelectorAll('[data-testid=notice] li').length")
                .await?,
            0,
            "{query}: no notice repeats it"
        );
    }
    b.close().await
}

#[tokio::test]
async fn swapping_the_legs_in_the_article_view_leaves_it_and_back_returns() -> Result<(), Error> {
    let from2010 = date("2010-01-01")?;
    let iwm = prepared("IWM", "QQQ")?;
    let start = view("from=2010-01-01")?;
    let article_view = view("to=2024-07-10&article=1")?;
    assert_eq!(article_view, ViewState::article_view(), "the article's URL");
    let article = article_view.count_on(&iwm)?;
    // The page's definition of the swap in the article view: like a leg change, the article's
    // `to` gives way to the range before Replicate, with a notice, in a new entry.
    let change = article_view.swapped((Some(from2010), None));
    let swapped = view("long=QQQ&short=IWM&from=2010-01-01")?;
    assert_eq!(change.view, swapped, "the definition's swapped view");
    assert_eq!(change.history, History::Push);
    let want_notices = sentences(&change.notices);
    assert_eq!(
        want_notices
            .iter()
            .map(|n| n.0.as_str())
            .collect::<Vec<_>>(),
        ["to"],
        "the definition names the article's to"
    );
    // The same as choosing the legs one by one in the menus.
    let by_menu = article_view.with_legs("QQQ".into(), "IWM".into(), (Some(from2010), None))?;
    assert_eq!(by_menu, change, "a swap is a leg change");
    let swapped_study = swapped.study()?;
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    b.open(&format!("{}?from=2010-01-01", server.base)).await?;
    b.wait_count(start.count_on(&iwm)?).await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article).await?;
    wait_param(&b, "article", Some("1")).await?;
    wait_param(&b, "to", Some("2024-07-10")).await?;
    let in_article = settled_href(&b).await?;
    let history = history_length(&b).await?;
    click(&b, "[data-testid=swap]").await?;
    b.wait_count(swapped_study.event_count).await?;
    wait_param(&b, "long", Some("QQQ")).await?;
    wait_param(&b, "short", Some("IWM")).await?;
    wait_param(&b, "from", Some("2010-01-01")).await?;
    wait_param(&b, "to", None).await?;
    wait_param(&b, "article", None).await?;
    let swapped_href = settled_href(&b).await?;
    assert_summary_matches(&b.summary_cells().await?, &swapped_study)?;
    assert_eq!(value(&b, "from").await?, "2010-01-01");
    assert_eq!(value(&b, "to").await?, "");
    assert!(!article_shown(&b).await?, "the article panel is gone");
    wait_notices(&b, &want_notices).await?;
    let notice = b.text("[data-testid=notice] li[data-key=to]").await?;
    assert!(notice.contains("2024-07-10"), "notice: {notice}");
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "leaving the article view by a swap pushes an entry"
    );
    // Back: the article view, with the notices of its URL (none).
    b.client.back().await?;
    wait_href(&b, &in_article).await?;
    b.wait_count(article).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=long]').value === 'IWM'
            && document.querySelector('[data-testid=short]').value === 'QQQ'",
        WAIT,
    )
    .await?;
    assert_eq!(value(&b, "to").await?, "2024-07-10");
    b.wait_js(
        "return !!document.querySelector('[data-testid=article] tr[data-convention]')",
        WAIT,
    )
    .await?;
    let (_, url_notices) = view_and_notices(&param_string(&b).await?)?;
    assert!(
        url_notices.is_empty(),
        "the article view's URL has no notice"
    );
    wait_notices(&b, &[])
        .await
        .map_err(|e| format!("after Back: {e}"))?;
    // Forward: the swapped view again, with the notices of its URL (none: the `to` notice
    // was about the change, not the link).
    b.client.forward().await?;
    wait_href(&b, &swapped_href).await?;
    b.wait_count(swapped_study.event_count).await?;
    assert_eq!(value(&b, "long").await?, "QQQ");
    assert_eq!(value(&b, "to").await?, "");
    assert!(!article_shown(&b).await?, "the article panel is gone again");
    let (_, url_notices) = view_and_notices(&param_string(&b).await?)?;
    wait_notices(&b, &sentences(&url_notices))
        .await
        .map_err(|e| format!("after Forward: {e}"))?;
    b.close().await
}

/// The current URL's query (without `?`).
async fn param_string(b: &Browser) -> Result<String, Error> {
    Ok(b.js("return location.search")
        .await?
        .as_str()
        .unwrap_or("")
        .trim_start_matches('?')
        .to_owned())
}

#[tokio::test]
async fn a_bound_changed_in_the_article_view_stays_when_leaving_it() -> Result<(), Error> {
    let tickers = tickers()?;
    let iwm = prepared("IWM", "QQQ")?;
    let article = view("to=2024-07-10&article=1")?.count_on(&iwm)?;
    let edited = view("to=2020-01-01&article=1")?;
    let in_2020 = edited.count_on(&iwm)?;
    assert_ne!(article, in_2020, "the new bound changes the count");
    // The definition: the reader's bound is theirs; no notice.
    let change = edited.edited(Setting::Long, "SPY", &tickers, (None, None))?;
    let spy = view("long=SPY&to=2020-01-01")?;
    assert_eq!(change.view, spy, "the definition keeps to=2020-01-01");
    assert_eq!(change.history, History::Push);
    assert!(change.notices.is_empty(), "{:?}", change.notices);
    let spy_count = spy.count_on(&spy.pair()?)?;
    let (_server, b) = open_page("").await?;
    b.wait_count(view("")?.count_on(&iwm)?).await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article).await?;
    wait_param(&b, "to", Some("2024-07-10")).await?;
    // Real key presses: select all, type the date, leave the box.
    click(&b, "[data-testid=to]").await?;
    b.chord(Key::Control, 'a').await?;
    let keys: Vec<char> = "2020-01-01".chars().collect();
    b.press(&keys).await?;
    b.press(&[Key::Tab.into()]).await?;
    b.wait_count(in_2020).await?;
    wait_param(&b, "to", Some("2020-01-01")).await?;
    wait_param(&b, "article", Some("1")).await?;
    assert!(article_shown(&b).await?, "still the article view");
    let history = history_length(&b).await?;
    b.client
        .find(Locator::Css("[data-testid=long]"))
        .await?
        .select_by_value("SPY")
        .await?;
    b.wait_count(spy_count).await?;
    wait_param(&b, "long", Some("SPY")).await?;
    wait_param(&b, "article", None).await?;
    wait_param(&b, "to", Some("2020-01-01")).await?;
    assert_eq!(value(&b, "to").await?, "2020-01-01");
    assert!(!article_shown(&b).await?, "the article panel is gone");
    wait_notices(&b, &[]).await?;
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "leaving the article view pushes an entry"
    );
    b.close().await
}

#[tokio::test]
async fn replicate_twice_adds_one_history_entry() -> Result<(), Error> {
    let iwm = prepared("IWM", "QQQ")?;
    let default = view("")?.count_on(&iwm)?;
    let article = view("to=2024-07-10&article=1")?.count_on(&iwm)?;
    let (_server, b) = open_page("").await?;
    b.wait_count(default).await?;
    let before = settled_href(&b).await?;
    let history = history_length(&b).await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article).await?;
    wait_param(&b, "article", Some("1")).await?;
    let in_article = settled_href(&b).await?;
    assert_eq!(history_length(&b).await?, history + 1, "Replicate pushes");
    click(&b, "[data-testid=replicate]").await?;
    // Give a second entry a moment to appear: it must not.
    let again = settled_href(&b).await?;
    assert_eq!(again, in_article, "the same view");
    assert_eq!(b.count().await?, article.to_string());
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "a Replicate to the view on screen adds no entry"
    );
    // One Back leaves the article view.
    b.client.back().await?;
    wait_href(&b, &before).await?;
    b.wait_count(default).await?;
    assert!(!article_shown(&b).await?, "the article panel is gone");
    b.close().await
}

#[tokio::test]
async fn the_page_and_the_cli_agree_on_shared_links() -> Result<(), Error> {
    let cases: [(&str, &[&str]); 2] = [
        (
            "units=z&t=3",
            &[
                "--long",
                "IWM",
                "--short",
                "QQQ",
                "--threshold",
                "3",
                "--threshold-unit",
                "z",
            ],
        ),
        (
            "long=XLE&short=XLK&t=3&dir=abs&cool=5&from=2005-01-01",
            &[
                "--long",
                "XLE",
                "--short",
                "XLK",
                "--threshold",
                "3",
                "--direction",
                "abs",
                "--cooloff",
                "5",
                "--from",
                "2005-01-01",
            ],
        ),
    ];
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    for (query, args) in cases {
        // The link means what the flags mean: no notice from the page's URL reader.
        view(query)?;
        let cli = cli_study_json(args)?;
        let count = cli["event_count"]
            .as_u64()
            .ok_or(format!("{args:?}: no event_count"))?;
        assert!(count > 0, "{query}: a study with events");
        b.open(&format!("{}?{query}", server.base)).await?;
        b.wait_count(usize::try_from(count)?)
            .await
            .map_err(|e| format!("?{query} vs the CLI: {e}"))?;
        assert_summary_json(&b.summary_cells().await?, &cli["summary"])
            .map_err(|e| format!("?{query} vs the CLI: {e}"))?;
    }
    b.close().await
}

#[tokio::test]
async fn the_threshold_leaves_the_article_view_and_the_seed_keeps_it() -> Result<(), Error> {
    let tickers = tickers()?;
    let from2010 = date("2010-01-01")?;
    let iwm = prepared("IWM", "QQQ")?;
    let article_view = view("to=2024-07-10&article=1")?;
    // The page's definition: the seed is not the article's setting, so the view stays (and
    // replaces its entry); the threshold is, so a change leaves the view like a leg change:
    // the range before Replicate comes back, with a notice about the article's `to`, in a new
    // entry.
    let seeded = article_view.edited(Setting::Seed, "7", &tickers, (Some(from2010), None))?;
    assert_eq!(seeded.view, view("to=2024-07-10&article=1&seed=7")?);
    assert_eq!(seeded.history, History::Replace);
    let at3 = seeded
        .view
        .edited(Setting::Threshold, "3", &tickers, (Some(from2010), None))?;
    assert_eq!(at3.view, view("t=3&from=2010-01-01&seed=7")?);
    assert_eq!(at3.history, History::Push);
    let want_notices = sentences(&at3.notices);
    assert_eq!(
        want_notices
            .iter()
            .map(|n| n.0.as_str())
            .collect::<Vec<_>>(),
        ["to"]
    );
    let (_server, b) = open_page("?from=2010-01-01").await?;
    b.wait_count(view("from=2010-01-01")?.count_on(&iwm)?)
        .await?;
    click(&b, "[data-testid=replicate]").await?;
    b.wait_count(article_view.count_on(&iwm)?).await?;
    wait_param(&b, "article", Some("1")).await?;
    // The article view's `to` is not the default: the fold with the seed is open.
    assert!(fold_open(&b).await?, "the fold is open in the article view");
    let history = history_length(&b).await?;
    click(&b, "[data-testid=seed]").await?;
    b.chord(Key::Control, 'a').await?;
    b.press(&['7']).await?;
    b.press(&[Key::Tab.into()]).await?;
    wait_param(&b, "seed", Some("7")).await?;
    assert_eq!(param(&b, "article").await?.as_deref(), Some("1"));
    assert!(article_shown(&b).await?, "still the article view");
    // The article view came by a navigation (it is a view the reader looked at): the first
    // change after it starts its own entry, and the article view stays one Back away.
    assert_eq!(
        history_length(&b).await?,
        history + 1,
        "the seed starts one new entry"
    );
    // The threshold: a real key press in its box.
    click(&b, "[data-testid=threshold]").await?;
    b.chord(Key::Control, 'a').await?;
    b.press(&['3']).await?;
    let study = at3.view.study_on(&iwm)?;
    b.wait_count(study.event_count).await?;
    wait_param(&b, "article", None).await?;
    wait_param(&b, "t", Some("3")).await?;
    wait_param(&b, "from", Some("2010-01-01")).await?;
    wait_param(&b, "to", None).await?;
    wait_param(&b, "seed", Some("7")).await?;
    assert_eq!(value(&b, "to").await?, "");
    assert!(!article_shown(&b).await?, "the article panel is gone");
    assert_eq!(
        b.js("return !document.querySelector('[data-testid=after-article]')")
            .await?,
        true,
        "and so is the panel of what happened after it"
    );
    wait_notices(&b, &want_notices).await?;
    assert_eq!(
        history_length(&b).await?,
        history + 2,
        "the seed's own entry, then leaving the article view pushes one"
    );
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    b.close().await
}

/// Issue 25: Back walks through the views a reader looked at. Typing replaces the entry while
/// it moves (the "2" and "2." on the way to "2.5" are no entries), a view that stood still for
/// a second keeps its entry, and a menu choice gets one at once.
#[tokio::test]
async fn back_walks_through_the_views_the_reader_looked_at() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let (_server, b) = open_page("").await?;
    b.wait_count(view("")?.count_on(&pair)?).await?;
    let start = history_length(&b).await?;
    b.type_into("threshold", "3").await?;
    wait_param(&b, "t", Some("3")).await?;
    b.wait_count(view("t=3")?.count_on(&pair)?).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    b.type_into("threshold", "2.5").await?;
    wait_param(&b, "t", Some("2.5")).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    b.pick("short", "SPY").await?;
    wait_param(&b, "short", Some("SPY")).await?;
    b.pick("short", "DIA").await?;
    wait_param(&b, "short", Some("DIA")).await?;
    b.wait_count(view("t=2.5&short=DIA")?.study()?.event_count)
        .await?;
    assert_eq!(
        history_length(&b).await?,
        start + 4,
        "four views, four entries"
    );
    // Back, view by view, each with its own count and boxes.
    // The page writes every key it changed; the link's own view had none.
    for (t, short, written) in [
        ("2.5", "SPY", true),
        ("2.5", "QQQ", true),
        ("3", "QQQ", true),
        ("4", "QQQ", false),
    ] {
        b.client.back().await?;
        let query = format!("t={t}&short={short}");
        wait_param(&b, "short", written.then_some(short)).await?;
        wait_param(&b, "t", written.then_some(t)).await?;
        b.wait_count(view(&query)?.study()?.event_count)
            .await
            .map_err(|e| format!("after Back to {query}: {e}"))?;
        assert_eq!(value(&b, "threshold").await?, t, "after Back to {query}");
        assert_eq!(value(&b, "short").await?, short, "after Back to {query}");
    }
    b.close().await
}

/// Issue 25, contradiction 6: a From after the pair's data ends, or a To before it starts,
/// marks its box with a message naming the data's end, and the verdict prints no range.
#[tokio::test]
async fn a_range_outside_the_data_marks_its_box_and_no_range_is_printed() -> Result<(), Error> {
    let (first, last) = data_range(&prepared("IWM", "QQQ")?)?;
    for (testid, typed, want) in [
        (
            "from",
            "2030-01-01",
            format!("From 2030-01-01 is after the data ends ({last})"),
        ),
        (
            "to",
            "1999-01-01",
            format!("To 1999-01-01 is before the data starts ({first})"),
        ),
    ] {
        let (_server, b) = open_page("").await?;
        open_fold_holding(&b, testid).await?;
        b.type_into(testid, typed).await?;
        wait_param(&b, testid, Some(typed)).await?;
        wait_problem(&b, testid, true).await?;
        let message = problem(&b, testid).await?.unwrap_or_default();
        assert_eq!(message, want, "{testid}");
        assert_eq!(
            b.js(&format!(
                "return document.querySelector('[data-testid={testid}]').getAttribute('aria-invalid')"
            ))
            .await?,
            "true"
        );
        // The study refuses the range with the engine's sentence; the verdict says why there
        // is no study and prints no range.
        b.wait_js(
            "return !!document.querySelector('[data-testid=error]')",
            WAIT,
        )
        .await?;
        assert!(b.text("[data-testid=error]").await?.contains(&want));
        let verdict = b.text("[data-testid=verdict]").await?;
        assert!(
            !verdict.contains(typed),
            "{testid}: the verdict prints {typed}: {verdict}"
        );
        // A range inside the data clears the mark.
        b.type_into(
            testid,
            if testid == "from" {
                "2010-01-01"
            } else {
                "2020-01-01"
            },
        )
        .await?;
        wait_problem(&b, testid, false).await?;
        b.close().await?;
    }
    Ok(())
}
