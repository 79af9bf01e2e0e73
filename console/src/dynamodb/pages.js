// DynamoDB pages: tables (list, create, delete) and items (scan or query with
// pages, create, edit in a form or as DynamoDB JSON, delete).
import { dynamodb } from "../api.js";
import {
  action, breadcrumbs, button, confirmDialog, field, flashAfterNavigation, h, navigate, pageHeader, panel,
  select, showError, showFlash, table,
} from "../ui.js";
import { itemForm } from "./item_form.js";
import {
  FormError, columnsOf, displayValue, fromForm, itemJson, keyOf, parseItemJson, toForm,
} from "./mapping.js";

const KEY_TYPES = [["S", "String"], ["N", "Number"], ["B", "Binary"]];
const PAGE_SIZE = 50;

async function listTableNames() {
  const names = [];
  let start;
  do {
    const page = await dynamodb("ListTables", start ? { ExclusiveStartTableName: start } : {});
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

const keyName = (t, type) => t.KeySchema.find((k) => k.KeyType === type)?.AttributeName;
const attrType = (t, name) => t.AttributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType;
const keyLabel = (t, type) => {
  const name = keyName(t, type);
  return name ? `${name} (${attrType(t, name)})` : "–";
};

// ---- tables ------------------------------------------------------------------

export async function tablesPage() {
  const names = await listTableNames();
  const tables = await Promise.all(names.map((n) => dynamodb("DescribeTable", { TableName: n }).then((r) => r.Table)));
  const selected = new Set();
  const del = button("Delete", async () => {
    if (selected.size === 0) return;
    const list = [...selected];
    const ok = await confirmDialog(`Delete ${list.length === 1 ? "table" : "tables"}`,
      `Delete ${list.join(", ")}? Every item in ${list.length === 1 ? "it" : "them"} is deleted too.`, { word: "confirm" });
    if (!ok) return;
    await action(del, async () => {
      for (const name of list) await dynamodb("DeleteTable", { TableName: name });
      flashAfterNavigation("success", "Deleted", `The table${list.length === 1 ? "" : "s"} ${list.join(", ")} ${list.length === 1 ? "was" : "were"} deleted.`);
      navigate("#/dynamodb/tables");
    });
  }, "normal", { disabled: true });
  return h("div", null,
    breadcrumbs(["DynamoDB", "#/dynamodb/tables"], "Tables"),
    pageHeader(`Tables (${tables.length})`, button("Refresh", () => navigate("#/dynamodb/tables")), del,
      button("Create table", () => navigate("#/dynamodb/create-table"), "primary")),
    table([
      { title: "", render: (t) => h("input", { type: "checkbox", "aria-label": `Select ${t.TableName}`, onchange: (e) => {
        e.target.checked ? selected.add(t.TableName) : selected.delete(t.TableName);
        del.disabled = selected.size === 0;
      } }) },
      { title: "Name", render: (t) => h("a", { href: `#/dynamodb/items/${encodeURIComponent(t.TableName)}` }, t.TableName) },
      { title: "Status", render: (t) => h("span", { class: `status status-${t.TableStatus.toLowerCase()}` }, t.TableStatus === "ACTIVE" ? "Active" : t.TableStatus) },
      { title: "Partition key", render: (t) => keyLabel(t, "HASH") },
      { title: "Sort key", render: (t) => keyLabel(t, "RANGE") },
      { title: "Indexes", render: (t) => String((t.GlobalSecondaryIndexes?.length ?? 0) + (t.LocalSecondaryIndexes?.length ?? 0)) },
      { title: "Items", render: (t) => String(t.ItemCount ?? 0) },
      { title: "Capacity mode", render: (t) => (t.BillingModeSummary?.BillingMode === "PROVISIONED" ? "Provisioned" : "On-demand") },
    ], tables, { empty: "You have no tables." }));
}

export function createTablePage() {
  const name = h("input", { type: "text", name: "tableName", placeholder: "Enter the table name" });
  const pk = h("input", { type: "text", name: "partitionKey", placeholder: "Enter the partition key name" });
  const pkType = select(KEY_TYPES, "S", { name: "partitionKeyType", "aria-label": "Partition key type" });
  const sk = h("input", { type: "text", name: "sortKey", placeholder: "Enter the sort key name" });
  const skType = select(KEY_TYPES, "S", { name: "sortKeyType", "aria-label": "Sort key type" });
  const create = button("Create table", () => action(create, async () => {
    const TableName = name.value.trim();
    const defs = [{ AttributeName: pk.value.trim(), AttributeType: pkType.value }];
    const schema = [{ AttributeName: pk.value.trim(), KeyType: "HASH" }];
    if (sk.value.trim()) {
      defs.push({ AttributeName: sk.value.trim(), AttributeType: skType.value });
      schema.push({ AttributeName: sk.value.trim(), KeyType: "RANGE" });
    }
    await dynamodb("CreateTable", { TableName, AttributeDefinitions: defs, KeySchema: schema, BillingMode: "PAY_PER_REQUEST" });
    flashAfterNavigation("success", "Creating table", `The ${TableName} table was created successfully.`);
    navigate("#/dynamodb/tables");
  }), "primary");
  return h("form", { onsubmit: (e) => e.preventDefault() },
    breadcrumbs(["DynamoDB", "#/dynamodb/tables"], ["Tables", "#/dynamodb/tables"], "Create table"),
    pageHeader("Create table"),
    panel("Table details",
      field("Table name", name, "Between 3 and 255 characters: letters, digits, underscores (_), hyphens (-) and periods (.)."),
      h("div", { class: "field-row" }, field("Partition key", pk), field("Type", pkType)),
      h("div", { class: "field-row" }, field("Sort key - optional", sk), field("Type", skType))),
    panel("Table settings", h("p", null, "Default settings: on-demand capacity, no secondary indexes. Change them later with UpdateTable.")),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate("#/dynamodb/tables")), create));
}

// ---- items -------------------------------------------------------------------

export async function itemsIndexPage() {
  const names = await listTableNames();
  return h("div", null,
    breadcrumbs(["DynamoDB", "#/dynamodb/tables"], "Explore items"),
    pageHeader("Explore items"),
    panel("Tables", names.length === 0
      ? h("p", null, "You have no tables. ", h("a", { href: "#/dynamodb/create-table" }, "Create table"))
      : h("ul", { class: "pick-list" }, names.map((n) => h("li", null, h("a", { href: `#/dynamodb/items/${encodeURIComponent(n)}` }, n))))));
}

function encodeKey(key) {
  return encodeURIComponent(JSON.stringify(key));
}

export async function itemsPage({ table: tableName }) {
  const [desc, names] = await Promise.all([dynamodb("DescribeTable", { TableName: tableName }), listTableNames()]);
  const t = desc.Table;
  const pkName = keyName(t, "HASH");
  const skName = keyName(t, "RANGE");
  const keyNames = [pkName, skName].filter(Boolean);

  // The request form: Scan, or Query by partition key (and sort key condition).
  const mode = select([["Scan", "Scan"], ["Query", "Query"]], "Scan", { "aria-label": "Scan or query" });
  const pkValue = h("input", { type: "text", "aria-label": `${pkName} (partition key)`, placeholder: `Enter ${pkName}` });
  const skOp = select(["=", "<", "<=", ">", ">=", "Between", "Begins with"], "=", { "aria-label": "Sort key condition" });
  const skValue = h("input", { type: "text", "aria-label": `${skName} (sort key)`, placeholder: `Enter ${skName}` });
  const skValue2 = h("input", { type: "text", "aria-label": `${skName} (sort key, upper bound)`, placeholder: "and" });
  const filterName = h("input", { type: "text", "aria-label": "Filter attribute name", placeholder: "Attribute name" });
  const filterType = select([["S", "String"], ["N", "Number"], ["BOOL", "Boolean"]], "S", { "aria-label": "Filter type" });
  const filterOp = select(["=", "<>", "<", "<=", ">", ">=", "contains", "begins_with", "exists", "not exists"], "=", { "aria-label": "Filter condition" });
  const filterValue = h("input", { type: "text", "aria-label": "Filter value", placeholder: "Value" });
  const queryFields = h("div", { class: "field-row", hidden: true },
    field(`${pkName} (partition key)`, pkValue),
    skName && field(`${skName} (sort key)`, h("div", { class: "inline" }, skOp, skValue, skValue2)));
  mode.addEventListener("change", () => (queryFields.hidden = mode.value !== "Query"));
  skOp.addEventListener("change", () => (skValue2.hidden = skOp.value !== "Between"));
  skValue2.hidden = true;

  const typed = (name, text) => {
    const type = attrType(t, name);
    return { [type]: String(text) };
  };

  function request() {
    const r = { TableName: tableName, Limit: PAGE_SIZE };
    const names = {};
    const values = {};
    if (mode.value === "Query") {
      if (!pkValue.value) throw new FormError(pkName, "enter the partition key's value to query");
      names["#pk"] = pkName;
      values[":pk"] = typed(pkName, pkValue.value);
      let cond = "#pk = :pk";
      if (skName && skValue.value) {
        names["#sk"] = skName;
        values[":sk"] = typed(skName, skValue.value);
        if (skOp.value === "Between") {
          values[":sk2"] = typed(skName, skValue2.value);
          cond += " AND #sk BETWEEN :sk AND :sk2";
        } else if (skOp.value === "Begins with") {
          cond += " AND begins_with(#sk, :sk)";
        } else {
          cond += ` AND #sk ${skOp.value} :sk`;
        }
      }
      r.KeyConditionExpression = cond;
    }
    if (filterName.value.trim()) {
      names["#f"] = filterName.value.trim();
      const op = filterOp.value;
      if (op === "exists") r.FilterExpression = "attribute_exists(#f)";
      else if (op === "not exists") r.FilterExpression = "attribute_not_exists(#f)";
      else {
        const v = filterType.value === "BOOL" ? { BOOL: filterValue.value.trim().toLowerCase() === "true" } : { [filterType.value]: filterValue.value };
        values[":f"] = v;
        r.FilterExpression = op === "contains" || op === "begins_with" ? `${op}(#f, :f)` : `#f ${op} :f`;
      }
    }
    if (Object.keys(names).length) r.ExpressionAttributeNames = names;
    if (Object.keys(values).length) r.ExpressionAttributeValues = values;
    return r;
  }

  const results = h("div", { class: "results" });
  const pages = [];  // ExclusiveStartKey of each page shown so far
  let page = 0;
  let selected = new Map();

  async function run(startKey) {
    const r = request();
    if (startKey) r.ExclusiveStartKey = startKey;
    const out = await dynamodb(mode.value, r);
    selected = new Map();
    const items = out.Items ?? [];
    const columns = columnsOf(items, keyNames);
    const del = button("Delete items", async () => {
      const keys = [...selected.values()];
      const ok = await confirmDialog("Delete items", `Delete ${keys.length} item${keys.length === 1 ? "" : "s"} from ${tableName}?`);
      if (!ok) return;
      await action(del, async () => {
        for (const key of keys) await dynamodb("DeleteItem", { TableName: tableName, Key: key });
        showFlash("success", "Deleted", `${keys.length} item${keys.length === 1 ? " was" : "s were"} deleted.`);
        await run(pages[page]);
      });
    }, "normal", { disabled: true });
    const prev = button("Previous page", () => action(prev, () => run(pages[--page])), "normal", { disabled: page === 0 });
    const next = button("Next page", () => action(next, () => {
      pages[++page] = out.LastEvaluatedKey;
      return run(out.LastEvaluatedKey);
    }), "normal", { disabled: !out.LastEvaluatedKey });
    const editLink = (item) => `#/dynamodb/items/${encodeURIComponent(tableName)}/edit/${encodeKey(keyOf(item, t.KeySchema))}`;
    results.replaceChildren(
      h("div", { class: "page-header small" },
        h("h2", null, `Items returned (${out.Count})`, out.ScannedCount !== out.Count ? h("span", { class: "muted" }, ` · ${out.ScannedCount} scanned`) : ""),
        h("div", { class: "actions" }, del, prev, h("span", { class: "muted" }, `Page ${page + 1}`), next,
          button("Create item", () => navigate(`#/dynamodb/items/${encodeURIComponent(tableName)}/create`), "primary"))),
      table([
        { title: "", render: (item) => h("input", { type: "checkbox", "aria-label": "Select item", onchange: (e) => {
          const k = keyOf(item, t.KeySchema);
          e.target.checked ? selected.set(JSON.stringify(k), k) : selected.delete(JSON.stringify(k));
          del.disabled = selected.size === 0;
        } }) },
        ...columns.map((c, i) => ({
          title: c,
          render: (item) => {
            if (!(c in item)) return "";
            const text = displayValue(item[c]);
            return keyNames.includes(c) && i < keyNames.length ? h("a", { href: editLink(item) }, text) : text;
          },
        })),
      ], items, { empty: "The query did not return any results." }));
  }

  const runButton = button("Run", () => action(runButton, () => {
    pages.length = 0;
    page = 0;
    return run();
  }), "primary");
  const view = h("div", null,
    breadcrumbs(["DynamoDB", "#/dynamodb/tables"], ["Explore items", "#/dynamodb/items"], tableName),
    pageHeader(tableName, select(names, tableName, { "aria-label": "Table", onchange: (e) => navigate(`#/dynamodb/items/${encodeURIComponent(e.target.value)}`) })),
    panel("Scan or query items",
      h("div", { class: "field-row" }, field("Operation", mode)), queryFields,
      h("details", { class: "filters" }, h("summary", null, "Filters - optional"),
        h("div", { class: "field-row" }, field("Attribute name", filterName), field("Type", filterType), field("Condition", filterOp), field("Value", filterValue))),
      h("div", { class: "form-actions" }, runButton, button("Reset", () => navigate(`#/dynamodb/items/${encodeURIComponent(tableName)}`)))),
    results);
  await run().catch(showError);
  return view;
}

// Create (no key) or edit (key given) an item: Form view or DynamoDB JSON view.
export async function itemEditorPage({ table: tableName, key: keyText }) {
  const t = (await dynamodb("DescribeTable", { TableName: tableName })).Table;
  const keys = t.KeySchema.map((k) => ({ name: k.AttributeName, type: attrType(t, k.AttributeName) }));
  const editing = keyText !== undefined;
  let nodes;
  if (editing) {
    const key = JSON.parse(decodeURIComponent(keyText));
    const got = await dynamodb("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
    if (!got.Item) {
      flashAfterNavigation("error", "ResourceNotFoundException", "The item no longer exists.");
      navigate(`#/dynamodb/items/${encodeURIComponent(tableName)}`);
      return h("div");
    }
    nodes = toForm(got.Item, keys.map((k) => k.name));
  } else {
    nodes = keys.map((k) => ({ name: k.name, type: k.type, value: "" }));
  }

  const body = h("div", { class: "item-editor" });
  const jsonArea = h("textarea", { class: "json-editor", spellcheck: "false", "aria-label": "Item as DynamoDB JSON", rows: 18 });
  let view = "form";
  const formButton = h("button", { type: "button", role: "tab", "aria-selected": "true" }, "Form");
  const jsonButton = h("button", { type: "button", role: "tab", "aria-selected": "false" }, "JSON view");
  const showForm = () => body.replaceChildren(itemForm(nodes, { keys, lockKeyValues: editing }));
  const switchTo = (next) => {
    if (next === view) return;
    try {
      if (next === "json") {
        jsonArea.value = itemJson(fromForm(nodes));
        body.replaceChildren(jsonArea);
      } else {
        nodes = toForm(parseItemJson(jsonArea.value), keys.map((k) => k.name));
        showForm();
      }
    } catch (e) {
      return showError(e);
    }
    view = next;
    formButton.setAttribute("aria-selected", String(view === "form"));
    jsonButton.setAttribute("aria-selected", String(view === "json"));
  };
  formButton.addEventListener("click", () => switchTo("form"));
  jsonButton.addEventListener("click", () => switchTo("json"));
  showForm();

  const save = button(editing ? "Save changes" : "Create item", () => action(save, async () => {
    const item = view === "json" ? parseItemJson(jsonArea.value) : fromForm(nodes);
    for (const k of keys) {
      if (!(k.name in item)) throw new FormError(k.name, "the item must have its key attribute");
      if (editing && JSON.stringify(item[k.name]) !== JSON.stringify(nodesKey(k.name))) {
        throw new FormError(k.name, "a key attribute cannot change: create a new item instead");
      }
    }
    const request = { TableName: tableName, Item: item };
    if (!editing) {
      // Like the console: creating never overwrites an existing item.
      request.ConditionExpression = keys.map((_, i) => `attribute_not_exists(#k${i})`).join(" AND ");
      request.ExpressionAttributeNames = Object.fromEntries(keys.map((k, i) => [`#k${i}`, k.name]));
    }
    await dynamodb("PutItem", request);
    flashAfterNavigation("success", editing ? "Item saved" : "Item created", `The item was ${editing ? "saved" : "created"} in ${tableName}.`);
    navigate(`#/dynamodb/items/${encodeURIComponent(tableName)}`);
  }), "primary");
  const originalKey = editing ? JSON.parse(decodeURIComponent(keyText)) : {};
  const nodesKey = (name) => originalKey[name];

  return h("div", null,
    breadcrumbs(["DynamoDB", "#/dynamodb/tables"], ["Explore items", "#/dynamodb/items"], [tableName, `#/dynamodb/items/${encodeURIComponent(tableName)}`], editing ? "Edit item" : "Create item"),
    pageHeader(editing ? "Edit item" : "Create item"),
    panel("Attributes", h("div", { class: "tabs", role: "tablist" }, formButton, jsonButton), body),
    h("div", { class: "form-actions" }, button("Cancel", () => navigate(`#/dynamodb/items/${encodeURIComponent(tableName)}`)), save));
}
