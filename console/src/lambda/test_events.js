// Saved test events, per function, in the browser's localStorage (the AWS
// console keeps private test events per user, too).
export const TEMPLATES = {
  "hello-world": { key1: "value1", key2: "value2", key3: "value3" },
  "apigateway-aws-proxy": {
    resource: "/users", path: "/users", httpMethod: "GET", headers: { Accept: "application/json" },
    multiValueHeaders: { Accept: ["application/json"] }, queryStringParameters: null,
    multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
    requestContext: { resourcePath: "/users", httpMethod: "GET", stage: "v1" }, body: null, isBase64Encoded: false,
  },
  empty: {},
};

const keyFor = (fn) => `localcloud.console.testEvents/${fn}`;

export function loadEvents(fn) {
  try {
    const saved = JSON.parse(localStorage.getItem(keyFor(fn)) ?? "null");
    if (saved && typeof saved.events === "object") return saved;
  } catch {
    // unreadable storage: start over
  }
  return { selected: null, events: {} };
}

export function saveEvent(fn, name, json) {
  const saved = loadEvents(fn);
  saved.events[name] = json;
  saved.selected = name;
  localStorage.setItem(keyFor(fn), JSON.stringify(saved));
  return saved;
}

export function deleteEvent(fn, name) {
  const saved = loadEvents(fn);
  delete saved.events[name];
  if (saved.selected === name) saved.selected = Object.keys(saved.events)[0] ?? null;
  localStorage.setItem(keyFor(fn), JSON.stringify(saved));
  return saved;
}

export function selectEvent(fn, name) {
  const saved = loadEvents(fn);
  saved.selected = name;
  localStorage.setItem(keyFor(fn), JSON.stringify(saved));
}

export function forgetFunction(fn) {
  localStorage.removeItem(keyFor(fn));
}
