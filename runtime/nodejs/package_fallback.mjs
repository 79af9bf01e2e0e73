// Makes the packages the runtime provides (the AWS SDK for JavaScript v3 in
// runtime/nodejs/node_modules) importable by handlers that do not bundle them,
// as the nodejs20.x runtime does: require() through NODE_PATH, import through
// the resolve hook in resolve_hook.mjs.
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const kRuntimeModules = fileURLToPath(new URL('./node_modules', import.meta.url));

function realpath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

// Plain ES module resolution already reaches `modulesDir` from `taskRoot`
// when some ancestor's node_modules is it (e.g. a symlink the host placed).
function reachableFrom(taskRoot, modulesDir) {
  for (let dir = taskRoot; ; dir = path.dirname(dir)) {
    if (realpath(path.join(dir, 'node_modules')) === modulesDir) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Installs the fallbacks for a function whose code is in `taskRoot`.
 * Costs nothing when the task root already reaches the runtime's packages;
 * otherwise the ES module hook is registered (on Node 20 that starts the
 * loader thread, ~35 ms; Node 22's in-thread hooks are cheaper).
 */
export async function installPackageFallback(taskRoot) {
  const runtimeModules = realpath(kRuntimeModules);
  const nodePath = (process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean);
  if (runtimeModules && !nodePath.some((dir) => realpath(dir) === runtimeModules)) {
    // NODE_PATH is read once at startup; re-read it after adding ours.
    process.env.NODE_PATH = [...nodePath, kRuntimeModules].join(path.delimiter);
    module._initPaths?.();
  }

  // Node resolves from a module's real path, so walk up from the real task root.
  const root = realpath(taskRoot) ?? taskRoot;
  const dirs = [...new Set([...nodePath.map(realpath), runtimeModules].filter(Boolean))];
  const needed = dirs.filter((dir) => !reachableFrom(root, dir));
  if (needed.length === 0) return;
  // Resolving "pkg" from a file inside D looks in D/node_modules/pkg, then in
  // D/../node_modules/pkg, which is D/pkg for a node_modules directory D.
  const parents = needed.map((dir) => pathToFileURL(path.join(dir, 'localcloud-fallback.js')).href);

  if (typeof module.registerHooks === 'function') {
    const hook = await import('./resolve_hook.mjs');
    hook.initialize({ parents });
    module.registerHooks({ resolve: hook.resolveSync });
  } else if (typeof module.register === 'function') {
    module.register('./resolve_hook.mjs', import.meta.url, { data: { parents } });
  }
}
