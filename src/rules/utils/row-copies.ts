import type { InsertStmt } from "libpg-query";
import { nodesWithTag, unwrap } from "../../parser/ast.js";
import { displayName, keyOf } from "../../schema/catalog.js";
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
