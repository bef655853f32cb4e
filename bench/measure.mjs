// One measurement in a fresh process: `node bench/measure.mjs parse|lint DIR`. Prints JSON.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { initParser, parseSql } from "../dist/parser/parse.js";
import { lint } from "../dist/rules/engine.js";
import { rules, rulesById } from "../dist/rules/index.js";
import { migrationOrder } from "../dist/cli/files.js";

const [mode, dir] = process.argv.slice(2);
const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort(migrationOrder);
const files = await Promise.all(names.map(async (n) => ({ path: path.join(dir, n), text: await readFile(path.join(dir, n), "utf8") })));
await initParser();
const start = performance.now();
let statements = 0;
if (mode === "parse") {
  for (const f of files) statements += parseSql(f.text).statements.length;
} else {
  const configured = rules.filter((r) => r.meta.defaultSeverity !== "off").map((r) => ({ rule: r, severity: r.meta.defaultSeverity === "warn" ? 1 : 2, options: r.meta.options.parse({}) }));
  const run = lint(files.map((f) => ({ ...f, migration: f.path, role: "up", report: true })), { rules: configured, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) });
  statements = run.stats.statements;
}
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, statements, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
