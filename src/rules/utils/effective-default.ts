import { unwrap } from "../../parser/ast.js";
import type { Column, Expression } from "../../schema/model.js";

/** Whether an expression is the NULL constant, possibly cast (`NULL`, `NULL::text`). */
function isNullConstant(expression: Expression): boolean {
  let node = expression.node;
  let cast = unwrap(node, "TypeCast");
  while (cast?.arg !== undefined) {
    node = cast.arg;
    cast = unwrap(node, "TypeCast");
  }
  return unwrap(node, "A_Const")?.isnull === true;
}

/**
 * Whether the column has a DEFAULT that supplies a value. `DEFAULT NULL` is what a column without a
 * default already does (https://www.postgresql.org/docs/current/ddl-default.html), so it does not count.
 */
export function hasEffectiveDefault(column: Column): boolean {
  return column.default !== undefined && !isNullConstant(column.default);
}
