"""DynamoDB transactions through boto3 and the AWS CLI: TransactWriteItems and
TransactGetItems, their cancellation reasons, idempotency tokens, limits and
AWS's errors for each, and atomicity under concurrent clients. One behaviour
per test; the recorded AWS answers in shared/golden are the spec."""
import json
import random
import shutil
import tempfile
import threading
import unittest
import urllib.request
import uuid

from botocore.exceptions import ClientError

from localcloud_server import LocalCloud, error_of

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]"


def cancellation(call, **kwargs):
    """Calls a transaction expected to be cancelled; returns (status, message, reasons)."""
    try:
        call(**kwargs)
    except ClientError as e:
        assert e.response["Error"]["Code"] == "TransactionCanceledException", e.response
        return (e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"],
                e.response["CancellationReasons"])
    raise AssertionError("expected a cancellation")


def put(table, item, **extra):
    return {"Put": {"TableName": table, "Item": item, **extra}}


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


class TransactionTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.addClassCleanup(cls.server.stop)
        cls.ddb = cls.server.client("dynamodb")
        for name in ["txn", "txn_other"]:
            cls.ddb.create_table(
                TableName=name, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        cls.arn = cls.ddb.describe_table(TableName="txn")["Table"]["TableArn"]

    def get(self, key, table="txn"):
        return self.ddb.get_item(TableName=table, Key={"id": s(key)}).get("Item")

    # Put, Update, Delete and ConditionCheck in one transaction, over two
    # tables: all applied, and the answer is an empty 200.
    def test_all_four_actions_apply_together(self):
        self.ddb.put_item(TableName="txn", Item={"id": s("a4-upd"), "v": n(1)})
        self.ddb.put_item(TableName="txn", Item={"id": s("a4-del")})
        self.ddb.put_item(TableName="txn_other", Item={"id": s("a4-chk"), "ok": {"BOOL": True}})
        out = self.ddb.transact_write_items(TransactItems=[
            put("txn", {"id": s("a4-put"), "v": n(7)}),
            {"Update": {"TableName": "txn", "Key": {"id": s("a4-upd")},
                        "UpdateExpression": "SET v = v + :one", "ExpressionAttributeValues": {":one": n(1)}}},
            {"Delete": {"TableName": "txn", "Key": {"id": s("a4-del")}}},
            {"ConditionCheck": {"TableName": "txn_other", "Key": {"id": s("a4-chk")},
                                "ConditionExpression": "ok = :t", "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ])
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(set(out) - {"ResponseMetadata"}, set())
        self.assertEqual(self.get("a4-put"), {"id": s("a4-put"), "v": n(7)})
        self.assertEqual(self.get("a4-upd")["v"], n(2))
        self.assertIsNone(self.get("a4-del"))

    # Tables may be named by ARN (golden: test_transaction_write_items,
    # test_transact_get_items "with-TableArn").
    def test_table_arn_in_write_and_get(self):
        self.ddb.transact_write_items(TransactItems=[put(self.arn, {"id": s("Sarah")})])
        got = self.ddb.transact_get_items(TransactItems=[{"Get": {"TableName": self.arn, "Key": {"id": s("Sarah")}}}])
        self.assertEqual(got["Responses"], [{"Item": {"id": s("Sarah")}}])

    # Golden test_transaction_write_canceled: the message lists every
    # action's code, the reasons come in action order, and nothing changes.
    def test_cancellation_reasons_in_action_order(self):
        self.ddb.put_item(TableName="txn", Item={"id": s("cx-1"), "v": n(1)})
        status, message, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": s("cx-1"), "v": n(2)}, ConditionExpression="attribute_not_exists(id)"),
            put("txn", {"id": s("cx-2")}),
        ])
        self.assertEqual(status, 400)
        self.assertEqual(message, CANCELLED.format("ConditionalCheckFailed, None"))
        self.assertEqual(reasons, [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
                                   {"Code": "None"}])
        self.assertEqual(self.get("cx-1")["v"], n(1))
        self.assertIsNone(self.get("cx-2"))

    # On the wire: __type, "Message" (capital M, as AWS's model spells it for
    # this error) and CancellationReasons whose None entries carry no Message.
    def test_cancellation_wire_shape(self):
        self.ddb.put_item(TableName="txn", Item={"id": s("wire")})
        body = json.dumps({"TransactItems": [
            {"Put": {"TableName": "txn", "Item": {"id": s("wire-new")}}},
            {"ConditionCheck": {"TableName": "txn", "Key": {"id": s("wire")}, "ConditionExpression": "attribute_not_exists(id)"}}]})
        req = urllib.request.Request(self.server.endpoint, data=body.encode(), headers={
            "X-Amz-Target": "DynamoDB_20120810.TransactWriteItems",
            "Content-Type": "application/x-amz-json-1.0"})
        try:
            urllib.request.urlopen(req)
            self.fail("expected 400")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 400)
            self.assertEqual(json.loads(e.read()), {
                "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "Message": CANCELLED.format("None, ConditionalCheckFailed"),
                "CancellationReasons": [{"Code": "None"},
                                        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]})

    # ReturnValuesOnConditionCheckFailure=ALL_OLD puts the item in its reason.
    def test_failed_condition_returns_the_item_when_asked(self):
        self.ddb.put_item(TableName="txn", Item={"id": s("rv"), "v": n(5)})
        _, _, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            {"Update": {"TableName": "txn", "Key": {"id": s("rv")}, "UpdateExpression": "SET v = :z",
                        "ConditionExpression": "v > :ten", "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                        "ExpressionAttributeValues": {":z": n(0), ":ten": n(10)}}}])
        self.assertEqual(reasons, [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
                                    "Item": {"id": s("rv"), "v": n(5)}}])

    # A key that does not fit the table's schema cancels with that action's
    # ValidationError; an empty key value is refused before the transaction.
    def test_key_schema_errors_are_validation_reasons(self):
        _, message, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": n(5)}),
            {"Delete": {"TableName": "txn", "Key": {"id": s("k"), "extra": s("x")}}}])
        self.assertEqual(message, CANCELLED.format("ValidationError, ValidationError"))
        self.assertEqual(reasons, [
            {"Code": "ValidationError",
             "Message": "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N"},
            {"Code": "ValidationError", "Message": "The provided key element does not match the schema"}])
        self.assertEqual(
            error_of(self.ddb.transact_write_items, TransactItems=[put("txn", {"id": s("")})]),
            (400, "ValidationException", "One or more parameter values are not valid. The AttributeValue for a "
                                         "key attribute cannot contain an empty string value. Key: id"))

    # An update that cannot apply to the stored item is a ValidationError
    # reason with UpdateItem's text, and the other actions do not apply.
    def test_update_failure_is_a_validation_reason(self):
        _, _, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": s("uf-put")}),
            {"Update": {"TableName": "txn", "Key": {"id": s("uf")}, "UpdateExpression": "SET a = b + :one",
                        "ExpressionAttributeValues": {":one": n(1)}}}])
        self.assertEqual(reasons, [{"Code": "None"}, {
            "Code": "ValidationError",
            "Message": "The provided expression refers to an attribute that does not exist in the item"}])
        self.assertIsNone(self.get("uf-put"))

    # A put over 400 KB is refused up front; an update that grows past it
    # can only fail inside the transaction, with the update wording.
    def test_item_size_limits(self):
        big = "x" * (400 * 1024)
        self.assertEqual(error_of(self.ddb.transact_write_items, TransactItems=[put("txn", {"id": s("big"), "d": s(big)})]),
                         (400, "ValidationException", "Item size has exceeded the maximum allowed size"))
        _, _, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            {"Update": {"TableName": "txn", "Key": {"id": s("big")}, "UpdateExpression": "SET d = :d",
                        "ExpressionAttributeValues": {":d": s(big)}}}])
        self.assertEqual(reasons, [{"Code": "ValidationError",
                                    "Message": "Item size to update has exceeded the maximum allowed size"}])
        self.assertIsNone(self.get("big"))

    # Secondary indexes follow transactional writes; a mistyped index key is
    # the action's ValidationError, an empty one a request error.
    def test_secondary_indexes(self):
        self.ddb.create_table(
            TableName="txn_gsi", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{"IndexName": "gsi1", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        self.ddb.transact_write_items(TransactItems=[put("txn_gsi", {"id": s("i1"), "g": s("blue")})])
        found = self.ddb.query(TableName="txn_gsi", IndexName="gsi1", KeyConditionExpression="g = :g",
                               ExpressionAttributeValues={":g": s("blue")})
        self.assertEqual(found["Items"], [{"id": s("i1"), "g": s("blue")}])
        _, _, reasons = cancellation(self.ddb.transact_write_items, TransactItems=[
            put("txn_gsi", {"id": s("i2"), "g": n(5)})])
        self.assertEqual(reasons, [{"Code": "ValidationError", "Message": "One or more parameter values were "
                                    "invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi1"}])
        self.assertEqual(error_of(self.ddb.transact_write_items, TransactItems=[put("txn_gsi", {"id": s("i3"), "g": s("")})]), (
            400, "ValidationException", "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. "
            "IndexName: gsi1, IndexKey: g"))
        self.assertEqual(self.ddb.scan(TableName="txn_gsi")["Count"], 1)

    # One item at most once, by name or by ARN, in writes and in gets.
    def test_one_operation_per_item(self):
        expected = (400, "ValidationException", "Transaction request cannot include multiple operations on one item")
        self.assertEqual(error_of(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": s("dup")}),
            {"ConditionCheck": {"TableName": self.arn, "Key": {"id": s("dup")}, "ConditionExpression": "attribute_not_exists(id)"}}]),
            expected)
        self.assertEqual(error_of(self.ddb.transact_get_items, TransactItems=[
            {"Get": {"TableName": "txn", "Key": {"id": s("dup")}}}, {"Get": {"TableName": "txn", "Key": {"id": s("dup")}}}]),
            expected)
        self.assertIsNone(self.get("dup"))

    # Golden test_batch_write_not_existing_table: a missing table, by name or
    # ARN, is ResourceNotFoundException with the bare message.
    def test_missing_table(self):
        expected = (400, "ResourceNotFoundException", "Requested resource not found")
        self.assertEqual(error_of(self.ddb.transact_write_items, TransactItems=[put("nope", {"id": s("x")})]), expected)
        self.assertEqual(error_of(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": s("nt")}), put(self.arn + "-gone", {"id": s("x")})]), expected)
        self.assertEqual(error_of(self.ddb.transact_get_items, TransactItems=[
            {"Get": {"TableName": "nope", "Key": {"id": s("x")}}}]), expected)
        self.assertIsNone(self.get("nt"))

    # 1..100 actions, each exactly one of the four.
    def test_request_shape_limits(self):
        raw = self.server.client("dynamodb", parameter_validation=False)  # boto3 checks the minimum itself
        self.assertEqual(error_of(raw.transact_write_items, TransactItems=[]), (
            400, "ValidationException", "1 validation error detected: Value '[]' at 'transactItems' failed to "
                                        "satisfy constraint: Member must have length greater than or equal to 1"))
        self.assertEqual(error_of(raw.transact_get_items, TransactItems=[]), (
            400, "ValidationException", "1 validation error detected: Value '[]' at 'transactItems' failed to "
                                        "satisfy constraint: Member must have length greater than or equal to 1"))
        status, code, message = error_of(self.ddb.transact_write_items,
                                         TransactItems=[put("txn", {"id": s(f"l{i}")}) for i in range(101)])
        self.assertEqual((status, code), (400, "ValidationException"))
        self.assertRegex(message, r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy "
                                  r"constraint: Member must have length less than or equal to 100$")
        self.assertIsNone(self.get("l0"))
        self.ddb.transact_write_items(TransactItems=[put("txn", {"id": s(f"l{i}")}) for i in range(100)])
        self.assertIsNotNone(self.get("l99"))
        self.assertEqual(error_of(raw.transact_write_items, TransactItems=[
            {"Put": {"TableName": "txn", "Item": {"id": s("two")}},
             "Delete": {"TableName": "txn", "Key": {"id": s("two")}}}]),
            (400, "ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete"))
        self.assertEqual(error_of(raw.transact_write_items, TransactItems=[
            {"Update": {"TableName": "txn", "Key": {"id": s("x")}}}]),
            (400, "ValidationException", "1 validation error detected: Value null at 'transactItems.1.member."
                                         "update.updateExpression' failed to satisfy constraint: Member must not be null"))

    # The items of one transaction may not exceed 4 MB together.
    def test_four_megabyte_limit(self):
        chunk = "x" * 350_000
        status, code, _ = error_of(self.ddb.transact_write_items, TransactItems=[
            put("txn", {"id": s(f"mb{i}"), "d": s(chunk)}) for i in range(12)])
        self.assertEqual((status, code), (400, "ValidationException"))
        self.assertIsNone(self.get("mb0"))
        self.ddb.transact_write_items(TransactItems=[put("txn", {"id": s(f"mb{i}"), "d": s(chunk)}) for i in range(10)])
        self.assertEqual(self.get("mb9")["d"], s(chunk))

    # Same token, same request: answered again, applied once. Same token,
    # another request: IdempotentParameterMismatchException.
    def test_client_request_token(self):
        token = str(uuid.uuid4())
        add = [{"Update": {"TableName": "txn", "Key": {"id": s("idem")}, "UpdateExpression": "ADD c :one",
                           "ExpressionAttributeValues": {":one": n(1)}}}]
        first = self.ddb.transact_write_items(TransactItems=add, ClientRequestToken=token)
        again = self.ddb.transact_write_items(TransactItems=add, ClientRequestToken=token)
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.get("idem")["c"], n(1))
        status, code, _ = error_of(self.ddb.transact_write_items, ClientRequestToken=token, TransactItems=[
            put("txn", {"id": s("idem-other")})])
        self.assertEqual((status, code), (400, "IdempotentParameterMismatchException"))
        self.assertIsNone(self.get("idem-other"))
        # Without a token (boto3 adds one) every call applies.
        self.ddb.transact_write_items(TransactItems=add)
        self.assertEqual(self.get("idem")["c"], n(2))
        self.assertEqual(error_of(self.ddb.transact_write_items, ClientRequestToken="x" * 37, TransactItems=add), (
            400, "ValidationException", "1 validation error detected: Value '" + "x" * 37 + "' at 'clientRequestToken' "
            "failed to satisfy constraint: Member must have length less than or equal to 36"))

    # A cancelled transaction does not use up its token: the retry runs.
    def test_token_of_a_cancelled_transaction_can_be_retried(self):
        token = str(uuid.uuid4())
        items = [{"ConditionCheck": {"TableName": "txn", "Key": {"id": s("gate")},
                                     "ConditionExpression": "attribute_exists(id)"}},
                 put("txn", {"id": s("gated")})]
        cancellation(self.ddb.transact_write_items, TransactItems=items, ClientRequestToken=token)
        self.ddb.put_item(TableName="txn", Item={"id": s("gate")})
        self.ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
        self.assertIsNotNone(self.get("gated"))

    # ReturnConsumedCapacity: per table, transactional writes at twice the
    # plain units; ReturnItemCollectionMetrics is accepted.
    def test_consumed_capacity(self):
        out = self.ddb.transact_write_items(
            ReturnConsumedCapacity="TOTAL", ReturnItemCollectionMetrics="SIZE",
            TransactItems=[put("txn", {"id": s("cc1")}), put("txn", {"id": s("cc2")}), put("txn_other", {"id": s("cc3")})])
        self.assertEqual(out["ConsumedCapacity"], [{"TableName": "txn", "CapacityUnits": 4.0},
                                                   {"TableName": "txn_other", "CapacityUnits": 2.0}])
        got = self.ddb.transact_get_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
            {"Get": {"TableName": "txn", "Key": {"id": s("cc1")}}}])
        self.assertEqual(got["ConsumedCapacity"], [{"TableName": "txn", "CapacityUnits": 2.0}])
        self.assertEqual(error_of(self.ddb.transact_write_items, ReturnItemCollectionMetrics="ALL",
                                  TransactItems=[put("txn", {"id": s("cc4")})]), (
            400, "ValidationException", "1 validation error detected: Value 'ALL' at 'returnItemCollectionMetrics' "
                                        "failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"))

    # Golden test_transaction_write_binary_data.
    def test_binary_data(self):
        self.ddb.transact_write_items(TransactItems=[put("txn", {"id": s("someUser"), "binaryData": {"B": b"foobar"}})])
        self.assertEqual(self.get("someUser"), {"id": s("someUser"), "binaryData": {"B": b"foobar"}})

    # Golden test_transact_get_items: responses in request order, {} for a
    # missing item, ProjectionExpression with names applied.
    def test_transact_get_items(self):
        self.ddb.put_item(TableName="txn", Item={"id": s("John"), "age": n(30), "city": s("Porto")})
        got = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": "txn", "Key": {"id": s("John")}, "ProjectionExpression": "#c, age",
                     "ExpressionAttributeNames": {"#c": "city"}}},
            {"Get": {"TableName": "txn", "Key": {"id": s("nobody")}}},
            {"Get": {"TableName": "txn_other", "Key": {"id": s("John")}}},
        ])
        self.assertEqual(got["Responses"], [{"Item": {"age": n(30), "city": s("Porto")}}, {}, {}])
        _, message, reasons = cancellation(self.ddb.transact_get_items, TransactItems=[
            {"Get": {"TableName": "txn", "Key": {"id": s("John")}}}, {"Get": {"TableName": "txn", "Key": {}}}])
        self.assertEqual(message, CANCELLED.format("None, ValidationError"))
        self.assertEqual(reasons[1], {"Code": "ValidationError",
                                      "Message": "The provided key element does not match the schema"})
        self.assertEqual(error_of(self.ddb.transact_get_items, TransactItems=[
            {"Get": {"TableName": "txn", "Key": {"id": s("John")}, "ProjectionExpression": "!!!"}}]), (
            400, "ValidationException", 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'))

    # The AWS CLI: a transaction as a user types it, and its cancellation.
    def test_cli(self):
        items = json.dumps([put("txn", {"id": s("cli-1"), "v": n(1)}),
                            {"Update": {"TableName": "txn", "Key": {"id": s("cli-2")}, "UpdateExpression": "SET v = :v",
                                        "ExpressionAttributeValues": {":v": n(2)}}}])
        self.server.aws("dynamodb", "transact-write-items", "--transact-items", items)
        rc, out, _ = self.server.aws("dynamodb", "transact-get-items", "--transact-items", json.dumps([
            {"Get": {"TableName": "txn", "Key": {"id": s("cli-1")}}}, {"Get": {"TableName": "txn", "Key": {"id": s("cli-2")}}}]))
        self.assertEqual(json.loads(out)["Responses"], [{"Item": {"id": s("cli-1"), "v": n(1)}},
                                                       {"Item": {"id": s("cli-2"), "v": n(2)}}])
        rc, _, err = self.server.aws("dynamodb", "transact-write-items", "--transact-items", json.dumps([
            put("txn", {"id": s("cli-1")}, ConditionExpression="attribute_not_exists(id)")]), check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("An error occurred (TransactionCanceledException) when calling the TransactWriteItems "
                      "operation: " + CANCELLED.format("ConditionalCheckFailed"), err)
        rc, _, err = self.server.aws("dynamodb", "transact-write-items", "--transact-items", json.dumps([
            put("txn", {"id": s("cli-3")}), put("txn", {"id": s("cli-3")})]), check=False)
        self.assertIn("An error occurred (ValidationException) when calling the TransactWriteItems operation: "
                      "Transaction request cannot include multiple operations on one item", err)

    # Atomicity under concurrency: clients move random amounts between a few
    # accounts (condition: no balance below zero), retrying cancellations,
    # while plain UpdateItems touch the same items and TransactGetItems read
    # all of them. The total never changes, no balance goes negative, every
    # consistent read sees the full total, and the only failures are AWS's
    # conflict and condition errors.
    def test_concurrent_transfers_keep_the_total(self):
        accounts = [f"acct-{i}" for i in range(4)]
        for a in accounts:
            self.ddb.put_item(TableName="txn", Item={"id": s(a), "balance": n(1000)})
        total = 1000 * len(accounts)
        failures, codes, lock = [], set(), threading.Lock()

        def note(code):
            with lock:
                codes.add(code)

        def transfers(seed):
            rng, ddb = random.Random(seed), self.server.client("dynamodb")
            done = 0
            while done < 40:
                src, dst = rng.sample(accounts, 2)
                amount = rng.randint(1, 400)
                try:
                    ddb.transact_write_items(TransactItems=[
                        {"Update": {"TableName": "txn", "Key": {"id": s(src)}, "UpdateExpression": "SET balance = balance - :a",
                                    "ConditionExpression": "balance >= :a", "ExpressionAttributeValues": {":a": n(amount)}}},
                        {"Update": {"TableName": "txn", "Key": {"id": s(dst)}, "UpdateExpression": "SET balance = balance + :a",
                                    "ExpressionAttributeValues": {":a": n(amount)}}}])
                    done += 1
                except ClientError as e:
                    if e.response["Error"]["Code"] != "TransactionCanceledException":
                        failures.append(e.response)
                        return
                    for r in e.response["CancellationReasons"]:
                        note(r["Code"])
                        if r["Code"] == "TransactionConflict" and r["Message"] != "Transaction is ongoing for the item":
                            failures.append(r)

        def touches(seed):
            rng, ddb = random.Random(seed), self.server.client("dynamodb")
            for _ in range(60):
                try:
                    ddb.update_item(TableName="txn", Key={"id": s(rng.choice(accounts))},
                                    UpdateExpression="ADD touched :one SET balance = balance + :zero",
                                    ExpressionAttributeValues={":one": n(1), ":zero": n(0)})
                except ClientError as e:
                    note(e.response["Error"]["Code"])
                    if (e.response["Error"]["Code"], e.response["Error"]["Message"]) != (
                            "TransactionConflictException", "Transaction is ongoing for the item"):
                        failures.append(e.response)

        def reads(seed):
            ddb = self.server.client("dynamodb")
            for _ in range(60):
                try:
                    got = ddb.transact_get_items(TransactItems=[
                        {"Get": {"TableName": "txn", "Key": {"id": s(a)}}} for a in accounts])
                except ClientError as e:
                    if e.response["Error"]["Code"] != "TransactionCanceledException":
                        failures.append(e.response)
                    continue
                seen = sum(int(r["Item"]["balance"]["N"]) for r in got["Responses"])
                if seen != total:
                    failures.append(("torn read", seen))

        threads = ([threading.Thread(target=transfers, args=(i,)) for i in range(8)] +
                   [threading.Thread(target=touches, args=(100 + i,)) for i in range(2)] +
                   [threading.Thread(target=reads, args=(200,))])
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertLessEqual(codes, {"None", "ConditionalCheckFailed", "TransactionConflict",
                                     "TransactionConflictException"})
        balances = [int(self.get(a)["balance"]["N"]) for a in accounts]
        self.assertEqual(sum(balances), total)
        self.assertTrue(all(b >= 0 for b in balances), balances)


class TokenDurabilityTests(unittest.TestCase):
    # A token is remembered with the writes it guarded: a retry after the
    # server restarted is answered, not applied a second time.
    def test_token_survives_a_restart(self):
        data = tempfile.mkdtemp(prefix="localcloud-tx-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        server = LocalCloud(data_dir=data).start()
        self.addCleanup(server.stop)
        ddb = server.client("dynamodb")
        ddb.create_table(TableName="tok", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        add = [{"Update": {"TableName": "tok", "Key": {"id": s("c")}, "UpdateExpression": "ADD n :one",
                           "ExpressionAttributeValues": {":one": n(1)}}}]
        ddb.transact_write_items(TransactItems=add, ClientRequestToken="restart-token")
        server.stop()
        again = LocalCloud(data_dir=data).start()
        self.addCleanup(again.stop)
        ddb = again.client("dynamodb")
        ddb.transact_write_items(TransactItems=add, ClientRequestToken="restart-token")
        self.assertEqual(ddb.get_item(TableName="tok", Key={"id": s("c")})["Item"]["n"], n(1))
        ddb.transact_write_items(TransactItems=add, ClientRequestToken="another-token")
        self.assertEqual(ddb.get_item(TableName="tok", Key={"id": s("c")})["Item"]["n"], n(2))


if __name__ == "__main__":
    unittest.main()
