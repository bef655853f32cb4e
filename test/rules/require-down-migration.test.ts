import rule from "../../src/rules/require-down-migration.js";
import { describe, expect, it } from "vitest";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const create = "CREATE TABLE users (id bigint PRIMARY KEY);";

ruleTester(rule, {
  valid: [
    {
      name: "empty down after a data-only up",
      code: [{ path: "/m/000001_users.up.sql", sql: create }, { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;" }, { path: "/m/000002_bump.up.sql", sql: "UPDATE users SET id = id WHERE id < 0;\nINSERT INTO users VALUES (1);" }, { path: "/m/000002_bump.down.sql", sql: "-- data migration, nothing to undo\n" }],
    },
    { name: "golang-migrate pair", code: [{ path: "/m/000001_users.up.sql", sql: create }, { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;" }] },
    { name: "dbmate file with both sections", code: { path: "/db/20240101000000_users.sql", sql: `-- migrate:up\n${create}\n\n-- migrate:down\nDROP TABLE users;\n` } },
    { name: "goose file with both sections", code: { path: "/g/00001_users.sql", sql: `-- +goose Up\n${create}\n-- +goose Down\nDROP TABLE users;\n` } },
    { name: "diesel directory with down.sql", code: [{ path: "/d/2024-01-01-000000_users/up.sql", sql: create }, { path: "/d/2024-01-01-000000_users/down.sql", sql: "DROP TABLE users;" }] },
    { name: "plain {name}.up.sql paired with its {name}.down.sql (authelia)", code: [{ path: "/a/V0001.Init.up.sql", sql: create }, { path: "/a/V0001.Init.down.sql", sql: "DROP TABLE users;" }] },
    { name: "plain files: no down by design", code: ["CREATE TABLE a (id bigint PRIMARY KEY);", "CREATE TABLE b (id bigint PRIMARY KEY);"] },
    { name: "Prisma: no down by design", code: { path: "/p/migrations/20240101000000_init/migration.sql", sql: create } },
    { name: "Supabase: no down by design", code: { path: "/app/supabase/migrations/20240101000000_init.sql", sql: create } },
    { name: "Flyway: undo migrations are optional", code: { path: "/f/V1__init.sql", sql: create } },
    { name: "a dump", code: { path: "/db/structure.sql", sql: create } },
  ],
  invalid: [
    {
      name: "a file starting with blank lines: the finding is on its first line with text, not an empty range",
      code: [{ path: "/m/000001_users.up.sql", sql: create }, { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;" }, { path: "/m/000002_posts.up.sql", sql: "\n  \nCREATE TABLE posts (id bigint PRIMARY KEY);" }],
      errors: [{ messageId: "missingDown", file: 3, line: 3, column: 1, endLine: 3, endColumn: 44 }],
    },
    {
      name: "golang-migrate up without a down file",
      code: [{ path: "/m/000001_users.up.sql", sql: create }, { path: "/m/000001_users.down.sql", sql: "DROP TABLE users;" }, { path: "/m/000002_posts.up.sql", sql: "-- posts\nCREATE TABLE posts (id bigint PRIMARY KEY);" }],
      errors: [{ messageId: "missingDown", file: 3, line: 1, column: 1, endLine: 1, endColumn: 9, message: 'Migration "000002" has no down migration' }],
    },
    {
      name: "empty golang-migrate down file (comments only)",
      code: [{ path: "/m/000001_users.up.sql", sql: create }, { path: "/m/000001_users.down.sql", sql: "-- nothing to do\n" }],
      errors: [{ messageId: "emptyDown", file: 2, line: 1, column: 1, endLine: 1, endColumn: 17, message: 'The down migration of "000001" is empty' }],
    },
    {
      name: "dbmate file without a down section: reported at the up marker",
      code: { path: "/db/20240101000000_users.sql", sql: `-- users\n-- migrate:up\n${create}\n` },
      errors: [{ messageId: "missingDown", line: 2, column: 1, endLine: 2, endColumn: 14 }],
    },
    {
      name: "dbmate file with an empty down section: reported at the down marker",
      code: { path: "/db/20240101000000_users.sql", sql: `-- migrate:up\n${create}\n\n-- migrate:down\n\n` },
      errors: [{ messageId: "emptyDown", line: 4, column: 1, endLine: 4, endColumn: 16 }],
    },
    {
      name: "goose file without a down section",
      code: { path: "/g/00001_users.sql", sql: `-- +goose Up\n${create}\n` },
      errors: [{ messageId: "missingDown", line: 1, column: 1, endLine: 1, endColumn: 13, message: "has no down migration" }],
    },
    {
      name: "plain {name}.up.sql without its {name}.down.sql, beside a pair: the names promise one",
      code: [{ path: "/a/V0001.Init.up.sql", sql: create }, { path: "/a/V0001.Init.down.sql", sql: "DROP TABLE users;" }, { path: "/a/V0002.Posts.up.sql", sql: "CREATE TABLE posts (id bigint PRIMARY KEY);" }],
      errors: [{ messageId: "missingDown", file: 3, line: 1, column: 1, endLine: 1, endColumn: 44, message: 'Migration "V0002.Posts" has no down migration' }],
    },
    {
      name: "diesel directory without down.sql",
      code: { path: "/d/2024-01-01-000000_users/up.sql", sql: create },
      errors: [{ messageId: "missingDown", line: 1, column: 1, endLine: 1, endColumn: 44, message: '"2024-01-01-000000"' }],
    },
  ],
});

describe("require-down-migration: where the down goes", () => {
  it("names the {name}.down.sql beside a plain {name}.up.sql", async () => {
    const results = await lintWithRule(rule, [{ path: "/a/V0001.Init.up.sql", sql: "SELECT 1;" }, { path: "/a/V0001.Init.down.sql", sql: "SELECT 1;" }, { path: "/a/V0002.Posts.up.sql", sql: create }]);
    expect(allMessages(results).map((m) => m.help)).toEqual([expect.stringContaining('Write the file "V0002.Posts.down.sql" beside it')]);
  });
});
