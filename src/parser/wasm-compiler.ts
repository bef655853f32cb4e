import { setFlagsFromString } from "node:v8";

/*
 * Evaluated before libpg-query (see pg-query.ts), which starts compiling its 1.7 MB WebAssembly module
 * as soon as it is imported. V8's optimizing tier re-compiles hot functions in background threads,
 * which costs about 0.3 s of CPU per process, and the process waits for it before exiting; a CLI run
 * parses no faster with it (the time goes into the JSON the parser returns, not into WebAssembly
 * code; only repeated parses of a large dump in one process gain: docs/performance.md). So the parser
 * is compiled with the baseline compiler only, unless the user chose a tier on the command line.
 */
const userChoseTier = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) => arg.includes("liftoff"));
if (!userChoseTier) setFlagsFromString("--liftoff-only");

/** Puts V8's default back once the parser is compiled, so other WebAssembly (PGlite) is compiled as usual. */
export function restoreWasmTiers(): void {
  if (!userChoseTier) setFlagsFromString("--no-liftoff-only");
}
