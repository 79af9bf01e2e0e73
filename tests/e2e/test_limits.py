"""Limits with AWS's errors, and connection limits that keep the server answering.

DynamoDB: item 400 KB, expression 4 KB, document depth 32, BatchWriteItem 25,
BatchGetItem 100, TransactWriteItems 100, and JSON nested deeper than any limit
(refused, without exhausting the stack). Lambda: a synchronous Invoke payload of
6 MB. API Gateway: a 10 MB payload. HTTP: the request body limit (413), headers
over the limit (431), the connection cap (503) and slowloris clients (closed after
the header timeout while other clients are served).
"""
import json
import socket
import time
import unittest
import urllib.error
import urllib.request

from localcloud_server import ROLE, LocalCloud, error_of, make_zip





def post(url, body, headers=None):
    """Returns (status, headers, body bytes) of a raw POST."""
    req = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def dynamodb_call(endpoint, operation, body):
    return post(endpoint + "/", body, {"X-Amz-Target": "DynamoDB_20120810." + operation,
                                       "Content-Type": "application/x-amz-json-1.0"})


def read_all(sock):
    """Everything the server sends until it closes the connection."""
    chunks = []
    while True:
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


class DynamoDbLimitsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.ddb = cls.server.client("dynamodb")
        cls.ddb.create_table(TableName="limits",
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assert_absent(self, pk):
        self.assertNotIn("Item", self.ddb.get_item(TableName="limits", Key={"pk": {"S": pk}}))

    # An item over 400 KB: ValidationException, nothing written.
    def test_item_over_400_kb(self):
        item = {"pk": {"S": "big"}, "v": {"S": "x" * (400 * 1024)}}
        self.assertEqual(error_of(self.ddb.put_item, TableName="limits", Item=item),
                         (400, "ValidationException",
                          "Item size has exceeded the maximum allowed size"))
        self.assert_absent("big")

    # An expression over 4 KB is refused with its size.
    def test_expression_over_4_kb(self):
        expression = " AND ".join(f"attribute_not_exists(attr{i})" for i in range(200))
        self.assertGreater(len(expression), 4096)
        status, code, message = error_of(
            self.ddb.put_item, TableName="limits", Item={"pk": {"S": "expr"}},
            ConditionExpression=expression)
        self.assertEqual((status, code), (400, "ValidationException"))
        self.assertEqual(message, "Invalid ConditionExpression: Expression size has exceeded the "
                                  f"maximum allowed size; expression size: {len(expression)}")
        self.assert_absent("expr")

    # A document nested deeper than 32 levels.
    def test_attribute_nesting_over_32_levels(self):
        value = {"S": "leaf"}
        for _ in range(32):
            value = {"L": [value]}
        self.assertEqual(error_of(self.ddb.put_item, TableName="limits",
                                  Item={"pk": {"S": "deep"}, "v": value}),
                         (400, "ValidationException",
                          "Nesting Levels have exceeded supported limits: Attributes in the item "
                          "have nested levels beyond supported limit"))
        self.assert_absent("deep")

    # Hostile JSON a million levels deep is refused; the server stays up.
    def test_hostile_json_depth_is_refused_without_crashing(self):
        depth = 1_000_000
        for body in (b'{"TableName":"limits","Item":{"pk":{"S":"j"},"v":' + b'{"L":[' * depth +
                     b'{"S":"x"}' + b']}' * depth + b'}}',
                     b"[" * depth + b"]" * depth,
                     b'{"a":' * depth + b"1" + b"}" * depth):
            status, _, answer = dynamodb_call(self.server.endpoint, "PutItem", body)
            self.assertEqual(status, 400, answer[:200])
            self.assertIn(json.loads(answer)["__type"].split("#")[1],
                          ("ValidationException", "SerializationException"))
        self.assertEqual(self.ddb.describe_table(TableName="limits")["Table"]["TableStatus"],
                         "ACTIVE")
        self.assert_absent("j")

    def test_batch_write_over_25(self):
        requests = [{"PutRequest": {"Item": {"pk": {"S": f"bw{i}"}}}} for i in range(26)]
        self.assertEqual(
            error_of(self.ddb.batch_write_item, RequestItems={"limits": requests}),
            (400, "ValidationException",
             "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
             "Map value must satisfy constraint: [Member must have length less than or equal to "
             "25, Member must have length greater than or equal to 1]"))
        self.assert_absent("bw0")

    def test_batch_get_over_100(self):
        keys = [{"pk": {"S": f"bg{i}"}} for i in range(101)]
        self.assertEqual(error_of(self.ddb.batch_get_item, RequestItems={"limits": {"Keys": keys}}),
                         (400, "ValidationException",
                          "Too many items requested for the BatchGetItem call"))

    def test_transact_write_over_100(self):
        items = [{"Put": {"TableName": "limits", "Item": {"pk": {"S": f"tw{i}"}}}}
                 for i in range(101)]
        status, code, message = error_of(self.ddb.transact_write_items, TransactItems=items)
        self.assertEqual((status, code), (400, "ValidationException"))
        self.assertTrue(message.startswith("1 validation error detected: Value '"), message)
        self.assertTrue(message.endswith("' at 'transactItems' failed to satisfy constraint: "
                                         "Member must have length less than or equal to 100"),
                        message[-200:])
        self.assert_absent("tw0")


class PayloadLimitsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.lam = cls.server.client("lambda")
        cls.lam.create_function(
            FunctionName="echo", Runtime="python3.12", Role=ROLE, Handler="index.handler",
            Code={"ZipFile": make_zip({"index.py": "def handler(e, c):\n    return 'ok'\n"})})
        g = cls.apigw = cls.server.client("apigateway")
        cls.api_id = g.create_rest_api(name="limits")["id"]
        root = g.get_resources(restApiId=cls.api_id)["items"][0]["id"]
        rid = g.create_resource(restApiId=cls.api_id, parentId=root, pathPart="in")["id"]
        g.put_method(restApiId=cls.api_id, resourceId=rid, httpMethod="POST",
                     authorizationType="NONE")
        g.put_integration(restApiId=cls.api_id, resourceId=rid, httpMethod="POST", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        g.put_method_response(restApiId=cls.api_id, resourceId=rid, httpMethod="POST",
                              statusCode="200")
        g.put_integration_response(restApiId=cls.api_id, resourceId=rid, httpMethod="POST",
                                   statusCode="200",
                                   responseTemplates={"application/json": '{"ok": true}'})
        g.create_deployment(restApiId=cls.api_id, stageName="v1")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    # A synchronous Invoke payload over 6 MB (6291456 bytes): 413.
    def test_invoke_payload_over_6_mb(self):
        payload = json.dumps({"x": "a" * 6_291_456}).encode()
        self.assertEqual(error_of(self.lam.invoke, FunctionName="echo", Payload=payload),
                         (413, "RequestEntityTooLargeException",
                          "Request must be smaller than 6291456 bytes for the InvokeFunction "
                          "operation"))
        self.assertEqual(json.loads(self.lam.invoke(FunctionName="echo",
                                                    Payload=b"{}")["Payload"].read()), "ok")

    # The REST-JSON doors and Invoke take hostile deep JSON without exhausting the stack:
    # a client error each time, and the server goes on.
    def test_hostile_json_depth_on_rest_apis(self):
        depth = 1_000_000
        for body in (b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth):
            for path in ("/2015-03-31/functions", "/restapis"):
                status, _, _ = post(self.server.endpoint + path, body,
                                    {"Content-Type": "application/json"})
                self.assertEqual(status, 400, path)
            out = self.lam.invoke(FunctionName="echo", Payload=body)
            self.assertEqual(out["StatusCode"], 200)
            self.assertEqual(out.get("FunctionError"), "Unhandled")
        self.assertEqual(json.loads(self.lam.invoke(FunctionName="echo",
                                                    Payload=b"{}")["Payload"].read()), "ok")

    # API Gateway refuses a payload over 10 MB with 413 {"message":"Request Too Long"}.
    def test_api_gateway_payload_over_10_mb(self):
        url = f"{self.server.endpoint}/restapis/{self.api_id}/v1/_user_request_/in"
        status, _, body = post(url, b"a" * (10 * 1024 * 1024 + 1),
                               {"Content-Type": "application/json"})
        self.assertEqual((status, json.loads(body)), (413, {"message": "Request Too Long"}))
        status, _, body = post(url, b"{}", {"Content-Type": "application/json"})
        self.assertEqual((status, json.loads(body)), (200, {"ok": True}))


class HttpLimitsTests(unittest.TestCase):
    """The HTTP layer's own limits, with a small body limit, connection cap and timeouts."""

    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud("--body-limit", "1M", "--max-connections", "8",
                                "--header-timeout-ms", "1000").start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        self.addCleanup(sock.close)
        return sock

    def list_tables(self):
        return dynamodb_call(self.server.endpoint, "ListTables", b"{}")[0]

    # A body over --body-limit: 413 before it is read to the end; the server goes on.
    def test_request_body_too_large(self):
        status, _, body = dynamodb_call(self.server.endpoint, "ListTables",
                                        b" " * (2 * 1024 * 1024))
        self.assertEqual((status, json.loads(body)), (413, {"message": "Request Too Long"}))
        self.assertEqual(self.list_tables(), 200)

    # Headers over 64 KB: 431.
    def test_headers_too_large(self):
        sock = self.connect()
        sock.sendall(b"GET /_localcloud/health HTTP/1.1\r\nHost: x\r\nX-Big: " +
                     b"a" * (70 * 1024) + b"\r\n\r\n")
        answer = read_all(sock)
        self.assertTrue(answer.startswith(b"HTTP/1.1 431 "), answer[:100])
        self.assertIn(b'{"message":"Request Header Fields Too Large"}', answer)

    # Beyond --max-connections a new connection gets 503 and is closed; once
    # connections go, new ones are served again.
    def test_connection_cap(self):
        held = []
        for _ in range(8):
            sock = self.connect()
            sock.sendall(b"GET /_localcloud/health HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertIn(b" 200 ", sock.recv(65536))  # keep-alive: stays open
            held.append(sock)
        extra = self.connect()
        answer = read_all(extra)
        self.assertTrue(answer.startswith(b"HTTP/1.1 503 "), answer[:100])
        self.assertIn(b'{"message":"Too many open connections"}', answer)
        for sock in held:
            sock.close()
        for _ in range(100):  # the server notices the closes asynchronously
            if self.list_tables() == 200:
                break
            time.sleep(0.1)
        self.assertEqual(self.list_tables(), 200)

    # A client that connects and sends nothing, and one that sends its headers a
    # byte at a time, are closed after the header timeout; others are served meanwhile.
    def test_slowloris_clients_are_closed(self):
        silent = self.connect()
        dripping = self.connect()
        request = b"GET /_localcloud/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
        closed = False
        served = 0
        for byte in request:
            try:
                dripping.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if self.list_tables() == 200:
                served += 1
            time.sleep(0.05)
            dripping.settimeout(0.001)
            try:
                if dripping.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed = True
                break
            finally:
                dripping.settimeout(30)
        self.assertTrue(closed, "the dripping client was never closed")
        self.assertGreater(served, 0)
        self.assertEqual(read_all(silent), b"")  # closed without an answer
        self.assertEqual(self.list_tables(), 200)


if __name__ == "__main__":
    unittest.main()
