"""DynamoDB items through boto3: writes, conditions, updates, Query, Scan,
batches, and AWS's errors for each. One behaviour per test."""
import decimal
import threading
import unittest

from botocore.exceptions import ClientError

from localcloud_server import LocalCloud, error_of



class ItemTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.ddb = cls.server.client("dynamodb")
        cls.ddb.create_table(
            TableName="users", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "_id", "KeyType": "HASH"}])
        cls.ddb.create_table(
            TableName="events", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "ts", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "ts", "KeyType": "RANGE"}])
        for ts in [-5, 0, 1, 2, 10, 11, 100, 1.5]:
            cls.ddb.put_item(TableName="events", Item={
                "pk": {"S": "stream"}, "ts": {"N": str(ts)}, "kind": {"S": "even" if int(ts) % 2 == 0 else "odd"}})
        cls.ddb.put_item(TableName="events", Item={"pk": {"S": "other"}, "ts": {"N": "1"}})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_put_get_delete(self):
        item = {"_id": {"S": "u1"}, "name": {"S": "Ada"}, "age": {"N": "36"},
                "tags": {"SS": ["a", "b"]}, "meta": {"M": {"ok": {"BOOL": True}, "none": {"NULL": True}}},
                "list": {"L": [{"N": "1"}, {"S": "x"}]}, "blob": {"B": b"\x00\xff"}}
        self.assertEqual(self.ddb.put_item(TableName="users", Item=item)["ResponseMetadata"]["HTTPStatusCode"], 200)
        got = self.ddb.get_item(TableName="users", Key={"_id": {"S": "u1"}})["Item"]
        self.assertEqual(got, item)
        old = self.ddb.delete_item(TableName="users", Key={"_id": {"S": "u1"}}, ReturnValues="ALL_OLD")
        self.assertEqual(old["Attributes"], item)
        self.assertNotIn("Item", self.ddb.get_item(TableName="users", Key={"_id": {"S": "u1"}}))

    def test_numbers_keep_38_digits_and_come_back_normalised(self):
        self.ddb.put_item(TableName="users", Item={
            "_id": {"S": "num"}, "big": {"N": "12345678901234567890123456789012345678"},
            "tiny": {"N": "0.000000000000000000000000000000000001"}, "pad": {"N": "001.500"}})
        got = self.ddb.get_item(TableName="users", Key={"_id": {"S": "num"}})["Item"]
        self.assertEqual(got["big"], {"N": "12345678901234567890123456789012345678"})
        self.assertEqual(got["tiny"], {"N": "0.000000000000000000000000000000000001"})
        self.assertEqual(got["pad"], {"N": "1.5"})
        self.assertEqual(
            error_of(self.ddb.put_item, TableName="users",
                     Item={"_id": {"S": "n2"}, "x": {"N": "123456789012345678901234567890123456789"}}),
            (400, "ValidationException",
             "1 validation error detected: Attempting to store more than 38 significant digits in a Number"))

    def test_key_errors(self):
        self.assertEqual(error_of(self.ddb.put_item, TableName="users", Item={"name": {"S": "x"}}),
                         (400, "ValidationException",
                          "One or more parameter values were invalid: Missing the key _id in the item"))
        self.assertEqual(error_of(self.ddb.put_item, TableName="users", Item={"_id": {"N": "1"}}),
                         (400, "ValidationException",
                          "One or more parameter values were invalid: Type mismatch for key _id expected: S actual: N"))
        self.assertEqual(error_of(self.ddb.get_item, TableName="users", Key={"nope": {"S": "1"}}),
                         (400, "ValidationException", "The provided key element does not match the schema"))
        self.assertEqual(error_of(self.ddb.get_item, TableName="missing-table", Key={"_id": {"S": "1"}}),
                         (400, "ResourceNotFoundException", "Requested resource not found"))

    def test_item_size_limit(self):
        big = "x" * (400 * 1024)
        self.assertEqual(error_of(self.ddb.put_item, TableName="users",
                                  Item={"_id": {"S": "big"}, "data": {"S": big}}),
                         (400, "ValidationException", "Item size has exceeded the maximum allowed size"))
        self.assertNotIn("Item", self.ddb.get_item(TableName="users", Key={"_id": {"S": "big"}}))

    # A failed condition changes nothing and, when asked, returns the item.
    def test_conditional_put(self):
        self.ddb.put_item(TableName="users", Item={"_id": {"S": "c1"}, "v": {"N": "1"}},
                          ConditionExpression="attribute_not_exists(#id)",
                          ExpressionAttributeNames={"#id": "_id"})
        code, typ, msg = error_of(self.ddb.put_item, TableName="users",
                                  Item={"_id": {"S": "c1"}, "v": {"N": "2"}},
                                  ConditionExpression="attribute_not_exists(#id)",
                                  ExpressionAttributeNames={"#id": "_id"})
        self.assertEqual((code, typ, msg), (400, "ConditionalCheckFailedException", "The conditional request failed"))
        try:
            self.ddb.put_item(TableName="users", Item={"_id": {"S": "c1"}, "v": {"N": "3"}},
                              ConditionExpression="v = :two", ExpressionAttributeValues={":two": {"N": "2"}},
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
            self.fail("condition should fail")
        except ClientError as e:
            self.assertEqual(e.response["Item"], {"_id": {"S": "c1"}, "v": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName="users", Key={"_id": {"S": "c1"}})["Item"]["v"], {"N": "1"})

    def test_update_expressions(self):
        key = {"_id": {"S": "up"}}
        out = self.ddb.update_item(
            TableName="users", Key=key, ReturnValues="ALL_NEW",
            UpdateExpression="SET #n = :n, visits = if_not_exists(visits, :zero) + :one, entries = list_append(if_not_exists(entries, :empty), :l) ADD tags :t",
            ExpressionAttributeNames={"#n": "name"},
            ExpressionAttributeValues={":n": {"S": "Grace"}, ":zero": {"N": "0"}, ":one": {"N": "1"},
                                       ":empty": {"L": []}, ":l": {"L": [{"S": "x"}]}, ":t": {"SS": ["a"]}})
        self.assertEqual(out["Attributes"], {"_id": {"S": "up"}, "name": {"S": "Grace"}, "visits": {"N": "1"},
                                             "entries": {"L": [{"S": "x"}]}, "tags": {"SS": ["a"]}})
        out = self.ddb.update_item(TableName="users", Key=key, ReturnValues="UPDATED_OLD",
                                   UpdateExpression="SET visits = visits + :one REMOVE #n",
                                   ExpressionAttributeNames={"#n": "name"},
                                   ExpressionAttributeValues={":one": {"N": "1"}})
        self.assertEqual(out["Attributes"], {"visits": {"N": "1"}, "name": {"S": "Grace"}})
        got = self.ddb.get_item(TableName="users", Key=key)["Item"]
        self.assertEqual(got["visits"], {"N": "2"})
        self.assertNotIn("name", got)
        self.assertEqual(
            error_of(self.ddb.update_item, TableName="users", Key=key, UpdateExpression="SET #i = :v",
                     ExpressionAttributeNames={"#i": "_id"}, ExpressionAttributeValues={":v": {"S": "x"}}),
            (400, "ValidationException",
             "One or more parameter values were invalid: Cannot update attribute _id. This attribute is part of the key"))

    def test_expression_errors(self):
        self.assertEqual(
            error_of(self.ddb.update_item, TableName="users", Key={"_id": {"S": "e"}},
                     UpdateExpression="SET status = :s", ExpressionAttributeValues={":s": {"S": "x"}}),
            (400, "ValidationException",
             "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"))
        self.assertEqual(
            error_of(self.ddb.put_item, TableName="users", Item={"_id": {"S": "e"}},
                     ConditionExpression="attribute_exists(a)", ExpressionAttributeValues={":unused": {"S": "x"}}),
            (400, "ValidationException",
             "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"))

    def test_query_ranges_and_order(self):
        def ts_of(resp):
            return [decimal.Decimal(i["ts"]["N"]) for i in resp["Items"]]
        q = dict(TableName="events", ExpressionAttributeValues={":p": {"S": "stream"}, ":a": {"N": "1"}, ":b": {"N": "11"}})
        everything = self.ddb.query(KeyConditionExpression="pk = :p",
                                    **dict(q, ExpressionAttributeValues={":p": {"S": "stream"}}))
        self.assertEqual(ts_of(everything), [-5, 0, 1, 1.5, 2, 10, 11, 100])
        self.assertEqual(everything["Count"], 8)
        between = self.ddb.query(KeyConditionExpression="pk = :p AND ts BETWEEN :a AND :b", **q)
        self.assertEqual(ts_of(between), [1, 1.5, 2, 10, 11])
        reverse = self.ddb.query(KeyConditionExpression="pk = :p AND ts > :a", ScanIndexForward=False,
                                 **dict(q, ExpressionAttributeValues={":p": {"S": "stream"}, ":a": {"N": "1"}}))
        self.assertEqual(ts_of(reverse), [100, 11, 10, 2, 1.5])

    def test_query_pagination_filter_projection_count(self):
        pages, start = [], None
        while True:
            kw = dict(TableName="events", KeyConditionExpression="pk = :p", Limit=3,
                      ExpressionAttributeValues={":p": {"S": "stream"}})
            if start:
                kw["ExclusiveStartKey"] = start
            page = self.ddb.query(**kw)
            pages.append(len(page["Items"]))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(sum(pages), 8)
        self.assertEqual(pages[:2], [3, 3])
        filtered = self.ddb.query(TableName="events", KeyConditionExpression="pk = :p",
                                  FilterExpression="kind = :k", ProjectionExpression="ts",
                                  ExpressionAttributeValues={":p": {"S": "stream"}, ":k": {"S": "odd"}})
        self.assertEqual(filtered["ScannedCount"], 8)
        self.assertEqual(filtered["Count"], 4)
        self.assertTrue(all(set(i) == {"ts"} for i in filtered["Items"]))
        count = self.ddb.query(TableName="events", KeyConditionExpression="pk = :p", Select="COUNT",
                               ExpressionAttributeValues={":p": {"S": "stream"}})
        self.assertEqual(count["Count"], 8)
        self.assertNotIn("Items", count)

    def test_query_key_condition_errors(self):
        self.assertEqual(
            error_of(self.ddb.query, TableName="events", KeyConditionExpression="ts = :t",
                     ExpressionAttributeValues={":t": {"N": "1"}}),
            (400, "ValidationException", "Query condition missed key schema element: pk"))
        self.assertEqual(
            error_of(self.ddb.query, TableName="events", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"N": "1"}}),
            (400, "ValidationException",
             "One or more parameter values were invalid: Condition parameter type does not match schema type"))

    # Parallel scan segments partition the table: together they return every
    # item exactly once.
    def test_scan_segments_partition_the_table(self):
        for i in range(60):
            self.ddb.put_item(TableName="users", Item={"_id": {"S": "scan-%02d" % i}})
        seen = []
        for segment in range(4):
            start = None
            while True:
                kw = dict(TableName="users", Segment=segment, TotalSegments=4, Limit=7,
                          FilterExpression="begins_with(#i, :p)", ExpressionAttributeNames={"#i": "_id"},
                          ExpressionAttributeValues={":p": {"S": "scan-"}})
                if start:
                    kw["ExclusiveStartKey"] = start
                page = self.ddb.scan(**kw)
                seen += [i["_id"]["S"] for i in page["Items"]]
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
        self.assertEqual(sorted(seen), ["scan-%02d" % i for i in range(60)])

    def test_batches(self):
        writes = [{"PutRequest": {"Item": {"_id": {"S": "b%d" % i}, "n": {"N": str(i)}}}} for i in range(25)]
        out = self.ddb.batch_write_item(RequestItems={"users": writes})
        self.assertEqual(out["UnprocessedItems"], {})
        keys = [{"_id": {"S": "b%d" % i}} for i in range(30)]
        got = self.ddb.batch_get_item(RequestItems={"users": {"Keys": keys, "ProjectionExpression": "n"}})
        self.assertEqual(len(got["Responses"]["users"]), 25)
        self.assertEqual(got["UnprocessedKeys"], {})
        self.assertEqual(sorted(int(i["n"]["N"]) for i in got["Responses"]["users"]), list(range(25)))
        code, typ, _ = error_of(self.ddb.batch_write_item, RequestItems={"users": writes + writes[:1]})
        self.assertEqual((code, typ), (400, "ValidationException"))
        self.assertEqual(
            error_of(self.ddb.batch_write_item, RequestItems={"users": writes[:2] + writes[:1]}),
            (400, "ValidationException", "Provided list of item keys contains duplicates"))
        self.assertEqual(
            error_of(self.ddb.batch_get_item, RequestItems={"users": {"Keys": [{"_id": {"S": str(i)}} for i in range(101)]}}),
            (400, "ValidationException", "Too many items requested for the BatchGetItem call"))
        deletes = [{"DeleteRequest": {"Key": {"_id": {"S": "b%d" % i}}}} for i in range(25)]
        self.ddb.batch_write_item(RequestItems={"users": deletes})
        got = self.ddb.batch_get_item(RequestItems={"users": {"Keys": keys[:5]}})
        self.assertEqual(got["Responses"]["users"], [])

    def test_consumed_capacity(self):
        out = self.ddb.put_item(TableName="users", Item={"_id": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(out["ConsumedCapacity"], {"TableName": "users", "CapacityUnits": 1.0})
        out = self.ddb.get_item(TableName="users", Key={"_id": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(out["ConsumedCapacity"], {"TableName": "users", "CapacityUnits": 0.5})

    # N clients x M increments of one counter with ADD: exactly N*M.
    def test_concurrent_counter(self):
        key = {"_id": {"S": "counter"}}
        clients, per_client, errors = 8, 40, []

        def work():
            ddb = self.server.client("dynamodb")
            try:
                for _ in range(per_client):
                    ddb.update_item(TableName="users", Key=key, UpdateExpression="ADD hits :one",
                                    ExpressionAttributeValues={":one": {"N": "1"}})
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
        threads = [threading.Thread(target=work) for _ in range(clients)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        self.assertEqual(errors, [])
        got = self.ddb.get_item(TableName="users", Key=key, ConsistentRead=True)["Item"]
        self.assertEqual(got["hits"], {"N": str(clients * per_client)})
        described = self.ddb.describe_table(TableName="users")["Table"]
        self.assertGreater(described["ItemCount"], 0)


class DurabilityTests(unittest.TestCase):
    # Every acknowledged write survives kill -9.
    def test_acknowledged_writes_survive_sigkill(self):
        import signal
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            first = LocalCloud(data_dir=d).start()
            ddb = first.client("dynamodb")
            ddb.create_table(TableName="durable", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
            acked = []
            for i in range(200):
                ddb.put_item(TableName="durable", Item={"k": {"S": str(i)}, "v": {"N": str(i)}})
                acked.append(str(i))
            first.stop(signal.SIGKILL)
            second = LocalCloud(data_dir=d).start()
            try:
                ddb = second.client("dynamodb")
                seen, start = set(), None
                while True:
                    kw = {"TableName": "durable"}
                    if start:
                        kw["ExclusiveStartKey"] = start
                    page = ddb.scan(**kw)
                    seen |= {i["k"]["S"] for i in page["Items"]}
                    start = page.get("LastEvaluatedKey")
                    if not start:
                        break
                self.assertEqual(seen, set(acked))
                self.assertEqual(ddb.describe_table(TableName="durable")["Table"]["ItemCount"], 200)
            finally:
                second.stop()


if __name__ == "__main__":
    unittest.main()
