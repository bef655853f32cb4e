import rule from "../../src/rules/require-primary-key.js";
import { ruleTester } from "../helpers/rule-tester.js";

const partitioned = "CREATE TABLE m (id bigint, d date) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";

ruleTester(rule, {
  valid: [
    { name: "inline primary key", code: "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);" },
    { name: "composite primary key as a table constraint", code: "CREATE TABLE product_tags (product_id bigint, tag_id bigint, PRIMARY KEY (product_id, tag_id));" },
    { name: "named table constraint", code: "CREATE TABLE t (id uuid NOT NULL, CONSTRAINT t_pk PRIMARY KEY (id));" },
    { name: "primary key added by ALTER TABLE in a later file", code: ["CREATE TABLE t (id bigint NOT NULL);", "ALTER TABLE t ADD PRIMARY KEY (id);"] },
    {
      name: "pg_dump style: PRIMARY KEY USING INDEX after the data",
      code: "CREATE TABLE public.t (id bigint NOT NULL);\nCREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);\nALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;",
    },
    { name: "pg_dump style: ADD CONSTRAINT ... PRIMARY KEY", code: "CREATE TABLE public.t (id bigint NOT NULL);\nALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);" },
    { name: "views and materialized views are not tables", code: "CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE VIEW v AS SELECT id FROM t;\nCREATE MATERIALIZED VIEW mv AS SELECT id FROM t;" },
    { name: "partition of a parent with a primary key", code: "CREATE TABLE m (id bigint, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    {
      name: "table attached as a partition of a parent with a primary key in a later file",
      code: ["CREATE TABLE m (id bigint, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 (id bigint NOT NULL, d date NOT NULL);", "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"],
    },
    { name: "partition of a parent outside the linted files", code: "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    { name: "partitioned by an expression, where no primary key is possible", code: "CREATE TABLE logs (logged_at timestamptz, message text) PARTITION BY RANGE ((logged_at::date));" },
    { name: "foreign table", code: "CREATE FOREIGN TABLE remote_users (id bigint, name text) SERVER remote;" },
    { name: "CREATE TABLE AS given a primary key later", code: ["CREATE TABLE report AS SELECT 1 AS id;", "ALTER TABLE report ADD PRIMARY KEY (id);"] },
    { name: "table dropped later", code: ["CREATE TABLE scratch (x int);", "DROP TABLE scratch;"] },
    { name: "LIKE ... INCLUDING ALL copies the primary key", code: "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (LIKE a INCLUDING ALL);" },
    { name: "LIKE ... INCLUDING INDEXES of a table outside the linted files", code: "CREATE TABLE b (LIKE a INCLUDING INDEXES);" },
    { name: "temporary tables disappear with the session", code: "CREATE TEMP TABLE staging (a int);\nCREATE TEMPORARY TABLE staging2 AS SELECT 1 AS a;" },
    { name: "non-public schema with a primary key", code: "CREATE SCHEMA audit;\nSET search_path = audit;\nCREATE TABLE log (id bigint PRIMARY KEY);" },
    { name: "primary key dropped and added back by a later migration", code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, x int);", "ALTER TABLE t DROP CONSTRAINT t_pkey;", "ALTER TABLE t ADD PRIMARY KEY (id);"] },
    { name: "primary key replaced in the same ALTER TABLE", code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, x int NOT NULL);", "ALTER TABLE t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (id, x);"] },
    {
      name: "primary key replaced by one built concurrently (USING INDEX)",
      code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, x int NOT NULL);", "CREATE UNIQUE INDEX CONCURRENTLY t_new ON t (id, x);\nALTER TABLE t DROP CONSTRAINT t_pkey, ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_new;"],
    },
    // PostgreSQL refuses to drop the index of a constraint ("cannot drop index t_pkey because constraint
    // t_pkey on table t requires it", also with CASCADE): the key stays.
    { name: "DROP INDEX of the primary key's index does not drop the key", code: ["CREATE TABLE t (id bigint PRIMARY KEY);", "DROP INDEX t_pkey;"] },
  ],
  invalid: [
    {
      name: "no primary key: identity column example",
      code: "CREATE TABLE audit_events (\n  occurred_at timestamptz NOT NULL,\n  action text\n);",
      errors: [{
        messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 4, endColumn: 2,
        message: 'Table "audit_events" has no primary key: nothing stops duplicate rows',
        suggestion: "ALTER TABLE audit_events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;",
      }],
    },
    {
      name: "an id column and a unique constraint on a nullable column: no unique key that identifies rows",
      code: "CREATE TABLE t (id bigint NOT NULL, code text UNIQUE);",
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 54, suggestion: "ALTER TABLE t ADD PRIMARY KEY (id);" }],
    },
    {
      name: "NOT NULL UNIQUE column: the unique key could be the primary key",
      code: "CREATE TABLE settings (\n  key text NOT NULL UNIQUE,\n  value jsonb NOT NULL\n);",
      errors: [{
        messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 4, endColumn: 2,
        message: 'Table "settings" has no primary key, but its NOT NULL unique key "settings_key_key" ("key") could be one: without the PRIMARY KEY declaration, UPDATE and DELETE on the table fail once a publication that publishes them includes it',
        suggestion: "ALTER TABLE settings ADD PRIMARY KEY (key);",
      }],
    },
    {
      name: "an id column and a NOT NULL unique constraint: the unique key is the candidate",
      code: "CREATE TABLE t (id bigint NOT NULL, code text NOT NULL UNIQUE);",
      errors: [{ messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 63, suggestion: "ALTER TABLE t ADD PRIMARY KEY (code);" }],
    },
    {
      name: "unique constraint whose columns are made NOT NULL by a later migration",
      code: ["CREATE TABLE user_roles (user_id bigint, role_id int, UNIQUE (user_id, role_id));", "ALTER TABLE user_roles ALTER COLUMN user_id SET NOT NULL, ALTER COLUMN role_id SET NOT NULL;"],
      errors: [{ messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 81, message: 'unique key "user_roles_user_id_role_id_key" ("user_id", "role_id")', suggestion: "ALTER TABLE user_roles ADD PRIMARY KEY (user_id, role_id);" }],
    },
    {
      name: "unique index on NOT NULL columns: promoted with USING INDEX, preferred to a UNIQUE constraint",
      code: "CREATE TABLE t (a int NOT NULL UNIQUE, b text NOT NULL);\nCREATE UNIQUE INDEX t_b_idx ON t (b);",
      errors: [{ messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 56, message: 'unique key "t_b_idx" ("b")', suggestion: "ALTER TABLE t ADD PRIMARY KEY USING INDEX t_b_idx;" }],
    },
    {
      name: "unique index in descending order cannot be promoted: the key is declared on its columns",
      code: "CREATE TABLE t (b text NOT NULL);\nCREATE UNIQUE INDEX t_b_idx ON t (b DESC);",
      errors: [{ messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 33, suggestion: "ALTER TABLE t ADD PRIMARY KEY (b);" }],
    },
    {
      name: "unique indexes USING INDEX refuses (NULLS NOT DISTINCT, NULLS FIRST, COLLATE): the key is declared on the columns",
      code: "CREATE TABLE t (a int NOT NULL);\nCREATE UNIQUE INDEX t_a_idx ON t (a) NULLS NOT DISTINCT;\nCREATE TABLE u (a int NOT NULL);\nCREATE UNIQUE INDEX u_a_idx ON u (a NULLS FIRST);\nCREATE TABLE v (a text NOT NULL);\nCREATE UNIQUE INDEX v_a_idx ON v (a COLLATE \"C\");",
      errors: [
        { messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 32, suggestion: "ALTER TABLE t ADD PRIMARY KEY (a);" },
        { messageId: "uniqueKeyNotPrimary", line: 3, column: 14, endLine: 3, endColumn: 32, suggestion: "ALTER TABLE u ADD PRIMARY KEY (a);" },
        { messageId: "uniqueKeyNotPrimary", line: 5, column: 14, endLine: 5, endColumn: 33, suggestion: "ALTER TABLE v ADD PRIMARY KEY (a);" },
      ],
    },
    {
      name: "partitioned table: USING INDEX is not supported, the key is declared on the columns",
      code: "CREATE TABLE m (code text NOT NULL, d date NOT NULL) PARTITION BY RANGE (d);\nCREATE UNIQUE INDEX m_code_d_idx ON m (code, d);",
      errors: [{ messageId: "uniqueKeyNotPrimary", line: 1, column: 14, endLine: 1, endColumn: 76, suggestion: "ALTER TABLE m ADD PRIMARY KEY (code, d);" }],
    },
    {
      name: "partial or expression unique indexes do not identify rows",
      code: "CREATE TABLE t (a int NOT NULL, b text NOT NULL);\nCREATE UNIQUE INDEX t_a_idx ON t (a) WHERE a > 0;\nCREATE UNIQUE INDEX t_b_idx ON t (lower(b));",
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 49 }],
    },
    {
      name: "primary key dropped in a later file: reported at that ALTER TABLE",
      code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, x int);", "-- no key from now on\nALTER TABLE t DROP CONSTRAINT t_pkey;"],
      errors: [{
        messageId: "droppedPrimaryKey", file: 2, line: 2, column: 1, endLine: 2, endColumn: 37,
        message: 'This ALTER TABLE removes the primary key of "t", and no later statement adds one back: nothing stops duplicate rows from then on',
        suggestion: "ALTER TABLE t ADD PRIMARY KEY (id);",
      }],
    },
    {
      name: "DROP COLUMN of a primary key column drops the key",
      code: ["CREATE TABLE t (tenant_id bigint, n int, x int, PRIMARY KEY (tenant_id, n));", "ALTER TABLE t DROP COLUMN n;"],
      errors: [{ messageId: "droppedPrimaryKey", file: 2, line: 1, column: 1, endLine: 1, endColumn: 28 }],
    },
    {
      name: "primary key dropped, added back and dropped again: reported at the last drop",
      code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY);", "ALTER TABLE t DROP CONSTRAINT t_pkey;", "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);", "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_pkey;"],
      errors: [{ messageId: "droppedPrimaryKey", file: 4, line: 1, column: 1, endLine: 1, endColumn: 47 }],
    },
    {
      name: "primary key dropped where a NOT NULL unique key remains",
      code: ["CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, code text NOT NULL UNIQUE);", "ALTER TABLE t DROP CONSTRAINT t_pkey;"],
      errors: [{
        messageId: "droppedPrimaryKeyUniqueKey", file: 2, line: 1, column: 1, endLine: 1, endColumn: 37,
        message: 'This ALTER TABLE removes the primary key of "t", and no later statement adds one back; its NOT NULL unique key "t_code_key" ("code") still identifies rows',
        suggestion: "ALTER TABLE t ADD PRIMARY KEY (code);",
      }],
    },
    {
      name: "CREATE TABLE AS never creates a primary key",
      code: "CREATE TABLE report AS SELECT 1 AS n;",
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 37 }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA audit;\nCREATE TABLE audit.log (logged_at timestamptz);",
      errors: [{
        messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 47,
        message: 'Table "audit"."log" has no primary key',
        suggestion: "ALTER TABLE audit.log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;",
      }],
    },
    {
      name: "partitioned parent without a primary key: reported once, on the parent, with the partition key",
      code: partitioned,
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 58, suggestion: "ALTER TABLE m ADD PRIMARY KEY (id, d);" }],
    },
    {
      name: "partitioned table without id before PostgreSQL 17: bigserial",
      code: "CREATE TABLE events (created timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (created);",
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 95, suggestion: "ALTER TABLE events ADD COLUMN id bigserial, ADD PRIMARY KEY (id, created);" }],
    },
    {
      name: "partitioned table without id on PostgreSQL 17: identity column",
      code: "CREATE TABLE events (created timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (created);",
      postgresVersion: 17,
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 95, suggestion: "ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY, ADD PRIMARY KEY (id, created);" }],
    },
    {
      name: "partition detached later stands alone",
      code: [partitioned, "ALTER TABLE m DETACH PARTITION m_2024;"],
      errors: [
        { messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 58 },
        { messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 84 },
      ],
    },
    {
      name: "INHERITS does not inherit the primary key",
      code: "CREATE TABLE parent (id bigint PRIMARY KEY);\nCREATE TABLE child (extra text) INHERITS (parent);",
      errors: [{ messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 50, suggestion: "ALTER TABLE child ADD PRIMARY KEY (id);" }],
    },
    {
      name: "LIKE without INCLUDING INDEXES does not copy the primary key",
      code: "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (LIKE a INCLUDING DEFAULTS);",
      errors: [{ messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 43 }],
    },
    {
      name: "LIKE ... INCLUDING ALL of a table without a primary key",
      code: "CREATE TABLE a (x int);\nCREATE TABLE b (LIKE a INCLUDING ALL);",
      errors: [
        { messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 23 },
        { messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 38 },
      ],
    },
    {
      name: "LIKE ... INCLUDING ALL of a view copies no key",
      code: "CREATE VIEW v AS SELECT 1 AS a;\nCREATE TABLE w (LIKE v INCLUDING ALL);",
      errors: [{ messageId: "missingPrimaryKey", line: 2, column: 14, endLine: 2, endColumn: 38 }],
    },
    {
      name: "unlogged tables need a key too",
      code: "CREATE UNLOGGED TABLE cache_entries (cache_key text NOT NULL, value bytea);",
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 23, endLine: 1, endColumn: 75 }],
    },
    {
      name: "quoted names",
      code: 'CREATE TABLE "Events" ("ID" bigint, kind text);',
      errors: [{ messageId: "missingPrimaryKey", line: 1, column: 14, endLine: 1, endColumn: 47, message: 'Table "Events" has no primary key', suggestion: 'ALTER TABLE "Events" ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;' }],
    },
  ],
});
