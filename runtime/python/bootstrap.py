"""localcloud's Python runtime (python3.x semantics).

One process is one execution environment: it imports the handler named by
_HANDLER ("module.function", the module path dotted or slashed) from
LAMBDA_TASK_ROOT, then loops over the Lambda Runtime API at
AWS_LAMBDA_RUNTIME_API -- take the next event, call handler(event, context),
post the result or the error -- one invocation at a time, for as long as
localcloud keeps the environment.

    python3 runtime/python/bootstrap.py      (cwd and LAMBDA_TASK_ROOT: the code)

Output: print() goes straight to stdout, line by line. The root logger writes
"[LEVEL]\\t<time>Z\\t<request id>\\t<message>" records, one line each ("\\n"
inside a record becomes "\\r", which localcloud turns back), and failures are
logged as AWS's runtime logs them. The START/END/REPORT lines are localcloud's.
Exit code 1 after an init error; localcloud then replaces the environment.
"""
import importlib
import json
import logging
import os
import socket
import sys
import time

_BASE = "/2018-06-01/runtime"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
_TRACE_ENV = "_X_AMZN_TRACE_ID"
_INDENT = "\u00a0"  # AWS indents traceback lines in logs with no-break spaces.


class RuntimeApiError(Exception):
    """The Runtime API could not be reached or answered unexpectedly."""


class RuntimeClient:
    """HTTP/1.1 client for the Lambda Runtime API over one keep-alive connection.

    Hand-written over a socket because http.client costs ~40 ms of imports at
    every cold start, and this peer only ever needs four requests. A result goes
    out with the poll for the next event behind it, pipelined in one send:
    localcloud's Runtime API answers a connection's requests in order, and the
    environment wakes once per invocation instead of twice.
    """

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise RuntimeApiError("AWS_LAMBDA_RUNTIME_API is not host:port: %r" % address)
        self._address = (host, int(port))
        self._host_header = address
        self._sock = None
        self._buffer = bytearray()
        self._polled = False  # a poll for the next event went out with the last result
        self._poll = self._encode("GET", _BASE + "/invocation/next")

    def next(self):
        """Long-polls for the next invocation: (headers with lowercased names, body bytes)."""
        polled, self._polled = self._polled, False
        answer = None
        if polled and self._sock is not None:
            try:
                answer = self._read_response()
            except (OSError, _ClosedEarly) as e:
                # Closed before answering the poll: ask again on a new connection.
                self.close()
                if not isinstance(e, (_ClosedEarly, ConnectionError)):
                    raise RuntimeApiError("polling for the next event failed: %s" % e) from e
        status, headers, body = answer or self._send(self._poll, "GET %s/invocation/next" % _BASE)
        if status != 200:
            raise RuntimeApiError("/invocation/next answered %d: %r" % (status, body[:200]))
        return headers, body

    def post_response(self, request_id, body, content_type="application/json"):
        return self._request("POST", "%s/invocation/%s/response" % (_BASE, request_id), body,
                             {"Content-Type": content_type}, poll_next=True)[0]

    def post_error(self, request_id, error):
        return self._post_error("%s/invocation/%s/error" % (_BASE, request_id), error, True)

    def post_init_error(self, error):
        return self._post_error(_BASE + "/init/error", error, False)

    def _post_error(self, path, error, poll_next):
        body = json.dumps(error).encode()
        error_type = "".join(c for c in str(error.get("errorType", "")) if " " <= c <= "~")
        return self._request("POST", path, body, {"Content-Type": "application/json",
                                                  _ERROR_TYPE_HEADER: error_type},
                             poll_next=poll_next)[0]

    def _encode(self, method, path, body=None, headers=None):
        lines = ["%s %s HTTP/1.1" % (method, path), "Host: " + self._host_header]
        for name, value in (headers or {}).items():
            lines.append("%s: %s" % (name, value))
        if body is not None:
            lines.append("Content-Length: %d" % len(body))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")

    def _request(self, method, path, body=None, headers=None, poll_next=False):
        data = self._encode(method, path, body, headers)
        return self._send(data + self._poll if poll_next else data, "%s %s" % (method, path),
                          poll_next)

    def _send(self, data, what, poll_next=False):
        """Sends `data` and reads one answer; `poll_next`: a poll follows in `data`."""
        # A kept-alive connection may have been closed by the server while idle;
        # then, and only if nothing was answered yet, retry once on a new one.
        for attempt in (0, 1):
            reused = self._sock is not None
            if not reused:
                self._connect()
            try:
                self._sock.sendall(data)
                answer = self._read_response()
                # An answer that closed the connection left the poll unread.
                self._polled = poll_next and self._sock is not None
                return answer
            except (OSError, _ClosedEarly) as e:
                self.close()
                if reused and attempt == 0 and isinstance(e, (_ClosedEarly, ConnectionError)):
                    continue
                raise RuntimeApiError("%s failed: %s" % (what, e)) from e
        raise AssertionError("unreachable")

    def _connect(self):
        try:
            sock = socket.create_connection(self._address)
        except OSError as e:
            raise RuntimeApiError("cannot connect to the Runtime API at %s:%d: %s"
                                  % (self._address + (e,))) from e
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._buffer = bytearray()

    def close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def _fill(self):
        chunk = self._sock.recv(262144)
        if not chunk:
            raise _ClosedEarly("connection closed by the Runtime API")
        self._buffer += chunk

    def _read_response(self):
        buf = self._buffer
        while True:
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            try:
                self._fill()
            except _ClosedEarly:
                if buf:
                    raise RuntimeApiError("truncated response head from the Runtime API")
                raise
        head = bytes(buf[:end]).decode("latin-1").split("\r\n")
        del buf[:end + 4]
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        elif "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        elif status in (204, 304) or 100 <= status < 200:
            body = b""
        else:  # Delimited by the end of the connection.
            try:
                while True:
                    self._fill()
            except _ClosedEarly:
                pass
            body = bytes(buf)
            buf.clear()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def _read_exactly(self, n):
        while len(self._buffer) < n:
            self._fill_or_fail()
        body = bytes(self._buffer[:n])
        del self._buffer[:n]
        return body

    def _read_line(self):
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[:end + 2]
                return line
            self._fill_or_fail()

    def _read_chunked(self):
        parts = []
        while True:
            size = int(self._read_line().split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self._read_line():  # trailers, up to the empty line
                    pass
                return b"".join(parts)
            parts.append(self._read_exactly(size))
            self._read_line()

    def _fill_or_fail(self):
        try:
            self._fill()
        except _ClosedEarly as e:
            raise RuntimeApiError("truncated response body from the Runtime API") from e


class _ClosedEarly(Exception):
    pass


class FaultException(Exception):
    """A failure the runtime detects itself, reported with a Runtime.* errorType."""
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


# --- The context object -------------------------------------------------------

class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id, self.cognito_identity_pool_id)


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code",
                 "app_package_name"]

    def __repr__(self):
        return "Client([%s])" % ",".join("%s=%s" % (f, getattr(self, f)) for f in self.__slots__)


class ClientContext:
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return "ClientContext([custom=%s,env=%s,client=%s])" % (self.custom, self.env, self.client)


def _object_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class LambdaContext:
    """The handler's second argument. memory_limit_in_mb is a string, as in AWS."""

    def __init__(self, request_id, client_context, cognito_identity, deadline_ms,
                 invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = _object_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from_dict(Client, self.client_context.client)
        self.identity = _object_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return ("LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,"
                "function_name=%s,memory_limit_in_mb=%s,function_version=%s,"
                "invoked_function_arn=%s,client_context=%s,identity=%s])" % (
                    self.aws_request_id, self.log_group_name, self.log_stream_name,
                    self.function_name, self.memory_limit_in_mb, self.function_version,
                    self.invoked_function_arn, self.client_context, self.identity))


def _parse_json_header(text, name):
    try:
        return json.loads(text)
    except Exception as e:
        raise FaultException(FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR,
                             "Unable to parse %s JSON: %s" % (name, e))


# --- Logging --------------------------------------------------------------------

_request_id = None


class _LambdaLogHandler(logging.Handler):
    """Root logger handler: one stdout line per record, whatever its newlines."""

    def emit(self, record):
        try:
            text = self.format(record)
            sys.stdout.write(text.replace("\n", "\r") + "\n")
        except Exception:
            self.handleError(record)


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


def _setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = _LambdaLogHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
        "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def _log_error(error):
    """Logs a failure as AWS does: "[ERROR] Type: message" and the traceback, one record."""
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    if error.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for element in error["stackTrace"]:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append(_INDENT * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines).replace("\n", "\r") + "\n")


# --- Errors ---------------------------------------------------------------------

def _make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def _error_from_exception(exc_info, request_id=None):
    import traceback
    error_type, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    # Leave out the runtime's own frames above the user's code.
    this_file = os.path.abspath(__file__)
    first_user = 0
    while first_user < len(frames) and os.path.abspath(frames[first_user].filename) == this_file:
        first_user += 1
    return _make_error(str(value), error_type.__name__,
                       traceback.format_list(frames[first_user:]), request_id)


# --- Handler loading ------------------------------------------------------------

def _load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME,
                             "Bad handler '%s': %s" % (handler, e))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultException(FaultException.BUILT_IN_MODULE_CONFLICT,
                             "Cannot use built-in module %s as a handler module" % module_name)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise FaultException(FaultException.IMPORT_MODULE_ERROR,
                             "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(FaultException.USER_CODE_SYNTAX_ERROR,
                             "Syntax error in module '%s': %s" % (module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException(FaultException.HANDLER_NOT_FOUND,
                             "Handler '%s' missing on module '%s'" % (function_name, module_name))


# --- Responses ------------------------------------------------------------------

def _json_default(value):
    # boto3's DynamoDB resource returns numbers as Decimal; AWS's runtime
    # serialises them as JSON numbers. (No Decimal exists unless the handler
    # imported decimal, so the runtime need not import it at every start.)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        if value.is_nan():
            return float("nan")
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _marshal(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return json.dumps(result, default=_json_default).encode(), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: %s" % e)


def _invoke(client, handler, headers, body):
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    error = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            _parse_json_header(client_context, "Client Context") if client_context else None,
            _parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"))
        if headers.get("content-type", "application/json") == "application/json":
            try:
                event = json.loads(body)
            except Exception as e:
                raise FaultException(FaultException.UNMARSHAL_ERROR,
                                     "Unable to unmarshal input: %s" % e)
        else:
            event = body
        payload, content_type = _marshal(handler(event, context))
    except FaultException as e:
        error = _make_error(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        error = _error_from_exception(sys.exc_info(), request_id)

    if error is not None:
        _log_error(error)
        _flush_output()
        client.post_error(request_id, error)
    else:
        _flush_output()
        client.post_response(request_id, payload, content_type)


def _flush_output():
    # Let the invocation's output reach localcloud before its result does.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def main():
    global _request_id
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(line_buffering=True)
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # Handler modules come from the task root, not from the runtime's folder.
    sys.path[0] = task_root
    address, handler_name = os.environ.get("AWS_LAMBDA_RUNTIME_API"), os.environ.get("_HANDLER")
    if not address or not handler_name:
        sys.stderr.write("bootstrap: AWS_LAMBDA_RUNTIME_API and _HANDLER must be set\n")
        return 1
    client = RuntimeClient(address)
    _setup_logging()

    try:
        handler = _load_handler(handler_name)
    except FaultException as e:
        error = _make_error(e.msg, e.exception_type, e.trace)
    except Exception:
        error = _error_from_exception(sys.exc_info())
    else:
        error = None
    if error is not None:
        _log_error(error)
        _flush_output()
        client.post_init_error(error)
        return 1

    while True:
        headers, body = client.next()
        _request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ[_TRACE_ENV] = trace_id
        else:
            os.environ.pop(_TRACE_ENV, None)
        _invoke(client, handler, headers, body)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeApiError as e:
        sys.stderr.write("bootstrap: Lambda Runtime API request failed: %s\n" % e)
        sys.exit(1)
