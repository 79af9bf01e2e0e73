"""The workshop's DynamoDB calls through @aws-sdk/client-dynamodb and
@aws-sdk/lib-dynamodb (the DocumentClient), configured only by environment
variables, as handler code is."""
import json
import os
import subprocess
import unittest

from localcloud_server import LocalCloud

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class NodeSdkTests(unittest.TestCase):
    def test_workshop_batch_write_and_scan(self):
        server = LocalCloud().start()
        try:
            env = dict(os.environ, AWS_ENDPOINT_URL=server.endpoint, AWS_REGION="us-east-1",
                       AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       NODE_PATH=os.path.join(ROOT, "runtime", "nodejs", "node_modules"))
            out = subprocess.run(["node", os.path.join(os.path.dirname(__file__), "node", "workshop_sdk.cjs")],
                                 env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            seen = json.loads(out.stdout)
            people = sorted((i["Userid"], i["FullName"]) for i in seen["items"] if "Userid" in i)
            self.assertEqual(people, [("marivera", "Martha Rivera"), ("nikkwolf", "Nikki Wolf"),
                                      ("pasantos", "Paulo Santos")])
            self.assertEqual(seen["count"], 4)
            self.assertTrue(all(len(i["_id"]) == 32 for i in seen["items"] if "Userid" in i))
            self.assertEqual(seen["got"], {"_id": "1", "n": 2, "nested": {"list": [1, "two", True]}})
            self.assertEqual(seen["updated"]["n"], 2)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
