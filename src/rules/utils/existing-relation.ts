import type { RangeVar } from "libpg-query";
import type { QualifiedName, Table } from "../../schema/model.js";
import type { StatementContext } from "../rule.js";
import { unknownMayExist } from "./existing-object.js";

/** A relation a statement names, resolved against the catalog before the statement. */
export interface RelationTarget {
  /** As PostgreSQL would resolve it (the search path applied). */
  readonly name: QualifiedName;
  /** The table, when the history created it. */
  readonly table: Table | undefined;
  /**
   * Whether the relation may hold production rows and be in use: created by an *earlier* migration, or
   * never seen anywhere in the history (a table created outside the migrations, e.g. by an extension or
   * before the history starts, is treated as existing). One the history dropped does not exist.
   */
  readonly existing: boolean;
  /** Whether a TRUNCATE earlier in the open transaction emptied it (see `StatementContext.emptied`). */
  readonly emptied: boolean;
}

/** Resolves a `RangeVar` (ALTER TABLE, CREATE INDEX … ON, DROP …) for the migration safety rules. */
export function relationTarget(relation: RangeVar | undefined, context: StatementContext): RelationTarget | undefined {
  if (relation?.relname === undefined) return undefined;
  const { catalog } = context;
  const table = catalog.table(relation.schemaname, relation.relname);
  const name = table === undefined ? catalog.qualify(relation.schemaname, relation.relname) : { schema: table.schema, name: table.name };
  return { name, table, existing: table === undefined ? unknownMayExist(name, context) : !context.isNew(table), emptied: context.emptied(name) };
}
