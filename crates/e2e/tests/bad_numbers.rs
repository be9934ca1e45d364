//! Browser tests of issue #24, "Bad numbers never hang the page": an upload with a price no
//! ETF could have is refused within a second, with the file, line, date and prices, and the
//! page still answers; an upload that cannot make a study with the other leg is refused as an
//! upload and the legs stay; a fetch that failed is tried again when the network is back and
//! at the next change of settings, and says so; and a very long unknown URL key is cut in its
//! notice.

use std::time::{Duration, Instant};

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
    let start = Instant::now();
    b.upload(&file).await?;
    b.wait_js(
        "return !!document.querySelector('.upload-status .problem')",
        Duration::from_secs(1),
    )
    .await?;
    let seconds = start.elapsed().as_secs_f64();
    let problem = b.text(".upload-status .problem").await?;
    for part in ["tiny.csv", "line 3002", &date, "1e-308", "1000"] {
        assert!(problem.contains(part), "{part} missing from: {problem}");
    }
    assert!(seconds < 1.5, "the message took {seconds} s");
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
