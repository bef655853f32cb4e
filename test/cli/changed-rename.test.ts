import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, git, jsonResults, runCli, tempProject, type TempDir } from "./run.js";

/**
 * A Prisma history in a temporary git repository: a (on main) creates "connectors" with a primary key
 * named after it; a feature branch adds b, which renames the table and leaves the key's name behind.
 * The finding belongs to b, so `--changed-since main` still reports it.
 */
const CONFIG = JSON.stringify({ extends: [], rules: { "naming-convention": "warn" }, include: ["prisma/migrations"] });
const A = "CREATE TABLE connectors (\n    id bigint NOT NULL,\n    CONSTRAINT connectors_pkey PRIMARY KEY (id)\n);\n";
const B = "ALTER TABLE connectors RENAME TO feedback_sources;\n";

describe("--changed-since: a RENAME that leaves a constraint's name behind", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-changed-rename-");
    git(project.dir, "init", "-q", "-b", "main");
    await project.write(".schemalintrc.json", CONFIG);
    await project.write("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n');
    await project.write("prisma/migrations/20260101000000_a/migration.sql", A);
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "a");
    git(project.dir, "checkout", "-q", "-b", "feature");
    await project.write("prisma/migrations/20260201000000_b/migration.sql", B);
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "b");
  });

  afterAll(async () => {
    await project.remove();
  });

  it("reports the name left behind in the changed migration that renamed the table", () => {
    const run = runCli(["-f", "json", "--changed-since", "main"], { cwd: project.dir });
    const results = jsonResults(run.stdout);
    expect(findings(results, project.dir)).toEqual([["prisma/migrations/20260201000000_b/migration.sql", 1, 1, "naming-convention"]]);
    expect(results[0]?.messages[0]?.message).toContain('The primary key "connectors_pkey" was named after table "connectors", which this RENAME makes "feedback_sources"');
  });
});
