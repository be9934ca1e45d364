//! Browser tests of the release page (`make page` builds it into dist/).
//!
//! Each test serves dist/ (or a modified copy) on 127.0.0.1 and drives headless Chromium.
//! Expected numbers come from the engine run natively on the same CSVs through the CLI's loader.

use std::time::Duration;

use equalizer_cli::data::{DATA_ENV, DataDir, default_data_dir};
use equalizer_e2e::{Browser, Error, StaticServer, dist_dir};
use equalizer_engine::{DEFAULT_HORIZONS, Date, Direction, EventRule, PreparedPair, Study};
use fantoccini::Locator;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

fn native_study(
    long: &str,
    short: &str,
    t: f64,
    dir: Direction,
    cool: usize,
    from: Option<&str>,
) -> Result<Study, Error> {
    let dir_path = std::env::var_os(DATA_ENV).map_or_else(default_data_dir, Into::into);
    let data = DataDir::open(&dir_path)?;
    let from = from.map(str::parse::<Date>).transpose()?;
    let rule = EventRule::new(t, dir, cool, from, None)?;
    Ok(PreparedPair::new(data.pair(long, short)?).study(&rule, &DEFAULT_HORIZONS)?)
}

async fn count(b: &Browser) -> Result<String, Error> {
    b.text("[data-testid=event-count]").await
}

/// Every summary cell's (horizon, field, value) as the page shows it.
async fn summary_cells(b: &Browser) -> Result<Vec<(u64, String, String)>, Error> {
    let v = b
        .js("return [...document.querySelectorAll('[data-testid=summary] tr[data-horizon] td[data-field]')]
                .map(td => [Number(td.closest('tr').dataset.horizon), td.dataset.field, td.dataset.value])")
        .await?;
    let rows = v.as_array().ok_or("summary cells")?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r[0].as_u64().unwrap_or(0),
                r[1].as_str().unwrap_or("").to_owned(),
                r[2].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect())
}

/// Asserts every summary cell equals the engine's value bit for bit.
fn assert_summary_matches(cells: &[(u64, String, String)], study: &Study) -> Result<(), Error> {
    let expected: Value = serde_json::to_value(&study.summary)?;
    assert_eq!(
        cells.len(),
        13 * study.summary.len(),
        "13 number cells per horizon"
    );
    for (h, field, value) in cells {
        let row = expected
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["horizon"].as_u64() == Some(*h)))
            .ok_or(format!("no engine row for horizon {h}"))?;
        match &row[field.as_str()] {
            Value::Null => assert_eq!(value, "", "{field} at {h} should be empty"),
            want => {
                let got: f64 = value
                    .parse()
                    .map_err(|e| format!("{field} at {h}: '{value}': {e}"))?;
                assert_eq!(Some(got), want.as_f64(), "{field} at horizon {h}");
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn default_view_shows_the_article_study() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(&server.base).await?;
    let study = native_study("IWM", "QQQ", 4.0, Direction::Up, 0, None)?;
    assert_eq!(count(&b).await?, "25");
    assert_eq!(study.event_count, 25);
    let mean63 = b
        .js("return document.querySelector('[data-testid=summary] tr[data-horizon=\"63\"] td[data-field=long_mean]').dataset.value")
        .await?;
    let engine63 = study
        .summary
        .iter()
        .find(|r| r.horizon == 63)
        .and_then(|r| r.long_mean);
    assert_eq!(
        mean63.as_str().and_then(|s| s.parse::<f64>().ok()),
        engine63
    );
    assert_summary_matches(&summary_cells(&b).await?, &study)?;
    let headline = b.text(".headline .latest").await?;
    assert_eq!(
        headline,
        "On 2024-07-11 IWM returned +3.59 % and QQQ \u{2212}2.19 %: a spread of 5.79 %."
    );
    let dates = b.js("return [...document.querySelectorAll('[data-testid=events] tr[data-date]')].map(r => r.dataset.date)").await?;
    let dates = dates.as_array().ok_or("dates")?;
    assert_eq!(dates.len(), 25);
    assert_eq!(dates[0], "2024-07-11");
    // The newest event's 12-month window is complete; a window past 2026-08-21 would show "—".
    let data_line = b.text("[data-testid=data-line]").await?;
    assert!(
        data_line.contains("IWM 2000-05-26 \u{2026} 2026-08-21"),
        "{data_line}"
    );
    assert!(
        data_line.starts_with("Data: Yahoo Finance adjusted closes"),
        "{data_line}"
    );
    b.close().await
}

#[tokio::test]
async fn every_chart_is_drawn_sharp_on_hidpi() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 2.0).await?;
    b.open(&server.base).await?;
    for id in ["spread-chart", "forward-chart", "path-chart"] {
        let script = format!(
            "const c = document.querySelector('[data-testid={id}]');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let ink = 0;
             for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0 && (d[i] < 250 || d[i+1] < 250 || d[i+2] < 250)) ink++;
             return [ink, c.width, c.height, c.clientWidth, c.clientHeight, window.devicePixelRatio];"
        );
        // The draw happens in the next animation frame: wait for ink.
        b.wait_js(
            &format!(
                "{} return r[0] > 2000;",
                script.replace("return [", "const r = [")
            ),
            WAIT,
        )
        .await?;
        let v = b.js(&script).await?;
        let n = |i: usize| v[i].as_f64().unwrap_or(-1.0);
        assert_eq!(n(5), 2.0, "device pixel ratio");
        assert_eq!(
            n(1),
            (n(3) * 2.0).round(),
            "{id}: backing store width = CSS width × 2"
        );
        assert_eq!(
            n(2),
            (n(4) * 2.0).round(),
            "{id}: backing store height = CSS height × 2"
        );
        assert!(n(0) > 2000.0, "{id} has {} inked pixels", n(0));
    }
    b.close().await
}

#[tokio::test]
async fn changing_the_threshold_updates_count_and_url_without_new_history() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(&server.base).await?;
    let history = b.js("return history.length").await?;
    let input = b
        .client
        .find(Locator::Css("[data-testid=threshold]"))
        .await?;
    input.clear().await?;
    input.send_keys("3").await?;
    let want = native_study("IWM", "QQQ", 3.0, Direction::Up, 0, None)?.event_count;
    assert!(want > 25);
    b.wait_js(
        &format!(
            "return document.querySelector('[data-testid=event-count]').textContent === '{want}'"
        ),
        WAIT,
    )
    .await?;
    b.wait_js(
        "return new URLSearchParams(location.search).get('t') === '3'",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js("return history.length").await?,
        history,
        "the URL is replaced, not pushed"
    );
    // The slider drives the same state.
    b.js(
        "const s = document.querySelector('[data-testid=threshold-slider]');
          s.value = '5'; s.dispatchEvent(new Event('input', { bubbles: true })); return true",
    )
    .await?;
    let want5 = native_study("IWM", "QQQ", 5.0, Direction::Up, 0, None)?.event_count;
    b.wait_js(
        &format!(
            "return document.querySelector('[data-testid=event-count]').textContent === '{want5}'"
        ),
        WAIT,
    )
    .await?;
    b.wait_js(
        "return new URLSearchParams(location.search).get('t') === '5'",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js("return document.querySelector('[data-testid=threshold]').value")
            .await?,
        "5"
    );
    // A reload of the new URL restores the view.
    let url = b.client.current_url().await?;
    b.open(url.as_str()).await?;
    assert_eq!(count(&b).await?, want5.to_string());
    b.close().await
}

#[tokio::test]
async fn shared_link_reproduces_the_cli_study() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(&format!(
        "{}?long=XLE&short=XLK&t=3&dir=abs&cool=5&from=2005-01-01",
        server.base
    ))
    .await?;
    let study = native_study("XLE", "XLK", 3.0, Direction::Abs, 5, Some("2005-01-01"))?;
    assert_eq!(count(&b).await?, study.event_count.to_string());
    assert_summary_matches(&summary_cells(&b).await?, &study)?;
    let controls = b
        .js(
            "return ['long','short','threshold','direction','cooloff','from','to']
                .map(id => document.querySelector(`[data-testid=${id}]`).value)",
        )
        .await?;
    assert_eq!(
        controls,
        serde_json::json!(["XLE", "XLK", "3", "abs", "5", "2005-01-01", ""])
    );
    let rows = b
        .js("return document.querySelectorAll('[data-testid=events] tr[data-date]').length")
        .await?;
    assert_eq!(rows.as_u64(), Some(study.event_count as u64));
    assert!(
        b.js("return !document.querySelector('[data-testid=notice]')")
            .await?
            == Value::Bool(true)
    );
    b.close().await
}

#[tokio::test]
async fn bad_parameters_give_a_notice_and_a_working_page() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    let xle_xlk = native_study("XLE", "XLK", 4.0, Direction::Up, 0, None)?
        .event_count
        .to_string();
    let cases: [(&str, &str, &str); 8] = [
        ("long=NOPE", "long=NOPE", "25"),
        ("t=abc", "t=abc", "25"),
        ("t=-3", "t=-3", "25"),
        ("dir=sideways", "dir=sideways", "25"),
        ("from=2024-13-45", "from=2024-13-45", "25"),
        ("from=2020-01-01&to=2019-01-01", "from=2020-01-01", "25"),
        // The other parameters still apply.
        ("t=abc&long=XLE&short=XLK", "t=abc", &xle_xlk),
        (
            "long=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
            "long=<img src=x onerror=alert(1)>",
            "25",
        ),
    ];
    for (query, says, events) in cases {
        b.open(&format!("{}?{query}", server.base)).await?;
        let notice = b.text("[data-testid=notice]").await?;
        assert!(notice.contains(says), "{query}: {notice}");
        assert!(notice.contains("instead"), "{query}: {notice}");
        assert_eq!(count(&b).await?, events, "{query}");
        // URL text is never markup.
        assert_eq!(
            b.js("return document.querySelectorAll('main img').length")
                .await?,
            0,
            "{query}"
        );
        b.wait_js(
            "const c = document.querySelector('[data-testid=spread-chart]');
             return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 0 && v < 200)",
            WAIT,
        )
        .await?;
    }
    b.close().await
}

#[tokio::test]
async fn missing_or_malformed_data_shows_a_banner_naming_the_file() -> Result<(), Error> {
    let tmp = std::env::temp_dir().join(format!("equalizer-broken-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&dist_dir(), &tmp)?;
    std::fs::remove_file(tmp.join("data/IWM.json"))?;
    std::fs::write(
        tmp.join("data/XLK.json"),
        "{\"ticker\": \"XLK\", \"start\": ",
    )?;
    let server = StaticServer::start(&tmp)?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(&server.base).await?;
    let banner = b.text("[data-testid=error]").await?;
    assert!(
        banner.contains("data/IWM.json") && banner.contains("404"),
        "{banner}"
    );
    b.open(&format!("{}?long=XLE&short=XLK", server.base))
        .await?;
    let banner = b.text("[data-testid=error]").await?;
    assert!(banner.contains("data/XLK.json is malformed"), "{banner}");
    std::fs::remove_file(tmp.join("data/manifest.json"))?;
    b.open(&server.base).await?;
    let banner = b.text("[data-testid=error]").await?;
    assert!(banner.contains("data/manifest.json"), "{banner}");
    b.close().await?;
    drop(server);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

#[tokio::test]
async fn copy_link_copies_the_current_view_and_says_so() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(&format!("{}?long=SPY&short=QQQ&t=2.5", server.base))
        .await?;
    let want = format!("{}?long=SPY&short=QQQ&t=2.5", server.base);
    // Capture what the page writes (reading the clipboard back needs a permission headless
    // Chromium does not grant).
    b.js("window.__copied = null;
          navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };
          return true")
        .await?;
    b.client
        .find(Locator::Css("[data-testid=copy-link]"))
        .await?
        .click()
        .await?;
    b.wait_js(
        "return document.querySelector('[data-testid=copy-status]').textContent.length > 0",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.text("[data-testid=copy-status]").await?,
        "Link copied to the clipboard."
    );
    assert_eq!(
        b.js("return window.__copied").await?,
        Value::String(want.clone())
    );
    // Without a working clipboard the page shows the link instead.
    b.js("navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); return true")
        .await?;
    b.client
        .find(Locator::Css("[data-testid=copy-link]"))
        .await?
        .click()
        .await?;
    b.wait_js("return document.querySelector('[data-testid=copy-status]').textContent.startsWith('Could not')", WAIT)
        .await?;
    let status = b.text("[data-testid=copy-status]").await?;
    assert_eq!(
        status,
        format!("Could not use the clipboard; copy this link: {want}")
    );
    b.close().await
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
