import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, PINNED_CONFIG, pinnedConfig, ROOT, runCli, tempProject, type TempDir } from "./run.js";

/**
 * db/001 creates accounts (with a float money column), db/002 creates orders with a FK to accounts,
 * db/003 indexes that FK. notes/ is outside the config's include globs.
 * Both configs use no preset and only no-float-money (error) and require-fk-index, so the findings are exact.
 */
const ACCOUNTS = "-- accounts\nCREATE TABLE accounts (id bigint PRIMARY KEY, balance real);\n";
const ORDERS = "-- orders\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    account_id bigint NOT NULL REFERENCES accounts (id)\n);\n";
const INDEX = "-- index\nCREATE INDEX idx_orders_account_id ON orders (account_id);\n";
const NOTES = "CREATE TABLE scratch (id int PRIMARY KEY, price real);\n";

describe("config discovery and include globs", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-discovery-");
    await project.write(".schemalintrc.json", pinnedConfig({ rules: { "require-fk-index": "off" }, include: ["db/**/*.sql"] }));
    await project.write("db/001_accounts.sql", ACCOUNTS);
    await project.write("db/002_orders.sql", ORDERS);
    await project.write("db/003_orders_index.sql", INDEX);
    await project.write("notes/scratch.sql", NOTES);
    // Without 003: the FK's index is missing from the context.
    // require-fk-index is a warning here (not off).
    await project.write("no-index.json", pinnedConfig({ include: ["db/001_accounts.sql", "db/002_orders.sql"] }));
  });

  afterAll(async () => {
    await project.remove();
  });

  it("with no paths, lints the include files of the config found", () => {
    const run = runCli(["--format", "json"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => path.relative(project.dir, r.filePath).split(path.sep).join("/"))).toEqual([
      "db/001_accounts.sql",
      "db/002_orders.sql",
      "db/003_orders_index.sql",
    ]);
    // require-fk-index is off in the config found; no-float-money is on.
    expect(findings(results, project.dir)).toEqual([["db/001_accounts.sql", 2, 47, "no-float-money"]]);
  });

  it("finds the config from a subdirectory and resolves include relative to the config file", () => {
    const run = runCli(["--format", "compact"], { cwd: path.join(project.dir, "db") });
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe(
      '001_accounts.sql:2:47: error: Column "balance" of "accounts" stores money as real: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent. [no-float-money]',
    );
    expect(run.stdout.endsWith("\n\n1 problem (1 error, 0 warnings)\n")).toBe(true);
  });

  it("with a path, reports only that file but uses the include files as context", () => {
    const run = runCli(["--format", "json", "--rule", "require-fk-index: warn", "db/002_orders.sql"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => r.filePath)).toEqual([path.join(project.dir, "db", "002_orders.sql")]);
    // The index in 003 covers the FK; the float money column of 001 is not reported.
    expect(findings(results, project.dir)).toEqual([]);
  });

  it("the context matters: without the index file the FK finding appears", () => {
    const run = runCli(["--format", "json", "--config", "no-index.json", "db/002_orders.sql"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => r.filePath)).toEqual([path.join(project.dir, "db", "002_orders.sql")]);
    expect(findings(results, project.dir)).toEqual([["db/002_orders.sql", 4, 32, "require-fk-index"]]);
    expect(results[0]?.messages[0]?.message).toBe(
      'Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns: every DELETE or key UPDATE on "accounts" scans "orders", and joins on the relationship cannot use an index.',
    );
  });

  it("a path outside the include globs is linted with the include files as context", () => {
    const run = runCli(["--format", "json", "notes/scratch.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    const results = jsonResults(run.stdout);
    expect(results.map((r) => r.filePath)).toEqual([path.join(project.dir, "notes", "scratch.sql")]);
    expect(findings(results, project.dir)).toEqual([["notes/scratch.sql", 1, 43, "no-float-money"]]);
  });

  it("--config overrides the config found by the search", () => {
    const run = runCli(["--format", "json", "--config", "no-index.json"], { cwd: project.dir });
    expect(run.status).toBe(1);
    const results = jsonResults(run.stdout);
    expect(findings(results, project.dir)).toEqual([
      ["db/001_accounts.sql", 2, 47, "no-float-money"],
      ["db/002_orders.sql", 4, 32, "require-fk-index"],
    ]);
  });
});

describe("version folders (fixtures/version-folders, temporal's layout)", () => {
  const versioned = "fixtures/version-folders/schema/postgresql/versioned";
  const args = ["--format", "json", "-c", PINNED_CONFIG, "--rule", "no-column-type-change: error", "--rule", "migration-naming: error"];

  it("are one history in version order: widening a column an earlier folder created is silent", () => {
    const run = runCli([...args, "fixtures/version-folders"]);
    expect(run.stderr).toBe("");
    // Only the file the manifest leaves out; no "type unknown" on the widenings of v1.9 and v1.10.
    expect(findings(jsonResults(run.stdout), path.join(ROOT, versioned))).toEqual([["v1.10/shrink_queue_name.sql", 1, 1, "migration-naming"]]);
    expect(run.status).toBe(1);
  });

  it("a file of one version given alone is read with the versions before it", () => {
    const run = runCli([...args, `${versioned}/v1.10/widen_queue_name.sql`]);
    expect(run.stderr).toBe("");
    expect(findings(jsonResults(run.stdout), path.join(ROOT, versioned))).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe("version folders beside a LATEST.sql (memos: store/migration/postgres/{LATEST.sql,0.1/,0.2/})", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-latest-");
    await project.write("store/migration/postgres/LATEST.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, balance real);\n");
    await project.write("store/migration/postgres/0.1/00__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(50) NOT NULL);\n");
    await project.write("store/migration/postgres/0.2/00__name_text.sql", "ALTER TABLE accounts ALTER COLUMN name TYPE text;\n");
  });

  afterAll(async () => {
    await project.remove();
  });

  it("are one history (0.2 sees the varchar(50) of 0.1: no no-column-type-change), LATEST.sql a schema of its own", () => {
    const run = runCli(["--format", "json", "-c", PINNED_CONFIG, "--rule", "no-column-type-change: error", "--debug", "store"], { cwd: project.dir });
    expect(findings(jsonResults(run.stdout), path.join(project.dir, "store/migration/postgres"))).toEqual([["LATEST.sql", 1, 67, "no-float-money"]]);
    expect(run.stderr).toContain("schemalint: 1 history: store/migration/postgres (plain, 3 migrations)");
    expect(run.stderr).toContain("schemalint: 1 whole-schema file linted as a schema of its own, not folded into the history (an existing database never runs it): store/migration/postgres/LATEST.sql");
    expect(run.status).toBe(1);
  });
});
