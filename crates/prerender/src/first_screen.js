// The first screen's script, inlined into <head> by the page's build (crates/prerender), so it
// runs before anything is painted. The pre-rendered answer is the default view's: a link to
// any other view must never show it, so such a link gets a line naming the view it is
// loading instead. A theme the reader chose on an earlier visit applies from the first paint.
(() => {
  const defaults = new Map(DEFAULT_QUERY);
  const root = document.documentElement;
  try {
    const theme = localStorage.getItem(STORAGE_KEY);
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  } catch (_) {
    // Storage refused (a private window): the system's theme applies.
  }
  const params = new URLSearchParams(location.search);
  // Default only when every key names the default's own text (a different spelling of the
  // same value loads the app's answer rather than risk showing another view's).
  const isDefault = [...params].every(([key, value]) => defaults.get(key) === value);
  if (isDefault) return;
  root.classList.add("other-view");
  const text = (key) => {
    const value = params.get(key) ?? defaults.get(key) ?? "";
    return value.length > 40 ? `${value.slice(0, 40)}…` : value;
  };
  const unit = params.get("units") === "z" ? " σ" : " %";
  const t = text("t") + unit;
  const rule = { abs: `|spread| ≥ ${t}`, down: `spread ≤ −${t}` }[params.get("dir")] ?? `spread ≥ ${t}`;
  document.addEventListener("DOMContentLoaded", () => {
    const line = document.querySelector("#boot .view-loading");
    if (line) line.textContent = `Loading ${text("long")} − ${text("short")}, ${rule}…`;
    // Hidden from the first paint by the class above; gone from the page once it is parsed.
    document.querySelector("#boot .boot-answer")?.remove();
  });
})();
