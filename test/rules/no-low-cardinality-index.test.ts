import rule from "../../src/rules/no-low-cardinality-index.js";
import { ruleTester } from "../helpers/rule-tester.js";

const users = "CREATE TABLE users (id bigint PRIMARY KEY, name text, is_active boolean NOT NULL DEFAULT true, created_at timestamptz);\n";

ruleTester(rule, {
  valid: [
    { name: "partial index WHERE the boolean", code: `${users}CREATE INDEX ON users (name) WHERE is_active;` },
    { name: "partial index on the boolean itself", code: `${users}CREATE INDEX ON users (is_active) WHERE NOT is_active;` },
    { name: "composite index led by the boolean", code: `${users}CREATE INDEX ON users (is_active, created_at);` },
    { name: "boolean as a later column of a multi-column index", code: `${users}CREATE INDEX ON users (created_at, is_active);` },
    { name: "unique index on a boolean enforces something", code: "CREATE TABLE settings (id bigint PRIMARY KEY, is_default boolean);\nCREATE UNIQUE INDEX ON settings (is_default);" },
    { name: "expression on a boolean", code: `${users}CREATE INDEX ON users ((NOT is_active));` },
    { name: "hash index is not btree", code: `${users}CREATE INDEX ON users USING hash (is_active);` },
    { name: "enum with more than three values", code: "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status);\nCREATE INDEX ON orders (status);" },
    { name: "enum grown to four values in a later file", code: ["CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status);\nCREATE INDEX ON orders (status);", "ALTER TYPE order_status ADD VALUE 'refunded';"] },
    { name: "CHECK with four values", code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text CHECK (kind IN ('a', 'b', 'c', 'd')));\nCREATE INDEX ON t (kind);" },
    { name: "CHECK that references another column too", code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text, note text, CHECK (kind IN ('a', 'b') OR note IS NOT NULL));\nCREATE INDEX ON t (kind);" },
    { name: "NOT IN does not limit the values", code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text CHECK (kind NOT IN ('a', 'b')));\nCREATE INDEX ON t (kind);" },
    { name: "AND with a condition that does not narrow a four-value list", code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text CHECK (kind IN ('a', 'b', 'c', 'd') AND length(kind) = 1));\nCREATE INDEX ON t (kind);" },
    { name: "CHECK of a range, not a list", code: "CREATE TABLE t (id bigint PRIMARY KEY, qty integer CHECK (qty > 0));\nCREATE INDEX ON t (qty);" },
    { name: "CHECK dropped in a later file", code: ["CREATE TABLE t (id bigint PRIMARY KEY, kind text CONSTRAINT t_kind_check CHECK (kind IN ('a', 'b')));\nCREATE INDEX ON t (kind);", "ALTER TABLE t DROP CONSTRAINT t_kind_check;"] },
    { name: "boolean changed to text in a later file", code: [`${users}CREATE INDEX ON users (is_active);`, "ALTER TABLE users ALTER COLUMN is_active TYPE text;"] },
    { name: "boolean index dropped in a later file", code: [`${users}CREATE INDEX idx_users_is_active ON users (is_active);`, "DROP INDEX idx_users_is_active;"] },
    { name: "boolean array", code: "CREATE TABLE t (id bigint PRIMARY KEY, answers boolean[]);\nCREATE INDEX ON t (answers);" },
  ],
  invalid: [
    {
      name: "index, table and column renamed later: the message gives the names the CREATE INDEX shows, and no suggestion is inserted there",
      code: [
        "CREATE TYPE connector_kind AS ENUM ('survey', 'csv');\nCREATE TABLE connectors (id bigint PRIMARY KEY, type connector_kind NOT NULL);\nCREATE INDEX connectors_type_idx ON connectors (type);",
        "ALTER TABLE connectors RENAME TO feedback_sources;\nALTER INDEX connectors_type_idx RENAME TO feedback_sources_kind_idx;\nALTER TABLE feedback_sources RENAME COLUMN type TO kind;",
      ],
      errors: [{
        messageId: "lowCardinality", file: 1, line: 3, column: 1, endLine: 3, endColumn: 54,
        message: 'Index "feedback_sources_kind_idx" (named "connectors_type_idx" here) on "feedback_sources" (named "connectors" here) has the single key "kind" (named "type" here), which can hold only 2 values (enum "connector_kind"): each value matches a large share of the rows, so the planner rarely uses the index, yet every write to "feedback_sources" updates it.',
        suggestion: null,
      }],
    },
    {
      name: "a table renamed before the index was created: the names are the ones written",
      code: ["CREATE TABLE connectors (id bigint PRIMARY KEY, active boolean);\nALTER TABLE connectors RENAME TO feedback_sources;", "CREATE INDEX feedback_sources_active_idx ON feedback_sources (active);"],
      errors: [{
        messageId: "lowCardinality", file: 2, line: 1, column: 1, endLine: 1, endColumn: 70,
        message: 'Index "feedback_sources_active_idx" on "feedback_sources" has the single key "active", which',
        suggestion: "CREATE INDEX CONCURRENTLY idx_feedback_sources_id_where_active ON feedback_sources (id) WHERE active; DROP INDEX CONCURRENTLY feedback_sources_active_idx;",
      }],
    },
    {
      name: "btree index on a boolean",
      code: `${users}CREATE INDEX idx_users_is_active ON users (is_active);`,
      errors: [{
        messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 54,
        message: 'Index "idx_users_is_active" on "users" has the single key "is_active", which can hold only 2 values (boolean)',
        suggestion: "CREATE INDEX CONCURRENTLY idx_users_id_where_is_active ON users (id) WHERE is_active; DROP INDEX CONCURRENTLY idx_users_is_active;",
      }],
    },
    {
      name: "enum with three values",
      code: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE people (id bigint PRIMARY KEY, current_mood mood);\nCREATE INDEX ON people (current_mood);",
      errors: [{
        messageId: "lowCardinality", line: 3, column: 1, endLine: 3, endColumn: 38,
        message: 'only 3 values (enum "mood")',
        suggestion: "CREATE INDEX CONCURRENTLY idx_people_id_where_current_mood ON people (id) WHERE current_mood = 'sad'; DROP INDEX CONCURRENTLY people_current_mood_idx;",
      }],
    },
    {
      name: "CHECK ... IN",
      code: "CREATE TABLE invoices (\n  id bigint PRIMARY KEY,\n  status text NOT NULL CHECK (status IN ('draft', 'sent'))\n);\nCREATE INDEX invoices_status_idx ON invoices (status);",
      errors: [{ messageId: "lowCardinality", line: 5, column: 1, endLine: 5, endColumn: 54, message: 'only 2 values (CHECK constraint "invoices_status_check")', suggestion: "CREATE INDEX CONCURRENTLY idx_invoices_id_where_status ON invoices (id) WHERE status = 'draft'; DROP INDEX CONCURRENTLY invoices_status_idx;" }],
    },
    {
      name: "pg_dump style CHECK = ANY (ARRAY[...]) with casts",
      code: "CREATE TABLE public.t (id integer NOT NULL, status character varying(10));\nALTER TABLE ONLY public.t ADD CONSTRAINT t_status_check CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])));\nCREATE INDEX t_status_idx ON public.t USING btree (status);",
      errors: [{ messageId: "lowCardinality", line: 3, column: 1, endLine: 3, endColumn: 59, message: 'only 2 values (CHECK constraint "t_status_check")' }],
    },
    {
      name: "CHECK with OR of equalities",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text CHECK (kind = 'x' OR kind = 'y' OR kind = 'z'));\nCREATE INDEX t_kind_idx ON t (kind);",
      errors: [{ messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 36, message: "only 3 values" }],
    },
    {
      name: "AND of two lists: their intersection",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, kind text, CHECK (kind IN ('a', 'b', 'c', 'd') AND kind IN ('b', 'c', 'e') AND kind IS NOT NULL));\nCREATE INDEX t_kind_idx ON t (kind);",
      errors: [{ messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 36, message: 'only 2 values (CHECK constraint "t_kind_check")', suggestion: "CREATE INDEX CONCURRENTLY idx_t_id_where_kind ON t (id) WHERE kind = 'b'; DROP INDEX CONCURRENTLY t_kind_idx;" }],
    },
    {
      name: "integer CHECK ... BETWEEN",
      code: "CREATE TABLE tickets (id bigint PRIMARY KEY, priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 3));\nCREATE INDEX tickets_priority_idx ON tickets (priority);",
      errors: [{ messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 56, suggestion: "CREATE INDEX CONCURRENTLY idx_tickets_id_where_priority ON tickets (id) WHERE priority = 1; DROP INDEX CONCURRENTLY tickets_priority_idx;" }],
    },
    {
      name: "CHECK added in a later file: reported at the index",
      code: ["CREATE TABLE t (id bigint PRIMARY KEY, kind text);\nCREATE INDEX t_kind_idx ON t (kind);", "ALTER TABLE t ADD CONSTRAINT t_kind_check CHECK (kind IN ('a', 'b'));"],
      errors: [{ messageId: "lowCardinality", file: 1, line: 2, column: 1, endLine: 2, endColumn: 36 }],
    },
    {
      name: "enum in a non-public schema",
      code: "CREATE SCHEMA app;\nCREATE TYPE app.flag AS ENUM ('on', 'off');\nCREATE TABLE app.settings (id bigint PRIMARY KEY, state app.flag);\nCREATE INDEX settings_state_idx ON app.settings (state);",
      errors: [{ messageId: "lowCardinality", line: 4, column: 1, endLine: 4, endColumn: 56, message: 'on "app"."settings"', suggestion: "CREATE INDEX CONCURRENTLY idx_settings_id_where_state ON app.settings (id) WHERE state = 'on'; DROP INDEX CONCURRENTLY app.settings_state_idx;" }],
    },
    {
      name: "domain over boolean",
      code: "CREATE DOMAIN yes_no AS boolean;\nCREATE TABLE answers (id bigint PRIMARY KEY, answer yes_no);\nCREATE INDEX answers_answer_idx ON answers (answer);",
      errors: [{ messageId: "lowCardinality", line: 3, column: 1, endLine: 3, endColumn: 52, message: "only 2 values (boolean)" }],
    },
    {
      name: "domain with a CHECK list",
      code: "CREATE DOMAIN size_code AS text CHECK (VALUE IN ('S', 'M', 'L'));\nCREATE TABLE shirts (id bigint PRIMARY KEY, shirt_size size_code);\nCREATE INDEX shirts_size_idx ON shirts (shirt_size);",
      errors: [{ messageId: "lowCardinality", line: 3, column: 1, endLine: 3, endColumn: 52, message: 'only 3 values (a CHECK of domain "size_code")' }],
    },
    {
      name: "table without a primary key: the partial index is keyed on the column",
      code: "CREATE TABLE flags (enabled boolean);\nCREATE INDEX flags_enabled_idx ON flags (enabled);",
      errors: [{ messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 50, suggestion: "CREATE INDEX CONCURRENTLY idx_flags_enabled_where_enabled ON flags (enabled) WHERE enabled; DROP INDEX CONCURRENTLY flags_enabled_idx;" }],
    },
    {
      name: "partitioned table: no CONCURRENTLY",
      code: "CREATE TABLE m (id bigint, d date, archived boolean) PARTITION BY RANGE (d);\nCREATE INDEX m_archived_idx ON m (archived);",
      errors: [{ messageId: "lowCardinality", line: 2, column: 1, endLine: 2, endColumn: 44, suggestion: "CREATE INDEX idx_m_archived_where_archived ON m (archived) WHERE archived; DROP INDEX m_archived_idx;" }],
    },
    {
      name: "partition indexed on a column its parent's CHECK limits",
      code: "CREATE TABLE m (id bigint, kind text CHECK (kind IN ('a', 'b'))) PARTITION BY LIST (kind);\nCREATE TABLE m_a PARTITION OF m FOR VALUES IN ('a');\nCREATE INDEX m_a_kind_idx ON m_a (kind);",
      errors: [{ messageId: "lowCardinality", line: 3, column: 1, endLine: 3, endColumn: 40, message: 'only 2 values (CHECK constraint "m_kind_check")' }],
    },
  ],
});
