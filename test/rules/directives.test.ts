import { beforeAll, describe, expect, it } from "vitest";
import type { LintMessage, LintResult, SeverityLevel } from "../../src/lint-result.js";
import { initParser } from "../../src/parser/parse.js";
import { lint, type LintFile, type LintRun, type LintSettings } from "../../src/rules/engine.js";
import { rules } from "../../src/rules/index.js";

beforeAll(async () => {
  await initParser();
});

/** The rules these tests exercise; the others stay off so the expected findings are exact whatever the registry holds. */
const PINNED_RULES: readonly string[] = ["no-float-money", "require-fk-index"];

function settings(reportUnusedDisableDirectives?: SeverityLevel): LintSettings {
  return {
    rules: rules
      .filter((r) => PINNED_RULES.includes(r.meta.id))
      .map((r) => ({ rule: r, severity: 2, options: r.meta.options.parse({}) })),
    postgresVersion: 16,
    knownRuleIds: new Set(rules.map((r) => r.meta.id)),
    reportUnusedDisableDirectives,
  };
}

type FileSpec = string | (Partial<LintFile> & { readonly text: string });

/** Lints files in order: `/mNNN.sql`, migration `NNN`, role up, reported, unless overridden. */
function run(specs: readonly FileSpec[], unused?: SeverityLevel): LintRun {
  const files = specs.map((spec, i): LintFile => {
    const base = { path: `/m${i + 1}.sql`, migration: String(i + 1), role: "up" as const, report: true };
    return typeof spec === "string" ? { ...base, text: spec } : { ...base, ...spec };
  });
  return lint(files, settings(unused));
}

function resultOf(run: LintRun, index = 0): LintResult {
  const result = run.results[index];
  if (result === undefined) throw new Error(`no result ${index}`);
  return result;
}

interface Brief {
  readonly ruleId: string | null;
  readonly severity: SeverityLevel;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
}

/** Rule, severity and range of a message. */
function brief(m: LintMessage): Brief {
  return { ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
}

/** Rule, line, column and justification of a suppressed message. */
function suppressed(m: LintMessage): [string | null, number, number, string | undefined] {
  return [m.ruleId, m.line, m.column, m.suppressions?.[0]?.justification];
}

const FLOAT = "no-float-money";
const FK = "require-fk-index";

describe("findings without directives", () => {
  it("reports a money column stored as real at the column's position", () => {
    const result = resultOf(run(["CREATE TABLE t (id bigint PRIMARY KEY, price real);"]));
    expect(result.messages.map(brief)).toEqual([
      { ruleId: FLOAT, severity: 2, line: 1, column: 40, endLine: 1, endColumn: 50 },
    ]);
    expect(result.messages[0]?.messageId).toBe("floatMoney");
    expect(result.suppressedMessages).toEqual([]);
    expect([result.errorCount, result.warningCount, result.fatalErrorCount]).toEqual([1, 0, 0]);
  });
});

describe("inline directives", () => {
  it("disable-next-line with a rule and a reason moves the finding to suppressedMessages", () => {
    const result = resultOf(run([
      "-- schemalint-disable-next-line no-float-money -- legacy table\nCREATE TABLE t (id bigint PRIMARY KEY, price real);",
    ]));
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(brief)).toEqual([
      { ruleId: FLOAT, severity: 2, line: 2, column: 40, endLine: 2, endColumn: 50 },
    ]);
    expect(result.suppressedMessages[0]?.suppressions).toEqual([{ kind: "directive", justification: "legacy table" }]);
    expect(result.errorCount).toBe(0);
  });

  it("disable-next-line applies to the next line only", () => {
    const result = resultOf(run([
      "CREATE TABLE t (\n  id bigint PRIMARY KEY,\n  -- schemalint-disable-next-line no-float-money -- legacy\n  price real,\n  cost real\n);",
    ]));
    expect(result.messages.map(brief)).toEqual([{ ruleId: FLOAT, severity: 2, line: 5, column: 3, endLine: 5, endColumn: 12 }]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 4, 3, "legacy"]]);
  });

  it("a directive inside a DO block applies to the statements the block runs", () => {
    const result = resultOf(run([
      "DO $$\nBEGIN\n  -- schemalint-disable-next-line no-float-money -- legacy\n  CREATE TABLE t (id bigint PRIMARY KEY, price real);\n  CREATE TABLE u (id bigint PRIMARY KEY, cost real);\nEND $$;",
    ]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[FLOAT, 5, 42]]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 4, 42, "legacy"]]);
  });

  it("disable-line applies to its own line", () => {
    const result = resultOf(run(["CREATE TABLE t (\n  price real, -- schemalint-disable-line no-float-money\n  cost real\n);"]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[FLOAT, 3, 3]]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 2, 3, ""]]);
  });

  it("disable ... enable without rules suppresses every rule in between", () => {
    const result = resultOf(run([
      "CREATE TABLE p (id int PRIMARY KEY);\n-- schemalint-disable\nCREATE TABLE t (price real, p_id int REFERENCES p);\n-- schemalint-enable\nCREATE TABLE u (cost real);",
    ]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[FLOAT, 5, 17]]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 3, 17, ""], [FK, 3, 38, ""]]);
  });

  it("disable ... enable of one rule leaves the other rules reported", () => {
    const result = resultOf(run([
      "/* schemalint-disable no-float-money */\nCREATE TABLE t (\n  price real,\n  b int REFERENCES t (id),\n  id int PRIMARY KEY\n);\n/* schemalint-enable no-float-money */\nCREATE TABLE u (cost real);",
    ]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[FK, 4, 9], [FLOAT, 8, 17]]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 3, 3, ""]]);
  });

  it("enable of one rule inside a disable-all block re-enables only that rule", () => {
    const result = resultOf(run([
      "-- schemalint-disable\nCREATE TABLE t (\n  price real,\n  b int REFERENCES t (id),\n  id int PRIMARY KEY,\n  -- schemalint-enable no-float-money\n  cost real\n);",
    ]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[FLOAT, 7, 3]]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 3, 3, ""], [FK, 4, 9, ""]]);
  });

  it("disable-file applies to the whole file wherever it is written", () => {
    const result = resultOf(run(["CREATE TABLE t (price real);\n-- schemalint-disable-file no-float-money -- generated file\n"]));
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 1, 17, "generated file"]]);
  });

  it("accepts the block comment form", () => {
    const result = resultOf(run(["/* schemalint-disable-next-line no-float-money */\nCREATE TABLE t (price real);"]));
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 2, 17, ""]]);
  });

  it("accepts several comma-separated rules", () => {
    const result = resultOf(run([
      "CREATE TABLE p (id int PRIMARY KEY);\n-- schemalint-disable-next-line no-float-money, require-fk-index -- both\nCREATE TABLE t (price real, p int REFERENCES p);",
    ]));
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 3, 17, "both"], [FK, 3, 35, "both"]]);
  });

  it("reports an unknown rule name with a did-you-mean hint and suppresses nothing for it", () => {
    const result = resultOf(run(["-- schemalint-disable-next-line no-float-mony\nCREATE TABLE t (price real);"]));
    expect(result.messages).toEqual([
      {
        ruleId: "invalid-directive",
        severity: 2,
        message: 'Unknown rule "no-float-mony" in a schemalint-disable-next-line directive: nothing is suppressed for it.',
        help: 'Did you mean "no-float-money"?',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 46,
      },
      expect.objectContaining({ ruleId: FLOAT, line: 2, column: 17 }),
    ]);
    expect(result.suppressedMessages).toEqual([]);
  });

  it("still applies the known rules of a directive that also names an unknown one", () => {
    const result = resultOf(run(["-- schemalint-disable-next-line no-float-mony, no-float-money\nCREATE TABLE t (price real);"]));
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.help])).toEqual([
      ["invalid-directive", 1, 1, 'Did you mean "no-float-money"?'],
    ]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 2, 17, ""]]);
  });
});

describe("unused directives", () => {
  const TEXT = "-- schemalint-disable-next-line no-float-money\nCREATE TABLE t (amount numeric);\n-- schemalint-disable-line\nSELECT 1;";

  it("are not reported unless reportUnusedDisableDirectives is set", () => {
    expect(resultOf(run([TEXT])).messages).toEqual([]);
  });

  it("are reported with the configured severity when it is set", () => {
    const result = resultOf(run([TEXT], 1));
    expect(result.messages.map(brief)).toEqual([
      { ruleId: "unused-disable-directive", severity: 1, line: 1, column: 1, endLine: 1, endColumn: 47 },
      { ruleId: "unused-disable-directive", severity: 1, line: 3, column: 1, endLine: 3, endColumn: 27 },
    ]);
    expect(result.messages.map((m) => m.message)).toEqual([
      'Unused schemalint-disable-next-line directive: no "no-float-money" finding was reported where it applies.',
      "Unused schemalint-disable-line directive: no finding was reported where it applies.",
    ]);
    expect([result.errorCount, result.warningCount]).toEqual([0, 2]);
  });

  it("are not reported when the directive suppressed something", () => {
    const result = resultOf(run(["-- schemalint-disable-next-line no-float-money\nCREATE TABLE t (price real);"], 2));
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(suppressed)).toEqual([[FLOAT, 2, 17, ""]]);
  });
});

describe("parse errors", () => {
  it("cannot be disabled", () => {
    const text = "-- schemalint-disable\n-- schemalint-disable-next-line\nCREATE TABLEE t;\n-- schemalint-disable-file\n";
    const result = resultOf(run([text]));
    expect(result.messages).toEqual([
      {
        ruleId: "parse-error",
        severity: 2,
        fatal: true,
        message: 'Syntax error at or near "TABLEE".',
        help: "Fix the syntax: PostgreSQL rejects this statement, so the migration fails here. The statements around it were still checked.",
        line: 3,
        column: 8,
      },
    ]);
    expect(result.suppressedMessages).toEqual([]);
    expect([result.errorCount, result.fatalErrorCount]).toEqual([1, 1]);
  });
});

describe("files", () => {
  it("does not report findings in a file with report: false", () => {
    const lintRun = run([{ text: "CREATE TABLE t (price real);", report: false }, "SELECT 1;"]);
    expect(lintRun.results.map((r) => r.filePath)).toEqual(["/m2.sql"]);
    expect(resultOf(lintRun).messages).toEqual([]);
    expect([...lintRun.catalog.tables.keys()]).toEqual(["public.t"]);
  });

  it("parses down files and reports their syntax errors but does not fold them", () => {
    const lintRun = run([
      "CREATE TABLE t (id int);",
      { text: "DROP TABLE t;\nCREATE TABLEE x;\nCREATE TABLE u (price real);", role: "down" },
    ]);
    expect(resultOf(lintRun, 0).messages).toEqual([]);
    expect(resultOf(lintRun, 1).messages.map(brief)).toEqual([
      { ruleId: "parse-error", severity: 2, line: 2, column: 8, endLine: undefined, endColumn: undefined },
    ]);
    expect([...lintRun.catalog.tables.keys()]).toEqual(["public.t"]);
    expect(lintRun.stats.statements).toBe(1);
  });
});

describe("across files", () => {
  const FK_FILE = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (\n  id int PRIMARY KEY,\n  p_id int,\n  CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id)\n);";

  it("accepts a foreign key whose index is created in a later file", () => {
    const lintRun = run([FK_FILE, "CREATE INDEX ON c (p_id);"]);
    expect(lintRun.results.map((r) => r.messages)).toEqual([[], []]);
  });

  it("reports a foreign key without any index at the constraint in the first file", () => {
    const lintRun = run([FK_FILE, "SELECT 1;"]);
    expect(resultOf(lintRun, 0).messages.map(brief)).toEqual([
      { ruleId: FK, severity: 2, line: 5, column: 3, endLine: 5, endColumn: 57 },
    ]);
    expect(resultOf(lintRun, 0).messages[0]?.messageId).toBe("missingIndex");
    expect(resultOf(lintRun, 1).messages).toEqual([]);
  });
});
