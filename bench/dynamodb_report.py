#!/usr/bin/env python3
"""Renders a bench/results/dynamodb-*.jsonl file (written by bench/dynamodb.sh) as
markdown: every run, localcloud's ratios to dynalite, moto and the HTTP ceiling, the
issue's goals, and the bulk-write and memory numbers. With several rounds, each row
is the median run and each ratio the median of the rounds' own ratios. bench/report.py calls it for
files whose meta line says "suite":"dynamodb".

usage: dynamodb_report.py RESULTS.jsonl
"""
import json
import sys

CEILING = "fixed-server"
OP_ORDER = ["GetItem", "Query", "Scan", "PutItem"]
# localcloud-direct: the DynamoDB service driven in-process (lc-dynamodb-direct), no HTTP.
DIRECT = "localcloud-direct"
SERVER_ORDER = [CEILING, "localcloud", "localcloud-mem", DIRECT, "dynalite", "moto"]
LOCALCLOUDS = ["localcloud", "localcloud-mem"]
PEERS = ["dynalite", "moto"]
# The goals for localcloud (durable) at concurrency 16: minimum ratio to dynalite.
GOAL_CONCURRENCY = 16
GOAL_VS_DYNALITE = {"GetItem": 5, "PutItem": 4, "Query": 6, "Scan": 5}
GOAL_GET_VS_CEILING = 0.75
GOAL_GET_P99_C1_US = 1000
GOAL_RSS_MB = 100


def rank(order, name):
    return order.index(name) if name in order else len(order)


def fmt_ratio(value):
    return f"{value:.2f}×" if value is not None else "–"


def runs_table(runs, ceiling):
    lines = ["| op | concurrency | server | ops/s | p50 µs | p99 µs | errors | client CPU % "
             "| server CPU % | server CPU µs/op | vs fixed |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(runs, key=lambda r: (rank(OP_ORDER, r["op"]), r["connections"],
                                         rank(SERVER_ORDER, r["server"]))):
        base = ceiling.get(r["connections"])
        ratio = (fmt_ratio(r["ops_per_s"] / base)
                 if base and r["server"] not in (CEILING, DIRECT) else "–")
        client = r.get("client_cpu_pct")
        cpu = r.get("server_cpu_pct", 0)
        # CPU time per answer, all the server's threads together: what a request
        # costs the machine, steadier from run to run than ops/s when client and
        # server share two cores.
        per_op = f"{cpu / 100 / r['ops_per_s'] * 1e6:.0f}" if cpu and r["ops_per_s"] else "–"
        lines.append(f"| {r['op']} | {r['connections']} | {r['server']} | {r['ops_per_s']:.0f} | "
                     f"{r['p50_us']:.0f} | {r['p99_us']:.0f} | {r['errors']} | "
                     f"{'–' if client is None else f'{client:.0f}'} | {cpu:.0f} | {per_op} | "
                     f"{ratio} |")
    return lines


def ratio_finder(all_runs):
    """ratio(A, B): ops/s of run key A over run key B, keys (server, op, concurrency). Over
    several rounds it is the median of each round's own ratio: the runs of one round were
    made minutes apart at most, so other load on the machine mostly cancels out."""
    by_round = {}
    for r in all_runs:
        by_round.setdefault((r["server"], r["op"], r["connections"]), {})[r.get("round", 1)] = r

    def ratio(a, b):
        ours, theirs = by_round.get(a, {}), by_round.get(b, {})
        values = sorted(ours[n]["ops_per_s"] / theirs[n]["ops_per_s"]
                        for n in ours if n in theirs and theirs[n]["ops_per_s"])
        if not values:
            return None
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    return ratio


def ratio_table(by_key, ratio):
    lines = ["| server | op | concurrency | ops/s | × dynalite | × moto | vs fixed |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for server in LOCALCLOUDS:
        for (s, op, c), r in sorted(by_key.items(), key=lambda kv: (
                rank(OP_ORDER, kv[0][1]), kv[0][2])):
            if s != server:
                continue
            cells = [fmt_ratio(ratio((s, op, c), (other, op, c))) for other in PEERS]
            cells.append(fmt_ratio(ratio((s, op, c), (CEILING, "GetItem", c))))
            lines.append(f"| {server} | {op} | {c} | {r['ops_per_s']:.0f} | " +
                         " | ".join(cells) + " |")
    return lines if len(lines) > 2 else []


def goals(by_key, ratio, memory):
    lines = ["| goal (localcloud durable) | measured | met |", "|---|---:|:---:|"]

    def add(text, value, ok, unit="×"):
        shown = "–" if value is None else (f"{value:.2f}×" if unit == "×" else f"{value:.0f} {unit}")
        lines.append(f"| {text} | {shown} | {'–' if value is None else ('yes' if ok else 'no')} |")

    c = GOAL_CONCURRENCY
    for op in OP_ORDER:
        value = ratio(("localcloud", op, c), ("dynalite", op, c))
        add(f"{op} ≥ {GOAL_VS_DYNALITE[op]}× dynalite at {c}", value,
            value is not None and value >= GOAL_VS_DYNALITE[op])
        if op == "GetItem":
            value = ratio(("localcloud", op, c), (CEILING, op, c))
            add(f"GetItem ≥ {GOAL_GET_VS_CEILING}× the HTTP ceiling at {c}", value,
                value is not None and value >= GOAL_GET_VS_CEILING)
    single = by_key.get(("localcloud", "GetItem", 1))
    value = single["p99_us"] if single else None
    add(f"GetItem p99 < {GOAL_GET_P99_C1_US} µs at 1", value,
        value is not None and value < GOAL_GET_P99_C1_US, "µs")
    rss = memory.get("localcloud", {}).get("rss_after_mb")
    add(f"RSS after the memory run < {GOAL_RSS_MB} MB", rss, rss is not None and rss < GOAL_RSS_MB, "MB")
    return lines


def cpu_bounds(by_key, cores):
    """For each goal op at the goal concurrency: the ops/s the machine could give if all its
    cores were busy at the CPU per answer this run measured (server's plus client's), and
    that as a multiple of dynalite's ops/s: whether the goal fits this machine at all."""
    lines = []
    c = GOAL_CONCURRENCY
    for op in OP_ORDER:
        ours, peer = by_key.get(("localcloud", op, c)), by_key.get(("dynalite", op, c))
        if not (cores and ours and peer and ours["ops_per_s"] and peer["ops_per_s"]):
            continue
        cpu_pct = ours.get("server_cpu_pct", 0) + ours.get("client_cpu_pct", 0)
        if not cpu_pct:
            continue
        bound = cores * 100 / cpu_pct * ours["ops_per_s"]
        lines.append(f"| {op} | {cpu_pct / 100 / ours['ops_per_s'] * 1e6:.0f} | {bound:.0f} "
                     f"| {bound / peer['ops_per_s']:.2f}× | {GOAL_VS_DYNALITE[op]}× |")
    if not lines:
        return []
    return ["", f"CPU bound at {c}: the ops/s localcloud would reach with all {cores} cores "
            "busy at the CPU one answer took in its median run (server's and client's "
            "together), against dynalite's median run:", "",
            "| op | CPU µs per answer | bound ops/s | bound × dynalite | goal |",
            "|---|---:|---:|---:|---:|"] + lines


def write_table(preloads, memory):
    servers = sorted(set(preloads) | set(memory), key=lambda s: rank(SERVER_ORDER, s))
    if not servers:
        return []
    lines = ["| server | preload: items | s | items/s | memory run: items | s | items/s "
             "| RSS empty MB | RSS after MB | + tmpfs MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in servers:
        p, m = preloads.get(s, {}), memory.get(s, {})
        cells = [p.get("items", "–"), p.get("seconds", "–"), p.get("items_per_s", "–"),
                 m.get("items", "–"), m.get("seconds", "–"), m.get("items_per_s", "–"),
                 m.get("rss_before_mb", "–"), m.get("rss_after_mb", "–"),
                 m.get("tmpfs_after_mb", "–")]
        lines.append(f"| {s} | " + " | ".join(str(c) for c in cells) + " |")
    return lines


def medians(runs):
    """With ROUNDS > 1 there are several runs of each (server, op, concurrency): keep the
    one with the median ops/s (the lower one of the middle two), so its latencies and
    errors stay those of one real run."""
    groups = {}
    for r in runs:
        groups.setdefault((r["server"], r["op"], r["connections"]), []).append(r)
    return [sorted(g, key=lambda r: r["ops_per_s"])[(len(g) - 1) // 2] for g in groups.values()]


def render(rows):
    out = []
    meta = next((r for r in rows if r.get("kind") == "meta"), {})
    for meta in (r for r in rows if r.get("kind") == "meta"):
        out.append(f"{meta['date']} · commit {meta['commit']} · {meta['cpu']} · "
                   f"{meta['cores']} cores · {meta['duration_s']} s per run · "
                   f"{meta['preload_items']} items preloaded · "
                   f"{'median of ' + str(meta['rounds']) + ' rounds · ' if meta.get('rounds', 1) > 1 else ''}"
                   f"load average "
                   f"{meta.get('loadavg', '?')} at the start, "
                   f"{next((r['loadavg'] for r in rows if r.get('kind') == 'end'), '?')} at the end\n")
    all_runs = [r for r in rows if "ops_per_s" in r and "op" in r]
    runs = medians(all_runs)
    ratio = ratio_finder(all_runs)
    ceiling = {r["connections"]: r["ops_per_s"] for r in runs if r["server"] == CEILING}
    by_key = {(r["server"], r["op"], r["connections"]): r for r in runs}
    preloads = {r["server"]: r for r in rows if r.get("kind") == "preload"}
    memory = {r["server"]: r for r in rows if r.get("kind") == "rss"}
    out += runs_table(runs, ceiling)
    if any(r["server"] == DIRECT for r in runs):
        out += ["", f"{DIRECT}: the same requests handed to localcloud's DynamoDB service "
                "in-process (lc-dynamodb-direct, on the durable localcloud's data after its "
                "server stopped), no HTTP and no client: localcloud's own work alone. Its "
                "server CPU is the whole process's."]
    ratios = ratio_table(by_key, ratio)
    if ratios:
        rounds = meta.get("rounds", 1)
        out += ["", "localcloud against the peers (ops/s ratios, same op and concurrency"
                + (f"; median of the {rounds} rounds' own ratios" if rounds > 1 else "") + "):", ""]
        out += ratios
        out += [""] + goals(by_key, ratio, memory)
        out += cpu_bounds(by_key, meta.get("cores"))
    wrapped = [r for r in runs if r["op"] == "PutItem" and meta.get("put_bodies") and
               r["ops_per_s"] * (meta["duration_s"] + meta["warmup_s"]) > meta["put_bodies"]]
    if wrapped:
        out += ["", "Note: " + ", ".join(f"{r['server']} at {r['connections']}" for r in wrapped) +
                f": more puts than the {meta['put_bodies']} distinct PutItem bodies, so some "
                "replaced items written earlier in the same run (raise PUT_BODIES)."]
    writes = write_table(preloads, memory)
    if writes:
        out += ["", "Bulk writes (BatchWriteItem, 25 items a call, one connection) and memory "
                "(VmRSS of a fresh server before and after its memory run, and what the "
                "files it holds open on tmpfs take: an in-memory localcloud keeps its "
                "database there):", ""]
        out += writes
    return "\n".join(out)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    with open(argv[1]) as results:
        print(render([json.loads(line) for line in results if line.strip()]))


if __name__ == "__main__":
    main(sys.argv)
