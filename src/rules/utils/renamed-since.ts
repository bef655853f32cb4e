import type { Origin } from "../../schema/model.js";

/** A table, column, constraint or index: its current name, and where and from what a RENAME changed it. */
export interface Renamable {
  readonly name: string;
  readonly nameOrigin?: Origin | undefined;
  readonly createdName?: string | undefined;
}

/** Orders two origins the way the statements ran (see `originComparator`). */
export type CompareOrigins = (a: Origin, b: Origin) => number;

/** Whether a RENAME after the statement at `at` changed the object's name: that statement shows its old name. */
export function renamedAfter(compare: CompareOrigins, object: Renamable, at: Origin): boolean {
  return object.nameOrigin !== undefined && object.createdName !== undefined && object.createdName !== object.name && compare(object.nameOrigin, at) > 0;
}

/**
 * The name for a finding at `at`: `"FeedbackSource" (created as "Connector")` when a later RENAME changed
 * it, so that the message matches the name on the reported line; else `display` (the quoted name).
 */
export function nameAsOf(compare: CompareOrigins, object: Renamable, at: Origin, display = `"${object.name}"`): string {
  if (!renamedAfter(compare, object, at) || object.createdName === undefined) return display;
  return `${display} (created as "${object.createdName}")`;
}

/**
 * Of the tables and columns an object's expected name is built from, the last one renamed after the
 * object got its own name, if any. `ALTER TABLE ... RENAME TO` and `RENAME COLUMN` rename neither the
 * constraints nor the indexes (nor the sequences) named after them
 * (https://www.postgresql.org/docs/current/sql-altertable.html), so a name that followed the table's
 * name when it was given stops following it at that RENAME, which is where a finding about it belongs.
 */
export function lastRenameAfter<T extends Renamable>(compare: CompareOrigins, named: Origin, sources: readonly T[]): { readonly object: T; readonly at: Origin } | undefined {
  let last: { readonly object: T; readonly at: Origin } | undefined;
  for (const object of sources) {
    const at = object.nameOrigin;
    if (at === undefined || !renamedAfter(compare, object, named)) continue;
    if (last === undefined || compare(at, last.at) > 0) last = { object, at };
  }
  return last;
}

/** The name an object had when `at` ran: its created name when a later RENAME changed it. */
export function nameAt(compare: CompareOrigins, object: Renamable, at: Origin): string {
  return renamedAfter(compare, object, at) && object.createdName !== undefined ? object.createdName : object.name;
}
