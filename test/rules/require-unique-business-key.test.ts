import rule from "../../src/rules/require-unique-business-key.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "inline UNIQUE", code: "CREATE TABLE accounts (id bigint PRIMARY KEY, slug text NOT NULL UNIQUE);" },
    { name: "composite unique with the tenant column first", code: "CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint NOT NULL, email text NOT NULL, UNIQUE (account_id, email));" },
    { name: "unique index on lower(email)", code: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX idx_users_lower_email ON users (lower(email));" },
    { name: "partial unique index (soft delete)", code: "CREATE TABLE products (id bigint PRIMARY KEY, sku text NOT NULL, deleted_at timestamptz);\nCREATE UNIQUE INDEX idx_products_sku ON products (sku) WHERE deleted_at IS NULL;" },
    { name: "primary key containing the column", code: "CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);\nCREATE TABLE tenant_codes (tenant_id bigint, code text, PRIMARY KEY (tenant_id, code));" },
    { name: "unique index added in a later file", code: ["CREATE TABLE users (id bigint PRIMARY KEY, username text NOT NULL);", "CREATE UNIQUE INDEX CONCURRENTLY idx_users_username ON users (username);"] },
    { name: "unique constraint added with USING INDEX", code: "CREATE TABLE users (id bigint PRIMARY KEY, handle text NOT NULL);\nCREATE UNIQUE INDEX users_handle_idx ON users (handle);\nALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_idx;" },
    { name: "names are whole names", code: "CREATE TABLE users (id bigint PRIMARY KEY, contact_email text, email_verified_at timestamptz, zip_code text, codes text[]);" },
    { name: "custom column list replaces the defaults", code: "CREATE TABLE users (id bigint PRIMARY KEY, email text);", options: {"columns": ["isbn"]} },
    { name: "partition of a table with a unique key", code: "CREATE TABLE users (email text NOT NULL, region text NOT NULL, UNIQUE (email, region)) PARTITION BY LIST (region);\nCREATE TABLE users_eu PARTITION OF users FOR VALUES IN ('eu');" },
    { name: "foreign table", code: "CREATE FOREIGN TABLE remote_users (id bigint, email text) SERVER remote;" },
    { name: "column dropped later", code: ["CREATE TABLE users (id bigint PRIMARY KEY, username text);", "ALTER TABLE users DROP COLUMN username;"] },
  ],
  invalid: [
    {
      name: "table and column renamed after the column was added: the message gives the names it shows, and no CREATE INDEX with the new names is inserted there",
      code: ["CREATE TABLE users (id bigint PRIMARY KEY, mail text);", "ALTER TABLE users RENAME TO accounts;\nALTER TABLE accounts RENAME COLUMN mail TO email;"],
      errors: [{
        messageId: "missingUnique", file: 1, line: 1, column: 44, endLine: 1, endColumn: 53,
        message: 'Column "email" (named "mail" here) of "accounts" (named "users" here) identifies rows to people, but no unique constraint or unique index includes it: duplicate values can be stored, and a lookup by "email" can return several rows.',
        suggestion: null,
      }],
    },
    {
      name: "email without a unique constraint or index",
      code: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  account_id bigint NOT NULL,\n  email text NOT NULL\n);\nCREATE INDEX idx_customers_email ON customers (email);",
      errors: [
        { messageId: "missingUnique", line: 4, column: 3, endLine: 4, endColumn: 22, message: "Column \"email\" of \"customers\" identifies rows to people, but no unique constraint or unique index includes it", suggestion: "CREATE UNIQUE INDEX CONCURRENTLY idx_customers_lower_email ON customers (lower(email));" },
      ],
    },
    {
      name: "sku: plain key in the suggestion",
      code: "CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(50) NOT NULL);",
      errors: [
        { messageId: "missingUnique", line: 1, column: 47, endLine: 1, endColumn: 71, suggestion: "CREATE UNIQUE INDEX CONCURRENTLY idx_products_sku ON products (sku);" },
      ],
    },
    {
      name: "citext email needs no lower()",
      code: "CREATE EXTENSION citext;\nCREATE TABLE users (id bigint PRIMARY KEY, email citext NOT NULL);",
      errors: [
        { messageId: "missingUnique", line: 2, column: 44, endLine: 2, endColumn: 65, suggestion: "CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email);" },
      ],
    },
    {
      name: "INCLUDE columns are not enforced",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, username text);\nCREATE UNIQUE INDEX ON users (id) INCLUDE (username);",
      errors: [
        { messageId: "missingUnique", line: 1, column: 44, endLine: 1, endColumn: 57 },
      ],
    },
    {
      name: "an expression over two columns counts for neither",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, username text, handle text);\nCREATE UNIQUE INDEX ON users ((username || handle));",
      errors: [
        { messageId: "missingUnique", line: 1, column: 44, endLine: 1, endColumn: 57 },
        { messageId: "missingUnique", line: 1, column: 59, endLine: 1, endColumn: 70 },
      ],
    },
    {
      name: "unique constraint dropped in a later file",
      code: ["CREATE TABLE accounts (id bigint PRIMARY KEY, slug text NOT NULL CONSTRAINT accounts_slug_key UNIQUE);", "ALTER TABLE accounts DROP CONSTRAINT accounts_slug_key;"],
      errors: [
        { messageId: "missingUnique", line: 1, column: 47, endLine: 1, endColumn: 101 },
      ],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA shop;\nCREATE TABLE shop.customers (id bigint PRIMARY KEY, email text NOT NULL);",
      errors: [
        { messageId: "missingUnique", line: 2, column: 53, endLine: 2, endColumn: 72, message: "Column \"email\" of \"shop\".\"customers\"", suggestion: "CREATE UNIQUE INDEX CONCURRENTLY idx_customers_lower_email ON shop.customers (lower(email));" },
      ],
    },
    {
      name: "added by ALTER TABLE in a later file; names compare case-insensitively",
      code: ["CREATE TABLE coupons (id bigint PRIMARY KEY);", "ALTER TABLE coupons ADD COLUMN \"Code\" text NOT NULL;"],
      errors: [
        { messageId: "missingUnique", file: 2, line: 1, column: 32, endLine: 1, endColumn: 52, suggestion: "CREATE UNIQUE INDEX CONCURRENTLY \"idx_coupons_Code\" ON coupons (\"Code\");" },
      ],
    },
    {
      name: "partitioned table without a unique key: reported once, on the parent",
      code: "CREATE TABLE users (email text NOT NULL, region text NOT NULL) PARTITION BY LIST (region);\nCREATE TABLE users_eu PARTITION OF users FOR VALUES IN ('eu');\nCREATE UNIQUE INDEX ON users_eu (email);",
      errors: [
        { messageId: "missingUnique", line: 1, column: 21, endLine: 1, endColumn: 40 },
      ],
    },
    {
      name: "custom column list",
      code: "CREATE TABLE books (id bigint PRIMARY KEY, isbn text NOT NULL, email text);",
      options: {"columns": ["ISBN"]},
      errors: [
        { messageId: "missingUnique", line: 1, column: 44, endLine: 1, endColumn: 62 },
      ],
    },
  ],
});
