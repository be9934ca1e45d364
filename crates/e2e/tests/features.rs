//! Browser tests of what users expect beyond the study: dark mode, hovering and clicking the
//! charts, their own CSV files, and controls that work from the keyboard with labels.

use std::time::Duration;

use equalizer_cli::data::data_dir;
use equalizer_e2e::{Browser, Error, WAIT, data, open_page, serve_page};
use equalizer_engine::yahoo::parse_csv;
use equalizer_engine::{AlignedPair, Direction, EventRule, PreparedPair, Study, StudyOptions};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::key::Key;
use serde_json::Value;

/// Moves the real mouse to CSS pixel (x, y) of a canvas (as `offsetX/Y` count them), and
/// clicks there if asked. Returns the chart's tip text afterwards ("" when hidden).
async fn point_at(b: &Browser, testid: &str, x: f64, y: f64, click: bool) -> Result<String, Error> {
    let at = b
        .js(&format!(
            "const c = document.querySelector('[data-testid={testid}]');
             c.scrollIntoView({{ block: 'center' }});
             const r = c.getBoundingClientRect();
             return [r.left + c.clientLeft, r.top + c.clientTop]"
        ))
        .await?;
    let (left, top): (f64, f64) = serde_json::from_value(at)?;
    let mut mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: (left + x).round(),
        y: (top + y).round(),
    });
    if click {
        mouse = mouse
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
    }
    b.client.perform_actions(mouse).await?;
    // The page renders on its next tick: give the tip a moment to appear.
    let read = format!(
        "const t = document.querySelector('[data-testid={testid}-tip]');
         return getComputedStyle(t).display === 'none' ? '' : t.textContent"
    );
    let mut tip = String::new();
    for _ in 0..20 {
        tip = b.js(&read).await?.as_str().unwrap_or("").to_owned();
        if !tip.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Ok(tip)
}

#[tokio::test]
async fn dark_mode_follows_the_system_and_the_menu() -> Result<(), Error> {
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    b.emulate_media("prefers-color-scheme", "dark").await?;
    b.open(&server.base).await?;
    let theme = "return document.documentElement.dataset.theme";
    assert_eq!(b.js(theme).await?, "dark");
    let bg = "return getComputedStyle(document.documentElement).backgroundColor";
    assert_eq!(b.js(bg).await?, "rgb(23, 24, 28)");
    let drawn = "return !!document.querySelector('[data-testid=spread-chart]').dataset.plot";
    b.wait_js(drawn, WAIT).await?;
    // The canvas background follows: the top-left corner is outside the plot area.
    assert_eq!(b.pixel("spread-chart", 2.0, 2.0).await?, [23, 24, 28]);
    // A screenshot for people to look at (target/screenshots/dark.png).
    b.save_screenshot("dark.png").await?;

    // The menu overrides the system, survives a reload, and "System" gives control back.
    let choose = |v: &str| {
        format!(
            "const s = document.querySelector('[data-testid=theme]'); s.value = '{v}';
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
        )
    };
    b.js(&choose("light")).await?;
    assert_eq!(b.js(theme).await?, "light");
    assert_eq!(b.js(bg).await?, "rgb(255, 255, 255)");
    b.wait_js(
        "const c = document.querySelector('[data-testid=spread-chart]');
         return c.getContext('2d').getImageData(2, 2, 1, 1).data[0] === 255",
        WAIT,
    )
    .await?;
    b.open(&server.base).await?;
    assert_eq!(b.js(theme).await?, "light");
    assert_eq!(
        b.js("return document.querySelector('[data-testid=theme]').value")
            .await?,
        "light"
    );
    b.js(&choose("system")).await?;
    assert_eq!(b.js(theme).await?, "dark");
    // And the system setting is followed live.
    b.emulate_media("prefers-color-scheme", "light").await?;
    b.wait_js(
        "return document.documentElement.dataset.theme === 'light'",
        WAIT,
    )
    .await?;
    b.close().await
}

#[tokio::test]
async fn hover_shows_values_and_clicking_a_marker_highlights_its_row() -> Result<(), Error> {
    let (_server, b) = open_page("").await?;
    b.wait_js(
        "return performance.getEntriesByName('equalizer:load').length > 0",
        WAIT,
    )
    .await?;
    let prepared = PreparedPair::new(data()?.pair("IWM", "QQQ")?);
    let dates = prepared.pair().dates();
    let k = dates
        .iter()
        .position(|d| d.to_string() == "2024-07-11")
        .ok_or("no 2024-07-11")?;
    let p = b.plot("spread-chart").await?;
    let (x, y) = (
        p.px_from_x(f64::from(dates[k].days())),
        p.px_from_y(prepared.spread()[k]),
    );
    let tip = point_at(&b, "spread-chart", x, y, false).await?;
    assert_eq!(
        tip,
        "2024-07-11: spread +5.79 % (IWM +3.59 %, QQQ \u{2212}2.19 %) · event"
    );
    // Hovering elsewhere names that day, with the engine's numbers for it.
    let x2 = p.px_from_x(f64::from(dates[dates.len() / 2].days()));
    let tip = point_at(&b, "spread-chart", x2, p.px[1] + 5.0, false).await?;
    let day = tip.split(':').next().unwrap_or("");
    let i = dates
        .iter()
        .position(|d| d.to_string() == day)
        .ok_or(format!("tip names no trading day: {tip}"))?;
    assert!(
        (f64::from(dates[i].days()) - f64::from(dates[dates.len() / 2].days())).abs() <= 7.0,
        "{tip}"
    );
    let spread = format!("{:+.2}", prepared.spread()[i] * 100.0).replacen('-', "\u{2212}", 1);
    assert!(
        tip.contains(&format!("spread {spread} %")),
        "{tip} vs {spread}"
    );

    // Clicking the marker selects the event's row (and scrolls it into view).
    assert_eq!(
        b.js("return document.querySelectorAll('[data-testid=events] tr.selected').length")
            .await?,
        0
    );
    point_at(&b, "spread-chart", x, y, true).await?;
    b.wait_js(
        "const r = document.querySelector('[data-testid=events] tr.selected');
         if (!r) return false;
         const box = r.getBoundingClientRect();
         return r.dataset.date === '2024-07-11' && r.getAttribute('aria-current') === 'true'
             && box.top >= 0 && box.bottom <= window.innerHeight",
        WAIT,
    )
    .await?;
    // For a look by eye: EQUALIZER_SHOT_DIR=/tmp saves the page with the tip showing.
    if let Ok(dir) = std::env::var("EQUALIZER_SHOT_DIR") {
        point_at(&b, "spread-chart", x, y, false).await?;
        std::fs::write(format!("{dir}/hover.png"), b.client.screenshot().await?)?;
    }
    // A click away from every marker changes nothing.
    point_at(&b, "spread-chart", x2, p.px[3] - 3.0, true).await?;
    assert_eq!(
        b.js("return [...document.querySelectorAll('[data-testid=events] tr.selected')].map(r => r.dataset.date)")
            .await?,
        serde_json::json!(["2024-07-11"])
    );

    // The other charts: the path at day 63 and the forward bars at 1W.
    let study = prepared.study(
        &EventRule::new(4.0, Direction::Up, 0, None, None)?,
        &StudyOptions::default(),
    )?;
    let pp = b.plot("path-chart").await?;
    let tip = point_at(&b, "path-chart", pp.px_from_x(63.0), pp.px[1] + 10.0, false).await?;
    let events: Vec<usize> = study.events.iter().map(|e| e.index).collect();
    let path = equalizer_engine::forward::average_path(prepared.pair(), &events, 252);
    let pct1 = |v: f64| format!("{:+.1} %", v * 100.0).replacen('-', "\u{2212}", 1);
    assert!(
        tip.starts_with(&format!(
            "day +63: IWM {}, QQQ {}, pair {} (95 % band ",
            pct1(path[63].long),
            pct1(path[63].short),
            pct1(path[63].pair)
        )),
        "{tip}"
    );
    let fp = b.plot("forward-chart").await?;
    let tip = point_at(
        &b,
        "forward-chart",
        fp.px_from_x(0.5),
        fp.px[1] + 10.0,
        false,
    )
    .await?;
    let week = &study.summary[0];
    assert!(
        tip.starts_with(&format!(
            "1W: IWM {} (all days {})",
            pct1(week.long.mean.unwrap_or(f64::NAN)),
            pct1(week.long.baseline_mean.unwrap_or(f64::NAN))
        )),
        "{tip}"
    );
    // A tap (a click with no mouse move before it, as on a touch screen) shows the tip too.
    b.js(&format!(
        "const c = document.querySelector('[data-testid=forward-chart]');
         c.dispatchEvent(new MouseEvent('mouseleave'));
         const r = c.getBoundingClientRect();
         c.dispatchEvent(new MouseEvent('click', {{ bubbles: true,
             clientX: r.left + c.clientLeft + {}, clientY: r.top + c.clientTop + {} }}));
         return true",
        fp.px_from_x(1.5),
        fp.px[1] + 10.0
    ))
    .await?;
    b.wait_js(
        "const t = document.querySelector('[data-testid=forward-chart-tip]');
         return getComputedStyle(t).display === 'block' && t.textContent.startsWith('1M: IWM ')",
        WAIT,
    )
    .await?;
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    b.close().await
}

/// The study the page should show for an uploaded file as long leg against QQQ.
fn native_upload_study(file_name: &str, leg: &str, text: &str) -> Result<Study, Error> {
    let long = parse_csv(file_name, leg, text)?.series;
    let short = data()?.load("QQQ")?.series;
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None)?;
    Ok(PreparedPair::new(AlignedPair::new(&long, &short)?)
        .study(&rule, &StudyOptions::default())?)
}

async fn event_dates(b: &Browser) -> Result<Vec<String>, Error> {
    b.show("events").await?;
    let v = b
        .js("return [...document.querySelectorAll('[data-testid=events] tr[data-date]')].map(r => r.dataset.date)")
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test]
async fn a_csv_file_becomes_a_ticker_and_links_say_it_is_needed() -> Result<(), Error> {
    let dir = std::env::temp_dir().join(format!("equalizer-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // IWM's own file, renamed: the page reads it with no corrections.
    let text = std::fs::read_to_string(data_dir(None).join("IWM.csv"))?;
    let good = dir.join("my small caps.csv");
    std::fs::write(&good, &text)?;
    let study = native_upload_study("my small caps.csv", "file:my_small_caps", &text)?;
    assert!(study.event_count >= 20, "{}", study.event_count);

    let (_server, b) = open_page("").await?;
    b.upload(&good).await?;
    b.wait_js(
        "return !!document.querySelector('.upload-status .ok')",
        WAIT,
    )
    .await?;
    let status = b.text(".upload-status .ok").await?;
    assert!(
        status.starts_with("my small caps.csv (yfinance auto-adjusted): ")
            && status.contains(" as file:my_small_caps."),
        "{status}"
    );
    // It is now the long leg (so the short menu leaves it out); the URL names it.
    b.wait_js(
        "return location.search.includes('long=file%3Amy_small_caps')",
        WAIT,
    )
    .await?;
    let menus = b
        .js("return ['long', 'short'].map(k => [...document.querySelector(`[data-testid=${k}] `).options].some(o => o.value === 'file:my_small_caps'))")
        .await?;
    assert_eq!(menus, serde_json::json!([true, false]));
    let want: Vec<String> = study
        .events
        .iter()
        .rev()
        .map(|e| e.date.to_string())
        .collect();
    b.wait_js(
        &format!(
            "return document.querySelector('[data-testid=event-count]').textContent === '{}'",
            study.event_count
        ),
        WAIT,
    )
    .await?;
    assert_eq!(event_dates(&b).await?, want);
    let first = parse_csv("x.csv", "X", &text)?.series.first_date();
    let line = b.text("[data-testid=data-line]").await?;
    assert!(
        line.contains(&format!(
            "file:my_small_caps from your file my small caps.csv {first} \u{2026} "
        )) && line.contains("(no corrections)"),
        "{line}"
    );
    let row = b
        .js("return [...document.querySelectorAll('[data-testid=data-panel] tr[data-ticker=\"file:my_small_caps\"] td')].map(td => td.textContent)")
        .await?;
    assert_eq!(
        row[3], "your file my small caps.csv (yfinance auto-adjusted)",
        "{row}"
    );
    let note = b.text("[data-testid=file-link-note]").await?;
    assert_eq!(
        note,
        "This link refers to your own file (file:my_small_caps): whoever opens it must load the same file."
    );

    // A recipient of the link sees what is missing, then loads the file and sees the study.
    let link = b.js("return location.href").await?;
    let b2 = Browser::start(1280, 1000, 1.0).await?;
    b2.open(link.as_str().unwrap_or("")).await?;
    let banner = b2.text("[data-testid=error]").await?;
    assert!(
        banner.contains(
            "This view uses file:my_small_caps, a CSV file on the computer of whoever made the link"
        ) && banner.contains("Load the same file"),
        "{banner}"
    );
    let line = b2.text("[data-testid=data-line]").await?;
    assert!(line.contains("file:my_small_caps (not loaded)"), "{line}");
    assert_eq!(
        b2.js("return document.querySelector('[data-testid=long]').value")
            .await?,
        "file:my_small_caps"
    );
    b2.upload(&good).await?;
    b2.wait_js(
        "return !!document.querySelector('[data-testid=event-count]') && !document.querySelector('[data-testid=error]')",
        WAIT,
    )
    .await?;
    assert_eq!(event_dates(&b2).await?, want);
    b2.close().await?;

    // A broken file: the message names the file, the line and the problem; nothing changes.
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "2000-05-31,1,1,1,oops,1";
    let bad = dir.join("broken.csv");
    std::fs::write(&bad, lines.join("\n"))?;
    b.upload(&bad).await?;
    b.wait_js(
        "return !!document.querySelector('.upload-status .problem')",
        WAIT,
    )
    .await?;
    let problem = b.text(".upload-status .problem").await?;
    assert!(
        problem.starts_with("broken.csv, line 4: close 'oops' is not a number"),
        "{problem}"
    );
    assert!(problem.contains("oops"), "{problem}");
    assert!(
        b.js("return location.search.includes('long=file%3Amy_small_caps')")
            .await?
            == true
    );
    // Dropping a file on the box works like picking it (a classic Yahoo layout this time).
    let classic: String = std::iter::once("Date,Open,High,Low,Close,Adj Close,Volume".to_owned())
        .chain(text.lines().skip(1).take(300).map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!(
                "{},{},{},{},{},{},{}",
                f[0], f[1], f[2], f[3], f[4], f[4], f[5]
            )
        }))
        .collect::<Vec<_>>()
        .join("\n");
    b.client
        .execute(
            "const dt = new DataTransfer();
             dt.items.add(new File([arguments[0]], 'dropped.csv', { type: 'text/csv' }));
             const zone = document.querySelector('[data-testid=upload]');
             zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
             return true",
            vec![Value::String(classic)],
        )
        .await?;
    b.wait_js(
        "return [...document.querySelectorAll('.upload-status .ok')].some(l => l.textContent.startsWith('dropped.csv (classic Yahoo (Adj Close)): 300 days'))",
        WAIT,
    )
    .await?;
    // Both files are choices in both menus, except the long leg's own in the short menu.
    let menus = b
        .js("return ['long', 'short'].map(k => [...document.querySelector(`[data-testid=${k}]`).options].map(o => o.value).filter(v => v.startsWith('file:')))")
        .await?;
    assert_eq!(
        menus,
        serde_json::json!([
            ["file:my_small_caps", "file:dropped"],
            ["file:my_small_caps"]
        ])
    );
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    std::fs::remove_dir_all(&dir)?;
    b.close().await
}

#[tokio::test]
async fn every_control_has_a_label_and_works_from_the_keyboard() -> Result<(), Error> {
    let (_server, b) = open_page("").await?;
    // Accessible names: a <label>, aria-label or visible text for every control.
    let unnamed = b
        .js("return [...document.querySelectorAll('input, select, button, a[href], textarea')]
                .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.textContent.trim()))
                .map(e => e.outerHTML.slice(0, 80))")
        .await?;
    assert_eq!(unnamed, serde_json::json!([]));
    // Tab reaches the skip link first, then the controls in reading order, starting with the
    // theme menu (the button that swaps the legs may sit anywhere between the long menu and the
    // threshold).
    let mut order = Vec::new();
    for _ in 0..10 {
        b.client
            .find(Locator::Css("body"))
            .await?
            .send_keys(&Key::Tab.to_string())
            .await
            .ok();
        let id = b
            .js("const e = document.activeElement; return e.dataset.testid || e.tagName")
            .await?;
        order.push(id.as_str().unwrap_or("").to_owned());
    }
    let without_swap: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|id| *id != "swap")
        .collect();
    assert_eq!(
        &without_swap[..7],
        [
            "skip",
            "theme",
            "long",
            "short",
            "threshold",
            "threshold-slider",
            "direction"
        ],
        "{order:?}"
    );
    let at = |id: &str| order.iter().position(|o| o == id);
    assert!(
        at("swap").is_some_and(|s| at("long") < Some(s) && Some(s) < at("threshold")),
        "the swap button is reached between the long menu and the threshold: {order:?}"
    );
    // Keys drive the study: arrow keys on the slider move the threshold.
    let slider = b
        .client
        .find(Locator::Css("[data-testid=threshold-slider]"))
        .await?;
    slider.send_keys(&Key::Right.to_string()).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=threshold]').value !== '4'",
        WAIT,
    )
    .await?;
    let t: f64 = b
        .js("return document.querySelector('[data-testid=threshold]').value")
        .await?
        .as_str()
        .unwrap_or("")
        .parse()?;
    assert!(t > 4.0 && t <= 4.5, "{t}");
    b.wait_js(&format!("return location.search.includes('t={t}')"), WAIT)
        .await?;
    // A sort header answers Enter.
    b.show("events").await?;
    let header = b
        .client
        .find(Locator::Css("[data-testid=events] thead button.sort"))
        .await?;
    header.send_keys(&Key::Enter.to_string()).await?;
    b.wait_js(
        "return document.querySelector('[data-testid=events] thead th[aria-sort]').getAttribute('aria-sort') === 'ascending'",
        WAIT,
    )
    .await?;
    let v: Value = b.js("return document.activeElement.className").await?;
    assert_eq!(v, "sort");
    b.close().await
}
