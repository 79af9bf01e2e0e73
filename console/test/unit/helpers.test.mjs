// The pure helpers behind the pages: AWS error parsing, the REPORT line, the
// starter handler, invoke URLs and integration URIs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { errorFrom } from "../../src/api.js";
import { functionOfUri, invokeUrl, lambdaUri, pathStyleUrl } from "../../src/apigateway/pages.js";
import { starter } from "../../src/lambda/pages.js";
import { decodeLog, parseReport } from "../../src/lambda/results.js";

test("AWS errors are named from x-amzn-ErrorType, __type or Type", () => {
  const headers = (h = {}) => new Headers(h);
  const cases = [
    [400, headers(), '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException","message":"Table already exists: t"}',
      "ResourceInUseException", "Table already exists: t"],
    [404, headers({ "X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/" }),
      '{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"}',
      "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"],
    [404, headers({ "x-amzn-errortype": "NotFoundException" }), '{"message":"Invalid REST API identifier specified"}',
      "NotFoundException", "Invalid REST API identifier specified"],
    [502, headers(), "", "HTTP 502", "The request failed with status 502."],
    [500, headers(), "upstream broke", "HTTP 500", "upstream broke"],
  ];
  for (const [status, h, body, type, message] of cases) {
    const e = errorFrom(status, h, body);
    assert.deepEqual([e.type, e.message, e.status], [type, message, status], body);
  }
});

test("the REPORT line's numbers, with and without Init Duration", () => {
  const log = "START RequestId: r Version: $LATEST\nEND RequestId: r\n" +
    "REPORT RequestId: r\tDuration: 1.55 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 43 MB\tInit Duration: 57.98 ms\t\n";
  assert.deepEqual(parseReport(log), { duration: "1.55", billed: "2", memorySize: "128", maxMemory: "43", init: "57.98" });
  assert.equal(parseReport(log.replace("\tInit Duration: 57.98 ms", "")).init, undefined);
  assert.equal(parseReport("no report"), null);
  assert.equal(decodeLog(Buffer.from("START é\n").toString("base64")), "START é\n");
  assert.equal(decodeLog(null), "");
});

test("the starter handler lives in the file its handler names", () => {
  assert.equal(starter("nodejs20.x").file, "index.mjs");
  assert.match(starter("nodejs20.x").code, /^export const handler = async \(event\) => \{/);
  assert.match(starter("nodejs20.x").code, /JSON.stringify\('Hello from Lambda!'\)/);
  assert.deepEqual(starter("nodejs22.x", "app.main").file, "app.mjs");
  assert.match(starter("nodejs22.x", "app.main").code, /^export const main = /);
  assert.equal(starter("python3.12").file, "lambda_function.py");
  assert.match(starter("python3.12").code, /^import json\n\ndef lambda_handler\(event, context\):/);
  assert.equal(starter("python3.12", "src/app.handle").file, "src/app.py");
});

test("invoke URLs: the execute-api host on this machine, the path form elsewhere", () => {
  const at = (href) => new URL(href);
  assert.equal(invokeUrl("abc123", "v1", at("http://localhost:4566/_console/")), "http://abc123.execute-api.localhost:4566/v1/");
  assert.equal(invokeUrl("abc123", "v1", at("http://127.0.0.1:4566/_console/")), "http://abc123.execute-api.localhost:4566/v1/");
  assert.equal(invokeUrl("abc123", "v1", at("http://build-box:8080/_console/")), "http://build-box:8080/restapis/abc123/v1/_user_request_/");
  assert.equal(pathStyleUrl("abc123", "v1", at("http://localhost:4566/")), "http://localhost:4566/restapis/abc123/v1/_user_request_/");
});

test("a Lambda integration's URI names its function", () => {
  const arn = "arn:aws:lambda:us-east-1:000000000000:function:get-users";
  assert.equal(lambdaUri(arn), `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`);
  assert.equal(functionOfUri(lambdaUri(arn)), "get-users");
  assert.equal(functionOfUri(lambdaUri(`${arn}:$LATEST`)), "get-users:$LATEST");
  assert.equal(functionOfUri("http://example.com/"), null);
  assert.equal(functionOfUri(undefined), null);
});
