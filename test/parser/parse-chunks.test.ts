import { beforeAll, describe, expect, it } from "vitest";
import { unwrap } from "../../src/parser/ast.js";
import { CHUNK_SIZE, initParser, parseSql } from "../../src/parser/parse.js";

beforeAll(() => initParser());

/** ~370 KB of DDL with non-ASCII text, a dollar-quoted body with semicolons and CRLF lines: parsed in chunks. */
function largeSql(): string {
  const parts: string[] = [];
  for (let i = 0; i < 4000; i++) {
    parts.push(`-- Tâble ${i} 日本 😀\r\nCREATE TABLE t${i} (id bigint PRIMARY KEY, label text DEFAULT 'é;😀');\r\n`);
    if (i % 500 === 0) parts.push(`CREATE FUNCTION f${i}() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT ${i}; $$;\r\n`);
  }
  return parts.join("");
}

describe("parseSql on inputs larger than a chunk", () => {
  const sql = largeSql();

  it("is large enough to be split", () => {
    expect(sql.length).toBeGreaterThan(4 * CHUNK_SIZE);
  });

  it("returns every statement in order, each range exactly its text and node locations on the right column", () => {
    const whole = parseSql(sql);
    expect(whole.problems).toEqual([]);
    expect(whole.statements).toHaveLength(4008);
    expect(whole.statements.map((s) => s.index)).toEqual(whole.statements.map((_, i) => i));
    // Each statement's text is exactly the statement, and its first column definition is at "id".
    let tables = 0;
    for (const statement of whole.statements) {
      const text = whole.source.sliceBytes(statement.start, statement.end);
      const create = unwrap(statement.node, "CreateStmt");
      if (create === undefined) {
        expect(text).toMatch(/^CREATE FUNCTION f\d+\(\) RETURNS int LANGUAGE sql AS \$\$ SELECT 1; SELECT \d+; \$\$$/u);
        continue;
      }
      tables++;
      expect(text).toBe(`CREATE TABLE t${create.relation?.relname?.slice(1) ?? ""} (id bigint PRIMARY KEY, label text DEFAULT 'é;😀')`);
      const column = unwrap(create.tableElts?.[0], "ColumnDef");
      const at = whole.source.positionAtByte(column?.location ?? -1);
      const line = whole.source.lineText(at.line);
      expect(line.slice(at.column - 1, at.column + 1)).toBe("id");
    }
    expect(tables).toBe(4000);
  });

  it("streams the same statements through onStatements, in chunks", () => {
    const chunks: number[] = [];
    const streamed: string[] = [];
    const result = parseSql(sql, {
      onStatements: (statements, source) => {
        chunks.push(statements.length);
        for (const s of statements) streamed.push(source.sliceBytes(s.start, s.end));
      },
    });
    expect(result.statements).toEqual([]);
    expect(chunks.length).toBeGreaterThan(1);
    const whole = parseSql(sql);
    expect(streamed).toEqual(whole.statements.map((s) => whole.source.sliceBytes(s.start, s.end)));
  });

  it("reports a syntax error in a later chunk at its exact position", () => {
    const broken = `${sql}CREATE TABLEE oops (id int);\r\nCREATE TABLE after_error (id int);\r\n`;
    const parsed = parseSql(broken);
    expect(parsed.problems).toHaveLength(1);
    const problem = parsed.problems[0];
    const at = parsed.source.positionAtByte(problem?.offset ?? -1);
    expect(parsed.source.lineText(at.line).slice(at.column - 1)).toBe("TABLEE oops (id int);");
    expect(parsed.statements.at(-1)?.tag).toBe("CreateStmt");
    expect(parsed.source.sliceBytes(parsed.statements.at(-1)?.start ?? 0, parsed.statements.at(-1)?.end ?? 0)).toBe("CREATE TABLE after_error (id int)");
  });
});
