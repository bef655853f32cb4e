import path from "node:path/posix";

/**
 * Databases other than PostgreSQL, by the directory names projects give their migrations: a repository
 * that supports several databases keeps one directory per database and its migration code picks the
 * directory by driver name (flipt `config/migrations/{postgres,mysql,sqlite3,clickhouse,cockroachdb}`,
 * https://github.com/flipt-io/flipt/blob/v1.61.1/internal/storage/sql/migrator.go; openfga
 * `assets/migrations/{postgres,mysql,sqlite}`, https://github.com/openfga/openfga/blob/main/pkg/storage/migrate/migrate.go),
 * so those directories never run on PostgreSQL, as popx never runs its `.mysql.` files there (popx.ts).
 *
 * Names that are also common service or module names (`oracle` for a price oracle, `spanner`,
 * `snowflake` for IDs, `cassandra`) are left out: skipping a PostgreSQL service's history by mistake
 * would be silent, linting another database's would show as parse errors.
 *
 * CockroachDB and YugabyteDB are on the list although they speak PostgreSQL's dialect: a directory of
 * their own exists because its SQL differs (flipt's cockroachdb migrations use syntax PostgreSQL
 * rejects), the tool never runs it on PostgreSQL, and the lock and rewrite advice of the rules is
 * PostgreSQL's (CockroachDB changes schemas online, in background jobs).
 */
const OTHER_DATABASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    mysql: "MySQL",
    mariadb: "MariaDB",
    tidb: "TiDB",
    sqlite: "SQLite",
    sqlite3: "SQLite",
    clickhouse: "ClickHouse",
    mssql: "SQL Server",
    sqlserver: "SQL Server",
    cockroach: "CockroachDB",
    cockroachdb: "CockroachDB",
    crdb: "CockroachDB",
    yugabyte: "YugabyteDB",
    yugabytedb: "YugabyteDB",
    duckdb: "DuckDB",
    bigquery: "BigQuery",
  }),
);

/**
 * Words that, joined to a database name, still name that database's migrations: arroyo keeps SQLite's
 * refinery history in `sqlite_migrations/` beside PostgreSQL's `migrations/`
 * (https://github.com/ArroyoSystems/arroyo/blob/master/crates/arroyo-api/build.rs), and a directory
 * of one of these names between a database's directory and the history (langfuse's
 * `clickhouse/migrations/{clustered,unclustered}`,
 * https://github.com/langfuse/langfuse/tree/main/packages/shared/clickhouse/migrations) keeps it that
 * database's. Any other word makes the name a project's: `mysql_to_pg/`, `sqlite_import/` and
 * `mysql-legacy/` in a PostgreSQL history are that history's.
 */
const MIGRATION_WORDS: ReadonlySet<string> = new Set(["migrations", "migration", "migrate", "schema", "sql", "ddl"]);

/** The database a directory name is named after: the whole name, or a database word joined by `_`, `-` or `.` to migration words. */
function databaseOf(segment: string): string | undefined {
  const lower = segment.toLowerCase();
  const whole = OTHER_DATABASES.get(lower);
  if (whole !== undefined) return whole;
  const words = lower.split(/[-_.]/u);
  const databases = words.flatMap((word) => OTHER_DATABASES.get(word) ?? []);
  const rest = words.filter((word) => !OTHER_DATABASES.has(word));
  return databases.length === 1 && rest.length > 0 && rest.every((word) => MIGRATION_WORDS.has(word)) ? databases[0] : undefined;
}

/**
 * The other database a history directory belongs to, when the directory itself or its parent (below
 * the linted root that holds it) is named after one (`migrations/mysql`, `mysql/migrations`,
 * `SQLite3`, `sqlite_migrations`: {@link OTHER_DATABASES}, {@link databaseOf}), or its grandparent is
 * and the parent is a migrations directory (`clickhouse/migrations/clustered`); else undefined. A name
 * further up (`mysql/services/billing/migrations`) is a project's, not a dialect directory's. The
 * root is the path named on the command line (or in the config), so a directory named there is always
 * linted: `schemalint migrations/mysql` asks for it. The deepest root holding the directory counts; a
 * directory under no root is linted.
 */
export function otherDatabase(dir: string, roots: readonly string[]): string | undefined {
  const holding = roots.filter((root) => dir === root || dir.startsWith(root === "/" ? "/" : `${root}/`));
  if (holding.length === 0) return undefined;
  const root = holding.reduce((a, b) => (b.length > a.length ? b : a));
  const segments = path.relative(root, dir).split("/").filter((s) => s !== "");
  const [grandparent, parent, itself] = [segments.at(-3), segments.at(-2), segments.at(-1)];
  for (const segment of [itself, parent]) {
    const name = segment === undefined ? undefined : databaseOf(segment);
    if (name !== undefined) return name;
  }
  if (grandparent === undefined || parent === undefined || !MIGRATION_WORDS.has(parent.toLowerCase())) return undefined;
  return databaseOf(grandparent);
}

/** PostgreSQL, as file names spell it: `tables_postgres.sql`, `dolphinscheduler_postgresql.sql`, `schema-pg.sql`. */
const POSTGRES_NAMES: ReadonlySet<string> = new Set(["postgres", "postgresql", "pg", "pgsql"]);

/**
 * Embedded Java databases, which projects keep schema variants for beside their PostgreSQL one
 * (DolphinScheduler's `dolphinscheduler_h2.sql`): counted only in a file name that has a PostgreSQL
 * sibling (below), never as a directory name.
 */
const VARIANT_DATABASES: ReadonlyMap<string, string> = new Map([...OTHER_DATABASES, ["h2", "H2"], ["hsqldb", "HSQLDB"], ["derby", "Derby"], ["oracle", "Oracle"]]);

/**
 * The files of one directory that are another database's variant of a PostgreSQL file beside them,
 * with that database: a name whose words (split at `_`, `-`, `.`) are those of a sibling up to where
 * the sibling names PostgreSQL and this file another database. DolphinScheduler keeps
 * `dolphinscheduler_{h2,mysql,postgresql}.sql` in one folder and its installer runs the one of the
 * configured database (https://github.com/apache/dolphinscheduler/tree/dev/dolphinscheduler-dao/src/main/resources/sql);
 * Quartz ships `tables_postgres.sql` beside `tables_mysql_innodb.sql`. A file naming another database
 * without a PostgreSQL sibling (`001_import_from_mysql.sql`) is a PostgreSQL migration and stays.
 */
export function otherDatabaseVariants(paths: readonly string[]): Map<string, string> {
  const words = (file: string) =>
    path
      .basename(file)
      .replace(/\.sql$/iu, "")
      .toLowerCase()
      .split(/[_.-]/u);
  const postgres = new Set<string>();
  for (const file of paths) {
    const w = words(file);
    const at = w.findIndex((word) => POSTGRES_NAMES.has(word));
    if (at >= 0 && /\.sql$/iu.test(file)) postgres.add(`${path.dirname(file)}/${w.slice(0, at).join("_")}`);
  }
  const variants = new Map<string, string>();
  for (const file of paths) {
    if (!/\.sql$/iu.test(file)) continue;
    const w = words(file);
    const at = w.findIndex((word) => VARIANT_DATABASES.has(word));
    const database = at < 0 ? undefined : VARIANT_DATABASES.get(w[at] ?? "");
    if (database !== undefined && postgres.has(`${path.dirname(file)}/${w.slice(0, at).join("_")}`)) variants.set(file, database);
  }
  return variants;
}
