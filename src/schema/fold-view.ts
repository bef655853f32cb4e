import type { Node, RangeVar } from "libpg-query";
import { nodesWithTag } from "../parser/ast.js";
import { keyOf, type Catalog } from "./catalog.js";
import { originAt, type FoldContext } from "./fold-context.js";
import type { QualifiedName, View } from "./model.js";

/**
 * The relations (tables, views, materialized views) a view's query reads, resolved as PostgreSQL does
 * when it creates the view: by the search path then, bound to the relation from then on (a rename of the
 * relation does not break the view). A name no CTE of the query takes and the model does not know is
 * kept as it would be created (made outside the migrations).
 */
export function relationsReferenced(catalog: Catalog, query: Node | undefined): QualifiedName[] {
  const ctes = new Set(nodesWithTag(query, "CommonTableExpr").map((cte) => cte.ctename));
  const out = new Map<string, QualifiedName>();
  for (const rangeVar of nodesWithTag(query, "RangeVar")) {
    const name = rangeVar.relname ?? "";
    if (rangeVar.schemaname === undefined && ctes.has(name)) continue;
    const schema = rangeVar.schemaname ?? catalog.searchPath.find((s) => catalog.tables.has(`${s}.${name}`) || catalog.views.has(`${s}.${name}`));
    const resolved = { schema: schema ?? catalog.creationSchema(), name };
    out.set(keyOf(resolved), resolved);
  }
  return [...out.values()];
}

/** CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW: the view and the relations it reads. */
export function foldCreateView(ctx: FoldContext, rel: RangeVar | undefined, query: Node | undefined, materialized: boolean): void {
  const { catalog } = ctx;
  const view: View = {
    schema: rel?.schemaname ?? catalog.creationSchema(),
    name: rel?.relname ?? "",
    materialized,
    references: relationsReferenced(catalog, query),
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

/** Views keep reading a relation that is renamed or moved to another schema (they are bound to it, not to its name). */
export function retargetViewReferences(catalog: Catalog, from: QualifiedName, to: QualifiedName): void {
  const same = (r: QualifiedName): boolean => keyOf(r) === keyOf(from);
  for (const view of [...catalog.views.values()]) {
    if (!view.references.some(same)) continue;
    catalog.writableEntry(catalog.views, view).references = view.references.map((r) => (same(r) ? { ...to } : r));
  }
}
