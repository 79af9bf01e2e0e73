"""The whole "Serverless Basic" workshop, replayed from a terminal: every console step done
with the AWS CLI against a fresh localcloud (its own port and data directory), the deployed
API called over plain HTTP, and everything deleted at the end.

AWS behaviour checked, step by step:
- CreateTable answers CREATING; the table-exists waiter then sees ACTIVE.
- A function created from a zip runs the console's hello-world event; `--log-type Tail`
  returns START / END / REPORT for one request id, with Init Duration on a cold start only.
  New code starts a new execution environment (Init Duration again) and runs at once.
- The workshop's m1-add-sample-data answers {"message": "Success. Added 3 people to
  serverless_workshop_intro."} and logs "> batch writing: <userid>" through console.log.
- ServerlessREST's GET /users is a non-proxy Lambda integration: the function's bare array
  is the response body, both from TestInvokeMethod and from the deployed stage.
- The stage root has no method: 403 {"message":"Missing Authentication Token"}.
- Each invocation leaves a REPORT line in log group /aws/lambda/<name>; deleting a function
  keeps its log group.
- Deleted things are gone: GetFunction ResourceNotFoundException "Function not found: <arn>",
  GetRestApi NotFoundException "Invalid API identifier specified <account>:<id>",
  DescribeTable ResourceNotFoundException "Requested resource not found: Table: <name> not
  found".
"""
import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from localcloud_server import LocalCloud
from localcloud_server import make_zip

REGION = "us-east-1"
ACCOUNT = "000000000000"
TABLE = "serverless_workshop_intro"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/workshop-role"
HANDLERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "handlers",
                        "workshop")
# The Lambda console's default test event (template "hello-world").
HELLO_WORLD = '{"key1":"value1","key2":"value2","key3":"value3"}'
PEOPLE = [("marivera", "Martha Rivera"), ("nikkwolf", "Nikki Wolf"),
          ("pasantos", "Paulo Santos")]
BY_HAND = {"_id": "1", "Name": "Jane Doe"}
MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def function_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def report_line(rid, init):
    """A regex for Lambda's REPORT line; `init` True/False/None: Init Duration yes/no/maybe."""
    line = (f"REPORT RequestId: {rid}" + r"\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms"
            r"\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t")
    init_duration = r"Init Duration: \d+\.\d\d ms\t"
    if init is None:
        return line + "(" + init_duration + ")?"
    return line + (init_duration if init else "")


def log_tail(rid, lines=(), init=True):
    """A regex for the whole `--log-type Tail` text of one invocation, as Lambda writes it."""
    out = [re.escape(f"START RequestId: {rid} Version: $LATEST\n")]
    out += [TIMESTAMP + r"\t" + rid + r"\tINFO\t" + re.escape(line)
            + "\n" for line in lines]
    out.append(re.escape(f"END RequestId: {rid}\n"))
    out.append(report_line(rid, init))
    return "".join(out) + "\n"


def http_get(url):
    """(status, headers, body bytes) of a plain GET, as a browser or curl would send it."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def plain(item):
    """A DynamoDB JSON item whose attributes are all strings, as plain JSON."""
    return {name: value["S"] for name, value in item.items()}


def by_id(items):
    return sorted(items, key=lambda item: item["_id"])


class WorkshopTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="localcloud-workshop-")
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)
        self.server = LocalCloud(data_dir=os.path.join(self.work, "data")).start()
        self.addCleanup(self.server.stop)

    def assertFullMatch(self, pattern, text):
        self.assertTrue(re.fullmatch(pattern, text), f"{text!r} does not match {pattern!r}")

    # -- the terminal ------------------------------------------------------------------

    def aws(self, *args):
        """Runs one AWS CLI command that must succeed; its JSON output, or None."""
        _, out, _ = self.server.aws(*args)
        return json.loads(out) if out.strip() else None

    def aws_error(self, *args):
        """Runs one AWS CLI command that must fail with a service error; its stderr."""
        code, out, err = self.server.aws(*args, check=False)
        self.assertIn(code, (254, 255), (args, out, err))  # a service error: CLI v2, v1
        return err.strip()

    def zip_file(self, name, source):
        """Zips index.mjs: (the CLI's fileb:// argument, Lambda's CodeSha256 and CodeSize)."""
        path = os.path.join(self.work, name + ".zip")
        data = make_zip({"index.mjs": source})
        with open(path, "wb") as f:
            f.write(data)
        sha256 = base64.b64encode(hashlib.sha256(data).digest()).decode()
        return "fileb://" + path, sha256, len(data)

    def workshop_code(self, name):
        with open(os.path.join(HANDLERS, name, "index.mjs")) as f:
            return f.read()

    def create_function(self, name, source):
        """Author from scratch: Node.js 20.x, index.handler, then wait until Active."""
        code, sha256, size = self.zip_file(name, source)
        created = self.aws("lambda", "create-function", "--function-name", name,
                           "--runtime", "nodejs20.x", "--handler", "index.handler",
                           "--role", ROLE, "--zip-file", code)
        self.assertEqual((created["FunctionName"], created["FunctionArn"], created["Runtime"],
                          created["Handler"], created["MemorySize"], created["Timeout"],
                          created["CodeSha256"], created["CodeSize"]),
                         (name, function_arn(name), "nodejs20.x", "index.handler", 128, 3,
                          sha256, size))
        self.aws("lambda", "wait", "function-active-v2", "--function-name", name)
        return created

    def invoke(self, name, payload=HELLO_WORLD):
        """The console's Test button: (response body bytes, request id, log tail)."""
        out = os.path.join(self.work, name + ".out")
        result = self.aws("lambda", "invoke", "--function-name", name, "--payload", payload,
                          "--log-type", "Tail", out)
        self.assertEqual(result["StatusCode"], 200, result)
        self.assertEqual(result["ExecutedVersion"], "$LATEST")
        self.assertNotIn("FunctionError", result)
        tail = base64.b64decode(result["LogResult"]).decode()
        # What the handler's module printed while it was loaded (init phase, no request
        # yet) comes before START, as in CloudWatch.
        init, start, tail = tail.partition("START RequestId: ")
        self.assertTrue(start, init)
        if init:
            self.assertRegex(init, r"^(INIT_START |" + TIMESTAMP + r"\tundefined\t)")
        tail = start + tail
        match = re.match(r"START RequestId: (" + UUID + ") ", tail)
        self.assertTrue(match, tail)
        with open(out, "rb") as f:
            return f.read(), match.group(1), tail

    def scan(self):
        result = self.aws("dynamodb", "scan", "--table-name", TABLE)
        self.assertEqual(result["Count"], len(result["Items"]))
        return by_id(plain(item) for item in result["Items"])

    def apigateway(self, *args):
        return self.aws("apigateway", *args)

    # -- the workshop ------------------------------------------------------------------

    def test_workshop_from_the_terminal(self):
        self.start_with_data()
        self.first_function()
        users = self.connect_to_dynamodb()
        api_id = self.build_api(users)
        self.deploy_and_call(api_id, users)
        self.read_logs()
        self.clean_up(api_id)

    def start_with_data(self):
        # 1 - Start with Data: the table (console defaults: provisioned 5/5) and one item.
        created = self.aws("dynamodb", "create-table", "--table-name", TABLE,
                           "--attribute-definitions", "AttributeName=_id,AttributeType=S",
                           "--key-schema", "AttributeName=_id,KeyType=HASH",
                           "--provisioned-throughput",
                           "ReadCapacityUnits=5,WriteCapacityUnits=5")["TableDescription"]
        self.assertEqual(created["TableStatus"], "CREATING")
        self.assertEqual(created["TableArn"], f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{TABLE}")
        self.assertEqual(created["KeySchema"], [{"AttributeName": "_id", "KeyType": "HASH"}])
        self.aws("dynamodb", "wait", "table-exists", "--table-name", TABLE)
        table = self.aws("dynamodb", "describe-table", "--table-name", TABLE)["Table"]
        self.assertEqual((table["TableStatus"], table["ItemCount"]), ("ACTIVE", 0))

        item = json.dumps({name: {"S": value} for name, value in BY_HAND.items()})
        self.assertIsNone(self.aws("dynamodb", "put-item", "--table-name", TABLE,
                                   "--item", item))
        got = self.aws("dynamodb", "get-item", "--table-name", TABLE,
                       "--key", '{"_id": {"S": "1"}}')
        self.assertEqual(got, {"Item": {"_id": {"S": "1"}, "Name": {"S": "Jane Doe"}}})

    def first_function(self):
        source = self.workshop_code("first-function")
        self.create_function("first-function", source)

        # Test with the hello-world event: a cold start, then a warm one.
        expected = (b'{"statusCode":200,"body":"{\\"sku\\":1234242,\\"color\\":\\"blue\\",'
                    b'\\"quantity\\":42,\\"in_stock\\":true}"}')
        body, rid, tail = self.invoke("first-function")
        self.assertEqual(body, expected)
        self.assertFullMatch(log_tail(rid, init=True), tail)
        body, rid2, tail = self.invoke("first-function")
        self.assertEqual(body, expected)
        self.assertNotEqual(rid2, rid)
        self.assertFullMatch(log_tail(rid2, init=False), tail)

        # Iterate, redeploy, test: the next invocation runs the new code in a new environment.
        changed = source.replace("quantity: 42", "quantity: 7")
        self.assertNotEqual(changed, source)
        code, sha256, size = self.zip_file("first-function", changed)
        updated = self.aws("lambda", "update-function-code", "--function-name", "first-function",
                           "--zip-file", code)
        self.assertEqual((updated["FunctionName"], updated["CodeSha256"], updated["CodeSize"]),
                         ("first-function", sha256, size))
        self.aws("lambda", "wait", "function-updated-v2", "--function-name", "first-function")
        expected = expected.replace(b'quantity\\":42', b'quantity\\":7')
        body, rid, tail = self.invoke("first-function")
        self.assertEqual(body, expected)
        self.assertFullMatch(log_tail(rid, init=True), tail)
        body, rid, tail = self.invoke("first-function")
        self.assertEqual(body, expected)
        self.assertFullMatch(log_tail(rid, init=False), tail)

    def connect_to_dynamodb(self):
        # 2 - Connect to DynamoDB: three people added by a function.
        self.create_function("m1-add-sample-data", self.workshop_code("m1-add-sample-data"))
        body, rid, tail = self.invoke("m1-add-sample-data")
        self.assertEqual(body,
                         b'{"message":"Success. Added 3 people to serverless_workshop_intro."}')
        self.assertFullMatch(log_tail(rid, [f"> batch writing: {uid}" for uid, _ in PEOPLE]),
                             tail)
        items = self.scan()
        self.assertEqual(len(items), 4)
        self.assertIn(BY_HAND, items)
        people = [item for item in items if item != BY_HAND]
        self.assertEqual(sorted((p["Userid"], p["FullName"]) for p in people), PEOPLE)
        for person in people:
            self.assertRegex(person["_id"], r"^[0-9a-f]{32}$")
            self.assertEqual(set(person), {"_id", "Userid", "FullName"})

        # 3 - Build an API: get-users returns every item of the table.
        self.create_function("get-users", self.workshop_code("get-users"))
        body, rid, tail = self.invoke("get-users")
        self.assertEqual(by_id(json.loads(body)), items)
        self.assertFullMatch(log_tail(rid), tail)
        return items

    def build_api(self, users):
        # The REST API ServerlessREST, Regional, exactly as the console builds it.
        api = self.apigateway("create-rest-api", "--name", "ServerlessREST",
                              "--endpoint-configuration", "types=REGIONAL")
        api_id = api["id"]
        self.assertRegex(api_id, r"^[a-z0-9]{10}$")
        self.assertEqual((api["name"], api["endpointConfiguration"]["types"]),
                         ("ServerlessREST", ["REGIONAL"]))
        resources = self.apigateway("get-resources", "--rest-api-id", api_id)
        self.assertEqual(resources, {"items": [{"id": api["rootResourceId"], "path": "/"}]})
        root = api["rootResourceId"]

        resource = self.apigateway("create-resource", "--rest-api-id", api_id,
                                   "--parent-id", root, "--path-part", "users")
        self.assertEqual(resource, {"id": resource["id"], "parentId": root,
                                    "pathPart": "users", "path": "/users"})
        where = ("--rest-api-id", api_id, "--resource-id", resource["id"], "--http-method", "GET")
        self.assertEqual(self.apigateway("put-method", *where, "--authorization-type", "NONE"),
                         {"httpMethod": "GET", "authorizationType": "NONE",
                          "apiKeyRequired": False})
        uri = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
               f"{function_arn('get-users')}/invocations")
        integration = self.apigateway("put-integration", *where, "--type", "AWS",
                                      "--integration-http-method", "POST", "--uri", uri)
        self.assertEqual((integration["type"], integration["httpMethod"], integration["uri"],
                          integration["passthroughBehavior"], integration["timeoutInMillis"]),
                         ("AWS", "POST", uri, "WHEN_NO_MATCH", 29000))
        self.assertEqual(self.apigateway("put-method-response", *where, "--status-code", "200",
                                         "--response-models", '{"application/json": "Empty"}'),
                         {"statusCode": "200", "responseModels": {"application/json": "Empty"}})
        self.assertEqual(self.apigateway("put-integration-response", *where,
                                         "--status-code", "200"),
                         {"statusCode": "200"})

        # "Add Permission to Lambda Function": API Gateway may invoke get-users for GET /users.
        source_arn = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/*/GET/users"
        granted = self.aws("lambda", "add-permission", "--function-name", "get-users",
                           "--statement-id", "apigateway-get-users",
                           "--action", "lambda:InvokeFunction",
                           "--principal", "apigateway.amazonaws.com",
                           "--source-arn", source_arn)
        statement = {"Sid": "apigateway-get-users", "Effect": "Allow",
                     "Principal": {"Service": "apigateway.amazonaws.com"},
                     "Action": "lambda:InvokeFunction", "Resource": function_arn("get-users"),
                     "Condition": {"ArnLike": {"AWS:SourceArn": source_arn}}}
        self.assertEqual(json.loads(granted["Statement"]), statement)
        policy = json.loads(self.aws("lambda", "get-policy",
                                     "--function-name", "get-users")["Policy"])
        self.assertEqual(policy, {"Version": "2012-10-17", "Id": "default",
                                  "Statement": [statement]})

        # Pre-deploy API test: 200 and the table's items.
        test = self.apigateway("test-invoke-method", *where)
        self.assertEqual(test["status"], 200, test)
        self.assertEqual(by_id(json.loads(test["body"])), users)
        self.assertEqual(test["headers"]["Content-Type"], "application/json")
        self.assertIn(" : Method completed with status: 200\n", test["log"])
        return api_id

    def deploy_and_call(self, api_id, users):
        base = self.server.endpoint
        # Nothing answers before a deployment.
        self.assertEqual(http_get(f"{base}/restapis/{api_id}/v1/_user_request_/users")[0], 403)

        deployment = self.apigateway("create-deployment", "--rest-api-id", api_id,
                                     "--stage-name", "v1",
                                     "--description", "Initial rollout of the API!")
        self.assertEqual(deployment["description"], "Initial rollout of the API!")

        # The Invoke URL itself: the root has no method.
        for url in (f"{base}/restapis/{api_id}/v1/_user_request_/", f"{base}/v1/",
                    f"{base}/v1"):
            status, headers, body = http_get(url)
            self.assertEqual((status, body), (403, MISSING_TOKEN), url)
            self.assertEqual(headers["x-amzn-ErrorType"], "MissingAuthenticationTokenException")

        # Append users: the four items.
        for url in (f"{base}/restapis/{api_id}/v1/_user_request_/users", f"{base}/v1/users"):
            status, headers, body = http_get(url)
            self.assertEqual(status, 200, (url, body))
            self.assertEqual(headers["Content-Type"], "application/json")
            self.assertEqual(by_id(json.loads(body)), users)

    def read_logs(self):
        # get-users ran four times: its own test, TestInvokeMethod and two GETs.
        deadline = time.monotonic() + 10
        while True:
            events = self.aws("logs", "filter-log-events",
                              "--log-group-name", "/aws/lambda/get-users")["events"]
            reports = [e["message"] for e in events if e["message"].startswith("REPORT ")]
            if len(reports) >= 4 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(len(reports), 4, [e["message"] for e in events])
        for report in reports:
            self.assertFullMatch(report_line(UUID, init=None), report.rstrip("\n"))
        self.assertIn("\tInit Duration: ", reports[0])  # the first call was a cold start
        for event in events:
            self.assertRegex(event["logStreamName"], r"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$")

    def clean_up(self, api_id):
        # Delete the functions, the REST API and the table; each is gone afterwards.
        names = ["first-function", "m1-add-sample-data", "get-users"]
        for name in names:
            # 204 No Content, which the CLI shows as the response's StatusCode.
            self.assertEqual(self.aws("lambda", "delete-function", "--function-name", name),
                             {"StatusCode": 204})
        self.assertIsNone(self.apigateway("delete-rest-api", "--rest-api-id", api_id))
        deleted = self.aws("dynamodb", "delete-table", "--table-name", TABLE)
        self.assertEqual(deleted["TableDescription"]["TableStatus"], "DELETING")
        self.aws("dynamodb", "wait", "table-not-exists", "--table-name", TABLE)

        for name in names:
            self.assertEqual(
                self.aws_error("lambda", "get-function", "--function-name", name),
                "An error occurred (ResourceNotFoundException) when calling the GetFunction "
                f"operation: Function not found: {function_arn(name)}")
        self.assertEqual(
            self.aws_error("apigateway", "get-rest-api", "--rest-api-id", api_id),
            "An error occurred (NotFoundException) when calling the GetRestApi operation: "
            f"Invalid API identifier specified {ACCOUNT}:{api_id}")
        self.assertEqual(
            self.aws_error("dynamodb", "describe-table", "--table-name", TABLE),
            "An error occurred (ResourceNotFoundException) when calling the DescribeTable "
            f"operation: Requested resource not found: Table: {TABLE} not found")
        status, _, body = http_get(f"{self.server.endpoint}/v1/users")
        self.assertEqual((status, body), (403, MISSING_TOKEN))

        # Lambda leaves a deleted function's log group in place.
        groups = self.aws("logs", "describe-log-groups",
                          "--log-group-name-prefix", "/aws/lambda/")["logGroups"]
        self.assertEqual(sorted(g["logGroupName"] for g in groups),
                         sorted(f"/aws/lambda/{name}" for name in names))


if __name__ == "__main__":
    unittest.main()
