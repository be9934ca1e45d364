//! `make bench`, browser part. The release page is served with gzip, as a static host serves
//! it, and measured two ways in headless Chromium:
//!
//! - from outside the page, through the DevTools protocol: 5 loads under Lighthouse's slow-4G
//!   profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower, empty cache),
//!   navigation → first meaningful paint and → spread chart drawn, and the bytes over the wire
//!   by type; then 200 threshold changes typed into the threshold box, each the main thread's
//!   busy time (`Performance.getMetrics` TaskDuration from the input to the second animation
//!   frame after it) minus the same loop without a change;
//! - from inside, by the page's User Timing entries: 20 loads on localhost (`equalizer:load`)
//!   and 200 slider changes (`equalizer:compute`, `equalizer:draw`).
//!
//! It also measures the wasm and the default view's data, raw and gzip -9, collects the
//! criterion medians and the pandas peer timings, prints everything and writes
//! docs/benchmarks.md.
//!
//! To try a lever, `EQUALIZER_BENCH_PART=slow` runs only the slow-4G loads and
//! `EQUALIZER_BENCH_PART=changes` only the threshold changes from outside; they print, nothing
//! is written.
//!
//! Arguments: the pandas results JSON (from bench/pandas_study.py) and the output markdown path.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use equalizer_e2e::{Browser, Error, StaticServer, WASM_GZIP_MAX, dist_dir, dist_wasm, gzip_len};
use serde_json::{Value, json};

const LOADS: usize = 20;
const CHANGES: usize = 200;
/// Loads under the slow-4G profile.
const SLOW_LOADS: usize = 5;
/// Lighthouse's slow 4G: round trip (ms), down and up (bytes/s), CPU slowdown.
const SLOW_RTT_MS: f64 = 150.0;
const SLOW_DOWN: f64 = 1.6e6 / 8.0;
const SLOW_UP: f64 = 750e3 / 8.0;
const SLOW_CPU: f64 = 4.0;
/// Iterations of the loop without a change (its median is subtracted from each change).
const IDLE_LOOPS: usize = 50;
/// Pause after each change, outside its window, so work deferred until the settings go still
/// (the cross-section, 250 ms after the last change) runs between changes and is measured on
/// its own, as when a reader pauses.
const SETTLE: Duration = Duration::from_millis(450);
/// Thresholds typed in turn (percent): 1.5 … 6.0 by 0.1.
fn thresholds() -> Vec<String> {
    (15..=60)
        .map(|t| format!("{:.1}", t as f64 / 10.0))
        .collect()
}

/// Installed before any page script: records, on `performance.now()`'s clock (navigation
/// start = 0), when the spread chart first has a plot map (the page sets `data-plot` after the
/// chart's first draw), when the DOM first shows the title, the question and a loading line
/// that names what loads (and the frame after), and the first contentful paint.
const PROBE: &str = r#"(() => {
  const t = { chart: null, meaningful: null, frame: null, fcp: null, shown: null };
  Object.defineProperty(window, '__equalizerBench', { value: t });
  const text = s => { const e = document.querySelector(s); return e ? e.textContent.trim() : ''; };
  const check = () => {
    const now = performance.now();
    if (t.chart === null) {
      const c = document.querySelector('[data-testid=spread-chart]');
      if (c && c.hasAttribute('data-plot')) t.chart = now;
    }
    const loading = text('[data-testid=loading]');
    if (t.meaningful === null && text('h1').includes('Equalizer') && text('.tagline').includes('?')
        && (/^Loading \S+/.test(loading) || t.chart !== null)) {
      t.meaningful = now;
      t.shown = [text('h1'), text('.tagline'), t.chart !== null ? 'spread chart' : loading];
      requestAnimationFrame(() => { t.frame = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ['data-plot'] });
  new PerformanceObserver(l => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') t.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
})()"#;

/// What one slow-4G load measured.
#[derive(Debug)]
struct SlowLoad {
    /// Navigation → spread chart drawn (ms).
    chart: f64,
    /// Navigation → first meaningful paint (ms).
    fmp: f64,
    /// Navigation → first contentful paint (ms).
    fcp: f64,
    /// What the first meaningful paint showed.
    shown: Vec<String>,
    /// Bytes over the wire until the chart, by type: html, css, script, wasm, data, other.
    bytes: std::collections::BTreeMap<String, f64>,
}

impl SlowLoad {
    fn from_json(v: &Value) -> Result<SlowLoad, Error> {
        let num = |k: &str| v[k].as_f64().ok_or(format!("slow load: no {k} in {v}"));
        Ok(SlowLoad {
            chart: num("chart")?,
            fmp: num("fmp")?,
            fcp: num("fcp")?,
            shown: serde_json::from_value(v["shown"].clone())?,
            bytes: serde_json::from_value(v["bytes"].clone())?,
        })
    }
}

/// Main-thread time (ms) since the renderer started, from `Performance.getMetrics`:
/// TaskDuration (all of it), then ScriptDuration, RecalcStyleDuration and LayoutDuration.
async fn task_ms(b: &Browser) -> Result<[f64; 4], Error> {
    let v = b.cdp("Performance.getMetrics", json!({})).await?;
    let metric = |name: &str| {
        v["metrics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["name"] == name)
            .and_then(|m| m["value"].as_f64())
            .map(|s| s * 1000.0)
            .ok_or_else(|| format!("no {name} in Performance.getMetrics"))
    };
    Ok([
        metric("TaskDuration")?,
        metric("ScriptDuration")?,
        metric("RecalcStyleDuration")?,
        metric("LayoutDuration")?,
    ])
}

/// Evaluates `expr` in the page through the DevTools protocol, awaiting a promise.
async fn eval(b: &Browser, expr: &str) -> Result<Value, Error> {
    let v = b
        .cdp(
            "Runtime.evaluate",
            json!({ "expression": expr, "awaitPromise": true, "returnByValue": true }),
        )
        .await?;
    if let Some(e) = v.get("exceptionDetails") {
        return Err(format!("{expr}: {e}").into());
    }
    Ok(v["result"]["value"].clone())
}

/// Sets or lifts the slow-4G profile (network and CPU).
async fn throttle(b: &Browser, on: bool) -> Result<(), Error> {
    let net = if on {
        json!({ "offline": false, "latency": SLOW_RTT_MS, "downloadThroughput": SLOW_DOWN, "uploadThroughput": SLOW_UP })
    } else {
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    b.cdp("Network.emulateNetworkConditions", net).await?;
    b.cdp(
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": if on { SLOW_CPU } else { 1.0 } }),
    )
    .await?;
    Ok(())
}

/// 5 loads with an empty cache under slow 4G.
async fn slow_loads(b: &Browser, base: &str) -> Result<Vec<SlowLoad>, Error> {
    b.cdp("Network.enable", json!({})).await?;
    b.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await?;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .await?;
    let mut out = Vec::with_capacity(SLOW_LOADS);
    for _ in 0..SLOW_LOADS {
        b.client.goto("about:blank").await?;
        b.cdp("Network.clearBrowserCache", json!({})).await?;
        throttle(b, true).await?;
        b.client.goto(base).await?;
        b.wait_js(
            "return !!window.__equalizerBench && window.__equalizerBench.chart !== null",
            Duration::from_secs(60),
        )
        .await?;
        let load = SlowLoad::from_json(&b.js(READ_LOAD).await?)?;
        throttle(b, false).await?;
        println!(
            "slow 4G: first meaningful paint {:.0} ms (FCP {:.0} ms, showing {:?}), spread chart {:.0} ms, bytes {:?}",
            load.fmp, load.fcp, load.shown, load.chart, load.bytes
        );
        out.push(load);
    }
    Ok(out)
}

/// What the per-change loop measured (ms): each change's busy time (minus the idle loop's
/// median), the idle loop's median, the busy time while the settings stood still after each
/// change, and the distinct event counts shown.
struct Changes {
    busy: Vec<f64>,
    /// Each change's threshold, event count shown after it and busy time (ms).
    each: Vec<(String, String, f64)>,
    /// Mean per change of script, style and layout (within the window, idle loop's subtracted).
    parts: [f64; 3],
    idle: f64,
    settle: Vec<f64>,
    counts: usize,
}

/// 200 threshold changes typed into the threshold box, measured from outside.
async fn changes_from_outside(b: &Browser) -> Result<Changes, Error> {
    const SELECT: &str = "(() => { const e = document.querySelector('[data-testid=threshold]'); e.focus(); e.select(); return 0; })()";
    const FRAMES: &str =
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))";
    const COUNT: &str = "document.querySelector('[data-testid=event-count]').textContent";
    b.cdp("Performance.enable", json!({})).await?;
    // The same loop without a change.
    let mut idle = Vec::with_capacity(IDLE_LOOPS);
    let mut idle_parts = [0.0; 3];
    for _ in 0..IDLE_LOOPS {
        eval(b, SELECT).await?;
        let t0 = task_ms(b).await?;
        eval(b, FRAMES).await?;
        let t1 = task_ms(b).await?;
        idle.push(t1[0] - t0[0]);
        for i in 0..3 {
            idle_parts[i] += (t1[i + 1] - t0[i + 1]) / IDLE_LOOPS as f64;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let idle = quantile(&mut idle, 0.5);
    let values = thresholds();
    // EQUALIZER_BENCH_SETTLE_MS overrides the pause (0: changes back to back, as a fast typist).
    let settle_for = std::env::var("EQUALIZER_BENCH_SETTLE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(SETTLE, Duration::from_millis);
    let (mut busy, mut settle) = (Vec::new(), Vec::new());
    let mut parts = [0.0; 3];
    let mut each = Vec::with_capacity(CHANGES);
    let mut counts = std::collections::BTreeSet::new();
    for k in 0..CHANGES {
        eval(b, SELECT).await?;
        let t0 = task_ms(b).await?;
        b.cdp(
            "Input.insertText",
            json!({ "text": values[k % values.len()] }),
        )
        .await?;
        eval(b, FRAMES).await?;
        let t1 = task_ms(b).await?;
        busy.push(t1[0] - t0[0] - idle);
        for i in 0..3 {
            parts[i] += (t1[i + 1] - t0[i + 1] - idle_parts[i]) / CHANGES as f64;
        }
        tokio::time::sleep(settle_for).await;
        eval(b, FRAMES).await?;
        settle.push(task_ms(b).await?[0] - t1[0] - idle);
        let count = eval(b, COUNT).await?.as_str().unwrap_or("").to_owned();
        each.push((
            values[k % values.len()].clone(),
            count.clone(),
            busy[busy.len() - 1],
        ));
        counts.insert(count);
        if (k + 1) % 50 == 0 {
            println!("threshold changes from outside: {} done", k + 1);
        }
    }
    Ok(Changes {
        busy,
        each,
        parts,
        idle,
        settle,
        counts: counts.len(),
    })
}

/// Reads the probe after a load: times, what was shown, and bytes over the wire by type.
const READ_LOAD: &str = r#"const t = window.__equalizerBench;
  const kind = n => /\.wasm$/.test(n) ? 'wasm' : /\.js$/.test(n) ? 'script' : /\.json$/.test(n) ? 'data'
    : /\.css$/.test(n) ? 'css' : 'other';
  const bytes = { html: performance.getEntriesByType('navigation')[0].transferSize };
  for (const e of performance.getEntriesByType('resource')) {
    const k = kind(new URL(e.name).pathname);
    if (e.responseEnd <= t.chart) bytes[k] = (bytes[k] || 0) + e.transferSize;
  }
  const fmp = t.fcp !== null && t.fcp >= t.meaningful ? t.fcp : t.frame;
  return { chart: t.chart, fmp, fcp: t.fcp, shown: t.shown, bytes };"#;

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len().saturating_sub(1)) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

fn criterion_median_ms(name: &str) -> Option<f64> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/criterion")
        .join(name)
        .join("new/estimates.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(dir).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64().map(|ns| ns / 1e6)
}

fn cmd(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let pandas_path = args.next().ok_or("usage: bench_page PANDAS_JSON OUT_MD")?;
    let out_path = args.next().ok_or("usage: bench_page PANDAS_JSON OUT_MD")?;
    let dist = dist_dir();
    let server = StaticServer::start_gzip(&dist)?;
    // The machine is shared: its load average before and after says how much to trust a run.
    let load_before = cmd("cut", &["-d", " ", "-f", "1-3", "/proc/loadavg"]);

    // 0. From outside: slow 4G loads, then threshold changes (unthrottled) on a loaded page
    // whose advice panels are ready.
    let b = Browser::start(1280, 900, 1.0).await?;
    let part = std::env::var("EQUALIZER_BENCH_PART").unwrap_or_default();
    if part == "changes" {
        b.client.goto(&server.base).await?;
        b.wait_js(
            "const p = document.querySelector('[data-testid=cross-panel]'); return !!p && p.dataset.state === 'ready'",
            Duration::from_secs(60),
        )
        .await?;
        let mut c = changes_from_outside(&b).await?;
        println!(
            "per change: median {:.1} ms, p95 {:.1} ms (script / style / layout mean {:.1?}, idle loop {:.1} ms, {} event counts); still settings: median {:.1}, p95 {:.1} ms",
            quantile(&mut c.busy, 0.5),
            quantile(&mut c.busy, 0.95),
            c.parts,
            c.idle,
            c.counts,
            quantile(&mut c.settle, 0.5),
            quantile(&mut c.settle, 0.95)
        );
        for (t, n, ms) in &c.each {
            println!("threshold {t} %: {n} events, {ms:.1} ms");
        }
        return b.close().await;
    }
    let mut slow = slow_loads(&b, &server.base).await?;
    // To try a lever quickly: only the slow-4G loads, printed, nothing written.
    if part == "slow" {
        let mut chart: Vec<f64> = slow.iter().map(|l| l.chart).collect();
        let mut fmp: Vec<f64> = slow.iter().map(|l| l.fmp).collect();
        println!(
            "median: spread chart {:.0} ms, first meaningful paint {:.0} ms",
            quantile(&mut chart, 0.5),
            quantile(&mut fmp, 0.5)
        );
        return b.close().await;
    }
    b.client.goto(&server.base).await?;
    b.wait_js(
        "const p = document.querySelector('[data-testid=cross-panel]'); return !!p && p.dataset.state === 'ready'",
        Duration::from_secs(60),
    )
    .await?;
    let mut outside = changes_from_outside(&b).await?;
    b.close().await?;

    let b = Browser::start(1280, 900, 1.0).await?;

    // 1. Load: navigation start → all three charts drawn.
    let mut loads = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        b.client.goto(&server.base).await?;
        b.wait_js(
            "return performance.getEntriesByName('equalizer:load').length > 0",
            Duration::from_secs(30),
        )
        .await?;
        let d = b
            .js("return performance.getEntriesByName('equalizer:load')[0].duration")
            .await?;
        loads.push(d.as_f64().ok_or("load duration")?);
    }

    // 2. Threshold changes: synchronous work (compute + DOM) plus the chart draws of the next frame.
    b.wait_js(
        "return !!document.querySelector('[data-testid=sweep] td')",
        Duration::from_secs(30),
    )
    .await?;
    let script = format!(
        "return (async () => {{
            const s = document.querySelector('[data-testid=threshold-slider]');
            const out = [];
            for (let k = 0; k < {CHANGES}; k++) {{
                performance.clearMeasures('equalizer:draw');
                performance.clearMeasures('equalizer:compute');
                s.value = (3 + (k % 21) * 0.1).toFixed(1);
                const t0 = performance.now();
                s.dispatchEvent(new Event('input', {{ bubbles: true }}));
                await new Promise(r => setTimeout(r, 0));
                const sync = performance.now() - t0;
                await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                const draw = performance.getEntriesByName('equalizer:draw').reduce((a, e) => a + e.duration, 0);
                const compute = performance.getEntriesByName('equalizer:compute').reduce((a, e) => a + e.duration, 0);
                out.push([sync + draw, compute, draw]);
            }}
            return out; }})()"
    );
    // Chromium's own accounting of the same changes (DevTools' Performance domain): script,
    // style and layout time per change.
    b.cdp("Performance.enable", json!({})).await?;
    let before = b.cdp("Performance.getMetrics", json!({})).await?;
    let rows: Vec<(f64, f64, f64)> = serde_json::from_value(b.js(&script).await?)?;
    let after = b.cdp("Performance.getMetrics", json!({})).await?;
    let per_change_ms = |name: &str| {
        let metric = |v: &Value| {
            v["metrics"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|m| m["name"] == name)
                .and_then(|m| m["value"].as_f64())
        };
        Some((metric(&after)? - metric(&before)?) * 1000.0 / CHANGES as f64)
    };
    let (script_ms, style_ms, layout_ms) = (
        per_change_ms("ScriptDuration"),
        per_change_ms("RecalcStyleDuration"),
        per_change_ms("LayoutDuration"),
    );
    b.close().await?;
    let mut total: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let mut compute: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let mut draw: Vec<f64> = rows.iter().map(|r| r.2).collect();

    // 3. Sizes.
    let wasm = dist_wasm()?;
    let wasm_raw = std::fs::metadata(&wasm)?.len();
    let wasm_gz = gzip_len(&wasm)?;
    let (mut data_raw, mut data_gz) = (0, 0);
    for f in ["manifest.json", "IWM.json", "QQQ.json"] {
        let p = dist.join("data").join(f);
        data_raw += std::fs::metadata(&p)?.len();
        data_gz += gzip_len(&p)?;
    }

    // 4. Native engine (criterion) and the pandas peer.
    let study_ms = criterion_median_ms("study + placebo 10k");
    let full_ms = criterion_median_ms("study + placebo 10k + bootstrap 2k (page default)");
    let warm_ms = criterion_median_ms("page default, placebo cached (slider)");
    let sweep_ms = criterion_median_ms("sweep 29 thresholds x 5 horizons");
    let path_ms = criterion_median_ms("average path and band (252 days, 500 samples)");
    let pandas: Value = serde_json::from_str(&std::fs::read_to_string(&pandas_path)?)?;
    let p_study = pandas["study_ms"].as_f64();
    let p_sweep = pandas["sweep_ms"].as_f64();

    let kb = |b: u64| b as f64 / 1024.0;
    let ok = |v: f64, budget: f64| if v <= budget { "within" } else { "**over**" };
    let opt = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2} ms"));
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if a > 0.0 => format!("{:.0}× faster", b / a),
        _ => "n/a".to_owned(),
    };
    let (load_med, upd_p95) = (quantile(&mut loads, 0.5), quantile(&mut total, 0.95));
    let mut chart: Vec<f64> = slow.iter().map(|l| l.chart).collect();
    let mut fmp: Vec<f64> = slow.iter().map(|l| l.fmp).collect();
    let mut fcp: Vec<f64> = slow.iter().map(|l| l.fcp).collect();
    let (chart_med, fmp_med) = (quantile(&mut chart, 0.5), quantile(&mut fmp, 0.5));
    // Bytes over the wire until the chart, by type, from the median load by chart time.
    slow.sort_by(|a, b| a.chart.total_cmp(&b.chart));
    let mid = &slow[slow.len() / 2];
    let wire = |k: &str| mid.bytes.get(k).copied().unwrap_or(0.0) / 1024.0;
    let wire_total: f64 = mid.bytes.values().sum::<f64>() / 1024.0;
    let shown = mid.shown.join(" / ");
    let (busy_p95, busy_med) = (
        quantile(&mut outside.busy, 0.95),
        quantile(&mut outside.busy, 0.5),
    );
    let lines = [
        "| figure | measured | budget | |".to_owned(),
        "|---|---|---|---|".to_owned(),
        format!(
            "| slow 4G + 4× CPU, gzip, empty cache: navigation → spread chart drawn, median of {SLOW_LOADS} | {chart_med:.0} ms ({:.0}–{:.0}) | ≤ 2500 ms | {} |",
            chart[0],
            chart[chart.len() - 1],
            ok(chart_med, 2500.0)
        ),
        format!(
            "| same profile: navigation → first meaningful paint (showing: {shown}), median of {SLOW_LOADS} | {fmp_med:.0} ms (first contentful paint {:.0}) | ≤ 1000 ms | {} |",
            quantile(&mut fcp, 0.5),
            ok(fmp_med, 1000.0)
        ),
        format!(
            "| same profile: bytes over the wire until the chart, wasm / data / script / css / html (median load) | {wire_total:.1} KB: {:.1} / {:.1} / {:.1} / {:.1} / {:.1} KB | | |",
            wire("wasm"),
            wire("data"),
            wire("script"),
            wire("css"),
            wire("html"),
        ),
        format!(
            "| main-thread busy per threshold change, from outside (TaskDuration, input → 2nd frame after it, minus {:.1} ms for the same loop without a change), {CHANGES} changes over {} event counts (thresholds {} … {} % in turn): p95 | {busy_p95:.1} ms | ≤ 16 ms | {} |",
            outside.idle,
            outside.counts,
            thresholds()[0],
            thresholds()[thresholds().len() - 1],
            ok(busy_p95, 16.0)
        ),
        format!(
            "| … median | {busy_med:.1} ms | ≤ 8 ms | {} |",
            ok(busy_med, 8.0)
        ),
        format!(
            "| … of which script (wasm, Leptos, the page's handlers) / style / layout, mean per change; the rest is rendering (canvas, paint, commit) and collection | {:.1} / {:.1} / {:.1} ms | | |",
            outside.parts[0], outside.parts[1], outside.parts[2]
        ),
        format!(
            "| … after each change, while the settings stand still for {} ms (the cross-section, 250 ms after the last change), outside the window: median / p95 | {:.1} / {:.1} ms | | |",
            SETTLE.as_millis(),
            quantile(&mut outside.settle, 0.5),
            quantile(&mut outside.settle, 0.95)
        ),
        format!(
            "| localhost, gzip: navigation start → all three charts drawn (`equalizer:load`), median of {LOADS} | {load_med:.0} ms | ≤ 250 ms | {} |",
            ok(load_med, 250.0)
        ),
        format!(
            "| wasm after wasm-opt: gzip -9 / raw | {:.1} KB / {:.1} KB | ratchet {:.1} KB (`make test`) | {} |",
            kb(wasm_gz),
            kb(wasm_raw),
            kb(WASM_GZIP_MAX),
            ok(kb(wasm_gz), kb(WASM_GZIP_MAX))
        ),
        format!(
            "| data for the default view (manifest + IWM + QQQ), gzip -9 / raw | {:.1} KB / {:.1} KB | | |",
            kb(data_gz),
            kb(data_raw),
        ),
        format!(
            "| page's own marks, {CHANGES} slider changes: sync work + chart draws, p95 | {upd_p95:.1} ms (median {:.1}) | | |",
            quantile(&mut total, 0.5),
        ),
        format!(
            "| … of which the engine (`equalizer:compute`: study, average path and band), p95 | {:.1} ms (median {:.1}) | | |",
            quantile(&mut compute, 0.95),
            quantile(&mut compute, 0.5)
        ),
        format!(
            "| … of which the chart draws (`equalizer:draw`), p95 | {:.1} ms (median {:.1}) | | |",
            quantile(&mut draw, 0.95),
            quantile(&mut draw, 0.5)
        ),
        format!(
            "| … Chromium's accounting per change (mean): script (wasm, Leptos, the benchmark's loop) / style / layout | {} / {} / {} | | |",
            opt(script_ms),
            opt(style_ms),
            opt(layout_ms)
        ),
        format!(
            "| full study incl. 10,000-draw placebo, native | {} | ≤ 2 ms | {} |",
            opt(study_ms),
            study_ms.map_or("n/a", |v| ok(v, 2.0))
        ),
        format!(
            "| page default (placebo + 2,000-sample bootstrap), native: cold / placebo cached | {} / {} | | |",
            opt(full_ms),
            opt(warm_ms)
        ),
        format!(
            "| average path and its band (252 days, 500 samples), native | {} | | |",
            opt(path_ms)
        ),
        format!(
            "| threshold sweep 29 × 5, native | {} | ≤ 5 ms | {} |",
            opt(sweep_ms),
            sweep_ms.map_or("n/a", |v| ok(v, 5.0))
        ),
        format!(
            "| pandas peer: study incl. placebo / sweep | {} / {} | | engine {} / {} |",
            opt(p_study),
            opt(p_sweep),
            ratio(study_ms, p_study),
            ratio(sweep_ms, p_sweep)
        ),
    ];
    let machine = format!(
        "{} cores (load average {load_before} before the browser runs, {} after), {}, {}, {}",
        cmd("nproc", &[]),
        cmd("cut", &["-d", " ", "-f", "1-3", "/proc/loadavg"]),
        cmd(
            "sh",
            &["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]
        ),
        cmd("chromium", &["--version"]),
        cmd("rustc", &["--version"])
    );
    let md = format!(
        "# Benchmarks\n\nWritten by `make bench` on {} ({machine}). Release build, headless Chromium, page served with gzip -9 from 127.0.0.1. Slow 4G is Lighthouse's profile set through the DevTools protocol (Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; Emulation.setCPUThrottlingRate 4; cache disabled). Threshold changes from outside are typed into the threshold box (Input.insertText), without throttling; after each one the benchmark pauses so the work that waits for still settings runs outside the next change's window, and measures that pause on its own.\n\nSpeed is half of it; whether the significance figures can be trusted is measured by `make calibrate`: every figure's false-positive rate and power on synthetic pairs, in [calibration.md](calibration.md).\n\n{}\n\nPandas peer (`bench/pandas_study.py`, same CSVs and corrections): {}.\n",
        cmd("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        lines.join("\n"),
        pandas["note"].as_str().unwrap_or("")
    );
    println!("{}", lines.join("\n"));
    std::fs::write(&out_path, md)?;
    println!("wrote {out_path}");
    Ok(())
}
