import type { Node } from "../parser/ast.js";

/**
 * Where a schema object (or one of its properties) was written: the file, the migration the file
 * belongs to, the statement, and the byte offset of the most specific node (the column definition,
 * the constraint, the index). Resolved to line/column only when a finding is reported.
 */
export interface Origin {
  readonly file: string;
  readonly migration: string;
  readonly statementIndex: number;
  readonly statementStart: number;
  readonly statementEnd: number;
  /** Byte offset of the node; equal to statementStart when the statement is the most specific node. */
  readonly location: number;
  /** Byte offset just past the node, when known exactly (a located name); else its list element's end. */
  readonly end?: number;
}

/** A name an object had until a RENAME (at `until`) changed it. */
export interface FormerName {
  readonly name: string;
  readonly until: Origin;
}

export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/** A column type, normalized to PostgreSQL's canonical names (`int4` → `integer`, `timestamptz` → `timestamp with time zone`). */
export interface ColumnType {
  /** Canonical name without modifiers or array brackets: `integer`, `character varying`, `public.order_status`. */
  readonly name: string;
  /** Type modifiers as written: `[10, 2]` for numeric(10,2). */
  readonly modifiers: readonly (number | string)[];
  readonly arrayDimensions: number;
  /** `serial`, `bigserial` or `smallserial` when the column was declared with a serial pseudo-type. */
  readonly serial?: "smallserial" | "serial" | "bigserial";
  /** Display form, e.g. `numeric(10,2)[]`. */
  readonly display: string;
}

/** An expression kept as its AST; compare two with `expressionKey` (src/schema/expression.ts). */
export interface Expression {
  readonly node: Node;
}

export type ForeignKeyAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  default?: Expression | undefined;
  identity?: "always" | "by default" | undefined;
  generated?: "stored" | "virtual" | undefined;
  comment?: string | undefined;
  /** The column definition. */
  readonly origin: Origin;
  /** Where the type was last set (the definition or an `ALTER COLUMN ... TYPE`). */
  typeOrigin: Origin;
  /** Where the current name was given, when a RENAME changed it (naming rules report there). */
  nameOrigin?: Origin | undefined;
  /** The names it had before, oldest first, when a RENAME changed it (findings at a statement that shows an old name mention it). */
  formerNames?: readonly FormerName[] | undefined;
  /** Where the column was last changed. */
  changed: Origin;
  /**
   * Where a later `ALTER COLUMN ... DROP NOT NULL` made the column nullable (undefined when it was
   * declared nullable, or NOT NULL was set again since): a finding about its NULLs belongs to that change.
   */
  nullableOrigin?: Origin | undefined;
  /** The statement that set the current DEFAULT (the column definition or an `ALTER COLUMN ... SET DEFAULT`). */
  defaultOrigin?: Origin | undefined;
}

export type ConstraintKind = "primary key" | "unique" | "foreign key" | "check" | "exclusion";

export interface ForeignKeyReference {
  /** The referenced table as written, resolved against the search path at the time. */
  readonly table: QualifiedName;
  /** Referenced columns; empty means the referenced table's primary key. */
  readonly columns: readonly string[];
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
  /**
   * The column list of `ON DELETE SET NULL (a, ...)` / `SET DEFAULT (a, ...)` (PostgreSQL 15+): only
   * these referencing columns are written when a referenced row is deleted. Absent when none was
   * written, which means every referencing column.
   */
  readonly onDeleteColumns?: readonly string[];
  /** Whether `ON DELETE` / `ON UPDATE` were written out (NO ACTION is also the default). */
  readonly onDeleteExplicit: boolean;
  readonly onUpdateExplicit: boolean;
  readonly match: "simple" | "full" | "partial";
}

/** A statement that dropped the last index a foreign key's lookups could use. */
export interface IndexLoss {
  /** The dropped name in the statement (the DROP INDEX, the DROP CONSTRAINT, the DROP COLUMN that took the index with it). */
  readonly origin: Origin;
  /** The index, or the primary key or unique constraint whose index it was. */
  readonly name: string;
  readonly kind: "index" | "constraint";
}

export interface Constraint {
  name: string;
  readonly kind: ConstraintKind;
  /** Constrained columns (key columns for PK/UNIQUE, referencing columns for FK, referenced columns for CHECK). */
  readonly columns: readonly string[];
  readonly references?: ForeignKeyReference;
  readonly expression?: Expression;
  /** Columns of `INCLUDE (...)` for PK/UNIQUE. */
  readonly include: readonly string[];
  /** `NOT VALID` and not validated since. */
  notValid: boolean;
  readonly deferrable: boolean;
  /** For PK/UNIQUE added with `USING INDEX`: the index it was built from. */
  readonly usingIndex?: string;
  /** Whether the name was written (otherwise PostgreSQL chose it); a RENAME writes one. */
  explicitName: boolean;
  readonly origin: Origin;
  /** Where the current name was given, when a RENAME changed it. */
  nameOrigin?: Origin | undefined;
  /** The names it had before, oldest first, when a RENAME changed it (findings at a statement that shows an old name mention it). */
  formerNames?: readonly FormerName[] | undefined;
  changed: Origin;
  /**
   * For a foreign key: the statement that dropped the last index starting with its columns (undefined
   * when it never had one, or one was created since): a finding about the missing index belongs to that change.
   */
  indexLoss?: IndexLoss | undefined;
}

export type IndexKey =
  | { readonly kind: "column"; readonly column: string; readonly descending: boolean; readonly opclass?: string }
  | { readonly kind: "expression"; readonly expression: Expression; readonly descending: boolean; readonly opclass?: string };

export interface Index {
  schema: string;
  name: string;
  table: QualifiedName;
  readonly unique: boolean;
  readonly method: string;
  readonly keys: readonly IndexKey[];
  readonly include: readonly string[];
  readonly predicate?: Expression;
  explicitName: boolean;
  readonly origin: Origin;
  /** Where the current name was given, when a RENAME changed it. */
  nameOrigin?: Origin | undefined;
  /** The names it had before, oldest first, when a RENAME changed it (findings at a statement that shows an old name mention it). */
  formerNames?: readonly FormerName[] | undefined;
  changed: Origin;
}

/**
 * A table as rules and every reader see it. The fold changes a table only through
 * `Catalog.writableTable`, which hands it a {@link WritableTable}: a catalog copied for a migration round
 * trip shares the tables neither side has changed since (copy on write), so reading is free and a
 * change must never reach a table the other side still holds.
 */
export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly partitioned: boolean;
  /** Parent table when this table is a partition. */
  readonly partitionOf?: QualifiedName | undefined;
  readonly inherits: readonly QualifiedName[];
  /** Columns in definition order. */
  readonly columns: ReadonlyMap<string, Readonly<Column>>;
  /** Constraints by name. */
  readonly constraints: ReadonlyMap<string, Readonly<Constraint>>;
  /** False when the column list could not be known statically (`CREATE TABLE AS`, `LIKE` of an unknown table). */
  readonly columnsKnown: boolean;
  readonly unlogged: boolean;
  readonly foreign: boolean;
  readonly comment?: string | undefined;
  readonly origin: Origin;
  /** Where the current name was given, when a RENAME changed it. */
  readonly nameOrigin?: Origin | undefined;
  /** The names it had before, oldest first, when a RENAME changed it (findings at a statement that shows an old name mention it). */
  readonly formerNames?: readonly FormerName[] | undefined;
  readonly changed: Origin;
  /**
   * Where a later `ALTER TABLE` removed the primary key (`DROP CONSTRAINT`, or `DROP COLUMN` of a key
   * column), when none was added since: a finding about the missing key belongs to that change.
   */
  readonly primaryKeyDroppedOrigin?: Origin | undefined;
}

/** A table the fold may change: its own copy in one catalog (see {@link Table}). */
export interface WritableTable extends Table {
  schema: string;
  name: string;
  partitionOf?: QualifiedName | undefined;
  inherits: QualifiedName[];
  readonly columns: Map<string, Column>;
  readonly constraints: Map<string, Constraint>;
  columnsKnown: boolean;
  comment?: string | undefined;
  nameOrigin?: Origin | undefined;
  formerNames?: readonly FormerName[] | undefined;
  changed: Origin;
  primaryKeyDroppedOrigin?: Origin | undefined;
}

export interface EnumType {
  readonly kind: "enum";
  schema: string;
  name: string;
  readonly values: string[];
  comment?: string | undefined;
  readonly origin: Origin;
}

export interface DomainType {
  readonly kind: "domain";
  schema: string;
  name: string;
  readonly baseType: ColumnType;
  readonly notNull: boolean;
  readonly checks: readonly Expression[];
  comment?: string | undefined;
  readonly origin: Origin;
}

export interface OtherType {
  readonly kind: "composite" | "range" | "base";
  schema: string;
  name: string;
  comment?: string | undefined;
  readonly origin: Origin;
}

export type UserType = EnumType | DomainType | OtherType;

export interface View {
  schema: string;
  name: string;
  readonly materialized: boolean;
  /**
   * The tables and views its query reads, as resolved when it was created: `DROP ... CASCADE` of one
   * of them drops the view (https://www.postgresql.org/docs/current/ddl-depend.html).
   */
  references: readonly QualifiedName[];
  /**
   * The columns of those relations its query may read (on the side of too many): `ALTER TABLE ... DROP
   * COLUMN ... CASCADE` of one of them drops the view.
   */
  columns: readonly ViewColumn[];
  comment?: string | undefined;
  readonly origin: Origin;
}

/** A column a view reads. */
export interface ViewColumn {
  /** One of the view's `references`. */
  readonly relation: QualifiedName;
  /** Undefined: every column (`*` of a relation whose columns the model does not know). */
  readonly column: string | undefined;
}

/**
 * The column a sequence belongs to: PostgreSQL drops the sequence with the column or its table
 * (https://www.postgresql.org/docs/current/sql-altersequence.html, OWNED BY). A serial column's sequence
 * is owned by it; an identity column's is part of the column.
 */
export interface SequenceOwner {
  readonly table: QualifiedName;
  readonly column: string;
  /** An identity column's sequence, which `DROP IDENTITY` drops too. */
  readonly identity?: boolean;
}

/** Never changed in place: the fold replaces a sequence to change it (catalog copies share them). */
export interface Sequence {
  readonly schema: string;
  readonly name: string;
  readonly ownedBy?: SequenceOwner | undefined;
  readonly origin: Origin;
}

export interface RoutineSignature {
  readonly schema: string;
  readonly name: string;
  readonly kind: "function" | "procedure";
  /** Input argument types, normalized and comma-separated: overloads are different routines. */
  readonly arguments: string;
  readonly origin: Origin;
}
