// npm run bench: parse-only vs full lint (in-process, fresh process each run) and the CLI end to end,
// on deterministic corpora; medians of RUNS runs (BENCH_RUNS, default 5). Not a test: figures go to
// docs/performance.md.
import { execFileSync, spawnSync } from "node:child_process";
import { statSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeCorpora } from "./corpus.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
const corpora = await writeCorpora(path.join(root, "bench/corpus"));

function measure(mode, dir) {
  const out = execFileSync(process.execPath, [path.join(root, "bench/measure.mjs"), mode, dir, String(runs)], { cwd: root, encoding: "utf8" });
  return JSON.parse(out);
}

function cli(dir) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, "bin/schemalint.js"), "--format", "json", dir], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  return ms;
}

function sizeOf(dir) {
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; medians of ${runs} runs.`);
console.log("Parse only and full lint: in one process after a warm-up, alternating. Peak RSS: a fresh process linting once.");
console.log("CLI end to end: process start to exit, `schemalint --format json DIR`.\n");
console.log("| Corpus | Files | Size | Statements | Parse only | Full lint | Lint / parse | Peak RSS | CLI end to end |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, dir] of Object.entries(corpora)) {
  const ratio = measure("ratio", dir);
  const rss = [];
  const endToEnd = [];
  for (let i = 0; i < runs; i++) {
    rss.push(measure("rss", dir).maxRssMb);
    endToEnd.push(cli(dir));
  }
  const files = readdirSync(dir).length;
  const mb = (sizeOf(dir) / 1024 / 1024).toFixed(2);
  console.log(`| ${name} | ${files} | ${mb} MB | ${ratio.statements} | ${ratio.parseMs.toFixed(0)} ms | ${ratio.lintMs.toFixed(0)} ms | ${(ratio.lintMs / ratio.parseMs).toFixed(2)}× | ${median(rss).toFixed(0)} MB | ${median(endToEnd).toFixed(0)} ms |`);
}
