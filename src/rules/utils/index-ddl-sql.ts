import type { QualifiedName, Table } from "../../schema/model.js";
import { qualifiedSql, quoteIdentifier } from "./sql.js";

/**
 * `CONCURRENTLY ` (builds or drops the index without blocking writes), except on a partitioned table:
 * PostgreSQL supports neither `CREATE INDEX CONCURRENTLY` nor `DROP INDEX CONCURRENTLY` on one
 * (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
function concurrently(table: Table): string {
  return table.partitioned ? "" : "CONCURRENTLY ";
}

/** `CREATE INDEX CONCURRENTLY name ON table <definition>;`, e.g. definition `USING gin (tags)`. */
export function createIndexSql(table: Table, name: string, definition: string): string {
  return `CREATE INDEX ${concurrently(table)}${quoteIdentifier(name)} ON ${qualifiedSql(table)} ${definition};`;
}

/** `DROP INDEX CONCURRENTLY schema.name;` for an index of `table` (the schema is omitted for public). */
export function dropIndexSql(table: Table, index: QualifiedName): string {
  return `DROP INDEX ${concurrently(table)}${qualifiedSql(index)};`;
}
