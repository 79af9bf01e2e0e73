"""DynamoDB secondary indexes (GSIs and LSIs) through boto3 and the AWS CLI, as AWS behaves."""
import json
import shutil
import tempfile
import unittest

from localcloud_server import LocalCloud, error_of


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


DEFS = [{"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
        {"AttributeName": "status", "AttributeType": "S"},
        {"AttributeName": "score", "AttributeType": "N"}]
TABLE_KEY = [{"AttributeName": "pk", "KeyType": "HASH"},
             {"AttributeName": "sk", "KeyType": "RANGE"}]


def gsi(name, hash_key, range_key=None, projection=None, **extra):
    keys = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        keys.append({"AttributeName": range_key, "KeyType": "RANGE"})
    out = {"IndexName": name, "KeySchema": keys,
           "Projection": projection or {"ProjectionType": "ALL"}}
    out.update(extra)
    return out


class IndexTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.ddb = cls.server.client("dynamodb")
        # Orders: a GSI on status/score projecting keys only, a GSI on score
        # with INCLUDE, and an LSI on score projecting "note".
        cls.ddb.create_table(
            TableName="orders", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=DEFS,
            KeySchema=TABLE_KEY,
            GlobalSecondaryIndexes=[
                gsi("by-status", "status", "score", {"ProjectionType": "KEYS_ONLY"}),
                gsi("by-score", "score", None,
                    {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]})],
            LocalSecondaryIndexes=[
                gsi("local-score", "pk", "score",
                    {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]})])
        for i in range(6):
            cls.ddb.put_item(TableName="orders", Item={
                "pk": S("c1"), "sk": S(f"o{i}"), "status": S("open" if i % 2 else "done"),
                "score": N(i % 3), "note": S(f"n{i}"), "extra": S(f"e{i}")})
        # No status and no score: absent from every index (sparse).
        cls.ddb.put_item(TableName="orders", Item={"pk": S("c2"), "sk": S("o0"),
                                                   "note": S("bare")})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def query(self, index, cond, values, **extra):
        return self.ddb.query(TableName="orders", IndexName=index, KeyConditionExpression=cond,
                              ExpressionAttributeValues=values, **extra)

    def test_describe_shows_indexes_with_counts(self):
        table = self.ddb.describe_table(TableName="orders")["Table"]
        gsis = {g["IndexName"]: g for g in table["GlobalSecondaryIndexes"]}
        self.assertEqual(set(gsis), {"by-status", "by-score"})
        g = gsis["by-status"]
        self.assertEqual(g["IndexStatus"], "ACTIVE")
        self.assertEqual(g["ItemCount"], 6)
        self.assertGreater(g["IndexSizeBytes"], 0)
        self.assertEqual(g["IndexArn"],
                         "arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/by-status")
        self.assertEqual(g["Projection"], {"ProjectionType": "KEYS_ONLY"})
        self.assertEqual(g["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0,
                          "WriteCapacityUnits": 0})
        self.assertEqual(g["WarmThroughput"], {"ReadUnitsPerSecond": 12000,
                                               "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})
        [lsi] = table["LocalSecondaryIndexes"]
        self.assertEqual(lsi["ItemCount"], 6)
        self.assertNotIn("IndexStatus", lsi)
        self.assertNotIn("ProvisionedThroughput", lsi)

    def test_create_answer_shows_gsi_creating(self):
        out = self.ddb.create_table(
            TableName="creating", AttributeDefinitions=DEFS[:1] + DEFS[2:3], KeySchema=TABLE_KEY[:1],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            GlobalSecondaryIndexes=[gsi("st-idx", "status", ProvisionedThroughput={
                "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})])["TableDescription"]
        [g] = out["GlobalSecondaryIndexes"]
        self.assertEqual(g["IndexStatus"], "CREATING")
        self.assertEqual(g["ProvisionedThroughput"]["ReadCapacityUnits"], 1)
        self.assertNotIn("WarmThroughput", g)
        described = self.ddb.describe_table(TableName="creating")["Table"]
        self.assertEqual(described["GlobalSecondaryIndexes"][0]["WarmThroughput"],
                         {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1, "Status": "ACTIVE"})

    def test_keys_only_projection_and_order(self):
        out = self.query("by-status", "#s = :s", {":s": S("open")},
                         ExpressionAttributeNames={"#s": "status"})
        self.assertEqual(out["Count"], 3)
        self.assertEqual([i["score"]["N"] for i in out["Items"]], ["0", "1", "2"])
        self.assertEqual(set(out["Items"][0]), {"pk", "sk", "status", "score"})

    def test_include_projection(self):
        out = self.query("by-score", "score = :n", {":n": N(1)})
        self.assertEqual(out["Count"], 2)
        for item in out["Items"]:
            self.assertEqual(set(item), {"pk", "sk", "score", "note"})

    def test_sparse_index_leaves_out_items_without_its_key(self):
        scanned = self.ddb.scan(TableName="orders", IndexName="by-score")
        self.assertEqual(scanned["Count"], 6)
        self.assertNotIn("c2", {i["pk"]["S"] for i in scanned["Items"]})
        self.assertEqual(self.ddb.scan(TableName="orders")["Count"], 7)

    def test_pagination_through_equal_index_keys(self):
        # Three items share score 0 in the GSI on score: pages of 1 walk them all.
        seen, start = [], None
        while True:
            extra = {"Limit": 1}
            if start:
                extra["ExclusiveStartKey"] = start
            page = self.query("by-score", "score = :n", {":n": N(0)}, **extra)
            seen += [i["sk"]["S"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
            self.assertEqual(set(start), {"pk", "sk", "score"})
        self.assertEqual(sorted(seen), ["o0", "o3"])
        self.assertEqual(len(seen), len(set(seen)))

    def test_reverse_query_on_lsi_with_range(self):
        out = self.query("local-score", "pk = :p AND score >= :n", {":p": S("c1"), ":n": N(1)},
                         ScanIndexForward=False)
        self.assertEqual([i["score"]["N"] for i in out["Items"]], ["2", "2", "1", "1"])

    def test_lsi_fetches_unprojected_attributes_from_the_table(self):
        out = self.query("local-score", "pk = :p AND score = :n", {":p": S("c1"), ":n": N(2)},
                         Select="ALL_ATTRIBUTES")
        self.assertEqual(out["Count"], 2)
        self.assertIn("extra", out["Items"][0])
        out = self.query("local-score", "pk = :p AND score = :n", {":p": S("c1"), ":n": N(2)},
                         ProjectionExpression="extra")
        self.assertEqual(sorted(i["extra"]["S"] for i in out["Items"]), ["e2", "e5"])

    def test_gsi_lacks_unprojected_attributes(self):
        out = self.query("by-score", "score = :n", {":n": N(2)}, ProjectionExpression="extra, note")
        self.assertEqual(out["Items"], [{"note": S("n2")}, {"note": S("n5")}])

    def test_consumed_capacity_names_the_index(self):
        out = self.query("by-score", "score = :n", {":n": N(1)}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(out["ConsumedCapacity"],
                         {"TableName": "orders", "CapacityUnits": 0.5,
                          "GlobalSecondaryIndexes": {"by-score": {"CapacityUnits": 0.5}}})
        out = self.query("local-score", "pk = :p", {":p": S("c1")}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(out["ConsumedCapacity"], {"TableName": "orders", "CapacityUnits": 0.5})

    def test_filter_on_index_query(self):
        out = self.query("by-score", "score = :n", {":n": N(1), ":note": S("n4")},
                         FilterExpression="note = :note")
        self.assertEqual((out["Count"], out["ScannedCount"]), (1, 2))

    def test_parallel_scan_of_an_index_partitions_it(self):
        keys = []
        for segment in range(3):
            page = self.ddb.scan(TableName="orders", IndexName="by-status", Segment=segment,
                                 TotalSegments=3)
            keys += [i["sk"]["S"] for i in page["Items"]]
        self.assertEqual(sorted(keys), [f"o{i}" for i in range(6)])

    def test_query_errors(self):
        self.assertEqual(
            error_of(self.query, "by-score", "score = :n", {":n": N(1)}, ConsistentRead=True),
            (400, "ValidationException",
             "Consistent reads are not supported on global secondary indexes"))
        self.assertEqual(
            error_of(self.query, "nope", "score = :n", {":n": N(1)}),
            (400, "ValidationException", "The table does not have the specified index: nope"))
        self.assertEqual(
            error_of(self.query, "by-score", "score = :n", {":n": N(1)}, Select="ALL_ATTRIBUTES"),
            (400, "ValidationException",
             "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
             "supported for global secondary index by-score because its projection type is not "
             "ALL"))
        self.assertEqual(
            error_of(self.query, "by-score", "pk = :p", {":p": S("c1")}),
            (400, "ValidationException", "Query condition missed key schema element: score"))
        self.assertEqual(
            error_of(self.query, "by-score", "score = :n", {":n": S("1")}),
            (400, "ValidationException",
             "One or more parameter values were invalid: Condition parameter type does not "
             "match schema type"))
        # A consistent read on an LSI is fine.
        self.assertEqual(self.query("local-score", "pk = :p", {":p": S("c1")},
                                    ConsistentRead=True)["Count"], 6)

    def test_writes_keep_indexes_in_step(self):
        self.ddb.create_table(TableName="moves", BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=DEFS[:1] + DEFS[2:3], KeySchema=TABLE_KEY[:1],
                              GlobalSecondaryIndexes=[gsi("st-idx", "status")])
        q = lambda v: self.ddb.query(TableName="moves", IndexName="st-idx",
                                     KeyConditionExpression="#s = :s",
                                     ExpressionAttributeNames={"#s": "status"},
                                     ExpressionAttributeValues={":s": S(v)})["Count"]
        self.ddb.put_item(TableName="moves", Item={"pk": S("a"), "status": S("new")})
        self.assertEqual((q("new"), q("old")), (1, 0))
        self.ddb.update_item(TableName="moves", Key={"pk": S("a")},
                             UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"},
                             ExpressionAttributeValues={":s": S("old")})
        self.assertEqual((q("new"), q("old")), (0, 1))
        self.ddb.update_item(TableName="moves", Key={"pk": S("a")}, UpdateExpression="REMOVE #s",
                             ExpressionAttributeNames={"#s": "status"})
        self.assertEqual(q("old"), 0)
        self.ddb.put_item(TableName="moves", Item={"pk": S("a"), "status": S("new"), "v": N(1)})
        self.ddb.put_item(TableName="moves", Item={"pk": S("a"), "status": S("new"), "v": N(2)})
        item = self.ddb.query(TableName="moves", IndexName="st-idx", KeyConditionExpression="#s = :s",
                              ExpressionAttributeNames={"#s": "status"},
                              ExpressionAttributeValues={":s": S("new")})["Items"]
        self.assertEqual(item, [{"pk": S("a"), "status": S("new"), "v": N(2)}])
        self.ddb.batch_write_item(RequestItems={"moves": [
            {"PutRequest": {"Item": {"pk": S("b"), "status": S("new")}}},
            {"DeleteRequest": {"Key": {"pk": S("a")}}}]})
        self.assertEqual(q("new"), 1)
        self.ddb.delete_item(TableName="moves", Key={"pk": S("b")})
        self.assertEqual(q("new"), 0)
        self.assertEqual(self.ddb.describe_table(TableName="moves")["Table"]
                         ["GlobalSecondaryIndexes"][0]["ItemCount"], 0)

    def test_wrong_index_key_type_rejects_the_write(self):
        bad = {"pk": S("x"), "sk": S("y"), "score": S("high")}
        self.assertEqual(
            error_of(self.ddb.put_item, TableName="orders", Item=bad),
            (400, "ValidationException",
             "One or more parameter values were invalid: Type mismatch for Index Key score "
             "Expected: N Actual: S IndexName: by-score"))
        self.assertEqual(
            error_of(self.ddb.update_item, TableName="orders", Key={"pk": S("c1"), "sk": S("o1")},
                     UpdateExpression="SET #s = :v", ExpressionAttributeNames={"#s": "status"},
                     ExpressionAttributeValues={":v": N(3)}),
            (400, "ValidationException",
             "One or more parameter values were invalid: Type mismatch for Index Key status "
             "Expected: S Actual: N IndexName: by-status"))
        self.assertEqual(
            error_of(self.ddb.put_item, TableName="orders",
                     Item={"pk": S("x"), "sk": S("y"), "status": S("")}),
            (400, "ValidationException",
             "One or more parameter values are not valid. A value specified for a secondary "
             "index key is not supported. The AttributeValue for a key attribute cannot contain "
             "an empty string value. IndexName: by-status, IndexKey: status"))
        self.assertEqual(
            error_of(self.ddb.update_item, TableName="orders", Key={"pk": S("c1"), "sk": S("o1")},
                     UpdateExpression="SET #s = :v", ExpressionAttributeNames={"#s": "status"},
                     ExpressionAttributeValues={":v": S("")}),
            (400, "ValidationException",
             "One or more parameter values are not valid. The update expression attempted to "
             "update a secondary index key to a value that is not supported. The AttributeValue "
             "for a key attribute cannot contain an empty string value. IndexName: by-status, "
             "IndexKey: status"))
        self.assertEqual(
            error_of(self.ddb.batch_write_item, RequestItems={"orders": [
                {"PutRequest": {"Item": {"pk": S("ok"), "sk": S("1")}}},
                {"PutRequest": {"Item": bad}}]})[1],
            "ValidationException")
        # Nothing changed.
        self.assertNotIn("Item", self.ddb.get_item(TableName="orders",
                                                   Key={"pk": S("ok"), "sk": S("1")}))
        item = self.ddb.get_item(TableName="orders", Key={"pk": S("c1"), "sk": S("o1")})["Item"]
        self.assertEqual(item["status"], S("open"))

    def test_create_table_index_errors(self):
        def create(**extra):
            args = dict(TableName="bad-index", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=DEFS, KeySchema=TABLE_KEY)
            args.update(extra)
            return self.ddb.create_table(**args)

        def invalid(detail):
            return (400, "ValidationException",
                    "One or more parameter values were invalid: " + detail)

        self.assertEqual(
            error_of(create, AttributeDefinitions=DEFS[:1] + DEFS[2:],
                     KeySchema=TABLE_KEY[:1],
                     LocalSecondaryIndexes=[gsi("lix", "pk", "score")]),
            invalid("Table KeySchema does not have a range key, which is required when "
                    "specifying a LocalSecondaryIndex"))
        self.assertEqual(
            error_of(create, LocalSecondaryIndexes=[gsi("lix", "status", "score")],
                     GlobalSecondaryIndexes=[gsi("gix", "status")]),
            invalid("Index KeySchema does not have the same leading hash key as table KeySchema "
                    "for index: lix. index hash key: status, table hash key: pk"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[gsi("gix", "status"), gsi("gix", "score")]),
            invalid("Duplicate index name: gix"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[gsi("gix", "nope")]),
            invalid("Some index key attributes are not defined in AttributeDefinitions. "
                    "Keys: [nope], AttributeDefinitions: [pk, sk, status, score]"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[gsi("gix", "status")]),
            invalid("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    "[pk, sk, status, score], keys used: [pk, sk, status]"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[
                gsi("gix", "status", "score", {"ProjectionType": "ALL",
                                             "NonKeyAttributes": ["x"]})]),
            invalid("ProjectionType is ALL, but NonKeyAttributes is specified"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[gsi("gix", "status", "score", ProvisionedThroughput={
                "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})]),
            invalid("ProvisionedThroughput should not be specified for index: gix when BillingMode "
                    "is PAY_PER_REQUEST"))
        self.assertEqual(
            error_of(create, BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                     GlobalSecondaryIndexes=[gsi("gix", "status", "score")]),
            invalid("ProvisionedThroughput is not specified for index: gix"))
        self.assertEqual(
            error_of(create, GlobalSecondaryIndexes=[
                gsi(f"gix{i}", "status", "score") for i in range(21)]),
            invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20"))
        self.assertEqual(
            error_of(create, LocalSecondaryIndexes=[
                gsi(f"lix{i}", "pk", "score") for i in range(6)],
                GlobalSecondaryIndexes=[gsi("gix", "status")]),
            invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5"))
        raw = self.server.client("dynamodb", parameter_validation=False)
        self.assertEqual(
            error_of(raw.create_table, TableName="bad-index", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=DEFS, KeySchema=TABLE_KEY, GlobalSecondaryIndexes=[
                         {"IndexName": "gix",
                          "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}]}]),
            (400, "ValidationException",
             "1 validation error detected: Value null at "
             "'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member "
             "must not be null"))
        self.assertNotIn("bad-index", self.ddb.list_tables()["TableNames"])

    def test_update_table_adds_and_drops_a_gsi(self):
        self.ddb.create_table(TableName="grow", BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=DEFS[:1], KeySchema=TABLE_KEY[:1])
        for i in range(5):
            item = {"pk": S(f"p{i}"), "color": S("red" if i < 3 else "blue")}
            if i == 4:
                item["color"] = N(7)  # wrong type for the new index: left out of it
            self.ddb.put_item(TableName="grow", Item=item)
        out = self.ddb.update_table(
            TableName="grow",
            AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("by-color", "color")}])["TableDescription"]
        self.assertEqual(out["TableStatus"], "UPDATING")
        [g] = out["GlobalSecondaryIndexes"]
        self.assertEqual((g["IndexName"], g["IndexStatus"], g["Backfilling"]),
                         ("by-color", "CREATING", False))
        self.assertIn({"AttributeName": "color", "AttributeType": "S"},
                      out["AttributeDefinitions"])
        table = self.ddb.describe_table(TableName="grow")["Table"]
        self.assertEqual(table["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE")
        self.assertEqual(table["GlobalSecondaryIndexes"][0]["ItemCount"], 4)
        red = self.ddb.query(TableName="grow", IndexName="by-color",
                             KeyConditionExpression="color = :c",
                             ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(red["Count"], 3)

        self.assertEqual(
            error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[
                {"Create": gsi("by-color", "color")}],
                AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}]),
            (400, "ValidationException", "One or more parameter values were invalid: Attempting "
                                         "to create an index which already exists"))
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[
                {"Delete": {"IndexName": "by-color"}},
                {"Create": gsi("other", "color")}],
                AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}]),
            (400, "LimitExceededException",
             "Subscriber limit exceeded: Only 1 online index can be created or deleted "
             "simultaneously per table"))
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="grow", GlobalSecondaryIndexUpdates=[
                {"Delete": {"IndexName": "missing"}}]),
            (400, "ResourceNotFoundException",
             "Requested resource not found: Index: missing not found"))

        out = self.ddb.update_table(TableName="grow", GlobalSecondaryIndexUpdates=[
            {"Delete": {"IndexName": "by-color"}}])["TableDescription"]
        self.assertEqual(out["GlobalSecondaryIndexes"][0]["IndexStatus"], "DELETING")
        table = self.ddb.describe_table(TableName="grow")["Table"]
        self.assertNotIn("GlobalSecondaryIndexes", table)
        self.assertEqual(table["AttributeDefinitions"],
                         [{"AttributeName": "pk", "AttributeType": "S"}])
        self.assertEqual(
            error_of(self.ddb.query, TableName="grow", IndexName="by-color",
                     KeyConditionExpression="color = :c", ExpressionAttributeValues={":c": S("red")}),
            (400, "ValidationException", "The table does not have the specified index: by-color"))

    def test_cli_creates_and_queries_a_gsi(self):
        def cli(*args):
            _, out, _ = self.server.aws("dynamodb", *args)
            return json.loads(out) if out.strip() else None

        cli("create-table", "--table-name", "GameScores",
            "--attribute-definitions", "AttributeName=UserId,AttributeType=S",
            "AttributeName=GameTitle,AttributeType=S", "AttributeName=TopScore,AttributeType=N",
            "--key-schema", "AttributeName=UserId,KeyType=HASH",
            "AttributeName=GameTitle,KeyType=RANGE", "--billing-mode", "PAY_PER_REQUEST",
            "--global-secondary-indexes", json.dumps([gsi(
                "GameTitleIndex", "GameTitle", "TopScore",
                {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["UserId"]})]))
        for user, score in (("u1", 10), ("u2", 30), ("u3", 20)):
            cli("put-item", "--table-name", "GameScores", "--item", json.dumps(
                {"UserId": S(user), "GameTitle": S("Galaxy"), "TopScore": N(score)}))
        out = cli("query", "--table-name", "GameScores", "--index-name", "GameTitleIndex",
                  "--key-condition-expression", "GameTitle = :g",
                  "--expression-attribute-values", json.dumps({":g": S("Galaxy")}),
                  "--no-scan-index-forward", "--max-items", "2")
        self.assertEqual([i["UserId"]["S"] for i in out["Items"]], ["u2", "u3"])
        self.assertIn("NextToken", out)

    def test_indexes_survive_a_restart(self):
        data = tempfile.mkdtemp()
        server = LocalCloud(data_dir=data).start()
        try:
            ddb = server.client("dynamodb")
            ddb.create_table(TableName="kept", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=DEFS[:1] + DEFS[2:3], KeySchema=TABLE_KEY[:1],
                             GlobalSecondaryIndexes=[gsi("st-idx", "status")])
            ddb.put_item(TableName="kept", Item={"pk": S("a"), "status": S("on")})
            server.stop()
            server.start()
            ddb = server.client("dynamodb")
            ddb.put_item(TableName="kept", Item={"pk": S("b"), "status": S("on")})
            out = ddb.query(TableName="kept", IndexName="st-idx", KeyConditionExpression="#s = :s",
                            ExpressionAttributeNames={"#s": "status"},
                            ExpressionAttributeValues={":s": S("on")})
            self.assertEqual(sorted(i["pk"]["S"] for i in out["Items"]), ["a", "b"])
        finally:
            server.stop()
            shutil.rmtree(data)


if __name__ == "__main__":
    unittest.main()
