#!/usr/bin/env python3
"""The soak run of bench/soak.sh: a bounded mixed workload at a moderate, paced rate
against one localcloud serving the workshop app, with the server's memory, descriptors
and processes sampled every window. It answers one question: after warm-up, does
anything grow or slow down while nothing else changes?

The workers (threads, each with its own keep-alive connection, each paced to a fixed
rate so the load stays the same whatever the latencies):
  dynamodb   PutItem / GetItem / UpdateItem ADD / Query / DeleteItem on a bounded key
             space of table soak (so the data stops growing once every key was written)
  invoke     Invoke of bench-node, bench-python and bench-cpp in turn
  api        GET /v1/users: API Gateway → get-users (Node.js) → Scan of the workshop table
Every WINDOW seconds the sampler writes one JSON line: the server's VmRSS, the RSS of its
whole process tree (the execution environments are its children), its open descriptors,
its live and zombie descendants, and per workload the answers, errors and p50/p99 latency
of that window. The report then fits a line through the post-warm-up samples.

usage: soak.py URL PID RESULTS [--seconds 600] [--window 10] [--warmup 60] [--rate 50]
                                [--workers dynamodb=3,invoke=2,api=2]
RESULTS gets the JSON lines; the report goes to stdout (soak.py --report RESULTS shows it
again). Exit status 1 if any request failed or the server died.
"""
import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambda_bench  # noqa: E402  (the function helpers, shared with bench/lambda.sh)

KEYS = 2000  # the soak table's key space: bounded so its data stops growing
SIGNED = {
    "X-Amz-Date": "20240101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64,
}


class Connection:
    """One keep-alive HTTP connection; reconnects when the server closed it."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, body bytes, whether the answer flags a function error)."""
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                flagged = response.getheader("X-Amz-Function-Error") is not None
                if response.will_close:
                    self.close()
                return response.status, data, flagged
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def dynamodb_body(operation, key):
    item_key = {"pk": {"S": f"user#{key % 200}"}, "sk": {"N": str(key)}}
    if operation == "PutItem":
        return {"TableName": "soak", "Item": dict(item_key, payload={"S": "x" * 200},
                                                   tags={"SS": ["a", "b", str(key)]})}
    if operation == "GetItem":
        return {"TableName": "soak", "Key": item_key}
    if operation == "UpdateItem":
        return {"TableName": "soak", "Key": item_key, "UpdateExpression": "ADD hits :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}}}
    if operation == "Query":
        return {"TableName": "soak", "KeyConditionExpression": "pk = :pk", "Limit": 20,
                "ExpressionAttributeValues": {":pk": {"S": f"user#{key % 200}"}}}
    return {"TableName": "soak", "Key": item_key}  # DeleteItem


DYNAMODB_MIX = ["PutItem"] * 3 + ["GetItem"] * 4 + ["UpdateItem"] * 2 + ["Query", "DeleteItem"]


def dynamodb_request(rng):
    operation = rng.choice(DYNAMODB_MIX)
    headers = dict(SIGNED, **{"Content-Type": "application/x-amz-json-1.0",
                              "X-Amz-Target": f"DynamoDB_20120810.{operation}"})
    return "POST", "/", json.dumps(dynamodb_body(operation, rng.randrange(KEYS))), headers


def invoke_request(rng):
    function = rng.choice(["bench-node", "bench-python", "bench-cpp"])
    headers = dict(lambda_bench.HEADERS)
    return "POST", f"/2015-03-31/functions/{function}/invocations", "{}", headers


def api_request(rng):
    return "GET", "/v1/users", None, {}


REQUESTS = {"dynamodb": dynamodb_request, "invoke": invoke_request, "api": api_request}


class Window:
    """What the workers saw since the last sample; swapped out by the sampler."""

    def __init__(self):
        self.latencies = {name: [] for name in REQUESTS}
        self.errors = {name: 0 for name in REQUESTS}
        self.first_error = {}


class Soak:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.window = Window()
        self.stop = threading.Event()
        self.total_errors = 0

    def worker(self, kind, seed):
        rng = random.Random(seed)
        conn = Connection(self.args.url)
        interval = 1.0 / self.args.rate
        next_at = time.monotonic() + rng.random() * interval  # spread the workers' phases
        while not self.stop.is_set():
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_at += interval
            method, path, body, headers = REQUESTS[kind](rng)
            started = time.perf_counter()
            try:
                status, data, flagged = conn.request(method, path, body, headers)
                error = None if 200 <= status < 300 and not flagged else \
                    f"{method} {path}: HTTP {status}: {data[:200].decode(errors='replace')}"
            except OSError as e:
                error = f"{method} {path}: {e}"
            elapsed_us = (time.perf_counter() - started) * 1e6
            with self.lock:
                if error:
                    self.window.errors[kind] += 1
                    self.window.first_error.setdefault(kind, error)
                else:
                    self.window.latencies[kind].append(elapsed_us)
            if next_at < time.monotonic() - 1:  # fell a second behind: do not burst
                next_at = time.monotonic()
        conn.close()

    def sample(self, t):
        with self.lock:
            window, self.window = self.window, Window()
        row = {"kind": "sample", "t": round(t, 1)}
        row.update(process_figures(self.args.pid))
        for name in REQUESTS:
            latencies = sorted(window.latencies[name])
            row[name] = {
                "ok": len(latencies), "errors": window.errors[name],
                "p50_us": round(percentile(latencies, 50)), "p99_us": round(percentile(latencies, 99)),
            }
            if name in window.first_error:
                row[name]["first_error"] = window.first_error[name]
            self.total_errors += window.errors[name]
        return row


def percentile(values, p):
    if not values:
        return 0
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def descendants(root):
    """The live descendants of root (pid → state letter), from /proc."""
    parent, state = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)], state[int(entry)] = int(fields[1]), fields[0]
    found = {}
    for pid in parent:
        p = pid
        while p in parent and p > 1 and p != root:
            p = parent[p]
        if p == root and pid != root:
            found[pid] = state[pid]
    return found


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_figures(pid):
    children = descendants(pid)
    return {
        "server_rss_kb": rss_kb(pid),
        "tree_rss_kb": rss_kb(pid) + sum(rss_kb(c) for c in children),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "processes": sum(1 for s in children.values() if s != "Z"),
        "zombies": sum(1 for s in children.values() if s == "Z"),
    }


def setup(url):
    """The soak table and the benchmark's three functions (the workshop app comes from the
    server's --config)."""
    conn = Connection(url)
    headers = dict(SIGNED, **{"Content-Type": "application/x-amz-json-1.0",
                              "X-Amz-Target": "DynamoDB_20120810.CreateTable"})
    status, data, _ = conn.request("POST", "/", json.dumps({
        "TableName": "soak", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}]}), headers)
    if status != 200:
        raise SystemExit(f"soak.py: CreateTable: HTTP {status}: {data[:300]!r}")
    client = lambda_bench.Client(url)
    for name, runtime in lambda_bench.FUNCTIONS.items():
        lambda_bench.create(client, name, runtime)
    status, data, _ = conn.request("GET", "/v1/users")
    if status != 200:
        raise SystemExit(f"soak.py: GET /v1/users: HTTP {status}: {data[:300]!r}")


def run(args):
    setup(args.url)
    soak = Soak(args)
    threads = []
    for spec in args.workers.split(","):
        kind, count = spec.split("=")
        for i in range(int(count)):
            threads.append(threading.Thread(target=soak.worker, args=(kind, f"{kind}{i}"), daemon=True))
    with open(args.results, "a") as out:
        out.write(json.dumps({"kind": "soak", "seconds": args.seconds, "window_s": args.window,
                              "warmup_s": args.warmup, "rate_per_worker": args.rate,
                              "workers": args.workers, "keys": KEYS}) + "\n")
        out.write(json.dumps(dict({"kind": "sample", "t": 0.0}, **process_figures(args.pid))) + "\n")
        start = time.monotonic()
        for thread in threads:
            thread.start()
        died = False
        for n in range(1, int(args.seconds / args.window) + 1):
            time.sleep(max(0, start + n * args.window - time.monotonic()))
            if not os.path.exists(f"/proc/{args.pid}"):
                died = True
                break
            row = soak.sample(time.monotonic() - start)
            out.write(json.dumps(row) + "\n")
            out.flush()
            print(progress_line(row), file=sys.stderr)
        soak.stop.set()
        for thread in threads:
            thread.join(timeout=70)
    if died:
        print("soak.py: the server died", file=sys.stderr)
    report(args.results)
    return 1 if died or soak.total_errors else 0


def progress_line(row):
    loads = " ".join(f"{name} {row[name]['ok']}/{row[name]['errors']} p99 {row[name]['p99_us'] / 1000:.1f}ms"
                     for name in REQUESTS)
    return (f"soak.py: t={row['t']:6.0f}s rss {row['server_rss_kb'] / 1024:.1f} MB "
            f"(tree {row['tree_rss_kb'] / 1024:.1f}) fds {row['fds']} procs {row['processes']} "
            f"zombies {row['zombies']} | {loads}")


def slope_per_minute(points):
    """Least-squares slope of (t seconds, value) points, per minute."""
    if len(points) < 3:
        return 0.0
    ts, vs = [p[0] for p in points], [p[1] for p in points]
    mean_t, mean_v = statistics.fmean(ts), statistics.fmean(vs)
    den = sum((t - mean_t) ** 2 for t in ts)
    return 60 * sum((t - mean_t) * (v - mean_v) for t, v in zip(ts, vs)) / den if den else 0.0


def report(results):
    rows = [json.loads(line) for line in open(results)]
    meta = next((r for r in rows if r["kind"] == "soak"), {})
    samples = [r for r in rows if r["kind"] == "sample" and r["t"] > 0]
    if not samples:
        print("no samples")
        return
    print(f"## Soak: {meta.get('seconds')} s, workers {meta.get('workers')} at "
          f"{meta.get('rate_per_worker')} req/s each, {meta.get('window_s')} s windows\n")
    print("| t s | server RSS MB | tree RSS MB | fds | procs | zombies | "
          + " | ".join(f"{n} ok/err | {n} p50/p99 ms" for n in REQUESTS) + " |")
    print("|---" * (6 + 2 * len(REQUESTS)) + "|")
    for r in samples:
        cells = [f"{r['t']:.0f}", f"{r['server_rss_kb'] / 1024:.1f}", f"{r['tree_rss_kb'] / 1024:.1f}",
                 str(r["fds"]), str(r["processes"]), str(r["zombies"])]
        for n in REQUESTS:
            cells += [f"{r[n]['ok']}/{r[n]['errors']}",
                      f"{r[n]['p50_us'] / 1000:.2f}/{r[n]['p99_us'] / 1000:.2f}"]
        print("| " + " | ".join(cells) + " |")
    steady = [r for r in samples if r["t"] > meta.get("warmup_s", 60)] or samples
    third = max(1, len(steady) // 3)
    print(f"\nAfter the {meta.get('warmup_s')} s warm-up ({len(steady)} samples):")
    for field, unit, scale in (("server_rss_kb", "MB", 1024), ("tree_rss_kb", "MB", 1024),
                               ("fds", "", 1), ("processes", "", 1)):
        values = [r[field] / scale for r in steady]
        print(f"- {field}: min {min(values):.1f} max {max(values):.1f} {unit}, "
              f"trend {slope_per_minute([(r['t'], r[field] / scale) for r in steady]):+.3f} {unit}/min")
    print(f"- zombies: max {max(r['zombies'] for r in samples)}")
    for n in REQUESTS:
        first = statistics.median(r[n]["p99_us"] for r in steady[:third]) / 1000
        last = statistics.median(r[n]["p99_us"] for r in steady[-third:]) / 1000
        ok = sum(r[n]["ok"] for r in samples)
        errors = sum(r[n]["errors"] for r in samples)
        print(f"- {n}: {ok} answers, {errors} errors; median window p99 first third "
              f"{first:.2f} ms, last third {last:.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("pid", nargs="?", type=int)
    parser.add_argument("results", nargs="?")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--window", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=60)
    parser.add_argument("--rate", type=float, default=50, help="requests/s per worker")
    parser.add_argument("--workers", default="dynamodb=3,invoke=2,api=2")
    parser.add_argument("--report", metavar="RESULTS")
    args = parser.parse_args()
    if args.report:
        report(args.report)
        return 0
    if not (args.url and args.pid and args.results):
        parser.error("URL, PID and RESULTS are required")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
