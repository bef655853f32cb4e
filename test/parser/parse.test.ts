import { beforeAll, describe, expect, it } from "vitest";
import type { ColumnDef, Constraint } from "libpg-query";
import { unwrap } from "../../src/parser/ast.js";
import { initParser, parseSql, type ParsedFile } from "../../src/parser/parse.js";
import type { SourceRange } from "../../src/parser/source-text.js";

const TOO_DEEP = "statement is nested too deeply for the parser (maximum call stack size exceeded)";

beforeAll(async () => {
  await initParser();
});

interface StatementView {
  readonly tag: string;
  readonly start: number;
  readonly end: number;
  readonly range: SourceRange;
}

/** Tag, byte offsets and line/column range of every statement. */
function statementsOf(file: ParsedFile): StatementView[] {
  return file.statements.map((s) => ({
    tag: s.tag,
    start: s.start,
    end: s.end,
    range: file.source.rangeAtBytes(s.start, s.end),
  }));
}

/** Each problem's message, byte offset and line/column. */
function problemsOf(file: ParsedFile): { message: string; offset: number; line: number; column: number }[] {
  return file.problems.map((p) => ({ message: p.message, offset: p.offset, ...file.source.positionAtByte(p.offset) }));
}

function range(line: number, column: number, endLine: number, endColumn: number): SourceRange {
  return { line, column, endLine, endColumn };
}

/** Column definitions of every CREATE TABLE, with their location as line/column. */
function columnDefsOf(file: ParsedFile): { name: string; location: number; line: number; column: number }[] {
  const out: { name: string; location: number; line: number; column: number }[] = [];
  for (const statement of file.statements) {
    for (const element of unwrap(statement.node, "CreateStmt")?.tableElts ?? []) {
      const def: ColumnDef | undefined = unwrap(element, "ColumnDef");
      if (def === undefined) continue;
      const location = def.location ?? -1;
      out.push({ name: def.colname ?? "", location, ...file.source.positionAtByte(location) });
    }
  }
  return out;
}

/** The first constraint of a column definition in a CREATE TABLE statement. */
function columnConstraintOf(file: ParsedFile, statementIndex: number, column: string): Constraint {
  const elements = unwrap(file.statements[statementIndex]?.node, "CreateStmt")?.tableElts ?? [];
  const def = elements.map((e) => unwrap(e, "ColumnDef")).find((d) => d?.colname === column);
  const constraint = unwrap(def?.constraints?.[0], "Constraint");
  if (constraint === undefined) throw new Error(`no constraint on column ${column}`);
  return constraint;
}

describe("parseSql: statements and ranges", () => {
  it("returns each statement with its tag, index and exact byte range", () => {
    const file = parseSql("CREATE TABLE a (id int);\nSELECT 1;\n");
    expect(file.statements.map((s) => s.index)).toEqual([0, 1]);
    expect(statementsOf(file)).toEqual([
      { tag: "CreateStmt", start: 0, end: 23, range: range(1, 1, 1, 24) },
      { tag: "SelectStmt", start: 25, end: 33, range: range(2, 1, 2, 9) },
    ]);
    expect(file.problems).toEqual([]);
    expect(file.psqlMetaCommands).toBe(0);
    expect(file.copyBlocks).toBe(0);
  });

  it("places a statement after accents, CJK and emoji on the same line", () => {
    // "SELECT '😀é中'; " is 20 bytes and 15 UTF-16 units.
    const file = parseSql("SELECT '😀é中'; SELECT 2;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 18, range: range(1, 1, 1, 14) },
      { tag: "SelectStmt", start: 20, end: 28, range: range(1, 16, 1, 24) },
    ]);
  });

  it("places a statement after a line of non-ASCII text", () => {
    // "-- é 中 😀\n" is 15 bytes; "CREATE TABLE é (x int)" is 23 bytes, 22 UTF-16 units.
    const file = parseSql("-- é 中 😀\nCREATE TABLE é (x int);");
    expect(statementsOf(file)).toEqual([{ tag: "CreateStmt", start: 15, end: 38, range: range(2, 1, 2, 23) }]);
    expect(columnDefsOf(file)).toEqual([{ name: "x", location: 32, line: 2, column: 17 }]);
  });

  it("handles CRLF line endings", () => {
    const file = parseSql("SELECT 1;\r\nCREATE TABLE t (\r\n  a int\r\n);\r\n");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "CreateStmt", start: 11, end: 39, range: range(2, 1, 4, 2) },
    ]);
    expect(columnDefsOf(file)).toEqual([{ name: "a", location: 31, line: 3, column: 3 }]);
  });

  it("handles lone CR line endings", () => {
    const file = parseSql("SELECT 1;\rSELECT 2;\r\rSELECT 3;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 10, end: 18, range: range(2, 1, 2, 9) },
      { tag: "SelectStmt", start: 21, end: 29, range: range(4, 1, 4, 9) },
    ]);
  });

  it("counts tabs as one column", () => {
    const file = parseSql("\tSELECT\t1;\n\t\tSELECT 2;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 1, end: 9, range: range(1, 2, 1, 10) },
      { tag: "SelectStmt", start: 13, end: 21, range: range(2, 3, 2, 11) },
    ]);
  });

  it("ends a last statement without semicolon at its last token, before a trailing comment", () => {
    expect(statementsOf(parseSql("SELECT 1;\nSELECT 2 -- trailing\n"))).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 10, end: 18, range: range(2, 1, 2, 9) },
    ]);
    const file = parseSql("SELECT 1;\nCREATE TABLE t (\n  a int\n)\n/* block */\n-- trailing\n");
    expect(statementsOf(file)[1]).toEqual({ tag: "CreateStmt", start: 10, end: 36, range: range(2, 1, 4, 2) });
  });

  it("ends a last statement without semicolon after a non-ASCII literal", () => {
    const file = parseSql("SELECT 1;\nSELECT '😀' -- c\n");
    expect(statementsOf(file)[1]).toEqual({ tag: "SelectStmt", start: 10, end: 23, range: range(2, 1, 2, 12) });
  });

  it("returns no statements and no problems for an empty, blank or comment-only file", () => {
    for (const text of ["", "  \n\t\r\n", "-- hi\n/* x */\n"]) {
      const file = parseSql(text);
      expect(file.statements).toEqual([]);
      expect(file.problems).toEqual([]);
    }
  });
});

describe("parseSql: node locations", () => {
  it("makes every location an absolute file byte offset, also after recovered syntax errors", () => {
    const text = [
      "SELECT 1;",
      "CREATE TABLEE x;",
      "SELECT '😀é';",
      "CREATE TABLEE y;",
      "CREATE TABLE zé (",
      '  "😀c" int,',
      "  d text REFERENCES p",
      ");",
      "",
    ].join("\n");
    const file = parseSql(text);
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 27, end: 42, range: range(3, 1, 3, 13) },
      { tag: "CreateStmt", start: 61, end: 118, range: range(5, 1, 8, 2) },
    ]);
    expect(problemsOf(file)).toEqual([
      { message: 'syntax error at or near "TABLEE"', offset: 17, line: 2, column: 8 },
      { message: 'syntax error at or near "TABLEE"', offset: 51, line: 4, column: 8 },
    ]);
    expect(columnDefsOf(file)).toEqual([
      { name: "😀c", location: 82, line: 6, column: 3 },
      { name: "d", location: 97, line: 7, column: 3 },
    ]);
    const fk = columnConstraintOf(file, 2, "d");
    expect(fk.contype).toBe("CONSTR_FOREIGN");
    expect(file.source.positionAtByte(fk.location ?? -1)).toEqual({ line: 7, column: 10 });
  });

  it("keeps CRLF locations exact after a recovered error", () => {
    const file = parseSql("SELECT 1;\r\nCREATE TABLEE x;\r\nCREATE TABLE t (\r\n  a int\r\n);\r\n");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "CreateStmt", start: 29, end: 57, range: range(3, 1, 5, 2) },
    ]);
    expect(problemsOf(file)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 18, line: 2, column: 8 }]);
    expect(columnDefsOf(file)).toEqual([{ name: "a", location: 49, line: 4, column: 3 }]);
  });
});

describe("parseSql: syntax error recovery", () => {
  it("keeps the statements around a broken one and reports PostgreSQL's cursor", () => {
    const file = parseSql("SELECT 1;\nCREATE TABLEE foo (a int);\nCREATE TABLE t (a int);\n");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "CreateStmt", start: 37, end: 59, range: range(3, 1, 3, 23) },
    ]);
    expect(problemsOf(file)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 17, line: 2, column: 8 }]);
  });

  it("converts the cursor (in code points) after non-ASCII text", () => {
    const file = parseSql("SELECT 'é😀';\nCREATE TABLEE foo (a int);\nCREATE TABLE t (\n  col int\n);\n");
    expect(problemsOf(file)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 24, line: 2, column: 8 }]);
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 15, range: range(1, 1, 1, 13) },
      { tag: "CreateStmt", start: 44, end: 72, range: range(3, 1, 5, 2) },
    ]);
    expect(columnDefsOf(file)).toEqual([{ name: "col", location: 63, line: 4, column: 3 }]);
  });

  it("reports an error in the middle of a line", () => {
    const file = parseSql("SELECT 1; CREATE TABLEE x; SELECT 2;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 27, end: 35, range: range(1, 28, 1, 36) },
    ]);
    expect(problemsOf(file)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 17, line: 1, column: 18 }]);
  });

  it("reports an error at the end of the input", () => {
    const file = parseSql("SELECT 1;\nCREATE TABLE t (a int");
    expect(statementsOf(file)).toEqual([{ tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) }]);
    expect(problemsOf(file)).toEqual([{ message: "syntax error at end of input", offset: 31, line: 2, column: 22 }]);
  });

  it("reports an error in a last statement without semicolon", () => {
    const file = parseSql("SELECT 1;\nCREATE TABLE t (a int,)\n");
    expect(statementsOf(file)).toEqual([{ tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) }]);
    expect(problemsOf(file)).toEqual([{ message: 'syntax error at or near ")"', offset: 32, line: 2, column: 23 }]);
  });

  it("keeps the statements before an unterminated string", () => {
    const file = parseSql("SELECT 1;\nSELECT 2;\nSELECT 'abc\nfoo;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 10, end: 18, range: range(2, 1, 2, 9) },
    ]);
    expect(problemsOf(file)).toEqual([
      { message: "unterminated quoted string at or near \"'abc\nfoo;\"", offset: 27, line: 3, column: 8 },
    ]);
  });

  it("keeps the statements before an unterminated string after an emoji", () => {
    const file = parseSql("SELECT '😀';\nSELECT 'abc\n");
    expect(statementsOf(file)).toEqual([{ tag: "SelectStmt", start: 0, end: 13, range: range(1, 1, 1, 12) }]);
    expect(problemsOf(file)).toEqual([
      { message: "unterminated quoted string at or near \"'abc\n\"", offset: 22, line: 2, column: 8 },
    ]);
  });

  it("keeps the statements before an unterminated block comment", () => {
    const file = parseSql("SELECT 1;\nSELECT 2; /* abc\nfoo;");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 10, end: 18, range: range(2, 1, 2, 9) },
    ]);
    expect(problemsOf(file)).toEqual([
      { message: 'unterminated /* comment at or near "/* abc\nfoo;"', offset: 20, line: 2, column: 11 },
    ]);
  });

  it("keeps the statements before an unterminated dollar quote", () => {
    const file = parseSql("SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n");
    expect(statementsOf(file)).toEqual([{ tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) }]);
    expect(problemsOf(file)).toEqual([
      { message: 'unterminated dollar-quoted string at or near "$$ SELECT 1;\n"', offset: 45, line: 2, column: 36 },
    ]);
  });

  it("keeps the statements between a syntax error and a later unterminated string", () => {
    // The unterminated string swallows the rest of the file, but not the statements before it.
    const file = parseSql("SELECT 1;\nCREATE TABLEE x;\nSELECT 2;\nSELECT 'abc\n");
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 27, end: 35, range: range(3, 1, 3, 9) },
    ]);
    expect(problemsOf(file)).toEqual([
      { message: 'syntax error at or near "TABLEE"', offset: 17, line: 2, column: 8 },
      { message: "unterminated quoted string at or near \"'abc\n\"", offset: 44, line: 4, column: 8 },
    ]);
  });

  it("turns a too deeply nested expression into a problem and keeps the other statements", () => {
    const deep = "SELECT " + "1+".repeat(20000) + "1";
    const file = parseSql(`SELECT 1;\n${deep};\nSELECT 3;\n`);
    // line 2 is 7 + 40000 + 3 bytes long, so line 3 starts at 10 + 40010.
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 8, range: range(1, 1, 1, 9) },
      { tag: "SelectStmt", start: 40020, end: 40028, range: range(3, 1, 3, 9) },
    ]);
    expect(problemsOf(file)).toEqual([{ message: TOO_DEEP, offset: 10, line: 2, column: 1 }]);

    const alone = parseSql(deep);
    expect(alone.statements).toEqual([]);
    expect(problemsOf(alone)).toEqual([{ message: TOO_DEEP, offset: 0, line: 1, column: 1 }]);

    // The parser still works afterwards.
    for (let i = 0; i < 500; i++) {
      const again = parseSql(`CREATE TABLE t${i} (a int);\nSELECT ${i};`);
      expect(again.problems).toEqual([]);
      expect(again.statements.map((s) => s.tag)).toEqual(["CreateStmt", "SelectStmt"]);
    }
    const last = parseSql("SELECT 1;\nCREATE TABLE t (\n  a int\n);");
    expect(statementsOf(last)[1]).toEqual({ tag: "CreateStmt", start: 10, end: 36, range: range(2, 1, 4, 2) });
  });
});

describe("parseSql: psql input", () => {
  const PSQL = [
    "\\connect db",
    "\\set ON_ERROR_STOP on",
    "\\restrict abc",
    "CREATE TABLE t (a int, b text);",
    "COPY t (a, b) FROM stdin;",
    "1\t'it''s' \\\\ é😀",
    '2\t"x"',
    "\\N\tback\\slash",
    "\\.",
    "\\echo done",
    "CREATE TABLE u (",
    "  c int",
    ");",
    "\\unrestrict abc",
    "\\quit",
    "",
  ].join("\n");

  it("skips meta-commands and COPY data without problems and keeps positions exact", () => {
    const file = parseSql(PSQL);
    expect(file.problems).toEqual([]);
    expect(file.psqlMetaCommands).toBe(6);
    expect(file.copyBlocks).toBe(1);
    expect(statementsOf(file)).toEqual([
      { tag: "CreateStmt", start: 48, end: 78, range: range(4, 1, 4, 31) },
      { tag: "CopyStmt", start: 80, end: 104, range: range(5, 1, 5, 25) },
      { tag: "CreateStmt", start: 160, end: 186, range: range(11, 1, 13, 2) },
    ]);
    expect(columnDefsOf(file)).toEqual([
      { name: "a", location: 64, line: 4, column: 17 },
      { name: "b", location: 71, line: 4, column: 24 },
      { name: "c", location: 179, line: 12, column: 3 },
    ]);
  });

  it("keeps the original text in the source", () => {
    const file = parseSql(PSQL);
    expect(file.source.text).toBe(PSQL);
    expect(file.source.lineText(6)).toBe("1\t'it''s' \\\\ é😀");
  });

  it("skips COPY data with CRLF line endings and options", () => {
    const crlf = parseSql("COPY t (a) FROM stdin;\r\n1\r\n\\.\r\nSELECT 1;\r\n");
    expect(crlf.problems).toEqual([]);
    expect(statementsOf(crlf)).toEqual([
      { tag: "CopyStmt", start: 0, end: 21, range: range(1, 1, 1, 22) },
      { tag: "SelectStmt", start: 31, end: 39, range: range(4, 1, 4, 9) },
    ]);
    const csv = parseSql("COPY public.t (a) FROM stdin WITH (FORMAT csv);\n\"a;b\"\n\\.\nSELECT 1;");
    expect(csv.problems).toEqual([]);
    expect(csv.copyBlocks).toBe(1);
    expect(statementsOf(csv)[1]).toEqual({ tag: "SelectStmt", start: 57, end: 65, range: range(4, 1, 4, 9) });
  });

  it("keeps error positions exact after skipped non-ASCII COPY data and meta-commands", () => {
    const copy = parseSql("COPY t (a, b) FROM stdin;\n1\té😀 'q' \\N\n\\.\nCREATE TABLEE x;\nCREATE TABLE y (\n\tz int\n);");
    expect(problemsOf(copy)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 52, line: 4, column: 8 }]);
    expect(statementsOf(copy)[1]).toEqual({ tag: "CreateStmt", start: 62, end: 87, range: range(5, 1, 7, 2) });
    expect(columnDefsOf(copy)).toEqual([{ name: "z", location: 80, line: 6, column: 2 }]);

    const meta = parseSql("\\echo 😀é\r\nCREATE TABLEE x;\r\nSELECT 'ü';");
    expect(problemsOf(meta)).toEqual([{ message: 'syntax error at or near "TABLEE"', offset: 21, line: 2, column: 8 }]);
    expect(statementsOf(meta)).toEqual([{ tag: "SelectStmt", start: 32, end: 43, range: range(3, 1, 3, 11) }]);
  });

  it("does not treat a backslash line inside a dollar-quoted body as a meta-command", () => {
    const text = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x\nSELECT 'a';\n$$;\nSELECT 2;\n";
    const file = parseSql(text);
    expect(file.problems).toEqual([]);
    expect(file.psqlMetaCommands).toBe(0);
    expect(statementsOf(file)).toEqual([
      { tag: "CreateFunctionStmt", start: 0, end: 69, range: range(1, 1, 4, 3) },
      { tag: "SelectStmt", start: 71, end: 79, range: range(5, 1, 5, 9) },
    ]);
  });

  it("masks a meta-command after a tagged dollar-quoted body but not the one inside it", () => {
    const text = [
      "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$",
      "BEGIN",
      "\\connect x",
      "RETURN 'a';",
      "END",
      "$body$;",
      "\\connect other",
      "SELECT 2;",
    ].join("\n");
    const file = parseSql(text);
    expect(file.problems).toEqual([]);
    expect(file.psqlMetaCommands).toBe(1);
    expect(statementsOf(file)).toEqual([
      { tag: "CreateFunctionStmt", start: 0, end: 99, range: range(1, 1, 6, 7) },
      { tag: "SelectStmt", start: 116, end: 124, range: range(8, 1, 8, 9) },
    ]);
    const first = file.statements[0];
    expect(first === undefined ? "" : file.source.sliceBytes(first.start, first.end)).toContain("\n\\connect x\n");
  });

  it("does not treat a backslash line inside a string as a meta-command", () => {
    const file = parseSql("SELECT '\n\\echo x\n';\nSELECT 2;");
    expect(file.psqlMetaCommands).toBe(0);
    expect(statementsOf(file)).toEqual([
      { tag: "SelectStmt", start: 0, end: 18, range: range(1, 1, 3, 2) },
      { tag: "SelectStmt", start: 20, end: 28, range: range(4, 1, 4, 9) },
    ]);
  });
});

describe("parseSql: comments", () => {
  it("collects comments with body and byte offsets when the text mentions schemalint-", () => {
    const file = parseSql("-- schemalint-disable foo\nSELECT 1; /* é block */\n-- last");
    expect(file.comments).toEqual([
      { body: " schemalint-disable foo", start: 0, end: 25 },
      { body: " é block ", start: 36, end: 50 },
      { body: " last", start: 51, end: 58 },
    ]);
    expect(file.source.rangeAtBytes(36, 50)).toEqual(range(2, 11, 2, 24));
  });

  it("collects no comments otherwise, unless asked to", () => {
    expect(parseSql("-- plain\nSELECT 1;").comments).toEqual([]);
    expect(parseSql("-- plain\nSELECT 1;", { comments: true }).comments).toEqual([{ body: " plain", start: 0, end: 8 }]);
    expect(parseSql("-- schemalint-disable\nSELECT 1;", { comments: false }).comments).toEqual([]);
  });

  it("collects comments around a syntax error", () => {
    const file = parseSql("SELECT 1; -- schemalint-a\nCREATE TABLEE x; -- schemalint-b\nSELECT 2; -- schemalint-c\n");
    expect(file.comments).toEqual([
      { body: " schemalint-a", start: 10, end: 25 },
      { body: " schemalint-b", start: 43, end: 58 },
      { body: " schemalint-c", start: 69, end: 84 },
    ]);
  });

  it("collects the comments before an unterminated string", () => {
    const file = parseSql("-- schemalint-disable x\nSELECT 1;\nSELECT 'abc\n-- after\n");
    expect(file.comments).toEqual([{ body: " schemalint-disable x", start: 0, end: 23 }]);
  });

  it("does not collect comments hidden in masked psql lines", () => {
    const file = parseSql("\\connect db -- schemalint-disable\n-- schemalint-enable\nSELECT 1;");
    expect(file.comments).toEqual([{ body: " schemalint-enable", start: 34, end: 54 }]);
  });

  it("collects a trailing comment after a last statement without semicolon", () => {
    const file = parseSql("SELECT 1;\nCREATE TABLE t (a int) -- schemalint-disable-line x\n");
    expect(statementsOf(file)[1]).toEqual({ tag: "CreateStmt", start: 10, end: 32, range: range(2, 1, 2, 23) });
    expect(file.comments).toEqual([{ body: " schemalint-disable-line x", start: 33, end: 61 }]);
  });
});
