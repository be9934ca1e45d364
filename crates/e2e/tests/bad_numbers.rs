//! Browser tests of issue #24, "Bad numbers never hang the page": an upload with a price no
//! ETF could have is refused within a second, with the file, line, date and prices, and the
//! page still answers; an upload that cannot make a study with the other leg is refused as an
//! upload and the legs stay; a fetch that failed is tried again when the network is back and
//! at the next change of settings, and says so; and a very long unknown URL key is cut in its
//! notice.

use std::time::Duration;

use equalizer_cli::data::data_dir;
use equalizer_e2e::{Browser, Error, StaticServer, WAIT, dist_dir, native_study, open_page};
use serde_json::json;

/// A folder for this test's files.
fn scratch(name: &str) -> Result<std::path::PathBuf, Error> {
    let dir = std::env::temp_dir().join(format!("equalizer-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// IWM's CSV with the close on `line` (1-based, the header is line 1) set to `close`.
fn iwm_with_close(line: usize, close: &str) -> Result<(String, String), Error> {
    let text = std::fs::read_to_string(data_dir(None).join("IWM.csv"))?;
    let header = text.lines().next().ok_or("IWM.csv is empty")?;
    let column = header
        .split(',')
        .position(|c| c.eq_ignore_ascii_case("close"))
        .ok_or("IWM.csv has no close column")?;
    let mut date = String::new();
    let edited: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(k, row)| {
            if k + 1 != line {
                return row.to_owned();
            }
            let mut cells: Vec<String> = row.split(',').map(str::to_owned).collect();
            date = cells[0].clone();
            cells[column] = close.to_owned();
            cells.join(",")
        })
        .collect();
    Ok((edited.join("\n") + "\n", date))
}

#[tokio::test]
async fn a_price_no_etf_could_have_is_refused_within_a_second() -> Result<(), Error> {
    let dir = scratch("tiny-price")?;
    let (text, date) = iwm_with_close(3002, "1e-308")?;
    let file = dir.join("tiny.csv");
    std::fs::write(&file, text)?;
    let (_server, b) = open_page("").await?;
    b.upload(&file).await?;
    // The message within a second of the upload (the wait fails after one).
    b.wait_js(
        "return !!document.querySelector('.upload-status .problem')",
        Duration::from_secs(1),
    )
    .await?;
    let problem = b.text(".upload-status .problem").await?;
    for part in ["tiny.csv", "line 3002", &date, "1e-308", "1000"] {
        assert!(problem.contains(part), "{part} missing from: {problem}");
    }
    // The legs stay, and the page still answers a change.
    assert_eq!(
        b.js("return document.querySelector('[data-testid=long]').value")
            .await?,
        json!("IWM")
    );
    b.type_into("threshold", "3").await?;
    b.wait_count(native_study("?t=3")?.event_count).await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::test]
async fn an_upload_that_cannot_make_a_study_is_refused_and_the_legs_stay() -> Result<(), Error> {
    let dir = scratch("thin-upload")?;
    // One row: one day in common with QQQ at most.
    let one = dir.join("one row.csv");
    std::fs::write(
        &one,
        "date,open,high,low,close,volume\n2020-03-02,100,101,99,100.5,1000\n",
    )?;
    // Rows from before QQQ's data: no day in common.
    let early = dir.join("early.csv");
    std::fs::write(
        &early,
        "date,open,high,low,close,volume\n1990-01-02,10,10,10,10,1\n1990-01-03,10,11,10,10.5,1\n",
    )?;
    let (_server, b) = open_page("").await?;
    let count = b.count().await?;
    for (file, words) in [
        (&one, "1 trading day in common"),
        (&early, "no trading days in common"),
    ] {
        b.upload(file).await?;
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("file name")?;
        b.wait_js(
            &format!(
                "return [...document.querySelectorAll('.upload-status .problem')]
                    .some(p => p.textContent.startsWith({}))",
                json!(name)
            ),
            WAIT,
        )
        .await?;
        // (WebDriver adds each file to the picker's list, so both may be listed.)
        let problem = b
            .js(&format!(
                "return [...document.querySelectorAll('.upload-status .problem')]
                    .map(p => p.textContent).find(t => t.startsWith({}))",
                json!(name)
            ))
            .await?;
        let problem = problem.as_str().unwrap_or("");
        assert!(problem.contains(words), "{problem}");
        assert!(problem.contains("nothing to study"), "{problem}");
        // Refused as an upload: the legs, the URL and the study stay.
        assert_eq!(
            b.js("return [document.querySelector('[data-testid=long]').value, location.search.includes('file')]")
                .await?,
            json!(["IWM", false])
        );
        b.settled().await?;
        assert_eq!(b.count().await?, count);
        assert_eq!(
            b.js("return document.querySelectorAll('[data-testid=error]').length")
                .await?,
            json!(0)
        );
    }
    b.close().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The error banner's text, or an empty string.
const BANNER: &str = "return document.querySelector('[data-testid=error]')?.textContent || ''";

#[tokio::test]
async fn a_failed_fetch_is_tried_again_when_the_network_is_back() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    // XLB's file fails while the other tickers load, so the study of XLB cannot run.
    server.refuse("/data/XLB.json");
    server.refuse("/data/XLE.json");
    b.open(&format!("{}?long=XLB", server.base)).await?;
    let banner = b.js(BANNER).await?;
    let banner = banner.as_str().unwrap_or("");
    assert!(
        banner.contains("data/XLB.json")
            && banner.contains("503")
            && banner.contains("tried again"),
        "{banner}"
    );
    // The host answers again; the next change of settings tries again.
    server.allow("/data/XLB.json");
    b.type_into("threshold", "3").await?;
    b.settled().await?;
    assert_eq!(b.js(BANNER).await?, json!(""));
    assert_eq!(
        b.count().await?,
        native_study("?long=XLB&t=3")?.event_count.to_string()
    );

    // XLE fails too (asked for again by the change to it); then the browser goes offline, the
    // host mends, and the browser comes back online: that alone tries again.
    b.pick("long", "XLE").await?;
    b.wait_js(
        "return (document.querySelector('[data-testid=error]')?.textContent || '').includes('data/XLE.json')",
        WAIT,
    )
    .await?;
    let offline = |on: bool| json!({ "offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    b.cdp("Network.enable", json!({})).await?;
    b.cdp("Network.emulateNetworkConditions", offline(true))
        .await?;
    b.wait_js("return navigator.onLine === false", WAIT).await?;
    server.allow("/data/XLE.json");
    b.cdp("Network.emulateNetworkConditions", offline(false))
        .await?;
    b.settled().await?;
    assert_eq!(b.js(BANNER).await?, json!(""));
    assert_eq!(
        b.count().await?,
        native_study("?long=XLE&t=3")?.event_count.to_string()
    );
    b.close().await
}

#[tokio::test]
async fn a_very_long_unknown_key_is_cut_in_its_notice() -> Result<(), Error> {
    let key = "k".repeat(5000);
    let (_server, b) = open_page(&format!("?{key}=1&t=3")).await?;
    let notice = b.text("[data-testid=notice]").await?;
    assert!(notice.contains("… (5000 characters)"), "{notice}");
    assert!(notice.len() < 400, "{} characters: {notice}", notice.len());
    // The rest of the link still applies.
    assert_eq!(
        b.count().await?,
        native_study("?t=3")?.event_count.to_string()
    );
    b.close().await
}

/// A pair of files of `rows` days each (every calendar day a trading day, ending mid-2026, so
/// each also shares years of days with QQQ) whose events are known by construction: the long
/// leg rises 5 % on every 2,000th day from day 500 and 4.2 % on every 2,000th day from day
/// 1,500, and otherwise both legs sway ±0.1 % together.
fn big_pair(
    dir: &std::path::Path,
    rows: usize,
) -> Result<(std::path::PathBuf, std::path::PathBuf), Error> {
    use equalizer_engine::data::date::Date;
    let end = Date::from_ymd(2026, 6, 30).ok_or("date")?;
    let mut day = Date::from_days(end.days() - rows as i32 + 1);
    let (mut long, mut short) = (
        String::from("date,open,high,low,close,volume\n"),
        String::from("date,open,high,low,close,volume\n"),
    );
    let (mut pl, mut ps) = (100.0_f64, 50.0_f64);
    for i in 0..rows {
        let sway = if i % 2 == 0 { 1.001 } else { 1.0 / 1.001 };
        pl *= match i % 2000 {
            500 => 1.05,
            1500 => 1.042,
            // The day after a jump gives it back, so prices stay near where they began.
            501 => 1.0 / 1.05,
            1501 => 1.0 / 1.042,
            _ => sway,
        };
        ps *= sway;
        long.push_str(&format!("{day},{pl:.6},{pl:.6},{pl:.6},{pl:.6},1\n"));
        short.push_str(&format!("{day},{ps:.6},{ps:.6},{ps:.6},{ps:.6},1\n"));
        day = Date::from_days(day.days() + 1);
    }
    let (l, s) = (dir.join("big long.csv"), dir.join("big short.csv"));
    std::fs::write(&l, long)?;
    std::fs::write(&s, short)?;
    Ok((l, s))
}

/// A pair of 200,000 days each: the page says it is computing while the worker works, a
/// threshold typed meanwhile wins (the older computation's answer is dropped), and the count
/// shown is the one the data were built to give.
#[tokio::test]
async fn a_large_upload_says_it_is_computing_and_the_newest_setting_wins() -> Result<(), Error> {
    let dir = scratch("big-upload")?;
    let (long, short) = big_pair(&dir, 200_000)?;
    let (_server, b) = open_page("").await?;
    // Every status the page shows, from now on.
    b.js("window.statuses = [];
          const s = document.querySelector('[data-testid=computing]');
          new MutationObserver(() => window.statuses.push(s.textContent.trim()))
              .observe(s, { subtree: true, childList: true, characterData: true });
          return true")
        .await?;
    b.upload(&long).await?;
    b.wait_js(
        "return location.search.includes('long=file%3Abig_long')",
        Duration::from_secs(60),
    )
    .await?;
    b.upload(&short).await?;
    b.wait_js(
        "return [...document.querySelector('[data-testid=short]').options].some(o => o.value === 'file:big_short')",
        Duration::from_secs(60),
    )
    .await?;
    b.pick("short", "file:big_short").await?;
    // Typed while the 200,000-day pair is computed.
    b.type_into("threshold", "4.5").await?;
    b.wait_js(
        "const r = document.querySelector('[data-testid=results]');
         return r.getAttribute('aria-busy') === 'false' && r.dataset.view === location.search
             && location.search.includes('t=4.5') && location.search.includes('short=file%3Abig_short')",
        Duration::from_secs(120),
    )
    .await?;
    // 100 days rose 5 % against a spread of at most ±0.2 %: the 4.2 % days are below 4.5 %.
    assert_eq!(b.count().await?, "100");
    let statuses: Vec<String> = serde_json::from_value(b.js("return window.statuses").await?)?;
    assert!(
        statuses.iter().any(|s| s == "Computing…"),
        "the page never said it was computing: {statuses:?}"
    );
    // And back to 4 %: both kinds of jump.
    b.type_into("threshold", "4").await?;
    b.wait_count(200).await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
