import rule from "../../src/rules/no-destructive-change.js";
import { ruleTester } from "../helpers/rule-tester.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, note text, legacy_code text);";

const tokens = "CREATE TABLE tokens (id uuid PRIMARY KEY, secret text NOT NULL, hash varchar(64) GENERATED ALWAYS AS (md5(secret)) STORED);";

ruleTester(rule, {
  valid: [
    {
      name: "a plain {name}.down.sql is the down of its {name}.up.sql, not a forward migration (authelia)",
      code: [
        { path: "/a/V0001.Init.up.sql", sql: "CREATE TABLE users (id bigint PRIMARY KEY);" },
        { path: "/a/V0001.Init.down.sql", sql: "DROP TABLE users;" },
        { path: "/a/V0002.Email.up.sql", sql: "ALTER TABLE users ADD COLUMN email text;" },
        { path: "/a/V0002.Email.down.sql", sql: "ALTER TABLE users DROP COLUMN email;" },
      ],
    },
    {
      name: "a table rebuilt under its name: renamed away, every row and column copied into the new one, then dropped",
      code: [
        "CREATE TABLE jobs (id bigint PRIMARY KEY, state text NOT NULL);",
        "ALTER TABLE jobs RENAME TO jobs_old;\nCREATE TABLE jobs (id bigint PRIMARY KEY, state text NOT NULL, queue text NOT NULL DEFAULT 'default');\nINSERT INTO jobs (id, state) SELECT id, lower(state) FROM jobs_old;\nDROP TABLE jobs_old;",
      ],
    },
    {
      name: "a column rebuilt under its name: renamed away, added again, every value copied, then dropped",
      code: [tokens, "ALTER TABLE tokens RENAME COLUMN hash TO hash_old;\nALTER TABLE tokens ADD COLUMN hash varchar(64);\nUPDATE tokens SET hash = hash_old;\nALTER TABLE tokens DROP COLUMN hash_old;"],
    },
    {
      name: "a generated column: its expression computes every value again (fider's search column, dropped to change its expression)",
      code: [
        "CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL, search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED);",
        "ALTER TABLE posts DROP COLUMN search;\nALTER TABLE posts ADD search tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED;",
      ],
    },
    { name: "a column copy through a cast, qualified", code: [tokens, "ALTER TABLE tokens ADD COLUMN hash_text text;\nUPDATE public.tokens SET hash_text = tokens.hash::text, secret = secret;\nALTER TABLE tokens DROP COLUMN hash;"] },
    { name: "SELECT * copies every column", code: ["CREATE TABLE jobs (id bigint PRIMARY KEY, state text);", "CREATE TABLE jobs_v2 (id bigint PRIMARY KEY, state text);\nINSERT INTO jobs_v2 SELECT * FROM jobs;\nDROP TABLE jobs;"] },
    { name: "staging table created and dropped in the same migration", code: [orders, "CREATE TABLE orders_staging (id bigint);\nINSERT INTO orders SELECT id FROM orders_staging;\nDROP TABLE orders_staging;"] },
    { name: "temporary table created and dropped", code: [orders, "CREATE TEMP TABLE import_rows (id bigint);\nDROP TABLE import_rows;"] },
    { name: "temporary table shadowing an existing table", code: [orders, "CREATE TEMPORARY TABLE orders (id bigint);\nTRUNCATE orders;\nDELETE FROM orders;\nDROP TABLE orders;"] },
    { name: "SELECT INTO TEMP then DROP", code: [orders, "SELECT id INTO TEMP TABLE old_ids FROM orders;\nDROP TABLE old_ids;"] },
    { name: "CREATE TEMP TABLE AS then DROP", code: [orders, "CREATE TEMP TABLE old_ids AS SELECT id FROM orders;\nDROP TABLE pg_temp.old_ids;"] },
    { name: "column added and dropped in the same migration", code: [orders, "ALTER TABLE orders ADD COLUMN tmp integer;\nALTER TABLE orders DROP COLUMN tmp;"] },
    { name: "DROP COLUMN on a table created in the same migration", code: "CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;" },
    { name: "TRUNCATE and DELETE on a table created in the same migration", code: "CREATE TABLE t (a int);\nTRUNCATE t;\nDELETE FROM t;" },
    { name: "DELETE with WHERE", code: [orders, "DELETE FROM orders WHERE legacy_code IS NOT NULL;"] },
    { name: "UPDATE without WHERE is not a drop", code: [orders, "UPDATE orders SET note = NULL;"] },
    { name: "schema created and dropped in the same migration", code: "CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (a int);\nDROP SCHEMA scratch CASCADE;" },
    { name: "foreign tables keep their data on the remote server", code: ["CREATE FOREIGN TABLE remote_orders (id bigint) SERVER other;", "DROP TABLE remote_orders;\nDROP FOREIGN TABLE remote_orders;"] },
    { name: "DROP INDEX, DROP VIEW and DROP CONSTRAINT lose no data", code: [`${orders}\nCREATE INDEX orders_note_idx ON orders (note);\nCREATE VIEW v AS SELECT id FROM orders;`, "DROP INDEX orders_note_idx;\nDROP VIEW v;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;"] },
    { name: "down migration is not checked", code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000001_init.down.sql", sql: "DROP TABLE orders;" }] },
    {
      name: "a pg_dump --clean --if-exists dump: its DROPs find nothing on the fresh database it is restored into",
      code: [{ path: "/app/db/structure.sql", sql: "--\n-- PostgreSQL database dump\n--\nDROP TABLE IF EXISTS public.items;\nDROP SCHEMA IF EXISTS app;\nALTER TABLE IF EXISTS ONLY public.orders DROP COLUMN IF EXISTS note;\nCREATE TABLE public.items (id bigint NOT NULL);" }],
    },
    { name: "disabled inline with a reason", code: [orders, "-- schemalint-disable-next-line no-destructive-change -- replaced by invoices in v2\nDROP TABLE orders;"] },
  ],
  invalid: [
    {
      name: "a copy into a narrower column, or through a narrowing cast, keeps only part of each value",
      code: [
        "CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, code text NOT NULL);",
        "ALTER TABLE events ADD COLUMN happened_on date;\nUPDATE events SET happened_on = happened_at;\nALTER TABLE events ADD COLUMN short_code varchar(4);\nUPDATE events SET short_code = code::varchar(4);\nALTER TABLE events DROP COLUMN happened_at, DROP COLUMN code;",
      ],
      errors: [
        { messageId: "dropColumn", file: 2, line: 5, column: 20, endLine: 5, endColumn: 43, message: '"happened_at"' },
        { messageId: "dropColumn", file: 2, line: 5, column: 45, endLine: 5, endColumn: 61, message: '"code"' },
      ],
    },
    {
      name: "a rebuild that leaves a column behind says which values are lost",
      code: [
        "CREATE TABLE river_migration (id bigint PRIMARY KEY, version bigint NOT NULL);",
        "ALTER TABLE river_migration RENAME TO river_migration_old;\nCREATE TABLE river_migration (line text NOT NULL, version bigint NOT NULL, PRIMARY KEY (line, version));\nINSERT INTO river_migration (line, version) SELECT 'main', version FROM river_migration_old;\nDROP TABLE river_migration_old;",
      ],
      errors: [
        {
          messageId: "dropTableCopied",
          file: 2,
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 31,
          message: 'DROP TABLE deletes "river_migration_old": this migration copied its rows into "river_migration", but not column "id", whose values no down migration can bring back.',
        },
      ],
    },
    {
      name: "a copy of some rows (WHERE) does not save the table",
      code: ["CREATE TABLE jobs (id bigint PRIMARY KEY, state text);", "CREATE TABLE jobs_v2 (id bigint PRIMARY KEY, state text);\nINSERT INTO jobs_v2 SELECT * FROM jobs WHERE state <> 'done';\nDROP TABLE jobs;"],
      errors: [{ messageId: "dropTable", file: 2, line: 3, column: 12, endLine: 3, endColumn: 16 }],
    },
    {
      name: "a column copy of some rows, of part of each value, from another migration, or into a column dropped with it does not save it",
      code: [
        "CREATE TABLE tokens (id uuid PRIMARY KEY, secret text NOT NULL, hash varchar(64) NOT NULL);",
        "ALTER TABLE tokens ADD COLUMN a text, ADD COLUMN b text, ADD COLUMN c text, ADD COLUMN d text;\nUPDATE tokens SET a = secret WHERE id IS NOT NULL;\nUPDATE tokens SET b = left(hash, 8);\nUPDATE tokens SET c = id::text;",
        "ALTER TABLE tokens DROP COLUMN id;\nALTER TABLE tokens DROP COLUMN secret;\nALTER TABLE tokens DROP COLUMN hash;",
        "UPDATE tokens SET d = secret;\nALTER TABLE tokens DROP COLUMN d, DROP COLUMN secret;",
      ],
      errors: [
        { messageId: "dropColumn", file: 3, line: 1, column: 20, endLine: 1, endColumn: 34, message: 'DROP COLUMN deletes "id" of "tokens"' },
        { messageId: "dropColumn", file: 3, line: 2, column: 20, endLine: 2, endColumn: 38, message: '"secret"' },
        { messageId: "dropColumn", file: 3, line: 3, column: 20, endLine: 3, endColumn: 36, message: '"hash"' },
        { messageId: "dropColumn", file: 4, line: 2, column: 20, endLine: 2, endColumn: 33, message: '"d"' },
        { messageId: "dropColumn", file: 4, line: 2, column: 35, endLine: 2, endColumn: 53, message: '"secret"' },
      ],
    },
    {
      name: "a generated column made plain by DROP EXPRESSION holds data of its own",
      code: [
        "CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL, search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED);",
        "ALTER TABLE posts ALTER COLUMN search DROP EXPRESSION;",
        "ALTER TABLE posts DROP COLUMN search;",
      ],
      errors: [{ messageId: "dropColumn", file: 3, line: 1, column: 19, endLine: 1, endColumn: 37, message: '"search"' }],
    },
    {
      name: "a copy made by an earlier migration does not count",
      code: ["CREATE TABLE jobs (id bigint PRIMARY KEY, state text);\nCREATE TABLE jobs_v2 (id bigint PRIMARY KEY, state text);\nINSERT INTO jobs_v2 SELECT * FROM jobs;", "DROP TABLE jobs;"],
      errors: [{ messageId: "dropTable", file: 2, line: 1, column: 12, endLine: 1, endColumn: 16 }],
    },
    {
      name: "DROP ... IF EXISTS of what an earlier migration dropped is a no-op: only the first drops are reported",
      code: [
        `${orders}\nCREATE TABLE legacy (id bigint);\nCREATE SCHEMA archive;\nCREATE TABLE archive.old (id bigint);`,
        "DROP TABLE legacy;\nDROP SCHEMA archive CASCADE;",
        "DROP TABLE IF EXISTS legacy;\nDROP TABLE IF EXISTS archive.old;\nALTER TABLE orders DROP COLUMN IF EXISTS nickname;",
      ],
      errors: [
        { messageId: "dropTable", file: 2, line: 1, column: 12, endLine: 1, endColumn: 18 },
        { messageId: "dropSchemaCascade", file: 2, line: 2, column: 13, endLine: 2, endColumn: 20 },
      ],
    },
    {
      name: "DROP TABLE of a table created by an earlier migration",
      code: [orders, "DROP TABLE orders;"],
      errors: [{ messageId: "dropTable", file: 2, line: 1, column: 12, endLine: 1, endColumn: 18, message: 'DROP TABLE deletes "orders" with all its rows' }],
    },
    {
      name: "one finding per dropped table",
      code: [`${orders}\nCREATE TABLE customers (id bigint);`, "DROP TABLE orders, customers CASCADE;"],
      errors: [
        { messageId: "dropTable", file: 2, line: 1, column: 12, endLine: 1, endColumn: 18, message: '"orders"' },
        { messageId: "dropTable", file: 2, line: 1, column: 20, endLine: 1, endColumn: 29, message: '"customers"' },
      ],
    },
    {
      name: "DROP TABLE IF EXISTS of a table the history never created",
      code: "DROP TABLE IF EXISTS app.audit_log;",
      errors: [{ messageId: "dropTable", line: 1, column: 22, endLine: 1, endColumn: 35, message: '"app"."audit_log"' }],
    },
    {
      name: "a table renamed in this migration still holds old data",
      code: [orders, "ALTER TABLE orders RENAME TO old_orders;\nDROP TABLE old_orders;"],
      errors: [{ messageId: "dropTable", file: 2, line: 2, column: 12, endLine: 2, endColumn: 22, message: '"old_orders"' }],
    },
    {
      name: "only the existing table of a mixed DROP",
      code: [orders, "CREATE TABLE tmp (id int);\nDROP TABLE tmp, orders;"],
      errors: [{ messageId: "dropTable", file: 2, line: 2, column: 17, endLine: 2, endColumn: 23, message: '"orders"' }],
    },
    {
      name: "DROP COLUMN, one finding per column",
      code: [orders, "ALTER TABLE orders\n  DROP COLUMN note,\n  DROP COLUMN IF EXISTS legacy_code;"],
      errors: [
        { messageId: "dropColumn", file: 2, line: 2, column: 3, endLine: 2, endColumn: 19, message: 'DROP COLUMN deletes "note" of "orders"' },
        { messageId: "dropColumn", file: 2, line: 3, column: 3, endLine: 3, endColumn: 36, message: '"legacy_code" of "orders"' },
      ],
    },
    {
      name: "DROP COLUMN of an unknown column of an unknown table",
      code: "ALTER TABLE users DROP COLUMN password_hash;",
      errors: [{ messageId: "dropColumn", line: 1, column: 19, endLine: 1, endColumn: 44 }],
    },
    {
      name: "DROP SCHEMA CASCADE",
      code: ["CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id bigint);", "DROP SCHEMA billing CASCADE;"],
      errors: [{ messageId: "dropSchemaCascade", file: 2, line: 1, column: 13, endLine: 1, endColumn: 20, message: 'schema "billing" with every table' }],
    },
    {
      name: "DROP SCHEMA without CASCADE, public never created by the history",
      code: "DROP SCHEMA public;",
      errors: [{ messageId: "dropSchema", line: 1, column: 13, endLine: 1, endColumn: 19 }],
    },
    {
      name: "DROP DATABASE",
      code: "DROP DATABASE IF EXISTS analytics;",
      errors: [{ messageId: "dropDatabase", line: 1, column: 1, endLine: 1, endColumn: 34, message: 'database "analytics"' }],
    },
    {
      name: "TRUNCATE under a search_path naming pg_catalog after a schema the history never created",
      code: ["SET search_path = app;\nCREATE TABLE sessions (id bigint);", "SET search_path = app, pg_catalog;\nTRUNCATE TABLE sessions;"],
      errors: [{ messageId: "truncate", file: 2, line: 2, column: 16, endLine: 2, endColumn: 24, message: 'TRUNCATE deletes every row of "app"."sessions"' }],
    },
    {
      name: "TRUNCATE points at each table",
      code: [`${orders}\nCREATE TABLE customers (id bigint);`, "TRUNCATE orders, customers;"],
      errors: [
        { messageId: "truncate", file: 2, line: 1, column: 10, endLine: 1, endColumn: 16, message: 'TRUNCATE deletes every row of "orders"' },
        { messageId: "truncate", file: 2, line: 1, column: 18, endLine: 1, endColumn: 27, message: '"customers"' },
      ],
    },
    {
      name: "DELETE without WHERE",
      code: [orders, "DELETE FROM orders;"],
      errors: [{ messageId: "deleteAll", file: 2, line: 1, column: 1, endLine: 1, endColumn: 19, message: 'DELETE without WHERE deletes every row of "orders"' }],
    },
    {
      name: "golang-migrate up file",
      code: [{ path: "/m/000001_init.up.sql", sql: orders }, { path: "/m/000002_drop.up.sql", sql: "DROP TABLE orders;" }, { path: "/m/000002_drop.down.sql", sql: orders }],
      errors: [{ messageId: "dropTable", file: 2, line: 1, column: 12, endLine: 1, endColumn: 18 }],
    },
    {
      name: "a directive for another rule does not suppress",
      code: [orders, "-- schemalint-disable-next-line no-rename -- wrong rule\nDROP TABLE orders;"],
      errors: [{ messageId: "dropTable", file: 2, line: 2, column: 12, endLine: 2, endColumn: 18 }],
    },
  ],
});
