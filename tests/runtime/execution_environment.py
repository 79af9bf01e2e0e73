"""Starts a runtime bootstrap the way localcloud does, against a FakeRuntimeApi.

The command line and environment here are the contract with localcloud's
process manager (src/lambda/): keep them in step with it.

    api = FakeRuntimeApi()
    env = ExecutionEnvironment("nodejs", task_root, "index.handler", api).start()
    api.invoke({...})
    env.wait_for_log("hello")        # log events as localcloud stores them
    env.close()
"""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE_BOOTSTRAP = REPO / "runtime" / "nodejs" / "bootstrap.mjs"
PYTHON_BOOTSTRAP = REPO / "runtime" / "python" / "bootstrap.py"
NODE_MODULES = Path(os.environ.get("LOCALCLOUD_NODE_MODULES",
                                   REPO / "runtime" / "nodejs" / "node_modules"))

COMMANDS = {
    "nodejs": (["node", str(NODE_BOOTSTRAP)], "AWS_Lambda_nodejs20.x"),
    # The resolved interpreter, not a wrapper such as a pyenv shim on PATH,
    # which would add ~100 ms to every cold start.
    "python": ([os.environ.get("LOCALCLOUD_PYTHON", sys.executable), str(PYTHON_BOOTSTRAP)],
               "AWS_Lambda_python3.11"),
}


def lambda_environment(runtime, task_root, handler, runtime_api, function_name="fn",
                       memory_mb=128, endpoint_url="http://127.0.0.1:4566"):
    """The variables an execution environment starts with, as localcloud sets them."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "_HANDLER": handler,
        "LAMBDA_TASK_ROOT": str(task_root),
        "LAMBDA_RUNTIME_DIR": str(NODE_BOOTSTRAP.parent if runtime == "nodejs"
                                  else PYTHON_BOOTSTRAP.parent),
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_LAMBDA_FUNCTION_NAME": function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + function_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": time.strftime("%Y/%m/%d/[$LATEST]") + "0" * 32,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EXECUTION_ENV": COMMANDS[runtime][1],
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
        "AWS_ENDPOINT_URL": endpoint_url,
    }
    if runtime == "nodejs":
        env["NODE_PATH"] = str(NODE_MODULES)
    return env


class ExecutionEnvironment:
    def __init__(self, runtime, task_root, handler, api, env=None, **options):
        self.runtime = runtime
        self.task_root = Path(task_root)
        self.api = api
        self.env = lambda_environment(runtime, task_root, handler, api.address, **options)
        self.env.update(env or {})
        self.proc = None
        self.started_at = None
        self._lines = []          # (stream, text) as read, "\r" kept
        self._cond = threading.Condition()
        self._readers = []

    def start(self):
        cmd = COMMANDS[self.runtime][0]
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=self.task_root, env=self.env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        for stream, name in ((self.proc.stdout, "stdout"), (self.proc.stderr, "stderr")):
            reader = threading.Thread(target=self._read, args=(stream, name), daemon=True)
            reader.start()
            self._readers.append(reader)
        return self

    def _read(self, stream, name):
        for raw in stream:
            text = raw.decode("utf-8", errors="replace")
            if text.endswith("\n"):
                text = text[:-1]
            with self._cond:
                self._lines.append((name, text))
                self._cond.notify_all()

    # --- logs -------------------------------------------------------------------

    def raw_lines(self, stream="stdout"):
        """Lines exactly as the process wrote them (without the final "\\n")."""
        with self._cond:
            return [text for name, text in self._lines if stream in (None, name)]

    def log_events(self, stream=None):
        """Log events as localcloud stores them: one per line, "\\r" back to "\\n"."""
        return [line.replace("\r", "\n") for line in self.raw_lines(stream)]

    def wait_for_log(self, predicate, timeout=5.0, stream=None):
        """Waits for a log event matching `predicate` (a substring or a function)."""
        match = (lambda event: predicate in event) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for name, text in self._lines:
                    event = text.replace("\r", "\n")
                    if stream in (None, name) and match(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("no log event matched %r; got:\n%s" % (
                        predicate, "\n".join(t for _, t in self._lines)))
                self._cond.wait(remaining)

    # --- lifetime ---------------------------------------------------------------

    def wait_exit(self, timeout=5.0):
        """Waits for the process to end; returns its exit code."""
        code = self.proc.wait(timeout)
        for reader in self._readers:
            reader.join(1)
        return code

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()
            for reader in self._readers:
                reader.join(1)
            self.proc.stdout.close()
            self.proc.stderr.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def write_files(root, files):
    """Writes {relative path: text} under `root`."""
    for name, text in files.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

