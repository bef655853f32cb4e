import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, ROOT, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end for graphile-migrate: fixtures/layouts/graphile-migrate against its README, and a project
 * whose `.gmrc` sits above the migrations folder given on the command line (graphile/starter's
 * `@app/db/.gmrc` beside `@app/db/migrations`), where every `:DATABASE_VISITOR` used to be a parse error.
 */
const RULES = ["require-concurrent-index", "no-concurrent-in-transaction", "no-destructive-change", "require-lock-timeout", "require-down-migration", "migration-naming"];

describe("fixtures/layouts/graphile-migrate", () => {
  let shared: TempDir;
  let run: CliRun;

  beforeAll(async () => {
    shared = await tempProject("schemalint-cli-graphile-");
    const config = await shared.write("schemalint.json", JSON.stringify({ extends: [], rules: Object.fromEntries(RULES.map((id) => [id, "error"])) }));
    run = runCli(["-f", "json", "--debug", "-c", config, "fixtures/layouts/graphile-migrate"]);
  });

  afterAll(async () => {
    await shared.remove();
  });

  it("reports exactly the README's hazards and names the tool and its .gmrc in --debug", () => {
    expect(run.status).toBe(1);
    expect(findings(jsonResults(run.stdout), path.join(ROOT, "fixtures", "layouts", "graphile-migrate", "migrations"))).toEqual([
      // README: edited after it was committed (its --! Hash no longer matches).
      ["committed/000003-users-name.sql", 1, 1, "migration-naming"],
      ["committed/000003-users-name.sql", 5, 1, "require-lock-timeout"],
      // README: no --! no-transaction, so graphile-migrate's transaction; 000002's lone statement under it is silent.
      ["committed/000003-users-name.sql", 6, 1, "no-concurrent-in-transaction"],
      ["current/1-current.sql", 1, 1, "require-lock-timeout"],
      // README: current/ always runs in one transaction.
      ["current/2-bio-index.sql", 2, 1, "no-concurrent-in-transaction"],
    ]);
    expect(run.stderr).toContain(
      "schemalint: 1 history: fixtures/layouts/graphile-migrate/migrations (graphile-migrate per fixtures/layouts/graphile-migrate/.gmrc, 5 migrations)",
    );
    expect(run.stderr).toContain("fixtures/layouts/graphile-migrate/migrations/afterCurrent.sql");
  });
});

/** Findings about running the migrations (design rules left out), and any parse error. */
function migrationFindings(run: CliRun, base: string): ReturnType<typeof findings> {
  const kept = new Set(["require-lock-timeout", "safe-add-column", "migration-naming", "parse-error"]);
  return findings(jsonResults(run.stdout), base).filter((f) => kept.has(f[3] ?? ""));
}

describe("a .gmrc above the migrations folder given", () => {
  let project: TempDir;
  let folder: CliRun;
  let single: CliRun;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-graphile-gmrc-");
    await project.write(".git/HEAD", "ref: refs/heads/main\n");
    await project.write("db/.gmrc", '// JSON5\n{ placeholders: { ":DATABASE_VISITOR": "!ENV" }, afterReset: ["!afterReset.sql"] }\n');
    await project.write("db/migrations/afterReset.sql", "GRANT CONNECT ON DATABASE :DATABASE_NAME TO :DATABASE_OWNER;\n");
    await project.write(
      "db/migrations/committed/000001.sql",
      "--! Previous: -\n--! Hash: sha1:e00ec93314a423ee5cc68d1182ad52f16442d7df\n\ncreate table if not exists foo (id serial primary key);\n",
    );
    await project.write("db/migrations/current.sql", "GRANT SELECT ON foo TO :DATABASE_VISITOR;\nALTER TABLE foo ADD COLUMN name text NOT NULL;\n");
    await project.write("schemalint.json", JSON.stringify({ extends: [], rules: { "require-lock-timeout": "error", "migration-naming": "error" } }));
    folder = runCli(["-f", "json", "--debug", "db/migrations"], { cwd: project.dir });
    single = runCli(["-f", "json", "--debug", "db/migrations/current.sql"], { cwd: project.dir });
  });

  afterAll(async () => {
    await project.remove();
  });

  it("is found: placeholders are substituted, so the statements after them are linted, and the hash chain checks out", () => {
    const base = path.join(project.dir, "db", "migrations");
    expect(migrationFindings(folder, base)).toEqual([
      ["current.sql", 2, 1, "require-lock-timeout"],
      // foo exists: the committed migration was folded before current.sql.
      ["current.sql", 2, 28, "safe-add-column"],
    ]);
    expect(folder.stderr).toContain("schemalint: 1 history: db/migrations (graphile-migrate per db/.gmrc, 3 migrations)");
  });

  it("a migration given alone is read with its history", () => {
    expect(migrationFindings(single, path.join(project.dir, "db", "migrations"))).toEqual([
      ["current.sql", 2, 1, "require-lock-timeout"],
      // foo exists: the committed migration was folded before current.sql.
      ["current.sql", 2, 28, "safe-add-column"],
    ]);
    expect(single.stderr).toContain("(graphile-migrate per db/.gmrc, 3 migrations)");
  });
});

describe("verify's history tables", () => {
  it("graphile_migrate.migrations, in the tool's own schema", async () => {
    const { bookkeepingOf } = await import("../../src/verify/bookkeeping.js");
    expect(bookkeepingOf("graphile-migrate")).toMatchObject({ schema: "graphile_migrate", table: "migrations", platformSchemas: ["graphile_migrate"] });
    expect(bookkeepingOf("graphile-migrate")?.sql).toContain("CREATE TABLE IF NOT EXISTS graphile_migrate.current");
  });
});
