import type { Node } from "../../parser/ast.js";
import { stringList, unwrap, withoutCasts } from "../../parser/ast.js";

function isColumn(node: Node | undefined, column: string): boolean {
  const ref = unwrap(withoutCasts(node), "ColumnRef");
  return ref !== undefined && stringList(ref.fields).at(-1) === column;
}

/** A constant as SQL text (`'paid'`, `3`, `TRUE`), or undefined when the node is not a plain constant. */
export function constantSql(node: Node | undefined): string | undefined {
  const constant = unwrap(withoutCasts(node), "A_Const");
  if (constant === undefined || constant.isnull === true) return undefined;
  if (constant.sval !== undefined) return `'${(constant.sval.sval ?? "").replaceAll("'", "''")}'`;
  if (constant.ival !== undefined) return String(constant.ival.ival ?? 0);
  if (constant.fval !== undefined) return constant.fval.fval;
  if (constant.boolval !== undefined) return constant.boolval.boolval === true ? "TRUE" : "FALSE";
  return undefined;
}

function constants(nodes: readonly Node[] | undefined): string[] | undefined {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    const sql = constantSql(node);
    if (sql === undefined) return undefined;
    if (!out.includes(sql)) out.push(sql);
  }
  return out;
}

/** Integer bounds of `col BETWEEN lo AND hi` as the list of values, when it is short. */
function betweenValues(bounds: readonly Node[] | undefined): string[] | undefined {
  const [lo, hi] = (bounds ?? []).map((b) => Number(constantSql(b)));
  if (lo === undefined || hi === undefined || !Number.isInteger(lo) || !Number.isInteger(hi) || hi - lo > 100) return undefined;
  const out: string[] = [];
  for (let v = lo; v <= hi; v++) out.push(String(v));
  return out;
}

/**
 * The values a CHECK expression allows `column` to take, as SQL constants in the order written, when
 * the expression limits it to a list: `col IN ('a', 'b')`, `col = ANY (ARRAY['a', 'b'])` (the form
 * pg_dump prints, casts included), `col = 'a' OR col = 'b'`, `col BETWEEN 1 AND 3` (integer bounds), and AND/OR
 * combinations of those. Undefined when the expression does not limit the column to a list.
 * (NULL passes any CHECK: https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS.)
 */
export function checkValueSet(node: Node | undefined, column: string): string[] | undefined {
  const bool = unwrap(node, "BoolExpr");
  if (bool !== undefined) {
    const parts = (bool.args ?? []).map((arg) => checkValueSet(arg, column));
    if (bool.boolop === "OR_EXPR") {
      const union: string[] = [];
      for (const part of parts) {
        if (part === undefined) return undefined;
        for (const v of part) if (!union.includes(v)) union.push(v);
      }
      return union;
    }
    if (bool.boolop === "AND_EXPR") {
      const known = parts.filter((p): p is string[] => p !== undefined);
      const [first, ...rest] = known;
      return first?.filter((v) => rest.every((p) => p.includes(v)));
    }
    return undefined;
  }
  const expr = unwrap(node, "A_Expr");
  if (expr?.kind === "AEXPR_BETWEEN" && isColumn(expr.lexpr, column)) return betweenValues(unwrap(expr.rexpr, "List")?.items);
  if (expr === undefined || stringList(expr.name).join(".") !== "=") return undefined;
  switch (expr.kind) {
    case "AEXPR_IN":
      return isColumn(expr.lexpr, column) ? constants(unwrap(expr.rexpr, "List")?.items) : undefined;
    case "AEXPR_OP_ANY":
      return isColumn(expr.lexpr, column) ? constants(unwrap(withoutCasts(expr.rexpr), "A_ArrayExpr")?.elements) : undefined;
    case "AEXPR_OP": {
      const other = isColumn(expr.lexpr, column) ? expr.rexpr : isColumn(expr.rexpr, column) ? expr.lexpr : undefined;
      const sql = constantSql(other);
      return sql === undefined ? undefined : [sql];
    }
    default:
      return undefined;
  }
}

