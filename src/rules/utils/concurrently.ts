import type { AlterTableStmt, DefElem, DropStmt, IndexStmt, ReindexStmt } from "libpg-query";
import { unwrap, type Node } from "../../parser/ast.js";
import type { LayoutName } from "../../migrations/types.js";

/**
 * The statements with a CONCURRENTLY form, which PostgreSQL runs as several transactions of its own
 * (build, wait for older transactions, validate) and therefore refuses inside a transaction block
 * (PreventInTransactionBlock in src/backend/access/transam/xact.c). REFRESH MATERIALIZED VIEW
 * CONCURRENTLY is not one of them: it runs fine in a transaction.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 * https://www.postgresql.org/docs/current/sql-dropindex.html
 * https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION
 */
export type ConcurrentStatement = "CREATE INDEX CONCURRENTLY" | "DROP INDEX CONCURRENTLY" | "REINDEX CONCURRENTLY" | "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";

/** The name PostgreSQL uses in its "cannot run inside a transaction block" error. */
export const ERROR_NAME: Readonly<Record<ConcurrentStatement, string>> = {
  "CREATE INDEX CONCURRENTLY": "CREATE INDEX CONCURRENTLY",
  "DROP INDEX CONCURRENTLY": "DROP INDEX CONCURRENTLY",
  "REINDEX CONCURRENTLY": "REINDEX CONCURRENTLY",
  "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY": "ALTER TABLE ... DETACH CONCURRENTLY",
};

/** Whether a boolean option (`(CONCURRENTLY)`, `(CONCURRENTLY false)`, `(VERBOSE on)`) is on. */
export function optionEnabled(option: DefElem): boolean {
  const arg = option.arg;
  if (arg === undefined) return true;
  const text = unwrap(arg, "String")?.sval ?? unwrap(arg, "TypeName")?.names?.map((n) => unwrap(n, "String")?.sval ?? "").join(".");
  if (text !== undefined) return !["false", "off", "no", "0"].includes(text.toLowerCase());
  const integer = unwrap(arg, "Integer");
  if (integer !== undefined) return (integer.ival ?? 0) !== 0;
  const boolean = unwrap(arg, "Boolean");
  return boolean === undefined || boolean.boolval === true;
}

/** Whether a REINDEX has CONCURRENTLY (written `REINDEX TABLE CONCURRENTLY t` or `REINDEX (CONCURRENTLY) TABLE t`). */
export function reindexConcurrently(node: ReindexStmt): boolean {
  return (node.params ?? []).some((p) => {
    const option = unwrap(p, "DefElem");
    return option?.defname === "concurrently" && optionEnabled(option);
  });
}

/** Whether an ALTER TABLE detaches a partition CONCURRENTLY (PostgreSQL 14). */
export function detachesConcurrently(node: AlterTableStmt): boolean {
  return (node.cmds ?? []).some((c) => {
    const cmd = unwrap(c, "AlterTableCmd");
    return cmd?.subtype === "AT_DetachPartition" && unwrap(cmd.def, "PartitionCmd")?.concurrent === true;
  });
}

/** The CONCURRENTLY statement a parsed statement is, if any. */
export function concurrentStatement(node: Node): ConcurrentStatement | undefined {
  const index: IndexStmt | undefined = unwrap(node, "IndexStmt");
  if (index?.concurrent === true) return "CREATE INDEX CONCURRENTLY";
  const drop: DropStmt | undefined = unwrap(node, "DropStmt");
  if (drop?.removeType === "OBJECT_INDEX" && drop.concurrent === true) return "DROP INDEX CONCURRENTLY";
  const reindex = unwrap(node, "ReindexStmt");
  if (reindex !== undefined && reindexConcurrently(reindex)) return "REINDEX CONCURRENTLY";
  const alter = unwrap(node, "AlterTableStmt");
  if (alter !== undefined && detachesConcurrently(alter)) return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
  return undefined;
}

/**
 * How each migration tool wraps a migration in a transaction, completing "…, and <how>", for messages.
 * golang-migrate and Prisma send the file as ONE query (the simple query protocol): PostgreSQL runs a
 * query of several statements as one implicit transaction block, one of a single statement outside
 * any (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT).
 */
const TOOL_TRANSACTION: Readonly<Partial<Record<LayoutName, string>>> = {
  "golang-migrate": "golang-migrate sends this file as one multi-statement query, which PostgreSQL runs as a single implicit transaction",
  prisma: "Prisma Migrate sends migration.sql as one multi-statement query, which PostgreSQL runs as a single implicit transaction",
  popx: "popx runs this migration in a transaction block: a transaction of its own, or, for an .autocommit. file of several statements, the implicit transaction PostgreSQL runs a multi-statement query in",
  flyway: "Flyway runs this migration in a transaction",
  drizzle: "drizzle's migrator runs all pending migrations together in ONE transaction",
  atlas: "Atlas runs each migration file in a transaction of its own (--tx-mode file, the default)",
  dbmate: "dbmate runs each migration in a transaction unless told otherwise",
  goose: "goose runs each migration in a transaction unless told otherwise",
  "sql-migrate": "sql-migrate runs each migration in a transaction unless told otherwise",
  "graphile-migrate": "graphile-migrate runs each migration in a transaction unless its body starts with --! no-transaction (the current/ directory always runs in one)",
  tern: "tern runs each migration in a transaction unless it holds a ---- tern: disable-tx ---- line",
  diesel: "diesel runs each migration in a transaction unless its metadata.toml says run_in_transaction = false",
  sqlx: "sqlx runs each migration in a transaction unless its first line is -- no-transaction",
  "maragudk-migrate": "maragudk/migrate runs each migration in a transaction of its own",
  supabase: "the Supabase CLI sends this file as one batch, which PostgreSQL runs as a single implicit transaction",
};

/** A part that opted out of the tool's transaction but is still sent as one query (see `MigrationInfo.oneQuery`). */
const ONE_QUERY_OPTED_OUT: Readonly<Partial<Record<LayoutName, string>>> = {
  diesel:
    "with the transaction turned off diesel (batch_execute) still sends this file as one multi-statement query, which PostgreSQL runs as a single implicit transaction",
  // A plain file runs as one query only as a sqlx migration starting with -- no-transaction (`assumeInTransaction`).
  plain: "with -- no-transaction sqlx still sends this file as one multi-statement query, which PostgreSQL runs as a single implicit transaction",
  sqlx: "with -- no-transaction sqlx still sends this file as one multi-statement query, which PostgreSQL runs as a single implicit transaction",
  "graphile-migrate":
    "graphile-migrate sends this file as one multi-statement query (--! no-transaction, or an afterReset action), which PostgreSQL runs as a single implicit transaction",
};

/**
 * Tools that send a file as ONE query: a part of theirs that runs in a transaction whatever it holds
 * (not `oneQuery`) was put there by `migrations.assumeInTransaction: true`, so their own wording ("sends
 * this file as one multi-statement query") would be wrong; the setting is named instead (a sqlx
 * migrations directory outside its crate is the usual case).
 */
const ONE_QUERY_TOOLS: ReadonlySet<LayoutName> = new Set(["golang-migrate", "prisma", "supabase"]);
const ASSUMED = "migrations.assumeInTransaction says the migration tool runs this migration in a transaction";
const ASSUMED_OPT_OUT =
  "If this is a sqlx migration, make -- no-transaction its very first line (sqlx then sends the file as one query, so keep the statement alone in it); otherwise run it in a migration the tool runs without a transaction.";

const assumed = (layout: LayoutName | undefined, oneQuery: boolean): boolean => !oneQuery && layout !== undefined && ONE_QUERY_TOOLS.has(layout);

export function toolTransaction(layout: LayoutName | undefined, oneQuery = false): string {
  if (assumed(layout, oneQuery)) return ASSUMED;
  const text = layout === undefined ? undefined : oneQuery ? (ONE_QUERY_OPTED_OUT[layout] ?? TOOL_TRANSACTION[layout]) : TOOL_TRANSACTION[layout];
  return text ?? "the migration tool runs this migration in a transaction";
}

/**
 * What to do so that a statement runs outside a transaction block, per migration tool: each tool's own
 * opt-out, as its documentation and source describe it.
 * - golang-migrate: the postgres driver executes a file with one Exec; `x-multi-statement=true` splits it
 *   and executes each statement on its own (database/postgres/README.md).
 * - popx (Ory): a file named `….autocommit.up.sql` runs without a transaction, sent with one Exec (one
 *   query: several statements still form one implicit transaction block).
 * - dbmate: `-- migrate:up transaction:false` (README, "Transactions").
 * - goose: `-- +goose NO TRANSACTION` (applies to the whole file).
 * - sql-migrate: `notransaction` on the section's marker, `-- +migrate Up notransaction` (README, "Writing
 *   migrations"; sqlparse.go `DisableTransactionUp`/`Down`: Up and Down each have their own).
 * - tern: a line `---- tern: disable-tx ----` in the direction's text (migrate/migrate.go `disableTxPattern`);
 *   tern then splits the text into statements (`sqlsplit.Split`) and sends each on its own.
 * - diesel: `run_in_transaction = false` in the migration directory's metadata.toml. sqlx: a script whose
 *   first line is `-- no-transaction` (sqlx-core migrate/source.rs `resolve_blocking_with_config`); sqlx
 *   reads only the `.sql` files directly in its directory, so a diesel-style directory is never sqlx's.
 * - graphile-migrate: `--! no-transaction` as the first line of a committed migration's body or of
 *   current.sql (src/header.ts `isNoTransactionDefined`); the body is still sent as one query, so it must
 *   hold that statement alone (README, "Transactions"); refused in `current/` files.
 * - maragudk/migrate: none. migrate.go `apply` runs every file inside `inTransaction` (`BeginTx`).
 * - Flyway: detects `CREATE/DROP [UNIQUE] INDEX CONCURRENTLY` (PostgreSQLParser) and runs a migration made
 *   only of such statements without a transaction; mixing them with others needs `mixed=true`; other
 *   statements need `executeInTransaction=false` in the script's `.sql.conf` file.
 * - drizzle: none. drizzle-orm's PostgreSQL migrator (`PgDialect.migrate`, also behind `drizzle-kit migrate`)
 *   runs every pending migration inside one `session.transaction`; a statement that cannot run in a
 *   transaction block has to run outside the migrator.
 * - Atlas: a file header `-- atlas:txmode none` (comment lines at the top, then an empty line) runs that
 *   file without a transaction, statement by statement (https://atlasgo.io/versioned/apply#transaction-configuration).
 * - Supabase CLI: sends a file as one pipelined batch (an implicit transaction) with the history insert;
 *   a statement alone in its file runs before the block starts. v2.109.0 and later run CREATE INDEX
 *   CONCURRENTLY and REINDEX ... CONCURRENTLY apart from the batch (supabase/cli#5671, #6276).
 */
const OPT_OUT: Readonly<Partial<Record<LayoutName, string>>> = {
  "golang-migrate":
    "Put the statement alone in a migration file of its own: golang-migrate sends each file as one query, and a query holding a single statement runs outside any transaction block. The x-multi-statement=true database URL option also works: it runs every statement of every migration on its own.",
  prisma:
    "Put the statement alone in a migration of its own (prisma migrate dev --create-only, then edit its migration.sql): Prisma Migrate sends migration.sql as one query, and a query holding a single statement runs outside any transaction block.",
  popx: "Put the statement alone in a migration file of its own named {version}_{name}.postgres.autocommit.up.sql (and a matching .down.sql): popx runs an .autocommit. file without a transaction, as one query, and a query holding a single statement runs outside any transaction block.",
  dbmate: "Turn the transaction off for this migration on its marker line: -- migrate:up transaction:false.",
  goose: "Add -- +goose NO TRANSACTION at the top of the file: goose then runs the file (Up and Down) without a transaction.",
  tern: "Add a line ---- tern: disable-tx ---- to this direction of the migration (above the ---- create above / drop below ---- line for the up): tern then runs its statements one by one without a transaction.",
  "sql-migrate":
    "Turn the transaction off for this section on its marker line: -- +migrate Up notransaction (or -- +migrate Down notransaction); sql-migrate then runs the section's statements one by one without a transaction.",
  diesel:
    "Add run_in_transaction = false to the metadata.toml next to this up.sql: diesel then runs the migration without a transaction.",
  sqlx: "Make -- no-transaction the very first line of the migration file: sqlx then runs it without a transaction.",
  "graphile-migrate":
    "Put the statement alone in a migration of its own whose first line is --! no-transaction (in current.sql, not a current/ directory, then graphile-migrate commit): graphile-migrate then runs it without a transaction, as one query, and a query holding a single statement runs outside any transaction block.",
  "maragudk-migrate":
    "maragudk/migrate has no opt-out: it runs every migration file inside a transaction, so this statement always fails there. Run it outside the migrator (a separate script or a manual step after migrate.Up).",
  flyway:
    "Put the statement in a migration of its own: Flyway runs a migration without a transaction when it detects CREATE INDEX CONCURRENTLY or DROP INDEX CONCURRENTLY, and refuses one that mixes them with other statements unless mixed=true. For REINDEX and DETACH PARTITION, which it does not detect, set executeInTransaction=false in the script's configuration file (V<version>__<name>.sql.conf).",
  drizzle:
    "drizzle's migrator has no opt-out: it runs every pending migration inside one transaction, so this statement always fails there. Run it outside drizzle's migrator (a separate script or a manual step after drizzle-kit migrate), and leave it out of the journal's migrations.",
  atlas:
    "Start the file with the header -- atlas:txmode none followed by an empty line: Atlas then runs the file without a transaction, statement by statement (put the statement in a file of its own if the others should stay transactional).",
  supabase:
    "Put the statement alone in a migration file of its own: the Supabase CLI sends each file as one batch, and a statement alone in its file runs before the implicit transaction begins. Supabase CLI v2.109.0 and later also run CREATE INDEX CONCURRENTLY and REINDEX ... CONCURRENTLY apart from the batch.",
};

const GENERIC_OPT_OUT =
  "Run it on its own, in a migration that the tool runs without a transaction (most tools have a per-migration opt-out).";

const ONE_QUERY_OPT_OUT: Readonly<Partial<Record<LayoutName, string>>> = {
  diesel:
    "Put the statement alone in the up.sql of a migration of its own, next to a metadata.toml with run_in_transaction = false: a query holding a single statement runs outside any transaction block.",
  plain:
    "Put the statement alone in a migration file of its own whose first line is -- no-transaction: a query holding a single statement runs outside any transaction block.",
  sqlx: "Put the statement alone in a migration file of its own whose first line is -- no-transaction: a query holding a single statement runs outside any transaction block.",
};

export function transactionOptOut(layout: LayoutName | undefined, oneQuery = false): string {
  if (assumed(layout, oneQuery)) return ASSUMED_OPT_OUT;
  const text = layout === undefined ? undefined : oneQuery ? (ONE_QUERY_OPT_OUT[layout] ?? OPT_OUT[layout]) : OPT_OUT[layout];
  return text ?? GENERIC_OPT_OUT;
}
