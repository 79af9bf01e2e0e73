"""Handlers use the AWS SDK for JavaScript v3 that localcloud's Node.js runtime
provides, as nodejs20.x provides it: no node_modules in the function's code,
ES modules and CommonJS alike, and every client pointed at localcloud by
AWS_ENDPOINT_URL (a stand-in DynamoDB endpoint here)."""
import os
import unittest
from pathlib import Path

from execution_environment import NODE_MODULES
from runtime_test_case import RuntimeTestCase, StubDynamoDB

ESM_HANDLER = """
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const client = new DynamoDBClient({});
const docClient = DynamoDBDocumentClient.from(client);

export const handler = async () => {
  const tables = await docClient.send(new ListTablesCommand({}));
  return { tables: tables.TableNames, region: await client.config.region() };
};
"""

CJS_HANDLER = """
const { DynamoDBClient, ListTablesCommand } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient } = require("@aws-sdk/lib-dynamodb");
const docClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async () => ({ tables: (await docClient.send(new ListTablesCommand({}))).TableNames });
"""


@unittest.skipUnless((NODE_MODULES / "@aws-sdk" / "client-dynamodb").is_dir(),
                     "runtime/nodejs/node_modules is missing: run .ci/setup")
class SdkTest(RuntimeTestCase):
    runtime = "nodejs"

    def setUp(self):
        self.dynamodb = StubDynamoDB()
        self.addCleanup(self.dynamodb.close)

    def start_with_sdk(self, files, **kwargs):
        return self.start(files, "index.handler", endpoint_url=self.dynamodb.url, **kwargs)

    def assert_reached_dynamodb(self, result):
        self.assertEqual(result["tables"], ["localcloud-stub"])
        self.assertEqual(self.dynamodb.targets, ["DynamoDB_20120810.ListTables"])

    def test_es_module_imports_the_sdk_without_node_modules(self):
        api, env = self.start_with_sdk({"index.mjs": ESM_HANDLER})
        self.assertFalse((env.task_root / "node_modules").exists())
        result = self.invoke_ok(api, timeout=15)
        self.assert_reached_dynamodb(result)
        self.assertEqual(result["region"], "us-east-1")

    def test_commonjs_requires_the_sdk(self):
        api, _ = self.start_with_sdk({"index.js": CJS_HANDLER})
        self.assert_reached_dynamodb(self.invoke_ok(api, timeout=15))

    def test_commonjs_requires_the_sdk_even_without_node_path(self):
        api, _ = self.start_with_sdk({"index.js": CJS_HANDLER}, env={"NODE_PATH": ""})
        self.assert_reached_dynamodb(self.invoke_ok(api, timeout=15))

    def test_commonjs_imports_the_sdk_dynamically(self):
        files = {"index.js": """
exports.handler = async () => {
  const { DynamoDBClient, ListTablesCommand } = await import("@aws-sdk/client-dynamodb");
  return { tables: (await new DynamoDBClient({}).send(new ListTablesCommand({}))).TableNames };
};
"""}
        api, _ = self.start_with_sdk(files)
        self.assert_reached_dynamodb(self.invoke_ok(api, timeout=15))

    def test_the_functions_own_package_wins(self):
        files = {
            "index.mjs": 'import { marker } from "@aws-sdk/client-dynamodb";\n'
                         "export const handler = async () => marker;",
            "node_modules/@aws-sdk/client-dynamodb/package.json":
                '{"name": "@aws-sdk/client-dynamodb", "type": "module", "exports": "./index.js"}',
            "node_modules/@aws-sdk/client-dynamodb/index.js": 'export const marker = "bundled";',
        }
        api, _ = self.start_with_sdk(files)
        self.assertEqual(self.invoke_ok(api), "bundled")

    def test_unknown_package_is_still_an_error(self):
        files = {"index.mjs": 'import x from "no-such-package";\nexport const handler = async () => x;'}
        api, env = self.start_with_sdk(files)
        error = self.assert_init_error(api, env, "Error")
        self.assertIn("Cannot find package 'no-such-package'", error["errorMessage"])

    def test_runtime_packages_reachable_from_an_ancestor_need_no_hook(self):
        # A host may place the code below a directory whose node_modules is the
        # runtime's; plain resolution then finds the SDK and the hook is skipped.
        parent = Path(self.task_root({}))
        os.symlink(NODE_MODULES, parent / "node_modules")
        (parent / "code").mkdir()
        (parent / "code" / "index.mjs").write_text(ESM_HANDLER)
        api, _ = self.start_with_sdk({}, task_root=parent / "code")
        self.assert_reached_dynamodb(self.invoke_ok(api, timeout=15))


if __name__ == "__main__":
    unittest.main()
