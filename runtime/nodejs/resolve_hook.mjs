// ES module resolve hook. NODE_PATH serves require() only, so without this an
// ES module handler could not `import { DynamoDBClient } from
// "@aws-sdk/client-dynamodb"` unless it shipped its own node_modules. When
// Node cannot resolve a bare specifier from the importing file, the hook
// resolves it again as if imported from inside each fallback directory (the
// runtime's node_modules). Packages in the function's own node_modules still
// win, because normal resolution is tried first.
//
// `resolve` is the asynchronous form for module.register() (Node 20.6+, hooks
// on a loader thread); `resolveSync` the synchronous one for
// module.registerHooks() (Node 22.15+, in-thread and cheaper to start).

let fallbackParents = [];

/** module.register() passes `data`: {parents: [file URL inside each fallback directory]}. */
export function initialize(data) {
  fallbackParents = data?.parents ?? [];
}

// "lodash", "@aws-sdk/client-dynamodb/…": not relative, absolute, a URL, or a
// package-internal "#import".
function isBare(specifier) {
  return !/^(?:\.{0,2}\/|#|[a-zA-Z][a-zA-Z\d+\-.]*:)/.test(specifier);
}

function shouldFallBack(error, specifier) {
  return error?.code === 'ERR_MODULE_NOT_FOUND' && isBare(specifier) && fallbackParents.length > 0;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!shouldFallBack(error, specifier)) throw error;
    for (const parentURL of fallbackParents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // Try the next fallback; report the original error if none resolves it.
      }
    }
    throw error;
  }
}

export function resolveSync(specifier, context, nextResolve) {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    if (!shouldFallBack(error, specifier)) throw error;
    for (const parentURL of fallbackParents) {
      try {
        return nextResolve(specifier, { ...context, parentURL });
      } catch {
        // As above.
      }
    }
    throw error;
  }
}
