"""The runtimes' hand-written Runtime API clients (runtime/nodejs/runtime_client.mjs
and the one in runtime/python/bootstrap.py) read every response shape an
HTTP/1.1 server may send and survive connections that close, whichever way
localcloud's Runtime API ends up answering."""
import importlib.util
import json
import socket
import subprocess
import threading
import time
import unittest

from execution_environment import NODE_BOOTSTRAP, PYTHON_BOOTSTRAP
from fake_runtime_api import _RequestReader

CLIENT = NODE_BOOTSTRAP.parent / "runtime_client.mjs"

# Asks for two events and posts a result for each; prints what it got.
DRIVER = """
import { RuntimeClient } from %s;
const client = new RuntimeClient(process.argv[1]);
const seen = [];
for (let i = 0; i < 2; i++) {
  const next = await client.next();
  const id = next.headers['lambda-runtime-aws-request-id'];
  const status = await client.postResponse(id, JSON.stringify({ echo: next.body.length }));
  seen.push({ id, body: next.body, status });
}
// The poll sent with the last result stays open, as against localcloud: exit
// once the output is out.
process.stdout.write(JSON.stringify(seen) + '\\n', () => process.exit(0));
""" % json.dumps(str(CLIENT))


def head(status, headers):
    lines = ["HTTP/1.1 %d X" % status] + ["%s: %s" % h for h in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def event(request_id, body, framing="length", extra=()):
    headers = [("Lambda-Runtime-Aws-Request-Id", request_id), ("Content-Type", "application/json")]
    headers += list(extra)
    if framing == "length":
        return head(200, headers + [("Content-Length", len(body))]) + body
    if framing == "chunked":
        parts = [body[i:i + 7] for i in range(0, len(body), 7)]
        encoded = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in parts)
        return head(200, headers + [("Transfer-Encoding", "chunked")]) + encoded + b"0\r\nX-Trailer: t\r\n\r\n"
    raise ValueError(framing)


ACCEPTED = head(202, [("Content-Length", 15)]) + b'{"status":"OK"}'


class Server:
    """Serves scripted answers: `script` is a list of (bytes to send, then
    'keep' | 'close') consumed one per request, whatever the connection.
    Requests past the script are recorded and left unanswered, as the
    Runtime API leaves a poll for the next event while there is none."""

    def __init__(self, script, split=False):
        self.script = list(script)
        self.split = split
        self.requests = []
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = "127.0.0.1:%d" % self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        reader = _RequestReader(conn)
        with conn:
            while True:
                request = reader.read()
                if request is None:
                    return
                self.requests.append(request[:2])
                if not self.script:
                    continue
                answer, after = self.script.pop(0)
                if self.split:
                    for i in range(len(answer)):
                        conn.sendall(answer[i:i + 1])
                else:
                    conn.sendall(answer)
                if after == "close":
                    return

    def close(self):
        self.listener.close()


def load_python_bootstrap():
    spec = importlib.util.spec_from_file_location("localcloud_python_bootstrap", PYTHON_BOOTSTRAP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ClientCases:
    """The same conversations for both clients; drive() runs one."""

    def drive(self, server):
        raise NotImplementedError

    def methods(self, server, *expected):
        """Asserts the requests' methods: `expected`, then the poll each client
        sends with its last result, before anyone asked for a third event."""
        want = list(expected) + ["GET"]
        deadline = time.monotonic() + 5
        while len(server.requests) < len(want) and time.monotonic() < deadline:
            time.sleep(0.01)  # the server's thread may not have read the poll yet
        self.assertEqual([r[0] for r in server.requests], want)

    def expect_two_invocations(self, seen, body=b'{"k":"v"}'):
        self.assertEqual([s["id"] for s in seen], ["a", "b"])
        self.assertEqual([s["body"] for s in seen], [body.decode()] * 2)
        self.assertEqual([s["status"] for s in seen], [202, 202])

    def test_keep_alive_with_content_length(self):
        server = Server([(event("a", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep"),
                         (event("b", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep")])
        self.expect_two_invocations(self.drive(server))
        self.assertEqual(server.connections, 1)
        self.methods(server, "GET", "POST", "GET", "POST")

    def test_responses_split_into_single_bytes(self):
        body = json.dumps({"text": "žluťoučký kůň \u2603"}).encode()
        server = Server([(event("a", body), "keep"), (ACCEPTED, "keep"),
                         (event("b", body), "keep"), (ACCEPTED, "keep")], split=True)
        self.expect_two_invocations(self.drive(server), body)

    def test_chunked_bodies_with_trailers(self):
        body = json.dumps({"long": "x" * 100}).encode()
        server = Server([(event("a", body, "chunked"), "keep"), (ACCEPTED, "keep"),
                         (event("b", body, "chunked"), "keep"), (ACCEPTED, "keep")], split=True)
        self.expect_two_invocations(self.drive(server), body)

    def test_connection_close_after_every_response(self):
        closing = [("Connection", "close")]
        server = Server([(event("a", b'{"k":"v"}', extra=closing), "close"),
                         (head(202, [("Content-Length", 2)] + closing) + b"{}", "close"),
                         (event("b", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep")])
        self.expect_two_invocations(self.drive(server))
        self.assertEqual(server.connections, 3)

    def test_idle_connection_closed_by_the_server_is_retried(self):
        # The server drops the kept-alive connection after answering the POST;
        # the next request must go out again on a new connection.
        server = Server([(event("a", b'{"k":"v"}'), "keep"), (ACCEPTED, "close"),
                         (event("b", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep")])
        self.expect_two_invocations(self.drive(server))
        self.assertEqual(server.connections, 2)

    def test_close_delimited_body(self):
        answer = head(200, [("Lambda-Runtime-Aws-Request-Id", "a")]) + b'{"k":"v"}'
        server = Server([(answer, "close"), (ACCEPTED, "keep"),
                         (event("b", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep")])
        self.expect_two_invocations(self.drive(server))

    def test_request_on_a_connection_that_died_meanwhile_is_retried(self):
        # The server reads the second GET and closes without answering, as a
        # server does with a connection it had already given up on.
        server = Server([(event("a", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep"), (b"", "close"),
                         (event("b", b'{"k":"v"}'), "keep"), (ACCEPTED, "keep")])
        self.expect_two_invocations(self.drive(server))
        self.methods(server, "GET", "POST", "GET", "GET", "POST")

    def test_large_event(self):
        body = json.dumps({"blob": "y" * 5_000_000}).encode()
        server = Server([(event("a", body), "keep"), (ACCEPTED, "keep"),
                         (event("b", body), "keep"), (ACCEPTED, "keep")])
        seen = self.drive(server)
        self.assertEqual([len(s["body"]) for s in seen], [len(body)] * 2)


class NodeClientTest(ClientCases, unittest.TestCase):
    def drive(self, server):
        self.addCleanup(server.close)
        out = subprocess.run(["node", "--input-type=module", "-e", DRIVER, server.address],
                             capture_output=True, text=True, timeout=20)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)


class PythonClientTest(ClientCases, unittest.TestCase):
    bootstrap = load_python_bootstrap()

    def drive(self, server):
        self.addCleanup(server.close)
        client = self.bootstrap.RuntimeClient(server.address)
        self.addCleanup(client.close)
        seen = []
        for _ in range(2):
            headers, body = client.next()
            request_id = headers["lambda-runtime-aws-request-id"]
            status = client.post_response(request_id, json.dumps({"echo": len(body)}).encode())
            seen.append({"id": request_id, "body": body.decode(), "status": status})
        return seen


if __name__ == "__main__":
    unittest.main()
