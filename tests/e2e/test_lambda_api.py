"""The Lambda function API (control plane) through boto3 and the AWS CLI, as AWS behaves.

Expected texts come from shared/golden/localstack/lambda_/test_lambda_api.snapshot.json
(real AWS responses). One deliberate difference: AWS answers CreateFunction with
State "Pending" and updates with LastUpdateStatus "InProgress"; localcloud's functions
are ready when the call returns, so every response says State "Active" and
LastUpdateStatus "Successful" (the Lambda issue asks for this).
"""
import base64
import hashlib
import json
import os
import signal
import tempfile
import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

from localcloud_server import ROLE, LocalCloud, error_of, make_zip

ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:"




HANDLER_ZIP = make_zip({"index.py": "def handler(event, context):\n    return {'ok': True}\n"})
OTHER_ZIP = make_zip({"index.py": "def handler(event, context):\n    return {'ok': False}\n"})


def sha256_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()



def not_found(name):
    return (404, "ResourceNotFoundException", "Function not found: " + ARN_PREFIX + name)


class LambdaApiTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.lam = cls.server.client("lambda")
        # For inputs boto3 would refuse before sending, as a raw client could send them.
        cls.raw = cls.server.client("lambda", parameter_validation=False)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, client=None, **extra):
        args = dict(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="index.handler",
                    Code={"ZipFile": HANDLER_ZIP})
        args.update(extra)
        return (client or self.lam).create_function(**args)

    # CreateFunction answers 201 with the configuration: AWS's defaults (3 s, 128 MB),
    # CodeSha256 the base64 SHA-256 of the zip, CodeSize its bytes, Lambda's date format.
    def test_create_returns_configuration(self):
        out = self.create("create-shape", Description="first")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(out["FunctionArn"], ARN_PREFIX + "create-shape")
        self.assertEqual(out["CodeSha256"], sha256_b64(HANDLER_ZIP))
        self.assertEqual(out["CodeSize"], len(HANDLER_ZIP))
        self.assertEqual((out["Timeout"], out["MemorySize"]), (3, 128))
        self.assertEqual((out["State"], out["LastUpdateStatus"]), ("Active", "Successful"))
        self.assertEqual(out["Version"], "$LATEST")
        self.assertEqual(out["Description"], "first")
        self.assertEqual(out["PackageType"], "Zip")
        self.assertEqual(out["Architectures"], ["x86_64"])
        self.assertEqual(out["EphemeralStorage"], {"Size": 512})
        self.assertEqual(out["TracingConfig"], {"Mode": "PassThrough"})
        self.assertEqual(out["SnapStart"], {"ApplyOn": "None", "OptimizationStatus": "Off"})
        self.assertEqual(out["LoggingConfig"],
                         {"LogFormat": "Text", "LogGroup": "/aws/lambda/create-shape"})
        self.assertRegex(out["RuntimeVersionConfig"]["RuntimeVersionArn"],
                         r"^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$")
        self.assertRegex(out["LastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")
        self.assertRegex(out["RevisionId"], r"^[0-9a-f-]{36}$")
        self.assertNotIn("Environment", out)
        self.lam.get_waiter("function_active_v2").wait(
            FunctionName="create-shape", WaiterConfig={"Delay": 1, "MaxAttempts": 2})

    # The AWS CLI sends `--zip-file fileb://` base64 in the JSON body; GetFunction's
    # Code.Location serves the very same bytes.
    def test_cli_create_and_download_code(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "fn.zip")
            with open(path, "wb") as f:
                f.write(HANDLER_ZIP)
            _, out, _ = self.server.aws(
                "lambda", "create-function", "--function-name", "cli-fn", "--runtime",
                "nodejs20.x", "--role", ROLE, "--handler", "index.handler", "--zip-file",
                "fileb://" + path, "--environment", "Variables={TABLE=users}")
        created = json.loads(out)
        self.assertEqual(created["Environment"], {"Variables": {"TABLE": "users"}})
        _, out, _ = self.server.aws("lambda", "get-function", "--function-name", "cli-fn")
        got = json.loads(out)
        self.assertEqual(got["Configuration"]["CodeSha256"], sha256_b64(HANDLER_ZIP))
        self.assertEqual(got["Code"]["RepositoryType"], "S3")
        with urllib.request.urlopen(got["Code"]["Location"]) as r:
            self.assertEqual(r.read(), HANDLER_ZIP)
        code, _, err = self.server.aws("lambda", "get-function", "--function-name", "cli-nope",
                                       check=False)
        self.assertEqual(code, 255)  # the AWS CLI v1's exit code for a service error
        self.assertIn("ResourceNotFoundException", err)

    # GetFunction and GetFunctionConfiguration accept a name, a partial ARN, a full ARN
    # and $LATEST; other qualifiers name versions that do not exist.
    def test_get_by_name_and_arns(self):
        self.create("get-forms", Tags={"team": "web"})
        for ref in ["get-forms", "000000000000:function:get-forms", ARN_PREFIX + "get-forms",
                    ARN_PREFIX + "get-forms:$LATEST"]:
            got = self.lam.get_function(FunctionName=ref)
            self.assertEqual(got["Configuration"]["FunctionName"], "get-forms")
            self.assertEqual(got["Tags"], {"team": "web"})
        conf = self.lam.get_function_configuration(FunctionName="get-forms", Qualifier="$LATEST")
        self.assertEqual(conf["Handler"], "index.handler")
        self.assertEqual(error_of(self.lam.get_function, FunctionName="get-forms", Qualifier="7"),
                         not_found("get-forms:7"))
        self.assertEqual(
            error_of(self.lam.get_function, FunctionName=ARN_PREFIX + "get-forms:1",
                     Qualifier="2"),
            (400, "InvalidParameterValueException",
             "The derived qualifier from the function name does not match the specified "
             "qualifier."))
        self.assertEqual(
            error_of(self.lam.get_function,
                     FunctionName="arn:aws:lambda:ap-southeast-1:000000000000:function:get-forms"),
            (404, "ResourceNotFoundException",
             "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')"))

    # Every operation on a missing function: 404 ResourceNotFoundException with the ARN.
    def test_missing_function(self):
        self.assertEqual(error_of(self.lam.get_function, FunctionName="ghost"), not_found("ghost"))
        self.assertEqual(error_of(self.lam.get_function_configuration, FunctionName="ghost"),
                         not_found("ghost"))
        self.assertEqual(error_of(self.lam.delete_function, FunctionName="ghost"),
                         not_found("ghost"))
        self.assertEqual(error_of(self.lam.update_function_code, FunctionName="ghost",
                                  ZipFile=HANDLER_ZIP), not_found("ghost"))
        self.assertEqual(error_of(self.lam.update_function_configuration, FunctionName="ghost",
                                  Timeout=5), not_found("ghost"))
        self.assertEqual(error_of(self.lam.put_function_concurrency, FunctionName="ghost",
                                  ReservedConcurrentExecutions=1), not_found("ghost:$LATEST"))
        try:
            self.lam.get_function(FunctionName="ghost")
        except ClientError as e:
            self.assertEqual(e.response["Type"], "User")
            self.assertEqual(e.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"],
                             "ResourceNotFoundException")

    # Creating a name twice: 409 ResourceConflictException, AWS's text (sic).
    def test_duplicate_create(self):
        self.create("twice")
        self.assertEqual(error_of(self.create, "twice"),
                         (409, "ResourceConflictException", "Function already exist: twice"))

    # ListFunctions pages with MaxItems/Marker and NextMarker; the listed form has no State.
    def test_list_with_pagination(self):
        names = ["page-%d" % i for i in range(5)]
        for n in names:
            self.create(n)
        seen, marker = [], None
        while True:
            kwargs = {"MaxItems": 2}
            if marker:
                kwargs["Marker"] = marker
            page = self.lam.list_functions(**kwargs)
            self.assertLessEqual(len(page["Functions"]), 2)
            seen += [f["FunctionName"] for f in page["Functions"]]
            marker = page.get("NextMarker")
            if not marker:
                break
        self.assertEqual([n for n in seen if n.startswith("page-")], names)
        self.assertEqual(len(seen), len(set(seen)))
        listed = [f for f in self.lam.list_functions()["Functions"] if f["FunctionName"] == "page-0"]
        self.assertNotIn("State", listed[0])
        everything = [f["FunctionName"] for p in self.lam.get_paginator("list_functions").paginate(
            PaginationConfig={"PageSize": 3}) for f in p["Functions"]]
        self.assertTrue(set(names) <= set(everything))
        self.assertEqual(
            error_of(self.lam.list_functions, FunctionVersion="invalid"),
            (400, "ValidationException",
             "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy "
             "constraint: Member must satisfy enum value set: [ALL]"))

    # UpdateFunctionCode: new CodeSha256 and RevisionId; the old package is gone.
    def test_update_code(self):
        created = self.create("code-update")
        old_location = self.lam.get_function(FunctionName="code-update")["Code"]["Location"]
        out = self.lam.update_function_code(FunctionName="code-update", ZipFile=OTHER_ZIP)
        self.assertEqual(out["CodeSha256"], sha256_b64(OTHER_ZIP))
        self.assertNotEqual(out["RevisionId"], created["RevisionId"])
        self.assertEqual(out["LastUpdateStatus"], "Successful")
        got = self.lam.get_function(FunctionName="code-update")
        self.assertEqual(got["Configuration"]["CodeSha256"], sha256_b64(OTHER_ZIP))
        with urllib.request.urlopen(got["Code"]["Location"]) as r:
            self.assertEqual(r.read(), OTHER_ZIP)
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(old_location)
        self.assertEqual(e.exception.code, 404)
        # Uploading the current package again changes the revision, not the code.
        again = self.lam.update_function_code(FunctionName="code-update", ZipFile=OTHER_ZIP)
        self.assertEqual(again["CodeSha256"], out["CodeSha256"])
        with urllib.request.urlopen(got["Code"]["Location"]) as r:
            self.assertEqual(r.read(), OTHER_ZIP)
        self.assertEqual(
            error_of(self.lam.update_function_code, FunctionName="code-update",
                     ZipFile=HANDLER_ZIP, RevisionId="not-the-revision"),
            (412, "PreconditionFailedException",
             "The Revision Id provided does not match the latest Revision Id. Call the "
             "GetFunction/GetAlias API to retrieve the latest Revision Id"))

    # Variable names follow AWS's pattern [a-zA-Z]([a-zA-Z0-9_])+, so one letter is refused.
    def test_environment_variable_names(self):
        self.assertEqual(
            error_of(self.create, "env-names", Environment={"Variables": {"A": "1"}}),
            (400, "ValidationException",
             "1 validation error detected: Value at 'environment.variables' failed to satisfy "
             "constraint: Map keys must satisfy constraint: [Member must satisfy regular "
             "expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"))

    # UpdateFunctionConfiguration changes what it names and keeps the rest.
    def test_update_configuration(self):
        self.create("conf-update", Environment={"Variables": {"OLD": "1"}})
        out = self.lam.update_function_configuration(
            FunctionName="conf-update", Timeout=10, MemorySize=512, Description="Changed",
            Runtime="python3.11", Environment={"Variables": {"ENV_A": "a"}})
        self.assertEqual((out["Timeout"], out["MemorySize"]), (10, 512))
        self.assertEqual(out["Runtime"], "python3.11")
        self.assertEqual(out["Environment"], {"Variables": {"ENV_A": "a"}})
        self.assertEqual(out["Handler"], "index.handler")
        conf = self.lam.get_function_configuration(FunctionName="conf-update")
        self.assertEqual(conf["Description"], "Changed")
        self.assertEqual(conf["RevisionId"], out["RevisionId"])

    # DeleteFunction answers 204; the function is then not found.
    def test_delete(self):
        self.create("to-delete")
        out = self.lam.delete_function(FunctionName="to-delete")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(self.lam.get_function, FunctionName="to-delete"),
                         not_found("to-delete"))
        self.assertEqual(
            error_of(self.lam.delete_function, FunctionName="to-delete", Qualifier="$LATEST"),
            (400, "InvalidParameterValueException",
             "$LATEST version cannot be deleted without deleting the function."))
        self.create("to-delete")  # the name is free again

    # Runtimes outside Lambda's list, and retired ones, are refused with AWS's texts.
    def test_bad_runtime(self):
        status, code, message = error_of(self.create, "bad-rt", Runtime="non-existent-runtime")
        self.assertEqual((status, code), (400, "InvalidParameterValueException"))
        self.assertTrue(message.startswith(
            "Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must "
            "satisfy enum value set: [nodejs20.x, python3.14, provided.al2023,"), message)
        self.assertTrue(message.endswith("provided.al2, java8.al2] or be a valid ARN"), message)
        self.assertEqual(
            error_of(self.create, "bad-rt", Runtime="nodejs14.x"),
            (400, "InvalidParameterValueException",
             "The runtime parameter of nodejs14.x is no longer supported for creating or updating "
             "AWS Lambda functions. We recommend you use a supported runtime while creating or "
             "updating functions."))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="bad-rt"), not_found("bad-rt"))

    # Timeout and MemorySize out of range: ValidationException, coral's message format.
    def test_bad_timeout_and_memory(self):
        self.assertEqual(
            error_of(self.create, "bad-limits", client=self.raw, Timeout=0),
            (400, "ValidationException",
             "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: "
             "Member must have value greater than or equal to 1"))
        self.assertEqual(
            error_of(self.create, "bad-limits", Timeout=901),
            (400, "ValidationException",
             "1 validation error detected: Value '901' at 'timeout' failed to satisfy "
             "constraint: Member must have value less than or equal to 900"))
        self.assertEqual(
            error_of(self.create, "bad-limits", client=self.raw, MemorySize=64),
            (400, "ValidationException",
             "1 validation error detected: Value '64' at 'memorySize' failed to satisfy "
             "constraint: Member must have value greater than or equal to 128"))
        self.assertEqual(
            error_of(self.create, "bad-limits", MemorySize=10241),
            (400, "ValidationException",
             "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy "
             "constraint: Member must have value less than or equal to 10240"))
        self.assertEqual(
            error_of(self.create, "bad-limits", Role="r1"),
            (400, "ValidationException",
             "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: "
             "Member must satisfy regular expression pattern: "
             "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="bad-limits"),
                         not_found("bad-limits"))

    # AddPermission/GetPolicy/RemovePermission keep the policy in AWS's IAM shape.
    def test_permissions(self):
        created = self.create("perm-fn")
        self.assertEqual(error_of(self.lam.get_policy, FunctionName="perm-fn"),
                         (404, "ResourceNotFoundException",
                          "The resource you requested does not exist."))
        out = self.lam.add_permission(FunctionName="perm-fn", StatementId="s3",
                                      Action="lambda:InvokeFunction",
                                      Principal="s3.amazonaws.com",
                                      SourceArn="arn:aws:s3:::my-bucket")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        statement = {"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                     "Action": "lambda:InvokeFunction", "Resource": ARN_PREFIX + "perm-fn",
                     "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::my-bucket"}}}
        self.assertEqual(json.loads(out["Statement"]), statement)
        self.lam.add_permission(FunctionName="perm-fn", StatementId="apigw",
                                Action="lambda:InvokeFunction",
                                Principal="apigateway.amazonaws.com")
        policy = self.lam.get_policy(FunctionName="perm-fn")
        doc = json.loads(policy["Policy"])
        self.assertEqual((doc["Version"], doc["Id"]), ("2012-10-17", "default"))
        self.assertEqual([s["Sid"] for s in doc["Statement"]], ["s3", "apigw"])
        self.assertEqual(doc["Statement"][0], statement)
        self.assertNotEqual(policy["RevisionId"], created["RevisionId"])
        self.assertEqual(
            error_of(self.lam.add_permission, FunctionName="perm-fn", StatementId="s3",
                     Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"),
            (409, "ResourceConflictException",
             "The statement id (s3) provided already exists. Please provide a new statement id, "
             "or remove the existing statement."))
        self.lam.remove_permission(FunctionName="perm-fn", StatementId="s3")
        self.assertEqual(
            error_of(self.lam.remove_permission, FunctionName="perm-fn", StatementId="non-existent"),
            (404, "ResourceNotFoundException",
             "Statement non-existent is not found in resource policy."))
        doc = json.loads(self.lam.get_policy(FunctionName="perm-fn")["Policy"])
        self.assertEqual([s["Sid"] for s in doc["Statement"]], ["apigw"])
        self.lam.remove_permission(FunctionName="perm-fn", StatementId="apigw")
        self.assertEqual(error_of(self.lam.get_policy, FunctionName="perm-fn")[0], 404)
        self.assertEqual(
            error_of(self.lam.remove_permission, FunctionName="doesnotexist", StatementId="x"),
            (404, "ResourceNotFoundException", "No policy found for: " + ARN_PREFIX + "doesnotexist"))
        self.assertEqual(
            error_of(self.lam.add_permission, FunctionName="perm-fn", StatementId="example.com",
                     Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"),
            (400, "ValidationException",
             "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy "
             "constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"))

    # Reserved concurrency: put, get, delete (204), and {} once deleted.
    def test_concurrency(self):
        self.create("conc-fn")
        self.assertEqual(self.lam.get_function_concurrency(FunctionName="conc-fn").get(
            "ReservedConcurrentExecutions"), None)
        out = self.lam.put_function_concurrency(FunctionName="conc-fn",
                                                ReservedConcurrentExecutions=1)
        self.assertEqual(out["ReservedConcurrentExecutions"], 1)
        self.assertEqual(self.lam.get_function_concurrency(
            FunctionName="conc-fn")["ReservedConcurrentExecutions"], 1)
        self.assertEqual(self.lam.get_function(FunctionName="conc-fn")["Concurrency"],
                         {"ReservedConcurrentExecutions": 1})
        out = self.lam.delete_function_concurrency(FunctionName="conc-fn")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertNotIn("ReservedConcurrentExecutions",
                         self.lam.get_function_concurrency(FunctionName="conc-fn"))
        self.assertEqual(
            error_of(self.lam.put_function_concurrency, FunctionName="conc-fn:1",
                     ReservedConcurrentExecutions=1),
            (400, "InvalidParameterValueException",
             "This operation is permitted on Lambda functions only. Aliases and versions do not "
             "support this operation. Please specify either a function name or an unqualified "
             "function ARN."))

    # Tags: set on create, listed, added and removed by ARN.
    def test_tags(self):
        arn = self.create("tag-fn", Tags={"key_a": "value_a"})["FunctionArn"]
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"key_a": "value_a"})
        self.lam.tag_resource(Resource=arn, Tags={"key_b": "value_b", "key_a": "x"})
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"],
                         {"key_a": "x", "key_b": "value_b"})
        self.lam.untag_resource(Resource=arn, TagKeys=["key_a", "missing"])
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"key_b": "value_b"})
        self.assertEqual(error_of(self.lam.list_tags, Resource=ARN_PREFIX + "doesnotexist"),
                         not_found("doesnotexist"))

    # A zip whose entry climbs out of the code directory is refused; nothing is created.
    def test_hostile_zip_rejected(self):
        evil = make_zip({"../../escaped.txt": "pwned", "index.py": "x = 1\n"})
        self.assertEqual(
            error_of(self.create, "hostile", Code={"ZipFile": evil}),
            (400, "InvalidParameterValueException",
             "Could not unzip uploaded file. Please check your file, then try to upload again."))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="hostile"),
                         not_found("hostile"))
        self.create("hostile-update")
        self.assertEqual(
            error_of(self.lam.update_function_code, FunctionName="hostile-update", ZipFile=evil)[1],
            "InvalidParameterValueException")
        self.assertEqual(self.lam.get_function(FunctionName="hostile-update")["Configuration"][
            "CodeSha256"], sha256_b64(HANDLER_ZIP))
        self.assertEqual(
            error_of(self.create, "not-a-zip", Code={"ZipFile": b"plain text"})[2],
            "Could not unzip uploaded file. Please check your file, then try to upload again.")

    # A body that is not JSON: InvalidRequestContentException.
    def test_unparseable_body(self):
        req = urllib.request.Request(self.server.endpoint + "/2015-03-31/functions",
                                     data=b"{not json", method="POST",
                                     headers={"Content-Type": "application/json"})
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req)
        self.assertEqual(e.exception.code, 400)
        self.assertEqual(e.exception.headers["X-Amzn-ErrorType"], "InvalidRequestContentException")
        body = json.loads(e.exception.read())
        self.assertEqual(body["Type"], "User")
        self.assertTrue(body["message"].startswith(
            "Could not parse request body into json: Could not parse payload into json:"))

    # A number beyond a double's range (found by fuzzing: it answered 500):
    # still a body that cannot be read, InvalidRequestContentException.
    def test_number_out_of_range_body(self):
        req = urllib.request.Request(self.server.endpoint + "/2015-03-31/functions",
                                     data=b'{"MemorySize": 1e400}', method="POST",
                                     headers={"Content-Type": "application/json"})
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req)
        self.assertEqual(e.exception.code, 400)
        self.assertEqual(e.exception.headers["X-Amzn-ErrorType"], "InvalidRequestContentException")


class LambdaLimitsTests(unittest.TestCase):
    # AWS refuses a CreateFunction request over 70167211 bytes before reading it
    # (413 RequestEntityTooLargeException); the server's own body limit is raised here.
    def test_request_too_large(self):
        server = LocalCloud("--body-limit", "80M").start()
        try:
            body = b'{"FunctionName":"big","Code":{"ZipFile":"' + b"A" * 70167212 + b'"}}'
            req = urllib.request.Request(server.endpoint + "/2015-03-31/functions", data=body,
                                         method="POST")
            with self.assertRaises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(req)
            self.assertEqual(e.exception.code, 413)
            self.assertEqual(e.exception.headers["X-Amzn-ErrorType"],
                             "RequestEntityTooLargeException")
            self.assertIn("Request must be smaller than 70167211 bytes for the CreateFunction "
                          "operation", e.exception.read().decode())
        finally:
            server.stop()


class LambdaPersistenceTests(unittest.TestCase):
    """Functions, their code and policies survive a restart and kill -9 after a 2xx."""

    def test_restart_and_kill(self):
        with tempfile.TemporaryDirectory() as d:
            first = LocalCloud(data_dir=d).start()
            lam = first.client("lambda")
            lam.create_function(FunctionName="kept", Runtime="nodejs20.x", Role=ROLE,
                                Handler="index.handler", Code={"ZipFile": HANDLER_ZIP})
            lam.add_permission(FunctionName="kept", StatementId="apigw",
                               Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com")
            self.assertEqual(first.stop(signal.SIGKILL), -signal.SIGKILL)

            second = LocalCloud(data_dir=d).start()
            try:
                lam = second.client("lambda")
                got = lam.get_function(FunctionName="kept")
                self.assertEqual(got["Configuration"]["CodeSha256"], sha256_b64(HANDLER_ZIP))
                with urllib.request.urlopen(got["Code"]["Location"]) as r:
                    self.assertEqual(r.read(), HANDLER_ZIP)
                code_dir = os.path.join(d, "lambda", "functions", "kept",
                                        hashlib.sha256(HANDLER_ZIP).hexdigest())
                self.assertTrue(os.path.isfile(os.path.join(code_dir, "index.py")))
                lam.update_function_code(FunctionName="kept", ZipFile=OTHER_ZIP)
            finally:
                self.assertEqual(second.stop(), 0)

            third = LocalCloud(data_dir=d).start()
            try:
                lam = third.client("lambda")
                self.assertEqual(lam.get_function(FunctionName="kept")["Configuration"][
                    "CodeSha256"], sha256_b64(OTHER_ZIP))
                self.assertEqual(len(json.loads(lam.get_policy(FunctionName="kept")["Policy"])[
                    "Statement"]), 1)
                # Only the current package remains on disk.
                self.assertEqual(sorted(os.listdir(os.path.join(d, "lambda", "functions", "kept"))),
                                 sorted([hashlib.sha256(OTHER_ZIP).hexdigest(),
                                         hashlib.sha256(OTHER_ZIP).hexdigest() + ".zip"]))
            finally:
                self.assertEqual(third.stop(), 0)


if __name__ == "__main__":
    unittest.main()
