import type { AlterSeqStmt, CreateSeqStmt, Node } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { keyOf, type Catalog } from "./catalog.js";
import { originAt, type FoldContext } from "./fold-context.js";
import type { QualifiedName, Sequence, SequenceOwner, Table } from "./model.js";
import { chooseName } from "./naming.js";

/** The value of a sequence option (`OWNED BY`, `SEQUENCE NAME`) as a qualified name, if written. */
function nameOption(options: readonly Node[] | undefined, name: string): string[] | undefined {
  for (const option of options ?? []) {
    const def = unwrap(option, "DefElem");
    if (def?.defname === name) return stringList(unwrap(def.arg, "List")?.items);
  }
  return undefined;
}

/**
 * `OWNED BY table.column` or `OWNED BY NONE` among the options of CREATE / ALTER SEQUENCE:
 * `{ owner }` when written (`owner` undefined for NONE), else undefined.
 */
function ownedByOption(catalog: Catalog, options: readonly Node[] | undefined): { readonly owner: SequenceOwner | undefined } | undefined {
  const parts = nameOption(options, "owned_by");
  if (parts === undefined) return undefined;
  if (parts.length < 2) return { owner: undefined };
  const column = parts.at(-1) ?? "";
  const table = catalog.qualify(parts.length > 2 ? parts.at(-3) : undefined, parts.at(-2) ?? "");
  return { owner: { table, column } };
}

export function foldCreateSequence(ctx: FoldContext, stmt: CreateSeqStmt): void {
  const { catalog } = ctx;
  const rel = stmt.sequence;
  // Temporary sequences live for one session, like temporary tables.
  if (rel === undefined || rel.relpersistence === "t") return;
  const name = { schema: rel.schemaname ?? catalog.creationSchema(), name: rel.relname ?? "" };
  if (stmt.if_not_exists === true && catalog.relationExists(name)) return;
  const owner = ownedByOption(catalog, stmt.options)?.owner;
  const sequence: Sequence = { ...name, origin: originAt(ctx, rel.location), ...(owner === undefined ? {} : { ownedBy: owner }) };
  catalog.setSequence(sequence);
}

/** `ALTER SEQUENCE ... OWNED BY`: the other options (bounds, increment) are not modelled, nor needed. */
export function foldAlterSequence(ctx: FoldContext, stmt: AlterSeqStmt): void {
  const { catalog } = ctx;
  const rel = stmt.sequence;
  const ownedBy = ownedByOption(catalog, stmt.options);
  if (rel === undefined || ownedBy === undefined) return;
  const sequence = catalog.sequences.get(keyOf(catalog.qualify(rel.schemaname, rel.relname ?? "", catalog.sequences)));
  if (sequence === undefined) return;
  const { schema, name, origin } = sequence;
  catalog.setSequence({ schema, name, origin, ...(ownedBy.owner === undefined ? {} : { ownedBy: ownedBy.owner }) });
}

/**
 * The sequence PostgreSQL creates for a serial column (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL)
 * or an identity column (https://www.postgresql.org/docs/current/sql-createtable.html, GENERATED AS IDENTITY):
 * named `{table}_{column}_seq` in the table's schema (a number added while the name is taken), or as
 * the identity's `SEQUENCE NAME` option says, and owned by the column.
 */
export function addColumnSequence(ctx: FoldContext, table: QualifiedName, column: string, identityOptions?: readonly Node[]): void {
  const { catalog } = ctx;
  const written = nameOption(identityOptions, "sequence_name");
  const name =
    written === undefined
      ? { schema: table.schema, name: chooseName(table.name, [column], "seq", (n) => catalog.relationExists({ schema: table.schema, name: n })) }
      : { schema: written.length > 1 ? (written.at(-2) ?? table.schema) : table.schema, name: written.at(-1) ?? "" };
  const owner: SequenceOwner = { table: { schema: table.schema, name: table.name }, column, ...(identityOptions === undefined ? {} : { identity: true }) };
  catalog.setSequence({ ...name, ownedBy: owner, origin: originAt(ctx) });
}

/**
 * Drops the sequences owned by `table` (by one of its columns when `column` is given; only identity
 * sequences when `identityOnly`), as DROP TABLE, DROP COLUMN and DROP IDENTITY do.
 */
export function dropOwnedSequences(catalog: Catalog, table: QualifiedName, column?: string, identityOnly = false): void {
  for (const sequence of catalog.sequencesOwnedBy(table)) {
    const owner = sequence.ownedBy;
    if (owner === undefined || (column !== undefined && owner.column !== column) || (identityOnly && owner.identity !== true)) continue;
    const key = keyOf(sequence);
    catalog.deleteSequence(key);
    catalog.markDropped(key);
  }
}

/** Sequences follow their owning column through renames of the table and of the column (ownership is by OID and number). */
export function retargetOwnedSequences(catalog: Catalog, from: QualifiedName, to: QualifiedName, column?: { readonly from: string; readonly to: string }): void {
  // Replaced under the same keys, so the order of the sequences map does not change.
  for (const sequence of catalog.sequencesOwnedBy(from)) {
    const owner = sequence.ownedBy;
    if (owner === undefined || (column !== undefined && owner.column !== column.from)) continue;
    catalog.setSequence({ ...sequence, ownedBy: { ...owner, table: { ...to }, column: column?.to ?? owner.column } });
  }
}

/** `ALTER TABLE ... SET SCHEMA` moves the sequences owned by the table's columns with it (https://www.postgresql.org/docs/current/sql-altertable.html). */
export function moveOwnedSequences(catalog: Catalog, table: Table | QualifiedName, schema: string): void {
  // A scan in map order, not sequencesOwnedBy: the moved sequences are stored again, at the end of the map, in this order.
  for (const [key, sequence] of [...catalog.sequences]) {
    if (sequence.ownedBy === undefined || keyOf(sequence.ownedBy.table) !== keyOf(table)) continue;
    catalog.deleteSequence(key);
    catalog.setSequence({ ...sequence, schema });
  }
}

/** Renames or moves a sequence (ALTER SEQUENCE ... RENAME TO / SET SCHEMA). */
export function replaceSequence(catalog: Catalog, sequence: Sequence, name: QualifiedName): void {
  catalog.deleteSequence(keyOf(sequence));
  catalog.setSequence({ ...sequence, schema: name.schema, name: name.name });
}
