import rule from "../../src/rules/index-method-for-type.js";
import { ruleTester } from "../helpers/rule-tester.js";

const products = "CREATE TABLE products (id bigint PRIMARY KEY, account_id bigint, name text, attributes jsonb, tags text[], search tsvector);\n";

ruleTester(rule, {
  valid: [
    { name: "GIN index on jsonb", code: `${products}CREATE INDEX ON products USING gin (attributes);` },
    { name: "GIN index with jsonb_path_ops", code: `${products}CREATE INDEX ON products USING gin (attributes jsonb_path_ops);` },
    { name: "btree on a scalar extracted from jsonb", code: `${products}CREATE INDEX ON products ((attributes->>'color'));` },
    { name: "btree on an array element", code: `${products}CREATE INDEX ON products ((tags[1]));` },
    { name: "btree on text", code: `${products}CREATE INDEX ON products (name);` },
    { name: "GIN on an array and on a tsvector", code: `${products}CREATE INDEX ON products USING gin (tags);\nCREATE INDEX ON products USING gin (search);` },
    { name: "GiST on a tsvector", code: `${products}CREATE INDEX ON products USING gist (search);` },
    { name: "unique btree on an array enforces something GIN cannot", code: `${products}CREATE UNIQUE INDEX ON products (tags);` },
    { name: "hash index on jsonb (equality only, and not btree)", code: `${products}CREATE INDEX ON products USING hash (attributes);` },
    { name: "btree on jsonb dropped in a later file", code: [`${products}CREATE INDEX idx_products_attributes ON products (attributes);`, "DROP INDEX idx_products_attributes;"] },
    { name: "jsonb column changed to text in a later file", code: [`${products}CREATE INDEX ON products (attributes);`, "ALTER TABLE products ALTER COLUMN attributes TYPE text;"] },
    { name: "jsonb only in the predicate of a partial btree index", code: `${products}CREATE INDEX ON products (name) WHERE attributes ? 'sale';` },
  ],
  invalid: [
    {
      name: "table and column renamed after the CREATE INDEX: the message gives the names it shows, and no suggestion is inserted there",
      code: ["CREATE TABLE product (id bigint PRIMARY KEY, attrs jsonb);\nCREATE INDEX idx_product_attrs ON product (attrs);", "ALTER TABLE product RENAME TO products;\nALTER TABLE products RENAME COLUMN attrs TO attributes;"],
      errors: [{
        messageId: "btreeOnDocument", file: 1, line: 2, column: 1, endLine: 2, endColumn: 50,
        message: 'Index "idx_product_attrs" on "products" (named "product" here) is a btree index on "attributes" (named "attrs" here) of type jsonb',
        suggestion: null,
      }],
    },
    {
      name: "btree on jsonb",
      code: `${products}CREATE INDEX idx_products_attributes ON products (attributes);`,
      errors: [{
        messageId: "btreeOnDocument", line: 2, column: 1, endLine: 2, endColumn: 62,
        message: 'Index "idx_products_attributes" on "products" is a btree index on "attributes" of type jsonb: btree only compares whole values, so searches inside them (@>, ?, ?|, ?&, @?, @@) cannot use it',
        suggestion: "CREATE INDEX CONCURRENTLY idx_products_attributes_gin ON products USING gin (attributes); DROP INDEX CONCURRENTLY idx_products_attributes;",
      }],
    },
    {
      name: "btree on an array",
      code: `${products}CREATE INDEX ON products (tags);`,
      errors: [{ messageId: "btreeOnDocument", line: 2, column: 1, endLine: 2, endColumn: 32, message: 'of type text[]: btree only compares whole values, so searches inside them (@>, <@, &&)', suggestion: "CREATE INDEX CONCURRENTLY idx_products_tags_gin ON products USING gin (tags); DROP INDEX CONCURRENTLY products_tags_idx;" }],
    },
    {
      name: "explicit USING btree on a tsvector",
      code: `${products}CREATE INDEX products_search_idx ON products USING btree (search);`,
      errors: [{ messageId: "btreeOnDocument", line: 2, column: 1, endLine: 2, endColumn: 66, message: 'of type tsvector' }],
    },
    {
      name: "hstore, unqualified and schema-qualified",
      code: "CREATE EXTENSION hstore;\nCREATE TABLE t (id bigint PRIMARY KEY, props hstore, extra public.hstore);\nCREATE INDEX t_props_idx ON t (props);\nCREATE INDEX t_extra_idx ON t (extra);",
      errors: [
        { messageId: "btreeOnDocument", line: 3, column: 1, endLine: 3, endColumn: 38, message: 'of type hstore' },
        { messageId: "btreeOnDocument", line: 4, column: 1, endLine: 4, endColumn: 38, message: 'of type "hstore"' },
      ],
    },
    {
      name: "array as a later key of a multi-column index: GIN on the column, the index is not dropped",
      code: `${products}CREATE INDEX products_account_tags_idx ON products (account_id, tags);`,
      errors: [{ messageId: "btreeOnDocument", line: 2, column: 1, endLine: 2, endColumn: 70, suggestion: "CREATE INDEX CONCURRENTLY idx_products_tags_gin ON products USING gin (tags);" }],
    },
    {
      name: "domain over jsonb",
      code: "CREATE DOMAIN document AS jsonb;\nCREATE TABLE pages (id bigint PRIMARY KEY, body document);\nCREATE INDEX pages_body_idx ON pages (body);",
      errors: [{ messageId: "btreeOnDocument", line: 3, column: 1, endLine: 3, endColumn: 44, message: 'of type "document" (a domain over jsonb)' }],
    },
    {
      name: "column changed to jsonb in a later file: reported at the index",
      code: ["CREATE TABLE events (id bigint PRIMARY KEY, payload text);\nCREATE INDEX events_payload_idx ON events (payload);", "ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;"],
      errors: [{ messageId: "btreeOnDocument", file: 1, line: 2, column: 1, endLine: 2, endColumn: 52 }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA app;\nCREATE TABLE app.posts (id bigint PRIMARY KEY, labels integer[]);\nCREATE INDEX posts_labels_idx ON app.posts (labels);",
      errors: [{ messageId: "btreeOnDocument", line: 3, column: 1, endLine: 3, endColumn: 52, message: 'on "app"."posts"', suggestion: "CREATE INDEX CONCURRENTLY idx_posts_labels_gin ON app.posts USING gin (labels); DROP INDEX CONCURRENTLY app.posts_labels_idx;" }],
    },
    {
      name: "partitioned table: no CONCURRENTLY",
      code: "CREATE TABLE m (id bigint, d date, data jsonb) PARTITION BY RANGE (d);\nCREATE INDEX m_data_idx ON m (data);",
      errors: [{ messageId: "btreeOnDocument", line: 2, column: 1, endLine: 2, endColumn: 36, suggestion: "CREATE INDEX idx_m_data_gin ON m USING gin (data); DROP INDEX m_data_idx;" }],
    },
  ],
});
