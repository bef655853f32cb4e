import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, runCli, tempProject, type TempDir, git } from "./run.js";

/**
 * A golang-migrate history in a temporary git repository: 000001 (on main) creates accounts, a feature
 * branch adds 000002 (a float money column on an existing table, and an index that is not concurrent).
 * The config enables no-float-money and require-concurrent-index only.
 */
const CONFIG = JSON.stringify({ extends: [], rules: { "no-float-money": "error", "require-concurrent-index": "error", "migration-naming": "error" }, include: ["db/migrations"] });
const M1_UP = "CREATE TABLE accounts (id bigint PRIMARY KEY, balance real, email text);\n";
const M1_DOWN = "DROP TABLE accounts;\n";
const M2_UP = "ALTER TABLE accounts ADD COLUMN credit double precision;\nCREATE INDEX idx_accounts_email ON accounts (email);\n";
const M2_DOWN = "DROP INDEX idx_accounts_email;\nALTER TABLE accounts DROP COLUMN credit;\n";

describe("--changed-since and --staged", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-changed-");
    git(project.dir, "init", "-q", "-b", "main");
    await project.write(".schemalintrc.json", CONFIG);
    await project.write("db/migrations/000001_accounts.up.sql", M1_UP);
    await project.write("db/migrations/000001_accounts.down.sql", M1_DOWN);
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "init");
    git(project.dir, "checkout", "-q", "-b", "feature");
    await project.write("db/migrations/000002_credit.up.sql", M2_UP);
    await project.write("db/migrations/000002_credit.down.sql", M2_DOWN);
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "credit");
  });

  afterAll(async () => {
    await project.remove();
  });

  it("without a filter reports every file", () => {
    const run = runCli(["-f", "json"], { cwd: project.dir });
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([
      ["db/migrations/000001_accounts.up.sql", 1, 47, "no-float-money"],
      ["db/migrations/000002_credit.up.sql", 1, 33, "no-float-money"],
      ["db/migrations/000002_credit.up.sql", 2, 1, "require-concurrent-index"],
    ]);
  });

  it("reports only the files changed since main, with 000001 still folded for context", () => {
    const run = runCli(["-f", "json", "--changed-since", "main"], { cwd: project.dir });
    expect(run.status).toBe(1);
    // The index is on a table created by 000001 (not in the report): it is an existing table.
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([
      ["db/migrations/000002_credit.up.sql", 1, 33, "no-float-money"],
      ["db/migrations/000002_credit.up.sql", 2, 1, "require-concurrent-index"],
    ]);
  });

  it("includes uncommitted and untracked files", async () => {
    await project.write("db/migrations/000003_more.up.sql", "ALTER TABLE accounts ADD COLUMN fee real;\n");
    await project.write("db/migrations/000003_more.down.sql", "ALTER TABLE accounts DROP COLUMN fee;\n");
    try {
      const run = runCli(["-f", "json", "--changed-since", "main"], { cwd: project.dir });
      expect(findings(jsonResults(run.stdout), project.dir).map((f) => f[0])).toEqual([
        "db/migrations/000002_credit.up.sql",
        "db/migrations/000002_credit.up.sql",
        "db/migrations/000003_more.up.sql",
      ]);
    } finally {
      git(project.dir, "clean", "-q", "-f", "db");
    }
  });

  it("reports a new migration numbered below a merged one", async () => {
    git(project.dir, "checkout", "-q", "main");
    git(project.dir, "checkout", "-q", "-b", "late");
    await project.write("db/migrations/000005_newer.up.sql", "SELECT 1;\n");
    await project.write("db/migrations/000005_newer.down.sql", "SELECT 1;\n");
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "newer");
    git(project.dir, "checkout", "-q", "-b", "older");
    await project.write("db/migrations/000004_older.up.sql", "SELECT 2;\n");
    await project.write("db/migrations/000004_older.down.sql", "SELECT 2;\n");
    try {
      const run = runCli(["-f", "json", "--changed-since", "late"], { cwd: project.dir });
      const results = jsonResults(run.stdout);
      expect(findings(results, project.dir)).toEqual([["db/migrations/000004_older.up.sql", 1, 1, "migration-naming"]]);
      expect(results.flatMap((r) => r.messages)[0]?.message).toContain('sorts before "000005"');
    } finally {
      git(project.dir, "clean", "-q", "-f", "db");
      git(project.dir, "checkout", "-q", "feature");
    }
  });

  it("--staged reports only staged files", async () => {
    await project.write("db/migrations/000003_more.up.sql", "ALTER TABLE accounts ADD COLUMN fee real;\n");
    await project.write("db/migrations/000003_more.down.sql", "ALTER TABLE accounts DROP COLUMN fee;\n");
    try {
      expect(jsonResults(runCli(["-f", "json", "--staged"], { cwd: project.dir }).stdout)).toEqual([]);
      git(project.dir, "add", "db/migrations/000003_more.up.sql");
      const run = runCli(["-f", "json", "--staged"], { cwd: project.dir });
      expect(findings(jsonResults(run.stdout), project.dir)).toEqual([["db/migrations/000003_more.up.sql", 1, 33, "no-float-money"]]);
    } finally {
      git(project.dir, "reset", "-q");
      git(project.dir, "clean", "-q", "-f", "db");
    }
  });

  it("says so when nothing changed, and exits 0", () => {
    const run = runCli(["--changed-since", "HEAD"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("no SQL file changed since HEAD");
  });

  it("an unknown reference is a clear error (exit 2)", () => {
    const run = runCli(["--changed-since", "no-such-branch"], { cwd: project.dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^schemalint: --changed-since no-such-branch: git cannot tell which files changed: .+\.\n$/u);
  });

  it("outside a git repository is a clear error (exit 2)", async () => {
    const outside = await tempProject("schemalint-cli-nogit-");
    try {
      await outside.write("a.sql", "SELECT 1;");
      const run = runCli(["--staged", "a.sql"], { cwd: outside.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("is not in a git repository");
    } finally {
      await outside.remove();
    }
  });
});
