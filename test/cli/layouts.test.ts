import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/lint-result.js";
import { findings, jsonResults, ROOT, runCli, tempProject, type CliRun, type TempDir } from "./run.js";

/**
 * End to end over fixtures/layouts/: the CLI plans each directory with its migration tool's layout and
 * runs the migration rules. The config has no preset and only the twelve migration rules (all "error"),
 * so these expectations do not move when design rules change. Each fixture's README lists what a
 * migration-safety linter must flag and which look-alikes must stay silent; the expectations below were
 * checked statement by statement against the SQL, the README and docs/rules/<id>.md.
 */
const MIGRATION_RULES = [
  "require-concurrent-index",
  "no-concurrent-in-transaction",
  "safe-add-column",
  "safe-set-not-null",
  "require-not-valid-constraint",
  "no-column-type-change",
  "no-rename",
  "no-destructive-change",
  "require-lock-timeout",
  "require-down-migration",
  "down-migration-mismatch",
  "migration-naming",
] as const;

type Finding = [string, number, number, string | null];

function configJson(migrations?: Record<string, unknown>): string {
  const rules = Object.fromEntries(MIGRATION_RULES.map((id) => [id, "error"]));
  return JSON.stringify({ extends: [], rules, ...(migrations === undefined ? {} : { migrations }) });
}

let shared: TempDir;
let CONFIG: string;

beforeAll(async () => {
  shared = await tempProject("schemalint-cli-layouts-");
  CONFIG = await shared.write("schemalint.json", configJson());
});

afterAll(async () => {
  await shared.remove();
});

interface FixtureCase {
  readonly layout: string;
  readonly status: number;
  /** Findings in report order, files relative to fixtures/layouts/<layout>. */
  readonly expected: readonly Finding[];
}

const LOCK = "require-lock-timeout";
const INDEX = "require-concurrent-index";
const ADD_COLUMN = "safe-add-column";

const FIXTURES: readonly FixtureCase[] = [
  {
    layout: "golang-migrate",
    status: 1,
    expected: [
      // REFERENCES users (created in 1): SHARE ROW EXCLUSIVE on an existing table, no lock_timeout.
      ["migrations/2_create_orders.up.sql", 4, 29, LOCK],
      // README: index on users (created in 1) without CONCURRENTLY; line 10 (orders, same file) is silent.
      ["migrations/2_create_orders.up.sql", 11, 1, INDEX],
      ["migrations/3_add_users_display_name.up.sql", 2, 1, LOCK],
      // README: NOT NULL without DEFAULT on existing users; line 3 (NOT NULL DEFAULT 'EUR') is silent.
      ["migrations/3_add_users_display_name.up.sql", 2, 30, ADD_COLUMN],
      // 10_…: CREATE INDEX CONCURRENTLY alone in its file: no transaction block, silent.
      // README: notes.sql is not a migration and golang-migrate ignores it.
      ["migrations/notes.sql", 1, 1, "migration-naming"],
    ],
  },
  {
    layout: "popx",
    status: 1,
    expected: [
      // The .mysql., .sqlite3. and .cockroach. files are not linted (their syntax would be parse errors).
      // REFERENCES networks (created in the previous version): a lock on an existing table.
      ["migrations/20240302000000000000_identities.up.sql", 3, 23, LOCK],
      // README: split migration, 000001 after 000000: identities exists, the index is not concurrent.
      ["migrations/20240302000000000001_identities.up.sql", 1, 1, INDEX],
      ["migrations/20240302000000000001_identities.up.sql", 1, 1, LOCK],
      ["migrations/20240303000000000000_identities_state.up.sql", 1, 1, LOCK],
      // 20240303000000000001: the .postgres.autocommit. file (CONCURRENTLY alone) replaces the generic one: silent.
      ["migrations/20240304000000000000_identities_email.autocommit.up.sql", 1, 1, LOCK],
      // README: .autocommit. but two statements: one query, an implicit transaction block.
      ["migrations/20240304000000000000_identities_email.autocommit.up.sql", 2, 1, "no-concurrent-in-transaction"],
      // README: no .autocommit.: popx runs the file in a transaction.
      ["migrations/20240305000000000000_identities_traits_idx.postgres.up.sql", 1, 1, "no-concurrent-in-transaction"],
    ],
  },
  {
    layout: "diesel",
    status: 1,
    expected: [
      // 00000000000000_diesel_initial_setup/down.sql drops both functions its up created: silent.
      // README: NOT NULL without DEFAULT on products (created 2024-03-01).
      ["migrations/2024-03-02-090000_create_orders/up.sql", 2, 1, LOCK],
      ["migrations/2024-03-02-090000_create_orders/up.sql", 2, 33, ADD_COLUMN],
      // README: index on products without CONCURRENTLY; line 14 (orders, same migration) is silent.
      ["migrations/2024-03-02-090000_create_orders/up.sql", 15, 1, INDEX],
      // 2024-03-05: metadata.toml run_in_transaction = false, so its CREATE INDEX CONCURRENTLY is silent.
    ],
  },
  {
    layout: "dbmate",
    status: 1,
    expected: [
      // create_users.sql:8 (unique index on users, same migration) is silent.
      ["db/migrations/20240302090000_create_orders.sql", 4, 29, LOCK],
      // README: lines 10-11, NOT NULL without DEFAULT on existing users (the finding is at the column).
      ["db/migrations/20240302090000_create_orders.sql", 11, 16, ADD_COLUMN],
      // 20240303: `-- migrate:up transaction:false`, its CREATE INDEX CONCURRENTLY is silent.
      // README: index on orders (created in 20240302) without CONCURRENTLY.
      ["db/migrations/20240304090000_index_orders_created_at.sql", 2, 1, INDEX],
      ["db/migrations/20240304090000_index_orders_created_at.sql", 2, 1, LOCK],
    ],
  },
  {
    layout: "goose",
    status: 1,
    expected: [
      // 00002:2 ADD COLUMN ... NOT NULL DEFAULT now() is safe-add-column-silent, but still takes the lock.
      ["migrations/00002_add_users_updated_at.sql", 2, 1, LOCK],
      // 00002's Down drops the trigger, the function and the column: it restores the schema, silent.
      ["migrations/00003_create_jobs.sql", 5, 29, LOCK],
      // README: index on users (created in 00001); line 13 (jobs, same migration) is silent.
      ["migrations/00003_create_jobs.sql", 14, 1, INDEX],
      // 00004: `-- +goose NO TRANSACTION`, its CREATE INDEX CONCURRENTLY is silent; the `down` column and
      // the `-- shut Down` comment of 00003 are not markers (no migration-naming finding).
    ],
  },
  {
    layout: "flyway",
    status: 1,
    expected: [
      // V1: the ${reporting_role} placeholder parses; V1_1:9 (index on orders, same migration) is silent.
      ["db/migration/V1_1__create_orders.sql", 3, 29, LOCK],
      ["db/migration/V1_9__add_users_locale.sql", 2, 1, LOCK],
      // README: NOT NULL without DEFAULT on users (created in V1) ...
      ["db/migration/V1_9__add_users_locale.sql", 2, 30, ADD_COLUMN],
      // ... and a non-concurrent index on users.
      ["db/migration/V1_9__add_users_locale.sql", 3, 1, INDEX],
      // U1_9 undoes V1_9 exactly; V1_10 (.sql.conf executeInTransaction=false) and R__ are silent.
    ],
  },
  {
    layout: "sqitch",
    status: 1,
    expected: [
      ["deploy/orders.sql", 8, 29, LOCK],
      // README: index on shop.users (change users) inside the script's BEGIN; line 12 (shop.orders) is silent.
      ["deploy/orders.sql", 13, 1, INDEX],
      // deploy/users.sql:11 (unique index, same change) is silent; revert/order_total@v1.0.sql drops the
      // function deploy/order_total@v1.0.sql created, so it restores the schema: silent.
    ],
  },
  {
    layout: "prisma",
    status: 1,
    expected: [
      // add_orders: the FK on the new "Order" locks the existing "User"; its index (line 12) is silent.
      ["migrations/20240302090000_add_orders/migration.sql", 15, 25, LOCK],
      ["migrations/20240303090000_add_user_role/migration.sql", 8, 1, LOCK],
      // README: NOT NULL without DEFAULT on "User" (Prisma's own warning), and an index on "User".
      ["migrations/20240303090000_add_user_role/migration.sql", 8, 35, ADD_COLUMN],
      ["migrations/20240303090000_add_user_role/migration.sql", 11, 1, INDEX],
      // add_order_status:5 NOT NULL DEFAULT 'PENDING' is safe-add-column-silent, but takes the lock.
      ["migrations/20240304090000_add_order_status/migration.sql", 5, 1, LOCK],
    ],
  },
  {
    layout: "supabase",
    status: 1,
    expected: [
      // auth.users exists on Supabase (no migration shows it): the REFERENCES locks an existing table.
      ["supabase/migrations/20240301090000_create_profiles.sql", 2, 23, LOCK],
      ["supabase/migrations/20240302090000_create_posts.sql", 3, 27, LOCK],
      // README: index on public.profiles (first migration); line 9 (public.posts, same file) is silent.
      ["supabase/migrations/20240302090000_create_posts.sql", 10, 1, INDEX],
      ["supabase/migrations/20240303090000_add_profile_website.sql", 1, 1, LOCK],
      // README: NOT NULL without default on profiles; line 2 (not null default false) is silent.
      ["supabase/migrations/20240303090000_add_profile_website.sql", 1, 40, ADD_COLUMN],
    ],
  },
  {
    layout: "plain",
    status: 1,
    expected: [
      ["sql/002_create_orders.sql", 3, 29, LOCK],
      // README: NOT NULL without DEFAULT on users (created in 001); line 9 (orders, same file) is silent.
      ["sql/002_create_orders.sql", 10, 30, ADD_COLUMN],
      // 010:2 CREATE INDEX CONCURRENTLY (no tool transaction) is silent; README: line 3 is flagged.
      ["sql/010_index_orders.sql", 3, 1, INDEX],
      ["sql/010_index_orders.sql", 3, 1, LOCK],
    ],
  },
  // README: every object is new in a dump (CREATE INDEX at 94, the FK at 108-109): nothing fires.
  { layout: "dump", status: 0, expected: [] },
];

describe.each(FIXTURES.map((c) => [c.layout, c] as const))("fixtures/layouts/%s", (layout, { status, expected }) => {
  const base = path.join(ROOT, "fixtures", "layouts", layout);
  let run: CliRun;
  let results: LintResult[];

  beforeAll(() => {
    run = runCli(["-f", "json", "-c", CONFIG, `fixtures/layouts/${layout}`]);
    results = jsonResults(run.stdout);
  });

  it(`exits ${status} with nothing on stderr`, () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(status);
  });

  it("reports exactly the hazards its README lists (and the lock timeouts they need), nothing on the safe look-alikes", () => {
    expect(findings(results, base)).toEqual(expected);
  });
});

/** A temporary project holding `files`, linted once with the migration rules (`migrations` config as given). */
function transactionProject(prefix: string, files: Readonly<Record<string, string>>, migrations?: Record<string, unknown>) {
  const state = { project: undefined as TempDir | undefined, run: undefined as CliRun | undefined, results: [] as LintResult[] };
  beforeAll(async () => {
    const project = await tempProject(`schemalint-cli-layouts-${prefix}-`);
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
    status: (): number | null | undefined => state.run?.status,
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

describe("transactions: golang-migrate sends a file as one query", () => {
  const p = transactionProject("golang", {
    "migrations/1_create_orders.up.sql": CREATE,
    "migrations/1_create_orders.down.sql": "DROP TABLE orders;\n",
    "migrations/2_index_email.up.sql": `-- Alone in its file: no transaction block.\n${EMAIL}`,
    "migrations/2_index_email.down.sql": DROP("orders_email_idx"),
    "migrations/3_index_phone.up.sql": TIMEOUT + PHONE,
    "migrations/3_index_phone.down.sql": DROP("orders_phone_idx"),
  });

  it("a lone CREATE INDEX CONCURRENTLY is silent, the same statement after another one is flagged", () => {
    expect(p.findings()).toEqual([["migrations/3_index_phone.up.sql", 2, 1, NCIT]]);
    expect(p.messages("migrations/3_index_phone.up.sql")[0]).toContain("golang-migrate sends this file as one multi-statement query");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: Prisma sends migration.sql as one query", () => {
  const p = transactionProject("prisma", {
    "migrations/migration_lock.toml": 'provider = "postgresql"\n',
    "migrations/20240101000000_init/migration.sql": CREATE,
    "migrations/20240102000000_email_index/migration.sql": `-- CreateIndex\n${EMAIL}`,
    "migrations/20240103000000_phone_index/migration.sql": TIMEOUT + PHONE,
  });

  it("a lone CREATE INDEX CONCURRENTLY is silent, the same statement after another one is flagged", () => {
    expect(p.findings()).toEqual([["migrations/20240103000000_phone_index/migration.sql", 2, 1, NCIT]]);
    expect(p.messages("migrations/20240103000000_phone_index/migration.sql")[0]).toContain("Prisma Migrate sends migration.sql as one multi-statement query");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: the Supabase CLI sends a file as one batch", () => {
  const p = transactionProject("supabase", {
    "supabase/migrations/20240101000000_create_orders.sql": CREATE,
    "supabase/migrations/20240102000000_index_email.sql": EMAIL,
    "supabase/migrations/20240103000000_index_phone.sql": TIMEOUT + PHONE,
  });

  it("a lone CREATE INDEX CONCURRENTLY is silent, the same statement after another one is flagged", () => {
    expect(p.findings()).toEqual([["supabase/migrations/20240103000000_index_phone.sql", 2, 1, NCIT]]);
    expect(p.messages("supabase/migrations/20240103000000_index_phone.sql")[0]).toContain("the Supabase CLI sends this file as one batch");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: dbmate, transaction:false per section", () => {
  // lintDown: the down sections are checked too, each with its own marker's transaction state.
  const p = transactionProject("dbmate", {
    "db/migrations/20240101000000_create_orders.sql": `-- migrate:up\n${CREATE}\n-- migrate:down\nDROP TABLE orders;\n`,
    "db/migrations/20240102000000_index_email.sql": `-- migrate:up transaction:false\n${EMAIL}\n-- migrate:down\n${DROP("orders_email_idx")}`,
    "db/migrations/20240103000000_index_phone.sql": `-- migrate:up\n${PHONE}\n-- migrate:down transaction:false\n${DROP("orders_phone_idx")}`,
  }, { lintDown: true });

  it("flags the section that runs in dbmate's transaction, even alone, and not the one with transaction:false", () => {
    expect(p.findings()).toEqual([
      ["db/migrations/20240102000000_index_email.sql", 5, 1, NCIT],
      ["db/migrations/20240103000000_index_phone.sql", 2, 1, NCIT],
    ]);
    expect(p.messages("db/migrations/20240103000000_index_phone.sql")[0]).toContain("dbmate runs each migration in a transaction");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: goose, NO TRANSACTION for the whole file", () => {
  const p = transactionProject("goose", {
    "migrations/00001_create_orders.sql": `-- +goose Up\n${CREATE}\n-- +goose Down\nDROP TABLE orders;\n`,
    "migrations/00002_index_email.sql": `-- +goose NO TRANSACTION\n-- +goose Up\n${EMAIL}\n-- +goose Down\n${DROP("orders_email_idx")}`,
    "migrations/00003_index_phone.sql": `-- +goose Up\n${PHONE}\n-- +goose Down\n${DROP("orders_phone_idx")}`,
  }, { lintDown: true });

  it("flags both sections of the file without it, neither of the file with it", () => {
    expect(p.findings()).toEqual([
      ["migrations/00003_index_phone.sql", 2, 1, NCIT],
      ["migrations/00003_index_phone.sql", 5, 1, NCIT],
    ]);
    expect(p.messages("migrations/00003_index_phone.sql")[0]).toContain("goose runs each migration in a transaction");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: diesel, run_in_transaction = false in metadata.toml", () => {
  const p = transactionProject("diesel", {
    "migrations/2024-01-01-000000_create_orders/up.sql": CREATE,
    "migrations/2024-01-01-000000_create_orders/down.sql": "DROP TABLE orders;\n",
    "migrations/2024-01-02-000000_index_email/up.sql": EMAIL,
    "migrations/2024-01-02-000000_index_email/down.sql": DROP("orders_email_idx"),
    "migrations/2024-01-02-000000_index_email/metadata.toml": "run_in_transaction = false\n",
    "migrations/2024-01-03-000000_index_phone/up.sql": PHONE,
    "migrations/2024-01-03-000000_index_phone/down.sql": DROP("orders_phone_idx"),
  }, { lintDown: true });

  it("flags up.sql and down.sql of the migration without it, neither of the one with it", () => {
    expect(p.findings()).toEqual([
      // Files are reported in path order: down.sql before up.sql.
      ["migrations/2024-01-03-000000_index_phone/down.sql", 1, 1, NCIT],
      ["migrations/2024-01-03-000000_index_phone/up.sql", 1, 1, NCIT],
    ]);
    expect(p.messages("migrations/2024-01-03-000000_index_phone/up.sql")[0]).toContain("diesel runs each migration in a transaction");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: Flyway detects CREATE INDEX CONCURRENTLY, .sql.conf opts out", () => {
  const p = transactionProject("flyway", {
    "db/migration/V1__create_orders.sql": `${CREATE}CREATE INDEX orders_status_idx ON orders (status);\n`,
    "db/migration/V2__index_email.sql": EMAIL,
    "db/migration/V3__index_phone.sql": TIMEOUT + PHONE,
    "db/migration/V4__reindex_status.sql": "REINDEX INDEX CONCURRENTLY orders_status_idx;\n",
    "db/migration/V4__reindex_status.sql.conf": "executeInTransaction=false\n",
  });

  it("flags the statement mixed with a transactional one, not a lone one nor one with executeInTransaction=false", () => {
    // V3: Flyway refuses to mix a transactional SET with a non-transactional statement unless mixed=true.
    expect(p.findings()).toEqual([["db/migration/V3__index_phone.sql", 2, 1, NCIT]]);
    expect(p.messages("db/migration/V3__index_phone.sql")[0]).toContain("Flyway runs this migration in a transaction");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: Flyway decides by statement kind, not by statement count", () => {
  // Flyway's PostgreSQLParser runs a script outside a transaction when a statement matches
  // ^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY (or REINDEX SCHEMA|DATABASE|SYSTEM, VACUUM, ...), and
  // executes the statements one by one. A lone REINDEX INDEX CONCURRENTLY is not detected: it runs in
  // Flyway's transaction and fails (the rule's own help says to use executeInTransaction=false for it).
  // Two CREATE INDEX CONCURRENTLY are both detected: no transaction, and no "mixed" refusal.
  const p = transactionProject("flyway-kind", {
    "db/migration/V1__create_orders.sql": `${CREATE}CREATE INDEX orders_status_idx ON orders (status);\n`,
    "db/migration/V2__reindex_status.sql": "REINDEX INDEX CONCURRENTLY orders_status_idx;\n",
    "db/migration/V3__index_email_phone.sql": EMAIL + PHONE,
  });
  const only = (file: string): Finding[] => p.findings().filter((f) => f[0] === file);

  it("flags a lone REINDEX CONCURRENTLY without executeInTransaction=false", () => {
    expect(only("db/migration/V2__reindex_status.sql")).toEqual([["db/migration/V2__reindex_status.sql", 1, 1, NCIT]]);
  });

  it("does not flag a migration made only of CREATE INDEX CONCURRENTLY statements", () => {
    expect(only("db/migration/V3__index_email_phone.sql")).toEqual([]);
  });
});

describe("transactions: sqitch scripts manage their own BEGIN/COMMIT (plan and scripts where sqitch.conf's top_dir says)", () => {
  const plan = ["orders", "index_email", "index_phone", "index_status"]
    .map((change, i) => `${change} 2024-01-0${i + 1}T00:00:00Z Ada <ada@example.com> # ${change}`)
    .join("\n");
  const p = transactionProject("sqitch", {
    "sqitch.conf": "[core]\n\tengine = pg\n\ttop_dir = db\n",
    // A stale copy beside sqitch.conf: sqitch reads db/sqitch.plan.
    "sqitch.plan": `%syntax-version=1.0.0\n%project=shop\n\n${plan}\n`,
    "db/sqitch.plan": `%syntax-version=1.0.0\n%project=shop\n\n${plan}\n`,
    "db/deploy/orders.sql": `BEGIN;\n${CREATE}COMMIT;\n`,
    "db/revert/orders.sql": "BEGIN;\nDROP TABLE orders;\nCOMMIT;\n",
    "db/deploy/index_email.sql": `-- sqitch adds no transaction.\n${EMAIL}`,
    "db/revert/index_email.sql": DROP("orders_email_idx"),
    "db/deploy/index_phone.sql": `BEGIN;\nSET LOCAL lock_timeout = '5s';\n${PHONE}COMMIT;\n`,
    "db/revert/index_phone.sql": DROP("orders_phone_idx"),
    "db/deploy/index_status.sql": `BEGIN;\nSET LOCAL lock_timeout = '5s';\nCOMMIT;\n${STATUS}`,
    "db/revert/index_status.sql": DROP("orders_status_idx"),
  });

  it("flags the statement between BEGIN and COMMIT only", () => {
    expect(p.findings()).toEqual([["db/deploy/index_phone.sql", 3, 1, NCIT]]);
    expect(p.messages("db/deploy/index_phone.sql")[0]).toContain("runs between BEGIN and COMMIT");
    expect(p.status()).toBe(1);
  });
});

describe("transactions: plain files run statement by statement", () => {
  const p = transactionProject("plain", {
    "sql/001_create_orders.sql": CREATE,
    "sql/002_index_email.sql": TIMEOUT + EMAIL + PHONE,
    "sql/003_index_status.sql": `BEGIN;\n${STATUS}COMMIT;\n`,
  });

  it("several statements are no transaction block, an explicit BEGIN is", () => {
    expect(p.findings()).toEqual([["sql/003_index_status.sql", 2, 1, NCIT]]);
    expect(p.status()).toBe(1);
  });
});

describe("transactions: sqlx files with assumeInTransaction: -- no-transaction opts out, the file still one query", () => {
  const p = transactionProject("sqlx", { "m/1_orders.sql": CREATE, "m/2_email.sql": `-- no-transaction\n${EMAIL}`, "m/3_phone.sql": `-- no-transaction\n${TIMEOUT}${PHONE}`, "m/4_status.sql": STATUS }, { assumeInTransaction: true });
  it("a lone statement after the line is silent, one after another statement is still flagged, and so is one without the line", () => {
    expect(p.findings()).toEqual([["m/3_phone.sql", 3, 1, NCIT], ["m/4_status.sql", 1, 1, NCIT]]);
    expect(p.messages("m/3_phone.sql")[0]).toContain("with -- no-transaction sqlx still sends this file as one multi-statement query");
  });
});

describe("popx: other databases' files are left out, --debug names them", () => {
  it("lints only the PostgreSQL files and lists the others on stderr with --debug", () => {
    const run = runCli(["-f", "json", "--debug", "-c", CONFIG, "fixtures/layouts/popx"]);
    const linted = jsonResults(run.stdout).map((r) => path.basename(r.filePath));
    expect(linted.filter((f) => /\.(?:mysql|sqlite3|cockroach)\.|_idx\.autocommit\./u.test(f))).toEqual([]);
    expect(run.stderr).toContain(
      "schemalint: 8 files not linted: the migration tool never runs them on PostgreSQL (another database's migrations, a generic file a .postgres. one replaces, a version folder whose manifest.json runs none): fixtures/layouts/popx/migrations/20240301000000000000_networks.mysql.down.sql,",
    );
    expect(run.stderr).toContain("… (3 more)");
    // Which tool each history was read as: the first thing to check when findings look wrong.
    expect(run.stderr).toContain("schemalint: 1 history: fixtures/layouts/popx/migrations (popx, 7 migrations)\n");
  });
});

describe("a migration file given alone", () => {
  const file = "fixtures/layouts/golang-migrate/migrations/2_create_orders.up.sql";
  let run: CliRun;
  let results: LintResult[];

  beforeAll(() => {
    run = runCli(["-f", "json", "-c", CONFIG, file]);
    results = jsonResults(run.stdout);
  });

  it("is linted with its directory's history, and only it is reported", () => {
    expect(results.map((r) => path.relative(ROOT, r.filePath).split(path.sep).join("/"))).toEqual([file]);
    // users comes from 1_create_users.up.sql: an existing table; orders is new in this file.
    expect(findings(results, ROOT)).toEqual([
      [file, 4, 29, LOCK],
      [file, 11, 1, INDEX],
    ]);
    expect(results[0]?.messages[1]?.message).toContain('CREATE INDEX on existing table "users"');
    expect(run.status).toBe(1);
  });

  describe("the history decides", () => {
    // varchar(100) -> varchar(320) rewrites nothing, which only the earlier migration can tell.
    const widen = `${TIMEOUT}ALTER TABLE accounts ALTER COLUMN email TYPE varchar(320);\n`;
    const narrow = `${TIMEOUT}ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100);\n`;
    let project: TempDir;
    const alone = (file: string): Finding[] => findings(jsonResults(runCli(["-f", "json", "-c", CONFIG, file], { cwd: project.dir }).stdout), project.dir);

    beforeAll(async () => {
      project = await tempProject("schemalint-cli-layouts-alone-");
      await project.write("db/migrations/1_create_accounts.up.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(100));\n");
      await project.write("db/migrations/1_create_accounts.down.sql", "DROP TABLE accounts;\n");
      for (const dir of ["db/migrations", "elsewhere"]) {
        await project.write(`${dir}/2_widen_email.up.sql`, widen);
        await project.write(`${dir}/2_widen_email.down.sql`, narrow);
      }
    });

    afterAll(async () => {
      await project.remove();
    });

    it("a widening is silent with the earlier migration, reported as unknown without it", () => {
      expect(alone("db/migrations/2_widen_email.up.sql")).toEqual([]);
      expect(alone("elsewhere/2_widen_email.up.sql")).toEqual([["elsewhere/2_widen_email.up.sql", 2, 35, "no-column-type-change"]]);
    });
  });
});
