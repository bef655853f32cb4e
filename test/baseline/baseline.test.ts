import { fingerprintSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { applyBaseline, BaselineError, createBaseline, mergeBaselines, parseBaseline, serializeBaseline, type BaselineKeyer } from "../../src/baseline/baseline.js";
import { FILE_FINGERPRINT, statementLocator } from "../../src/baseline/fingerprint.js";
import { resultOf, type LintMessage } from "../../src/lint-result.js";
import { initParser } from "../../src/parser/parse.js";

beforeAll(async () => {
  await initParser();
});

function message(ruleId: string, line: number, column: number, extra: Partial<LintMessage> = {}): LintMessage {
  return { ruleId, severity: 2, message: `${ruleId} at ${line}:${column}.`, line, column, ...extra };
}

/** Keys files by base name; fingerprints by line (each line a statement). */
const keyer: BaselineKeyer = {
  file: (filePath) => filePath.slice(filePath.lastIndexOf("/") + 1),
  fingerprint: (_filePath, m) => `line${m.line}`,
};

describe("statementLocator", () => {
  it("maps positions to the fingerprint of the statement they lie in, counting UTF-16 columns", () => {
    const text = "-- ünïcödé comment\nCREATE TABLE \"tëst\" (id int, price real);\n\n  ALTER TABLE a\n    ADD COLUMN b real;\n-- trailing\n";
    const locate = statementLocator([text]);
    const create = fingerprintSync('CREATE TABLE "tëst" (id int, price real)');
    const alter = fingerprintSync("ALTER TABLE a ADD COLUMN b real");
    expect(locate({ line: 2, column: 1 })).toBe(create);
    expect(locate({ line: 2, column: 36 })).toBe(create); // "real", after the two-byte ë
    expect(locate({ line: 2, column: 41 })).toBe(create); // the semicolon
    expect(locate({ line: 4, column: 3 })).toBe(alter);
    expect(locate({ line: 5, column: 16 })).toBe(alter);
    expect(locate({ line: 1, column: 1 })).toBe(FILE_FINGERPRINT);
    expect(locate({ line: 6, column: 1 })).toBe(FILE_FINGERPRINT);
    expect(create).not.toBe(alter);
    // Two statements on one line after a two-byte character: column 13 is the second one's first character.
    const line = statementLocator(["SELECT 'ü'; SELECT a FROM t;\n"]);
    expect(line({ line: 1, column: 12 })).toBe(FILE_FINGERPRINT);
    expect(line({ line: 1, column: 13 })).toBe(fingerprintSync("SELECT a FROM t"));
    expect(line({ line: 1, column: 1 })).toBe(fingerprintSync("SELECT 'ü'"));
    expect(fingerprintSync("SELECT 'ü'")).not.toBe(fingerprintSync("SELECT a FROM t"));
  });

  it("finds statements in any section of a file linted in parts", () => {
    const up = "CREATE TABLE a (id int);\n                        \n";
    const down = "                        \nDROP TABLE a;           \n";
    const locate = statementLocator([up, down]);
    expect(locate({ line: 1, column: 1 })).toBe(fingerprintSync("CREATE TABLE a (id int)"));
    expect(locate({ line: 2, column: 1 })).toBe(fingerprintSync("DROP TABLE a"));
  });

  it("ignores spacing, case, comments and literal values, not identifiers or types", () => {
    const fp = (sql: string): string => statementLocator([sql])({ line: 1, column: 1 });
    expect(fp("ALTER TABLE t ADD COLUMN c real DEFAULT 1;")).toBe(fp("alter table t /* x */ add column c REAL default 2;"));
    expect(fp("ALTER TABLE t ADD COLUMN c real;")).not.toBe(fp("ALTER TABLE t ADD COLUMN d real;"));
    expect(fp("ALTER TABLE t ADD COLUMN c real;")).not.toBe(fp("ALTER TABLE t ADD COLUMN c float8;"));
  });
});

describe("baseline", () => {
  const results = [
    resultOf("/p/b.sql", [message("r1", 1, 1), message("r1", 1, 9), message("r2", 2, 1)], []),
    resultOf("/p/a.sql", [message("r1", 3, 1), message("parse-error", 4, 1, { fatal: true }), message("x", 5, 1, { ruleId: null })], []),
  ];

  it("records rule, file, statement and count, sorted; never fatal or rule-less messages", () => {
    const baseline = createBaseline(results, keyer);
    expect(baseline.entries.map((e) => ({ file: e.file, ruleId: e.ruleId, fingerprint: e.fingerprint, count: e.count }))).toEqual([
      { file: "a.sql", ruleId: "r1", fingerprint: "line3", count: 1 },
      { file: "b.sql", ruleId: "r1", fingerprint: "line1", count: 2 },
      { file: "b.sql", ruleId: "r2", fingerprint: "line2", count: 1 },
    ]);
    expect(baseline.entries[1]?.message).toBe("r1 at 1:1.");
    const text = serializeBaseline(baseline);
    expect(parseBaseline(text, "b.json")).toEqual(baseline);
    expect(text).toBe(serializeBaseline(parseBaseline(text, "b.json")));
  });

  it("moves recorded findings to suppressedMessages and recounts the result", () => {
    const baseline = { entries: [{ file: "b.sql", ruleId: "r1", fingerprint: "line1", count: 1 }, { file: "z.sql", ruleId: "r1", fingerprint: "line1", count: 1 }] };
    const applied = applyBaseline(results, baseline, keyer, (file) => file !== "z.sql", "Recorded.");
    const b = applied.results[0];
    expect(b?.messages.map((m) => [m.line, m.column, m.ruleId])).toEqual([
      [1, 9, "r1"],
      [2, 1, "r2"],
    ]);
    expect(b?.errorCount).toBe(2);
    expect(b?.suppressedMessages).toEqual([{ ...message("r1", 1, 1), suppressions: [{ kind: "baseline", justification: "Recorded." }] }]);
    expect(applied.results[1]).toBe(results[1]);
    expect(applied.suppressed).toBe(1);
    // z.sql was not checked by this run: its entry is not unused.
    expect(applied.unused).toEqual([]);
    expect(applyBaseline(results, baseline, keyer, () => true, "Recorded.").unused).toEqual([{ entry: baseline.entries[1], unused: 1 }]);
  });

  it("reports the unused part of a count", () => {
    const baseline = { entries: [{ file: "b.sql", ruleId: "r1", fingerprint: "line1", count: 3 }] };
    const applied = applyBaseline(results, baseline, keyer, () => true, "Recorded.");
    expect(applied.suppressed).toBe(2);
    expect(applied.unused).toEqual([{ entry: baseline.entries[0], unused: 1 }]);
  });

  it("merges: entries of files not checked are kept", () => {
    const previous = { entries: [{ file: "a.sql", ruleId: "old", fingerprint: "f", count: 1 }, { file: "c.sql", ruleId: "r", fingerprint: "f", count: 1 }] };
    const current = { entries: [{ file: "a.sql", ruleId: "new", fingerprint: "f", count: 1 }] };
    expect(mergeBaselines(previous, current, (file) => file === "a.sql").entries).toEqual([
      { file: "a.sql", ruleId: "new", fingerprint: "f", count: 1 },
      { file: "c.sql", ruleId: "r", fingerprint: "f", count: 1 },
    ]);
  });

  it("rejects files that are not baselines", () => {
    expect(() => parseBaseline("{", "x.json")).toThrow(BaselineError);
    expect(() => parseBaseline("{", "x.json")).toThrow(/^x\.json: not valid JSON/u);
    expect(() => parseBaseline(JSON.stringify({ version: 2, entries: [] }), "x.json")).toThrow(/^x\.json: not a schemalint baseline at version: /u);
    expect(() => parseBaseline(JSON.stringify([]), "x.json")).toThrow(/^x\.json: not a schemalint baseline: /u);
  });
});
