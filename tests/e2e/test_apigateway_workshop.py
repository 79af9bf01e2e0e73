"""The workshop's REST API built with the AWS CLI exactly as the console does it:
ServerlessREST, resource /users, GET with a non-proxy Lambda integration to the
unchanged get-users handler, test-invoke-method, a deployment to stage v1, then
plain HTTP calls at the three addresses of DESIGN.md.

AWS behaviour checked: the stage root answers 403 {"message":"Missing
Authentication Token"} with x-amzn-ErrorType MissingAuthenticationTokenException;
the non-proxy integration returns the function's bare array as application/json;
changes reach clients only after a new deployment.
"""
import json
import unittest
import urllib.error
import urllib.request

from localcloud_server import LocalCloud
from localcloud_server import ROLE
from test_lambda_invoke import workshop_zip

REGION = "us-east-1"
ACCOUNT = "000000000000"


def lambda_uri(name):
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"


def http(method, url, body=None, headers=None):
    """(status, headers, body bytes) of a plain HTTP call."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class WorkshopApiTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        ddb = cls.server.client("dynamodb")
        ddb.create_table(TableName="serverless_workshop_intro",
                         KeySchema=[{"AttributeName": "_id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "_id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        for i, (uid, name) in enumerate([("marivera", "Martha Rivera"),
                                         ("nikkwolf", "Nikki Wolf"),
                                         ("pasantos", "Paulo Santos")]):
            ddb.put_item(TableName="serverless_workshop_intro",
                         Item={"_id": {"S": f"id{i}"}, "Userid": {"S": uid},
                               "FullName": {"S": name}})
        lam = cls.server.client("lambda")
        lam.create_function(FunctionName="get-users", Runtime="nodejs20.x", Role=ROLE,
                            Handler="index.handler",
                            Code={"ZipFile": workshop_zip("get-users")})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def cli(self, *args):
        _, out, _ = self.server.aws("apigateway", *args)
        return json.loads(out) if out.strip() else None

    def test_workshop_flow(self):
        api = self.cli("create-rest-api", "--name", "ServerlessREST",
                       "--endpoint-configuration", "types=REGIONAL")
        api_id = api["id"]
        self.assertRegex(api_id, r"^[a-z0-9]{10}$")
        self.assertEqual(api["endpointConfiguration"]["types"], ["REGIONAL"])
        resources = self.cli("get-resources", "--rest-api-id", api_id)["items"]
        self.assertEqual([r["path"] for r in resources], ["/"])
        root = resources[0]["id"]
        self.assertEqual(root, api["rootResourceId"])

        users = self.cli("create-resource", "--rest-api-id", api_id, "--parent-id", root,
                         "--path-part", "users")
        self.assertEqual((users["path"], users["pathPart"], users["parentId"]),
                         ("/users", "users", root))
        method = self.cli("put-method", "--rest-api-id", api_id, "--resource-id", users["id"],
                          "--http-method", "GET", "--authorization-type", "NONE")
        self.assertEqual(method, {"httpMethod": "GET", "authorizationType": "NONE",
                                  "apiKeyRequired": False})
        integration = self.cli("put-integration", "--rest-api-id", api_id,
                               "--resource-id", users["id"], "--http-method", "GET",
                               "--type", "AWS", "--integration-http-method", "POST",
                               "--uri", lambda_uri("get-users"))
        self.assertEqual(integration["type"], "AWS")
        self.assertEqual(integration["passthroughBehavior"], "WHEN_NO_MATCH")
        self.assertEqual(integration["timeoutInMillis"], 29000)
        self.assertEqual(self.cli("put-method-response", "--rest-api-id", api_id,
                                  "--resource-id", users["id"], "--http-method", "GET",
                                  "--status-code", "200",
                                  "--response-models", '{"application/json": "Empty"}'),
                         {"statusCode": "200", "responseModels": {"application/json": "Empty"}})
        self.assertEqual(self.cli("put-integration-response", "--rest-api-id", api_id,
                                  "--resource-id", users["id"], "--http-method", "GET",
                                  "--status-code", "200", "--selection-pattern", ""),
                         {"statusCode": "200", "selectionPattern": ""})

        # Pre-deploy test: the current configuration runs without a stage.
        test = self.cli("test-invoke-method", "--rest-api-id", api_id,
                        "--resource-id", users["id"], "--http-method", "GET")
        self.assertEqual(test["status"], 200)
        self.assertEqual(sorted(u["FullName"] for u in json.loads(test["body"])),
                         ["Martha Rivera", "Nikki Wolf", "Paulo Santos"])
        self.assertEqual(test["headers"], {"Content-Type": "application/json"})
        self.assertTrue(test["log"].startswith("Execution log for request "), test["log"])
        self.assertIn(" : Method completed with status: 200\n", test["log"])

        # Nothing answers before a deployment.
        base = self.server.endpoint
        status, headers, body = http("GET", f"{base}/restapis/{api_id}/v1/_user_request_/users")
        self.assertEqual(status, 403)

        deployment = self.cli("create-deployment", "--rest-api-id", api_id,
                              "--stage-name", "v1",
                              "--description", "Initial rollout of the API!")
        self.assertEqual(deployment["description"], "Initial rollout of the API!")
        stage = self.cli("get-stage", "--rest-api-id", api_id, "--stage-name", "v1")
        self.assertEqual(stage["deploymentId"], deployment["id"])

        # The stage root has no method: AWS's 403.
        for url in (f"{base}/v1/", f"{base}/v1",
                    f"{base}/restapis/{api_id}/v1/_user_request_/"):
            status, headers, body = http("GET", url)
            self.assertEqual(status, 403, url)
            self.assertEqual(json.loads(body), {"message": "Missing Authentication Token"})
            self.assertEqual(headers["x-amzn-ErrorType"], "MissingAuthenticationTokenException")

        # /v1/users at all three addresses.
        port = self.server.port
        for url, host in ((f"{base}/v1/users", None),
                          (f"{base}/restapis/{api_id}/v1/_user_request_/users", None),
                          (f"{base}/v1/users", f"{api_id}.execute-api.localhost:{port}"),
                          # host names are case-insensitive
                          (f"{base}/v1/users", f"{api_id.upper()}.Execute-API.localhost:{port}")):
            status, headers, body = http("GET", url, headers={"Host": host} if host else None)
            self.assertEqual(status, 200, (url, body))
            self.assertEqual(headers["Content-Type"], "application/json")
            self.assertTrue(headers["x-amzn-RequestId"])
            self.assertTrue(headers["x-amz-apigw-id"])
            self.assertTrue(headers["X-Amzn-Trace-Id"].startswith("Root=1-"))
            self.assertEqual(sorted(u["Userid"] for u in json.loads(body)),
                             ["marivera", "nikkwolf", "pasantos"])

        # A change is invisible until the next deployment.
        items = self.cli("create-resource", "--rest-api-id", api_id, "--parent-id", root,
                         "--path-part", "ping")
        self.cli("put-method", "--rest-api-id", api_id, "--resource-id", items["id"],
                 "--http-method", "GET", "--authorization-type", "NONE")
        self.cli("put-integration", "--rest-api-id", api_id, "--resource-id", items["id"],
                 "--http-method", "GET", "--type", "MOCK",
                 "--request-templates", '{"application/json": "{\\"statusCode\\": 200}"}')
        self.cli("put-integration-response", "--rest-api-id", api_id,
                 "--resource-id", items["id"], "--http-method", "GET", "--status-code", "200",
                 "--response-templates", '{"application/json": "{\\"pong\\": true}"}')
        self.assertEqual(http("GET", f"{base}/v1/ping")[0], 403)
        self.cli("create-deployment", "--rest-api-id", api_id, "--stage-name", "v1")
        status, _, body = http("GET", f"{base}/v1/ping")
        self.assertEqual((status, json.loads(body)), (200, {"pong": True}))
        self.assertEqual(len(self.cli("get-deployments", "--rest-api-id", api_id)["items"]), 2)


if __name__ == "__main__":
    unittest.main()
