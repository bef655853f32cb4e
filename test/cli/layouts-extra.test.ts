import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, ROOT, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end over fixtures/layouts/drizzle, atlas, sql-migrate and tern, as test/cli/layouts.test.ts does
 * for the other layouts: the migration rules only, each finding checked against the fixture's README.
 * Also: a Flyway baseline is linted as a schema of its own.
 */
const RULES = ["require-concurrent-index", "no-concurrent-in-transaction", "no-destructive-change", "require-lock-timeout", "require-down-migration", "migration-naming"];

let shared: TempDir;
let config: string;

beforeAll(async () => {
  shared = await tempProject("schemalint-cli-drizzle-atlas-");
  config = await shared.write("schemalint.json", JSON.stringify({ extends: [], rules: Object.fromEntries(RULES.map((id) => [id, "error"])) }));
});

afterAll(async () => {
  await shared.remove();
});

const CASES: readonly (readonly [string, readonly [string, number, number, string | null][]])[] = [
  [
    "drizzle",
    [
      // README: drizzle's migrator runs every pending migration in one transaction, no opt-out.
      ["drizzle/0001_users_email_idx.sql", 3, 1, "no-concurrent-in-transaction"],
      // Not in the journal: never run, not folded (its DROP COLUMN is not reported).
      ["drizzle/0002_orphan.sql", 1, 1, "migration-naming"],
      ["drizzle/meta/_journal.json", 7, 1, "migration-naming"],
    ],
  ],
  [
    "atlas",
    [
      // README: --tx-mode file (the default) runs the file in a transaction.
      ["migrations/20240102000000_users_email_idx.sql", 2, 1, "no-concurrent-in-transaction"],
      // 20240103000000: -- atlas:txmode none in the header: silent.
      // README: no empty line after the directive, so Atlas ignores it.
      ["migrations/20240104000000_users_created_idx.sql", 1, 1, "migration-naming"],
      ["migrations/20240104000000_users_created_idx.sql", 3, 1, "no-concurrent-in-transaction"],
    ],
  ],
  [
    "sql-migrate",
    [
      // 2:2 ADD COLUMN ... NOT NULL DEFAULT now() is safe, but still takes the lock.
      ["sql/2_add_users_updated_at.sql", 2, 1, "require-lock-timeout"],
      ["sql/9_create_projects.sql", 4, 30, "require-lock-timeout"],
      // README: index on users (created in 1); line 9 (projects, same migration) is silent. 9 runs before 10.
      ["sql/9_create_projects.sql", 10, 1, "require-concurrent-index"],
      // 10: `-- +migrate Up notransaction`, silent. README: 11's plain `-- +migrate Up` runs in sql-migrate's transaction.
      ["sql/11_index_users_email_domain.sql", 2, 1, "no-concurrent-in-transaction"],
      // README: the SET lock_timeout before the first marker never runs, so the ALTER TABLE runs without one.
      ["sql/12_add_projects_archived_at.sql", 1, 1, "migration-naming"],
      ["sql/12_add_projects_archived_at.sql", 3, 1, "require-lock-timeout"],
    ],
  ],
  [
    "tern",
    [
      // README: 003's index on users (created in 001); the template's orders_user_id_idx on a new table is silent.
      ["migrations/003_create_orders.sql", 4, 1, "require-concurrent-index"],
      // README: no ---- tern: disable-tx ----, so tern's transaction; and no separator, so no down.
      ["migrations/005_index_orders_created_at.sql", 1, 1, "no-concurrent-in-transaction"],
      ["migrations/005_index_orders_created_at.sql", 1, 1, "require-down-migration"],
      ["migrations/notes.sql", 1, 1, "migration-naming"],
    ],
  ],
];

describe.each(CASES)("fixtures/layouts/%s", (layout, expected) => {
  let run: CliRun;

  beforeAll(() => {
    run = runCli(["-f", "json", "-c", config, `fixtures/layouts/${layout}`]);
  });

  it("exits 1 with nothing on stderr and reports exactly the README's hazards", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(findings(jsonResults(run.stdout), path.join(ROOT, "fixtures", "layouts", layout))).toEqual(expected);
  });
});

describe("verify's history tables", () => {
  it("drizzle.__drizzle_migrations and atlas_schema_revisions.atlas_schema_revisions, whose schemas are the tools'", async () => {
    const { bookkeepingOf } = await import("../../src/verify/bookkeeping.js");
    expect(bookkeepingOf("drizzle")).toMatchObject({ schema: "drizzle", table: "__drizzle_migrations", platformSchemas: ["drizzle"] });
    expect(bookkeepingOf("atlas")).toMatchObject({ schema: "atlas_schema_revisions", table: "atlas_schema_revisions", platformSchemas: ["atlas_schema_revisions"] });
    // sql-migrate's gorp_migrations lives in the application's schema: only the table is the tool's.
    expect(bookkeepingOf("sql-migrate")).toMatchObject({ schema: "public", table: "gorp_migrations" });
    expect(bookkeepingOf("sql-migrate")?.platformSchemas).toBeUndefined();
  });
});

describe("a Flyway baseline B… on an existing database's route", () => {
  let project: TempDir;
  let run: CliRun;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-flyway-baseline-");
    await project.write("db/migration/B1__baseline.sql", "CREATE TABLE items (id bigint, name text);\nCREATE TABLE broken (;\n");
    await project.write("db/migration/V2__note.sql", "ALTER TABLE items ADD COLUMN note text;\n");
    const rules = { "require-primary-key": "error", "require-lock-timeout": "error" };
    await project.write("schemalint.json", JSON.stringify({ extends: [], rules }));
    run = runCli(["-f", "json", "--debug", "db/migration"], { cwd: project.dir });
  });

  afterAll(async () => {
    await project.remove();
  });

  it("is linted as a schema of its own: syntax errors and design findings show, its tables are new (no lock findings), --debug names it", () => {
    const found = findings(jsonResults(run.stdout), path.join(project.dir, "db", "migration"));
    expect(found).toEqual([
      ["B1__baseline.sql", 1, 14, "require-primary-key"],
      ["B1__baseline.sql", 2, 22, "parse-error"],
      // The history does not fold the baseline: items is an existing table here.
      ["V2__note.sql", 1, 1, "require-lock-timeout"],
    ]);
    expect(run.stderr).toContain(
      "schemalint: 1 Flyway baseline linted as a schema of its own, not folded into the history (an existing database never runs it): db/migration/B1__baseline.sql",
    );
  });
});

describe("Go migrations beside SQL ones (concourse: {version}_{name}.up.go)", () => {
  let project: TempDir;
  let run: CliRun;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-go-migrations-");
    await project.write("migrations/1_init.up.sql", "CREATE TABLE jobs (id bigint PRIMARY KEY);\n");
    await project.write("migrations/1_init.down.sql", "DROP TABLE jobs;\n");
    // Only the name is read: this is no SQL, and no text of it may reach the parser.
    await project.write("migrations/2_add_job_tags.up.go", "package migrations\n\nfunc (m *migrations) Up_2() error { return nil }\n");
    await project.write("migrations/2_add_job_tags.down.sql", "ALTER TABLE jobs DROP COLUMN tags;\n");
    await project.write("migrations/3_orphan.down.sql", "SELECT 3;\n");
    // Go code alone is no history.
    await project.write("cmd/4_tool.up.go", "package main\n");
    await project.write("schemalint.json", JSON.stringify({ extends: [], rules: { "migration-naming": "error", "no-destructive-change": "error" } }));
    run = runCli(["-f", "json", "--debug", "."], { cwd: project.dir });
  });

  afterAll(async () => {
    await project.remove();
  });

  it("a .down.sql whose up is Go is no orphan (parsed, not folded); a real orphan still is", () => {
    expect(findings(jsonResults(run.stdout), path.join(project.dir, "migrations"))).toEqual([["3_orphan.down.sql", 1, 1, "migration-naming"]]);
    expect(run.stderr).toContain("schemalint: 1 history: migrations (golang-migrate, 1 migration)");
  });
});
