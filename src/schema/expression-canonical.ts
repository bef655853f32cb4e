import type { FuncCall, TypeCast } from "libpg-query";
import { stringList, unwrap, type Node } from "../parser/ast.js";
import type { Catalog } from "./catalog.js";
import { normalizeType } from "./column-type.js";
import type { ColumnType, Expression, RoutineSignature, Table } from "./model.js";

/**
 * The implicit casts (pg_cast.castcontext = 'i') PostgreSQL inserts to call a function whose argument
 * has another type, for the common built-in types: https://www.postgresql.org/docs/current/typeconv-func.html
 * and `\dC` (https://www.postgresql.org/docs/current/sql-createcast.html).
 */
const IMPLICIT_CASTS: Readonly<Partial<Record<string, readonly string[]>>> = {
  smallint: ["integer", "bigint", "numeric", "real", "double precision"],
  integer: ["bigint", "numeric", "real", "double precision"],
  bigint: ["numeric", "real", "double precision"],
  numeric: ["real", "double precision"],
  real: ["double precision"],
  "character varying": ["text"],
  character: ["text"],
  date: ["timestamp without time zone", "timestamp with time zone"],
  "timestamp without time zone": ["timestamp with time zone"],
};

/**
 * Built-in functions that take `text` and no other string type, so a `character varying` argument gets
 * the implicit cast to `text` (pg_get_indexdef prints `lower((name)::text)` for `lower(name)`). Not the
 * polymorphic ones (`coalesce`, `concat`), which keep the argument's type.
 */
const TEXT_FUNCTIONS: ReadonlySet<string> = new Set([
  "lower", "upper", "initcap", "btrim", "ltrim", "rtrim", "md5", "length", "char_length", "character_length", "octet_length",
  "substr", "left", "right", "replace", "split_part", "regexp_replace", "reverse", "to_tsvector", "strpos", "starts_with",
  "translate", "lpad", "rpad", "repeat", "ascii",
]);

/** A type with its modifiers and array brackets, whatever spelling or serial pseudo-type declared it. */
function typeId(type: ColumnType): string {
  const mods = type.modifiers.length > 0 ? `(${type.modifiers.join(",")})` : "";
  return `${type.name}${mods}${"[]".repeat(type.arrayDimensions)}`;
}

interface Scope {
  readonly catalog: Catalog;
  readonly table: Table | undefined;
}

/**
 * Where a cast sits: an argument of a built-in function that takes `text` or of an operator, of a user
 * routine whose argument has a known type, or of another function.
 */
type Slot = { readonly kind: "text" } | { readonly kind: "routine"; readonly argument: string | undefined } | { readonly kind: "other" };

function routinesNamed(catalog: Catalog, name: string): RoutineSignature[] {
  return [...catalog.routines.values()].filter((r) => r.name === name);
}

/**
 * A function called by a name qualified with the schema the unqualified name resolves to is the same
 * function: PostgreSQL stores the call by OID (pg_get_indexdef prints it unqualified when the search
 * path finds it). `pg_catalog` is searched first
 * (https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-CATALOG); a schema holding
 * every routine of that name the migrations created is where the unqualified call found it; a function
 * the migrations do not show is taken to be in `public`, the default search path.
 */
function canonicalName(catalog: Catalog, parts: readonly string[]): string[] {
  const name = parts.at(-1) ?? "";
  if (parts.length !== 2) return [...parts];
  const schema = parts[0] ?? "";
  const known = routinesNamed(catalog, name);
  if (schema === "pg_catalog") return known.length === 0 ? [name] : [...parts];
  if (known.length === 0 ? schema === "public" : known.every((r) => r.schema === schema)) return [name];
  return [...parts];
}

/** The slot of each argument of a call: the single user routine of that name and arity gives their types. */
function argumentSlots(catalog: Catalog, call: FuncCall): (i: number) => Slot {
  const parts = stringList(call.funcname);
  const name = parts.at(-1) ?? "";
  const arity = call.args?.length ?? 0;
  const schema = parts.length > 1 ? parts.at(-2) : undefined;
  const known = routinesNamed(catalog, name).filter((r) => schema === undefined || r.schema === schema);
  if (known.length === 0) return () => ({ kind: TEXT_FUNCTIONS.has(name) && (schema ?? "pg_catalog") === "pg_catalog" ? "text" : "other" });
  const candidates = known.filter((r) => r.kind === "function" && (r.arguments === "" ? 0 : r.arguments.split(", ").length) === arity);
  const only = candidates.length === 1 ? candidates[0]?.arguments.split(", ") : undefined;
  return (i) => ({ kind: "routine", argument: only?.[i] });
}

/**
 * `arg` without a cast of a column that PostgreSQL inserts by itself where `arg` sits, so both spellings
 * store the same expression (verified with pg_get_indexdef): a cast to the column's own type (modifiers
 * included: `varchar(255)` to `varchar` is not one) is none; `character varying` to `text` is the
 * implicit binary coercion the built-in text functions and the operators get (none of them takes
 * `varchar`; not `character`, which `length` takes); a user routine, the only one of its name and arity, gets the
 * implicit cast to its argument's type. https://www.postgresql.org/docs/current/typeconv-func.html
 */
function withoutImplicitCast(scope: Scope, arg: Node, slot: Slot): Node {
  const cast: TypeCast | undefined = unwrap(arg, "TypeCast");
  const ref = unwrap(cast?.arg, "ColumnRef");
  const columnName = stringList(ref?.fields).at(-1);
  const column = columnName === undefined ? undefined : scope.table?.columns.get(columnName);
  if (cast?.typeName === undefined || cast.arg === undefined || column === undefined) return arg;
  const target = normalizeType(cast.typeName, scope.catalog);
  const from = column.type;
  if (typeId(target) === typeId(from)) return cast.arg;
  if (target.modifiers.length > 0 || target.arrayDimensions > 0 || from.arrayDimensions > 0) return arg;
  if (slot.kind === "text") return from.name === "character varying" && target.name === "text" ? cast.arg : arg;
  if (slot.kind === "other") return arg;
  const implicit = IMPLICIT_CASTS[from.name]?.includes(target.name) === true;
  return implicit && slot.argument === typeId(target) ? cast.arg : arg;
}

function canonical(scope: Scope, value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v: unknown) => canonical(scope, v));
  const node = value as Node;
  const call = unwrap(node, "FuncCall");
  if (call !== undefined) {
    const slot = argumentSlots(scope.catalog, call);
    const args = (call.args ?? []).map((a, i) => canonical(scope, withoutImplicitCast(scope, a, slot(i))));
    const funcname = canonicalName(scope.catalog, stringList(call.funcname)).map((sval) => ({ String: { sval } }));
    return { FuncCall: { ...call, funcname, args } };
  }
  const op = unwrap(node, "A_Expr");
  if (op?.kind === "AEXPR_OP" && stringList(op.name).length === 1) {
    const side = (e: Node | undefined): unknown => (e === undefined ? undefined : canonical(scope, withoutImplicitCast(scope, e, { kind: "text" })));
    return { A_Expr: { ...op, lexpr: side(op.lexpr), rexpr: side(op.rexpr) } };
  }
  const cast = unwrap(node, "TypeCast");
  if (cast?.typeName !== undefined) {
    // `int4`, `integer` and `pg_catalog.int4` are one type.
    return { TypeCast: { arg: canonical(scope, cast.arg), type: typeId(normalizeType(cast.typeName, scope.catalog)) } };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = canonical(scope, item);
  return out;
}

/**
 * A key of an expression on `table` (an index key, a predicate) that is equal for the spellings
 * PostgreSQL stores the same way: casts it would insert itself, function names qualified with the
 * schema the search path finds them in, type aliases. Two expressions with different keys may still be
 * equal; equal keys mean equal expressions.
 */
export function canonicalExpressionKey(expression: Expression, table: Table | undefined, catalog: Catalog): string {
  return JSON.stringify(canonical({ catalog, table }, expression.node), (key, value: unknown) => (key === "location" ? undefined : value));
}
