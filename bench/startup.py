#!/usr/bin/env python3
"""Startup time and idle memory of a server that prints localcloud's listening line.

Startup is measured from spawn to the first 200 on the health path, because that is
what a test suite waiting for the server actually pays; the listening line alone
could come before the server is ready to answer. Prints one JSON line.

usage: startup.py NAME HEALTH_PATH RUNS -- COMMAND...   (COMMAND gets no --port: add it)
"""
import json
import os
import select
import socket
import statistics
import subprocess
import sys
import time

LINE_TIMEOUT_S = 20
ANSWER_TIMEOUT_S = 20
IDLE_BEFORE_RSS_S = 1.0


def read_listening_port(proc):
    deadline = time.monotonic() + LINE_TIMEOUT_S
    buffered = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.05)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            buffered += chunk
            for line in buffered.split(b"\n")[:-1]:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == "listening":
                    return event["port"]
        elif proc.poll() is not None:
            break
    raise RuntimeError(f"no listening line (exit code {proc.poll()})")


def answers_200(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         "Connection: close\r\n\r\n".encode())
            return conn.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def vm_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def measure_once(command, path, want_rss):
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        port = read_listening_port(proc)
        deadline = started + ANSWER_TIMEOUT_S
        while not answers_200(port, path):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{path} never answered 200")
            time.sleep(0.001)
        elapsed_ms = (time.monotonic() - started) * 1000.0
        rss = None
        if want_rss:
            time.sleep(IDLE_BEFORE_RSS_S)
            rss = vm_rss_mb(proc.pid)
        return elapsed_ms, rss
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv):
    if len(argv) < 6 or argv[4] != "--":
        sys.exit(__doc__)
    name, path, runs, command = argv[1], argv[2], int(argv[3]), argv[5:]
    times = []
    rss = None
    for i in range(runs):
        elapsed_ms, run_rss = measure_once(command, path, want_rss=(i == 0))
        times.append(elapsed_ms)
        rss = run_rss if run_rss is not None else rss
    print(json.dumps({
        "name": name, "kind": "startup", "runs": runs,
        "startup_ms_median": round(statistics.median(times), 1),
        "startup_ms_min": round(min(times), 1), "startup_ms_max": round(max(times), 1),
        "idle_rss_mb": round(rss, 1),
    }), flush=True)


if __name__ == "__main__":
    main(sys.argv)
