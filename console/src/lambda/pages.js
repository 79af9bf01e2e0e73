// Lambda pages: the function list, Create function (author from scratch),
// and a function's page with its Code (editor, Deploy, Test), Test (saved
// events), Configuration and Monitor (recent logs) tabs.
import { ACCOUNT, AwsError, lambda, logs } from "../api.js";
import {
  action, breadcrumbs, button, confirmDialog, dialog, field, flashAfterNavigation, formatTime, h, navigate,
  pageHeader, panel, select, showError, showFlash, table, tabs,
} from "../ui.js";
import { executionResults } from "./results.js";
import { TEMPLATES, deleteEvent, forgetFunction, loadEvents, saveEvent, selectEvent } from "./test_events.js";
import { asText, readZip, toBase64, writeZip } from "./zip.js";

export const RUNTIMES = [
  ["nodejs24.x", "Node.js 24.x"], ["nodejs22.x", "Node.js 22.x"], ["nodejs20.x", "Node.js 20.x"],
  ["nodejs18.x", "Node.js 18.x"], ["python3.14", "Python 3.14"], ["python3.13", "Python 3.13"],
  ["python3.12", "Python 3.12"], ["python3.11", "Python 3.11"], ["python3.10", "Python 3.10"],
  ["python3.9", "Python 3.9"],
];

// What the AWS console starts a new function with: a hello-world handler in
// the file the handler names (index.mjs for index.handler).
export function defaultHandler(runtime) {
  return runtime.startsWith("python") ? "lambda_function.lambda_handler" : "index.handler";
}

export function starter(runtime, handler = defaultHandler(runtime)) {
  const dot = handler.lastIndexOf(".");
  const module = dot > 0 ? handler.slice(0, dot) : handler;
  const fn = dot > 0 ? handler.slice(dot + 1) : "handler";
  if (runtime.startsWith("python")) {
    return {
      file: `${module}.py`,
      code: `import json\n\ndef ${fn}(event, context):\n    # TODO implement\n    return {\n` +
        "        'statusCode': 200,\n        'body': json.dumps('Hello from Lambda!')\n    }\n",
    };
  }
  return {
    file: `${module}.mjs`,
    code: `export const ${fn} = async (event) => {\n  // TODO implement\n  const response = {\n` +
      "    statusCode: 200,\n    body: JSON.stringify('Hello from Lambda!'),\n  };\n  return response;\n};\n",
  };
}

const fnHref = (name, tab) => `#/lambda/functions/${encodeURIComponent(name)}${tab ? `?tab=${tab}` : ""}`;

// ---- list and create -----------------------------------------------------------

export async function functionsPage() {
  const fns = (await lambda.list()).sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
  const selected = new Set();
  const del = button("Delete", async () => {
    const list = [...selected];
    const ok = await confirmDialog(`Delete ${list.length === 1 ? "function" : "functions"}`,
      `Delete ${list.join(", ")}? Deleting a function removes its code and configuration; its logs stay in CloudWatch Logs.`, { word: "confirm" });
    if (!ok) return;
    await action(del, async () => {
      for (const name of list) {
        await lambda.remove(name);
        forgetFunction(name);
      }
      flashAfterNavigation("success", "Deleted", `Successfully deleted ${list.join(", ")}.`);
      navigate("#/lambda/functions");
    });
  }, "normal", { disabled: true });
  return h("div", null,
    breadcrumbs(["Lambda", "#/lambda/functions"], "Functions"),
    pageHeader(`Functions (${fns.length})`, button("Refresh", () => navigate("#/lambda/functions")), del,
      button("Create function", () => navigate("#/lambda/create"), "primary")),
    table([
      { title: "", render: (f) => h("input", { type: "checkbox", "aria-label": `Select ${f.FunctionName}`, onchange: (e) => {
        e.target.checked ? selected.add(f.FunctionName) : selected.delete(f.FunctionName);
        del.disabled = selected.size === 0;
      } }) },
      { title: "Function name", render: (f) => h("a", { href: fnHref(f.FunctionName) }, f.FunctionName) },
      { title: "Description", render: (f) => f.Description ?? "" },
      { title: "Runtime", render: (f) => f.Runtime ?? "" },
      { title: "Handler", render: (f) => f.Handler ?? "" },
      { title: "Code size", render: (f) => `${(f.CodeSize / 1024).toFixed(1)} kB` },
      { title: "Last modified", render: (f) => formatTime(f.LastModified) },
    ], fns, { empty: "There is no data to display." }));
}

export function createFunctionPage() {
  const name = h("input", { type: "text", name: "functionName", placeholder: "myFunctionName" });
  const runtime = select(RUNTIMES, "nodejs22.x", { name: "runtime", "aria-label": "Runtime" });
  const handler = h("input", { type: "text", name: "handler", value: defaultHandler("nodejs22.x") });
  runtime.addEventListener("change", () => (handler.value = defaultHandler(runtime.value)));
  const create = button("Create function", () => action(create, async () => {
    const FunctionName = name.value.trim();
    const Handler = handler.value.trim();
    const s = starter(runtime.value, Handler);
    await lambda.create({
      FunctionName,
      Runtime: runtime.value,
      Handler,
      // The console creates a role per function; localcloud stores it and enforces nothing.
      Role: `arn:aws:iam::${ACCOUNT}:role/service-role/${FunctionName}-role`,
      Code: { ZipFile: toBase64(writeZip([{ name: s.file, data: s.code }])) },
      Architectures: ["x86_64"],
    });
    flashAfterNavigation("success", `Successfully created the function ${FunctionName}.`,
      "You can now change its code and configuration. To invoke your function with a test event, choose Test.");
    navigate(fnHref(FunctionName));
  }), "primary");
  return h("form", { onsubmit: (e) => e.preventDefault() },
    breadcrumbs(["Lambda", "#/lambda/functions"], ["Functions", "#/lambda/functions"], "Create function"),
    pageHeader("Create function"),
    h("div", { class: "radio-cards" }, h("label", null, h("input", { type: "radio", name: "how", checked: true }), "Author from scratch")),
    panel("Basic information",
      field("Function name", name, "Letters, numbers, hyphens or underscores, no spaces."),
      field("Runtime", runtime, "The language of your function. The editor starts it with a hello-world handler."),
      field("Architecture", select(["x86_64"], "x86_64", { disabled: true })),
      field("Handler", handler, "file.function: the module and the function Lambda calls.")),
    panel("Permissions", h("p", null, "Execution role: a new role with basic Lambda permissions. localcloud records roles but enforces none: functions can use every table.")),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate("#/lambda/functions")), create));
}

// ---- one function ------------------------------------------------------------

export async function functionPage({ name, query }) {
  const fn = await lambda.get(name);
  const config = fn.Configuration;
  const ctx = { name, config, codeLocation: fn.Code?.Location };
  const root = h("div", null,
    breadcrumbs(["Lambda", "#/lambda/functions"], ["Functions", "#/lambda/functions"], name),
    pageHeader(name, button("Delete", async () => {
      if (!(await confirmDialog("Delete function", `Delete ${name}?`, { word: "confirm" }))) return;
      await action(null, async () => {
        await lambda.remove(name);
        forgetFunction(name);
        flashAfterNavigation("success", "Deleted", `Successfully deleted ${name}.`);
        navigate("#/lambda/functions");
      });
    }, "danger")),
    panel("Function overview",
      h("dl", { class: "summary" },
        h("div", { class: "wide" }, h("dt", null, "Function ARN"), h("dd", { class: "arn" }, config.FunctionArn)),
        h("div", null, h("dt", null, "Runtime"), h("dd", null, config.Runtime)),
        h("div", null, h("dt", null, "Handler"), h("dd", null, config.Handler)),
        h("div", null, h("dt", null, "Last modified"), h("dd", null, formatTime(config.LastModified))),
        config.Description && h("div", null, h("dt", null, "Description"), h("dd", null, config.Description)))));
  const t = tabs([
    ["code", "Code", (el) => codeTab(el, ctx)],
    ["test", "Test", (el) => testTab(el, ctx)],
    ["configuration", "Configuration", (el) => configurationTab(el, ctx)],
    ["monitor", "Monitor", (el) => monitorTab(el, ctx)],
  ], query.get("tab") ?? "code", (id) => history.replaceState(null, "", fnHref(name, id === "code" ? "" : id)));
  root.append(t);
  return root;
}

// Runs the function with the selected saved event, or asks for one first.
async function runTest(ctx, into, button_, undeployed = () => false) {
  const saved = loadEvents(ctx.name);
  if (!saved.selected || !(saved.selected in saved.events)) {
    await configureTestEvent(ctx.name);
    return;
  }
  const eventName = saved.selected;
  await action(button_, async () => {
    const result = await lambda.invoke(ctx.name, saved.events[eventName]);
    into.replaceChildren(executionResults(eventName, result));
    if (undeployed()) {
      showFlash("info", "Changes not deployed", "The test ran the deployed code: choose Deploy to run your changes.");
    }
  });
}

// The "Configure test event" dialog; resolves to the saved event's name.
function configureTestEvent(fn) {
  const saved = loadEvents(fn);
  return dialog("Configure test event", (close) => {
    const name = h("input", { type: "text", name: "eventName", value: saved.selected ? "" : "TestEvent", placeholder: "MyEventName" });
    const template = select(Object.keys(TEMPLATES), "hello-world", { name: "template", "aria-label": "Template" });
    const json = h("textarea", { rows: 10, spellcheck: "false", "aria-label": "Event JSON" });
    json.value = JSON.stringify(TEMPLATES["hello-world"], null, 2);
    template.addEventListener("change", () => (json.value = JSON.stringify(TEMPLATES[template.value], null, 2)));
    const save = button("Save", () => action(save, async () => {
      const eventName = name.value.trim();
      if (!/^[A-Za-z0-9._-]{1,25}$/.test(eventName)) {
        throw new AwsError("ValidationError", "The event name must be 1 to 25 letters, digits, periods, hyphens or underscores.");
      }
      try {
        JSON.parse(json.value);
      } catch (e) {
        throw new AwsError("ValidationError", `The event must be valid JSON: ${e.message}`);
      }
      saveEvent(fn, eventName, json.value);
      showFlash("success", "Test event saved", `The test event ${eventName} was saved.`);
      close(eventName);
    }), "primary");
    return h("div", null,
      h("p", null, "A test event is the JSON your function's handler receives as its event."),
      field("Event name", name), field("Template", template), field("Event JSON", json),
      h("div", { class: "dialog-actions" }, button("Cancel", () => close(undefined)), save));
  });
}

async function codeTab(el, ctx) {
  if (ctx.config.Runtime === "localcloud.cpp") {
    const results = h("div", { class: "results" });
    const test = button("Test", () => runTest(ctx, results, test));
    el.append(panel("Code source", h("p", null, `${ctx.name} is an in-process C++ handler built into localcloud (`,
      h("code", null, ctx.config.Handler), "): its code is in handlers/, not in a package to edit here.")),
    h("div", { class: "form-actions" }, test), results);
    return;
  }
  el.append(h("p", { class: "muted" }, "Loading the function's code…"));
  const [zip, { createEditor }] = await Promise.all([lambda.download(ctx.codeLocation), import("./editor.js")]);
  const files = (await readZip(zip)).map((f) => ({ ...f, text: asText(f.data) }));
  files.sort((a, b) => a.name.localeCompare(b.name));
  const deployed = new Map(files.map((f) => [f.name, f.text]));
  const handlerFile = ctx.config.Handler?.split(".")[0];
  let current = files.find((f) => f.text !== null && f.name.replace(/\.[^.]+$/, "") === handlerFile) ??
    files.find((f) => f.text !== null) ?? null;

  const state = h("span", { class: "deploy-state" });
  const refreshState = () => {
    const dirty = files.some((f) => f.text !== deployed.get(f.name));
    state.textContent = dirty ? "Changes not deployed" : "";
    state.classList.toggle("dirty", dirty);
    deploy.disabled = !dirty;
  };
  const list = h("div", { class: "file-list", "aria-label": "Files" });
  const editorBox = h("div", { class: "editor" });
  const editor = createEditor(editorBox, {
    doc: current?.text ?? "",
    name: current?.name ?? "",
    onChange: (text) => {
      if (current) current.text = text;
      refreshState();
    },
  });
  const renderList = () => list.replaceChildren(...files.filter((f) => !f.name.startsWith("node_modules/")).map((f) =>
    h("button", { type: "button", "aria-current": String(f === current), disabled: f.text === null, title: f.text === null ? "binary file" : f.name,
      onclick: () => {
        current = f;
        editor.load(f.text, f.name);
        renderList();
      } }, f.name)));
  renderList();

  const results = h("div", { class: "results" });
  const deploy = button("Deploy", () => action(deploy, async () => {
    const zipped = writeZip(files.map((f) => ({ name: f.name, data: f.text ?? f.data, mode: f.mode })));
    await lambda.updateCode(ctx.name, toBase64(zipped));
    for (const f of files) deployed.set(f.name, f.text);
    refreshState();
    showFlash("success", `Successfully updated the function ${ctx.name}.`, "");
  }), "primary");
  const test = button("Test", () => runTest(ctx, results, test, () => files.some((f) => f.text !== deployed.get(f.name))));
  const configure = button("Configure test event", () => configureTestEvent(ctx.name), "link");
  el.replaceChildren(
    h("div", { class: "page-header small" }, h("h2", null, "Code source"),
      h("div", { class: "actions" }, state, configure, test, deploy)),
    files.length === 0 ? h("p", null, "The package is empty.") : h("div", { class: "code-layout" }, list, editorBox),
    results);
  refreshState();
}

async function testTab(el, ctx) {
  let saved = loadEvents(ctx.name);
  const eventSelect = h("select", { "aria-label": "Saved event" });
  const name = h("input", { type: "text", name: "testEventName", placeholder: "MyEventName" });
  const json = h("textarea", { rows: 12, spellcheck: "false", "aria-label": "Event JSON" });
  const fill = () => {
    const names = Object.keys(saved.events);
    eventSelect.replaceChildren(h("option", { value: "" }, "Create new event"),
      names.map((n) => h("option", { value: n, selected: n === saved.selected }, n)));
    const sel = saved.selected && saved.events[saved.selected] !== undefined ? saved.selected : "";
    eventSelect.value = sel;
    name.value = sel || "";
    name.disabled = Boolean(sel);
    json.value = sel ? saved.events[sel] : JSON.stringify(TEMPLATES["hello-world"], null, 2);
  };
  eventSelect.addEventListener("change", () => {
    if (eventSelect.value) selectEvent(ctx.name, eventSelect.value);
    saved = loadEvents(ctx.name);
    if (!eventSelect.value) saved.selected = null;
    fill();
  });
  fill();
  const results = h("div", { class: "results" });
  const save = button("Save", () => action(save, async () => {
    const eventName = eventSelect.value || name.value.trim();
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(eventName)) {
      throw new AwsError("ValidationError", "The event name must be 1 to 25 letters, digits, periods, hyphens or underscores.");
    }
    try {
      JSON.parse(json.value);
    } catch (e) {
      throw new AwsError("ValidationError", `The event must be valid JSON: ${e.message}`);
    }
    saved = saveEvent(ctx.name, eventName, json.value);
    fill();
    showFlash("success", "Test event saved", `The test event ${eventName} was saved.`);
  }));
  const remove = button("Delete", () => {
    if (!eventSelect.value) return;
    saved = deleteEvent(ctx.name, eventSelect.value);
    fill();
  }, "link");
  const test = button("Test", () => action(test, async () => {
    const eventName = eventSelect.value || name.value.trim() || "(unsaved event)";
    const result = await lambda.invoke(ctx.name, json.value);
    results.replaceChildren(executionResults(eventName, result));
  }), "primary");
  el.append(panel("Test event",
    h("p", { class: "muted" }, "Saved test events are kept in this browser, per function."),
    h("div", { class: "field-row" }, field("Event", eventSelect), field("Event name", name)),
    field("Event JSON", json),
    h("div", { class: "form-actions" }, remove, save, test)), results);
}

async function configurationTab(el, ctx) {
  const c = ctx.config;
  const description = h("input", { type: "text", name: "description", value: c.Description ?? "" });
  const memory = h("input", { type: "number", name: "memory", min: 128, max: 10240, value: c.MemorySize });
  const timeout = h("input", { type: "number", name: "timeout", min: 1, max: 900, value: c.Timeout });
  const handler = h("input", { type: "text", name: "handler", value: c.Handler ?? "" });
  const runtime = select(RUNTIMES.some(([r]) => r === c.Runtime) ? RUNTIMES : [[c.Runtime, c.Runtime], ...RUNTIMES], c.Runtime, { "aria-label": "Runtime" });
  const vars = h("div", { class: "env-vars" });
  const addVar = (k = "", v = "") => {
    const row = h("div", { class: "kv-row" },
      h("input", { type: "text", value: k, placeholder: "Key", "aria-label": "Key" }),
      h("input", { type: "text", value: v, placeholder: "Value", "aria-label": "Value" }),
      button("Remove", () => row.remove(), "link"));
    vars.append(row);
  };
  for (const [k, v] of Object.entries(c.Environment?.Variables ?? {})) addVar(k, v);
  const save = button("Save", () => action(save, async () => {
    const Variables = {};
    for (const row of vars.querySelectorAll(".kv-row")) {
      const [k, v] = row.querySelectorAll("input");
      if (k.value.trim()) Variables[k.value.trim()] = v.value;
    }
    const updated = await lambda.updateConfiguration(ctx.name, {
      Description: description.value, MemorySize: Number(memory.value), Timeout: Number(timeout.value),
      Handler: handler.value.trim(), Runtime: runtime.value, Environment: { Variables },
    });
    Object.assign(ctx.config, updated);
    showFlash("success", `Successfully updated the function ${ctx.name}.`, "");
  }), "primary");
  el.append(
    panel("General configuration",
      field("Description", description),
      h("div", { class: "field-row" }, field("Memory (MB)", memory), field("Timeout (seconds)", timeout)),
      h("div", { class: "field-row" }, field("Runtime", runtime), field("Handler", handler))),
    panel("Environment variables", vars, button("Add environment variable", () => addVar(), "normal")),
    panel("Permissions", h("dl", { class: "summary" },
      h("div", null, h("dt", null, "Execution role"), h("dd", null, c.Role ?? ""))),
      h("p", { class: "muted" }, "localcloud records roles and policies but enforces none: the workshop's IAM steps are not needed here.")),
    h("div", { class: "form-actions" }, save));
}

async function monitorTab(el, ctx) {
  const group = ctx.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${ctx.name}`;
  const box = h("div");
  const load = async () => {
    const events = [];
    let nextToken;
    let pages = 0;
    do {
      const page = await logs("FilterLogEvents", { logGroupName: group, startTime: Date.now() - 3600_000, nextToken });
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ++pages < 10);
    const recent = events.slice(-300);
    box.replaceChildren(table([
      { title: "Timestamp", render: (e) => new Date(e.timestamp).toISOString() },
      { title: "Message", render: (e) => h("pre", null, e.message) },
      { title: "Log stream", render: (e) => h("span", { class: "muted" }, e.logStreamName) },
    ], recent, { empty: "No log events in the last hour." }));
  };
  const refresh = button("Refresh", () => action(refresh, load));
  el.append(h("div", { class: "page-header small" }, h("h2", null, `Recent logs: ${group}`), h("div", { class: "actions" }, refresh)),
    h("div", { class: "log-lines" }, box));
  try {
    await load();
  } catch (e) {
    if (e.type === "ResourceNotFoundException") {
      box.replaceChildren(h("p", { class: "muted" }, `${e.type}: ${e.message} The log group is created when the function first runs.`));
    } else {
      showError(e);
    }
  }
}
