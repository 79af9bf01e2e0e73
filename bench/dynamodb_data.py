#!/usr/bin/env python3
"""Data side of bench/dynamodb.sh: creates the `bench` table, bulk-writes items with
BatchWriteItem, checks that a server answers GetItem/Query/Scan sensibly, writes the
request bodies lc-loadgen sends, and measures memory after a bulk write.

It speaks DynamoDB's JSON 1.0 protocol over one keep-alive http.client connection with
the same well-formed but unchecked SigV4 header as lc-loadgen, so that the bulk-write
numbers measure the server rather than an SDK. Items are ~ITEM_BYTES by AWS's size rules
(attribute names plus values). Preloaded keys: pk = p000000.. (one per partition),
sk = s0000.. (items in a partition).

usage:
  dynamodb_data.py bodies DIR --partitions P --per-partition K --put-bodies N --put-files "r1c1 r1c16"
  dynamodb_data.py setup URL [--indexes] [--stream]
  dynamodb_data.py write URL NAME KIND --partitions P --per-partition K [--pid PID]
  dynamodb_data.py check URL --per-partition K [--indexes]
Each of write and check prints one JSON line; check exits 1 if the answers are wrong.
"""
import argparse
import http.client
import json
import os
import random
import sys
import time
import urllib.parse
import zlib

TABLE = "bench"
ITEM_BYTES = 200
BATCH = 25  # BatchWriteItem's limit
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Date": "20240101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                     "Signature=" + "0" * 64,
}
RETRYABLE = ("ThrottlingException", "ProvisionedThroughputExceededException",
             "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable")


class DynamoError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status, self.body = status, body


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.conn = None

    def call(self, op, payload):
        body = json.dumps(payload, separators=(",", ":"))
        headers = dict(HEADERS, **{"X-Amz-Target": f"DynamoDB_20120810.{op}"})
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.request("POST", "/", body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                if response.will_close:
                    self.close()
                break
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        if response.status != 200:
            raise DynamoError(response.status, text)
        return json.loads(text) if text else {}

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def filler(length, seed):
    """Printable, item-specific text so no two items share a value."""
    base = f"{seed:x}-"
    return (base * (length // len(base) + 1))[:length]


def item(pk, sk):
    # AWS size: names + values; a one-digit number counts ~2 bytes. g1 and g2 key the
    # indexed table's GSIs: g1 groups a partition's items as pk does, g2 is unique.
    g1, g2 = "g" + pk, f"{sk}.{pk}"
    fixed = (len("pk") + len(pk) + len("sk") + len(sk) + len("ver") + 2 + len("data") +
             len("g1") + len(g1) + len("g2") + len(g2))
    return {"pk": {"S": pk}, "sk": {"S": sk}, "ver": {"N": "1"}, "g1": {"S": g1},
            "g2": {"S": g2},
            "data": {"S": filler(ITEM_BYTES - fixed, zlib.crc32(f"{pk}/{sk}".encode()))}}


def preload_key(partition, index):
    return f"p{partition:06d}", f"s{index:04d}"


def cmd_bodies(args):
    rng = random.Random(20240101)
    os.makedirs(args.dir, exist_ok=True)

    def write(name, lines):
        with open(os.path.join(args.dir, name), "w") as out:
            for line in lines:
                out.write(json.dumps(line, separators=(",", ":")))
                out.write("\n")

    n = args.random_bodies
    write("GetItem.txt", ({"TableName": TABLE, "Key": {
        "pk": {"S": pk}, "sk": {"S": sk}}} for pk, sk in (
            preload_key(rng.randrange(args.partitions), rng.randrange(args.per_partition))
            for _ in range(n))))
    write("Query.txt", ({"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                         "ExpressionAttributeValues": {":p": {"S": f"p{rng.randrange(args.partitions):06d}"}}}
                        for _ in range(n)))
    write("Scan.txt", [{"TableName": TABLE, "Limit": 100}])
    write("QueryIndex.txt", ({"TableName": TABLE, "IndexName": "g1-index",
                              "KeyConditionExpression": "g1 = :g",
                              "ExpressionAttributeValues": {":g": {"S": f"gp{rng.randrange(args.partitions):06d}"}}}
                             for _ in range(n)))
    # One file per run so that every PutItem run writes keys no earlier run wrote.
    for tag in args.put_files.split():
        write(f"PutItem-{tag}.txt", ({"TableName": TABLE, "Item": item(
            f"n{tag}-{rng.getrandbits(56):014x}", "s0000")} for _ in range(args.put_bodies)))


def describe_status(client):
    return client.call("DescribeTable", {"TableName": TABLE})["Table"]["TableStatus"]


def table_request(indexes, stream):
    request = {
        "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}]}
    if indexes:
        # Two GSIs, as issue 7's benchmark asks: one projecting everything (queried), one
        # keys only.
        request["AttributeDefinitions"] += [{"AttributeName": "g1", "AttributeType": "S"},
                                            {"AttributeName": "g2", "AttributeType": "S"}]
        request["GlobalSecondaryIndexes"] = [
            {"IndexName": "g1-index", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}]},
            {"IndexName": "g2-index", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"}]}]
    if stream:
        request["StreamSpecification"] = {"StreamEnabled": True,
                                          "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return request


def cmd_setup(args):
    client = Client(args.url)
    try:
        try:
            client.call("CreateTable", table_request(args.indexes, args.stream))
        except DynamoError as e:
            if not args.stream or "Stream" not in e.body:
                raise
            print(f"dynamodb_data.py: {args.url}: no streams ({e.body[:120]}); table without one",
                  file=sys.stderr)
            client.call("CreateTable", table_request(args.indexes, False))
    except DynamoError as e:
        if "ResourceInUseException" not in e.body:
            raise
    deadline = time.monotonic() + 30
    while describe_status(client) != "ACTIVE":
        if time.monotonic() > deadline:
            sys.exit("dynamodb_data.py: table never became ACTIVE")
        time.sleep(0.05)


def batch_write(client, items):
    """Writes up to 25 items, resending UnprocessedItems; returns the number of resends."""
    request = {TABLE: [{"PutRequest": {"Item": i}} for i in items]}
    resends = 0
    while request:
        try:
            answer = client.call("BatchWriteItem", {"RequestItems": request})
        except DynamoError as e:
            if not any(kind in e.body for kind in RETRYABLE) or resends > 100:
                raise
            answer = {"UnprocessedItems": request}
        request = answer.get("UnprocessedItems") or {}
        if request:
            resends += 1
            time.sleep(0.01 * min(resends, 10))
    return resends


def vm_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    return None


def tmpfs_mb(pid):
    """What the files a server holds open on tmpfs take (an in-memory store
    keeps its database there, outside the process's resident set)."""
    seen, kib = set(), 0
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
            if not target.startswith("/dev/shm/"):
                continue
            st = os.stat(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            kib += st.st_blocks // 2
    return round(kib / 1024.0, 1)


def cmd_write(args):
    client = Client(args.url)
    rss_before = vm_rss_mb(args.pid) if args.pid else None
    keys = [preload_key(p, i) for p in range(args.partitions) for i in range(args.per_partition)]
    started = time.monotonic()
    resends = 0
    for start in range(0, len(keys), BATCH):
        resends += batch_write(client, [item(pk, sk) for pk, sk in keys[start:start + BATCH]])
    seconds = time.monotonic() - started
    client.close()
    row = {"kind": args.kind, "server": args.name, "items": len(keys),
           "item_bytes": ITEM_BYTES, "batches": (len(keys) + BATCH - 1) // BATCH,
           "resends": resends, "seconds": round(seconds, 2),
           "items_per_s": round(len(keys) / seconds)}
    if args.pid:
        time.sleep(1.0)  # let a garbage-collected server settle before reading its memory
        row.update(rss_before_mb=rss_before, rss_after_mb=vm_rss_mb(args.pid),
                   tmpfs_after_mb=tmpfs_mb(args.pid))
    print(json.dumps(row), flush=True)


def cmd_check(args):
    """The load generator only sees status codes: make sure 200 means a real answer."""
    client = Client(args.url)
    problems = []
    got = client.call("GetItem", {"TableName": TABLE,
                                  "Key": {"pk": {"S": "p000000"}, "sk": {"S": "s0001"}}})
    if got.get("Item", {}).get("sk") != {"S": "s0001"}:
        problems.append(f"GetItem: {json.dumps(got)[:200]}")
    got = client.call("Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                                "ExpressionAttributeValues": {":p": {"S": "p000001"}}})
    if got.get("Count") != args.per_partition or len(got.get("Items", [])) != args.per_partition:
        problems.append(f"Query: Count {got.get('Count')}, want {args.per_partition}")
    if args.indexes:
        got = client.call("Query", {"TableName": TABLE, "IndexName": "g1-index",
                                    "KeyConditionExpression": "g1 = :g",
                                    "ExpressionAttributeValues": {":g": {"S": "gp000001"}}})
        if got.get("Count") != args.per_partition:
            problems.append(f"Query g1-index: Count {got.get('Count')}, want {args.per_partition}")
    got = client.call("Scan", {"TableName": TABLE, "Limit": 100})
    if got.get("Count") != 100 or "LastEvaluatedKey" not in got:
        problems.append(f"Scan: Count {got.get('Count')}, want 100 and a LastEvaluatedKey")
    client.close()
    for problem in problems:
        print(f"dynamodb_data.py: {args.url}: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    bodies = sub.add_parser("bodies")
    bodies.add_argument("dir")
    bodies.add_argument("--put-bodies", type=int, default=200_000)
    bodies.add_argument("--random-bodies", type=int, default=100_000)
    bodies.add_argument("--put-files", default="c1 c16 c64", help="one file per tag")
    setup = sub.add_parser("setup")
    setup.add_argument("url")
    setup.add_argument("--stream", action="store_true", help="with a NEW_AND_OLD_IMAGES stream")
    write = sub.add_parser("write")
    write.add_argument("url")
    write.add_argument("name")
    write.add_argument("kind", choices=["preload", "rss"])
    write.add_argument("--pid", type=int)
    check = sub.add_parser("check")
    check.add_argument("url")
    for p in (bodies, write, check):
        p.add_argument("--per-partition", type=int, default=10)
    for p in (setup, check):
        p.add_argument("--indexes", action="store_true", help="the table has two GSIs")
    for p in (bodies, write):
        p.add_argument("--partitions", type=int, default=1000)
    args = parser.parse_args()
    {"bodies": cmd_bodies, "setup": cmd_setup, "write": cmd_write, "check": cmd_check}[args.command](args)


if __name__ == "__main__":
    main()
