// The one entry to libpg-query: wasm-compiler.js must be evaluated before it (import order).
import { restoreWasmTiers } from "./wasm-compiler.js";
import { loadModule } from "libpg-query";

export { fingerprintSync, hasSqlDetails, parsePlPgSQLSync, parseSync, scanSync, type RawStmt, type ScanToken } from "libpg-query";

// libpg-query compiles on import; waiting here costs nothing more and bounds the flag's window.
const compiled = loadModule().finally(restoreWasmTiers);
// A failed compile is reported to whoever awaits the parser, not as an unhandled rejection at import.
compiled.catch(() => undefined);

/** Resolves once the WebAssembly parser is compiled and instantiated. */
export function loadParser(): Promise<void> {
  return compiled;
}
