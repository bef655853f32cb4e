// The CLI's bundle (npm run build, after tsc): bin/schemalint.js loads dist/bin/schemalint.mjs and
// bin/schemalint-action.js dist/bin/schemalint-action.mjs: one module with what every run needs, plus
// chunks for what only some runs load (verify, git, baseline, reporters…). Loading ~300 separate ES
// modules cost a pre-commit run about 150 ms of its ~425 ms: Node 20 resolves, reads and compiles each
// one, and has no module compile cache (docs/performance.md). The library entry (dist/index.js) stays
// unbundled.
//
// Kept external: packages that load files next to their own code (libpg-query's and PGlite's
// WebAssembly, TypeScript through cosmiconfig's loader), and pg. dist/bin sits at the same depth as
// dist/cli, so the CLI's `new URL("../…", import.meta.url)` (package.json, the parse worker in
// dist/parser) resolve the same from either.
export default {
  input: { schemalint: "dist/cli/main.js", "schemalint-action": "dist/cli/action.js" },
  platform: "node",
  external: [/^node:/, /^libpg-query(?:\/|$)/, /^@electric-sql\//, /^pg(?:\/|$)/, /^typescript$/],
  output: {
    dir: "dist/bin",
    format: "esm",
    entryFileNames: "[name].mjs",
    chunkFileNames: "[name]-[hash].mjs",
  },
};
