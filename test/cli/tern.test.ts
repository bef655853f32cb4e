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
