"""Handler isolation: handlers that exit mid-invocation, hang past their timeout, print
without pause, leave children behind, allocate until killed, or never ask the Runtime API
for more work. Whatever one function does, localcloud stays up, another function keeps
answering meanwhile, the caller gets Lambda's error, and everything is reclaimed: the
server's open descriptors come back to where they were, no process of the function is
left anywhere, and no zombie hangs under the server.

Expected shapes (real AWS, shared/golden/localstack/lambda_/test_lambda.snapshot.json):
FunctionError "Unhandled" with
  {"errorType": "Runtime.ExitError",
   "errorMessage": "RequestId: <id> Error: Runtime exited with error: exit status 127"}
  {"errorType": "Runtime.ExitError",
   "errorMessage": "RequestId: <id> Error: Runtime exited without providing a reason"}
  {"errorType": "Sandbox.Timedout",
   "errorMessage": "RequestId: <id> Error: Task timed out after 1.00 seconds"}
and, for a function that passes its MemorySize, Lambda's Runtime.OutOfMemory with
"Runtime exited with error: signal: killed" (the runtime is killed, as by the OOM killer).
LogResult holds the last 4 KB of the invocation's log.

Every process a function starts carries ISOLATION_MARK=<this run's id> in its environment
(a function environment variable, inherited by children), so the test finds them
wherever they are, even reparented away from the server."""
import base64
import json
import os
import re
import threading
import time
import unittest
import uuid

import boto3
from botocore.config import Config

from localcloud_server import CREDENTIALS, LocalCloud
from localcloud_server import ROLE, make_zip, namespaces_permitted

# Everything a hostile Node.js handler can be asked to do, by event.act.
NODE_HOSTILE = r"""
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeSync } from "node:fs";

const environment = randomUUID();  // which execution environment answered

// detached: each in a session of its own, out of the runtime's process group
const children = (n, detached = false) => {
  for (let i = 0; i < n; i++) spawn("sleep", ["600"], { stdio: "ignore", detached });
};

export const handler = async (event) => {
  switch (event.act) {
    case "exit":
      console.log("about to exit");
      children(event.children || 0, event.detached);
      process.exit(event.code);
    case "spin":  // hangs the event loop itself: no timer of the handler ever runs again
      children(event.children || 0);
      for (;;) {}
    case "flood": {
      // stdout and stderr, 64 KB lines, until the deadline kills it (written straight
      // to the descriptors: process.stdout would queue what the pipe cannot take yet)
      const line = "z".repeat(65535) + "\n";
      const write = (fd) => {
        try { writeSync(fd, line); } catch (e) { if (e.code !== "EAGAIN") throw e; }
      };
      for (;;) { write(1); write(2); }
    }
    case "children":
      children(event.children);
      return { environment, children: event.children };
    case "allocate": {
      // Touches every page, 16 MB at a time; stops at event.stopMb if nobody stopped it.
      const kept = [];
      while (kept.length * 16 < event.stopMb) kept.push(Buffer.alloc(16 << 20, 1));
      return { survived: kept.length * 16 };
    }
    default:
      return { environment, ok: true };
  }
};
"""

PYTHON_HOSTILE = r"""
import os, subprocess, sys, time

def children(n, detached=False):
    # detached: each in a session of its own, out of the runtime's process group
    return [subprocess.Popen(["sleep", "600"], start_new_session=detached) for _ in range(n)]

CHILD_ALLOCATES = '''
import sys, time
kept = []
while len(kept) * 16 < int(sys.argv[1]):
    kept.append(bytearray(b"\\x01" * (16 << 20)))
time.sleep(float(sys.argv[2]))
print(len(kept) * 16)
'''

def handler(event, context):
    act = event.get("act")
    if act == "exit":
        kids = children(event.get("children", 0))
        print("about to exit", flush=True)
        os._exit(event["code"])
    if act == "hang":
        kids = children(event.get("children", 0), event.get("detached", False))
        time.sleep(600)
    if act == "flood":
        # Writes for event["seconds"], then answers how much it wrote.
        line = b"q" * 65535 + b"\n"
        end = time.time() + event["seconds"]
        written = 0
        while time.time() < end:
            for _ in range(64):
                os.write(1, line)
                os.write(2, line)
            written += 128 * len(line)
        return {"written": written}
    if act == "fork":
        # A fork bomb within a limit: each child forks once more, then all sleep.
        pids = []
        for _ in range(event["children"]):
            pid = os.fork()
            if pid == 0:
                if os.fork() == 0:
                    time.sleep(600)
                    os._exit(0)
                time.sleep(600)
                os._exit(0)
            pids.append(pid)
        return {"forked": len(pids)}
    if act == "child_allocates":
        # A process of the handler's allocates (and holds for event["hold"] seconds).
        done = subprocess.run([sys.executable, "-c", CHILD_ALLOCATES, str(event["stopMb"]),
                               str(event["hold"])], capture_output=True, text=True)
        return {"child": int(done.stdout)}
    if act == "allocate":
        kept = []
        while len(kept) * 16 < event["stopMb"]:
            kept.append(bytearray(b"\x01" * (16 << 20)))
        return {"survived": len(kept) * 16}
    return {"pid": os.getpid(), "ok": True}
"""

# A custom runtime that answers its first invocation and then never asks for another.
STUCK_BOOTSTRAP = """#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS=$(mktemp)
curl -sS -D "$HEADERS" -o /dev/null "$API/invocation/next"
ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d' ' -f2 | tr -d '\\r')
rm -f "$HEADERS"
ENVIRONMENT=$(cat /proc/sys/kernel/random/uuid)  # which execution environment answered
curl -sS -X POST "$API/invocation/$ID/response" \\
  -d "{\\"environment\\": \\"$ENVIRONMENT\\"}" >/dev/null
exec sleep 600
"""

HEALTHY = "export const handler = async (event) => ({ echo: event.n });"


def lambda_client(server, read_timeout):
    # One attempt per call: a retry would hide an invocation the server never answered.
    return boto3.client("lambda", endpoint_url=server.endpoint,
                        config=Config(retries={"total_max_attempts": 1},
                                      read_timeout=read_timeout), **CREDENTIALS)


# How long the test waits for something to be reclaimed before it fails.
RECLAIM_SECONDS = 30


def proc_table():
    """{pid: (ppid, state)} for every process on the machine."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(entry)] = (int(fields[1]), fields[0])
    return table


def descendants(root):
    """{pid: state} of every process below `root`."""
    table = proc_table()
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = {}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out[child] = table[child][1]
            todo.append(child)
    return out


def marked(mark):
    """Pids of live processes anywhere whose environment carries ISOLATION_MARK=mark."""
    needle = f"ISOLATION_MARK={mark}".encode() + b"\0"
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read() + b"\0":
                    pids.append(int(entry))
        except OSError:
            continue
    return pids


def server_descriptors(pid, port):
    """{fd: target} of the server's descriptors, without the established connections
    on its service port: those are held open by clients (HTTP keep-alive)."""
    client_sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # ESTABLISHED
                    client_sockets.add(f"socket:[{fields[9]}]")
    out = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target not in client_sockets:
            out[int(fd)] = target
    return out


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


class Bystander:
    """Invokes a healthy function over and over on its own client while something else
    goes on; every answer must be right."""

    def __init__(self, server, name):
        self.lam = lambda_client(server, read_timeout=60)
        self.name = name
        self.answers = 0
        self.failures = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                r = self.lam.invoke(FunctionName=self.name, Payload=json.dumps({"n": n}))
                out = json.loads(r["Payload"].read())
                if "FunctionError" in r or out != {"echo": n}:
                    self.failures.append((r.get("FunctionError"), out))
                else:
                    self.answers += 1
            except Exception as e:  # the server went away, or stopped answering
                self.failures.append(repr(e))
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(90)
        self.lam.close()  # its connection is not the server's leak


class HandlerIsolationTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Idle environments go after 2 s, so "everything reclaimed" comes soon.
        cls.server = LocalCloud("--lambda-idle-seconds", "2").start()
        cls.pid = cls.server.proc.pid
        cls.lam = lambda_client(cls.server, read_timeout=120)
        cls.logs = cls.server.client("logs")
        cls.mark = uuid.uuid4().hex
        cls.names = []
        cls.create("bystander", "nodejs20.x", {"index.mjs": HEALTHY})
        cls.create("node-hostile", "nodejs20.x", {"index.mjs": NODE_HOSTILE}, Timeout=3)
        cls.create("py-hostile", "python3.12", {"app.py": PYTHON_HOSTILE},
                   handler="app.handler", Timeout=3)
        cls.create("py-flood", "python3.12", {"app.py": PYTHON_HOSTILE},
                   handler="app.handler", Timeout=30)
        cls.create("stuck", "provided.al2023", {"bootstrap": STUCK_BOOTSTRAP},
                   handler="none", modes={"bootstrap": 0o755}, Timeout=2)
        # Every function once, benignly, so that what the server opens on first use is
        # open; then the baseline, once every environment is gone.
        for name in cls.names:
            if name != "stuck":
                cls.lam.invoke(FunctionName=name, Payload=b"{}")
        cls.wait_reclaimed()
        cls.baseline_fds = cls.server_fds()
        cls.figures = {"baseline fds": cls.baseline_fds}

    @classmethod
    def tearDownClass(cls):
        print(f"\nhandler isolation figures: {cls.figures}", flush=True)
        cls.server.stop()

    @classmethod
    def create(cls, name, runtime, files, handler="index.handler", modes=None, **extra):
        cls.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                                Code={"ZipFile": make_zip(files, modes)},
                                Environment={"Variables": {"ISOLATION_MARK": cls.mark}},
                                **extra)
        cls.names.append(name)

    @classmethod
    def server_fds(cls):
        """The server's open descriptors, less the connections clients hold open to its
        port (keep-alive is theirs to end); waits for them to come down to the baseline."""
        def count():
            return len(server_descriptors(cls.pid, cls.server.port))
        if not hasattr(cls, "baseline_fds"):
            return count()
        fds = count()
        deadline = time.time() + RECLAIM_SECONDS
        while fds > cls.baseline_fds and time.time() < deadline:
            time.sleep(0.2)
            fds = count()
        if fds > cls.baseline_fds:
            print("descriptors:", server_descriptors(cls.pid, cls.server.port), flush=True)
        return fds

    @classmethod
    def wait_reclaimed(cls):
        """Waits until no process of any function is left and none is below the server;
        returns the last look (for the assertion message)."""
        deadline = time.time() + RECLAIM_SECONDS
        while True:
            below, anywhere = descendants(cls.pid), marked(cls.mark)
            if not below and not anywhere:
                return below, anywhere
            if time.time() > deadline:
                return below, anywhere
            time.sleep(0.2)

    def invoke(self, name, payload, **extra):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload), **extra)
        body = r["Payload"].read()
        return r, json.loads(body) if body else None

    def assert_error(self, r, out, error_type, text):
        rid = r["ResponseMetadata"]["RequestId"]
        self.assertEqual(r["StatusCode"], 200)
        self.assertEqual(r.get("FunctionError"), "Unhandled")
        self.assertEqual(out, {"errorType": error_type,
                               "errorMessage": f"RequestId: {rid} Error: {text}"})

    def assert_bystander(self, bystander):
        self.assertEqual(bystander.failures, [])
        self.assertGreater(bystander.answers, 0, "the other function never answered")

    def assert_reclaimed(self, what):
        below, anywhere = self.wait_reclaimed()
        zombies = [pid for pid, state in below.items() if state == "Z"]
        self.assertEqual(zombies, [], f"{what}: zombies under the server")
        self.assertEqual(below, {}, f"{what}: processes left under the server")
        self.assertEqual(anywhere, [], f"{what}: processes of the function left behind")
        self.assertIsNone(self.server.proc.poll(), "the server died")
        fds = self.server_fds()
        self.figures[f"fds after {what}"] = fds
        self.assertLessEqual(fds, self.baseline_fds, f"{what}: descriptors leaked")

    # The handler exits the process mid-invocation (Node.js process.exit, Python os._exit)
    # after starting children: Runtime.ExitError with the exit status, and the children
    # go with the runtime.
    def test_exit_mid_invocation(self):
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("node-hostile", {"act": "exit", "code": 2, "children": 5},
                                 LogType="Tail")
            self.assert_error(r, out, "Runtime.ExitError",
                              "Runtime exited with error: exit status 2")
            tail = base64.b64decode(r["LogResult"]).decode()
            self.assertIn("about to exit", tail)
            self.assertIn("Runtime exited with error: exit status 2\nRuntime.ExitError\n", tail)
            r, out = self.invoke("py-hostile", {"act": "exit", "code": 3, "children": 5})
            self.assert_error(r, out, "Runtime.ExitError",
                              "Runtime exited with error: exit status 3")
            r, out = self.invoke("py-hostile", {"act": "exit", "code": 0})
            self.assert_error(r, out, "Runtime.ExitError",
                              "Runtime exited without providing a reason")
            # The next invocation gets a fresh environment.
            self.assertEqual(self.invoke("py-hostile", {})[1]["ok"], True)
        self.assert_bystander(bystander)
        self.assert_reclaimed("exits")

    # Children in a session of their own (Node.js `detached`, Python's start_new_session),
    # out of reach of a kill of the runtime's process group: they go with their
    # environment all the same, when the runtime exits and when it is killed at its
    # deadline, as every process of a Lambda sandbox does. (localcloud runs each
    # environment in a PID namespace of its own; where the system refuses one, such
    # children outlive their environment, and this test is skipped.)
    def test_children_in_a_session_of_their_own(self):
        if not namespaces_permitted("--pid"):
            self.skipTest("this system refuses PID namespaces")
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("node-hostile", {"act": "exit", "code": 2, "children": 5,
                                                  "detached": True})
            self.assert_error(r, out, "Runtime.ExitError",
                              "Runtime exited with error: exit status 2")
            r, out = self.invoke("py-hostile", {"act": "hang", "children": 5, "detached": True})
            self.assert_error(r, out, "Sandbox.Timedout", "Task timed out after 3.00 seconds")
        self.assert_bystander(bystander)
        self.assert_reclaimed("children in sessions of their own")

    # A handler that never returns (a spinning event loop, a long sleep) with children:
    # Sandbox.Timedout after the function's timeout, and the whole tree is killed.
    def test_hang_past_the_timeout(self):
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("node-hostile", {"act": "spin", "children": 10}, LogType="Tail")
            self.assert_error(r, out, "Sandbox.Timedout", "Task timed out after 3.00 seconds")
            self.assertIn("Task timed out after 3.00 seconds",
                          base64.b64decode(r["LogResult"]).decode())
            r, out = self.invoke("py-hostile", {"act": "hang", "children": 10})
            self.assert_error(r, out, "Sandbox.Timedout", "Task timed out after 3.00 seconds")
        self.assert_bystander(bystander)
        self.assert_reclaimed("hangs")

    # Output without pause on stdout and stderr: the server keeps reading (the writer is
    # never blocked for good), keeps 1 MB of the invocation's log in CloudWatch Logs,
    # returns the last 4 KB as LogResult, and its own memory does not follow the flood.
    def test_printing_gigabytes(self):
        rss_before = rss_mb(self.pid)
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("py-flood", {"act": "flood", "seconds": 6}, LogType="Tail")
            self.assertNotIn("FunctionError", r)
            written = out["written"]
            self.figures["flood bytes written in 6 s"] = written
            self.assertGreater(written, 100 << 20)
            tail = base64.b64decode(r["LogResult"])
            self.assertLessEqual(len(tail), 4096)
            rid = r["ResponseMetadata"]["RequestId"]
            self.assertIn(f"END RequestId: {rid}\nREPORT RequestId: {rid}\t".encode(), tail)
            # Node.js: the same, killed at its deadline while still writing.
            r, out = self.invoke("node-hostile", {"act": "flood"}, LogType="Tail")
            self.assert_error(r, out, "Sandbox.Timedout", "Task timed out after 3.00 seconds")
            self.assertLessEqual(len(base64.b64decode(r["LogResult"])), 4096)
        self.assert_bystander(bystander)
        kept = 0
        pages = self.logs.get_paginator("filter_log_events").paginate(
            logGroupName="/aws/lambda/py-flood")
        for page in pages:
            for e in page["events"]:
                kept += len(e["message"])
        self.figures["flood bytes kept in CloudWatch Logs"] = kept
        self.assertLess(kept, 2 << 20)  # the first benign invocation, and 1 MB of this one
        grew = rss_mb(self.pid) - rss_before
        self.figures["server RSS growth during the flood (MB)"] = grew
        self.assertLess(grew, 256)
        self.assert_reclaimed("floods")

    # Children that outlive their invocation (50 sleeping processes; a fork bomb of 20
    # forks that fork again) stay with the warm environment, and go when it is reaped.
    def test_children_that_outlive_the_invocation(self):
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("node-hostile", {"act": "children", "children": 50})
            self.assertEqual(out["children"], 50)
            self.assertGreaterEqual(len(marked(self.mark)), 51)
            self.assertEqual(self.invoke("node-hostile", {})[1]["environment"],
                             out["environment"])  # warm
            r, out = self.invoke("py-hostile", {"act": "fork", "children": 20})
            self.assertEqual(out, {"forked": 20})
            self.assertEqual(self.invoke("py-hostile", {})[1]["ok"], True)
            # The handler returns once its 20 children exist; each forks its own child
            # after that, on its own schedule (seconds on a loaded machine).
            deadline = time.time() + 20
            while len(marked(self.mark)) < 51 + 41 and time.time() < deadline:
                time.sleep(0.1)
            peak = len(marked(self.mark))
            self.assertGreaterEqual(peak, 51 + 41)
        self.assert_bystander(bystander)
        self.figures["processes of the functions at the peak"] = peak
        self.assert_reclaimed("children")

    # Allocating until killed: at its MemorySize (128 MB) the runtime is killed and the
    # caller gets Runtime.OutOfMemory. (Each handler stops by itself at 2 GB, so a
    # localcloud that does not enforce the limit fails the test rather than the machine.)
    def test_allocating_until_killed(self):
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("node-hostile", {"act": "allocate", "stopMb": 2048},
                                 LogType="Tail")
            self.assert_error(r, out, "Runtime.OutOfMemory",
                              "Runtime exited with error: signal: killed")
            tail = base64.b64decode(r["LogResult"]).decode()
            self.assertIn("Runtime exited with error: signal: killed\nRuntime.OutOfMemory\n",
                          tail)
            r, out = self.invoke("py-hostile", {"act": "allocate", "stopMb": 2048})
            self.assert_error(r, out, "Runtime.OutOfMemory",
                              "Runtime exited with error: signal: killed")
            # Below the limit is fine.
            r, out = self.invoke("py-hostile", {"act": "allocate", "stopMb": 32})
            self.assertEqual(out, {"survived": 32})
        self.assert_bystander(bystander)
        self.assert_reclaimed("allocations")

    # The limit and Max Memory Used count the whole sandbox, as Lambda's do: a process the
    # handler started that allocates past MemorySize gets the sandbox killed, and what one
    # holds below it shows in the REPORT line. (Seen through the environment's own PID
    # namespace; where the system refuses one, only the runtime counts, and this test is
    # skipped.)
    def test_children_count_against_the_memory_limit(self):
        if not namespaces_permitted("--pid"):
            self.skipTest("this system refuses PID namespaces")
        with Bystander(self.server, "bystander") as bystander:
            r, out = self.invoke("py-hostile", {"act": "child_allocates", "stopMb": 2048,
                                                "hold": 0})
            self.assert_error(r, out, "Runtime.OutOfMemory",
                              "Runtime exited with error: signal: killed")
            r, out = self.invoke("py-hostile", {"act": "child_allocates", "stopMb": 64,
                                                "hold": 0.6}, LogType="Tail")
            self.assertEqual(out, {"child": 64})
            tail = base64.b64decode(r["LogResult"]).decode()
            used = re.search(r"Max Memory Used: (\d+) MB", tail)
            self.assertIsNotNone(used, tail)
            self.figures["Max Memory Used with a child holding 64 MB"] = int(used.group(1))
            self.assertGreaterEqual(int(used.group(1)), 64 + 8)  # the child's, and the runtime's
            self.assertLess(int(used.group(1)), 128)
        self.assert_bystander(bystander)
        self.assert_reclaimed("children's allocations")

    # A custom runtime that answers once and never asks for the next invocation: its
    # answer reaches the caller, the next invocation runs in a new environment, and the
    # stuck one is killed (Lambda resets a sandbox that does not finish its invoke phase).
    def test_runtime_that_never_asks_again(self):
        with Bystander(self.server, "bystander") as bystander:
            _, first = self.invoke("stuck", {})
            _, second = self.invoke("stuck", {})
            self.assertIsInstance(first["environment"], str)
            self.assertIsInstance(second["environment"], str)
            self.assertNotEqual(first["environment"], second["environment"])
        self.assert_bystander(bystander)
        self.assert_reclaimed("stuck runtimes")


if __name__ == "__main__":
    unittest.main()
