"""Shared fixtures for the runtime tests: a task root with handler files, a
FakeRuntimeApi, the bootstrap process, and a stand-in DynamoDB endpoint."""
import json
import re
import shutil
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from execution_environment import ExecutionEnvironment, write_files
from fake_runtime_api import FakeRuntimeApi

ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class RuntimeTestCase(unittest.TestCase):
    runtime = None  # "nodejs" or "python"

    def task_root(self, files):
        root = tempfile.mkdtemp(prefix="localcloud-task-")
        self.addCleanup(shutil.rmtree, root, True)
        write_files(root, files)
        return root

    def start(self, files, handler, env=None, task_root=None, **options):
        """Starts an environment for `handler` over `files`; returns (api, environment)."""
        root = task_root or self.task_root(files)
        api = FakeRuntimeApi()
        self.addCleanup(api.close)
        environment = ExecutionEnvironment(self.runtime, root, handler, api, env, **options)
        self.addCleanup(environment.close)
        environment.start()
        return api, environment

    def invoke_ok(self, api, event=None, **kwargs):
        """Invokes and asserts the handler answered; returns the parsed result."""
        outcome = api.invoke(event, **kwargs)
        self.assertIsNotNone(outcome, "no result within the timeout")
        self.assertEqual(outcome.kind, "response", outcome.body)
        return outcome.json

    def invoke_error(self, api, event=None, **kwargs):
        """Invokes and asserts the handler failed; returns the Outcome."""
        outcome = api.invoke(event, **kwargs)
        self.assertIsNotNone(outcome, "no result within the timeout")
        self.assertEqual(outcome.kind, "error", outcome.body)
        return outcome

    def assert_init_error(self, api, environment, error_type, timeout=10):
        """Asserts the runtime reported `error_type` at init and exited non-zero."""
        outcome = api.init_error(timeout)
        self.assertIsNotNone(outcome, "no init error; logs:\n" + "\n".join(environment.log_events()))
        self.assertEqual(outcome.headers.get("lambda-runtime-function-error-type"), error_type)
        self.assertEqual(outcome.json["errorType"], error_type)
        self.assertNotEqual(environment.wait_exit(), 0)
        self.assertEqual(api.polls, 0, "asked for work after a failed init")
        return outcome.json

    def assert_log(self, environment, pattern, timeout=5.0):
        """Waits for a log event that fully matches the regular expression."""
        regex = re.compile(pattern, re.S)
        return environment.wait_for_log(lambda event: regex.fullmatch(event), timeout)


class StubDynamoDB:
    """Answers every DynamoDB call with ListTables' shape; records X-Amz-Target."""

    def __init__(self):
        targets = self.targets = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                targets.append(self.headers.get("X-Amz-Target"))
                body = json.dumps({"TableNames": ["localcloud-stub"]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
