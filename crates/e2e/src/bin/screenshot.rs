//! `make screenshot`: a full-page PNG of the default view. Optional arguments: a `?query`, and a
//! CSS selector to capture only the viewport scrolled to that element (for close inspection).
//! `SCREENSHOT_WIDTH` sets the window width (375 emulates a phone); `SCREENSHOT_THEME=dark`
//! picks the dark theme in the page's theme menu first.

use std::time::Duration;

use equalizer_e2e::{Browser, Error, StaticServer, dist_dir};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "docs/screenshot.png".into());
    let query = args.next().unwrap_or_default();
    let selector = args.next();
    // Width from $SCREENSHOT_WIDTH (e.g. 375 for a phone), default 1280.
    let width: u32 = std::env::var("SCREENSHOT_WIDTH")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(1280);
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(
        width,
        if width < 500 { 800 } else { 900 },
        if width < 500 { 2.0 } else { 1.0 },
    )
    .await?;
    b.open(&format!("{}{query}", server.base)).await?;
    let inked = "return [...document.querySelectorAll('canvas.chart')].every(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200) return true;
        return false; })";
    b.wait_js(inked, Duration::from_secs(20)).await?;
    if let Ok(theme) = std::env::var("SCREENSHOT_THEME") {
        b.js(&format!(
            "const s = document.querySelector('[data-testid=theme]'); s.value = {theme:?};
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
        ))
        .await?;
    }
    let height = match &selector {
        Some(sel) => {
            b.js(&format!(
                "document.querySelector({sel:?}).scrollIntoView(); return true"
            ))
            .await?;
            900
        }
        // A phone shows its first screen; its emulated viewport cannot grow.
        None if width < 500 => 800,
        None => {
            // Sections below the fold are laid out only when near the screen
            // (content-visibility), so the page's height settles after a resize or two.
            let mut h = 0;
            for _ in 0..4 {
                let now = b
                    .js("return document.documentElement.scrollHeight")
                    .await?
                    .as_u64()
                    .unwrap_or(2000);
                if now == h {
                    break;
                }
                h = now;
                b.client.set_window_size(width, h as u32 + 160).await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            h
        }
    };
    // Charts redraw for the new window size in the next frame.
    tokio::time::sleep(Duration::from_millis(500)).await;
    b.wait_js(inked, Duration::from_secs(20)).await?;
    let png = b.client.screenshot().await?;
    std::fs::write(&out, png)?;
    println!("wrote {out} ({width}×{height})");
    b.close().await
}
