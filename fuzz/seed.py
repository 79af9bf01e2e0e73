#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into OUT/<target>/, from the unit and
e2e tests, the recorded AWS data in ../shared/golden/ (when present) and a few
hand-picked inputs below. Run at fuzz time (fuzz/run.sh); nothing it writes
is committed.

    fuzz/seed.py OUT
"""
import hashlib
import io
import json
import os
import re
import shutil
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(os.environ.get("LOCALCLOUD_GOLDEN", ROOT.parent / "shared" / "golden" / "localstack"))
TYPES = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}


def write(out, target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def cpp_strings(path):
    """The plain and raw string literals of a C++ file, unescaped."""
    text = path.read_text(errors="replace")
    found = [m.group(1) for m in re.finditer(r'R"\((.*?)\)"', text, re.S)]
    for m in re.finditer(r'(?<![R\w])"((?:[^"\\\n]|\\.)*)"', text):
        try:
            found.append(bytes(m.group(1), "utf-8").decode("unicode_escape"))
        except UnicodeDecodeError:
            pass
    return found


def py_kwargs(names):
    """Values of NAME="..." keyword arguments in the e2e tests."""
    out = []
    for path in sorted((ROOT / "tests" / "e2e").glob("*.py")):
        text = path.read_text(errors="replace")
        for name in names:
            out += re.findall(name + r'="([^"\n]*)"', text)
    return out


def golden_json():
    if not GOLDEN.is_dir():
        return []
    docs = []
    for path in sorted(GOLDEN.rglob("*.json")):
        try:
            docs.append(json.loads(path.read_text()))
        except (ValueError, OSError):
            pass
    return docs


def walk(node):
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def is_value(node):
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) in TYPES


def is_item(node):
    return isinstance(node, dict) and node and all(is_value(v) for v in node.values())


def expressions(out):
    tests = ROOT / "tests" / "unit" / "dynamodb" / "expressions"
    sources = {
        "condition_expression": ["condition_parser_test.cc", "key_condition_test.cc",
                                 "resolver_test.cc"],
        "update_expression": ["update_parser_test.cc"],
        "projection_expression": ["projection_test.cc"],
    }
    kwargs = {
        "condition_expression": ["ConditionExpression", "FilterExpression",
                                 "KeyConditionExpression"],
        "update_expression": ["UpdateExpression"],
        "projection_expression": ["ProjectionExpression"],
    }
    for target, files in sources.items():
        for f in files:
            if (tests / f).exists():
                for s in cpp_strings(tests / f):
                    if 0 < len(s) <= 4096:
                        write(out, target, s)
        for s in py_kwargs(kwargs[target]):
            write(out, target, s)
    for s in ["a = :v AND (b < :w OR NOT attribute_exists(#n.c[1]))",
              "pk = :p AND sk BETWEEN :a AND :b", "pk = :p AND begins_with(sk, :s)",
              "size(a) > :v", "a IN (:a, :b, :c)", "contains(#n, :v)",
              "attribute_type(a, :t)"]:
        write(out, "condition_expression", s)
    for s in ["SET a = :v, b = b + :one REMOVE c[1], #n.d ADD s :set DELETE t :set",
              "SET l = list_append(if_not_exists(l, :empty), :l)", "SET a = (b - :v)"]:
        write(out, "update_expression", s)
    for s in ["a, b.c, #n[1].d", "a[0][1], b"]:
        write(out, "projection_expression", s)


def attribute_values(out, golden):
    tests = ROOT / "tests" / "unit" / "dynamodb" / "model" / "attribute_value_test.cc"
    if tests.exists():
        for s in cpp_strings(tests):
            try:
                json.loads(s)
                write(out, "attribute_value", s)
            except ValueError:
                pass
    items = []
    for doc in golden:
        for node in walk(doc):
            if is_value(node):
                write(out, "attribute_value", json.dumps(node))
            elif is_item(node):
                items.append(node)
                write(out, "attribute_value", json.dumps(node))
    return items


def dynamodb_requests(out, items):
    def req(op, body):
        text = json.dumps(body)
        write(out, "dynamodb_request", op + "\n" + text)
        if op in ("PutItem", "GetItem"):
            write(out, "flat_request", ("P" if op == "PutItem" else "G") + text)

    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    values = {":v": {"S": "x"}, ":n": {"N": "5"}}
    req("PutItem", {"TableName": "tab", "Item": dict(key, g={"S": "g1"}, n={"N": "1"})})
    req("PutItem", {"TableName": "tab", "Item": key, "ConditionExpression": "attribute_not_exists(pk)",
                    "ReturnValues": "ALL_OLD"})
    req("GetItem", {"TableName": "tab", "Key": key, "ProjectionExpression": "pk, #n",
                    "ExpressionAttributeNames": {"#n": "n"}, "ConsistentRead": True})
    req("UpdateItem", {"TableName": "tab", "Key": key,
                       "UpdateExpression": "SET n = if_not_exists(n, :n) + :n, s = :v REMOVE x",
                       "ConditionExpression": "attribute_exists(pk) OR s <> :v",
                       "ExpressionAttributeValues": values, "ReturnValues": "ALL_NEW"})
    req("UpdateItem", {"TableName": "tab", "Key": key,
                       "AttributeUpdates": {"n": {"Action": "ADD", "Value": {"N": "1"}}},
                       "Expected": {"n": {"ComparisonOperator": "GE",
                                          "AttributeValueList": [{"N": "0"}]}}})
    req("DeleteItem", {"TableName": "tab", "Key": key, "ReturnValues": "ALL_OLD"})
    req("Query", {"TableName": "tab", "KeyConditionExpression": "pk = :v AND sk BETWEEN :n AND :n",
                  "FilterExpression": "size(s) > :n", "ExpressionAttributeValues": values,
                  "ScanIndexForward": False, "Limit": 2})
    req("Query", {"TableName": "tab", "IndexName": "gsi1", "KeyConditionExpression": "g = :v",
                  "ExpressionAttributeValues": {":v": {"S": "g1"}}})
    req("Query", {"TableName": "tab", "KeyConditions": {
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}}})
    req("Scan", {"TableName": "tab", "Segment": 0, "TotalSegments": 2,
                 "ScanFilter": {"n": {"ComparisonOperator": "BETWEEN",
                                      "AttributeValueList": [{"N": "0"}, {"N": "9"}]}}})
    req("Scan", {"TableName": "tab", "ExclusiveStartKey": key, "Select": "COUNT"})
    req("BatchWriteItem", {"RequestItems": {"tab": [{"PutRequest": {"Item": key}},
                                                   {"DeleteRequest": {"Key": key}}]}})
    req("BatchGetItem", {"RequestItems": {"tab": {"Keys": [key], "ProjectionExpression": "pk"}}})
    req("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "tab", "Item": key}},
        {"Update": {"TableName": "bin", "Key": {"id": {"B": "AAE="}},
                    "UpdateExpression": "ADD c :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": "tab", "Key": dict(key, sk={"N": "2"}),
                            "ConditionExpression": "attribute_not_exists(pk)"}}],
        "ClientRequestToken": "tok"})
    req("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "tab", "Key": key}}]})
    req("CreateTable", {"TableName": "new", "BillingMode": "PAY_PER_REQUEST",
                        "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
                        "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]})
    req("UpdateTable", {"TableName": "tab", "StreamSpecification": {"StreamEnabled": False}})
    req("DescribeTable", {"TableName": "tab"})
    req("ListTables", {"Limit": 1})
    req("UpdateTimeToLive", {"TableName": "tab", "TimeToLiveSpecification": {
        "Enabled": True, "AttributeName": "ttl"}})
    req("DescribeTimeToLive", {"TableName": "tab"})
    req("TagResource", {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/tab",
                        "Tags": [{"Key": "k", "Value": "v"}]})
    req("Streams.ListStreams", {"TableName": "tab"})
    req("Streams.DescribeStream", {"StreamArn": "arn:aws:dynamodb:us-east-1:000000000000:table/tab/stream/x"})
    req("DeleteTable", {"TableName": "new"})
    for item in items[:200]:
        req("PutItem", {"TableName": "tab", "Item": dict(item, **key)})
    scalars = {"s": {"S": "text"}, "e": {"S": ""}, "n": {"N": "-1.50E+3"}, "b": {"BOOL": True},
               "z": {"NULL": True}}
    req("PutItem", {"TableName": "tab", "Item": dict(key, **scalars)})
    req("GetItem", {"TableName": "tab", "Key": key, "ConsistentRead": True})
    # Near misses the flat reader must decline: one mutation from accepted.
    for value in ({"NULL": False}, {"N": "1E+126"}, {"S": "caf\u00e9"}, {"S": "a\"b"},
                  {"BOOL": "true"}, {"S": "a", "N": "1"}, {"B": "AAE="}):
        write(out, "flat_request", "P" + json.dumps({"TableName": "tab", "Item": dict(key, v=value)}))
    for path in sorted((ROOT / "tests" / "unit" / "dynamodb" / "api").glob("*.cc")):
        text = path.read_text(errors="replace")
        for op, body in re.findall(r'(?:call|start)\("(\w+)",\s*R"\((.*?)\)"', text, re.S):
            write(out, "dynamodb_request", op + "\n" + body)


def key_codec(out):
    numbers = ["0", "1", "-1", "1e125", "-1e125", "1e-130", "-1e-130", "12.5", "-0.05",
               "99999999999999999999999999999999999999", "1.0000000000000000000000000000000000001",
               "-9.9999999999999999999999999999999999999E+125", "100", "10", "0.1"]
    for i, a in enumerate(numbers):
        b = numbers[(i * 7 + 3) % len(numbers)]
        write(out, "key_codec", b"\x01" + a.encode() + b"\x00" + b.encode())
    write(out, "key_codec", b"\x00abc\x00abd")
    write(out, "key_codec", b"\x02\x00\xff\x00\x01")


def zips(out):
    def make(entries, compression=zipfile.ZIP_DEFLATED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression) as z:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name)
                info.external_attr = mode << 16
                info.create_system = 3
                info.compress_type = compression
                z.writestr(info, data)
        return buf.getvalue()

    write(out, "zip_extract", make([("index.js", "exports.handler = async () => 1;\n", 0o100644)]))
    write(out, "zip_extract", make([("bootstrap", "#!/bin/sh\n", 0o100755),
                                    ("lib/", "", 0o40755), ("lib/a.txt", "a" * 300, 0o100644)],
                                   zipfile.ZIP_STORED))
    write(out, "zip_extract", make([("a/b.txt", "x", 0o100644), ("link", "a/b.txt", 0o120777),
                                    ("dirlink", "a", 0o120777)]))
    write(out, "zip_extract", make([("../evil", "x", 0o100644)]))
    write(out, "zip_extract", make([("setuid", "x", 0o104777)]))
    write(out, "zip_extract", make([("out", "../../etc", 0o120777), ("out/x", "y", 0o100644)]))


def apigateway(out, golden):
    # Matcher inputs: path, method, then resources ("path METHODS").
    trees = "/users GET\n/users/{id} GET,ANY\n/users/me GET\n/{proxy+} ANY\n/files/{path+} GET"
    for path in ["/users/1", "/users/me", "/users//x/", "/files/a/b/c", "//users/", "/", "/x/y"]:
        for method in ["GET", "POST"]:
            write(out, "apigateway_matcher", f"{path}\n{method}\n{trees}")
    # Proxy inputs, in FuzzedDataProvider's layout: strings end at "\\ "
    # and the integers come from the end.
    events = [n for doc in golden for n in walk(doc)
              if isinstance(n, dict) and "httpMethod" in n and "path" in n]
    for ev in events[:50]:
        headers = ev.get("headers") or {}
        parts = [ev.get("httpMethod") or "GET", ev.get("path") or "/",
                 "&".join(f"{k}={v}" for k, v in (ev.get("queryStringParameters") or {}).items())]
        for k, v in list(headers.items())[:8]:
            parts += [str(k), str(v)]
        text = "\\ ".join(p.replace("\\", "\\\\") for p in parts) + "\\ "
        body = ev.get("body") if isinstance(ev.get("body"), str) else ""
        payload = json.dumps({"statusCode": 200, "headers": {"a": "b"}, "body": body})
        write(out, "apigateway_proxy", text.encode() + b"\\ " + payload.encode() +
              struct.pack("<Q", 1700000000000) + bytes([min(len(headers), 8), 0, 0, 0]))


def config(out):
    for path in sorted((ROOT / "config").glob("*.json")):
        write(out, "config", path.read_bytes())
    write(out, "config", json.dumps({"tables": [{"TableName": "tab", "KeySchema": [],
                                                 "AttributeDefinitions": [],
                                                 "SeedFunction": "fn"}],
                                     "functions": [{"FunctionName": "fn", "Runtime": "nodejs20.x",
                                                    "Handler": "index.handler", "Code": "fn"}],
                                     "restApis": [{"name": "api", "default": True}]}))


def url(out):
    for s in ["/a/b?x=1&y=%2F+z&y", "/?", "/%41%zz%4", "/2015-03-31/functions/f%3Aalias/invocations",
              "/p?a=&=b&&c=%E2%82%AC", "+%2B+"]:
        write(out, "url", s)


def runtime_api(out):
    p = "/2018-06-01/runtime/"
    reqs = [f"GET {p}invocation/next HTTP/1.1\r\nHost: x\r\n\r\n",
            f"POST {p}invocation/abc/response HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            f"POST {p}invocation/abc/error HTTP/1.1\r\nLambda-Runtime-Function-Error-Type: E\r\n"
            "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            f"POST {p}init/error HTTP/1.0\r\nContent-Length: 2000\r\n\r\n" + "x" * 2000,
            f"GET {p}invocation/next HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\nConnection: close\r\n\r\n"]
    for r in reqs:
        write(out, "runtime_api", r)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build-fuzz/seeds")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    golden = golden_json()
    expressions(out)
    items = attribute_values(out, golden)
    dynamodb_requests(out, items)
    key_codec(out)
    zips(out)
    apigateway(out, golden)
    config(out)
    url(out)
    runtime_api(out)
    counts = {d.name: len(list(d.iterdir())) for d in sorted(out.iterdir()) if d.is_dir()}
    print("seeds:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
