import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { planRepository } from "../../src/migrations/repository.js";
import { initParser } from "../../src/parser/parse.js";
import { filesByHistory, lint, type ConfiguredRule, type LintFile, type LintSettings } from "../../src/rules/engine.js";
import { rules, rulesById } from "../../src/rules/index.js";
import { histories, type SqlFile } from "../helpers/arbitraries.js";
import { FUZZ } from "../fuzz/settings.js";

/**
 * `--cache` resumes a history that gained migrations from a checkpoint of the ones before. The property:
 * lint the first migrations with a checkpoint, resume from it on the whole history, and the results (and
 * statistics) are those of linting the whole history cold — on every fixture at every migration
 * boundary, on random histories, and on the cases where a rule's state outlives a migration.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

const every: ConfiguredRule[] = rules.map((rule) => ({ rule, severity: 1, options: rule.meta.options.parse({}) }));
const settings: LintSettings = { rules: every, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()), lintDown: true };

function lintFiles(files: readonly SqlFile[]): LintFile[] {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  return lintFilesOf(planRepository(files), texts, { report: () => true });
}

/** The indexes at which a new migration starts: where a checkpoint can be taken. */
function boundaries(files: readonly LintFile[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < files.length; i++) if (files[i]?.migration !== files[i - 1]?.migration) out.push(i);
  return out;
}

/** Lints `files[0, n)` with a checkpoint, then all of `files` resumed from it. */
function resumedAt(files: readonly LintFile[], n: number): ReturnType<typeof lint> {
  const { checkpoint } = lint(files.slice(0, n), settings, { checkpoint: true });
  expect(checkpoint).toBeDefined();
  return lint(files, settings, { resume: checkpoint });
}

/** Resumed at every boundary of every history equals cold; returns how many resumptions were compared. */
function compareEveryBoundary(files: readonly LintFile[]): number {
  let compared = 0;
  for (const group of filesByHistory(files).values()) {
    const cold = lint(group, settings);
    for (const n of boundaries(group)) {
      const resumed = resumedAt(group, n);
      expect(resumed.resumedFiles, `resumed at file ${String(n)} of ${group[0]?.history ?? ""}`).toBe(n);
      expect(resumed.results, `resumed at file ${String(n)} of ${group[0]?.history ?? ""}`).toEqual(cold.results);
      expect(resumed.stats).toEqual(cold.stats);
      compared++;
    }
  }
  return compared;
}

function filesUnder(dir: string): SqlFile[] {
  const absolute = path.join(root, dir);
  return readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(path.join(absolute, f)).isFile())
    .sort()
    .map((f) => ({ path: `/${dir}/${f}`, text: readFileSync(path.join(absolute, f), "utf8") }));
}

/** Every migration history among the fixtures (a dump is one file: it has no prefix to resume after). */
const FIXTURES = ["fixtures/example-app", ...readdirSync(path.join(root, "fixtures/layouts")).filter((d) => d !== "dump").map((d) => `fixtures/layouts/${d}`)];

/** A plain numbered history, one file per migration. */
function plain(...migrations: string[]): LintFile[] {
  return lintFiles(migrations.map((text, i) => ({ path: `/db/${String(i + 1).padStart(3, "0")}_m.sql`, text })));
}

function ruleIds(run: ReturnType<typeof lint>): string[] {
  return run.results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${String(m.line)}:${String(m.column)} ${m.ruleId ?? ""}`));
}

describe("resuming a history from a checkpoint", () => {
  beforeAll(initParser);

  it.each(FIXTURES)("gives the results of a cold lint on %s at every migration boundary", (fixture) => {
    const files = lintFiles(filesUnder(fixture));
    const compared = compareEveryBoundary(files);
    // Every fixture history has at least two migrations, so every fixture is compared at least once.
    expect(compared).toBeGreaterThan(0);
  });

  it("gives the results of a cold lint on random histories in every layout", () => {
    fc.assert(
      fc.property(histories, (files) => {
        compareEveryBoundary(lintFiles(files));
      }),
      { ...FUZZ.options, numRuns: Math.max(5, Math.floor(FUZZ.options.numRuns / 4)) },
    );
  }, FUZZ.timeout);

  it("keeps no-rename's pending renames: a rename in the prefix is reported at the end of the resumed run", () => {
    const files = plain("CREATE TABLE a (id bigint PRIMARY KEY);", "ALTER TABLE a RENAME TO b;", "CREATE TABLE c (id bigint PRIMARY KEY);");
    const resumed = resumedAt(files, 2);
    expect(ruleIds(resumed)).toContain("002_m.sql:1:25 no-rename");
    expect(resumed.results).toEqual(lint(files, settings).results);
  });

  it("keeps require-primary-key's copied keys: a table created LIKE another INCLUDING INDEXES in the prefix is not reported", () => {
    const files = plain(
      "CREATE TABLE source (id bigint PRIMARY KEY);\nCREATE TABLE copy (LIKE source INCLUDING INDEXES);",
      "CREATE TABLE c (id bigint PRIMARY KEY);",
    );
    const resumed = resumedAt(files, 1);
    expect(ruleIds(resumed).filter((r) => r.endsWith("require-primary-key"))).toEqual([]);
    expect(resumed.results).toEqual(lint(files, settings).results);
  });

  it("keeps no-duplicate-index's key details: a collation in the prefix still tells two indexes apart", () => {
    const files = plain(
      "CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);",
      'CREATE INDEX CONCURRENTLY t_name_c ON t (name COLLATE "C");',
      "CREATE INDEX CONCURRENTLY t_name ON t (name);",
    );
    const resumed = resumedAt(files, 2);
    expect(ruleIds(resumed).filter((r) => r.endsWith("no-duplicate-index"))).toEqual([]);
    expect(resumed.results).toEqual(lint(files, settings).results);
  });

  it("keeps the findings of the prefix and applies inline directives to them", () => {
    const files = plain(
      "CREATE TABLE t (id bigint PRIMARY KEY, price float NOT NULL); -- schemalint-disable-line no-float-money -- legacy",
      "CREATE TABLE u (id bigint PRIMARY KEY, total float NOT NULL);",
      "CREATE TABLE v (id bigint PRIMARY KEY);",
    );
    const resumed = resumedAt(files, 2);
    expect(ruleIds(resumed).filter((r) => r.endsWith("no-float-money"))).toEqual(["002_m.sql:1:40 no-float-money"]);
    expect(resumed.results[0]?.suppressedMessages).toHaveLength(1);
    expect(resumed.results).toEqual(lint(files, settings).results);
  });

  it("ignores a checkpoint that does not fit and lints the history in full", () => {
    const files = lintFiles([
      { path: "/gm/000001_a.up.sql", text: "CREATE TABLE a (id bigint PRIMARY KEY);" },
      { path: "/gm/000001_a.down.sql", text: "DROP TABLE a;" },
      { path: "/gm/000002_b.up.sql", text: "CREATE TABLE b (id bigint PRIMARY KEY, price float);" },
      { path: "/gm/000002_b.down.sql", text: "DROP TABLE b;" },
    ]);
    const cold = lint(files, settings);
    const misfits = {
      // Ends inside a migration: the up part of 000002 without its down part.
      "mid-migration": lint(files.slice(0, 3), settings, { checkpoint: true }).checkpoint,
      // Of other files.
      "other files": lint(plain("CREATE TABLE z (id int);", "SELECT 1;"), settings, { checkpoint: true }).checkpoint,
      damaged: new Uint8Array([1, 2, 3]),
    };
    for (const [name, checkpoint] of Object.entries(misfits)) {
      const run = lint(files, settings, { resume: checkpoint });
      expect(run.resumedFiles, name).toBe(0);
      expect(run.results, name).toEqual(cold.results);
    }
  });
});
