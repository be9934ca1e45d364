//! Browser tests of issue #12, "Every setting does what it says": every box keeps what the
//! reader types and drives the study on each valid keystroke, the units menu measures the
//! threshold in σ, the legs never coincide and swap, the history has an entry per navigation
//! (not per keystroke), and dates outside the data are named in a notice.
//!
//! Every input under test is driven with real key presses and clicks (WebDriver actions), never
//! by setting `.value` from a script. Expected numbers come from the engine run natively on the
//! same CSVs through the CLI's loader.

use std::time::Duration;

use equalizer_e2e::{
    Browser, Error, NativeView, WAIT, assert_summary_matches, open_page, prepared,
};
use equalizer_engine::{Date, PreparedPair, ThresholdUnit};
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
    Valid(NativeView),
    /// The text is refused: the box's problem message shows (naming the text in quotes and
    /// containing `says`), and the study keeps the last valid value.
    Invalid { says: &'static str },
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
    /// The URL key (and `problem-KEY`).
    key: &'static str,
    /// Keys pressed after clicking into the box, before the checked steps (End, Ctrl+A).
    prelude: Vec<Press>,
    steps: Vec<Step>,
    /// The box's text after Tab: the value the study uses.
    blur_shows: &'static str,
    blur_url: UrlValue,
    /// The study after Tab.
    blur_view: NativeView,
    /// Whether the problem message is still shown after Tab (it stays until valid input).
    problem_after_blur: bool,
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
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-testid=subperiods] tr[data-period]')]
                .map(tr => [tr.dataset.period, tr.querySelector('td').textContent.trim()])",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Runs a box case: clicks into the box, presses the prelude, then each step, checking after
/// every key the box's text, the problem message and the event count against the engine;
/// then Tab, and the box, the URL (written a moment later) and the whole summary.
async fn run_box_case(case: BoxCase) -> Result<(), Error> {
    let pair = prepared(&case.blur_view.long, &case.blur_view.short)?;
    let (_server, b) = open_page(case.query).await?;
    let history = history_length(&b).await?;
    let box_css = format!("[data-testid={}]", case.testid);
    let shown_at_start = value(&b, case.testid).await?;
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
        match &step.expect {
            Expect::Valid(v) => {
                let n = v.count_on(&pair)?;
                b.wait_count(n).await.map_err(|e| format!("{ctx}: {e}"))?;
                wait_problem(&b, case.key, false)
                    .await
                    .map_err(|e| format!("{ctx}: {e}"))?;
                last_count = n.to_string();
            }
            Expect::Invalid { says } => {
                wait_problem(&b, case.key, true)
                    .await
                    .map_err(|e| format!("{ctx}: {e}"))?;
                let msg = problem(&b, case.key).await?.unwrap_or_default();
                if !step.shows.is_empty() {
                    assert!(
                        quotes(&msg, &step.shows),
                        "{ctx}: the message does not quote the text: {msg}"
                    );
                }
                assert!(
                    msg.to_lowercase().contains(says),
                    "{ctx}: the message does not say {says:?}: {msg}"
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
        UrlValue::Is(v) => wait_param(&b, case.key, Some(v)).await,
        UrlValue::IsOrAbsent(v) => {
            // The URL is written 150 ms after a change, if any.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let got = param(&b, case.key).await?;
            assert!(
                got.is_none() || got.as_deref() == Some(v),
                "{ctx}: URL {} is {got:?}, not {v}",
                case.key
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
    assert_eq!(
        problem(&b, case.key).await?.is_some(),
        case.problem_after_blur,
        "{ctx}: problem-{} after Tab",
        case.key
    );
    assert_eq!(
        history_length(&b).await?,
        history,
        "{ctx}: typing replaces the history entry"
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
    problem_after_blur: bool,
) -> BoxCase {
    BoxCase {
        query: "",
        testid: "threshold",
        key: "t",
        prelude,
        steps,
        blur_shows,
        blur_url,
        blur_view: NativeView::at(blur_t),
        problem_after_blur,
    }
}

fn valid_t(t: f64) -> Expect {
    Expect::Valid(NativeView::at(t))
}

const INVALID: Expect = Expect::Invalid { says: "" };

/// A threshold prefix: valid when it parses as Rust parses f64 and lies in (0, 100].
fn judge_t(text: &str) -> Expect {
    match text.parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 100.0 => valid_t(t),
        _ => INVALID,
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
        false,
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
        false,
    ))
    .await
}

#[tokio::test]
async fn threshold_emptied_then_retyped() -> Result<(), Error> {
    let mut steps = vec![Step {
        press: vec![key(Key::Backspace)],
        shows: String::new(),
        expect: INVALID,
    }];
    steps.extend(typing("", "3.75", judge_t));
    run_box_case(threshold_case(
        vec![key(Key::End)],
        steps,
        "3.75",
        UrlValue::Is("3.75"),
        3.75,
        false,
    ))
    .await
}

#[tokio::test]
async fn threshold_decimal_comma_is_refused_and_names_the_point() -> Result<(), Error> {
    let steps = typing("", "3,5", |text| match text {
        "3,5" => Expect::Invalid { says: "point" },
        t => judge_t(t),
    });
    run_box_case(threshold_case(
        vec![Press::SelectAll],
        steps,
        "3",
        UrlValue::Is("3"),
        3.0,
        true,
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
        true,
    );
    assert_eq!(case.blur_view.count_on(&prepared("IWM", "QQQ")?)?, 25);
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
        true,
    ))
    .await
}

#[tokio::test]
async fn cooloff_box_drives_the_study_per_keystroke() -> Result<(), Error> {
    let cool5 = NativeView {
        cool: 5,
        ..NativeView::default()
    };
    let steps = typing("", "5x", |text| match text {
        "5" => Expect::Valid(cool5.clone()),
        _ => INVALID,
    });
    run_box_case(BoxCase {
        query: "",
        testid: "cooloff",
        key: "cool",
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "5",
        blur_url: UrlValue::Is("5"),
        blur_view: cool5.clone(),
        problem_after_blur: true,
    })
    .await
}

#[tokio::test]
async fn seed_box_drives_the_placebo_and_bootstrap() -> Result<(), Error> {
    let seed = |s: u64| NativeView {
        seed: s,
        ..NativeView::default()
    };
    let steps = typing("", "42-", |text| match text.parse::<u64>() {
        Ok(s) => Expect::Valid(seed(s)),
        Err(_) => INVALID,
    });
    run_box_case(BoxCase {
        query: "",
        testid: "seed",
        key: "seed",
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "42",
        blur_url: UrlValue::Is("42"),
        blur_view: seed(42),
        problem_after_blur: true,
    })
    .await
}

#[tokio::test]
async fn split_box_adds_the_split_year_when_it_is_a_year() -> Result<(), Error> {
    let split2010 = NativeView {
        split: Some(2010),
        ..NativeView::default()
    };
    let steps = typing("", "2010", |text| match text {
        "2010" => Expect::Valid(split2010.clone()),
        _ => INVALID,
    });
    run_box_case(BoxCase {
        query: "",
        testid: "split",
        key: "split",
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "2010",
        blur_url: UrlValue::Is("2010"),
        blur_view: split2010.clone(),
        problem_after_blur: false,
    })
    .await
}

fn date(s: &str) -> Result<Date, Error> {
    Ok(s.parse::<Date>()?)
}

#[tokio::test]
async fn from_box_shows_each_prefix_and_applies_the_full_date() -> Result<(), Error> {
    let view = NativeView {
        from: Some(date("2005-01-01")?),
        ..NativeView::default()
    };
    let steps = typing("", "2005-01-01", |text| match text {
        "2005-01-01" => Expect::Valid(view.clone()),
        _ => INVALID,
    });
    run_box_case(BoxCase {
        query: "",
        testid: "from",
        key: "from",
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "2005-01-01",
        blur_url: UrlValue::Is("2005-01-01"),
        blur_view: view.clone(),
        problem_after_blur: false,
    })
    .await
}

#[tokio::test]
async fn to_box_shows_each_prefix_and_applies_the_full_date() -> Result<(), Error> {
    let view = NativeView {
        to: Some(date("2019-12-31")?),
        ..NativeView::default()
    };
    let steps = typing("", "2019-12-31", |text| match text {
        "2019-12-31" => Expect::Valid(view.clone()),
        _ => INVALID,
    });
    run_box_case(BoxCase {
        query: "",
        testid: "to",
        key: "to",
        prelude: vec![Press::SelectAll],
        steps,
        blur_shows: "2019-12-31",
        blur_url: UrlValue::Is("2019-12-31"),
        blur_view: view.clone(),
        problem_after_blur: false,
    })
    .await
}

/// The z view at threshold `t`.
fn z_view(t: f64) -> NativeView {
    NativeView {
        units: ThresholdUnit::Z,
        ..NativeView::at(t)
    }
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
    let study = z_view(3.0).study_on(&pair)?;
    assert_eq!(study.event_count, 44, "the CLI's count at 3 σ");
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
    let pct = NativeView::at(3.0).count_on(&pair)?;
    let z = z_view(3.0).study_on(&pair)?;
    assert_eq!(
        (pct, z.event_count),
        (75, 44),
        "the CLI's counts at 3 % and 3 σ"
    );
    let (_server, b) = open_page("?t=3").await?;
    b.wait_count(pct).await?;
    let label = b.text("[data-testid=threshold-label]").await?;
    assert!(label.contains('%'), "label: {label}");
    wait_chart(&b, "pct", "0.03").await?;
    let history = history_length(&b).await?;
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
        history,
        "a menu replaces the entry"
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
    let article = NativeView {
        to: Some(date("2024-07-10")?),
        ..NativeView::default()
    }
    .count_on(&pair)?;
    let (_server, b) = open_page("").await?;
    b.wait_count(25).await?;
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
    b.wait_count(25).await?;
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
    let at3 = NativeView::at(3.0).count_on(&pair)?;
    let (_server, b) = open_page("").await?;
    let cell = "[data-testid=sweep] td[data-threshold=\"3\"][data-horizon=\"63\"] button";
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
    b.wait_count(25).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=threshold]').value === '4'",
        WAIT,
    )
    .await?;
    b.close().await
}

#[tokio::test]
async fn changing_a_leg_leaves_the_article_view_and_back_returns_to_it() -> Result<(), Error> {
    let from2010 = Some(date("2010-01-01")?);
    let iwm = prepared("IWM", "QQQ")?;
    let start = NativeView {
        from: from2010,
        ..NativeView::default()
    };
    let article = NativeView {
        to: Some(date("2024-07-10")?),
        ..NativeView::default()
    }
    .count_on(&iwm)?;
    let spy = NativeView {
        long: "SPY".into(),
        from: from2010,
        ..NativeView::default()
    };
    let spy_count = spy.study()?.event_count;
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
        NativeView {
            long: long.into(),
            short: short.into(),
            ..NativeView::default()
        }
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
    let swapped = NativeView {
        long: "QQQ".into(),
        short: "SPY".into(),
        ..NativeView::default()
    };
    let study = swapped.study()?;
    b.wait_count(study.event_count).await?;
    wait_param(&b, "long", Some("QQQ")).await?;
    wait_param(&b, "short", Some("SPY")).await?;
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    assert_menus(&b, "QQQ", "SPY", &all).await?;
    assert_eq!(
        history_length(&b).await?,
        history,
        "swap replaces the entry"
    );
    b.close().await
}

#[tokio::test]
async fn a_from_date_after_the_data_is_named_and_dropped() -> Result<(), Error> {
    let pair = prepared("IWM", "QQQ")?;
    let dates = pair.pair().dates();
    let (first, last) = (dates[0].to_string(), dates[dates.len() - 1].to_string());
    assert_eq!(
        (first.as_str(), last.as_str()),
        ("2000-05-26", "2026-08-21"),
        "the common data of IWM and QQQ"
    );
    let full = NativeView::default().study_on(&pair)?;
    assert_eq!(full.event_count, 25);
    let (_server, b) = open_page("?from=2030-01-01").await?;
    let notice = b
        .text("[data-testid=notice] li[data-key=from]")
        .await
        .map_err(|e| format!("no notice about from: {e}"))?;
    for part in ["2030-01-01", first.as_str(), last.as_str()] {
        assert!(
            notice.contains(part),
            "{part} missing in the notice: {notice}"
        );
    }
    b.wait_count(full.event_count).await?;
    assert_summary_matches(&b.summary_cells().await?, &full)?;
    b.close().await
}
