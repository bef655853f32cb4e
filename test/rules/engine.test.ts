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
    const files = filesOf(["CREATE TABLE a (id int);\nCREATE TABLE b (id int);", "-- only a comment\n", { path: "/migrations/003_x.down.sql", sql: "DROP TABLE a;", role: "down" }]);
    const { results } = lint(files, { ...settings, rules: [{ rule, severity: 1, options: {} }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((f) => [f.path, f.role, f.statements])).toEqual([
      ["/migrations/001_test.sql", "up", 2],
      ["/migrations/002_test.sql", "up", 0],
      ["/migrations/003_x.down.sql", "down", 1],
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
