#!/usr/bin/env python3
"""Function side of bench/lambda.sh: creates the benchmark's functions on localcloud,
checks and warms them (on localcloud or serverless-offline, through the same Invoke
API), measures cold starts, and writes the serverless-offline service.

It speaks the Lambda REST-JSON API over keep-alive http.client connections with a
well-formed but unchecked SigV4 header like lc-loadgen's, so that the cold-start times
are the server's and not an SDK's. The handlers are bench/lambda_handlers/.

usage:
  lambda_bench.py setup URL --reserved N
  lambda_bench.py check URL FUNCTION EXPECTED_JSON
  lambda_bench.py warm URL FUNCTION --environments N [--sleep-field sleep]
  lambda_bench.py cold URL NAME RUNTIME --runs N [--pause S]
  lambda_bench.py sls-service DIR NODE_MODULES
setup creates FUNCTIONS below; check exits 1 unless FUNCTION answers EXPECTED_JSON;
warm leaves N environments of FUNCTION warm; cold prints one JSON line.
"""
import argparse
import base64
import http.client
import io
import json
import os
import re
import shutil
import statistics
import sys
import threading
import time
import urllib.parse
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
HANDLERS = os.path.join(HERE, "lambda_handlers")
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
HEADERS = {
    "Content-Type": "application/json",
    "X-Amz-Date": "20240101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, "
                     "SignedHeaders=content-type;host;x-amz-date, Signature=" + "0" * 64,
}
# name: (Runtime, Handler, code file in bench/lambda_handlers or None for in-process)
RUNTIMES = {
    "node": ("nodejs20.x", "index.handler", "index.mjs"),
    "python": ("python3.11", "lambda_function.lambda_handler", "lambda_function.py"),
    "cpp": ("localcloud.cpp", "examples.echo", None),
}
FUNCTIONS = {"bench-node": "node", "bench-python": "python", "bench-cpp": "cpp"}
# The REPORT line of a cold invocation ends with this field.
INIT_DURATION = re.compile(r"\tInit Duration: ([0-9.]+) ms")
DURATION = re.compile(r"\tDuration: ([0-9.]+) ms")


class ApiError(Exception):
    pass


class Client:
    """One keep-alive connection to a Lambda API; reconnects once if it was closed."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.conn = None

    def call(self, method, path, payload=None, headers=None, raw=None):
        """Returns (status, response headers, body bytes)."""
        body = raw if raw is not None else (
            None if payload is None else json.dumps(payload, separators=(",", ":")))
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.request(method, path, body=body, headers=dict(HEADERS, **(headers or {})))
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.close()
                return response.status, response, data
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def api(self, method, path, payload=None, ok=(200, 201, 202, 204)):
        status, _, data = self.call(method, path, payload)
        if status not in ok:
            raise ApiError(f"{method} {path}: HTTP {status}: {data[:300].decode(errors='replace')}")
        return json.loads(data) if data else {}

    def invoke(self, function, event, headers=None):
        """Returns (the response, the payload bytes); raises on a non-200 answer."""
        status, response, data = self.call(
            "POST", f"/2015-03-31/functions/{function}/invocations",
            raw=json.dumps(event), headers=headers)
        if status != 200:
            raise ApiError(f"invoke {function}: HTTP {status}: {data[:300].decode(errors='replace')}")
        if response.getheader("X-Amz-Function-Error"):
            raise ApiError(f"invoke {function}: function error: {data[:300].decode(errors='replace')}")
        return response, data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def code_zip(source):
    """The zip of one file of bench/lambda_handlers (None: an in-process handler's)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if source is None:
            archive.writestr("README", "in-process handler: no code")
        else:
            archive.write(os.path.join(HANDLERS, source), source)
    return base64.b64encode(buffer.getvalue()).decode()


def wait_updated(client, name, timeout_s=30):
    """Waits until the function is Active and its last update has finished."""
    deadline = time.monotonic() + timeout_s
    while True:
        config = client.api("GET", f"/2015-03-31/functions/{name}/configuration")
        if config.get("State") == "Active" and config.get("LastUpdateStatus") in (None, "Successful"):
            return
        if time.monotonic() > deadline:
            raise ApiError(f"{name} still {config.get('State')}/{config.get('LastUpdateStatus')}")
        time.sleep(0.05)


def create_function(client, name, lambda_runtime, handler, source):
    """Creates the function from one file of bench/lambda_handlers and waits until it
    is Active."""
    client.api("POST", "/2015-03-31/functions", {
        "FunctionName": name, "Runtime": lambda_runtime, "Handler": handler, "Role": ROLE,
        "Code": {"ZipFile": code_zip(source)}})
    wait_updated(client, name)


def create(client, name, runtime):
    create_function(client, name, *RUNTIMES[runtime])


def setup(args):
    client = Client(args.url)
    for name, runtime in FUNCTIONS.items():
        create(client, name, runtime)
        # Without it the function may only scale to localcloud's default of 10.
        client.api("PUT", f"/2017-10-31/functions/{name}/concurrency",
                   {"ReservedConcurrentExecutions": args.reserved})
    return 0


def check(args):
    expected = json.loads(args.expected)
    try:
        _, data = Client(args.url).invoke(args.function, {})
    except (ApiError, OSError) as e:
        print(f"lambda_bench.py: {e}", file=sys.stderr)
        return 1
    if json.loads(data) != expected:
        print(f"lambda_bench.py: {args.function} answered {data[:300]!r}, not {args.expected}",
              file=sys.stderr)
        return 1
    return 0


def warm(args):
    """Sends N concurrent invocations that each hold their environment for a while, so
    that the function has N environments, and repeats until one round saw N different
    ones (a handler that does not say which environment it ran in gets one round)."""
    clients = [Client(args.url) for _ in range(args.environments)]
    seen = 0
    for _ in range(args.rounds):
        answers, errors = [None] * len(clients), []

        def one(i):
            try:
                answers[i] = json.loads(clients[i].invoke(
                    args.function, {args.sleep_field: args.sleep_ms})[1])
            except Exception as e:  # reported below: the run goes on with fewer
                errors.append(str(e))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            print(f"lambda_bench.py: warming {args.function}: {errors[0]}", file=sys.stderr)
            return 1
        environments = {a.get("environment") for a in answers if isinstance(a, dict)}
        if None in environments:
            return 0
        seen = len(environments)
        if seen >= args.environments:
            break
    if seen < args.environments:  # expected of serverless-offline --useInProcess
        print(f"lambda_bench.py: {args.function}: {seen} environment(s) answered the last "
              f"{args.environments} concurrent invocations", file=sys.stderr)
    return 0


def cold(args):
    """RUNS cold starts: each time a configuration update retires the function's
    environments, and the next Invoke (with the log tail, for the REPORT line's Init
    Duration) starts a new one. A warm Invoke right after gives the contrast."""
    client = Client(args.url)
    name = f"bench-{args.runtime}-cold"
    create(client, name, args.runtime)
    client.invoke(name, {})
    round_trips, inits, durations, warms, not_cold = [], [], [], [], 0
    for run in range(args.runs):
        client.api("PUT", f"/2015-03-31/functions/{name}/configuration",
                   {"Environment": {"Variables": {"BENCH_COLD_RUN": str(run)}}})
        wait_updated(client, name)
        time.sleep(args.pause)  # the retired environment's exit must not share the timing
        started = time.perf_counter()
        response, _ = client.invoke(name, {}, headers={"X-Amz-Log-Type": "Tail"})
        round_trips.append((time.perf_counter() - started) * 1000)
        tail = base64.b64decode(response.getheader("X-Amz-Log-Result") or "").decode(errors="replace")
        report = next((line for line in tail.splitlines() if line.startswith("REPORT ")), "")
        init = INIT_DURATION.search(report)
        if init:
            inits.append(float(init.group(1)))
        else:
            not_cold += 1
        duration = DURATION.search(report)
        if duration:
            durations.append(float(duration.group(1)))
        started = time.perf_counter()
        client.invoke(name, {})
        warms.append((time.perf_counter() - started) * 1000)
    rounded = lambda values: [round(v, 2) for v in values]  # noqa: E731
    print(json.dumps({
        "kind": "cold", "name": args.name, "runtime": RUNTIMES[args.runtime][0],
        "runs": args.runs, "not_cold": not_cold,
        "round_trip_ms": rounded(round_trips), "init_duration_ms": rounded(inits),
        "duration_ms": rounded(durations), "warm_round_trip_ms": rounded(warms),
        "round_trip_ms_median": round(statistics.median(round_trips), 2)}))
    return 0


SERVERLESS_YML = """\
service: lcbench
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
functions:
  node:
    handler: index.handler
plugins:
  - serverless-offline
"""


def write_sls_service(directory, node_modules, serverless_yml, sources):
    """A serverless-offline service in DIRECTORY: its serverless.yml, the handler files
    `sources` from bench/lambda_handlers, and the plugin resolved from NODE_MODULES."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "serverless.yml"), "w") as out:
        out.write(serverless_yml)
    for source in sources:
        shutil.copy(os.path.join(HANDLERS, source), directory)
    link = os.path.join(directory, "node_modules")
    if not os.path.lexists(link):
        os.symlink(os.path.abspath(node_modules), link)


def sls_service(args):
    """The serverless-offline service: bench-node's very handler as function `node`
    (invoked as lcbench-dev-node)."""
    write_sls_service(args.dir, args.node_modules, SERVERLESS_YML, ["index.mjs"])
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("url")
    p.add_argument("--reserved", type=int, required=True)
    p.set_defaults(run=setup)
    p = sub.add_parser("check")
    p.add_argument("url")
    p.add_argument("function")
    p.add_argument("expected")
    p.set_defaults(run=check)
    p = sub.add_parser("warm")
    p.add_argument("url")
    p.add_argument("function")
    p.add_argument("--environments", type=int, required=True)
    p.add_argument("--sleep-field", default="sleep")
    p.add_argument("--sleep-ms", type=int, default=300)
    p.add_argument("--rounds", type=int, default=5)
    p.set_defaults(run=warm)
    p = sub.add_parser("cold")
    p.add_argument("url")
    p.add_argument("name")
    p.add_argument("runtime", choices=["node", "python"])
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--pause", type=float, default=0.5)
    p.set_defaults(run=cold)
    p = sub.add_parser("sls-service")
    p.add_argument("dir")
    p.add_argument("node_modules")
    p.set_defaults(run=sls_service)
    args = parser.parse_args(argv[1:])
    try:
        return args.run(args)
    except (ApiError, OSError) as e:
        print(f"lambda_bench.py {args.command}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
