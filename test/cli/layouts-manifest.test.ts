import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/lint-result.js";
import { findings, jsonResults, ROOT, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end: the project manifest above a migration directory (Cargo.toml, go.mod) decides between
 * tools that share a file naming scheme (sqlx or golang-migrate, maragudk/migrate or golang-migrate).
 * The config enables the migration rules only, as test/cli/layouts.test.ts does.
 */
const MIGRATION_RULES = [
  "require-concurrent-index",
  "no-concurrent-in-transaction",
  "safe-add-column",
  "require-lock-timeout",
  "require-down-migration",
  "down-migration-mismatch",
  "migration-naming",
] as const;

type Finding = [string, number, number, string | null];

function configJson(migrations?: Record<string, unknown>): string {
  return JSON.stringify({ extends: [], rules: Object.fromEntries(MIGRATION_RULES.map((id) => [id, "error"])), ...(migrations === undefined ? {} : { migrations }) });
}

/** A temporary project holding `files`, linted once with the migration rules. */
function transactionProject(prefix: string, files: Readonly<Record<string, string>>, migrations?: Record<string, unknown>) {
  const state = { project: undefined as TempDir | undefined, run: undefined as CliRun | undefined, results: [] as LintResult[] };
  beforeAll(async () => {
    const project = await tempProject(`schemalint-cli-manifest-${prefix}-`);
    state.project = project;
    const config = await project.write("schemalint.json", configJson(migrations));
    for (const [file, text] of Object.entries(files)) await project.write(file, text);
    state.run = runCli(["-f", "json", "-c", config, "."], { cwd: project.dir });
    state.results = jsonResults(state.run.stdout);
  });
  afterAll(async () => {
    await state.project?.remove();
  });
  return {
    findings: (): Finding[] => findings(state.results, state.project?.dir ?? ""),
    messages: (file: string): string[] =>
      state.results.filter((r) => r.filePath === path.join(state.project?.dir ?? "", file)).flatMap((r) => r.messages.map((m) => m.message)),
  };
}

const NCIT = "no-concurrent-in-transaction";
const CREATE = "CREATE TABLE orders (id bigint PRIMARY KEY, email text, phone text, status text);\n";
const EMAIL = "CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);\n";
const PHONE = "CREATE INDEX CONCURRENTLY orders_phone_idx ON orders (phone);\n";
const STATUS = "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n";
const TIMEOUT = "SET lock_timeout = '5s';\n";
const DROP = (index: string): string => `DROP INDEX CONCURRENTLY ${index};\n`;

/** fixtures/layouts/sqlx and maragudk-migrate: read as their tool because of the manifest beside `migrations/`. */
const FIXTURES: readonly { readonly layout: string; readonly status: number; readonly expected: readonly Finding[] }[] = [
  {
    // Read as sqlx because of fixtures/layouts/sqlx/Cargo.toml.
    layout: "sqlx",
    status: 1,
    expected: [
      ["migrations/2_create_orders.up.sql", 4, 29, "require-lock-timeout"],
      // README: index on users (created in 1); line 9 (orders, same file) is silent.
      ["migrations/2_create_orders.up.sql", 10, 1, "require-concurrent-index"],
      // README: alone in its file, still inside sqlx's transaction; 4_index_users_email.sql (-- no-transaction) is silent.
      ["migrations/3_index_orders_status.up.sql", 2, 1, NCIT],
      ["migrations/10_add_users_display_name.sql", 2, 1, "require-lock-timeout"],
      ["migrations/10_add_users_display_name.sql", 2, 30, "safe-add-column"],
      ["migrations/seed.sql", 1, 1, "migration-naming"],
    ],
  },
  {
    // Read as maragudk/migrate because of fixtures/layouts/maragudk-migrate/go.mod: the two 0001_ migrations are no duplicate.
    layout: "maragudk-migrate",
    status: 1,
    expected: [
      ["migrations/0001_create_table_b_orders.up.sql", 4, 27, "require-lock-timeout"],
      ["migrations/0002_index_orders_status.up.sql", 2, 1, NCIT],
      ["migrations/0003_add_users_name.up.sql", 1, 1, "require-lock-timeout"],
      ["migrations/0003_add_users_name.up.sql", 1, 30, "safe-add-column"],
      ["migrations/seed.sql", 1, 1, "migration-naming"],
    ],
  },
];

describe.each(FIXTURES.map((c) => [c.layout, c] as const))("fixtures/layouts/%s", (layout, { status, expected }) => {
  let run: CliRun;
  let config: TempDir;

  beforeAll(async () => {
    config = await tempProject("schemalint-cli-manifest-fixture-");
    run = runCli(["-f", "json", "-c", await config.write("schemalint.json", configJson()), `fixtures/layouts/${layout}`]);
  });
  afterAll(async () => {
    await config.remove();
  });

  it(`exits ${String(status)} with nothing on stderr, and reports exactly the hazards its README lists`, () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(status);
    expect(findings(jsonResults(run.stdout), path.join(ROOT, "fixtures", "layouts", layout))).toEqual(expected);
  });
});

const SQLX_CARGO = '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n';

describe("transactions: sqlx, found by Cargo.toml, runs every file in a transaction unless -- no-transaction", () => {
  const p = transactionProject("sqlx-cargo", {
    "Cargo.toml": SQLX_CARGO,
    "migrations/1_create_orders.up.sql": CREATE,
    "migrations/1_create_orders.down.sql": "DROP TABLE orders;\n",
    "migrations/2_index_email.up.sql": EMAIL,
    "migrations/2_index_email.down.sql": DROP("orders_email_idx"),
    "migrations/3_index_phone.sql": `-- no-transaction\n${PHONE}`,
    "migrations/4_index_status.sql": `-- no-transaction\n${TIMEOUT}${STATUS}`,
  });

  it("flags a lone CREATE INDEX CONCURRENTLY in sqlx's transaction and names sqlx, not one after -- no-transaction unless it shares the query", () => {
    expect(p.findings()).toEqual([
      ["migrations/2_index_email.up.sql", 1, 1, NCIT],
      ["migrations/4_index_status.sql", 3, 1, NCIT],
    ]);
    expect(p.messages("migrations/2_index_email.up.sql")[0]).toContain("sqlx runs each migration in a transaction unless its first line is -- no-transaction");
    expect(p.messages("migrations/4_index_status.sql")[0]).toContain("with -- no-transaction sqlx still sends this file as one multi-statement query");
  });
});

describe("transactions: a virtual Cargo workspace whose Cargo.lock holds sqlx is sqlx's", () => {
  const p = transactionProject("sqlx-workspace", {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
    "Cargo.lock": 'version = 4\n\n[[package]]\nname = "db"\nversion = "0.1.0"\n\n[[package]]\nname = "sqlx"\nversion = "0.8.6"\n',
    "crates/db/Cargo.toml": '[package]\nname = "db"\n\n[dependencies]\nsqlx.workspace = true\n',
    "migrations/1_create_orders.up.sql": CREATE,
    "migrations/1_create_orders.down.sql": "DROP TABLE orders;\n",
    "migrations/2_index_email.up.sql": EMAIL,
    "migrations/2_index_email.down.sql": DROP("orders_email_idx"),
  });

  it("flags the lone CREATE INDEX CONCURRENTLY in sqlx's transaction", () => {
    expect(p.findings()).toEqual([["migrations/2_index_email.up.sql", 1, 1, NCIT]]);
    expect(p.messages("migrations/2_index_email.up.sql")[0]).toContain("sqlx runs each migration in a transaction");
  });
});

describe("transactions: the same files without a manifest stay golang-migrate and plain", () => {
  const p = transactionProject("sqlx-no-cargo", {
    "migrations/1_create_orders.up.sql": CREATE,
    "migrations/1_create_orders.down.sql": "DROP TABLE orders;\n",
    "migrations/2_index_email.up.sql": EMAIL,
    "migrations/2_index_email.down.sql": DROP("orders_email_idx"),
  });

  it("a lone CREATE INDEX CONCURRENTLY is silent under golang-migrate", () => {
    expect(p.findings()).toEqual([]);
  });
});

describe("project manifests: --debug names the tool and the manifest that decided it", () => {
  let project: TempDir;
  beforeAll(async () => {
    project = await tempProject("schemalint-cli-layouts-manifests-");
    await project.write("schemalint.json", configJson());
    await project.write("rust/Cargo.toml", SQLX_CARGO);
    await project.write("rust/migrations/1_create_orders.sql", CREATE);
    await project.write("go/go.mod", "module example.com/app\n\ngo 1.22\n\nrequire github.com/maragudk/migrate v0.4.3\n");
    await project.write("go/migrations/0001_a.up.sql", CREATE);
    await project.write("go/migrations/0001_a.down.sql", "DROP TABLE orders;\n");
    await project.write("go/migrations/0001_b.up.sql", "CREATE TABLE spaces (id bigint PRIMARY KEY);\n");
    await project.write("go/migrations/0001_b.down.sql", "DROP TABLE spaces;\n");
    // A malformed manifest gives no hint and no error: these files stay golang-migrate's.
    await project.write("broken/Cargo.toml", "[dependencies\nsqlx = {{{\n\u0000");
    await project.write("broken/migrations/1_a.up.sql", CREATE);
    await project.write("broken/migrations/1_a.down.sql", "DROP TABLE orders;\n");
    // A repository's root (.git) ends the search: the Cargo.toml above it is another project's.
    await project.write("outer/Cargo.toml", SQLX_CARGO);
    await project.write("outer/inner/.git/HEAD", "ref: refs/heads/main\n");
    await project.write("outer/inner/migrations/1_a.up.sql", CREATE);
    await project.write("outer/inner/migrations/1_a.down.sql", "DROP TABLE orders;\n");
  });
  afterAll(async () => {
    await project.remove();
  });

  it("reads each history as its manifest says, and stays put without one", () => {
    const config = path.join(project.dir, "schemalint.json");
    const run = runCli(["-f", "json", "--debug", "-c", config, "."], { cwd: project.dir });
    const line = run.stderr.split("\n").find((l) => l.startsWith("schemalint: 4 histories:"));
    expect(line).toBe(
      "schemalint: 4 histories: broken/migrations (golang-migrate, 1 migration), go/migrations (maragudk-migrate per go/go.mod, 2 migrations), outer/inner/migrations (golang-migrate, 1 migration), rust/migrations (sqlx per rust/Cargo.toml, 1 migration)",
    );
    expect(findings(jsonResults(run.stdout), project.dir).filter((f) => f[3] === "migration-naming")).toEqual([]);
  });
});

describe("transactions: without a manifest, assumeInTransaction on golang-migrate files names the setting, not golang-migrate's one query", () => {
  const p = transactionProject(
    "assumed",
    {
      "migrations/1_create_orders.up.sql": CREATE,
      "migrations/1_create_orders.down.sql": "DROP TABLE orders;\n",
      "migrations/2_index_email.up.sql": EMAIL,
      "migrations/2_index_email.down.sql": DROP("orders_email_idx"),
    },
    { assumeInTransaction: true },
  );

  it("flags the lone statement with the setting's wording and sqlx's way out", () => {
    expect(p.findings()).toEqual([["migrations/2_index_email.up.sql", 1, 1, NCIT]]);
    const [message] = p.messages("migrations/2_index_email.up.sql");
    expect(message).toContain("migrations.assumeInTransaction says the migration tool runs this migration in a transaction");
    expect(message).not.toContain("golang-migrate sends this file");
  });
});
