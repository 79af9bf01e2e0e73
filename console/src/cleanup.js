// Clean up: delete what the workshop created (or anything else picked), the
// way the workshop's last page asks, one API call per resource, each
// result shown.
import { apigateway, dynamodb, lambda, logs } from "./api.js";
import { action, button, h, pageHeader, panel, showFlash } from "./ui.js";
import { forgetFunction } from "./lambda/test_events.js";

export const WORKSHOP = {
  functions: ["first-function", "m1-add-sample-data", "get-users"],
  apis: ["ServerlessREST"],
  tables: ["serverless_workshop_intro"],
};

export async function cleanupPage() {
  const [fns, apis, tables] = await Promise.all([
    lambda.list(), apigateway.list(), dynamodb("ListTables", {}).then((r) => r.TableNames),
  ]);
  const items = [
    ...fns.map((f) => ({ kind: "Lambda function", name: f.FunctionName, workshop: WORKSHOP.functions.includes(f.FunctionName),
      remove: async () => {
        await lambda.remove(f.FunctionName);
        forgetFunction(f.FunctionName);
        // Lambda keeps a deleted function's logs; the workshop's clean up does not need them.
        await logs("DeleteLogGroup", { logGroupName: `/aws/lambda/${f.FunctionName}` }).catch((e) => {
          if (e.type !== "ResourceNotFoundException") throw e;
        });
      } })),
    ...apis.map((a) => ({ kind: "REST API", name: a.name, detail: a.id, workshop: WORKSHOP.apis.includes(a.name), remove: () => apigateway.remove(a.id) })),
    ...tables.map((t) => ({ kind: "DynamoDB table", name: t, workshop: WORKSHOP.tables.includes(t), remove: () => dynamodb("DeleteTable", { TableName: t }) })),
  ];
  const rows = items.map((it) => {
    const box = h("input", { type: "checkbox", checked: it.workshop, "aria-label": `${it.kind} ${it.name}` });
    const status = h("td", { class: "cleanup-status" });
    return { it, box, status, tr: h("tr", null, h("td", null, box), h("td", null, it.kind), h("td", null, it.name, it.detail && h("span", { class: "muted" }, ` (${it.detail})`)), status) };
  });
  const run = button("Delete selected", () => action(run, async () => {
    let deleted = 0;
    let failed = 0;
    for (const r of rows.filter((x) => x.box.checked && !x.done)) {
      try {
        await r.it.remove();
        r.done = true;
        r.box.disabled = true;
        r.status.textContent = "Deleted";
        r.status.className = "cleanup-status status-ok";
        deleted++;
      } catch (e) {
        failed++;
        r.status.textContent = `${e.type ?? e.name}: ${e.message}`;
        r.status.className = "cleanup-status flash-title";
        showFlash("error", e.type ?? e.name, `${r.it.kind} ${r.it.name}: ${e.message}`);
      }
    }
    if (failed === 0) showFlash("success", "Clean up complete", `${deleted} resource${deleted === 1 ? " was" : "s were"} deleted.`);
  }), "danger");
  return h("div", null,
    pageHeader("Clean up", run),
    h("p", { class: "lead" }, "Delete the resources you created. The workshop's are selected; select anything else to delete it too."),
    panel(null, h("table", { class: "grid" },
      h("thead", null, h("tr", null, h("th", null, ""), h("th", null, "Type"), h("th", null, "Name"), h("th", null, "Result"))),
      h("tbody", null, rows.length ? rows.map((r) => r.tr) : h("tr", null, h("td", { colspan: 4, class: "empty" }, "Nothing to clean up."))))),
    h("p", { class: "muted" }, "IAM roles are not created by localcloud, so there are none to delete."));
}
