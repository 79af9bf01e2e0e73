"""DynamoDB table operations through boto3 and the AWS CLI, as AWS behaves."""
import json
import unittest


from localcloud_server import LocalCloud, error_of



class TableTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.ddb = cls.server.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, **extra):
        args = dict(TableName=name,
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    BillingMode="PAY_PER_REQUEST")
        args.update(extra)
        return self.ddb.create_table(**args)

    # CreateTable answers CREATING; the table is ACTIVE at once, so waiters pass.
    def test_create_describe_delete(self):
        out = self.create("crud")["TableDescription"]
        self.assertEqual(out["TableStatus"], "CREATING")
        self.assertEqual(out["TableArn"], "arn:aws:dynamodb:us-east-1:000000000000:table/crud")
        self.assertEqual(out["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(out["ItemCount"], 0)
        self.assertEqual(len(out["TableId"]), 36)
        self.ddb.get_waiter("table_exists").wait(TableName="crud",
                                                 WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        table = self.ddb.describe_table(TableName="crud")["Table"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["TableId"], out["TableId"])
        self.assertEqual(table["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"}])
        self.assertEqual(table["WarmThroughput"],
                         {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000,
                          "Status": "ACTIVE"})
        gone = self.ddb.delete_table(TableName="crud")["TableDescription"]
        self.assertEqual(gone["TableStatus"], "DELETING")
        self.assertNotIn("KeySchema", gone)
        self.assertEqual(error_of(self.ddb.describe_table, TableName="crud"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Table: crud not found"))

    def test_create_twice_is_resource_in_use(self):
        self.create("twice")
        self.assertEqual(error_of(self.create, "twice"),
                         (400, "ResourceInUseException", "Table already exists: twice"))

    def test_delete_missing_table(self):
        self.assertEqual(error_of(self.ddb.delete_table, TableName="non-existent"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Table: non-existent not found"))

    def test_provisioned_and_billing_rules(self):
        self.assertEqual(
            error_of(self.create, "ppr", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                "WriteCapacityUnits": 1}),
            (400, "ValidationException",
             "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
             "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"))
        self.assertEqual(
            error_of(self.create, "prov", BillingMode="PROVISIONED"),
            (400, "ValidationException",
             "One or more parameter values were invalid: ReadCapacityUnits and "
             "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"))
        out = self.ddb.create_table(
            TableName="prov", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
        pt = out["TableDescription"]["ProvisionedThroughput"]
        self.assertEqual((pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]), (5, 5))
        self.assertNotIn("BillingModeSummary", out["TableDescription"])
        up = self.ddb.update_table(TableName="prov", ProvisionedThroughput={
            "ReadCapacityUnits": 2, "WriteCapacityUnits": 7})["TableDescription"]
        self.assertEqual(up["ProvisionedThroughput"]["NumberOfDecreasesToday"], 1)
        self.assertEqual(up["ProvisionedThroughput"]["WriteCapacityUnits"], 7)
        up = self.ddb.update_table(TableName="prov", BillingMode="PAY_PER_REQUEST")
        self.assertEqual(up["TableDescription"]["BillingModeSummary"]["BillingMode"],
                         "PAY_PER_REQUEST")

    def test_key_schema_validation(self):
        def bad(**kw):
            return error_of(self.ddb.create_table, TableName="badkeys",
                            BillingMode="PAY_PER_REQUEST", **kw)
        self.assertEqual(
            bad(AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "b", "KeyType": "HASH"}]),
            (400, "ValidationException",
             "One or more parameter values were invalid: Some index key attributes are not "
             "defined in AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]"))
        self.assertEqual(
            bad(AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                      {"AttributeName": "b", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"},
                           {"AttributeName": "b", "KeyType": "HASH"}]),
            (400, "ValidationException",
             "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"))
        self.assertEqual(
            bad(AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                      {"AttributeName": "b", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}]),
            (400, "ValidationException",
             "One or more parameter values were invalid: Number of attributes in KeySchema does "
             "not exactly match number of attributes defined in AttributeDefinitions"))
        self.assertEqual(
            bad(AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "X"}],
                KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}]),
            (400, "ValidationException",
             "1 validation error detected: Value 'X' at "
             "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
             "Member must satisfy enum value set: [B, N, S]"))
        self.assertEqual(self.ddb.list_tables()["TableNames"].count("badkeys"), 0)

    def test_table_name_rules(self):
        self.assertEqual(error_of(self.create, "ab"),
                         (400, "ValidationException",
                          "TableName must be at least 3 characters long and at most 255 "
                          "characters long"))
        self.assertEqual(error_of(self.create, "bad name!"),
                         (400, "ValidationException",
                          "1 validation error detected: Value 'bad name!' at 'tableName' failed "
                          "to satisfy constraint: Member must satisfy regular expression "
                          "pattern: [a-zA-Z0-9_.-]+"))

    # ListTables pages in byte order with LastEvaluatedTableName.
    def test_list_tables_pagination(self):
        names = ["page-%02d" % i for i in range(7)]
        for n in names:
            self.create(n)
        seen, start = [], None
        while True:
            kw = {"Limit": 3}
            if start:
                kw["ExclusiveStartTableName"] = start
            page = self.ddb.list_tables(**kw)
            self.assertLessEqual(len(page["TableNames"]), 3)
            seen += page["TableNames"]
            start = page.get("LastEvaluatedTableName")
            if not start:
                break
        self.assertEqual([n for n in seen if n.startswith("page-")], names)
        self.assertEqual(seen, sorted(seen))

    def test_tags(self):
        arn = self.create("tagged", Tags=[{"Key": "team", "Value": "a"}])[
            "TableDescription"]["TableArn"]
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"},
                                                     {"Key": "team", "Value": "b"}])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "b"}])
        self.ddb.untag_resource(ResourceArn=arn, TagKeys=["env"])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "team", "Value": "b"}])
        missing = "arn:aws:dynamodb:us-east-1:000000000000:table/none"
        self.assertEqual(error_of(self.ddb.list_tags_of_resource, ResourceArn=missing),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: ResourcArn: " + missing + " not found"))

    def test_deletion_protection(self):
        self.create("guarded", DeletionProtectionEnabled=True)
        code, _, msg = error_of(self.ddb.delete_table, TableName="guarded")
        self.assertEqual(code, 400)
        self.assertIn("protected against deletion", msg)
        self.ddb.update_table(TableName="guarded", DeletionProtectionEnabled=False)
        self.ddb.delete_table(TableName="guarded")

    def test_limits_and_endpoints(self):
        limits = self.ddb.describe_limits()
        self.assertEqual(limits["TableMaxReadCapacityUnits"], 40000)
        self.assertEqual(self.ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"],
                         1440)

    # The AWS CLI drives the same operations.
    def test_aws_cli(self):
        _, out, _ = self.server.aws(
            "dynamodb", "create-table", "--table-name", "cli-table",
            "--attribute-definitions", "AttributeName=id,AttributeType=S",
            "AttributeName=ts,AttributeType=N",
            "--key-schema", "AttributeName=id,KeyType=HASH", "AttributeName=ts,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST")
        self.assertEqual(json.loads(out)["TableDescription"]["KeySchema"][1],
                         {"AttributeName": "ts", "KeyType": "RANGE"})
        self.server.aws("dynamodb", "wait", "table-exists", "--table-name", "cli-table")
        _, out, _ = self.server.aws("dynamodb", "list-tables")
        self.assertIn("cli-table", json.loads(out)["TableNames"])
        code, _, err = self.server.aws("dynamodb", "describe-table", "--table-name", "nope",
                                       check=False)
        self.assertEqual(code, 255)
        self.assertIn("ResourceNotFoundException", err)


class TablePersistenceTests(unittest.TestCase):
    """Tables survive a restart on the same data directory, and kill -9."""

    def test_restart_and_kill(self):
        import tempfile
        import signal
        with tempfile.TemporaryDirectory() as d:
            first = LocalCloud(data_dir=d).start()
            ddb = first.client("dynamodb")
            ddb.create_table(TableName="kept",
                             AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                             BillingMode="PAY_PER_REQUEST")
            self.assertEqual(first.stop(signal.SIGKILL), -signal.SIGKILL)
            second = LocalCloud(data_dir=d).start()
            try:
                table = second.client("dynamodb").describe_table(TableName="kept")["Table"]
                self.assertEqual(table["TableStatus"], "ACTIVE")
            finally:
                self.assertEqual(second.stop(), 0)


if __name__ == "__main__":
    unittest.main()
