#!/usr/bin/env python3
"""Renders a bench/results/apigateway-*.jsonl file (written by bench/apigateway.sh) as
markdown: the runs, the gateway's overhead over a direct Invoke of the same handler,
localcloud's ratios to serverless-offline and to the HTTP ceiling, and the issue's
goals. With several rounds, each row is the median run and each ratio or difference the
median of the rounds' own. bench/report.py calls it for files whose meta line says
"suite":"apigateway".

usage: apigateway_report.py RESULTS.jsonl
"""
import json
import statistics
import sys

from lambda_report import fmt_ratio, medians, ratio_finder, runs_table

CEILING = "fixed-server"
TARGET_ORDER = [CEILING, "localcloud/invoke-cpp", "localcloud/gateway-cpp",
                "localcloud/invoke-node", "localcloud/gateway-node",
                "serverless-offline/gateway-node", "serverless-offline-inprocess/gateway-node"]
SLS = "serverless-offline/gateway-node"
SLS_IN_PROCESS = "serverless-offline-inprocess/gateway-node"
# (gateway path, direct Invoke of the same handler)
OVERHEADS = [("localcloud/gateway-cpp", "localcloud/invoke-cpp", "in-process C++"),
             ("localcloud/gateway-node", "localcloud/invoke-node", "Node.js")]
# (ours, theirs, what the ratio says) at every concurrency.
RATIOS = [("localcloud/gateway-node", SLS, "Node ÷ serverless-offline (worker threads)"),
          ("localcloud/gateway-node", SLS_IN_PROCESS, "Node ÷ serverless-offline --useInProcess"),
          ("localcloud/gateway-cpp", CEILING, "in-process C++ ÷ fixed-body ceiling"),
          ("localcloud/gateway-node", CEILING, "Node ÷ fixed-body ceiling"),
          ("localcloud/gateway-cpp", "localcloud/invoke-cpp", "C++ gateway ÷ C++ Invoke"),
          ("localcloud/gateway-node", "localcloud/invoke-node", "Node gateway ÷ Node Invoke")]
# The goals.
GOAL_CONCURRENCY = 16
GOAL_OVERHEAD_US = 50
GOAL_VS_SLS = 5
GOAL_VS_SLS_IN_PROCESS = 2
GOAL_CPP_VS_CEILING = 0.6


def overhead_finder(runs):
    """overhead(A, B, c): p50 of A minus p50 of B at concurrency c, in µs; over several
    rounds the median of each round's own difference."""
    by_round = {}
    for r in runs:
        by_round.setdefault((r["name"], r["connections"]), {})[r.get("round", 1)] = r

    def overhead(a, b, c):
        ours, theirs = by_round.get((a, c), {}), by_round.get((b, c), {})
        values = [ours[n]["p50_us"] - theirs[n]["p50_us"] for n in ours if n in theirs]
        return statistics.median(values) if values else None

    return overhead


def fmt_us(value):
    return f"{value:+.0f} µs" if value is not None else "–"


def overhead_table(concurrencies, overhead):
    lines = ["| gateway p50 − Invoke p50 | " + " | ".join(f"at {c}" for c in concurrencies)
             + " |", "|---|" + "---:|" * len(concurrencies)]
    for gateway, invoke, text in OVERHEADS:
        cells = [fmt_us(overhead(gateway, invoke, c)) for c in concurrencies]
        if any(cell != "–" for cell in cells):
            lines.append(f"| {text} | " + " | ".join(cells) + " |")
    return lines if len(lines) > 2 else []


def ratio_table(concurrencies, ratio):
    lines = ["| ratio of ops/s | " + " | ".join(f"at {c}" for c in concurrencies) + " |",
             "|---|" + "---:|" * len(concurrencies)]
    for ours, theirs, text in RATIOS:
        cells = [fmt_ratio(ratio(ours, theirs, c)) for c in concurrencies]
        if any(cell != "–" for cell in cells):
            lines.append(f"| {text} | " + " | ".join(cells) + " |")
    return lines if len(lines) > 2 else []


def goals(ratio, overhead):
    lines = ["| goal | measured | met |", "|---|---:|:---:|"]

    def add(text, value, ok, shown):
        if value is None:
            lines.append(f"| {text} | – | – |")
        else:
            lines.append(f"| {text} | {shown} | {'yes' if ok else 'no'} |")

    for gateway, invoke, text in OVERHEADS:
        value = overhead(gateway, invoke, 1)
        add(f"{text}: gateway overhead (p50 over a direct Invoke) < {GOAL_OVERHEAD_US} µs at 1",
            value, value is not None and value < GOAL_OVERHEAD_US, fmt_us(value))
    c = GOAL_CONCURRENCY
    value = ratio("localcloud/gateway-node", SLS, c)
    add(f"Node path ops/s ≥ {GOAL_VS_SLS}× serverless-offline (worker threads) at {c}", value,
        value is not None and value >= GOAL_VS_SLS, fmt_ratio(value))
    value = ratio("localcloud/gateway-node", SLS_IN_PROCESS, c)
    add(f"Node path ops/s ≥ {GOAL_VS_SLS_IN_PROCESS}× serverless-offline --useInProcess at {c}",
        value, value is not None and value >= GOAL_VS_SLS_IN_PROCESS, fmt_ratio(value))
    value = ratio("localcloud/gateway-cpp", CEILING, c)
    add(f"in-process C++ path ops/s ≥ {GOAL_CPP_VS_CEILING}× the fixed-body ceiling at {c}",
        value, value is not None and value >= GOAL_CPP_VS_CEILING, fmt_ratio(value))
    return lines


def render(rows):
    out = []
    meta = next((r for r in rows if r.get("kind") == "meta"), {})
    end = next((r for r in rows if r.get("kind") == "end"), {})
    rounds = meta.get("rounds", 1)
    if meta:
        out.append(f"{meta['date']} · commit {meta['commit']} · {meta['cpu']} · "
                   f"{meta['cores']} cores · {meta['duration_s']} s per run · "
                   f"{'median of ' + str(rounds) + ' rounds · ' if rounds > 1 else ''}"
                   f"{meta.get('environments', '?')} Node.js environments at most · "
                   f"node {meta['node']} · serverless-offline {meta['serverless_offline']} · "
                   f"load average {meta.get('loadavg', '?')} at the start, "
                   f"{end.get('loadavg', '?')} at the end\n")
    runs = [r for r in rows if "ops_per_s" in r]
    by_key = medians(runs)
    ratio = ratio_finder(runs)
    overhead = overhead_finder(runs)
    concurrencies = sorted({c for _, c in by_key})
    of_rounds = f" (median of the {rounds} rounds' own)" if rounds > 1 else ""
    out += ["GET /v1/users through API Gateway (AWS_PROXY) and direct Invoke "
            "(POST /2015-03-31/functions/NAME/invocations, body {}), closed loop:", ""]
    out += runs_table(by_key, ratio, TARGET_ORDER)
    overheads = overhead_table(concurrencies, overhead)
    if overheads:
        out += ["", "Gateway overhead" + of_rounds + ":", ""] + overheads
    ratios = ratio_table(concurrencies, ratio)
    if ratios:
        out += ["", "Ratios" + of_rounds + ":", ""] + ratios
    out += ["", "The issue's goals:", ""] + goals(ratio, overhead)
    return "\n".join(out)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    with open(argv[1]) as results:
        print(render([json.loads(line) for line in results if line.strip()]))


if __name__ == "__main__":
    main(sys.argv)
