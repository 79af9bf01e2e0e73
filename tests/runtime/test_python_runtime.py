"""localcloud's Python runtime (runtime/python/bootstrap.py) against a fake
Runtime API: handler loading, the context object, print and logging output,
and errors, each as AWS's python3.x runtimes behave."""
import json
import time
import unittest

from fake_runtime_api import FUNCTION_ARN
from runtime_test_case import RuntimeTestCase, StubDynamoDB

ISO_TIME_Z = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"

ECHO_CONTEXT = """
import os

calls = 0


def lambda_handler(event, context):
    global calls
    calls += 1
    return {
        "event": event,
        "calls": calls,
        "pid": os.getpid(),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
        },
        "remaining": context.get_remaining_time_in_millis(),
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "client_context": None if context.client_context is None else {
            "custom": context.client_context.custom,
            "env": context.client_context.env,
            "installation_id": context.client_context.client.installation_id,
        },
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
    }
"""


class LoadingTest(RuntimeTestCase):
    runtime = "python"

    def test_module_state_survives_between_invocations(self):
        api, _ = self.start({"lambda_function.py": ECHO_CONTEXT}, "lambda_function.lambda_handler")
        results = [self.invoke_ok(api) for _ in range(3)]
        self.assertEqual([r["calls"] for r in results], [1, 2, 3])
        self.assertEqual(len({r["pid"] for r in results}), 1)
        self.assertEqual(api.violations, [])

    def test_slashed_module_path(self):
        files = {"src/app/handlers.py": "def get(event, context):\n    return 'slashed'\n"}
        api, _ = self.start(files, "src/app/handlers.get")
        self.assertEqual(self.invoke_ok(api), "slashed")

    def test_dotted_module_path(self):
        files = {"src/__init__.py": "", "src/app.py": "def get(event, context):\n    return __name__\n"}
        api, _ = self.start(files, "src.app.get")
        self.assertEqual(self.invoke_ok(api), "src.app")

    def test_handler_modules_import_their_neighbours(self):
        files = {"util.py": "VALUE = 'from util'\n",
                 "lambda_function.py": "import util\n\ndef handler(e, c):\n    return util.VALUE\n"}
        api, _ = self.start(files, "lambda_function.handler")
        self.assertEqual(self.invoke_ok(api), "from util")

    def test_boto3_is_importable_and_honours_aws_endpoint_url(self):
        dynamodb = StubDynamoDB()
        self.addCleanup(dynamodb.close)
        files = {"lambda_function.py": """
import boto3

client = boto3.client("dynamodb")


def handler(event, context):
    return {"endpoint": client.meta.endpoint_url, "region": client.meta.region_name,
            "tables": client.list_tables()["TableNames"]}
"""}
        api, _ = self.start(files, "lambda_function.handler", endpoint_url=dynamodb.url)
        result = self.invoke_ok(api, timeout=15)
        self.assertEqual(result, {"endpoint": dynamodb.url, "region": "us-east-1",
                                  "tables": ["localcloud-stub"]})
        self.assertEqual(dynamodb.targets, ["DynamoDB_20120810.ListTables"])


class InitErrorTest(RuntimeTestCase):
    runtime = "python"

    def test_missing_module(self):
        api, env = self.start({"other.py": ""}, "lambda_function.lambda_handler")
        error = self.assert_init_error(api, env, "Runtime.ImportModuleError")
        self.assertEqual(error, {
            "errorMessage": "Unable to import module 'lambda_function': No module named 'lambda_function'",
            "errorType": "Runtime.ImportModuleError",
            "requestId": "",
            "stackTrace": [],
        })
        self.assert_log(env, r"\[ERROR\] Runtime\.ImportModuleError: Unable to import module "
                             r"'lambda_function': No module named 'lambda_function'\n"
                             r"Traceback \(most recent call last\):")

    def test_missing_function(self):
        api, env = self.start({"lambda_function.py": "x = 1\n"}, "lambda_function.lambda_handler")
        error = self.assert_init_error(api, env, "Runtime.HandlerNotFound")
        self.assertEqual(error["errorMessage"], "Handler 'lambda_handler' missing on module 'lambda_function'")

    def test_syntax_error(self):
        api, env = self.start({"lambda_function.py": "def handler(e, c)\n    return 1\n"},
                              "lambda_function.handler")
        error = self.assert_init_error(api, env, "Runtime.UserCodeSyntaxError")
        self.assertTrue(error["errorMessage"].startswith("Syntax error in module 'lambda_function': "),
                        error["errorMessage"])
        self.assertRegex(error["stackTrace"][0], r'^  File ".*lambda_function\.py" Line 1\n    def handler')

    def test_malformed_handler(self):
        api, env = self.start({"lambda_function.py": ""}, "lambda_function")
        error = self.assert_init_error(api, env, "Runtime.MalformedHandlerName")
        self.assertEqual(error["errorMessage"],
                         "Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)")

    def test_built_in_module_name(self):
        api, env = self.start({}, "sys.handler")
        error = self.assert_init_error(api, env, "Runtime.BuiltInModuleConflict")
        self.assertEqual(error["errorMessage"], "Cannot use built-in module sys as a handler module")

    def test_exception_while_importing(self):
        # As recorded from AWS: the exception's own type, and the frames from
        # importlib down to the user's module.
        files = {"lambda_function.py": 'raise Exception("Runtime startup fails")\n'}
        api, env = self.start(files, "lambda_function.handler")
        error = self.assert_init_error(api, env, "Exception")
        self.assertEqual(error["errorMessage"], "Runtime startup fails")
        self.assertIn("importlib", error["stackTrace"][0])
        self.assertRegex(error["stackTrace"][-1],
                         r'^  File ".*lambda_function\.py", line 1, in <module>\n'
                         r'    raise Exception\("Runtime startup fails"\)\n$')


class ContextTest(RuntimeTestCase):
    runtime = "python"

    def test_context_fields(self):
        api, env = self.start({"lambda_function.py": ECHO_CONTEXT}, "lambda_function.lambda_handler",
                              function_name="users", memory_mb=512)
        request_id = api.queue({"hello": "world"}, deadline_ms=int(time.time() * 1000) + 2000)
        result = api.result(request_id).json
        self.assertEqual(result["event"], {"hello": "world"})
        self.assertEqual(result["context"], {
            "function_name": "users",
            "function_version": "$LATEST",
            "invoked_function_arn": FUNCTION_ARN,
            "memory_limit_in_mb": "512",  # a string, as AWS's runtime gives it
            "aws_request_id": request_id,
            "log_group_name": "/aws/lambda/users",
            "log_stream_name": env.env["AWS_LAMBDA_LOG_STREAM_NAME"],
        })
        self.assertTrue(0 < result["remaining"] <= 2000, result["remaining"])
        self.assertEqual(result["identity"], [None, None])
        self.assertIsNone(result["client_context"])

    def test_client_context_and_identity(self):
        api, _ = self.start({"lambda_function.py": ECHO_CONTEXT}, "lambda_function.lambda_handler")
        result = self.invoke_ok(
            api,
            client_context={"custom": {"foo": "bar"}, "env": {"fizz": "buzz"},
                            "client": {"installation_id": "install-1"}},
            cognito_identity={"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"})
        self.assertEqual(result["identity"], ["id-1", "pool-1"])
        self.assertEqual(result["client_context"], {"custom": {"foo": "bar"}, "env": {"fizz": "buzz"},
                                                    "installation_id": "install-1"})

    def test_trace_id_is_in_the_environment_per_invocation(self):
        api, _ = self.start({"lambda_function.py": ECHO_CONTEXT}, "lambda_function.lambda_handler")
        self.assertEqual(self.invoke_ok(api, trace_id="Root=1-5e1b4151-abc")["trace"], "Root=1-5e1b4151-abc")
        self.assertIsNone(self.invoke_ok(api, trace_id=None)["trace"])


class ResultTest(RuntimeTestCase):
    runtime = "python"

    def test_none_is_null(self):
        api, _ = self.start({"f.py": "def h(e, c):\n    pass\n"}, "f.h")
        outcome = api.invoke({})
        self.assertEqual((outcome.kind, outcome.body), ("response", b"null"))

    def test_decimals_are_numbers(self):
        files = {"f.py": "from decimal import Decimal\n\ndef h(e, c):\n"
                         "    return {'int': Decimal('42'), 'fraction': Decimal('1.25')}\n"}
        api, _ = self.start(files, "f.h")
        outcome = api.invoke({})
        self.assertEqual(outcome.body, b'{"int": 42, "fraction": 1.25}')

    def test_unserialisable_result(self):
        api, _ = self.start({"f.py": "def h(e, c):\n    return object()\n"}, "f.h")
        payload = self.invoke_error(api).json
        self.assertEqual(payload["errorType"], "Runtime.MarshalError")
        self.assertEqual(payload["errorMessage"],
                         "Unable to marshal response: Object of type object is not JSON serializable")


class OutputTest(RuntimeTestCase):
    runtime = "python"

    HANDLER = """
import logging
import sys

logger = logging.getLogger()


def handler(event, context):
    print("printed", event["n"])
    sys.stderr.write("to stderr\\n")
    logger.info("info is below the default level")
    logger.warning("warning %s", "formatted")
    logger.error("two\\nlines")
    logging.getLogger("app.child").warning("from a child logger")
    try:
        raise KeyError("k")
    except KeyError:
        logger.exception("caught")
    logger.setLevel(logging.INFO)
    logger.info("info after setLevel")
    return "done"
"""

    def test_print_and_logging(self):
        api, env = self.start({"f.py": self.HANDLER}, "f.handler")
        request_id = api.queue({"n": 1})
        self.assertEqual(api.result(request_id).json, "done")
        prefix = ISO_TIME_Z + r"\t" + request_id + r"\t"
        self.assert_log(env, "printed 1")
        env.wait_for_log("to stderr", stream="stderr")
        self.assert_log(env, r"\[WARNING\]\t" + prefix + "warning formatted")
        self.assert_log(env, r"\[ERROR\]\t" + prefix + "two\nlines")
        self.assert_log(env, r"\[WARNING\]\t" + prefix + "from a child logger")
        self.assert_log(env, r"\[ERROR\]\t" + prefix + "caught\nTraceback \\(most recent call last\\):\n.*KeyError: 'k'")
        self.assert_log(env, r"\[INFO\]\t" + prefix + "info after setLevel")
        self.assertNotIn("below the default level", "\n".join(env.log_events()))
        self.assertEqual(len([l for l in env.raw_lines() if "two" in l]), 1)

    def test_log_level_from_the_environment(self):
        files = {"f.py": "import logging\n\ndef h(e, c):\n    logging.getLogger().debug('debug shown')\n"}
        api, env = self.start(files, "f.h", env={"AWS_LAMBDA_LOG_LEVEL": "DEBUG"})
        api.invoke({})
        self.assert_log(env, r"\[DEBUG\]\t" + ISO_TIME_Z + r"\t.*\tdebug shown")

    def test_output_reaches_localcloud_before_the_result(self):
        files = {"f.py": "def h(e, c):\n    print('partial line', end='')\n    return 1\n"}
        api, env = self.start(files, "f.h")
        api.invoke({})
        env.close()
        self.assertIn("partial line", env.log_events())


class ErrorTest(RuntimeTestCase):
    runtime = "python"

    def test_raised_exception(self):
        files = {"lambda_function.py": "def handler(event, context):\n    raise ValueError('boom')\n"}
        api, env = self.start(files, "lambda_function.handler")
        request_id = api.queue({})
        outcome = api.result(request_id)
        self.assertEqual(outcome.kind, "error")
        self.assertEqual(outcome.headers["lambda-runtime-function-error-type"], "ValueError")
        payload = outcome.json
        self.assertEqual(list(payload), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(payload["errorMessage"], "boom")
        self.assertEqual(payload["errorType"], "ValueError")
        self.assertEqual(payload["requestId"], request_id)
        self.assertEqual(len(payload["stackTrace"]), 1)
        self.assertRegex(payload["stackTrace"][0],
                         r'^  File ".*lambda_function\.py", line 2, in handler\n'
                         r"    raise ValueError\('boom'\)\n$")
        self.assert_log(env, r"\[ERROR\] ValueError: boom\nTraceback \(most recent call last\):\n"
                             "\u00a0\u00a0File \".*lambda_function\\.py\", line 2, in handler\n"
                             "\u00a0\u00a0\u00a0\u00a0raise ValueError\\('boom'\\)")
        raw = [line for line in env.raw_lines() if "boom" in line]
        self.assertEqual(len(raw), 1, raw)

    def test_custom_exception_and_nested_frames(self):
        files = {"lambda_function.py": """
class NotFound(Exception):
    pass


def find(key):
    raise NotFound(key + " not found")


def handler(event, context):
    return find("user")
"""}
        api, env = self.start(files, "lambda_function.handler")
        payload = self.invoke_error(api).json
        self.assertEqual((payload["errorType"], payload["errorMessage"]), ("NotFound", "user not found"))
        self.assertEqual(len(payload["stackTrace"]), 2)
        self.assertIn("in handler", payload["stackTrace"][0])
        self.assertIn("in find", payload["stackTrace"][1])

    def test_environment_survives_a_handled_error(self):
        files = {"f.py": "def h(e, c):\n    if e.get('fail'):\n        raise RuntimeError('x')\n    return 'fine'\n"}
        api, env = self.start(files, "f.h")
        self.invoke_error(api, {"fail": True})
        self.assertEqual(self.invoke_ok(api, {}), "fine")
        self.assertIsNone(env.proc.poll())

    def test_event_that_is_not_json(self):
        api, _ = self.start({"f.py": "def h(e, c):\n    return e\n"}, "f.h")
        payload = self.invoke_error(api, b"{not json").json
        self.assertEqual(payload["errorType"], "Runtime.UnmarshalError")
        self.assertTrue(payload["errorMessage"].startswith("Unable to unmarshal input: "))


if __name__ == "__main__":
    unittest.main()
