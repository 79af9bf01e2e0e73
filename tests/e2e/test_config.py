"""The config file: `--config config/workshop.json` serves the workshop with no other
step, idempotently across restarts; bad files exit 2 naming the JSON path; edited code
directories take effect on the next invocation."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

from localcloud_server import LocalCloud

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORKSHOP = os.path.join(ROOT, "config", "workshop.json")
NATIVE = os.path.join(ROOT, "config", "workshop-native.json")
PEOPLE = ["Martha Rivera", "Nikki Wolf", "Paulo Santos"]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


class WorkshopConfigTests(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.data, ignore_errors=True)

    def test_relative_data_dir_as_make_run_uses(self):
        # `make run` serves from the repository with --data-dir .localcloud (relative).
        server = self.start(WORKSHOP, data_dir="relative-data", cwd=self.data)
        self.assertEqual(self.users(server), PEOPLE)
        self.assertTrue(os.path.isdir(os.path.join(self.data, "relative-data", "lambda")))

    def start(self, config, **kwargs):
        server = LocalCloud("--config", config, **kwargs).start(timeout=60)
        self.addCleanup(server.stop)
        return server

    def users(self, server):
        status, _, body = get(server.endpoint + "/v1/users")
        self.assertEqual(status, 200, body)
        return sorted(u["FullName"] for u in json.loads(body))

    def test_workshop_is_served_and_survives_restart_without_duplicates(self):
        server = self.start(WORKSHOP, data_dir=self.data)
        self.assertEqual(self.users(server), PEOPLE)
        status, headers, body = get(server.endpoint + "/v1/")
        self.assertEqual((status, body), (403, '{"message":"Missing Authentication Token"}'))
        self.assertEqual(headers.get("x-amzn-ErrorType"), "MissingAuthenticationTokenException")
        api = server.client("apigateway").get_rest_apis()["items"]
        self.assertEqual([a["name"] for a in api], ["ServerlessREST"])
        server.stop()
        server = self.start(WORKSHOP, data_dir=self.data)
        self.assertEqual(self.users(server), PEOPLE)
        self.assertEqual(len(server.client("apigateway").get_rest_apis()["items"]), 1)
        self.assertEqual(len(server.client("lambda").list_functions()["Functions"]), 3)
        r = server.client("lambda").invoke(FunctionName="first-function", Payload=b"{}")
        self.assertEqual(json.loads(r["Payload"].read())["statusCode"], 200)

    def test_native_workshop(self):
        server = self.start(NATIVE)
        self.assertEqual(self.users(server), PEOPLE)

    def test_edited_code_takes_effect(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        os.makedirs(os.path.join(work, "hello"))
        handler = os.path.join(work, "hello", "index.mjs")
        with open(handler, "w") as f:
            f.write("export const handler = async () => 'first';\n")
        config = os.path.join(work, "config.json")
        with open(config, "w") as f:
            json.dump({"functions": [{"FunctionName": "hello", "Runtime": "nodejs20.x",
                                      "Handler": "index.handler", "Code": "hello"}],
                       "restApis": [{"name": "api", "resources": {"/hi": {"GET": {
                           "integration": {"type": "AWS", "function": "hello"}}}},
                           "stages": {"dev": {}}}]}, f)
        server = self.start(config)
        self.assertEqual(get(server.endpoint + "/dev/hi")[2], '"first"')
        with open(handler, "w") as f:
            f.write("export const handler = async () => 'second';\n")
        deadline = time.time() + 10
        while get(server.endpoint + "/dev/hi")[2] != '"second"':
            self.assertLess(time.time(), deadline, "the edit was not picked up")
            time.sleep(0.2)

    def test_table_indexes_are_declared_and_added_on_restart(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        config = os.path.join(work, "config.json")
        table = {"TableName": "people",
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                          {"AttributeName": "city", "AttributeType": "S"},
                                          {"AttributeName": "age", "AttributeType": "N"}],
                 "GlobalSecondaryIndexes": [{
                     "IndexName": "by-city",
                     "KeySchema": [{"AttributeName": "city", "KeyType": "HASH"}],
                     "Projection": {"ProjectionType": "ALL"}}],
                 "Items": [{"id": "1", "city": "Lima", "age": 30},
                           {"id": "2", "city": "Oslo", "age": 40},
                           {"id": "3", "city": "Lima", "age": 50}]}

        def write(doc):
            with open(config, "w") as f:
                json.dump({"tables": [doc]}, f)

        def query(server, index, cond, values):
            return server.client("dynamodb").query(
                TableName="people", IndexName=index, KeyConditionExpression=cond,
                ExpressionAttributeValues=values)["Items"]

        write(dict(table, AttributeDefinitions=table["AttributeDefinitions"][:2]))
        server = self.start(config, data_dir=self.data)
        lima = query(server, "by-city", "city = :c", {":c": {"S": "Lima"}})
        self.assertEqual(sorted(i["id"]["S"] for i in lima), ["1", "3"])
        server.stop()
        # A second index in the config is added to the existing table and built from its items.
        table["GlobalSecondaryIndexes"].append({
            "IndexName": "by-age", "KeySchema": [{"AttributeName": "age", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}})
        write(table)
        server = self.start(config, data_dir=self.data)
        self.assertEqual(query(server, "by-age", "age = :a", {":a": {"N": "40"}}),
                         [{"id": {"S": "2"}, "age": {"N": "40"}}])
        self.assertEqual(server.client("dynamodb").scan(TableName="people")["Count"], 3)

    def test_a_data_directory_serves_one_process(self):
        # A second server on a directory in use exits 2 and says so; the first keeps its data.
        first = LocalCloud(data_dir=self.data).start()
        self.addCleanup(first.stop)
        ddb = first.client("dynamodb")
        ddb.create_table(TableName="kept", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
        out = subprocess.run([os.environ["LOCALCLOUD_BIN"], "--port", "0", "--data-dir",
                              self.data], capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("is in use by another process", out.stderr.strip().splitlines()[-1])
        self.assertEqual(ddb.list_tables()["TableNames"], ["kept"])

    def test_bad_config_exits_2_naming_the_path(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        cases = [
            ({"functions": [{"FunctionName": "f", "Runtime": "nodejs20.x",
                             "Handler": "index.handler", "Code": "missing"}]},
             "$.functions[0].Code: no directory"),
            ({"tables": [{"TableName": "t", "KeySchema": "no"}]}, "$.tables[0].KeySchema"),
            ({"restApis": [{"name": "a", "resources": {"/x": {"GET": {"integration": {
                "type": "AWS", "function": "nope"}}}}, "stages": {"v1": {}}}]},
             "$.restApis[0].resources[\"/x\"].GET.integration.function"),
            ({"tables": [{"TableName": "tbl", "KeySchema": [{"AttributeName": "k",
                                                          "KeyType": "HASH"}],
                          "AttributeDefinitions": []}]}, "$.tables[0]: "),
        ]
        for doc, expected in cases:
            path = os.path.join(work, "bad.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            out = subprocess.run([os.environ["LOCALCLOUD_BIN"], "--port", "0", "--in-memory",
                                  "--config", path], capture_output=True, text=True, timeout=30)
            self.assertEqual(out.returncode, 2, out.stderr)
            # One line says what is wrong (log lines of a started server may precede it).
            last = out.stderr.strip().splitlines()[-1]
            self.assertTrue(last.startswith("localcloud: config file "), out.stderr)
            self.assertIn(expected, last)


if __name__ == "__main__":
    unittest.main()
