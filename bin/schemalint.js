#!/usr/bin/env node
// The bundled CLI (npm run build): one module to load instead of ~300 (docs/performance.md).
import { main } from "../dist/bin/schemalint.mjs";

process.exitCode = await main(process.argv.slice(2));
