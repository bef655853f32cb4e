import type { Node } from "libpg-query";

export type { Node } from "libpg-query";

/** Every node tag of libpg_query's JSON AST (`CreateStmt`, `ColumnDef`, ...). */
export type NodeTag = Node extends infer N ? (N extends N ? keyof N : never) : never;

/** The payload of a node with tag `K`: `NodeOf<"CreateStmt">` is `CreateStmt`. */
export type NodeOf<K extends NodeTag> = Extract<Node, Record<K, unknown>>[K & keyof Extract<Node, Record<K, unknown>>];

/** The single tag of a wrapped node (`{ CreateStmt: {...} }` → `"CreateStmt"`). */
export function tagOf(node: Node): NodeTag {
  for (const key in node) return key as NodeTag;
  throw new TypeError("Empty AST node");
}

/** The payload of a wrapped node if it has tag `tag`. */
export function unwrap<K extends NodeTag>(node: Node | undefined, tag: K): NodeOf<K> | undefined {
  if (node === undefined) return undefined;
  return (node as Record<string, unknown>)[tag] as NodeOf<K> | undefined;
}

/** The string values of a list of `String` nodes (qualified names, column lists). */
export function stringList(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = unwrap(n, "String");
    if (s?.sval !== undefined) out.push(s.sval);
  }
  return out;
}

/** The node under any number of `::type` casts (`'a'::text`, `(status)::text`). */
export function withoutCasts(node: Node | undefined): Node | undefined {
  let current = node;
  for (let cast = unwrap(current, "TypeCast"); cast !== undefined; cast = unwrap(current, "TypeCast")) current = cast.arg;
  return current;
}

/** Every node with tag `tag` anywhere below `value` (matches included), in tree order. */
export function nodesWithTag<K extends NodeTag>(value: unknown, tag: K, out: NodeOf<K>[] = []): NodeOf<K>[] {
  if (value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    for (const item of value as readonly unknown[]) nodesWithTag(item, tag, out);
    return out;
  }
  const record = value as Record<string, unknown>;
  const found = record[tag];
  if (found !== undefined && found !== null) out.push(found as NodeOf<K>);
  for (const key in record) nodesWithTag(record[key], tag, out);
  return out;
}

/**
 * Whether a node with tag `tag` is anywhere below `value` (matches included). Searched with an explicit
 * stack: a statement nested thousands deep (`SELECT abs(abs(...))`) parses, and a recursive walk of it
 * overflows the call stack.
 */
export function containsTag(value: unknown, tag: NodeTag): boolean {
  const stack: unknown[] = [value];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item !== "object" || item === null) continue;
    if (!Array.isArray(item) && tag in item) return true;
    stack.push(...(Object.values(item) as unknown[]));
  }
  return false;
}

/** Adds `delta` to every `location` field below `value` (used for statements parsed from a chunk). */
export function shiftLocations(value: unknown, delta: number): void {
  if (delta === 0 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) shiftLocations(item, delta);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (key === "location" && typeof v === "number" && v >= 0) record[key] = v + delta;
    else if (v !== null && typeof v === "object") shiftLocations(v, delta);
  }
}
