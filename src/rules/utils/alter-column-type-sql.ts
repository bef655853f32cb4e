import type { Catalog } from "../../schema/catalog.js";
import type { Column, ColumnType, Origin, QualifiedName } from "../../schema/model.js";
import { NamesAt, type CompareOrigins } from "./renamed-since.js";
import { qualifiedSql, quoteIdentifier } from "./sql.js";
import { typedColumns } from "./typed-columns.js";
import { typeLabel } from "./type-text.js";

/** `[]` once per array dimension of a column type, to append to a replacement type (`jsonb` → `jsonb[]`). */
export function arraySuffix(type: ColumnType): string {
  return "[]".repeat(type.arrayDimensions);
}

export interface AlterColumnTypeParts {
  /** Conversion expression for `USING`. */
  readonly using?: string | undefined;
  /** Another subcommand of the same statement, e.g. `ADD CHECK (...)`. */
  readonly also?: string | undefined;
}

/**
 * `ALTER TABLE t ALTER COLUMN c TYPE type [USING expression][, subcommand];` for a help text. Without
 * `USING`, PostgreSQL converts with the assignment cast from the old type; `USING` states the conversion
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DATA-TYPE).
 */
export function alterColumnTypeSql(table: QualifiedName, column: string, type: string, parts: AlterColumnTypeParts = {}): string {
  const using = parts.using === undefined ? "" : ` USING ${parts.using}`;
  const also = parts.also === undefined ? "" : `, ${parts.also}`;
  return `ALTER TABLE ${qualifiedSql(table)} ALTER COLUMN ${quoteIdentifier(column)} TYPE ${type}${using}${also};`;
}

/**
 * `ADD CHECK (char_length(col) <op> n)` for a column whose length modifier moves into a CHECK constraint,
 * or undefined for arrays (a check would have to look at every element) and lengths that are not numbers.
 */
export function lengthCheckSql(column: Column, operator: "=" | "<="): string | undefined {
  const length = column.type.modifiers[0];
  if (column.type.arrayDimensions !== 0 || typeof length !== "number") return undefined;
  return `ADD CHECK (char_length(${quoteIdentifier(column.name)}) ${operator} ${length})`;
}

/** A column of a length-limited string type, with the ALTER that makes it `text` and keeps the limit as a CHECK. */
export interface TextConversion {
  readonly data: { readonly column: string; readonly table: string; readonly type: string; readonly sql: string };
  readonly at: Origin;
}

/**
 * Every column of `typeName` with a length modifier (`character(n)`, `character varying(n)`), for the
 * rules that propose `text` with `CHECK (char_length(col) <operator> n)` instead. `column` and `table`
 * are named as the statement that declared the type shows them (see `NamesAt`); without `compare` (the
 * migration order), by their current names.
 */
export function textConversions(catalog: Catalog, typeName: string, operator: "=" | "<=", compare: CompareOrigins | undefined): TextConversion[] {
  const out: TextConversion[] = [];
  for (const { table, column } of typedColumns(catalog)) {
    const { type } = column;
    if (type.name !== typeName || type.modifiers[0] === undefined) continue;
    const sql = alterColumnTypeSql(table, column.name, `text${arraySuffix(type)}`, { also: lengthCheckSql(column, operator) });
    const names = new NamesAt(compare, column.typeOrigin);
    out.push({ data: { column: names.object(column), table: names.table(table), type: typeLabel(type), sql }, at: column.typeOrigin });
  }
  return out;
}
