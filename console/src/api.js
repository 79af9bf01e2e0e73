// Clients for localcloud's public APIs, called from the browser on the
// console's own origin, exactly as the AWS CLI calls them: DynamoDB and
// CloudWatch Logs over the JSON protocols (X-Amz-Target), Lambda and
// API Gateway over REST. localcloud accepts unsigned requests, so none are
// signed. Every failure becomes an AwsError carrying AWS's error type.

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";

export class AwsError extends Error {
  constructor(type, message, status) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

// AWS names the error in x-amzn-ErrorType ("Type:detail"), in __type
// ("namespace#Type"), or in Type/code; the text in message or Message.
export function errorFrom(status, headers, text) {
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  if (typeof body !== "object" || body === null) body = {};
  const header = headers.get("x-amzn-errortype");
  const type = (header && header.split(":")[0]) || (body.__type && String(body.__type).split("#").pop()) ||
    body.Type || body.code || `HTTP ${status}`;
  const message = body.message ?? body.Message ?? body.errorMessage ?? (text && !text.startsWith("{") ? text : "") ?? "";
  return new AwsError(type, message || `The request failed with status ${status}.`, status);
}

async function send(path, init) {
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new AwsError("NetworkError", `localcloud did not answer at ${location.origin}: ${e.message}`, 0);
  }
  const text = await res.text();
  if (!res.ok) throw errorFrom(res.status, res.headers, text);
  return { status: res.status, headers: res.headers, text };
}

function jsonProtocol(target, version) {
  return async (operation, body = {}) => {
    const { text } = await send("/", {
      method: "POST",
      headers: { "Content-Type": `application/x-amz-json-${version}`, "X-Amz-Target": `${target}.${operation}` },
      body: JSON.stringify(body),
    });
    return text ? JSON.parse(text) : {};
  };
}

export const dynamodb = jsonProtocol("DynamoDB_20120810", "1.0");
export const logs = jsonProtocol("Logs_20140328", "1.1");

// A REST call; resolves to the parsed JSON body ({} when empty).
export async function rest(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const { text } = await send(path, init);
  return text ? JSON.parse(text) : {};
}

const fn = (name) => `/2015-03-31/functions/${encodeURIComponent(name)}`;

export const lambda = {
  async list() {
    const out = [];
    let marker;
    do {
      const q = marker ? `?Marker=${encodeURIComponent(marker)}` : "";
      const page = await rest("GET", `/2015-03-31/functions/${q}`);
      out.push(...(page.Functions ?? []));
      marker = page.NextMarker;
    } while (marker);
    return out;
  },
  get: (name) => rest("GET", fn(name)),
  create: (request) => rest("POST", "/2015-03-31/functions", request),
  updateCode: (name, zipBase64) => rest("PUT", `${fn(name)}/code`, { ZipFile: zipBase64 }),
  updateConfiguration: (name, request) => rest("PUT", `${fn(name)}/configuration`, request),
  remove: (name) => rest("DELETE", fn(name)),
  addPermission: (name, request) => rest("POST", `${fn(name)}/policy`, request),
  // RequestResponse with the log tail, as the console's Test button does.
  async invoke(name, payload) {
    const { headers, text } = await send(`${fn(name)}/invocations`, {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "RequestResponse", "X-Amz-Log-Type": "Tail", "Content-Type": "application/json" },
      body: payload,
    });
    return {
      payload: text,
      functionError: headers.get("x-amz-function-error"),
      logResult: headers.get("x-amz-log-result"),
      requestId: headers.get("x-amzn-requestid"),
      version: headers.get("x-amz-executed-version"),
    };
  },
  // The function's package, from GetFunction's Code.Location (served by localcloud).
  async download(location) {
    const url = new URL(location, window.location.href);
    const res = await fetch(url.pathname + url.search);
    if (!res.ok) throw errorFrom(res.status, res.headers, await res.text());
    return new Uint8Array(await res.arrayBuffer());
  },
};

const api = (id) => `/restapis/${encodeURIComponent(id)}`;
const method = (id, resource, m) => `${api(id)}/resources/${encodeURIComponent(resource)}/methods/${m}`;

export const apigateway = {
  async list() {
    const out = [];
    let position;
    do {
      const q = position ? `?position=${encodeURIComponent(position)}` : "";
      const page = await rest("GET", `/restapis${q}`);
      out.push(...(page.item ?? []));
      position = page.position;
    } while (position);
    return out;
  },
  get: (id) => rest("GET", api(id)),
  create: (request) => rest("POST", "/restapis", request),
  remove: (id) => rest("DELETE", api(id)),
  async resources(id) {
    const page = await rest("GET", `${api(id)}/resources?embed=methods&limit=500`);
    return page.item ?? [];
  },
  createResource: (id, parentId, pathPart) => rest("POST", `${api(id)}/resources/${encodeURIComponent(parentId)}`, { pathPart }),
  removeResource: (id, resourceId) => rest("DELETE", `${api(id)}/resources/${encodeURIComponent(resourceId)}`),
  getMethod: (id, resourceId, m) => rest("GET", method(id, resourceId, m)),
  putMethod: (id, resourceId, m, request) => rest("PUT", method(id, resourceId, m), request),
  removeMethod: (id, resourceId, m) => rest("DELETE", method(id, resourceId, m)),
  putIntegration: (id, resourceId, m, request) => rest("PUT", `${method(id, resourceId, m)}/integration`, request),
  putMethodResponse: (id, resourceId, m, status, request) =>
    rest("PUT", `${method(id, resourceId, m)}/responses/${status}`, request),
  putIntegrationResponse: (id, resourceId, m, status, request) =>
    rest("PUT", `${method(id, resourceId, m)}/integration/responses/${status}`, request),
  testInvoke: (id, resourceId, m, request) => rest("POST", method(id, resourceId, m), request),
  createDeployment: (id, request) => rest("POST", `${api(id)}/deployments`, request),
  async stages(id) {
    const page = await rest("GET", `${api(id)}/stages`);
    return page.item ?? [];
  },
  async deployments(id) {
    const page = await rest("GET", `${api(id)}/deployments?limit=500`);
    return page.item ?? [];
  },
};
