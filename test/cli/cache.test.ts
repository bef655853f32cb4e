import { readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, runCli, tempProject, type TempDir } from "./run.js";

/** Every directory of fixtures/layouts and the other fixtures: each is linted cold, then warm. */
const FIXTURES = [
  "fixtures/example-app",
  "fixtures/pg-dump",
  "fixtures/version-folders",
  ...readdirSync(path.join(ROOT, "fixtures/layouts")).map((d) => `fixtures/layouts/${d}`),
];

function lintOutput(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; debug: string } {
  const run = runCli(["--format", "json", "--debug", ...args], { cwd });
  return { status: run.status, stdout: run.stdout, debug: run.stderr };
}

/** A tiny deterministic generator (mulberry32), so the random edits are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("--cache", () => {
  let project: TempDir | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it.each(FIXTURES)("gives the same results warm as cold on %s, and reuses every history", async (fixture) => {
    project = await tempProject("schemalint-cache-");
    const cache = path.join(project.dir, "cache.json");
    const cold = lintOutput([fixture]);
    const first = lintOutput(["--cache", "--cache-location", cache, fixture]);
    const warm = lintOutput(["--cache", "--cache-location", cache, fixture]);
    expect(first.stdout).toBe(cold.stdout);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(cold.status);
    expect(first.debug).toMatch(/lint \(0 of (\d+) histories from the cache\)/u);
    const total = /lint \(0 of (\d+) histories/u.exec(first.debug)?.[1];
    expect(warm.debug).toContain(`lint (${total ?? "?"} of ${total ?? "?"} histories from the cache)`);
  });

  it("relints exactly the histories that changed, and matches a cold run after random edits", async () => {
    project = await tempProject("schemalint-cache-");
    const cache = path.join(project.dir, "node_modules/.cache/schemalint/");
    const statements = [
      "CREATE TABLE t{n} (id bigint PRIMARY KEY, price float NOT NULL);",
      "CREATE INDEX t{n}_price ON t{n} (price);",
      "ALTER TABLE t{m} ADD COLUMN note text;",
      "CREATE TABLE c{n} (id bigint PRIMARY KEY, t_id bigint REFERENCES t{m} (id));",
      "DROP TABLE IF EXISTS t{m};",
      "CREAT TABLE broken{n} (id int);",
      "ALTER TABLE t{m} RENAME COLUMN price TO amount;",
    ];
    const next = random(20261122);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    for (const dir of ["a", "b"]) for (let i = 1; i <= 4; i++) await project.write(`${dir}/00${String(i)}_init.sql`, `${pick(statements).replaceAll("{n}", String(i)).replaceAll("{m}", "1")}\n`);
    const args = ["--cache", "--cache-location", cache, "a", "b"];
    expect(lintOutput(args, project.dir).debug).toContain("lint (0 of 2 histories from the cache)");
    for (let round = 0; round < 8; round++) {
      const dir = pick(["a", "b"]);
      const file = `${dir}/00${String(1 + Math.floor(next() * 5))}_init.sql`;
      const n = String(10 + round);
      // The round number makes every edit a change, even when the statement drawn is the file's own.
      await project.write(file, `-- round ${String(round)}\n${pick(statements).replaceAll("{n}", n).replaceAll("{m}", String(1 + Math.floor(next() * 3)))}\n`);
      const warm = lintOutput(args, project.dir);
      const cold = lintOutput(["a", "b"], project.dir);
      expect(warm.stdout, `round ${String(round)}: ${file}`).toBe(cold.stdout);
      expect(warm.debug).toContain("lint (1 of 2 histories from the cache");
    }
    expect(statSync(path.join(cache, "lint-cache.json")).isFile()).toBe(true);
  });

  it("resumes a history that gained migrations after its unchanged ones, and lints it in full after any other change", async () => {
    project = await tempProject("schemalint-cache-");
    const cache = path.join(project.dir, "cache.json");
    const args = ["--cache", "--cache-location", cache, "db"];
    const migration = (n: number): [string, string] => [
      `CREATE TABLE t${String(n)} (id bigint PRIMARY KEY, price float NOT NULL, parent_id bigint REFERENCES t1 (id));\nALTER TABLE t1 RENAME COLUMN price TO amount${String(n)};\n`,
      `DROP TABLE t${String(n)};\n`,
    ];
    const write = async (n: number): Promise<void> => {
      const [up, down] = migration(n);
      const version = String(n).padStart(6, "0");
      await project?.write(`db/${version}_m.up.sql`, up);
      await project?.write(`db/${version}_m.down.sql`, down);
    };
    await write(1);
    await write(2);
    expect(lintOutput(args, project.dir).debug).toContain("lint (0 of 1 histories from the cache)");
    for (const n of [3, 4]) {
      await write(n);
      const warm = lintOutput(args, project.dir);
      expect(warm.debug).toContain(`lint (0 of 1 histories from the cache; 1 resumed after ${String(2 * (n - 1))} unchanged files)`);
      expect(warm.stdout).toBe(lintOutput(["db"], project.dir).stdout);
    }
    // An edit before the end: the prefix changed, nothing is resumed.
    await project.write("db/000002_m.up.sql", "CREATE TABLE t2 (id bigint PRIMARY KEY);\n");
    await write(5);
    const edited = lintOutput(args, project.dir);
    expect(edited.debug).toContain("lint (0 of 1 histories from the cache)");
    expect(edited.stdout).toBe(lintOutput(["db"], project.dir).stdout);
    // A checkpoint from another run (or damaged) is not used: the history is linted in full.
    const checkpoint = readdirSync(project.dir).find((f) => f.endsWith(".checkpoint"));
    expect(checkpoint).toBeDefined();
    await project.write(checkpoint ?? "", "not a checkpoint");
    await write(6);
    const damaged = lintOutput(args, project.dir);
    expect(damaged.debug).toContain("lint (0 of 1 histories from the cache)");
    expect(damaged.stdout).toBe(lintOutput(["db"], project.dir).stdout);
    // Unchanged, but its results file is gone: the checkpoint covers every migration, so only the
    // final-schema rules run again.
    const results = readdirSync(project.dir).find((f) => f.endsWith(".results"));
    expect(results).toBeDefined();
    await rm(path.join(project.dir, results ?? ""));
    const lost = lintOutput(args, project.dir);
    expect(lost.debug).toContain("lint (0 of 1 histories from the cache; 1 resumed after 12 unchanged files)");
    expect(lost.stdout).toBe(damaged.stdout);
    expect(lintOutput(args, project.dir).debug).toContain("lint (1 of 1 histories from the cache)");
  });

  it("keeps an older checkpoint while the migrations linted after it are few, then takes a new one", async () => {
    project = await tempProject("schemalint-cache-");
    const cache = path.join(project.dir, "cache.json");
    const args = ["--cache", "--cache-location", cache, "db"];
    const write = async (n: number): Promise<void> => {
      const version = String(n).padStart(6, "0");
      await project?.write(`db/${version}_m.up.sql`, `CREATE TABLE t${String(n)} (id bigint PRIMARY KEY, price float);\n`);
      await project?.write(`db/${version}_m.down.sql`, `DROP TABLE t${String(n)};\n`);
    };
    for (let n = 1; n <= 10; n++) await write(n);
    lintOutput(args, project.dir);
    // 22 files, 2 after the checkpoint of 20: under a tenth, the checkpoint stays. 24 files, 4 after it:
    // a new one covers all 24.
    for (const [n, after] of [[11, 20], [12, 20], [13, 24]] as const) {
      await write(n);
      const warm = lintOutput(args, project.dir);
      expect(warm.debug, `migration ${String(n)}`).toContain(`1 resumed after ${String(after)} unchanged files`);
      expect(warm.stdout).toBe(lintOutput(["db"], project.dir).stdout);
    }
  });

  it("forgets a history whose folder is gone and removes the files no history names", async () => {
    project = await tempProject("schemalint-cache-");
    const cache = path.join(project.dir, "cache", "lint-cache.json");
    const args = (...dirs: string[]): string[] => ["--cache", "--cache-location", cache, ...dirs];
    const cacheFiles = (): string[] => readdirSync(path.dirname(cache)).map((f) => f.replace(/[0-9a-f]{16}/u, "#")).sort();
    for (const dir of ["a", "b"]) {
      await project.write(`${dir}/000001_m.up.sql`, "CREATE TABLE t1 (id bigint PRIMARY KEY);\n");
      await project.write(`${dir}/000002_m.up.sql`, "CREATE TABLE t2 (id bigint PRIMARY KEY);\n");
    }
    lintOutput(args("a", "b"), project.dir);
    // Two histories of two migrations: a results file and a checkpoint each.
    expect(cacheFiles()).toEqual([
      "lint-cache.json",
      "lint-cache.json.#.checkpoint",
      "lint-cache.json.#.checkpoint",
      "lint-cache.json.#.results",
      "lint-cache.json.#.results",
    ]);
    const unrelated = await project.write("cache/lint-cache.json.notes.txt", "kept\n");
    await rm(path.join(project.dir, "b"), { recursive: true });
    // "a" loses a migration: one migration takes no checkpoint, so its old one goes too.
    await rm(path.join(project.dir, "a", "000002_m.up.sql"));
    const run = lintOutput(args("a"), project.dir);
    expect(run.debug).toContain("lint (0 of 1 histories from the cache)");
    expect(cacheFiles()).toEqual(["lint-cache.json", "lint-cache.json.#.results", "lint-cache.json.notes.txt"]);
    expect(Object.keys((JSON.parse(readFileSync(cache, "utf8")) as { entries: object }).entries)).toEqual([path.join(project.dir, "a")]);
    expect(readFileSync(unrelated, "utf8")).toBe("kept\n");
    expect(lintOutput(args("a"), project.dir).debug).toContain("lint (1 of 1 histories from the cache)");
  });

  it("lints everything again when the configuration changes, and survives a damaged cache file", async () => {
    project = await tempProject("schemalint-cache-");
    await project.write("db/001_init.sql", "CREATE TABLE t (id bigint PRIMARY KEY, price float NOT NULL);\n");
    const cache = await project.write("cache.json", "{ not json");
    const args = ["--cache", "--cache-location", cache, "db"];
    expect(lintOutput(args, project.dir).debug).toContain("lint (0 of 1 histories from the cache)");
    expect(JSON.parse(readFileSync(cache, "utf8"))).toMatchObject({ format: 8 });
    // One migration (a schema dump, mostly) has no prefix to resume after: no checkpoint is written.
    expect(readdirSync(project.dir).filter((f) => f.endsWith(".checkpoint"))).toEqual([]);
    expect(lintOutput(args, project.dir).debug).toContain("lint (1 of 1 histories from the cache)");
    const changed = lintOutput([...args, "--rule", "no-float-money: off"], project.dir);
    expect(changed.debug).toContain("lint (0 of 1 histories from the cache)");
    expect(changed.stdout).not.toContain("no-float-money");
  });
});
