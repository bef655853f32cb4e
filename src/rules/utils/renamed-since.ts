import { displayName } from "../../schema/catalog.js";
import type { FormerName, Origin } from "../../schema/model.js";

/** A table, column, constraint or index: its current name, where it was created, and where and from what RENAMEs changed it. */
export interface Renamable {
  readonly name: string;
  readonly origin?: Origin | undefined;
  readonly nameOrigin?: Origin | undefined;
  readonly formerNames?: readonly FormerName[] | undefined;
}

/** Orders two origins the way the statements ran (see `originComparator`). */
export type CompareOrigins = (a: Origin, b: Origin) => number;

/**
 * Whether a statement after the one at `at` created the object (one of the same statement, such as a
 * constraint defined after the reported column of a CREATE TABLE, existed when it ran).
 */
export function createdAfter(compare: CompareOrigins, object: Renamable, at: Origin): boolean {
  const { origin } = object;
  if (origin === undefined || (origin.file === at.file && origin.statementIndex === at.statementIndex)) return false;
  return compare(origin, at) > 0;
}

/**
 * The name the object had when the statement at `at` ran: a later RENAME does not change what that
 * statement shows. An object created after it had no name there: it goes by its current name.
 */
export function nameAt(compare: CompareOrigins, object: Renamable, at: Origin): string {
  if (createdAfter(compare, object, at)) return object.name;
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

/** The tables and columns `NamesAt` names: a table of the model, with its columns by current name. */
interface RenamableTable extends Renamable {
  readonly schema: string;
  readonly columns: ReadonlyMap<string, Renamable>;
}

/**
 * The names of a finding placed at an older statement (a CREATE INDEX, a foreign key, a column
 * definition) found in the final schema: each object as `nameAsOf` gives it, so that the message
 * matches the reported line when a later RENAME changed a name. `renamed` tells whether a name that
 * the suggestion's SQL writes (each given to `usedInSql`, whether the message prints it or not) was
 * changed by a later RENAME, or belongs to an object a later statement created: then SQL written with
 * today's names must not be offered as a suggestion inserted at that line (it would fail there); the
 * help still gives it, to run now. A name only the message prints does not count.
 */
export class NamesAt {
  #renamed = false;
  readonly #explained = new Set<Renamable>();

  /** Without `compare` (a catalog read back from PostgreSQL, no file order), objects get their current names. */
  constructor(
    private readonly compare: CompareOrigins | undefined,
    private readonly at: Origin,
  ) {}

  get renamed(): boolean {
    return this.#renamed;
  }

  /** Notes objects whose current names the suggestion's SQL writes (see `renamed`); `undefined` ones (not in the model) are skipped. */
  usedInSql(...objects: readonly (Renamable | undefined)[]): void {
    const { compare } = this;
    if (compare === undefined) return;
    for (const object of objects) {
      if (object !== undefined && (renamedAfter(compare, object, this.at) || createdAfter(compare, object, this.at))) this.#renamed = true;
    }
  }

  /** `usedInSql` for `table` and its columns by current name. */
  columnsUsedInSql(table: RenamableTable, names: readonly string[]): void {
    this.usedInSql(table, ...names.map((name) => table.columns.get(name)));
  }

  /**
   * An index, constraint or column: `"name"`, or `"name" (named "old" here)` the first time a message
   * names it (later mentions in the same message give the name alone).
   */
  object(object: Renamable, display = `"${object.name}"`): string {
    const { compare } = this;
    if (compare === undefined || !renamedAfter(compare, object, this.at) || this.#explained.has(object)) return display;
    this.#explained.add(object);
    return nameAsOf(compare, object, this.at, display);
  }

  /** `"table"."column"`, with both former names when a later RENAME changed either. */
  qualifiedColumn(table: RenamableTable, name: string): string {
    const column = table.columns.get(name);
    const display = `${displayName(table)}."${name}"`;
    const { compare } = this;
    if (column === undefined || compare === undefined) return display;
    const thenTable = nameAt(compare, table, this.at);
    const thenColumn = nameAt(compare, column, this.at);
    if (thenTable === table.name && thenColumn === column.name) return display;
    const schema = table.schema === "public" ? "" : `"${table.schema}".`;
    return `${display} (named ${schema}"${thenTable}"."${thenColumn}" here)`;
  }

  /** A table as `displayName` gives it (schema-qualified outside public), with its name at `at`. */
  table(table: RenamableTable): string {
    return this.object(table, displayName(table));
  }


  /** A column of `table` by its current name (a name the table no longer has is given as it is). */
  column(table: RenamableTable, name: string): string {
    const column = table.columns.get(name);
    return column === undefined ? `"${name}"` : this.object(column);
  }

  /** Columns of `table`, comma-separated, like `quotedList`. */
  columns(table: RenamableTable, names: readonly string[]): string {
    return names.map((name) => this.column(table, name)).join(", ");
  }
}
