import { beforeAll, describe, expect, it } from "vitest";
import { doBlockStatements, withDoBlocks } from "../../src/parser/do-block.js";
import { initParser, parseSql } from "../../src/parser/parse.js";

beforeAll(() => initParser());

/** Each statement a file's DO blocks run: its tag, its text and the line:column of its first token. */
function nested(sql: string): string[] {
  const file = parseSql(sql);
  expect(file.problems).toEqual([]);
  return file.statements.flatMap((s) =>
    doBlockStatements(s, file.source).map((n) => {
      const { line, column } = file.source.rangeAtBytes(n.start, n.end);
      return `${n.tag} ${line}:${column} ${file.source.sliceBytes(n.start, n.end)}`;
    }),
  );
}

describe("DO blocks", () => {
  it("reads Drizzle Kit's idempotent enum and foreign key, at their places in the file", () => {
    const sql = `-- Drizzle, façade: a multi-byte character before the block
DO $$ BEGIN
 CREATE TYPE "public"."role" AS ENUM('admin', 'user');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id");
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`;
    expect(nested(sql)).toEqual([
      `CreateEnumStmt 3:2 CREATE TYPE "public"."role" AS ENUM('admin', 'user')`,
      `AlterTableStmt 8:2 ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id")`,
    ]);
  });

  it("keeps the THEN part of an IF and nested blocks, not exception handlers, loops, EXECUTE or ELSE", () => {
    const sql = `DO LANGUAGE plpgsql $body$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('ok');
  ELSE
    DROP TYPE other;
  END IF;
  BEGIN
    ALTER TABLE t ADD COLUMN c int;
  EXCEPTION WHEN duplicate_column THEN
    DROP TABLE handler;
  END;
  FOR i IN 1..3 LOOP
    CREATE TABLE looped (a int);
  END LOOP;
  EXECUTE 'CREATE TABLE dynamic (a int)';
END
$body$;`;
    expect(nested(sql)).toEqual(["CreateEnumStmt 4:5 CREATE TYPE mood AS ENUM ('ok')", "AlterTableStmt 9:5 ALTER TABLE t ADD COLUMN c int"]);
    // What is not read is counted, for --debug: the ELSE branch, the loop and the EXECUTE.
    const file = parseSql(sql);
    let unread = 0;
    withDoBlocks(file.statements, file.source, (n) => (unread += n));
    expect(unread).toBe(3);
  });

  it("reads PERFORM as the SELECT PL/pgSQL runs, starting at PERFORM", () => {
    expect(nested("DO $$\nBEGIN\n  PERFORM  set_config('lock_timeout', '5s', false);\nEND $$;")).toEqual([
      "SelectStmt 3:3 PERFORM  set_config('lock_timeout', '5s', false)",
    ]);
  });

  it("reads nothing from other languages, a quoted body with escapes or a body PL/pgSQL rejects", () => {
    expect(nested("DO LANGUAGE plperl $$ CREATE TABLE t (a int) $$;")).toEqual([]);
    // Doubled quotes: the body is not the text of the file, so positions would be wrong.
    expect(nested("DO 'BEGIN CREATE TABLE t (a text DEFAULT ''x''); END';")).toEqual([]);
    expect(nested("DO 'BEGIN CREATE TABLE t (a int); END';")).toEqual(["CreateStmt 1:11 CREATE TABLE t (a int)"]);
    expect(nested("DO $$ BEGIN CREATE TABLE t (a int) END $$;")).toEqual([]);
  });

  it("follows each DO statement with what it runs", () => {
    const file = parseSql("CREATE TABLE a (id int);\nDO $$ BEGIN CREATE TABLE b (id int); END $$;\nCREATE TABLE c (id int);");
    expect(withDoBlocks(file.statements, file.source).map((s) => `${s.index}:${s.tag}`)).toEqual(["0:CreateStmt", "1:DoStmt", "1:CreateStmt", "2:CreateStmt"]);
  });
});
