import { expect, it } from "vitest";
import type { VerifyTarget } from "../helpers/verify.js";
import { verifyFiles } from "../helpers/verify.js";

const BASE = [
  "CREATE TYPE mood AS ENUM ('a', 'b');",
  "CREATE TABLE t (id integer PRIMARY KEY, a text, b integer, CONSTRAINT t_b_check CHECK (b > 0));",
  "CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x';",
  "CREATE VIEW v AS SELECT id FROM t;",
].join("\n");

/** A golang-migrate history: the base migration, then one migration with the given up and down. */
function roundTrip(up: string, down: string): { path: string; sql: string }[] {
  return [
    { path: "/m/000001_base.up.sql", sql: `${BASE}\n` },
    { path: "/m/000002_change.up.sql", sql: `${up}\n` },
    { path: "/m/000002_change.down.sql", sql: `${down}\n` },
  ];
}

/** The cases every replay target must pass: PGlite and a real server. */
export function replayCases(target: () => VerifyTarget): void {
  it("applies a history PostgreSQL accepts and round-trips every migration with a down: no findings", async () => {
    const { messages, histories } = await verifyFiles(
      [
        { path: "/m/000001_users.up.sql", sql: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n" },
        { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;\n" },
        // One statement: golang-migrate sends it outside a transaction block, so CONCURRENTLY works.
        { path: "/m/000002_email.up.sql", sql: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n" },
        { path: "/m/000002_email.down.sql", sql: "DROP INDEX CONCURRENTLY users_email_idx;\n" },
      ],
      target(),
    );
    expect(messages).toEqual([]);
    expect(histories).toMatchObject([{ migrations: 2, applied: 2, roundTrips: 2, mismatches: 0, stoppedAt: undefined }]);
  });

  it("reports a rejected statement at PostgreSQL's error position and stops the replay", async () => {
    const { messages, histories } = await verifyFiles(["CREATE TABLE users (id int);\n", "CREATE TABLE a (id int);\nALTER TABLE users ADD COLUMN n nosuchtype;\n", "CREATE TABLE later (id int);\n"], target());
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", severity: 2, file: "/migrations/002_test.sql", line: 2, column: 32 }]);
    expect(messages[0]?.message).toContain('type "nosuchtype" does not exist (SQLSTATE 42704)');
    expect(messages[0]?.message).toContain("The replay stopped here: 1 later migration was not applied.");
    expect(histories).toMatchObject([{ migrations: 3, applied: 1, stoppedAt: "/migrations/002_test.sql" }]);
  });

  it("counts PostgreSQL's character position past multi-byte text", async () => {
    const { messages } = await verifyFiles(["CREATE TABLE users (id int);\n", "-- é😀\nCREATE VIEW w AS SELECT 'é😀' AS s, nosuchcol FROM users;\n"], target());
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", line: 2, column: 37 }]);
    expect(messages[0]?.message).toContain('column "nosuchcol" does not exist');
  });

  it("points at the whole statement when PostgreSQL gives no position", async () => {
    const { messages } = await verifyFiles(["CREATE TABLE users (id int);\n", "\nCREATE TABLE users (id int);\n"], target());
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", line: 2, column: 1, endLine: 2, endColumn: 28 }]);
    expect(messages[0]?.message).toContain('relation "users" already exists (SQLSTATE 42P07)');
  });

  it("runs a multi-statement golang-migrate file in one transaction block, where CONCURRENTLY fails", async () => {
    const { messages } = await verifyFiles(
      [
        { path: "/m/000001_users.up.sql", sql: "CREATE TABLE users (id int, email text);\n" },
        { path: "/m/000002_email.up.sql", sql: "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n" },
      ],
      target(),
    );
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", file: "/m/000002_email.up.sql", line: 2, column: 1 }]);
    expect(messages[0]?.message).toContain("CREATE INDEX CONCURRENTLY cannot run inside a transaction block (SQLSTATE 25001)");
  });

  it("runs a dbmate migration marked transaction:false outside a transaction", async () => {
    const sql = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\n-- migrate:down\nDROP INDEX users_email_idx;\n";
    const { messages } = await verifyFiles(
      [
        { path: "/db/20240101000000_users.sql", sql: "-- migrate:up\nCREATE TABLE users (id int, email text);\n-- migrate:down\nDROP TABLE users;\n" },
        { path: "/db/20240102000000_email.sql", sql },
      ],
      target(),
    );
    expect(messages).toEqual([]);
  });

  it("finds a down that restores a different default, at the down statement", async () => {
    const { messages } = await verifyFiles(roundTrip("ALTER TABLE t ALTER COLUMN b SET DEFAULT 0;", "ALTER TABLE t ALTER COLUMN b SET DEFAULT 1;"), target());
    expect(messages).toMatchObject([{ ruleId: "down-migration-mismatch", severity: 1, file: "/m/000002_change.down.sql", line: 1, column: 1 }]);
    expect(messages[0]?.message).toContain('column "b" of "t" is integer DEFAULT 1 instead of integer.');
  });

  it("finds a column type the down does not restore", async () => {
    const { messages } = await verifyFiles(roundTrip("ALTER TABLE t ALTER COLUMN a TYPE varchar(10);", "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);"), target());
    expect(messages[0]?.message).toContain('column "a" of "t" is character varying(20) instead of text');
  });

  it("finds nullability the down does not restore", async () => {
    const { messages } = await verifyFiles(roundTrip("ALTER TABLE t ALTER COLUMN b SET NOT NULL;", "COMMENT ON VIEW v IS NULL;"), target());
    expect(messages).toMatchObject([{ ruleId: "down-migration-mismatch", line: 1, column: 1 }]);
    expect(messages[0]?.message).toContain('column "b" of "t" is integer NOT NULL instead of integer');
  });

  it("finds an index the down leaves behind", async () => {
    const { messages } = await verifyFiles(roundTrip("CREATE INDEX t_b_idx ON t (b);", "COMMENT ON VIEW v IS NULL;"), target());
    expect(messages[0]?.message).toContain('index "t_b_idx" is still there');
  });

  it("finds a constraint the down recreates with another definition", async () => {
    const { messages } = await verifyFiles(
      roundTrip("ALTER TABLE t DROP CONSTRAINT t_b_check, ADD CONSTRAINT t_b_check CHECK (b > 1);", "ALTER TABLE t DROP CONSTRAINT t_b_check, ADD CONSTRAINT t_b_check CHECK (b >= 0);"),
      target(),
    );
    expect(messages[0]?.message).toContain('constraint "t_b_check" on "t" is CHECK (b >= 0) instead of CHECK (b > 0)');
  });

  it("finds an enum value the down cannot take back", async () => {
    const { messages } = await verifyFiles(roundTrip("ALTER TYPE mood ADD VALUE 'c';", "COMMENT ON VIEW v IS NULL;"), target());
    expect(messages[0]?.message).toContain("enum \"mood\" is ('a', 'b', 'c') instead of ('a', 'b')");
  });

  it("finds a function the down drops instead of restoring", async () => {
    const { messages } = await verifyFiles(roundTrip("CREATE OR REPLACE FUNCTION f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';", "DROP FUNCTION f(integer);"), target());
    expect(messages).toMatchObject([{ ruleId: "down-migration-mismatch", line: 1 }]);
    expect(messages[0]?.message).toContain('function "f"(integer) is missing');
  });

  it("finds a view definition the down does not restore", async () => {
    const { messages } = await verifyFiles(roundTrip("CREATE OR REPLACE VIEW v AS SELECT id, a FROM t;", "DROP VIEW v;\nCREATE VIEW v AS SELECT id, b FROM t;"), target());
    expect(messages).toMatchObject([{ ruleId: "down-migration-mismatch", line: 2, column: 1 }]);
    expect(messages[0]?.message).toContain('view "v"');
  });

  it("finds a table the down drops although it existed before the up", async () => {
    const { messages } = await verifyFiles(roundTrip("CREATE TABLE x (id int);", "DROP TABLE x;\nDROP VIEW v;"), target());
    expect(messages[0]?.message).toContain('view "v" is missing');
  });

  it("reports an up that fails when run again after its down, and goes on from the up's state", async () => {
    const files = [
      ...roundTrip("INSERT INTO t (id) VALUES (1);", "COMMENT ON VIEW v IS NULL;"),
      { path: "/m/000003_more.up.sql", sql: "ALTER TABLE t ADD COLUMN c integer;\n" },
    ];
    const { messages, histories } = await verifyFiles(files, target());
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", file: "/m/000002_change.up.sql", line: 1, column: 1 }]);
    expect(messages[0]?.message).toContain("when the up migration ran again after its down migration");
    expect(histories).toMatchObject([{ applied: 3, stoppedAt: undefined }]);
  });

  it("goes on after a mismatch that makes the up fail again, without a second finding", async () => {
    const files = [...roundTrip("CREATE INDEX t_b_idx ON t (b);", "COMMENT ON VIEW v IS NULL;"), { path: "/m/000003_more.up.sql", sql: "ALTER TABLE t ADD COLUMN c integer;\n" }];
    const { messages, histories } = await verifyFiles(files, target());
    expect(messages.map((m) => m.ruleId)).toEqual(["down-migration-mismatch"]);
    expect(histories).toMatchObject([{ applied: 3, mismatches: 1, stoppedAt: undefined }]);
  });

  it("round-trips only the last N migrations with last:N", async () => {
    const files = [
      { path: "/m/000001_a.up.sql", sql: "CREATE TABLE a (id int);\n" },
      { path: "/m/000001_a.down.sql", sql: "SELECT 1;\n" },
      { path: "/m/000002_b.up.sql", sql: "CREATE TABLE b (id int);\n" },
      { path: "/m/000002_b.down.sql", sql: "SELECT 1;\n" },
    ];
    const { messages, histories } = await verifyFiles(files, target(), { kind: "last", count: 1 });
    expect(messages.map((m) => [m.ruleId, m.file])).toEqual([["down-migration-mismatch", "/m/000002_b.down.sql"]]);
    expect(histories).toMatchObject([{ roundTrips: 1 }]);
  });

  it("creates the migration tool's own history table first, as the tool does", async () => {
    const { messages } = await verifyFiles(
      [
        { path: "/d/2024-01-01-000000_init/up.sql", sql: "COMMENT ON TABLE __diesel_schema_migrations IS 'managed by diesel';\n" },
        { path: "/d/2024-01-01-000000_init/down.sql", sql: "COMMENT ON TABLE __diesel_schema_migrations IS NULL;\n" },
      ],
      target(),
    );
    expect(messages).toEqual([]);
  });

  it("sql-migrate: creates gorp_migrations first, runs the Up sections in id order and round-trips each Down section", async () => {
    const { messages, histories } = await verifyFiles(
      [
        {
          path: "/s/1_users.sql",
          sql: "-- +migrate Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCOMMENT ON TABLE gorp_migrations IS 'sql-migrate';\n\n-- +migrate Down\nCOMMENT ON TABLE gorp_migrations IS NULL;\nDROP TABLE users;\n",
        },
        // 10 after 2: sql-migrate orders by the number the id starts with.
        { path: "/s/10_email_lower.sql", sql: "-- +migrate Up\nDROP INDEX users_email_idx;\nCREATE INDEX users_email_idx ON users (lower(email));\n\n-- +migrate Down\nDROP INDEX users_email_idx;\nCREATE INDEX users_email_idx ON users (email);\n" },
        // notransaction: CREATE INDEX CONCURRENTLY runs outside sql-migrate's transaction.
        { path: "/s/2_email.sql", sql: "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\n-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY users_email_idx;\n" },
      ],
      target(),
    );
    expect(messages).toEqual([]);
    expect(histories).toMatchObject([{ roundTrips: 3 }]);
  });

  it("gives Supabase migrations the platform's auth and storage schemas", async () => {
    const sql = [
      "CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE, name text);",
      "ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;",
      "CREATE POLICY own ON profiles USING (auth.uid() = id);",
      "INSERT INTO storage.buckets (id, name) VALUES ('avatars', 'avatars');",
    ].join("\n");
    const { messages } = await verifyFiles([{ path: "/p/supabase/migrations/20240101000000_profiles.sql", sql: `${sql}\n` }], target());
    expect(messages).toEqual([]);
  });

  it("loads an extension the migrations create", async () => {
    const { messages } = await verifyFiles(["CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE u (email citext NOT NULL);\n"], target());
    expect(messages).toEqual([]);
  });

  it("reports a syntax error and does not run the file", async () => {
    const { messages } = await verifyFiles(["CREATE TABLE a (id int);\n", "CREAT TABLE b (id int);\n"], target());
    expect(messages.map((m) => [m.ruleId, m.line, m.column]).sort()).toEqual([
      ["migration-apply-error", 1, 1],
      ["parse-error", 1, 1],
    ]);
  });
}
