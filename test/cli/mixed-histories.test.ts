import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, runCli, tempProject, type TempDir } from "./run.js";

/**
 * End to end over layouts first met in real repositories: langfuse's ClickHouse history two levels
 * below a `clickhouse/` directory and arroyo's `sqlite_migrations/` are left out (src/migrations/dialects.ts);
 * fider's history of `.up.sql` files continued by bare `.sql` ones is one plain history
 * (src/migrations/detect.ts).
 */
const CONFIG = JSON.stringify({
  extends: [],
  rules: { "safe-add-column": "error", "require-down-migration": "error", "migration-naming": "error", "require-primary-key": "error" },
});

describe("other databases' histories below a migrations directory or joined to its name", () => {
  let project: TempDir | undefined;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-mixed-dialects-");
    await project.write(".schemalintrc.json", CONFIG);
    await project.write("clickhouse/migrations/clustered/0001_traces.up.sql", "CREATE TABLE traces ON CLUSTER default (`id` String) ENGINE = ReplicatedReplacingMergeTree ORDER BY (id);\n");
    await project.write("clickhouse/migrations/clustered/0001_traces.down.sql", "DROP TABLE traces ON CLUSTER default;\n");
    await project.write("api/sqlite_migrations/V1__initial.sql", "CREATE TABLE api_keys (id INTEGER PRIMARY KEY AUTOINCREMENT);\n");
    await project.write("api/migrations/V1__initial.sql", "CREATE TABLE api_keys (id bigint PRIMARY KEY);\n");
  });
  afterAll(async () => {
    await project?.remove();
  });

  it("are left out when linting the root, and listed by --debug", () => {
    const dir = project?.dir ?? "";
    const run = runCli(["-f", "json", "--debug", "."], { cwd: dir });
    expect(findings(jsonResults(run.stdout), dir)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("1 history: api/migrations (flyway, 1 migration)");
    expect(run.stderr).toContain("api/sqlite_migrations (SQLite), clickhouse/migrations/clustered (ClickHouse)");
  });
});

describe("fider: `.up.sql` files continued by bare `.sql` ones (two or more), no down", () => {
  let project: TempDir | undefined;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-fider-");
    await project.write(".schemalintrc.json", CONFIG);
    await project.write("migrations/201701261850_create_tenants.up.sql", "CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);\n");
    await project.write("migrations/201806191904_add_cname.sql", "-- the bare files run too\nALTER TABLE tenants ADD COLUMN cname text NOT NULL;\n");
    await project.write("migrations/201807122132_add_logo.sql", "ALTER TABLE tenants ADD COLUMN logo text;\n");
  });
  afterAll(async () => {
    await project?.remove();
  });

  it("is one history in version order: the bare file is linted against the table, no down is asked for", () => {
    const dir = project?.dir ?? "";
    const run = runCli(["-f", "json", "--debug", "."], { cwd: dir });
    expect(findings(jsonResults(run.stdout), dir)).toEqual([["migrations/201806191904_add_cname.sql", 2, 32, "safe-add-column"]]);
    expect(run.stderr).toContain("1 history: migrations (plain, 3 migrations)");
  });
});
