// The console's entry point: the header, and a hash router that renders one
// page at a time into #view. A page is an async function of the route's
// parameters that returns an element; its errors become flashes.
import { ACCOUNT, REGION } from "./api.js";
import { h, resetFlashes, showError } from "./ui.js";
import { createTablePage, itemEditorPage, itemsIndexPage, itemsPage, tablesPage } from "./dynamodb/pages.js";
import { createFunctionPage, functionPage, functionsPage } from "./lambda/pages.js";
import { apisPage, createApiPage, resourcesPage, stagesPage } from "./apigateway/pages.js";
import { cleanupPage } from "./cleanup.js";

const routes = [
  ["/", homePage],
  ["/dynamodb/tables", tablesPage],
  ["/dynamodb/create-table", createTablePage],
  ["/dynamodb/items", itemsIndexPage],
  ["/dynamodb/items/:table", itemsPage],
  ["/dynamodb/items/:table/create", itemEditorPage],
  ["/dynamodb/items/:table/edit/:key", itemEditorPage],
  ["/lambda/functions", functionsPage],
  ["/lambda/create", createFunctionPage],
  ["/lambda/functions/:name", functionPage],
  ["/apigateway/apis", apisPage],
  ["/apigateway/create", createApiPage],
  ["/apigateway/apis/:api/resources", resourcesPage],
  ["/apigateway/apis/:api/resources/:resource", resourcesPage],
  ["/apigateway/apis/:api/resources/:resource/:method", resourcesPage],
  ["/apigateway/apis/:api/stages", stagesPage],
  ["/cleanup", cleanupPage],
].map(([pattern, page]) => {
  const names = [];
  const re = new RegExp("^" + pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)")) + "$");
  return { re, names, page };
});

function homePage() {
  const card = (title, text, links) => h("section", { class: "panel card" }, h("h2", null, title), h("p", null, text),
    h("ul", null, links.map(([label, href]) => h("li", null, h("a", { href }, label)))));
  return h("div", null,
    h("div", { class: "page-header" }, h("h1", null, "localcloud console")),
    h("p", { class: "lead" }, "API Gateway, Lambda and DynamoDB on this machine. Everything here goes through the same APIs the AWS CLI uses, at ",
      h("code", null, location.origin), "."),
    h("div", { class: "cards" },
      card("DynamoDB", "Tables and their items.", [["Tables", "#/dynamodb/tables"], ["Create table", "#/dynamodb/create-table"], ["Explore items", "#/dynamodb/items"]]),
      card("Lambda", "Functions: code, tests, configuration and logs.", [["Functions", "#/lambda/functions"], ["Create function", "#/lambda/create"]]),
      card("API Gateway", "REST APIs: resources, methods, deployments and stages.", [["APIs", "#/apigateway/apis"], ["Create API", "#/apigateway/create"]]),
      card("Clean up", "Delete what the workshop created.", [["Clean up", "#/cleanup"]])));
}

let rendering = 0;

async function render() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const target = path || "/";
  const view = document.getElementById("view");
  const token = ++rendering;
  for (const a of document.querySelectorAll("#nav a")) {
    const href = a.getAttribute("href").slice(1);
    a.classList.toggle("active", target === href || target.startsWith(href + "/"));
  }
  let el;
  try {
    const route = routes.find((r) => r.re.test(target));
    if (!route) {
      el = h("div", null, h("h1", null, "Not found"), h("p", null, "No page at ", h("code", null, target), ". ", h("a", { href: "#/" }, "Home")));
    } else {
      const m = route.re.exec(target);
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      params.query = new URLSearchParams(query);
      view.setAttribute("aria-busy", "true");
      el = await route.page(params);
    }
  } catch (e) {
    if (token !== rendering) return;
    resetFlashes();
    showError(e);
    view.replaceChildren(h("p", { class: "muted" }, "This page could not be loaded."));
    view.removeAttribute("aria-busy");
    return;
  }
  if (token !== rendering) return;
  resetFlashes();
  view.replaceChildren(el);
  view.removeAttribute("aria-busy");
  window.scrollTo(0, 0);
}

document.getElementById("endpoint").textContent = location.origin;
document.getElementById("region").textContent = REGION;
document.getElementById("account").textContent = ACCOUNT;
window.addEventListener("hashchange", render);
render();
