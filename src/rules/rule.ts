import type { z } from "zod";
import type { NodeOf, NodeTag } from "../parser/ast.js";
import type { ByteRange } from "../parser/extent.js";
import type { ParsedStatement } from "../parser/parse.js";
import type { Catalog } from "../schema/catalog.js";
import type { Index, Origin, QualifiedName, Table } from "../schema/model.js";
import type { LayoutName, LayoutProblem } from "../migrations/types.js";
import type { TransactionState } from "./migration-state.js";

export type Severity = "off" | "warn" | "error";

/** The seed checklist's items, in the order the checklist report prints them. */
export const CATEGORIES = {
  normalization: "Is the schema properly normalized?",
  relationships: "Are all relationships defined with foreign keys?",
  indexes: "Are appropriate indexes in place?",
  "data-types": "Are data types optimal?",
  constraints: "Are constraints properly defined?",
  naming: "Is the naming consistent?",
  migrations: "Are migrations reversible and safe to run?",
  documentation: "Is documentation complete?",
} as const;

export type Category = keyof typeof CATEGORIES;

/** A message: what was found and its consequence, then what to do. `{{name}}` placeholders are filled from `data`. */
export interface MessageTemplate {
  readonly message: string;
  readonly help: string;
}

/** Options are one zod object schema; every property has a default and a description. */
export type OptionsSchema = z.ZodObject;

export interface RuleMeta<Options extends OptionsSchema, MessageId extends string> {
  /** kebab-case id users write in configs; also the docs file name. */
  readonly id: string;
  /** One line, imperative, ending with a period: what the rule enforces. */
  readonly summary: string;
  readonly category: Category;
  /** Severity in `schemalint:recommended`; `off` rules are only in `schemalint:all` (and `strict` when listed there). */
  readonly defaultSeverity: Severity;
  /** Enabled by `schemalint:strict` even when off in recommended. */
  readonly strict?: boolean;
  /** Options `schemalint:strict` sets for this rule (stricter than the defaults). */
  readonly strictOptions?: Readonly<Partial<z.input<Options>>>;
  readonly options: Options;
  readonly messages: Readonly<Record<MessageId, MessageTemplate>>;
}

/** A suggested change: ready SQL to add to a migration. */
export interface Suggestion {
  readonly description: string;
  readonly sql: string;
}

export interface ReportDescriptor<MessageId extends string> {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Where: a catalog object's origin, or `context.origin(node.location)` in a statement hook. */
  readonly at: Origin;
  readonly suggestion?: Suggestion;
}

/** Facts about the migration a statement belongs to. */
export interface MigrationInfo {
  /** Migration id (a version or the file path). */
  readonly id: string;
  readonly file: string;
  /** The migration tool whose layout the file follows (undefined when linted without a plan). */
  readonly layout: LayoutName | undefined;
  /** Whether the statement is in the up, down (with `migrations.lintDown`) or verify part. */
  readonly role: PartRole;
  /**
   * Whether the tool sends the part as ONE multi-statement query (golang-migrate, Prisma, Supabase, and
   * diesel or sqlx with the transaction turned off), which PostgreSQL runs as one implicit transaction
   * block when it holds more than one statement.
   */
  readonly oneQuery: boolean;
}

/** What a statement hook sees: the catalog *before* the statement runs. */
export interface StatementContext {
  readonly catalog: Catalog;
  readonly statement: ParsedStatement;
  readonly migration: MigrationInfo;
  /** Origin of a node of this statement (its `location`, or a range from `locate`), or of the statement itself. */
  origin(location?: number | ByteRange): Origin;
  /**
   * Byte location of a name written in the statement, for nodes the parser gives no location (a dropped
   * table, a dropped column, a rename's new name): the first occurrence of the token sequence (identifiers
   * as PostgreSQL folds them; a qualified name is `["app", ".", "users"]`) after the keyword `after`.
   * Pass the result to `origin()`; undefined (the statement) when not found.
   */
  locate(sequence: readonly string[], after?: string): ByteRange | undefined;
  /** Whether the object was created in the current migration (so no production data or locks yet). */
  isNew(object: Table | Index): boolean;
  /**
   * Whether a TRUNCATE earlier in the transaction still open emptied the table (and its partitions): it
   * holds no row, and the TRUNCATE's ACCESS EXCLUSIVE lock keeps everyone else out until commit, so a
   * scan, a rewrite or an index build on it is instant and blocks nobody new. A statement that may add
   * rows (INSERT, COPY FROM, a DO block, a procedure) ends it.
   */
  emptied(table: QualifiedName): boolean;
  /**
   * The statements after this one in its file (or file section), for a verdict that depends on what the
   * migration does next: a `DROP INDEX IF EXISTS` that only makes room for the `CREATE INDEX` below it.
   * Top-level statements only (DO blocks are not opened); a file the parser streams in chunks is parsed
   * whole on the first call, so call it only once the statement itself is worth reporting.
   */
  following(): readonly ParsedStatement[];
  /** The transaction block the statement runs in (explicit BEGIN, the migration tool's, or none). */
  readonly transaction: TransactionState;
  /** Whether a non-zero lock_timeout was set earlier in this migration and is still in force. */
  readonly lockTimeout: boolean;
}

/** What a final-schema hook sees: every statement of every file folded. */
export interface SchemaContext {
  readonly catalog: Catalog;
  /**
   * The history's files in migration order, which orders the catalog's origins (`originComparator`);
   * absent for a catalog that did not come from folding files (`schemalint verify --rules`).
   */
  readonly files?: readonly FileInfo[];
}

/** Which part of a migration a file (or section) is; `other` is a file the migration tool ignores. */
export type PartRole = "up" | "down" | "verify" | "other";

/** A problem the layout planner found (a misnamed file, a duplicate version, a missing marker). */
export interface LayoutProblemInfo {
  readonly message: string;
  /** What has to be fixed (see the migration planner's `LayoutProblem.kind`); otherwise a file's name or version. */
  readonly kind?: LayoutProblem["kind"];
  /** The line the planner named. */
  readonly origin: Origin;
}

/** One input file (or one section of a file) as the whole-history hooks see it. */
export interface FileInfo {
  readonly path: string;
  readonly migration: string;
  readonly role: PartRole;
  readonly layout: LayoutName | undefined;
  /** The migration's version as written (undefined when linted without a plan). */
  readonly version: string | undefined;
  /** Number of statements the parser found (0 for an empty or comment-only file or section). */
  readonly statements: number;
  /** Number of syntax errors in it. */
  readonly parseErrors: number;
  /** Whether a statement may change the schema: anything but row reads and writes, SET and transaction control. */
  readonly changesSchema: boolean;
  /** Where to report a finding about the file or section as a whole: its marker line, else its first line. */
  readonly origin: Origin;
  /** Whether the file changed since the reference commit; undefined when no `--changed-since`/`--staged` was given. */
  readonly changed: boolean | undefined;
  readonly layoutProblems: readonly LayoutProblemInfo[];
  /**
   * goose: the semicolon at which the tool ends a statement PostgreSQL reads on past it (a line of a
   * function body or a `DO` block that ends with `;`, outside `StatementBegin`/`StatementEnd`), the first
   * one of each such statement: goose sends the statement in pieces. Empty for other tools.
   */
  readonly splitStatements: readonly Origin[];
}

/** One migration: its parts in run order. */
export interface MigrationSummary {
  readonly id: string;
  readonly layout: LayoutName | undefined;
  readonly version: string | undefined;
  /** Whether the layout (or `migrations.requireDown`) expects a down migration. */
  readonly requireDown: boolean;
  readonly up: readonly FileInfo[];
  readonly down: readonly FileInfo[];
}

/** What the whole-history hook sees: every file, in migration order, and the final schema. */
export interface FilesContext {
  readonly files: readonly FileInfo[];
  /** Migrations in run order (files the tool ignores are not in any). */
  readonly migrations: readonly MigrationSummary[];
  readonly catalog: Catalog;
}

/** What the per-migration hook sees after a migration with a down part ran up and then down. */
export interface MigrationContext {
  readonly migration: MigrationSummary;
  /** The catalog before the up ran (a copy). */
  readonly before: Catalog;
  /** The catalog after the up and then the down ran. */
  readonly afterDown: Catalog;
}

export interface RuleContext<Options extends OptionsSchema, MessageId extends string> {
  readonly id: string;
  /** Validated options with defaults applied. */
  readonly options: z.output<Options>;
  readonly settings: { readonly postgresVersion: number };
  report(descriptor: ReportDescriptor<MessageId>): void;
  /**
   * The rule's state that outlives a migration (renames pending until the end of the run, details a
   * final-schema hook reads). It lives here, not in the rule's closure, because `--cache` saves it with
   * the schema and resumes a history after its unchanged migrations: a resumed run gets the saved value,
   * a fresh one `initial()`. Call it once, in `create`. The value must be plain data that
   * `structuredClone` keeps (objects, arrays, Maps, Sets, primitives; no functions or class instances).
   * State about the current migration only (keyed by or reset on the migration id) can stay in the
   * closure: a resumed run starts with a new migration.
   */
  state<State extends object>(initial: () => State): State;
}

type StatementListener = { readonly [K in NodeTag]?: (node: NodeOf<K>, context: StatementContext) => void };

export type RuleListener = StatementListener & {
  /** Runs after each migration that has a down part, with the schema before, after the up and after the down. */
  readonly "Migration:exit"?: (context: MigrationContext) => void;
  /** Runs once on the final schema, after every file is folded. */
  readonly "Schema:exit"?: (context: SchemaContext) => void;
  /** Runs once with the list of files (migration naming, up/down pairs), after "Schema:exit". */
  readonly "Files:exit"?: (context: FilesContext) => void;
};

export interface RuleModule<Options extends OptionsSchema = OptionsSchema, MessageId extends string = string> {
  readonly meta: RuleMeta<Options, MessageId>;
  create(context: RuleContext<Options, MessageId>): RuleListener;
}

/** Identity function that checks a rule module's types (typescript-eslint's `RuleCreator` idea). */
export function defineRule<Options extends OptionsSchema, MessageId extends string>(
  rule: RuleModule<Options, MessageId>,
): RuleModule<Options, MessageId> {
  return rule;
}

/** Documentation URL of a rule. */
export const DOCS_BASE_URL = "https://github.com/schemalint/schemalint/blob/main/docs/rules/";

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
