import { beforeAll, describe, expect, it } from "vitest";
import { initParser, parseSql } from "../../src/parser/parse.js";

beforeAll(() => initParser());

describe("parseSql: psql variables", () => {
  it("reads psql variable interpolation (:'v', :\"v\", and :v for a \\set variable) as psql sends it", () => {
    const sql = "\\set content 'hello'\n\\set n 5\nINSERT INTO t VALUES (:'content', :\"col\"::text, (ARRAY[1,2])[1:2], '{\"a\":1}'::jsonb);\nSELECT x FROM t LIMIT :n;\n";
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => s.tag)).toEqual(["InsertStmt", "SelectStmt"]);
  });

  it("reads a bare :name outside brackets as psql sends a variable given with psql -v, at its own position", () => {
    const sql = "-- psql -v DBNAME=app -v owner=admin -f database.sql\nALTER DATABASE :DBNAME SET statement_timeout = '5s';\nALTER SCHEMA app OWNER TO :owner;\nSELECT s[1:n], s[:n], '{\"a\":1}'::jsonb, x::text FROM items WHERE note <> 'a:b';\n";
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => [s.tag, parsed.source.rangeAtBytes(s.start, s.end).line, parsed.source.rangeAtBytes(s.start, s.end).column])).toEqual([
      ["AlterDatabaseSetStmt", 2, 1],
      ["AlterOwnerStmt", 3, 1],
      ["SelectStmt", 4, 1],
    ]);
    const alter = JSON.stringify(parsed.statements[0]?.node);
    expect(alter).toContain('"dbname":"dbname"');
    // The slices keep their colons: an undefined :n inside brackets is a column of the slice.
    expect(JSON.stringify(parsed.statements[2]?.node).match(/"A_Indices"/gu)).toHaveLength(2);
  });
});

describe("parseSql: named parameters called after a reserved word", () => {
  it("reads :limit and :offset as parameters where the word alone is a key word (cornucopia queries/api_queries.sql), positions kept", () => {
    const sql = "--! get_pipelines: DbPipeline\nSELECT id FROM pipelines\nWHERE organization_id = :organization_id AND id > :offset\nLIMIT cast(:limit as integer);\nSELECT 1 LIMIT :limit;\n";
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => [s.tag, parsed.source.rangeAtBytes(s.start, s.end).line, parsed.source.rangeAtBytes(s.start, s.end).endColumn])).toEqual([
      ["SelectStmt", 2, 30],
      ["SelectStmt", 5, 22],
    ]);
    const select = JSON.stringify(parsed.statements[0]?.node);
    // A name that is no reserved word is still read as a column, as psql's value would be.
    expect(select).toContain('"sval":"organization_id"');
    expect(select.match(/"ParamRef"/gu)).toHaveLength(2);
    // At the colon: line 3, column 51 (bytes 55 + 50).
    expect(select).toContain('"ParamRef":{"number":1,"location":105}');
  });
});

describe("parseSql: meta-commands after a query", () => {
  it("ends the statement at \\gexec, \\g and \\gset, and skips a meta-command after a query", () => {
    const sql =
      "SELECT 'CREATE DATABASE app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\\gexec\nCREATE TABLE t (a int)\\g\nSELECT count(*) AS n FROM t \\gset\nCREATE TABLE u (price real);\nSELECT '\\gexec' AS literal;\n";
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => [s.tag, parsed.source.rangeAtBytes(s.start, s.end).line])).toEqual([
      ["SelectStmt", 1],
      ["CreateStmt", 2],
      ["SelectStmt", 3],
      ["CreateStmt", 4],
      ["SelectStmt", 5],
    ]);
    expect(parsed.psqlMetaCommands).toBe(3);
  });

  it("ends the statement at \\gexec, \\gset and \\g on a line of their own (openreplay's psql upgrade scripts)", () => {
    const sql = [
      "\\set next_version 'v1.10.0'",
      "SELECT openreplay_version() = :'next_version' AS is_next",
      "\\gset",
      "BEGIN;",
      "SELECT format($fn_def$",
      "CREATE OR REPLACE FUNCTION openreplay_version() RETURNS text AS $$ SELECT '%1$s' $$ LANGUAGE sql IMMUTABLE;",
      "$fn_def$, :'next_version')",
      "  \\gexec",
      "CREATE TABLE t (a int);",
      "\\g",
      "DO $$ BEGIN CREATE TABLE u (a int); END $$;",
      "COMMIT;",
      "",
    ].join("\n");
    const parsed = parseSql(sql);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => [s.tag, parsed.source.rangeAtBytes(s.start, s.end).line, parsed.source.rangeAtBytes(s.start, s.end).column])).toEqual([
      ["SelectStmt", 2, 1],
      ["TransactionStmt", 4, 1],
      ["SelectStmt", 5, 1],
      ["CreateStmt", 9, 1],
      ["DoStmt", 11, 1],
      ["TransactionStmt", 12, 1],
    ]);
    expect(parsed.psqlMetaCommands).toBe(4);
  });
});
