//! Helpers for Equalizer's browser tests: a static file server for `dist/` on 127.0.0.1, a
//! headless Chromium session through ChromeDriver that is torn down even when a test panics,
//! and the expected numbers: the page's own definition of the settings (its URL reader and
//! `ViewState::study_inputs`) turned into the engine's inputs, and the engine run natively on the
//! same CSVs through the CLI's loader.

pub mod devtools;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use equalizer_cli::data::{DataDir, data_dir};
use equalizer_engine::{Date, PreparedPair, Series, Study};
use equalizer_web::settings::{Notice, StudyInputs, ViewState, state_from_query};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use serde_json::{Value, json};

/// Any error, for test helpers.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// How long a test waits for the page to show something.
pub const WAIT: Duration = Duration::from_secs(20);

/// True when the results region is not busy and its numbers are for the address bar's view.
pub const SETTLED: &str = "const r = document.querySelector('[data-testid=results]');
    return !!r && r.getAttribute('aria-busy') === 'false'
        && r.dataset.view === location.search";

/// The release page built by `make page`.
pub fn dist_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist")
}

/// The release wasm in dist/.
pub fn dist_wasm() -> Result<PathBuf, Error> {
    std::fs::read_dir(dist_dir())
        .map_err(|e| format!("dist/: {e}; run `make page` first"))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .ok_or_else(|| "no .wasm in dist/: run `make page` first".into())
}

/// Largest accepted gzip -9 size of the page's wasm, in bytes: a ratchet `make test` checks
/// (crates/e2e/tests/size.rs) and `make bench` reports. Measured 415,300 on 2026-11-30 after
/// issues 12–14; 503,600 after issue 15 (the cross-section and follow panels with their two
/// charts and controls, the engine's cross-section, simulation, max-T and lag decay, the hook
/// that loads every ticker: +88 KB); 518,100 after the accessibility work (text alternatives,
/// keyboard steps on every chart, the sweep as a grid: +14.5 KB); 579,400 after issue 23 (the
/// engine in Web Workers: typed messages with serde `Deserialize` for every engine result and
/// postcard, the worker's request loop and caches, the status and near-screen panels: +61 KB;
/// the wasm is one module for the page and its workers, so there is no second download);
/// 604,800 after issue 25 (each block's toggles and their open state, the date boxes' range check, the
/// history entries per settled view, the verdict's held height, the follow placebo and its
/// figures: +16.5 KB).
pub const WASM_GZIP_MAX: u64 = 600 * 1024;

/// Size of a file after `gzip -9`, in bytes.
pub fn gzip_len(path: &Path) -> Result<u64, Error> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).output()?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", path.display()).into());
    }
    Ok(out.stdout.len() as u64)
}

/// A free TCP port on 127.0.0.1 (the OS picks it).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Header that identifies our server, so a test never trusts some other process on the port.
const ID_HEADER: &str = "X-Equalizer-Test-Server";

/// Serves a folder over HTTP on 127.0.0.1 until dropped: hyper's HTTP/1.1 server (keep-alive,
/// connections answered in parallel, as a real static host answers them), on its own thread
/// and runtime so any test, async or not, can start one.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/`
    pub base: String,
    site: Arc<Site>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// What the server serves: a folder under a path prefix, answering with its token; with
/// `gzip`, files compressed once (gzip -9, as a host that precompresses) for clients that
/// accept it.
struct Site {
    dir: PathBuf,
    prefix: String,
    token: String,
    gzip: Option<std::sync::Mutex<std::collections::HashMap<PathBuf, Bytes>>>,
    /// Paths answered late: each path's ending and the delay (a slow connection for one file).
    delays: std::sync::Mutex<Vec<(String, Duration)>>,
    /// Path endings answered 503 (a host or network that fails for a while).
    refused: std::sync::Mutex<Vec<String>>,
}

/// Whether a static host would compress this type (text, wasm; not images).
fn compressible(ct: &str) -> bool {
    !ct.starts_with("image/png")
}

/// Every compressible file under `dir`, gzipped, by path.
fn precompress(dir: &Path) -> std::collections::HashMap<PathBuf, Bytes> {
    let mut out = std::collections::HashMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if compressible(content_type(&p))
                && let Ok(bytes) = std::fs::read(&p)
            {
                out.insert(p, gzip_bytes(&bytes));
            }
        }
    }
    out
}

/// `bytes` after gzip at level 9.
fn gzip_bytes(bytes: &[u8]) -> Bytes {
    use flate2::{Compression, write::GzEncoder};
    let mut e = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = e.write_all(bytes);
    Bytes::from(e.finish().unwrap_or_default())
}

impl Site {
    /// Whether `path` is answered 503 for now.
    fn refuses(&self, path: &str) -> bool {
        let refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
        refused.iter().any(|end| path.ends_with(end.as_str()))
    }

    /// How long to hold the answer to `path`, if it is to be late.
    fn delay_of(&self, path: &str) -> Option<Duration> {
        let delays = self.delays.lock().unwrap_or_else(|e| e.into_inner());
        delays
            .iter()
            .find(|(end, _)| path.ends_with(end.as_str()))
            .map(|(_, d)| *d)
    }

    /// The answer to a GET of `path`: the file under the prefix (a folder's index.html), else
    /// 404.html with status 404, as GitHub Pages answers.
    fn answer(&self, path: &str, accepts_gzip: bool) -> http::Response<Full<Bytes>> {
        let found = path.strip_prefix(&self.prefix).and_then(|rel| {
            let rel = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_owned()
            };
            let file = self.dir.join(&rel);
            let bytes = (!rel.contains("..")).then(|| std::fs::read(&file).ok())??;
            Some((bytes, file))
        });
        let (status, bytes, ct, file) = match (found, std::fs::read(self.dir.join("404.html"))) {
            (Some((bytes, file)), _) => (200, bytes, content_type(&file), file),
            (None, Ok(page)) => (
                404,
                page,
                "text/html; charset=utf-8",
                self.dir.join("404.html"),
            ),
            (None, Err(_)) => (404, b"not found".to_vec(), "text/plain", PathBuf::new()),
        };
        let gzipped = match &self.gzip {
            Some(cache) if accepts_gzip && compressible(ct) => {
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                Some(
                    cache
                        .entry(file)
                        .or_insert_with(|| gzip_bytes(&bytes))
                        .clone(),
                )
            }
            _ => None,
        };
        let body = gzipped.clone().unwrap_or_else(|| Bytes::from(bytes));
        let mut resp = http::Response::new(Full::new(body));
        *resp.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
        let headers = resp.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(ct),
        );
        if let Ok(token) = http::HeaderValue::from_str(&self.token) {
            headers.insert(ID_HEADER, token);
        }
        // As GitHub Pages answers: cacheable for ten minutes, so the page's workers take the
        // module the page has just loaded from the cache.
        headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("max-age=600"),
        );
        if self.gzip.is_some() {
            headers.insert(
                http::header::VARY,
                http::HeaderValue::from_static("Accept-Encoding"),
            );
        }
        if gzipped.is_some() {
            headers.insert(
                http::header::CONTENT_ENCODING,
                http::HeaderValue::from_static("gzip"),
            );
        }
        resp
    }
}

/// Accepts connections until `stop` fires, each served on its own task.
async fn serve(listener: TcpListener, site: Arc<Site>, stop: tokio::sync::oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let accept = async {
        while let Ok((stream, _)) = listener.accept().await {
            let site = Arc::clone(&site);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                    let gzip = req
                        .headers()
                        .get_all(http::header::ACCEPT_ENCODING)
                        .iter()
                        .filter_map(|v| v.to_str().ok())
                        .any(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
                    let path = req.uri().path().to_owned();
                    let site = Arc::clone(&site);
                    async move {
                        if let Some(wait) = site.delay_of(&path) {
                            tokio::time::sleep(wait).await;
                        }
                        if site.refuses(&path) {
                            let mut resp =
                                http::Response::new(Full::new(Bytes::from_static(b"unavailable")));
                            *resp.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
                            return Ok::<_, std::convert::Infallible>(resp);
                        }
                        Ok::<_, std::convert::Infallible>(site.answer(&path, gzip))
                    }
                });
                // A connection the browser drops mid-way is its business, not the test's.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    };
    tokio::select! {
        _ = accept => {}
        _ = stop => {}
    }
}

impl StaticServer {
    /// Starts serving `root` at `/` and checks that the answering server is this one.
    pub fn start(root: &Path) -> Result<StaticServer, Error> {
        StaticServer::start_at(root, "/")
    }

    /// Serves `root` under the path `prefix` (`/equalizer/`) as GitHub Pages does: a folder
    /// answers with its index.html, and any other missing path with 404.html (status 404).
    pub fn start_at(root: &Path, prefix: &str) -> Result<StaticServer, Error> {
        StaticServer::start_with(root, prefix, false)
    }

    /// Serves `root` at `/` with gzip for clients that accept it, as a static host does
    /// (every file compressed once, gzip -9, before the server answers, so no request waits
    /// for a compression).
    pub fn start_gzip(root: &Path) -> Result<StaticServer, Error> {
        StaticServer::start_with(root, "/", true)
    }

    fn start_with(root: &Path, prefix: &str, gzip: bool) -> Result<StaticServer, Error> {
        if !root.join("index.html").exists() {
            return Err(format!(
                "{} has no index.html: run `make page` first",
                root.display()
            )
            .into());
        }
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let token = format!("{}-{port}", std::process::id());
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let site = Arc::new(Site {
            dir: root.to_owned(),
            prefix: prefix.clone(),
            token: token.clone(),
            gzip: gzip.then(|| std::sync::Mutex::new(precompress(root))),
            delays: std::sync::Mutex::new(Vec::new()),
            refused: std::sync::Mutex::new(Vec::new()),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let served = Arc::clone(&site);
        let thread = std::thread::spawn(move || runtime.block_on(serve(listener, served, stopped)));
        let me = StaticServer {
            base: format!("http://127.0.0.1:{port}{prefix}"),
            site,
            stop: Some(stop),
            thread: Some(thread),
        };
        // Is it really us answering?
        let mut s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        write!(
            s,
            "GET {prefix}index.html HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )?;
        let mut head = String::new();
        s.read_to_string(&mut head)?;
        if !head
            .to_ascii_lowercase()
            .contains(&format!("{}: {token}", ID_HEADER.to_ascii_lowercase()))
        {
            return Err(format!("port {port} is answered by another server").into());
        }
        Ok(me)
    }
}

impl StaticServer {
    /// Answers every path ending in `end` (`/data/XLE.json`) only after `by`, as a slow
    /// connection would.
    pub fn delay(&self, end: &str, by: Duration) {
        let mut delays = self.site.delays.lock().unwrap_or_else(|e| e.into_inner());
        delays.retain(|(e, _)| e != end);
        delays.push((end.to_owned(), by));
    }

    /// Answers every path ending in `end` with 503 Service Unavailable until [`StaticServer::allow`].
    pub fn refuse(&self, end: &str) {
        let mut refused = self.site.refused.lock().unwrap_or_else(|e| e.into_inner());
        refused.push(end.to_owned());
    }

    /// Answers paths ending in `end` again.
    pub fn allow(&self, end: &str) {
        let mut refused = self.site.refused.lock().unwrap_or_else(|e| e.into_inner());
        refused.retain(|e| e != end);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The release page in dist/ served and opened at `query` in a 1280 × 1000 window: the
/// preamble of most browser tests. Keep the server alive as long as the browser uses it.
pub async fn open_page(query: &str) -> Result<(StaticServer, Browser), Error> {
    let (server, b) = serve_page(1280, 1000, 1.0).await?;
    b.open(&format!("{}{query}", server.base)).await?;
    Ok((server, b))
}

/// A server for dist/ and a browser window of `width` × `height` CSS px at `dpr`, before any
/// page is opened (for tests that set the browser up first or open many pages).
pub async fn serve_page(
    width: u32,
    height: u32,
    dpr: f64,
) -> Result<(StaticServer, Browser), Error> {
    let server = StaticServer::start(&dist_dir())?;
    let b = Browser::start(width, height, dpr).await?;
    Ok((server, b))
}

/// A canvas's plot map as the page publishes it in `data-plot`: the plot area's CSS-pixel box
/// (left, top, right, bottom), then the data ranges of x and y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub px: [f64; 4],
    pub x: [f64; 2],
    pub y: [f64; 2],
}

impl Plot {
    /// CSS-pixel x of data x.
    pub fn px_from_x(&self, x: f64) -> f64 {
        self.px[0] + (x - self.x[0]) / (self.x[1] - self.x[0]) * (self.px[2] - self.px[0])
    }
    /// CSS-pixel y of data y.
    pub fn px_from_y(&self, y: f64) -> f64 {
        self.px[3] - (y - self.y[0]) / (self.y[1] - self.y[0]) * (self.px[3] - self.px[1])
    }
}

/// Headless Chromium driven through its own ChromeDriver; dropping it kills both.
pub struct Browser {
    pub client: Client,
    _processes: Processes,
}

/// ChromeDriver (in its own process group) and the Chromium profile it uses.
struct Processes {
    driver: Child,
    profile: PathBuf,
}

/// Flags that make headless Chromium work as root on a closed network.
const CHROME_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

impl Browser {
    /// Starts ChromeDriver on a free port and opens a session with a fresh profile.
    pub async fn start(width: u32, height: u32, scale: f64) -> Result<Browser, Error> {
        let port = free_port()?;
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut cmd = Command::new(&chromedriver);
        cmd.arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let driver = cmd
            .spawn()
            .map_err(|e| format!("cannot start {chromedriver}: {e}"))?;
        let profile = std::env::temp_dir().join(format!(
            "equalizer-chrome-{}-{port}-profile",
            std::process::id()
        ));
        let processes = Processes { driver, profile };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start listening within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut args: Vec<String> = CHROME_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", processes.profile.display()));
        args.push(format!("--window-size={width},{height}"));
        args.push(format!("--force-device-scale-factor={scale}"));
        let mut caps = serde_json::Map::new();
        let mut options = json!({ "binary": chromium_binary(), "args": args });
        // Headless windows are at least 500 px wide; narrower viewports (phones) are emulated.
        if width < 500 {
            options["mobileEmulation"] = json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": scale } });
        }
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        // ChromeDriver can accept connections a moment before it serves sessions: retry.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let result =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await;
            match result {
                Ok(c) => break c,
                Err(e) if attempt >= 5 => {
                    return Err(format!("no browser session after {attempt} tries: {e}").into());
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(300 * attempt)).await,
            }
        };
        Ok(Browser {
            client,
            _processes: processes,
        })
    }

    /// Opens `url` and waits until everything the page shows belongs to its view (see
    /// [`Browser::settled`]) or it shows an error banner.
    pub async fn open(&self, url: &str) -> Result<(), Error> {
        // Marks the page being left, so nothing below is read from it.
        self.js("window.equalizerLeft = true; return true").await?;
        self.client.goto(url).await?;
        self.wait_js(
            "return !window.equalizerLeft && (!!document.querySelector('[data-testid=error]') || (() => {
                const r = document.querySelector('[data-testid=results]');
                return !!r && r.getAttribute('aria-busy') === 'false'; })())",
            Duration::from_secs(30),
        )
        .await
    }

    /// Waits until everything the page shows belongs to the view in the address bar: the
    /// results region is not busy and names that view's query (`data-view`).
    pub async fn settled(&self) -> Result<(), Error> {
        self.wait_js(SETTLED, WAIT).await
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str) -> Result<Value, Error> {
        Ok(self.client.execute(script, Vec::new()).await?)
    }

    /// Polls a script until it returns true.
    pub async fn wait_js(&self, script: &str, timeout: Duration) -> Result<(), Error> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.js(script).await? == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {timeout:?} waiting for: {script}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses and releases each key in turn, as a reader does, in whatever element has the
    /// focus (a `char`, or a special key such as `Key::Tab.into()`).
    pub async fn press(&self, keys: &[char]) -> Result<(), Error> {
        let mut seq = KeyActions::new("keyboard".into());
        for &k in keys {
            seq = seq
                .then(KeyAction::Down { value: k })
                .then(KeyAction::Up { value: k });
        }
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// Holds `modifier` while pressing `key` (Ctrl+A: `chord(Key::Control, 'a')`).
    pub async fn chord(&self, modifier: Key, key: char) -> Result<(), Error> {
        let m: char = modifier.into();
        let seq = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: m })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: m });
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// Opens the toggles the panel `testid` is behind and scrolls it into view, as a reader
    /// does to see it, and waits until it
    /// shows the current results (panels far from the screen keep what they showed; they
    /// catch up as they come near).
    pub async fn show(&self, testid: &str) -> Result<(), Error> {
        let exists = format!("return !!document.querySelector('[data-testid={testid}]')");
        if self.js(&exists).await? != Value::Bool(true) {
            // A panel that has never been near the screen has nothing to show yet: scroll
            // through the page until it appears.
            self.show_all().await?;
            self.wait_js(&exists, WAIT).await?;
        }
        self.unfold(&format!("[data-testid={testid}]")).await?;
        self.js(&format!(
            "document.querySelector('[data-testid={testid}]').scrollIntoView({{ block: 'start' }}); return true"
        ))
        .await?;
        self.wait_js(
            &format!(
                "const e = document.querySelector('[data-testid={testid}]');
                 const box = e.closest('[data-near]');
                 return !box || box.dataset.near === 'true'"
            ),
            WAIT,
        )
        .await?;
        self.settled().await
    }

    /// Scrolls through the whole page as a reader does, panel by panel, so every panel has
    /// caught up with the current results (and every chart is drawn), then waits until the page
    /// is settled.
    pub async fn show_all(&self) -> Result<(), Error> {
        let boxes = self
            .js("return document.querySelectorAll('[data-near]').length")
            .await?
            .as_u64()
            .unwrap_or(0);
        for i in 0..boxes {
            self.js(&format!(
                "document.querySelectorAll('[data-near]')[{i}].scrollIntoView({{ block: 'start' }}); return true"
            ))
            .await?;
            self.wait_js(
                &format!(
                    "return document.querySelectorAll('[data-near]')[{i}]?.dataset.near === 'true'"
                ),
                WAIT,
            )
            .await?;
            self.settled().await?;
        }
        Ok(())
    }

    /// Types `text` into the box `testid` as a reader does: a click into it, Ctrl+A, each key,
    /// then Tab.
    pub async fn type_into(&self, testid: &str, text: &str) -> Result<(), Error> {
        self.unfold(&format!("[data-testid={testid}]")).await?;
        let el = self
            .client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await?;
        el.click().await?;
        self.chord(Key::Control, 'a').await?;
        self.press(&text.chars().collect::<Vec<_>>()).await?;
        self.press(&[Key::Tab.into()]).await
    }

    /// Gives the page's file picker a file, as a reader choosing it does.
    pub async fn upload(&self, path: &Path) -> Result<(), Error> {
        let input = self
            .client
            .find(Locator::Css("[data-testid=upload-input]"))
            .await?;
        input.send_keys(&path.display().to_string()).await?;
        Ok(())
    }

    /// Picks `value` in the menu `testid` (WebDriver clicks the option).
    pub async fn pick(&self, testid: &str, value: &str) -> Result<(), Error> {
        self.unfold(&format!("[data-testid={testid}]")).await?;
        self.client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await?
            .select_by_value(value)
            .await?;
        Ok(())
    }

    /// The event count the page shows.
    pub async fn count(&self) -> Result<String, Error> {
        self.text("[data-testid=event-count]").await
    }

    /// Waits until the page shows `want` events.
    pub async fn wait_count(&self, want: usize) -> Result<(), Error> {
        let script = format!(
            "const e = document.querySelector('[data-testid=event-count]');
             return !!e && e.textContent === '{want}'"
        );
        if let Err(e) = self.wait_js(&script, WAIT).await {
            let shown = self.count().await.unwrap_or_else(|e| e.to_string());
            return Err(format!("the page shows {shown} events, not {want}: {e}").into());
        }
        self.settled().await
    }

    /// Every summary figure as the page shows it: each element with a `data-field` in a
    /// horizon's row, with its `data-value` (absent: None), `data-na` and text.
    pub async fn summary_cells(&self) -> Result<Vec<SummaryCell>, Error> {
        self.show("summary").await?;
        let v = self
            .js("return [...document.querySelectorAll('[data-testid=summary] tr[data-horizon] [data-field]')]
                    .map(e => [Number(e.closest('tr').dataset.horizon), e.dataset.field,
                               e.hasAttribute('data-value') ? e.dataset.value : null,
                               e.dataset.na === '1', e.textContent.trim()])")
            .await?;
        let rows = v.as_array().ok_or("summary cells")?;
        rows.iter()
            .map(|r| {
                Ok(SummaryCell {
                    horizon: r[0].as_u64().ok_or(format!("summary cell {r}"))?,
                    field: r[1].as_str().unwrap_or("").to_owned(),
                    value: r[2].as_str().map(str::to_owned),
                    na: r[3] == Value::Bool(true),
                    text: r[4].as_str().unwrap_or("").to_owned(),
                })
            })
            .collect()
    }

    /// The canvas's plot map as the page published it in `data-plot`.
    pub async fn plot(&self, testid: &str) -> Result<Plot, Error> {
        self.unfold(&format!("[data-testid={testid}]")).await?;
        // A chart far from the screen is drawn when it comes near, as a reader scrolls to it.
        self.js(&format!(
            "document.querySelector('[data-testid={testid}]').scrollIntoView({{ block: 'center' }}); return true"
        ))
        .await?;
        self.wait_js(
            &format!("return !!document.querySelector('[data-testid={testid}]').dataset.plot"),
            WAIT,
        )
        .await?;
        let v = self
            .js(&format!(
                "return document.querySelector('[data-testid={testid}]').dataset.plot || ''"
            ))
            .await?;
        let n: Vec<f64> = v
            .as_str()
            .unwrap_or("")
            .split(' ')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{testid} data-plot {v}: {e}"))?;
        if n.len() != 8 {
            return Err(format!("{testid} data-plot {v}").into());
        }
        Ok(Plot {
            px: [n[0], n[1], n[2], n[3]],
            x: [n[4], n[5]],
            y: [n[6], n[7]],
        })
    }

    /// Red, green and blue of the canvas's backing-store pixel at (x, y) CSS pixels.
    pub async fn pixel(&self, testid: &str, x: f64, y: f64) -> Result<[u8; 3], Error> {
        let v = self
            .js(&format!(
                "const c = document.querySelector('[data-testid={testid}]');
                 const k = c.width / c.clientWidth;
                 const d = c.getContext('2d').getImageData(Math.round({x} * k), Math.round({y} * k), 1, 1).data;
                 return [d[0], d[1], d[2]]"
            ))
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Text of the first element matching `css`, opening the toggles it is behind as a reader
    /// does to read it.
    pub async fn text(&self, css: &str) -> Result<String, Error> {
        self.unfold(css).await?;
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Opens, with a real click on each toggle (outermost first), the closed `<details>` around
    /// the first element matching `css` (a block keeps its tables and secondary charts behind
    /// one), and the element itself when it is a closed `<details>`. A toggle that cannot be
    /// clicked (covered, no size) fails the test, as it would fail a reader.
    pub async fn unfold(&self, css: &str) -> Result<(), Error> {
        let target = serde_json::to_string(css)?;
        // Toggles nest at most two deep on this page; four clicks is a toggle that refuses.
        for _ in 0..4 {
            let marked = self
                .js(&format!(
                    "document.querySelectorAll('[data-unfold]').forEach(x => x.removeAttribute('data-unfold'));
                     const e = document.querySelector({target});
                     // A toggle's own summary is shown while it is closed: it hides nothing.
                     const hiding = d => d && !d.querySelector(':scope > summary')?.contains(e);
                     const closed = [];
                     for (let d = e?.closest('details:not([open])'); hiding(d); d = d.parentElement?.closest('details:not([open])')) closed.push(d);
                     const outer = closed.at(-1);
                     if (!outer) return false;
                     outer.querySelector(':scope > summary').setAttribute('data-unfold', '');
                     return true"
                ))
                .await?;
            if marked != Value::Bool(true) {
                return Ok(());
            }
            self.client
                .find(Locator::Css("[data-unfold]"))
                .await?
                .click()
                .await?;
        }
        Err(format!("{css}: a toggle around it does not open").into())
    }

    /// Browser console entries at level SEVERE since the last call (ChromeDriver's log endpoint).
    pub async fn console_errors(&self) -> Result<Vec<String>, Error> {
        Ok(self
            .console()
            .await?
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect())
    }

    /// Every browser console entry since the last call, as (level, message).
    pub async fn console(&self) -> Result<Vec<(String, String)>, Error> {
        let v = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let text = |k: &str| e[k].as_str().unwrap_or("").to_owned();
                (text("level"), text("message"))
            })
            .collect())
    }

    /// Emulates a CSS media feature, e.g. `("prefers-color-scheme", "dark")` (Chrome DevTools
    /// Protocol through ChromeDriver).
    pub async fn emulate_media(&self, name: &str, value: &str) -> Result<(), Error> {
        let params = json!({ "features": [{ "name": name, "value": value }] });
        self.cdp("Emulation.setEmulatedMedia", params).await?;
        Ok(())
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, Error> {
        Ok(self
            .client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await?)
    }

    /// Saves a PNG of the window as target/screenshots/`name` for people to look at, after
    /// checking it is a PNG.
    pub async fn save_screenshot(&self, name: &str) -> Result<(), Error> {
        let png = self.client.screenshot().await?;
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(format!("the screenshot for {name} is not a PNG").into());
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), png)?;
        Ok(())
    }

    /// Ends the session cleanly (the processes are killed either way).
    pub async fn close(self) -> Result<(), Error> {
        let Browser { client, _processes } = self;
        client.close().await?;
        Ok(())
    }
}

/// A ChromeDriver vendor command: `POST /session/{id}/{path}` with a JSON body (`se/log` for
/// the browser console, `goog/cdp/execute` for a DevTools Protocol command).
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Debian's Chromium.
fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

impl Drop for Processes {
    fn drop(&mut self) {
        // The driver runs in its own process group: kill the group, then any Chromium whose
        // command line carries exactly this profile (the argument ends in a unique suffix).
        // Always `kill -s KILL -- -PGID`: procps reads `kill -KILL -PGID` as "every process".
        let pid = self.driver.id();
        if pid > 1 {
            kill(&format!("-{pid}"));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let marker = format!("--user-data-dir={}", self.profile.display());
        if let Ok(procs) = std::fs::read_dir("/proc") {
            for p in procs.flatten() {
                let Some(pid) = p.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                    continue;
                };
                let Ok(cmdline) = std::fs::read(p.path().join("cmdline")) else {
                    continue;
                };
                if pid > 1
                    && cmdline
                        .split(|b| *b == 0)
                        .any(|arg| arg == marker.as_bytes())
                {
                    kill(&pid.to_string());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// `kill -s KILL -- TARGET` (a pid, or a negative process-group id).
fn kill(target: &str) {
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", target])
        .status();
}

/// The market data the page's bundle was built from (`EQUALIZER_DATA`, as the CLI reads it).
pub fn data() -> Result<DataDir, Error> {
    Ok(DataDir::open(&data_dir(None))?)
}

/// Two tickers of the data, aligned and prepared as the page prepares them.
pub fn prepared(long: &str, short: &str) -> Result<PreparedPair, Error> {
    Ok(PreparedPair::new(data()?.pair(long, short)?))
}

/// Every ticker's series, in the data's order: the page's cross-section universe.
pub fn universe() -> Result<Vec<Series>, Error> {
    let data = data()?;
    data.tickers()
        .iter()
        .map(|t| Ok(data.load(t)?.series))
        .collect()
}

/// The data's tickers, as the page's manifest lists them (upper case).
pub fn tickers() -> Result<Vec<String>, Error> {
    Ok(data()?.tickers())
}

/// The view and the URL reader's notices for `query` (`long=XLE&t=3`, with or without `?`),
/// read by the page's own URL reader (`state_from_query`) against the data's tickers.
pub fn view_and_notices(query: &str) -> Result<(ViewState, Vec<Notice>), Error> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
    Ok(state_from_query(&pairs, &tickers()?))
}

/// The view the page shows at `query`, by the page's own URL reader; an error if the reader
/// would not use every value as given (a notice).
pub fn view(query: &str) -> Result<ViewState, Error> {
    let (v, notices) = view_and_notices(query)?;
    if !notices.is_empty() {
        let said: Vec<String> = notices.iter().map(Notice::message).collect();
        return Err(format!("?{query} is not used as given: {said:?}").into());
    }
    Ok(v)
}

/// The first and last common dates of a prepared pair.
pub fn data_range(pair: &PreparedPair) -> Result<(Date, Date), Error> {
    let dates = pair.pair().dates();
    match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => Ok((*first, *last)),
        _ => Err("the two legs have no common dates".into()),
    }
}

/// A view run natively: the engine's rule and options come from the page's own definition of
/// the settings (`ViewState::study_inputs` on the pair's dates), the numbers from the engine.
pub trait Native {
    /// The engine's inputs (and the notices about the pair's data) for this view on `pair`.
    fn inputs_on(&self, pair: &PreparedPair) -> Result<StudyInputs, Error>;
    /// Number of events on an already prepared pair (cheap: no statistics).
    fn count_on(&self, pair: &PreparedPair) -> Result<usize, Error>;
    /// The whole study on an already prepared pair.
    fn study_on(&self, pair: &PreparedPair) -> Result<Study, Error>;
    /// The whole study, loading the view's pair.
    fn study(&self) -> Result<Study, Error>;
    /// The view's pair, prepared.
    fn pair(&self) -> Result<PreparedPair, Error>;
}

impl Native for ViewState {
    fn inputs_on(&self, pair: &PreparedPair) -> Result<StudyInputs, Error> {
        data_range(pair)?;
        Ok(self.study_inputs()?)
    }

    fn count_on(&self, pair: &PreparedPair) -> Result<usize, Error> {
        Ok(pair.events(&self.inputs_on(pair)?.rule).len())
    }

    fn study_on(&self, pair: &PreparedPair) -> Result<Study, Error> {
        let inputs = self.inputs_on(pair)?;
        Ok(pair.study(&inputs.rule, &inputs.options)?)
    }

    fn study(&self) -> Result<Study, Error> {
        self.study_on(&self.pair()?)
    }

    fn pair(&self) -> Result<PreparedPair, Error> {
        prepared(&self.long, &self.short)
    }
}

/// The study the page should show at `query` (read as the page reads it), run natively.
pub fn native_study(query: &str) -> Result<Study, Error> {
    view(query)?.study()
}

/// One summary figure as the page shows it: an element with a `data-field` in a horizon's row.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryCell {
    /// The row's `data-horizon`.
    pub horizon: u64,
    /// `data-field`: the CLI JSON's key, or [`EVIDENCE_FIELD`].
    pub field: String,
    /// `data-value` (full precision, intervals as `[low,high]`, empty when missing); `None`
    /// when the element has no such attribute (an n/a figure, the evidence word).
    pub value: Option<String>,
    /// `data-na="1"`: the figure is "n/a" (too few separate episodes).
    pub na: bool,
    /// The text shown.
    pub text: String,
}

/// The one summary field the JSON does not have: the evidence word (a span whose text is
/// "evidence: WORD").
pub const EVIDENCE_FIELD: &str = "evidence";

/// Every summary field the page must expose, named as in the CLI's JSON (by the engine's one
/// layout table): per leg its mean with interval, random-day and shifted-pattern placebo p,
/// median, hit rate, placebo mean and baseline mean, and the excursions of long and short
/// (the pair has none); the pair's edge and the pair-only figures; and the evidence word.
pub fn summary_fields() -> Vec<&'static str> {
    use equalizer_engine::study::{HorizonSummary, Leg, LegField};
    let per_leg = [
        LegField::Mean,
        LegField::MeanCi,
        LegField::PlaceboP,
        LegField::PlaceboShiftP,
        LegField::Median,
        LegField::HitRate,
        LegField::PlaceboMean,
        LegField::BaselineMean,
        LegField::MaxGainMean,
        LegField::MaxLossMean,
    ];
    let mut fields = vec!["count", "distinct_count"];
    for leg in Leg::ALL {
        // `key` is None where a figure does not exist (the pair's excursions).
        fields.extend(per_leg.iter().filter_map(|f| HorizonSummary::key(leg, *f)));
    }
    fields.extend(HorizonSummary::key(Leg::Pair, LegField::Edge));
    fields.extend([
        "pair_edge_ci",
        "pair_mean_loo_min",
        "pair_mean_loo_max",
        "pair_edge_t_naive",
        "pair_edge_t_overlap",
        "distinct_t_pair",
        "distinct_p_pair",
        EVIDENCE_FIELD,
    ]);
    fields
}

/// The figures the n/a rule takes away from a horizon with fewer than 3 separate episodes:
/// every interval, p-value and t the page shows (means, medians, counts stay).
pub fn inference_fields() -> Vec<&'static str> {
    use equalizer_engine::study::{HorizonSummary, Leg, LegField};
    let mut fields: Vec<&str> = Vec::new();
    for leg in Leg::ALL {
        fields.extend(
            [
                LegField::MeanCi,
                LegField::PlaceboP,
                LegField::PlaceboShiftP,
            ]
            .iter()
            .filter_map(|f| HorizonSummary::key(leg, *f)),
        );
    }
    fields.extend([
        "pair_edge_ci",
        "pair_edge_t_naive",
        "pair_edge_t_overlap",
        "distinct_t_pair",
        "distinct_p_pair",
    ]);
    fields
}

/// The evidence word of a summary row (as JSON) by the rules the README states, written out
/// here on their own: fewer than 3 separate episodes (or the engine's `too_few_episodes`):
/// "too few separate episodes to tell"; of the shifted-pattern placebo (two-sided: its p
/// doubled) and the one-per-episode t's p (only when its t has the edge's sign), those the
/// calibration report lets speak: at least 5
/// episodes and all of them below 0.05 (at least one): "strong"; one below 0.10: "weak"; else
/// "none".
pub fn evidence_by_the_rules(row: &Value) -> &'static str {
    let episodes = row["distinct_count"].as_u64().unwrap_or(0);
    if row["too_few_episodes"] == Value::Bool(true) || episodes < 3 {
        return "too few separate episodes to tell";
    }
    use equalizer_engine::study::significance::Figure;
    use equalizer_web::calibration::speaks;
    // The two-sided p of each evidence test the calibration lets speak (the shift placebo's
    // one-sided p doubled); a missing p never counts as below.
    let tests: Vec<Option<f64>> = [
        (
            Figure::ShiftPlacebo,
            row["placebo_shift_p_pair"]
                .as_f64()
                .map(|p| (2.0 * p).min(1.0)),
        ),
        // The episode t only where it points the way of the edge.
        (
            Figure::DistinctT,
            row["distinct_p_pair"].as_f64().filter(|_| {
                match (row["distinct_t_pair"].as_f64(), row["pair_edge"].as_f64()) {
                    (Some(t), Some(e)) => (t >= 0.0) == (e >= 0.0),
                    _ => false,
                }
            }),
        ),
    ]
    .into_iter()
    .filter(|(f, _)| speaks(*f))
    .map(|(_, p)| p)
    .collect();
    let below = |p: &Option<f64>, level: f64| p.is_some_and(|p| p < level);
    if episodes >= 5 && !tests.is_empty() && tests.iter().all(|p| below(p, 0.05)) {
        "strong"
    } else if tests.iter().any(|p| below(p, 0.10)) {
        "weak"
    } else {
        "none"
    }
}

/// Asserts the page shows every field of every horizon and that each value equals the
/// engine's bit for bit (intervals as `[low,high]`), n/a exactly where the n/a rule applies,
/// and each horizon's evidence word as the page's own rule (`evidence_of`) gives it.
pub fn assert_summary_matches(cells: &[SummaryCell], study: &Study) -> Result<(), Error> {
    use equalizer_web::verdict::evidence_of;
    assert_summary_json(cells, &serde_json::to_value(&study.summary)?)?;
    for r in &study.summary {
        let shown = cells
            .iter()
            .find(|c| c.horizon == r.horizon as u64 && c.field == EVIDENCE_FIELD)
            .ok_or(format!("no evidence at horizon {}", r.horizon))?;
        assert_eq!(
            shown.text,
            format!("evidence: {}", evidence_of(r).words()),
            "evidence at horizon {}",
            r.horizon
        );
    }
    Ok(())
}

/// [`assert_summary_matches`] against a summary as JSON (the engine's, or the CLI's
/// `study --json` `summary`); the evidence word by [`evidence_by_the_rules`]. An n/a figure
/// (`data-na="1"`, no `data-value`) passes only where the JSON has `null` and the row is
/// `too_few_episodes`, and there every interval, p-value and t must be n/a.
pub fn assert_summary_json(cells: &[SummaryCell], expected: &Value) -> Result<(), Error> {
    let mut want = summary_fields();
    want.sort_unstable();
    let inference = inference_fields();
    let rows = expected.as_array().ok_or("the summary is not a list")?;
    assert!(!rows.is_empty(), "no summary rows to compare");
    for r in rows {
        let h = r["horizon"]
            .as_u64()
            .ok_or("a summary row without a horizon")?;
        let mut names: Vec<&str> = cells
            .iter()
            .filter(|c| c.horizon == h)
            .map(|c| c.field.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(names, want, "fields at horizon {h}");
    }
    for SummaryCell {
        horizon: h,
        field,
        value,
        na,
        text,
    } in cells
    {
        let row = rows
            .iter()
            .find(|r| r["horizon"].as_u64() == Some(*h))
            .ok_or(format!("no engine row for horizon {h}"))?;
        let thin = row["too_few_episodes"]
            .as_bool()
            .ok_or(format!("no too_few_episodes at horizon {h}"))?;
        if field == EVIDENCE_FIELD {
            assert_eq!(
                text,
                &format!("evidence: {}", evidence_by_the_rules(row)),
                "evidence at horizon {h}"
            );
            assert!(!na, "the evidence word at {h} is never n/a");
            continue;
        }
        let must_be_na = thin && inference.contains(&field.as_str());
        assert_eq!(
            *na, must_be_na,
            "{field} at horizon {h}: n/a is {na}, too_few_episodes is {thin}"
        );
        if *na {
            assert_eq!(
                row[field.as_str()],
                Value::Null,
                "{field} at {h} is n/a on the page, not in the JSON"
            );
            assert_eq!(value, &None, "{field} at {h} is n/a with a data-value");
            assert_eq!(text, "n/a", "{field} at {h}");
            continue;
        }
        let value = value
            .as_deref()
            .ok_or(format!("{field} at {h} has no data-value"))?;
        match &row[field.as_str()] {
            Value::Null => assert_eq!(value, "", "{field} at {h} should be empty"),
            want @ Value::Array(_) => {
                let got: Value = serde_json::from_str(value)
                    .map_err(|e| format!("{field} at {h}: '{value}': {e}"))?;
                assert_eq!(&got, want, "{field} at horizon {h}");
            }
            want => {
                let got: f64 = value
                    .parse()
                    .map_err(|e| format!("{field} at {h}: '{value}': {e}"))?;
                assert_eq!(Some(got), want.as_f64(), "{field} at horizon {h}");
            }
        }
    }
    Ok(())
}

/// The CLI binary (`equalizer`) of this workspace: `cargo build` first (a no-op when it is up
/// to date), so it is the current source's, then `target/debug/equalizer`.
pub fn cli_binary() -> Result<PathBuf, Error> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args(["build", "-q", "-p", "equalizer-cli", "--bin", "equalizer"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo build -p equalizer-cli failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let bin = target.join("debug").join("equalizer");
    if !bin.exists() {
        return Err(format!("no CLI binary at {}", bin.display()).into());
    }
    Ok(bin)
}

/// `equalizer study ARGS --json` on the data the tests use, parsed.
pub fn cli_study_json(args: &[&str]) -> Result<Value, Error> {
    cli_json("study", args)
}

/// `equalizer COMMAND ARGS --json` on the data the tests use, parsed.
pub fn cli_json(command: &str, args: &[&str]) -> Result<Value, Error> {
    let bin = cli_binary()?;
    let out = Command::new(&bin)
        .arg("--data")
        .arg(data_dir(None))
        .arg(command)
        .args(args)
        .arg("--json")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "equalizer {command} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}
