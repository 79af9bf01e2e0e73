// Lambda's console: every console call becomes one log record,
//   <ISO time>\t<request id>\t<LEVEL>\t<util.format(arguments)>
// written to stdout as ONE line. localcloud turns each stdout line into one
// log event, so newlines inside a record are written as "\r" (localcloud turns
// them back), as AWS's runtime does when it logs to stdout.
import { format } from 'node:util';
import { intoError, toFormatted } from './errors.mjs';

const kRequestIdSymbol = Symbol.for('aws.lambda.runtime.requestId');
const kPriority = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

// Until the first invocation the request id prints as "undefined", as in AWS.
let requestId;

/** Sets the request id that following records carry. */
export function setRequestId(id) {
  requestId = id;
  globalThis[kRequestIdSymbol] = id;
}

function write(level, text) {
  let line = `${new Date().toISOString()}\t${requestId}\t${level}\t${text}`;
  if (line.includes('\n')) line = line.replaceAll('\n', '\r');
  process.stdout.write(line + '\n');
}

function logger(level) {
  return (message, ...params) => write(level, format(message, ...params));
}

const noop = () => {};

/** Replaces console.trace/debug/info/log/warn/error (and adds fatal). */
export function patchConsole() {
  const threshold = kPriority[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? kPriority.TRACE;
  for (const [method, level] of [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'],
                                 ['warn', 'WARN'], ['error', 'ERROR'], ['fatal', 'FATAL']]) {
    console[method] = kPriority[level] >= threshold ? logger(level) : noop;
  }
  console.log = console.info;
}

/** Logs "<label> \t{error as JSON}" at ERROR, the way AWS reports failures. */
export function logError(label, error) {
  console.error(label, toFormatted(intoError(error)));
}
