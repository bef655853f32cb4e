import type { ReplayDatabase } from "./database.js";
import { SNAPSHOT_SQL } from "./snapshot-sql.js";

/** One user object of the database as `pg_catalog` describes it. */
export interface CatalogObject {
  /** "table", "column", "index", "enum", "function", ... */
  readonly kind: string;
  /** For messages: `"users"`, `"email" of "app"."users"`, `"f"(integer)`. */
  readonly display: string;
  readonly schema: string;
  /** The object's name (routines: with their argument types). */
  readonly name: string;
  /** The table of a column, constraint, trigger or policy; "" otherwise. */
  readonly parent: string;
  /** PostgreSQL's canonical definition (type, nullability, default; `pg_get_indexdef`; ...). */
  readonly detail: string;
}

/** Every user object by a key unique within the database. */
export type CatalogSnapshot = ReadonlyMap<string, CatalogObject>;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function qualified(schema: string, name: string): string {
  return schema === "public" || schema === "" ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

function displayOf(kind: string, schema: string, name: string, parent: string): string {
  if (kind === "schema") return quote(schema);
  if (kind === "extension") return quote(name);
  if (kind === "column") return `${quote(name)} of ${qualified(schema, parent)}`;
  if (parent !== "") return `${quote(name)} on ${qualified(schema, parent)}`;
  // Routines: the name carries the argument types, `f(integer)`.
  const open = name.indexOf("(");
  if (open > 0 && ["function", "procedure", "aggregate"].includes(kind)) return `${qualified(schema, name.slice(0, open))}${name.slice(open)}`;
  return qualified(schema, name);
}

/**
 * Reads the snapshot in one query, with `search_path` set to `pg_catalog` alone for it: PostgreSQL
 * prints names outside the search path schema-qualified, so a migration that changes `search_path`
 * would otherwise change every definition that mentions a table or type. The session's own
 * `search_path` is restored for the migrations that follow.
 */
export async function readSnapshot(db: ReplayDatabase): Promise<CatalogSnapshot> {
  const [saved] = await db.rows("SELECT current_setting('search_path')");
  const searchPath = typeof saved?.[0] === "string" ? saved[0] : "\"$user\", public";
  await db.exec("SELECT set_config('search_path', 'pg_catalog', false)");
  let rows: readonly (readonly unknown[])[];
  try {
    rows = await db.rows(SNAPSHOT_SQL);
  } finally {
    await db.exec(`SELECT set_config('search_path', '${searchPath.replaceAll("'", "''")}', false)`);
  }
  const out = new Map<string, CatalogObject>();
  for (const row of rows) {
    const [kind, schema, name, parent, detail] = row.map((v) => (typeof v === "string" ? v : ""));
    if (kind === undefined || schema === undefined || name === undefined || parent === undefined) continue;
    // Tables, views, sequences and types share one namespace per schema in pg_class/pg_type, but a
    // table and its row type never both appear here: the key only needs the kind group and the names.
    const key = `${kind}\u0000${schema}\u0000${parent}\u0000${name}`;
    out.set(key, { kind, schema, name, parent, display: displayOf(kind, schema, name, parent), detail: detail ?? "" });
  }
  return out;
}

/** One object that differs between two snapshots. */
export interface CatalogDifference {
  readonly object: CatalogObject;
  /** Only in the second snapshot, only in the first, or in both but defined differently. */
  readonly change: "added" | "missing" | "changed";
  /** For `changed`: the definition in the first snapshot. */
  readonly before?: string;
}

const TIMESTAMP_LITERAL = /'(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}(?::\d{2})?)?)'/gu;
const DAY_MS = 86_400_000;

/**
 * A definition with the moments of this replay blanked: `'now'::timestamp` in a view or default is
 * folded to a constant when the statement runs, so the same SQL run twice seconds apart gives two
 * definitions. Literals within a day of the replay are taken for such moments.
 */
function stable(detail: string, now: number): string {
  if (!detail.includes("'")) return detail;
  return detail.replace(TIMESTAMP_LITERAL, (literal, value: string) => {
    const at = Date.parse(value.replace(" ", "T") + (/[+-]\d{2}(?::\d{2})?$/u.test(value) ? "" : "Z"));
    return Number.isFinite(at) && Math.abs(now - at) < DAY_MS ? "'<now>'" : literal;
  });
}

/** Differences from `before` to `after`, in a stable order: by kind, then name. */
export function snapshotDifferences(before: CatalogSnapshot, after: CatalogSnapshot, now = Date.now()): CatalogDifference[] {
  const out: { key: string; diff: CatalogDifference }[] = [];
  for (const [key, object] of before) {
    const current = after.get(key);
    if (current === undefined) out.push({ key, diff: { object, change: "missing" } });
    else if (current.detail !== object.detail && stable(current.detail, now) !== stable(object.detail, now)) out.push({ key, diff: { object: current, change: "changed", before: object.detail } });
  }
  for (const [key, object] of after) if (!before.has(key)) out.push({ key, diff: { object, change: "added" } });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.diff);
}

/** Definitions longer than this are not quoted whole in messages, only around their first difference. */
const QUOTED_DETAIL = 100;
/** Characters shown on each side of the first difference. */
const EXCERPT = 24;

function excerpt(text: string, from: number): string {
  const start = Math.max(0, from - EXCERPT);
  const end = Math.min(text.length, from + EXCERPT);
  const body = text.slice(start, end).replace(/\s+/gu, " ").trim();
  return `${start > 0 ? "…" : ""}${body}${end < text.length ? "…" : ""}`;
}

/** Where two long definitions first differ: "… p.url, p.body …" instead of "… p.url, p.thumbnail_url …". */
function firstDifference(after: string, before: string): string {
  let i = 0;
  while (i < after.length && i < before.length && after[i] === before[i]) i++;
  return `has a different definition: "${excerpt(after, i)}" instead of "${excerpt(before, i)}"`;
}

/** `column "email" of "users" is text NOT NULL instead of citext NOT NULL`, in the static rule's words. */
export function describeDifference(d: CatalogDifference): string {
  const what = `${d.object.kind} ${d.object.display}`;
  if (d.change === "added") return `${what} is still there`;
  if (d.change === "missing") return `${what} is missing`;
  const before = d.before ?? "";
  const body = (detail: string): string => detail.replace(/ BODY [0-9a-f]+$/u, "");
  if (before !== d.object.detail && body(before) === body(d.object.detail)) return `${what} has a different body`;
  if (before.length + d.object.detail.length > QUOTED_DETAIL) return `${what} ${firstDifference(d.object.detail, before)}`;
  return `${what} is ${d.object.detail === "" ? "(plain)" : d.object.detail} instead of ${before === "" ? "(plain)" : before}`;
}
