// npm run bench (part 1): parse-only vs full lint in one process, on deterministic corpora; medians of
// RUNS runs (BENCH_RUNS, default 5). Not a test: figures go to docs/performance.md. The CLI end to end,
// its peak RSS and squawk side by side are in side-by-side.mjs; start-up in startup.mjs.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeCorpora } from "./corpus.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);

// `npm run build`: the library for measure.mjs, the CLI bundle for side-by-side.mjs and startup.mjs.
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
execFileSync(process.execPath, [path.join(root, "scripts/bundle.mjs")], { cwd: root, stdio: "inherit" });
const corpora = await writeCorpora(path.join(root, "bench/corpus"));

function measure(dir) {
  const out = execFileSync(process.execPath, [path.join(root, "bench/measure.mjs"), "ratio", dir, String(runs)], { cwd: root, encoding: "utf8" });
  return JSON.parse(out);
}

function sizeOf(dir) {
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

const cpu = os.cpus()[0]?.model ?? "cpu";
console.log(`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; medians of ${runs} runs.`);
console.log("Parse only (the same chunked, streaming parse the linter does) and full lint (every rule of schemalint:recommended):");
console.log("in one process, after one warm-up of each, alternating.\n");
console.log("| Corpus | Files | Size | Statements | Parse only | per statement | Full lint | Lint / parse |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const name of ["dump", "dump10", "migrations"]) {
  const dir = corpora[name];
  const r = measure(dir);
  const files = readdirSync(dir).length;
  const mb = (sizeOf(dir) / 1024 / 1024).toFixed(2);
  const perStatement = ((r.parseMs * 1000) / r.statements).toFixed(0);
  console.log(`| ${name} | ${files} | ${mb} MB | ${r.statements} | ${r.parseMs.toFixed(0)} ms | ${perStatement} µs | ${r.lintMs.toFixed(0)} ms | ${(r.lintMs / r.parseMs).toFixed(2)}× |`);
}
