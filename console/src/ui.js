// DOM helpers shared by every page: element building, flashes (the console's
// coloured banners), dialogs, tabs, and `action`, which runs a button's work
// and shows any error it raises.
import { AwsError } from "./api.js";

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "class") el.className = v;
    else if (k === "value") el.value = v;
    else if (k === "checked" || k === "disabled" || k === "selected") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// ---- flashes ---------------------------------------------------------------

let pending = [];  // shown after the next page has rendered

function flashElement(kind, title, message) {
  const el = h("div", { class: `flash flash-${kind}`, role: kind === "error" ? "alert" : "status" },
    h("div", { class: "flash-text" },
      title && h("strong", { class: "flash-title" }, title),
      message && h("span", { class: "flash-message" }, message)),
    h("button", { class: "flash-close", "aria-label": "Dismiss", onclick: () => el.remove() }, "×"));
  return el;
}

// The newest flash comes first; showing one again moves it to the top.
export function showFlash(kind, title, message) {
  const box = document.getElementById("flashes");
  const el = flashElement(kind, title, message);
  for (const old of box.children) if (old.className === el.className && old.textContent === el.textContent) old.remove();
  box.prepend(el);
}

export function showError(error) {
  if (error instanceof AwsError) return showFlash("error", error.type, error.message);
  console.error(error);
  showFlash("error", error?.name ?? "Error", error?.message ?? String(error));
}

export function flashAfterNavigation(kind, title, message) {
  pending.push([kind, title, message]);
}

// Called by the router: a new page replaces the flashes of the last one.
export function resetFlashes() {
  const box = document.getElementById("flashes");
  box.replaceChildren();
  for (const [kind, title, message] of pending) box.append(flashElement(kind, title, message));
  pending = [];
}

// Runs `work` for a button: disabled while it runs, errors shown as flashes.
// Resolves to work's result, or undefined when it failed.
export async function action(button, work) {
  const label = button?.textContent;
  if (button) {
    button.disabled = true;
    button.classList.add("busy");
  }
  try {
    return await work();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.classList.remove("busy");
      button.textContent = label;
    }
  }
}

// ---- building blocks -------------------------------------------------------

export function pageHeader(title, ...actions) {
  return h("div", { class: "page-header" }, h("h1", null, title), h("div", { class: "actions" }, actions));
}

export function breadcrumbs(...parts) {
  return h("nav", { class: "crumbs" }, parts.map((p, i) => [
    i > 0 && h("span", { class: "sep" }, "›"),
    Array.isArray(p) ? h("a", { href: p[1] }, p[0]) : h("span", null, p),
  ]));
}

export function field(label, input, hint) {
  const id = input.id || (input.id = "f" + Math.random().toString(36).slice(2));
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint && h("p", { class: "hint" }, hint));
}

export function button(label, onclick, kind = "normal", extra = {}) {
  return h("button", { type: "button", class: `btn btn-${kind}`, onclick, ...extra }, label);
}

export function select(options, value, props = {}) {
  return h("select", props, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h("option", { value: v, selected: v === value }, text);
  }));
}

export function table(columns, rows, { empty = "Nothing here yet.", rowProps } = {}) {
  return h("table", { class: "grid" },
    h("thead", null, h("tr", null, columns.map((c) => h("th", null, c.title)))),
    h("tbody", null, rows.length === 0
      ? h("tr", null, h("td", { colspan: columns.length, class: "empty" }, empty))
      : rows.map((r) => h("tr", rowProps ? rowProps(r) : null, columns.map((c) => h("td", null, c.render(r)))))));
}

export function panel(title, ...children) {
  return h("section", { class: "panel" }, title && h("h2", null, title), children);
}

// Tabs whose bodies are built on first show. `tabs` is [[id, label, build]].
export function tabs(list, current, onSwitch) {
  const bar = h("div", { class: "tabs", role: "tablist" });
  const body = h("div", { class: "tab-body" });
  const built = new Map();
  const show = (id) => {
    for (const b of bar.children) b.setAttribute("aria-selected", String(b.dataset.tab === id));
    if (!built.has(id)) {
      const [, , build] = list.find((t) => t[0] === id);
      const el = h("div", { class: "tab-panel", role: "tabpanel" });
      built.set(id, el);
      Promise.resolve(build(el)).catch(showError);
    }
    body.replaceChildren(built.get(id));
    onSwitch?.(id);
  };
  for (const [id, label] of list) {
    const b = h("button", { type: "button", role: "tab", "data-tab": id, onclick: () => show(id) }, label);
    bar.append(b);
  }
  const root = h("div", { class: "tabbed" }, bar, body);
  root.show = show;
  show(list.some((t) => t[0] === current) ? current : list[0][0]);
  return root;
}

// A modal dialog. `build(close)` returns its body; resolves with close's argument.
export function dialog(title, build) {
  return new Promise((resolve) => {
    const d = h("dialog", { class: "modal" });
    const close = (value) => {
      d.close();
      d.remove();
      resolve(value);
    };
    d.addEventListener("cancel", (e) => {
      e.preventDefault();
      close(undefined);
    });
    d.append(h("h2", null, title), build(close));
    document.body.append(d);
    d.showModal();
  });
}

// Asks before something irreversible; with `word`, the user types it.
export function confirmDialog(title, message, { word, confirmLabel = "Delete" } = {}) {
  return dialog(title, (close) => {
    const input = word ? h("input", { type: "text", placeholder: word, "aria-label": `Type ${word}` }) : null;
    const ok = button(confirmLabel, () => {
      if (!word || input.value === word) close(true);
    }, "danger");
    if (input) {
      ok.disabled = true;
      input.addEventListener("input", () => (ok.disabled = input.value !== word));
    }
    return h("div", null, h("p", null, message),
      word && h("p", null, "To confirm, type ", h("code", null, word), " in the field."), input,
      h("div", { class: "dialog-actions" }, button("Cancel", () => close(false)), ok));
  });
}

export function formatTime(value) {
  if (value == null) return "";
  const d = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  return isNaN(d) ? String(value) : d.toLocaleString();
}

export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
