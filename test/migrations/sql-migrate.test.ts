import { describe, expect, it } from "vitest";
import { detectLayout, planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { compareSqlMigrateIds } from "../../src/migrations/sql-migrate.js";
import { lineCount, only, positionOf, summary, tree } from "./helpers.js";

/**
 * rubenv/sql-migrate as its sqlparse/sqlparse.go `ParseMigration` and migrate.go `byId` define it; each
 * expectation below follows that code (see src/migrations/sql-migrate.ts).
 */
const dir = "/repo/sql";

const plan = (files: Record<string, string>) => planMigrations(tree(dir, files), { layout: "sql-migrate" });
const problems = (files: Record<string, string>) => plan(files).problems.map((p) => [p.file.slice(dir.length + 1), p.line, p.message]);

describe("sql-migrate sections", () => {
  it("runs only the Up section going forward: the Down section is the down migration, not a later step", () => {
    const text = "-- +migrate Up\nCREATE TABLE things (v text);\n\n-- +migrate Down\nDROP TABLE things;\n";
    const p = planMigrations(tree(dir, { "1745514784.sql": text }));
    expect(p.layout).toBe("sql-migrate");
    expect(p.problems).toEqual([]);
    const m = only(p.migrations);
    expect(summary(m)).toBe("1745514784||up=1745514784.sql:tool|down=1745514784.sql:tool");
    expect(m.id).toBe(`sql-migrate:${dir}:1745514784`);
    const up = only(m.up);
    const down = only(m.down);
    expect(up.text.includes("DROP TABLE")).toBe(false);
    expect(down.text.includes("CREATE TABLE")).toBe(false);
    expect(positionOf(down.text, "DROP TABLE")).toEqual({ line: 5, column: 1 });
    expect([up.markerLine, down.markerLine]).toEqual([1, 4]);
    expect([up.text.length, lineCount(up.text)]).toEqual([text.length, lineCount(text)]);
  });

  it("joins every section of one direction, as UpStatements/DownStatements collect them", () => {
    const text = ["-- +migrate Up", "CREATE TABLE a (id int);", "-- +migrate Down", "DROP TABLE a;", "-- +migrate Up", "CREATE TABLE b (id int);", "-- +migrate Down", "DROP TABLE b;", ""].join("\n");
    const m = only(plan({ "1_ab.sql": text }).migrations);
    const up = only(m.up);
    const down = only(m.down);
    expect(up.text).toBe(["              ", "CREATE TABLE a (id int);", "                ", "             ", "              ", "CREATE TABLE b (id int);", "                ", "             ", ""].join("\n"));
    expect(down.text).toBe(["              ", "                        ", "                ", "DROP TABLE a;", "              ", "                        ", "                ", "DROP TABLE b;", ""].join("\n"));
    expect([up.markerLine, down.markerLine]).toEqual([1, 3]);
    // A second section of a direction is no problem for sql-migrate.
    expect(plan({ "1_ab.sql": text }).problems).toEqual([]);
  });

  it("turns the transaction off per direction with notransaction on any of its markers", () => {
    const m = only(plan({ "2_idx.sql": "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +migrate Down\nDROP INDEX i;\n" }).migrations);
    expect([m.up[0]?.transaction, m.up[0]?.optedOut, m.down[0]?.transaction, m.down[0]?.optedOut]).toEqual(["none", true, "tool", undefined]);
    const down = only(plan({ "3_idx.sql": "-- +migrate Up\nSELECT 1;\n-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY i;\n" }).migrations);
    expect([down.up[0]?.transaction, down.down[0]?.transaction, down.down[0]?.optedOut]).toEqual(["tool", "none", true]);
    const second = only(plan({ "4_x.sql": "-- +migrate Up\nSELECT 1;\n-- +migrate Up notransaction\nSELECT 2;\n" }).migrations);
    expect(second.up[0]?.transaction).toBe("none");
  });

  it("takes only `-- +migrate ` at the start of a line with a case-sensitive command for a marker", () => {
    const text = "--+migrate Up\n  -- +migrate Up\n-- +migrate    Up\nSELECT 1;\n";
    const m = only(plan({ "5_x.sql": text }).migrations);
    expect(only(m.up).markerLine).toBe(3);
    expect(problems({ "5_x.sql": text })).toEqual([]);
    expect(problems({ "6_y.sql": "-- +migrate up\nSELECT 1;\n-- +migrate down\n" })).toEqual([
      ["6_y.sql", 1, "`-- +migrate up` is not a sql-migrate command (did you mean `Up`? Commands are case-sensitive): sql-migrate ignores the line"],
      ["6_y.sql", 1, "no `-- +migrate Up` or `-- +migrate Down` marker: sql-migrate refuses to run the file, and with it every migration of the directory"],
      ["6_y.sql", 3, "`-- +migrate down` is not a sql-migrate command (did you mean `Down`? Commands are case-sensitive): sql-migrate ignores the line"],
    ]);
    expect(plan({ "6_y.sql": "-- +migrate up\nSELECT 1;\n" }).migrations).toEqual([]);
  });

  it("keeps StatementBegin/End blocks whole and reports what ParseMigration refuses", () => {
    const fn = "-- +migrate Up\n-- +migrate StatementBegin\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n-- +migrate StatementEnd\n";
    expect(problems({ "1_fn.sql": fn })).toEqual([]);
    expect(positionOf(only(only(plan({ "1_fn.sql": fn }).migrations).up).text, "RETURN 1;")).toEqual({ line: 5, column: 3 });
    expect(
      problems({
        "2_open.sql": "-- +migrate Up\n-- +migrate StatementBegin\nSELECT 1;\n",
        "3_unended.sql": "-- +migrate Up\nCREATE TABLE a (id int)\n\n-- +migrate Down\nDROP TABLE a\n",
        "4_empty.sql": "-- +migrate \n-- +migrate Up\nSELECT 1;\n",
        "5_comment.sql": "-- +migrate Up\nSELECT 1;\n-- +migrate Down\n-- nothing to undo\n",
      }),
    ).toEqual([
      ["2_open.sql", 2, "`-- +migrate StatementBegin` is never closed by `-- +migrate StatementEnd`: sql-migrate refuses to run the file, and with it every migration of the directory"],
      ["2_open.sql", 3, "statement not ended at the end of the file: sql-migrate ends a statement at a line ending with `;` (or at `-- +migrate StatementEnd`), so sql-migrate refuses to run the file, and with it every migration of the directory"],
      ["3_unended.sql", 2, "statement not ended before `-- +migrate Down` on line 4: sql-migrate ends a statement at a line ending with `;` (or at `-- +migrate StatementEnd`), so sql-migrate refuses to run the file, and with it every migration of the directory"],
      ["3_unended.sql", 5, "statement not ended at the end of the file: sql-migrate ends a statement at a line ending with `;` (or at `-- +migrate StatementEnd`), so sql-migrate refuses to run the file, and with it every migration of the directory"],
      ["4_empty.sql", 1, "`-- +migrate` without a command (incomplete migration command): sql-migrate refuses to run the file, and with it every migration of the directory"],
    ]);
  });

  it("ends a statement at a line whose last word before a -- comment ends with a semicolon", () => {
    expect(problems({ "1_a.sql": "-- +migrate Up\nSELECT 1; -- done\nSELECT 2 -- no; semicolon\n;\n" })).toEqual([]);
    expect(problems({ "2_b.sql": "-- +migrate Up\nSELECT 1; -- done\n  -- an indented comment is kept in the statement\n" }).map((p) => p.slice(0, 2))).toEqual([["2_b.sql", 3]]);
  });

  it("reports SQL before the first marker (never run), a Down-only file, unknown options and goose annotations", () => {
    expect(
      problems({
        "1_before.sql": "-- a comment is fine\nSET lock_timeout = '1s';\n-- +migrate Up\nSELECT 1;\n",
        "2_down.sql": "-- +migrate Down\nDROP TABLE a;\n",
        "3_option.sql": "-- +migrate Up no-transaction\nSELECT 1;\n-- +migrate Down fast\nSELECT 2;\n",
        "4_goose.sql": "-- +migrate Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n",
      }),
    ).toEqual([
      ["1_before.sql", 2, "SQL before the first marker is not part of any section"],
      ["2_down.sql", 1, "no `-- +migrate Up` marker: sql-migrate applies this migration without running any of its SQL"],
      ["3_option.sql", 1, "`no-transaction` is not an option sql-migrate knows (only `notransaction`, in lower case): it ignores it and runs the section in a transaction"],
      ["3_option.sql", 3, "`fast` is not an option sql-migrate knows (only `notransaction`, in lower case): it ignores it"],
      ["4_goose.sql", 2, "a goose annotation in a sql-migrate file: sql-migrate ignores `-- +goose` lines and runs the file by its `-- +migrate` markers"],
    ]);
    const option = only(plan({ "3_option.sql": "-- +migrate Up no-transaction\nSELECT 1;\n" }).migrations);
    expect(option.up[0]?.transaction).toBe("tool");
  });

  it("reads a licence header in a block comment above the first marker as no SQL (heroiclabs/nakama migrate/sql)", () => {
    const header = "/*\n * Copyright 2018 The Nakama Authors\n *\n * Licensed under the Apache License, Version 2.0\n */\n\n";
    expect(
      problems({
        "1_header.sql": `${header}-- +migrate Up\nCREATE TABLE a (id bigint);\n-- +migrate Down\nDROP TABLE a;\n`,
        "2_code.sql": `${header}SELECT 0;\n-- +migrate Up\nSELECT 1;\n`,
        "3_nested.sql": "/* a /* nested */ comment */ -- and a line comment\n-- +migrate Up\nSELECT 3;\n",
        "4_inline.sql": "/* header */ SET lock_timeout = '1s';\n-- +migrate Up\nSELECT 4;\n",
      }),
    ).toEqual([
      ["2_code.sql", 7, "SQL before the first marker is not part of any section"],
      ["4_inline.sql", 1, "SQL before the first marker is not part of any section"],
    ]);
  });

  it("requires a down", () => {
    expect(requiresDown("sql-migrate")).toBe(true);
  });
});

describe("sql-migrate order (migrate.go byId / Migration.Less)", () => {
  it("sorts by the number the id starts with, equal numbers and ids without one by name, numbered first", () => {
    const up = "-- +migrate Up\nSELECT 1;\n";
    const p = plan({ "10_a.sql": up, "9_b.sql": up, "1_d.sql": up, "01_c.sql": up, "init.sql": up, "abc.sql": up, "notes.txt": "x" });
    expect(p.migrations.map((m) => `${m.version}|${m.name}`)).toEqual(["01|c", "1|d", "9|b", "10|a", "|abc", "|init"]);
    // File names are ids, so there are no duplicates: 01_c and 1_d both run.
    expect(p.problems).toEqual([]);
    expect(compareSqlMigrateIds("20240101_x.sql", "3_y.sql")).toBe(1);
  });

  it("reports a number that does not fit VersionInt's int64 once two numbered ids are compared", () => {
    const up = "-- +migrate Up\nSELECT 1;\n";
    expect(problems({ "20240101000000000000_a.sql": up })).toEqual([]);
    expect(problems({ "20240101000000000000_a.sql": up, "1_b.sql": up })).toEqual([
      ["20240101000000000000_a.sql", 1, "version 20240101000000000000 does not fit a 64-bit integer: sql-migrate (VersionInt) panics when it sorts the migrations"],
    ]);
  });
});

describe("sql-migrate detection", () => {
  it.each([
    ["sql-migrate", { "1745514784.sql": "-- +migrate Up\nCREATE TABLE t (id int);\n" }],
    ["sql-migrate", { "1_a.sql": "-- comment\n-- +migrate Up notransaction\nSELECT 1;\n", "2_b.sql": "SELECT 2;\n" }],
    // Not sql-migrate's marker: sql-migrate would refuse these files.
    ["plain", { "1_a.sql": "-- +migrate up\nSELECT 1;\n" }],
    ["plain", { "1_a.sql": "  -- +migrate Up\nSELECT 1;\n", "2_b.sql": "SELECT 2; -- +migrate Up\n" }],
    // goose comes first: its parser was derived from sql-migrate's.
    ["goose", { "1_a.sql": "-- +migrate Up\nSELECT 1;\n", "2_b.sql": "-- +goose Up\nSELECT 2;\n" }],
  ] as const)("%s: %j", (layout, files) => {
    expect(detectLayout(tree(dir, files))).toBe(layout);
  });

  it("reports a sql-migrate marker in a file of a goose directory", () => {
    const p = planMigrations(tree(dir, { "1_a.sql": "-- +goose Up\nSELECT 1;\n-- +migrate Down\nDROP TABLE a;\n", "2_b.sql": "-- +goose Up\nSELECT 2;\n" }));
    expect(p.layout).toBe("goose");
    expect(p.problems).toEqual([
      { file: `${dir}/1_a.sql`, line: 3, kind: "marker", message: "a sql-migrate marker in a goose file: goose takes `-- +migrate` lines for comments and runs the file by its `-- +goose` annotations" },
    ]);
  });
});
