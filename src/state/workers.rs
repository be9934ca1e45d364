//! The page's side of its two workers (see [`crate::worker`]): starting them with the page's
//! own wasm module, posting requests (queued until a worker says it is ready) and handing each
//! reply to one callback.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::worker::computer::Role;
use crate::worker::host::role_name;
use crate::worker::protocol::{Reply, Request, decode, encode};

#[wasm_bindgen]
extern "C" {
    /// The URL of the page's wasm-bindgen module (its JS glue), which the workers import.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// Where the worker shim lives, relative to the page (so the site works under any base path).
const SHIM: &str = "worker.js";

/// A message waiting for its worker to start: the encoded request and its file, if any.
type Queued = (Vec<u8>, Option<ArrayBuffer>);

/// One worker: its handle, whether it has said it is ready, and what waits until it is.
struct Handle {
    worker: Worker,
    ready: bool,
    queue: Vec<Queued>,
    /// The closures the worker calls, kept as long as it lives.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

/// The page's workers. Cloning shares them.
#[derive(Clone)]
pub struct Workers {
    study: Rc<RefCell<Handle>>,
    cross: Rc<RefCell<Handle>>,
}

/// Sends one message now.
fn send(worker: &Worker, (bytes, file): Queued) -> Result<(), String> {
    let buffer = Uint8Array::new_with_length(bytes.len() as u32);
    buffer.copy_from(&bytes);
    let message = Array::of1(&buffer);
    let transfer = Array::of1(&buffer.buffer());
    if let Some(file) = file {
        message.push(&file);
        transfer.push(&file);
    }
    worker
        .post_message_with_transfer(&message, &transfer)
        .map_err(|e| format!("the page could not reach its worker: {e:?}"))
}

impl Workers {
    /// Starts both workers; `on_reply` receives every reply with the role of the worker that
    /// sent it.
    ///
    /// # Errors
    ///
    /// A sentence saying why a worker could not start.
    pub fn start(on_reply: impl Fn(Role, Reply) + 'static) -> Result<Workers, String> {
        let on_reply: Rc<dyn Fn(Role, Reply)> = Rc::new(on_reply);
        Ok(Workers {
            study: Rc::new(RefCell::new(start(Role::Study, Rc::clone(&on_reply))?)),
            cross: Rc::new(RefCell::new(start(Role::Cross, on_reply)?)),
        })
    }

    fn handle(&self, role: Role) -> &Rc<RefCell<Handle>> {
        match role {
            Role::Study => &self.study,
            Role::Cross => &self.cross,
        }
    }

    /// Marks a worker ready and sends what waited for it.
    ///
    /// # Errors
    ///
    /// A sentence when a queued message could not be sent.
    pub fn ready(&self, role: Role) -> Result<(), String> {
        let mut h = self.handle(role).borrow_mut();
        h.ready = true;
        let queue = std::mem::take(&mut h.queue);
        queue.into_iter().try_for_each(|m| send(&h.worker, m))
    }

    /// Posts `request` to the worker of `role`, with a file's bytes beside it (transferred).
    ///
    /// # Errors
    ///
    /// A sentence when the request could not be encoded or sent.
    pub fn post(
        &self,
        role: Role,
        request: &Request,
        file: Option<ArrayBuffer>,
    ) -> Result<(), String> {
        let bytes = encode(request).map_err(|e| e.to_string())?;
        let mut h = self.handle(role).borrow_mut();
        if h.ready {
            send(&h.worker, (bytes, file))
        } else {
            h.queue.push((bytes, file));
            Ok(())
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts one worker with the page's module.
fn start(role: Role, on_reply: Rc<dyn Fn(Role, Reply)>) -> Result<Handle, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    options.set_name(role_name(role));
    let worker = Worker::new_with_options(SHIM, &options).map_err(|e| {
        format!(
            "the page could not start its {} worker: {e:?}",
            role_name(role)
        )
    })?;
    let on_message = {
        let on_reply = Rc::clone(&on_reply);
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = Uint8Array::new(&Array::from(&event.data()).get(0)).to_vec();
            let reply = decode::<Reply>(&bytes).unwrap_or_else(|e| Reply::Broken {
                message: e.to_string(),
            });
            on_reply(role, reply);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let name = role_name(role);
    // A worker that fails (its script missing, the module refused) is said on the page.
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        on_reply(
            role,
            Reply::Broken {
                message: format!("the {name} worker stopped: {}", e.message()),
            },
        );
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The shim imports the page's module and starts it with the module the page compiled.
    let init = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&init, &key.into(), value);
    set("glue", &GLUE_URL.with(|u| JsValue::from_str(u)))
        .and_then(|_| set("module", &wasm_bindgen::module()))
        .map_err(|e| format!("the page could not describe its module: {e:?}"))?;
    worker
        .post_message(&init)
        .map_err(|e| format!("the page could not start its {name} worker: {e:?}"))?;
    Ok(Handle {
        worker,
        ready: false,
        queue: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}
