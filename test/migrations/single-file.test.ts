import { describe, expect, it } from "vitest";
import { planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { gooseStatementEnd } from "../../src/migrations/markers.js";
import { lineCount, only, positionOf, summary, tree } from "./helpers.js";

const dir = "/repo/db/migrations";

const DBMATE = [
  "-- migrate:up",
  "CREATE TABLE users (id bigint);",
  "  ALTER TABLE users ADD COLUMN name text;",
  "",
  "-- migrate:down",
  "DROP TABLE users;",
  "",
].join("\n");

describe("dbmate layout", () => {
  it("splits the up and down sections with exact blanking", () => {
    const plan = planMigrations(tree(dir, { "20240101000000_users.sql": DBMATE }));
    expect(plan.layout).toBe("dbmate");
    const m = only(plan.migrations);
    const up = only(m.up);
    const down = only(m.down);
    expect(up.text).toBe(["             ", "CREATE TABLE users (id bigint);", "  ALTER TABLE users ADD COLUMN name text;", "", "               ", "                 ", ""].join("\n"));
    expect(lineCount(up.text)).toBe(lineCount(DBMATE));
    expect(up.text.length).toBe(DBMATE.length);
    expect(positionOf(up.text, "ALTER TABLE")).toEqual(positionOf(DBMATE, "ALTER TABLE"));
    expect(positionOf(up.text, "ALTER TABLE")).toEqual({ line: 3, column: 3 });
    expect(positionOf(down.text, "DROP TABLE")).toEqual({ line: 6, column: 1 });
    expect(down.text.includes("CREATE")).toBe(false);
    expect([up.transaction, down.transaction]).toEqual(["tool", "tool"]);
    expect(m.id).toBe(`dbmate:${dir}:20240101000000_users`);
  });

  it("honours transaction:false per section", () => {
    const text = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n";
    const m = only(planMigrations(tree(dir, { "2_idx.sql": text })).migrations);
    expect([m.up[0]?.transaction, m.down[0]?.transaction]).toEqual(["none", "tool"]);
    const both = "-- migrate:up\nSELECT 1;\n-- migrate:down transaction:false\nSELECT 2;\n";
    const n = only(planMigrations(tree(dir, { "3_x.sql": both })).migrations);
    expect([n.up[0]?.transaction, n.down[0]?.transaction]).toEqual(["tool", "none"]);
  });

  it("orders by file name as text, as dbmate does, and reports files without an up marker, SQL before it and duplicates", () => {
    const plan = planMigrations(
      tree(dir, {
        "10_b.sql": "-- migrate:up\nSELECT 10;\n",
        "9_a.sql": "-- migrate:up\nSELECT 9;\n",
        "11_none.sql": "SELECT 11;\n",
        "12_early.sql": "-- comment\nSELECT 0;\n-- migrate:up\nSELECT 12;\n",
        "9_dup.sql": "-- migrate:up\nSELECT 9;\n",
        "notes.sql": "-- migrate:up\n",
      }),
      { layout: "dbmate" },
    );
    // dbmate sorts file names as strings: "10_b.sql" < "12_early.sql" < "9_a.sql".
    // The duplicate 9_dup.sql is reported and kept, after 9_a.sql.
    expect(plan.migrations.map(summary)).toEqual(["10|b|up=10_b.sql:tool|down=", "12|early|up=12_early.sql:tool|down=", "9|a|up=9_a.sql:tool|down=", "9|dup|up=9_dup.sql:tool|down="]);
    expect(plan.problems).toEqual([
      { file: `${dir}/11_none.sql`, line: 1, kind: "marker", message: "no `-- migrate:up` marker: the tool cannot run this migration" },
      { file: `${dir}/12_early.sql`, line: 2, kind: "marker", message: "SQL before the first marker is not part of any section" },
      { file: `${dir}/9_dup.sql`, line: 1, message: `duplicate version 9 (also used by ${dir}/9_a.sql)` },
      { file: `${dir}/notes.sql`, line: 1, message: "file name does not match {version}{anything}.sql (a name starting with digits); dbmate ignores it" },
    ]);
  });

  it("reports a block comment above the first marker, which dbmate and goose refuse (only blank and `--` lines may precede it)", () => {
    const header = "/*\n * Copyright 2018 The Nakama Authors\n */\n\n";
    const plan = planMigrations(tree(dir, { "1_header.sql": `${header}-- migrate:up\nSELECT 1;\n`, "2_dashes.sql": "-- a comment\n\n-- migrate:up\nSELECT 2;\n" }));
    expect(plan.problems).toEqual([{ file: `${dir}/1_header.sql`, line: 1, kind: "marker", message: "SQL before the first marker is not part of any section" }]);
    const goose = planMigrations(tree(dir, { "1_header.sql": `${header}-- +goose Up\nSELECT 1;\n` }));
    expect(goose.layout).toBe("goose");
    expect(goose.problems).toEqual([{ file: `${dir}/1_header.sql`, line: 1, kind: "marker", message: "SQL before the first marker is not part of any section" }]);
  });

  it("accepts any file name starting with digits (^(\\d+).*\\.sql$) and keeps versions as written", () => {
    const plan = planMigrations(
      tree(dir, {
        "20240101000000-create-accounts.sql": "-- migrate:up\nCREATE TABLE accounts (id bigint);\n-- migrate:down\nDROP TABLE accounts;\n",
        "20240102000000.sql": "-- migrate:up\nSELECT 2;\n",
        "20240103000000add_index.sql": "-- migrate:up\nSELECT 3;\n",
        // dbmate records the version as written: 01 and 1 are two migrations, not a duplicate.
        "01_a.sql": "-- migrate:up\nSELECT 1;\n",
        "1_b.sql": "-- migrate:up\nSELECT 1;\n",
      }),
    );
    expect(plan.layout).toBe("dbmate");
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map(summary)).toEqual([
      "01|a|up=01_a.sql:tool|down=",
      "1|b|up=1_b.sql:tool|down=",
      "20240101000000|create-accounts|up=20240101000000-create-accounts.sql:tool|down=20240101000000-create-accounts.sql:tool",
      "20240102000000||up=20240102000000.sql:tool|down=",
      "20240103000000|add_index|up=20240103000000add_index.sql:tool|down=",
    ]);
    expect(plan.migrations[2]?.id).toBe(`dbmate:${dir}:20240101000000_create-accounts`);
  });

  it("requires a down", () => {
    expect(requiresDown("dbmate")).toBe(true);
  });
});

const GOOSE = [
  "-- +goose Up",
  "-- +goose StatementBegin",
  "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
  "-- +goose StatementEnd",
  "INSERT INTO notes VALUES ('Down -- +goose Down');",
  "-- +goose Down",
  "DROP FUNCTION f();",
].join("\r\n");

describe("goose layout", () => {
  it("splits sections on whole-line markers only", () => {
    const plan = planMigrations(tree(dir, { "00002_func.sql": GOOSE }));
    expect(plan.layout).toBe("goose");
    expect(plan.problems).toEqual([]);
    const m = only(plan.migrations);
    const up = only(m.up);
    const down = only(m.down);
    expect(lineCount(up.text)).toBe(7);
    expect(up.text.length).toBe(GOOSE.length);
    expect(positionOf(up.text, "INSERT INTO notes")).toEqual({ line: 5, column: 1 });
    expect(up.text.includes("DROP FUNCTION")).toBe(false);
    expect(positionOf(up.text, "CREATE FUNCTION")).toEqual(positionOf(GOOSE, "CREATE FUNCTION"));
    expect(positionOf(down.text, "DROP FUNCTION")).toEqual({ line: 7, column: 1 });
    expect(down.text.trim()).toBe("DROP FUNCTION f();");
    expect([up.transaction, down.transaction]).toEqual(["tool", "tool"]);
  });

  it("treats marker words case-insensitively and NO TRANSACTION anywhere", () => {
    const text = "--  +GOOSE up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose down\nDROP INDEX i;\n-- +goose NO TRANSACTION\n";
    const m = only(planMigrations(tree(dir, { "3_idx.sql": text })).migrations);
    expect([m.up[0]?.transaction, m.down[0]?.transaction]).toEqual(["none", "none"]);
    expect(m.up[0]?.text.includes("CREATE INDEX")).toBe(true);
    expect(m.down[0]?.text.includes("DROP INDEX")).toBe(true);
  });

  it("orders 1_9 before 1_10 style versions and reports marker problems", () => {
    const plan = planMigrations(
      tree(dir, {
        "10_b.sql": "-- +goose Up\nSELECT 10;\n",
        "9_a.sql": "-- +goose Up\nSELECT 9;\n-- +goose Up\nSELECT 9;\n",
        "11_c.sql": "SELECT 1; -- +goose Up\n",
        "12_d.sql": "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n",
        "13_e.sql": "-- +goose Up\n-- +goose StatementEnd\n",
      }),
      { layout: "goose" },
    );
    expect(plan.migrations.map((m) => m.version)).toEqual(["9", "10", "12", "13"]);
    expect(plan.problems).toEqual([
      { file: `${dir}/11_c.sql`, line: 1, kind: "marker", message: "no `-- +goose Up` marker: the tool cannot run this migration" },
      { file: `${dir}/12_d.sql`, line: 2, kind: "marker", message: "`-- +goose StatementBegin` without `-- +goose StatementEnd`" },
      { file: `${dir}/13_e.sql`, line: 2, kind: "marker", message: "`-- +goose StatementEnd` without `-- +goose StatementBegin`" },
      { file: `${dir}/9_a.sql`, line: 3, kind: "marker", message: "second up marker: the file may hold only one up section" },
    ]);
  });

  it("neutralises ${VAR} substitutions between ENVSUB ON and OFF, in place", () => {
    const text = [
      "-- +goose Up",
      "-- +goose ENVSUB ON",
      "CREATE TABLE ${TABLE_PREFIX}users (id bigint PRIMARY KEY, region text DEFAULT '${REGION:-us-east}', $OWNER_COL text);",
      "-- a comment keeps ${THIS} and $1",
      "COMMENT ON TABLE users IS '${A:-${B}} ${C-x} ${D:1:2} ${E?unset}';",
      "CREATE FUNCTION f() RETURNS int AS $$$$ SELECT 1 $$$$ LANGUAGE sql;",
      "SELECT '\\$NOT_A_VAR', '$(date)';",
      "-- +goose ENVSUB OFF",
      "CREATE TABLE ${TABLE_PREFIX}orders (id bigint PRIMARY KEY);",
      "-- +goose Down",
      "DROP TABLE users;",
    ].join("\n");
    const plan = planMigrations(tree(dir, { "00001_init.sql": text }));
    expect(plan.problems).toEqual([]);
    const up = only(only(plan.migrations).up);
    const lines = up.text.split("\n");
    expect(lines[2]).toBe("CREATE TABLE xxxxxxxxxxxxxxxusers (id bigint PRIMARY KEY, region text DEFAULT 'xxxxxxxxxxxxxxxxxx', xxxxxxxxxx text);");
    expect(lines[3]).toBe("-- a comment keeps ${THIS} and $1");
    expect(lines[4]).toBe("COMMENT ON TABLE users IS 'xxxxxxxxxx xxxxxx xxxxxxxx xxxxxxxxxx';");
    // goose turns $$ into $: a function body written $$$$ reaches PostgreSQL as $$. Only the escaped
    // word moves; the spaces that keep the length follow it.
    expect(lines[5]).toBe("CREATE FUNCTION f() RETURNS int AS $$   SELECT 1 $$   LANGUAGE sql;");
    expect(lines[6]).toBe("SELECT '$NOT_A_VAR',  '$(date)';");
    // After ENVSUB OFF, goose sends the text as written.
    expect(lines[8]).toBe("CREATE TABLE ${TABLE_PREFIX}orders (id bigint PRIMARY KEY);");
    expect(up.text.length).toBe(text.length);
    expect(positionOf(up.text, "users (id")).toEqual(positionOf(text, "users (id"));
  });

  it("reports a $ goose cannot substitute after ENVSUB ON, and ENVSUB carrying over into Down", () => {
    const text = "-- +goose ENVSUB ON\n-- +goose Up\nSELECT $1;\nSELECT '${UNCLOSED';\n-- +goose Down\nDROP TABLE ${T};\n";
    const plan = planMigrations(tree(dir, { "00002_bad.sql": text }));
    expect(plan.problems.map((p) => [p.line, p.message])).toEqual([
      [3, "goose cannot substitute `$1;` after `-- +goose ENVSUB ON` (a variable name starts with a letter; write $$ or \\$ for a literal $): goose refuses to run this migration"],
      [4, "goose cannot substitute `${UNCLOSED';` after `-- +goose ENVSUB ON` (a variable name starts with a letter; write $$ or \\$ for a literal $): goose refuses to run this migration"],
    ]);
    const m = only(plan.migrations);
    expect(m.down[0]?.text.trim()).toBe("DROP TABLE xxxx;");
    expect(m.up[0]?.text.split("\n")[2]).toBe("SELECT $1;");
  });

  it("ends a statement where goose's endsWithSemicolon does: the last word before a `--` word ends with `;`", () => {
    expect(gooseStatementEnd("SELECT 1;")).toBe(8);
    expect(gooseStatementEnd("  RETURN 1;  \t")).toBe(10);
    expect(gooseStatementEnd("SELECT 1; -- done")).toBe(8);
    expect(gooseStatementEnd("SELECT 1 ; --done; too")).toBe(9);
    expect(gooseStatementEnd("x := 1;--c")).toBeUndefined();
    expect(gooseStatementEnd("SELECT 1; /* c */")).toBeUndefined();
    expect(gooseStatementEnd("DO $$ BEGIN PERFORM 1; END $$")).toBeUndefined();
    expect(gooseStatementEnd("-- a comment;")).toBeUndefined();
    expect(gooseStatementEnd("")).toBeUndefined();
    // U+00A0 is a space to Go's unicode.IsSpace; U+FEFF is not.
    expect(gooseStatementEnd("SELECT 1;\u00a0")).toBe(8);
    expect(gooseStatementEnd("SELECT 1;\ufeff")).toBeUndefined();
  });

  it("lists goose's cuts per section, outside StatementBegin/StatementEnd blocks", () => {
    const text = [
      "-- +goose Up",
      "DO $$",
      "BEGIN",
      "  PERFORM 1;",
      "END $$;",
      "-- +goose StatementBegin",
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$",
      "BEGIN RETURN 1; END;",
      "$$;",
      "-- +goose StatementEnd",
      "-- +goose Down",
      "DROP FUNCTION f(); -- last",
      "",
    ].join("\n");
    const plan = planMigrations(tree(dir, { "00003_do.sql": text }));
    expect(plan.problems).toEqual([]);
    const m = only(plan.migrations);
    const at = (offsets: readonly number[] | undefined, source: string) =>
      (offsets ?? []).map((o) => {
        const before = source.slice(0, o).split("\n");
        return `${String(before.length)}:${String((before.at(-1) ?? "").length + 1)}`;
      });
    expect(at(only(m.up).toolCuts, text)).toEqual(["4:12", "5:7"]);
    expect(at(only(m.down).toolCuts, text)).toEqual(["12:18"]);
  });

  it("does not end goose's line at a lone carriage return", () => {
    const plan = planMigrations(tree(dir, { "00004_cr.sql": "-- +goose Up\nDO $$ BEGIN\r  PERFORM 1;\r END $$;\n" }));
    expect(only(only(plan.migrations).up).toolCuts).toEqual([45]);
  });

  it("requires a down", () => {
    expect(requiresDown("goose")).toBe(true);
  });
});
