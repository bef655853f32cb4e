import type { Node, RangeVar, ResTarget } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { normalizeType } from "./column-type.js";
import { originAt, type FoldContext } from "./fold-context.js";
import type { Column, ColumnType, Table } from "./model.js";

/** A relation of the FROM list: the name it is referred to by (its alias, else its own) and the table. */
interface Source {
  readonly name: string;
  readonly table: Table;
}

/** The tables of a FROM item, or undefined when its columns cannot be listed (unknown table, subquery, JOIN USING). */
function sourcesOf(ctx: FoldContext, item: Node): Source[] | undefined {
  const rangeVar = unwrap(item, "RangeVar");
  if (rangeVar !== undefined) return tableSource(ctx, rangeVar);
  const join = unwrap(item, "JoinExpr");
  // JOIN USING and NATURAL JOIN merge the joined columns into one; an aliased join renames them.
  if (join === undefined || join.isNatural === true || join.usingClause !== undefined || join.alias !== undefined) return undefined;
  const left = join.larg === undefined ? undefined : sourcesOf(ctx, join.larg);
  const right = join.rarg === undefined ? undefined : sourcesOf(ctx, join.rarg);
  return left === undefined || right === undefined ? undefined : [...left, ...right];
}

function tableSource(ctx: FoldContext, rangeVar: RangeVar): Source[] | undefined {
  // An alias with a column list renames the columns.
  if (rangeVar.alias?.colnames !== undefined) return undefined;
  const table = ctx.catalog.table(rangeVar.schemaname, rangeVar.relname ?? "");
  if (table?.columnsKnown !== true) return undefined;
  return [{ name: rangeVar.alias?.aliasname ?? table.name, table }];
}

/** A source column's type as a query returns it: a serial column's is its integer type. */
function queryType(type: ColumnType): ColumnType {
  if (type.serial === undefined) return type;
  const { name, modifiers, arrayDimensions } = type;
  return { name, modifiers, arrayDimensions, display: name };
}

/** The `(name, type)` pairs one select-list item gives, or undefined when the model cannot tell. */
function targetColumns(ctx: FoldContext, sources: readonly Source[], target: ResTarget): { name: string; type: ColumnType }[] | undefined {
  const cast = unwrap(target.val, "TypeCast");
  const ref = unwrap(cast?.arg ?? target.val, "ColumnRef");
  const fields = ref?.fields ?? [];
  const star = fields.length > 0 && unwrap(fields.at(-1), "A_Star") !== undefined;
  if (star) {
    if (cast !== undefined || target.name !== undefined || fields.length > 2) return undefined;
    const qualifier = stringList(fields.slice(0, -1)).at(0);
    const matching = qualifier === undefined ? sources : sources.filter((s) => s.name === qualifier);
    if (qualifier !== undefined && matching.length !== 1) return undefined;
    return matching.flatMap((s) => [...s.table.columns.values()].map((c) => ({ name: c.name, type: queryType(c.type) })));
  }
  const names = stringList(fields);
  let column: Readonly<Column> | undefined;
  if (ref !== undefined) {
    // `col` or `rel.col`: the column of the one source that has it (PostgreSQL rejects an ambiguous one).
    if (names.length !== fields.length || names.length > 2) return undefined;
    const [qualifier, name] = names.length === 2 ? names : [undefined, names[0]];
    const found = sources.filter((s) => (qualifier === undefined || s.name === qualifier) && s.table.columns.has(name ?? ""));
    column = found.length === 1 ? found[0]?.table.columns.get(name ?? "") : undefined;
  }
  if (cast?.typeName !== undefined) {
    // `expr::type`: the type is the cast's; the name is the alias, the column's, else the type's
    // (FigureColnameInternal in src/backend/parser/parse_target.c).
    const type = normalizeType(cast.typeName, ctx.catalog);
    const name = target.name ?? column?.name ?? stringList(cast.typeName.names).at(-1);
    return name === undefined ? undefined : [{ name, type: queryType(type) }];
  }
  return column === undefined ? undefined : [{ name: target.name ?? column.name, type: queryType(column.type) }];
}

/**
 * The columns of `CREATE TABLE ... AS SELECT` / `SELECT ... INTO` when the select list makes them
 * certain: plain references to columns of known tables (`col`, `t.col`, `*`, `t.*`), under their own
 * names or `AS` aliases, and casts (`expr::type`). The new table's columns have the source columns'
 * types and nothing else: no NOT NULL, default or constraint
 * (https://www.postgresql.org/docs/current/sql-createtableas.html). `names` is the table's own column
 * list (`CREATE TABLE t (a, b) AS ...`), which renames the first columns. Undefined for anything else
 * (other expressions, subqueries, set operations, CTEs): the columns are then not known.
 */
export function selectColumns(ctx: FoldContext, query: Node | undefined, names: readonly string[]): Column[] | undefined {
  const select = unwrap(query, "SelectStmt");
  if (select === undefined || (select.op !== undefined && select.op !== "SETOP_NONE") || select.valuesLists !== undefined || select.withClause !== undefined) return undefined;
  const sources: Source[] = [];
  for (const item of select.fromClause ?? []) {
    const found = sourcesOf(ctx, item);
    if (found === undefined) return undefined;
    sources.push(...found);
  }
  const columns: Column[] = [];
  for (const node of select.targetList ?? []) {
    const target = unwrap(node, "ResTarget");
    const found = target === undefined ? undefined : targetColumns(ctx, sources, target);
    if (target === undefined || found === undefined) return undefined;
    const origin = originAt(ctx, target.location);
    for (const { name, type } of found) columns.push({ name, type, notNull: false, origin, typeOrigin: origin, changed: origin });
  }
  if (names.length > columns.length) return undefined;
  names.forEach((name, i) => {
    const column = columns[i];
    if (column !== undefined) column.name = name;
  });
  // Two columns of one name: PostgreSQL rejects the statement.
  if (new Set(columns.map((c) => c.name)).size !== columns.length) return undefined;
  return columns;
}
