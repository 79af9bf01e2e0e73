"""Measures the runtime bootstraps against the fake Runtime API (not a test).

    python3 tests/runtime/bench_runtime.py [--invokes 2000] [--cold 10]

Warm: a trivial handler invoked back to back. "round trip" is queue -> result
as the test thread sees it (it includes the fake's own Python overhead);
"in runtime" is from the moment the fake starts writing the /next response to
the moment it has read the posted result: the bootstrap's work for one
invocation plus two loopback hops and, on a busy machine, the fake's own turns
on the CPU. "runtime CPU" is the CPU time (user + system, from /proc) the
bootstrap process spent per invocation: its own overhead, free of the fake's.
Cold: process spawn -> first /next, the runtime's share of a cold start.
"""
import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from execution_environment import NODE_MODULES, ExecutionEnvironment, write_files
from fake_runtime_api import FakeRuntimeApi

HANDLERS = {
    "nodejs esm": ("nodejs", {"index.mjs": "export const handler = async () => ({ ok: true });"},
                   "index.handler"),
    "nodejs cjs callback": ("nodejs", {"index.js": "exports.handler = (e, c, cb) => cb(null, { ok: true });"},
                            "index.handler"),
    "python": ("python", {"lambda_function.py": "def handler(event, context):\n    return {'ok': True}\n"},
               "lambda_function.handler"),
}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def cpu_seconds(pid):
    """User + system CPU time the process has used so far."""
    fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm(name, invokes):
    runtime, files, handler = HANDLERS[name]
    root = tempfile.mkdtemp()
    write_files(root, files)
    api = FakeRuntimeApi()
    env = ExecutionEnvironment(runtime, root, handler, api).start()
    try:
        for _ in range(200):  # warm up the JIT and the connection
            api.invoke({"warm": True})
        round_trips, in_runtime = [], []
        cpu_before = cpu_seconds(env.proc.pid)
        for i in range(invokes):
            start = time.monotonic()
            outcome = api.invoke({"i": i})
            round_trips.append(time.monotonic() - start)
            in_runtime.append(outcome.received_at - outcome.delivered_at)
        cpu = (cpu_seconds(env.proc.pid) - cpu_before) / invokes
        assert not api.violations, api.violations
    finally:
        env.close()
        api.close()
        shutil.rmtree(root, True)
    us = lambda seconds: "%.0f us" % (seconds * 1e6)
    print("%-20s warm x%d: round trip p50 %s p90 %s | in runtime p50 %s p90 %s | "
          "runtime CPU %s per invoke" % (
              name, invokes, us(percentile(round_trips, .5)), us(percentile(round_trips, .9)),
              us(percentile(in_runtime, .5)), us(percentile(in_runtime, .9)), us(cpu)))


def cold(name, runs, task_root=None):
    runtime, files, handler = HANDLERS[name]
    starts = []
    for _ in range(runs):
        root = task_root or tempfile.mkdtemp()
        write_files(root, files)
        api = FakeRuntimeApi()
        env = ExecutionEnvironment(runtime, root, handler, api).start()
        try:
            assert api.wait_polled(10)
            starts.append(api.first_poll_at - env.started_at)
        finally:
            env.close()
            api.close()
            if task_root is None:
                shutil.rmtree(root, True)
    print("%-20s cold start (spawn -> first /next) x%d: min %.1f ms median %.1f ms" % (
        name + (" (no hook)" if task_root else ""), runs, min(starts) * 1e3,
        statistics.median(starts) * 1e3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invokes", type=int, default=2000)
    parser.add_argument("--cold", type=int, default=10)
    args = parser.parse_args()
    for name in HANDLERS:
        warm(name, args.invokes)
    for name in HANDLERS:
        cold(name, args.cold)
    # Code below a directory whose node_modules is the runtime's: no resolve hook.
    parent = Path(tempfile.mkdtemp())
    os.symlink(NODE_MODULES, parent / "node_modules")
    (parent / "code").mkdir()
    cold("nodejs esm", args.cold, task_root=parent / "code")
    shutil.rmtree(parent, True)


if __name__ == "__main__":
    main()
