import rule from "../../src/rules/require-foreign-key.js";
import { ruleTester } from "../helpers/rule-tester.js";

const users = "CREATE TABLE users (id bigint PRIMARY KEY);\n";

ruleTester(rule, {
  valid: [
    {
      name: "a column named after its own table is an outside identifier, not a self-reference (rallly provider_calendars.provider_calendar_id)",
      code: 'CREATE TABLE provider_calendars (id text PRIMARY KEY, provider_calendar_id text NOT NULL, name text NOT NULL);\nCREATE UNIQUE INDEX provider_calendars_provider_calendar_id_key ON provider_calendars (provider_calendar_id);\nCREATE TABLE coupons (id bigint PRIMARY KEY, coupon_id text);',
    },
    { name: "inline REFERENCES", code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE);` },
    { name: "table constraint", code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, CONSTRAINT fk_posts_users FOREIGN KEY (user_id) REFERENCES users (id));` },
    {
      name: "FK added inside a DO block (Drizzle Kit's idempotent form)",
      code: [
        `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`,
        'DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;',
      ],
    },
    { name: "FK added by ALTER TABLE in a later file", code: [`${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`, "ALTER TABLE posts ADD CONSTRAINT fk_posts_users FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"] },
    { name: "column of a multi-column foreign key", code: "CREATE TABLE users (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id));\nCREATE TABLE posts (id bigint PRIMARY KEY, tenant_id bigint, user_id bigint, FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id));" },
    { name: "x names no table: external_id, stripe_customer_id", code: "CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, external_id text, stripe_customer_id text, customer_id bigint REFERENCES customers);" },
    { name: "the table's own primary key id", code: users },
    { name: "users.user_id as the primary key of users", code: "CREATE TABLE users (user_id bigint PRIMARY KEY, name text);" },
    { name: "users.user_id as the primary key added by ALTER", code: ["CREATE TABLE users (user_id bigint NOT NULL, name text);", "ALTER TABLE users ADD PRIMARY KEY (user_id);"] },
    { name: "parent_id without a parents table", code: "CREATE TABLE categories (id bigint PRIMARY KEY, parent_id bigint, name text);" },
    { name: "table referenced by the name dropped later", code: ["CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);", "DROP TABLE orders;"] },
    { name: "column dropped later", code: [`${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`, "ALTER TABLE posts DROP COLUMN user_id;"] },
    { name: "referenced table has only a composite key", code: "CREATE TABLE memberships (group_id bigint, member_id bigint, PRIMARY KEY (group_id, member_id));\nCREATE TABLE votes (id bigint PRIMARY KEY, membership_id bigint);" },
    { name: "array column cannot be a foreign key", code: `${users}CREATE TABLE teams (id bigint PRIMARY KEY, user_id bigint[]);` },
    { name: "partition of a table whose foreign key covers the column", code: `${users}CREATE TABLE events (id bigint, user_id bigint REFERENCES users ON DELETE CASCADE, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');` },
    { name: "ignoreColumns by name", code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`, options: { ignoreColumns: ["user_id"] } },
    { name: "ignoreColumns by table-qualified name", code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`, options: { ignoreColumns: ["posts.user_id"] } },
    { name: "custom columnPattern does not match _id", code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);`, options: { columnPattern: "^fk_(.+)$" } },
    { name: "table in another schema off the search path is not found", code: "CREATE SCHEMA billing;\nCREATE TABLE billing.accounts (id bigint PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY, account_id bigint);" },
  ],
  invalid: [
    {
      name: "column without a foreign key",
      code: `${users}CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL,\n  title text\n);`,
      errors: [
        {
          messageId: "missingForeignKey",
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 26,
          message: 'Column "user_id" of "posts" looks like a reference to "users" but is part of no foreign key',
          suggestion: "ALTER TABLE posts ADD CONSTRAINT fk_posts_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT NOT VALID; ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_users;",
        },
      ],
    },
    {
      name: "singular, plural and irregular table names",
      code: "CREATE TABLE people (id bigint PRIMARY KEY);\nCREATE TABLE categories (id bigint PRIMARY KEY);\nCREATE TABLE category (id int PRIMARY KEY);\nCREATE TABLE t (id bigint PRIMARY KEY, person_id bigint, category_id int, people_id bigint);",
      errors: [
        { messageId: "missingForeignKey", line: 4, column: 40, endLine: 4, endColumn: 56, message: 'looks like a reference to "people"' },
        { messageId: "missingForeignKey", line: 4, column: 58, endLine: 4, endColumn: 73, message: 'looks like a reference to "category"' },
        { messageId: "missingForeignKey", line: 4, column: 75, endLine: 4, endColumn: 91, message: 'looks like a reference to "people"' },
      ],
    },
    {
      name: "column added by ALTER TABLE in a later file, reported there",
      code: [`${users}CREATE TABLE posts (id bigint PRIMARY KEY);`, "ALTER TABLE posts ADD COLUMN user_id bigint;"],
      errors: [{ messageId: "missingForeignKey", file: 2, line: 1, column: 30, endLine: 1, endColumn: 44 }],
    },
    {
      name: "foreign key dropped in a later file",
      code: [`${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint CONSTRAINT fk_posts_users REFERENCES users);`, "ALTER TABLE posts DROP CONSTRAINT fk_posts_users;"],
      errors: [{ messageId: "missingForeignKey", line: 2, column: 44, endLine: 2, endColumn: 101 }],
    },
    {
      name: "non-public schema: the table of the same schema comes first",
      code: "CREATE SCHEMA app;\nCREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE app.users (id uuid PRIMARY KEY);\nCREATE TABLE app.posts (id bigint PRIMARY KEY, user_id uuid);",
      errors: [
        {
          messageId: "missingForeignKey",
          line: 4,
          column: 48,
          endLine: 4,
          endColumn: 60,
          message: 'Column "user_id" of "app"."posts" looks like a reference to "app"."users"',
          suggestion: "ALTER TABLE app.posts ADD CONSTRAINT fk_posts_users FOREIGN KEY (user_id) REFERENCES app.users (id) ON DELETE RESTRICT NOT VALID; ALTER TABLE app.posts VALIDATE CONSTRAINT fk_posts_users;",
        },
      ],
    },
    {
      name: "primary key of a one-to-one table still references the other table",
      code: `${users}CREATE TABLE user_profiles (user_id bigint PRIMARY KEY, bio text);`,
      errors: [{ messageId: "missingForeignKey", line: 2, column: 29, endLine: 2, endColumn: 55 }],
    },
    {
      name: "parent_id when a parents table exists",
      code: "CREATE TABLE parents (id bigint PRIMARY KEY);\nCREATE TABLE children (id bigint PRIMARY KEY, parent_id bigint);",
      errors: [{ messageId: "missingForeignKey", line: 2, column: 47, endLine: 2, endColumn: 63 }],
    },
    {
      name: "suggested name already taken: falls back to the column",
      code: `${users}CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  author_id bigint CONSTRAINT fk_posts_users REFERENCES users ON DELETE CASCADE,\n  user_id bigint\n);`,
      errors: [
        {
          messageId: "missingForeignKey",
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 17,
          suggestion: "ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT NOT VALID; ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id;",
        },
      ],
    },
    {
      name: "partitioned table: reported once, on the parent",
      code: `${users}CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      errors: [{ messageId: "missingForeignKey", line: 2, column: 33, endLine: 2, endColumn: 47, message: 'Column "user_id" of "events"' }],
    },
    {
      name: "custom columnPattern",
      code: `${users}CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, fk_user bigint);`,
      options: { columnPattern: "^fk_(.+)$" },
      errors: [{ messageId: "missingForeignKey", line: 2, column: 60, endLine: 2, endColumn: 74 }],
    },
  ],
});
