#!/usr/bin/env python3
"""Renders a bench/results/lambda-*.jsonl file (written by bench/lambda.sh) as markdown:
the warm Invoke runs, localcloud's ratios to serverless-offline and to the HTTP ceiling,
the cold starts and the issue's goals. With several rounds, each row is the median run
and each ratio the median of the rounds' own ratios. bench/report.py calls it for files
whose meta line says "suite":"lambda".

usage: lambda_report.py RESULTS.jsonl
"""
import json
import statistics
import sys

CEILING = "fixed-server"
TARGET_ORDER = [CEILING, "localcloud/cpp", "localcloud/node", "localcloud/python",
                "serverless-offline/node", "serverless-offline-inprocess/node"]
SLS = "serverless-offline/node"
SLS_IN_PROCESS = "serverless-offline-inprocess/node"
# (ours, theirs, what the ratio says) at every concurrency.
RATIOS = [("localcloud/node", SLS, "Node ÷ serverless-offline (worker threads)"),
          ("localcloud/node", SLS_IN_PROCESS, "Node ÷ serverless-offline --useInProcess"),
          ("localcloud/python", SLS, "Python ÷ serverless-offline Node (worker threads)"),
          ("localcloud/cpp", CEILING, "in-process C++ ÷ fixed-body ceiling"),
          ("localcloud/node", CEILING, "Node ÷ fixed-body ceiling")]
# The goals.
GOAL_CONCURRENCY = 16
GOAL_NODE_P50_C1_US = 1000
GOAL_VS_SLS = 5
GOAL_VS_SLS_IN_PROCESS = 2
GOAL_CPP_VS_CEILING = 0.7
GOAL_NODE_COLD_MS = 150


def rank(name, order=TARGET_ORDER):
    return order.index(name) if name in order else len(order)


def fmt_ratio(value):
    return f"{value:.2f}×" if value is not None else "–"


def medians(runs):
    """Keeps, of the several rounds of each (target, concurrency), the run with the median
    ops/s (the lower of the middle two), so its latencies and errors stay one real run's."""
    groups = {}
    for r in runs:
        groups.setdefault((r["name"], r["connections"]), []).append(r)
    return {key: sorted(g, key=lambda r: r["ops_per_s"])[(len(g) - 1) // 2]
            for key, g in groups.items()}


def ratio_finder(runs):
    """ratio(A, B, c): ops/s of target A over target B at concurrency c; over several rounds
    the median of each round's own ratio (the runs of one round are a minute apart at
    most, so other load on the machine mostly cancels out)."""
    by_round = {}
    for r in runs:
        by_round.setdefault((r["name"], r["connections"]), {})[r.get("round", 1)] = r

    def ratio(a, b, c):
        ours, theirs = by_round.get((a, c), {}), by_round.get((b, c), {})
        values = [ours[n]["ops_per_s"] / theirs[n]["ops_per_s"]
                  for n in ours if n in theirs and theirs[n]["ops_per_s"]]
        return statistics.median(values) if values else None

    return ratio


def runs_table(by_key, ratio, order=TARGET_ORDER):
    lines = ["| concurrency | target | ops/s | p50 µs | p90 µs | p99 µs | errors | client CPU % "
             "| server CPU % | vs fixed |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (name, c), r in sorted(by_key.items(), key=lambda kv: (kv[0][1], rank(kv[0][0], order))):
        vs = fmt_ratio(ratio(name, CEILING, c)) if name != CEILING else "–"
        lines.append(f"| {c} | {name} | {r['ops_per_s']:.0f} | {r['p50_us']:.0f} | "
                     f"{r['p90_us']:.0f} | {r['p99_us']:.0f} | {r['errors']} | "
                     f"{r['client_cpu_pct']:.0f} | {r.get('server_cpu_pct', 0):.0f} | {vs} |")
    return lines


def ratio_table(concurrencies, ratio):
    lines = ["| ratio of ops/s | " + " | ".join(f"at {c}" for c in concurrencies) + " |",
             "|---|" + "---:|" * len(concurrencies)]
    for ours, theirs, text in RATIOS:
        cells = [fmt_ratio(ratio(ours, theirs, c)) for c in concurrencies]
        if any(cell != "–" for cell in cells):
            lines.append(f"| {text} | " + " | ".join(cells) + " |")
    return lines if len(lines) > 2 else []


def spread(values, unit=""):
    if not values:
        return "–"
    return (f"{statistics.median(values):.1f}{unit} "
            f"({min(values):.1f}–{max(values):.1f})")


def cold_table(colds):
    lines = ["| function | runtime | runs | Invoke round trip, median ms (min–max) "
             "| Init Duration, median ms (min–max) | handler Duration, median ms "
             "| warm round trip right after, median ms | runs not cold |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in colds:
        duration = f"{statistics.median(r['duration_ms']):.2f}" if r["duration_ms"] else "–"
        warm = (f"{statistics.median(r['warm_round_trip_ms']):.2f}"
                if r["warm_round_trip_ms"] else "–")
        lines.append(f"| {r['name']} | {r['runtime']} | {r['runs']} | "
                     f"{spread(r['round_trip_ms'])} | {spread(r['init_duration_ms'])} | "
                     f"{duration} | {warm} | {r['not_cold']} |")
    return lines


def goals(by_key, ratio, colds):
    lines = ["| goal | measured | met |", "|---|---:|:---:|"]

    def add(text, value, ok, shown=None):
        if value is None:
            lines.append(f"| {text} | – | – |")
        else:
            lines.append(f"| {text} | {shown or fmt_ratio(value)} | {'yes' if ok else 'no'} |")

    c = GOAL_CONCURRENCY
    single = by_key.get(("localcloud/node", 1))
    p50 = single["p50_us"] if single else None
    add(f"warm Node Invoke p50 < {GOAL_NODE_P50_C1_US} µs at concurrency 1", p50,
        p50 is not None and p50 < GOAL_NODE_P50_C1_US, f"{p50:.0f} µs" if p50 else None)
    value = ratio("localcloud/node", SLS, c)
    add(f"Node ops/s ≥ {GOAL_VS_SLS}× serverless-offline (worker threads) at {c}", value,
        value is not None and value >= GOAL_VS_SLS)
    value = ratio("localcloud/node", SLS_IN_PROCESS, c)
    add(f"Node ops/s ≥ {GOAL_VS_SLS_IN_PROCESS}× serverless-offline --useInProcess at {c}",
        value, value is not None and value >= GOAL_VS_SLS_IN_PROCESS)
    value = ratio("localcloud/cpp", CEILING, c)
    add(f"in-process C++ ops/s ≥ {GOAL_CPP_VS_CEILING}× the fixed-body ceiling at {c}", value,
        value is not None and value >= GOAL_CPP_VS_CEILING)
    node_cold = next((r for r in colds if r["name"] == "localcloud/node"), None)
    cold = statistics.median(node_cold["round_trip_ms"]) if node_cold else None
    add(f"Node cold start (Invoke round trip, median) < {GOAL_NODE_COLD_MS} ms", cold,
        cold is not None and cold < GOAL_NODE_COLD_MS, f"{cold:.1f} ms" if cold else None)
    return lines


def render(rows):
    out = []
    meta = next((r for r in rows if r.get("kind") == "meta"), {})
    end = next((r for r in rows if r.get("kind") == "end"), {})
    if meta:
        rounds = meta.get("rounds", 1)
        out.append(f"{meta['date']} · commit {meta['commit']} · {meta['cpu']} · "
                   f"{meta['cores']} cores · {meta['duration_s']} s per run · "
                   f"{'median of ' + str(rounds) + ' rounds · ' if rounds > 1 else ''}"
                   f"node {meta['node']} · python {meta['python']} · serverless-offline "
                   f"{meta['serverless_offline']} · load average {meta.get('loadavg', '?')} "
                   f"at the start, {end.get('loadavg', '?')} at the end\n")
    runs = [r for r in rows if "ops_per_s" in r]
    by_key = medians(runs)
    ratio = ratio_finder(runs)
    colds = [r for r in rows if r.get("kind") == "cold"]
    out += ["Warm Invoke, closed loop (POST /2015-03-31/functions/NAME/invocations, body {}):", ""]
    out += runs_table(by_key, ratio)
    ratios = ratio_table(sorted({c for _, c in by_key}), ratio)
    if ratios:
        rounds = meta.get("rounds", 1)
        out += ["", "Ratios" + (f" (median of the {rounds} rounds' own ratios)" if rounds > 1
                                else "") + ":", ""]
        out += ratios
    if colds:
        out += ["", "Cold starts (configuration update, then Invoke with --log-type Tail):", ""]
        out += cold_table(colds)
    out += ["", "The issue's goals:", ""] + goals(by_key, ratio, colds)
    return "\n".join(out)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    with open(argv[1]) as results:
        print(render([json.loads(line) for line in results if line.strip()]))


if __name__ == "__main__":
    main(sys.argv)
