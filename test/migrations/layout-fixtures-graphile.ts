import type { LayoutName } from "../../src/migrations/layouts.js";
import type { Expected } from "./layout-fixture-files.js";

/** fixtures/layouts/graphile-migrate, for test/migrations/layout-fixtures.test.ts (kept apart for its length). */
export const GRAPHILE_MIGRATE: Expected = {
  dir: "migrations",
  migrations: [
    "|afterReset.sql|up=afterReset.sql:query|down=|verify=",
    "000001||up=committed/000001.sql:tool|down=|verify=",
    "000002|users-created-at-index|up=committed/000002-users-created-at-index.sql:query|down=|verify=",
    "000003|users-name|up=committed/000003-users-name.sql:tool|down=|verify=",
    "|current|up=current/1-current.sql:tool,current/2-bio-index.sql:tool|down=|verify=",
  ],
  problems: [
    {
      file: "committed/000003-users-name.sql",
      line: 1,
      kind: "checksum",
      message:
        'the migration was edited after it was committed: its body hashes to "sha1:48bc1b797de994850bf9708d1738a27fa3f194de", not "--! Hash: sha1:8bcc160c9344dcfb54d7c2896aa5b7e4e2fb8783"; graphile-migrate refuses to run it',
    },
  ],
  ignored: ["afterCurrent.sql"],
};

/** The statements fixtures/layouts/graphile-migrate/README.md points at. */
export const GRAPHILE_MIGRATE_STATEMENTS: [LayoutName, string, "up" | "down", string, number][] = [
  ["graphile-migrate", "committed/000002-users-created-at-index.sql", "up", "CREATE INDEX CONCURRENTLY", 6],
  ["graphile-migrate", "committed/000003-users-name.sql", "up", "CREATE INDEX CONCURRENTLY", 6],
  ["graphile-migrate", "current/2-bio-index.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
];
