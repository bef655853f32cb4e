import type { A_Const } from "libpg-query";
import type { Node } from "../../parser/ast.js";
import { nodesWithTag, unwrap } from "../../parser/ast.js";
import type { Catalog } from "../../schema/catalog.js";
import { normalizeType } from "../../schema/column-type.js";
import type { ColumnType } from "../../schema/model.js";
import { resolveDomain } from "./resolve-domain.js";

/** The date/time types whose input accepts the special values `now`, `today`, `tomorrow` and `yesterday`. */
const DATETIME_TYPES: ReadonlySet<string> = new Set([
  "date",
  "time without time zone",
  "time with time zone",
  "timestamp without time zone",
  "timestamp with time zone",
]);

/** The special values that mean a time relative to the moment the string is read. */
const RELATIVE_VALUES: ReadonlySet<string> = new Set(["now", "today", "tomorrow", "yesterday"]);

/** A DEFAULT string that PostgreSQL turned into a fixed time when the DDL ran. */
export interface FrozenTimeLiteral {
  /** The string as written, quoted: `'now'`. */
  readonly literal: string;
  /** The value without blanks and parentheses, lower case: `now`. */
  readonly value: string;
  /** Byte location of the string. */
  readonly location: number | undefined;
  /** The date/time type it is converted to. */
  readonly type: ColumnType;
}

function datetimeType(type: ColumnType, catalog: Catalog): ColumnType | undefined {
  const { base } = resolveDomain(catalog, type);
  return base.arrayDimensions === 0 && DATETIME_TYPES.has(base.name) ? base : undefined;
}

function relativeValue(constant: A_Const | undefined): string | undefined {
  const text = constant?.sval?.sval;
  if (text === undefined) return undefined;
  // The date/time input parser skips blanks and parentheses: 'NOW()' and ' now ' read as 'now'.
  const value = text.toLowerCase().replaceAll(/[\s()]/gu, "");
  return RELATIVE_VALUES.has(value) ? value : undefined;
}

/** Time-of-day types: `'today'`, `'tomorrow'` and `'yesterday'` are midnight there, a constant by meaning; only `'now'` freezes. */
const TIME_OF_DAY: ReadonlySet<string> = new Set(["time without time zone", "time with time zone"]);

function frozen(constant: A_Const | undefined, type: ColumnType | undefined): FrozenTimeLiteral | undefined {
  const value = relativeValue(constant);
  if (value === undefined || type === undefined || constant === undefined) return undefined;
  if (value !== "now" && TIME_OF_DAY.has(type.name)) return undefined;
  return { literal: `'${constant.sval?.sval?.replaceAll("'", "''") ?? ""}'`, value, location: constant.location, type };
}

/**
 * The string in a column DEFAULT that is a relative date/time special value (`'now'`, `'today'`,
 * `'tomorrow'`, `'yesterday'`) converted to a date/time type: PostgreSQL converts a constant when it
 * stores the DEFAULT, so the default is the time the DDL ran, not the time of each INSERT (the
 * catalog then holds `'2024-05-01 10:00:00+00'::timestamp with time zone`).
 * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES
 * The string is converted either by an explicit cast (`'now'::timestamptz`, `timestamptz 'now'`) or,
 * written alone, to the column's type. A string cast to `text` first (`'now'::text::timestamptz`) stays
 * a text constant whose conversion runs at each INSERT. `'epoch'` and `'infinity'` are constants anyway.
 */
export function frozenTimeDefault(expression: Node | undefined, columnType: ColumnType | undefined, catalog: Catalog): FrozenTimeLiteral | undefined {
  if (expression === undefined) return undefined;
  const alone = unwrap(expression, "A_Const");
  if (alone !== undefined) return frozen(alone, columnType === undefined ? undefined : datetimeType(columnType, catalog));
  for (const cast of nodesWithTag(expression, "TypeCast")) {
    if (cast.typeName === undefined) continue;
    const found = frozen(unwrap(cast.arg, "A_Const"), datetimeType(normalizeType(cast.typeName, catalog), catalog));
    if (found !== undefined) return found;
  }
  return undefined;
}
