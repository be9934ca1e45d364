//! Browser test of issue #23: typing fifty changes, then scrolling to the cross-section and
//! waiting for it, gives the main thread no task over 50 ms. It is a test binary of its own, so
//! no other browser test shares the machine's two cores while it measures.
//!
//! It is a timing measurement, so it runs in `make bench` (`--ignored`), not in `make test`:
//! on this 2-core machine about one run in four still sees one task of 51–63 ms after the
//! scroll (issue 23's note), and a red CI run for that would land nothing.

use equalizer_e2e::{Browser, Error, StaticServer, WAIT, dist_dir, native_study};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

/// Installed before the page's scripts, from outside: every main-thread task over 50 ms.
const LONG_TASKS: &str = "window.equalizerLongTasks = [];
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) window.equalizerLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });";

#[tokio::test]
#[ignore = "a timing measurement: run by make bench"]
async fn fifty_typed_changes_and_the_cross_section_give_no_long_task() -> Result<(), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": LONG_TASKS }),
    )
    .await?;
    b.open(&server.base).await?;
    // The load itself (compiling the module, the first render) is not what this measures; its
    // entries may still be on their way to the observer, so they are told apart by their start.
    b.js("window.equalizerFrom = performance.now(); return true")
        .await?;
    let threshold = b
        .client
        .find(Locator::Css("[data-testid=threshold]"))
        .await?;
    threshold.click().await?;
    let values = ["3.5", "4.5", "5", "3", "6"];
    for k in 0..50 {
        b.chord(Key::Control, 'a').await?;
        b.press(&values[k % values.len()].chars().collect::<Vec<_>>())
            .await?;
    }
    b.press(&[Key::Tab.into()]).await?;
    b.settled().await?;
    // The reader scrolls down to the cross-section, which catches up as it comes near.
    b.show("cross-panel").await?;
    b.wait_js(
        "return document.querySelector('[data-testid=cross-panel]').dataset.state === 'ready'",
        WAIT,
    )
    .await?;
    let long = b
        .js("return window.equalizerLongTasks.filter(([start]) => start >= window.equalizerFrom)")
        .await?;
    assert_eq!(long, json!([]), "main-thread tasks over 50 ms (start, ms)");
    // It did the work: the last value's events are on screen.
    let last = native_study(&format!("?t={}", values[49 % values.len()]))?;
    assert_eq!(b.count().await?, last.event_count.to_string());
    b.close().await
}
