// Finds and loads the function named by _HANDLER the way AWS's nodejs18.x to
// nodejs22.x runtimes do:
//   "dir/sub/file.a.b" loads <task root>/dir/sub/file and returns export a.b.
// "file" is tried extensionless (CommonJS), then file.js as CommonJS unless the
// nearest package.json says "type": "module", then file.js as an ES module
// (only under "type": "module"), file.mjs, file.cjs, and at last Node's own
// require.resolve from the task root (which also finds node_modules packages).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandlerNotFound, ImportModuleError, MalformedHandlerName, UserCodeSyntaxError } from './errors.mjs';

const require = createRequire(import.meta.url);

function requireIfExists(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function importIfExists(file) {
  return fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined;
}

// Does the nearest package.json above `dir` say "type": "module"? The search
// stops at a node_modules folder and at the root.
function isModuleScope(dir) {
  for (;;) {
    if (dir.endsWith('/node_modules')) return false;
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8'))?.type === 'module';
      } catch (err) {
        console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, err);
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  const extensionless = requireIfExists(base);
  if (extensionless) return extensionless;

  const moduleScope = isModuleScope(path.dirname(base));
  if (!moduleScope) {
    const cjs = requireIfExists(base + '.js');
    if (cjs) return cjs;
  }
  const loaded = (moduleScope && (await importIfExists(base + '.js'))) ||
                 (await importIfExists(base + '.mjs')) ||
                 requireIfExists(base + '.cjs');
  if (loaded) return loaded;

  return require(require.resolve(moduleName, { paths: [taskRoot, moduleRoot] }));
}

/**
 * Loads the handler function.
 * @param {string} taskRoot LAMBDA_TASK_ROOT.
 * @param {string} handlerString _HANDLER, e.g. "index.handler" or "src/app.routes.get".
 * @returns {Promise<Function>}
 * @throws Runtime.MalformedHandlerName, Runtime.ImportModuleError, Runtime.UserCodeSyntaxError,
 *         Runtime.HandlerNotFound, or whatever the module throws while it initialises.
 */
export async function loadHandler(taskRoot, handlerString) {
  if (handlerString.includes('..')) {
    throw new MalformedHandlerName(`'${handlerString}' is not a valid handler name. ` +
                                   'Use absolute paths when specifying root directories in handler names.');
  }
  const moduleAndPath = path.basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(moduleAndPath));
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndPath);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, propertyPath] = match;

  let userModule;
  try {
    userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (err) {
    if (err instanceof SyntaxError) throw new UserCodeSyntaxError(err);
    if (err?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(err);
    throw err;
  }

  const fn = propertyPath.split('.').reduce((object, key) => object && object[key], userModule);
  if (!fn) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${handlerString} is not a function`);
  return fn;
}
