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
