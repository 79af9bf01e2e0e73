"""The legacy (pre-expression) parameters older SDK code still sends:
Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter,
AttributesToGet and ConditionalOperator."""
import unittest

from botocore.exceptions import ClientError

from localcloud_server import LocalCloud


class LegacyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.ddb = cls.server.client("dynamodb")
        cls.ddb.create_table(
            TableName="legacy", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}])
        for i in range(6):
            cls.ddb.put_item(TableName="legacy", Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                                       "color": {"S": "red" if i % 2 else "blue"}})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_expected_guards_a_put(self):
        item = {"pk": {"S": "e"}, "sk": {"N": "1"}}
        self.ddb.put_item(TableName="legacy", Item=item, Expected={"pk": {"Exists": False}})
        with self.assertRaises(ClientError) as cm:
            self.ddb.put_item(TableName="legacy", Item=item, Expected={"pk": {"Exists": False}})
        self.assertEqual(cm.exception.response["Error"]["Code"], "ConditionalCheckFailedException")

    def test_attribute_updates(self):
        key = {"pk": {"S": "u"}, "sk": {"N": "1"}}
        out = self.ddb.update_item(TableName="legacy", Key=key, ReturnValues="ALL_NEW", AttributeUpdates={
            "n": {"Action": "ADD", "Value": {"N": "5"}}, "name": {"Value": {"S": "x"}}})
        self.assertEqual(out["Attributes"]["n"], {"N": "5"})
        self.assertEqual(out["Attributes"]["name"], {"S": "x"})
        out = self.ddb.update_item(TableName="legacy", Key=key, ReturnValues="ALL_NEW",
                                   AttributeUpdates={"name": {"Action": "DELETE"}})
        self.assertNotIn("name", out["Attributes"])

    def test_key_conditions_query_filter_and_attributes_to_get(self):
        out = self.ddb.query(TableName="legacy", KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "4"}]}},
            QueryFilter={"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]}},
            AttributesToGet=["sk"])
        self.assertEqual(out["Items"], [{"sk": {"N": "1"}}, {"sk": {"N": "3"}}])
        self.assertEqual(out["ScannedCount"], 4)

    def test_scan_filter_with_or(self):
        out = self.ddb.scan(TableName="legacy", ConditionalOperator="OR", ScanFilter={
            "sk": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "1"}]},
            "color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]}})
        self.assertEqual(sorted(int(i["sk"]["N"]) for i in out["Items"] if i["pk"]["S"] == "p"),
                         [0, 1, 3, 5])

    # Mixing the two styles is refused before anything runs.
    def test_mixing_styles_is_refused(self):
        with self.assertRaises(ClientError) as cm:
            self.ddb.put_item(TableName="legacy", Item={"pk": {"S": "m"}, "sk": {"N": "1"}},
                              Expected={"pk": {"Exists": False}},
                              ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "Can not use both expression and non-expression parameters in the same "
                         "request: Non-expression parameters: {Expected} Expression parameters: "
                         "{ConditionExpression}")


if __name__ == "__main__":
    unittest.main()
