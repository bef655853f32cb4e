import { tagOf, unwrap, type Node, type NodeTag } from "../parser/ast.js";

const ALWAYS_NON_TRANSACTIONAL: ReadonlySet<NodeTag> = new Set([
  "AlterSystemStmt",
  "CreatedbStmt",
  "DropdbStmt",
  "CreateTableSpaceStmt",
  "DropTableSpaceStmt",
  "CreateSubscriptionStmt",
  "DropSubscriptionStmt",
]);

/**
 * Whether Flyway's PostgreSQL parser marks a statement as unable to run in a transaction
 * (`PostgreSQLParser.detectCanExecuteInTransaction`): `CREATE`/`DROP [UNIQUE] INDEX CONCURRENTLY`,
 * `REINDEX SCHEMA|DATABASE|SYSTEM`, `VACUUM`, `DISCARD ALL`, `ALTER SYSTEM`, `CREATE`/`DROP DATABASE`,
 * `TABLESPACE` or `SUBSCRIPTION`, and `ALTER TYPE ... ADD VALUE` before PostgreSQL 12. Flyway matches
 * the statement text; this matches the parsed statement, which is the same set.
 */
export function flywayNonTransactional(node: Node, postgresVersion: number): boolean {
  const index = unwrap(node, "IndexStmt");
  if (index !== undefined) return index.concurrent === true;
  const drop = unwrap(node, "DropStmt");
  if (drop !== undefined) return drop.removeType === "OBJECT_INDEX" && drop.concurrent === true;
  const reindex = unwrap(node, "ReindexStmt");
  if (reindex !== undefined) return reindex.kind === "REINDEX_OBJECT_SCHEMA" || reindex.kind === "REINDEX_OBJECT_SYSTEM" || reindex.kind === "REINDEX_OBJECT_DATABASE";
  const vacuum = unwrap(node, "VacuumStmt");
  if (vacuum !== undefined) return vacuum.is_vacuumcmd === true;
  if (unwrap(node, "DiscardStmt")?.target === "DISCARD_ALL") return true;
  const alterEnum = unwrap(node, "AlterEnumStmt");
  if (alterEnum !== undefined) return alterEnum.oldVal === undefined && postgresVersion < 12;
  return ALWAYS_NON_TRANSACTIONAL.has(tagOf(node));
}

/**
 * How Flyway runs a migration: without a transaction when every statement needs that, in its
 * transaction otherwise. A migration mixing both kinds is refused unless `mixed=true`; it is reported
 * as running in the transaction, where the non-transactional statements fail.
 * https://documentation.red-gate.com/fd/flyway-postgresql-transactional-lock-setting-277579114.html
 */
export function flywayTransaction(nodes: readonly Node[], postgresVersion: number): "tool" | "none" {
  return nodes.length > 0 && nodes.every((n) => flywayNonTransactional(n, postgresVersion)) ? "none" : "tool";
}
