import type { Origin } from "../../schema/model.js";
import type { FileInfo } from "../rule.js";

/**
 * Orders origins the way the statements ran: by the file's position in migration order, then by
 * statement, then by position in the statement. File paths alone do not sort in migration order
 * (`V10__x.sql` sorts before `V2__y.sql`), so the order comes from the `Files:exit` file list.
 */
export function originComparator(files: readonly FileInfo[]): (a: Origin, b: Origin) => number;
export function originComparator(files: readonly FileInfo[] | undefined): ((a: Origin, b: Origin) => number) | undefined;
export function originComparator(files: readonly FileInfo[] | undefined): ((a: Origin, b: Origin) => number) | undefined {
  if (files === undefined) return undefined;
  const position = new Map(files.map((f, i) => [f.path, i]));
  const fileIndex = (origin: Origin): number => position.get(origin.file) ?? files.length;
  return (a, b) =>
    fileIndex(a) - fileIndex(b) ||
    (a.file === b.file ? 0 : a.file < b.file ? -1 : 1) ||
    a.statementIndex - b.statementIndex ||
    a.location - b.location;
}
