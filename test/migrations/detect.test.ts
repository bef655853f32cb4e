import { describe, expect, it } from "vitest";
import { detectLayout, planRepository } from "../../src/migrations/layouts.js";
import type { LayoutName, SourceFile } from "../../src/migrations/layouts.js";
import { tree } from "./helpers.js";

const cases: [LayoutName, SourceFile[]][] = [
  ["sqitch", tree("/r", { "sqitch.plan": "%project=x\n", "deploy/a.sql": "", "revert/a.sql": "" })],
  ["prisma", tree("/r/prisma/migrations", { "20240101000000_init/migration.sql": "" })],
  ["prisma", tree("/r/prisma/migrations", { "migration_lock.toml": "" })],
  ["diesel", tree("/r/migrations", { "2024-01-01-000000_init/up.sql": "", "2024-01-01-000000_init/down.sql": "" })],
  ["golang-migrate", tree("/r/migrations", { "1_a.up.sql": "", "1_a.down.sql": "", "README.md": "" })],
  ["popx", tree("/r/migrations/sql", { "20200519101057000000_a.up.sql": "", "20200519101057000000_a.postgres.up.sql": "", "20200519101057000000_a.mysql.up.sql": "" })],
  ["drizzle", tree("/r/drizzle", { "meta/_journal.json": '{"entries":[]}', "0000_init.sql": "-- +goose Up\n" })],
  ["atlas", tree("/r/migrations", { "atlas.sum": "h1:x\n", "20240101000000_init.sql": "" })],
  // Atlas keeps its sum file in other tools' directories too; those tools run them.
  ["golang-migrate", tree("/r/migrations", { "atlas.sum": "h1:x\n", "20240101000000_init.up.sql": "", "20240101000000_init.down.sql": "" })],
  ["goose", tree("/r/migrations", { "atlas.sum": "h1:x\n", "20240101000000_init.sql": "-- +goose Up\nSELECT 1;" })],
  ["goose", tree("/r/migrations", { "00001_a.sql": "-- +goose Up\nSELECT 1;\n" })],
  ["dbmate", tree("/r/db/migrations", { "20240101000000_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n" })],
  ["flyway", tree("/r/db/migration", { "V1__init.sql": "", "R__views.sql": "" })],
  ["supabase", tree("/r/supabase/migrations", { "20240101000000_init.sql": "" })],
  ["dump", tree("/r/db", { "structure.sql": "CREATE TABLE t ();" })],
  ["dump", tree("/r/db", { "0001_dump.sql": "--\n-- PostgreSQL database dump\n--\n" })],
  ["plain", tree("/r/sql", { "001_a.sql": "", "002_b.sql": "" })],
  ["plain", tree("/r/sql", { "001_a.sql": "" })],
  // The first migration of an up/down history (authelia's naming), not a dump.
  ["plain", tree("/r/migrations", { "V0001.Initial_Schema.up.sql": "CREATE TABLE t ();" })],
  ["plain", []],
  ["plain", tree("/r/migrations", { "20240101000000_init.sql": "" })],
  // fider: `.up.sql` files continued by bare ones, no down; its migrator runs every file (golang-migrate would skip the bare ones).
  ["plain", tree("/r/migrations", { "201701261850_a.up.sql": "", "201806191904_b.sql": "", "201807122132_c.sql": "" })],
  // A down, or an `.up.sql` newest, keeps golang-migrate (the bare file is then a stray one it ignores).
  ["golang-migrate", tree("/r/migrations", { "1_a.up.sql": "", "1_a.down.sql": "", "2_b.sql": "" })],
  ["golang-migrate", tree("/r/migrations", { "1_a.sql": "", "2_b.up.sql": "" })],
  // One bare file after the ups is a golang-migrate migration that lost its `.up` (reported: golang-migrate skips it).
  ["golang-migrate", tree("/r/migrations", { "1_a.up.sql": "", "2_b.up.sql": "", "3_c.sql": "" })],
];

describe("detectLayout", () => {
  it.each(cases)("detects %s", (layout, files) => {
    expect(detectLayout(files)).toBe(layout);
  });

  it("is deterministic whatever the file order", () => {
    const files = tree("/r/m", { "1_a.up.sql": "", "1_a.down.sql": "", "2_b.sql": "-- +goose Up\n", "V3__c.sql": "" });
    expect(detectLayout(files)).toBe("golang-migrate");
    expect(detectLayout([...files].reverse())).toBe("golang-migrate");
  });

  it("does not take a goose marker inside a SQL line", () => {
    expect(detectLayout(tree("/r/m", { "1_a.sql": "SELECT '-- +goose Up';\n" }))).toBe("plain");
  });
});

describe("planRepository", () => {
  it("plans each migration directory with its own layout, directories in path order", () => {
    const files = [
      ...tree("/repo/services/b/migrations", { "2_x.up.sql": "", "2_x.down.sql": "", "10_y.up.sql": "" }),
      ...tree("/repo/services/a/migrations", { "2024-01-01-000000_init/up.sql": "", "2024-01-01-000000_init/metadata.toml": "run_in_transaction = false" }),
      ...tree("/repo/db", { "sqitch.plan": "widgets 2024-01-01T00:00:00Z A <a@b.c>\n", "deploy/widgets.sql": "", "revert/widgets.sql": "" }),
      ...tree("/repo/supabase/migrations", { "20240101000000_init.sql": "" }),
      ...tree("/repo/prisma/migrations", { "migration_lock.toml": "", "20240101000000_init/migration.sql": "" }),
      ...tree("/repo/flyway", { "V1__a.sql": "" }),
    ];
    const plans = planRepository(files);
    expect(plans.map((p) => [p.dir, p.layout, p.migrations.map((m) => m.version)])).toEqual([
      ["/repo/db", "sqitch", ["widgets"]],
      ["/repo/flyway", "flyway", ["1"]],
      ["/repo/prisma/migrations", "prisma", ["20240101000000"]],
      ["/repo/services/a/migrations", "diesel", ["2024-01-01-000000"]],
      ["/repo/services/b/migrations", "golang-migrate", ["2", "10"]],
      ["/repo/supabase/migrations", "supabase", ["20240101000000"]],
    ]);
    expect(plans.every((p) => p.problems.length === 0)).toBe(true);
    expect(plans[3]?.migrations[0]?.up[0]?.transaction).toBe("query");
  });

  it("passes assumeInTransaction to every directory", () => {
    const plans = planRepository(tree("/r/m", { "1_a.up.sql": "" }), { assumeInTransaction: false });
    expect(plans[0]?.migrations[0]?.up[0]?.transaction).toBe("none");
  });
});
