// DynamoDB JSON ↔ the item form. Pure functions, no DOM: unit-tested in
// console/test/mapping.test.mjs.
//
// A form is a list of nodes {name, type, value}, one per attribute:
//   S, N, B     value is the text typed (N keeps every digit: no floats;
//               B is base64, as DynamoDB JSON carries it)
//   BOOL        value is true or false
//   NULL        value is true
//   SS, NS, BS  value is a list of texts
//   M           value is a list of nodes (a nested form)
//   L           value is a list of nodes whose names are ignored

export const TYPES = [
  ["S", "String"], ["N", "Number"], ["B", "Binary"], ["BOOL", "Boolean"], ["NULL", "Null"],
  ["SS", "String set"], ["NS", "Number set"], ["BS", "Binary set"], ["M", "Map"], ["L", "List"],
];
const TYPE_NAMES = new Set(TYPES.map(([t]) => t));

export class FormError extends Error {
  constructor(path, message) {
    super(path ? `${path}: ${message}` : message);
    this.name = "ValidationError";
    this.path = path;
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function emptyValue(type) {
  switch (type) {
    case "BOOL": return false;
    case "NULL": return true;
    case "SS": case "NS": case "BS": case "M": case "L": return [];
    default: return "";
  }
}

// ---- DynamoDB JSON → form ---------------------------------------------------

export function typeOf(av) {
  const keys = av && typeof av === "object" && !Array.isArray(av) ? Object.keys(av) : [];
  if (keys.length !== 1 || !TYPE_NAMES.has(keys[0])) throw new FormError("", `not an attribute value: ${JSON.stringify(av)}`);
  return keys[0];
}

export function nodeFromValue(name, av) {
  const type = typeOf(av);
  const v = av[type];
  switch (type) {
    case "M": return { name, type, value: Object.entries(v).map(([k, x]) => nodeFromValue(k, x)) };
    case "L": return { name, type, value: v.map((x) => nodeFromValue("", x)) };
    case "SS": case "NS": case "BS": return { name, type, value: [...v] };
    case "BOOL": return { name, type, value: v === true };
    case "NULL": return { name, type, value: true };
    default: return { name, type, value: String(v) };
  }
}

// An item as a form; the key attributes (in `keyNames` order) come first.
export function toForm(item, keyNames = []) {
  const names = [...keyNames.filter((k) => k in item), ...Object.keys(item).filter((k) => !keyNames.includes(k))];
  return names.map((k) => nodeFromValue(k, item[k]));
}

// ---- form → DynamoDB JSON ---------------------------------------------------

function checkNumber(text, path) {
  const t = String(text).trim();
  if (!NUMBER.test(t)) throw new FormError(path, `"${text}" is not a number`);
  return t;
}

function checkBinary(text, path) {
  const t = String(text).replace(/\s+/g, "");
  if (!BASE64.test(t)) throw new FormError(path, "a binary value must be base64");
  return t;
}

function checkSet(values, path, check) {
  if (values.length === 0) throw new FormError(path, "a set cannot be empty");
  const out = values.map((v, i) => check(v, `${path}[${i}]`));
  const seen = new Set();
  for (const v of out) {
    if (seen.has(v)) throw new FormError(path, `a set cannot hold "${v}" twice`);
    seen.add(v);
  }
  return out;
}

export function valueFromNode(node, path) {
  switch (node.type) {
    case "S": return { S: String(node.value) };
    case "N": return { N: checkNumber(node.value, path) };
    case "B": return { B: checkBinary(node.value, path) };
    case "BOOL": return { BOOL: node.value === true || node.value === "true" };
    case "NULL": return { NULL: true };
    case "SS": return { SS: checkSet(node.value, path, (v) => String(v)) };
    case "NS": return { NS: checkSet(node.value, path, checkNumber) };
    case "BS": return { BS: checkSet(node.value, path, checkBinary) };
    case "M": return { M: fromForm(node.value, path) };
    case "L": return { L: node.value.map((n, i) => valueFromNode(n, `${path}[${i}]`)) };
    default: throw new FormError(path, `unknown type ${node.type}`);
  }
}

// A form as an item (or a map's value); throws FormError naming the attribute.
export function fromForm(nodes, path = "") {
  const out = {};
  for (const node of nodes) {
    const name = String(node.name ?? "");
    const at = path ? `${path}.${name}` : name;
    if (name === "") throw new FormError(path, "an attribute name cannot be empty");
    if (Object.hasOwn(out, name)) throw new FormError(path, `the attribute name "${name}" is used twice`);
    out[name] = valueFromNode(node, at);
  }
  return out;
}

// ---- DynamoDB JSON text ------------------------------------------------------

// The JSON editor's text as an item, with the same checks as the form.
export function parseItemJson(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FormError("", `the JSON is not valid: ${e.message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new FormError("", "an item is a JSON object");
  const nodes = Object.entries(parsed).map(([k, v]) => {
    try {
      return nodeFromValue(k, v);
    } catch (e) {
      throw new FormError(k, e.message.replace(/^: /, ""));
    }
  });
  return fromForm(nodes);
}

export function itemJson(item) {
  return JSON.stringify(item, null, 2);
}

// ---- display -----------------------------------------------------------------

// A value as one line of text for the items table: strings bare at the top
// level, nested values in JSON-like notation with numbers unquoted.
export function displayValue(av) {
  const type = typeOf(av);
  if (type === "S") return av.S;
  return inline(av);
}

function inline(av) {
  const type = typeOf(av);
  const v = av[type];
  switch (type) {
    case "S": case "B": return JSON.stringify(v);
    case "N": return v;
    case "BOOL": return String(v);
    case "NULL": return "null";
    case "SS": case "BS": return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
    case "NS": return `[${v.join(", ")}]`;
    case "M": return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(", ")}}`;
    case "L": return `[${v.map(inline).join(", ")}]`;
  }
  return "";
}

export function keyOf(item, keySchema) {
  const key = {};
  for (const { AttributeName } of keySchema) key[AttributeName] = item[AttributeName];
  return key;
}

// The item's attribute names for table columns: keys first, then the others
// in order of first appearance.
export function columnsOf(items, keyNames) {
  const seen = new Set(keyNames);
  const out = [...keyNames];
  for (const item of items) for (const k of Object.keys(item)) if (!seen.has(k)) { seen.add(k); out.push(k); }
  return out;
}
