import { describe, expect, it } from "vitest";
import { planMigrations, planRepository, requiresDown } from "../../src/migrations/layouts.js";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { only, summary, tree } from "./helpers.js";

const dir = "/repo/db/migrations";

describe("golang-migrate layout", () => {
  it("orders by numeric version and pairs up with down", () => {
    const plan = planMigrations(
      tree(dir, {
        "10_ten.up.sql": "SELECT 10;",
        "9_nine.down.sql": "SELECT -9;",
        "9_nine.up.sql": "SELECT 9;",
        "000001_one.up.sql": "SELECT 1;",
        "README.md": "# notes",
      }),
    );
    expect(plan.layout).toBe("golang-migrate");
    expect(plan.migrations.map(summary)).toEqual([
      "000001|one|up=000001_one.up.sql:tool|down=",
      "9|nine|up=9_nine.up.sql:tool|down=9_nine.down.sql:tool",
      "10|ten|up=10_ten.up.sql:tool|down=",
    ]);
    expect(plan.problems).toEqual([]);
    const nine = plan.migrations[1];
    expect(nine?.id).toBe(`golang-migrate:${dir}:9_nine`);
    expect(nine?.up[0]?.text).toBe("SELECT 9;");
    expect(nine?.down[0]?.role).toBe("down");
    expect(nine?.repeatable).toBe(false);
  });

  it("orders timestamp versions", () => {
    const plan = planMigrations(
      tree(dir, { "20240101120000_b.up.sql": "", "20231231235959_a.up.sql": "", "20240101115959_c.up.sql": "" }),
    );
    expect(plan.migrations.map((m) => m.version)).toEqual(["20231231235959", "20240101115959", "20240101120000"]);
  });

  it("reports duplicate versions, downs without ups and files that do not match", () => {
    const plan = planMigrations(
      tree(dir, { "1_a.up.sql": "", "01_b.up.sql": "", "2_orphan.down.sql": "", "3_plain.sql": "" }),
      { layout: "golang-migrate" },
    );
    // The duplicate is reported, and both files are kept, in file-name order.
    expect(plan.migrations.map((m) => `${m.version}_${m.name}`)).toEqual(["01_b", "1_a"]);
    expect(plan.problems).toEqual([
      { file: `${dir}/1_a.up.sql`, line: 1, message: `duplicate version 1 (also used by ${dir}/01_b.up.sql)` },
      { file: `${dir}/2_orphan.down.sql`, line: 1, message: "down migration for version 2 has no up migration" },
      {
        file: `${dir}/3_plain.sql`,
        line: 1,
        message: "file name does not match {version}_{title}.up.sql or {version}_{title}.down.sql; golang-migrate ignores it",
      },
    ]);
  });

  it("keeps every file of a duplicate version, in file-name order, each with the down of its own name (harness/gitness)", () => {
    const plan = planMigrations(
      tree(dir, {
        "0001_create_table_b_spaces.up.sql": "CREATE TABLE spaces (id bigint);",
        "0001_create_table_b_spaces.down.sql": "DROP TABLE spaces;",
        "0001_create_table_a_principals.up.sql": "CREATE TABLE principals (id bigint);",
        "0001_create_table_a_principals.down.sql": "DROP TABLE principals;",
        "0002_c.up.sql": "",
        "0002_other_name.down.sql": "",
      }),
    );
    expect(plan.migrations.map(summary)).toEqual([
      "0001|create_table_a_principals|up=0001_create_table_a_principals.up.sql:tool|down=0001_create_table_a_principals.down.sql:tool",
      "0001|create_table_b_spaces|up=0001_create_table_b_spaces.up.sql:tool|down=0001_create_table_b_spaces.down.sql:tool",
      // golang-migrate pairs by version alone: one up takes the version's down whatever its name.
      "0002|c|up=0002_c.up.sql:tool|down=0002_other_name.down.sql:tool",
    ]);
    expect(plan.problems).toEqual([
      { file: `${dir}/0001_create_table_b_spaces.down.sql`, line: 1, message: `duplicate version 0001 (also used by ${dir}/0001_create_table_a_principals.down.sql)` },
      { file: `${dir}/0001_create_table_b_spaces.up.sql`, line: 1, message: `duplicate version 0001 (also used by ${dir}/0001_create_table_a_principals.up.sql)` },
    ]);
    // Same version and name, written differently: still two migrations, with ids of their own.
    const same = planMigrations(tree(dir, { "1_a.up.sql": "", "01_a.up.sql": "", "001_a.up.sql": "" }));
    expect(same.migrations.map((m) => m.id)).toEqual([`golang-migrate:${dir}:001_a`, `golang-migrate:${dir}:01_a`, `golang-migrate:${dir}:1_a`]);
  });

  it("does not call a .down.sql orphaned when its up is a Go migration of the version (concourse's .up.go)", () => {
    const files = tree(dir, {
      "1510262030_init.up.sql": "CREATE TABLE jobs (id bigint);",
      "1522178770_add_job_tags.up.go": "",
      "1522178770_add_job_tags.down.sql": "ALTER TABLE jobs DROP COLUMN tags;",
      "1530000000_orphan.down.sql": "",
    });
    const plan = planMigrations(files);
    expect(plan.layout).toBe("golang-migrate");
    // Its Go up is not modelled, so neither is the down: it is parsed for syntax only (not in any migration).
    expect(plan.migrations.map(summary)).toEqual(["1510262030|init|up=1510262030_init.up.sql:tool|down="]);
    expect(plan.problems).toEqual([{ file: `${dir}/1530000000_orphan.down.sql`, line: 1, message: "down migration for version 1530000000 has no up migration" }]);
  });

  it("overrides the transaction state with assumeInTransaction", () => {
    const files = tree(dir, { "1_a.up.sql": "", "1_a.down.sql": "" });
    const none = only(planMigrations(files, { assumeInTransaction: false }).migrations);
    expect([none.up[0]?.transaction, none.down[0]?.transaction]).toEqual(["none", "none"]);
    const tool = only(planMigrations(files, { assumeInTransaction: true }).migrations);
    expect(tool.up[0]?.transaction).toBe("tool");
  });

  it("requires a down", () => {
    expect(requiresDown("golang-migrate")).toBe(true);
  });
});

describe("popx layout (ory/popx: Kratos, Keto, Hydra)", () => {
  const popx = "/repo/persistence/sql/migrations/sql";

  it("is detected by a dialect or .autocommit. in the name, and a dotted golang-migrate title is not", () => {
    expect(planMigrations(tree(popx, { "20200519101057000000_a.mysql.up.sql": "", "20200519101057000000_a.up.sql": "" })).layout).toBe("popx");
    expect(planMigrations(tree(popx, { "20241029153900000001_a.autocommit.up.sql": "" })).layout).toBe("popx");
    expect(planMigrations(tree(dir, { "1_release.v2.up.sql": "", "1_release.v2.down.sql": "" })).layout).toBe("golang-migrate");
  });

  it("runs .postgres. and dialect-less files in version order, leaves other dialects out, .postgres. replacing the generic file", () => {
    const plan = planMigrations(
      tree(popx, {
        "20200519101057000000_identities.postgres.up.sql": "CREATE TABLE identities (id uuid PRIMARY KEY);",
        "20200519101057000000_identities.postgres.down.sql": "DROP TABLE identities;",
        "20200519101057000000_identities.mysql.up.sql": "CREATE TABLE `identities` (`id` char(36)) ENGINE=InnoDB;",
        "20200519101057000000_identities.mysql.down.sql": "DROP TABLE `identities`;",
        "20200519101057000000_identities.sqlite3.up.sql": "",
        "20200519101057000000_identities.cockroach.up.sql": "",
        "20200519101057000001_identities.up.sql": "ALTER TABLE identities ADD COLUMN nid uuid;",
        "20200519101057000001_identities.down.sql": "ALTER TABLE identities DROP COLUMN nid;",
        "20200519101057000002_identities.autocommit.up.sql": "CREATE INDEX i ON identities (nid);",
        "20200519101057000002_identities.postgres.autocommit.up.sql": "CREATE INDEX CONCURRENTLY i ON identities (nid);",
        "20200519101057000002_identities.autocommit.down.sql": "DROP INDEX i;",
        "20200519101057000003_identities.cockroach.autocommit.up.sql": "",
        "20200519101057000003_identities.cockroach.autocommit.down.sql": "",
        "20200519101057000004_identities.sqlite.up.sql": "",
        "20200519101057000004_identities.down.sql": "",
      }),
    );
    expect(plan.layout).toBe("popx");
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map(summary)).toEqual([
      "20200519101057000000|identities|up=20200519101057000000_identities.postgres.up.sql:tool|down=20200519101057000000_identities.postgres.down.sql:tool",
      "20200519101057000001|identities|up=20200519101057000001_identities.up.sql:tool|down=20200519101057000001_identities.down.sql:tool",
      "20200519101057000002|identities|up=20200519101057000002_identities.postgres.autocommit.up.sql:query|down=20200519101057000002_identities.autocommit.down.sql:query",
    ]);
    expect(plan.migrations[0]?.id).toBe(`popx:${popx}:20200519101057000000_identities`);
    expect(plan.ignored.map((f) => f.slice(popx.length + 1))).toEqual([
      "20200519101057000000_identities.cockroach.up.sql",
      "20200519101057000000_identities.mysql.down.sql",
      "20200519101057000000_identities.mysql.up.sql",
      "20200519101057000000_identities.sqlite3.up.sql",
      "20200519101057000002_identities.autocommit.up.sql",
      "20200519101057000003_identities.cockroach.autocommit.down.sql",
      "20200519101057000003_identities.cockroach.autocommit.up.sql",
      // A generic down whose up is for SQLite only: never run on PostgreSQL, and no mistake.
      "20200519101057000004_identities.down.sql",
      "20200519101057000004_identities.sqlite.up.sql",
    ]);
    expect(requiresDown("popx")).toBe(true);
  });

  it("orders versions as strings, as popx does", () => {
    const plan = planMigrations(tree(popx, { "9_a.postgres.up.sql": "", "10_b.postgres.up.sql": "" }));
    expect(plan.migrations.map((m) => m.version)).toEqual(["10", "9"]);
  });

  it("reports names popx rejects, duplicate versions and downs without any up", () => {
    const plan = planMigrations(
      tree(popx, {
        "1_a.postgres.up.sql": "",
        "1_b.postgres.up.sql": "",
        "2_orphan.postgres.down.sql": "",
        "3_dotted.name.postgres.up.sql": "",
        "notes.sql": "",
      }),
    );
    expect(plan.migrations.map((m) => `${m.version}_${m.name}`)).toEqual(["1_b"]);
    expect(plan.problems).toEqual([
      { file: `${popx}/1_a.postgres.up.sql`, line: 1, message: `duplicate version 1 (also used by ${popx}/1_b.postgres.up.sql, which popx runs instead)` },
      { file: `${popx}/2_orphan.postgres.down.sql`, line: 1, message: "down migration for version 2 has no up migration" },
      ...["3_dotted.name.postgres.up.sql", "notes.sql"].map((f) => ({
        file: `${popx}/${f}`,
        line: 1,
        message: "file name does not match {version}_{name}[.{dialect}][.autocommit].up.sql or .down.sql; popx refuses to run any migration while it is there",
      })),
    ]);
  });

  it("lints neither other dialects nor replaced files, and an .autocommit. file as one query", () => {
    const files = tree(popx, {
      "1_a.postgres.up.sql": "SELECT 1;",
      "1_a.mysql.up.sql": "SELECT `1`;",
      "2_b.autocommit.up.sql": "SELECT 2;",
    });
    const lintFiles = lintFilesOf(planRepository(files), new Map(files.map((f) => [f.path, f.text])), { report: () => true });
    expect(lintFiles.map((f) => [f.path.slice(popx.length + 1), f.role, f.transaction])).toEqual([
      ["1_a.postgres.up.sql", "up", "tool"],
      ["2_b.autocommit.up.sql", "up", "multi-statement"],
    ]);
  });
});
