//! `make bench`, browser part: loads the release page 20 times and drives 200 threshold
//! changes in headless Chromium, reading the page's User Timing entries; measures the wasm and
//! the default view's data, raw and gzip -9; collects the criterion medians and the pandas
//! peer timings; prints everything and writes docs/benchmarks.md.
//!
//! Arguments: the pandas results JSON (from bench/pandas_study.py) and the output markdown path.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use equalizer_e2e::{Browser, Error, StaticServer, dist_dir, dist_wasm, gzip_len};
use serde_json::{Value, json};

const LOADS: usize = 20;
const CHANGES: usize = 200;

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
    let server = StaticServer::start(&dist)?;
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
    let lines = [
        "| figure | measured | budget | |".to_owned(),
        "|---|---|---|---|".to_owned(),
        format!(
            "| wasm after wasm-opt, gzip -9 | {:.1} KB ({:.1} KB raw) | ≤ 200 KB | {} |",
            kb(wasm_gz),
            kb(wasm_raw),
            ok(kb(wasm_gz), 200.0)
        ),
        format!(
            "| data for the default view (manifest + IWM + QQQ), gzip -9 | {:.1} KB ({:.1} KB raw) | ≤ 120 KB | {} |",
            kb(data_gz),
            kb(data_raw),
            ok(kb(data_gz), 120.0)
        ),
        format!(
            "| navigation start → all three charts drawn, median of {LOADS} loads | {load_med:.0} ms | ≤ 250 ms | {} |",
            ok(load_med, 250.0)
        ),
        format!(
            "| one threshold change → numbers and charts updated, p95 of {CHANGES} | {upd_p95:.1} ms (median {:.1}) | ≤ 8 ms | {} |",
            quantile(&mut total, 0.5),
            ok(upd_p95, 8.0)
        ),
        format!(
            "| … of which the engine (study, average path and band), p95 | {:.1} ms (median {:.1}) | | |",
            quantile(&mut compute, 0.95),
            quantile(&mut compute, 0.5)
        ),
        format!(
            "| … of which the three chart draws, p95 | {:.1} ms (median {:.1}) | | |",
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
        "{} cores, {}, {}, {}",
        cmd("nproc", &[]),
        cmd(
            "sh",
            &["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]
        ),
        cmd("chromium", &["--version"]),
        cmd("rustc", &["--version"])
    );
    let md = format!(
        "# Benchmarks\n\nWritten by `make bench` on {} ({machine}). Release build, headless Chromium, page served from 127.0.0.1.\n\n{}\n\nPandas peer (`bench/pandas_study.py`, same CSVs and corrections): {}.\n",
        cmd("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        lines.join("\n"),
        pandas["note"].as_str().unwrap_or("")
    );
    println!("{}", lines.join("\n"));
    std::fs::write(&out_path, md)?;
    println!("wrote {out_path}");
    Ok(())
}
