#!/usr/bin/env python3
"""Renders a bench/results/*.jsonl file as the markdown tables run.sh prints.

Throughput is also shown as a ratio to lc-fixed-server at the same concurrency: the
machine, the loopback and Beast cost the same on both sides, so the ratio is the part
localcloud itself is responsible for.

Files written by dynamodb.sh, lambda.sh and apigateway.sh are rendered by
dynamodb_report.py, lambda_report.py and apigateway_report.py instead.

usage: report.py RESULTS.jsonl [CEILING_NAME]
"""
import json
import sys


def load(path):
    with open(path) as results:
        return [json.loads(line) for line in results if line.strip()]


def load_table(rows, ceiling_name):
    runs = [r for r in rows if "ops_per_s" in r]
    ceiling = {r["connections"]: r["ops_per_s"] for r in runs if r["name"] == ceiling_name}
    lines = ["| target | concurrency | ops/s | p50 µs | p99 µs | errors | client CPU % | vs fixed |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(runs, key=lambda r: (r["connections"], r["name"] != ceiling_name)):
        base = ceiling.get(r["connections"])
        ratio = f"{r['ops_per_s'] / base:.2f}" if base else "–"
        lines.append(f"| {r['name']} | {r['connections']} | {r['ops_per_s']:.0f} | "
                     f"{r['p50_us']:.0f} | {r['p99_us']:.0f} | {r['errors']} | "
                     f"{r['client_cpu_pct']:.0f} | {ratio} |")
    return lines


def startup_table(rows):
    runs = [r for r in rows if r.get("kind") == "startup"]
    if not runs:
        return []
    lines = ["| target | startup to first 200, median ms (min–max) | idle RSS MB |",
             "|---|---:|---:|"]
    for r in runs:
        lines.append(f"| {r['name']} | {r['startup_ms_median']:.1f} "
                     f"({r['startup_ms_min']:.1f}–{r['startup_ms_max']:.1f}) | "
                     f"{r['idle_rss_mb']:.1f} |")
    return lines


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    rows = load(argv[1])
    if any(r.get("kind") == "meta" and r.get("suite") == "dynamodb" for r in rows):
        import dynamodb_report  # bench/dynamodb.sh's results have tables of their own
        print(dynamodb_report.render(rows))
        return
    if any(r.get("kind") == "meta" and r.get("suite") == "lambda" for r in rows):
        import lambda_report  # so have bench/lambda.sh's
        print(lambda_report.render(rows))
        return
    if any(r.get("kind") == "meta" and r.get("suite") == "apigateway" for r in rows):
        import apigateway_report  # and bench/apigateway.sh's
        print(apigateway_report.render(rows))
        return
    ceiling_name = argv[2] if len(argv) > 2 else "fixed-server"
    for meta in (r for r in rows if r.get("kind") == "meta"):
        print(f"{meta['date']} · commit {meta['commit']} · {meta['cpu']} · "
              f"{meta['cores']} cores · {meta['duration_s']} s per run\n")
    print("\n".join(load_table(rows, ceiling_name)))
    startup = startup_table(rows)
    if startup:
        print()
        print("\n".join(startup))


if __name__ == "__main__":
    main(sys.argv)
