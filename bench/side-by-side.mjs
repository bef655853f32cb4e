// npm run bench (part): schemalint and squawk side by side on the same corpora, run alternately;
// medians of BENCH_RUNS (default 5) process runs, wall time from spawn to exit, peak RSS from
// /usr/bin/time. schemalint runs cold (no cache) and warm (--cache, primed once). Figures go to
// docs/performance.md; the targets are ratios of medians measured in one run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dumpSql, writeCorpora } from "./corpus.mjs";
import { ensureSquawk, SQUAWK_VERSION } from "./squawk.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasTime = existsSync("/usr/bin/time");

const squawk = ensureSquawk();
const base = path.join(root, "bench/corpus");
const corpora = await writeCorpora(base);
const dump10 = path.join(base, "dump10");
mkdirSync(dump10, { recursive: true });
// ~17,500 tables ≈ 10 MB.
writeFileSync(path.join(dump10, "structure.sql"), dumpSql(17_500));
const precommit = path.join(base, "precommit");
mkdirSync(precommit, { recursive: true });
writeFileSync(path.join(precommit, "001_users.sql"), "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);\n");
writeFileSync(path.join(precommit, "002_orders.sql"), "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(12,2) NOT NULL);\n");
writeFileSync(path.join(precommit, "003_orders_user.sql"), "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n");

/** Wall milliseconds and peak RSS (MB) of one process run; findings make both tools exit non-zero. */
function timed(command, args) {
  const argv = hasTime ? ["-f", "%M", command, ...args] : args;
  const started = performance.now();
  const r = spawnSync(hasTime ? "/usr/bin/time" : command, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`${command} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const rss = hasTime ? Number(r.stderr.trim().split("\n").at(-1)) / 1024 : NaN;
  return { ms, rss };
}

const cache = path.join(os.tmpdir(), `schemalint-bench-cache-${process.pid}.json`);
const schemalint = (dir, warm) => timed(process.execPath, [path.join(root, "bin/schemalint.js"), "--format", "json", ...(warm ? ["--cache", "--cache-location", cache] : []), dir]);
// squawk takes files or glob patterns, not directories.
const squawkRun = (dir) => timed(squawk, ["--reporter", "json", path.join(dir, "*.sql")]);

const rows = [
  ["dump 2.3 MB", corpora.dump],
  ["dump 10 MB", dump10],
  ["2,000 files", corpora.migrations],
  ["pre-commit (3 files)", precommit],
];
console.log(`\n## schemalint vs squawk ${SQUAWK_VERSION} (medians of ${runs} alternating runs, process start to exit)\n`);
console.log("| Corpus | squawk | schemalint cold | cold / squawk | schemalint warm (--cache) | warm / squawk | peak RSS schemalint / squawk |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
try {
  for (const [name, dir] of rows) {
    rmSync(cache, { force: true });
    schemalint(dir, true); // primes the cache
    const s = [];
    const cold = [];
    const warm = [];
    for (let i = 0; i < runs; i++) {
      s.push(squawkRun(dir));
      cold.push(schemalint(dir, false));
      warm.push(schemalint(dir, true));
    }
    const sq = median(s.map((x) => x.ms));
    const c = median(cold.map((x) => x.ms));
    const w = median(warm.map((x) => x.ms));
    const rss = `${median(cold.map((x) => x.rss)).toFixed(0)} / ${median(s.map((x) => x.rss)).toFixed(0)} MB`;
    console.log(`| ${name} | ${sq.toFixed(0)} ms | ${c.toFixed(0)} ms | ${(c / sq).toFixed(2)}× | ${w.toFixed(0)} ms | ${(w / sq).toFixed(2)}× | ${rss} |`);
  }
} finally {
  rmSync(cache, { force: true });
}
