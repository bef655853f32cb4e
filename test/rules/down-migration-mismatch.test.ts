import rule from "../../src/rules/down-migration-mismatch.js";
import { ruleTester } from "../helpers/rule-tester.js";

const base = { path: "/m/000001_users.up.sql", sql: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE INDEX idx_users_email ON users (email);" };
const baseDown = { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;" };
const up = (sql: string) => ({ path: "/m/000002_change.up.sql", sql });
const down = (sql: string) => ({ path: "/m/000002_change.down.sql", sql });
const functions = `CREATE FUNCTION reverse_sort(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 1::bigint';
CREATE FUNCTION hot_rank(score numeric, published timestamptz) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';`;

ruleTester(rule, {
  valid: [
    {
      name: "REFERENCES p means p's primary key",
      code: [
        { path: "/m/000001_p.up.sql", sql: "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, p_id int, CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p);" },
        { path: "/m/000001_p.down.sql", sql: "DROP TABLE c;\nDROP TABLE p;" },
        up("ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;"),
        down("ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id);"),
      ],
    },
    {
      name: "functions dropped by the down, overloads apart",
      code: [
        base,
        baseDown,
        up("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\nCREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';"),
        down("DROP FUNCTION f();\nDROP FUNCTION IF EXISTS f(integer);\nDROP PROCEDURE p;"),
      ],
    },
    { name: "drops what the up created (indexes go with the table)", code: [base, baseDown] },
    ...[
      // A down written from pg_dump's output: PostgreSQL stores both spellings of each index the same
      // (pg_get_indexdef on PostgreSQL 18 prints the same definition).
      ["the implicit varchar to text cast written out", "lower(name)", "lower((name)::text)"],
      ["a function qualified with the schema the search path finds it in", "reverse_sort(published) DESC", "public.reverse_sort(published) DESC"],
      ["the implicit integer to numeric cast of a routine's argument written out", "hot_rank(score, published)", "hot_rank((score)::numeric, published)"],
      ["a cast to the column's own type", "abs(score)", "abs(score::int4)"],
    ].map(([name, before, after]) => ({
      name: `expression index recreated by the down: ${name ?? ""}`,
      code: [
        { path: "/m/000001_c.up.sql", sql: `${functions}\nCREATE TABLE community (id bigint PRIMARY KEY, name varchar(255) NOT NULL, score int NOT NULL, published timestamptz NOT NULL);\nCREATE INDEX idx ON community (${before ?? ""});` },
        { path: "/m/000001_c.down.sql", sql: "DROP TABLE community;\nDROP FUNCTION reverse_sort;\nDROP FUNCTION hot_rank;" },
        up("DROP INDEX idx;"),
        down(`CREATE INDEX idx ON community USING btree (${after ?? ""});`),
      ],
    })),
    { name: "column added and dropped", code: [base, baseDown, up("ALTER TABLE users ADD COLUMN name text;"), down("ALTER TABLE users DROP COLUMN name;")] },
    { name: "index created and dropped", code: [base, baseDown, up("CREATE INDEX CONCURRENTLY idx_users_id_email ON users (id, email);"), down("DROP INDEX CONCURRENTLY idx_users_id_email;")] },
    { name: "NOT NULL set and dropped", code: [base, baseDown, up("ALTER TABLE users ADD COLUMN name text;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;"), down("ALTER TABLE users DROP COLUMN name;")] },
    { name: "rename reversed", code: [base, baseDown, up("ALTER TABLE users RENAME COLUMN email TO mail;"), down("ALTER TABLE users RENAME COLUMN mail TO email;")] },
    {
      name: "an expression index follows a column renamed away and back while a new column takes the name",
      code: [
        base,
        baseDown,
        up("CREATE INDEX idx_users_lower_email ON users (lower(email)) WHERE email <> '';"),
        down("DROP INDEX idx_users_lower_email;"),
        { path: "/m/000003_change.up.sql", sql: "ALTER TABLE users RENAME COLUMN email TO old_email;\nALTER TABLE users ADD COLUMN email text;" },
        { path: "/m/000003_change.down.sql", sql: "ALTER TABLE users DROP COLUMN email;\nALTER TABLE users RENAME COLUMN old_email TO email;" },
      ],
    },
    {
      name: "a CREATE TABLE AS table dropped and recreated with the columns its select list gave",
      code: [
        base,
        baseDown,
        up("CREATE TABLE inbox AS SELECT id AS user_id, email FROM users;"),
        down("DROP TABLE inbox;"),
        { path: "/m/000003_change.up.sql", sql: "DROP TABLE inbox;" },
        { path: "/m/000003_change.down.sql", sql: "CREATE TABLE inbox (user_id bigint, email text);" },
      ],
    },
    {
      name: "the columns of a CREATE TABLE AS table the model cannot know are not compared",
      code: [
        base,
        baseDown,
        up("CREATE TABLE counts AS SELECT count(*) AS n FROM users;"),
        down("DROP TABLE counts;"),
        { path: "/m/000003_change.up.sql", sql: "DROP TABLE counts;" },
        { path: "/m/000003_change.down.sql", sql: "CREATE TABLE counts (n bigint);" },
      ],
    },
    {
      name: "a sequence OWNED BY a column the down drops goes with its table",
      code: [
        base,
        baseDown,
        up("CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE SEQUENCE items_id_seq AS bigint OWNED BY items.id;\nALTER TABLE items ALTER COLUMN id SET DEFAULT nextval('items_id_seq');"),
        down("DROP TABLE items;"),
      ],
    },
    {
      name: "serial and identity sequences go with their column and come back with it",
      code: [
        base,
        baseDown,
        up("ALTER TABLE users ADD COLUMN k bigserial, ADD COLUMN m int GENERATED ALWAYS AS IDENTITY;"),
        down("ALTER TABLE users DROP COLUMN k, DROP COLUMN m;"),
        { path: "/m/000003_change.up.sql", sql: "ALTER TABLE users ADD COLUMN n serial;" },
        { path: "/m/000003_change.down.sql", sql: "ALTER TABLE users DROP COLUMN n;" },
        { path: "/m/000004_change.up.sql", sql: "ALTER TABLE users DROP COLUMN n;" },
        { path: "/m/000004_change.down.sql", sql: "ALTER TABLE users ADD COLUMN n serial;" },
      ],
    },
    {
      name: "DROP VIEW ... CASCADE in the down drops the views that read the view, with their indexes",
      code: [
        base,
        baseDown,
        up("CREATE VIEW user_view AS SELECT id, email FROM users;\nCREATE MATERIALIZED VIEW user_mview AS SELECT * FROM user_view;\nCREATE UNIQUE INDEX idx_user_mview_id ON user_mview (id);"),
        down("DROP VIEW user_view CASCADE;"),
      ],
    },
    { name: "type change reversed", code: [base, baseDown, up("ALTER TABLE users ALTER COLUMN email TYPE varchar(320);"), down("ALTER TABLE users ALTER COLUMN email TYPE text;")] },
    { name: "dropped column recreated", code: [base, baseDown, up("ALTER TABLE users DROP COLUMN email;"), down("ALTER TABLE users ADD COLUMN email text NOT NULL;\nCREATE INDEX idx_users_email ON users (email);")] },
    { name: "empty down: require-down-migration's finding", code: [base, baseDown, up("ALTER TABLE users ADD COLUMN name text;"), down("-- irreversible\n")] },
    { name: "no down at all", code: [base, baseDown, up("ALTER TABLE users ADD COLUMN name text;")] },
    { name: "dbmate sections that match", code: { path: "/db/20240101000000_users.sql", sql: "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE users;\n" } },
  ],
  invalid: [
    {
      name: "an expression index recreated with a cast PostgreSQL does not insert itself",
      code: [
        { path: "/m/000001_c.up.sql", sql: `${functions}\nCREATE TABLE community (id bigint PRIMARY KEY, name varchar(255) NOT NULL, score int NOT NULL, published timestamptz NOT NULL);\nCREATE INDEX idx ON community (lower(name), hot_rank(score, published));` },
        { path: "/m/000001_c.down.sql", sql: "DROP TABLE community;\nDROP FUNCTION reverse_sort;\nDROP FUNCTION hot_rank;" },
        up("DROP INDEX idx;"),
        down("CREATE INDEX idx ON community (lower(name::varchar), hot_rank(score::smallint, published));"),
      ],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 92, message: 'index "idx" is ON "community" USING btree (lower(name::character varying), hot_rank(score::smallint, published)) instead of ON "community" USING btree (lower(name), hot_rank(score, published)).' }],
    },
    {
      name: "plain {name}.up.sql / {name}.down.sql pairs (authelia): the down is checked against its up",
      code: [
        { path: "/a/V0001.Init.up.sql", sql: "CREATE TABLE users (id bigint PRIMARY KEY);" },
        { path: "/a/V0001.Init.down.sql", sql: "DROP TABLE users;" },
        { path: "/a/V0002.Email.up.sql", sql: "ALTER TABLE users ADD COLUMN email text;" },
        { path: "/a/V0002.Email.down.sql", sql: "SELECT 1;" },
      ],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'The down migration of "V0002.Email" does not restore' }],
    },
    {
      name: "the example app's 000011: the down forgets an index on an existing table",
      code: [base, baseDown, up("CREATE TABLE sessions (id bigint PRIMARY KEY);\nCREATE INDEX idx_users_id ON users (id);"), down("-- Drops the sessions table.\nDROP TABLE sessions;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 29, message: 'The down migration of "000002" does not restore the schema the up migration started from: index "idx_users_id" is still there.' }],
    },
    {
      name: "a table left behind is named once, not per column",
      code: [base, baseDown, up("CREATE TABLE a (id bigint PRIMARY KEY, x int UNIQUE);\nCREATE TABLE b (id bigint PRIMARY KEY);"), down("DROP TABLE b;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 14, message: ': table "a" is still there.' }],
    },
    {
      name: "a dropped column the down does not recreate",
      code: [base, baseDown, up("ALTER TABLE users DROP COLUMN email;"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'column "email" of "users" is missing; index "idx_users_email" is missing' }],
    },
    {
      name: "an expression index key is shown as its SQL, with its operator class",
      code: [base, baseDown, up("DROP INDEX idx_users_email;\nCREATE INDEX idx_users_email ON users (lower(email) text_pattern_ops, (email || '@') DESC);"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: `index "idx_users_email" is ON "users" USING btree (lower(email) text_pattern_ops, (email || '@') DESC) instead of ON "users" USING btree (email).` }],
    },
    {
      name: "an index recreated with another expression differs",
      code: [
        base,
        baseDown,
        up("CREATE INDEX idx_users_lower_email ON users (lower(email));"),
        down("DROP INDEX idx_users_lower_email;"),
        { path: "/m/000003_change.up.sql", sql: "DROP INDEX idx_users_lower_email;\nCREATE INDEX idx_users_lower_email ON users (upper(email));" },
        { path: "/m/000003_change.down.sql", sql: "DROP INDEX idx_users_lower_email;\nCREATE INDEX idx_users_lower_email ON users (btrim(email));" },
      ],
      errors: [{ messageId: "mismatch", file: 6, line: 1, column: 1, endLine: 1, endColumn: 34, message: 'index "idx_users_lower_email" is ON "users" USING btree (btrim(email)) instead of ON "users" USING btree (lower(email)).' }],
    },
    {
      name: "a serial column's sequence recreated by the down without OWNED BY",
      code: [
        base,
        baseDown,
        up("ALTER TABLE users ADD COLUMN n serial;"),
        down("ALTER TABLE users DROP COLUMN n;"),
        { path: "/m/000003_change.up.sql", sql: "ALTER TABLE users DROP COLUMN n;" },
        { path: "/m/000003_change.down.sql", sql: "CREATE SEQUENCE users_n_seq;\nALTER TABLE users ADD COLUMN n serial;" },
      ],
      errors: [{ messageId: "mismatch", file: 6, line: 1, column: 1, endLine: 1, endColumn: 29, message: 'sequence "users_n_seq" is OWNED BY NONE instead of OWNED BY "users"."n"; sequence "users_n_seq1" is still there.' }],
    },
    {
      name: "a primary key made from an index the migrations do not show",
      code: [base, baseDown, up("ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'constraint "users_pkey" on "users" is PRIMARY KEY USING INDEX "users_id_idx" instead of PRIMARY KEY (id).' }],
    },
    {
      name: "NOT NULL not dropped again",
      code: [base, baseDown, up("ALTER TABLE users ALTER COLUMN email TYPE varchar(320);"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'column "email" of "users" is character varying(320) NOT NULL instead of text NOT NULL' }],
    },
    {
      name: "rename not reversed",
      code: [base, baseDown, up("ALTER TABLE users RENAME TO accounts;"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'table "users" is missing; table "accounts" is still there' }],
    },
    {
      name: "enum value added: PostgreSQL cannot drop it",
      code: [{ path: "/m/000001_t.up.sql", sql: "CREATE TYPE status AS ENUM ('a');" }, { path: "/m/000001_t.down.sql", sql: "DROP TYPE status;" }, up("ALTER TYPE status ADD VALUE 'b';"), down("SELECT 1;")],
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: "enum value 'b' of \"status\" is still there" }],
    },
    {
      name: "dbmate: reported at the down marker",
      code: { path: "/db/20240101000000_users.sql", sql: "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE posts;\n" },
      errors: [{ messageId: "mismatch", line: 5, column: 1, endLine: 5, endColumn: 16, message: 'table "users" is still there' }],
    },
    {
      name: "long lists are summarised",
      code: [base, baseDown, up("CREATE TABLE a1 (id int);\nCREATE TABLE a2 (id int);\nCREATE TABLE a3 (id int);"), down("SELECT 1;")],
      options: { maxListed: 2 },
      errors: [{ messageId: "mismatch", file: 4, line: 1, column: 1, endLine: 1, endColumn: 10, message: 'table "a1" is still there; table "a2" is still there; and 1 more.' }],
    },
  ],
});
