/** Migration tools whose file layouts schemalint understands. */
export type LayoutName =
  | "golang-migrate"
  | "sqlx"
  | "maragudk-migrate"
  | "popx"
  | "drizzle"
  | "atlas"
  | "diesel"
  | "dbmate"
  | "goose"
  | "sql-migrate"
  | "tern"
  | "flyway"
  | "sqitch"
  | "graphile-migrate"
  | "prisma"
  | "supabase"
  | "plain"
  | "dump";

/** One input file: an absolute POSIX path and its contents. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export type PartRole = "up" | "down" | "verify";

export interface MigrationPart {
  /** Path of the file holding this part. */
  readonly file: string;
  readonly role: PartRole;
  /**
   * The file text with everything outside this part blanked: each UTF-16 code unit of other sections
   * replaced by a space, line breaks kept, so line/column positions in the part equal those in the file.
   */
  readonly text: string;
  /**
   * How the tool runs it: inside its own transaction ("tool") or not ("none").
   *
   * golang-migrate and Prisma send the whole file as one multi-statement query, which PostgreSQL runs as
   * ONE implicit transaction block, but a file holding a single statement is not in a transaction block;
   * Flyway likewise runs a migration outside a transaction when it detects a statement such as
   * `CREATE INDEX CONCURRENTLY`. This module cannot count or classify statements, so it reports "tool"
   * and the caller decides once the part is parsed.
   *
   * "query": the tool opens no transaction but sends the file as one query, so PostgreSQL runs it as one
   * implicit transaction block when it holds more than one statement (popx `.autocommit.` files).
   */
  readonly transaction: "tool" | "none" | "query";
  /**
   * True when `transaction` is the migration's own opt-out of the tool's transaction (dbmate
   * `transaction:false`, goose `NO TRANSACTION`, sql-migrate `notransaction`, diesel `run_in_transaction = false`, sqlx
   * `-- no-transaction`, popx `.autocommit.`, Flyway `executeInTransaction=false`) rather than the
   * layout's default: `PlanOptions.assumeInTransaction` does not override it.
   */
  readonly optedOut?: boolean;
  /** 1-based line of the section's marker (dbmate `-- migrate:down`, goose `-- +goose Down`). */
  readonly markerLine?: number;
  /**
   * goose: offsets in `text` of the semicolons at which the tool ends a statement by its own line-based
   * rule (outside `StatementBegin`/`StatementEnd` blocks), whatever PostgreSQL makes of the text around
   * them; the engine reports those that fall inside a statement.
   */
  readonly toolCuts?: readonly number[];
}

export interface Migration {
  /** Stable: layout + directory + version (+ name). */
  readonly id: string;
  /** As written (empty for repeatable Flyway migrations and dumps; the change name for sqitch). */
  readonly version: string;
  readonly name: string;
  readonly layout: LayoutName;
  readonly up: readonly MigrationPart[];
  /** Empty when there is none. */
  readonly down: readonly MigrationPart[];
  /** sqitch `verify/` scripts: run neither on deploy nor on revert. Empty for every other layout. */
  readonly verify: readonly MigrationPart[];
  /** Flyway `R__` migrations, re-run whenever they change. */
  readonly repeatable: boolean;
  /**
   * The file names promise a down although the layout does not require one: a plain `{name}.up.sql`
   * (see `planPlain`). `require-down-migration` then expects its `{name}.down.sql`.
   */
  readonly expectsDown?: boolean;
  /**
   * A whole schema that is no step of the directory's history: a Flyway baseline `B…` off a new
   * database's route (an existing database never runs it). Linted as a history of its own, like a dump.
   */
  readonly standalone?: boolean;
}

export interface LayoutProblem {
  readonly file: string;
  readonly message: string;
  /**
   * What the user has to fix: "checksum", the tool's integrity file disagrees with the files (Atlas
   * `atlas.sum`); "marker", the comments that tell the tool where sections and statements begin
   * (goose, dbmate, sql-migrate, `atlas:txmode`); "manifest", the tool's own list of migrations
   * (drizzle's journal, sqitch's plan and configuration); "include", a file a migration includes
   * (graphile-migrate's `--!include`, tern's templates); otherwise a file's name or version.
   */
  readonly kind?: "checksum" | "marker" | "manifest" | "include";
  /** 1-based; 1 for problems with the file as a whole. */
  readonly line: number;
}

/** A layout problem as attached to its file. */
export type FileLayoutProblem = Omit<LayoutProblem, "file">;

export interface PlanOptions {
  /** Default "auto": {@link detectLayout}. */
  readonly layout?: LayoutName | "auto";
  /**
   * Overrides the layout's default transaction state of every part: true → "tool", false → "none". A
   * migration's own opt-out ({@link MigrationPart.optedOut}) wins; with true, a plain or golang-migrate
   * file whose text starts with `-- no-transaction` (sqlx's opt-out) runs as one query ("query").
   */
  readonly assumeInTransaction?: boolean;
  /**
   * Plan the route a new, empty database takes (`schemalint verify`): Flyway then starts from the
   * latest baseline migration `B…` and skips the versioned migrations it covers, as Flyway does.
   */
  readonly newDatabase?: boolean;
  /**
   * The nearest project manifest above the migration directory, as the CLI found it (planners read no
   * files). Only detection uses it: tools that share a file naming scheme (sqlx and golang-migrate,
   * maragudk/migrate and golang-migrate) are told apart by the project's dependencies.
   */
  readonly project?: ProjectManifest | undefined;
}

/**
 * A project manifest's dependencies, read minimally (`src/migrations/project.ts`): the crate names of a
 * `Cargo.toml`'s dependency tables, the module paths of a `go.mod`'s `require` directives.
 */
export interface ProjectManifest {
  readonly manifest: "Cargo.toml" | "go.mod";
  /** Absolute path of the manifest file, for `--debug`. */
  readonly path: string;
  readonly dependencies: readonly string[];
}

export interface Plan {
  readonly layout: LayoutName;
  readonly migrations: Migration[];
  readonly problems: LayoutProblem[];
  /**
   * Files the tool never runs against PostgreSQL and that are not mistakes: another database's
   * migrations (popx `.mysql.`, `.sqlite3.`, …), generic files a `.postgres.` file replaces, and the
   * files of a version folder whose `manifest.json` runs none (`AllowNoCqlFiles`). They are not linted
   * at all, not even for syntax.
   */
  readonly ignored: readonly string[];
}

/** What a layout planner receives: the files sorted by path and their common directory. */
export interface PlanContext {
  readonly root: string;
  readonly files: readonly SourceFile[];
  /** See {@link PlanOptions.newDatabase}. */
  readonly newDatabase?: boolean;
}

export interface LayoutResult {
  readonly migrations: Migration[];
  readonly problems: LayoutProblem[];
  /** See {@link Plan.ignored}. */
  readonly ignored?: readonly string[];
}
