import path from "node:path";
import { describe, expect, it } from "vitest";
import { planMigrations, planRepository } from "../../src/migrations/layouts.js";
import type { DirectoryPlan, LayoutName, MigrationPart, SourceFile } from "../../src/migrations/layouts.js";
import { fixtureLayouts, load, summary, TERN_EXPECTED, type Expected } from "./layout-fixture-files.js";
import { lineCount, only, positionOf } from "./helpers.js";
import { GRAPHILE_MIGRATE, GRAPHILE_MIGRATE_STATEMENTS } from "./layout-fixtures-graphile.js";

/**
 * fixtures/layouts/{layout}: one small, realistic migration directory per supported tool. Each fixture is
 * read from disk as `/repo/{layout}/…` and planned; the assertions pin detection, run order, parts,
 * transaction states, marker lines, section blanking and layout problems exactly.
 */
/** The single directory plan of a fixture; planMigrations on the same files must agree with it. */
function planOf(layout: LayoutName): { plan: DirectoryPlan; files: SourceFile[]; text: (file: string) => string } {
  const { files, project } = load(layout);
  const plan = only(planRepository(files, project === undefined ? {} : { projects: new Map([[dirOf(layout), project]]) }));
  const direct = planMigrations(files, project === undefined ? {} : { project });
  expect({ layout: direct.layout, migrations: direct.migrations, problems: direct.problems }).toEqual({
    layout: plan.layout,
    migrations: plan.migrations,
    problems: plan.problems,
  });
  const text = (file: string): string => {
    const found = files.find((f) => f.path === file);
    if (found === undefined) throw new Error(`${file} is not in the fixture`);
    return found.text;
  };
  return { plan, files, text };
}


const EXPECTED: Record<LayoutName, Expected> = {
  "golang-migrate": {
    dir: "migrations",
    migrations: [
      "1|create_users|up=1_create_users.up.sql:tool|down=1_create_users.down.sql:tool|verify=",
      "2|create_orders|up=2_create_orders.up.sql:tool|down=2_create_orders.down.sql:tool|verify=",
      "3|add_users_display_name|up=3_add_users_display_name.up.sql:tool|down=3_add_users_display_name.down.sql:tool|verify=",
      "10|add_orders_status_index|up=10_add_orders_status_index.up.sql:tool|down=10_add_orders_status_index.down.sql:tool|verify=",
    ],
    problems: [
      { file: "notes.sql", line: 1, message: "file name does not match {version}_{title}.up.sql or {version}_{title}.down.sql; golang-migrate ignores it" },
    ],
  },
  sqlx: {
    dir: "migrations",
    migrations: [
      "1|create_users|up=1_create_users.sql:tool|down=|verify=",
      "2|create_orders|up=2_create_orders.up.sql:tool|down=2_create_orders.down.sql:tool|verify=",
      "3|index_orders_status|up=3_index_orders_status.up.sql:tool|down=3_index_orders_status.down.sql:tool|verify=",
      "4|index_users_email|up=4_index_users_email.sql:query|down=|verify=",
      "10|add_users_display_name|up=10_add_users_display_name.sql:tool|down=|verify=",
    ],
    problems: [
      {
        file: "seed.sql",
        line: 1,
        message: "file name does not match {version}_{description}.sql, .up.sql or .down.sql directly in the migrations directory; sqlx ignores it",
      },
    ],
  },
  "maragudk-migrate": {
    dir: "migrations",
    migrations: [
      "0001_create_table_a_users||up=0001_create_table_a_users.up.sql:tool|down=0001_create_table_a_users.down.sql:tool|verify=",
      "0001_create_table_b_orders||up=0001_create_table_b_orders.up.sql:tool|down=0001_create_table_b_orders.down.sql:tool|verify=",
      "0002_index_orders_status||up=0002_index_orders_status.up.sql:tool|down=0002_index_orders_status.down.sql:tool|verify=",
      "0003_add_users_name||up=0003_add_users_name.up.sql:tool|down=0003_add_users_name.down.sql:tool|verify=",
    ],
    problems: [
      {
        file: "seed.sql",
        line: 1,
        message:
          "file name does not match {version}.up.sql or {version}.down.sql ({version}: letters, digits, _ and -) directly in the migrations directory; maragudk/migrate ignores it",
      },
    ],
  },
  popx: {
    dir: "migrations",
    migrations: [
      "20240301000000000000|networks|up=20240301000000000000_networks.postgres.up.sql:tool|down=20240301000000000000_networks.postgres.down.sql:tool|verify=",
      "20240302000000000000|identities|up=20240302000000000000_identities.up.sql:tool|down=20240302000000000000_identities.down.sql:tool|verify=",
      "20240302000000000001|identities|up=20240302000000000001_identities.up.sql:tool|down=20240302000000000001_identities.down.sql:tool|verify=",
      "20240303000000000000|identities_state|up=20240303000000000000_identities_state.up.sql:tool|down=20240303000000000000_identities_state.down.sql:tool|verify=",
      "20240303000000000001|identities_state_idx|up=20240303000000000001_identities_state_idx.postgres.autocommit.up.sql:query|down=20240303000000000001_identities_state_idx.postgres.autocommit.down.sql:query|verify=",
      "20240304000000000000|identities_email|up=20240304000000000000_identities_email.autocommit.up.sql:query|down=20240304000000000000_identities_email.autocommit.down.sql:query|verify=",
      "20240305000000000000|identities_traits_idx|up=20240305000000000000_identities_traits_idx.postgres.up.sql:tool|down=20240305000000000000_identities_traits_idx.postgres.down.sql:tool|verify=",
    ],
    ignored: [
      "20240301000000000000_networks.mysql.down.sql",
      "20240301000000000000_networks.mysql.up.sql",
      "20240301000000000000_networks.sqlite3.down.sql",
      "20240301000000000000_networks.sqlite3.up.sql",
      "20240303000000000001_identities_state_idx.autocommit.down.sql",
      "20240303000000000001_identities_state_idx.autocommit.up.sql",
      "20240305000000000000_identities_traits_idx.cockroach.down.sql",
      "20240305000000000000_identities_traits_idx.cockroach.up.sql",
    ],
  },
  drizzle: {
    dir: "drizzle",
    // Journal order; 0002_orphan.sql is not in the journal, 0003_missing has no file.
    migrations: [
      "0000|create_users|up=0000_create_users.sql:tool|down=|verify=",
      "0001|users_email_idx|up=0001_users_email_idx.sql:tool|down=|verify=",
    ],
    problems: [
      { file: "0002_orphan.sql", line: 1, kind: "manifest", message: "0002_orphan.sql is not in meta/_journal.json; drizzle ignores it" },
      { file: "meta/_journal.json", line: 7, kind: "manifest", message: 'journal entry "0003_missing" has no file 0003_missing.sql; drizzle\'s migrator fails on it' },
    ],
  },
  "graphile-migrate": GRAPHILE_MIGRATE,
  atlas: {
    dir: "migrations",
    migrations: [
      "20240101000000|create_users|up=20240101000000_create_users.sql:tool|down=|verify=",
      "20240102000000|users_email_idx|up=20240102000000_users_email_idx.sql:tool|down=|verify=",
      "20240103000000|users_name_idx|up=20240103000000_users_name_idx.sql:none|down=|verify=",
      "20240104000000|users_created_idx|up=20240104000000_users_created_idx.sql:tool|down=|verify=",
    ],
    problems: [
      {
        file: "20240104000000_users_created_idx.sql",
        line: 1, kind: "marker",
        message: "this atlas:txmode directive is not in the file header (comment lines at the top followed by an empty line); Atlas ignores it",
      },
    ],
  },
  diesel: {
    dir: "migrations",
    migrations: [
      "00000000000000|diesel_initial_setup|up=00000000000000_diesel_initial_setup/up.sql:tool|down=00000000000000_diesel_initial_setup/down.sql:tool|verify=",
      "2024-03-01-090000|create_products|up=2024-03-01-090000_create_products/up.sql:tool|down=2024-03-01-090000_create_products/down.sql:tool|verify=",
      "2024-03-02-090000|create_orders|up=2024-03-02-090000_create_orders/up.sql:tool|down=2024-03-02-090000_create_orders/down.sql:tool|verify=",
      "2024-03-05-120000|index_orders_created_at|up=2024-03-05-120000_index_orders_created_at/up.sql:query|down=2024-03-05-120000_index_orders_created_at/down.sql:query|verify=",
    ],
  },
  dbmate: {
    dir: "db/migrations",
    migrations: [
      "20240301090000|create_users|up=20240301090000_create_users.sql:tool@1|down=20240301090000_create_users.sql:tool@10|verify=",
      "20240302090000|create_orders|up=20240302090000_create_orders.sql:tool@1|down=20240302090000_create_orders.sql:tool@13|verify=",
      "20240303090000|index_orders_user_id|up=20240303090000_index_orders_user_id.sql:none@1|down=20240303090000_index_orders_user_id.sql:tool@4|verify=",
      "20240304090000|index_orders_created_at|up=20240304090000_index_orders_created_at.sql:tool@1|down=20240304090000_index_orders_created_at.sql:tool@4|verify=",
    ],
  },
  goose: {
    dir: "migrations",
    migrations: [
      "00001|create_users|up=00001_create_users.sql:tool@1|down=00001_create_users.sql:tool@8|verify=",
      "00002|add_users_updated_at|up=00002_add_users_updated_at.sql:tool@1|down=00002_add_users_updated_at.sql:tool@17|verify=",
      "00003|create_jobs|up=00003_create_jobs.sql:tool@1|down=00003_create_jobs.sql:tool@16|verify=",
      "00004|index_jobs_queue|up=00004_index_jobs_queue.sql:none@2|down=00004_index_jobs_queue.sql:none@5|verify=",
    ],
  },
  "sql-migrate": {
    dir: "sql",
    // Numeric order of the number each id starts with (migrate.go Migration.Less): 9 before 10.
    migrations: [
      "1|create_users|up=1_create_users.sql:tool@2|down=1_create_users.sql:tool@10|verify=",
      "2|add_users_updated_at|up=2_add_users_updated_at.sql:tool@1|down=2_add_users_updated_at.sql:tool@17|verify=",
      "9|create_projects|up=9_create_projects.sql:tool@1|down=9_create_projects.sql:tool@12|verify=",
      "10|index_projects_name|up=10_index_projects_name.sql:none@1|down=10_index_projects_name.sql:none@4|verify=",
      "11|index_users_email_domain|up=11_index_users_email_domain.sql:tool@1|down=11_index_users_email_domain.sql:tool@4|verify=",
      "12|add_projects_archived_at|up=12_add_projects_archived_at.sql:tool@2|down=12_add_projects_archived_at.sql:tool@5|verify=",
    ],
    problems: [{ file: "12_add_projects_archived_at.sql", line: 1, kind: "marker", message: "SQL before the first marker is not part of any section" }],
  },
  tern: TERN_EXPECTED,
  flyway: {
    dir: "db/migration",
    migrations: [
      "1|create users|up=V1__create_users.sql:tool|down=|verify=",
      "1_1|create orders|up=V1_1__create_orders.sql:tool|down=|verify=",
      "1_9|add users locale|up=V1_9__add_users_locale.sql:tool|down=U1_9__add_users_locale.sql:tool|verify=",
      "1_10|index orders created at|up=V1_10__index_orders_created_at.sql:none|down=|verify=",
      "|user order totals|up=R__user_order_totals.sql:tool|down=|verify=|repeatable",
    ],
  },
  sqitch: {
    dir: "",
    migrations: [
      "appschema|appschema|up=deploy/appschema.sql:none|down=revert/appschema.sql:none|verify=verify/appschema.sql:none",
      "users|users|up=deploy/users.sql:none|down=revert/users.sql:none|verify=verify/users.sql:none",
      "orders|orders|up=deploy/orders.sql:none|down=revert/orders.sql:none|verify=verify/orders.sql:none",
      "order_total@v1.0|order_total|up=deploy/order_total@v1.0.sql:none|down=revert/order_total@v1.0.sql:none|verify=verify/order_total@v1.0.sql:none",
      "order_total|order_total|up=deploy/order_total.sql:none|down=revert/order_total.sql:none|verify=verify/order_total.sql:none",
    ],
  },
  prisma: {
    dir: "migrations",
    migrations: [
      "20240301090000|init|up=20240301090000_init/migration.sql:tool|down=|verify=",
      "20240302090000|add_orders|up=20240302090000_add_orders/migration.sql:tool|down=|verify=",
      "20240303090000|add_user_role|up=20240303090000_add_user_role/migration.sql:tool|down=|verify=",
      "20240304090000|add_order_status|up=20240304090000_add_order_status/migration.sql:tool|down=|verify=",
    ],
  },
  supabase: {
    dir: "supabase/migrations",
    migrations: [
      "20240301090000|create_profiles|up=20240301090000_create_profiles.sql:tool|down=|verify=",
      "20240302090000|create_posts|up=20240302090000_create_posts.sql:tool|down=|verify=",
      "20240303090000|add_profile_website|up=20240303090000_add_profile_website.sql:tool|down=|verify=",
    ],
  },
  plain: {
    dir: "sql",
    migrations: [
      "001|create_users|up=001_create_users.sql:none|down=|verify=",
      "002|create_orders|up=002_create_orders.sql:none|down=|verify=",
      "010|index_orders|up=010_index_orders.sql:none|down=|verify=",
    ],
  },
  dump: {
    dir: "db",
    migrations: ["|structure|up=structure.sql:none|down=|verify="],
  },
};

const LAYOUTS = Object.keys(EXPECTED) as LayoutName[];

const dirOf = (layout: LayoutName): string => path.posix.join(`/repo/${layout}`, EXPECTED[layout].dir);

describe("fixtures/layouts", () => {
  it("has a fixture for every layout", () => {
    expect(fixtureLayouts()).toEqual([...LAYOUTS].sort());
  });

  describe.each(LAYOUTS)("%s", (layout) => {
    it("is detected, ordered and split into parts exactly", () => {
      const { plan, files } = planOf(layout);
      const dir = dirOf(layout);
      expect([plan.dir, plan.layout]).toEqual([dir, layout]);
      expect(plan.files).toEqual(files.map((f) => f.path));
      expect(plan.migrations.map((m) => summary(dir, m))).toEqual(EXPECTED[layout].migrations);
      expect(plan.problems).toEqual((EXPECTED[layout].problems ?? []).map((p) => ({ ...p, file: `${dir}/${p.file}` })));
      expect(plan.ignored).toEqual((EXPECTED[layout].ignored ?? []).map((f) => `${dir}/${f}`));
      for (const m of plan.migrations) {
        expect(m.layout).toBe(layout);
        expect(m.id.startsWith(`${layout}:${dir}:`)).toBe(true);
      }
    });

    it("uses every SQL file, reports it or leaves it out on purpose", () => {
      const { plan, files } = planOf(layout);
      // dbmate and goose take the up and down parts from one file; any other file is used once.
      const used = new Set(plan.migrations.flatMap((m) => [...m.up, ...m.down, ...m.verify].map((p) => p.file)));
      // Problems on metadata files (drizzle's journal) or on files also used (a misplaced atlas:txmode) add none.
      const reported = plan.problems.map((p) => p.file).filter((f) => f.endsWith(".sql") && !used.has(f));
      expect([...new Set([...used, ...reported, ...plan.ignored])].sort()).toEqual(files.filter((f) => f.path.endsWith(".sql")).map((f) => f.path));
    });

    it("keeps every part the same length and line count as its file", () => {
      const { plan, text } = planOf(layout);
      for (const p of plan.migrations.flatMap((m) => [...m.up, ...m.down, ...m.verify])) {
        expect(p.text.length).toBe(text(p.file).length);
        expect(lineCount(p.text)).toBe(lineCount(text(p.file)));
      }
    });
  });
});

/** Asserts that `part.text` is the file with every line outside [from, to] blanked (line breaks kept). */
function expectSection(part: MigrationPart | undefined, file: string, from: number, to: number): void {
  const lines = file.split("\n");
  const expected = lines.map((l, i) => (i + 1 >= from && i + 1 <= to ? l : l.replace(/[^\r]/gu, " "))).join("\n");
  expect(part?.text).toBe(expected);
}

describe("section texts", () => {
  it.each(["golang-migrate", "sqlx", "maragudk-migrate", "popx", "drizzle", "atlas", "diesel", "sqitch", "prisma", "supabase", "plain", "dump"] as const)(
    "%s: every part is its whole file",
    (layout) => {
      const { plan, text } = planOf(layout);
      for (const p of plan.migrations.flatMap((m) => [...m.up, ...m.down, ...m.verify])) expect(p.text).toBe(text(p.file));
    },
  );

  it.each(["dbmate", "goose", "sql-migrate"] as const)("%s: the up section runs from its marker to the down marker, the down section to the end", (layout) => {
    const { plan, text } = planOf(layout);
    for (const m of plan.migrations) {
      const up = only(m.up);
      const down = only(m.down);
      const file = text(up.file);
      expect(down.file).toBe(up.file);
      expect([up.markerLine, down.markerLine].every((l) => l !== undefined)).toBe(true);
      expectSection(up, file, (up.markerLine ?? 0) + 1, (down.markerLine ?? 0) - 1);
      expectSection(down, file, (down.markerLine ?? 0) + 1, lineCount(file));
    }
  });

  it("dbmate: the down section does not see the up statements", () => {
    const { plan } = planOf("dbmate");
    const orders = plan.migrations[1];
    expect(orders?.down[0]?.text.includes("CREATE TABLE")).toBe(false);
    expect(orders?.up[0]?.text.includes("DROP TABLE")).toBe(false);
    expect(positionOf(orders?.down[0]?.text ?? "", "DROP TABLE orders")).toEqual({ line: 15, column: 1 });
  });

  it("goose: StatementBegin/End blocks stay in the up section and Down inside SQL is not a marker", () => {
    const { plan, text } = planOf("goose");
    const [, trigger, jobs] = plan.migrations;
    const triggerUp = trigger?.up[0]?.text ?? "";
    expect(positionOf(triggerUp, "-- +goose StatementBegin")).toEqual({ line: 4, column: 1 });
    expect(positionOf(triggerUp, "NEW.updated_at := now();")).toEqual({ line: 8, column: 5 });
    expect(positionOf(triggerUp, "-- +goose StatementEnd")).toEqual({ line: 12, column: 1 });
    expect(triggerUp.includes("DROP FUNCTION")).toBe(false);
    const jobsFile = text(jobs?.up[0]?.file ?? "");
    const jobsUp = jobs?.up[0]?.text ?? "";
    expect(positionOf(jobsUp, "-- shut Down the old queue")).toEqual({ line: 7, column: 5 });
    expect(positionOf(jobsUp, "down boolean")).toEqual({ line: 8, column: 5 });
    expect(positionOf(jobsFile, "-- +goose Down")).toEqual({ line: 16, column: 1 });
    expect(jobs?.down[0]?.text.includes("shut Down")).toBe(false);
  });

  it("sql-migrate: StatementBegin/End blocks stay in the up section, SQL before the first marker is in no section, Down inside SQL is not a marker", () => {
    const { plan, text } = planOf("sql-migrate");
    const [users, trigger, projects, , , archived] = plan.migrations;
    expect(positionOf(users?.up[0]?.text ?? "", "CREATE TABLE users")).toEqual({ line: 3, column: 1 });
    expect(users?.up[0]?.text.includes("Users of the dashboard")).toBe(false);
    const triggerUp = trigger?.up[0]?.text ?? "";
    expect(positionOf(triggerUp, "-- +migrate StatementBegin")).toEqual({ line: 4, column: 1 });
    expect(positionOf(triggerUp, "NEW.updated_at := now();")).toEqual({ line: 8, column: 5 });
    expect(positionOf(triggerUp, "-- +migrate StatementEnd")).toEqual({ line: 12, column: 1 });
    expect(triggerUp.includes("DROP FUNCTION")).toBe(false);
    const projectsUp = projects?.up[0]?.text ?? "";
    expect(positionOf(projectsUp, "-- shut Down projects")).toEqual({ line: 6, column: 5 });
    expect(positionOf(projectsUp, "down boolean")).toEqual({ line: 7, column: 5 });
    expect(projects?.down[0]?.text.includes("shut Down")).toBe(false);
    const archivedFile = text(archived?.up[0]?.file ?? "");
    expect(positionOf(archivedFile, "SET lock_timeout")).toEqual({ line: 1, column: 1 });
    expect(archived?.up[0]?.text.includes("SET lock_timeout")).toBe(false);
    expect(archived?.down[0]?.text.includes("SET lock_timeout")).toBe(false);
  });

  it("flyway: placeholders are neutralised in place, nothing else changes", () => {
    const { plan, text } = planOf("flyway");
    const v1 = only(plan.migrations[0]?.up ?? []);
    const file = text(v1.file);
    expect(file.includes("${reporting_role}")).toBe(true);
    expect(v1.text).toBe(file.replace("${reporting_role}", "x".repeat("${reporting_role}".length)));
    expect(positionOf(v1.text, "TO xxxxxxxxxxxxxxxxx;")).toEqual(positionOf(file, "TO ${reporting_role};"));
    expect(positionOf(v1.text, "TO x")).toEqual({ line: 7, column: 23 });
    for (const p of plan.migrations.slice(1).flatMap((m) => [...m.up, ...m.down])) expect(p.text).toBe(text(p.file));
  });
});

/**
 * Statements the fixture READMEs point at for the migration-safety checks (flag / safe look-alike):
 * layout, file relative to the plan's directory, part role, a unique snippet, its 1-based line.
 */
const STATEMENTS: [LayoutName, string, "up" | "down", string, number][] = [
  ["golang-migrate", "2_create_orders.up.sql", "up", "CREATE INDEX orders_user_id_idx", 10],
  ["golang-migrate", "2_create_orders.up.sql", "up", "CREATE INDEX users_created_at_idx", 11],
  ["golang-migrate", "3_add_users_display_name.up.sql", "up", "ADD COLUMN display_name text NOT NULL;", 2],
  ["golang-migrate", "3_add_users_display_name.up.sql", "up", "ADD COLUMN currency text NOT NULL DEFAULT", 3],
  ["golang-migrate", "10_add_orders_status_index.up.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["sqlx", "2_create_orders.up.sql", "up", "CREATE INDEX orders_user_id_idx", 9],
  ["sqlx", "2_create_orders.up.sql", "up", "CREATE INDEX users_created_at_idx", 10],
  ["sqlx", "3_index_orders_status.up.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["sqlx", "4_index_users_email.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["sqlx", "10_add_users_display_name.sql", "up", "ADD COLUMN display_name text NOT NULL;", 2],
  ["sqlx", "10_add_users_display_name.sql", "up", "ADD COLUMN locale text NOT NULL DEFAULT", 3],
  ["maragudk-migrate", "0001_create_table_b_orders.up.sql", "up", "create index orders_user_id_idx", 7],
  ["maragudk-migrate", "0002_index_orders_status.up.sql", "up", "create index concurrently", 2],
  ["maragudk-migrate", "0003_add_users_name.up.sql", "up", "add column name text not null;", 1],
  ["popx", "20240302000000000001_identities.up.sql", "up", "CREATE INDEX identities_nid_idx", 1],
  ["popx", "20240303000000000001_identities_state_idx.postgres.autocommit.up.sql", "up", "CREATE INDEX CONCURRENTLY", 1],
  ["popx", "20240304000000000000_identities_email.autocommit.up.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["popx", "20240305000000000000_identities_traits_idx.postgres.up.sql", "up", "CREATE INDEX CONCURRENTLY", 1],
  ["drizzle", "0001_users_email_idx.sql", "up", "CREATE INDEX CONCURRENTLY", 3],
  ...GRAPHILE_MIGRATE_STATEMENTS,
  ["atlas", "20240102000000_users_email_idx.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["atlas", "20240103000000_users_name_idx.sql", "up", "CREATE INDEX CONCURRENTLY", 4],
  ["atlas", "20240104000000_users_created_idx.sql", "up", "CREATE INDEX CONCURRENTLY", 3],
  ["diesel", "2024-03-02-090000_create_orders/up.sql", "up", "ADD COLUMN sku text NOT NULL;", 2],
  ["diesel", "2024-03-02-090000_create_orders/up.sql", "up", "CREATE INDEX orders_product_id_idx", 14],
  ["diesel", "2024-03-02-090000_create_orders/up.sql", "up", "CREATE INDEX products_name_idx", 15],
  ["diesel", "2024-03-05-120000_index_orders_created_at/up.sql", "up", "CREATE INDEX CONCURRENTLY", 1],
  ["dbmate", "20240301090000_create_users.sql", "up", "CREATE UNIQUE INDEX users_email_key", 8],
  ["dbmate", "20240302090000_create_orders.sql", "up", "ALTER TABLE users\n    ADD COLUMN phone text NOT NULL;", 10],
  ["dbmate", "20240303090000_index_orders_user_id.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["dbmate", "20240303090000_index_orders_user_id.sql", "down", "DROP INDEX orders_user_id_idx", 5],
  ["dbmate", "20240304090000_index_orders_created_at.sql", "up", "CREATE INDEX orders_created_at_idx", 2],
  ["goose", "00002_add_users_updated_at.sql", "up", "ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()", 2],
  ["goose", "00003_create_jobs.sql", "up", "CREATE INDEX jobs_user_id_idx", 13],
  ["goose", "00003_create_jobs.sql", "up", "CREATE INDEX users_created_at_idx", 14],
  ["goose", "00004_index_jobs_queue.sql", "up", "CREATE INDEX CONCURRENTLY", 3],
  ["sql-migrate", "1_create_users.sql", "up", "CREATE UNIQUE INDEX users_email_key", 8],
  ["sql-migrate", "2_add_users_updated_at.sql", "up", "ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()", 2],
  ["sql-migrate", "9_create_projects.sql", "up", "CREATE INDEX projects_owner_id_idx", 9],
  ["sql-migrate", "9_create_projects.sql", "up", "CREATE INDEX users_created_at_idx", 10],
  ["sql-migrate", "10_index_projects_name.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["sql-migrate", "11_index_users_email_domain.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["sql-migrate", "12_add_projects_archived_at.sql", "up", "ADD COLUMN archived_at", 3],
  ["flyway", "V1_1__create_orders.sql", "up", "CREATE INDEX orders_user_id_idx", 9],
  ["flyway", "V1_9__add_users_locale.sql", "up", "ADD COLUMN locale text NOT NULL;", 2],
  ["flyway", "V1_9__add_users_locale.sql", "up", "CREATE INDEX users_locale_idx", 3],
  ["flyway", "V1_10__index_orders_created_at.sql", "up", "CREATE INDEX CONCURRENTLY", 1],
  ["sqitch", "deploy/users.sql", "up", "CREATE UNIQUE INDEX users_lower_email_key", 11],
  ["sqitch", "deploy/orders.sql", "up", "CREATE INDEX orders_user_id_idx", 12],
  ["sqitch", "deploy/orders.sql", "up", "CREATE INDEX users_created_at_idx", 13],
  ["prisma", "20240302090000_add_orders/migration.sql", "up", 'CREATE INDEX "Order_userId_idx"', 12],
  ["prisma", "20240303090000_add_user_role/migration.sql", "up", 'ADD COLUMN     "role" TEXT NOT NULL;', 8],
  ["prisma", "20240303090000_add_user_role/migration.sql", "up", 'CREATE INDEX "User_role_idx"', 11],
  ["prisma", "20240304090000_add_order_status/migration.sql", "up", `"status" "OrderStatus" NOT NULL DEFAULT 'PENDING'`, 5],
  ["supabase", "20240302090000_create_posts.sql", "up", "create index posts_author_id_idx", 9],
  ["supabase", "20240302090000_create_posts.sql", "up", "create index profiles_created_at_idx", 10],
  ["supabase", "20240303090000_add_profile_website.sql", "up", "add column website text not null;", 1],
  ["supabase", "20240303090000_add_profile_website.sql", "up", "add column published boolean not null default false", 2],
  ["plain", "002_create_orders.sql", "up", "CREATE INDEX orders_user_id_idx", 9],
  ["plain", "002_create_orders.sql", "up", "ADD COLUMN last_order_at timestamptz NOT NULL;", 10],
  ["plain", "010_index_orders.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
  ["plain", "010_index_orders.sql", "up", "CREATE INDEX orders_status_idx", 3],
  ["dump", "structure.sql", "up", "CREATE INDEX orders_user_id_idx", 94],
  ["dump", "structure.sql", "up", "ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY", 109],
];

describe("statements referenced by the fixture READMEs", () => {
  it.each(STATEMENTS)("%s %s (%s): %j on line %i", (layout, file, role, snippet, line) => {
    const { plan, text } = planOf(layout);
    const full = `${dirOf(layout)}/${file}`;
    const part = only(plan.migrations.flatMap((m) => (role === "up" ? m.up : m.down)).filter((p) => p.file === full));
    const at = positionOf(part.text, snippet);
    expect(at.line).toBe(line);
    expect(at).toEqual(positionOf(text(full), snippet));
    expect(part.text.indexOf(snippet)).toBe(part.text.lastIndexOf(snippet));
  });
});
