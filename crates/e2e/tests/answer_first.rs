//! Browser tests of issue #23, "The answer before the app, and the engine off the main
//! thread": the first screen rendered at build time says exactly what the page says once it has
//! loaded; a link to any other view never shows the default answer; the results region is busy
//! while anything shown is out of date (a leg still loading, a part not yet answered) and names
//! its view when it is not, after typing, Back and a pair change. The long-task test is in
//! long_tasks.rs.

use std::path::PathBuf;
use std::time::Duration;

use equalizer_e2e::{Browser, Error, StaticServer, WAIT, dist_dir, native_study, open_page};
use fantoccini::Locator;
use serde_json::{Value, json};

/// A copy of dist/ whose page never starts its app (the loader script removed): the first
/// screen as a reader sees it before the app has loaded.
fn before_the_app() -> Result<PathBuf, Error> {
    let dir = std::env::temp_dir().join(format!("equalizer-boot-only-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(dist_dir())
        .arg(&dir)
        .status()?;
    if !status.success() {
        return Err("cp dist failed".into());
    }
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let start = html
        .find("<script type=\"module\">")
        .ok_or("no loader script in index.html")?;
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or("the loader script does not end")?
        + "</script>".len();
    std::fs::write(&index, format!("{}{}", &html[..start], &html[end..]))?;
    Ok(dir)
}

/// Text with runs of white space made one space.
const NORMALIZED: &str = "const norm = s => (s || '').replace(/\\s+/g, ' ').trim();";

#[tokio::test]
async fn the_first_screen_says_what_the_page_says() -> Result<(), Error> {
    let (_server, b) = open_page("").await?;
    // The first screen as built (index.html) beside the page as it runs.
    let compared = b
        .js(&format!(
            "{NORMALIZED}
            return fetch('index.html').then(r => r.text()).then(html => {{
                const boot = new DOMParser().parseFromString(html, 'text/html').getElementById('boot');
                const pick = (root, css) => root.querySelector(css);
                const attrs = (root) => [...root.querySelectorAll('[data-testid=verdict] li')]
                    .map(li => Object.fromEntries([...li.attributes].map(a => [a.name, a.value])));
                const app = document;
                return {{
                    boot_verdict: norm(pick(boot, '[data-testid=verdict]').textContent),
                    app_verdict: norm(pick(app, '[data-testid=verdict]').textContent),
                    boot_rows: attrs(boot), app_rows: attrs(app),
                    boot_headline: norm(pick(boot, '.headline').textContent),
                    app_headline: norm(pick(app, '.headline').textContent),
                    boot_chart: norm(pick(boot, '[data-testid=spread-chart-desc]').textContent),
                    app_chart: norm(pick(app, '[data-testid=spread-chart-desc]').textContent),
                    boot_threshold: pick(boot, '[data-testid=threshold]').getAttribute('value'),
                    app_threshold: pick(app, '[data-testid=threshold]').value,
                    boot_svgs: boot.querySelectorAll('[data-testid=spread-chart] svg').length,
                    boot_gone: !document.getElementById('boot'),
                }};
            }})"
        ))
        .await?;
    let field = |k: &str| compared[k].clone();
    for part in ["verdict", "rows", "headline", "chart", "threshold"] {
        assert_eq!(
            field(&format!("boot_{part}")),
            field(&format!("app_{part}")),
            "the first screen's {part} differs from the page's"
        );
    }
    // The words and numbers are the engine's, for the default view.
    let study = native_study("")?;
    let verdict = field("app_verdict");
    let verdict = verdict.as_str().unwrap_or("");
    assert!(
        verdict.starts_with(&format!("{} days", study.event_count)),
        "{verdict}"
    );
    assert_eq!(
        field("boot_svgs"),
        json!(2),
        "a laptop's and a phone's chart"
    );
    assert_eq!(field("boot_gone"), json!(true), "the page took its place");
    b.close().await
}

#[tokio::test]
async fn a_link_to_another_view_never_shows_the_default_answer() -> Result<(), Error> {
    let dir = before_the_app()?;
    let server = StaticServer::start(&dir)?;
    let b = Browser::start(1280, 900, 1.0).await?;
    let state = "const v = document.querySelector('[data-testid=verdict]');
        const line = document.querySelector('#boot .view-loading');
        return [v ? getComputedStyle(v).display !== 'none' && v.textContent.includes('days') : false,
                line && getComputedStyle(line).display !== 'none' ? line.textContent : null,
                document.querySelectorAll('#boot img').length]";
    let cases: [(&str, Value); 6] = [
        ("", json!([true, null, 0])),
        // The default view spelled as the page writes it is the default view.
        ("?long=IWM&short=QQQ&t=4", json!([true, null, 0])),
        (
            "?t=3",
            json!([false, "Loading IWM − QQQ, spread ≥ 3 %…", 0]),
        ),
        (
            "?long=XLE&short=XLK&dir=abs&t=2&units=z",
            json!([false, "Loading XLE − XLK, |spread| ≥ 2 σ…", 0]),
        ),
        // Another spelling of a default value is not trusted to be the default.
        (
            "?t=4.0",
            json!([false, "Loading IWM − QQQ, spread ≥ 4.0 %…", 0]),
        ),
        // A hostile value is text, and cut.
        (
            "?long=%3Cimg%20src%3Dx%3E&dir=down",
            json!([false, "Loading <img src=x> − QQQ, spread ≤ −4 %…", 0]),
        ),
    ];
    for (query, want) in cases {
        b.client.goto(&format!("{}{query}", server.base)).await?;
        assert_eq!(b.js(state).await?, want, "{query}");
    }
    // A long value is cut in the line, as in the page's notices.
    let long = "A".repeat(300);
    b.client
        .goto(&format!("{}?long={long}", server.base))
        .await?;
    let line = b.text("#boot .view-loading").await?;
    assert!(line.len() < 120 && line.contains("AAAA…"), "{line}");
    // A theme chosen on an earlier visit applies from the first paint.
    b.js("localStorage.setItem('equalizer-theme', 'dark'); return true")
        .await?;
    b.client.goto(&server.base).await?;
    assert_eq!(
        b.js("return document.documentElement.dataset.theme || null")
            .await?,
        json!("dark")
    );
    b.close().await?;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The results region's state: `[aria-busy, data-view, the spread chart's caption, the
/// verdict's pair, the long leg's menu, the address bar's query]`.
async fn results_state(b: &Browser) -> Result<Value, Error> {
    b.js("const r = document.querySelector('[data-testid=results]');
          return [r.getAttribute('aria-busy'), r.getAttribute('data-view'),
                  document.querySelector('.charts figcaption').firstChild.textContent,
                  (document.querySelector('[data-testid=verdict]').textContent.match(/[A-Z]+ − [A-Z]+/) || [null])[0],
                  document.querySelector('[data-testid=long]').value, location.search,
                  document.querySelector('[data-testid=computing]').textContent]")
        .await
}

#[tokio::test]
async fn numbers_never_stand_under_another_views_labels() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    // XLE's prices take eight seconds to arrive (its fetch may start with the page's, for the
    // cross-section: long enough that a slow machine still picks XLE before they are in).
    server.delay("/data/XLE.json", Duration::from_secs(8));
    let b = Browser::start(1280, 1000, 1.0).await?;
    // As soon as the page has its first answer (the other tickers, XLE among them, are still
    // on their way), the reader picks XLE.
    b.client.goto(&server.base).await?;
    b.wait_js("return !document.getElementById('boot')", WAIT)
        .await?;
    b.pick("long", "XLE").await?;
    // While XLE loads, the controls say XLE; the results still say IWM − QQQ and are busy.
    b.wait_js("return location.search.includes('long=XLE')", WAIT)
        .await?;
    let loading = results_state(&b).await?;
    assert_eq!(loading[0], json!("true"), "{loading}");
    assert_eq!(loading[1], Value::Null, "{loading}");
    assert_eq!(loading[2], json!("Daily spread: IWM return − QQQ return"));
    assert_eq!(loading[3], json!("IWM − QQQ"));
    assert_eq!(loading[4], json!("XLE"));
    assert_eq!(loading[6], json!("Loading XLE…"));
    b.settled().await?;
    let done = results_state(&b).await?;
    assert_eq!(done[0], json!("false"));
    assert_eq!(done[1], done[5], "data-view is the address bar's query");
    assert_eq!(done[2], json!("Daily spread: XLE return − QQQ return"));
    assert_eq!(done[3], json!("XLE − QQQ"));
    assert_eq!(done[6], json!(""));
    let xle = native_study("?long=XLE")?;
    assert_eq!(b.count().await?, xle.event_count.to_string());

    // Typed, key by key: the count and the view follow.
    b.type_into("threshold", "3").await?;
    b.settled().await?;
    let typed = native_study("?long=XLE&t=3")?;
    assert_eq!(b.count().await?, typed.event_count.to_string());
    let after_typing = results_state(&b).await?;
    assert!(
        after_typing[1]
            .as_str()
            .is_some_and(|q| q.contains("t=3") && q.contains("long=XLE")),
        "{after_typing}"
    );

    // A navigation (Replicate) and Back: each view's numbers under its own query.
    b.client
        .find(Locator::Css("[data-testid=replicate]"))
        .await?
        .click()
        .await?;
    b.wait_js("return location.search.includes('article=1')", WAIT)
        .await?;
    b.settled().await?;
    let article = native_study("?long=IWM&short=QQQ&t=4&to=2024-07-10&article=1")?;
    assert_eq!(b.count().await?, article.event_count.to_string());
    b.client.back().await?;
    b.wait_js("return !location.search.includes('article=1')", WAIT)
        .await?;
    b.settled().await?;
    assert_eq!(b.count().await?, typed.event_count.to_string());
    let back = results_state(&b).await?;
    assert_eq!(
        back[1], after_typing[1],
        "Back restores the view and its data-view"
    );
    b.close().await
}
