// localcloud's Node.js runtime (nodejs18.x, nodejs20.x, nodejs22.x semantics).
// One process is one execution environment: it loads the handler named by
// _HANDLER from LAMBDA_TASK_ROOT, then loops over the Lambda Runtime API at
// AWS_LAMBDA_RUNTIME_API — take the next event, run the handler, post its
// result or error — one invocation at a time, for as long as localcloud keeps
// the environment. Handler output goes to stdout in Lambda's log format; the
// START/END/REPORT lines are localcloud's.
//
//   node runtime/nodejs/bootstrap.mjs        (cwd and LAMBDA_TASK_ROOT: the code)
//
// Exit codes: 129 after an uncaught exception (including a failed init), 128
// after an unhandled promise rejection, 1 when the Runtime API fails; in every
// case localcloud replaces the environment.
import './v8_tiering.mjs';  // first: see there
import { logError, patchConsole, setRequestId } from './console_patch.mjs';
import { NodeJsExit, UnhandledPromiseRejection, toRapidResponse } from './errors.mjs';
import { loadHandler } from './handler_loader.mjs';
import { installPackageFallback } from './package_fallback.mjs';
import { RuntimeClient } from './runtime_client.mjs';

const env = process.env;
const kFunction = Object.freeze({
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
});
const kAlreadyDone =
  'Invocation has already been reported as done. Cannot call complete more than once per invocation.';

if (!env.AWS_LAMBDA_RUNTIME_API || !env._HANDLER) {
  process.stderr.write('bootstrap: AWS_LAMBDA_RUNTIME_API and _HANDLER must be set\n');
  process.exit(1);
}
const client = new RuntimeClient(env.AWS_LAMBDA_RUNTIME_API);

let initialising = true;
let dying = false;
// The invocation being served: {id, settled, posting}. `settled` once a result
// or error has been handed to the Runtime API; `posting` is that request.
let current = null;
// What to do when the event loop runs dry during an invocation (see 'beforeExit' below).
let onEmptyLoop = null;

// An uncaught error ends the environment: report it against the invocation
// still waiting for a result (or as the init error), then exit.
function fatal(label, error, exitCode) {
  if (dying) return;
  dying = true;
  onEmptyLoop = null;
  logError(label, error);
  const exit = () => process.exit(exitCode);
  if (initialising) {
    afterOutput(() => client.postInitError(toRapidResponse(error))).then(exit, exit);
  } else if (current && !current.settled) {
    current.settled = true;
    const { id } = current;
    afterOutput(() => client.postError(id, toRapidResponse(error), false)).then(exit, exit);
  } else if (current?.posting) {
    // The result is posted (or about to be, once the output drains) with the poll
    // for the next event, so its answer waits for that event: wait for the bytes.
    afterOutput(() => client.sent()).then(exit, exit);
  } else {
    exit();
  }
}

/**
 * Calls `send` (which posts to the Runtime API) once the handler's output has left this
 * process: Node writes to pipes asynchronously, and lines still queued here when the
 * result reaches localcloud would land after the invocation's END line, in the next
 * invocation's log. Free when nothing is queued, the common case.
 */
function afterOutput(send) {
  const queued = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0);
  if (queued.length === 0) return send();
  return Promise.all(queued.map((stream) => new Promise((resolve) => stream.write('', resolve))))
    .then(send);
}

function runtimeApiFailed(error) {
  process.stderr.write(`bootstrap: Lambda Runtime API request failed: ${error?.stack ?? error}\n`);
  process.exit(1);
}

process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason, promise) =>
  fatal('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason, promise), 128));
// Fires once the handler's own work has drained (the idle keep-alive socket
// does not count): the moment a callback handler with
// callbackWaitsForEmptyEventLoop = true gets its result posted, and the moment
// a handler that never answers is answered for. Free on the common path.
process.on('beforeExit', () => {
  const action = onEmptyLoop;
  onEmptyLoop = null;
  if (action) action();
});

/** Runs one invocation; resolves once its result or error is posted. */
function invoke(handler, isAsync, headers, body) {
  return new Promise((resolveInvoke) => {
    const id = headers['lambda-runtime-aws-request-id'];
    const inv = { id, settled: false, posting: null };
    current = inv;
    setRequestId(id);
    const traceId = headers['lambda-runtime-trace-id'];
    if (traceId) env._X_AMZN_TRACE_ID = traceId;
    else delete env._X_AMZN_TRACE_ID;

    const post = (send) => {
      if (current === inv) onEmptyLoop = null;
      inv.posting = afterOutput(send).then(resolveInvoke, runtimeApiFailed);
    };
    const postError = (error) => {
      if (inv.settled || dying) return;
      inv.settled = true;
      logError('Invoke Error', error);
      post(() => client.postError(id, toRapidResponse(error)));
    };
    const postResult = (result) => {
      if (dying) return;
      if (inv.settled) {
        console.error(kAlreadyDone);
        return;
      }
      let json;
      try {
        json = JSON.stringify(result === undefined ? null : result);
      } catch {
        postError(new Error('Unable to stringify response body'));
        return;
      }
      inv.settled = true;
      post(() => client.postResponse(id, json));
    };

    // callback, succeed, fail and done: only the first call of any counts.
    let finished = false;
    let waitForEmptyLoop = true;
    const callback = (error, result) => {
      if (finished) return;
      finished = true;
      if (error !== undefined && error !== null) postError(error);
      else if (!waitForEmptyLoop) postResult(result);
      else if (current === inv) onEmptyLoop = () => postResult(result);
    };
    const done = (error, result) => {
      if (finished) return;
      finished = true;
      if (error !== undefined && error !== null) postError(error);
      else postResult(result);
    };
    const succeed = (result) => done(null, result);
    const fail = (error) => done(error === undefined || error === null ? 'handled' : error);

    // A handler that returns without answering: AWS answers null for a plain
    // function and fails an async one whose promise never settled.
    onEmptyLoop = isAsync
      ? () => postError(new NodeJsExit('The handler returned a promise that never settled, ' +
                                       'and nothing else was left for the event loop to do.'))
      : () => postResult(null);

    try {
      const deadline = Number(headers['lambda-runtime-deadline-ms']);
      const context = {
        get callbackWaitsForEmptyEventLoop() { return waitForEmptyLoop; },
        set callbackWaitsForEmptyEventLoop(value) { waitForEmptyLoop = value; },
        succeed,
        fail,
        done,
        ...kFunction,
        clientContext: parseHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
        identity: parseHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
        invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
        awsRequestId: id,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      };
      const returned = handler(JSON.parse(body), context, callback);
      if (returned && typeof returned.then === 'function') returned.then(succeed, fail);
    } catch (error) {
      callback(error);
    }
  });
}

function parseHeader(text, name) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error}`);
  }
}

async function serve(handler) {
  const isAsync = handler.constructor?.name === 'AsyncFunction';
  while (!dying) {
    const { headers, body } = await client.next();
    if (dying) return;
    await invoke(handler, isAsync, headers, body);
  }
}

patchConsole();
const taskRoot = env.LAMBDA_TASK_ROOT || process.cwd();
let handler;
try {
  await installPackageFallback(taskRoot);
  handler = await loadHandler(taskRoot, env._HANDLER);
} catch (error) {
  fatal('Uncaught Exception', error, 129);
}
if (handler) {
  initialising = false;
  serve(handler).catch(runtimeApiFailed);
}
