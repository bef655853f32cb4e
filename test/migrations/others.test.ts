import { describe, expect, it } from "vitest";
import { planMigrations, planRepository, requiresDown } from "../../src/migrations/layouts.js";
import { only, summary, tree } from "./helpers.js";

describe("supabase layout", () => {
  const dir = "/repo/supabase/migrations";
  it("orders timestamped files, up only, each in a transaction", () => {
    const plan = planMigrations(
      tree(dir, { "20240102000000_b.sql": "SELECT 2;", "20240101000000_a.sql": "SELECT 1;", "seed.sql": "", "20240101000000_dup.sql": "" }),
    );
    expect(plan.layout).toBe("supabase");
    // The duplicate is reported, and kept after the other file of its version (file-name order).
    expect(plan.migrations.map(summary)).toEqual([
      "20240101000000|a|up=20240101000000_a.sql:tool|down=",
      "20240101000000|dup|up=20240101000000_dup.sql:tool|down=",
      "20240102000000|b|up=20240102000000_b.sql:tool|down=",
    ]);
    expect(plan.problems).toEqual([
      { file: `${dir}/20240101000000_dup.sql`, line: 1, message: `duplicate version 20240101000000 (also used by ${dir}/20240101000000_a.sql)` },
      { file: `${dir}/seed.sql`, line: 1, message: "file name does not match {timestamp}_{name}.sql; supabase ignores it" },
    ]);
    expect(requiresDown("supabase")).toBe(false);
  });
});

describe("plain layout", () => {
  const dir = "/repo/sql";
  it("treats each file as one up migration without a transaction, in numeric-aware order", () => {
    const plan = planMigrations(tree(dir, { "010_c.sql": "", "9_b.sql": "", "001_a.sql": "", "20240101120000_d.sql": "", "zz_extra.sql": "", "notes.txt": "" }));
    expect(plan.layout).toBe("plain");
    expect(plan.migrations.map(summary)).toEqual([
      "001|a|up=001_a.sql:none|down=",
      "9|b|up=9_b.sql:none|down=",
      "010|c|up=010_c.sql:none|down=",
      "20240101120000|d|up=20240101120000_d.sql:none|down=",
      "|zz_extra|up=zz_extra.sql:none|down=",
    ]);
    expect(plan.migrations[0]?.id).toBe(`plain:${dir}:001_a`);
    expect(plan.problems).toEqual([]);
    expect(requiresDown("plain")).toBe(false);
  });

  it("pairs {name}.up.sql with {name}.down.sql: one migration, the down linted as a down, never run forward (authelia V0001.Initial_Schema.up.sql)", () => {
    const plan = planMigrations(
      tree(dir, {
        "V0002.Issuer.down.sql": "ALTER TABLE t DROP COLUMN issuer;",
        "V0002.Issuer.up.sql": "ALTER TABLE t ADD COLUMN issuer text;",
        "V0010.Late.up.sql": "SELECT 10;",
        "V0001.Initial_Schema.down.sql": "DROP TABLE t;",
        "V0001.Initial_Schema.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY);",
        "V0003.Orphan.down.sql": "SELECT 3;",
        "sub/V0004.Elsewhere.down.sql": "SELECT 4;",
        "V0004.Elsewhere.up.sql": "SELECT 4;",
        "seed.sql": "SELECT 0;",
      }),
    );
    expect(plan.layout).toBe("plain");
    expect(plan.migrations.map(summary)).toEqual([
      "V0001.Initial_Schema|V0001.Initial_Schema|up=V0001.Initial_Schema.up.sql:none|down=V0001.Initial_Schema.down.sql:none",
      "V0002.Issuer|V0002.Issuer|up=V0002.Issuer.up.sql:none|down=V0002.Issuer.down.sql:none",
      "V0004.Elsewhere|V0004.Elsewhere|up=V0004.Elsewhere.up.sql:none|down=",
      "V0010.Late|V0010.Late|up=V0010.Late.up.sql:none|down=",
      "|seed|up=seed.sql:none|down=",
    ]);
    expect(plan.migrations.map((m) => m.expectsDown)).toEqual([true, true, true, true, undefined]);
    expect(plan.migrations[0]?.id).toBe(`plain:${dir}:V0001.Initial_Schema`);
    expect(plan.migrations[0]?.down[0]?.role).toBe("down");
    // The halves of a pair share a directory: a down elsewhere is an orphan like any other.
    expect(plan.problems).toEqual([
      { file: `${dir}/V0003.Orphan.down.sql`, line: 1, message: "down migration for version V0003.Orphan has no up migration" },
      { file: `${dir}/sub/V0004.Elsewhere.down.sql`, line: 1, message: "down migration for version V0004.Elsewhere has no up migration" },
    ]);
    // A numeric prefix is the version, as for single plain files.
    const numbered = planMigrations(tree(dir, { "1-a.up.sql": "", "1-a.down.sql": "", "2-b.sql": "" }));
    expect(numbered.migrations.map(summary)).toEqual(["1|a|up=1-a.up.sql:none|down=1-a.down.sql:none", "2|b|up=2-b.sql:none|down="]);
  });

  it("reads fider's history, `.up.sql` files then bare ones and no down, as one plain history in version order that expects no down", () => {
    const plan = planMigrations(
      tree(dir, {
        "201806191904_create_logs.sql": "CREATE TABLE logs (id bigint PRIMARY KEY);",
        "201701261850_create_tenants.up.sql": "CREATE TABLE tenants (id bigint PRIMARY KEY);",
        "201703310857_add_tenant_to_users.up.sql": "SELECT 1;",
        "201812102208_create_blob_table.sql": "SELECT 2;",
      }),
    );
    expect(plan.layout).toBe("plain");
    expect(plan.migrations.map(summary)).toEqual([
      "201701261850|create_tenants|up=201701261850_create_tenants.up.sql:none|down=",
      "201703310857|add_tenant_to_users|up=201703310857_add_tenant_to_users.up.sql:none|down=",
      "201806191904|create_logs|up=201806191904_create_logs.sql:none|down=",
      "201812102208|create_blob_table|up=201812102208_create_blob_table.sql:none|down=",
    ]);
    expect(plan.migrations.map((m) => m.expectsDown)).toEqual([undefined, undefined, undefined, undefined]);
    expect(plan.problems).toEqual([]);
  });

  it("runs a file before the files whose names continue its name (schema-entities.sql, then schema-entities-idx.sql)", () => {
    const plan = planMigrations(tree(dir, { "schema-entities-idx.sql": "SELECT 2;", "schema-entities.sql": "SELECT 1;", "schema-ts.sql": "SELECT 3;", "10_a.sql": "", "9_b.sql": "" }));
    expect(plan.layout).toBe("plain");
    expect(plan.migrations.map((m) => m.up[0]?.file.slice(dir.length + 1))).toEqual(["9_b.sql", "10_a.sql", "schema-entities.sql", "schema-entities-idx.sql", "schema-ts.sql"]);
  });

  it("can be forced and honours assumeInTransaction", () => {
    const plan = planMigrations(tree("/r", { "1_a.up.sql": "" }), { layout: "plain", assumeInTransaction: true });
    expect(plan.layout).toBe("plain");
    expect(only(plan.migrations).up[0]?.transaction).toBe("tool");
  });

  it("with assumeInTransaction (a sqlx project), a file starting with -- no-transaction runs as one query, outside the transaction", () => {
    const files = tree("/repo/migrations", {
      "20240101000000_init.sql": "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n",
      "20240102000000_idx.sql": "-- no-transaction\nCREATE INDEX CONCURRENTLY idx_t_a ON t (a);\n",
      // sqlx tests the very first characters: anything before the comment turns it into an ordinary one.
      "20240103000000_late.sql": "\n-- no-transaction\nSELECT 1;\n",
    });
    const sqlx = planMigrations(files, { assumeInTransaction: true });
    expect(sqlx.layout).toBe("plain");
    expect(sqlx.migrations.map(summary)).toEqual([
      "20240101000000|init|up=20240101000000_init.sql:tool|down=",
      "20240102000000|idx|up=20240102000000_idx.sql:query|down=",
      "20240103000000|late|up=20240103000000_late.sql:tool|down=",
    ]);
    // Without the setting, the comment means nothing: plain files run statement by statement.
    expect(planMigrations(files).migrations.map((m) => m.up[0]?.transaction)).toEqual(["none", "none", "none"]);
    // sqlx's .up.sql / .down.sql files (planned as golang-migrate) likewise.
    const pair = planMigrations(tree("/repo/m", { "1_idx.up.sql": "-- no-transaction\nSELECT 1;", "1_idx.down.sql": "SELECT 2;" }), { assumeInTransaction: true });
    expect(pair.migrations.map(summary)).toEqual(["1|idx|up=1_idx.up.sql:query|down=1_idx.down.sql:tool"]);
  });
});

describe("assumeInTransaction and a migration's own opt-out", () => {
  it("overrides the layout's default, never the migration's own opt-out", () => {
    const dbmate = tree("/repo/db/migrations", {
      "1_a.sql": "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;\n",
    });
    for (const assumeInTransaction of [true, false]) {
      const m = only(planMigrations(dbmate, { assumeInTransaction }).migrations);
      expect([m.up[0]?.transaction, m.down[0]?.transaction]).toEqual(["none", assumeInTransaction ? "tool" : "none"]);
    }
    const goose = tree("/repo/goose", { "1_a.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n" });
    expect(only(planMigrations(goose, { assumeInTransaction: true }).migrations).up[0]?.transaction).toBe("none");
    const popx = tree("/repo/popx", { "1_a.autocommit.up.sql": "SELECT 1;", "2_b.up.sql": "SELECT 2;" });
    expect(planMigrations(popx, { assumeInTransaction: false }).migrations.map((m) => m.up[0]?.transaction)).toEqual(["query", "none"]);
    const flyway = tree("/repo/flyway", { "V1__a.sql": "SELECT 1;", "V1__a.sql.conf": "executeInTransaction=false\n", "V2__b.sql": "SELECT 2;" });
    expect(planMigrations(flyway, { assumeInTransaction: true }).migrations.map((m) => m.up[0]?.transaction)).toEqual(["none", "tool"]);
    const diesel = tree("/repo/diesel", { "1_a/up.sql": "SELECT 1;", "1_a/metadata.toml": "run_in_transaction = false\n", "2_b/up.sql": "-- no-transaction\nSELECT 2;" });
    expect(planMigrations(diesel, { assumeInTransaction: true }).migrations.map((m) => m.up[0]?.transaction)).toEqual(["query", "tool"]);
  });
});

describe("dump layout", () => {
  it("is one migration holding the whole file", () => {
    const text = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (a int);\n";
    const plan = planMigrations(tree("/repo/db", { "structure.sql": text }));
    expect(plan.layout).toBe("dump");
    const m = only(plan.migrations);
    expect(summary(m)).toBe("|structure|up=structure.sql:none|down=");
    expect(m.up[0]?.text).toBe(text);
    expect(m.id).toBe("dump:/repo/db:structure");
    expect(requiresDown("dump")).toBe(false);
  });
});

describe("version folders (temporal: versioned/v1.0/*.sql, v1.1/*.sql, …)", () => {
  const dir = "/repo/schema/postgresql/v12/temporal/versioned";

  it("are one history: a migration per folder in numeric version order, its files in name order", () => {
    const plans = planRepository(
      tree(dir, {
        "v1.10/b.sql": "SELECT 10;",
        "v1.9/x.sql": "SELECT 9;",
        "v1.0/schema.sql": "SELECT 0;",
        "v1.1/2_b.sql": "SELECT 1.2;",
        "v1.1/10_c.sql": "SELECT 1.10;",
        "v1.1/1_a.sql": "SELECT 1.1;",
        "v2/y.sql": "SELECT 2;",
      }),
    );
    const plan = only(plans);
    expect([plan.dir, plan.layout, plan.problems]).toEqual([dir, "plain", []]);
    expect(plan.migrations.map(summary)).toEqual([
      "1.0|v1.0|up=schema.sql:none|down=",
      "1.1|v1.1|up=1_a.sql:none,2_b.sql:none,10_c.sql:none|down=",
      "1.9|v1.9|up=x.sql:none|down=",
      "1.10|v1.10|up=b.sql:none|down=",
      "2|v2|up=y.sql:none|down=",
    ]);
    expect(plan.migrations[1]?.id).toBe(`plain:${dir}:v1.1`);
  });

  it("run the files a folder's manifest.json lists, in its order; unlisted files are a problem or, with AllowNoCqlFiles, left out", () => {
    const manifest = (files: string[], allowNone = false) => JSON.stringify({ CurrVersion: "x", SchemaUpdateCqlFiles: files, ...(allowNone ? { AllowNoCqlFiles: true } : {}) }, null, 2);
    const plan = only(
      planRepository(
        tree(dir, {
          "v1.0/manifest.json": manifest(["schema.sql"]),
          "v1.0/schema.sql": "",
          "v1.5/manifest.json": manifest(["event.sql", "executions.sql", "cluster_membership.sql", "gone.sql"]),
          "v1.5/cluster_membership.sql": "",
          "v1.5/event.sql": "",
          "v1.5/executions.sql": "",
          "v1.5/notes.sql": "",
          "v1.10/manifest.json": manifest([], true),
          "v1.10/add_columns.sql": "",
          "v1.11/manifest.json": "{ not json",
          "v1.11/a.sql": "",
        }),
      ),
    );
    expect(plan.migrations.map(summary)).toEqual([
      "1.0|v1.0|up=schema.sql:none|down=",
      "1.5|v1.5|up=event.sql:none,executions.sql:none,cluster_membership.sql:none|down=",
      "1.11|v1.11|up=a.sql:none|down=",
    ]);
    expect(plan.ignored).toEqual([`${dir}/v1.10/add_columns.sql`]);
    expect(plan.problems.map((p) => [p.file.slice(dir.length + 1), p.line, p.message.replace(/\(.*\)/u, "(…)")])).toEqual([
      ["v1.11/manifest.json", 1, "not valid JSON (…); every SQL file of the folder is read, in name order"],
      ["v1.5/manifest.json", 7, "lists gone.sql, which is not in v1.5/"],
      ["v1.5/notes.sql", 1, "v1.5/manifest.json does not list it in SchemaUpdateCqlFiles; the schema tool never runs it"],
    ]);
  });

  it("do not merge unrelated histories", () => {
    const plans = planRepository([
      // Dialect folders are not versions.
      ...tree("/repo/migrations", { "postgres/001_a.sql": "", "mysql/001_a.sql": "" }),
      // One schema per server version: the same file name in every folder.
      ...tree("/repo/pg", { "v12/schema.sql": "", "v13/schema.sql": "" }),
      // Another tool's history in each folder.
      ...tree("/repo/api", { "v1/1_a.up.sql": "", "v2/1_a.up.sql": "" }),
      // The parent has files of its own: a numbered step, or more than one file.
      ...tree("/repo/own", { "001_init.sql": "", "v1.0/a.sql": "", "v1.1/b.sql": "" }),
      ...tree("/repo/two", { "schema.sql": "", "seed.sql": "", "v1.0/a.sql": "", "v1.1/b.sql": "" }),
      // Numbered folders of golang-migrate histories with downs.
      ...tree("/repo/gm", { "1/1_a.up.sql": "", "1/1_a.down.sql": "", "2/1_b.up.sql": "", "2/1_b.down.sql": "" }),
      // A single version folder.
      ...tree("/repo/one", { "v1.0/a.sql": "", "v1.0/b.sql": "" }),
      // pg_dump output.
      ...tree("/repo/dumps", { "1.0/dump.sql": "--\n-- PostgreSQL database dump\n--\n", "1.1/other.sql": "--\n-- PostgreSQL database dump\n--\n" }),
    ]);
    expect(plans.map((p) => p.dir)).toEqual([
      "/repo/api/v1",
      "/repo/api/v2",
      "/repo/dumps/1.0",
      "/repo/dumps/1.1",
      "/repo/gm/1",
      "/repo/gm/2",
      "/repo/migrations/mysql",
      "/repo/migrations/postgres",
      "/repo/one/v1.0",
      "/repo/own",
      "/repo/own/v1.0",
      "/repo/own/v1.1",
      "/repo/pg/v12",
      "/repo/pg/v13",
      "/repo/two",
      "/repo/two/v1.0",
      "/repo/two/v1.1",
    ]);
  });

  it("beside a LATEST.sql (memos, bytebase) are one history, LATEST.sql a standalone schema after it", () => {
    const root = "/repo/store/migration/postgres";
    const plan = only(
      planRepository(
        tree(root, {
          "LATEST.sql": "CREATE TABLE account (id bigint, name text);",
          "0.2/00__name_text.sql": "ALTER TABLE account ALTER COLUMN name TYPE text;",
          "0.1/00__account.sql": "CREATE TABLE account (id bigint, name varchar(50));",
          "0.10/00__later.sql": "SELECT 10;",
        }),
      ),
    );
    expect([plan.dir, plan.layout, plan.problems]).toEqual([root, "plain", []]);
    expect(plan.migrations.map((m) => `${summary(m)}|${String(m.standalone === true)}`)).toEqual([
      "0.1|0.1|up=00__account.sql:none|down=|false",
      "0.2|0.2|up=00__name_text.sql:none|down=|false",
      "0.10|0.10|up=00__later.sql:none|down=|false",
      "|LATEST|up=LATEST.sql:none|down=|true",
    ]);
    // Another file of the parent's own still keeps the folders apart (the parent is a history already).
    const own = planRepository(tree(root, { "LATEST.sql": "", "schema.sql": "", "0.1/a.sql": "", "0.2/b.sql": "" }));
    expect(own.map((p) => p.dir)).toEqual([root, `${root}/0.1`, `${root}/0.2`]);
    // Without version folders LATEST.sql is an ordinary file.
    expect(only(planRepository(tree(root, { "LATEST.sql": "", "1_a.sql": "" }))).migrations.map((m) => m.standalone)).toEqual([undefined, undefined]);
  });

  it("beside a lone schema of another name (openreplay's init_schema.sql) are one history, the schema standalone", () => {
    const root = "/repo/scripts/schema/db/init_dbs/postgresql";
    const plan = only(
      planRepository(
        tree(root, {
          "init_schema.sql": "CREATE TABLE tenants (id bigint);",
          "1.9.0/1.9.0.sql": "ALTER TABLE tenants ADD COLUMN name text;",
          "1.10.0/1.10.0.sql": "ALTER TABLE tenants ADD COLUMN plan text;",
          "1.5.0/1.5.0.sql": "CREATE TABLE tenants (id bigint);",
        }),
      ),
    );
    expect([plan.dir, plan.layout, plan.problems]).toEqual([root, "plain", []]);
    expect(plan.migrations.map((m) => `${summary(m)}|${String(m.standalone === true)}`)).toEqual([
      "1.5.0|1.5.0|up=1.5.0.sql:none|down=|false",
      "1.9.0|1.9.0|up=1.9.0.sql:none|down=|false",
      "1.10.0|1.10.0|up=1.10.0.sql:none|down=|false",
      "|init_schema|up=init_schema.sql:none|down=|true",
    ]);
  });

  it("named by a bare number, holding only numbered up files, are one history (HashiCorp Boundary's major-version folders)", () => {
    const root = "/repo/internal/db/schema/migrations/oss/postgres";
    const plans = planRepository(
      tree(root, {
        "0/01_domain_types.up.sql": "CREATE DOMAIN wt_public_id AS text CHECK (length(trim(VALUE)) > 10);",
        "0/06_iam.up.sql": "CREATE TABLE iam_scope (public_id wt_public_id PRIMARY KEY);",
        "0/20_host.up.sql": "SELECT 20;",
        "10/01_job.up.sql": "SELECT 10001;",
        "2/01_log.up.sql": "ALTER TABLE iam_scope ADD COLUMN name text;",
        "2/10_auth.up.sql": "SELECT 2010;",
      }),
    );
    const plan = only(plans);
    expect([plan.dir, plan.layout, plan.problems]).toEqual([root, "plain", []]);
    expect(plan.migrations.map(summary)).toEqual([
      "0|0|up=01_domain_types.up.sql:none,06_iam.up.sql:none,20_host.up.sql:none|down=",
      "2|2|up=01_log.up.sql:none,10_auth.up.sql:none|down=",
      "10|10|up=01_job.up.sql:none|down=",
    ]);
    expect(requiresDown(plan.layout)).toBe(false);
  });

  it("are not merged when another layout is forced", () => {
    const files = tree(dir, { "v1.0/a.sql": "", "v1.1/b.sql": "" });
    expect(planRepository(files, { layout: "dump" }).map((p) => p.dir)).toEqual([`${dir}/v1.0`, `${dir}/v1.1`]);
    expect(planRepository(files, { layout: "plain" }).map((p) => p.dir)).toEqual([dir]);
  });
});
