import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/lint-result.js";
import { findings, jsonResults, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end for rubenv/sql-migrate directories (fixtures/layouts/sql-migrate is covered in
 * layouts.test.ts): the two cases found on frain-dev/convoy, where sql-migrate files were linted as plain
 * files. The Down section was folded after the Up section, dropping the tables before the design rules
 * ran, and sql-migrate's transaction was not modelled.
 */

/** A temporary project holding `files`, linted once with `config` (and drawn once with `erd`). */
function project(prefix: string, config: unknown, files: Readonly<Record<string, string>>) {
  const state = { dir: undefined as TempDir | undefined, run: undefined as CliRun | undefined, erd: undefined as CliRun | undefined, results: [] as LintResult[] };
  beforeAll(async () => {
    const dir = await tempProject(`schemalint-cli-sql-migrate-${prefix}-`);
    state.dir = dir;
    await dir.write("schemalint.json", JSON.stringify(config));
    for (const [file, text] of Object.entries(files)) await dir.write(file, text);
    state.run = runCli(["-f", "json", "-c", "schemalint.json", "."], { cwd: dir.dir });
    state.results = jsonResults(state.run.stdout);
    state.erd = runCli(["erd", "-c", "schemalint.json"], { cwd: dir.dir });
  });
  afterAll(async () => {
    await state.dir?.remove();
  });
  const of = (file: string) => state.results.filter((r) => r.filePath === `${state.dir?.dir ?? ""}/${file}`).flatMap((r) => r.messages);
  return {
    findings: () => findings(state.results, state.dir?.dir ?? ""),
    status: () => state.run?.status,
    messages: (file: string) => of(file).map((m) => m.message),
    helps: (file: string) => of(file).map((m) => m.help),
    erd: () => state.erd?.stdout ?? "",
  };
}

const NCIT = "no-concurrent-in-transaction";
const MIGRATION_RULES = { extends: [], rules: { [NCIT]: "error", "require-down-migration": "error" } };

describe("sql-migrate: the Down section is the down migration, not a step after the Up section", () => {
  // sweepE repro 8 (sql/1745514784.sql).
  const p = project("down", {}, { "sql/1745514784.sql": "-- +migrate Up\nCREATE TABLE things (v text);\n\n-- +migrate Down\nDROP TABLE things;\n" });

  it("keeps the table for the design rules and the ERD", () => {
    expect(p.findings()).toEqual([["sql/1745514784.sql", 2, 14, "require-primary-key"]]);
    expect(p.status()).toBe(1);
    expect(p.erd()).toContain("things {");
  });
});

describe("sql-migrate: each migration runs in a transaction unless its marker says notransaction", () => {
  const create = "CREATE TABLE orders (id bigint PRIMARY KEY, region text, tag text, status text);\n";
  const index = (column: string) => `CREATE INDEX CONCURRENTLY orders_${column}_idx ON orders (${column});\n`;
  const drop = (column: string) => `DROP INDEX CONCURRENTLY orders_${column}_idx;\n`;
  const p = project("tx", { ...MIGRATION_RULES, migrations: { lintDown: true } }, {
    "sql/1_create_orders.sql": `-- +migrate Up\n${create}\n-- +migrate Down\nDROP TABLE orders;\n`,
    "sql/2_index_region.sql": `-- +migrate Up notransaction\n${index("region")}\n-- +migrate Down\n${drop("region")}`,
    "sql/3_index_tag.sql": `-- +migrate Up\n${index("tag")}\n-- +migrate Down notransaction\n${drop("tag")}`,
    // sweepE repro 9 (sql/1001.sql): a lock timeout first does not take the index out of the transaction.
    "sql/10_index_status.sql": `-- +migrate Up\nSET lock_timeout = 1000;\n${index("status")}\n-- +migrate Down notransaction\n${drop("status")}`,
  });

  it("flags the sections that run in sql-migrate's transaction, not those with notransaction", () => {
    expect(p.findings()).toEqual([
      ["sql/2_index_region.sql", 5, 1, NCIT],
      ["sql/3_index_tag.sql", 2, 1, NCIT],
      ["sql/10_index_status.sql", 3, 1, NCIT],
    ]);
    expect(p.messages("sql/3_index_tag.sql")[0]).toContain("sql-migrate runs each migration in a transaction");
    expect(p.helps("sql/3_index_tag.sql")[0]).toContain("-- +migrate Up notransaction");
    expect(p.status()).toBe(1);
  });
});

describe("sql-migrate: sweepE repro 9 as found", () => {
  const p = project("repro9", MIGRATION_RULES, {
    "sql/1000.sql": "-- +migrate Up\nCREATE TABLE things (id bigint PRIMARY KEY, v text NOT NULL);\n",
    "sql/1001.sql": "-- +migrate Up\nSET lock_timeout = 1000;\nCREATE INDEX CONCURRENTLY things_v_idx ON things (v);\n",
  });

  it("flags the index, and the missing Down sections sql-migrate would run on rollback", () => {
    expect(p.findings()).toEqual([
      ["sql/1000.sql", 1, 1, "require-down-migration"],
      ["sql/1001.sql", 1, 1, "require-down-migration"],
      ["sql/1001.sql", 3, 1, NCIT],
    ]);
    expect(p.messages("sql/1000.sql")[0]).toContain('Migration "1000" has no down migration');
    expect(p.helps("sql/1000.sql")[0]).toContain("a `-- +migrate Down` section at the end of the file");
  });
});
