// The item editor's Form view: nested rows of attributes bound to the form
// model of mapping.js. Structural changes (add, remove, type) re-render; typing
// only updates the model.
import { h, button } from "../ui.js";
import { TYPES, emptyValue } from "./mapping.js";

const TYPE_LABEL = Object.fromEntries(TYPES);
const SCALAR_SETS = { SS: "S", NS: "N", BS: "B" };

// `nodes` is edited in place. `keys` are the key attributes [{name, type}]:
// their rows cannot be renamed, retyped or removed, and with `lockKeyValues`
// (editing an existing item) not changed at all.
export function itemForm(nodes, { keys = [], lockKeyValues = false } = {}) {
  const root = h("div", { class: "item-form" });
  const keyNames = new Set(keys.map((k) => k.name));
  const render = () => root.replaceChildren(attributeList(nodes, { named: true, top: true }));

  function attributeList(list, { named, top }) {
    const box = h("div", { class: "attr-list" });
    list.forEach((node, i) => {
      const isKey = top && keyNames.has(node.name);
      box.append(row(list, i, node, { named, isKey }));
    });
    box.append(h("div", { class: "attr-add" }, addSelect((type) => {
      list.push({ name: "", type, value: emptyValue(type) });
      render();
      [...root.querySelectorAll("input.attr-name")].filter((e) => !e.value).at(-1)?.focus();
    }, named ? "Add new attribute" : "Add new item")));
    return box;
  }

  function row(list, i, node, { named, isKey }) {
    const nameCell = named
      ? (isKey
        ? h("span", { class: "attr-name key" }, node.name, h("span", { class: "badge" }, keys.findIndex((k) => k.name === node.name) === 0 ? "Partition key" : "Sort key"))
        : h("input", { type: "text", class: "attr-name", value: node.name, placeholder: "Attribute name", "aria-label": "Attribute name", oninput: (e) => (node.name = e.target.value) }))
      : h("span", { class: "attr-index" }, String(i));
    const typeCell = isKey
      ? h("span", { class: "attr-type" }, TYPE_LABEL[node.type])
      : h("select", { class: "attr-type", "aria-label": "Type", onchange: (e) => {
        node.type = e.target.value;
        node.value = emptyValue(node.type);
        render();
      } }, TYPES.map(([t, label]) => h("option", { value: t, selected: t === node.type }, label)));
    const removeCell = isKey ? h("span") : button("Remove", () => {
      list.splice(i, 1);
      render();
    }, "link", { "aria-label": "Remove attribute" });
    return h("div", { class: `attr-row type-${node.type}` }, nameCell,
      typeCell, h("div", { class: "attr-value" }, valueEditor(node, isKey && lockKeyValues)), removeCell);
  }

  function valueEditor(node, locked) {
    switch (node.type) {
      case "S": case "N": case "B":
        return h("input", { type: "text", value: node.value, disabled: locked, "aria-label": "Value",
          placeholder: node.type === "N" ? "Enter a number" : node.type === "B" ? "Base64" : "Enter a string",
          oninput: (e) => (node.value = e.target.value) });
      case "BOOL":
        return h("select", { "aria-label": "Value", onchange: (e) => (node.value = e.target.value === "true") },
          h("option", { value: "true", selected: node.value === true }, "True"),
          h("option", { value: "false", selected: node.value !== true }, "False"));
      case "NULL":
        return h("span", { class: "muted" }, "null");
      case "SS": case "NS": case "BS": {
        const box = h("div", { class: "set-values" });
        node.value.forEach((v, j) => box.append(h("div", { class: "set-value" },
          h("input", { type: "text", value: v, "aria-label": "Set value", oninput: (e) => (node.value[j] = e.target.value) }),
          button("Remove", () => {
            node.value.splice(j, 1);
            render();
          }, "link"))));
        box.append(button(`Insert a ${TYPE_LABEL[SCALAR_SETS[node.type]].toLowerCase()}`, () => {
          node.value.push("");
          render();
        }, "link"));
        return box;
      }
      case "M": return attributeList(node.value, { named: true, top: false });
      case "L": return attributeList(node.value, { named: false, top: false });
    }
    return h("span");
  }

  render();
  return root;
}

function addSelect(onPick, label) {
  const sel = h("select", { class: "add-attr", "aria-label": label },
    h("option", { value: "" }, label), TYPES.map(([t, l]) => h("option", { value: t }, l)));
  sel.addEventListener("change", () => {
    const t = sel.value;
    sel.value = "";
    if (t) onPick(t);
  });
  return sel;
}
