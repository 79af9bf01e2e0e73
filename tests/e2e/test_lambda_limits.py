"""Lambda's edges end to end: asynchronous retries, the response size limit, the
per-invocation log cap, and the Runtime API refusing an unknown request id — real
Node.js environments started by localcloud, driven through boto3, observed through
the Invoke answers and the CloudWatch Logs API.

Expected shapes: Function.ResponseSizeTooLarge from
shared/golden/localstack/lambda_/test_lambda.snapshot.json (test_lambda_too_large_response,
recorded on AWS); InvalidRequestID as the Lambda Runtime API renders it (400,
{"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"}).
"""
import base64
import json
import time
import unittest

from localcloud_server import LocalCloud
from localcloud_server import ROLE, make_zip

# Logs which attempt it is on (a side effect visible in CloudWatch Logs), then fails
# unless asked to succeed.
ATTEMPTS = """
export const handler = async (event, context) => {
  console.log(`attempt of ${context.awsRequestId}`);
  if (event.succeed) return { ok: true };
  throw new Error("always fails");
};
"""

# {"bytes": N} answers a JSON string of N bytes (quotes included).
BIG_RESPONSE = """
export const handler = async (event) => {
  if (event.bytes) return "x".repeat(event.bytes - 2);
  return { small: true };
};
"""

# {"lines": N, "width": W} logs N lines of W characters, then answers.
LOUD = """
export const handler = async (event) => {
  const line = "y".repeat(event.width || 10);
  for (let i = 0; i < (event.lines || 1); i++) console.log(`${i} ${line}`);
  return { logged: event.lines || 1 };
};
"""

# Posts a response and an error for a request id that does not exist, answers what the
# Runtime API said to each, and then returns normally.
BOGUS_ID = """
const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation`;

async function post(what) {
  const r = await fetch(`${api}/bogus/${what}`, {
    method: "POST", body: JSON.stringify({ stolen: true }),
    headers: what === "error" ? { "Lambda-Runtime-Function-Error-Type": "Bogus" } : {} });
  return { status: r.status, contentType: r.headers.get("content-type"), body: await r.json() };
}

export const handler = async () => ({ response: await post("response"),
                                      error: await post("error") });
"""

# AWS's limit for a synchronous invocation's response, and its message.
MAX_RESPONSE_BYTES = 6_291_556
TOO_LARGE = {"errorType": "Function.ResponseSizeTooLarge",
             "errorMessage": "Response payload size exceeded maximum allowed payload size "
                             "(6291556 bytes)."}
# localcloud's cap on one invocation's log output (EnvironmentSettings).
LOG_CAP_BYTES = 1 << 20
LOG_CAP_NOTE = ("localcloud: log output of this invocation passed 1048576 bytes; "
                "the rest is dropped\n")


class LimitsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.lam = cls.server.client("lambda", read_timeout=60)
        cls.logs = cls.server.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, source):
        self.lam.create_function(FunctionName=name, Runtime="nodejs20.x", Role=ROLE,
                                 Handler="index.handler",
                                 Code={"ZipFile": make_zip({"index.mjs": source})})

    def invoke(self, name, payload, **extra):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload), **extra)
        return r, r["Payload"].read()

    def events(self, name):
        """Every log event of the function, oldest first ([] before its first log line)."""
        pages = self.logs.get_paginator("filter_log_events").paginate(
            logGroupName=f"/aws/lambda/{name}")
        try:
            return sorted((e for page in pages for e in page["events"]),
                          key=lambda e: (e["timestamp"], e["eventId"]))
        except self.logs.exceptions.ResourceNotFoundException:
            return []

    def starts(self, name, request_id):
        return [e for e in self.events(name)
                if e["message"] == f"START RequestId: {request_id} Version: $LATEST\n"]

    # AWS: an asynchronous invocation whose function returns an error is retried twice,
    # about one and then two minutes later (localcloud: 1 s and 2 s), with the same
    # request id; then it is given up.
    def test_failed_event_invocation_runs_three_times(self):
        self.create("retried", ATTEMPTS)
        r = self.lam.invoke(FunctionName="retried", InvocationType="Event", Payload=b"{}")
        self.assertEqual(r["StatusCode"], 202)
        rid = r["ResponseMetadata"]["RequestId"]
        deadline = time.time() + 15
        while len(self.starts("retried", rid)) < 3 and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # a fourth attempt would have started by now
        starts = [e["timestamp"] for e in self.starts("retried", rid)]
        self.assertEqual(len(starts), 3, starts)
        first_gap, second_gap = starts[1] - starts[0], starts[2] - starts[1]
        self.assertTrue(950 <= first_gap < 1900, f"first retry {first_gap} ms after the call")
        self.assertTrue(1950 <= second_gap < 2900, f"second retry {second_gap} ms after the first")
        messages = [e["message"] for e in self.events("retried")]
        self.assertEqual(sum(m.endswith(f"\tINFO\tattempt of {rid}\n") for m in messages), 3)
        self.assertEqual(sum(f"\t{rid}\tERROR\tInvoke Error " in m for m in messages), 3)
        self.assertIn(f"asynchronous invocation {rid} failed after 3 attempts",
                      self.server.stderr())

    # AWS: an asynchronous invocation that succeeds runs once.
    def test_successful_event_invocation_runs_once(self):
        self.create("not-retried", ATTEMPTS)
        r = self.lam.invoke(FunctionName="not-retried", InvocationType="Event",
                            Payload=b'{"succeed": true}')
        rid = r["ResponseMetadata"]["RequestId"]
        deadline = time.time() + 10
        while not self.starts("not-retried", rid) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the first retry would have come after 1 s
        self.assertEqual(len(self.starts("not-retried", rid)), 1)

    # AWS: a response over 6291556 bytes is not returned; the Invoke answers 200 with
    # X-Amz-Function-Error: Unhandled and Function.ResponseSizeTooLarge, every time.
    def test_response_over_six_megabytes(self):
        self.create("too-large", BIG_RESPONSE)
        for _ in range(2):
            r, body = self.invoke("too-large", {"bytes": MAX_RESPONSE_BYTES + 1})
            self.assertEqual(r["StatusCode"], 200)
            self.assertEqual(r["FunctionError"], "Unhandled")
            self.assertEqual(r["ResponseMetadata"]["HTTPHeaders"]["x-amz-function-error"],
                             "Unhandled")
            self.assertEqual(json.loads(body), TOO_LARGE)
        # At the limit the response goes through, and the function still works.
        r, body = self.invoke("too-large", {"bytes": MAX_RESPONSE_BYTES})
        self.assertNotIn("FunctionError", r)
        self.assertEqual(len(body), MAX_RESPONSE_BYTES)
        self.assertEqual(json.loads(body), "x" * (MAX_RESPONSE_BYTES - 2))
        r, body = self.invoke("too-large", {})
        self.assertEqual(json.loads(body), {"small": True})

    # localcloud keeps at most 1 MB of one invocation's log output, notes the cut, and
    # still writes the invocation's END and REPORT lines; the next invocation logs again.
    def test_log_output_over_the_cap(self):
        self.create("loud", LOUD)
        r, body = self.invoke("loud", {"lines": 2000, "width": 1000}, LogType="Tail")
        self.assertNotIn("FunctionError", r)
        self.assertEqual(json.loads(body), {"logged": 2000})
        rid = r["ResponseMetadata"]["RequestId"]
        # The tail (its last 4 KB) ends with the note, END and REPORT.
        tail = base64.b64decode(r["LogResult"]).decode()
        self.assertRegex(tail[-500:], "\n" + LOG_CAP_NOTE + f"END RequestId: {rid}\n"
                         f"REPORT RequestId: {rid}\tDuration: [^\n]*\n$")

        r2, body = self.invoke("loud", {"lines": 1, "width": 5})
        self.assertEqual(json.loads(body), {"logged": 1})
        rid2 = r2["ResponseMetadata"]["RequestId"]
        deadline = time.time() + 10
        while True:
            messages = [e["message"] for e in self.events("loud")]
            if any(m.startswith(f"REPORT RequestId: {rid2}\t") for m in messages):
                break
            self.assertLess(time.time(), deadline, "the second invocation's REPORT never came")
            time.sleep(0.2)
        first = messages[messages.index(f"START RequestId: {rid} Version: $LATEST\n"):
                          messages.index(f"START RequestId: {rid2} Version: $LATEST\n")]
        # The lines kept are the first ones, in order, up to the cap, then the note, END
        # and REPORT: nothing of the first invocation comes after its END.
        handler_lines = first[1:first.index(LOG_CAP_NOTE)]
        self.assertTrue(all(f"\t{rid}\tINFO\t" in m for m in handler_lines))
        self.assertTrue([m.split("\t")[3] for m in handler_lines] ==
                        [f"{i} {'y' * 1000}\n" for i in range(len(handler_lines))])
        kept = sum(len(m) - 1 for m in handler_lines)
        self.assertLessEqual(kept, LOG_CAP_BYTES)
        self.assertGreater(kept, LOG_CAP_BYTES - 1100)  # no more than one line short
        self.assertEqual(len(first), len(handler_lines) + 4, [m[:80] for m in first[-5:]])
        self.assertEqual(first[-3], LOG_CAP_NOTE)
        self.assertEqual(first[-2], f"END RequestId: {rid}\n")
        self.assertTrue(first[-1].startswith(f"REPORT RequestId: {rid}\t"), first[-1])
        self.assertIn(f"END RequestId: {rid2}\n", messages)
        self.assertTrue(any(m.endswith(f"\t{rid2}\tINFO\t0 yyyyy\n") for m in messages))

    # The Runtime API answers 400 InvalidRequestID to a response or error posted for a
    # request id that is not the environment's current invocation, and the current
    # invocation goes on undisturbed.
    def test_runtime_api_refuses_an_unknown_request_id(self):
        self.create("bogus-id", BOGUS_ID)
        r, body = self.invoke("bogus-id", {})
        self.assertNotIn("FunctionError", r, body)
        refusal = {"status": 400, "contentType": "application/json",
                   "body": {"errorMessage": "Invalid request ID",
                            "errorType": "InvalidRequestID"}}
        self.assertEqual(json.loads(body), {"response": refusal, "error": refusal})


if __name__ == "__main__":
    unittest.main()
