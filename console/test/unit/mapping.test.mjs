// The item form's DynamoDB JSON ↔ form mapping (src/dynamodb/mapping.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  FormError, columnsOf, displayValue, emptyValue, fromForm, keyOf, parseItemJson, toForm,
} from "../../src/dynamodb/mapping.js";

// Every type, nested, as DynamoDB JSON: the round trip must give it back exactly.
const EVERY_TYPE = {
  _id: { S: "1" },
  Name: { S: "Jane Doe" },
  Age: { N: "123456789012345678901234567890.12345678" },
  Photo: { B: "aGVsbG8=" },
  Active: { BOOL: false },
  Nothing: { NULL: true },
  Tags: { SS: ["a", "b"] },
  Scores: { NS: ["1", "-2.5", "1E+3"] },
  Blobs: { BS: ["AA==", "AQ=="] },
  Address: { M: { City: { S: "Seattle" }, Zip: { N: "98101" }, Geo: { M: { Lat: { N: "47.6" } } } } },
  History: { L: [{ S: "x" }, { N: "2" }, { L: [] }, { M: { k: { BOOL: true } } }] },
};

test("an item survives DynamoDB JSON → form → DynamoDB JSON unchanged", () => {
  assert.deepEqual(fromForm(toForm(EVERY_TYPE)), EVERY_TYPE);
});

test("the form lists key attributes first, in key schema order", () => {
  const form = toForm({ b: { S: "2" }, sk: { N: "1" }, pk: { S: "p" } }, ["pk", "sk"]);
  assert.deepEqual(form.map((n) => n.name), ["pk", "sk", "b"]);
});

test("form nodes carry the typed text, nested maps and lists as nested nodes", () => {
  const [node] = toForm({ a: { M: { n: { N: "1.50" }, l: { L: [{ BOOL: true }] } } } });
  assert.deepEqual(node, {
    name: "a", type: "M", value: [
      { name: "n", type: "N", value: "1.50" },
      { name: "l", type: "L", value: [{ name: "", type: "BOOL", value: true }] },
    ],
  });
});

test("what the workshop's Create item form produces", () => {
  const nodes = [{ name: "_id", type: "S", value: "1" }, { name: "Name", type: "S", value: "Jane Doe" }];
  assert.deepEqual(fromForm(nodes), { _id: { S: "1" }, Name: { S: "Jane Doe" } });
});

test("numbers keep every digit and lose surrounding spaces; sets keep their order", () => {
  const item = fromForm([
    { name: "n", type: "N", value: " 0.1000000000000000000000000000000000001 " },
    { name: "ns", type: "NS", value: ["3", "1", "2"] },
  ]);
  assert.deepEqual(item, { n: { N: "0.1000000000000000000000000000000000001" }, ns: { NS: ["3", "1", "2"] } });
});

test("new attributes start empty, as the console's do", () => {
  const cases = { S: "", N: "", B: "", BOOL: false, NULL: true, SS: [], NS: [], BS: [], M: [], L: [] };
  for (const [type, want] of Object.entries(cases)) assert.deepEqual(emptyValue(type), want, type);
});

test("bad form values are refused with the attribute's path", () => {
  const cases = [
    [[{ name: "", type: "S", value: "x" }], "an attribute name cannot be empty"],
    [[{ name: "a", type: "S", value: "x" }, { name: "a", type: "N", value: "1" }], 'the attribute name "a" is used twice'],
    [[{ name: "n", type: "N", value: "12abc" }], 'n: "12abc" is not a number'],
    [[{ name: "n", type: "N", value: "" }], 'n: "" is not a number'],
    [[{ name: "b", type: "B", value: "not base64!" }], "b: a binary value must be base64"],
    [[{ name: "s", type: "SS", value: [] }], "s: a set cannot be empty"],
    [[{ name: "s", type: "SS", value: ["x", "x"] }], 's: a set cannot hold "x" twice'],
    [[{ name: "s", type: "NS", value: ["1", "one"] }], 's[1]: "one" is not a number'],
    [[{ name: "m", type: "M", value: [{ name: "deep", type: "N", value: "x" }] }], 'm.deep: "x" is not a number'],
    [[{ name: "l", type: "L", value: [{ type: "S", value: "ok" }, { type: "N", value: "?" }] }], 'l[1]: "?" is not a number'],
  ];
  for (const [nodes, message] of cases) {
    assert.throws(() => fromForm(nodes), (e) => e instanceof FormError && e.message === message, message);
  }
});

test("the JSON view accepts DynamoDB JSON and refuses anything else", () => {
  assert.deepEqual(parseItemJson('{"_id": {"S": "1"}, "n": {"N": "5"}}'), { _id: { S: "1" }, n: { N: "5" } });
  const bad = [
    ["[1]", "an item is a JSON object"],
    ['{"a": "plain"}', 'a: not an attribute value: "plain"'],
    ['{"a": {"S": "x", "N": "1"}}', 'a: not an attribute value: {"S":"x","N":"1"}'],
    ['{"a": {"X": "1"}}', 'a: not an attribute value: {"X":"1"}'],
    ['{"a": {"N": "one"}}', 'a: "one" is not a number'],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseItemJson(text), (e) => e instanceof FormError && e.message === message, text);
  }
  assert.throws(() => parseItemJson("{"), /the JSON is not valid/);
});

test("values are shown in one line, strings bare at the top level", () => {
  assert.equal(displayValue({ S: "Jane" }), "Jane");
  assert.equal(displayValue({ N: "42" }), "42");
  assert.equal(displayValue({ BOOL: true }), "true");
  assert.equal(displayValue({ NULL: true }), "null");
  assert.equal(displayValue({ SS: ["a", "b"] }), '["a", "b"]');
  assert.equal(displayValue({ NS: ["1", "2"] }), "[1, 2]");
  assert.equal(displayValue(EVERY_TYPE.Address), '{"City": "Seattle", "Zip": 98101, "Geo": {"Lat": 47.6}}');
  assert.equal(displayValue(EVERY_TYPE.History), '["x", 2, [], {"k": true}]');
});

test("keys and columns", () => {
  const schema = [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }];
  assert.deepEqual(keyOf({ pk: { S: "a" }, sk: { N: "1" }, x: { S: "y" } }, schema), { pk: { S: "a" }, sk: { N: "1" } });
  assert.deepEqual(columnsOf([{ pk: { S: "a" }, b: { S: "" } }, { a: { S: "" }, pk: { S: "b" } }], ["pk", "sk"]),
    ["pk", "sk", "b", "a"]);
});
