#!/usr/bin/env node
// Node ≥ 22.1 keeps the compiled code of the modules below between runs (module.enableCompileCache,
// https://nodejs.org/api/module.html#moduleenablecompilecachecachedir), as tsc and npm do; Node 20 has
// no such cache and skips this. NODE_DISABLE_COMPILE_CACHE=1 turns it off. docs/performance.md has the figures.
import module from "node:module";

module.enableCompileCache?.();

// The bundled CLI (npm run build): one module to load instead of ~300 (docs/performance.md).
const { main } = await import("../dist/bin/schemalint.mjs");
process.exitCode = await main(process.argv.slice(2));
