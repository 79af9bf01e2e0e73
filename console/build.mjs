// Bundles the console into one directory of static files (default dist/):
// index.html, console.css, console.js and its chunks (minified), each with a
// .gz beside it. src/console/embed_assets.cmake compiles them
// into the binary.
//   node build.mjs [outdir]
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const here = new URL(".", import.meta.url).pathname;
const out = process.argv[2] ?? join(here, "dist");
mkdirSync(out, { recursive: true });

// The code editor (most of the bytes) is a chunk of its own, loaded when a
// function's code is first shown: the other pages start with a small script.
await build({
  entryPoints: { console: join(here, "src/main.js") },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: ["chrome100", "firefox100", "safari15"],
  outdir: out,
  chunkNames: "chunk-[hash]",
  legalComments: "none",
  logLevel: "warning",
});
for (const name of ["index.html", "console.css"]) copyFileSync(join(here, "src", name), join(out, name));

for (const name of readdirSync(out)) {
  if (name.endsWith(".gz")) continue;
  writeFileSync(join(out, name + ".gz"), gzipSync(readFileSync(join(out, name)), { level: 9 }));
}
