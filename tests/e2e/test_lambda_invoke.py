"""Lambda Invoke end to end: real runtimes (Node.js, Python, a shell bootstrap) in
execution environments started by localcloud, driven through boto3 and the AWS CLI.

Expected shapes come from shared/golden/localstack/lambda_/test_lambda.snapshot.json
(real AWS): Sandbox.Timedout, Runtime.ExitError, TooManyRequestsException, ...
"""
import base64
import json
import os
import re
import time
import unittest
from concurrent.futures import ThreadPoolExecutor


from localcloud_server import ROLE, LocalCloud, error_of, make_zip

HERE = os.path.dirname(os.path.abspath(__file__))




def workshop_zip(name):
    with open(os.path.join(HERE, "..", "..", "handlers", "workshop", name, "index.mjs")) as f:
        return make_zip({"index.mjs": f.read()})


NODE_TOOLS = """
import v8 from "node:v8";
import { randomUUID } from "node:crypto";
let invocations = 0;
const environment = randomUUID();  // which execution environment answered
export const handler = async (event, context) => {
  invocations++;
  if (event.crash) process.exit(3);
  if (event.throw) throw new TypeError("bad thing");
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  if (event.log) console.log(event.log);
  if (event.throwLater) setTimeout(() => { throw new Error("thrown after answering"); }, 10);
  return { invocations, environment, name: context.functionName,
           memory: context.memoryLimitInMB, requestId: context.awsRequestId,
           gc: typeof globalThis.gc, heapLimit: v8.getHeapStatistics().heap_size_limit };
};
"""

PYTHON_BOTO3 = """
import boto3

def lambda_handler(event, context):
    print("listing tables for", context.function_name)
    names = boto3.client("dynamodb").list_tables()["TableNames"]
    return {"tables": names, "requestId": context.aws_request_id}
"""

SHELL_BOOTSTRAP = """#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d' ' -f2 | tr -d '\\r')
  rm -f "$HEADERS"
  echo "shell got $EVENT"
  curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"echo\\":$EVENT}" >/dev/null
done
"""



class InvokeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.lam = cls.server.client("lambda", read_timeout=60)
        cls.ddb = cls.server.client("dynamodb")
        cls.logs = cls.server.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, zip_bytes, runtime="nodejs20.x", handler="index.handler", **extra):
        self.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                 Code={"ZipFile": zip_bytes}, **extra)

    def invoke(self, name, payload=None, **extra):
        kwargs = dict(FunctionName=name, **extra)
        if payload is not None:
            kwargs["Payload"] = json.dumps(payload)
        r = self.lam.invoke(**kwargs)
        body = r["Payload"].read()
        return r, (json.loads(body) if body else None)

    def test_workshop_first_function(self):
        self.create("first-function", workshop_zip("first-function"))
        r, out = self.invoke("first-function", {})
        self.assertEqual(r["StatusCode"], 200)
        self.assertEqual(r["ExecutedVersion"], "$LATEST")
        self.assertNotIn("FunctionError", r)
        self.assertEqual(out["statusCode"], 200)
        self.assertEqual(json.loads(out["body"]),
                         {"sku": 1234242, "color": "blue", "quantity": 42, "in_stock": True})

    def test_workshop_sample_data_and_get_users(self):
        self.ddb.create_table(TableName="serverless_workshop_intro",
                              KeySchema=[{"AttributeName": "_id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "_id",
                                                     "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        self.create("m1-add-sample-data", workshop_zip("m1-add-sample-data"))
        self.create("get-users", workshop_zip("get-users"))
        r, out = self.invoke("m1-add-sample-data", {}, LogType="Tail")
        self.assertNotIn("FunctionError", r, out)
        self.assertEqual(out, {"message":
                               "Success. Added 3 people to serverless_workshop_intro."})
        tail = base64.b64decode(r["LogResult"]).decode()
        self.assertRegex(tail, r"\tINFO\t> batch writing: marivera\n")
        items = self.ddb.scan(TableName="serverless_workshop_intro")["Items"]
        self.assertEqual(sorted(i["Userid"]["S"] for i in items),
                         ["marivera", "nikkwolf", "pasantos"])
        r, users = self.invoke("get-users", {})
        self.assertNotIn("FunctionError", r, users)
        self.assertEqual(sorted(u["FullName"] for u in users),
                         ["Martha Rivera", "Nikki Wolf", "Paulo Santos"])

    def test_python_handler_with_boto3(self):
        self.create("py-boto3", make_zip({"lambda_function.py": PYTHON_BOTO3}),
                    runtime="python3.11", handler="lambda_function.lambda_handler")
        self.ddb.create_table(TableName="py-visible",
                              KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "k",
                                                     "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        r, out = self.invoke("py-boto3", {}, LogType="Tail")
        self.assertNotIn("FunctionError", r, out)
        self.assertIn("py-visible", out["tables"])
        self.assertEqual(out["requestId"], r["ResponseMetadata"]["RequestId"])
        self.assertIn("listing tables for py-boto3\n", base64.b64decode(r["LogResult"]).decode())

    def test_provided_shell_bootstrap(self):
        self.create("shell", make_zip({"bootstrap": SHELL_BOOTSTRAP}, {"bootstrap": 0o755}),
                    runtime="provided.al2023", handler="unused")
        r, out = self.invoke("shell", {"n": 1}, LogType="Tail")
        self.assertEqual(out, {"echo": {"n": 1}})
        self.assertIn('shell got {"n": 1}', base64.b64decode(r["LogResult"]).decode())
        r, out = self.invoke("shell", [1, 2])
        self.assertEqual(out, {"echo": [1, 2]})

    def test_permission_changes_keep_environments_warm(self):
        self.create("kept", make_zip({"index.mjs": NODE_TOOLS}))
        _, first = self.invoke("kept", {})
        self.lam.add_permission(FunctionName="kept", StatementId="s1", Action="lambda:InvokeFunction",
                                Principal="apigateway.amazonaws.com")
        self.lam.put_function_concurrency(FunctionName="kept", ReservedConcurrentExecutions=5)
        _, second = self.invoke("kept", {})
        self.assertEqual((second["environment"], second["invocations"]),
                         (first["environment"], 2))

    def test_warm_reuse_and_log_tail(self):
        self.create("warm", make_zip({"index.mjs": NODE_TOOLS}), MemorySize=256)
        r1, first = self.invoke("warm", {"log": "line one\nline two"}, LogType="Tail")
        r2, second = self.invoke("warm", {}, LogType="Tail")
        self.assertEqual((first["invocations"], second["invocations"]), (1, 2))
        self.assertEqual(first["environment"], second["environment"])
        self.assertEqual(first["memory"], "256")
        # Node runs with Lambda's flags: global.gc, and a heap bounded by the MemorySize
        # (an old generation of 256 - 25 MB, plus a young generation of a few MB).
        self.assertEqual(first["gc"], "function")
        self.assertGreaterEqual(first["heapLimit"], 231 << 20)
        self.assertLess(first["heapLimit"], 256 << 20)
        self.assertEqual(first["requestId"], r1["ResponseMetadata"]["RequestId"])
        tail1 = base64.b64decode(r1["LogResult"]).decode()
        rid = first["requestId"]
        self.assertTrue(tail1.startswith(f"START RequestId: {rid} Version: $LATEST\n"), tail1)
        self.assertRegex(tail1, r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t" + rid +
                         r"\tINFO\tline one\nline two\n")
        self.assertIn(f"END RequestId: {rid}\n", tail1)
        self.assertRegex(tail1, r"REPORT RequestId: " + rid + r"\tDuration: \d+\.\d\d ms\t"
                         r"Billed Duration: \d+ ms\tMemory Size: 256 MB\t"
                         r"Max Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t\n$")
        tail2 = base64.b64decode(r2["LogResult"]).decode()
        self.assertNotIn("Init Duration", tail2)
        # The same lines reach CloudWatch Logs, one stream per environment.
        deadline = time.time() + 5
        while True:
            try:  # the group appears with the first delivered events, a moment after the run
                events = self.logs.filter_log_events(logGroupName="/aws/lambda/warm")["events"]
            except self.logs.exceptions.ResourceNotFoundException:
                events = []
            if any(e["message"].startswith(f"REPORT RequestId: {second['requestId']}")
                   for e in events) or time.time() > deadline:
                break
            time.sleep(0.1)
        messages = [e["message"] for e in events]
        self.assertIn(f"START RequestId: {rid} Version: $LATEST\n", messages)
        self.assertTrue(messages[0].startswith("INIT_START Runtime Version: nodejs:20.v1\t"
                                               "Runtime Version ARN: arn:aws:lambda:us-east-1::"
                                               "runtime:"), messages[0])
        self.assertEqual(len({e["logStreamName"] for e in events}), 1)
        self.assertRegex(events[0]["logStreamName"], r"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$")

    def test_concurrent_invocations_use_separate_environments(self):
        self.create("parallel", make_zip({"index.mjs": NODE_TOOLS}))
        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda _: self.invoke("parallel", {"sleep": 700})[1],
                                    range(10)))
        self.assertEqual(len({r["environment"] for r in results}), 10)

    def test_timeout_kills_the_environment(self):
        self.create("sleepy", make_zip({"index.mjs": NODE_TOOLS}), Timeout=1)
        _, before = self.invoke("sleepy", {})
        r, out = self.invoke("sleepy", {"sleep": 5000}, LogType="Tail")
        rid = r["ResponseMetadata"]["RequestId"]
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out, {"errorType": "Sandbox.Timedout",
                               "errorMessage": f"RequestId: {rid} Error: "
                                               "Task timed out after 1.00 seconds"})
        self.assertIn("Task timed out after 1.00 seconds",
                      base64.b64decode(r["LogResult"]).decode())
        _, after = self.invoke("sleepy", {})
        self.assertNotEqual(before["environment"], after["environment"])
        self.assertEqual(after["invocations"], 1)

    def test_crash_and_handler_error(self):
        self.create("crashy", make_zip({"index.mjs": NODE_TOOLS}))
        r, out = self.invoke("crashy", {"crash": True})
        rid = r["ResponseMetadata"]["RequestId"]
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out, {"errorType": "Runtime.ExitError",
                               "errorMessage": f"RequestId: {rid} Error: "
                                               "Runtime exited with error: exit status 3"})
        r, out = self.invoke("crashy", {"throw": True})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out["errorType"], "TypeError")
        self.assertEqual(out["errorMessage"], "bad thing")
        self.assertIsInstance(out["trace"], list)
        r, out = self.invoke("crashy", {})
        self.assertEqual(out["invocations"], 2)  # a handler error keeps the environment

    def test_an_error_thrown_after_answering_ends_only_that_environment(self):
        # The runtime posts its result with its poll for the next event, and
        # localcloud answers the post with that event: an environment that must
        # exit after answering waits for its bytes to leave, not for that
        # answer, so the next invocation is not handed to it and lost.
        self.create("late-thrower", make_zip({"index.mjs": NODE_TOOLS}))
        r, first = self.invoke("late-thrower", {"throwLater": True})
        self.assertNotIn("FunctionError", r)
        self.assertEqual(first["invocations"], 1)
        time.sleep(1)  # the environment has exited by now
        r, second = self.invoke("late-thrower", {})
        self.assertNotIn("FunctionError", r)
        self.assertNotEqual(second["environment"], first["environment"])
        self.assertEqual(second["invocations"], 1)

    def test_init_errors(self):
        self.create("no-module", make_zip({"other.mjs": NODE_TOOLS}))
        r, out = self.invoke("no-module", {})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out["errorType"], "Runtime.ImportModuleError")
        self.create("no-handler", make_zip({"index.mjs": NODE_TOOLS}), handler="index.nothere")
        r, out = self.invoke("no-handler", {})
        self.assertEqual(out["errorType"], "Runtime.HandlerNotFound")
        self.create("py-broken", make_zip({"app.py": "raise Exception('Runtime startup fails')\n"}),
                    runtime="python3.11", handler="app.handler")
        r, out = self.invoke("py-broken", {})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out["errorMessage"], "Runtime startup fails")
        self.assertEqual(out["errorType"], "Exception")

    def test_update_retires_old_environments(self):
        self.create("changing", make_zip({"index.mjs": NODE_TOOLS}))
        _, before = self.invoke("changing", {})
        self.lam.update_function_code(
            FunctionName="changing",
            ZipFile=make_zip({"index.mjs": "export const handler = async () => 'new code';"}))
        _, after = self.invoke("changing", {})
        self.assertEqual(after, "new code")
        self.lam.update_function_configuration(FunctionName="changing",
                                               Environment={"Variables": {"GREETING": "hi"}})
        self.lam.update_function_code(
            FunctionName="changing",
            ZipFile=make_zip({"index.mjs":
                              "export const handler = async () => process.env.GREETING;"}))
        self.assertEqual(self.invoke("changing", {})[1], "hi")

    def test_invocation_types_and_errors(self):
        self.create("types", make_zip({"index.mjs": NODE_TOOLS}))
        r = self.lam.invoke(FunctionName="types", InvocationType="DryRun")
        self.assertEqual(r["StatusCode"], 204)
        r = self.lam.invoke(FunctionName="types", InvocationType="Event", Payload=b"{}")
        self.assertEqual(r["StatusCode"], 202)
        r, out = self.invoke("types")  # empty payload is {}
        self.assertEqual(out["name"], "types")
        status, code, message = error_of(self.lam.invoke, FunctionName="missing")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        self.assertEqual(message, "Function not found: "
                         "arn:aws:lambda:us-east-1:000000000000:function:missing")
        status, code, _ = error_of(self.lam.invoke, FunctionName="types", Payload=b"{nope")
        self.assertEqual((status, code), (400, "InvalidRequestContentException"))
        big = json.dumps({"x": "a" * 6_300_000})
        self.assertEqual(error_of(self.lam.invoke, FunctionName="types", Payload=big),
                         (413, "RequestEntityTooLargeException",
                          "Request must be smaller than 6291456 bytes for the InvokeFunction "
                          "operation"))
        self.lam.put_function_concurrency(FunctionName="types", ReservedConcurrentExecutions=0)
        try:
            self.assertEqual(error_of(self.lam.invoke, FunctionName="types"),
                             (429, "TooManyRequestsException", "Rate Exceeded."))
        finally:
            self.lam.delete_function_concurrency(FunctionName="types")
        self.assertEqual(self.invoke("types", {})[1]["name"], "types")

    def test_cli_invoke_with_tail(self):
        self.create("cli-fn", make_zip({"index.mjs": NODE_TOOLS}))
        out_file = os.path.join(self.server_tmp(), "out.json")
        _, stdout, _ = self.server.aws("lambda", "invoke", "--function-name", "cli-fn",
                                       "--payload", '{"log": "from the cli"}',
                                       "--log-type", "Tail", out_file)
        meta = json.loads(stdout)
        self.assertEqual(meta["StatusCode"], 200)
        self.assertIn("from the cli", base64.b64decode(meta["LogResult"]).decode())
        with open(out_file) as f:
            self.assertEqual(json.load(f)["name"], "cli-fn")

    def server_tmp(self):
        import tempfile
        d = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(d, ignore_errors=True))
        return d


class NativeHandlerTests(InvokeTests.__base__):
    """In-process C++ handlers (runtime localcloud.cpp), on a server of their own."""

    setUpClass = classmethod(InvokeTests.setUpClass.__func__)
    tearDownClass = classmethod(InvokeTests.tearDownClass.__func__)
    create = InvokeTests.create
    invoke = InvokeTests.invoke

    def test_in_process_cpp_handlers(self):
        empty = make_zip({"README": "in-process handler"})
        for name, handler in [("cpp-first", "workshop.first_function"),
                              ("cpp-add", "workshop.add_sample_data"),
                              ("cpp-users", "workshop.get_users")]:
            self.create(name, empty, runtime="localcloud.cpp", handler=handler)
        _, out = self.invoke("cpp-first", {})
        self.assertEqual(out["body"], '{"sku":1234242,"color":"blue","quantity":42,"in_stock":true}')
        self.ddb.create_table(TableName="serverless_workshop_intro",
                              KeySchema=[{"AttributeName": "_id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "_id",
                                                     "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        r, out = self.invoke("cpp-add", {}, LogType="Tail")
        self.assertEqual(out, {"message": "Success. Added 3 people to serverless_workshop_intro."})
        tail = base64.b64decode(r["LogResult"]).decode()
        self.assertRegex(tail, r"\tINFO\t> batch writing: pasantos\n")
        self.assertRegex(tail, r"REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\t")
        # Max Memory Used of an in-process handler is localcloud's own peak RSS.
        used = int(re.search(r"\tMax Memory Used: (\d+) MB\t", tail).group(1))
        self.assertGreater(used, 1)
        _, users = self.invoke("cpp-users", {})
        self.assertEqual(sorted(u["Userid"] for u in users), ["marivera", "nikkwolf", "pasantos"])
        self.assertIn({"Userid", "FullName", "_id"}, [set(u) for u in users])

    def test_in_process_errors_and_timeout(self):
        empty = make_zip({"README": "in-process handler"})
        self.create("cpp-echo", empty, runtime="localcloud.cpp", handler="examples.echo",
                    Timeout=1)
        self.assertEqual(self.invoke("cpp-echo", {"a": [1, 2]})[1], {"a": [1, 2]})
        r, out = self.invoke("cpp-echo", {"fail": "no good"})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out, {"errorType": "ExampleError", "errorMessage": "no good"})
        r, out = self.invoke("cpp-echo", {"sleep_ms": 1500})
        rid = r["ResponseMetadata"]["RequestId"]
        self.assertEqual(out, {"errorType": "Sandbox.Timedout",
                               "errorMessage": f"RequestId: {rid} Error: "
                                               "Task timed out after 1.00 seconds"})
        self.create("cpp-missing", empty, runtime="localcloud.cpp", handler="examples.nothere")
        r, out = self.invoke("cpp-missing", {})
        self.assertEqual(out["errorType"], "Runtime.HandlerNotFound")

    def test_in_process_reserved_concurrency_throttles_and_async_runs(self):
        # AWS: a synchronous invocation over the function's reserved concurrency is
        # throttled with 429 TooManyRequestsException; the running one is unaffected.
        # An asynchronous invocation is accepted (202) and runs later.
        empty = make_zip({"README": "in-process handler"})
        self.create("cpp-one", empty, runtime="localcloud.cpp", handler="examples.echo", Timeout=10)
        self.lam.put_function_concurrency(FunctionName="cpp-one", ReservedConcurrentExecutions=1)
        with ThreadPoolExecutor(1) as pool:
            # An in-process run shows no sign of starting until it ends (its log lines
            # come at the end): give it a head start a loaded machine still honours.
            slow = pool.submit(self.invoke, "cpp-one", {"sleep_ms": 5000})
            time.sleep(2)
            self.assertFalse(slow.done())
            self.assertEqual(error_of(self.lam.invoke, FunctionName="cpp-one", Payload=b"{}"),
                             (429, "TooManyRequestsException", "Rate Exceeded."))
            self.assertEqual(slow.result()[1], {"sleep_ms": 5000})
        self.assertEqual(self.invoke("cpp-one", {"again": 1})[1], {"again": 1})
        r = self.lam.invoke(FunctionName="cpp-one", InvocationType="Event",
                            Payload=json.dumps({"log": "from the async run"}))
        self.assertEqual(r["StatusCode"], 202)
        logs = self.server.client("logs")
        deadline = time.time() + 10
        while time.time() < deadline:
            try:  # the group appears with the first delivered events, a moment after the run
                events = logs.filter_log_events(logGroupName="/aws/lambda/cpp-one")["events"]
            except logs.exceptions.ResourceNotFoundException:
                events = []
            if any("from the async run" in e["message"] for e in events):
                break
            time.sleep(0.2)
        else:
            self.fail("the asynchronous invocation did not run")


class BlockingInProcessHandlerTests(unittest.TestCase):
    """A quick in-process handler runs on the server thread that read the invocation;
    one that blocks there must not hold up that thread's other connections: past a
    10 ms budget another thread takes them over."""

    def test_blocking_handlers_hold_no_other_connection(self):
        import http.client
        server = LocalCloud("--threads", "2").start()
        self.addCleanup(server.stop)
        server.client("lambda").create_function(
            FunctionName="cpp-sleep", Runtime="localcloud.cpp", Role=ROLE,
            Handler="examples.echo", Timeout=10,
            Code={"ZipFile": make_zip({"README": "in-process handler"})})

        def send(conn, method, path, body=None):
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})

        def answer(conn):
            r = conn.getresponse()
            return r.status, r.read()

        # Connections are dealt to the two server threads in turn as they are accepted:
        # each is used once before the next opens.
        conns = []
        for _ in range(8):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            send(conn, "GET", "/2015-03-31/functions")
            self.assertEqual(answer(conn)[0], 200)
            conns.append(conn)
        tasks = f"/proc/{server.proc.pid}/task"
        threads_before = len(os.listdir(tasks))

        invoke = "/2015-03-31/functions/cpp-sleep/invocations"
        for conn in conns[:2]:  # one on each server thread
            send(conn, "POST", invoke, json.dumps({"sleep_ms": 2000}))
        time.sleep(0.2)
        for conn in conns[2:]:
            start = time.monotonic()
            send(conn, "GET", "/2015-03-31/functions")
            self.assertEqual(answer(conn)[0], 200)
            self.assertLess(time.monotonic() - start, 1.0)
        for conn in conns[:2]:
            self.assertEqual(answer(conn), (200, b'{"sleep_ms":2000}'))

        # The relieved threads stop once their handlers return.
        deadline = time.time() + 5
        while len(os.listdir(tasks)) > threads_before and time.time() < deadline:
            time.sleep(0.05)
        self.assertLessEqual(len(os.listdir(tasks)), threads_before)
        for conn in conns:  # every connection is still served
            send(conn, "POST", invoke, json.dumps({"n": 1}))
            self.assertEqual(answer(conn), (200, b'{"n":1}'))


class EnvironmentLimitsTests(unittest.TestCase):
    """--lambda-concurrency and --lambda-idle-seconds."""

    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud("--lambda-concurrency", "2", "--lambda-idle-seconds", "1").start()
        cls.lam = cls.server.client("lambda", read_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    create = InvokeTests.create
    invoke = InvokeTests.invoke

    def test_concurrency_limit_queues_and_idle_environments_are_reaped(self):
        self.create("limited", make_zip({"index.mjs": NODE_TOOLS}))
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: self.invoke("limited", {"sleep": 300})[1],
                                    range(4)))
        self.assertEqual(len({r["environment"] for r in results}), 2)  # the other two waited
        time.sleep(3)  # idle longer than a second: reaped
        r, out = self.invoke("limited", {}, LogType="Tail")
        self.assertNotIn(out["environment"], {r["environment"] for r in results})
        self.assertIn("Init Duration", base64.b64decode(r["LogResult"]).decode())



class LogsAtShutdownTests(unittest.TestCase):
    """Log lines wait briefly to be written in batches; a graceful stop writes them first."""

    def test_a_stop_right_after_an_invocation_keeps_its_log_lines(self):
        import shutil
        import tempfile
        data = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        server = LocalCloud(data_dir=data).start()
        self.addCleanup(server.stop)
        lam = server.client("lambda")
        lam.create_function(FunctionName="last-words", Runtime="localcloud.cpp", Role=ROLE,
                            Handler="examples.echo",
                            Code={"ZipFile": make_zip({"README": "in-process handler"})})
        rid = lam.invoke(FunctionName="last-words", Payload=b"{}")["ResponseMetadata"]["RequestId"]
        server.stop()  # SIGTERM within the batching delay of the invocation's END and REPORT
        server.start()
        events = server.client("logs").filter_log_events(
            logGroupName="/aws/lambda/last-words")["events"]
        self.assertTrue(any(e["message"].startswith(f"REPORT RequestId: {rid}\t")
                            for e in events), events)

if __name__ == "__main__":
    unittest.main()
