//! Browser tests of the article's advice: the cross-section of every ETF after the events and
//! the "follow the article" simulation show the native engine's numbers for the view, and
//! their settings (`basket`, `bench`, `hold`, `cost`, `xh`, `lag`) typed or picked as a reader
//! does reach the URL and change what they name.

use equalizer_e2e::{
    Browser, Error, Native, WAIT, assert_summary_matches, open_page, universe, view,
};
use equalizer_engine::Series;
use equalizer_engine::study::cross::CrossSection;
use equalizer_engine::study::follow::Follow;
use equalizer_engine::study::significance::{Calibration, Figure};
use equalizer_web::advice::{follow_sentence, picks_sentence};
use equalizer_web::charts::models::cross_model;
use equalizer_web::settings::ViewState;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

/// The cross-section and the simulation the page should show for `v`, run natively from the
/// page's own settings definition.
fn native(v: &ViewState) -> Result<(CrossSection, Follow), Error> {
    let pair = v.pair()?;
    let inputs = v.inputs_on(&pair)?;
    let all = universe()?;
    let cross = pair.cross_section(&all, &inputs.rule, &inputs.options)?;
    let find = |t: &str| -> Result<Series, Error> {
        all.iter()
            .find(|s| s.ticker() == t)
            .cloned()
            .ok_or_else(|| format!("{t} is not in the data").into())
    };
    let basket: Vec<Series> = inputs
        .follow
        .basket
        .iter()
        .map(|t| find(t))
        .collect::<Result<_, _>>()?;
    let follow = pair.follow(
        &inputs.rule,
        &basket,
        &find(&inputs.follow.bench)?,
        &inputs.follow.options,
    )?;
    Ok((cross, follow))
}

/// JSON values equal as numbers (the page's `1` is the engine's `1.0`), element by element.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// Scrolls to a panel, as a reader does to see it, and waits until it shows results for the
/// current settings.
async fn wait_ready(b: &Browser, panel: &str) -> Result<(), Error> {
    b.show(panel).await?;
    let script = format!(
        "return document.querySelector('[data-testid={panel}]')?.dataset.state === 'ready'"
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let said = b
            .js(&format!(
                "const p = document.querySelector('[data-testid={panel}]');
                 return p ? p.dataset.state + ': ' + p.innerText.slice(0, 400) : 'no panel'"
            ))
            .await?;
        return Err(format!("{panel} is not ready ({said}): {e}").into());
    }
    Ok(())
}

/// The cross-section table's rows as the JSON's: ticker, horizon and each `data-field`'s
/// `data-value` (opening the table as a reader does, with a click on its summary).
async fn cross_rows(b: &Browser) -> Result<Vec<Value>, Error> {
    let open = b
        .js("return document.querySelector('[data-testid=cross-details]').open")
        .await?;
    if open != Value::Bool(true) {
        // Opens the block's toggle and then the table's own.
        b.unfold("[data-testid=cross-details]").await?;
    }
    b.wait_js(
        "return document.querySelectorAll('[data-testid=cross-section] tr[data-ticker]').length > 0",
        WAIT,
    )
    .await?;
    let rows = b
        .js(
            "return [...document.querySelectorAll('[data-testid=cross-section] tr[data-ticker]')].map(tr =>
                Object.assign({ ticker: tr.dataset.ticker, horizon: +tr.dataset.horizon },
                    Object.fromEntries([...tr.querySelectorAll('td[data-field]')]
                        .map(td => [td.dataset.field, JSON.parse(td.dataset.value)]))))",
        )
        .await?;
    Ok(serde_json::from_value(rows)?)
}

/// The follow table's figures as `{block: {field: value}}`, and the top-level figures.
async fn follow_figures(b: &Browser) -> Result<Value, Error> {
    b.js(
        "const out = {};
         for (const td of document.querySelectorAll('[data-testid=follow] td[data-block][data-value]')) {
             (out[td.dataset.block] ??= {})[td.dataset.field] = JSON.parse(td.dataset.value);
         }
         for (const s of document.querySelectorAll('[data-testid=follow-panel] .figures:not([data-testid=follow-placebo]) [data-field]')) {
             out[s.dataset.field] = JSON.parse(s.dataset.value);
         }
         return out",
    )
    .await
}

/// Every cross-section cell and every follow figure on the page equal the native engine's
/// (as JSON, so bit for bit), and so do both sentences and the chart's ranking.
async fn assert_panels_match(b: &Browser, v: &ViewState) -> Result<(), Error> {
    let (cross, follow) = native(v)?;
    wait_ready(b, "cross-panel").await?;
    wait_ready(b, "follow-panel").await?;
    let want = serde_json::to_value(&cross)?["rows"].clone();
    let rows = cross_rows(b).await?;
    let want_rows = want.as_array().ok_or("rows")?;
    assert_eq!(rows.len(), want_rows.len());
    for (got, want) in rows.iter().zip(want_rows) {
        // Every field the engine's JSON has (ticker and horizon are the row's own keys).
        let want_fields = want.as_object().ok_or("row")?;
        assert_eq!(
            got.as_object().ok_or("row")?.len(),
            want_fields.len(),
            "{got} vs {want}"
        );
        for f in want_fields.keys().map(String::as_str) {
            assert!(
                same(&got[f], &want[f]),
                "{} {} {f}: page {} engine {}",
                want["ticker"],
                want["horizon"],
                got[f],
                want[f]
            );
        }
    }
    let h = v.cross_horizon();
    assert_eq!(
        b.text("[data-testid=picks-sentence]").await?,
        picks_sentence(&cross, h, v.horizon_unit)
    );
    let ranked: Vec<String> = cross_model(&cross, h, v.horizon_unit)
        .bars
        .into_iter()
        .map(|bar| bar.ticker)
        .collect();
    let chart = b
        .js("return document.querySelector('[data-testid=cross-chart]').dataset.ranked")
        .await?;
    assert_eq!(chart.as_str(), Some(ranked.join(",").as_str()));
    // Issue 25, contradiction 2: the chart shows no claim its sentence denies. Each bar is
    // labelled with its ETF's events (the engine's count at the horizon); intervals are drawn
    // only when the calibration lets them speak, and then none clear of zero is unstarred.
    let model = cross_model(&cross, h, v.horizon_unit);
    for bar in &model.bars {
        let row = cross
            .rows
            .iter()
            .find(|r| r.ticker == bar.ticker && r.horizon == h)
            .ok_or("no row")?;
        assert_eq!(bar.events, row.count, "{}", bar.ticker);
    }
    let events: Vec<String> = model.bars.iter().map(|b| b.events.to_string()).collect();
    let drawn = b
        .js("const c = document.querySelector('[data-testid=cross-chart]'); return [c.dataset.events, c.dataset.intervals]")
        .await?;
    let speaks = equalizer_web::calibration::speaks(Figure::BootstrapInterval);
    assert_eq!(
        drawn,
        serde_json::json!([events.join(","), if speaks { "drawn" } else { "withheld" }])
    );
    let words = b.text("[data-testid=cross-chart-desc]").await?;
    assert_eq!(words.contains("No intervals are drawn"), !speaks, "{words}");
    if speaks {
        for bar in &model.bars {
            if let Some((lo, hi)) = bar.interval
                && (lo > 0.0 || hi < 0.0)
            {
                assert!(
                    equalizer_web::advice::beyond_chance(bar.adjusted_p, Figure::CrossAdjusted),
                    "{}: an interval clear of zero without a star",
                    bar.ticker
                );
            }
        }
    }

    let got = follow_figures(b).await?;
    let json = serde_json::to_value(&follow)?;
    for block in ["strategy", "benchmark", "long_short"] {
        for (field, value) in json[block].as_object().ok_or("block")? {
            assert!(
                same(&got[block][field], value),
                "{block}.{field}: page {} engine {value}",
                got[block][field]
            );
        }
    }
    for field in ["excess_total_return", "break_even_cost_bps"] {
        assert!(
            same(&got[field], &json[field]),
            "{field}: page {} engine {}",
            got[field],
            json[field]
        );
    }
    assert_eq!(got["windows"], follow.windows.len());
    assert_eq!(
        b.text("[data-testid=follow-sentence]").await?,
        follow_sentence(&follow, &v.basket, &v.bench, v.hold, v.lag, v.cost_bps)
    );
    Ok(())
}

#[tokio::test]
async fn the_default_view_shows_the_native_cross_section_and_simulation() -> Result<(), Error> {
    let (_server, b) = open_page("").await?;
    assert_panels_match(&b, &view("")?).await?;
    // The article's picks are flagged; the missing one is named.
    let picks = b
        .js("return [...document.querySelectorAll('[data-testid=cross-section] tr.pick')].map(tr => tr.dataset.ticker)")
        .await?;
    let mut picks: Vec<String> = serde_json::from_value(picks)?;
    picks.dedup();
    assert_eq!(picks, ["IWM", "XLF", "XLRE", "XLY"]);
    assert!(
        b.text("[data-testid=cross-panel]")
            .await?
            .contains("homebuilders: not in the data")
    );
    // Under the table, one line per column whose figure may not speak, with its measured rate
    // from the report (docs/calibration.json, read here on its own).
    let report: Calibration = serde_json::from_str(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/calibration.json"
    ))?)?;
    let lines: Vec<String> = serde_json::from_value(
        b.js("return [...document.querySelectorAll('[data-testid=cross-caveats] li')].map(l => l.textContent)")
            .await?,
    )?;
    let columns = [
        ("Edge 95 %", Figure::BootstrapInterval),
        ("p", Figure::ShiftPlacebo),
        ("Adjusted p", Figure::CrossAdjusted),
        ("BH q", Figure::CrossBhQ),
    ];
    let silent: Vec<(&str, Figure)> = columns
        .into_iter()
        .filter(|(_, f)| !report.speaks(*f))
        .collect();
    assert_eq!(lines.len(), silent.len(), "{lines:?}");
    for (line, (heading, f)) in lines.iter().zip(&silent) {
        let rate = report.of(*f).ok_or("not measured")?.worst_at_5.rate;
        assert!(
            line.starts_with(&format!("\u{2020} {heading}: {}", f.name()))
                && line.contains(&format!("{:.0} % at 5 %", rate * 100.0)),
            "{line}"
        );
    }
    assert!(
        silent.iter().any(|(_, f)| *f == Figure::CrossBhQ),
        "the cross-section's BH q passed?"
    );
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    b.close().await
}

/// Waits until the URL's query is exactly `want` (the page writes it a moment after a change).
async fn wait_query(b: &Browser, want: &str) -> Result<(), Error> {
    let script = format!(
        "return location.search === {}",
        Value::String(want.to_owned())
    );
    if let Err(e) = b.wait_js(&script, WAIT).await {
        let now = b.js("return location.search").await?;
        return Err(format!("the URL should read {want}, it reads {now}: {e}").into());
    }
    Ok(())
}

/// The value a box or menu shows.
async fn shown(b: &Browser, testid: &str) -> Result<String, Error> {
    let v = b
        .js(&format!(
            "return document.querySelector('[data-testid={testid}]').value"
        ))
        .await?;
    Ok(v.as_str().ok_or("no value")?.to_owned())
}

#[tokio::test]
async fn advice_settings_typed_and_picked_reach_the_url_and_change_what_they_name()
-> Result<(), Error> {
    let (server, b) = open_page("").await?;
    wait_ready(&b, "follow-panel").await?;
    let base = "?long=IWM&short=QQQ&t=4";
    // Each step: the control, what the reader does, the URL after it, and the view it names.
    b.type_into("hold", "21").await?;
    wait_query(&b, &format!("{base}&hold=21")).await?;
    assert_panels_match(&b, &view("hold=21")?).await?;

    // A refused text names itself and what is wrong; the simulation keeps 21.
    let el = b.client.find(Locator::Css("[data-testid=hold]")).await?;
    el.click().await?;
    b.chord(Key::Control, 'a').await?;
    b.press(&['0']).await?;
    assert_eq!(
        b.text("[data-testid=problem-hold]").await?,
        "'0': the hold must be a whole number of trading days from 1 to 1260, not '0'; the study uses 21."
    );
    b.press(&[Key::Tab.into()]).await?;
    assert_eq!(
        shown(&b, "hold").await?,
        "21",
        "on leaving the box, the value in use"
    );
    wait_query(&b, &format!("{base}&hold=21")).await?;

    b.type_into("cost", "2.5").await?;
    wait_query(&b, &format!("{base}&hold=21&cost=2.5")).await?;
    b.type_into("basket", "xle, xlu").await?;
    wait_query(&b, &format!("{base}&basket=XLE%2CXLU&hold=21&cost=2.5")).await?;
    assert_eq!(shown(&b, "basket").await?, "XLE,XLU");
    b.pick("bench", "QQQ").await?;
    wait_query(
        &b,
        &format!("{base}&basket=XLE%2CXLU&bench=QQQ&hold=21&cost=2.5"),
    )
    .await?;
    b.pick("cross-horizon", "252").await?;
    wait_query(
        &b,
        &format!("{base}&xh=252&basket=XLE%2CXLU&bench=QQQ&hold=21&cost=2.5"),
    )
    .await?;
    // The chart draws the new horizon in the next frame it gets.
    b.wait_js(
        "return document.querySelector('[data-testid=cross-chart]').dataset.horizon === '12M'",
        WAIT,
    )
    .await
    .map_err(|e| format!("the cross chart does not show 12M: {e}"))?;
    assert_panels_match(
        &b,
        &view("xh=252&basket=XLE,XLU&bench=QQQ&hold=21&cost=2.5")?,
    )
    .await?;

    // The lag lives with the study's settings: it moves the study, the decay table's marked
    // row, the cross-section and the simulation.
    b.client
        .find(Locator::Css("[data-testid=more-settings] > summary"))
        .await?
        .click()
        .await?;
    b.type_into("lag", "2").await?;
    let query = "lag=2&xh=252&basket=XLE,XLU&bench=QQQ&hold=21&cost=2.5";
    wait_query(
        &b,
        &format!("{base}&lag=2&xh=252&basket=XLE%2CXLU&bench=QQQ&hold=21&cost=2.5"),
    )
    .await?;
    let v = view(query)?;
    assert_panels_match(&b, &v).await?;
    assert_summary_matches(&b.summary_cells().await?, &v.study()?)?;
    let marked = b
        .js("return document.querySelector('[data-testid=lag-decay] tr.current').dataset.lag")
        .await?;
    assert_eq!(marked, "2");

    // The link reproduces the view: opened afresh, every control shows its value and the
    // panels the same numbers.
    let link = b.js("return location.href").await?;
    b.close().await?;
    let b = Browser::start(1280, 1000, 1.0).await?;
    b.open(link.as_str().ok_or("href")?).await?;
    for (testid, want) in [
        ("lag", "2"),
        ("basket", "XLE,XLU"),
        ("bench", "QQQ"),
        ("hold", "21"),
        ("cost", "2.5"),
        ("cross-horizon", "252"),
    ] {
        assert_eq!(shown(&b, testid).await?, want, "{testid}");
    }
    assert_panels_match(&b, &v).await?;
    drop(server);
    b.close().await
}

/// Issue 25, contradiction 5 (in part): the follow figures say what their units are, a
/// setting that never gets ahead says so instead of a negative break-even cost, and the lag the
/// sentence asks for is set in the panel itself.
#[tokio::test]
async fn follow_figures_say_their_units_and_the_lag_is_in_the_panel() -> Result<(), Error> {
    // A losing setting: the first basket whose simulation is behind its benchmark even before costs.
    let (query, follow) = [
        "basket=XLU",
        "basket=XLP",
        "basket=TLT",
        "basket=XLE",
        "basket=XLV",
    ]
    .into_iter()
    .map(|q| native(&view(q)?).map(|(_, f)| (q, f)))
    .collect::<Result<Vec<_>, Error>>()?
    .into_iter()
    .find(|(_, f)| f.break_even_cost_bps.is_some_and(|b| b <= 0.0))
    .ok_or("no losing basket among the candidates")?;
    let (_server, b) = open_page(&format!("?{query}")).await?;
    wait_ready(&b, "follow-panel").await?;
    let figures = b.text("[data-testid=follow-panel] .figures").await?;
    let excess = format!("{:+.1}", follow.excess_total_return * 100.0).replacen('-', "\u{2212}", 1);
    assert!(
        figures.contains(&format!(
            "Total return minus the benchmark's: {excess} percentage points"
        )),
        "{figures}"
    );
    assert!(
        figures.contains("break-even cost: none: never ahead of the benchmark at any cost"),
        "{figures}"
    );
    assert!(!figures.contains(" bp ·"), "{figures}");
    // The default lag is 0: the sentence asks for 1, and the box is right there.
    let sentence = b.text("[data-testid=follow-sentence]").await?;
    assert!(
        sentence.contains("set the entry lag below to 1"),
        "{sentence}"
    );
    assert!(
        sentence.contains("It was never ahead of SPY, at any cost."),
        "{sentence}"
    );
    b.type_into("follow-lag", "1").await?;
    b.wait_js(
        "return new URLSearchParams(location.search).get('lag') === '1'",
        WAIT,
    )
    .await?;
    b.show("follow-panel").await?;
    wait_ready(&b, "follow-panel").await?;
    let sentence = b.text("[data-testid=follow-sentence]").await?;
    assert!(!sentence.contains("Lag 0"), "{sentence}");
    assert!(sentence.contains("(at the next day's close)"), "{sentence}");
    // It is the same setting as the one under "More settings".
    assert_eq!(
        b.js("return document.querySelector('[data-testid=lag]').value")
            .await?,
        serde_json::json!("1")
    );
    b.close().await
}

/// Issue 25, contradiction 5: "9.68 vs 8.83" gets a yardstick. The sentence's placebo figures
/// (its own windows at every circular shift) equal the figures under the chart, and both
/// equal the engine's.
#[tokio::test]
async fn the_follow_sentence_and_figures_give_the_same_placebo_as_the_engine() -> Result<(), Error>
{
    let (_, follow) = native(&view("")?)?;
    let p = follow.placebo.ok_or("the default view has a placebo")?;
    let (_server, b) = open_page("").await?;
    wait_ready(&b, "follow-panel").await?;
    let sentence = b.text("[data-testid=follow-sentence]").await?;
    let fields: Vec<(String, String, String)> =
        {
            b.unfold("[data-testid=follow-placebo]").await?;
            serde_json::from_value(
            b.js("return [...document.querySelectorAll('[data-testid=follow-placebo] [data-field]')]
                    .map(e => [e.dataset.field, e.dataset.value, e.textContent])")
                .await?,
        )?
        };
    let shown = |field: &str| {
        fields
            .iter()
            .find(|f| f.0 == field)
            .map(|f| (f.1.clone(), f.2.clone()))
            .ok_or(format!("no {field} in the figures"))
    };
    let beat = p.beat();
    for (field, value, text) in [
        ("median", p.median.to_string(), format!("{:.2}", p.median)),
        ("low", p.low.to_string(), format!("{:.2}", p.low)),
        ("high", p.high.to_string(), format!("{:.2}", p.high)),
        ("p", p.p.to_string(), format!("p = {:.3}", p.p)),
    ] {
        assert_eq!(shown(field)?, (value, text.clone()), "{field}");
        assert!(
            sentence.contains(&text),
            "{field} {text} not in: {sentence}"
        );
    }
    assert_eq!(shown("beat")?.0, beat.to_string());
    let words = format!(
        "turned 1 into {:.2} on the median (5–95 %: {:.2}–{:.2}); the call beat {} of them (p = {:.3})",
        p.median,
        p.low,
        p.high,
        shown("beat")?.1,
        p.p
    );
    assert!(sentence.contains(&words), "{words:?} not in: {sentence}");
    assert!(p.median > 1.0 && p.low < p.median && p.median < p.high);
    b.close().await
}
