import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { initParser } from "../../src/parser/parse.js";
import { lint } from "../../src/rules/engine.js";
import { defineRule, type FileInfo } from "../../src/rules/rule.js";
import { presetSettings } from "../../src/rules/presets.js";
import { filesOf } from "../helpers/lint.js";

beforeAll(() => initParser());

const settings = { postgresVersion: 16, knownRuleIds: new Set<string>() };

describe("rule engine", () => {
  it("counts a goose file with Up and Down sections as one file in its statistics (--debug)", () => {
    const files = filesOf([{ path: "/g/00001_a.sql", sql: "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n" }]);
    expect(files.map((f) => f.role)).toEqual(["up", "down"]);
    expect(lint(files, { ...settings, rules: [] }).stats.files).toBe(1);
  });

  it("runs Files:exit once with every file in migration order, its role and statement count", () => {
    const seen: FileInfo[][] = [];
    const rule = defineRule({
      meta: { id: "files-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "File.", help: "Nothing." } } },
      create: (context) => ({
        "Files:exit": ({ files }) => {
          seen.push([...files]);
          const last = files.at(-1);
          if (last !== undefined) context.report({ messageId: "m", at: last.origin });
        },
      }),
    });
    const files = filesOf([
      { path: "/m/000001_a.up.sql", sql: "CREATE TABLE a (id int);\nCREATE TABLE b (id int);" },
      { path: "/m/000002_b.up.sql", sql: "-- only a comment\n" },
      { path: "/m/000002_b.down.sql", sql: "DROP TABLE a;" },
    ]);
    const { results } = lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((f) => [f.path, f.role, f.statements])).toEqual([
      ["/m/000001_a.up.sql", "up", 2],
      ["/m/000002_b.up.sql", "up", 0],
      ["/m/000002_b.down.sql", "down", 1],
    ]);
    // A file-level finding sits at the file's first line and column.
    expect(results[2]?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([["files-probe", 1, 1]]);
  });

  it("shows statement hooks the catalog as it was before the statement", () => {
    const existedBefore: boolean[] = [];
    const rule = defineRule({
      meta: { id: "before-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        CreateStmt: (node, context) => existedBefore.push(context.catalog.table(undefined, node.relation?.relname ?? "") !== undefined),
        IndexStmt: (node, context) => {
          const table = context.catalog.table(undefined, node.relation?.relname ?? "");
          existedBefore.push(table !== undefined && context.isNew(table));
        },
      }),
    });
    lint(filesOf(["CREATE TABLE a (id int);\nCREATE INDEX ON a (id);", "CREATE INDEX ON a (id);"]), { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    // CREATE TABLE a: not there before; index in the same migration: new; index in the next one: not new.
    expect(existedBefore).toEqual([false, true, false]);
  });

  it("turns an exception in a rule into a finding of that rule and keeps the other rules running", () => {
    const broken = defineRule({
      meta: { id: "broken", summary: "Throws.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        CreateStmt: () => {
          throw new Error("boom");
        },
      }),
    });
    const working = defineRule({
      meta: { id: "working", summary: "Reports.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "Seen.", help: "Y." } } },
      create: (context) => ({ CreateStmt: (_node, ctx) => { context.report({ messageId: "m", at: ctx.origin() }); } }),
    });
    const { results } = lint(filesOf("CREATE TABLE a (id int);"), {
      ...settings,
      rules: [
        { rule: broken, severity: 1, options: {} },
        { rule: working, severity: 1, options: {} },
      ],
    });
    expect(results[0]?.messages.map((m) => [m.ruleId, m.severity, m.message])).toEqual([
      ["broken", 2, 'Rule "broken" failed on this statement: boom'],
      ["working", 1, "Seen."],
    ]);
  });

  it("presets carry severities from metadata, and strict adds strictOptions", () => {
    const strict = presetSettings("schemalint:strict");
    const recommended = presetSettings("schemalint:recommended");
    for (const [id, setting] of Object.entries(recommended)) {
      expect(setting.options, id).toEqual({});
      expect(strict[id]?.severity === "off" || setting.severity !== "off" || strict[id]?.severity === "warn", id).toBe(true);
    }
  });
});

describe("migration session state in statement hooks", () => {
  function observe(files: ReturnType<typeof filesOf>): string[] {
    const seen: string[] = [];
    const rule = defineRule({
      meta: { id: "session-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        IndexStmt: (node, context) => {
          seen.push(`${node.idxname ?? ""}:${context.transaction}:${String(context.lockTimeout)}`);
        },
      }),
    });
    lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    return seen;
  }

  const table = "CREATE TABLE t (a int, b int, c int, d int, e int);\n";

  it("tracks explicit BEGIN ... COMMIT and the tool's transaction", () => {
    const plain = filesOf(`${table}CREATE INDEX i1 ON t (a);\nBEGIN;\nCREATE INDEX i2 ON t (b);\nCOMMIT;\nCREATE INDEX i3 ON t (c);`);
    expect(observe(plain)).toEqual(["i1:none:false", "i2:explicit:false", "i3:none:false"]);
    const wrapped = plain.map((f) => ({ ...f, transaction: "tool" as const }));
    expect(observe(wrapped)).toEqual(["i1:tool:false", "i2:explicit:false", "i3:tool:false"]);
  });

  it("tracks lock_timeout: SET, SET LOCAL inside a transaction only, set_config, 0 and RESET disable it", () => {
    const sql = [
      table,
      "SET LOCAL lock_timeout = '5s';", // outside a transaction: no effect
      "CREATE INDEX i1 ON t (a);",
      "BEGIN;",
      "SET LOCAL lock_timeout = '5s';",
      "CREATE INDEX i2 ON t (b);",
      "COMMIT;", // SET LOCAL ends with the transaction
      "CREATE INDEX i3 ON t (c);",
      "SELECT set_config('lock_timeout', '3s', false);",
      "CREATE INDEX i4 ON t (d);",
      "SET lock_timeout = 0;", // pg_dump's "no timeout"
      "CREATE INDEX i5 ON t (e);",
      "SET lock_timeout TO '2min';",
      "RESET lock_timeout;",
      "CREATE INDEX i6 ON t (a, b);",
    ].join("\n");
    expect(observe(filesOf(sql))).toEqual(["i1:none:false", "i2:explicit:true", "i3:none:false", "i4:none:true", "i5:none:false", "i6:none:false"]);
  });

  it("starts every migration with a fresh session", () => {
    expect(observe(filesOf([`${table}SET lock_timeout = '5s';\nCREATE INDEX i1 ON t (a);`, "CREATE INDEX i2 ON t (b);"]))).toEqual(["i1:none:true", "i2:none:false"]);
  });

  it("golang-migrate: a file of several statements is one implicit transaction block, a single statement is not", () => {
    const files = filesOf([
      { path: "/m/000001_t.up.sql", sql: `${table}CREATE INDEX i1 ON t (a);` },
      { path: "/m/000002_i.up.sql", sql: "CREATE INDEX CONCURRENTLY i2 ON t (b);" },
      { path: "/m/000003_i.up.sql", sql: "-- comment\nCREATE INDEX CONCURRENTLY i3 ON t (c);\n-- trailing comment\n" },
    ]);
    expect(observe(files)).toEqual(["i1:tool:false", "i2:none:false", "i3:none:false"]);
  });

  it("dbmate and goose markers decide the transaction of each section", () => {
    const dbmate = filesOf([
      { path: "/db/20240101000000_t.sql", sql: `-- migrate:up\n${table}-- migrate:down\nDROP TABLE t;\n` },
      { path: "/db/20240102000000_i.sql", sql: "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i1 ON t (a);\n-- migrate:down\nDROP INDEX i1;\n" },
      { path: "/db/20240103000000_i.sql", sql: "-- migrate:up\nCREATE INDEX i2 ON t (b);\n-- migrate:down\nDROP INDEX i2;\n" },
    ]);
    expect(observe(dbmate)).toEqual(["i1:none:false", "i2:tool:false"]);
    const goose = filesOf([
      { path: "/g/00001_t.sql", sql: `-- +goose Up\n${table}` },
      { path: "/g/00002_i.sql", sql: "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i1 ON t (a);\n" },
    ]);
    expect(observe(goose)).toEqual(["i1:none:false"]);
  });

  it("runs the statement hooks on down migrations only with lintDown, against the schema after the up", () => {
    const seen: string[] = [];
    const rule = defineRule({
      meta: { id: "down-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        DropStmt: (_node, context) => {
          const table = context.catalog.table(undefined, "t");
          seen.push(`${context.migration.role}:${String(table !== undefined)}:${String(table !== undefined && context.isNew(table))}`);
        },
      }),
    });
    const files = filesOf([{ path: "/m/000001_t.up.sql", sql: table }, { path: "/m/000001_t.down.sql", sql: "DROP TABLE t;" }]);
    lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    expect(seen).toEqual([]);
    lint(files, { ...settings, lintDown: true, rules: [{ rule, severity: 1, options: {} }] });
    expect(seen).toEqual(["down:true:true"]);
  });

  it("gives Migration:exit the catalog before the up and after the down, and keeps the history on the up", () => {
    const seen: string[] = [];
    const rule = defineRule({
      meta: { id: "exit-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        "Migration:exit": ({ migration, before, afterDown }) => {
          seen.push(`${migration.version ?? ""}:${String(before.tables.has("public.t"))}:${String(afterDown.tables.has("public.t"))}`);
        },
      }),
    });
    const files = filesOf([
      { path: "/m/000001_t.up.sql", sql: table },
      { path: "/m/000001_t.down.sql", sql: "DROP TABLE t;" },
      { path: "/m/000002_u.up.sql", sql: "CREATE TABLE u (id int);" },
    ]);
    const run = lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    // 000002 has no down: no round trip.
    expect(seen).toEqual(["000001:false:false"]);
    expect([...run.catalog.tables.keys()]).toEqual(["public.t", "public.u"]);
  });

  it("reports a section's findings and directives at the file's positions, one result per file", () => {
    const rule = defineRule({
      meta: { id: "drop-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "Drop.", help: "Y." } } },
      create: (context) => ({
        DropStmt: (_node, c) => {
          context.report({ messageId: "m", at: c.origin() });
        },
      }),
    });
    const sql = "-- schemalint-disable-file drop-probe -- é\n-- migrate:up\nCREATE TABLE é (id int);\nDROP TABLE é;\n-- migrate:down\nDROP TABLE IF EXISTS é;\n";
    const files = filesOf({ path: "/db/20240101000000_x.sql", sql });
    const withDown = lint(files, { ...settings, lintDown: true, knownRuleIds: new Set(["drop-probe"]), rules: [{ rule, severity: 1, options: {} }] });
    expect(withDown.results).toHaveLength(1);
    // The directive above the first marker belongs to no section, yet disables the rule in both.
    expect(withDown.results[0]?.suppressedMessages.map((m) => `${String(m.line)}:${String(m.column)}`)).toEqual(["4:1", "6:1"]);
  });

  it("folds each migration directory and each dump into a schema of its own", () => {
    const seen: string[] = [];
    const rule = defineRule({
      meta: { id: "history-probe", summary: "Probe.", category: "migrations", defaultSeverity: "warn", options: z.object({}), messages: { m: { message: "X.", help: "Y." } } },
      create: () => ({
        IndexStmt: (node, context) => {
          const table = context.catalog.table(undefined, node.relation?.relname ?? "");
          seen.push(`${node.idxname ?? ""}:${table === undefined ? "unknown" : [...table.columns.keys()].join(",")}`);
        },
        "Schema:exit": ({ catalog }) => {
          seen.push(`schema:${[...catalog.tables.keys()].join(",")}`);
        },
      }),
    });
    const files = filesOf([
      { path: "/svc_a/migrations/000001_init.up.sql", sql: "CREATE TABLE users (id uuid PRIMARY KEY);" },
      { path: "/svc_b/migrations/000001_init.up.sql", sql: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint);" },
      { path: "/svc_b/migrations/000002_idx.up.sql", sql: "CREATE INDEX i_email ON users (email);" },
      { path: "/dumps/schema.sql", sql: "--\n-- PostgreSQL database dump\n--\nCREATE TABLE legacy (id int);" },
      { path: "/dumps/schema-16.sql", sql: "--\n-- PostgreSQL database dump\n--\nCREATE TABLE modern (id int);\nCREATE INDEX i_legacy ON legacy (id);" },
    ]);
    const run = lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    // Histories in the order first seen: the dump directory sorts first; its files (in path order) are two schemas.
    expect(seen).toEqual(["i_legacy:unknown", "i_email:id,email", "schema:public.modern", "schema:public.legacy", "schema:public.users", "schema:public.users,public.orders"]);
    expect(run.catalogs.size).toBe(4);
  });
});
