import { describe, expect, it } from "vitest";
import { detectLayout, manifestTool, parseCargoManifest, parseGoMod, planMigrations, planRepository } from "../../src/migrations/layouts.js";
import type { LayoutName, ProjectManifest, SourceFile } from "../../src/migrations/layouts.js";
import { summary, tree } from "./helpers.js";

const cargo = (text: string): ProjectManifest => parseCargoManifest(text, "/r/Cargo.toml");
const gomod = (text: string): ProjectManifest => parseGoMod(text, "/r/go.mod");

const SQLX = cargo('[package]\nname = "app"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n');
const MARAGUDK = gomod("module example.com/app\n\ngo 1.22\n\nrequire github.com/maragudk/migrate v0.4.3\n");

describe("parseCargoManifest", () => {
  it("reads the keys of every dependency table, dotted and quoted keys, [dependencies.x] tables and renamed packages", () => {
    const text = [
      "[package]",
      'name = "app"',
      "[dependencies]",
      'tokio = { version = "1", features = [',
      '  "full",',
      "] }",
      "serde.workspace = true",
      '"quoted" = "1"',
      'db = { package = "sqlx", version = "0.8" }',
      "[dev-dependencies.pretty_assertions]",
      'version = "1"',
      "[target.'cfg(unix)'.dependencies]",
      'nix = "0.27"',
      "[workspace.dependencies]",
      'refinery = "0.8"',
      "[[bin]]",
      'name = "not-a-dependency"',
    ].join("\n");
    expect(cargo(text).dependencies).toEqual(["db", "nix", "pretty_assertions", "quoted", "refinery", "serde", "sqlx", "tokio"]);
  });

  it("gives what it could read of a malformed manifest and never throws", () => {
    expect(cargo("[dependencies\nsqlx = {{{\n\u0000").dependencies).toEqual([]);
    expect(cargo("").dependencies).toEqual([]);
    expect(cargo("[dependencies]\nsqlx = {{{ unterminated\n[package\n").dependencies).toEqual(["sqlx"]);
  });
});

describe("parseGoMod", () => {
  it("reads single require lines and require blocks, without comments", () => {
    const text = "module x\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n\nrequire (\n\tmaragu.dev/migrate v0.6.0 // indirect\n\t\"github.com/quoted/mod\" v1.0.0\n)\n\nreplace a => b v1\n";
    expect(gomod(text).dependencies).toEqual(["github.com/lib/pq", "github.com/quoted/mod", "maragu.dev/migrate"]);
  });

  it("never throws on a malformed go.mod", () => {
    expect(gomod("require (\n").dependencies).toEqual([]);
    expect(gomod("\u0000require").dependencies).toEqual([]);
  });
});

describe("manifestTool", () => {
  it("names sqlx for a crate depending on it, maragudk/migrate for a module requiring it without golang-migrate", () => {
    expect(manifestTool(SQLX)).toBe("sqlx");
    expect(manifestTool(MARAGUDK)).toBe("maragudk-migrate");
    expect(manifestTool(gomod("require maragu.dev/migrate v0.6.0\n"))).toBe("maragudk-migrate");
    expect(manifestTool(gomod("require (\nmaragu.dev/migrate v0.6.0\ngithub.com/golang-migrate/migrate/v4 v4.17.0\n)\n"))).toBeUndefined();
    expect(manifestTool(cargo('[dependencies]\ndiesel = "2"\n'))).toBeUndefined();
    expect(manifestTool(gomod("require github.com/pressly/goose/v3 v3.0.0\n"))).toBeUndefined();
    expect(manifestTool(undefined)).toBeUndefined();
  });
});

const detectCases: [LayoutName, LayoutName, SourceFile[], ProjectManifest][] = [
  ["sqlx", "golang-migrate", tree("/r/migrations", { "1_a.up.sql": "", "1_a.down.sql": "" }), SQLX],
  ["sqlx", "plain", tree("/r/migrations", { "1_a.sql": "", "2_b.sql": "" }), SQLX],
  ["sqlx", "plain", tree("/r/migrations", { "20240101000000_init.sql": "" }), SQLX],
  ["sqlx", "dump", tree("/r/migrations", { "0001_dump.sql": "--\n-- PostgreSQL database dump\n--\n" }), SQLX],
  // Other tools' markers and names still win in a sqlx crate (dbmate, refinery's Flyway names, diesel's directories).
  ["dbmate", "dbmate", tree("/r/db/migrations", { "20240101000000_a.sql": "-- migrate:up\nSELECT 1;\n" }), SQLX],
  ["flyway", "flyway", tree("/r/migrations", { "V1__init.sql": "" }), SQLX],
  ["diesel", "diesel", tree("/r/migrations", { "2024-01-01-000000_init/up.sql": "" }), SQLX],
  // A single schema file without a version stays a dump.
  ["dump", "dump", tree("/r/db", { "schema.sql": "CREATE TABLE t ();" }), SQLX],
  ["maragudk-migrate", "golang-migrate", tree("/r/migrations", { "0001_a.up.sql": "", "0001_b.up.sql": "" }), MARAGUDK],
  ["maragudk-migrate", "plain", tree("/r/migrations", { "1-accounts.up.sql": "", "1-accounts.down.sql": "" }), MARAGUDK],
  ["goose", "goose", tree("/r/migrations", { "00001_a.sql": "-- +goose Up\nSELECT 1;\n" }), MARAGUDK],
];

describe("detectLayout with a project manifest", () => {
  it.each(detectCases)("%s (without the manifest: %s)", (hinted, without, files, project) => {
    expect(detectLayout(files, project)).toBe(hinted);
    expect(detectLayout(files)).toBe(without);
  });
});

describe("planRepository with projects", () => {
  it("gives each history directory its own manifest", () => {
    const files = [...tree("/r/rust/migrations", { "1_a.up.sql": "" }), ...tree("/r/go/migrations", { "1_a.up.sql": "" })];
    const plans = planRepository(files, { projects: new Map([["/r/rust/migrations", SQLX]]) });
    expect(plans.map((p) => [p.dir, p.layout])).toEqual([
      ["/r/go/migrations", "golang-migrate"],
      ["/r/rust/migrations", "sqlx"],
    ]);
  });

  it("yields to a configured layout", () => {
    const files = tree("/r/migrations", { "1_a.up.sql": "" });
    expect(planRepository(files, { layout: "golang-migrate", projects: new Map([["/r/migrations", SQLX]]) })[0]?.layout).toBe("golang-migrate");
  });
});

describe("sqlx", () => {
  const plan = (files: Record<string, string>) => planMigrations(tree("/r/migrations", files), { project: SQLX });

  it("runs simple and reversible migrations in numeric version order, each in a transaction; -- no-transaction sends the file as one query", () => {
    const p = plan({
      "10_j.sql": "SELECT 1;",
      "2_b.up.sql": "SELECT 1;",
      "2_b.down.sql": "-- no-transaction\nSELECT 1;",
      "001_a.sql": "-- no-transaction\nSELECT 1;",
      "3_c.sql": "\n-- no-transaction\nSELECT 1;",
    });
    expect(p.layout).toBe("sqlx");
    expect(p.migrations.map(summary)).toEqual([
      "001|a|up=001_a.sql:query|down=",
      "2|b|up=2_b.up.sql:tool|down=2_b.down.sql:query",
      // The opt-out must be the file's very start (sqlx: `sql.starts_with("-- no-transaction")`).
      "3|c|up=3_c.sql:tool|down=",
      "10|j|up=10_j.sql:tool|down=",
    ]);
    expect(p.migrations[0]?.up[0]?.optedOut).toBe(true);
    expect(p.problems).toEqual([]);
  });

  it("reports a duplicate version (001 and 1 are one number), a non-integer prefix, files sqlx skips", () => {
    const p = plan({
      "1_a.sql": "",
      "001_b.sql": "",
      "v2_c.sql": "",
      "99999999999999999999_big.sql": "",
      "seed.sql": "",
      "2_x.sql.bak.sql": "",
      "sub/3_d.sql": "",
    });
    // Both files of the duplicate version stay in the history (file-name order), so both are linted.
    expect(p.migrations.map(summary)).toEqual(["001|b|up=001_b.sql:tool|down=", "1|a|up=1_a.sql:tool|down=", "2|x.sql.bak|up=2_x.sql.bak.sql:tool|down="]);
    expect(p.problems.map((x) => `${x.file.slice("/r/migrations/".length)}: ${x.message}`)).toEqual([
      "1_a.sql: duplicate version 1 (also used by /r/migrations/001_b.sql)",
      `99999999999999999999_big.sql: "99999999999999999999" before the first _ is no integer version: sqlx stops with "error parsing migration filename" and runs no migration`,
      "seed.sql: file name does not match {version}_{description}.sql, .up.sql or .down.sql directly in the migrations directory; sqlx ignores it",
      "sub/3_d.sql: file name does not match {version}_{description}.sql, .up.sql or .down.sql directly in the migrations directory; sqlx ignores it",
      `v2_c.sql: "v2" before the first _ is no integer version: sqlx stops with "error parsing migration filename" and runs no migration`,
    ]);
  });

  it("keeps a migration's own opt-out under assumeInTransaction: false", () => {
    const p = planMigrations(tree("/r/migrations", { "1_a.sql": "-- no-transaction\nSELECT 1;", "2_b.sql": "SELECT 1;" }), { project: SQLX, assumeInTransaction: false });
    expect(p.migrations.map(summary)).toEqual(["1|a|up=1_a.sql:query|down=", "2|b|up=2_b.sql:none|down="]);
  });
});

describe("maragudk/migrate", () => {
  const plan = (files: Record<string, string>) => planMigrations(tree("/r/migrations", files), { project: MARAGUDK });

  it("takes the whole name before .up.sql as the version, in byte-wise name order, each file in a transaction", () => {
    const p = plan({
      "0001_b.up.sql": "",
      "0001_a.up.sql": "",
      "0001_a.down.sql": "",
      "10-z.up.sql": "",
      "9-y.up.sql": "",
      "A.up.sql": "",
    });
    expect(p.layout).toBe("maragudk-migrate");
    expect(p.migrations.map(summary)).toEqual([
      "0001_a||up=0001_a.up.sql:tool|down=0001_a.down.sql:tool",
      "0001_b||up=0001_b.up.sql:tool|down=",
      "10-z||up=10-z.up.sql:tool|down=",
      "9-y||up=9-y.up.sql:tool|down=",
      "A||up=A.up.sql:tool|down=",
    ]);
    expect(p.problems).toEqual([]);
  });

  it("reports files it never runs: dots in the version, other names, subdirectories", () => {
    const p = plan({ "1_a.up.sql": "", "1.2_b.up.sql": "", "seed.sql": "", "sub/2_c.up.sql": "" });
    expect(p.migrations.map((m) => m.version)).toEqual(["1_a"]);
    expect(p.problems.map((x) => x.file.slice("/r/migrations/".length))).toEqual(["1.2_b.up.sql", "seed.sql", "sub/2_c.up.sql"]);
  });
});
