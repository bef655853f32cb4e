import type { InsertStmt, UpdateStmt } from "libpg-query";
import { nodesWithTag, unwrap } from "../../parser/ast.js";
import { displayName, keyOf } from "../../schema/catalog.js";
import { CHARACTER_TYPES, normalizeType } from "../../schema/column-type.js";
import type { Table } from "../../schema/model.js";
import type { StatementContext } from "../rule.js";
import { relationTarget } from "./existing-relation.js";
import { PerMigration } from "./per-migration.js";

/** An `INSERT INTO … SELECT … FROM t` that read every row of `t`. */
export interface RowCopy {
  /** The table the rows went to, as displayed. */
  readonly into: string;
  /** The columns of the source the SELECT read; undefined for `*` (all of them). */
  readonly columns: ReadonlySet<string> | undefined;
}

/**
 * The tables whose rows the current migration copied elsewhere: the rebuild idiom renames a table away,
 * creates its replacement, copies the rows with `INSERT … SELECT` and drops the old table. Only a copy
 * of every row counts: a single table in FROM, no WHERE, LIMIT or OFFSET.
 */
export class RowCopies {
  private readonly copies = new PerMigration(() => new Map<string, RowCopy>());

  private current(ctx: StatementContext): Map<string, RowCopy> {
    return this.copies.of(ctx);
  }

  note(node: InsertStmt, ctx: StatementContext): void {
    const select = unwrap(node.selectStmt, "SelectStmt");
    if (select === undefined || select.whereClause !== undefined || select.limitCount !== undefined || select.limitOffset !== undefined) return;
    if (select.valuesLists !== undefined || select.larg !== undefined || select.fromClause?.length !== 1) return;
    const source = relationTarget(unwrap(select.fromClause[0], "RangeVar"), ctx)?.table;
    if (source === undefined) return;
    const refs = nodesWithTag(select.targetList, "ColumnRef");
    const all = refs.some((ref) => ref.fields?.some((f) => unwrap(f, "A_Star") !== undefined) === true);
    const columns = new Set(refs.flatMap((ref) => {
      const last = unwrap(ref.fields?.at(-1), "String")?.sval;
      return last === undefined ? [] : [last];
    }));
    const into = ctx.catalog.qualify(node.relation?.schemaname, node.relation?.relname ?? "");
    this.current(ctx).set(keyOf(source), { into: displayName(into), columns: all ? undefined : columns });
  }

  /** The copy of `table`'s rows this migration made, with the columns it left behind. */
  of(table: Table, ctx: StatementContext): { readonly copy: RowCopy; readonly lost: readonly string[] } | undefined {
    const copy = this.current(ctx).get(keyOf(table));
    if (copy === undefined) return undefined;
    const lost = copy.columns === undefined ? [] : [...table.columns.keys()].filter((c) => !copy.columns?.has(c));
    return { copy, lost };
  }
}

/**
 * The columns whose values the current migration copied into another column of their table: the column
 * rebuild idiom renames a column away, adds its replacement under the old name, copies the values with
 * `UPDATE t SET new = old` and drops the old column. Only a copy of every row (no WHERE, no FROM, not
 * `UPDATE ONLY`) that assigns the old column itself to a column of the very same type counts, and a
 * character column (cast `::text` or not) copied into a `text` column, which holds every string: any
 * other expression of it (`left(old, 8)`, `lower(old)`, `old::varchar(4)`) or a narrower column (`date`
 * for a `timestamptz`, by the assignment cast) may keep only part of each value.
 */
export class ColumnCopies {
  /** By table key, then copied column: the column its values went to. */
  private readonly copies = new PerMigration(() => new Map<string, Map<string, string>>());

  note(node: UpdateStmt, ctx: StatementContext): void {
    if (node.whereClause !== undefined || (node.fromClause?.length ?? 0) > 0 || node.relation?.inh === false) return;
    const table = relationTarget(node.relation, ctx)?.table;
    if (table === undefined) return;
    for (const item of node.targetList ?? []) {
      const target = unwrap(item, "ResTarget");
      // `SET a[1] = ...` and `SET a.f = ...` write part of the column; `SET (a, b) = (...)` is a MultiAssignRef.
      if (target?.name === undefined || (target.indirection?.length ?? 0) > 0) continue;
      const cast = unwrap(target.val, "TypeCast");
      if (cast !== undefined && normalizeType(cast.typeName ?? {}, ctx.catalog).display !== "text") continue;
      const fields = unwrap(cast === undefined ? target.val : cast.arg, "ColumnRef")?.fields;
      const source = unwrap(fields?.at(-1), "String")?.sval;
      if (source === undefined || source === target.name || (fields?.length ?? 0) > 2) continue;
      const byTable = this.copies.of(ctx);
      const copied = byTable.get(keyOf(table)) ?? new Map<string, string>();
      copied.set(source, target.name);
      byTable.set(keyOf(table), copied);
    }
  }

  /** The column of `table` this migration copied every value of `column` into, if it still exists. */
  into(table: Table, column: string, ctx: StatementContext): string | undefined {
    const into = this.copies.of(ctx).get(keyOf(table))?.get(column);
    const from = table.columns.get(column)?.type;
    const to = into === undefined ? undefined : table.columns.get(into)?.type;
    if (from === undefined || to === undefined || from.arrayDimensions > 0 || to.arrayDimensions > 0) return undefined;
    return from.display === to.display || (to.display === "text" && CHARACTER_TYPES.has(from.name)) ? into : undefined;
  }
}
