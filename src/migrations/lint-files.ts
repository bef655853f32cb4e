import type { LintFile, LintTransaction } from "../rules/engine.js";
import { requiresDown } from "./layouts.js";
import type { DirectoryPlan } from "./repository.js";
import { isSql } from "./text.js";
import type { FileLayoutProblem, LayoutName, Migration, MigrationPart } from "./types.js";

export interface LintFileOptions {
  /** Whether findings in this file are reported (false: loaded only for context). */
  readonly report: (path: string) => boolean;
  /** Whether the file changed since the reference commit (`--changed-since`, `--staged`); undefined when not asked. */
  readonly changed?: ((path: string) => boolean) | undefined;
  /** `migrations.requireDown`: overrides the layout's default. */
  readonly requireDown?: boolean | undefined;
  /** `migrations.assumeInTransaction`: when set, the planner already applied it and statement counts do not matter. */
  readonly assumeInTransaction?: boolean | undefined;
}

/**
 * Tools that send a migration file as ONE multi-statement query: PostgreSQL runs such a query as one
 * implicit transaction block, but a query holding a single statement runs outside any block
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT).
 * The Supabase CLI sends a file's statements as one pipelined batch, an implicit transaction as well.
 * Flyway decides by the kind of statements ({@link flywayTransaction}).
 */
const MULTI_STATEMENT_QUERY: ReadonlySet<LayoutName> = new Set(["golang-migrate", "prisma", "supabase"]);

function transactionOf(layout: LayoutName, part: MigrationPart, options: LintFileOptions): LintTransaction {
  if (part.transaction === "query") return "multi-statement";
  if (part.transaction !== "tool" || options.assumeInTransaction !== undefined) return part.transaction;
  if (layout === "flyway") return "flyway";
  return MULTI_STATEMENT_QUERY.has(layout) ? "multi-statement" : "tool";
}

/**
 * The engine's input for planned directories: per migration in run order its up parts, then its down
 * parts (folded onto a copy for the round-trip check), then sqitch verify scripts; then the files the
 * tool ignores (parsed for syntax, not folded). Layout problems are attached to the file they name.
 * Files the plan leaves out on purpose (`Plan.ignored`: another database's migrations) are not linted.
 */
export function lintFilesOf(plans: readonly DirectoryPlan[], texts: ReadonlyMap<string, string>, options: LintFileOptions): LintFile[] {
  const out: LintFile[] = [];
  for (const plan of plans) {
    const problems = new Map<string, FileLayoutProblem[]>();
    for (const { file, ...p } of plan.problems) problems.set(file, [...(problems.get(file) ?? []), p]);
    const used = new Set<string>(plan.ignored);
    const layoutDown = requiresDown(plan.layout);
    for (const migration of plan.migrations) {
      for (const part of [...migration.up, ...migration.down, ...migration.verify]) {
        out.push({ ...fileOf(migration, part, texts, options, options.requireDown ?? (layoutDown || migration.expectsDown === true), problems, used), history: historyOf(plan, migration) });
      }
    }
    for (const path of plan.files) {
      const text = texts.get(path);
      if (text === undefined || used.has(path)) continue;
      if (!isSql(path) && !problems.has(path)) continue;
      used.add(path);
      out.push({
        path,
        text,
        migration: `other:${path}`,
        role: "other",
        report: options.report(path),
        layout: plan.layout,
        history: plan.dir,
        layoutProblems: problems.get(path) ?? [],
        ...changedOf(path, options),
      });
    }
  }
  return out;
}

function fileOf(
  migration: Migration,
  part: MigrationPart,
  texts: ReadonlyMap<string, string>,
  options: LintFileOptions,
  requireDown: boolean,
  problems: ReadonlyMap<string, readonly FileLayoutProblem[]>,
  used: Set<string>,
): LintFile {
  const fileText = texts.get(part.file);
  // Problems are attached once, to the file's first part.
  const layoutProblems = used.has(part.file) ? [] : (problems.get(part.file) ?? []);
  used.add(part.file);
  return {
    path: part.file,
    text: part.text,
    ...(fileText !== undefined && fileText !== part.text ? { fileText } : {}),
    migration: migration.id,
    role: part.role,
    report: options.report(part.file),
    transaction: transactionOf(migration.layout, part, options),
    layout: migration.layout,
    version: migration.version,
    requireDown: requireDown && !migration.repeatable,
    ...(part.markerLine === undefined ? {} : { markerLine: part.markerLine }),
    ...(part.toolCuts === undefined ? {} : { toolCuts: part.toolCuts }),
    layoutProblems,
    ...changedOf(part.file, options),
  };
}

/** A migration directory is one history; each schema dump (and each Flyway baseline off a new database's route) is a whole schema of its own. */
function historyOf(plan: DirectoryPlan, migration: Migration): string {
  return plan.layout === "dump" || migration.standalone === true ? migration.id : plan.dir;
}

function changedOf(path: string, options: LintFileOptions): { changed?: boolean } {
  return options.changed === undefined ? {} : { changed: options.changed(path) };
}
