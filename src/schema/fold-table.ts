import type { AlterTableCmd, AlterTableStmt, ColumnDef, CreateStmt, IntoClause, Node, RangeVar } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { keyOf, type Catalog } from "./catalog.js";
import { columnsReferenced } from "./expression.js";
import { normalizeType } from "./column-type.js";
import { constraintOf } from "./fold-constraint.js";
import { expressionOf, originAt, type FoldContext } from "./fold-context.js";
import { constraintKey, dropForeignKeysOnKey, referencedKeys } from "./fold-key-dependents.js";
import { dropViewsReadingColumn } from "./fold-view.js";
import { addColumnSequence, dropOwnedSequences } from "./fold-sequence.js";
import type { Column, Index, Origin, WritableTable } from "./model.js";
import { selectColumns } from "./select-columns.js";

/** Applies the column-level parts of a column definition (type, NOT NULL, DEFAULT, identity, ...). */
export function columnOf(ctx: FoldContext, def: ColumnDef): Column {
  const origin = originAt(ctx, def.location);
  const type = def.typeName === undefined
    ? { name: "unknown", modifiers: [], arrayDimensions: 0, display: "unknown" }
    : normalizeType(def.typeName, ctx.catalog);
  const column: Column = {
    name: def.colname ?? "",
    type,
    notNull: def.is_not_null === true || type.serial !== undefined,
    origin,
    typeOrigin: origin,
    changed: origin,
  };
  if (def.raw_default !== undefined) column.default = expressionOf(def.raw_default);
  for (const node of def.constraints ?? []) {
    const c = unwrap(node, "Constraint");
    if (c === undefined) continue;
    switch (c.contype) {
      case "CONSTR_NOTNULL":
      case "CONSTR_PRIMARY":
      case "CONSTR_IDENTITY":
        column.notNull = true;
        if (c.contype === "CONSTR_IDENTITY") column.identity = c.generated_when === "a" ? "always" : "by default";
        break;
      case "CONSTR_NULL":
        column.notNull = false;
        break;
      case "CONSTR_DEFAULT":
        if (c.raw_expr !== undefined) column.default = expressionOf(c.raw_expr);
        break;
      case "CONSTR_GENERATED":
        column.generated = c.generated_kind === "v" ? "virtual" : "stored";
        break;
      default:
        break;
    }
  }
  if (column.default !== undefined) column.defaultOrigin = origin;
  return column;
}

/** Creates the sequence of a serial or identity column definition (see {@link addColumnSequence}). */
function addColumnSequences(ctx: FoldContext, table: WritableTable, def: ColumnDef): void {
  const name = def.colname ?? "";
  const identity = (def.constraints ?? []).map((c) => unwrap(c, "Constraint")).find((c) => c?.contype === "CONSTR_IDENTITY");
  if (identity !== undefined) addColumnSequence(ctx, table, name, identity.options ?? []);
  else if (def.typeName !== undefined && table.columns.get(name)?.type.serial !== undefined) addColumnSequence(ctx, table, name);
}

/** Adds the table-level constraints a column definition carries (PRIMARY KEY, UNIQUE, REFERENCES, CHECK). */
function addColumnConstraints(ctx: FoldContext, table: WritableTable, def: ColumnDef): void {
  for (const node of def.constraints ?? []) {
    const c = unwrap(node, "Constraint");
    if (c === undefined) continue;
    const constraint = constraintOf(ctx, table, c, def.colname ?? "");
    if (constraint !== undefined) table.constraints.set(constraint.name, constraint);
  }
}

function addConstraint(ctx: FoldContext, table: WritableTable, node: Parameters<typeof constraintOf>[2]): void {
  if (node.contype === "CONSTR_NOTNULL") {
    // PostgreSQL 18's table-level `NOT NULL col` (also `ADD CONSTRAINT c NOT NULL col`) marks the column.
    // https://www.postgresql.org/docs/18/sql-createtable.html
    markNotNull(table, stringList(node.keys), originAt(ctx, node.location));
    return;
  }
  const constraint = constraintOf(ctx, table, node);
  if (constraint === undefined) return;
  if (constraint.usingIndex !== undefined) {
    // ADD CONSTRAINT ... USING INDEX turns the index into the constraint's index and renames it.
    const index = ctx.catalog.index(table.schema, constraint.usingIndex);
    if (index !== undefined) {
      ctx.catalog.deleteIndex(keyOf(index));
      const columns = index.keys.flatMap((k) => (k.kind === "column" ? [k.column] : []));
      table.constraints.set(constraint.name, { ...constraint, columns });
      markNotNull(table, constraint.kind === "primary key" ? columns : [], constraint.origin);
      return;
    }
  }
  table.constraints.set(constraint.name, constraint);
  if (constraint.kind === "primary key") markNotNull(table, constraint.columns, constraint.origin);
}

function markNotNull(table: WritableTable, columns: readonly string[], origin: Origin): void {
  for (const name of columns) {
    const column = table.columns.get(name);
    if (column !== undefined && !column.notNull) {
      column.notNull = true;
      column.changed = origin;
    }
  }
}

function newTable(ctx: FoldContext, relation: RangeVar, partitioned: boolean): WritableTable {
  const schema = relation.schemaname ?? ctx.catalog.creationSchema();
  const origin = originAt(ctx, relation.location);
  return {
    schema,
    name: relation.relname ?? "",
    partitioned,
    inherits: [],
    columns: new Map(),
    constraints: new Map(),
    columnsKnown: true,
    unlogged: relation.relpersistence === "u",
    foreign: false,
    origin,
    changed: origin,
  };
}

/**
 * `LIKE source INCLUDING …` (parsenodes.h `TableLikeOption`): which of the source's column properties
 * the new table copies. Names, types and NOT NULL are always copied; defaults, identity and generation
 * expressions only when included (INCLUDING ALL sets every bit).
 * https://www.postgresql.org/docs/current/sql-createtable.html
 */
const LIKE_DEFAULTS = 1 << 3;
const LIKE_GENERATED = 1 << 4;
const LIKE_IDENTITY = 1 << 5;

export function foldCreateTable(ctx: FoldContext, stmt: CreateStmt, foreign = false): void {
  const relation = stmt.relation;
  // Temporary tables live for one session (a data migration's scratch table): not part of the schema.
  if (relation === undefined || relation.relpersistence === "t") return;
  const { catalog } = ctx;
  const existing = catalog.table(relation.schemaname, relation.relname ?? "");
  if (existing !== undefined && stmt.if_not_exists === true) return;
  const table = { ...newTable(ctx, relation, stmt.partspec !== undefined), foreign };
  const likeIdentities: string[] = [];
  const parents = (stmt.inhRelations ?? []).flatMap((n) => {
    const rv = unwrap(n, "RangeVar");
    return rv === undefined ? [] : [catalog.qualify(rv.schemaname, rv.relname ?? "")];
  });
  if (stmt.partbound !== undefined) table.partitionOf = parents[0];
  else table.inherits = parents;
  // Partitions and inheritance children get the parent's columns first.
  for (const parent of parents) {
    for (const column of catalog.tableByName(parent)?.columns.values() ?? []) {
      table.columns.set(column.name, structuredClone(column));
    }
    if (catalog.tableByName(parent) === undefined) table.columnsKnown = false;
  }
  for (const element of stmt.tableElts ?? []) {
    const def = unwrap(element, "ColumnDef");
    if (def !== undefined) {
      const inherited = table.columns.get(def.colname ?? "");
      const column = columnOf(ctx, def);
      // In a partition, a column element only adds constraints and defaults to the inherited column.
      const merged = inherited === undefined || def.typeName !== undefined ? column : { ...inherited, notNull: inherited.notNull || column.notNull };
      if (merged !== column && column.default !== undefined) {
        merged.default = column.default;
        merged.defaultOrigin = column.defaultOrigin;
      }
      table.columns.set(column.name, merged);
      continue;
    }
    const like = unwrap(element, "TableLikeClause");
    if (like !== undefined) {
      const source = catalog.table(like.relation?.schemaname, like.relation?.relname ?? "");
      if (source === undefined) table.columnsKnown = false;
      const including = (option: number) => ((like.options ?? 0) & option) !== 0;
      for (const column of source?.columns.values() ?? []) {
        table.columns.set(column.name, {
          ...structuredClone(column),
          ...(including(LIKE_DEFAULTS) ? {} : { default: undefined, defaultOrigin: undefined }),
          ...(including(LIKE_IDENTITY) ? {} : { identity: undefined }),
          ...(including(LIKE_GENERATED) ? {} : { generated: undefined }),
        });
        if (including(LIKE_IDENTITY) && column.identity !== undefined) likeIdentities.push(column.name);
      }
    }
  }
  catalog.addTable(table);
  // INCLUDING IDENTITY gives the new table's identity columns sequences of their own.
  for (const column of likeIdentities) addColumnSequence(ctx, table, column, []);
  // PostgreSQL creates the sequences of serial and identity columns before the table's indexes.
  for (const element of stmt.tableElts ?? []) {
    const def = unwrap(element, "ColumnDef");
    if (def !== undefined) addColumnSequences(ctx, table, def);
  }
  for (const element of stmt.tableElts ?? []) {
    const def = unwrap(element, "ColumnDef");
    if (def !== undefined) addColumnConstraints(ctx, table, def);
    const c = unwrap(element, "Constraint");
    if (c !== undefined) addConstraint(ctx, table, c);
  }
}

/**
 * `CREATE TABLE AS` / `SELECT INTO`: the table exists; its columns are known when the select list makes
 * them certain (see {@link selectColumns}).
 */
export function foldCreateTableAs(ctx: FoldContext, into: IntoClause | undefined, query: Node | undefined, ifNotExists: boolean): void {
  const relation = into?.rel;
  if (relation === undefined || relation.relpersistence === "t") return;
  if (ifNotExists && ctx.catalog.table(relation.schemaname, relation.relname ?? "") !== undefined) return;
  const table = newTable(ctx, relation, false);
  const columns = selectColumns(ctx, query, stringList(into?.colNames));
  for (const column of columns ?? []) table.columns.set(column.name, column);
  table.columnsKnown = columns !== undefined;
  ctx.catalog.addTable(table);
}

function alterColumn(ctx: FoldContext, table: WritableTable, cmd: AlterTableCmd, origin: Origin): void {
  const column = table.columns.get(cmd.name ?? "");
  if (column === undefined) return;
  column.changed = origin;
  switch (cmd.subtype) {
    case "AT_SetNotNull":
      column.notNull = true;
      column.nullableOrigin = undefined;
      break;
    case "AT_DropNotNull":
      if (column.notNull) column.nullableOrigin = origin;
      column.notNull = false;
      break;
    case "AT_ColumnDefault":
      column.default = cmd.def === undefined ? undefined : expressionOf(cmd.def);
      column.defaultOrigin = cmd.def === undefined ? undefined : origin;
      break;
    case "AT_AlterColumnType": {
      const def = unwrap(cmd.def, "ColumnDef");
      if (def?.typeName !== undefined) {
        column.type = normalizeType(def.typeName, ctx.catalog);
        column.typeOrigin = originAt(ctx, def.location);
      }
      break;
    }
    case "AT_AddIdentity": {
      const c = unwrap(cmd.def, "Constraint");
      column.identity = c?.generated_when === "a" ? "always" : "by default";
      column.notNull = true;
      addColumnSequence(ctx, table, column.name, c?.options ?? []);
      break;
    }
    case "AT_DropIdentity":
      // DROP IDENTITY drops the column's identity sequence (https://www.postgresql.org/docs/current/sql-altertable.html).
      if (column.identity !== undefined) dropOwnedSequences(ctx.catalog, table, column.name, true);
      column.identity = undefined;
      break;
    case "AT_DropExpression":
      column.generated = undefined;
      break;
    default:
      break;
  }
}

/** Whether an index uses a column anywhere: as a key, in a key expression, in INCLUDE or in its predicate. */
function indexUsesColumn(index: Index, column: string): boolean {
  return (
    index.include.includes(column) ||
    index.keys.some((k) => (k.kind === "column" ? k.column === column : columnsReferenced(k.expression.node).includes(column))) ||
    (index.predicate !== undefined && columnsReferenced(index.predicate.node).includes(column))
  );
}

/**
 * DROP COLUMN also drops every index and constraint of the table that uses the column: silently for
 * single-column ones, with CASCADE for the others (without it the statement fails, so the history
 * that follows assumes it succeeded), and the sequences the column owns.
 * https://www.postgresql.org/docs/current/sql-altertable.html
 */
function dropColumn(catalog: Catalog, table: WritableTable, name: string): void {
  table.columns.delete(name);
  dropOwnedSequences(catalog, table, name);
  for (const [key, c] of table.constraints) {
    if (c.columns.includes(name) || c.include.includes(name)) table.constraints.delete(key);
  }
  for (const index of catalog.indexesOn(keyOf(table))) if (indexUsesColumn(index, name)) catalog.deleteIndex(keyOf(index));
}

/**
 * `inh`: the statement did not say ONLY. Without ONLY, SET DEFAULT and DROP DEFAULT also change the
 * column of every partition and inheritance child, at every level, replacing a default of their own;
 * with ONLY they change the parent alone (on a partitioned table, the default of partitions created
 * later). Verified on PostgreSQL 18; https://www.postgresql.org/docs/current/sql-altertable.html
 * ("ONLY ... only that table is altered").
 */
function applyCommand(ctx: FoldContext, table: WritableTable, cmd: AlterTableCmd, inh: boolean): void {
  const origin = originAt(ctx);
  const { catalog } = ctx;
  switch (cmd.subtype) {
    case "AT_AddColumn": {
      const def = unwrap(cmd.def, "ColumnDef");
      if (def === undefined || (cmd.missing_ok === true && table.columns.has(def.colname ?? ""))) return;
      table.columns.set(def.colname ?? "", columnOf(ctx, def));
      addColumnSequences(ctx, table, def);
      addColumnConstraints(ctx, table, def);
      break;
    }
    case "AT_DropColumn": {
      // A column the model knows is missing (DROP COLUMN IF EXISTS) has no views to take along.
      const exists = table.columns.has(cmd.name ?? "") || !table.columnsKnown;
      const before = referencedKeys(catalog, table);
      dropColumn(catalog, table, cmd.name ?? "");
      if (exists && cmd.behavior === "DROP_CASCADE") {
        dropViewsReadingColumn(catalog, table, cmd.name ?? "");
        const after = referencedKeys(catalog, table);
        dropForeignKeysOnKey(catalog, table, before.filter((k) => !after.some((a) => a.name === k.name)), after);
      }
      break;
    }
    case "AT_AddConstraint": {
      const c = unwrap(cmd.def, "Constraint");
      if (c !== undefined) addConstraint(ctx, table, c);
      break;
    }
    case "AT_DropConstraint": {
      const dropped = table.constraints.get(cmd.name ?? "");
      table.constraints.delete(cmd.name ?? "");
      const key = dropped === undefined ? undefined : constraintKey(dropped);
      if (key !== undefined && cmd.behavior === "DROP_CASCADE") dropForeignKeysOnKey(catalog, table, [key], referencedKeys(catalog, table));
      break;
    }
    case "AT_ValidateConstraint": {
      const c = table.constraints.get(cmd.name ?? "");
      if (c !== undefined) {
        c.notValid = false;
        c.changed = origin;
      }
      break;
    }
    case "AT_AttachPartition": {
      const part = unwrap(cmd.def, "PartitionCmd")?.name;
      const child = catalog.table(part?.schemaname, part?.relname ?? "");
      if (child !== undefined) catalog.writableTable(child).partitionOf = { schema: table.schema, name: table.name };
      break;
    }
    case "AT_DetachPartition": {
      const part = unwrap(cmd.def, "PartitionCmd")?.name;
      const child = catalog.table(part?.schemaname, part?.relname ?? "");
      if (child !== undefined) catalog.writableTable(child).partitionOf = undefined;
      break;
    }
    case "AT_AddInherit":
    case "AT_DropInherit": {
      const parent = unwrap(cmd.def, "RangeVar");
      if (parent === undefined) break;
      const name = catalog.qualify(parent.schemaname, parent.relname ?? "");
      table.inherits = table.inherits.filter((p) => keyOf(p) !== keyOf(name));
      if (cmd.subtype === "AT_AddInherit") table.inherits.push(name);
      break;
    }
    case "AT_ColumnDefault":
      alterColumn(ctx, table, cmd, origin);
      if (inh) for (const child of catalog.descendants(table)) alterColumn(ctx, catalog.writableTable(child), cmd, origin);
      return;
    default:
      alterColumn(ctx, table, cmd, originAt(ctx, unwrap(cmd.def, "ColumnDef")?.location));
      return;
  }
  table.changed = origin;
}

export function foldAlterTable(ctx: FoldContext, stmt: AlterTableStmt): void {
  const relation = stmt.relation;
  if (stmt.objtype !== undefined && stmt.objtype !== "OBJECT_TABLE" && stmt.objtype !== "OBJECT_FOREIGN_TABLE") return;
  const found = ctx.catalog.table(relation?.schemaname, relation?.relname ?? "");
  if (found === undefined) return;
  const table = ctx.catalog.writableTable(found);
  for (const node of stmt.cmds ?? []) {
    const cmd = unwrap(node, "AlterTableCmd");
    if (cmd === undefined) continue;
    const hadKey = ctx.catalog.primaryKey(table) !== undefined;
    applyCommand(ctx, table, cmd, relation?.inh === true);
    // DROP CONSTRAINT of the key, or DROP COLUMN of one of its columns, which drops it too.
    if (ctx.catalog.primaryKey(table) !== undefined) table.primaryKeyDroppedOrigin = undefined;
    else if (hadKey) table.primaryKeyDroppedOrigin = originAt(ctx);
  }
}
