import type { Node, RangeVar } from "libpg-query";
import { nodesWithTag, stringList, unwrap } from "../parser/ast.js";
import { keyOf, type Catalog } from "./catalog.js";
import { originAt, type FoldContext } from "./fold-context.js";
import type { QualifiedName, View, ViewColumn } from "./model.js";

/** A relation a query reads, under the name its column references use: its alias, else its own name. */
interface ReadRelation {
  readonly name: string;
  readonly relation: QualifiedName;
}

/** The relations of the query's RangeVars (a name a CTE of the query takes is no relation), resolved as {@link relationsReferenced} says. */
function readRelations(catalog: Catalog, query: Node | undefined): ReadRelation[] {
  const ctes = new Set(nodesWithTag(query, "CommonTableExpr").map((cte) => cte.ctename));
  const out: ReadRelation[] = [];
  for (const rangeVar of nodesWithTag(query, "RangeVar")) {
    const name = rangeVar.relname ?? "";
    if (rangeVar.schemaname === undefined && ctes.has(name)) continue;
    const schema = rangeVar.schemaname ?? catalog.searchPath.find((s) => catalog.tables.has(`${s}.${name}`) || catalog.views.has(`${s}.${name}`));
    out.push({ name: rangeVar.alias?.aliasname ?? name, relation: { schema: schema ?? catalog.creationSchema(), name } });
  }
  return out;
}

/**
 * The relations (tables, views, materialized views) a view's query reads, resolved as PostgreSQL does
 * when it creates the view: by the search path then, bound to the relation from then on (a rename of the
 * relation does not break the view). A name no CTE of the query takes and the model does not know is
 * kept as it would be created (made outside the migrations).
 */
export function relationsReferenced(catalog: Catalog, query: Node | undefined): QualifiedName[] {
  const out = new Map<string, QualifiedName>();
  for (const { relation } of readRelations(catalog, query)) out.set(keyOf(relation), relation);
  return [...out.values()];
}

/**
 * The columns a view's query may read, found without resolving every name, so on the side of reading
 * too many: a column reference `c` counts for every relation the query reads, `t.c` (or `alias.c`,
 * `schema.t.c`) for the relations of that name or alias; `*` and `t.*` read every column, which
 * PostgreSQL expands when it creates the view: the columns the model knows then, else all of them
 * (`column` undefined). A qualifier that names no relation (a CTE, a subquery's alias) reads none. A
 * whole-row reference (`row_to_json(t)`) depends on the table, not on its columns: the view survives a
 * DROP COLUMN. https://www.postgresql.org/docs/current/sql-altertable.html (DROP COLUMN ... CASCADE).
 */
export function columnsReferencedByView(catalog: Catalog, query: Node | undefined): ViewColumn[] {
  const relations = readRelations(catalog, query);
  const out = new Map<string, ViewColumn>();
  const add = (relation: QualifiedName, column: string | undefined): void => {
    out.set(`${keyOf(relation)}\u0000${column ?? "*"}`, { relation, column });
  };
  const addAll = (relation: QualifiedName): void => {
    const table = catalog.tables.get(keyOf(relation));
    if (table?.columnsKnown === true) for (const name of table.columns.keys()) add(relation, name);
    else add(relation, undefined);
  };
  for (const ref of nodesWithTag(query, "ColumnRef")) {
    const fields = ref.fields ?? [];
    const star = unwrap(fields.at(-1), "A_Star") !== undefined;
    const names = stringList(fields);
    if (star) {
      const qualifier = names.at(-1);
      for (const r of relations) if (qualifier === undefined || r.name === qualifier) addAll(r.relation);
      continue;
    }
    const column = names.at(-1);
    if (column === undefined || names.length !== fields.length) continue;
    const qualifier = names.at(-2);
    for (const r of relations) if (qualifier === undefined || r.name === qualifier) add(r.relation, column);
  }
  return [...out.values()];
}

/** CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW: the view, the relations and the columns it reads. */
export function foldCreateView(ctx: FoldContext, rel: RangeVar | undefined, query: Node | undefined, materialized: boolean): void {
  const { catalog } = ctx;
  const view: View = {
    schema: rel?.schemaname ?? catalog.creationSchema(),
    name: rel?.relname ?? "",
    materialized,
    references: relationsReferenced(catalog, query),
    columns: columnsReferencedByView(catalog, query),
    origin: originAt(ctx, rel?.location),
  };
  catalog.views.set(keyOf(view), view);
}

/** Drops the indexes defined on a table or materialized view that is dropped. */
export function dropIndexesOn(catalog: Catalog, relation: string): void {
  for (const index of catalog.indexesOn(relation)) {
    const key = keyOf(index);
    catalog.deleteIndex(key);
    catalog.markDropped(key);
  }
}

/**
 * `DROP ... CASCADE` of tables or views also drops the views that read them, and the views that read
 * those (https://www.postgresql.org/docs/current/ddl-depend.html), with their indexes. Without CASCADE
 * PostgreSQL refuses the drop while such views exist.
 */
export function dropDependentViews(catalog: Catalog, dropped: readonly string[]): void {
  const queue = [...dropped];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    for (const [viewKey, view] of catalog.views) {
      if (!view.references.some((r) => keyOf(r) === key)) continue;
      catalog.views.delete(viewKey);
      catalog.markDropped(viewKey);
      dropIndexesOn(catalog, viewKey);
      queue.push(viewKey);
    }
  }
}

/**
 * `ALTER TABLE ... DROP COLUMN ... CASCADE` drops the views that read the column
 * ({@link columnsReferencedByView}), and what depends on them. Without CASCADE PostgreSQL refuses the drop.
 */
export function dropViewsReadingColumn(catalog: Catalog, table: QualifiedName, column: string): void {
  const key = keyOf(table);
  const dropped: string[] = [];
  for (const [viewKey, view] of catalog.views) {
    if (!view.columns.some((c) => (c.column === undefined || c.column === column) && keyOf(c.relation) === key)) continue;
    catalog.views.delete(viewKey);
    catalog.markDropped(viewKey);
    dropIndexesOn(catalog, viewKey);
    dropped.push(viewKey);
  }
  dropDependentViews(catalog, dropped);
}

/** A column renamed after a view was created: the view reads it under its new name. */
export function renameViewColumns(catalog: Catalog, table: QualifiedName, from: string, to: string): void {
  const same = (c: ViewColumn): boolean => c.column === from && keyOf(c.relation) === keyOf(table);
  for (const view of [...catalog.views.values()]) {
    if (!view.columns.some(same)) continue;
    catalog.writableEntry(catalog.views, view).columns = view.columns.map((c) => (same(c) ? { ...c, column: to } : c));
  }
}

/** Views keep reading a relation that is renamed or moved to another schema (they are bound to it, not to its name). */
export function retargetViewReferences(catalog: Catalog, from: QualifiedName, to: QualifiedName): void {
  const same = (r: QualifiedName): boolean => keyOf(r) === keyOf(from);
  for (const view of [...catalog.views.values()]) {
    if (!view.references.some(same)) continue;
    const writable = catalog.writableEntry(catalog.views, view);
    writable.references = view.references.map((r) => (same(r) ? { ...to } : r));
    writable.columns = view.columns.map((c) => (same(c.relation) ? { ...c, relation: { ...to } } : c));
  }
}
