import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, git, jsonResults, runCli, tempProject, type TempDir } from "./run.js";

/**
 * End to end: a repository root with one migration directory per database lints only PostgreSQL's
 * (src/migrations/dialects.ts); a gobuffalo/pop project's template actions inside DO blocks are
 * neutralized, so the blocks' DDL reaches the model (src/migrations/templates.ts).
 */
const CONFIG = JSON.stringify({ extends: [], rules: { "require-primary-key": "error" } });

describe("directories named after another database", () => {
  let project: TempDir | undefined;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-dialects-");
    await project.write("schemalint.json", CONFIG);
    await project.write("migrations/postgres/1_init.up.sql", "CREATE TABLE flags (key text PRIMARY KEY);\n");
    await project.write("migrations/postgres/1_init.down.sql", "DROP TABLE flags;\n");
    await project.write("migrations/mysql/1_init.up.sql", "CREATE TABLE `flags` (`key` VARCHAR(255) PRIMARY KEY) ENGINE=InnoDB;\n");
    await project.write("migrations/mysql/1_init.down.sql", "DROP TABLE `flags`;\n");
    await project.write("migrations/sqlite3/1_init.up.sql", "CREATE TABLE flags (key VARCHAR(255) PRIMARY KEY) WITHOUT ROWID;\n");
    await project.write("migrations/sqlite3/1_init.down.sql", "DROP TABLE flags;\n");
  });
  afterAll(async () => {
    await project?.remove();
  });

  it("are left out when linting the root, and listed by --debug", () => {
    const dir = project?.dir ?? "";
    const run = runCli(["-f", "json", "-c", "schemalint.json", "--debug", "."], { cwd: dir });
    expect(findings(jsonResults(run.stdout), dir)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("1 history: migrations/postgres (golang-migrate, 1 migration)");
    expect(run.stderr).toContain("2 directories not linted: named after another database, whose migrations never run on PostgreSQL; name one on the command line to lint it anyway: migrations/mysql (MySQL), migrations/sqlite3 (SQLite)");
  });

  it("are linted when named on the command line", () => {
    const dir = project?.dir ?? "";
    const run = runCli(["-f", "json", "-c", "schemalint.json", "migrations/mysql"], { cwd: dir });
    expect(findings(jsonResults(run.stdout), dir)).toEqual([
      ["migrations/mysql/1_init.down.sql", 1, 12, "parse-error"],
      ["migrations/mysql/1_init.up.sql", 1, 14, "parse-error"],
    ]);
  });
});

describe("--changed-since when only another database's migrations changed", () => {
  let project: TempDir | undefined;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-dialects-changed-");
    git(project.dir, "init", "-q", "-b", "main");
    await project.write("schemalint.json", CONFIG);
    await project.write("migrations/postgres/1_init.up.sql", "CREATE TABLE flags (key text PRIMARY KEY);\n");
    await project.write("migrations/mysql/1_init.up.sql", "CREATE TABLE `flags` (`key` VARCHAR(255) PRIMARY KEY) ENGINE=InnoDB;\n");
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "init");
    await project.write("migrations/mysql/2_more.up.sql", "ALTER TABLE `flags` ADD COLUMN `note` TEXT;\n");
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "mysql only");
  });
  afterAll(async () => {
    await project?.remove();
  });

  it("says which changed files it left out, and exits 0", () => {
    const run = runCli(["--changed-since", "HEAD~1", "."], { cwd: project?.dir ?? "" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "schemalint: no linted SQL file changed since HEAD~1; nothing to report. 1 changed file not linted: in a directory named after another database, whose migrations never run on PostgreSQL (name the directory on the command line to lint it anyway): migrations/mysql/2_more.up.sql (MySQL).\n",
    );
  });
});

const NS = '{{ index .Options "Namespace" }}';

describe("Go template actions in a DO block's body", () => {
  let project: TempDir | undefined;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-do-templates-");
    await project.write("schemalint.json", CONFIG);
    await project.write("go.mod", "module example.com/x\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n");
    await project.write(
      "migrations/20210101000000_create_identities.up.sql",
      `create table if not exists ${NS}.identities (\n    id text not null,\n    provider text not null,\n    constraint identities_pkey primary key (provider, id)\n);\n`,
    );
    await project.write(
      "migrations/20210102000000_add_id_pkey.up.sql",
      `do $$\nbegin\n    if not exists (select 1 from information_schema.columns where table_name = 'identities' and column_name = 'provider_id') then\n        alter table ${NS}.identities rename column id to provider_id;\n    end if;\nend $$;\n\nalter table ${NS}.identities\n    drop constraint if exists identities_pkey,\n    add column if not exists id uuid default gen_random_uuid() primary key;\n`,
    );
    // Actions only inside the body: rendered because pop renders every file (go.mod).
    await project.write("migrations/20210103000000_rename.up.sql", `do $$\nbegin\n    alter table ${NS}.identities rename column provider to provider_name;\nend $$;\n`);
  });
  afterAll(async () => {
    await project?.remove();
  });

  it("are neutralized, so the rename is modelled and ADD COLUMN id ... PRIMARY KEY adds the key back", () => {
    const dir = project?.dir ?? "";
    const run = runCli(["-f", "json", "-c", "schemalint.json", "--debug", "."], { cwd: dir });
    expect(findings(jsonResults(run.stdout), dir).filter((f) => f[3] === "require-primary-key")).toEqual([]);
    expect(run.stderr).toContain("3 files, 6 statements, 6 folded\n");
  });

  it("leave a body that does not parse out of the model, which --debug reports", async () => {
    const dir = project?.dir ?? "";
    await project?.write("go.mod", "module example.com/x\n\ngo 1.22\n");
    const run = runCli(["-f", "json", "-c", "schemalint.json", "--debug", "."], { cwd: dir });
    expect(run.stderr).toContain("not modelled: DoStmt (body not read: syntax error or doubled quotes) ×1");
  });
});
