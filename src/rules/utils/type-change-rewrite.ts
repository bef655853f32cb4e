import type { Catalog } from "../../schema/catalog.js";
import type { ColumnType } from "../../schema/model.js";
import { resolveDomain } from "./resolve-domain.js";

/**
 * What `ALTER COLUMN ... TYPE` without `USING` does to the stored rows:
 * - `none`: the old type is binary-coercible to the new one and the new type modifier admits every old
 *   value, so PostgreSQL only updates the catalog (and keeps the indexes);
 * - `utc`: a `timestamp` ↔ `timestamptz` change, which PostgreSQL 12+ skips rewriting only when the
 *   session TimeZone is UTC;
 * - `rewrite`: every row is converted and written anew, and every index rebuilt.
 *
 * PostgreSQL decides in ATColumnChangeRequiresRewrite (src/backend/commands/tablecmds.c): no rewrite
 * when the conversion is only relabelling (a binary-coercible cast, an unconstrained domain) after the
 * length-coercion support functions (varchar_support, numeric_support, varbit_support, TemporalSimplify)
 * dropped a coercion to a wider or unconstrained modifier. An array conversion goes through
 * ArrayCoerceExpr, which it always rewrites; so does a `character(n)` length change (the padding changes).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
export type TypeChangeEffect = "none" | "utc" | "rewrite";

function numbers(type: ColumnType): number[] | undefined {
  const out: number[] = [];
  for (const m of type.modifiers) {
    if (typeof m !== "number") return undefined;
    out.push(m);
  }
  return out;
}

const TEMPORAL = new Set(["timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone"]);
const TIMESTAMPS = new Set(["timestamp without time zone", "timestamp with time zone"]);
/** MAX_TIMESTAMP_PRECISION / MAX_TIME_PRECISION: no modifier means this precision. */
const MAX_PRECISION = 6;

/** Whether the modifier of `to` admits every value of `from` (same base type). */
function modifierWidens(name: string, from: ColumnType, to: ColumnType): boolean {
  const a = numbers(from);
  const b = numbers(to);
  if (a === undefined || b === undefined) return false;
  if (a.join(",") === b.join(",")) return true;
  const [length] = b;
  if (name === "character varying" || name === "bit varying") {
    // varchar_support / varbit_support: a larger limit or no limit at all.
    const [old] = a;
    return length === undefined || (old !== undefined && old <= length);
  }
  if (name === "numeric") {
    // numeric_support: no modifier, or more precision with the same scale (numeric(p) is numeric(p,0)).
    if (length === undefined) return true;
    const [p1, s1 = 0] = a;
    const [p2, s2 = 0] = b;
    return p1 !== undefined && p2 !== undefined && s1 === s2 && p2 >= p1;
  }
  if (TEMPORAL.has(name)) {
    // TemporalSimplify: no modifier or the maximum precision, or a precision at least the old one.
    const old = a[0] ?? MAX_PRECISION;
    return length === undefined || length >= MAX_PRECISION || old <= length;
  }
  if (name === "interval") return b.length === 0;
  return false;
}

export function typeChangeEffect(catalog: Catalog, fromType: ColumnType, toType: ColumnType, postgresVersion: number): TypeChangeEffect {
  const from = resolveDomain(catalog, fromType).base;
  const target = resolveDomain(catalog, toType);
  // A domain with a CHECK or NOT NULL constraint has every value checked: ATColumnChangeRequiresRewrite
  // answers "rewrite" for CoerceToDomain over a constrained domain.
  if (target.domains.some((d) => d.notNull || d.checks.length > 0)) return "rewrite";
  const to = target.base;
  if (from.arrayDimensions !== to.arrayDimensions) return "rewrite";
  if (from.arrayDimensions > 0) return from.name === to.name && from.modifiers.join(",") === to.modifiers.join(",") ? "none" : "rewrite";
  if (from.name === to.name) return modifierWidens(from.name, from, to) ? "none" : "rewrite";
  const unconstrained = to.modifiers.length === 0;
  // Binary-coercible casts (pg_cast castmethod 'b') whose target has no length to check.
  if (from.name === "character varying" && to.name === "text") return "none";
  if (from.name === "text" && to.name === "character varying" && unconstrained) return "none";
  if (from.name === "cidr" && to.name === "inet") return "none";
  if (from.name === "bit" && to.name === "bit varying" && unconstrained) return "none";
  // PostgreSQL 12+: timestamp <-> timestamptz keeps the stored values when the session TimeZone is UTC.
  if (TIMESTAMPS.has(from.name) && TIMESTAMPS.has(to.name) && postgresVersion >= 12) {
    const [precision] = numbers(to) ?? [0];
    return precision === undefined || precision >= MAX_PRECISION ? "utc" : "rewrite";
  }
  return "rewrite";
}
