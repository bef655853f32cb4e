import { displayName, type Catalog } from "./catalog.js";
import type { Constraint, Index } from "./model.js";

export type InventoryKind = "schema" | "table" | "column" | "constraint" | "index" | "type" | "enum value" | "view" | "sequence" | "function";

/** One named object of a catalog, as a round-trip comparison sees it. */
export interface InventoryEntry {
  readonly kind: InventoryKind;
  /** For messages: `"orders"`, `"total" of "orders"`, `"app"."status"`. */
  readonly display: string;
  /**
   * What must come back unchanged for the object to count as restored: a column's type and NOT NULL, a
   * constraint's kind and columns, an index's table and keys. Empty when the name is all that matters.
   */
  readonly detail: string;
  /** Key of the object it belongs to (a column's, constraint's or index's table, an enum value's type). */
  readonly parent?: string;
}

/** The named objects of a catalog, by a stable key. Plain strings: cheap to keep per migration. */
export type SchemaInventory = ReadonlyMap<string, InventoryEntry>;

function constraintDetail(c: Constraint): string {
  const refs = c.references === undefined ? "" : ` REFERENCES ${displayName(c.references.table)}(${c.references.columns.join(", ")})`;
  return `${c.kind.toUpperCase()} (${c.columns.join(", ")})${refs}${c.notValid ? " NOT VALID" : ""}`;
}

function indexDetail(i: Index): string {
  const keys = i.keys.map((k) => (k.kind === "column" ? k.column : "(expression)")).join(", ");
  return `${i.unique ? "UNIQUE " : ""}ON ${displayName(i.table)} USING ${i.method} (${keys})${i.predicate === undefined ? "" : " WHERE …"}`;
}

/**
 * Lists every named object of the catalog: what `down-migration-mismatch` compares before an up
 * migration and after its down. Objects are keyed by their current names, so a rename the down does
 * not reverse shows up as one object missing and another added.
 */
export function inventoryOf(catalog: Catalog): SchemaInventory {
  const out = new Map<string, InventoryEntry>();
  const add = (key: string, entry: InventoryEntry): void => {
    out.set(key, entry);
  };
  for (const name of catalog.schemas.keys()) {
    if (name !== "pg_catalog") add(`schema ${name}`, { kind: "schema", display: `"${name}"`, detail: "" });
  }
  for (const table of catalog.tables.values()) {
    const tableName = displayName(table);
    const tableKey = `table ${table.schema}.${table.name}`;
    add(tableKey, { kind: "table", display: tableName, detail: "" });
    for (const column of table.columns.values()) {
      add(`column ${table.schema}.${table.name}.${column.name}`, {
        kind: "column",
        display: `"${column.name}" of ${tableName}`,
        detail: `${column.type.display}${column.notNull ? " NOT NULL" : ""}`,
        parent: tableKey,
      });
    }
    for (const constraint of table.constraints.values()) {
      add(`constraint ${table.schema}.${table.name}.${constraint.name}`, {
        kind: "constraint",
        display: `"${constraint.name}" on ${tableName}`,
        detail: constraintDetail(constraint),
        parent: tableKey,
      });
    }
  }
  for (const index of catalog.indexes.values()) {
    add(`index ${index.schema}.${index.name}`, {
      kind: "index",
      display: displayName(index),
      detail: indexDetail(index),
      parent: `table ${index.table.schema}.${index.table.name}`,
    });
  }
  for (const type of catalog.types.values()) {
    const typeName = displayName(type);
    const typeKey = `type ${type.schema}.${type.name}`;
    add(typeKey, { kind: "type", display: typeName, detail: type.kind });
    if (type.kind === "enum") {
      for (const value of type.values) add(`enum value ${type.schema}.${type.name}.${value}`, { kind: "enum value", display: `'${value}' of ${typeName}`, detail: "", parent: typeKey });
    }
  }
  for (const view of catalog.views.values()) {
    add(`view ${view.schema}.${view.name}`, { kind: "view", display: displayName(view), detail: view.materialized ? "materialized" : "" });
  }
  for (const sequence of catalog.sequences.values()) {
    add(`sequence ${sequence.schema}.${sequence.name}`, { kind: "sequence", display: displayName(sequence), detail: "" });
  }
  for (const [key, routine] of catalog.routines) {
    add(`function ${key}`, { kind: "function", display: `${displayName(routine)}()`, detail: routine.kind });
  }
  return out;
}
