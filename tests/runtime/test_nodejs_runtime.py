"""localcloud's Node.js runtime (runtime/nodejs/bootstrap.mjs) against a fake
Runtime API: handler loading, handler styles, the context object, console
output and error reporting, each as AWS's nodejs18.x-22.x runtimes behave."""
import json
import time
import unittest

from fake_runtime_api import FUNCTION_ARN
from runtime_test_case import ISO_TIME, RuntimeTestCase

ECHO_CONTEXT = """
let calls = 0;
export const handler = async (event, context) => {
  calls += 1;
  return {
    event,
    calls,
    pid: process.pid,
    context: JSON.parse(JSON.stringify(context)),
    keys: Object.keys(context),
    remaining: context.getRemainingTimeInMillis(),
    trace: process.env._X_AMZN_TRACE_ID ?? null,
  };
};
"""


class LoadingTest(RuntimeTestCase):
    """Which file a handler string names, and how it is loaded."""
    runtime = "nodejs"

    def test_mjs_file_is_an_es_module(self):
        api, _ = self.start({"index.mjs": "export const handler = async () => import.meta.url;"},
                            "index.handler")
        self.assertTrue(self.invoke_ok(api).endswith("/index.mjs"))

    def test_js_file_without_package_json_is_commonjs(self):
        api, _ = self.start({"index.js": "exports.handler = async () => typeof module;"},
                            "index.handler")
        self.assertEqual(self.invoke_ok(api), "object")

    def test_js_file_under_type_module_is_an_es_module(self):
        files = {"package.json": '{"type": "module"}',
                 "index.js": "export const handler = async () => typeof require;"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_ok(api), "undefined")

    def test_cjs_file_under_type_module_is_commonjs(self):
        files = {"package.json": '{"type": "module"}',
                 "app.cjs": "exports.handler = async () => typeof require;"}
        api, _ = self.start(files, "app.handler")
        self.assertEqual(self.invoke_ok(api), "function")

    def test_js_is_preferred_to_mjs_and_cjs(self):
        files = {"index.js": "exports.handler = async () => 'js';",
                 "index.mjs": "export const handler = async () => 'mjs';",
                 "index.cjs": "exports.handler = async () => 'cjs';"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_ok(api), "js")

    def test_mjs_is_preferred_to_cjs(self):
        files = {"index.mjs": "export const handler = async () => 'mjs';",
                 "index.cjs": "exports.handler = async () => 'cjs';"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_ok(api), "mjs")

    def test_nearest_package_json_decides(self):
        files = {"package.json": '{"type": "module"}',
                 "src/package.json": '{"name": "inner"}',
                 "src/app.js": "exports.handler = async () => 'commonjs in src';"}
        api, _ = self.start(files, "src/app.handler")
        self.assertEqual(self.invoke_ok(api), "commonjs in src")

    def test_module_in_a_subdirectory_with_a_nested_export(self):
        files = {"src/lib/routes.mjs":
                 "export const api = { users: { get: async (e) => ({ got: e.id }) } };"}
        api, _ = self.start(files, "src/lib/routes.api.users.get")
        self.assertEqual(self.invoke_ok(api, {"id": 7}), {"got": 7})

    def test_default_export(self):
        files = {"index.mjs": "export default { handler: async () => 'default' };"}
        api, _ = self.start(files, "index.default.handler")
        self.assertEqual(self.invoke_ok(api), "default")

    def test_module_state_survives_between_invocations(self):
        api, _ = self.start({"index.mjs": ECHO_CONTEXT}, "index.handler")
        first, second, third = (self.invoke_ok(api) for _ in range(3))
        self.assertEqual([first["calls"], second["calls"], third["calls"]], [1, 2, 3])
        self.assertEqual(first["pid"], third["pid"])
        self.assertEqual(api.violations, [])


class InitErrorTest(RuntimeTestCase):
    """Failures before the first invocation: /init/error, then exit."""
    runtime = "nodejs"

    def test_missing_module_is_an_import_module_error(self):
        api, env = self.start({"other.mjs": ""}, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.ImportModuleError")
        self.assertTrue(error["errorMessage"].startswith("Error: Cannot find module 'index'\nRequire stack:"),
                        error["errorMessage"])
        self.assertTrue(error["trace"][0].startswith("Runtime.ImportModuleError: Error: Cannot find module"))
        event = self.assert_log(env, ISO_TIME + r"\tundefined\tERROR\tUncaught Exception \t(\{.*\})")
        logged = json.loads(event.split("\t", 4)[4])
        self.assertEqual(logged["errorType"], "Runtime.ImportModuleError")
        self.assertIsInstance(logged["stack"], list)

    def test_missing_package_required_by_the_handler_is_an_import_module_error(self):
        files = {"index.js": "const x = require('no-such-package');\nexports.handler = async () => x;"}
        api, env = self.start(files, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.ImportModuleError")
        self.assertIn("Cannot find module 'no-such-package'", error["errorMessage"])

    def test_handler_not_exported(self):
        api, env = self.start({"index.mjs": "export const other = () => 1;"}, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.HandlerNotFound")
        self.assertEqual(error["errorMessage"], "index.handler is undefined or not exported")

    def test_handler_not_a_function(self):
        api, env = self.start({"index.mjs": "export const handler = 42;"}, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.HandlerNotFound")
        self.assertEqual(error["errorMessage"], "index.handler is not a function")

    def test_syntax_error_in_commonjs(self):
        api, env = self.start({"index.js": "exports.handler = async () => {;\n"}, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.UserCodeSyntaxError")
        self.assertTrue(error["errorMessage"].startswith("SyntaxError: "), error["errorMessage"])

    def test_syntax_error_in_an_es_module(self):
        api, env = self.start({"index.mjs": "export const handler = async () => }\n"}, "index.handler")
        error = self.assert_init_error(api, env, "Runtime.UserCodeSyntaxError")
        self.assertTrue(error["errorMessage"].startswith("SyntaxError: "), error["errorMessage"])

    def test_handler_without_a_dot_is_malformed(self):
        api, env = self.start({"index.mjs": ""}, "index")
        error = self.assert_init_error(api, env, "Runtime.MalformedHandlerName")
        self.assertEqual(error["errorMessage"], "Bad handler")

    def test_handler_leaving_the_task_root_is_malformed(self):
        api, env = self.start({"index.mjs": ""}, "../index.handler")
        error = self.assert_init_error(api, env, "Runtime.MalformedHandlerName")
        self.assertEqual(error["errorMessage"],
                         "'../index.handler' is not a valid handler name. "
                         "Use absolute paths when specifying root directories in handler names.")

    def test_error_thrown_while_the_module_initialises(self):
        files = {"index.mjs": "throw new RangeError('no config');\nexport const handler = () => 1;"}
        api, env = self.start(files, "index.handler")
        error = self.assert_init_error(api, env, "RangeError")
        self.assertEqual(error["errorMessage"], "no config")
        self.assertEqual(error["trace"][0], "RangeError: no config")


class HandlerStyleTest(RuntimeTestCase):
    """async, promise, callback and legacy context handlers."""
    runtime = "nodejs"

    def test_undefined_result_is_null(self):
        api, _ = self.start({"index.mjs": "export const handler = async () => {};"}, "index.handler")
        outcome = api.invoke({})
        self.assertEqual((outcome.kind, outcome.body), ("response", b"null"))

    def test_non_async_function_returning_a_promise(self):
        files = {"index.js": "exports.handler = (e) => new Promise(r => setTimeout(() => r(e.x * 2), 5));"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_ok(api, {"x": 21}), 42)

    def test_callback_result(self):
        files = {"index.js": "exports.handler = (event, context, callback) => callback(null, {ok: event.n});"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual([self.invoke_ok(api, {"n": n}) for n in (1, 2)], [{"ok": 1}, {"ok": 2}])

    CALLBACK_THEN_TIMER = """
exports.handler = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = event.wait;
  setTimeout(() => console.log('timer fired'), 300);
  callback(null, 'answered');
};
"""

    def test_callback_waits_for_the_event_loop_to_empty(self):
        api, env = self.start({"index.js": self.CALLBACK_THEN_TIMER}, "index.handler")
        outcome = api.invoke({"wait": True})
        self.assertEqual(outcome.json, "answered")
        self.assertGreaterEqual(outcome.received_at - outcome.delivered_at, 0.25)
        env.wait_for_log("timer fired")

    def test_callback_does_not_wait_when_told_not_to(self):
        api, env = self.start({"index.js": self.CALLBACK_THEN_TIMER}, "index.handler")
        outcome = api.invoke({"wait": False})
        self.assertEqual(outcome.json, "answered")
        self.assertLess(outcome.received_at - outcome.delivered_at, 0.25)
        env.wait_for_log("timer fired")  # ... and the timer still runs, later

    def test_only_the_first_answer_counts(self):
        files = {"index.js": """
exports.handler = (event, context, callback) => {
  callback(null, 'first');
  callback(null, 'second');
  context.succeed('third');
  return Promise.resolve('fourth');
};
"""}
        api, _ = self.start(files, "index.handler")
        self.assertEqual([self.invoke_ok(api) for _ in range(2)], ["first", "first"])
        self.assertEqual(api.violations, [])

    def test_legacy_succeed_fail_and_done(self):
        files = {"index.js": """
exports.handler = (event, context) => {
  if (event.how === 'succeed') context.succeed({via: 'succeed'});
  else if (event.how === 'done') context.done(null, {via: 'done'});
  else context.fail(new Error('via fail'));
};
"""}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_ok(api, {"how": "succeed"}), {"via": "succeed"})
        self.assertEqual(self.invoke_ok(api, {"how": "done"}), {"via": "done"})
        self.assertEqual(self.invoke_error(api, {"how": "fail"}).json["errorMessage"], "via fail")

    def test_plain_function_that_never_answers_gets_null(self):
        files = {"index.js": "exports.handler = (e, c, cb) => { setTimeout(() => {}, 20); };"}
        api, _ = self.start(files, "index.handler")
        outcome = api.invoke({})
        self.assertEqual((outcome.kind, outcome.body), ("response", b"null"))

    def test_async_function_whose_promise_never_settles_fails(self):
        files = {"index.mjs": "export const handler = async () => new Promise(() => {});"}
        api, _ = self.start(files, "index.handler")
        outcome = self.invoke_error(api)
        self.assertEqual(outcome.json["errorType"], "Runtime.NodeJsExit")
        self.assertEqual(self.invoke_error(api).json["errorType"], "Runtime.NodeJsExit")


class ContextTest(RuntimeTestCase):
    runtime = "nodejs"

    def test_context_fields(self):
        api, env = self.start({"index.mjs": ECHO_CONTEXT}, "index.handler", function_name="users",
                              memory_mb=256)
        deadline = int(time.time() * 1000) + 2000
        request_id = api.queue({"hello": "world"}, deadline_ms=deadline)
        result = api.result(request_id).json
        self.assertEqual(result["event"], {"hello": "world"})
        self.assertEqual(result["context"], {
            "callbackWaitsForEmptyEventLoop": True,
            "functionVersion": "$LATEST",
            "functionName": "users",
            "memoryLimitInMB": "256",
            "logGroupName": "/aws/lambda/users",
            "logStreamName": env.env["AWS_LAMBDA_LOG_STREAM_NAME"],
            "invokedFunctionArn": FUNCTION_ARN,
            "awsRequestId": request_id,
        })
        # AWS's key order, which JSON.stringify(context) shows.
        self.assertEqual([k for k in result["keys"] if k in result["context"]], list(result["context"]))
        for method in ("getRemainingTimeInMillis", "succeed", "fail", "done"):
            self.assertIn(method, result["keys"])
        self.assertTrue(0 < result["remaining"] <= 2000, result["remaining"])

    def test_client_context_and_identity(self):
        files = {"index.mjs": "export const handler = async (e, c) => [c.clientContext, c.identity];"}
        api, _ = self.start(files, "index.handler")
        client_context = {"custom": {"foo": "bar"}, "env": {"fizz": "buzz"}}
        identity = {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}
        self.assertEqual(self.invoke_ok(api, client_context=client_context, cognito_identity=identity),
                         [client_context, identity])

    def test_trace_id_is_in_the_environment_per_invocation(self):
        api, _ = self.start({"index.mjs": ECHO_CONTEXT}, "index.handler")
        self.assertEqual(self.invoke_ok(api, trace_id="Root=1-5e1b4151-abc")["trace"], "Root=1-5e1b4151-abc")
        self.assertIsNone(self.invoke_ok(api, trace_id=None)["trace"])


class ConsoleTest(RuntimeTestCase):
    runtime = "nodejs"

    def test_console_methods_write_lambda_log_records(self):
        files = {"index.mjs": """
export const handler = async () => {
  console.log('log %s', 'formatted', { a: 1 });
  console.info('info');
  console.warn('warn');
  console.error('error', new Error('shown with its stack'));
  console.debug('debug');
  console.trace('trace');
  console.log();
  return 'ok';
};
"""}
        api, env = self.start(files, "index.handler")
        request_id = api.queue({})
        self.assertEqual(api.result(request_id).json, "ok")
        prefix = ISO_TIME + r"\t" + request_id + r"\t"
        self.assert_log(env, prefix + r"INFO\tlog formatted \{ a: 1 \}")
        self.assert_log(env, prefix + r"INFO\tinfo")
        self.assert_log(env, prefix + r"WARN\twarn")
        self.assert_log(env, prefix + r"ERROR\terror Error: shown with its stack\n    at .*")
        self.assert_log(env, prefix + r"DEBUG\tdebug")
        self.assert_log(env, prefix + r"TRACE\ttrace")
        self.assert_log(env, prefix + r"INFO\tundefined")

    def test_a_multi_line_record_is_one_line_with_carriage_returns(self):
        files = {"index.mjs": "export const handler = async () => { console.log('one\\ntwo\\nthree'); };"}
        api, env = self.start(files, "index.handler")
        request_id = api.queue({})
        api.result(request_id)
        self.assert_log(env, ISO_TIME + r"\t" + request_id + r"\tINFO\tone\ntwo\nthree")
        raw = [line for line in env.raw_lines() if "one" in line]
        self.assertEqual(len(raw), 1)
        self.assertTrue(raw[0].endswith("INFO\tone\rtwo\rthree"), raw)

    def test_log_level_filter(self):
        files = {"index.mjs": "export const handler = async () => { console.debug('hidden'); console.warn('shown'); };"}
        api, env = self.start(files, "index.handler", env={"AWS_LAMBDA_LOG_LEVEL": "WARN"})
        api.invoke({})
        env.wait_for_log("shown")
        self.assertNotIn("hidden", "\n".join(env.log_events()))

    def test_output_before_the_first_invocation_has_no_request_id(self):
        files = {"index.mjs": "console.log('loading');\nexport const handler = async () => 1;"}
        _, env = self.start(files, "index.handler")
        self.assert_log(env, ISO_TIME + r"\tundefined\tINFO\tloading")


class ErrorTest(RuntimeTestCase):
    """Handler failures: the /error payload and the "Invoke Error" log record."""
    runtime = "nodejs"

    def test_thrown_error(self):
        files = {"index.mjs": "export const handler = async () => { throw new TypeError('bad input'); };"}
        api, env = self.start(files, "index.handler")
        request_id = api.queue({})
        outcome = api.result(request_id)
        self.assertEqual(outcome.kind, "error")
        self.assertEqual(outcome.headers["lambda-runtime-function-error-type"], "TypeError")
        payload = outcome.json
        self.assertEqual(list(payload), ["errorType", "errorMessage", "trace"])
        self.assertEqual(payload["errorType"], "TypeError")
        self.assertEqual(payload["errorMessage"], "bad input")
        self.assertEqual(payload["trace"][0], "TypeError: bad input")
        self.assertRegex(payload["trace"][1], r"^    at .*index\.mjs:1:")
        event = self.assert_log(env, ISO_TIME + r"\t" + request_id + r"\tERROR\tInvoke Error \t\{.*\}")
        logged = json.loads(event.split("\t", 4)[4])
        self.assertEqual(list(logged), ["errorType", "errorMessage", "stack"])
        self.assertEqual(logged["stack"][0], "TypeError: bad input")

    def test_custom_error_fields_are_logged(self):
        files = {"index.mjs": """
class NotFound extends Error {
  constructor(what) { super(`${what} not found`); this.name = 'NotFound'; this.code = 'E404'; this.what = what; }
}
export const handler = async () => { throw new NotFound('user'); };
"""}
        api, env = self.start(files, "index.handler")
        payload = self.invoke_error(api).json
        self.assertEqual((payload["errorType"], payload["errorMessage"]), ("NotFound", "user not found"))
        event = env.wait_for_log("Invoke Error")
        logged = json.loads(event.split("\t", 4)[4])
        self.assertEqual(logged["code"], "E404")
        self.assertEqual(logged["what"], "user")

    def test_rejection_with_a_string(self):
        files = {"index.mjs": "export const handler = async () => { throw 'plain text'; };"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_error(api).json,
                         {"errorType": "string", "errorMessage": "plain text", "trace": []})

    def test_callback_error(self):
        files = {"index.js": "exports.handler = (e, c, cb) => cb(new Error('from callback'));"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_error(api).json["errorMessage"], "from callback")

    def test_environment_survives_a_handled_error(self):
        files = {"index.mjs": "export const handler = async (e) => { if (e.fail) throw new Error('x'); return 'fine'; };"}
        api, env = self.start(files, "index.handler")
        self.invoke_error(api, {"fail": True})
        self.assertEqual(self.invoke_ok(api, {}), "fine")
        self.assertIsNone(env.proc.poll())

    def test_uncaught_exception_fails_the_invocation_and_ends_the_environment(self):
        files = {"index.mjs": """
export const handler = async () => {
  setTimeout(() => { throw new Error('thrown from a timer'); }, 10);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return 'too late';
};
"""}
        api, env = self.start(files, "index.handler")
        payload = self.invoke_error(api).json
        self.assertEqual((payload["errorType"], payload["errorMessage"]), ("Error", "thrown from a timer"))
        env.wait_for_log("Uncaught Exception \t")
        self.assertEqual(env.wait_exit(), 129)

    def test_unhandled_rejection_fails_the_invocation_and_ends_the_environment(self):
        files = {"index.mjs": """
export const handler = async () => {
  Promise.reject(new Error('nobody waits for me'));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return 'too late';
};
"""}
        api, env = self.start(files, "index.handler")
        payload = self.invoke_error(api).json
        self.assertEqual(payload["errorType"], "Runtime.UnhandledPromiseRejection")
        self.assertEqual(payload["errorMessage"], "Error: nobody waits for me")
        event = env.wait_for_log("Unhandled Promise Rejection \t")
        logged = json.loads(event.split("\t", 4)[4])
        self.assertEqual(logged["reason"]["errorMessage"], "nobody waits for me")
        self.assertEqual(env.wait_exit(), 128)

    def test_unserialisable_result(self):
        files = {"index.mjs": "export const handler = async () => { const a = {}; a.a = a; return a; };"}
        api, _ = self.start(files, "index.handler")
        self.assertEqual(self.invoke_error(api).json["errorMessage"], "Unable to stringify response body")


class PayloadTest(RuntimeTestCase):
    runtime = "nodejs"

    def test_large_and_unicode_payloads_round_trip(self):
        files = {"index.mjs": "export const handler = async (e) => ({ size: e.blob.length, echo: e });"}
        api, _ = self.start(files, "index.handler")
        event = {"blob": "x" * 1_000_000, "text": "žluťoučký kůň \u2603 \U0001F600"}
        result = self.invoke_ok(api, event)
        self.assertEqual(result["size"], 1_000_000)
        self.assertEqual(result["echo"], event)


# Reports whether work() has been optimised by V8's top tier (TurboFan) yet. The
# optimising compiler runs in the foreground here, so the invocation that makes
# work() hot is the one that finds it optimised (a count, not a race), and the
# handler itself is never optimised, so that work() is not inlined into it.
HOT_FUNCTION = """
import v8 from 'node:v8';
v8.setFlagsFromString('--allow-natives-syntax');
v8.setFlagsFromString('--no-concurrent-recompilation');
const status = new Function('f', 'return %GetOptimizationStatus(f)');
const kTurboFanned = 1 << 6;
function work(o) { return { x: o.a, y: o.b, z: [o.a, o.b], w: o.b + o.a, v: JSON.stringify(o) }.v.length; }
export const handler = async (event) => {
  work(event);
  return (status(work) & kTurboFanned) !== 0;
};
new Function('f', '%NeverOptimizeFunction(f)')(handler);
"""


class TieringTest(RuntimeTestCase):
    runtime = "nodejs"

    def test_a_function_run_once_per_invocation_is_optimised_within_1500_invocations(self):
        # Each concurrent invocation has an environment of its own, so each sees only
        # its share of the calls: the runtime has V8 optimise after less work than
        # V8's default, with which this function took ~2,100 invocations (Node.js 20).
        # With the runtime's setting it takes ~75-200, but V8 now and then starts over
        # on the way: 621 invocations in 2 of 30 runs here, and 500 made this test fail
        # about once in ten. 1,500 still tells the two settings apart.
        api, _ = self.start({"index.mjs": HOT_FUNCTION}, "index.handler")
        event = {"a": 1, "b": "two"}
        optimised = any(self.invoke_ok(api, event) for _ in range(1500))
        self.assertTrue(optimised, "work() was not optimised within 1,500 invocations")


if __name__ == "__main__":
    unittest.main()
