import rule from "../../src/rules/junction-table-key.js";
import { ruleTester } from "../helpers/rule-tester.js";

const parents = "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE roles (id bigint PRIMARY KEY);\n";

ruleTester(rule, {
  valid: [
    {
      name: "an event table whose rows outlive what they reference (ON DELETE SET NULL): repeated pairs are the data",
      code: "CREATE TABLE campaigns (id bigint PRIMARY KEY);\nCREATE TABLE subscribers (id bigint PRIMARY KEY);\nCREATE TABLE campaign_views (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, campaign_id bigint NOT NULL REFERENCES campaigns ON DELETE CASCADE, subscriber_id bigint REFERENCES subscribers ON DELETE SET NULL, created_at timestamptz NOT NULL DEFAULT now());",
    },
    { name: "an order line (own id, quantity and price) is an entity, not a junction table", code: "CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE products (id bigint PRIMARY KEY);\nCREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders, product_id bigint REFERENCES products, quantity integer, unit_price numeric(12, 2));" },
    { name: "a comment (own id and a body) is an entity", code: `${parents}CREATE TABLE comments (id bigint PRIMARY KEY, user_id bigint REFERENCES users, role_id bigint REFERENCES roles, body text, created_at timestamptz);` },
    { name: "composite primary key on the pair", code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, created_at timestamptz, PRIMARY KEY (user_id, role_id));` },
    { name: "primary key in the other column order", code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, PRIMARY KEY (role_id, user_id));` },
    { name: "unique constraint next to a surrogate id", code: `${parents}CREATE TABLE user_roles (id bigint PRIMARY KEY, user_id bigint REFERENCES users, role_id bigint REFERENCES roles, UNIQUE (user_id, role_id));` },
    { name: "unique index on the pair", code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles);\nCREATE UNIQUE INDEX user_roles_pair ON user_roles (role_id, user_id);` },
    { name: "primary key added in a later file", code: [`${parents}CREATE TABLE user_roles (user_id bigint NOT NULL REFERENCES users, role_id bigint NOT NULL REFERENCES roles);`, "ALTER TABLE user_roles ADD PRIMARY KEY (user_id, role_id);"] },
    { name: "unique on one of the foreign key columns (one-to-one)", code: `${parents}CREATE TABLE user_roles (user_id bigint UNIQUE REFERENCES users, role_id bigint REFERENCES roles);` },
    { name: "a table with one foreign key", code: `${parents}CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users, created_at timestamptz);` },
    { name: "one two-column foreign key is one relationship", code: "CREATE TABLE items (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id));\nCREATE TABLE notes (tenant_id bigint, item_id bigint, FOREIGN KEY (tenant_id, item_id) REFERENCES items);" },
    {
      name: "many business columns: not a junction",
      code: `${parents}CREATE TABLE assignments (id bigint PRIMARY KEY, user_id bigint REFERENCES users, role_id bigint REFERENCES roles, title text, notes text, priority int, created_at timestamptz);`,
    },
    { name: "maxExtraColumns lowered", code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, note text);`, options: { maxExtraColumns: 0 } },
    { name: "partition of a keyed partitioned table", code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, PRIMARY KEY (user_id, role_id)) PARTITION BY HASH (user_id);\nCREATE TABLE user_roles_0 PARTITION OF user_roles FOR VALUES WITH (MODULUS 2, REMAINDER 0);` },
    {
      name: "an entity with a natural primary key and foreign keys that allow NULL (Lemmy's local_image)",
      code: "CREATE TABLE persons (id bigint PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY);\nCREATE TABLE local_images (pictrs_alias text PRIMARY KEY, published_at timestamptz NOT NULL DEFAULT now(), person_id bigint REFERENCES persons ON DELETE CASCADE, thumbnail_for_post_id bigint REFERENCES posts ON DELETE CASCADE);",
    },
    { name: "a natural primary key that is not a foreign key identifies the row itself", code: `${parents}CREATE TABLE badges (code text PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, role_id bigint NOT NULL REFERENCES roles);` },
    { name: "a generated key and a foreign key that allows NULL: a row may have one end only (an attachment of a post or of a comment)", code: `${parents}CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint REFERENCES users, role_id bigint NOT NULL REFERENCES roles);` },
    { name: "second foreign key dropped later", code: [`${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint CONSTRAINT fk_user_roles_roles REFERENCES roles);`, "ALTER TABLE user_roles DROP CONSTRAINT fk_user_roles_roles;"] },
  ],
  invalid: [
    {
      name: "no key at all",
      code: `${parents}CREATE TABLE user_roles (\n  user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,\n  role_id bigint NOT NULL REFERENCES roles ON DELETE CASCADE,\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
      errors: [
        {
          messageId: "missingKey",
          line: 3,
          column: 14,
          endLine: 7,
          endColumn: 2,
          message: 'Junction table "user_roles" links "users" and "roles" through "user_id", "role_id" but has no primary key or unique constraint on them',
          suggestion: "ALTER TABLE user_roles ADD PRIMARY KEY (user_id, role_id);",
        },
      ],
    },
    {
      name: "surrogate id alone does not prevent duplicate pairs",
      code: `${parents}CREATE TABLE user_roles (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, role_id bigint NOT NULL REFERENCES roles, user_id bigint NOT NULL REFERENCES users, granted_on date);`,
      errors: [
        {
          messageId: "pairNotUnique",
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 178,
          message: 'links "roles" and "users" through "role_id", "user_id" but its primary key ("id") does not make the pair unique',
          suggestion: "ALTER TABLE user_roles ADD UNIQUE (role_id, user_id);",
        },
      ],
    },
    {
      name: "non-public schema, with two extra columns allowed by maxExtraColumns: 2",
      code: "CREATE SCHEMA acl;\nCREATE TABLE acl.users (id bigint PRIMARY KEY);\nCREATE TABLE acl.groups (id bigint PRIMARY KEY);\nCREATE TABLE acl.memberships (user_id bigint REFERENCES acl.users, group_id bigint REFERENCES acl.groups, role text, note text);",
      options: { maxExtraColumns: 2 },
      errors: [
        {
          messageId: "missingKey",
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 128,
          message: 'Junction table "acl"."memberships" links "acl"."users" and "acl"."groups"',
          suggestion: "ALTER TABLE acl.memberships ADD PRIMARY KEY (user_id, group_id);",
        },
      ],
    },
    {
      name: "self-referencing pair",
      code: "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE follows (follower_id bigint REFERENCES users, followee_id bigint REFERENCES users);",
      errors: [{ messageId: "missingKey", line: 2, column: 14, endLine: 2, endColumn: 96, message: 'links "users" to itself through "follower_id", "followee_id"' }],
    },
    {
      name: "a uuid key with a default is generated, not natural",
      code: `${parents}CREATE TABLE user_roles (key uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id bigint NOT NULL REFERENCES users, role_id bigint NOT NULL REFERENCES roles);`,
      errors: [{ messageId: "pairNotUnique", line: 3, column: 14, endLine: 3, endColumn: 157, message: 'its primary key ("key") does not make the pair unique' }],
    },
    {
      name: "three foreign keys link a combination, not a pair",
      code: "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE roles (id bigint PRIMARY KEY);\nCREATE TABLE projects (id bigint PRIMARY KEY);\nCREATE TABLE grants (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, project_id bigint REFERENCES projects);",
      errors: [
        {
          messageId: "missingKey",
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 126,
          message:
            'Junction table "grants" links "users", "roles" and "projects" through "user_id", "role_id", "project_id" but has no primary key or unique constraint on them: the same combination can be stored twice, so joins through it return duplicate rows.',
          suggestion: "ALTER TABLE grants ADD PRIMARY KEY (user_id, role_id, project_id);",
        },
      ],
    },
    {
      name: "a partial unique index does not count",
      code: `${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, revoked_at timestamptz);\nCREATE UNIQUE INDEX ON user_roles (user_id, role_id) WHERE revoked_at IS NULL;`,
      errors: [{ messageId: "missingKey", line: 3, column: 14, endLine: 3, endColumn: 115 }],
    },
    {
      name: "primary key dropped in a later file: reported at that ALTER TABLE",
      code: [`${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, revoked_at timestamptz, PRIMARY KEY (user_id, role_id));`, "ALTER TABLE user_roles DROP CONSTRAINT user_roles_pkey;"],
      errors: [{ messageId: "missingKey", file: 2, line: 1, column: 1, endLine: 1, endColumn: 55 }],
    },
    {
      name: "second foreign key added in a later file makes it a junction",
      code: [`${parents}CREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint, revoked_at timestamptz);`, "ALTER TABLE user_roles ADD FOREIGN KEY (role_id) REFERENCES roles;"],
      errors: [{ messageId: "missingKey", line: 3, column: 14, endLine: 3, endColumn: 98 }],
    },
  ],
});
