import { beforeAll, describe, expect, it } from "vitest";
import { initParser, parseSql } from "../../src/parser/parse.js";

beforeAll(() => initParser());

describe("parseSql: psql variables", () => {
  it("reads psql variable interpolation (:'v', :\"v\", and :v for a \\set variable) as psql sends it", () => {
    const sql = "\\set content 'hello'\n\\set n 5\nINSERT INTO t VALUES (:'content', :\"col\"::text, (ARRAY[1,2])[1:2], '{\"a\":1}'::jsonb);\nSELECT x FROM t LIMIT :n;\n";
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => s.tag)).toEqual(["InsertStmt", "SelectStmt"]);
    // An undefined :v is sent as written, and PostgreSQL rejects it.
    expect(parseSql("SELECT :undefined_var;").problems).toHaveLength(1);
  });
});
