// Starts the page's own wasm module in a Web Worker. The page sends the URL of its
// wasm-bindgen module and the compiled WebAssembly.Module once; the module's `main` sees that
// it runs in a worker and takes over the worker's messages (src/worker/host.rs). The
// instance's exports stay on `self.wasm`, as Trunk's loader leaves the page's on the window's
// TrunkApplicationStarted event, so tools (`make bench`) can read each instance's memory.
self.onmessage = async (event) => {
  self.onmessage = null;
  const { glue, module } = event.data;
  const bindings = await import(glue);
  self.wasm = await bindings.default({ module_or_path: module });
};
