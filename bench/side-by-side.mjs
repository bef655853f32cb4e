// npm run bench (part 2): schemalint and squawk side by side on the same corpora, run alternately;
// medians of BENCH_RUNS (default 5) process runs, wall time from spawn to exit, peak RSS from
// /usr/bin/time. schemalint runs cold (no cache) and warm (--cache, primed once). Uses the built dist/
// (run.mjs builds it). Figures go to docs/performance.md; the targets are ratios of medians
// measured in one run.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpora as corporaIn } from "./corpus.mjs";
import { ensureSquawk } from "./squawk.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasTime = existsSync("/usr/bin/time");

const squawk = ensureSquawk();
const corpora = await corporaIn(path.join(root, "bench/corpus"));

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
/** `warm`: with `--cache` at the bench's cache file, or at the location given. */
const schemalint = (dir, warm, ...flags) => {
  const location = typeof warm === "string" ? warm : cache;
  return timed(process.execPath, [path.join(root, "bin/schemalint.js"), "--format", "json", ...flags, ...(warm === false ? [] : ["--cache", "--cache-location", location]), dir]);
};
// squawk takes files or glob patterns, not directories.
const squawkRun = (dir, executable = squawk.native) => timed(executable, ["--reporter", "json", path.join(dir, "*.sql")]);

const rows = [
  ["dump 2.3 MB", corpora.dump, "dump"],
  ["dump 10 MB", corpora.dump10, "dump10"],
  ["2,000 files", corpora.migrations, "files"],
  ["history: 400 migrations, up and down", corpora.history, "history"],
  ["pre-commit (3 files)", corpora.precommit, "precommit"],
];
const figures = {};
console.log(`\n## schemalint vs ${squawk.version} (native binary; medians of ${runs} alternating runs, process start to exit)\n`);
console.log("| Corpus | squawk | schemalint cold | cold / squawk | cold, --concurrency off | schemalint warm (--cache) | warm / squawk | peak RSS schemalint cold / warm / squawk |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
try {
  for (const [name, dir, key] of rows) {
    rmSync(cache, { force: true });
    schemalint(dir, true); // primes the cache
    const s = [];
    const cold = [];
    const warm = [];
    // Parse threads start only for inputs of 1 MB or more: the sequential run is timed for the dumps.
    const sequential = [];
    const large = key === "dump" || key === "dump10";
    for (let i = 0; i < runs; i++) {
      s.push(squawkRun(dir));
      cold.push(schemalint(dir, false));
      if (large) sequential.push(schemalint(dir, false, "--concurrency", "off"));
      warm.push(schemalint(dir, true));
    }
    const f = {
      squawk: median(s.map((x) => x.ms)),
      cold: median(cold.map((x) => x.ms)),
      warm: median(warm.map((x) => x.ms)),
      rssCold: median(cold.map((x) => x.rss)),
      rssWarm: median(warm.map((x) => x.rss)),
      rssSquawk: median(s.map((x) => x.rss)),
    };
    figures[key] = f;
    const rss = `${f.rssCold.toFixed(0)} / ${f.rssWarm.toFixed(0)} / ${f.rssSquawk.toFixed(0)} MB`;
    const off = large ? `${median(sequential.map((x) => x.ms)).toFixed(0)} ms (${median(sequential.map((x) => x.rss)).toFixed(0)} MB)` : "same (no threads)";
    console.log(`| ${name} | ${f.squawk.toFixed(0)} ms | ${f.cold.toFixed(0)} ms | ${(f.cold / f.squawk).toFixed(2)}× | ${off} | ${f.warm.toFixed(0)} ms | ${(f.warm / f.squawk).toFixed(2)}× | ${rss} |`);
  }
} finally {
  rmSync(cache, { force: true });
}

/**
 * The commit that adds a migration: the cache was written for the history without its last migration,
 * which is then added, so the run resumes from the checkpoint after the unchanged ones. The cache is put
 * back before every run; cold runs (no cache) of the same files alternate with them. Returns both medians.
 */
function appendedMigration(dir) {
  const work = mkdtempSync(path.join(os.tmpdir(), "schemalint-bench-append-"));
  try {
    const history = path.join(work, "migrations");
    cpSync(dir, history, { recursive: true });
    // The last migration's files: its up and down share the version before the first "_".
    const names = readdirSync(history).filter((f) => f.endsWith(".sql")).sort();
    const version = names.at(-1).split("_")[0];
    const last = names.filter((f) => f.split("_")[0] === version);
    for (const f of last) renameSync(path.join(history, f), path.join(work, f));
    const location = path.join(work, "cache/");
    const saved = path.join(work, "saved");
    schemalint(history, location);
    cpSync(location, saved, { recursive: true });
    for (const f of last) renameSync(path.join(work, f), path.join(history, f));
    const check = spawnSync(process.execPath, [path.join(root, "bin/schemalint.js"), "--format", "json", "--debug", "--cache", "--cache-location", location, history], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (!/resumed after \d+ unchanged files/u.test(check.stderr)) throw new Error(`the run with an added migration did not resume: ${check.stderr.slice(-500)}`);
    const added = [];
    const cold = [];
    for (let i = 0; i < runs; i++) {
      rmSync(location, { recursive: true, force: true });
      cpSync(saved, location, { recursive: true });
      added.push(schemalint(history, location).ms);
      cold.push(schemalint(history, false).ms);
    }
    return { added: median(added), cold: median(cold) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

console.log("\n### A commit that adds a migration (`--cache` written before it; the run resumes after the unchanged migrations)\n");
console.log("| Corpus | cold (no cache), alternating | warm, one migration added | added / cold | added / squawk |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [name, key] of [["2,000 files", "files"], ["history: 400 migrations, up and down", "history"]]) {
  const { added, cold } = appendedMigration(key === "files" ? corpora.migrations : corpora.history);
  console.log(`| ${name} | ${cold.toFixed(0)} ms | ${added.toFixed(0)} ms | ${(added / cold).toFixed(2)}× | ${(added / figures[key].squawk).toFixed(2)}× |`);
}

// `npx squawk` (the npm wrapper) starts Node before the binary: what a pre-commit hook using it waits for.
const wrapped = median(Array.from({ length: runs }, () => squawkRun(corpora.precommit, squawk.wrapper).ms));
console.log(`\nsquawk through its npm wrapper (Node script) on the pre-commit case: ${wrapped.toFixed(0)} ms.`);

const verdict = (ok) => (ok ? "met" : "NOT met");
const ratio = (f, which) => f[which] / f.squawk;
const { dump, dump10, files, precommit } = figures;
console.log("\nIssue 7 targets (ratios of the medians above):");
console.log(`- one large dump ≤ 0.8× squawk: ${ratio(dump, "cold").toFixed(2)}× (2.3 MB), ${ratio(dump10, "cold").toFixed(2)}× (10 MB): ${verdict(ratio(dump, "cold") <= 0.8 && ratio(dump10, "cold") <= 0.8)}`);
console.log(`- many files cold ≤ 3× squawk: ${ratio(files, "cold").toFixed(2)}×: ${verdict(ratio(files, "cold") <= 3)}`);
console.log(`- many files warm ≤ 1.0× squawk: ${ratio(files, "warm").toFixed(2)}×: ${verdict(ratio(files, "warm") <= 1)}`);
console.log(`- pre-commit cold ≤ 200 ms: ${precommit.cold.toFixed(0)} ms: ${verdict(precommit.cold <= 200)}`);
console.log(`- peak RSS on the 10 MB dump ≤ 400 MB: ${dump10.rssCold.toFixed(0)} MB: ${verdict(dump10.rssCold <= 400)}`);
console.log("- full lint ≤ 1.2× parse-only: see the Lint / parse column of the first table.");
