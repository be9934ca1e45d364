//! Browser tests of issue #14, "The answer in plain words": the verdict comes first (on a
//! desktop's first screen and above the controls on a phone) and says what the native engine
//! computes; what happened after the article and after an `oos` date equals the engine's
//! forward returns to the bit; the headline ranks its day among the pair's history; thin
//! horizons show "n/a" instead of intervals and p-values; the less used settings sit in a
//! "More settings" fold; and a Yahoo CSV with `null` rows loads with those rows counted.
//!
//! Expected views come from the page's own URL reader (`equalizer_web::settings`), expected
//! numbers from the engine run natively on the same CSVs through the CLI's loader, and the
//! evidence word from the page's rule (`equalizer_web::verdict::evidence_of`) and, for the
//! default view, from the README's rule worked by hand.

use equalizer_cli::data::data_dir;
use equalizer_e2e::{
    Browser, Error, Native, WAIT, assert_summary_matches, data, evidence_by_the_rules,
    native_study, open_page, serve_page, view,
};
use equalizer_engine::article::CLAIM;
use equalizer_engine::study::significance::Figure;
use equalizer_engine::study::{Event, HorizonSummary};
use equalizer_engine::yahoo::parse_csv;
use equalizer_engine::{
    AlignedPair, Date, Direction, EventRule, PreparedPair, Study, StudyOptions,
};
use equalizer_web::verdict::evidence_of;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

/// The article view's link, as "Replicate the article" writes it.
const ARTICLE: &str = "to=2024-07-10&article=1";

/// The verdict's horizons as the page shows them: (horizon, count, distinct count, pair mean,
/// baseline pair mean, evidence), the means as their `data-*` text (absent: None).
type VerdictRow = (u64, String, String, Option<String>, Option<String>, String);

async fn verdict_rows(b: &Browser) -> Result<Vec<VerdictRow>, Error> {
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-testid=verdict] li[data-horizon]')]
                .map(li => [Number(li.dataset.horizon), li.dataset.count, li.dataset.distinctCount,
                            li.dataset.pairMean ?? null, li.dataset.baselinePairMean ?? null,
                            li.dataset.evidence])",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// The study's summary row at horizon `h`.
fn row(study: &Study, h: usize) -> Result<&HorizonSummary, Error> {
    study
        .summary
        .iter()
        .find(|r| r.horizon == h)
        .ok_or_else(|| format!("no horizon {h} in the study").into())
}

/// Asserts the verdict shows `horizons` of `study`, each number equal to the engine's bit for
/// bit and each evidence word the page's rule applied to the engine's row.
async fn assert_verdict(b: &Browser, study: &Study, horizons: [usize; 2]) -> Result<(), Error> {
    assert_eq!(b.count().await?, study.event_count.to_string());
    let rows = verdict_rows(b).await?;
    let want: Vec<VerdictRow> = horizons
        .iter()
        .map(|&h| {
            let r = row(study, h)?;
            Ok((
                h as u64,
                r.count.to_string(),
                r.distinct_count.to_string(),
                r.pair.mean.map(|x| x.to_string()),
                r.pair.baseline_mean.map(|x| x.to_string()),
                evidence_of(r).words().to_owned(),
            ))
        })
        .collect::<Result<_, Error>>()?;
    assert_eq!(rows, want, "the verdict's horizons");
    // Full precision: each mean reads back as the engine's f64.
    for (got, &h) in rows.iter().zip(&horizons) {
        let r = row(study, h)?;
        let parsed = |s: &Option<String>| s.as_deref().map(str::parse::<f64>).transpose();
        assert_eq!(parsed(&got.3)?, r.pair.mean, "pair mean at {h}");
        assert_eq!(parsed(&got.4)?, r.pair.baseline_mean, "baseline at {h}");
    }
    Ok(())
}

/// Separate episodes among the complete events at `h` trading days, counted by hand: an event
/// starts a new episode unless it falls inside an earlier event's window (index + h).
fn episodes_by_hand(events: &[Event], h: usize) -> usize {
    let mut reach = None::<usize>;
    let mut episodes = 0;
    for e in events.iter().filter(|e| e.forward.get(h).is_some()) {
        if reach.is_none_or(|r| e.index >= r) {
            episodes += 1;
        }
        reach = Some(reach.map_or(e.index + h, |r| r.max(e.index + h)));
    }
    episodes
}

#[tokio::test]
async fn the_verdict_is_on_the_first_desktop_screen_and_says_what_the_engine_says()
-> Result<(), Error> {
    let (server, b) = serve_page(1280, 800, 1.0).await?;
    // A 1280 × 800 viewport exactly (a headless window of that size has a smaller one).
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await?;
    b.open(&server.base).await?;
    let study = view("")?.study()?;
    assert_eq!(study.event_count, 25);
    b.wait_js(
        "return document.querySelectorAll('[data-testid=verdict] li[data-horizon]').length === 2",
        WAIT,
    )
    .await?;
    // First in the page's study view, before the controls, and wholly within the first 800 px.
    let at = b
        .js(
            "const v = document.querySelector('[data-testid=verdict]').getBoundingClientRect();
             const c = document.querySelector('form.controls').getBoundingClientRect();
             const n = document.querySelector('[data-testid=verdict]')
                 .compareDocumentPosition(document.querySelector('form.controls'));
             return [v.top + scrollY, v.bottom + scrollY, c.top + scrollY, innerHeight,
                     (n & Node.DOCUMENT_POSITION_FOLLOWING) !== 0]",
        )
        .await?;
    let (top, bottom, controls, inner, before): (f64, f64, f64, f64, bool) =
        serde_json::from_value(at)?;
    assert_eq!(inner, 800.0, "the window's viewport");
    assert!(
        top >= 0.0 && bottom <= 800.0,
        "the verdict spans {top} … {bottom} px"
    );
    assert!(
        before && bottom <= controls,
        "the verdict ends at {bottom} px, the controls start at {controls} px"
    );
    assert_verdict(&b, &study, [63, 252]).await?;
    // The evidence by the README's rule, worked by hand from the rule's inputs: the episode
    // count (recounted from the events), the shifted-pattern placebo p and the one-value-per-
    // episode t's p of the pair.
    for h in [63, 252] {
        let r = row(&study, h)?;
        let episodes = episodes_by_hand(&study.events, h);
        assert_eq!(episodes, r.distinct_count, "episodes at {h}");
        let shift = r.pair.placebo_shift_p.ok_or(format!("no shift p at {h}"))?;
        let per_episode = r.distinct_p_pair.ok_or(format!("no episode p at {h}"))?;
        assert!((0.0..=1.0).contains(&shift) && (0.0..=1.0).contains(&per_episode));
        // The README's rule on the engine's row, as the shared oracle writes it out.
        let by_hand = evidence_by_the_rules(&serde_json::to_value(r)?);
        let shown = b
            .js(&format!(
                "return document.querySelector('[data-testid=verdict] li[data-horizon=\"{h}\"]').dataset.evidence"
            ))
            .await?;
        assert_eq!(
            shown, by_hand,
            "evidence at {h}: {episodes} episodes, shift p {shift}, episode p {per_episode}"
        );
    }
    // The verdict's sentence carries the same count and episodes.
    let text = b.text("[data-testid=verdict] .verdict-headline").await?;
    // Episodes of all the events, as the events table numbers them.
    let episodes = study
        .events
        .iter()
        .filter_map(|e| e.episode)
        .max()
        .unwrap_or(0);
    assert!(
        text.starts_with(&format!(
            "{} days ({episodes} separate episodes, counting days whose next 12 months overlap as one) from ",
            study.event_count
        )),
        "{text}"
    );
    assert!(text.contains("when IWM beat QQQ by 4 % or more"), "{text}");
    // It changes with the settings: months give the 3- and 12-month horizons.
    let months = view("hz=months")?.study()?;
    b.open(&format!("{}?hz=months", server.base)).await?;
    b.wait_js(
        "return !!document.querySelector('[data-testid=verdict] li[data-horizon=\"12\"]')",
        WAIT,
    )
    .await?;
    assert_verdict(&b, &months, [3, 12]).await?;
    b.save_screenshot("desktop-first-screen.png").await?;
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    b.close().await
}

#[tokio::test]
async fn the_verdict_comes_before_the_controls_on_a_phone() -> Result<(), Error> {
    let (server, b) = serve_page(375, 812, 1.0).await?;
    b.open(&server.base).await?;
    let study = view("")?.study()?;
    b.wait_js(
        "return document.querySelectorAll('[data-testid=verdict] li[data-horizon]').length === 2",
        WAIT,
    )
    .await?;
    let at = b
        .js(
            "const v = document.querySelector('[data-testid=verdict]').getBoundingClientRect();
             const c = document.querySelector('form.controls').getBoundingClientRect();
             return [innerWidth, v.top + scrollY, v.bottom + scrollY, v.right, c.top + scrollY]",
        )
        .await?;
    let (width, top, bottom, right, controls): (f64, f64, f64, f64, f64) =
        serde_json::from_value(at)?;
    assert_eq!(width, 375.0, "a 375 px phone");
    assert!(
        bottom <= controls,
        "the verdict ends at {bottom} px, the controls start at {controls} px"
    );
    assert!(
        top < 812.0 && right <= width,
        "the verdict starts on the first screen ({top} px) and fits its width ({right} px)"
    );
    assert_verdict(&b, &study, [63, 252]).await?;
    b.close().await
}

#[tokio::test]
async fn the_headline_ranks_the_latest_event_among_the_pairs_history() -> Result<(), Error> {
    let (_server, b) = open_page("").await?;
    let v = view("")?;
    let pair = v.pair()?;
    let study = v.study_on(&pair)?;
    let latest = study.events.last().ok_or("no event")?;
    assert_eq!(latest.date.to_string(), "2024-07-11");
    let rank = pair
        .rank(&v.inputs_on(&pair)?.rule, latest.index)
        .ok_or("no rank")?;
    let larger: Vec<String> = rank.larger.iter().map(ToString::to_string).collect();
    // The figures, and the engine's.
    assert_eq!(rank.rank, 3);
    assert_eq!(larger.join(","), "2000-11-08,2000-12-19");
    b.wait_js(
        "return !!document.querySelector('[data-testid=event-rank]')",
        WAIT,
    )
    .await?;
    let shown = b
        .js("const e = document.querySelector('[data-testid=event-rank]');
             return [e.dataset.rank, e.dataset.larger, e.dataset.percentile, !!e.closest('section.headline')]")
        .await?;
    assert_eq!(
        shown,
        serde_json::json!([
            "3",
            "2000-11-08,2000-12-19",
            rank.percentile.to_string(),
            true
        ])
    );
    let text = b.text("section.headline").await?;
    assert!(
        text.starts_with("The latest event: on 2024-07-11 IWM returned +3.59 % and QQQ \u{2212}2.19 %, a spread of 5.79 %."),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "It ranks 3rd of {} days in the pair's history: only 2000-11-08 and 2000-12-19 were larger.",
            // Thousands grouped as a person writes them: 6597 → 6,597.
            rank.of
                .to_string()
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|g| String::from_utf8_lossy(g).into_owned())
                .collect::<Vec<_>>()
                .join(",")
        )),
        "{text}"
    );
    b.close().await
}

/// Every held-out cell of a panel: (date, horizon, field, value) in page order.
async fn held_out_cells(
    b: &Browser,
    testid: &str,
) -> Result<Vec<(String, u64, String, Option<String>)>, Error> {
    let v = b
        .js(&format!(
            "return [...document.querySelectorAll('[data-testid={testid}] td[data-horizon][data-field]')]
                .map(td => [td.closest('tr').dataset.date || '', Number(td.dataset.horizon), td.dataset.field,
                            td.hasAttribute('data-value') ? td.dataset.value : null])"
        ))
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// The cells a held-out panel must show: the earlier events' means, the article's figures
/// (article view), and each held-out event's long, short and pair at every horizon.
fn held_out_want(
    study: &Study,
    held: &[Event],
    article: bool,
) -> Vec<(String, u64, String, Option<String>)> {
    let s = |x: Option<f64>| x.map(|x| x.to_string());
    let mut want = Vec::new();
    for r in &study.summary {
        let h = r.horizon as u64;
        want.push((String::new(), h, "promised_long".into(), s(r.long.mean)));
        want.push((String::new(), h, "promised_short".into(), s(r.short.mean)));
        want.push((String::new(), h, "promised_pair".into(), s(r.pair.mean)));
    }
    if article {
        for r in &study.summary {
            let claim = match r.horizon {
                63 => Some((CLAIM.long_3m, CLAIM.short_3m)),
                252 => Some((CLAIM.long_12m, CLAIM.short_12m)),
                _ => None,
            };
            let h = r.horizon as u64;
            want.push((
                String::new(),
                h,
                "article_long".into(),
                s(claim.map(|c| c.0)),
            ));
            want.push((
                String::new(),
                h,
                "article_short".into(),
                s(claim.map(|c| c.1)),
            ));
            want.push((
                String::new(),
                h,
                "article_pair".into(),
                s(claim.map(|c| c.0 - c.1)),
            ));
        }
    }
    for r in &study.summary {
        let seen: Vec<_> = held
            .iter()
            .filter_map(|e| e.forward.get(r.horizon))
            .collect();
        let n = seen.len() as f64;
        let mean = |f: fn(&equalizer_engine::study::Forward) -> f64| {
            (!seen.is_empty()).then(|| seen.iter().map(f).sum::<f64>() / n)
        };
        let h = r.horizon as u64;
        want.push((String::new(), h, "held_long".into(), s(mean(|f| f.long))));
        want.push((String::new(), h, "held_short".into(), s(mean(|f| f.short))));
        want.push((String::new(), h, "held_pair".into(), s(mean(|f| f.pair))));
    }
    for e in held {
        for r in &study.summary {
            let f = e.forward.get(r.horizon);
            let h = r.horizon as u64;
            let d = e.date.to_string();
            want.push((d.clone(), h, "long".into(), s(f.map(|f| f.long))));
            want.push((d.clone(), h, "short".into(), s(f.map(|f| f.short))));
            want.push((d, h, "pair".into(), s(f.map(|f| f.pair))));
        }
    }
    want
}

/// Checks every clause of the held-out sentence, "{horizon} ({after} after, {then} {source})",
/// against the table beside it: `after` is the held-out mean row's pair cell, `then` the
/// article's row ("the article said") or the earlier events' mean row, at that horizon. Every
/// horizon with a held-out mean is spoken of against the earlier events. Returns the sentence.
async fn held_out_sentence_matches_table(
    b: &Browser,
    testid: &str,
    study: &Study,
) -> Result<String, Error> {
    let sentence = b.text("[data-testid=held-out-sentence]").await?;
    let text_of = |field: &str, h: usize| {
        format!(
            "return document.querySelector('[data-testid={testid}] td[data-horizon=\"{h}\"][data-field={field}]')?.textContent.trim() ?? null"
        )
    };
    for r in &study.summary {
        let label = study.horizon_unit.label(r.horizon);
        let after = b.js(&text_of("held_pair", r.horizon)).await?;
        let after = after.as_str().unwrap_or("\u{2014}").to_owned();
        for (field, source) in [
            ("article_pair", "the article said"),
            ("promised_pair", "the earlier events' mean"),
        ] {
            let then = b.js(&text_of(field, r.horizon)).await?;
            let then = then.as_str().unwrap_or("\u{2014}");
            let clause = format!("{label} ({after} after, {then} {source})");
            let spoken = sentence.contains(&format!("{label} (")) && sentence.contains(&clause);
            let has_numbers = after != "\u{2014}" && then != "\u{2014}";
            assert_eq!(
                spoken,
                has_numbers,
                "{testid}: at {label}, '{clause}' is {} the sentence: {sentence}",
                if spoken { "in" } else { "not in" }
            );
        }
    }
    Ok(sentence)
}

/// The view's held-out events, by the engine: the page's definition of the cut (its held-out
/// rule and first held-out day) on the pair, with the study's options.
fn held_out_events(query: &str, pair: &PreparedPair) -> Result<Vec<Event>, Error> {
    let inputs = view(query)?.inputs_on(pair)?;
    let held = inputs
        .held_out
        .ok_or(format!("?{query} holds nothing out"))?;
    Ok(pair.held_out(&held.rule, held.from, &inputs.options))
}

#[tokio::test]
async fn after_the_article_shows_the_engines_forward_returns_for_2024_07_11() -> Result<(), Error> {
    let v = view(ARTICLE)?;
    let pair = v.pair()?;
    let study = v.study_on(&pair)?;
    let held = held_out_events(ARTICLE, &pair)?;
    let e = held
        .iter()
        .find(|e| e.date.to_string() == "2024-07-11")
        .ok_or("2024-07-11 is not held out")?;
    assert_eq!(held.first().map(|e| e.date), Some(e.date), "the first one");
    // The reading: 12 months later IWM +5.1 %, QQQ +13.8 %.
    let year = e.forward.get(252).ok_or("no 12-month window")?;
    assert_eq!(
        ((year.long * 1000.0).round(), (year.short * 1000.0).round()),
        (51.0, 138.0)
    );
    let (_server, b) = open_page(&format!("?{ARTICLE}")).await?;
    b.wait_count(study.event_count).await?;
    b.wait_js(
        "return !!document.querySelector('[data-testid=after-article] tr[data-date=\"2024-07-11\"]')",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js("return !document.querySelector('[data-testid=held-out]')")
            .await?,
        true,
        "the article view's panel has its own id"
    );
    // The article's day, to the bit, at every horizon: long, short and pair.
    let cells = held_out_cells(&b, "after-article").await?;
    for r in &study.summary {
        let f = e
            .forward
            .get(r.horizon)
            .ok_or(format!("no window at {}", r.horizon))?;
        for (field, want) in [("long", f.long), ("short", f.short), ("pair", f.pair)] {
            let got = cells
                .iter()
                .find(|c| c.0 == "2024-07-11" && c.1 == r.horizon as u64 && c.2 == field)
                .and_then(|c| c.3.as_deref())
                .ok_or(format!("no {field} at {} for 2024-07-11", r.horizon))?;
            assert_eq!(
                got.parse::<f64>()?.to_bits(),
                want.to_bits(),
                "{field} at {}: page {got}, engine {want}",
                r.horizon
            );
        }
    }
    // And every cell of the panel: the earlier events' means, the article's, each event's.
    assert_eq!(cells, held_out_want(&study, &held, true));
    // The sentence's numbers are the table's: the article's where it gave figures (3 and 12
    // months only), the earlier events' mean everywhere, each named for what it is.
    let sentence = held_out_sentence_matches_table(&b, "after-article", &study).await?;
    assert!(
        sentence.starts_with("Where the article gave figures, IWM − QQQ went "),
        "{sentence}"
    );
    for label in ["1W", "1M", "6M"] {
        let said = format!("{label} (");
        let article_part = sentence
            .split("After the held-out events")
            .next()
            .unwrap_or("");
        assert!(
            !article_part.contains(&said),
            "the article gave nothing at {label}: {sentence}"
        );
    }
    assert!(
        sentence.ends_with("1 held-out event proves nothing either way."),
        "{sentence}"
    );
    b.close().await
}

#[tokio::test]
async fn an_oos_link_holds_out_the_later_events_as_the_engine_does() -> Result<(), Error> {
    let query = "oos=2015-01-01";
    let v = view(query)?;
    let pair = v.pair()?;
    let study = v.study_on(&pair)?;
    let held = held_out_events(query, &pair)?;
    // The premise: events on both sides of the date, and the study ends the day before.
    assert!(held.len() >= 2, "{} held-out events", held.len());
    let oos: Date = "2015-01-01".parse()?;
    assert!(
        held.iter().all(|e| e.date >= oos) && study.events.iter().all(|e| e.date < oos),
        "the split at 2015-01-01"
    );
    assert_eq!(
        study.event_count + held.len(),
        view("")?.count_on(&pair)?,
        "together they are the default view's events"
    );
    let (_server, b) = open_page(&format!("?{query}")).await?;
    b.wait_count(study.event_count).await?;
    b.wait_js(
        "return !!document.querySelector('[data-testid=held-out] tr[data-date]')",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js("return !document.querySelector('[data-testid=after-article]')")
            .await?,
        true
    );
    let cells = held_out_cells(&b, "held-out").await?;
    let want = held_out_want(&study, &held, false);
    assert_eq!(cells, want);
    // Bit for bit, not only as text.
    for (got, want) in cells.iter().zip(&want) {
        let bits = |s: &Option<String>| {
            s.as_deref()
                .map(|s| s.parse::<f64>().map(f64::to_bits))
                .transpose()
        };
        assert_eq!(bits(&got.3)?, bits(&want.3)?, "{got:?}");
    }
    let sentence = held_out_sentence_matches_table(&b, "held-out", &study).await?;
    assert!(!sentence.contains("article"), "{sentence}");
    // The spread chart marks exactly the held-out events.
    b.wait_js(
        "return !!document.querySelector('[data-testid=spread-chart]').dataset.heldOut",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js("return document.querySelector('[data-testid=spread-chart]').dataset.heldOut")
            .await?,
        held.len().to_string()
    );
    // The link opens the fold that holds the oos box, which shows the date.
    assert_eq!(
        b.js(
            "return [document.querySelector('[data-testid=more-settings]').open,
                      document.querySelector('[data-testid=oos]').value]"
        )
        .await?,
        serde_json::json!([true, "2015-01-01"])
    );
    // Without oos there is no held-out panel, and no held-out marker.
    b.open(&format!("{}", b.client.current_url().await?).replace("?oos=2015-01-01", ""))
        .await?;
    b.wait_js(
        "const c = document.querySelector('[data-testid=spread-chart]');
         return !!c.dataset.plot && c.dataset.heldOut === '0'",
        WAIT,
    )
    .await?;
    assert_eq!(
        b.js(
            "return !document.querySelector('[data-testid=held-out],[data-testid=after-article]')"
        )
        .await?,
        true
    );
    b.close().await
}

/// The summary cells of one horizon: field → (data-value, data-na).
async fn row_cells(b: &Browser, h: usize) -> Result<Vec<(String, Option<String>, bool)>, Error> {
    let v = b
        .js(&format!(
            "return [...document.querySelectorAll('[data-testid=summary] tr[data-horizon=\"{h}\"] [data-field]')]
                .map(e => [e.dataset.field, e.hasAttribute('data-value') ? e.dataset.value : null, e.dataset.na === '1'])"
        ))
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test]
async fn thin_horizons_show_n_a_instead_of_intervals_and_p_values() -> Result<(), Error> {
    let study = view("t=1")?.study()?;
    let year = row(&study, 252)?;
    // The case: at 1 % the 12-month row is one chained episode.
    assert!(year.too_few_episodes && year.distinct_count < 3, "{year:?}");
    let enough = study
        .summary
        .iter()
        .find(|r| !r.too_few_episodes)
        .ok_or("no horizon with enough episodes at t=1")?;
    let (_server, b) = open_page("?t=1").await?;
    b.wait_count(study.event_count).await?;
    // Every figure against the engine, n/a exactly where the rule applies.
    assert_summary_matches(&b.summary_cells().await?, &study)?;
    // Spelled out: the 12-month intervals and p-values say n/a, with no number behind them.
    let cells = row_cells(&b, 252).await?;
    for field in [
        "long_mean_ci",
        "short_mean_ci",
        "pair_mean_ci",
        "pair_edge_ci",
        "placebo_p_long",
        "placebo_p_short",
        "placebo_p_pair",
        "placebo_shift_p_pair",
        "distinct_p_pair",
        "distinct_t_pair",
        "pair_edge_t_overlap",
    ] {
        let c = cells
            .iter()
            .find(|c| c.0 == field)
            .ok_or(format!("no {field} at 252"))?;
        assert_eq!((c.1.as_deref(), c.2), (None, true), "{field} at 252");
    }
    // The means stay.
    let mean = cells
        .iter()
        .find(|c| c.0 == "pair_mean")
        .and_then(|c| c.1.as_deref())
        .ok_or("no pair_mean at 252")?;
    assert_eq!(mean.parse::<f64>().ok(), year.pair.mean);
    let na_text = b
        .js("return [...document.querySelectorAll('[data-testid=summary] tr[data-horizon=\"252\"] [data-na=\"1\"]')].map(e => e.textContent.trim())")
        .await?;
    let na_text: Vec<String> = serde_json::from_value(na_text)?;
    assert!(
        !na_text.is_empty() && na_text.iter().all(|t| t == "n/a"),
        "{na_text:?}"
    );
    // A horizon with enough episodes shows numbers.
    let cells = row_cells(&b, enough.horizon).await?;
    for (field, want) in [
        (
            "pair_mean_ci",
            enough.pair.mean_ci.map(|i| format!("[{},{}]", i.0, i.1)),
        ),
        (
            "placebo_shift_p_pair",
            enough.pair.placebo_shift_p.map(|p| p.to_string()),
        ),
        (
            "distinct_p_pair",
            enough.distinct_p_pair.map(|p| p.to_string()),
        ),
    ] {
        let c = cells
            .iter()
            .find(|c| c.0 == field)
            .ok_or(format!("no {field} at {}", enough.horizon))?;
        assert!(
            want.is_some(),
            "{field} at {}: the engine has it",
            enough.horizon
        );
        assert_eq!(
            (c.1.clone(), c.2),
            (want, false),
            "{field} at {}",
            enough.horizon
        );
    }
    // The footnote says why.
    let reason = b.text("[data-testid=na-reason]").await?;
    assert!(reason.contains("too few separate episodes"), "{reason}");
    // And the verdict says so too.
    assert_eq!(
        b.js("return document.querySelector('[data-testid=verdict] li[data-horizon=\"252\"]').dataset.evidence")
            .await?,
        "too few separate episodes to tell"
    );
    // Typing the threshold 4 (real key presses): the same table now for the default view,
    // which has no thin horizon, so no n/a and no footnote; then back to 1.
    let default = view("")?.study()?;
    assert!(default.summary.iter().all(|r| !r.too_few_episodes));
    for (t, study) in [('4', &default), ('1', &study)] {
        b.client
            .find(Locator::Css("[data-testid=threshold]"))
            .await?
            .click()
            .await?;
        b.chord(Key::Control, 'a').await?;
        b.press(&[t]).await?;
        b.wait_count(study.event_count).await?;
        assert_summary_matches(&b.summary_cells().await?, study)
            .map_err(|e| format!("after typing {t}: {e}"))?;
        assert_eq!(
            b.js("return !!document.querySelector('[data-testid=na-reason]')")
                .await?,
            t == '1',
            "the footnote at t={t}"
        );
    }
    b.close().await
}

/// Whether the "More settings" fold is open, and whether the cool-off box inside it is shown
/// (`checkVisibility`: a closed fold's content keeps its boxes but is not rendered).
async fn fold(b: &Browser) -> Result<(bool, bool), Error> {
    let v = b
        .js(
            "return [document.querySelector('[data-testid=more-settings]').open,
                     document.querySelector('[data-testid=cooloff]').checkVisibility()]",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test]
async fn more_settings_are_folded_unless_the_link_sets_one() -> Result<(), Error> {
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    b.open(&server.base).await?;
    let summary = b.text("[data-testid=more-settings] > summary").await?;
    assert_eq!(summary, "More settings");
    assert_eq!(
        fold(&b).await?,
        (false, false),
        "closed for the default link"
    );
    // The first screen's controls are outside the fold.
    let outside = b
        .js("return ['long', 'swap', 'short', 'threshold', 'threshold-slider', 'direction', 'replicate']
                .map(id => document.querySelector(`[data-testid=${id}]`))
                .every(e => !e.closest('details') && e.checkVisibility())")
        .await?;
    assert_eq!(outside, true);
    let inside = b
        .js("return ['cooloff', 'from', 'to', 'units', 'horizon-unit', 'split', 'seed', 'oos']
                .every(id => !!document.querySelector(`[data-testid=more-settings] [data-testid=${id}]`))")
        .await?;
    assert_eq!(inside, true);
    // A real click on its summary opens it.
    b.client
        .find(Locator::Css("[data-testid=more-settings] > summary"))
        .await?
        .click()
        .await?;
    b.wait_js(
        "return document.querySelector('[data-testid=more-settings]').open",
        WAIT,
    )
    .await?;
    assert_eq!(fold(&b).await?, (true, true));
    // A link with a cool-off is open from the start, showing the value.
    let cool5 = view("cool=5")?.study()?;
    b.open(&format!("{}?cool=5", server.base)).await?;
    b.wait_count(cool5.event_count).await?;
    assert_eq!(fold(&b).await?, (true, true), "open for cool=5");
    assert_eq!(
        b.js("return document.querySelector('[data-testid=cooloff]').value")
            .await?,
        "5"
    );
    // The default link again: closed.
    b.open(&server.base).await?;
    assert_eq!(fold(&b).await?, (false, false), "closed again");
    b.close().await
}

#[tokio::test]
async fn a_yahoo_csv_with_null_rows_loads_and_says_how_many_were_skipped() -> Result<(), Error> {
    let dir = std::env::temp_dir().join(format!("equalizer-null-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // IWM's own days as Yahoo's classic download, three of them without prices ("null").
    let text = std::fs::read_to_string(data_dir(None).join("IWM.csv"))?;
    let mut lines = vec!["Date,Open,High,Low,Close,Adj Close,Volume".to_owned()];
    for (k, l) in text.lines().skip(1).enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        lines.push(if [10, 500, 3000].contains(&k) {
            format!("{},null,null,null,null,null,null", f[0])
        } else {
            format!(
                "{},{},{},{},{},{},{}",
                f[0], f[1], f[2], f[3], f[4], f[4], f[5]
            )
        });
    }
    let csv = lines.join("\n");
    let path = dir.join("yahoo nulls.csv");
    std::fs::write(&path, &csv)?;
    let parsed = parse_csv("yahoo nulls.csv", "file:yahoo_nulls", &csv)?;
    assert_eq!(parsed.skipped_null_rows, 3);
    let s = &parsed.series;
    let want = format!(
        "yahoo nulls.csv ({}): {} days, {} to {}, as file:yahoo_nulls. 3 rows where Yahoo wrote null (no prices that day) were skipped. Nothing was uploaded; no corrections applied.",
        parsed.layout,
        s.len(),
        s.first_date(),
        s.last_date()
    );
    assert_eq!(
        s.len(),
        text.lines().count() - 1 - 3,
        "the null days are left out"
    );
    let (_server, b) = open_page("").await?;
    b.client
        .find(Locator::Css("[data-testid=upload-input]"))
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    b.wait_js(
        "return !!document.querySelector('.upload-status .ok, .upload-status .problem')",
        WAIT,
    )
    .await?;
    let status = b
        .js("return [...document.querySelectorAll('.upload-status .ok, .upload-status .problem')].map(e => e.textContent)")
        .await?;
    assert_eq!(status, serde_json::json!([want]));
    // The file is the long leg now, and the study runs on it as the engine does.
    b.wait_js(
        "return location.search.includes('long=file%3Ayahoo_nulls')",
        WAIT,
    )
    .await?;
    let short = data()?.load("QQQ")?.series;
    let rule = EventRule::new(4.0, Direction::Up, 0, None, None)?;
    let study =
        PreparedPair::new(AlignedPair::new(s, &short)?).study(&rule, &StudyOptions::default())?;
    b.wait_count(study.event_count).await?;
    assert_eq!(b.console_errors().await?, Vec::<String>::new());
    std::fs::remove_dir_all(&dir)?;
    b.close().await
}

/// Details mark every figure the calibration does not let speak with a † (its caveat as its
/// name) and spell the caveats out under the table with the false-positive rate the report
/// measured (read here from docs/calibration.json itself); the marks are hidden in the compact
/// table and shown after a click on "Details".
#[tokio::test]
async fn details_say_which_figures_assume_independent_days_and_how_often_they_cry_wolf()
-> Result<(), Error> {
    use equalizer_engine::study::significance::Calibration;
    let report: Calibration = serde_json::from_str(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/calibration.json"
    ))?)?;
    let (server, b) = serve_page(1280, 800, 1.0).await?;
    b.open(&server.base).await?;
    b.wait_js(
        "return document.querySelectorAll('[data-testid=summary] tr[data-horizon=\"252\"] [data-caveat]').length > 0",
        WAIT,
    )
    .await?;
    let marks = "return [...document.querySelectorAll('[data-testid=summary] tr[data-horizon=\"252\"] .caveat-mark')]
        .map(c => [c.dataset.caveat, c.title, c.getClientRects().length > 0])";
    let hidden: Vec<(String, String, bool)> = serde_json::from_value(b.js(marks).await?)?;
    assert!(
        !hidden.is_empty() && hidden.iter().all(|c| !c.2),
        "compact: no mark shown {hidden:?}"
    );
    b.client
        .find(Locator::Css("[data-testid=details-toggle]"))
        .await?
        .click()
        .await?;
    b.wait_js(
        "return document.querySelector('[data-testid=details-toggle]').getAttribute('aria-expanded') === 'true'",
        WAIT,
    )
    .await?;
    let shown: Vec<(String, String, bool)> = serde_json::from_value(b.js(marks).await?)?;
    let silent: Vec<Figure> = [
        Figure::BootstrapInterval,
        Figure::RandomDatePlacebo,
        Figure::ShiftPlacebo,
        Figure::DistinctT,
        Figure::NeweyWestT,
        Figure::NaiveT,
    ]
    .into_iter()
    .filter(|f| !report.speaks(*f))
    .collect();
    let says = |f: Figure, text: &str| -> Result<bool, Error> {
        let rate = report
            .of(f)
            .ok_or(format!("{f:?} not measured"))?
            .worst_at_5
            .rate;
        Ok(text.contains(f.assumes())
            && text.contains(&format!(
                "measured false-positive rate {:.0} % at 5 %",
                rate * 100.0
            )))
    };
    let mut marked: Vec<&str> = shown.iter().map(|c| c.0.as_str()).collect();
    marked.sort_unstable();
    marked.dedup();
    let mut want: Vec<&str> = silent.iter().map(|f| f.key()).collect();
    want.sort_unstable();
    assert_eq!(
        marked, want,
        "a mark on every figure that may not speak, and only those"
    );
    for (key, title, visible) in &shown {
        let f = *silent
            .iter()
            .find(|f| f.key() == key)
            .ok_or("unknown mark")?;
        assert!(*visible, "{key} shown with Details");
        assert!(says(f, title)?, "{key}: {title}");
    }
    // The caveats under the table, one per figure, in the row's order.
    b.unfold("[data-testid=caveats]").await?;
    let lines: Vec<(String, String)> = serde_json::from_value(
        b.js("return [...document.querySelectorAll('[data-testid=caveats] li')].map(l => [l.dataset.caveat, l.innerText])")
            .await?,
    )?;
    assert_eq!(
        lines.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        silent.iter().map(|f| f.key()).collect::<Vec<_>>()
    );
    for ((key, text), f) in lines.iter().zip(&silent) {
        assert!(
            says(*f, text)? && text.starts_with(f.name()),
            "{key}: {text}"
        );
    }
    // The two that assume independent days are among them.
    for f in [Figure::RandomDatePlacebo, Figure::NaiveT] {
        assert!(silent.contains(&f), "{f:?} passed the calibration?");
    }
    b.close().await
}

/// Issue 25, contradiction 3: every count of episodes says which horizon it belongs to. The
/// verdict's count is the events table's episodes, chained at the longest horizon, which it
/// names; each summary row's count in brackets is that row's horizon's (the footnote says so,
/// in words a phone shows); "+N open" is explained in the footnote, not only in a hover title.
#[tokio::test]
async fn every_episode_count_says_which_horizon_it_belongs_to() -> Result<(), Error> {
    // A view with events whose window runs past the data at some horizon.
    let (query, study) = ["?t=3", "?t=2", "?t=1.5", "?dir=abs&t=1.5"]
        .into_iter()
        .map(|q| native_study(q).map(|s| (q, s)))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .find(|(_, s)| s.summary.iter().any(|r| r.incomplete > 0))
        .ok_or("no view with an open window")?;
    let (_server, b) = open_page(query).await?;
    let episodes = study
        .events
        .iter()
        .filter_map(|e| e.episode)
        .max()
        .ok_or("no episode")?;
    let headline = b.text("[data-testid=verdict] .verdict-headline").await?;
    assert!(
        headline.contains(&format!(
            "({episodes} separate episodes, counting days whose next 12 months overlap as one)"
        )),
        "{headline}"
    );
    // The events table numbers the same episodes.
    b.show("events").await?;
    let shown = b
        .js("return Math.max(...[...document.querySelectorAll('[data-testid=events] td[data-field=episode][data-value]')]
                .map(td => Number(td.dataset.value)))")
        .await?;
    assert_eq!(shown.as_u64(), Some(episodes as u64));
    // Each row's count is its own horizon's.
    b.show("summary").await?;
    for r in &study.summary {
        let cell = b
            .js(&format!(
                "return document.querySelector('[data-testid=summary] tr[data-horizon=\"{}\"] td[data-field=count]').textContent",
                r.horizon
            ))
            .await?;
        let cell = cell.as_str().unwrap_or("");
        assert!(
            cell.starts_with(&format!(
                "{} ({} episode{})",
                r.count,
                r.distinct_count,
                if r.distinct_count == 1 { "" } else { "s" }
            )),
            "{}: {cell}",
            r.horizon
        );
        assert_eq!(
            cell.contains(&format!("+{} open", r.incomplete)),
            r.incomplete > 0,
            "{}: {cell}",
            r.horizon
        );
    }
    // The footnote sits behind "What the columns mean", one click away (text() clicks it).
    let footnote = b.text("[data-testid=summary-notes] .footnote").await?;
    assert!(
        footnote.contains("in brackets, the separate episodes they form at that horizon"),
        "{footnote}"
    );
    let note = b
        .js(
            "const n = document.querySelector('[data-testid=open-note]');
             return !!n && n.getClientRects().length > 0 && n.textContent",
        )
        .await?;
    assert!(
        note.as_str()
            .is_some_and(|t| t.contains("runs past the end of the data")),
        "{note}"
    );
    b.close().await
}
