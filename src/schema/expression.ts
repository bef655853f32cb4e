import type { Node } from "../parser/ast.js";
import { stringList, unwrap } from "../parser/ast.js";
import type { Expression } from "./model.js";

function withoutLocations(key: string, value: unknown): unknown {
  return key === "location" ? undefined : value;
}

/** Wraps an expression AST. */
export function expressionOf(node: Node): Expression {
  return { node };
}

const keys = new WeakMap<object, string>();

/**
 * Canonical JSON of an expression without locations: equal keys mean equal expressions. Computed on
 * first use and cached, as most expressions (column defaults) are never compared.
 */
export function expressionKey(expression: Expression): string {
  let key = keys.get(expression.node);
  if (key === undefined) {
    key = JSON.stringify(expression.node, withoutLocations);
    keys.set(expression.node, key);
  }
  return key;
}

/** Column names an expression references, in order of first appearance, without duplicates. */
export function columnsReferenced(node: unknown, out: string[] = []): string[] {
  if (node === null || typeof node !== "object") return out;
  if (Array.isArray(node)) {
    for (const item of node) columnsReferenced(item, out);
    return out;
  }
  const record = node as Record<string, unknown>;
  const ref = record.ColumnRef as { fields?: Node[] } | undefined;
  if (ref !== undefined) {
    const name = stringList(ref.fields).at(-1);
    if (name !== undefined && !out.includes(name)) out.push(name);
    return out;
  }
  for (const key in record) columnsReferenced(record[key], out);
  return out;
}

/**
 * `node` with every reference to column `from` made a reference to `to`, for `ALTER TABLE ... RENAME
 * COLUMN`: PostgreSQL stores index expressions, partial-index predicates and CHECK constraints by column
 * number, so they follow the rename (https://www.postgresql.org/docs/current/sql-altertable.html). Only
 * the table's own columns are in scope in these expressions, so the last field of a reference (`a`,
 * `t.a`) names a column of the renamed one's table. The nodes may be shared with another catalog: the
 * changed path is copied, the rest is shared, and `node` itself is returned when nothing refers to `from`.
 */
export function withColumnRenamed(node: Node, from: string, to: string): Node {
  return renamedIn(node, from, to) as Node;
}

function renamedIn(value: unknown, from: string, to: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let out: unknown[] | undefined;
    items.forEach((item, i) => {
      const next = renamedIn(item, from, to);
      if (next === item) return;
      out ??= [...items];
      out[i] = next;
    });
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const ref = record.ColumnRef as { fields?: Node[] } | undefined;
  if (ref !== undefined) {
    const fields = ref.fields ?? [];
    const last = fields.at(-1);
    if (last === undefined || unwrap(last, "String")?.sval !== from) return value;
    return { ColumnRef: { ...ref, fields: [...fields.slice(0, -1), { String: { sval: to } }] } };
  }
  let out: Record<string, unknown> | undefined;
  for (const key in record) {
    const item = record[key];
    const next = renamedIn(item, from, to);
    if (next === item) continue;
    out ??= { ...record };
    out[key] = next;
  }
  return out ?? value;
}

/**
 * The column name PostgreSQL gives an index expression (`FigureIndexColname` → `FigureColnameInternal`
 * in src/backend/parser/parse_target.c): the function's name for a call, else "expr".
 */
export function indexExpressionName(node: Node): string {
  const call = unwrap(node, "FuncCall");
  if (call !== undefined) return stringList(call.funcname).at(-1) ?? "expr";
  const cast = unwrap(node, "TypeCast");
  if (cast !== undefined) {
    const inner = cast.arg === undefined ? "expr" : indexExpressionName(cast.arg);
    return inner !== "expr" ? inner : (stringList(cast.typeName?.names).at(-1) ?? "expr");
  }
  if (unwrap(node, "CoalesceExpr") !== undefined) return "coalesce";
  const minmax = unwrap(node, "MinMaxExpr");
  if (minmax !== undefined) return minmax.op === "IS_LEAST" ? "least" : "greatest";
  return "expr";
}
