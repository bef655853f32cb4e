import type { FormerName, Origin } from "../../schema/model.js";

/** A table, column, constraint or index: its current name, and where and from what RENAMEs changed it. */
export interface Renamable {
  readonly name: string;
  readonly nameOrigin?: Origin | undefined;
  readonly formerNames?: readonly FormerName[] | undefined;
}

/** Orders two origins the way the statements ran (see `originComparator`). */
export type CompareOrigins = (a: Origin, b: Origin) => number;

/** The name the object had when the statement at `at` ran: a later RENAME does not change what that statement shows. */
export function nameAt(compare: CompareOrigins, object: Renamable, at: Origin): string {
  for (const former of object.formerNames ?? []) if (compare(former.until, at) > 0) return former.name;
  return object.name;
}

/** Whether a RENAME after the statement at `at` changed the object's name. */
export function renamedAfter(compare: CompareOrigins, object: Renamable, at: Origin): boolean {
  return nameAt(compare, object, at) !== object.name;
}

/**
 * The name for a finding at `at`: `"feedback_sources" (named "connectors" here)` when a later RENAME
 * changed it, so that the message matches the name on the reported line; else `display` (the quoted name).
 */
export function nameAsOf(compare: CompareOrigins, object: Renamable, at: Origin, display = `"${object.name}"`): string {
  const then = nameAt(compare, object, at);
  return then === object.name ? display : `${display} (named "${then}" here)`;
}

/**
 * Of the tables and columns an object's expected name is built from, the one renamed last, when that
 * was after the object got its own name. `ALTER TABLE ... RENAME TO` and `RENAME COLUMN` rename neither
 * the constraints nor the indexes (nor the sequences) named after them
 * (https://www.postgresql.org/docs/current/sql-altertable.html), so a name that followed the table's
 * name when it was given no longer follows it after that RENAME, which is where a finding about it belongs.
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
