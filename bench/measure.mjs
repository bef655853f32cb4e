// `node bench/measure.mjs ratio DIR [RUNS]`: parse-only and full lint in one fresh process, after one
// warm-up of each, alternating; prints the medians as JSON.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { initParser, parseSql } from "../dist/parser/parse.js";
import { lint } from "../dist/rules/engine.js";
import { rules, rulesById } from "../dist/rules/index.js";
import { migrationOrder } from "../dist/cli/files.js";

const [, dir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort(migrationOrder);
const files = await Promise.all(names.map(async (n) => ({ path: path.join(dir, n), text: await readFile(path.join(dir, n), "utf8") })));
await initParser();
const configured = rules
  .filter((r) => r.meta.defaultSeverity !== "off")
  .map((r) => ({ rule: r, severity: r.meta.defaultSeverity === "warn" ? 1 : 2, options: r.meta.options.parse({}) }));
const inputs = files.map((f) => ({ ...f, migration: f.path, role: "up", report: true }));

function parseOnly() {
  const start = performance.now();
  // The same streaming parse the linter uses, without the fold and the rules.
  for (const f of files) parseSql(f.text, { onStatements() {} });
  return performance.now() - start;
}

function fullLint() {
  const start = performance.now();
  const run = lint(inputs, { rules: configured, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) });
  return { ms: performance.now() - start, statements: run.stats.statements };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
parseOnly();
fullLint();
const parse = [];
const full = [];
let statements = 0;
for (let i = 0; i < runs; i++) {
  parse.push(parseOnly());
  const l = fullLint();
  full.push(l.ms);
  statements = l.statements;
}
console.log(JSON.stringify({ parseMs: median(parse), lintMs: median(full), statements }));
