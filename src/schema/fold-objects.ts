import type { AlterObjectSchemaStmt, CommentStmt, DropStmt, Node, ObjectWithArgs, RenameStmt } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { keyOf, routineKey, type Catalog } from "./catalog.js";
import { normalizeType } from "./column-type.js";
import { expressionOf, originAt, type FoldContext } from "./fold-context.js";
import { withColumnRenamed } from "./expression.js";
import { dropForeignKeysOnKey, indexKey, referencedKeys } from "./fold-key-dependents.js";
import { dropOwnedSequences, moveOwnedSequences, replaceSequence, retargetOwnedSequences } from "./fold-sequence.js";
import { dropDependentViews, dropIndexesOn, renameViewColumns, retargetViewReferences } from "./fold-view.js";
import type { ColumnType, Constraint, Expression, QualifiedName, RoutineSignature } from "./model.js";

/** The qualified name in a `List` of `String` (DROP / COMMENT object names), resolved against the path. */
function nameParts(node: Node | undefined): string[] {
  const list = unwrap(node, "List");
  if (list !== undefined) return stringList(list.items);
  const typeName = unwrap(node, "TypeName");
  if (typeName !== undefined) return stringList(typeName.names);
  const str = unwrap(node, "String");
  return str?.sval === undefined ? [] : [str.sval];
}

function splitName(parts: readonly string[]): { schema: string | undefined; name: string } {
  return { schema: parts.length > 1 ? parts.at(-2) : undefined, name: parts.at(-1) ?? "" };
}

/**
 * `DROP TABLE ... CASCADE` drops the foreign keys of other tables that reference a dropped table (not
 * those tables). https://www.postgresql.org/docs/current/sql-droptable.html
 */
function dropReferencingForeignKeys(catalog: Catalog, dropped: ReadonlySet<string>): void {
  const references = (c: Constraint): boolean => c.references !== undefined && dropped.has(keyOf(c.references.table));
  for (const found of [...catalog.tables.values()]) {
    if (![...found.constraints.values()].some(references)) continue;
    const table = catalog.writableTable(found);
    for (const [name, c] of table.constraints) if (references(c)) table.constraints.delete(name);
  }
}

/** What `DROP TABLE`, `DROP INDEX`, ... `DROP TYPE` remove: one kind of object, kept in one map of the catalog. */
type DroppedKind = "table" | "index" | "view" | "sequence" | "type";

/** Removes the object of key `key` from the map of its kind. */
function remove(catalog: Catalog, kind: DroppedKind, key: string): void {
  if (kind === "table") catalog.tables.delete(key);
  else if (kind === "index") catalog.deleteIndex(key);
  else if (kind === "view") catalog.views.delete(key);
  else if (kind === "sequence") catalog.deleteSequence(key);
  else catalog.types.delete(key);
}

function mapOf(catalog: Catalog, kind: DroppedKind): ReadonlyMap<string, unknown> {
  if (kind === "table") return catalog.tables;
  if (kind === "index") return catalog.indexes;
  if (kind === "view") return catalog.views;
  if (kind === "sequence") return catalog.sequences;
  return catalog.types;
}

/** Returns the key of the relation it dropped. */
function dropRelation(ctx: FoldContext, kind: DroppedKind, parts: readonly string[]): string {
  const { schema, name } = splitName(parts);
  const qualified = ctx.catalog.qualify(schema, name, mapOf(ctx.catalog, kind));
  const key = keyOf(qualified);
  remove(ctx.catalog, kind, key);
  // Types are not relations (pg_class): they share no namespace with what `dropped` records.
  if (kind !== "type") ctx.catalog.markDropped(key);
  // Dropping a table drops the sequences its columns own (serial, identity, OWNED BY).
  if (kind === "table") dropOwnedSequences(ctx.catalog, qualified);
  // Dropping a table (or a materialized view) drops its indexes.
  if (kind === "table" || kind === "view") dropIndexesOn(ctx.catalog, key);
  return key;
}

/**
 * `DROP FUNCTION name(types)` drops that overload; `DROP FUNCTION name` (no argument list) the only
 * routine of that name, resolved against the search path.
 */
function dropRoutine(ctx: FoldContext, object: ObjectWithArgs | undefined): void {
  for (const routine of matchingRoutines(ctx, object)) ctx.catalog.routines.delete(routineKey(routine));
}

/** The routines an `ObjectWithArgs` names: one overload, or every routine of that name when no argument list is given. */
function matchingRoutines(ctx: FoldContext, object: ObjectWithArgs | undefined): RoutineSignature[] {
  const { catalog } = ctx;
  const { schema, name } = splitName(stringList(object?.objname));
  const schemas = schema === undefined ? catalog.searchPath : [schema];
  const args =
    object?.args_unspecified === true
      ? undefined
      : (object?.objargs ?? [])
          .map((t) => {
            const typeName = unwrap(t, "TypeName");
            return typeName === undefined ? "" : normalizeType(typeName, catalog).display;
          })
          .join(", ");
  for (const s of schemas) {
    const found = [...catalog.routines.values()].filter((r) => r.schema === s && r.name === name && (args === undefined || r.arguments === args));
    if (found.length > 0) return found;
  }
  return [];
}

export function foldDrop(ctx: FoldContext, stmt: DropStmt): void {
  const { catalog } = ctx;
  // The tables and views dropped, for CASCADE: what depends on them goes too.
  const dropped = new Set<string>();
  for (const object of stmt.objects ?? []) {
    const parts = nameParts(object);
    switch (stmt.removeType) {
      case "OBJECT_TABLE":
      case "OBJECT_FOREIGN_TABLE":
        dropped.add(dropRelation(ctx, "table", parts));
        break;
      case "OBJECT_INDEX": {
        const { schema, name } = splitName(parts);
        const index = catalog.index(schema, name);
        dropRelation(ctx, "index", parts);
        const key = index === undefined ? undefined : indexKey(index);
        const table = index === undefined ? undefined : catalog.tableByName(index.table);
        if (key === undefined || table === undefined || stmt.behavior !== "DROP_CASCADE") break;
        dropForeignKeysOnKey(catalog, table, [key], referencedKeys(catalog, table));
        break;
      }
      case "OBJECT_VIEW":
      case "OBJECT_MATVIEW":
        dropped.add(dropRelation(ctx, "view", parts));
        break;
      case "OBJECT_SEQUENCE":
        dropRelation(ctx, "sequence", parts);
        break;
      case "OBJECT_TYPE":
      case "OBJECT_DOMAIN":
        dropRelation(ctx, "type", parts);
        break;
      case "OBJECT_SCHEMA": {
        const schema = parts[0] ?? "";
        catalog.schemas.delete(schema);
        for (const kind of ["table", "index", "type", "view", "sequence"] as const) {
          for (const key of [...mapOf(catalog, kind).keys()]) {
            if (!key.startsWith(`${schema}.`)) continue;
            remove(catalog, kind, key);
            if (kind !== "type") catalog.markDropped(key);
            if (kind === "table" || kind === "view") dropped.add(key);
          }
        }
        for (const key of [...catalog.routines.keys()]) if (key.startsWith(`${schema}.`)) catalog.routines.delete(key);
        break;
      }
      case "OBJECT_EXTENSION":
        catalog.extensions.delete(parts[0] ?? "");
        break;
      case "OBJECT_FUNCTION":
      case "OBJECT_PROCEDURE":
      case "OBJECT_ROUTINE":
      case "OBJECT_AGGREGATE":
        dropRoutine(ctx, unwrap(object, "ObjectWithArgs"));
        break;
      default:
        break;
    }
  }
  if (stmt.behavior !== "DROP_CASCADE" || dropped.size === 0) return;
  // CASCADE: https://www.postgresql.org/docs/current/sql-droptable.html, sql-dropview.html, sql-dropschema.html
  dropDependentViews(catalog, [...dropped]);
  dropReferencingForeignKeys(catalog, dropped);
}

/**
 * Points everything that refers to table `from` at `to` (RENAME, SET SCHEMA): its indexes, foreign keys
 * referencing it, partitions attached to it, tables inheriting from it, the sequences it owns and the
 * views that read it.
 */
function retargetTable(catalog: Catalog, from: QualifiedName, to: QualifiedName): void {
  const same = (n: QualifiedName | undefined): boolean => n !== undefined && keyOf(n) === keyOf(from);
  retargetOwnedSequences(catalog, from, to);
  retargetViewReferences(catalog, from, to);
  for (const index of [...catalog.indexes.values()]) {
    if (!same(index.table)) continue;
    const moved = catalog.writableIndex(index);
    moved.table = { ...to };
    // Stored again under the same key (its place in the map stays) to record it on its new relation.
    catalog.setIndex(moved);
  }
  const references = (c: Constraint): boolean => c.references !== undefined && same(c.references.table);
  for (const found of [...catalog.tables.values()]) {
    // Only the tables that change are copied (see Catalog.writableTable).
    if (!same(found.partitionOf) && !found.inherits.some(same) && ![...found.constraints.values()].some(references)) continue;
    const t = catalog.writableTable(found);
    if (same(t.partitionOf)) t.partitionOf = { ...to };
    t.inherits = t.inherits.map((p) => (same(p) ? { ...to } : p));
    for (const c of t.constraints.values()) {
      if (c.references !== undefined && same(c.references.table)) {
        Object.assign(c, { references: { ...c.references, table: { ...to } } });
      }
    }
  }
}

function renameKey<T extends { schema: string; name: string }>(map: Map<string, T>, item: T, newName: string): void {
  map.delete(keyOf(item));
  item.name = newName;
  map.set(keyOf(item), item);
}

/** Columns (and domains) refer to a type by OID: they follow its rename. */
function retargetType(catalog: Catalog, from: string, to: string): void {
  const renamed = (type: ColumnType): ColumnType => ({ ...type, name: to, display: `${to}${type.display.slice(from.length)}` });
  for (const found of [...catalog.tables.values()]) {
    if (![...found.columns.values()].some((c) => c.type.name === from)) continue;
    for (const column of catalog.writableTable(found).columns.values()) if (column.type.name === from) column.type = renamed(column.type);
  }
  for (const [key, type] of catalog.types) {
    if (type.kind === "domain" && type.baseType.name === from) catalog.types.set(key, { ...type, baseType: renamed(type.baseType) });
  }
}

/**
 * Renaming the index behind a primary key, unique or exclusion constraint renames the constraint too
 * (the model keeps such indexes as their constraints).
 */
function renameConstraintIndex(ctx: FoldContext, schema: string | undefined, name: string, newName: string): void {
  const found = ctx.catalog.constraintIndex(schema, name);
  if (found === undefined) return;
  const table = ctx.catalog.writableTable(found.table);
  const constraint = table.constraints.get(found.constraint.name);
  if (constraint === undefined) return;
  table.constraints.delete(name);
  constraint.formerNames = [...(constraint.formerNames ?? []), { name: constraint.name, until: originAt(ctx) }];
  constraint.name = newName;
  constraint.explicitName = true;
  constraint.nameOrigin = originAt(ctx);
  table.constraints.set(newName, constraint);
}

export function foldRename(ctx: FoldContext, stmt: RenameStmt): void {
  const { catalog } = ctx;
  const newName = stmt.newname ?? "";
  const rel = stmt.relation;
  const found = rel === undefined ? undefined : catalog.table(rel.schemaname, rel.relname ?? "");
  // Every kind of rename below that finds the table changes it.
  const table = found === undefined ? undefined : catalog.writableTable(found);
  switch (stmt.renameType) {
    case "OBJECT_TABLE":
    case "OBJECT_FOREIGN_TABLE":
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
    case "OBJECT_INDEX":
    case "OBJECT_SEQUENCE": {
      // ALTER TABLE ... RENAME works on any relation kind, so look everywhere.
      const view = rel === undefined ? undefined : catalog.view(rel.schemaname, rel.relname ?? "");
      const index = rel === undefined ? undefined : catalog.index(rel.schemaname, rel.relname ?? "");
      const sequence = rel === undefined ? undefined : catalog.sequences.get(keyOf(catalog.qualify(rel.schemaname, rel.relname ?? "", catalog.sequences)));
      if (table !== undefined) {
        const old = { schema: table.schema, name: table.name };
        table.formerNames = [...(table.formerNames ?? []), { name: table.name, until: originAt(ctx) }];
        renameKey(catalog.tables, table, newName);
        retargetTable(catalog, old, { schema: table.schema, name: newName });
        table.nameOrigin = originAt(ctx);
      } else if (view !== undefined) {
        const old = { schema: view.schema, name: view.name };
        renameKey(catalog.views, catalog.writableEntry(catalog.views, view), newName);
        // A materialized view's indexes and the views that read it follow, as for a table.
        retargetTable(catalog, old, { schema: old.schema, name: newName });
      }
      else if (index !== undefined) {
        const renamed = catalog.writableIndex(index);
        catalog.deleteIndex(keyOf(renamed));
        renamed.formerNames = [...(renamed.formerNames ?? []), { name: renamed.name, until: originAt(ctx) }];
        renamed.name = newName;
        catalog.setIndex(renamed);
        renamed.explicitName = true;
        renamed.nameOrigin = originAt(ctx);
      } else if (sequence !== undefined) replaceSequence(catalog, sequence, { schema: sequence.schema, name: newName });
      else if (rel !== undefined) renameConstraintIndex(ctx, rel.schemaname, rel.relname ?? "", newName);
      break;
    }
    case "OBJECT_COLUMN": {
      const column = table?.columns.get(stmt.subname ?? "");
      if (table === undefined || column === undefined) break;
      const renamed = new Map<string, typeof column>();
      for (const [name, c] of table.columns) renamed.set(name === column.name ? newName : name, c);
      const oldName = column.name;
      column.formerNames = [...(column.formerNames ?? []), { name: oldName, until: originAt(ctx) }];
      column.name = newName;
      column.nameOrigin = originAt(ctx);
      renameViewColumns(catalog, table, oldName, newName);
      table.columns.clear();
      for (const [name, c] of renamed) table.columns.set(name, c);
      const swap = (cols: readonly string[]): string[] => cols.map((c) => (c === oldName ? newName : c));
      // Expressions (CHECK, index keys and predicates) refer to the column by number: they follow too.
      const expression = (e: Expression): Expression => {
        const node = withColumnRenamed(e.node, oldName, newName);
        return node === e.node ? e : expressionOf(node);
      };
      for (const c of table.constraints.values()) {
        Object.assign(c, { columns: swap(c.columns), ...(c.expression === undefined ? {} : { expression: expression(c.expression) }) });
      }
      for (const i of [...catalog.indexes.values()]) {
        if (keyOf(i.table) !== keyOf(table)) continue;
        const keys = i.keys.map((k) => {
          if (k.kind === "column") return k.column === oldName ? { ...k, column: newName } : k;
          const renamed = expression(k.expression);
          return renamed === k.expression ? k : { ...k, expression: renamed };
        });
        const predicate = i.predicate === undefined ? {} : { predicate: expression(i.predicate) };
        Object.assign(catalog.writableIndex(i), { keys, include: swap(i.include), ...predicate });
      }
      retargetOwnedSequences(catalog, table, table, { from: oldName, to: newName });
      const references = (c: Constraint): boolean => c.references !== undefined && keyOf(c.references.table) === keyOf(table);
      for (const t of [...catalog.tables.values()]) {
        if (![...t.constraints.values()].some(references)) continue;
        for (const c of catalog.writableTable(t).constraints.values()) {
          if (c.references !== undefined && references(c)) {
            Object.assign(c, { references: { ...c.references, columns: swap(c.references.columns) } });
          }
        }
      }
      break;
    }
    case "OBJECT_TABCONSTRAINT": {
      const c = table?.constraints.get(stmt.subname ?? "");
      if (table === undefined || c === undefined) break;
      table.constraints.delete(c.name);
      c.formerNames = [...(c.formerNames ?? []), { name: c.name, until: originAt(ctx) }];
      c.name = newName;
      c.explicitName = true;
      c.nameOrigin = originAt(ctx);
      table.constraints.set(newName, c);
      break;
    }
    case "OBJECT_FUNCTION":
    case "OBJECT_PROCEDURE":
    case "OBJECT_ROUTINE": {
      for (const routine of matchingRoutines(ctx, unwrap(stmt.object, "ObjectWithArgs"))) {
        catalog.routines.delete(routineKey(routine));
        const renamed = { ...routine, name: newName };
        catalog.routines.set(routineKey(renamed), renamed);
      }
      break;
    }
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN": {
      const { schema, name } = splitName(nameParts(stmt.object));
      const type = catalog.type(schema, name);
      if (type === undefined) break;
      const from = `${type.schema}.${type.name}`;
      renameKey(catalog.types, type, newName);
      retargetType(catalog, from, `${type.schema}.${newName}`);
      break;
    }
    case "OBJECT_SCHEMA":
      // Renaming a schema is rare in migrations; objects keep their keys (documented limitation).
      if (stmt.subname !== undefined && catalog.schemas.has(stmt.subname)) {
        catalog.schemas.set(newName, catalog.schemas.get(stmt.subname));
        catalog.schemas.delete(stmt.subname);
      }
      break;
    default:
      break;
  }
}

/** The indexes of a table or materialized view move with it into its new schema. */
function moveIndexes(catalog: Catalog, relation: QualifiedName, schema: string): void {
  for (const [key, found] of [...catalog.indexes]) {
    if (keyOf(found.table) !== keyOf(relation)) continue;
    const index = catalog.writableIndex(found);
    catalog.deleteIndex(key);
    index.schema = schema;
    catalog.setIndex(index);
  }
}

export function foldSetSchema(ctx: FoldContext, stmt: AlterObjectSchemaStmt): void {
  const { catalog } = ctx;
  const newSchema = stmt.newschema ?? "public";
  const rel = stmt.relation;
  if (stmt.objectType === "OBJECT_TABLE" && rel !== undefined) {
    const found = catalog.table(rel.schemaname, rel.relname ?? "");
    if (found === undefined) return;
    const table = catalog.writableTable(found);
    const old = { schema: table.schema, name: table.name };
    moveOwnedSequences(catalog, old, newSchema);
    catalog.tables.delete(keyOf(table));
    table.schema = newSchema;
    catalog.tables.set(keyOf(table), table);
    moveIndexes(catalog, old, newSchema);
    retargetTable(catalog, old, { schema: newSchema, name: table.name });
  } else if ((stmt.objectType === "OBJECT_VIEW" || stmt.objectType === "OBJECT_MATVIEW") && rel !== undefined) {
    const found = catalog.view(rel.schemaname, rel.relname ?? "");
    if (found === undefined) return;
    const view = catalog.writableEntry(catalog.views, found);
    const old = { schema: view.schema, name: view.name };
    catalog.views.delete(keyOf(view));
    view.schema = newSchema;
    catalog.views.set(keyOf(view), view);
    moveIndexes(catalog, old, newSchema);
    retargetTable(catalog, old, { schema: newSchema, name: view.name });
  } else if (stmt.objectType === "OBJECT_SEQUENCE" && rel !== undefined) {
    const sequence = catalog.sequences.get(keyOf(catalog.qualify(rel.schemaname, rel.relname ?? "", catalog.sequences)));
    if (sequence !== undefined) replaceSequence(catalog, sequence, { schema: newSchema, name: sequence.name });
  } else if (stmt.objectType === "OBJECT_TYPE" || stmt.objectType === "OBJECT_DOMAIN") {
    const { schema, name } = splitName(nameParts(stmt.object));
    const type = catalog.type(schema, name);
    if (type === undefined) return;
    catalog.types.delete(keyOf(type));
    type.schema = newSchema;
    catalog.types.set(keyOf(type), type);
  }
}

export function foldComment(ctx: FoldContext, stmt: CommentStmt): void {
  const { catalog } = ctx;
  const parts = nameParts(stmt.object);
  const comment = stmt.comment;
  if (stmt.objtype === "OBJECT_TABLE" || stmt.objtype === "OBJECT_FOREIGN_TABLE") {
    const { schema, name } = splitName(parts);
    const table = catalog.table(schema, name);
    if (table !== undefined) catalog.writableTable(table).comment = comment;
  } else if (stmt.objtype === "OBJECT_COLUMN") {
    const column = parts.at(-1) ?? "";
    const { schema, name } = splitName(parts.slice(0, -1));
    const table = catalog.table(schema, name);
    const c = table?.columns.has(column) === true ? catalog.writableTable(table).columns.get(column) : undefined;
    if (c !== undefined) c.comment = comment;
  } else if (stmt.objtype === "OBJECT_VIEW" || stmt.objtype === "OBJECT_MATVIEW") {
    const { schema, name } = splitName(parts);
    const view = catalog.view(schema, name);
    if (view !== undefined) catalog.writableEntry(catalog.views, view).comment = comment;
  } else if (stmt.objtype === "OBJECT_TYPE" || stmt.objtype === "OBJECT_DOMAIN") {
    const { schema, name } = splitName(parts);
    const type = catalog.type(schema, name);
    if (type !== undefined) type.comment = comment;
  }
}
