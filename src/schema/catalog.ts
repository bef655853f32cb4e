import type {
  Column,
  Constraint,
  Index,
  Origin,
  QualifiedName,
  RoutineSignature,
  Sequence,
  Table,
  UserType,
  View,
  WritableTable,
} from "./model.js";

/** `schema.name` map key. */
export function keyOf(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

/** Map key of a function or procedure: its qualified name and input argument types. */
export function routineKey(routine: { readonly schema: string; readonly name: string; readonly arguments: string }): string {
  return `${routine.schema}.${routine.name}(${routine.arguments})`;
}

/** `"name"` or `"schema"."name"` for messages; the schema is omitted when it is `public`. */
export function displayName(name: QualifiedName): string {
  return name.schema === "public" ? `"${name.name}"` : `"${name.schema}"."${name.name}"`;
}

/**
 * The sequences map, shared by a catalog and its clones until one of them changes it. `holders` counts
 * the catalogs (and checkpoints) that still read this map: a writer copies it only while others do, and
 * then stops holding it, so of a catalog and its clone only the first to write pays for a copy.
 */
interface SharedSequences {
  readonly map: Map<string, Readonly<Sequence>>;
  holders: number;
}

/**
 * What a DROP of a relation takes with it, in the spirit of pg_depend: the keys of the indexes recorded
 * on each relation (pg_index.indrelid) and of the sequences recorded as owned by each table's columns
 * (`OWNED BY`, serial and identity). Each list is a superset: an entry is only ever added (when an index
 * or sequence is stored under a key, or its relation or owner changes), never removed, and every use
 * checks it against the catalog's own maps. That makes it safe to share between a catalog and all its
 * clones without copying, where a DROP TABLE would otherwise scan every index and sequence of the schema
 * (once per migration with a down part, on a long history).
 */
interface Dependents {
  readonly indexesByRelation: Map<string, Set<string>>;
  readonly sequencesByOwner: Map<string, Set<string>>;
}

function record(lists: Map<string, Set<string>>, relation: string, key: string): void {
  const list = lists.get(relation);
  if (list === undefined) lists.set(relation, new Set([key]));
  else list.add(key);
}

/** What {@link Catalog.data} returns and {@link Catalog.fromData} takes. */
export interface CatalogData {
  readonly searchPath: string[];
  readonly schemas: ReadonlyMap<string, Origin | undefined>;
  readonly tables: ReadonlyMap<string, Table>;
  readonly indexes: ReadonlyMap<string, Index>;
  readonly types: ReadonlyMap<string, UserType>;
  readonly views: ReadonlyMap<string, View>;
  readonly sequences: ReadonlyMap<string, Sequence>;
  readonly routines: ReadonlyMap<string, RoutineSignature>;
  readonly extensions: ReadonlySet<string>;
  /** Absent in checkpoints written before it existed. */
  readonly dropped?: ReadonlySet<string>;
  readonly version: number;
}

/**
 * The schema as folded so far: what PostgreSQL's catalog would hold after running the statements.
 * Plain data, so it can be cloned (structuredClone) for migration round trips and cached.
 */
export class Catalog {
  /** `search_path` as set by the statements so far; `"$user"` is ignored as it names no schema here. */
  searchPath: string[] = ["public"];
  readonly schemas = new Map<string, Origin | undefined>([
    ["public", undefined],
    ["pg_catalog", undefined],
  ]);
  readonly tables = new Map<string, Table>();
  /** Read-only: changes go through {@link Catalog.setIndex} and {@link Catalog.deleteIndex}, which keep {@link Dependents} complete. */
  get indexes(): ReadonlyMap<string, Readonly<Index>> {
    return this.indexMap;
  }
  private readonly indexMap = new Map<string, Readonly<Index>>();
  readonly types = new Map<string, UserType>();
  readonly views = new Map<string, Readonly<View>>();
  /** Read-only: changes go through {@link Catalog.setSequence} and {@link Catalog.deleteSequence} (copy on write). */
  get sequences(): ReadonlyMap<string, Readonly<Sequence>> {
    return this.sharedSequences.map;
  }
  private sharedSequences: SharedSequences = { map: new Map(), holders: 1 };
  private dependents: Dependents = { indexesByRelation: new Map(), sequencesByOwner: new Map() };
  /** By {@link routineKey}. */
  readonly routines = new Map<string, RoutineSignature>();
  readonly extensions = new Set<string>();
  /**
   * Relations (tables, views, indexes, sequences: one namespace, pg_class) that a DROP in the history
   * removed, by {@link keyOf}. A relation the history never created counts as existing (made outside the
   * migrations); one it dropped does not, so a later `DROP ... IF EXISTS` of it is a no-op. A name created
   * again is found in its map first.
   */
  get dropped(): ReadonlySet<string> {
    return this.droppedNames;
  }
  /** Shared with clones and checkpoints until one side adds to it (copy on write: clones are per migration). */
  private droppedNames = new Set<string>();
  private droppedShared = false;

  /** Records that a DROP removed the relation `key` (see {@link Catalog.dropped}). */
  markDropped(key: string): void {
    if (this.droppedShared) {
      this.droppedNames = new Set(this.droppedNames);
      this.droppedShared = false;
    }
    this.droppedNames.add(key);
  }
  /**
   * Bumped by the fold after every statement; derived lookups (indexes by table) are cached per version,
   * so the final-schema rules group indexes once instead of scanning them per table.
   */
  version = 0;
  /**
   * The tables, indexes and views this catalog may change in place: created by its fold, or copied for
   * it since it was last cloned. A clone shares them with its source, and whichever side changes one
   * first copies it ({@link Catalog.writableTable}, {@link Catalog.writableEntry}).
   */
  private owned = new WeakSet<object>();
  private indexGroups: { version: number; byTable: Map<string, Readonly<Index>[]> } | undefined;
  private sortedTables: { version: number; tables: readonly Table[] } | undefined;

  /**
   * The schema an unqualified `CREATE` puts its object in: the first existing schema of the path
   * (https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATH), never `pg_catalog`,
   * where only a superuser can create and no migration means to. When no other schema of the path
   * exists, the first one is used: the history can only run if it exists (without it PostgreSQL
   * reports "no schema has been selected to create in"), made outside the migrations like the tables
   * the history never created (`SET search_path = app, pg_catalog`, as old pg_dump and Rails write).
   */
  creationSchema(): string {
    const candidates = this.searchPath.filter((s) => s !== "pg_catalog");
    return candidates.find((s) => this.schemas.has(s)) ?? candidates[0] ?? "public";
  }

  /** Resolves a possibly unqualified name against the search path; `pg_catalog` is searched first. */
  private resolve<T>(map: ReadonlyMap<string, T>, schema: string | undefined, name: string): T | undefined {
    if (schema !== undefined) return map.get(`${schema}.${name}`);
    for (const s of this.searchPath) {
      const found = map.get(`${s}.${name}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The qualified name a reference resolves to: an existing object's, else where it would be created. */
  qualify(schema: string | undefined, name: string, map: ReadonlyMap<string, unknown> = this.tables): QualifiedName {
    if (schema !== undefined) return { schema, name };
    for (const s of this.searchPath) {
      if (map.has(`${s}.${name}`)) return { schema: s, name };
    }
    return { schema: this.creationSchema(), name };
  }

  table(schema: string | undefined, name: string): Table | undefined {
    return this.resolve(this.tables, schema, name);
  }

  tableByName(name: QualifiedName): Table | undefined {
    return this.tables.get(keyOf(name));
  }

  index(schema: string | undefined, name: string): Readonly<Index> | undefined {
    return this.resolve(this.indexes, schema, name);
  }

  type(schema: string | undefined, name: string): UserType | undefined {
    return this.resolve(this.types, schema, name);
  }

  view(schema: string | undefined, name: string): Readonly<View> | undefined {
    return this.resolve(this.views, schema, name);
  }

  /** Whether a DROP in the history removed the relation `name` (and nothing re-created it since). */
  wasDropped(name: QualifiedName): boolean {
    return this.dropped.has(keyOf(name)) && !this.relationExists(name);
  }

  /** Whether any relation (table, view, index, sequence) already has this name in the schema. */
  relationExists(name: QualifiedName): boolean {
    const key = keyOf(name);
    return this.tables.has(key) || this.views.has(key) || this.indexes.has(key) || this.sequences.has(key);
  }

  /** Stores an index under its key (replacing one of that key) and records it on its relation. */
  setIndex(index: Readonly<Index>): void {
    const key = keyOf(index);
    this.indexMap.set(key, index);
    record(this.dependents.indexesByRelation, keyOf(index.table), key);
  }

  deleteIndex(key: string): void {
    this.indexMap.delete(key);
  }

  /** The index to change ({@link Catalog.writableEntry}); one that moves to another relation is stored again with {@link Catalog.setIndex}. */
  writableIndex(index: Readonly<Index>): Index {
    return this.writableEntry(this.indexMap, index);
  }

  /**
   * The indexes on the relation (table or materialized view) of key `relation`, found through
   * {@link Dependents} rather than by scanning every index; in no particular order, so for callers that
   * only drop them.
   */
  indexesOn(relation: string): Readonly<Index>[] {
    const out: Readonly<Index>[] = [];
    for (const key of this.dependents.indexesByRelation.get(relation) ?? []) {
      const index = this.indexMap.get(key);
      if (index !== undefined && keyOf(index.table) === relation) out.push(index);
    }
    return out;
  }

  /** Stores a sequence under its key (copying a shared map first) and records its owner. */
  setSequence(sequence: Readonly<Sequence>): void {
    const key = keyOf(sequence);
    this.writableSequences().set(key, sequence);
    if (sequence.ownedBy !== undefined) record(this.dependents.sequencesByOwner, keyOf(sequence.ownedBy.table), key);
  }

  deleteSequence(key: string): void {
    if (this.sharedSequences.map.has(key)) this.writableSequences().delete(key);
  }

  /**
   * The sequences owned by a column of `table` (pg_depend's `a` and `i` dependencies of a sequence on a
   * column), found through {@link Dependents}; in no particular order, so for callers that do not add or
   * remove keys in an order the output shows.
   */
  sequencesOwnedBy(table: QualifiedName): Readonly<Sequence>[] {
    const out: Readonly<Sequence>[] = [];
    for (const key of this.dependents.sequencesByOwner.get(keyOf(table)) ?? []) {
      const sequence = this.sharedSequences.map.get(key);
      const owner = sequence?.ownedBy;
      if (sequence !== undefined && owner?.table.name === table.name && owner.table.schema === table.schema) out.push(sequence);
    }
    return out;
  }

  /** The sequences map to change: this catalog's own, after copying it while a clone or checkpoint still reads it. */
  private writableSequences(): Map<string, Readonly<Sequence>> {
    const shared = this.sharedSequences;
    if (shared.holders > 1) {
      shared.holders--;
      this.sharedSequences = { map: new Map(shared.map), holders: 1 };
    }
    return this.sharedSequences.map;
  }

  /** Indexes defined on a table (not including those implied by constraints). */
  indexesOf(table: QualifiedName): readonly Readonly<Index>[] {
    if (this.indexGroups?.version !== this.version) {
      const byTable = new Map<string, Readonly<Index>[]>();
      for (const index of this.indexes.values()) {
        const key = keyOf(index.table);
        const list = byTable.get(key);
        if (list === undefined) byTable.set(key, [index]);
        else list.push(index);
      }
      this.indexGroups = { version: this.version, byTable };
    }
    return this.indexGroups.byTable.get(keyOf(table)) ?? [];
  }

  /**
   * Every table in a stable order (schema, then name, by code unit: the same on every machine and
   * locale). Every final-schema rule walks it, so it is sorted once per catalog version.
   */
  allTables(): readonly Table[] {
    if (this.sortedTables?.version !== this.version) {
      const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      const tables = [...this.tables.values()].sort((a, b) => order(a.schema, b.schema) || order(a.name, b.name));
      this.sortedTables = { version: this.version, tables };
    }
    return this.sortedTables.tables;
  }

  /** The partitions and inheritance children of `name`, at every level, as the catalog knows them (each child records its parents). */
  descendants(name: QualifiedName): Table[] {
    const found: Table[] = [];
    const parents = [keyOf(name)];
    const seen = new Set(parents);
    for (let parent = parents.pop(); parent !== undefined; parent = parents.pop()) {
      for (const table of this.tables.values()) {
        // The fold asks at every SET DEFAULT without ONLY: most tables have no parent, skipped cheaply.
        if (table.partitionOf === undefined && table.inherits.length === 0) continue;
        const child = (table.partitionOf !== undefined && keyOf(table.partitionOf) === parent) || table.inherits.some((p) => keyOf(p) === parent);
        const key = keyOf(table);
        if (!child || seen.has(key)) continue;
        seen.add(key);
        parents.push(key);
        found.push(table);
      }
    }
    return found;
  }

  primaryKey(table: Table): Readonly<Constraint> | undefined {
    for (const c of table.constraints.values()) if (c.kind === "primary key") return c;
    return undefined;
  }

  foreignKeys(table: Table): Readonly<Constraint>[] {
    return [...table.constraints.values()].filter((c) => c.kind === "foreign key");
  }

  column(table: Table, name: string): Readonly<Column> | undefined {
    return table.columns.get(name);
  }

  /**
   * The primary key, unique or exclusion constraint implemented by the index of that name (the model
   * keeps such indexes as their constraints), with its table; the search path applies when unqualified.
   */
  constraintIndex(schema: string | undefined, name: string): { readonly table: Table; readonly constraint: Readonly<Constraint> } | undefined {
    for (const s of schema === undefined ? this.searchPath : [schema]) {
      for (const table of this.tables.values()) {
        if (table.schema !== s) continue;
        const constraint = table.constraints.get(name);
        if (constraint !== undefined && (constraint.kind === "primary key" || constraint.kind === "unique" || constraint.kind === "exclusion")) return { table, constraint };
      }
    }
    return undefined;
  }

  /**
   * The folded schema as plain data (the derived lookups are left out), for a `--cache` checkpoint:
   * `v8.serialize` keeps its Maps and the values the maps share.
   */
  data(): CatalogData {
    // The caller now holds this catalog's objects too (a checkpoint may even become a catalog in this
    // process): from here on this catalog copies before it changes any of them.
    this.owned = new WeakSet();
    this.droppedShared = true;
    // The checkpoint holds the sequences map for good.
    this.sharedSequences.holders++;
    const { searchPath, schemas, tables, indexes, types, views, sequences, routines, extensions, dropped, version } = this;
    return { searchPath, schemas, tables, indexes, types, views, sequences, routines, extensions, dropped, version };
  }

  /** A catalog holding `data` (from {@link Catalog.data}, possibly through a serialisation) as its own. */
  static fromData(data: CatalogData): Catalog {
    const catalog = new Catalog();
    catalog.searchPath = data.searchPath;
    catalog.version = data.version;
    const copy = <T>(into: Map<string, T>, from: ReadonlyMap<string, T>): void => {
      into.clear();
      for (const [k, v] of from) into.set(k, v);
    };
    copy(catalog.schemas, data.schemas);
    copy(catalog.tables, data.tables);
    for (const index of data.indexes.values()) catalog.setIndex(index);
    // Types are not copied on write (an enum's values grow in place): each catalog has its own.
    for (const [k, v] of data.types) catalog.types.set(k, v.kind === "enum" ? { ...v, values: [...v.values] } : { ...v });
    copy(catalog.views, data.views);
    for (const sequence of data.sequences.values()) catalog.setSequence(sequence);
    copy(catalog.routines, data.routines);
    for (const e of data.extensions) catalog.extensions.add(e);
    for (const d of data.dropped ?? []) catalog.markDropped(d);
    return catalog;
  }

  /** Adds a table the fold just built: this catalog owns it. */
  addTable(table: WritableTable): void {
    this.tables.set(keyOf(table), table);
    this.owned.add(table);
  }

  /**
   * The table to change: `table` itself when this catalog owns it, else a copy that replaces it here
   * (two levels deep, like {@link Catalog.clone} used to copy every table: the fold replaces rather than
   * mutates what lies below columns and constraints). Every change of a table goes through here, which
   * the `Table` type enforces by being read-only.
   */
  writableTable(table: Table): WritableTable {
    if (this.owned.has(table)) return table as WritableTable;
    const columns = new Map<string, Column>();
    for (const [name, c] of table.columns) columns.set(name, { ...c });
    const constraints = new Map<string, Constraint>();
    for (const [name, c] of table.constraints) constraints.set(name, { ...c });
    const copy: WritableTable = { ...table, inherits: [...table.inherits], columns, constraints };
    const key = keyOf(table);
    if (this.tables.get(key) === table) this.tables.set(key, copy);
    this.owned.add(copy);
    return copy;
  }

  /**
   * The index or view to change: itself when this catalog owns it, else a copy one level deep (the fold
   * replaces rather than mutates what lies below: key lists, names, origins) that replaces it in `map`.
   * Their read-only types make the compiler list every change.
   */
  writableEntry<T extends QualifiedName>(map: Map<string, Readonly<T>>, entry: Readonly<T>): T {
    if (this.owned.has(entry)) return entry;
    const copy = { ...entry } as T;
    const key = keyOf(entry);
    if (map.get(key) === entry) map.set(key, copy);
    this.owned.add(copy);
    return copy;
  }

  /**
   * A copy the fold can change without touching this catalog (a down migration runs on one). Tables,
   * indexes and views are shared and copied on write by either side (most migrations touch a few of
   * hundreds), so comparing the two can skip what is still the same object; the sequences map and the
   * set of dropped relations are shared whole until one side changes them (sequences are never changed
   * in place, only replaced), and {@link Dependents} for good. Routines are never changed in place either.
   * Types are copied (an enum's values grow in place).
   */
  clone(): Catalog {
    const copy = new Catalog();
    copy.searchPath = [...this.searchPath];
    copy.version = this.version;
    copy.schemas.clear();
    for (const [k, v] of this.schemas) copy.schemas.set(k, v);
    for (const [k, t] of this.tables) copy.tables.set(k, t);
    // Neither side may change a shared table in place any more.
    this.owned = new WeakSet();
    for (const [k, v] of this.indexMap) copy.indexMap.set(k, v);
    for (const [k, v] of this.types) copy.types.set(k, v.kind === "enum" ? { ...v, values: [...v.values] } : { ...v });
    for (const [k, v] of this.views) copy.views.set(k, v);
    this.sharedSequences.holders++;
    copy.sharedSequences = this.sharedSequences;
    copy.dependents = this.dependents;
    for (const [k, v] of this.routines) copy.routines.set(k, v);
    for (const v of this.extensions) copy.extensions.add(v);
    copy.droppedNames = this.droppedNames;
    copy.droppedShared = true;
    this.droppedShared = true;
    return copy;
  }
}
