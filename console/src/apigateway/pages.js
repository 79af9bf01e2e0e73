// API Gateway pages: REST APIs (list, create, delete), an API's resource tree
// with Create resource / Create method / the method's Test tab, Deploy API,
// and the stages with their invoke URLs.
import { ACCOUNT, REGION, apigateway, lambda } from "../api.js";
import {
  action, breadcrumbs, button, confirmDialog, dialog, field, flashAfterNavigation, formatTime, h, navigate,
  pageHeader, panel, select, showError, table, tabs,
} from "../ui.js";

const HTTP_METHODS = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const apiHref = (id, ...rest) => `#/apigateway/apis/${encodeURIComponent(id)}/${rest.map(encodeURIComponent).join("/")}`;

// Where a stage answers. On this machine the AWS-shaped host name works
// (browsers resolve *.localhost to this machine); elsewhere the path form.
export function invokeUrl(apiId, stage, loc = location) {
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(loc.hostname);
  const port = loc.port ? `:${loc.port}` : "";
  return local ? `${loc.protocol}//${apiId}.execute-api.localhost${port}/${stage}/`
    : `${loc.origin}/restapis/${apiId}/${stage}/_user_request_/`;
}

export function pathStyleUrl(apiId, stage, loc = location) {
  return `${loc.origin}/restapis/${apiId}/${stage}/_user_request_/`;
}

export function lambdaUri(functionArn) {
  return `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

// The function named by an integration's URI, or null.
export function functionOfUri(uri) {
  const m = /functions\/(arn:aws:lambda:[^/]+)\/invocations/.exec(uri ?? "");
  return m ? m[1].split(":").slice(6).join(":") : null;
}

// ---- APIs ----------------------------------------------------------------------

export async function apisPage() {
  const apis = (await apigateway.list()).sort((a, b) => a.name.localeCompare(b.name));
  const selected = new Set();
  const del = button("Delete", async () => {
    const list = apis.filter((a) => selected.has(a.id));
    const ok = await confirmDialog("Delete API", `Delete ${list.map((a) => a.name).join(", ")}? Its stages stop answering.`, { word: "confirm" });
    if (!ok) return;
    await action(del, async () => {
      for (const a of list) await apigateway.remove(a.id);
      flashAfterNavigation("success", "Deleted", `Successfully deleted ${list.map((a) => a.name).join(", ")}.`);
      navigate("#/apigateway/apis");
    });
  }, "normal", { disabled: true });
  return h("div", null,
    breadcrumbs(["API Gateway", "#/apigateway/apis"], "APIs"),
    pageHeader(`APIs (${apis.length})`, button("Refresh", () => navigate("#/apigateway/apis")), del,
      button("Create API", () => navigate("#/apigateway/create"), "primary")),
    table([
      { title: "", render: (a) => h("input", { type: "checkbox", "aria-label": `Select ${a.name}`, onchange: (e) => {
        e.target.checked ? selected.add(a.id) : selected.delete(a.id);
        del.disabled = selected.size === 0;
      } }) },
      { title: "Name", render: (a) => h("a", { href: apiHref(a.id, "resources") }, a.name) },
      { title: "Description", render: (a) => a.description ?? "" },
      { title: "ID", render: (a) => h("code", null, a.id) },
      { title: "Protocol", render: () => "REST" },
      { title: "API endpoint type", render: (a) => (a.endpointConfiguration?.types ?? ["EDGE"]).join(", ") },
      { title: "Created", render: (a) => formatTime(a.createdDate) },
    ], apis, { empty: "You have no APIs." }));
}

export function createApiPage() {
  const name = h("input", { type: "text", name: "apiName", placeholder: "My API" });
  const description = h("input", { type: "text", name: "apiDescription" });
  const endpoint = select([["REGIONAL", "Regional"], ["EDGE", "Edge-optimized"], ["PRIVATE", "Private"]], "REGIONAL", { "aria-label": "API endpoint type" });
  const create = button("Create API", () => action(create, async () => {
    const api = await apigateway.create({
      name: name.value.trim(), description: description.value || undefined,
      endpointConfiguration: { types: [endpoint.value] },
    });
    flashAfterNavigation("success", `Successfully created REST API '${api.name}'.`, "");
    navigate(apiHref(api.id, "resources"));
  }), "primary");
  return h("form", { onsubmit: (e) => e.preventDefault() },
    breadcrumbs(["API Gateway", "#/apigateway/apis"], ["APIs", "#/apigateway/apis"], "Create API"),
    pageHeader("Create REST API"),
    h("div", { class: "radio-cards" },
      h("label", null, h("input", { type: "radio", name: "type", checked: true }), "REST API"),
      h("label", { class: "muted", title: "Not in localcloud yet" }, h("input", { type: "radio", name: "type", disabled: true }), "HTTP API"),
      h("label", { class: "muted", title: "Not in localcloud yet" }, h("input", { type: "radio", name: "type", disabled: true }), "WebSocket API")),
    panel("API details",
      h("div", { class: "radio-cards" }, h("label", null, h("input", { type: "radio", name: "how", checked: true }), "New API")),
      field("API name", name), field("Description - optional", description), field("API endpoint type", endpoint)),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate("#/apigateway/apis")), create));
}

// ---- resources and methods -----------------------------------------------------

function apiNav(api, current) {
  return h("div", { class: "tabs", role: "tablist" },
    h("a", { href: apiHref(api.id, "resources"), role: "tab", "aria-selected": String(current === "resources"), class: "tab-link" }, "Resources"),
    h("a", { href: apiHref(api.id, "stages"), role: "tab", "aria-selected": String(current === "stages"), class: "tab-link" }, "Stages"));
}

function deployButton(api) {
  return button("Deploy API", () => deployDialog(api), "primary");
}

async function deployDialog(api) {
  let stages;
  try {
    stages = await apigateway.stages(api.id);
  } catch (e) {
    return showError(e);
  }
  const NEW = "*New stage*";
  await dialog("Deploy API", (close) => {
    const stage = select([NEW, ...stages.map((s) => s.stageName)], stages.length ? stages[0].stageName : NEW, { "aria-label": "Stage" });
    const stageName = h("input", { type: "text", name: "stageName", placeholder: "v1" });
    const nameField = field("Stage name", stageName);
    const description = h("textarea", { rows: 3, name: "deploymentDescription", "aria-label": "Deployment description" });
    const sync = () => (nameField.hidden = stage.value !== NEW);
    stage.addEventListener("change", sync);
    sync();
    const deploy = button("Deploy", () => action(deploy, async () => {
      const target = stage.value === NEW ? stageName.value.trim() : stage.value;
      await apigateway.createDeployment(api.id, { stageName: target, description: description.value || undefined });
      close(true);
      flashAfterNavigation("success", `Successfully created deployment for ${api.name}.`, `This deployment is active for ${target}.`);
      navigate(`${apiHref(api.id, "stages")}?stage=${encodeURIComponent(target)}`);
    }), "primary");
    return h("div", null,
      h("p", null, "Create or update a stage where the API is deployed. Clients see changes only after a deployment."),
      field("Stage", stage), nameField, field("Deployment description", description),
      h("div", { class: "dialog-actions" }, button("Cancel", () => close(false)), deploy));
  });
}

export async function resourcesPage({ api: apiId, resource: resourceId, method: methodName }) {
  const [api, resources] = await Promise.all([apigateway.get(apiId), apigateway.resources(apiId)]);
  resources.sort((a, b) => a.path.localeCompare(b.path));
  const root = resources.find((r) => r.path === "/");
  const resource = resources.find((r) => r.id === resourceId) ?? root;
  const tree = h("nav", { class: "tree", "aria-label": "Resources" }, resources.map((r) => [
    h("a", { href: apiHref(apiId, "resources", r.id), class: r === resource && !methodName ? "selected" : "" }, r.path),
    Object.keys(r.resourceMethods ?? {}).sort().map((m) =>
      h("a", { href: apiHref(apiId, "resources", r.id, m), class: `method${r === resource && m === methodName ? " selected" : ""}`,
        style: `padding-left: ${24 + 12 * (r.path === "/" ? 0 : r.path.split("/").length - 1)}px` }, m)),
  ]));
  const detail = h("div", { class: "detail" });
  if (methodName && resource.resourceMethods?.[methodName]) {
    detail.append(await methodView(api, resource, methodName));
  } else {
    detail.append(resourceView(api, resource, detail));
  }
  return h("div", null,
    breadcrumbs(["API Gateway", "#/apigateway/apis"], ["APIs", "#/apigateway/apis"], `${api.name} (${api.id})`),
    pageHeader(api.name, deployButton(api)),
    apiNav(api, "resources"),
    h("div", { class: "api-layout" }, tree, detail));
}

function resourceView(api, resource, detail) {
  const methods = Object.keys(resource.resourceMethods ?? {}).sort();
  const view = h("div", null,
    h("div", { class: "page-header small" }, h("h2", null, `Resource details: ${resource.path}`),
      h("div", { class: "actions" },
        resource.path !== "/" && button("Delete", async () => {
          if (!(await confirmDialog("Delete resource", `Delete ${resource.path} and every resource and method below it?`))) return;
          await action(null, async () => {
            await apigateway.removeResource(api.id, resource.id);
            flashAfterNavigation("success", `Successfully deleted resource ${resource.path}.`, "");
            navigate(apiHref(api.id, "resources"));
          });
        }, "danger"),
        button("Create resource", () => detail.replaceChildren(createResourceForm(api, resource))),
        button("Create method", () => detail.replaceChildren(createMethodForm(api, resource)), "primary"))),
    panel(null, h("dl", { class: "summary" },
      h("div", null, h("dt", null, "Path"), h("dd", null, resource.path)),
      h("div", null, h("dt", null, "Resource ID"), h("dd", null, resource.id)))),
    panel(`Methods (${methods.length})`, table([
      { title: "Method type", render: (m) => h("a", { href: apiHref(api.id, "resources", resource.id, m) }, m) },
      { title: "Integration type", render: (m) => resource.resourceMethods[m].methodIntegration?.type ?? "–" },
      { title: "Authorization", render: (m) => resource.resourceMethods[m].authorizationType ?? "NONE" },
    ], methods, { empty: "No methods defined." })));
  return view;
}

function createResourceForm(api, parent) {
  const name = h("input", { type: "text", name: "resourceName", placeholder: "my-resource" });
  const proxy = h("input", { type: "checkbox", name: "proxyResource" });
  const create = button("Create resource", () => action(create, async () => {
    const part = proxy.checked ? `{${name.value.trim().replace(/[{}+]/g, "") || "proxy"}+}` : name.value.trim();
    const r = await apigateway.createResource(api.id, parent.id, part);
    flashAfterNavigation("success", `Successfully created resource '${r.path}'.`, "");
    navigate(apiHref(api.id, "resources", r.id));
  }), "primary");
  return h("form", { onsubmit: (e) => e.preventDefault() },
    h("h2", null, "Create resource"),
    panel("Resource details",
      h("label", { class: "toggle" }, proxy, "Proxy resource (a greedy {name+} path variable)"),
      field("Resource path", h("input", { type: "text", value: parent.path, disabled: true, "aria-label": "Resource path" })),
      field("Resource name", name, "A path part: letters, digits, -._~, or {name} for a path parameter.")),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate(apiHref(api.id, "resources", parent.id))), create));
}

function createMethodForm(api, resource) {
  const methodType = select(["", ...HTTP_METHODS].map((m) => [m, m || "Select method type"]), "", { name: "methodType", "aria-label": "Method type" });
  const kinds = [["LAMBDA", "Lambda function"], ["HTTP", "HTTP"], ["MOCK", "Mock"]];
  let kind = "LAMBDA";
  const radios = h("div", { class: "radio-cards", role: "radiogroup", "aria-label": "Integration type" }, kinds.map(([k, label]) =>
    h("label", null, h("input", { type: "radio", name: "integrationType", value: k, checked: k === kind, onchange: () => {
      kind = k;
      sync();
    } }), label)),
  h("label", { class: "muted", title: "Not in localcloud yet" }, h("input", { type: "radio", disabled: true }), "AWS service"));
  const lambdaProxy = h("input", { type: "checkbox", name: "lambdaProxy" });
  const fnInput = h("input", { type: "text", name: "lambdaFunction", list: "lambda-functions", placeholder: "Function name or ARN", autocomplete: "off" });
  const fnList = h("datalist", { id: "lambda-functions" });
  let functions = [];
  lambda.list().then((fns) => {
    functions = fns;
    fnList.replaceChildren(...fns.map((f) => h("option", { value: f.FunctionArn }, f.FunctionName)));
  }).catch(showError);
  const httpProxy = h("input", { type: "checkbox", name: "httpProxy" });
  const httpMethod = select(HTTP_METHODS, "GET", { "aria-label": "HTTP method" });
  const endpointUrl = h("input", { type: "text", name: "endpointUrl", placeholder: "https://example.com/{proxy}" });
  const lambdaBox = h("div", null,
    h("label", { class: "toggle" }, lambdaProxy, "Lambda proxy integration (sends the request to the function as an event; the function's response is the HTTP response)"),
    field("Lambda function", h("div", null, h("div", { class: "inline" }, h("code", null, REGION), fnInput), fnList)));
  const httpBox = h("div", null,
    h("label", { class: "toggle" }, httpProxy, "HTTP proxy integration"),
    h("div", { class: "field-row" }, field("HTTP method", httpMethod), field("Endpoint URL", endpointUrl)));
  const mockBox = h("p", { class: "muted" }, "Mock: API Gateway answers 200 itself, without calling a backend.");
  const sync = () => {
    lambdaBox.hidden = kind !== "LAMBDA";
    httpBox.hidden = kind !== "HTTP";
    mockBox.hidden = kind !== "MOCK";
  };
  sync();

  const create = button("Create method", () => action(create, async () => {
    const m = methodType.value;
    if (!m) throw Object.assign(new Error("Choose a method type."), { name: "ValidationError" });
    let integration;
    let fnArn = null;
    if (kind === "LAMBDA") {
      const typed = fnInput.value.trim();
      if (!typed) throw Object.assign(new Error("Choose a Lambda function."), { name: "ValidationError" });
      fnArn = typed.startsWith("arn:") ? typed
        : functions.find((f) => f.FunctionName === typed)?.FunctionArn ?? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${typed}`;
      integration = { type: lambdaProxy.checked ? "AWS_PROXY" : "AWS", httpMethod: "POST", uri: lambdaUri(fnArn) };
    } else if (kind === "HTTP") {
      integration = { type: httpProxy.checked ? "HTTP_PROXY" : "HTTP", httpMethod: httpMethod.value, uri: endpointUrl.value.trim() };
    } else {
      integration = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };
    }
    await apigateway.putMethod(api.id, resource.id, m, { authorizationType: "NONE" });
    await apigateway.putIntegration(api.id, resource.id, m, integration);
    await apigateway.putMethodResponse(api.id, resource.id, m, "200", { responseModels: { "application/json": "Empty" } });
    if (integration.type !== "AWS_PROXY" && integration.type !== "HTTP_PROXY") {
      await apigateway.putIntegrationResponse(api.id, resource.id, m, "200", { selectionPattern: "" });
    }
    if (fnArn) {
      // What the console's "Add permission to Lambda function" does.
      const fnName = fnArn.split(":")[6];
      await lambda.addPermission(fnName, {
        StatementId: `apigateway-${api.id}-${m}-${Date.now().toString(36)}`,
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.id}/*/${m === "ANY" ? "*" : m}${resource.path}`,
      });
      flashAfterNavigation("info", "Added permission to the Lambda function", `API Gateway may now invoke ${fnName}.`);
    }
    flashAfterNavigation("success", `Successfully created method '${m}' in '${resource.path}'.`, "");
    navigate(apiHref(api.id, "resources", resource.id, m));
  }), "primary");
  return h("form", { onsubmit: (e) => e.preventDefault() },
    h("h2", null, `Create method on ${resource.path}`),
    panel("Method details", field("Method type", methodType), h("p", null, h("strong", null, "Integration type")), radios, lambdaBox, httpBox, mockBox),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate(apiHref(api.id, "resources", resource.id))), create));
}

async function methodView(api, resource, m) {
  const method = await apigateway.getMethod(api.id, resource.id, m);
  const integ = method.methodIntegration ?? {};
  const fnName = functionOfUri(integ.uri);
  const overview = (el) => el.append(
    panel("Method request", h("dl", { class: "summary" },
      h("div", null, h("dt", null, "Authorization"), h("dd", null, method.authorizationType ?? "NONE")),
      h("div", null, h("dt", null, "API key required"), h("dd", null, String(method.apiKeyRequired ?? false))))),
    panel("Integration request", h("dl", { class: "summary" },
      h("div", null, h("dt", null, "Integration type"), h("dd", null, integ.type === "AWS" && fnName ? "Lambda function" : integ.type === "AWS_PROXY" ? "Lambda proxy" : integ.type ?? "–")),
      fnName && h("div", null, h("dt", null, "Lambda function"), h("dd", null, h("a", { href: `#/lambda/functions/${encodeURIComponent(fnName)}` }, fnName))),
      integ.uri && !fnName && h("div", null, h("dt", null, "Endpoint"), h("dd", null, integ.uri)),
      integ.httpMethod && h("div", null, h("dt", null, "HTTP method"), h("dd", null, integ.httpMethod)),
      h("div", null, h("dt", null, "Timeout"), h("dd", null, `${integ.timeoutInMillis ?? 29000} ms`)))),
    panel("Integration responses", h("p", null, Object.keys(integ.integrationResponses ?? {}).join(", ") || "–")),
    panel("Method responses", h("p", null, Object.keys(method.methodResponses ?? {}).join(", ") || "–")));
  return h("div", null,
    h("div", { class: "page-header small" }, h("h2", null, `${resource.path} - ${m} - Method execution`),
      h("div", { class: "actions" }, button("Delete method", async () => {
        if (!(await confirmDialog("Delete method", `Delete ${m} on ${resource.path}?`))) return;
        await action(null, async () => {
          await apigateway.removeMethod(api.id, resource.id, m);
          flashAfterNavigation("success", `Successfully deleted method '${m}'.`, "");
          navigate(apiHref(api.id, "resources", resource.id));
        });
      }, "danger"))),
    tabs([["overview", "Method execution", overview], ["test", "Test", (el) => testTab(el, api, resource, m)]], "overview"));
}

function testTab(el, api, resource, m) {
  const params = [...resource.path.matchAll(/\{([^}+]+)\+?\}/g)].map((x) => x[1]);
  const paramInputs = params.map((p) => [p, h("input", { type: "text", name: `path-${p}`, "aria-label": p })]);
  const query = h("input", { type: "text", name: "queryString", placeholder: "param1=value1&param2=value2", "aria-label": "Query strings" });
  const headers = h("textarea", { rows: 3, name: "headers", placeholder: "header1:value1\nheader2:value2", "aria-label": "Headers" });
  const body = h("textarea", { rows: 6, name: "body", "aria-label": "Request body" });
  const out = h("div", { class: "results" });
  const run = button("Test", () => action(run, async () => {
    let path = resource.path;
    for (const [p, input] of paramInputs) path = path.replace(new RegExp(`\\{${p}\\+?\\}`), input.value);
    const pathWithQueryString = query.value.trim() ? `${path}?${query.value.trim().replace(/^\?/, "")}` : path;
    const hdrs = {};
    for (const line of headers.value.split("\n")) {
      const i = line.indexOf(":");
      if (i > 0) hdrs[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const request = { pathWithQueryString, headers: hdrs };
    if (body.value) request.body = body.value;
    const r = await apigateway.testInvoke(api.id, resource.id, m, request);
    let pretty = r.body ?? "";
    try {
      pretty = JSON.stringify(JSON.parse(pretty), null, 2);
    } catch {
      // not JSON: shown as is
    }
    out.replaceChildren(h("section", { class: "panel exec-results", "aria-label": "Test results" },
      h("h2", null, `/${m} method test results`),
      h("dl", { class: "summary" },
        h("div", null, h("dt", null, "Request"), h("dd", null, pathWithQueryString)),
        h("div", null, h("dt", null, "Status"), h("dd", { class: "test-status" }, String(r.status))),
        h("div", null, h("dt", null, "Latency"), h("dd", null, `${r.latency} ms`))),
      h("h3", null, "Response body"), h("pre", { class: "response-body" }, pretty),
      h("h3", null, "Response headers"), h("pre", null, JSON.stringify(r.headers ?? {}, null, 2)),
      h("h3", null, "Log"), h("pre", { class: "test-log" }, r.log ?? "")));
  }), "primary");
  el.append(panel("Test method",
    h("p", { class: "muted" }, "Runs the method as it is now, before any deployment (TestInvokeMethod)."),
    paramInputs.map(([p, input]) => field(`{${p}}`, input)),
    field("Query strings", query), field("Headers", headers),
    m !== "GET" && m !== "HEAD" && field("Request body", body),
    h("div", { class: "form-actions" }, run)), out);
}

// ---- stages --------------------------------------------------------------------

export async function stagesPage({ api: apiId, query }) {
  const [api, stages, resources, deployments] = await Promise.all([
    apigateway.get(apiId), apigateway.stages(apiId), apigateway.resources(apiId), apigateway.deployments(apiId)]);
  stages.sort((a, b) => a.stageName.localeCompare(b.stageName));
  const current = stages.find((s) => s.stageName === query.get("stage")) ?? stages[0];
  const list = h("nav", { class: "tree", "aria-label": "Stages" }, stages.length === 0
    ? h("p", { class: "muted", style: "padding: 0 12px" }, "No stages yet: deploy the API.")
    : stages.map((s) => h("a", { href: `${apiHref(apiId, "stages")}?stage=${encodeURIComponent(s.stageName)}`, class: s === current ? "selected" : "" }, s.stageName)));
  let detail = h("div");
  if (current) {
    const base = invokeUrl(apiId, current.stageName);
    const methods = resources.sort((a, b) => a.path.localeCompare(b.path))
      .flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => ({ path: r.path, method: m })));
    detail = h("div", null,
      panel(`Stage details: ${current.stageName}`,
        h("dl", { class: "summary" },
          h("div", null, h("dt", null, "Stage name"), h("dd", null, current.stageName)),
          h("div", null, h("dt", null, "Deployment"), h("dd", null, current.deploymentId)),
          current.description && h("div", null, h("dt", null, "Stage description"), h("dd", null, current.description)),
          h("div", null, h("dt", null, "Deployment description"),
            h("dd", { class: "deployment-description" }, deployments.find((d) => d.id === current.deploymentId)?.description ?? "")),
          h("div", null, h("dt", null, "Created"), h("dd", null, formatTime(current.createdDate))),
          h("div", null, h("dt", null, "Last updated"), h("dd", null, formatTime(current.lastUpdatedDate)))),
        h("h3", null, "Invoke URL"),
        h("p", null, h("a", { class: "invoke-url", href: base, target: "_blank", rel: "noopener" }, base)),
        h("p", { class: "muted" }, "Also at ", h("code", null, pathStyleUrl(apiId, current.stageName)))),
      panel("Methods", h("p", { class: "muted" }, "As of the latest changes; a stage serves its deployment's copy."),
        table([
          { title: "Method", render: (x) => x.method },
          { title: "Invoke URL", render: (x) => {
            const url = base.replace(/\/$/, "") + (x.path === "/" ? "/" : x.path);
            return x.method === "GET" || x.method === "ANY" ? h("a", { href: url, target: "_blank", rel: "noopener" }, url) : h("code", null, url);
          } },
        ], methods, { empty: "No methods." })),
      Object.keys(current.variables ?? {}).length > 0 && panel("Stage variables",
        table([{ title: "Name", render: ([k]) => k }, { title: "Value", render: ([, v]) => v }], Object.entries(current.variables))));
  }
  return h("div", null,
    breadcrumbs(["API Gateway", "#/apigateway/apis"], ["APIs", "#/apigateway/apis"], `${api.name} (${api.id})`),
    pageHeader(api.name, deployButton(api)),
    apiNav(api, "stages"),
    h("div", { class: "api-layout" }, list, detail));
}

