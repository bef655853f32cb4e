import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findings, jsonResults, pinnedConfig, ROOT, runCli, tempProject, type TempDir } from "./run.js";

const EXAMPLE = path.join(ROOT, "fixtures/example-app");

describe("schemalint verify", () => {
  let project: TempDir | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it("replays fixtures/example-app on PGlite: the wrong down default only the replay sees, and the CONCURRENTLY that fails", () => {
    const run = runCli(["verify", "--format", "json", "fixtures/example-app"]);
    expect(run.status).toBe(1);
    expect(findings(jsonResults(run.stdout), EXAMPLE)).toEqual([
      ["migrations/000009_product_inventory_tweaks.down.sql", 2, 1, "down-migration-mismatch"],
      ["migrations/000011_create_sessions.down.sql", 1, 1, "down-migration-mismatch"],
      ["migrations/000012_add_orders_public_id.up.sql", 4, 1, "migration-apply-error"],
    ]);
    const messages = jsonResults(run.stdout).flatMap((r) => r.messages.map((m) => m.message));
    expect(messages[0]).toContain('column "stock" of "products" is integer NOT NULL DEFAULT 1 instead of integer NOT NULL');
    expect(messages[2]).toContain("The replay stopped here: 2 later migrations were not applied.");
    expect(run.stderr).toMatch(/schemalint verify: fixtures\/example-app\/migrations: 11\/14 migrations applied on PostgreSQL 18\.\d+ \(PGlite [\d.]+\), 11 round trips, 2 mismatches, stopped at fixtures\/example-app\/migrations\/000012_add_orders_public_id\.up\.sql/u);
  });

  it("replays a sqlx crate's migrations as sqlx runs them: after _sqlx_migrations exists, each file in a transaction unless -- no-transaction", async () => {
    project = await tempProject("schemalint-verify-sqlx-");
    await project.write("Cargo.toml", '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["migrate"] }\n');
    await project.write("migrations/1_users.sql", "COMMENT ON TABLE _sqlx_migrations IS 'sqlx';\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
    await project.write("migrations/2_email.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n");
    await project.write("migrations/3_id.sql", "CREATE INDEX CONCURRENTLY users_id_idx ON users (id);\n");
    const run = runCli(["verify", "--format", "json", "migrations"], { cwd: project.dir });
    // 3_id.sql alone in its file still runs in sqlx's transaction (golang-migrate would send it alone, outside one).
    expect(findings(jsonResults(run.stdout), project.dir).filter((f) => f[3] === "migration-apply-error")).toEqual([["migrations/3_id.sql", 1, 1, "migration-apply-error"]]);
    expect(jsonResults(run.stdout).flatMap((r) => r.messages.map((m) => m.message)).join("\n")).toContain("cannot run inside a transaction block");
  });

  it("--rules runs the design rules on the catalog PostgreSQL produced, at the static findings' positions", async () => {
    project = await tempProject("schemalint-verify-");
    await project.write(".schemalintrc.json", pinnedConfig({ rules: { "require-primary-key": "error" } }));
    await project.write("db/000001_init.up.sql", "CREATE TABLE events (id bigint, name text NOT NULL);\nCREATE TABLE users (id bigint PRIMARY KEY);\n");
    await project.write("db/000001_init.down.sql", "DROP TABLE users;\nDROP TABLE events;\n");
    // The fold cannot see a table created by dynamic SQL; PostgreSQL's catalog can.
    await project.write("db/000002_hidden.up.sql", "DO $$ BEGIN EXECUTE 'CREATE TABLE hidden (id int)'; END $$;\n");
    // A key dropped by a later migration is reported at that migration in both.
    await project.write("db/000003_drop_key.up.sql", "ALTER TABLE users DROP CONSTRAINT users_pkey;\n");
    const lint = runCli(["--format", "json", "db"], { cwd: project.dir });
    const verify = runCli(["verify", "--rules", "--format", "json", "db"], { cwd: project.dir });
    expect(verify.stderr).toContain("3/3 migrations applied");
    const pk = (stdout: string): [string, number, number, string | null][] => findings(jsonResults(stdout), project?.dir ?? "").filter((f) => f[3] === "require-primary-key");
    expect(pk(lint.stdout)).toEqual([["db/000001_init.up.sql", 1, 14, "require-primary-key"], ["db/000003_drop_key.up.sql", 1, 1, "require-primary-key"]]);
    // The hidden table has no statement of its own in the model: it is reported at its history's first file.
    expect(pk(verify.stdout)).toEqual([
      ["db/000001_init.up.sql", 1, 1, "require-primary-key"],
      ["db/000001_init.up.sql", 1, 14, "require-primary-key"],
      ["db/000003_drop_key.up.sql", 1, 1, "require-primary-key"],
    ]);
  });

  it("--rules reports a column made nullable and a foreign key's dropped index at the statements that caused them, as the lint does", async () => {
    project = await tempProject("schemalint-verify-");
    await project.write(".schemalintrc.json", pinnedConfig({ rules: { "require-not-null": "error", "require-fk-index": "error" } }));
    await project.write("db/000001_init.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\nCREATE INDEX posts_user_id_idx ON posts (user_id);\n");
    await project.write("db/000002_relax.up.sql", "ALTER TABLE users ALTER COLUMN created_at DROP NOT NULL;\nDROP INDEX posts_user_id_idx;\n");
    const lint = runCli(["--format", "json", "db"], { cwd: project.dir });
    const verify = runCli(["verify", "--rules", "--format", "json", "db"], { cwd: project.dir });
    expect(verify.stderr).toContain("2/2 migrations applied");
    const expected = [
      ["db/000002_relax.up.sql", 1, 1, "require-not-null"],
      ["db/000002_relax.up.sql", 2, 12, "require-fk-index"],
    ];
    expect(findings(jsonResults(lint.stdout), project.dir)).toEqual(expected);
    expect(findings(jsonResults(verify.stdout), project.dir)).toEqual(expected);
  });

  it("--debug prints PGlite timings and where the static model and PostgreSQL's catalog disagree", async () => {
    project = await tempProject("schemalint-verify-");
    await project.write("db/000001_init.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\nDO $$ BEGIN EXECUTE 'CREATE TABLE hidden (id int)'; END $$;\n");
    const run = runCli(["verify", "--debug", "db"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/timings: PGlite load \d+ ms, PGlite (?:initdb|start from cached data directory) \d+ ms/u);
    expect(run.stderr).toContain('static model vs PostgreSQL');
    expect(run.stderr).toContain('table "hidden": only in PostgreSQL\'s catalog');
  });

  it("rejects a --round-trip value, verify options outside verify, and a URL naming an application database", () => {
    const badTrip = runCli(["verify", "--round-trip", "sometimes", "fixtures/example-app"]);
    expect(badTrip.status).toBe(2);
    expect(badTrip.stderr).toContain('--round-trip takes all, none or last:N (N >= 1), got "sometimes".');
    const notVerify = runCli(["--database-url", "postgres://localhost/postgres", "fixtures/example-app"]);
    expect(notVerify.status).toBe(2);
    expect(notVerify.stderr).toContain('--database-url belongs to "schemalint verify".');
    const app = runCli(["verify", "--database-url", "postgres://me@127.0.0.1:1/app", "fixtures/example-app"]);
    expect(app.status).toBe(2);
    expect(app.stderr).toContain('--database-url names the database "app"');
    expect(app.stderr).not.toContain("    at ");
  });

  it("reports an unreachable server as a usage problem, without a stack trace", () => {
    const run = runCli(["verify", "--database-url", "postgres://me@127.0.0.1:1/postgres", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^schemalint: cannot connect to 127\.0\.0\.1:1: /u);
    expect(run.stderr).not.toContain("    at ");
  });
});
