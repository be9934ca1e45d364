//! Accessibility: axe-core (the engine behind Lighthouse's audit) run in the page on every view
//! a reader meets, with everything rendered; any violation of the WCAG 2.1 A/AA rules fails.

use std::path::PathBuf;

use equalizer_e2e::{Error, WAIT, serve_page};
use serde_json::Value;

/// axe-core's source, installed by `make browser-tools` into `.tools/` (the page's CSP blocks
/// external scripts, so the test injects the source itself).
fn axe_source() -> Result<String, Error> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../.tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `make browser-tools`)", path.display()).into())
}

/// Opens `query` at `width`, waits for every panel, renders what is lazily laid out, runs axe
/// and returns its violations as "rule (impact): target … — help" lines.
async fn violations(width: u32, query: &str, dark: bool) -> Result<Vec<String>, Error> {
    let (server, b) = serve_page(width, 900, 1.0).await?;
    b.open(&format!("{}{query}", server.base)).await?;
    b.show_all().await?;
    b.wait_js(
        "return ['cross-panel', 'follow-panel'].every(t =>
            document.querySelector(`[data-testid=${t}]`)?.dataset.state === 'ready')",
        WAIT,
    )
    .await?;
    if dark {
        b.js(
            "const s = document.querySelector('[data-testid=theme]'); s.value = 'dark';
              s.dispatchEvent(new Event('change', { bubbles: true })); return true",
        )
        .await?;
    }
    // Everything rendered: every toggle opened, lazily laid-out sections laid out.
    b.js(
        "document.querySelectorAll('details').forEach(d => d.open = true);
          document.querySelectorAll('*').forEach(e => e.style.contentVisibility = 'visible');
          return true",
    )
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    b.js(&format!("{}; return true", axe_source()?)).await?;
    let result: Value = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done(r.violations.map(v => v.nodes.map(n =>
                    `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160)}`)).flat()))
                .catch(e => done(['axe failed: ' + e]));",
            Vec::new(),
        )
        .await?;
    b.close().await?;
    drop(server);
    Ok(serde_json::from_value(result)?)
}

async fn assert_clean(width: u32, query: &str, dark: bool) -> Result<(), Error> {
    let found = violations(width, query, dark).await?;
    assert!(
        found.is_empty(),
        "{} axe violation(s) at {width} px{} on ?{query}:\n{}",
        found.len(),
        if dark { ", dark" } else { "" },
        found.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn default_view_light() -> Result<(), Error> {
    assert_clean(1280, "", false).await
}

#[tokio::test]
async fn default_view_dark() -> Result<(), Error> {
    assert_clean(1280, "", true).await
}

#[tokio::test]
async fn default_view_phone() -> Result<(), Error> {
    assert_clean(375, "", false).await
}

#[tokio::test]
async fn z_units_with_details_open() -> Result<(), Error> {
    // z units colour the sweep differently (orange cells): every cell's text must still read.
    assert_clean(1280, "?units=z&t=3", false).await
}

#[tokio::test]
async fn article_view() -> Result<(), Error> {
    assert_clean(
        1280,
        "?long=IWM&short=QQQ&t=4&to=2024-07-10&article=1",
        false,
    )
    .await
}

/// The heatmap is one Tab stop; the arrow keys move inside it and Enter uses the cell's
/// threshold. The skip link leads past the controls; every chart can be focused and has a
/// text alternative drawn from its model.
#[tokio::test]
async fn keyboard_reaches_the_sweep_as_one_grid_and_the_charts_in_words() -> Result<(), Error> {
    use fantoccini::key::Key;
    let (_server, b) = equalizer_e2e::open_page("").await?;
    b.show("sweep").await?;
    let stops = b
        .js("return document.querySelectorAll('[data-testid=sweep] button[tabindex=\"0\"]').length")
        .await?;
    assert_eq!(stops, 1, "the grid is one Tab stop");
    // Focus the grid's stop (the current threshold, 4 %, first row) as Tab would land on it.
    b.js(
        "document.querySelector('[data-testid=sweep] button[tabindex=\"0\"]').focus(); return true",
    )
    .await?;
    b.press(&[Key::Right.into(), Key::Down.into()]).await?;
    let focused = b
        .js("const e = document.activeElement; return [e.dataset.row, e.dataset.col, e.closest('td').dataset.threshold, e.tabIndex]")
        .await?;
    assert_eq!(focused, serde_json::json!(["1", "13", "4.25", 0]));
    b.press(&[Key::End.into()]).await?;
    let end = b.js("return document.activeElement.dataset.col").await?;
    assert_eq!(end, "28", "End: the row's last cell");
    b.press(&[Key::Home.into(), Key::Right.into()]).await?;
    for _ in 0..12 {
        b.press(&[Key::Right.into()]).await?;
    }
    let back = b.js("return document.activeElement.dataset.col").await?;
    assert_eq!(back, "13");
    b.press(&[Key::Enter.into()]).await?;
    b.wait_js(
        "return new URLSearchParams(location.search).get('t') === '4.25'",
        WAIT,
    )
    .await?;
    // On a fresh load, the skip link is the first stop and leads to the charts.
    let (_server2, b) = {
        b.close().await?;
        equalizer_e2e::open_page("").await?
    };
    b.press(&[Key::Tab.into()]).await?;
    assert_eq!(
        b.js("return document.activeElement.dataset.testid").await?,
        "skip"
    );
    b.press(&[Key::Enter.into()]).await?;
    assert_eq!(b.js("return document.activeElement.id").await?, "results");
    // Every chart: focusable, labelled, described in words that follow the model.
    b.show_all().await?;
    b.wait_js(
        "return ['cross-panel', 'follow-panel'].every(t =>
            document.querySelector(`[data-testid=${t}]`)?.dataset.state === 'ready')",
        WAIT,
    )
    .await?;
    let charts = b
        .js(
            "return [...document.querySelectorAll('canvas.chart')].map(c => [c.tabIndex,
                c.getAttribute('aria-label') !== null,
                document.getElementById(c.getAttribute('aria-describedby'))?.textContent ?? ''])",
        )
        .await?;
    let charts: Vec<(i64, bool, String)> = serde_json::from_value(charts)?;
    assert_eq!(charts.len(), 5);
    for (tab, labelled, words) in &charts {
        assert_eq!((*tab, *labelled), (0, true));
        assert!(words.len() > 30, "{words}");
    }
    // The arrow keys step through the spread chart's events, announced in a live region.
    b.js("document.querySelector('[data-testid=spread-chart]').focus(); return true")
        .await?;
    b.press(&[Key::Right.into(), Key::Right.into(), Key::Left.into()])
        .await?;
    let study = equalizer_e2e::native_study("")?;
    let live = b.text("[data-testid=spread-chart-live]").await?;
    let first = study.events[0].date.to_string();
    assert!(
        live.starts_with(&format!("1 of {}: {first}: spread", study.events.len()))
            && live.ends_with("· event"),
        "{live}"
    );
    // Every chart steps with the arrow keys and announces where it is.
    for chart in ["forward-chart", "path-chart", "cross-chart", "equity-chart"] {
        // Each behind its block's toggle, opened as a reader does, and drawn.
        b.plot(chart).await?;
        b.js(&format!(
            "document.querySelector('[data-testid={chart}]').focus(); return true"
        ))
        .await?;
        b.press(&[Key::Right.into()]).await?;
        let live = b.text(&format!("[data-testid={chart}-live]")).await?;
        assert!(live.starts_with("1 of "), "{chart}: {live:?}");
    }
    let spread = &charts[0].2;
    assert!(
        spread.starts_with("Daily IWM − QQQ spread from") && spread.contains("event days"),
        "{spread}"
    );
    b.close().await
}
