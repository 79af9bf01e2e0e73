"""Crash durability: writers hammer DynamoDB (PutItem, UpdateItem, BatchWriteItem,
TransactWriteItems) and the
control planes (CreateFunction, CreateRestApi) while the server is killed with SIGKILL at
random moments, many times over one data directory. After every restart each acknowledged
write is there, a BatchWriteItem or a transaction is there whole or not at all (its two
items, and the +1/-1 it moved between two accounts, whose sum stays 0), and a counter holds
at least its acknowledged increments and at most those plus the one in flight.

ROUNDS (environment, default 8) sets how many kills; the seed is printed for replays."""
import io
import os
import random
import threading
import unittest
import zipfile

from botocore.exceptions import ClientError

from localcloud_server import kill_rounds, unretried_client

ROUNDS = int(os.environ.get("ROUNDS", "8"))
WRITERS = 6
TABLE = "durable"


def S(v):
    return {"S": v}


def client(server, service):
    return unretried_client(server, service)


def function_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


class Ledger:
    """What the server acknowledged, and what was in flight when it died."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = set()          # (pk, sk) acknowledged by PutItem
        self.batches = []           # acknowledged BatchWriteItem (and transaction) key lists
        self.attempted_batches = []  # every batch and transaction sent, acknowledged or not
        self.counters = {}          # writer -> acknowledged increments
        self.in_flight = {}         # writer -> an increment sent, not yet answered
        self.functions = set()
        self.apis = set()


class CrashDurabilityTest(unittest.TestCase):
    def test_acknowledged_writes_survive_kill_9(self):
        ledger = Ledger()
        code = function_zip()

        def create_table(server):
            client(server, "dynamodb").create_table(
                TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "sk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}])

        def drivers(server, round_no, stop):
            threads = [threading.Thread(target=self.write, args=(server, w, round_no, ledger, stop))
                       for w in range(WRITERS)]
            threads.append(threading.Thread(target=self.create_resources,
                                            args=(server, round_no, ledger, stop, code)))
            return threads

        kill_rounds(self, "crash durability", ROUNDS, drivers,
                    lambda server, round_no: self.verify(server, ledger, round_no),
                    setup=create_table)
        total = len(ledger.items) + sum(len(keys) for keys in ledger.batches)
        print(f"crash durability: {ROUNDS} kills, {total} acknowledged items, "
              f"{sum(ledger.counters.values())} increments, {len(ledger.functions)} functions, "
              f"{len(ledger.apis)} APIs verified", flush=True)
        self.assertGreater(total, 0)

    def write(self, server, writer, round_no, ledger, stop):
        ddb = client(server, "dynamodb")
        n = 0
        while not stop.is_set():
            n += 1
            kind = n % 4
            try:
                if kind == 0:
                    key = (f"w{writer}", f"r{round_no}-{n}")
                    ddb.put_item(TableName=TABLE, Item={"pk": S(key[0]), "sk": S(key[1]),
                                                        "v": S("x" * 100)})
                    with ledger.lock:
                        ledger.items.add(key)
                elif kind == 1:
                    with ledger.lock:
                        ledger.in_flight[writer] = 1
                    ddb.update_item(TableName=TABLE, Key={"pk": S("counter"), "sk": S(str(writer))},
                                    UpdateExpression="ADD n :one",
                                    ExpressionAttributeValues={":one": {"N": "1"}})
                    with ledger.lock:
                        ledger.in_flight[writer] = 0
                        ledger.counters[writer] = ledger.counters.get(writer, 0) + 1
                elif kind == 3:
                    keys = [(f"t{writer}-r{round_no}-{n}", side) for side in ("a", "b")]
                    accounts = random.sample(range(4), 2)
                    with ledger.lock:
                        ledger.attempted_batches.append(keys)
                    ddb.transact_write_items(TransactItems=[
                        {"Put": {"TableName": TABLE, "Item": {"pk": S(pk), "sk": S(sk)}}}
                        for pk, sk in keys] + [
                        {"Update": {"TableName": TABLE,
                                    "Key": {"pk": S("account"), "sk": S(str(account))},
                                    "UpdateExpression": "ADD balance :d",
                                    "ExpressionAttributeValues": {":d": {"N": delta}}}}
                        for account, delta in zip(accounts, ("1", "-1"))])
                    with ledger.lock:
                        ledger.batches.append(keys)
                else:
                    keys = [(f"b{writer}-r{round_no}-{n}", f"{i:02d}") for i in range(25)]
                    with ledger.lock:
                        ledger.attempted_batches.append(keys)
                    ddb.batch_write_item(RequestItems={TABLE: [
                        {"PutRequest": {"Item": {"pk": S(pk), "sk": S(sk)}}} for pk, sk in keys]})
                    with ledger.lock:
                        ledger.batches.append(keys)
            except ClientError as e:
                # A transaction racing another one is refused whole; go on writing.
                if e.response["Error"]["Code"] not in ("TransactionCanceledException",
                                                       "TransactionConflictException"):
                    return
            except Exception:
                return  # the server died: whatever was in flight is unacknowledged

    def create_resources(self, server, round_no, ledger, stop, code):
        lam = client(server, "lambda")
        apigw = client(server, "apigateway")
        n = 0
        while not stop.is_set():
            n += 1
            try:
                name = f"fn-{round_no}-{n}"
                lam.create_function(FunctionName=name, Runtime="python3.12", Handler="index.handler",
                                    Role="arn:aws:iam::000000000000:role/r",
                                    Code={"ZipFile": code})
                with ledger.lock:
                    ledger.functions.add(name)
                api = apigw.create_rest_api(name=f"api-{round_no}-{n}")["id"]
                with ledger.lock:
                    ledger.apis.add(api)
            except Exception:
                return

    def verify(self, server, ledger, round_no):
        ddb = client(server, "dynamodb")
        stored = set()
        pages = ddb.get_paginator("scan").paginate(TableName=TABLE)
        counters = {}
        balance = 0
        for page in pages:
            for item in page["Items"]:
                pk, sk = item["pk"]["S"], item["sk"]["S"]
                if pk == "counter":
                    counters[int(sk)] = int(item["n"]["N"])
                elif pk == "account":
                    balance += int(item["balance"]["N"])
                else:
                    stored.add((pk, sk))
        self.assertEqual(balance, 0, f"round {round_no}: a transaction half applied")
        missing = ledger.items - stored
        self.assertFalse(missing, f"round {round_no}: acknowledged PutItems lost: "
                                  f"{sorted(missing)[:5]}")
        for keys in ledger.batches:
            self.assertTrue(set(keys) <= stored, f"round {round_no}: acknowledged batch lost")
        for keys in ledger.attempted_batches:
            present = len(set(keys) & stored)
            self.assertIn(present, (0, len(keys)), f"round {round_no}: a batch half applied")
        for writer, acked in ledger.counters.items():
            got = counters.get(writer, 0)
            self.assertGreaterEqual(got, acked, f"round {round_no}: increments lost")
            self.assertLessEqual(got, acked + ledger.in_flight.get(writer, 0),
                                 f"round {round_no}: more increments than sent")
            # What the server holds is now the truth: an unanswered increment may have landed.
            ledger.counters[writer] = got
            ledger.in_flight[writer] = 0
        names = set()
        for page in client(server, "lambda").get_paginator("list_functions").paginate():
            names |= {f["FunctionName"] for f in page["Functions"]}
        self.assertFalse(ledger.functions - names, f"round {round_no}: functions lost")
        apis = {a["id"] for a in client(server, "apigateway").get_rest_apis(limit=500)["items"]}
        self.assertFalse(ledger.apis - apis, f"round {round_no}: APIs lost")


if __name__ == "__main__":
    unittest.main()
