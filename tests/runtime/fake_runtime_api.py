"""A Lambda Runtime API for ONE execution environment, for testing runtimes.

Serves what localcloud's Runtime API serves (stdlib only, keep-alive HTTP/1.1):
  GET  /2018-06-01/runtime/invocation/next            200, long poll
  POST /2018-06-01/runtime/invocation/{id}/response   202
  POST /2018-06-01/runtime/invocation/{id}/error      202
  POST /2018-06-01/runtime/init/error                 202
A test queues events and reads back what the runtime posted:

    api = FakeRuntimeApi()
    outcome = api.invoke({"key": "value"})      # queue, then wait for the result
    outcome.kind, outcome.json, outcome.headers  # "response" | "error"
    api.init_error(timeout=5)                    # Outcome of /init/error, or None

Misuse of the protocol (a result for an id that is not in flight, /next while
an invocation is unanswered) is answered with 400 and listed in `violations`.
"""
import json
import queue
import socket
import threading
import time
import uuid

BASE = "/2018-06-01/runtime"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:fn"
_STOP = object()


class Outcome:
    """What the runtime posted for one invocation (or for init)."""

    def __init__(self, kind, request_id, headers, body, received_at):
        self.kind = kind              # "response", "error" or "init_error"
        self.request_id = request_id
        self.headers = headers        # lowercased names
        self.body = body              # bytes
        self.received_at = received_at  # time.monotonic()
        self.delivered_at = None      # when /next handed the event over

    @property
    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "Outcome(%s, %s, %r)" % (self.kind, self.request_id, self.body[:300])


class _Invocation:
    def __init__(self, request_id, body, headers):
        self.request_id = request_id
        self.body = body
        self.headers = headers
        self.delivered_at = None
        self.done = threading.Event()
        self.outcome = None


class FakeRuntimeApi:
    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.address = "127.0.0.1:%d" % self.port
        self._pending = queue.Queue()
        self._lock = threading.Lock()
        self._invocations = {}
        self._in_flight = None
        self._init_error = None
        self._init_error_event = threading.Event()
        self._polled = threading.Event()
        self.first_poll_at = None
        self.polls = 0
        self.violations = []
        self._closed = False
        self._connections = []
        threading.Thread(target=self._accept_loop, daemon=True).start()

    # --- test API -------------------------------------------------------------

    def queue(self, event, request_id=None, deadline_ms=None, trace_id="default",
              client_context=None, cognito_identity=None, function_arn=FUNCTION_ARN):
        """Queues one invocation; returns its request id. `event` is JSON-encoded
        unless it is bytes. trace_id None sends no Lambda-Runtime-Trace-Id."""
        request_id = request_id or str(uuid.uuid4())
        if deadline_ms is None:
            deadline_ms = int(time.time() * 1000) + 3000
        if trace_id == "default":
            trace_id = "Root=1-%08x-%s;Parent=%s;Sampled=0" % (
                int(time.time()), uuid.uuid4().hex[:24], uuid.uuid4().hex[:16])
        headers = [("Lambda-Runtime-Aws-Request-Id", request_id),
                   ("Lambda-Runtime-Deadline-Ms", str(deadline_ms)),
                   ("Lambda-Runtime-Invoked-Function-Arn", function_arn)]
        if trace_id is not None:
            headers.append(("Lambda-Runtime-Trace-Id", trace_id))
        if client_context is not None:
            headers.append(("Lambda-Runtime-Client-Context", _as_text(client_context)))
        if cognito_identity is not None:
            headers.append(("Lambda-Runtime-Cognito-Identity", _as_text(cognito_identity)))
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        invocation = _Invocation(request_id, body, headers)
        with self._lock:
            self._invocations[request_id] = invocation
        self._pending.put(invocation)
        return request_id

    def result(self, request_id, timeout=5.0):
        """Waits for what the runtime posted for `request_id`; None on timeout."""
        invocation = self._invocations[request_id]
        if not invocation.done.wait(timeout):
            return None
        return invocation.outcome

    def invoke(self, event=None, timeout=5.0, **kwargs):
        """Queues `event` and waits for its outcome (None on timeout)."""
        return self.result(self.queue({} if event is None else event, **kwargs), timeout)

    def init_error(self, timeout=5.0):
        """Waits for an /init/error post; None if none came within `timeout`."""
        self._init_error_event.wait(timeout)
        return self._init_error

    def wait_polled(self, timeout=10.0):
        """Waits until the runtime has asked for work once (its init is over)."""
        return self._polled.wait(timeout)

    def close(self):
        self._closed = True
        self._pending.put(_STOP)
        try:
            self._listener.close()
        except OSError:
            pass
        for conn in list(self._connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            except OSError:
                pass

    # --- server -----------------------------------------------------------------

    def _accept_loop(self):
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        reader = _RequestReader(conn)
        try:
            while not self._closed:
                request = reader.read()
                if request is None:
                    return
                method, path, headers, body = request
                status, extra, payload = self._route(method, path, headers, body)
                if status is None:
                    return
                head = ["HTTP/1.1 %d %s" % (status, _REASONS.get(status, "OK")),
                        "Content-Type: application/json",
                        "Content-Length: %d" % len(payload)]
                head += ["%s: %s" % h for h in extra]
                conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def _route(self, method, path, headers, body):
        if method == "GET" and path == BASE + "/invocation/next":
            return self._next()
        if method == "POST" and path == BASE + "/init/error":
            self._init_error = Outcome("init_error", None, headers, body, time.monotonic())
            self._init_error_event.set()
            return 202, [], b'{"status":"OK"}'
        prefix = BASE + "/invocation/"
        if method == "POST" and path.startswith(prefix):
            request_id, _, kind = path[len(prefix):].rpartition("/")
            if kind in ("response", "error"):
                return self._result(request_id, kind, headers, body)
        return 404, [], b'{"errorMessage":"Unknown path","errorType":"NotFound"}'

    def _next(self):
        with self._lock:
            self.polls += 1
            if self.first_poll_at is None:
                self.first_poll_at = time.monotonic()
            if self._in_flight is not None:
                self.violations.append("/next while %s is unanswered" % self._in_flight.request_id)
                return 400, [], b'{"errorMessage":"Invocation in flight","errorType":"InvalidState"}'
        self._polled.set()
        invocation = self._pending.get()
        if invocation is _STOP:
            self._pending.put(_STOP)
            return None, None, None
        with self._lock:
            self._in_flight = invocation
            invocation.delivered_at = time.monotonic()
        return 200, invocation.headers, invocation.body

    def _result(self, request_id, kind, headers, body):
        with self._lock:
            invocation = self._in_flight
            if invocation is None or invocation.request_id != request_id:
                self.violations.append("%s for %s, which is not in flight" % (kind, request_id))
                return 400, [], b'{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}'
            self._in_flight = None
            outcome = Outcome(kind, request_id, headers, body, time.monotonic())
            outcome.delivered_at = invocation.delivered_at
            invocation.outcome = outcome
        invocation.done.set()
        return 202, [], b'{"status":"OK"}'


_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found"}


def _as_text(value):
    return value if isinstance(value, str) else json.dumps(value)


class _RequestReader:
    """Reads HTTP/1.1 requests (Content-Length or chunked bodies) from a socket."""

    def __init__(self, conn):
        self._conn = conn
        self._buf = bytearray()

    def _fill(self):
        chunk = self._conn.recv(262144)
        if not chunk:
            raise EOFError
        self._buf += chunk

    def _line(self):
        while (end := self._buf.find(b"\r\n")) < 0:
            self._fill()
        line = bytes(self._buf[:end])
        del self._buf[:end + 2]
        return line

    def _exactly(self, n):
        while len(self._buf) < n:
            self._fill()
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data

    def read(self):
        try:
            while (end := self._buf.find(b"\r\n\r\n")) < 0:
                self._fill()
            lines = bytes(self._buf[:end]).decode("latin-1").split("\r\n")
            del self._buf[:end + 4]
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if "chunked" in headers.get("transfer-encoding", "").lower():
                parts = []
                while (size := int(self._line().split(b";")[0], 16)) > 0:
                    parts.append(self._exactly(size))
                    self._line()
                while self._line():
                    pass
                body = b"".join(parts)
            else:
                body = self._exactly(int(headers.get("content-length", "0")))
            return method, path, headers, body
        except (EOFError, OSError):
            return None
