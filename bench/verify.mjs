// npm run bench (part): the cost of `schemalint verify` on PGlite — start-up with and without the
// cached data directory, and per migration with and without round trips — on a deterministic
// golang-migrate history. Uses the built dist/. Not a test: figures go to docs/performance.md.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (p) => import(path.join(root, "dist", p));
const { openPglite } = await dist("verify/pglite.js");
const { replay } = await dist("verify/replay.js");
const { initParser } = await dist("parser/parse.js");
const { planRepository } = await dist("migrations/repository.js");
const { lintFilesOf } = await dist("migrations/lint-files.js");

const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** N migrations: a table with an FK, an index and a column added later, each with an exact down. */
function history(n) {
  const files = [];
  for (let i = 1; i <= n; i++) {
    const v = String(i).padStart(6, "0");
    const prev = i > 1 ? `, parent_id bigint REFERENCES t${i - 1} (id)` : "";
    files.push({ path: `/bench/${v}_t${i}.up.sql`, text: `CREATE TABLE t${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL DEFAULT ''${prev});\nCREATE INDEX t${i}_name_idx ON t${i} (name);\nALTER TABLE t${i} ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();\n` });
    files.push({ path: `/bench/${v}_t${i}.down.sql`, text: `DROP TABLE t${i};\n` });
  }
  return files;
}

async function startMs(cacheDir) {
  const started = performance.now();
  const db = await openPglite({ extensions: new Set(), roles: [], cacheDir });
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

await initParser();
const cacheDir = mkdtempSync(path.join(os.tmpdir(), "schemalint-bench-cache-"));
try {
  const cold = [];
  const warm = [];
  for (let i = 0; i < Math.min(runs, 3); i++) cold.push(await startMs(undefined));
  await startMs(cacheDir); // writes the cache
  for (let i = 0; i < Math.min(runs, 3); i++) warm.push(await startMs(cacheDir));
  console.log("\n## verify on PGlite\n");
  console.log(`PGlite start: initdb ${median(cold).toFixed(0)} ms; from the cached data directory ${median(warm).toFixed(0)} ms (medians of ${Math.min(runs, 3)}).\n`);
  console.log("| Migrations | Statements | Round trips | Replay (incl. start) | Per migration |");
  console.log("| ---: | ---: | --- | ---: | ---: |");
  for (const n of [50, 200]) {
    const sources = history(n);
    const files = lintFilesOf(planRepository(sources), new Map(sources.map((s) => [s.path, s.text])), { report: () => true });
    for (const kind of ["none", "all"]) {
      const times = [];
      for (let i = 0; i < Math.min(runs, 3); i++) {
        const started = performance.now();
        const run = await replay(files, {
          open: (r) => openPglite({ extensions: r.extensions, roles: r.roles, cacheDir }),
          roundTrip: { kind },
          mismatchSeverity: 1,
          maxListed: 5,
          postgresVersion: 18,
          keepSnapshot: false,
        });
        if (run.findings.length > 0) throw new Error(`unexpected findings: ${run.findings[0].message}`);
        times.push(performance.now() - started);
      }
      const ms = median(times);
      console.log(`| ${n} | ${n * 4} | ${kind} | ${ms.toFixed(0)} ms | ${((ms - median(warm)) / n).toFixed(1)} ms |`);
    }
  }
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
