// How the Node.js runtime reports failures, in the shapes AWS's nodejs18.x to
// nodejs22.x runtimes use: the Runtime API payload {errorType, errorMessage,
// trace} and the "\t{json}" text appended to "Invoke Error" log records.
import { types } from 'node:util';

// Failures the runtime itself detects. Their names carry the "Runtime."
// prefix that AWS reports as the errorType.
export class ImportModuleError extends Error {}
export class HandlerNotFound extends Error {}
export class MalformedHandlerName extends Error {}
export class UserCodeSyntaxError extends Error {}
export class NodeJsExit extends Error {}
export class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
for (const cls of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError,
                   NodeJsExit, UnhandledPromiseRejection]) {
  cls.prototype.name = `Runtime.${cls.name}`;
}

function looksLikeError(value) {
  return value && typeof value.name === 'string' && typeof value.message === 'string' &&
         typeof value.stack === 'string' && value.name && value.message && value.stack;
}

/** The body of /invocation/{id}/error and /init/error for any thrown value. */
export function toRapidResponse(error) {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      return { errorType: error.name || error.constructor?.name || 'Error',
               errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving ' +
                    'one or more of its message, name, and stack',
    };
  }
}

// Error's name, message and stack are not enumerable; logs show them anyway,
// with the stack as an array of lines, followed by the error's own fields.
function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
  return out;
}

/** The "\t{json}" text that follows "Invoke Error" and "Uncaught Exception" in logs. */
export function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withEnumerableProperties(value));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

/** Logs record errors as Error objects even when a handler failed with a string. */
export function intoError(value) {
  return value instanceof Error ? value : new Error(value);
}
