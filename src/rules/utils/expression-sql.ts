import type { TypeName } from "libpg-query";
import type { Node } from "../../parser/ast.js";
import { stringList, tagOf, unwrap } from "../../parser/ast.js";
import { quoteIdentifier } from "./sql.js";

/**
 * SQL text of expressions and type names from the parse tree, for suggestions (rules see the AST, not
 * the source text). Covers the forms used in column defaults and CHECK constraints: constants, column
 * references, casts, operators, IN / LIKE / BETWEEN / ANY, AND / OR / NOT, IS [NOT] NULL, IS TRUE ...,
 * function calls, COALESCE / GREATEST / LEAST, ARRAY[...], CASE, COLLATE and the SQL value functions
 * (CURRENT_TIMESTAMP ...). Sub-expressions are parenthesized rather than relying on operator
 * precedence. Anything else (sub-queries, window functions, SQL-syntax functions such as EXTRACT)
 * gives undefined, and the caller leaves the suggestion out.
 */

/** `pg_catalog` type names as written in SQL (`int4` → `integer`), for the names the parser qualifies. */
const TYPE_SQL: Readonly<Record<string, string>> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  varchar: "character varying",
  bpchar: "character",
  numeric: "numeric",
  bit: "bit",
  varbit: "bit varying",
  timestamp: "timestamp",
  timestamptz: "timestamp with time zone",
  time: "time",
  timetz: "time with time zone",
  interval: "interval",
};

/** A type name as SQL: `integer`, `character varying(100)`, `numeric(10,2)[]`, `app.status`. */
export function typeNameSql(typeName: TypeName | undefined): string | undefined {
  if (typeName === undefined || typeName.setof === true || typeName.pct_type === true) return undefined;
  const names = stringList(typeName.names);
  const last = names.at(-1);
  if (last === undefined) return undefined;
  const modifiers: string[] = [];
  for (const mod of typeName.typmods ?? []) {
    const constant = unwrap(mod, "A_Const");
    if (constant?.ival === undefined) return undefined;
    modifiers.push(String(constant.ival.ival ?? 0));
  }
  const builtin = names.length === 2 && names[0] === "pg_catalog" ? TYPE_SQL[last] : undefined;
  // Interval field restrictions (`interval day to second`) are encoded as a modifier: not rendered.
  if (builtin === "interval" && modifiers.length > 0) return undefined;
  const mods = modifiers.length > 0 ? `(${modifiers.join(",")})` : "";
  const dims = "[]".repeat(typeName.arrayBounds?.length ?? 0);
  if (builtin === undefined) return `${names.map(quoteIdentifier).join(".")}${mods}${dims}`;
  // The precision of time types goes before the zone words: timestamp(3) with time zone.
  const zone = /^(timestamp|time)( with time zone)$/u.exec(builtin);
  if (zone !== null) return `${zone[1] ?? ""}${mods}${zone[2] ?? ""}${dims}`;
  return `${builtin}${mods}${dims}`;
}

/** A string literal with embedded quotes doubled (standard_conforming_strings is on by default). */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const ATOMIC: ReadonlySet<string> = new Set([
  "ColumnRef",
  "FuncCall",
  "TypeCast",
  "SQLValueFunction",
  "CoalesceExpr",
  "MinMaxExpr",
  "A_ArrayExpr",
  "CaseExpr",
]);

/** The expression, parenthesized unless it is one token-like unit (a name, a call, a cast ...). */
function operand(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  const sql = expressionSql(node);
  if (sql === undefined) return undefined;
  const constant = unwrap(node, "A_Const");
  const atomic = ATOMIC.has(tagOf(node)) || (constant !== undefined && !sql.startsWith("-"));
  return atomic ? sql : `(${sql})`;
}

/** A comma-separated list of rendered nodes; undefined when any node cannot be rendered. */
export function list(nodes: readonly Node[] | undefined, render: (node: Node) => string | undefined = expressionSql): string | undefined {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    const sql = render(node);
    if (sql === undefined) return undefined;
    out.push(sql);
  }
  return out.join(", ");
}

function constantSql(node: Node): string | undefined {
  const c = unwrap(node, "A_Const");
  if (c === undefined) return undefined;
  if (c.isnull === true) return "NULL";
  if (c.sval !== undefined) return stringLiteral(c.sval.sval ?? "");
  if (c.ival !== undefined) return String(c.ival.ival ?? 0);
  if (c.fval !== undefined) return c.fval.fval;
  if (c.boolval !== undefined) return c.boolval.boolval === true ? "TRUE" : "FALSE";
  const bits = c.bsval?.bsval;
  if (bits !== undefined) return `${(bits[0] ?? "b").toUpperCase()}'${bits.slice(1)}'`;
  return undefined;
}

/** `=`, or `OPERATOR(pg_catalog.=)` for a schema-qualified operator. */
function operatorSql(name: readonly Node[] | undefined): string | undefined {
  const parts = stringList(name);
  const op = parts.at(-1);
  if (op === undefined) return undefined;
  return parts.length === 1 ? op : `OPERATOR(${[...parts.slice(0, -1).map(quoteIdentifier), op].join(".")})`;
}

function aExprSql(node: Node): string | undefined {
  const e = unwrap(node, "A_Expr");
  if (e === undefined) return undefined;
  const op = operatorSql(e.name);
  const left = operand(e.lexpr);
  switch (e.kind) {
    case "AEXPR_OP": {
      const right = operand(e.rexpr);
      if (op === undefined || right === undefined) return undefined;
      if (e.lexpr === undefined) return `${op} ${right}`;
      return left === undefined ? undefined : `${left} ${op} ${right}`;
    }
    case "AEXPR_OP_ANY":
    case "AEXPR_OP_ALL": {
      const right = expressionSql(e.rexpr);
      if (op === undefined || left === undefined || right === undefined) return undefined;
      return `${left} ${op} ${e.kind === "AEXPR_OP_ANY" ? "ANY" : "ALL"} (${right})`;
    }
    case "AEXPR_DISTINCT":
    case "AEXPR_NOT_DISTINCT": {
      const right = operand(e.rexpr);
      if (left === undefined || right === undefined) return undefined;
      return `${left} IS ${e.kind === "AEXPR_DISTINCT" ? "" : "NOT "}DISTINCT FROM ${right}`;
    }
    case "AEXPR_NULLIF": {
      const right = expressionSql(e.rexpr);
      const l = expressionSql(e.lexpr);
      return l === undefined || right === undefined ? undefined : `NULLIF(${l}, ${right})`;
    }
    case "AEXPR_IN": {
      const items = list(unwrap(e.rexpr, "List")?.items);
      if (left === undefined || items === undefined) return undefined;
      return `${left} ${op === "<>" ? "NOT IN" : "IN"} (${items})`;
    }
    case "AEXPR_LIKE":
    case "AEXPR_ILIKE": {
      const right = operand(e.rexpr);
      if (left === undefined || right === undefined) return undefined;
      const word = e.kind === "AEXPR_LIKE" ? "LIKE" : "ILIKE";
      return `${left} ${op?.startsWith("!") === true ? `NOT ${word}` : word} ${right}`;
    }
    case "AEXPR_BETWEEN":
    case "AEXPR_NOT_BETWEEN":
    case "AEXPR_BETWEEN_SYM":
    case "AEXPR_NOT_BETWEEN_SYM": {
      const [low, high] = (unwrap(e.rexpr, "List")?.items ?? []).map(operand);
      if (left === undefined || low === undefined || high === undefined) return undefined;
      const not = e.kind === "AEXPR_NOT_BETWEEN" || e.kind === "AEXPR_NOT_BETWEEN_SYM" ? "NOT " : "";
      const sym = e.kind === "AEXPR_BETWEEN_SYM" || e.kind === "AEXPR_NOT_BETWEEN_SYM" ? " SYMMETRIC" : "";
      return `${left} ${not}BETWEEN${sym} ${low} AND ${high}`;
    }
    default:
      return undefined;
  }
}

const VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: "CURRENT_DATE",
  SVFOP_CURRENT_TIME: "CURRENT_TIME",
  SVFOP_CURRENT_TIME_N: "CURRENT_TIME",
  SVFOP_CURRENT_TIMESTAMP: "CURRENT_TIMESTAMP",
  SVFOP_CURRENT_TIMESTAMP_N: "CURRENT_TIMESTAMP",
  SVFOP_LOCALTIME: "LOCALTIME",
  SVFOP_LOCALTIME_N: "LOCALTIME",
  SVFOP_LOCALTIMESTAMP: "LOCALTIMESTAMP",
  SVFOP_LOCALTIMESTAMP_N: "LOCALTIMESTAMP",
  SVFOP_CURRENT_ROLE: "CURRENT_ROLE",
  SVFOP_CURRENT_USER: "CURRENT_USER",
  SVFOP_USER: "USER",
  SVFOP_SESSION_USER: "SESSION_USER",
  SVFOP_CURRENT_CATALOG: "CURRENT_CATALOG",
  SVFOP_CURRENT_SCHEMA: "CURRENT_SCHEMA",
};

const BOOLEAN_TESTS: Readonly<Record<string, string>> = {
  IS_TRUE: "IS TRUE",
  IS_NOT_TRUE: "IS NOT TRUE",
  IS_FALSE: "IS FALSE",
  IS_NOT_FALSE: "IS NOT FALSE",
  IS_UNKNOWN: "IS UNKNOWN",
  IS_NOT_UNKNOWN: "IS NOT UNKNOWN",
};

function funcCallSql(node: Node): string | undefined {
  const call = unwrap(node, "FuncCall");
  if (call === undefined) return undefined;
  // SQL-syntax calls (EXTRACT(... FROM ...), TRIM, SUBSTRING ... FROM), aggregates and window calls.
  if (call.funcformat === "COERCE_SQL_SYNTAX" || call.over !== undefined || call.agg_order !== undefined || call.agg_filter !== undefined) return undefined;
  if (call.agg_distinct === true || call.func_variadic === true || call.agg_within_group === true) return undefined;
  const name = stringList(call.funcname).map(quoteIdentifier).join(".");
  if (call.agg_star === true) return `${name}(*)`;
  const args = list(call.args, (arg) => {
    const named = unwrap(arg, "NamedArgExpr");
    if (named === undefined) return expressionSql(arg);
    const value = expressionSql(named.arg);
    return named.name === undefined || value === undefined ? undefined : `${quoteIdentifier(named.name)} => ${value}`;
  });
  return args === undefined ? undefined : `${name}(${args})`;
}

function caseSql(node: Node): string | undefined {
  const c = unwrap(node, "CaseExpr");
  if (c === undefined) return undefined;
  const parts = ["CASE"];
  if (c.arg !== undefined) {
    const arg = expressionSql(c.arg);
    if (arg === undefined) return undefined;
    parts.push(arg);
  }
  for (const w of c.args ?? []) {
    const when = unwrap(w, "CaseWhen");
    const condition = expressionSql(when?.expr);
    const result = expressionSql(when?.result);
    if (condition === undefined || result === undefined) return undefined;
    parts.push(`WHEN ${condition} THEN ${result}`);
  }
  if (c.defresult !== undefined) {
    const otherwise = expressionSql(c.defresult);
    if (otherwise === undefined) return undefined;
    parts.push(`ELSE ${otherwise}`);
  }
  parts.push("END");
  return parts.join(" ");
}

/** SQL text of an expression, or undefined when it uses a form this does not render. */
export function expressionSql(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  switch (tagOf(node)) {
    case "A_Const":
      return constantSql(node);
    case "ColumnRef": {
      const fields = unwrap(node, "ColumnRef")?.fields ?? [];
      const names = stringList(fields);
      return names.length === fields.length && names.length > 0 ? names.map(quoteIdentifier).join(".") : undefined;
    }
    case "TypeCast": {
      const cast = unwrap(node, "TypeCast");
      const arg = operand(cast?.arg);
      const type = typeNameSql(cast?.typeName);
      return arg === undefined || type === undefined ? undefined : `${arg}::${type}`;
    }
    case "A_Expr":
      return aExprSql(node);
    case "BoolExpr": {
      const b = unwrap(node, "BoolExpr");
      const args = (b?.args ?? []).map(operand);
      if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
      if (b?.boolop === "NOT_EXPR") return `NOT ${args[0] ?? ""}`;
      return args.join(b?.boolop === "OR_EXPR" ? " OR " : " AND ");
    }
    case "NullTest": {
      const t = unwrap(node, "NullTest");
      const arg = operand(t?.arg);
      return arg === undefined ? undefined : `${arg} IS ${t?.nulltesttype === "IS_NOT_NULL" ? "NOT " : ""}NULL`;
    }
    case "BooleanTest": {
      const t = unwrap(node, "BooleanTest");
      const arg = operand(t?.arg);
      const test = BOOLEAN_TESTS[t?.booltesttype ?? ""];
      return arg === undefined || test === undefined ? undefined : `${arg} ${test}`;
    }
    case "SQLValueFunction": {
      const f = unwrap(node, "SQLValueFunction");
      const word = VALUE_FUNCTIONS[f?.op ?? ""];
      if (word === undefined) return undefined;
      return f?.op?.endsWith("_N") === true && f.typmod !== undefined && f.typmod >= 0 ? `${word}(${f.typmod})` : word;
    }
    case "FuncCall":
      return funcCallSql(node);
    case "CoalesceExpr": {
      const args = list(unwrap(node, "CoalesceExpr")?.args);
      return args === undefined ? undefined : `COALESCE(${args})`;
    }
    case "MinMaxExpr": {
      const m = unwrap(node, "MinMaxExpr");
      const args = list(m?.args);
      return args === undefined ? undefined : `${m?.op === "IS_LEAST" ? "LEAST" : "GREATEST"}(${args})`;
    }
    case "A_ArrayExpr": {
      const elements = list(unwrap(node, "A_ArrayExpr")?.elements);
      return elements === undefined ? undefined : `ARRAY[${elements}]`;
    }
    case "CaseExpr":
      return caseSql(node);
    case "CollateClause": {
      const c = unwrap(node, "CollateClause");
      const arg = operand(c?.arg);
      const names = stringList(c?.collname);
      return arg === undefined || names.length === 0 ? undefined : `${arg} COLLATE ${names.map((n) => `"${n.replaceAll('"', '""')}"`).join(".")}`;
    }
    default:
      return undefined;
  }
}
