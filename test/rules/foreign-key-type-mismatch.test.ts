import rule from "../../src/rules/foreign-key-type-mismatch.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "same type", code: "CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));" },
    { name: "spellings of the same type", code: "CREATE TABLE orders (id int4 PRIMARY KEY, code int8 UNIQUE);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id integer REFERENCES orders, order_code pg_catalog.int8 REFERENCES orders (code));" },
    { name: "serial is integer, bigserial is bigint", code: "CREATE TABLE a (id serial PRIMARY KEY);\nCREATE TABLE b (id bigserial PRIMARY KEY);\nCREATE TABLE c (id bigint PRIMARY KEY, a_id int REFERENCES a, b_id int8 REFERENCES b);" },
    { name: "domain over the referenced type", code: "CREATE DOMAIN order_ref AS bigint CHECK (VALUE > 0);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id order_ref REFERENCES orders);" },
    { name: "numeric(12) is numeric(12,0); char is char(1)", code: "CREATE TABLE a (n numeric(12, 0), c char, PRIMARY KEY (n, c));\nCREATE TABLE b (id bigint PRIMARY KEY, n numeric(12), c character(1), FOREIGN KEY (n, c) REFERENCES a);" },
    { name: "same length", code: "CREATE TABLE countries (code varchar(30) PRIMARY KEY);\nCREATE TABLE addresses (id bigint PRIMARY KEY, country_code character varying(30) REFERENCES countries);" },
    { name: "same enum type", code: "CREATE TYPE kind AS ENUM ('a');\nCREATE TABLE kinds (kind kind PRIMARY KEY);\nCREATE TABLE things (id bigint PRIMARY KEY, kind kind REFERENCES kinds);" },
    { name: "mismatch fixed by a later ALTER COLUMN TYPE", code: ["CREATE TABLE orders (id integer PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);", "ALTER TABLE orders ALTER COLUMN id TYPE bigint;"] },
    { name: "referenced table not in the schema", code: "CREATE TABLE payments (id bigint PRIMARY KEY, order_id integer REFERENCES orders (id));" },
    { name: "referenced table without a primary key and no column list", code: "CREATE TABLE orders (id bigint);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id integer REFERENCES orders);" },
    { name: "non-public schema, same types", code: "CREATE SCHEMA shop;\nCREATE TABLE shop.orders (id bigserial PRIMARY KEY);\nCREATE TABLE shop.payments (id bigint PRIMARY KEY, order_id bigint REFERENCES shop.orders);" },
  ],
  invalid: [
    {
      name: "referenced table and column renamed after the foreign key: the message gives the names it shows, and the ALTER COLUMN, which names neither, is inserted",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust integer REFERENCES customers);", "ALTER TABLE customers RENAME TO clients;\nALTER TABLE clients RENAME COLUMN id TO client_id;"],
      errors: [{
        messageId: "typeMismatch", file: 1, line: 2, column: 58, endLine: 2, endColumn: 78,
        message: 'Foreign key "orders_cust_fkey" on "orders" joins columns of different types ("cust" is integer but "clients"."client_id" (named "customers"."id" here) is bigint)',
        suggestion: "ALTER TABLE orders ALTER COLUMN cust TYPE bigint;",
      }],
    },
    {
      name: "columns and referenced table renamed after the foreign key: the message gives the names it shows, and no ALTER COLUMN with the new names is inserted there",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust integer REFERENCES customers);", "ALTER TABLE orders RENAME COLUMN cust TO customer_id;\nALTER TABLE customers RENAME TO clients;\nALTER TABLE clients RENAME COLUMN id TO client_id;"],
      errors: [{
        messageId: "typeMismatch", file: 1, line: 2, column: 58, endLine: 2, endColumn: 78,
        message: 'Foreign key "orders_cust_fkey" on "orders" joins columns of different types ("customer_id" (named "cust" here) is integer but "clients"."client_id" (named "customers"."id" here) is bigint)',
        suggestion: null,
      }],
    },
    {
      name: "integer referencing bigint, through the implicit primary key",
      code: "CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE payments (\n  id bigint PRIMARY KEY,\n  order_id integer NOT NULL REFERENCES orders\n);",
      errors: [
        {
          messageId: "typeMismatch",
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 46,
          message: 'Foreign key "payments_order_id_fkey" on "payments" joins columns of different types ("order_id" is integer but "orders"."id" is bigint)',
          suggestion: "ALTER TABLE payments ALTER COLUMN order_id TYPE bigint;",
        },
      ],
    },
    {
      name: "text referencing uuid",
      code: "CREATE TABLE users (id uuid PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id text, CONSTRAINT fk_posts_users FOREIGN KEY (user_id) REFERENCES users (id));",
      errors: [{ messageId: "typeMismatch", line: 2, column: 58, endLine: 2, endColumn: 127, suggestion: "ALTER TABLE posts ALTER COLUMN user_id TYPE uuid;" }],
    },
    {
      name: "varchar(20) referencing varchar(30)",
      code: "CREATE TABLE countries (code varchar(30) PRIMARY KEY);\nCREATE TABLE addresses (id bigint PRIMARY KEY, country_code varchar(20) REFERENCES countries (code) ON DELETE RESTRICT);",
      errors: [
        {
          messageId: "modifierMismatch",
          line: 2,
          column: 73,
          endLine: 2,
          endColumn: 119,
          message: '("country_code" is character varying(20) but "countries"."code" is character varying(30))',
          suggestion: "ALTER TABLE addresses ALTER COLUMN country_code TYPE character varying(30);",
        },
      ],
    },
    {
      name: "numeric(10,2) referencing numeric(12,2)",
      code: "CREATE TABLE rates (value numeric(12, 2) PRIMARY KEY);\nCREATE TABLE prices (id bigint PRIMARY KEY, rate numeric(10,2) REFERENCES rates);",
      errors: [{ messageId: "modifierMismatch", line: 2, column: 64, endLine: 2, endColumn: 80 }],
    },
    {
      name: "multi-column key: each mismatched pair is named",
      code: "CREATE TABLE items (tenant_id integer, sku varchar(40), PRIMARY KEY (tenant_id, sku));\nCREATE TABLE lines (\n  id bigint PRIMARY KEY,\n  tenant_id bigint,\n  sku varchar(20),\n  FOREIGN KEY (tenant_id, sku) REFERENCES items\n);",
      errors: [
        {
          messageId: "typeMismatch",
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 48,
          message: '("tenant_id" is bigint but "items"."tenant_id" is integer; "sku" is character varying(20) but "items"."sku" is character varying(40))',
          suggestion: "ALTER TABLE lines ALTER COLUMN tenant_id TYPE integer, ALTER COLUMN sku TYPE character varying(40);",
        },
      ],
    },
    {
      name: "referenced column changed by a later ALTER COLUMN TYPE",
      code: ["CREATE TABLE orders (id integer PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id integer REFERENCES orders);", "ALTER TABLE orders ALTER COLUMN id TYPE bigint;"],
      errors: [{ messageId: "typeMismatch", line: 2, column: 64, endLine: 2, endColumn: 81 }],
    },
    {
      name: "foreign key added in a later file, reported there",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id int);", "ALTER TABLE payments ADD CONSTRAINT fk_payments_orders FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;"],
      errors: [{ messageId: "typeMismatch", file: 2, line: 1, column: 26, endLine: 1, endColumn: 111 }],
    },
    {
      name: "domain resolved to its base type",
      code: "CREATE DOMAIN order_ref AS integer;\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id order_ref REFERENCES orders (id));",
      errors: [{ messageId: "typeMismatch", line: 3, column: 66, endLine: 3, endColumn: 88, message: '"order_id" is "order_ref" (a domain over integer) but "orders"."id" is bigint' }],
    },
    {
      name: "user types are quoted identifiers, qualified only outside public, in the message and the fix",
      code: 'CREATE SCHEMA app;\nCREATE DOMAIN "OrderId" AS integer;\nCREATE DOMAIN app."Ref" AS smallint;\nCREATE TABLE orders (id "OrderId", code app."Ref", PRIMARY KEY (id, code));\nCREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint, code integer, FOREIGN KEY (order_id, code) REFERENCES orders);',
      errors: [
        {
          messageId: "typeMismatch",
          line: 5,
          column: 78,
          endLine: 5,
          endColumn: 124,
          message: '("order_id" is bigint but "orders"."id" is "OrderId" (a domain over integer); "code" is integer but "orders"."code" is "app"."Ref" (a domain over smallint))',
          suggestion: 'ALTER TABLE payments ALTER COLUMN order_id TYPE "OrderId", ALTER COLUMN code TYPE app."Ref";',
        },
      ],
    },
    {
      name: "non-public schema: serial referencing bigserial",
      code: "CREATE SCHEMA shop;\nCREATE TABLE shop.orders (id bigserial PRIMARY KEY);\nCREATE TABLE shop.payments (id bigint PRIMARY KEY, order_id serial REFERENCES shop.orders);",
      errors: [
        {
          messageId: "typeMismatch",
          line: 3,
          column: 68,
          endLine: 3,
          endColumn: 90,
          message: 'on "shop"."payments" joins columns of different types ("order_id" is integer but "shop"."orders"."id" is bigint)',
          suggestion: "ALTER TABLE shop.payments ALTER COLUMN order_id TYPE bigint;",
        },
      ],
    },
    {
      name: "array dimensions differ",
      code: "CREATE TABLE t (id int[] PRIMARY KEY);\nCREATE TABLE u (id bigint PRIMARY KEY, t_id int REFERENCES t);",
      errors: [{ messageId: "typeMismatch", line: 2, column: 49, endLine: 2, endColumn: 61, message: '"t_id" is integer but "t"."id" is integer[]' }],
    },
  ],
});
