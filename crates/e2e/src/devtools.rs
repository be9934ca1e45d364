//! The browser's own DevTools connection, for tools that must reach more than the page.
//!
//! ChromeDriver's DevTools command (`Browser::cdp`) runs on the page target only and returns no
//! events. The page's engine runs in dedicated Web Workers, which are targets of their own: to
//! read their memory, or throttle their CPU, a tool talks to the browser's DevTools websocket
//! (ChromeDriver starts Chromium with one and names it in the session's capabilities,
//! `goog:chromeOptions.debuggerAddress`), attaches to the page in flat mode and asks to be
//! attached to every worker the page starts.
//!
//! Chromium 156 refuses `Emulation.setCPUThrottlingRate` ("only supported for pages, not
//! workers") and `Network.emulateNetworkConditions` ("Not supported") on a dedicated worker:
//! throttling is set on the page only. `EQUALIZER_DEVTOOLS_DEBUG=1` prints every event, and the
//! workers' console and exceptions.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

use crate::{Browser, Error};

/// How long one DevTools command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

type Reply = Result<Value, String>;

/// A connection to the browser's DevTools endpoint, attached to the page and its workers.
#[derive(Clone)]
pub struct Devtools {
    inner: Arc<Inner>,
}

struct Inner {
    out: mpsc::UnboundedSender<Message>,
    next: AtomicU64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Commands waiting for their reply, by id.
    pending: HashMap<u64, oneshot::Sender<Reply>>,
    /// The page's workers attached now: session id → script URL.
    workers: BTreeMap<String, String>,
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn debug() -> bool {
    std::env::var_os("EQUALIZER_DEVTOOLS_DEBUG").is_some()
}

/// The address of the browser's DevTools endpoint that ChromeDriver opened for `b`.
fn debugger_address(b: &Browser) -> Result<String, Error> {
    let caps = b
        .client
        .capabilities()
        .ok_or("the WebDriver session has no capabilities")?;
    let addr = caps
        .get("goog:chromeOptions")
        .and_then(|o| o.get("debuggerAddress"))
        .and_then(Value::as_str)
        .ok_or("ChromeDriver named no goog:chromeOptions.debuggerAddress")?;
    // Chromium listens on IPv4 loopback; `localhost` may resolve to ::1 first.
    Ok(addr.replace("localhost", "127.0.0.1"))
}

/// `GET http://ADDR/json/version`: the browser's websocket URL. (Chromium answers HTTP/1.1
/// only, and keeps the connection open: the body is read by its length.)
fn websocket_url(addr: &str) -> Result<String, Error> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET /json/version HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&answer);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .ok_or("no Content-Length from /json/version")?;
            if body.len() >= length {
                let v: Value = serde_json::from_str(&body[..length])?;
                return Ok(v["webSocketDebuggerUrl"]
                    .as_str()
                    .ok_or_else(|| format!("no webSocketDebuggerUrl in {v}"))?
                    .to_owned());
            }
        }
    }
    Err("the DevTools endpoint closed before answering /json/version".into())
}

impl Devtools {
    /// Connects to the DevTools endpoint of `b`'s browser.
    pub async fn connect(b: &Browser) -> Result<Devtools, Error> {
        let url = websocket_url(&debugger_address(b)?)?;
        let (ws, _) = tokio_tungstenite::connect_async(url.as_str()).await?;
        let (mut sink, mut stream) = ws.split();
        let (out, mut outgoing) = mpsc::unbounded_channel::<Message>();
        tokio::spawn(async move {
            while let Some(m) = outgoing.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let inner = Arc::new(Inner {
            out,
            next: AtomicU64::new(1),
            state: Mutex::new(State::default()),
        });
        let me = Devtools { inner };
        let reader = me.clone();
        tokio::spawn(async move {
            while let Some(Ok(m)) = stream.next().await {
                let Message::Text(text) = m else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                reader.received(v);
            }
            // The browser is gone: every command still waiting fails.
            reader.inner.lock().pending.clear();
        });
        Ok(me)
    }

    /// A message from the browser: a reply, or an event.
    fn received(&self, v: Value) {
        if let Some(id) = v["id"].as_u64() {
            let waiting = self.inner.lock().pending.remove(&id);
            if let Some(tx) = waiting {
                let reply = match v.get("error") {
                    Some(e) => Err(e.to_string()),
                    None => Ok(v["result"].clone()),
                };
                let _ = tx.send(reply);
            }
            return;
        }
        if debug() {
            eprintln!("devtools event: {v}");
        }
        let params = &v["params"];
        match v["method"].as_str().unwrap_or("") {
            "Target.attachedToTarget" if params["targetInfo"]["type"] == "worker" => {
                let session = params["sessionId"].as_str().unwrap_or("").to_owned();
                let url = params["targetInfo"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned();
                self.inner.lock().workers.insert(session.clone(), url);
                if debug() {
                    let me = self.clone();
                    tokio::spawn(async move {
                        let _ = me.send(Some(&session), "Runtime.enable", json!({})).await;
                    });
                }
            }
            "Target.detachedFromTarget" => {
                if let Some(session) = params["sessionId"].as_str() {
                    self.inner.lock().workers.remove(session);
                }
            }
            _ => {}
        }
    }

    /// Runs a DevTools command on the browser (`session` None) or on an attached target.
    pub async fn send(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Error> {
        let id = self.inner.next.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let (tx, rx) = oneshot::channel();
        self.inner.lock().pending.insert(id, tx);
        self.inner
            .out
            .send(Message::Text(msg.to_string().into()))
            .map_err(|_| "the DevTools connection is closed")?;
        match tokio::time::timeout(COMMAND_TIMEOUT, rx).await {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(e))) => Err(format!("{method}: {e}").into()),
            Ok(Err(_)) => Err(format!("{method}: the DevTools connection closed").into()),
            Err(_) => {
                self.inner.lock().pending.remove(&id);
                Err(format!("{method}: no reply within {COMMAND_TIMEOUT:?}").into())
            }
        }
    }

    /// Attaches to the page of `b`'s WebDriver window (flat mode) and asks to be attached to
    /// every worker it starts; returns the page's session id.
    pub async fn attach_page(&self, b: &Browser) -> Result<String, Error> {
        // ChromeDriver's window handle is the page's DevTools target id (the browser may have
        // other tabs, e.g. its start page).
        let target: String = b.client.window().await?.into();
        let targets = self.send(None, "Target.getTargets", json!({})).await?;
        if !targets["targetInfos"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t["type"] == "page" && t["targetId"] == target.as_str())
        {
            return Err(format!("no page target {target}: {targets}").into());
        }
        let attached = self
            .send(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target, "flatten": true }),
            )
            .await?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("Target.attachToTarget gave no session")?
            .to_owned();
        self.send(
            Some(&session),
            "Target.setAutoAttach",
            json!({ "autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true }),
        )
        .await?;
        Ok(session)
    }

    /// The session ids of the page's workers attached now.
    pub fn workers(&self) -> Vec<String> {
        self.inner.lock().workers.keys().cloned().collect()
    }

    /// Evaluates `expr` in a target's main context, awaiting a promise; its value as JSON.
    pub async fn eval(&self, session: &str, expr: &str) -> Result<Value, Error> {
        let v = self
            .send(
                Some(session),
                "Runtime.evaluate",
                json!({ "expression": expr, "awaitPromise": true, "returnByValue": true }),
            )
            .await?;
        if let Some(e) = v.get("exceptionDetails") {
            return Err(format!("{expr}: {e}").into());
        }
        Ok(v["result"]["value"].clone())
    }
}
