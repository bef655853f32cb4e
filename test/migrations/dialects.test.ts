import { describe, expect, it } from "vitest";
import { otherDatabase, otherDatabaseVariants } from "../../src/migrations/dialects.js";
import { planRepository } from "../../src/migrations/repository.js";
import { only, tree } from "./helpers.js";

describe("otherDatabase", () => {
  it("names the database a directory below the root is named after, itself or its parent, whatever the case", () => {
    expect(otherDatabase("/r/config/migrations/mysql", ["/r"])).toBe("MySQL");
    expect(otherDatabase("/r/migrations/SQLite3", ["/r"])).toBe("SQLite");
    expect(otherDatabase("/r/db/mysql/migrations", ["/r"])).toBe("MySQL");
    expect(otherDatabase("/r/internal-packages/clickhouse/schema", ["/r"])).toBe("ClickHouse");
    expect(otherDatabase("/r/config/migrations/cockroachdb", ["/r"])).toBe("CockroachDB");
    expect(otherDatabase("/migrations/mssql", ["/"])).toBe("SQL Server");
  });

  it("names the database joined to migration words in one name, or two levels up through a migrations directory", () => {
    // arroyo: crates/arroyo-api/sqlite_migrations (refinery, SQLite) beside migrations (PostgreSQL).
    expect(otherDatabase("/r/crates/arroyo-api/sqlite_migrations", ["/r"])).toBe("SQLite");
    expect(otherDatabase("/r/db/migrations-mysql", ["/r"])).toBe("MySQL");
    expect(otherDatabase("/r/ClickHouse.Migrations/v1", ["/r"])).toBe("ClickHouse");
    // langfuse: packages/shared/clickhouse/migrations/{clustered,unclustered}.
    expect(otherDatabase("/r/packages/shared/clickhouse/migrations/clustered", ["/r"])).toBe("ClickHouse");
    expect(otherDatabase("/r/mysql/schema/v2", ["/r"])).toBe("MySQL");
  });

  it("never drops a directory named on the command line, one outside every root, or one only sharing a prefix", () => {
    expect(otherDatabase("/r/migrations/mysql", ["/r/migrations/mysql"])).toBeUndefined();
    // The deepest root counts: `schemalint . migrations/mysql` lints migrations/mysql.
    expect(otherDatabase("/r/migrations/mysql", ["/r", "/r/migrations/mysql"])).toBeUndefined();
    // Only what is below the root: the checkout's own directory may be called anything.
    expect(otherDatabase("/home/mysql/app/migrations", ["/home/mysql/app"])).toBeUndefined();
    expect(otherDatabase("/r/migrations", ["/other"])).toBeUndefined();
    expect(otherDatabase("/r2/mysql", ["/r"])).toBeUndefined();
    // Only the directory and its parent: a name further up is a project's (a service called mysql-tools is not here).
    expect(otherDatabase("/r/mysql/services/billing/migrations", ["/r"])).toBeUndefined();
    // Two levels up only through a migrations directory, and only below the root.
    expect(otherDatabase("/r/clickhouse/exporter/migrations", ["/r"])).toBeUndefined();
    expect(otherDatabase("/r/clickhouse/migrations/clustered", ["/r/clickhouse/migrations"])).toBeUndefined();
    // A joined name counts only when every other word is a migration word.
    for (const name of ["mysql_compat_migrations", "sqlite_mysql_migrations", "sqlite_exporter"]) {
      expect(otherDatabase(`/r/${name}`, ["/r"])).toBeUndefined();
    }
    // Names that are also common service names are not dialects: a price oracle's PostgreSQL history is linted.
    expect(otherDatabase("/r/services/oracle/migrations", ["/r"])).toBeUndefined();
    expect(otherDatabase("/r/snowflake/migrations", ["/r"])).toBeUndefined();
    for (const name of ["mysql_to_pg", "sqlite_import", "postgres", "mysql-legacy", "constructor", "toString"]) {
      expect(otherDatabase(`/r/migrations/${name}`, ["/r"])).toBeUndefined();
    }
  });
});

describe("planRepository with roots", () => {
  const files = tree("/r/migrations", {
    "postgres/1_init.up.sql": "CREATE TABLE t (id int PRIMARY KEY);",
    "postgres/1_init.down.sql": "DROP TABLE t;",
    "postgres/mysql_to_pg/1_import.sql": "CREATE TABLE imported (id int PRIMARY KEY);",
    "mysql/1_init.up.sql": "CREATE TABLE `t` (id int PRIMARY KEY) ENGINE=InnoDB;",
    "mysql/1_init.down.sql": "DROP TABLE `t`;",
    "sqlite3/1_init.up.sql": "CREATE TABLE t (id integer PRIMARY KEY) WITHOUT ROWID;",
  });

  it("leaves out the histories named after another database, every file ignored, and plans the others", () => {
    const plans = planRepository(files, { roots: ["/r"] });
    expect(plans.map((p) => [p.dir, p.otherDatabase ?? "", p.migrations.length, p.ignored.length])).toEqual([
      ["/r/migrations/mysql", "MySQL", 0, 2],
      ["/r/migrations/postgres", "", 1, 0],
      ["/r/migrations/postgres/mysql_to_pg", "", 1, 0],
      ["/r/migrations/sqlite3", "SQLite", 0, 1],
    ]);
    expect(plans.find((p) => p.otherDatabase === "MySQL")?.layout).toBe("golang-migrate");
  });

  it("plans every history without roots or when the directory is the root", () => {
    expect(planRepository(files).every((p) => p.otherDatabase === undefined && p.migrations.length === 1)).toBe(true);
    const named = planRepository(files.filter((f) => f.path.startsWith("/r/migrations/mysql/")), { roots: ["/r/migrations/mysql"] });
    expect(named.map((p) => [p.otherDatabase, p.migrations.length])).toEqual([[undefined, 1]]);
  });
});

describe("otherDatabaseVariants", () => {
  it("leaves out another database's variant of a PostgreSQL file beside it (DolphinScheduler, Quartz), unless named on the command line", () => {
    const dir = "/r/dolphinscheduler-dao/src/main/resources/sql";
    const files = tree(dir, {
      "dolphinscheduler_h2.sql": "CREATE TABLE `t_ds_user` (`id` int NOT NULL AUTO_INCREMENT);",
      "dolphinscheduler_mysql.sql": "CREATE TABLE `t_ds_user` (`id` int NOT NULL AUTO_INCREMENT);",
      "dolphinscheduler_postgresql.sql": "CREATE TABLE t_ds_user (id serial PRIMARY KEY);",
    });
    const plan = only(planRepository(files, { roots: ["/r"] }));
    expect(plan.migrations.map((m) => m.up.map((p) => p.file))).toEqual([[`${dir}/dolphinscheduler_postgresql.sql`]]);
    expect(plan.ignored).toEqual([`${dir}/dolphinscheduler_h2.sql`, `${dir}/dolphinscheduler_mysql.sql`]);
    expect(plan.files).toHaveLength(3);
    const quartz = otherDatabaseVariants(["/q/tables_postgres.sql", "/q/tables_mysql_innodb.sql", "/q/tables-oracle.sql", "/q/tables_h2.sql", "/other/tables_mysql.sql"]);
    expect([...quartz]).toEqual([
      ["/q/tables_mysql_innodb.sql", "MySQL"],
      ["/q/tables-oracle.sql", "Oracle"],
      ["/q/tables_h2.sql", "H2"],
    ]);
    // Named on the command line, or without roots (the library call), a variant is linted.
    expect(only(planRepository(files, { roots: ["/r", `${dir}/dolphinscheduler_mysql.sql`] })).ignored).toEqual([`${dir}/dolphinscheduler_h2.sql`]);
    expect(only(planRepository(files)).ignored).toEqual([]);
  });

  it("keeps a file naming another database without a PostgreSQL sibling of the same stem", () => {
    expect(otherDatabaseVariants(["/m/001_init.sql", "/m/002_import_from_mysql.sql", "/m/003_sqlite_cleanup.sql"]).size).toBe(0);
    expect(otherDatabaseVariants(["/m/schema_postgres.sql", "/m/seed_mysql.sql", "/n/schema_mysql.sql"]).size).toBe(0);
  });
});
