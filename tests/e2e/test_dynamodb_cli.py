"""The AWS CLI against localcloud's DynamoDB: every item operation, as a
user types it, and the CLI's view of AWS's errors."""
import json
import os
import unittest

from localcloud_server import LocalCloud


class CliTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.aws = cls.server.aws
        cls.aws("dynamodb", "create-table", "--table-name", "serverless_workshop_intro",
                "--attribute-definitions", "AttributeName=_id,AttributeType=S",
                "--key-schema", "AttributeName=_id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def run_json(self, *args):
        return json.loads(self.aws(*args)[1] or "{}")

    # The workshop's first item, put and read back by hand.
    def test_put_get_update_delete(self):
        self.aws("dynamodb", "put-item", "--table-name", "serverless_workshop_intro",
                 "--item", '{"_id": {"S": "1"}, "Name": {"S": "Ana"}}')
        got = self.run_json("dynamodb", "get-item", "--table-name", "serverless_workshop_intro",
                            "--key", '{"_id": {"S": "1"}}')
        self.assertEqual(got["Item"], {"_id": {"S": "1"}, "Name": {"S": "Ana"}})
        up = self.run_json("dynamodb", "update-item", "--table-name", "serverless_workshop_intro",
                           "--key", '{"_id": {"S": "1"}}', "--update-expression", "SET Age = :a",
                           "--expression-attribute-values", '{":a": {"N": "30"}}',
                           "--return-values", "UPDATED_NEW")
        self.assertEqual(up["Attributes"], {"Age": {"N": "30"}})
        self.aws("dynamodb", "delete-item", "--table-name", "serverless_workshop_intro",
                 "--key", '{"_id": {"S": "1"}}')
        got = self.run_json("dynamodb", "get-item", "--table-name", "serverless_workshop_intro",
                            "--key", '{"_id": {"S": "1"}}')
        self.assertNotIn("Item", got)

    def test_scan_and_query(self):
        for i in range(3):
            self.aws("dynamodb", "put-item", "--table-name", "serverless_workshop_intro",
                     "--item", json.dumps({"_id": {"S": "q%d" % i}, "n": {"N": str(i)}}))
        scan = self.run_json("dynamodb", "scan", "--table-name", "serverless_workshop_intro",
                             "--filter-expression", "n >= :z",
                             "--expression-attribute-values", '{":z": {"N": "1"}}')
        self.assertEqual(sorted(i["_id"]["S"] for i in scan["Items"]), ["q1", "q2"])
        query = self.run_json("dynamodb", "query", "--table-name", "serverless_workshop_intro",
                              "--key-condition-expression", "#i = :i",
                              "--expression-attribute-names", '{"#i": "_id"}',
                              "--expression-attribute-values", '{":i": {"S": "q2"}}')
        self.assertEqual(query["Count"], 1)

    def test_batch_write_from_file(self):
        import tempfile
        requests = {"serverless_workshop_intro": [
            {"PutRequest": {"Item": {"_id": {"S": "f%d" % i}}}} for i in range(5)]}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(requests, f)
        self.addCleanup(os.unlink, f.name)
        out = self.run_json("dynamodb", "batch-write-item", "--request-items", "file://" + f.name)
        self.assertEqual(out["UnprocessedItems"], {})

    def test_errors_reach_the_cli(self):
        code, _, err = self.aws("dynamodb", "get-item", "--table-name", "nope",
                                "--key", '{"_id": {"S": "1"}}', check=False)
        self.assertEqual(code, 255)
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the GetItem "
                      "operation: Requested resource not found", err)
        code, _, err = self.aws("dynamodb", "put-item", "--table-name", "serverless_workshop_intro",
                                "--item", '{"_id": {"S": "x"}}', "--condition-expression",
                                "attribute_exists(#i)", "--expression-attribute-names",
                                '{"#i": "_id"}', check=False)
        self.assertEqual(code, 255)
        self.assertIn("ConditionalCheckFailedException", err)


if __name__ == "__main__":
    unittest.main()
