import rule from "../../src/rules/require-fk-index.js";
import { ruleTester } from "../helpers/rule-tester.js";

const parents = "CREATE TABLE accounts (id bigint PRIMARY KEY);\n";

ruleTester(rule, {
  valid: [
    { name: "index on the FK column", code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX ON orders (account_id);` },
    { name: "index added in a later file", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);`, "CREATE INDEX CONCURRENTLY idx_orders_account_id ON orders (account_id);"] },
    { name: "FK added in a later file after the index", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "ALTER TABLE orders ADD CONSTRAINT fk_orders_accounts FOREIGN KEY (account_id) REFERENCES accounts (id);"] },
    { name: "leftmost column of a composite index", code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, created_at timestamptz);\nCREATE INDEX ON orders (account_id, created_at);` },
    { name: "leading column of the primary key", code: `${parents}CREATE TABLE tags (id bigint PRIMARY KEY);\nCREATE TABLE account_tags (account_id bigint REFERENCES accounts, tag_id bigint, PRIMARY KEY (account_id, tag_id));` },
    { name: "a primary key on part of a composite foreign key finds the one row", code: "CREATE TABLE files (id bigint, collection_id bigint, PRIMARY KEY (id, collection_id));\nCREATE TABLE trash (file_id bigint PRIMARY KEY, collection_id bigint, FOREIGN KEY (collection_id, file_id) REFERENCES files (collection_id, id));" },
    { name: "unique constraint", code: `${parents}CREATE TABLE profiles (account_id bigint UNIQUE REFERENCES accounts);` },
    { name: "multi-column FK covered in another order", code: "CREATE TABLE a (x int, y int, PRIMARY KEY (x, y));\nCREATE TABLE b (y int, x int, z int, FOREIGN KEY (x, y) REFERENCES a (x, y));\nCREATE INDEX ON b (y, x, z);" },
    { name: "pg_dump style: PK and index added by ALTER and CREATE INDEX after the data", code: `${parents}CREATE TABLE public.orders (id bigint NOT NULL, account_id bigint);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nCREATE INDEX orders_account_id_idx ON public.orders USING btree (account_id);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id);` },
    { name: "FK dropped later", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_orders_accounts REFERENCES accounts);`, "ALTER TABLE orders DROP CONSTRAINT fk_orders_accounts;"] },
    { name: "table dropped later", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);`, "DROP TABLE orders;"] },
    { name: "partial index WHERE fk IS NOT NULL (equality implies it)", code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX ON orders (account_id) WHERE account_id IS NOT NULL;` },
    { name: "partial index WHERE fk IS NOT NULL whose column is renamed later (the predicate follows)", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, acct bigint REFERENCES accounts (id));\nCREATE INDEX idx_orders_acct ON orders (acct) WHERE acct IS NOT NULL;`, "ALTER TABLE orders RENAME COLUMN acct TO account_id;"] },
    { name: "partial index on a composite FK with IS NOT NULL on both columns", code: "CREATE TABLE a (x int, y int, PRIMARY KEY (x, y));\nCREATE TABLE b (x int, y int, FOREIGN KEY (x, y) REFERENCES a);\nCREATE INDEX ON b (x, y) WHERE x IS NOT NULL AND y IS NOT NULL;" },
    { name: "index dropped and re-created in the same file", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX idx_orders_account_id;\nCREATE INDEX CONCURRENTLY idx_orders_account_id ON orders (account_id);"] },
    { name: "index dropped, then re-created in a later file", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX CONCURRENTLY idx_orders_account_id;", "CREATE INDEX CONCURRENTLY idx_orders_account_id_2 ON orders (account_id);"] },
    { name: "one of two covering indexes dropped", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);\nCREATE INDEX idx_orders_account_id_id ON orders (account_id, id);`, "DROP INDEX idx_orders_account_id;"] },
    { name: "table of the index dropped (the foreign key goes too)", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP TABLE orders;"] },
    { name: "index dropped, then its table", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX idx_orders_account_id;", "DROP TABLE orders;"] },
    { name: "index dropped, then the foreign key", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX idx_orders_account_id;\nALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey;"] },
    { name: "referenced primary key dropped with CASCADE (PostgreSQL drops the foreign key with it), then the referencing unique constraint", code: ["CREATE TABLE flags (key text PRIMARY KEY);\nCREATE TABLE variants (id bigint PRIMARY KEY, flag_key text NOT NULL REFERENCES flags ON DELETE CASCADE, key text NOT NULL, UNIQUE (flag_key, key));", "ALTER TABLE flags DROP CONSTRAINT flags_pkey CASCADE;\nALTER TABLE variants DROP CONSTRAINT variants_flag_key_key_key;"] },
    { name: "column renamed together with its index", code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, acct bigint REFERENCES accounts);\nCREATE INDEX ON orders (acct);`, "ALTER TABLE orders RENAME COLUMN acct TO account_id;"] },
  ],
  invalid: [
    {
      name: "referenced table and column renamed after the foreign key: the message gives the name it shows, and the CREATE INDEX, which names neither, is inserted",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust bigint REFERENCES customers);", "ALTER TABLE customers RENAME TO clients;\nALTER TABLE clients RENAME COLUMN id TO client_id;\nALTER TABLE orders RENAME CONSTRAINT orders_cust_fkey TO orders_client_fkey;"],
      errors: [{
        messageId: "missingIndex", file: 1, line: 2, column: 57, endLine: 2, endColumn: 77,
        message: 'Foreign key "orders_client_fkey" (named "orders_cust_fkey" here) on "orders" ("cust") has no index that starts with its columns: every DELETE or key UPDATE on "clients" (named "customers" here) scans "orders",',
        suggestion: "CREATE INDEX CONCURRENTLY idx_orders_cust ON orders (cust);",
      }],
    },
    {
      name: "tables and column renamed after the foreign key: the message gives the names it shows, and no CREATE INDEX with the new names is inserted there",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust bigint REFERENCES customers);", "ALTER TABLE orders RENAME TO purchase_orders;\nALTER TABLE purchase_orders RENAME COLUMN cust TO customer_id;\nALTER TABLE customers RENAME TO clients;"],
      errors: [{
        messageId: "missingIndex", file: 1, line: 2, column: 57, endLine: 2, endColumn: 77,
        message: 'Foreign key "orders_cust_fkey" on "purchase_orders" (named "orders" here) ("customer_id" (named "cust" here)) has no index that starts with its columns: every DELETE or key UPDATE on "clients" (named "customers" here) scans "purchase_orders" (named "orders" here),',
        suggestion: null,
      }],
    },
    {
      name: "table renamed after the DROP INDEX: the finding at the DROP gives the name it shows",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust bigint REFERENCES customers);\nCREATE INDEX orders_cust_idx ON orders (cust);", "DROP INDEX orders_cust_idx;", "ALTER TABLE orders RENAME TO purchase_orders;"],
      errors: [{
        messageId: "indexDropped", file: 2, line: 1, column: 12, endLine: 1, endColumn: 27,
        message: 'Dropping index "orders_cust_idx" leaves foreign key "orders_cust_fkey" on "purchase_orders" (named "orders" here) ("cust") without an index',
        suggestion: null,
      }],
    },
    {
      name: "a non-unique index on part of a composite foreign key does not do",
      code: "CREATE TABLE files (id bigint, collection_id bigint, PRIMARY KEY (id, collection_id));\nCREATE TABLE trash (id bigint PRIMARY KEY, file_id bigint, collection_id bigint, FOREIGN KEY (collection_id, file_id) REFERENCES files (collection_id, id));\nCREATE INDEX ON trash (file_id);\nCREATE UNIQUE INDEX ON trash (file_id, lower(collection_id::text));",
      errors: [{ messageId: "missingIndex", line: 2, column: 82, endLine: 2, endColumn: 155 }],
    },
    {
      name: "foreign key added inside a DO block, reported at its constraint inside the block",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);`, "DO $$ BEGIN\n  ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts;\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $$;"],
      errors: [{ messageId: "missingIndex", file: 2, line: 2, column: 26, endLine: 2, endColumn: 99, message: 'Foreign key "orders_account_fk" on "orders" ("account_id")' }],
    },
    {
      name: "inline REFERENCES without an index",
      code: `${parents}CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  account_id bigint REFERENCES accounts (id)\n);`,
      errors: [{ messageId: "missingIndex", line: 4, column: 21, endLine: 4, endColumn: 45, message: 'Foreign key "orders_account_id_fkey" on "orders" ("account_id")', suggestion: "CREATE INDEX CONCURRENTLY idx_orders_account_id ON orders (account_id);" }],
    },
    {
      name: "named table constraint, reported in the file that declares it",
      code: [parents, "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint,\n\tCONSTRAINT fk_orders_accounts FOREIGN KEY (account_id) REFERENCES accounts);"],
      errors: [{ messageId: "missingIndex", file: 2, line: 2, column: 2, endLine: 2, endColumn: 76 }],
    },
    {
      name: "partial index does not cover",
      code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, deleted_at timestamptz);\nCREATE INDEX ON orders (account_id) WHERE deleted_at IS NULL;`,
      errors: [{ messageId: "missingIndex", line: 2, column: 63, endLine: 2, endColumn: 82 }],
    },
    {
      name: "partial index WHERE another column IS NOT NULL does not cover",
      code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, shipped_at timestamptz);\nCREATE INDEX ON orders (account_id) WHERE shipped_at IS NOT NULL;`,
      errors: [{ messageId: "missingIndex", line: 2, column: 63, endLine: 2, endColumn: 82 }],
    },
    {
      name: "FK column second in a composite index",
      code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz, account_id bigint REFERENCES accounts);\nCREATE INDEX ON orders (created_at, account_id);`,
      errors: [{ messageId: "missingIndex", line: 2, column: 87, endLine: 2, endColumn: 106 }],
    },
    {
      name: "index dropped in a later file, reported at the DROP INDEX",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX CONCURRENTLY idx_orders_account_id;"],
      errors: [
        {
          messageId: "indexDropped",
          file: 2,
          line: 1,
          column: 25,
          endLine: 1,
          endColumn: 46,
          message: 'Dropping index "idx_orders_account_id" leaves foreign key "orders_account_id_fkey" on "orders" ("account_id") without an index that starts with its columns: every DELETE or key UPDATE on "accounts" will scan "orders"',
          suggestion: "CREATE INDEX CONCURRENTLY idx_orders_account_id ON orders (account_id);",
        },
      ],
    },
    {
      name: "index dropped with others in one DROP INDEX, reported at its name in the list",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);\nCREATE INDEX idx_orders_id ON orders (id);`, "DROP INDEX IF EXISTS idx_orders_id, public.idx_orders_account_id;"],
      errors: [{ messageId: "indexDropped", file: 2, line: 1, column: 37, endLine: 1, endColumn: 65 }],
    },
    {
      name: "index dropped, re-created and dropped again: reported at the last DROP INDEX",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX idx_orders_account_id;\nCREATE INDEX idx_orders_account_id ON orders (account_id);", "SELECT 1;\nDROP INDEX idx_orders_account_id;"],
      errors: [{ messageId: "indexDropped", file: 3, line: 2, column: 12, endLine: 2, endColumn: 33 }],
    },
    {
      name: "index dropped, then the foreign key re-added without one: reported at the new foreign key",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DROP INDEX idx_orders_account_id;", "ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey;\nALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts;"],
      errors: [{ messageId: "missingIndex", file: 3, line: 2, column: 24, endLine: 2, endColumn: 97 }],
    },
    {
      name: "unique constraint whose index covered the foreign key dropped, reported at the DROP CONSTRAINT",
      code: [`${parents}CREATE TABLE profiles (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, CONSTRAINT profiles_account_key UNIQUE (account_id));`, "ALTER TABLE profiles\n  DROP CONSTRAINT profiles_account_key;"],
      errors: [{ messageId: "indexDropped", file: 2, line: 2, column: 19, endLine: 2, endColumn: 39, message: 'Dropping constraint "profiles_account_key" and its index leaves foreign key "profiles_account_id_fkey" on "profiles" ("account_id")' }],
    },
    {
      name: "column dropped with the composite index that covered the foreign key, reported at the column",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, created_at timestamptz);\nCREATE INDEX idx_orders_account_created ON orders (account_id, created_at);`, "ALTER TABLE orders DROP COLUMN created_at;"],
      errors: [{ messageId: "indexDropped", file: 2, line: 1, column: 32, endLine: 1, endColumn: 42, message: 'Dropping index "idx_orders_account_created" leaves' }],
    },
    {
      name: "index dropped inside a DO block, reported inside the block",
      code: [`${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX idx_orders_account_id ON orders (account_id);`, "DO $$ BEGIN\n  DROP INDEX idx_orders_account_id;\nEND $$;"],
      errors: [{ messageId: "indexDropped", file: 2, line: 2, column: 14, endLine: 2, endColumn: 35 }],
    },
    {
      name: "hash index is not counted (only btree, PK and UNIQUE)",
      code: `${parents}CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCREATE INDEX ON orders USING hash (account_id);`,
      errors: [{ messageId: "missingIndex", line: 2, column: 63, endLine: 2, endColumn: 82 }],
    },
    {
      name: "schema-qualified table gets a qualified suggestion",
      code: "CREATE SCHEMA app;\nCREATE TABLE app.users (id bigint PRIMARY KEY);\nCREATE TABLE app.posts (id bigint PRIMARY KEY, user_id bigint REFERENCES app.users);",
      errors: [{ messageId: "missingIndex", line: 3, column: 63, endLine: 3, endColumn: 83, suggestion: "CREATE INDEX CONCURRENTLY idx_posts_user_id ON app.posts (user_id);" }],
    },
  ],
});
