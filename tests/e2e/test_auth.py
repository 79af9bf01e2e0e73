"""--require-auth: Signature Version 4 on the AWS APIs, with AWS's refusals.

Each door (DynamoDB's JSON protocol, the Lambda REST API, the API Gateway control
plane) is driven with boto3 signing with the configured key (works), a wrong secret
(InvalidSignatureException), an unknown key id (UnrecognizedClientException) and,
through raw HTTP, no signature at all (MissingAuthenticationTokenException).
DynamoDB answers these with 400 and a com.amazon.coral.service __type; Lambda and
API Gateway with 403, X-Amzn-ErrorType and {"message": ...}. The API Gateway data
plane (stage URLs) stays open. The AWS CLI and a handler's @aws-sdk v3 client sign too.
"""
import datetime
import json
import os
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from localcloud_server import ROLE, LocalCloud, error_of, make_zip

KEY_ID = "AKIALOCALCLOUDTEST01"
SECRET = "test-secret/with+special=chars"

MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")
UNKNOWN_KEY = "The security token included in the request is invalid."

# A handler that lists tables with the @aws-sdk v3 client the Node.js runtime
# provides, signing with the credentials localcloud gives it.
NODE_HANDLER = """
const { DynamoDBClient, ListTablesCommand } = require("@aws-sdk/client-dynamodb");
exports.handler = async () => {
  const out = await new DynamoDBClient({}).send(new ListTablesCommand({}));
  return out.TableNames;
};
"""




def raw(url, method="GET", body=None, headers=None):
    """An unsigned request; returns (status, headers, parsed JSON body)."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read() or b"null")


class RequireAuthTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        config = os.path.join(cls.dir.name, "config.json")
        with open(config, "w") as f:
            json.dump({"auth": {"keys": [{"accessKeyId": KEY_ID, "secretAccessKey": SECRET},
                                         {"accessKeyId": "AKIASECOND", "secretAccessKey": "x"}]}},
                      f)
        cls.server = LocalCloud("--require-auth", "--config", config).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.dir.cleanup()

    def client(self, service, key_id=KEY_ID, secret=SECRET):
        return boto3.client(service, endpoint_url=self.server.endpoint, region_name="us-east-1",
                            aws_access_key_id=key_id, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}))

    # --- DynamoDB (JSON 1.0): 400 with the coral namespace -------------------------

    def test_dynamodb_signed_with_a_configured_key_works(self):
        ddb = self.client("dynamodb")
        ddb.create_table(TableName="signed", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        ddb.put_item(TableName="signed", Item={"pk": {"S": "a b/c"}, "v": {"N": "1"}})
        self.assertEqual(ddb.get_item(TableName="signed", Key={"pk": {"S": "a b/c"}})["Item"]["v"],
                         {"N": "1"})
        # The second key works too.
        self.assertIn("signed", self.client("dynamodb", "AKIASECOND", "x").list_tables()["TableNames"])

    def test_dynamodb_wrong_secret(self):
        ddb = self.client("dynamodb", secret="wrong")
        self.assertEqual(error_of(ddb.list_tables), (400, "InvalidSignatureException", MISMATCH))

    def test_dynamodb_unknown_key(self):
        ddb = self.client("dynamodb", key_id="AKIANOBODY")
        self.assertEqual(error_of(ddb.list_tables), (400, "UnrecognizedClientException", UNKNOWN_KEY))

    def test_dynamodb_without_signature(self):
        status, headers, body = raw(self.server.endpoint + "/", "POST", b"{}", {
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Content-Type": "application/x-amz-json-1.0"})
        self.assertEqual(status, 400)
        self.assertEqual(body, {
            "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
            "message": "Request is missing Authentication Token"})

    # A signature made 20 minutes ago is outside DynamoDB's 15-minute window.
    def test_dynamodb_signature_expired(self):
        then = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        original = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda: then
        try:
            request = AWSRequest(method="POST", url=self.server.endpoint + "/", data=b"{}",
                                 headers={"X-Amz-Target": "DynamoDB_20120810.ListTables",
                                          "Content-Type": "application/x-amz-json-1.0"})
            botocore.auth.SigV4Auth(Credentials(KEY_ID, SECRET), "dynamodb",
                                    "us-east-1").add_auth(request)
        finally:
            botocore.auth.get_current_datetime = original
        status, _, body = raw(request.url, "POST", request.body, dict(request.headers))
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "com.amazon.coral.service#InvalidSignatureException")
        self.assertRegex(body["message"],
                         r"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z "
                         r"\(\d{8}T\d{6}Z - 15 min\.\)$")

    # A malformed Authorization header: IncompleteSignatureException naming what is missing.
    def test_dynamodb_incomplete_authorization(self):
        status, _, body = raw(self.server.endpoint + "/", "POST", b"{}", {
            "X-Amz-Target": "DynamoDB_20120810.ListTables", "Authorization": "Bearer abc",
            "Content-Type": "application/x-amz-json-1.0"})
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "com.amazon.coral.service#IncompleteSignatureException")
        self.assertTrue(body["message"].startswith(
            "Authorization header requires 'Credential' parameter."), body)

    # --- Lambda (REST-JSON): 403 --------------------------------------------------

    def test_lambda_signed_works_and_handlers_sign_with_their_own_key(self):
        ddb = self.client("dynamodb")
        ddb.create_table(TableName="seen-by-handler",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        lam = self.client("lambda")
        lam.create_function(FunctionName="lister", Runtime="nodejs20.x", Role=ROLE,
                            Handler="index.handler", Timeout=30,
                            Code={"ZipFile": make_zip({"index.js": NODE_HANDLER})})
        # Function names with characters encoded in the path (an ARN) sign correctly.
        arn = lam.get_function(FunctionName="lister")["Configuration"]["FunctionArn"]
        out = lam.invoke(FunctionName=arn, Payload=b"{}")
        payload = out["Payload"].read()
        self.assertNotIn("FunctionError", out, payload)
        self.assertIn("seen-by-handler", json.loads(payload))

    # The presigned form (signature in the query string) works as the header form does.
    def test_lambda_presigned_url(self):
        url = self.client("lambda").generate_presigned_url("list_functions", ExpiresIn=60)
        self.assertIn("X-Amz-Signature=", url)
        status, _, body = raw(url)
        self.assertEqual(status, 200, body)
        self.assertIn("Functions", body)
        tampered = url.replace("X-Amz-Expires=60", "X-Amz-Expires=61")
        status, headers, body = raw(tampered)
        self.assertEqual((status, headers["X-Amzn-ErrorType"], body),
                         (403, "InvalidSignatureException", {"message": MISMATCH}))

    def test_lambda_wrong_secret(self):
        lam = self.client("lambda", secret="wrong")
        self.assertEqual(error_of(lam.list_functions), (403, "InvalidSignatureException", MISMATCH))

    def test_lambda_unknown_key(self):
        lam = self.client("lambda", key_id="AKIANOBODY")
        self.assertEqual(error_of(lam.list_functions),
                         (403, "UnrecognizedClientException", UNKNOWN_KEY))

    def test_lambda_without_signature(self):
        status, headers, body = raw(self.server.endpoint + "/2015-03-31/functions/")
        self.assertEqual(status, 403)
        self.assertEqual(headers["X-Amzn-ErrorType"], "MissingAuthenticationTokenException")
        self.assertEqual(body, {"message": "Missing Authentication Token"})

    # --- API Gateway control plane (REST-JSON): 403; the data plane stays open -------

    def test_apigateway_control_plane_signed_and_data_plane_open(self):
        g = self.client("apigateway")
        api_id = g.create_rest_api(name="open-data-plane")["id"]
        root = g.get_resources(restApiId=api_id)["items"][0]["id"]
        rid = g.create_resource(restApiId=api_id, parentId=root, pathPart="ping")["id"]
        g.put_method(restApiId=api_id, resourceId=rid, httpMethod="GET", authorizationType="NONE")
        g.put_integration(restApiId=api_id, resourceId=rid, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        g.put_method_response(restApiId=api_id, resourceId=rid, httpMethod="GET", statusCode="200")
        g.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="GET",
                                   statusCode="200",
                                   responseTemplates={"application/json": '{"pong": true}'})
        g.create_deployment(restApiId=api_id, stageName="test")
        status, _, body = raw(f"{self.server.endpoint}/restapis/{api_id}/test/_user_request_/ping")
        self.assertEqual((status, body), (200, {"pong": True}))

    # A method with authorizationType AWS_IAM needs a signed request (service execute-api).
    def test_apigateway_aws_iam_method_checks_signatures(self):
        g = self.client("apigateway")
        api_id = g.create_rest_api(name="iam")["id"]
        root = g.get_resources(restApiId=api_id)["items"][0]["id"]
        rid = g.create_resource(restApiId=api_id, parentId=root, pathPart="private")["id"]
        g.put_method(restApiId=api_id, resourceId=rid, httpMethod="GET",
                     authorizationType="AWS_IAM")
        g.put_integration(restApiId=api_id, resourceId=rid, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        g.put_method_response(restApiId=api_id, resourceId=rid, httpMethod="GET", statusCode="200")
        g.put_integration_response(restApiId=api_id, resourceId=rid, httpMethod="GET",
                                   statusCode="200",
                                   responseTemplates={"application/json": '{"secret": 1}'})
        g.create_deployment(restApiId=api_id, stageName="test")
        url = f"{self.server.endpoint}/restapis/{api_id}/test/_user_request_/private?a=b%20c"

        def signed(key_id, secret):
            request = AWSRequest(method="GET", url=url)
            botocore.auth.SigV4Auth(Credentials(key_id, secret), "execute-api",
                                    "us-east-1").add_auth(request)
            return raw(url, "GET", None, dict(request.headers))

        status, headers, body = raw(url)
        self.assertEqual((status, headers["x-amzn-ErrorType"], body),
                         (403, "MissingAuthenticationTokenException",
                          {"message": "Missing Authentication Token"}))
        self.assertEqual(signed(KEY_ID, SECRET)[::2], (200, {"secret": 1}))
        status, headers, body = signed(KEY_ID, "wrong")
        self.assertEqual((status, headers["x-amzn-ErrorType"], body),
                         (403, "InvalidSignatureException", {"message": MISMATCH}))
        status, headers, body = signed("AKIANOBODY", "x")
        self.assertEqual((status, headers["x-amzn-ErrorType"], body),
                         (403, "UnrecognizedClientException", {"message": UNKNOWN_KEY}))

    def test_apigateway_wrong_secret(self):
        g = self.client("apigateway", secret="wrong")
        self.assertEqual(error_of(g.get_rest_apis), (403, "InvalidSignatureException", MISMATCH))

    def test_apigateway_unknown_key(self):
        g = self.client("apigateway", key_id="AKIANOBODY")
        self.assertEqual(error_of(g.get_rest_apis),
                         (403, "UnrecognizedClientException", UNKNOWN_KEY))

    def test_apigateway_without_signature(self):
        status, headers, body = raw(self.server.endpoint + "/restapis")
        self.assertEqual(status, 403)
        self.assertEqual(headers["X-Amzn-ErrorType"], "MissingAuthenticationTokenException")
        self.assertEqual(body, {"message": "Missing Authentication Token"})

    # --- The AWS CLI --------------------------------------------------------------

    def cli(self, secret, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        return subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "--output", "json",
                               *args], env=env, capture_output=True, text=True, timeout=60)

    def test_aws_cli_signs_for_every_door(self):
        for args in (["dynamodb", "list-tables"], ["lambda", "list-functions"],
                     ["apigateway", "get-rest-apis"]):
            ok = self.cli(SECRET, *args)
            self.assertEqual(ok.returncode, 0, ok.stderr)
            json.loads(ok.stdout)
            bad = self.cli("wrong", *args)
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("InvalidSignatureException", bad.stderr)


class AuthConfigTests(unittest.TestCase):
    def run_server(self, *args):
        return subprocess.run([os.environ["LOCALCLOUD_BIN"], "--port", "0", "--in-memory", *args],
                              capture_output=True, text=True, timeout=30)

    def test_require_auth_needs_a_config_file(self):
        out = self.run_server("--require-auth")
        self.assertEqual(out.returncode, 2)
        self.assertIn("--require-auth", out.stderr)

    def test_require_auth_needs_keys(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            json.dump({}, f)
            f.flush()
            out = self.run_server("--require-auth", "--config", f.name)
        self.assertEqual(out.returncode, 2)
        self.assertIn("$.auth.keys", out.stderr)

    def test_bad_auth_section_names_its_json_path(self):
        cases = [({"auth": {"keys": [{"accessKeyId": "A"}]}},
                  "$.auth.keys[0]: missing \"secretAccessKey\""),
                 ({"auth": {"keys": [{"accessKeyId": "A", "secretAccessKey": "s", "x": 1}]}},
                  "$.auth.keys[0].x: unknown member"),
                 ({"auth": {"keys": [{"accessKeyId": "A", "secretAccessKey": "s"},
                                     {"accessKeyId": "A", "secretAccessKey": "t"}]}},
                  "$.auth.keys[1].accessKeyId: declared twice"),
                 ({"auth": {"users": []}}, "$.auth.users: unknown member")]
        for doc, expected in cases:
            with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
                json.dump(doc, f)
                f.flush()
                out = self.run_server("--config", f.name)
            self.assertEqual(out.returncode, 2, doc)
            self.assertIn(expected, out.stderr)

    # Without --require-auth nothing is checked: unsigned requests work as before.
    def test_default_accepts_unsigned_requests(self):
        server = LocalCloud().start()
        try:
            status, _, body = raw(server.endpoint + "/", "POST", b"{}", {
                "X-Amz-Target": "DynamoDB_20120810.ListTables",
                "Content-Type": "application/x-amz-json-1.0"})
            self.assertEqual((status, body), (200, {"TableNames": []}))
        finally:
            server.stop()


class BindAddressTests(unittest.TestCase):
    # Loopback is the default and says nothing; any other address is reachable from the
    # network, which the log says at startup, and that it is unauthenticated.
    def test_warning_when_not_loopback(self):
        # The log is written asynchronously: wait for the server to answer, then for the
        # warning line, before stopping it.
        def stderr_after_startup(*args):
            server = LocalCloud(*args).start()
            try:
                self.assertEqual(raw(server.endpoint + "/_localcloud/health")[0], 200)
                for _ in range(50):
                    if "reachable from the network" in server.stderr():
                        break
                    time.sleep(0.1)
            finally:
                server.stop()
            return server.stderr()

        self.assertNotIn("reachable from the network", stderr_after_startup())
        loud = stderr_after_startup("--host", "0.0.0.0")
        self.assertIn("reachable from the network", loud)
        self.assertIn("without authentication", loud)

    def test_default_host_is_loopback(self):
        proc = subprocess.Popen([os.environ["LOCALCLOUD_BIN"], "--port", "0", "--in-memory",
                                 "--log-level", "warn"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        try:
            self.assertEqual(json.loads(proc.stdout.readline())["host"], "127.0.0.1")
        finally:
            proc.terminate()
            proc.wait(15)
            proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
