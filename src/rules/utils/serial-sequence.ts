import { stringList, unwrap, withoutCasts } from "../../parser/ast.js";
import type { Catalog } from "../../schema/catalog.js";
import { makeObjectName } from "../../schema/naming.js";
import type { Column, Expression, QualifiedName } from "../../schema/model.js";
import { qualifiedSql } from "./sql.js";

/** A `nextval(...)` default, possibly cast (`nextval('s'::regclass)::integer`). */
export interface NextvalDefault {
  /** The sequence as written in the string argument (`public.users_id_seq`), when it is a plain name. */
  readonly sequence: string | undefined;
}

/**
 * Whether an expression is a call of `nextval` (or `pg_catalog.nextval`), the default a serial column
 * gets and the one pg_dump writes for it: `DEFAULT nextval('public.users_id_seq'::regclass)`.
 */
export function nextvalDefault(expression: Expression | undefined): NextvalDefault | undefined {
  const call = unwrap(withoutCasts(expression?.node), "FuncCall");
  if (call === undefined || stringList(call.funcname).at(-1) !== "nextval") return undefined;
  const literal = unwrap(withoutCasts(call.args?.[0]), "A_Const")?.sval?.sval;
  // A regclass literal is read with SQL identifier rules, so a dotted chain of plain or quoted names
  // can be used as the sequence's name as is.
  const plain = literal !== undefined && /^(?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))*$/u.test(literal);
  return { sequence: plain ? literal : undefined };
}

/**
 * The sequence behind a serial or `nextval` column, as SQL: the literal of its `nextval` default, or
 * for a serial column the sequence the model records as owned by it, which keeps the name
 * (`{table}_{column}_seq`, `ChooseRelationName`) it got when the column was created: a later RENAME of
 * the table or column does not rename it (https://www.postgresql.org/docs/current/sql-altertable.html).
 * https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
 */
export function columnSequenceSql(catalog: Catalog, table: QualifiedName, column: Column): string | undefined {
  const fromDefault = nextvalDefault(column.default)?.sequence;
  if (fromDefault !== undefined) return fromDefault;
  if (column.type.serial === undefined) return undefined;
  const owned = catalog.sequencesOwnedBy(table).find((s) => s.ownedBy?.column === column.name && s.ownedBy.identity !== true);
  return qualifiedSql(owned ?? { schema: table.schema, name: makeObjectName(table.name, column.name, "seq") });
}
