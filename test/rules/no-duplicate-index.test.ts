import { describe, expect, it } from "vitest";
import type { Origin } from "../../src/schema/model.js";
import { NamesAt, nameAt, type CompareOrigins } from "../../src/rules/utils/renamed-since.js";
import rule from "../../src/rules/no-duplicate-index.js";
import { ruleTester } from "../helpers/rule-tester.js";

const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, status text, created_at timestamptz, email text, deleted_at timestamptz);\n";
const arrays = "CREATE TABLE docs (id bigint PRIMARY KEY, tags text[], labels text[]);\n";

ruleTester(rule, {
  valid: [
    { name: "different columns", code: `${orders}CREATE INDEX ON orders (status);\nCREATE INDEX ON orders (created_at);` },
    { name: "the column is second, not leading, in the longer index", code: `${orders}CREATE INDEX ON orders (created_at);\nCREATE INDEX ON orders (status, created_at);` },
    { name: "columns in another order", code: `${orders}CREATE INDEX ON orders (status, created_at);\nCREATE INDEX ON orders (created_at, status);` },
    { name: "the shorter index is UNIQUE: it enforces something", code: `${orders}CREATE UNIQUE INDEX ON orders (email);\nCREATE INDEX ON orders (email, created_at);` },
    { name: "primary key as the prefix of an index (never reported)", code: `${orders}CREATE INDEX ON orders (id, created_at);` },
    { name: "primary key and a unique constraint on the same column (constraints are never reported)", code: "CREATE TABLE t (id bigint PRIMARY KEY UNIQUE);" },
    { name: "unique index next to a DEFERRABLE unique constraint", code: "CREATE TABLE t (id bigint PRIMARY KEY, code text, CONSTRAINT t_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED);\nCREATE UNIQUE INDEX t_code_idx ON t (code);" },
    { name: "different methods", code: `${orders}CREATE INDEX ON orders (email);\nCREATE INDEX ON orders USING hash (email);` },
    { name: "different predicates", code: `${orders}CREATE INDEX ON orders (email);\nCREATE INDEX ON orders (email) WHERE deleted_at IS NULL;` },
    { name: "partial prefix of a full index", code: `${orders}CREATE INDEX ON orders (status) WHERE deleted_at IS NULL;\nCREATE INDEX ON orders (status, created_at);` },
    { name: "different expressions", code: `${orders}CREATE INDEX ON orders (lower(email));\nCREATE INDEX ON orders (upper(email));` },
    { name: "expression and plain column", code: `${orders}CREATE INDEX ON orders (lower(email));\nCREATE INDEX ON orders (email);` },
    { name: "different sort direction", code: `${orders}CREATE INDEX ON orders (created_at DESC);\nCREATE INDEX ON orders (created_at, status);` },
    { name: "different operator class", code: `${orders}CREATE INDEX ON orders (email text_pattern_ops);\nCREATE INDEX ON orders (email);` },
    { name: "operator class on an expression: text_pattern_ops serves LIKE 'x%', the default = and ORDER BY", code: `${orders}CREATE INDEX a ON orders (lower(email) text_pattern_ops);\nCREATE INDEX b ON orders (lower(email), id);` },
    { name: "operator class on an expression, same length", code: `${orders}CREATE INDEX a ON orders (lower(email) text_pattern_ops);\nCREATE INDEX b ON orders (lower(email));` },
    { name: "operator class on a parenthesized column", code: `${orders}CREATE INDEX a ON orders ((email) text_pattern_ops);\nCREATE INDEX b ON orders (email, id);` },
    { name: "collation on an expression", code: `${orders}CREATE INDEX a ON orders (lower(email) COLLATE "C");\nCREATE INDEX b ON orders (lower(email), id);` },
    { name: "sort direction on an expression", code: `${orders}CREATE INDEX a ON orders (lower(email) DESC);\nCREATE INDEX b ON orders (lower(email), id);` },
    { name: "different collation", code: `${orders}CREATE INDEX ON orders (email COLLATE "C");\nCREATE INDEX ON orders (email, created_at);` },
    { name: "different NULLS ordering", code: `${orders}CREATE INDEX ON orders (created_at NULLS FIRST);\nCREATE INDEX ON orders (created_at);` },
    { name: "an index with INCLUDE is not redundant with one without", code: `${orders}CREATE INDEX ON orders (status) INCLUDE (created_at);\nCREATE INDEX ON orders (status, email);` },
    { name: "INCLUDE columns that are keys of the other index", code: `${orders}CREATE INDEX ON orders (status) INCLUDE (created_at);\nCREATE INDEX ON orders (status, created_at);` },
    { name: "only btree serves a leading-column prefix", code: `${arrays}CREATE INDEX ON docs USING gin (tags);\nCREATE INDEX ON docs USING gin (tags, labels);` },
    { name: "redundant index dropped in a later file", code: [`${orders}CREATE INDEX i1 ON orders (status);\nCREATE INDEX i2 ON orders (status, created_at);`, "DROP INDEX CONCURRENTLY i1;"] },
    { name: "same columns on different tables", code: `${orders}CREATE TABLE invoices (id bigint PRIMARY KEY, status text);\nCREATE INDEX ON orders (status);\nCREATE INDEX ON invoices (status);` },
    { name: "parent and partition each with an index (PostgreSQL attaches, not duplicates)", code: "CREATE TABLE m (id bigint, d date, kind text) PARTITION BY RANGE (d);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX ON m_2024 (kind);\nCREATE INDEX ON m (kind);" },
    { name: "pg_dump style: unique index turned into the primary key", code: "CREATE TABLE public.t (id bigint NOT NULL, x int);\nCREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);\nALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;\nCREATE INDEX t_x_id ON public.t (x, id);" },
  ],
  invalid: [
    {
      name: "covering index created in a later file and renamed after it: it goes by its current name (it had no other at the reported statement), and the DROP INDEX, which names only the reported index, is inserted",
      code: ["CREATE TABLE t (id bigint PRIMARY KEY, x int, y int);\nCREATE INDEX a_idx ON t (x);", "CREATE INDEX b_idx ON t (x, y);", "ALTER INDEX b_idx RENAME TO c_idx;"],
      errors: [{
        messageId: "redundantIndex", file: 1, line: 2, column: 1, endLine: 2, endColumn: 28,
        message: 'Index "a_idx" on "t" is redundant: index "c_idx" starts with the same key columns and serves every lookup and ordering it serves, yet every write to "t" still updates both.',
        suggestion: "DROP INDEX CONCURRENTLY a_idx;",
      }],
    },
    {
      name: "table and both indexes renamed after the CREATE INDEX: the message gives the names it shows, and no DROP INDEX with the new name is inserted there",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, note text);\nCREATE INDEX orders_note_idx ON orders (note);\nCREATE INDEX orders_note_idx2 ON orders (note);", "ALTER TABLE orders RENAME TO purchase_orders;\nALTER INDEX orders_note_idx RENAME TO purchase_orders_note_idx;\nALTER INDEX orders_note_idx2 RENAME TO purchase_orders_note_idx2;"],
      errors: [{
        messageId: "duplicateIndex", file: 1, line: 3, column: 1, endLine: 3, endColumn: 47,
        message: 'Index "purchase_orders_note_idx2" (named "orders_note_idx2" here) on "purchase_orders" (named "orders" here) has the same definition as index "purchase_orders_note_idx" (named "orders_note_idx" here): the planner never needs both',
        suggestion: null,
      }],
    },
    {
      name: "leftmost prefix of an index created in a later file",
      code: [`${orders}CREATE INDEX idx_orders_status ON orders (status);`, "CREATE INDEX CONCURRENTLY idx_orders_status_created_at ON orders (status, created_at);"],
      errors: [{
        messageId: "redundantIndex", file: 1, line: 2, column: 1, endLine: 2, endColumn: 50,
        message: 'Index "idx_orders_status" on "orders" is redundant: index "idx_orders_status_created_at" starts with the same key columns',
        suggestion: "DROP INDEX CONCURRENTLY idx_orders_status;",
      }],
    },
    {
      name: "identical definition in a later file: the later one is reported",
      code: [`${orders}CREATE INDEX idx_orders_status ON orders (status);`, "CREATE INDEX orders_status_copy ON orders (status);"],
      errors: [{
        messageId: "duplicateIndex", file: 2, line: 1, column: 1, endLine: 1, endColumn: 51,
        message: 'Index "orders_status_copy" on "orders" has the same definition as index "idx_orders_status"',
        suggestion: "DROP INDEX CONCURRENTLY orders_status_copy;",
      }],
    },
    {
      name: "migration order, not path order, decides which one is later",
      code: [{ path: "/db/V9__orders.sql", sql: `${orders}CREATE INDEX z_status ON orders (status);` }, { path: "/db/V10__again.sql", sql: "CREATE INDEX a_status ON orders (status);" }],
      errors: [{ messageId: "duplicateIndex", file: 2, line: 1, column: 1, endLine: 1, endColumn: 41, message: 'Index "a_status"' }],
    },
    {
      name: "two identical unique indexes",
      code: `${orders}CREATE UNIQUE INDEX u1 ON orders (email);\nCREATE UNIQUE INDEX u2 ON orders (email);`,
      errors: [{ messageId: "duplicateIndex", line: 3, column: 1, endLine: 3, endColumn: 41, message: 'Index "u2" on "orders" has the same definition as index "u1"' }],
    },
    {
      name: "unique index identical to the primary key, even when created first",
      code: `${orders}CREATE UNIQUE INDEX orders_id_key ON orders (id);`,
      errors: [{ messageId: "duplicateIndex", line: 2, column: 1, endLine: 2, endColumn: 49, message: 'has the same definition as primary key "orders_pkey"' }],
    },
    {
      name: "plain index on the primary key column",
      code: `${orders}CREATE INDEX ON orders (id);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 28, message: 'Index "orders_id_idx" on "orders" is redundant: primary key "orders_pkey"', suggestion: "DROP INDEX CONCURRENTLY orders_id_idx;" }],
    },
    {
      name: "leading column of a composite primary key",
      code: "CREATE TABLE product_tags (product_id bigint, tag_id bigint, PRIMARY KEY (product_id, tag_id));\nCREATE INDEX product_tags_product_id_idx ON product_tags (product_id);",
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 70, message: 'primary key "product_tags_pkey" starts with the same key columns' }],
    },
    {
      name: "leading column of a unique constraint",
      code: "CREATE TABLE t (a int, b int, UNIQUE (a, b));\nCREATE INDEX t_a ON t (a);",
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 26, message: 'unique constraint "t_a_b_key"' }],
    },
    {
      name: "same predicate written differently",
      code: `${orders}CREATE INDEX a ON orders (email) WHERE deleted_at IS NULL;\nCREATE INDEX b ON orders (email) WHERE (deleted_at IS NULL);`,
      errors: [{ messageId: "duplicateIndex", line: 3, column: 1, endLine: 3, endColumn: 60 }],
    },
    {
      name: "expression key prefix",
      code: `${orders}CREATE INDEX e1 ON orders (lower(email));\nCREATE INDEX e2 ON orders (lower(email), created_at);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 41 }],
    },
    {
      name: "expression key prefix spelled with the implicit varchar to text cast PostgreSQL inserts itself",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(255), created_at timestamptz);\nCREATE INDEX e1 ON users (lower(name));\nCREATE INDEX e2 ON users USING btree (lower((name)::text), created_at);",
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 39 }],
    },
    {
      name: "expression key prefix with the same operator class",
      code: `${orders}CREATE INDEX e1 ON orders (lower(email) text_pattern_ops);\nCREATE INDEX e2 ON orders (lower(email) text_pattern_ops, created_at);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 58, message: 'Index "e1" on "orders" is redundant: index "e2" starts with the same key columns' }],
    },
    {
      name: "same sort direction",
      code: `${orders}CREATE INDEX d1 ON orders (created_at DESC);\nCREATE INDEX d2 ON orders (created_at DESC, status);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 44 }],
    },
    {
      name: "index without INCLUDE covered by the same keys with INCLUDE",
      code: `${orders}CREATE INDEX i1 ON orders (status);\nCREATE INDEX i2 ON orders (status) INCLUDE (created_at);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 35, message: 'Index "i1"' }],
    },
    {
      name: "INCLUDE columns also included by the longer index",
      code: `${orders}CREATE INDEX i1 ON orders (status) INCLUDE (email);\nCREATE INDEX i2 ON orders (status, created_at) INCLUDE (email, deleted_at);`,
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 51 }],
    },
    {
      name: "identical hash indexes",
      code: `${orders}CREATE INDEX h1 ON orders USING hash (email);\nCREATE INDEX h2 ON orders USING hash (email);`,
      errors: [{ messageId: "duplicateIndex", line: 3, column: 1, endLine: 3, endColumn: 45 }],
    },
    {
      name: "three identical unnamed indexes: the two later ones",
      code: `${orders}CREATE INDEX ON orders (status);\nCREATE INDEX ON orders (status);\nCREATE INDEX ON orders (status);`,
      errors: [
        { messageId: "duplicateIndex", line: 3, column: 1, endLine: 3, endColumn: 32, message: 'Index "orders_status_idx1" on "orders" has the same definition as index "orders_status_idx"' },
        { messageId: "duplicateIndex", line: 4, column: 1, endLine: 4, endColumn: 32, message: 'Index "orders_status_idx2" on "orders" has the same definition as index "orders_status_idx"' },
      ],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA app;\nCREATE TABLE app.events (id bigint PRIMARY KEY, kind text, at_time timestamptz);\nCREATE INDEX events_kind ON app.events (kind);\nCREATE INDEX events_kind_time ON app.events (kind, at_time);",
      errors: [{ messageId: "redundantIndex", line: 3, column: 1, endLine: 3, endColumn: 46, message: 'on "app"."events"', suggestion: "DROP INDEX CONCURRENTLY app.events_kind;" }],
    },
    {
      name: "partitioned table: DROP INDEX without CONCURRENTLY",
      code: "CREATE TABLE m (id bigint, d date, kind text) PARTITION BY RANGE (d);\nCREATE INDEX m_kind ON m (kind);\nCREATE INDEX m_kind_d ON m (kind, d);",
      errors: [{ messageId: "redundantIndex", line: 2, column: 1, endLine: 2, endColumn: 32, suggestion: "DROP INDEX m_kind;" }],
    },
  ],
});

/** One file: statements in order of their index, then location. */
const at = (statementIndex: number, location = 0): Origin => ({ file: "V1.sql", migration: "1", statementIndex, statementStart: 0, statementEnd: 0, location });
const compare: CompareOrigins = (a, b) => a.statementIndex - b.statementIndex || a.location - b.location;

// NamesAt, which this rule and the other rules reporting a final-schema finding at an older statement use.
describe("NamesAt (src/rules/utils/renamed-since.ts)", () => {
  // Created at statement 2 as "b_idx", renamed at statement 3.
  const later = { name: "c_idx", origin: at(2), nameOrigin: at(3), formerNames: [{ name: "b_idx", until: at(3) }] };
  // Created at statement 0 as "old", renamed at statement 3.
  const renamed = { name: "new", origin: at(0), nameOrigin: at(3), formerNames: [{ name: "old", until: at(3) }] };
  const table = { schema: "public", name: "t", origin: at(0), columns: new Map([["new", renamed]]) };

  it("gives an object created after the statement its current name, and it does not drop the suggestion", () => {
    expect(nameAt(compare, later, at(1))).toBe("c_idx");
    expect(nameAt(compare, later, at(2))).toBe("b_idx");
    const names = new NamesAt(compare, at(1));
    expect(names.object(later)).toBe('"c_idx"');
    expect(names.renamed).toBe(false);
  });

  it("an object of the same statement existed when it ran, even defined after the reported node", () => {
    const sameStatement = { ...later, origin: at(1, 50) };
    expect(nameAt(compare, sameStatement, at(1, 10))).toBe("b_idx");
  });

  it("sets renamed only for names the suggestion's SQL uses, printed or not", () => {
    const names = new NamesAt(compare, at(1));
    expect(names.object(renamed)).toBe('"new" (named "old" here)');
    expect(names.qualifiedColumn(table, "new")).toBe('"t"."new" (named "t"."old" here)');
    expect(names.renamed).toBe(false);
    names.usedInSql(table, undefined);
    expect(names.renamed).toBe(false);
    names.columnsUsedInSql(table, ["new"]);
    expect(names.renamed).toBe(true);
  });

  it("SQL that names an object a later statement created would fail there too", () => {
    const names = new NamesAt(compare, at(1));
    names.usedInSql(later);
    expect(names.renamed).toBe(true);
  });

  it("without an order of the statements (a catalog read back from PostgreSQL), nothing was renamed", () => {
    const names = new NamesAt(undefined, at(1));
    names.usedInSql(renamed, later);
    expect([names.object(renamed), names.renamed]).toEqual(['"new"', false]);
  });
});
