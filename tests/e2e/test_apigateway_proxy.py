"""API Gateway end to end through boto3 and plain HTTP: the Lambda proxy event and
response contract (checked against the events and 502 cases recorded on AWS in
shared/golden/localstack/apigateway/test_apigateway_lambda.snapshot.json),
matching precedence, binary bodies, MOCK CORS preflight, HTTP_PROXY, stage
variables, control-plane errors, and APIs surviving a restart.
"""
import base64
import http.client
import http.server
import json
import shutil
import tempfile
import threading
import unittest


from localcloud_server import LocalCloud, error_of
from test_apigateway_workshop import http as fetch, lambda_uri
from localcloud_server import ROLE, make_zip

# Echoes the event; with ?mode=raw answers the JSON the request body holds,
# with ?mode=throw fails.
ECHO = """
export const handler = async (event) => {
  const mode = (event.queryStringParameters || {}).mode;
  if (mode === "throw") throw new Error("boom");
  if (mode === "raw") return JSON.parse(event.body);
  if (mode === "binary")
    return { statusCode: 200, headers: { "Content-Type": "image/png" },
             body: event.body, isBase64Encoded: true };
  return { statusCode: 200, headers: { "x-echo": "1" }, body: JSON.stringify(event) };
};
"""



class Upstream(http.server.BaseHTTPRequestHandler):
    """The HTTP_PROXY target: answers what it received."""

    def do_GET(self):
        body = json.dumps({"method": self.command, "path": self.path,
                           "x-test": self.headers.get("x-test")}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-upstream", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


class ProxyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
        threading.Thread(target=cls.upstream.serve_forever, daemon=True).start()
        cls.server = LocalCloud().start()
        cls.apigw = cls.server.client("apigateway")
        lam = cls.server.client("lambda")
        lam.create_function(FunctionName="echo", Runtime="nodejs20.x", Role=ROLE,
                            Handler="index.handler", Code={"ZipFile": make_zip({"index.mjs": ECHO})})
        g = cls.apigw
        api = g.create_rest_api(name="proxy-tests", binaryMediaTypes=["image/png"])
        cls.api_id = api_id = api["id"]
        root = api["rootResourceId"]

        def resource(parent, part):
            return g.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]

        def lambda_method(rid, method="ANY"):
            g.put_method(restApiId=api_id, resourceId=rid, httpMethod=method,
                         authorizationType="NONE")
            g.put_integration(restApiId=api_id, resourceId=rid, httpMethod=method,
                              type="AWS_PROXY", integrationHttpMethod="POST",
                              uri=lambda_uri("echo"))

        cls.proxy_id = resource(root, "{proxy+}")
        lambda_method(cls.proxy_id)
        # The same events to an in-process C++ handler, which gets them as documents.
        lam.create_function(FunctionName="cpp-echo", Runtime="localcloud.cpp", Role=ROLE,
                            Handler="examples.proxy_echo",
                            Code={"ZipFile": make_zip({"README": "in-process handler"})})
        cpp = resource(resource(root, "cpp"), "{proxy+}")
        g.put_method(restApiId=api_id, resourceId=cpp, httpMethod="ANY", authorizationType="NONE")
        g.put_integration(restApiId=api_id, resourceId=cpp, httpMethod="ANY", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri("cpp-echo"))
        cls.hardcoded_id = resource(root, "hardcoded")
        lambda_method(cls.hardcoded_id, "GET")
        items = resource(root, "items")
        lambda_method(resource(items, "{id}"), "GET")
        lambda_method(resource(items, "special"), "GET")

        cors = resource(root, "cors")
        g.put_method(restApiId=api_id, resourceId=cors, httpMethod="OPTIONS",
                     authorizationType="NONE")
        g.put_integration(restApiId=api_id, resourceId=cors, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        g.put_method_response(restApiId=api_id, resourceId=cors, httpMethod="OPTIONS",
                              statusCode="200", responseParameters={
                                  "method.response.header.Access-Control-Allow-Origin": False,
                                  "method.response.header.Access-Control-Allow-Methods": False})
        g.put_integration_response(restApiId=api_id, resourceId=cors, httpMethod="OPTIONS",
                                   statusCode="200", responseTemplates={"application/json": ""},
                                   responseParameters={
                                       "method.response.header.Access-Control-Allow-Origin": "'*'",
                                       "method.response.header.Access-Control-Allow-Methods":
                                           "'GET,OPTIONS'"})

        fwd = resource(resource(root, "fwd"), "{proxy+}")
        g.put_method(restApiId=api_id, resourceId=fwd, httpMethod="ANY", authorizationType="NONE")
        port = cls.upstream.server_address[1]
        g.put_integration(restApiId=api_id, resourceId=fwd, httpMethod="ANY", type="HTTP_PROXY",
                          integrationHttpMethod="ANY",
                          uri=f"http://127.0.0.1:{port}/up/{{proxy}}")
        g.create_deployment(restApiId=api_id, stageName="stage",
                            variables={"color": "blue"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.upstream.shutdown()

    def url(self, path):
        return f"{self.server.endpoint}/restapis/{self.api_id}/stage/_user_request_{path}"

    def call(self, method, path, body=None, headers=None):
        status, headers, data = fetch(method, self.url(path), body, headers)
        return status, headers, data

    def event(self, path, method="GET", body=None, headers=None):
        status, headers, data = self.call(method, path, body, headers)
        self.assertEqual(status, 200, data)
        self.assertEqual(headers["x-echo"], "1")
        return json.loads(data)

    def test_event_fields(self):
        # http.client keeps header names as given (urllib would capitalize them).
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        conn.request("GET", f"/restapis/{self.api_id}/stage/_user_request_/proxy-value",
                     headers={"tEsT-HEADeR": "aValUE", "User-Agent": "ua/1"})
        r = conn.getresponse()
        self.assertEqual(r.status, 200)
        e = json.loads(r.read())
        conn.close()
        self.assertEqual(e["resource"], "/{proxy+}")
        self.assertEqual(e["path"], "/proxy-value")
        self.assertEqual(e["httpMethod"], "GET")
        self.assertEqual(e["headers"]["tEsT-HEADeR"], "aValUE")
        self.assertEqual(e["multiValueHeaders"]["tEsT-HEADeR"], ["aValUE"])
        self.assertIsNone(e["queryStringParameters"])
        self.assertIsNone(e["multiValueQueryStringParameters"])
        self.assertEqual(e["pathParameters"], {"proxy": "proxy-value"})
        self.assertEqual(e["stageVariables"], {"color": "blue"})
        self.assertIsNone(e["body"])
        self.assertFalse(e["isBase64Encoded"])
        rc = e["requestContext"]
        self.assertEqual(rc["accountId"], "000000000000")
        self.assertEqual(rc["apiId"], self.api_id)
        self.assertEqual(rc["resourceId"], self.proxy_id)
        self.assertEqual(rc["resourcePath"], "/{proxy+}")
        self.assertEqual(rc["stage"], "stage")
        self.assertEqual(rc["path"], "/stage/proxy-value")
        self.assertEqual(rc["protocol"], "HTTP/1.1")
        self.assertEqual(rc["httpMethod"], "GET")
        self.assertEqual(rc["identity"]["sourceIp"], "127.0.0.1")
        self.assertEqual(rc["identity"]["userAgent"], "ua/1")
        self.assertRegex(rc["requestTime"], r"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$")
        self.assertIsInstance(rc["requestTimeEpoch"], int)
        self.assertRegex(rc["requestId"], r"^[0-9a-f-]{36}$")

    def test_slashes_and_query_strings(self):
        e = self.event("/proxy-value/")
        self.assertEqual((e["path"], e["pathParameters"]), ("/proxy-value/", {"proxy": "proxy-value"}))
        e = self.event("/proxy-value//double-slash")
        self.assertEqual(e["pathParameters"], {"proxy": "proxy-value//double-slash"})
        e = self.event("//hardcoded")
        self.assertEqual((e["path"], e["resource"], e["pathParameters"]), ("/hardcoded", "/hardcoded", None))
        self.assertEqual(e["requestContext"]["path"], "/stage//hardcoded")
        e = self.event("/proxy-value?category=electronics&category=books&plus=test+alias"
                       "&email=test%2Balias%40gmail.com", method="POST",
                       body=b'{"message": "hello world"}',
                       headers={"Content-Type": "application/json"})
        self.assertEqual(e["queryStringParameters"],
                         {"category": "books", "plus": "test alias", "email": "test+alias@gmail.com"})
        self.assertEqual(e["multiValueQueryStringParameters"]["category"], ["electronics", "books"])
        self.assertEqual(e["body"], '{"message": "hello world"}')

    def test_precedence(self):
        self.assertEqual(self.event("/items/special")["resource"], "/items/special")
        e = self.event("/items/42")
        self.assertEqual((e["resource"], e["pathParameters"]), ("/items/{id}", {"id": "42"}))
        e = self.event("/items/42/more")
        self.assertEqual((e["resource"], e["pathParameters"]),
                         ("/{proxy+}", {"proxy": "items/42/more"}))
        # /hardcoded has GET only: another method is AWS's 403.
        status, headers, body = self.call("DELETE", "/hardcoded")
        self.assertEqual((status, json.loads(body)), (403, {"message": "Missing Authentication Token"}))
        self.assertEqual(headers["x-amzn-ErrorType"], "MissingAuthenticationTokenException")

    def test_response_contract(self):
        def raw(response):
            return self.call("POST", "/proxy-value?mode=raw", json.dumps(response).encode(),
                             {"Content-Type": "application/json"})

        status, headers, body = raw({"statusCode": 201, "headers": {"test-header": "value",
                                                                   "header-bool": True},
                                     "multiValueHeaders": {"test-multi": ["v1", "v2"]},
                                     "body": "created"})
        self.assertEqual((status, body), (201, b"created"))
        self.assertEqual(headers["test-header"], "value")
        self.assertEqual(headers["header-bool"], "true")
        self.assertEqual(headers.get_all("test-multi"), ["v1", "v2"])
        self.assertEqual(headers["Content-Type"], "application/json")
        status, _, body = raw({"statusCode": "204"})
        self.assertEqual((status, body), (204, b""))
        # A 204 carries no body even when the handler gives one.
        status, headers, body = raw({"statusCode": 204, "body": "dropped"})
        self.assertEqual((status, body, headers.get("Content-Length")), (204, b"", None))
        # The server frames the body itself, and a handler's header value cannot add a
        # header or end the head (it is untrusted text). Fields that speak for the
        # gateway's connection or identity come back renamed x-amzn-Remapped-<name>, as
        # on AWS; Transfer-Encoding is dropped.
        status, headers, body = raw({"statusCode": 200, "body": "ok", "headers": {
            "x-a": "1\r\nSet-Cookie: evil=1\r\n\r\n<html>", "Content-Length": "999",
            "Transfer-Encoding": "chunked", "Connection": "close", "Server": "handler",
            "Date": "yesterday", "WWW-Authenticate": "Basic"}})
        self.assertEqual((status, body), (200, b"ok"))
        self.assertIsNone(headers.get("Set-Cookie"))
        self.assertIsNone(headers.get("Transfer-Encoding"))
        self.assertIsNone(headers.get("Server"))
        self.assertEqual(headers["Content-Length"], "2")
        self.assertEqual(headers["x-amzn-Remapped-Content-Length"], "999")
        self.assertEqual(headers["x-amzn-Remapped-Connection"], "close")
        self.assertEqual(headers["x-amzn-Remapped-Server"], "handler")
        self.assertEqual(headers["x-amzn-Remapped-Date"], "yesterday")
        self.assertEqual(headers["WWW-Authenticate"], "Basic")  # a proxy's own, kept
        self.assertEqual(headers.get_all("Date"), [headers["Date"]])
        self.assertRegex(headers["Date"], r"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$")
        self.assertIsNone(headers.get("x-amzn-Remapped-Transfer-Encoding"))
        self.assertTrue(headers["x-a"].startswith("1 "), headers["x-a"])
        self.assertIn("Set-Cookie: evil=1", headers["x-a"])
        status, _, body = raw({"statusCode": 200, "body": "still served"})
        self.assertEqual((status, body), (200, b"still served"))
        for bad in ({"statusCode": 200, "wrongValue": "value"}, "just a string", [],
                    {"statusCode": "abc"}, {"multiValueHeaders": {"x": "not-a-list"}}):
            status, headers, body = raw(bad)
            self.assertEqual((status, json.loads(body)), (502, {"message": "Internal server error"}),
                             bad)
        status, _, body = self.call("GET", "/proxy-value?mode=throw")
        self.assertEqual((status, json.loads(body)), (502, {"message": "Internal server error"}))

    def test_in_process_handlers_get_the_same_event(self):
        # Requests of different shapes one after another: each event an in-process
        # handler gets (built in the document of an earlier one) is the one a Node.js
        # handler gets for the same request, nothing left over from the one before.
        volatile = {"requestId", "extendedRequestId", "requestTime", "requestTimeEpoch"}

        def comparable(e):
            e = dict(e)
            for k in ("resource", "path"):
                e.pop(k)
            e["requestContext"] = {k: v for k, v in e["requestContext"].items()
                                   if k not in volatile | {"resourcePath", "path",
                                                           "resourceId"}}
            e["pathParameters"] = None
            for k in ("headers", "multiValueHeaders"):
                if e[k]:
                    e[k] = {h: v for h, v in e[k].items() if h.lower() != "x-amzn-trace-id"}
            return e

        shapes = [
            ("GET", "/a/b?x=1&x=2&y=3", None, {"X-One": "1", "X-Two": "2", "X-Three": "3"}),
            ("GET", "/a/b?x=1&x=2", None, {"X-One": "1", "X-Two": "2"}),  # fewer of each
            ("GET", "/a", None, None),
            ("POST", "/c/d/e?only=1", b'{"k": "v"}', {"Content-Type": "application/json"}),
            ("POST", "/img", bytes([0x89, 0x50, 0xff]), {"Content-Type": "image/png"}),
            ("DELETE", "/a/b?x=9", b"", {"X-Two": "two"}),
            ("GET", "/a/b?x=1&x=2&y=3", None, {"X-One": "1", "X-Two": "2", "X-Three": "3"}),
        ]
        for _ in range(2):
            for method, path, body, headers in shapes:
                status, h, data = self.call(method, "/cpp" + path, body, headers)
                self.assertEqual((status, h["x-echo"]), (200, "cpp"), data)
                cpp = json.loads(data)
                node = self.event(path, method, body, headers)
                self.assertEqual(cpp["path"], "/cpp" + path.split("?")[0])
                self.assertEqual(cpp["pathParameters"], {"proxy": path.split("?")[0][1:]})
                self.assertEqual(comparable(cpp), comparable(node), (method, path))

    def test_binary_round_trip(self):
        png = bytes([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10])
        e = self.event("/img", method="POST", body=png, headers={"Content-Type": "image/png"})
        self.assertTrue(e["isBase64Encoded"])
        self.assertEqual(base64.b64decode(e["body"]), png)
        status, headers, body = self.call("POST", "/img?mode=binary", png,
                                          {"Content-Type": "image/png", "Accept": "image/png"})
        self.assertEqual((status, body), (200, png))
        # Without a binary Accept the base64 text comes back as it is, as on AWS.
        status, headers, body = self.call("POST", "/img?mode=binary", png,
                                          {"Content-Type": "image/png"})
        self.assertEqual(base64.b64decode(body), png)

    def test_mock_cors_preflight(self):
        status, headers, body = self.call("OPTIONS", "/cors")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Access-Control-Allow-Origin"], "*")
        self.assertEqual(headers["Access-Control-Allow-Methods"], "GET,OPTIONS")
        self.assertEqual(body, b"")

    def test_http_proxy(self):
        status, headers, body = self.call("GET", "/fwd/a/b?q=1", headers={"x-test": "t"})
        self.assertEqual(status, 201)
        self.assertEqual(headers["x-upstream"], "yes")
        # The backend's own Server, Date and Content-Length come back renamed.
        self.assertTrue(headers["x-amzn-Remapped-Server"].startswith("BaseHTTP"))
        self.assertIn("GMT", headers["x-amzn-Remapped-Date"])
        self.assertEqual(headers["x-amzn-Remapped-Content-Length"], str(len(body)))
        self.assertIsNone(headers.get("Server"))
        self.assertEqual(json.loads(body), {"method": "GET", "path": "/up/a/b?q=1", "x-test": "t"})

    def test_control_plane_errors(self):
        g = self.apigw
        # A missing API is named with the account: "... specified 123456789012:id".
        missing = (404, "NotFoundException",
                   "Invalid API identifier specified 000000000000:nope123456")
        self.assertEqual(error_of(g.get_rest_api, restApiId="nope123456"), missing)
        self.assertEqual(error_of(g.get_stages, restApiId="nope123456"), missing)
        self.assertEqual(error_of(g.create_deployment, restApiId="nope123456",
                                  stageName="v1"), missing)
        self.assertEqual(error_of(g.delete_rest_api, restApiId="nope123456"), missing)
        # Ids are case-sensitive, as AWS's are.
        upper = self.api_id.upper()
        self.assertEqual(error_of(g.get_rest_api, restApiId=upper),
                         (404, "NotFoundException",
                          "Invalid API identifier specified 000000000000:" + upper))
        root = g.get_rest_api(restApiId=self.api_id)["rootResourceId"]
        self.assertEqual(error_of(g.create_resource, restApiId=self.api_id, parentId=root,
                                  pathPart="items"),
                         (409, "ConflictException",
                          "Another resource with the same parent already has this name: items"))
        self.assertEqual(error_of(g.create_resource, restApiId=self.api_id, parentId=root,
                                  pathPart="{other}"),
                         (400, "BadRequestException",
                          "A sibling ({proxy+}) of this resource already has a variable path part "
                          "-- only one is allowed"))
        self.assertEqual(error_of(g.create_resource, restApiId=self.api_id,
                                  parentId=self.proxy_id, pathPart="x"),
                         (400, "BadRequestException",
                          "Cannot create a child of a resource with a greedy path variable: {proxy+}"))
        self.assertEqual(error_of(g.get_method, restApiId=self.api_id,
                                  resourceId=self.hardcoded_id, httpMethod="POST"),
                         (404, "NotFoundException", "Invalid Method identifier specified"))
        self.assertEqual(error_of(g.put_integration, restApiId=self.api_id,
                                  resourceId=self.hardcoded_id, httpMethod="GET", type="AWS_PROXY",
                                  integrationHttpMethod="POST",
                                  uri="arn:aws:lambda:us-east-1:000000000000:function:echo"),
                         (400, "BadRequestException",
                          "AWS ARN for integration must contain path or action"))
        code, kind, message = error_of(
            g.put_integration, restApiId=self.api_id, resourceId=self.hardcoded_id,
            httpMethod="GET", type="AWS", integrationHttpMethod="POST", uri=lambda_uri("echo"),
            requestTemplates={"application/json": '{"p": "$input.params(\'p\')"}'})
        self.assertEqual((code, kind), (400, "BadRequestException"))
        self.assertIn("mapping templates", message)
        # The refused change changed nothing.
        self.assertEqual(g.get_integration(restApiId=self.api_id, resourceId=self.hardcoded_id,
                                           httpMethod="GET")["type"], "AWS_PROXY")
        dep = g.get_stage(restApiId=self.api_id, stageName="stage")["deploymentId"]
        self.assertEqual(error_of(g.delete_deployment, restApiId=self.api_id, deploymentId=dep),
                         (400, "BadRequestException",
                          "Active stages pointing to this deployment must be moved or deleted"))

    def test_stage_variables_patch(self):
        g = self.apigw
        dep = g.get_stage(restApiId=self.api_id, stageName="stage")["deploymentId"]
        g.create_stage(restApiId=self.api_id, stageName="other", deploymentId=dep)
        stage = g.update_stage(restApiId=self.api_id, stageName="other", patchOperations=[
            {"op": "replace", "path": "/variables/color", "value": "red"},
            {"op": "replace", "path": "/description", "value": "second"}])
        self.assertEqual((stage["variables"], stage["description"]), ({"color": "red"}, "second"))
        status, _, data = fetch("GET", f"{self.server.endpoint}/restapis/{self.api_id}/other"
                                      "/_user_request_/x")
        self.assertEqual(json.loads(data)["stageVariables"], {"color": "red"})
        g.delete_stage(restApiId=self.api_id, stageName="other")
        self.assertEqual(error_of(g.get_stage, restApiId=self.api_id, stageName="other"),
                         (404, "NotFoundException", "Invalid Stage identifier specified"))


class BlockingInProcessHandlerTests(unittest.TestCase):
    """Through the gateway as through Invoke: an in-process handler that blocks the
    server thread it runs on holds up none of that thread's other connections."""

    def test_blocking_handlers_behind_the_gateway_hold_no_other_connection(self):
        import os
        import time
        server = LocalCloud("--threads", "2").start()
        self.addCleanup(server.stop)
        server.client("lambda").create_function(
            FunctionName="cpp-sleep", Runtime="localcloud.cpp", Role=ROLE,
            Handler="examples.echo", Timeout=10,
            Code={"ZipFile": make_zip({"README": "in-process handler"})})
        g = server.client("apigateway")
        api_id = g.create_rest_api(name="blocking")["id"]
        root = g.get_resources(restApiId=api_id)["items"][0]["id"]
        rid = g.create_resource(restApiId=api_id, parentId=root, pathPart="echo")["id"]
        g.put_method(restApiId=api_id, resourceId=rid, httpMethod="POST", authorizationType="NONE")
        # Non-proxy: the request body is the event, the handler's answer the response body.
        g.put_integration(restApiId=api_id, resourceId=rid, httpMethod="POST", type="AWS",
                          integrationHttpMethod="POST", uri=lambda_uri("cpp-sleep"))
        g.put_method_response(restApiId=api_id, resourceId=rid, httpMethod="POST",
                              statusCode="200")
        g.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="POST",
                                   statusCode="200", selectionPattern="")
        g.create_deployment(restApiId=api_id, stageName="v1")
        path = f"/restapis/{api_id}/v1/_user_request_/echo"

        def send(conn, method, target, body=None):
            conn.request(method, target, body=body, headers={"Content-Type": "application/json"})

        def answer(conn):
            r = conn.getresponse()
            return r.status, r.read()

        # Connections are dealt to the two server threads in turn as they are accepted.
        conns = []
        for _ in range(8):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            self.addCleanup(conn.close)
            send(conn, "POST", path, b'{"n":0}')
            self.assertEqual(answer(conn), (200, b'{"n":0}'))
            conns.append(conn)
        tasks = f"/proc/{server.proc.pid}/task"
        threads_before = len(os.listdir(tasks))

        for conn in conns[:2]:  # one on each server thread
            send(conn, "POST", path, json.dumps({"sleep_ms": 2000}))
        time.sleep(0.2)
        for conn in conns[2:]:
            start = time.monotonic()
            send(conn, "POST", path, b'{"n":1}')
            self.assertEqual(answer(conn), (200, b'{"n":1}'))
            self.assertLess(time.monotonic() - start, 1.0)
        for conn in conns[:2]:
            self.assertEqual(answer(conn), (200, b'{"sleep_ms":2000}'))

        deadline = time.time() + 5
        while len(os.listdir(tasks)) > threads_before and time.time() < deadline:
            time.sleep(0.05)
        self.assertLessEqual(len(os.listdir(tasks)), threads_before)
        for conn in conns:  # every connection is still served
            send(conn, "POST", path, b'{"n":2}')
            self.assertEqual(answer(conn), (200, b'{"n":2}'))


class RestartTests(unittest.TestCase):
    def test_apis_survive_restart(self):
        data_dir = tempfile.mkdtemp()
        try:
            server = LocalCloud(data_dir=data_dir).start()
            g = server.client("apigateway")
            api = g.create_rest_api(name="persisted")
            rid = g.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                    pathPart="ping")["id"]
            g.put_method(restApiId=api["id"], resourceId=rid, httpMethod="GET",
                         authorizationType="NONE")
            g.put_integration(restApiId=api["id"], resourceId=rid, httpMethod="GET", type="MOCK",
                              requestTemplates={"application/json": '{"statusCode": 200}'})
            g.put_integration_response(restApiId=api["id"], resourceId=rid, httpMethod="GET",
                                       statusCode="200",
                                       responseTemplates={"application/json": '{"pong": 1}'})
            g.create_deployment(restApiId=api["id"], stageName="dev")
            server.stop()
            server = LocalCloud(data_dir=data_dir).start()
            g = server.client("apigateway")
            self.assertEqual([a["name"] for a in g.get_rest_apis()["items"]], ["persisted"])
            self.assertEqual(len(g.get_deployments(restApiId=api["id"])["items"]), 1)
            status, _, body = fetch("GET", f"{server.endpoint}/dev/ping")
            self.assertEqual((status, json.loads(body)), (200, {"pong": 1}))
            server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
