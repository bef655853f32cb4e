import type { AlterTableCmd } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { tokenSequenceRange } from "../parser/extent.js";
import { keyOf } from "./catalog.js";
import { originAt, type FoldContext } from "./fold-context.js";
import { lookupIndexes, type LookupIndex } from "./index-coverage.js";
import type { IndexLoss, Origin, QualifiedName } from "./model.js";

/**
 * Which statement left a foreign key without an index that starts with its columns
 * ({@link Constraint.indexLoss}): the foreign keys of the tables a statement may drop indexes of are
 * looked at before and after it. Only DROP INDEX and ALTER TABLE (DROP CONSTRAINT, DROP COLUMN) drop an
 * index and leave its table; CREATE INDEX and ALTER TABLE (ADD CONSTRAINT) may give a foreign key an
 * index again, which clears what was recorded.
 */
export interface IndexLossWatch {
  /** Tables (keys) whose foreign keys to look at after the statement. */
  readonly tables: ReadonlySet<string>;
  /** By table key and foreign key name: the indexes its lookups could use before the statement. */
  readonly before: ReadonlyMap<string, ReadonlyMap<string, readonly LookupIndex[]>>;
  /** The names the statement drops as written (DROP INDEX), or the subcommands of an ALTER TABLE. */
  readonly written: ReadonlyMap<string, readonly string[]>;
  readonly commands: readonly AlterTableCmd[];
}

const DROPS: ReadonlySet<string> = new Set(["AT_DropConstraint", "AT_DropColumn"]);

/** The foreign keys of `table` and the indexes their lookups can use now. */
function lookups(ctx: FoldContext, table: QualifiedName): Map<string, readonly LookupIndex[]> {
  const out = new Map<string, readonly LookupIndex[]>();
  const found = ctx.catalog.table(table.schema, table.name);
  if (found === undefined) return out;
  for (const c of found.constraints.values()) {
    if (c.kind === "foreign key" && c.references !== undefined) out.set(c.name, lookupIndexes(ctx.catalog, found, c.columns));
  }
  return out;
}

/** What to look at around the statement; undefined when it can neither drop nor create an index. */
export function watchIndexLoss(ctx: FoldContext): IndexLossWatch | undefined {
  const { catalog, statement } = ctx;
  const tables = new Set<string>();
  const before = new Map<string, Map<string, readonly LookupIndex[]>>();
  const written = new Map<string, string[]>();
  let commands: AlterTableCmd[] = [];
  const drop = unwrap(statement.node, "DropStmt");
  const alter = unwrap(statement.node, "AlterTableStmt");
  const create = unwrap(statement.node, "IndexStmt");
  if (drop?.removeType === "OBJECT_INDEX") {
    for (const object of drop.objects ?? []) {
      const parts = stringList(unwrap(object, "List")?.items);
      const index = catalog.index(parts.length > 1 ? parts.at(-2) : undefined, parts.at(-1) ?? "");
      if (index === undefined) continue;
      written.set(index.name, parts.length > 1 ? [parts.at(-2) ?? "", ".", index.name] : [index.name]);
      const key = keyOf(index.table);
      if (!before.has(key)) before.set(key, lookups(ctx, index.table));
      tables.add(key);
    }
  } else if (alter !== undefined) {
    const table = catalog.table(alter.relation?.schemaname, alter.relation?.relname ?? "");
    if (table === undefined) return undefined;
    commands = (alter.cmds ?? []).flatMap((node) => {
      const cmd = unwrap(node, "AlterTableCmd");
      return cmd === undefined ? [] : [cmd];
    });
    const key = keyOf(table);
    tables.add(key);
    if (commands.some((cmd) => DROPS.has(cmd.subtype ?? ""))) before.set(key, lookups(ctx, table));
  } else if (create !== undefined) {
    const table = catalog.table(create.relation?.schemaname, create.relation?.relname ?? "");
    if (table === undefined) return undefined;
    tables.add(keyOf(table));
  } else return undefined;
  return { tables, before, written, commands };
}

/** Where the statement drops `lost`: its name in a DROP INDEX or DROP CONSTRAINT, or the dropped column that took it along. */
function lossOrigin(ctx: FoldContext, watch: IndexLossWatch, lost: LookupIndex): Origin {
  const { source, statement } = ctx;
  const at = (sequence: readonly string[], after: string): Origin => {
    const range = tokenSequenceRange(source, statement.start, statement.end, sequence, after);
    return range === undefined ? originAt(ctx) : { ...originAt(ctx, range.start), end: range.end };
  };
  const name = watch.written.get(lost.name);
  if (name !== undefined) return at(name, "index");
  if (lost.kind === "constraint" && watch.commands.some((cmd) => cmd.subtype === "AT_DropConstraint" && cmd.name === lost.name)) return at([lost.name], "constraint");
  const columns = watch.commands.flatMap((cmd) => (cmd.subtype === "AT_DropColumn" && cmd.name !== undefined ? [cmd.name] : []));
  const column = columns.find((c) => lost.columns.includes(c)) ?? columns[0];
  return column === undefined ? originAt(ctx) : at([column], "drop");
}

/**
 * After the statement: records on each foreign key of the watched tables that had an index before it and
 * has none now which statement dropped it, and forgets it for those that have one again.
 */
export function recordIndexLoss(ctx: FoldContext, watch: IndexLossWatch): boolean {
  const { catalog } = ctx;
  let changed = false;
  for (const key of watch.tables) {
    const found = catalog.tables.get(key);
    if (found === undefined) continue;
    const before = watch.before.get(key);
    const updates = new Map<string, IndexLoss | undefined>();
    for (const c of found.constraints.values()) {
      if (c.kind !== "foreign key" || c.references === undefined) continue;
      const had = before?.get(c.name) ?? [];
      if (c.indexLoss === undefined && had.length === 0) continue;
      const now = lookupIndexes(catalog, found, c.columns);
      const lost = had[0];
      if (now.length > 0 && c.indexLoss !== undefined) updates.set(c.name, undefined);
      else if (now.length === 0 && lost !== undefined) updates.set(c.name, { origin: lossOrigin(ctx, watch, lost), name: lost.name, kind: lost.kind });
    }
    if (updates.size === 0) continue;
    const table = catalog.writableTable(found);
    for (const [name, loss] of updates) {
      const c = table.constraints.get(name);
      if (c !== undefined) c.indexLoss = loss;
    }
    changed = true;
  }
  return changed;
}
