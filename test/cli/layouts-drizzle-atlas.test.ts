import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, ROOT, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end over fixtures/layouts/drizzle and fixtures/layouts/atlas, as test/cli/layouts.test.ts does
 * for the other layouts: the migration rules only, each finding checked against the fixture's README.
 */
const RULES = ["require-concurrent-index", "no-concurrent-in-transaction", "no-destructive-change", "require-lock-timeout", "require-down-migration", "migration-naming"];

let shared: TempDir;
let config: string;

beforeAll(async () => {
  shared = await tempProject("schemalint-cli-drizzle-atlas-");
  config = await shared.write("schemalint.json", JSON.stringify({ extends: [], rules: Object.fromEntries(RULES.map((id) => [id, "error"])) }));
});

afterAll(async () => {
  await shared.remove();
});

const CASES: readonly (readonly [string, readonly [string, number, number, string | null][]])[] = [
  [
    "drizzle",
    [
      // README: drizzle's migrator runs every pending migration in one transaction, no opt-out.
      ["drizzle/0001_users_email_idx.sql", 3, 1, "no-concurrent-in-transaction"],
      // Not in the journal: never run, not folded (its DROP COLUMN is not reported).
      ["drizzle/0002_orphan.sql", 1, 1, "migration-naming"],
      ["drizzle/meta/_journal.json", 7, 1, "migration-naming"],
    ],
  ],
  [
    "atlas",
    [
      // README: --tx-mode file (the default) runs the file in a transaction.
      ["migrations/20240102000000_users_email_idx.sql", 2, 1, "no-concurrent-in-transaction"],
      // 20240103000000: -- atlas:txmode none in the header: silent.
      // README: no empty line after the directive, so Atlas ignores it.
      ["migrations/20240104000000_users_created_idx.sql", 1, 1, "migration-naming"],
      ["migrations/20240104000000_users_created_idx.sql", 3, 1, "no-concurrent-in-transaction"],
    ],
  ],
];

describe.each(CASES)("fixtures/layouts/%s", (layout, expected) => {
  let run: CliRun;

  beforeAll(() => {
    run = runCli(["-f", "json", "-c", config, `fixtures/layouts/${layout}`]);
  });

  it("exits 1 with nothing on stderr and reports exactly the README's hazards", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(findings(jsonResults(run.stdout), path.join(ROOT, "fixtures", "layouts", layout))).toEqual(expected);
  });
});

describe("verify's history tables", () => {
  it("drizzle.__drizzle_migrations and atlas_schema_revisions.atlas_schema_revisions, whose schemas are the tools'", async () => {
    const { bookkeepingOf } = await import("../../src/verify/bookkeeping.js");
    expect(bookkeepingOf("drizzle")).toMatchObject({ schema: "drizzle", table: "__drizzle_migrations", platformSchemas: ["drizzle"] });
    expect(bookkeepingOf("atlas")).toMatchObject({ schema: "atlas_schema_revisions", table: "atlas_schema_revisions", platformSchemas: ["atlas_schema_revisions"] });
  });
});
