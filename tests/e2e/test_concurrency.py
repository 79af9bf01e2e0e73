"""Concurrency correctness under 64 concurrent clients, each a thread with its own boto3
client (its own connection), released together by a barrier. Invariants are checked, not
timings:

- counters: UpdateItem ADD from every client; the final value equals the number of
  acknowledged increments, and the values returned (ReturnValues UPDATED_NEW) are exactly
  1..N, each once: no two increments saw the same value.
- optimistic locking: read an item, write it back with ConditionExpression
  "version = :v" and version + 1, retry on ConditionalCheckFailedException; every
  acknowledged write is in the item (no lost update) and the version counts them.
- transactions: TransactWriteItems transfers between accounts, each debit conditioned on
  the balance covering it; concurrent TransactGetItems always see the same total and no
  negative balance; at the end each account holds its opening balance plus exactly the
  acknowledged transfers in and out (a cancelled transfer moved nothing).
- table counters: puts, replacements, deletes and failing conditional puts; then
  DescribeTable's ItemCount and TableSizeBytes equal what a Scan finds, and 0 and 0 once
  every item is deleted.

Any answer other than the expected ones (an internal error, a timeout) fails the test.
"""
import os
import random
import shutil
import tempfile
import threading
import time
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from localcloud_server import CREDENTIALS, LocalCloud

CLIENTS = 64


def N(v):
    return {"N": str(v)}


def S(v):
    return {"S": v}


class Crowd:
    """CLIENTS threads, each with its own client, started together; collects what went
    wrong instead of raising in the threads."""

    def __init__(self, server):
        self.server = server
        self.errors = []
        self.lock = threading.Lock()

    def client(self):
        return boto3.client("dynamodb", endpoint_url=self.server.endpoint,
                            config=Config(retries={"max_attempts": 1},
                                          max_pool_connections=1, read_timeout=60),
                            **CREDENTIALS)

    def run(self, work, clients=CLIENTS):
        ddbs = [self.client() for _ in range(clients)]
        barrier = threading.Barrier(clients)

        def body(i):
            barrier.wait()
            try:
                work(i, ddbs[i])
            except Exception as e:  # anything unplanned is a failure of the test
                with self.lock:
                    self.errors.append(f"client {i}: {e!r}")

        threads = [threading.Thread(target=body, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for ddb in ddbs:
            ddb.close()
        return self.errors


def code_of(error):
    return error.response["Error"]["Code"]


class ConcurrencyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp()
        cls.server = LocalCloud(data_dir=cls.data).start()
        cls.ddb = cls.server.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.data, ignore_errors=True)

    def table(self, name):
        self.ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "pk",
                                                     "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

    # UpdateItem ADD is atomic: 64 clients x 25 increments of one counter.
    def test_atomic_counter(self):
        self.table("counters")
        per_client = 25
        seen = []

        def work(i, ddb):
            for _ in range(per_client):
                r = ddb.update_item(TableName="counters", Key={"pk": S("hits")},
                                    UpdateExpression="ADD n :one",
                                    ExpressionAttributeValues={":one": N(1)},
                                    ReturnValues="UPDATED_NEW")
                with crowd.lock:
                    seen.append(int(r["Attributes"]["n"]["N"]))

        crowd = Crowd(self.server)
        self.assertEqual(crowd.run(work), [])
        acknowledged = len(seen)
        self.assertEqual(acknowledged, CLIENTS * per_client)
        item = self.ddb.get_item(TableName="counters", Key={"pk": S("hits")},
                                 ConsistentRead=True)["Item"]
        self.assertEqual(int(item["n"]["N"]), acknowledged)
        self.assertEqual(sorted(seen), list(range(1, acknowledged + 1)))
        print(f"\ncounter: {acknowledged} acknowledged increments, final {acknowledged}",
              flush=True)

    # Optimistic locking with a version attribute: no acknowledged write is lost.
    def test_optimistic_locking(self):
        self.table("documents")
        docs = [f"doc{d}" for d in range(4)]
        for doc in docs:
            self.ddb.put_item(TableName="documents",
                              Item={"pk": S(doc), "version": N(0), "entries": {"L": []}})
        per_client = 3
        acknowledged = {doc: [] for doc in docs}
        conflicts = [0]

        def work(i, ddb):
            rng = random.Random(i)
            for k in range(per_client):
                doc, entry = rng.choice(docs), f"c{i}-{k}"
                while True:
                    item = ddb.get_item(TableName="documents", Key={"pk": S(doc)},
                                        ConsistentRead=True)["Item"]
                    version = int(item["version"]["N"])
                    try:
                        ddb.update_item(
                            TableName="documents", Key={"pk": S(doc)},
                            UpdateExpression="SET entries = list_append(entries, :e), "
                                             "version = :next",
                            ConditionExpression="version = :v",
                            ExpressionAttributeValues={":e": {"L": [S(entry)]},
                                                       ":v": N(version),
                                                       ":next": N(version + 1)})
                    except ClientError as e:
                        if code_of(e) != "ConditionalCheckFailedException":
                            raise
                        with crowd.lock:
                            conflicts[0] += 1
                        continue
                    with crowd.lock:
                        acknowledged[doc].append(entry)
                    break

        crowd = Crowd(self.server)
        self.assertEqual(crowd.run(work), [])
        self.assertEqual(sum(len(v) for v in acknowledged.values()), CLIENTS * per_client)
        self.assertGreater(conflicts[0], 0, "no client ever raced another")
        for doc in docs:
            item = self.ddb.get_item(TableName="documents", Key={"pk": S(doc)},
                                     ConsistentRead=True)["Item"]
            entries = [e["S"] for e in item["entries"]["L"]]
            self.assertEqual(sorted(entries), sorted(acknowledged[doc]), f"{doc}: lost update")
            self.assertEqual(int(item["version"]["N"]), len(entries))
        print(f"\noptimistic locking: {CLIENTS * per_client} acknowledged writes, "
              f"{conflicts[0]} conditional check failures retried", flush=True)

    # DescribeTable's ItemCount and TableSizeBytes follow writes that commit in groups:
    # new items, replacements, deletes and conditional puts that fail, from 64 clients.
    def test_item_count_and_size_follow_grouped_writes(self):
        self.table("tallies")
        keys = [f"key{k}" for k in range(150)]
        failed = [0]

        def work(i, ddb):
            rng = random.Random(2000 + i)
            for _ in range(20):
                key, op = rng.choice(keys), rng.random()
                if op < 0.5:
                    ddb.put_item(TableName="tallies",
                                 Item={"pk": S(key), "v": S("x" * rng.randint(1, 300))})
                elif op < 0.8:
                    try:
                        ddb.put_item(TableName="tallies", Item={"pk": S(key), "v": S("new")},
                                     ConditionExpression="attribute_not_exists(pk)")
                    except ClientError as e:
                        if code_of(e) != "ConditionalCheckFailedException":
                            raise
                        with crowd.lock:
                            failed[0] += 1
                else:
                    ddb.delete_item(TableName="tallies", Key={"pk": S(key)})

        crowd = Crowd(self.server)
        self.assertEqual(crowd.run(work), [])
        self.assertGreater(failed[0], 0, "no conditional put ever failed")
        items = self.ddb.scan(TableName="tallies", ConsistentRead=True)["Items"]
        # AWS's item size: attribute names plus string values, in bytes.
        size = sum(len("pk") + len(i["pk"]["S"]) + len("v") + len(i["v"]["S"]) for i in items)
        table = self.ddb.describe_table(TableName="tallies")["Table"]
        self.assertEqual((table["ItemCount"], table["TableSizeBytes"]), (len(items), size))

        def empty(i, ddb):
            for key in keys[i::CLIENTS]:
                ddb.delete_item(TableName="tallies", Key={"pk": S(key)})

        self.assertEqual(Crowd(self.server).run(empty), [])
        table = self.ddb.describe_table(TableName="tallies")["Table"]
        self.assertEqual((table["ItemCount"], table["TableSizeBytes"]), (0, 0))

    # Transfers with TransactWriteItems: money is neither made nor lost, no balance goes
    # negative, and readers with TransactGetItems always see a consistent whole.
    def test_transfers_keep_the_total(self):
        self.table("accounts")
        accounts = [f"acct{a}" for a in range(8)]
        opening = 1000
        for a in accounts:
            self.ddb.put_item(TableName="accounts", Item={"pk": S(a), "balance": N(opening)})
        total = opening * len(accounts)
        writers, per_writer = CLIENTS // 2, 15
        moved = {a: 0 for a in accounts}  # acknowledged net change
        outcome = {"done": 0, "cancelled": 0, "reads": 0}
        bad_reads = []
        writers_left = [writers]

        def transfer(i, ddb):
            rng = random.Random(1000 + i)
            for _ in range(per_writer):
                src, dst = rng.sample(accounts, 2)
                amount = rng.randint(1, 400)
                try:
                    ddb.transact_write_items(TransactItems=[
                        {"Update": {"TableName": "accounts", "Key": {"pk": S(src)},
                                    "UpdateExpression": "SET balance = balance - :a",
                                    "ConditionExpression": "balance >= :a",
                                    "ExpressionAttributeValues": {":a": N(amount)}}},
                        {"Update": {"TableName": "accounts", "Key": {"pk": S(dst)},
                                    "UpdateExpression": "SET balance = balance + :a",
                                    "ExpressionAttributeValues": {":a": N(amount)}}}])
                except ClientError as e:
                    if code_of(e) != "TransactionCanceledException":
                        raise
                    reasons = {r["Code"] for r in e.response.get("CancellationReasons", [])}
                    if not reasons <= {"None", "ConditionalCheckFailed", "TransactionConflict"}:
                        raise
                    with crowd.lock:
                        outcome["cancelled"] += 1
                    continue
                with crowd.lock:
                    moved[src] -= amount
                    moved[dst] += amount
                    outcome["done"] += 1

        def read(i, ddb):
            while True:
                with crowd.lock:
                    if writers_left[0] == 0:
                        return
                try:
                    r = ddb.transact_get_items(TransactItems=[
                        {"Get": {"TableName": "accounts", "Key": {"pk": S(a)}}}
                        for a in accounts])
                except ClientError as e:
                    # A read racing a write transaction may be refused whole, as in AWS.
                    if code_of(e) != "TransactionCanceledException":
                        raise
                    continue
                balances = [int(x["Item"]["balance"]["N"]) for x in r["Responses"]]
                with crowd.lock:
                    outcome["reads"] += 1
                    if sum(balances) != total or min(balances) < 0:
                        bad_reads.append(balances)

        def work(i, ddb):
            if i < writers:
                try:
                    transfer(i, ddb)
                finally:
                    with crowd.lock:
                        writers_left[0] -= 1
            else:
                read(i, ddb)

        crowd = Crowd(self.server)
        self.assertEqual(crowd.run(work), [])
        self.assertEqual(bad_reads, [])
        self.assertEqual(outcome["done"] + outcome["cancelled"], writers * per_writer)
        self.assertGreater(outcome["done"], 0)
        self.assertGreater(outcome["reads"], 0)
        final = {}
        for page in self.ddb.get_paginator("scan").paginate(TableName="accounts",
                                                             ConsistentRead=True):
            for item in page["Items"]:
                final[item["pk"]["S"]] = int(item["balance"]["N"])
        self.assertEqual(sum(final.values()), total)
        self.assertGreaterEqual(min(final.values()), 0)
        self.assertEqual(final, {a: opening + moved[a] for a in accounts})
        print(f"\ntransfers: {outcome}", flush=True)


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class IdleServerTests(unittest.TestCase):
    """An io thread with few connections looks for work a moment before it
    sleeps; once the requests stop it must sleep, not spin."""

    def test_an_idle_server_uses_no_cpu(self):
        server = LocalCloud().start()
        self.addCleanup(server.stop)
        ddb = server.client("dynamodb")
        for _ in range(200):  # one kept-alive connection: the thread stays awake between
            ddb.list_tables()
        time.sleep(0.5)
        before = cpu_seconds(server.proc.pid)
        time.sleep(2)  # the connection stays open, idle
        used = cpu_seconds(server.proc.pid) - before
        self.assertLess(used, 0.1, f"{used:.2f} s of CPU in 2 s of idling")
        ddb.list_tables()  # and it still answers


if __name__ == "__main__":
    unittest.main()
