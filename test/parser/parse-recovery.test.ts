import { beforeAll, describe, expect, it } from "vitest";
import { initParser, parseSql, type ParsedFile } from "../../src/parser/parse.js";

beforeAll(async () => {
  await initParser();
});

/** Tag and first line of every statement. */
function statementLines(file: ParsedFile): [string, number][] {
  return file.statements.map((s) => [s.tag, file.source.positionAtByte(s.start).line]);
}

/** Each problem's message, byte offset and line/column. */
function problemsOf(file: ParsedFile): { message: string; offset: number; line: number; column: number }[] {
  return file.problems.map((p) => ({ message: p.message, offset: p.offset, ...file.source.positionAtByte(p.offset) }));
}

/** Regressions found by the fuzz tests (test/fuzz). */
describe("parseSql: recovery on hostile input", () => {
  it("recovers from thousands of errors without growing the stack (a file in another SQL dialect)", () => {
    const file = parseSql("CREATE TABLE;\nCREATE TABLE a (id int);\n".repeat(20000));
    expect(file.problems).toHaveLength(20000);
    expect(file.statements).toHaveLength(20000);
    expect(problemsOf(file).slice(-1)).toEqual([{ message: 'syntax error at or near ";"', offset: 39 * 19999 + 12, line: 39999, column: 13 }]);
    expect(file.statements.at(-1)).toMatchObject({ tag: "CreateStmt", start: 39 * 19999 + 14, end: 39 * 19999 + 37 });
  });

  it("reports a NUL character instead of silently dropping what follows it", () => {
    // libpg_query reads a C string: everything after a NUL used to vanish without a problem.
    const file = parseSql("SELECT 1;\n\u0000SELECT 2;\nSELECT 3 \u0000;\nSELECT 4;");
    expect(statementLines(file)).toEqual([
      ["SelectStmt", 1],
      ["SelectStmt", 4],
    ]);
    expect(problemsOf(file).map((p) => [p.line, p.column, p.message.slice(0, 27)])).toEqual([
      [2, 1, "NUL character (byte 0): Pos"],
      [3, 10, "NUL character (byte 0): Pos"],
    ]);
  });

  it("does not believe an error at the end of a recovery window: a rule's actions hold top-level semicolons", () => {
    const rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));";
    const file = parseSql(`CREATE TABLE;\n${rule}\nSELECT 1;\nCREATE TABLE;\n`);
    expect(statementLines(file)).toEqual([
      ["RuleStmt", 2],
      ["SelectStmt", 3],
    ]);
    expect(problemsOf(file).map((p) => p.line)).toEqual([1, 4]);
  });
});
