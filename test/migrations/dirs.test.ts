import { describe, expect, it } from "vitest";
import { planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { only, summary, tree } from "./helpers.js";

const dir = "/repo/migrations";

describe("diesel / sqlx layout", () => {
  it("pairs up.sql with down.sql per directory in version order", () => {
    const plan = planMigrations(
      tree(dir, {
        "2024-01-10-000000_second/up.sql": "SELECT 2;",
        "2024-01-10-000000_second/down.sql": "SELECT -2;",
        "2024-01-09-235959_first/up.sql": "SELECT 1;",
        "00000000000000_diesel_initial_setup/up.sql": "SELECT 0;",
        "00000000000000_diesel_initial_setup/down.sql": "SELECT 0;",
        ".keep": "",
      }),
    );
    expect(plan.layout).toBe("diesel");
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map(summary)).toEqual([
      "00000000000000|diesel_initial_setup|up=up.sql:tool|down=down.sql:tool",
      "2024-01-09-235959|first|up=up.sql:tool|down=",
      "2024-01-10-000000|second|up=up.sql:tool|down=down.sql:tool",
    ]);
    expect(plan.migrations[2]?.up[0]?.file).toBe(`${dir}/2024-01-10-000000_second/up.sql`);
    expect(plan.migrations[2]?.id).toBe(`diesel:${dir}:2024-01-10-000000_second`);
  });

  it("plans a single migration directory against its parent", () => {
    const plan = planMigrations(tree(dir, { "1_a/up.sql": "SELECT 1;" }));
    expect([plan.layout, only(plan.migrations).id, plan.problems]).toEqual(["diesel", `diesel:${dir}:1_a`, []]);
  });

  it("orders versions as diesel does: as text with dashes removed, so 10 runs before 9", () => {
    const plan = planMigrations(tree(dir, { "10_b/up.sql": "", "9_a/up.sql": "", "1_c/up.sql": "" }));
    expect(plan.migrations.map((m) => m.version)).toEqual(["1", "10", "9"]);
  });

  it("orders a timestamp with a suffix before a later one without (crates.io's history)", () => {
    const plan = planMigrations(
      tree(dir, {
        "2026-01-20-162913_later/up.sql": "",
        "2025-12-29-110242-0000_earlier/up.sql": "",
        "2025-12-30-000000_middle/up.sql": "",
      }),
    );
    // Numerically 202512291102420000 > 20260120162913; diesel compares the text.
    expect(plan.migrations.map((m) => m.name)).toEqual(["earlier", "middle", "later"]);
    expect(plan.problems).toEqual([]);
  });

  it("runs outside a transaction with run_in_transaction = false, not for sqlx's -- no-transaction (sqlx never reads directories)", () => {
    const plan = planMigrations(
      tree(dir, {
        "1_a/up.sql": "CREATE INDEX CONCURRENTLY i ON t (a);",
        "1_a/down.sql": "DROP INDEX CONCURRENTLY i;",
        "1_a/metadata.toml": "run_in_transaction = false\n",
        "2_b/up.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY j ON t (b);",
        "2_b/down.sql": "DROP INDEX j;",
        "3_c/up.sql": "SELECT 1;",
        "3_c/metadata.toml": "run_in_transaction = true\n",
      }),
    );
    expect(plan.migrations.map(summary)).toEqual([
      "1|a|up=up.sql:query|down=down.sql:query",
      "2|b|up=up.sql:tool|down=down.sql:tool",
      "3|c|up=up.sql:tool|down=",
    ]);
  });

  it("reports stray files, downs without ups and duplicate versions", () => {
    const plan = planMigrations(
      tree(dir, {
        "1_a/up.sql": "",
        "2_orphan/down.sql": "",
        "3_x/up.sql": "",
        "3_y/up.sql": "",
        "003_z/up.sql": "",
        "4_z/extra.sql": "",
        "loose.sql": "",
      }),
      { layout: "diesel" },
    );
    // "003" and "3" are different versions to diesel; "3-" would equal "3".
    // A duplicate version is reported, and both directories are kept, in name order.
    expect(plan.migrations.map((m) => `${m.version}_${m.name}`)).toEqual(["003_z", "1_a", "3_x", "3_y"]);
    expect(plan.problems).toEqual([
      { file: `${dir}/2_orphan/down.sql`, line: 1, message: "down migration for version 2 has no up migration" },
      { file: `${dir}/3_y/up.sql`, line: 1, message: `duplicate version 3 (also used by ${dir}/3_x/up.sql)` },
      { file: `${dir}/4_z/extra.sql`, line: 1, message: "not {version}_{name}/up.sql or down.sql; diesel ignores it" },
      { file: `${dir}/loose.sql`, line: 1, message: "not {version}_{name}/up.sql or down.sql; diesel ignores it" },
    ]);
    expect(requiresDown("diesel")).toBe(true);
  });
});

describe("prisma layout", () => {
  it("reads {timestamp}_{name}/migration.sql in order, up only, in a transaction", () => {
    const plan = planMigrations(
      tree(dir, {
        "migration_lock.toml": 'provider = "postgresql"',
        "20240102000000_b/migration.sql": "SELECT 2;",
        "20240101000000_a/migration.sql": "SELECT 1;",
        "20240103000000_c/notes.sql": "",
      }),
    );
    expect(plan.layout).toBe("prisma");
    expect(plan.migrations.map(summary)).toEqual(["20240101000000|a|up=migration.sql:tool|down=", "20240102000000|b|up=migration.sql:tool|down="]);
    expect(plan.problems).toEqual([
      { file: `${dir}/20240103000000_c/notes.sql`, line: 1, message: "not {timestamp}_{name}/migration.sql; prisma ignores it" },
    ]);
    expect(only(plan.migrations.slice(0, 1)).down).toEqual([]);
    expect(requiresDown("prisma")).toBe(false);
  });

  it("orders by directory name and keeps two migrations that share a timestamp", () => {
    const plan = planMigrations(
      tree(dir, {
        "migration_lock.toml": "",
        "20240101000000_b/migration.sql": "SELECT 2;",
        "20240101000000_a/migration.sql": "SELECT 1;",
        "2024010100000_short/migration.sql": "SELECT 0;",
      }),
    );
    expect(plan.problems).toEqual([]);
    // Text order, as Prisma sorts: "20240101000000_a" < "20240101000000_b" < "2024010100000_short".
    expect(plan.migrations.map((m) => m.name)).toEqual(["a", "b", "short"]);
  });
});
