import type { Catalog } from "../../schema/catalog.js";
import type { Expression, FormerName, IndexKey, Origin, Table } from "../../schema/model.js";

/** What an index-like object of a table is: a `CREATE INDEX` index, or the index a constraint builds. */
export type IndexEntryKind = "index" | "primary key" | "unique" | "exclusion";

/** An index of a table, whether created by `CREATE INDEX` or implied by a constraint. */
export interface IndexEntry {
  readonly kind: IndexEntryKind;
  /** Index or constraint name (a constraint's index has the constraint's name). */
  readonly name: string;
  /** Schema of the index (always the table's). */
  readonly schema: string;
  readonly unique: boolean;
  /** A DEFERRABLE constraint's index checks uniqueness only at commit, so it cannot stand in for an immediate one. */
  readonly deferrable: boolean;
  /** Access method; `exclusion` for an exclusion constraint, whose method the model does not keep. */
  readonly method: string;
  readonly keys: readonly IndexKey[];
  readonly include: readonly string[];
  readonly predicate: Expression | undefined;
  readonly origin: Origin;
  /** Where and from what RENAMEs changed the name (see renamed-since.ts). */
  readonly nameOrigin: Origin | undefined;
  readonly formerNames: readonly FormerName[] | undefined;
}

/**
 * Every index of a table: its `CREATE INDEX` indexes, then the indexes PostgreSQL builds for its
 * PRIMARY KEY and UNIQUE constraints (unique btree indexes on the key columns, ascending) and for its
 * EXCLUDE constraints (https://www.postgresql.org/docs/current/ddl-constraints.html).
 */
export function indexEntriesOf(catalog: Catalog, table: Table): IndexEntry[] {
  const out: IndexEntry[] = catalog.indexesOf(table).map((index) => ({
    kind: "index",
    name: index.name,
    schema: index.schema,
    unique: index.unique,
    deferrable: false,
    method: index.method.toLowerCase(),
    keys: index.keys,
    include: index.include,
    predicate: index.predicate,
    origin: index.origin,
    nameOrigin: index.nameOrigin,
    formerNames: index.formerNames,
  }));
  for (const constraint of table.constraints.values()) {
    const { kind } = constraint;
    if (kind !== "primary key" && kind !== "unique" && kind !== "exclusion") continue;
    out.push({
      kind,
      name: constraint.name,
      schema: table.schema,
      unique: kind !== "exclusion",
      deferrable: constraint.deferrable,
      method: kind === "exclusion" ? "exclusion" : "btree",
      keys: constraint.columns.map((column) => ({ kind: "column", column, descending: false })),
      include: constraint.include,
      predicate: undefined,
      origin: constraint.origin,
      nameOrigin: constraint.nameOrigin,
      formerNames: constraint.formerNames,
    });
  }
  return out;
}

/** `index "x"`, `primary key "x"`, with `name` the quoted name (see NamesAt), , `unique constraint "x"` or `exclusion constraint "x"`, for messages. */
export function indexEntryLabel(entry: IndexEntry, name = `"${entry.name}"`): string {
  const noun = entry.kind === "index" ? "index" : entry.kind === "primary key" ? "primary key" : `${entry.kind} constraint`;
  return `${noun} ${name}`;
}
