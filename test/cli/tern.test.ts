import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end for jackc/tern directories (fixtures/layouts/tern is covered in layouts-extra.test.ts): the
 * case where tern files were linted as plain files, the down below `---- create above / drop below ----`
 * folded after the up, so `create table` followed by its own `drop table` left nothing to check.
 */
const SEP = "---- create above / drop below ----";

describe("tern: the text below the separator is the down migration, not a step after the up", () => {
  let project: TempDir;
  let run: CliRun;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-tern-");
    const rules = { "no-float-money": "error", "safe-add-column": "error", "migration-naming": "error" };
    await project.write("schemalint.json", JSON.stringify({ extends: [], rules }));
    await project.write("001_create_accounts.sql", `create table accounts (\n  id serial primary key,\n  balance float8 not null,\n  created_at timestamp\n);\n\n${SEP}\n\ndrop table accounts;\n`);
    await project.write("002_add_email.sql", `alter table accounts add column email text not null;\n\n${SEP}\n\nalter table accounts drop column email;\n`);
    await project.write("notes.sql", "-- not a migration: tern only reads files matching ^\\d+_.+\\.sql$\nselect 1;\n");
    run = runCli(["-f", "json", "-c", "schemalint.json", "--debug", "."], { cwd: project.dir });
  });

  afterAll(async () => {
    await project.remove();
  });

  it("reports the up parts' findings and the file tern ignores", () => {
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([
      ["001_create_accounts.sql", 3, 3, "no-float-money"],
      ["002_add_email.sql", 1, 33, "safe-add-column"],
      ["notes.sql", 1, 1, "migration-naming"],
    ]);
    expect(run.stderr).toContain("schemalint: 1 history: . (tern, 2 migrations)");
    expect(run.status).toBe(1);
  });
});

describe("tern: a directory whose migrations have no downs, told by its tern.conf", () => {
  let project: TempDir;
  let run: CliRun;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-tern-conf-");
    await project.write("schemalint.json", JSON.stringify({ extends: [], rules: { "migration-naming": "error" } }));
    // tern.conf holds the connection settings: only its name is used.
    await project.write("db/tern.conf", "[database]\npassword = secret\n");
    await project.write("db/001_a.sql", "create table a (id bigint primary key);\n");
    await project.write("db/003_c.sql", "create table c (id bigint primary key);\n");
    run = runCli(["-f", "json", "-c", "schemalint.json", "--debug", "db"], { cwd: project.dir });
  });

  afterAll(async () => {
    await project.remove();
  });

  it("is read as tern's: version 2 is missing, so tern refuses to run", () => {
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([["db/003_c.sql", 1, 1, "migration-naming"]]);
    expect(jsonResults(run.stdout).flatMap((r) => r.messages.map((m) => m.message))).toEqual([
      "Migration layout problem: version 3 follows 1, so version 2 is missing (Missing migration 2): tern refuses to load the migrations.",
    ]);
    expect(run.stderr).toContain("schemalint: 1 history: db (tern, 2 migrations)");
    expect(run.stdout).not.toContain("tern.conf");
    expect(run.status).toBe(1);
  });
});
