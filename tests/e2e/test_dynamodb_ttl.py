"""DynamoDB Time to Live: UpdateTimeToLive/DescribeTimeToLive and the sweeper that deletes
expired items (run here every 0.2 s through --ttl-interval)."""
import shutil
import tempfile
import time
import unittest

from localcloud_server import LocalCloud, error_of


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


class TtlTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud("--ttl-interval", "0.2").start()
        cls.ddb = cls.server.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, **extra):
        args = dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        args.update(extra)
        self.ddb.create_table(**args)

    def enable(self, name, attribute="expires"):
        return self.ddb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute})

    def keys(self, name):
        return sorted(i["pk"]["S"] for i in self.ddb.scan(TableName=name)["Items"])

    def wait_for_keys(self, name, expected, timeout=5):
        deadline = time.time() + timeout
        while self.keys(name) != expected:
            self.assertLess(time.time(), deadline, f"still {self.keys(name)}")
            time.sleep(0.1)

    def test_describe_enable_disable(self):
        self.create("ttl-api")
        self.assertEqual(self.ddb.describe_time_to_live(TableName="ttl-api")["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "DISABLED"})
        out = self.enable("ttl-api")
        self.assertEqual(out["TimeToLiveSpecification"], {"Enabled": True, "AttributeName": "expires"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName="ttl-api")["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        self.assertNotIn("TimeToLiveDescription",
                         self.ddb.describe_table(TableName="ttl-api")["Table"])
        self.assertEqual(error_of(self.enable, "ttl-api"),
                         (400, "ValidationException", "TimeToLive is already enabled"))
        self.assertEqual(
            error_of(self.ddb.update_time_to_live, TableName="ttl-api",
                     TimeToLiveSpecification={"Enabled": False, "AttributeName": "other"}),
            (400, "ValidationException",
             "TimeToLive is active on a different AttributeName: current AttributeName is expires"))
        out = self.ddb.update_time_to_live(
            TableName="ttl-api", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
        self.assertEqual(out["TimeToLiveSpecification"], {"Enabled": False, "AttributeName": "expires"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName="ttl-api")["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "DISABLED"})
        self.assertEqual(
            error_of(self.ddb.update_time_to_live, TableName="ttl-api",
                     TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"}),
            (400, "ValidationException", "TimeToLive is already disabled"))

    def test_errors(self):
        self.assertEqual(error_of(self.ddb.describe_time_to_live, TableName="missing"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Table: missing not found"))
        self.assertEqual(error_of(self.enable, "missing"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Table: missing not found"))
        raw = self.server.client("dynamodb", parameter_validation=False)
        self.assertEqual(error_of(raw.update_time_to_live, TableName="missing"),
                         (400, "ValidationException",
                          "1 validation error detected: Value null at 'timeToLiveSpecification' "
                          "failed to satisfy constraint: Member must not be null"))

    def test_sweeper_deletes_expired_items_only(self):
        self.create("ttl-sweep")
        now = int(time.time())
        items = {"past": N(now - 60), "future": N(now + 3600), "text": S("1"),
                 "ancient": N(now - 6 * 365 * 86400), "none": None}
        for key, expires in items.items():
            item = {"pk": S(key)}
            if expires:
                item["expires"] = expires
            self.ddb.put_item(TableName="ttl-sweep", Item=item)
        # Not enabled yet: nothing is deleted.
        time.sleep(0.5)
        self.assertEqual(len(self.keys("ttl-sweep")), 5)
        # Enabling indexes the existing items; the sweeper deletes the expired one.
        self.enable("ttl-sweep")
        self.wait_for_keys("ttl-sweep", ["ancient", "future", "none", "text"])
        # Items written later, and items updated into the past, expire too.
        self.ddb.put_item(TableName="ttl-sweep", Item={"pk": S("soon"), "expires": N(now + 1)})
        self.ddb.update_item(TableName="ttl-sweep", Key={"pk": S("future")},
                             UpdateExpression="SET expires = :t",
                             ExpressionAttributeValues={":t": N(now - 1)})
        self.wait_for_keys("ttl-sweep", ["ancient", "none", "text"], timeout=8)
        # Moving an expiry into the future keeps the item.
        self.ddb.put_item(TableName="ttl-sweep", Item={"pk": S("kept"), "expires": N(now - 5)})
        self.ddb.update_item(TableName="ttl-sweep", Key={"pk": S("kept")},
                             UpdateExpression="SET expires = :t",
                             ExpressionAttributeValues={":t": N(now + 3600)})
        time.sleep(0.6)
        self.assertIn("kept", self.keys("ttl-sweep"))
        self.assertEqual(self.ddb.describe_table(TableName="ttl-sweep")["Table"]["ItemCount"], 4)

    def test_expired_items_leave_indexes_too(self):
        self.create("ttl-index", AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "kind", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-kind",
                                     "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        self.enable("ttl-index", "ttl")
        self.ddb.put_item(TableName="ttl-index", Item={"pk": S("a"), "kind": S("k"),
                                                       "ttl": N(int(time.time()) - 1)})
        self.wait_for_keys("ttl-index", [])
        out = self.ddb.query(TableName="ttl-index", IndexName="by-kind",
                             KeyConditionExpression="kind = :k",
                             ExpressionAttributeValues={":k": S("k")})
        self.assertEqual(out["Count"], 0)

    def test_ttl_survives_restart(self):
        data = tempfile.mkdtemp()
        server = LocalCloud("--ttl-interval", "0.2", data_dir=data).start()
        try:
            ddb = server.client("dynamodb")
            ddb.create_table(TableName="ttl-kept", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
            ddb.update_time_to_live(TableName="ttl-kept", TimeToLiveSpecification={
                "Enabled": True, "AttributeName": "expires"})
            ddb.put_item(TableName="ttl-kept", Item={"pk": S("a"),
                                                     "expires": N(int(time.time()) + 2)})
            server.stop()
            server.start()
            ddb = server.client("dynamodb")
            self.assertEqual(ddb.describe_time_to_live(TableName="ttl-kept")
                             ["TimeToLiveDescription"]["TimeToLiveStatus"], "ENABLED")
            deadline = time.time() + 8
            while ddb.scan(TableName="ttl-kept")["Count"]:
                self.assertLess(time.time(), deadline)
                time.sleep(0.1)
        finally:
            server.stop()
            shutil.rmtree(data)


if __name__ == "__main__":
    unittest.main()
