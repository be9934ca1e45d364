//! The worker's side of the page: started by `worker.js` with the page's own wasm module, it
//! takes [`Request`]s, answers each view part by part with a [`Computer`], and between two
//! parts lets newer messages in, so a newer view supersedes an older one at the next part.

use std::cell::RefCell;

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

use super::computer::{Answer, Computer, Role};
use super::protocol::{Reply, Request, ViewRequest, decode, encode};

/// The worker's name for each [`Role`] (the page names its workers when it starts them).
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Study => "study",
        Role::Cross => "cross",
    }
}

/// Whether this code runs in a dedicated worker (not on the page's main thread).
pub fn in_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

/// What the worker holds between messages.
struct Host {
    scope: DedicatedWorkerGlobalScope,
    computer: Computer,
    /// The newest view request not yet started.
    pending: Option<ViewRequest>,
    /// The answer being sent, one part per turn.
    current: Option<Answer>,
    /// A turn is scheduled (a message to ourselves is on its way).
    scheduled: bool,
    /// The channel that schedules turns: a message posted to it runs after any message the
    /// page has already sent, unlike a timer, and without a timer's clamping.
    turns: MessageChannel,
}

thread_local! {
    static HOST: RefCell<Option<Host>> = const { RefCell::new(None) };
}

/// Posts `reply` to the page as a transferred buffer. A reply that cannot be encoded is said
/// instead, so the page shows why.
fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let bytes = encode(reply).or_else(|e| {
        encode(&Reply::Broken {
            message: e.to_string(),
        })
    });
    let Ok(bytes) = bytes else { return };
    let buffer = Uint8Array::new_with_length(bytes.len() as u32);
    buffer.copy_from(&bytes);
    let message = Array::of1(&buffer);
    // A worker whose page has gone has no one to tell.
    let _ = scope.post_message_with_transfer(&message, &Array::of1(&buffer.buffer()));
}

/// Runs the worker: installs the message handlers and tells the page it is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let role = if scope.name() == role_name(Role::Cross) {
        Role::Cross
    } else {
        Role::Study
    };
    let Ok(turns) = MessageChannel::new() else {
        post(
            &scope,
            &Reply::Broken {
                message: "the worker could not make a message channel".to_owned(),
            },
        );
        return;
    };
    let on_turn = Closure::<dyn FnMut()>::new(turn);
    turns
        .port1()
        .set_onmessage(Some(on_turn.as_ref().unchecked_ref()));
    on_turn.forget();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(receive);
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Reply::Ready);
    HOST.set(Some(Host {
        scope,
        computer: Computer::new(role),
        pending: None,
        current: None,
        scheduled: false,
        turns,
    }));
}

/// A message from the page: `[request bytes]` or, for a bundle file, `[request bytes, file]`.
fn receive(event: MessageEvent) {
    let data = Array::from(&event.data());
    let request = decode::<Request>(&Uint8Array::new(&data.get(0)).to_vec());
    HOST.with_borrow_mut(|host| {
        let Some(host) = host else { return };
        let reply = match request {
            Err(e) => Some(Reply::Broken {
                message: e.to_string(),
            }),
            Ok(Request::Bundle { ticker, position }) => {
                let file = data
                    .get(1)
                    .dyn_into::<ArrayBuffer>()
                    .map(|b| Uint8Array::new(&b).to_vec());
                let added = match file {
                    Ok(bytes) => host.computer.add_bundle(&ticker, position, &bytes),
                    Err(_) => Err(format!("{ticker}: the page sent no file")),
                };
                Some(match added {
                    Ok(()) => Reply::BundleRead { ticker },
                    Err(message) => Reply::BundleRefused { ticker, message },
                })
            }
            Ok(Request::File {
                leg,
                file_name,
                text,
                partner,
            }) => Some(
                match host.computer.add_file(&leg, &file_name, &text, &partner) {
                    Ok(summary) => Reply::FileRead(summary),
                    Err(message) => Reply::FileRefused { file_name, message },
                },
            ),
            Ok(Request::View(view)) => {
                host.pending = Some(view);
                schedule(host);
                None
            }
        };
        if let Some(reply) = reply {
            post(&host.scope, &reply);
        }
    });
}

fn schedule(host: &mut Host) {
    if !host.scheduled {
        host.scheduled = true;
        // The channel lives as long as the worker: a failed post means the worker is closing.
        let _ = host.turns.port2().post_message(&JsValue::NULL);
    }
}

/// One turn: start the newest pending view (dropping an older answer), then send one part.
fn turn() {
    HOST.with_borrow_mut(|host| {
        let Some(host) = host else { return };
        host.scheduled = false;
        if let Some(request) = host.pending.take() {
            host.current = Some(host.computer.answer(request));
        }
        let Some(answer) = host.current.as_mut() else {
            return;
        };
        match host.computer.next_part(answer) {
            Some(reply) => {
                post(&host.scope, &reply);
                schedule(host);
            }
            None => host.current = None,
        }
    });
}
