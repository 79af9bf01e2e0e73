"""The fake Runtime API itself speaks the protocol the runtimes are tested against."""
import http.client
import json
import threading
import unittest

from fake_runtime_api import BASE, FUNCTION_ARN, FakeRuntimeApi


class FakeRuntimeApiTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeRuntimeApi()
        self.addCleanup(self.api.close)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.api.port, timeout=5)
        self.addCleanup(self.conn.close)

    def call(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body, headers or {})
        response = self.conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    def test_next_delivers_the_event_with_its_headers_and_takes_the_response(self):
        request_id = self.api.queue({"a": 1}, deadline_ms=1234, trace_id="Root=1-abc")
        status, headers, body = self.call("GET", BASE + "/invocation/next")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"a": 1})
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], request_id)
        self.assertEqual(headers["Lambda-Runtime-Deadline-Ms"], "1234")
        self.assertEqual(headers["Lambda-Runtime-Invoked-Function-Arn"], FUNCTION_ARN)
        self.assertEqual(headers["Lambda-Runtime-Trace-Id"], "Root=1-abc")
        status, _, _ = self.call("POST", "%s/invocation/%s/response" % (BASE, request_id), b'"ok"')
        self.assertEqual(status, 202)
        outcome = self.api.result(request_id)
        self.assertEqual((outcome.kind, outcome.json), ("response", "ok"))
        self.assertEqual(self.api.violations, [])

    def test_next_long_polls_until_an_event_is_queued(self):
        result = {}
        worker = threading.Thread(target=lambda: result.update(
            zip(("status", "headers", "body"), self.call("GET", BASE + "/invocation/next"))))
        worker.start()
        self.assertTrue(self.api.wait_polled(5))
        self.assertTrue(worker.is_alive())
        self.api.queue({"late": True})
        worker.join(5)
        self.assertEqual(json.loads(result["body"]), {"late": True})

    def test_error_and_init_error_are_recorded_with_their_error_type(self):
        request_id = self.api.queue({})
        self.call("GET", BASE + "/invocation/next")
        headers = {"Lambda-Runtime-Function-Error-Type": "Error"}
        self.call("POST", "%s/invocation/%s/error" % (BASE, request_id), b'{"errorType":"Error"}',
                  headers)
        outcome = self.api.result(request_id)
        self.assertEqual(outcome.kind, "error")
        self.assertEqual(outcome.headers["lambda-runtime-function-error-type"], "Error")
        status, _, _ = self.call("POST", BASE + "/init/error", b'{"errorType":"Runtime.X"}', headers)
        self.assertEqual(status, 202)
        self.assertEqual(self.api.init_error(1).json, {"errorType": "Runtime.X"})

    def test_a_result_for_an_id_not_in_flight_is_a_violation(self):
        status, _, body = self.call("POST", BASE + "/invocation/nope/response", b"{}")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["errorType"], "InvalidRequestID")
        self.assertEqual(len(self.api.violations), 1)


if __name__ == "__main__":
    unittest.main()
