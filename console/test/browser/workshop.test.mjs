// The AWS "Serverless Basic" workshop, done through localcloud's console only,
// in headless Chromium: table, item, three functions with the workshop's code
// pasted into the editor, tests, REST API, resource, method, method test,
// deployment, the invoke URL, clean up. Screenshots of the key steps go to
// $TEST_ARTIFACTS (default: <repo>/test-artifacts/console).
//
// Needs LOCALCLOUD_BIN (the binary, started here on a free port with an
// in-memory store) or LOCALCLOUD_URL (a server already running), and Chromium
// ($CHROMIUM, default /usr/bin/chromium).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const repo = new URL("../../../", import.meta.url).pathname;
const artifacts = process.env.TEST_ARTIFACTS ?? join(repo, "test-artifacts", "console");
const handler = (name) => readFileSync(join(repo, "handlers/workshop", name, "index.mjs"), "utf8");
const TIMEOUT = 30_000;

let server;
let base;
let browser;
let page;
let shot = 0;

async function startServer() {
  if (process.env.LOCALCLOUD_URL) return process.env.LOCALCLOUD_URL.replace(/\/$/, "");
  server = spawn(process.env.LOCALCLOUD_BIN, ["--port", "0", "--in-memory", "--log-level", "warn"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`localcloud exited with ${code}`)));
  });
  return `http://127.0.0.1:${JSON.parse(line).port}`;
}

async function screenshot(name) {
  shot += 1;
  await page.screenshot({ path: join(artifacts, `${String(shot).padStart(2, "0")}-${name}.png`), fullPage: true });
}

// Pastes `code` into the CodeMirror editor over everything in it, as Ctrl+V would.
async function pasteCode(code) {
  const content = page.locator(".editor .cm-content");
  await content.click();
  await page.keyboard.press("Control+A");
  await content.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

// What the editor holds, from CodeMirror's own state.
function editorText() {
  return page.locator(".editor").evaluate((el) => el.editorView.state.doc.toString());
}

const flash = (kind) => page.locator(`.flash-${kind}`);
const button = (name) => page.getByRole("button", { name, exact: true });

async function nav(name) {
  await page.locator("#nav").getByRole("link", { name, exact: true }).click();
  await page.waitForFunction(() => !document.getElementById("view").hasAttribute("aria-busy"));
}

async function createFunction(name) {
  await nav("Functions");
  await button("Create function").click();
  await page.locator("input[name=functionName]").fill(name);
  await page.getByLabel("Runtime").selectOption("nodejs20.x");
  await button("Create function").click();
  await assert.doesNotReject(flash("success").filter({ hasText: `Successfully created the function ${name}.` }).waitFor());
  await page.locator(".editor .cm-content").filter({ hasText: "Hello from Lambda!" }).waitFor();
}

// Test on the Code tab; the first time, the console asks for a test event.
async function runTest({ configure }) {
  if (configure) {
    await button("Test").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Configure test event" }).waitFor();
    await dialog.locator("input[name=eventName]").fill("TestEvent");
    await dialog.getByLabel("Template").selectOption("hello-world");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
  }
  await page.locator(".exec-results").evaluateAll((els) => els.forEach((e) => e.remove()));
  await button("Test").click();
  const results = page.locator(".exec-results");
  await results.waitFor();
  return {
    status: await results.locator(".result-status").innerText(),
    eventName: await results.locator(".event-name").innerText(),
    response: await results.locator(".response").innerText(),
    logs: await results.locator(".function-logs").innerText(),
    requestId: await results.locator(".request-id").innerText(),
  };
}

function assertLogShape(r, { cold }) {
  const id = r.requestId.trim();
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.match(r.logs, new RegExp(`^START RequestId: ${id} Version: \\$LATEST$`, "m"));
  assert.match(r.logs, new RegExp(`^END RequestId: ${id}$`, "m"));
  assert.match(r.logs, new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`, "m"));
  if (cold) assert.match(r.logs, /Init Duration: [\d.]+ ms/);
}

async function deploy(name) {
  await button("Deploy").click();
  await flash("success").filter({ hasText: `Successfully updated the function ${name}.` }).waitFor();
  await page.locator(".deploy-state.dirty").waitFor({ state: "detached" }).catch(() => {});
  assert.equal(await page.locator(".deploy-state").innerText(), "");
}

before(async () => {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  base = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
});

after(async () => {
  await browser?.close();
  if (server) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
});

test("the console opens at /_console/ with the endpoint, region and account", async () => {
  await page.goto(`${base}/_console/`);
  assert.equal(await page.locator("#endpoint").innerText(), base);
  assert.equal(await page.locator("#region").innerText(), "us-east-1");
  assert.equal(await page.locator("#account").innerText(), "000000000000");
  await page.getByRole("heading", { name: "localcloud console" }).waitFor();
  await screenshot("home");
});

test("1. create the table serverless_workshop_intro, partition key _id (String)", async () => {
  await nav("Tables");
  await button("Create table").click();
  await page.locator("input[name=tableName]").fill("serverless_workshop_intro");
  await page.locator("input[name=partitionKey]").fill("_id");
  await page.getByLabel("Partition key type").selectOption({ label: "String" });
  await button("Create table").click();
  await flash("success").filter({ hasText: "serverless_workshop_intro" }).waitFor();
  const row = page.locator("tr", { has: page.getByRole("link", { name: "serverless_workshop_intro" }) });
  assert.match(await row.innerText(), /Active\s+_id \(S\)/);
  await screenshot("table-created");
});

test("an API error is shown as a red flash with its type and message", async () => {
  await button("Create table").click();
  await page.locator("input[name=tableName]").fill("serverless_workshop_intro");
  await page.locator("input[name=partitionKey]").fill("_id");
  await button("Create table").click();
  const error = flash("error");
  await error.waitFor();
  assert.equal(await error.locator(".flash-title").innerText(), "ResourceInUseException");
  assert.match(await error.locator(".flash-message").innerText(), /serverless_workshop_intro/);
  assert.equal(await error.evaluate((el) => getComputedStyle(el).borderColor), "rgb(217, 21, 21)");
  await screenshot("error-flash");
});

test("2. add an item with the form: _id 1 and a String attribute Name", async () => {
  await nav("Explore items");
  await page.getByRole("link", { name: "serverless_workshop_intro" }).click();
  await page.getByRole("heading", { name: "Items returned (0)" }).waitFor();
  await button("Create item").click();
  const rows = page.locator(".item-form .attr-row");
  await rows.first().getByLabel("Value").fill("1");
  await page.getByLabel("Add new attribute").selectOption({ label: "String" });
  await rows.nth(1).getByLabel("Attribute name").fill("Name");
  await rows.nth(1).getByLabel("Value").fill("Jane Doe");
  await screenshot("item-form");
  await button("Create item").click();
  await flash("success").filter({ hasText: "Item created" }).waitFor();
  await page.getByRole("heading", { name: "Items returned (1)" }).waitFor();
  const table = await page.locator("table.grid").innerText();
  assert.match(table, /_id\s+Name/);
  assert.match(table, /1\s+Jane Doe/);
  await screenshot("item-created");
});

test("the item can be edited in the JSON view", async () => {
  await page.getByRole("link", { name: "1", exact: true }).click();
  await page.getByRole("heading", { name: "Edit item" }).waitFor();
  await page.getByRole("tab", { name: "JSON view" }).click();
  const json = page.getByLabel("Item as DynamoDB JSON");
  assert.deepEqual(JSON.parse(await json.inputValue()), { _id: { S: "1" }, Name: { S: "Jane Doe" } });
  await json.fill(JSON.stringify({ _id: { S: "1" }, Name: { S: "Jane Doe" }, Visits: { N: "3" } }));
  await page.getByRole("tab", { name: "Form" }).click();  // back to the form: the new attribute is a row
  assert.equal(await page.locator(".item-form .attr-row").count(), 3);
  await button("Save changes").click();
  await flash("success").filter({ hasText: "Item saved" }).waitFor();
  assert.match(await page.locator("table.grid").innerText(), /1\s+Jane Doe\s+3/);
});

test("3. first-function: create, Test with the hello-world event, read the Execution Results", async () => {
  await createFunction("first-function");
  const r = await runTest({ configure: true });
  assert.equal(r.status, "Status: Succeeded");
  assert.equal(r.eventName, "TestEvent");
  assert.deepEqual(JSON.parse(r.response), { statusCode: 200, body: '"Hello from Lambda!"' });
  assertLogShape(r, { cold: true });
  assert.match(await page.locator(".exec-results .summary").innerText(), /Init duration\s+[\d.]+ ms/);
  await screenshot("first-function-test");
});

test("a function error shows as Failed with Lambda's error payload", async () => {
  await pasteCode("export const handler = async () => { throw new TypeError('no stock'); };\n");
  await deploy("first-function");
  const r = await runTest({ configure: false });
  assert.equal(r.status, "Status: Failed (Unhandled)");
  const error = JSON.parse(r.response);
  assert.equal(error.errorType, "TypeError");
  assert.equal(error.errorMessage, "no stock");
  assert.match(r.logs, /\tERROR\tInvoke Error/);
  assertLogShape(r, { cold: true });
  await screenshot("function-error");
});

test("configuration: timeout, memory and an environment variable are saved", async () => {
  await page.getByRole("tab", { name: "Configuration" }).click();
  await page.locator("input[name=timeout]").fill("7");
  await page.locator("input[name=memory]").fill("256");
  await button("Add environment variable").click();
  await page.locator(".env-vars .kv-row").last().getByLabel("Key").fill("STAGE");
  await page.locator(".env-vars .kv-row").last().getByLabel("Value").fill("workshop");
  await button("Save").click();
  await flash("success").filter({ hasText: "Successfully updated the function first-function." }).waitFor();
  await page.reload();
  await page.getByRole("tab", { name: "Configuration" }).click();
  assert.equal(await page.locator("input[name=timeout]").inputValue(), "7");
  assert.equal(await page.locator("input[name=memory]").inputValue(), "256");
  assert.equal(await page.locator(".env-vars .kv-row").first().getByLabel("Key").inputValue(), "STAGE");
  await page.locator("input[name=memory]").fill("128");  // back to the workshop's size
  await button("Save").click();
  await flash("success").filter({ hasText: "Successfully updated" }).nth(0).waitFor();
  await page.getByRole("tab", { name: "Code" }).click();
  await page.locator(".editor .cm-content").waitFor();
});

test("4. first-function: paste the workshop's code, Deploy, Test again", async () => {
  const code = handler("first-function");
  await pasteCode(code);
  assert.equal(await editorText(), code);
  assert.equal(await page.locator(".deploy-state").innerText(), "Changes not deployed");
  await deploy("first-function");
  const r = await runTest({ configure: false });
  assert.equal(r.status, "Status: Succeeded");
  const response = JSON.parse(r.response);
  assert.equal(response.statusCode, 200);
  assert.deepEqual(JSON.parse(response.body), { sku: 1234242, color: "blue", quantity: 42, in_stock: true });
  assertLogShape(r, { cold: true });  // the code update retired the warm environment
  await screenshot("first-function-deployed");
});

test("5. m1-add-sample-data: create, paste, Deploy, Test adds three people", async () => {
  await createFunction("m1-add-sample-data");
  await pasteCode(handler("m1-add-sample-data"));
  await deploy("m1-add-sample-data");
  const r = await runTest({ configure: true });
  assert.equal(r.status, "Status: Succeeded");
  assert.deepEqual(JSON.parse(r.response), { message: "Success. Added 3 people to serverless_workshop_intro." });
  assert.match(r.logs, /\tINFO\t> batch writing: marivera/);
  assertLogShape(r, { cold: true });
  await screenshot("add-sample-data-test");
});

test("6. the table now holds the item added by hand and the three people", async () => {
  await nav("Explore items");
  await page.getByRole("link", { name: "serverless_workshop_intro" }).click();
  await page.getByRole("heading", { name: "Items returned (4)" }).waitFor();
  const table = await page.locator("table.grid").innerText();
  for (const name of ["Jane Doe", "Martha Rivera", "Nikki Wolf", "Paulo Santos"]) assert.match(table, new RegExp(name));
  await screenshot("items-after-seed");
});

test("7. get-users: create, paste, Deploy, Test returns the table's items", async () => {
  await createFunction("get-users");
  await pasteCode(handler("get-users"));
  await deploy("get-users");
  const r = await runTest({ configure: true });
  assert.equal(r.status, "Status: Succeeded");
  const users = JSON.parse(r.response);
  assert.equal(users.length, 4);
  assert.deepEqual(users.map((u) => u.Userid).filter(Boolean).sort(), ["marivera", "nikkwolf", "pasantos"]);
  await screenshot("get-users-test");
});

test("8. ServerlessREST: create the API, the users resource and GET bound to get-users", async () => {
  await nav("APIs");
  await button("Create API").click();
  await page.locator("input[name=apiName]").fill("ServerlessREST");
  await button("Create API").click();
  await flash("success").filter({ hasText: "Successfully created REST API 'ServerlessREST'." }).waitFor();
  const tree = page.getByRole("navigation", { name: "Resources" });
  await tree.getByRole("link", { name: "/", exact: true }).waitFor();

  await button("Create resource").click();
  await page.locator("input[name=resourceName]").fill("users");
  await button("Create resource").click();
  await flash("success").filter({ hasText: "Successfully created resource '/users'." }).waitFor();
  await tree.getByRole("link", { name: "/users" }).click();
  await page.getByRole("heading", { name: "Resource details: /users" }).waitFor();

  await button("Create method").click();
  await page.getByLabel("Method type").selectOption("GET");
  await page.getByRole("radio", { name: "Lambda function" }).check();
  assert.equal(await page.locator("input[name=lambdaProxy]").isChecked(), false);  // off, as in the console
  await page.locator("input[name=lambdaFunction]").fill("get-users");
  await screenshot("create-method");
  await button("Create method").click();
  await flash("success").filter({ hasText: "Successfully created method 'GET' in '/users'." }).waitFor();
  await flash("info").filter({ hasText: "get-users" }).waitFor();
  assert.match(await page.locator(".detail").innerText(), /Integration type\s+Lambda function\s+Lambda function\s+get-users/);
  await screenshot("method-created");
});

test("9. the method's Test tab answers 200 with the users before any deployment", async () => {
  await page.getByRole("tab", { name: "Test" }).click();
  await button("Test").click();
  const results = page.locator(".exec-results");
  await results.waitFor();
  assert.equal(await results.locator(".test-status").innerText(), "200");
  const users = JSON.parse(await results.locator(".response-body").innerText());
  assert.deepEqual(users.map((u) => u.FullName ?? u.Name).sort(), ["Jane Doe", "Martha Rivera", "Nikki Wolf", "Paulo Santos"]);
  assert.match(await results.locator(".test-log").innerText(), /get-users|Method completed with status: 200/);
  await screenshot("method-test");
});

let invokeUrl;

test("10. Deploy API to a new stage v1 with the workshop's description", async () => {
  await button("Deploy API").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Stage", { exact: true }).selectOption("*New stage*");
  await dialog.locator("input[name=stageName]").fill("v1");
  await dialog.getByLabel("Deployment description").fill("Initial rollout of the API!");
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await flash("success").filter({ hasText: "Successfully created deployment for ServerlessREST." }).waitFor();
  await page.getByRole("heading", { name: "Stage details: v1" }).waitFor();
  assert.equal(await page.locator(".deployment-description").innerText(), "Initial rollout of the API!");
  const link = page.locator("a.invoke-url");
  invokeUrl = await link.getAttribute("href");
  assert.match(invokeUrl, /^http:\/\/[a-z0-9]+\.execute-api\.localhost:\d+\/v1\/$/);
  await screenshot("stage-v1");
});

test("11. the invoke URL answers Missing Authentication Token; /users answers the users", async () => {
  const [tab] = await Promise.all([page.context().waitForEvent("page"), page.locator("a.invoke-url").click()]);
  await tab.waitForLoadState();
  assert.deepEqual(JSON.parse(await tab.locator("body").innerText()), { message: "Missing Authentication Token" });
  await tab.screenshot({ path: join(artifacts, `${String(++shot).padStart(2, "0")}-invoke-url-root.png`) });
  const response = await tab.goto(`${invokeUrl}users`);
  assert.equal(response.status(), 200);
  const users = JSON.parse(await tab.locator("body").innerText());
  assert.deepEqual(users.map((u) => u.Userid).filter(Boolean).sort(), ["marivera", "nikkwolf", "pasantos"]);
  for (const name of ["Martha Rivera", "Nikki Wolf", "Paulo Santos"]) assert.ok(users.some((u) => u.FullName === name), name);
  await tab.screenshot({ path: join(artifacts, `${String(++shot).padStart(2, "0")}-invoke-url-users.png`) });
  await tab.close();
});

test("12. get-users' Monitor tab shows its recent log lines", async () => {
  await nav("Functions");
  await page.getByRole("link", { name: "get-users" }).click();
  await page.getByRole("tab", { name: "Monitor" }).click();
  const logs = page.locator(".log-lines table");
  await logs.filter({ hasText: "REPORT RequestId" }).waitFor();
  assert.match(await logs.innerText(), /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
  await screenshot("get-users-logs");
});

test("13. Clean up deletes the functions, the API and the table", async () => {
  await nav("Clean up");
  for (const name of ["first-function", "m1-add-sample-data", "get-users", "ServerlessREST", "serverless_workshop_intro"]) {
    assert.equal(await page.getByRole("checkbox", { name: new RegExp(` ${name}$`) }).isChecked(), true, name);
  }
  await button("Delete selected").click();
  await flash("success").filter({ hasText: "5 resources were deleted." }).waitFor();
  assert.equal(await page.locator(".cleanup-status", { hasText: "Deleted" }).count(), 5);
  await screenshot("cleaned-up");
  await nav("Tables");
  await page.getByText("You have no tables.").waitFor();
  await nav("Functions");
  await page.getByText("There is no data to display.").waitFor();
  await nav("APIs");
  await page.getByText("You have no APIs.").waitFor();
});

test("items come in pages of 50, a query finds one by key, and a table is deleted after typing confirm", async () => {
  // 120 items put through the API, as a program would (the workshop's bulk step).
  await page.evaluate(async () => {
    const call = async (op, body) => {
      const res = await fetch("/", { method: "POST", body: JSON.stringify(body),
        headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `DynamoDB_20120810.${op}` } });
      if (!res.ok) throw new Error(await res.text());
    };
    await call("CreateTable", { TableName: "paging", BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "N" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] });
    for (let i = 0; i < 120; i += 25) {
      const puts = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { pk: { N: String(i + j) }, n: { S: `item ${i + j}` } } } }));
      await call("BatchWriteItem", { RequestItems: { paging: puts.slice(0, 120 - i) } });
    }
  });
  await nav("Explore items");
  await page.getByRole("link", { name: "paging", exact: true }).click();
  await page.getByRole("heading", { name: "Items returned (50)" }).waitFor();
  const seen = new Set();
  const collect = async () => (await page.locator("table.grid tbody tr td:nth-child(2)").allInnerTexts()).forEach((k) => seen.add(k));
  await collect();
  await button("Next page").click();
  await page.getByText("Page 2", { exact: true }).waitFor();
  await collect();
  await button("Next page").click();
  await page.getByRole("heading", { name: "Items returned (20)" }).waitFor();
  await collect();
  assert.equal(seen.size, 120);
  assert.equal(await button("Next page").isDisabled(), true);
  await button("Previous page").click();
  await page.getByText("Page 2", { exact: true }).waitFor();

  await page.getByLabel("Scan or query").selectOption("Query");
  await page.getByLabel("pk (partition key)").fill("7");
  await button("Run").click();
  await page.getByRole("heading", { name: "Items returned (1)" }).waitFor();
  assert.match(await page.locator("table.grid").innerText(), /7\s+item 7/);
  await screenshot("query-by-key");

  await nav("Tables");
  await page.getByRole("checkbox", { name: "Select paging" }).check();
  await button("Delete").click();
  const dialog = page.getByRole("dialog");
  assert.equal(await dialog.getByRole("button", { name: "Delete" }).isDisabled(), true);
  await dialog.getByLabel("Type confirm").fill("confirm");
  await dialog.getByRole("button", { name: "Delete" }).click();
  await flash("success").filter({ hasText: "The table paging was deleted." }).waitFor();
  await page.getByText("You have no tables.").waitFor();
});
