//! The static site `make dist` writes to site/: served under its sub-path as GitHub Pages does,
//! it works at its root and on deep links (404.html), and requests nothing outside its folder.

use std::path::PathBuf;
use std::time::Duration;

use equalizer_cli::data::{DataDir, data_dir};
use equalizer_e2e::{Browser, Error, StaticServer};
use equalizer_engine::{Direction, EventRule, PreparedPair, StudyOptions};

/// site/ (or $EQUALIZER_SITE), as `make dist` writes it.
fn site_dir() -> PathBuf {
    std::env::var_os("EQUALIZER_SITE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../site"),
        PathBuf::from,
    )
}

/// The sub-path the site was built for, read from its `<base href>`.
fn public_url(site: &std::path::Path) -> Result<String, Error> {
    let html = std::fs::read_to_string(site.join("index.html"))
        .map_err(|e| format!("{}: {e}; run `make dist` first", site.display()))?;
    let start = html
        .find("<base href=\"")
        .ok_or("index.html has no <base href>")?
        + 12;
    let end = html[start..].find('"').ok_or("unterminated <base href>")?;
    Ok(html[start..start + end].to_owned())
}

#[tokio::test]
async fn the_site_works_under_its_sub_path_and_on_deep_links() -> Result<(), Error> {
    let site = site_dir();
    let prefix = public_url(&site)?;
    assert!(
        prefix.len() > 1 && prefix.starts_with('/') && prefix.ends_with('/'),
        "site/ should be built for a sub-path, not {prefix:?}"
    );
    let not_found = std::fs::read_to_string(site.join("404.html"))?;
    assert_eq!(not_found, std::fs::read_to_string(site.join("index.html"))?);

    let data = DataDir::open(&data_dir(None))?;
    let rule = EventRule::new(5.0, Direction::Up, 0, None, None)?;
    let want = PreparedPair::new(data.pair("IWM", "QQQ")?)
        .study(&rule, &StudyOptions::default())?
        .event_count;

    let server = StaticServer::start_at(&site, &prefix)?;
    let origin = server.base.trim_end_matches(&prefix).to_owned();
    let b = Browser::start(1280, 900, 1.0).await?;
    for url in [
        format!("{}?t=5", server.base),
        format!("{origin}{prefix}shared/deep/link?t=5"),
    ] {
        b.open(&url).await?;
        let count = b.text("[data-testid=event-count]").await?;
        assert_eq!(count, want.to_string(), "{url}");
        b.wait_js(
            "return performance.getEntriesByName('equalizer:load').length > 0",
            Duration::from_secs(20),
        )
        .await?;
        // Every request stayed inside the site's folder, data included.
        let outside = b
            .js(&format!(
                "return performance.getEntriesByType('resource').map(e => e.name)
                    .filter(n => !n.startsWith('{origin}{prefix}'))"
            ))
            .await?;
        assert_eq!(outside, serde_json::json!([]), "{url}");
        let data_fetched = b
            .js(&format!(
                "return performance.getEntriesByType('resource')
                    .some(e => e.name === '{origin}{prefix}data/manifest.json')"
            ))
            .await?;
        assert_eq!(data_fetched, true, "{url}");
        // The host answers a deep link with status 404 (and Chromium logs that); nothing else.
        let errors: Vec<String> = b
            .console_errors()
            .await?
            .into_iter()
            .filter(|e| *e != format!("{url} - Failed to load resource: the server responded with a status of 404 (Not Found)"))
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{url}");
    }
    b.close().await
}
