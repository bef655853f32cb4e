import { realpathSync } from "node:fs";
import path from "node:path";
import type { ResolvedConfig } from "../config/resolve.js";
import { resultOf, type LintResult } from "../lint-result.js";
import { isGmrc } from "../migrations/gmrc.js";
import { lintFilesOf } from "../migrations/lint-files.js";
import { manifestTool } from "../migrations/project.js";
import { historyDirectories, planRepository, type RepositoryPlanOptions } from "../migrations/repository.js";
import type { ProjectManifest, SourceFile } from "../migrations/types.js";
import { VERSION_FOLDER } from "../migrations/version-folders.js";
import type { LintFile } from "../rules/engine.js";
import type { CliOptions } from "./args.js";
import { collectFiles, isMetadataFile, isNameOnly, migrationOrder } from "./files.js";
import { GmrcFinder } from "./gmrc.js";
import { ProjectFinder } from "./project.js";
import { decodeSql, readSqlFileSync, type ReadOutcome } from "./read.js";

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}


function failureResult(file: string, message: string, line: number, column: number): LintResult {
  return resultOf(file, [{ ruleId: "read-error", severity: 2, fatal: true, message, line, column }], []);
}

export interface Inputs {
  readonly files: LintFile[];
  readonly failures: LintResult[];
  readonly missing: string[];
  /** Files reported on (after `--changed-since` / `--staged`). */
  readonly reported: number;
  /** Files the migration tool never runs on PostgreSQL (another database's migrations), not linted: `--debug` lists them. */
  readonly ignored: readonly string[];
  /** Histories named after another database (src/migrations/dialects.ts), not linted: `--debug` lists them. */
  readonly otherDatabases: readonly { readonly dir: string; readonly database: string }[];
  /** Whole schemas linted apart from their directory's history (Flyway baselines): `--debug` lists them. */
  readonly standalone: readonly string[];
  /**
   * Each history: its directory, the migration tool it was read as, its number of migrations and the
   * project manifest that decided the tool, if one did (`--debug`).
   */
  readonly histories: readonly { readonly dir: string; readonly layout: string; readonly migrations: number; readonly manifest?: string }[];
}

/** Whether a file name carries a migration version (so its directory holds the history it belongs to). */
function isVersionedMigration(file: string): boolean {
  const base = path.basename(file);
  const dir = path.basename(path.dirname(file));
  // graphile-migrate's current migration carries no version but is the last step of its folder's history.
  if (base === "current.sql" || dir === "current") return true;
  return /^\d/u.test(base) || /^(?:[VU]\d|R__)/u.test(base) || /^\d/u.test(dir) || VERSION_FOLDER.test(dir) || ["deploy", "revert", "verify"].includes(dir);
}

/**
 * The directory whose files make up the history of a migration file (diesel/prisma: the parent of the
 * version directory; a version folder `v1.2/`: its parent, which may hold its sibling versions; sqitch:
 * the plan's directory).
 */
function historyDirOf(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(dir);
  // graphile-migrate's `committed/` and `current/` are parts of the migrations folder above them.
  if (/^\d/u.test(base) || VERSION_FOLDER.test(base) || ["deploy", "revert", "verify", "committed", "current"].includes(base)) return path.dirname(dir);
  return dir;
}

/** A Go migration's name, or a `tern.conf`'s, is all the planner needs ({@link isNameOnly}). */
const NAME_ONLY: ReadOutcome = { ok: true, text: "" };

function readAll(all: readonly string[], stdinPath: string | undefined, stdinText: ReadOutcome | undefined, maxFileSize: number): ReadOutcome[] {
  return all.map((file) => (file === stdinPath && stdinText !== undefined ? stdinText : isNameOnly(file) ? NAME_ONLY : readSqlFileSync(file, maxFileSize)));
}

export async function gatherInputs(options: CliOptions, config: ResolvedConfig, cwd: string, changed: ReadonlySet<string> | undefined): Promise<Inputs> {
  const configDir = config.filepath === undefined ? cwd : path.dirname(config.filepath);
  const contextPatterns = [...config.include, ...config.migrations.dirs].map((p) => path.resolve(configDir, p));
  const reportPatterns = options.paths.length > 0 ? options.paths : options.stdin ? [] : contextPatterns.length > 0 ? contextPatterns : ["."];
  const exclude = config.exclude.map((p) => path.resolve(configDir, p).split(path.sep).join("/"));
  const reported = await collectFiles(reportPatterns, cwd, exclude);
  const stdinPath = options.stdin ? path.resolve(cwd, options.stdinFilename ?? "<stdin>.sql") : undefined;
  // Without a configured history, a migration file given alone is read with its directory's history.
  const historyDirs =
    contextPatterns.length > 0 || options.paths.length === 0
      ? []
      : [...new Set(options.paths.map((p) => path.resolve(cwd, p)).filter((f) => reported.files.includes(f) && isVersionedMigration(f)).map(historyDirOf))];
  const contextList = [...contextPatterns, ...historyDirs];
  const context = contextList.length > 0 ? await collectFiles(contextList, cwd, exclude) : { files: [], missing: [], roots: [] };
  const reportSet = new Set(reported.files);
  const gathered = [...new Set([...context.files, ...reported.files, ...(stdinPath === undefined ? [] : [stdinPath])])];
  // Go migrations and a tern.conf matter only beside SQL files: a directory of Go code alone is no history.
  const sqlDirs = new Set(gathered.filter((f) => f.endsWith(".sql")).map((f) => path.dirname(f)));
  const all = gathered.filter((f) => !isNameOnly(f) || sqlDirs.has(path.dirname(f))).sort(migrationOrder);
  const stdinText = stdinPath === undefined ? undefined : decodeSql(await readStdin(), options.maxFileSize);
  const outcomes = readAll(all, stdinPath, stdinText, options.maxFileSize);
  const isReported = (file: string): boolean =>
    (file === stdinPath || (!options.stdin && reportSet.has(file))) && (changed === undefined || file === stdinPath || changed.has(file));
  const failures: LintResult[] = [];
  const sources: SourceFile[] = [];
  const loose: LintFile[] = [];
  all.forEach((file, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) return;
    if (!outcome.ok) {
      if (isReported(file)) failures.push(failureResult(file, outcome.message, outcome.line, outcome.column));
      return;
    }
    if (file.endsWith(".sql") || isMetadataFile(file)) sources.push({ path: file, text: outcome.text });
    // A file named explicitly is SQL whatever its extension: one migration of its own.
    else loose.push({ path: file, text: outcome.text, migration: file, role: "up", report: isReported(file) });
  });
  const planOptions: RepositoryPlanOptions = {
    layout: config.migrations.layout,
    newDatabase: options.command === "verify",
    ...(config.migrations.assumeInTransaction === undefined ? {} : { assumeInTransaction: config.migrations.assumeInTransaction }),
  };
  const auto = config.migrations.layout === "auto";
  let dirs = auto || config.migrations.layout === "graphile-migrate" ? historyDirectories(sources, planOptions) : [];
  // graphile-migrate's .gmrc usually sits above the migrations folder, outside the files given; one
  // found there regroups the files below its migrations folder.
  if (dirs.length > 0) {
    const gmrcs = await new GmrcFinder().findAll(dirs, sources);
    if (gmrcs.length > 0) {
      sources.push(...gmrcs);
      dirs = historyDirectories(sources, planOptions);
    }
  }
  // Tools sharing a naming scheme are told apart by the project's manifest (Cargo.toml: sqlx; go.mod:
  // maragudk/migrate), looked up here because planners read no files; a configured layout needs none.
  const projects = auto ? await new ProjectFinder().findAll(dirs) : new Map<string, ProjectManifest>();
  // Directories named after another database are left out below the paths given, never the paths themselves.
  const roots = [...reported.roots, ...context.roots, ...(stdinPath === undefined ? [] : [path.dirname(stdinPath).split(path.sep).join("/")])];
  const planned = planRepository(sources, { ...planOptions, projects, roots });
  const plans = planned.filter((p) => p.otherDatabase === undefined);
  const texts = new Map(sources.map((f) => [f.path, f.text]));
  const files = [
    ...lintFilesOf(plans, texts, {
      report: isReported,
      changed: changed === undefined ? undefined : (file) => changed.has(file),
      requireDown: config.migrations.requireDown,
      assumeInTransaction: config.migrations.assumeInTransaction,
    }),
    ...loose,
  ];
  return {
    files,
    failures,
    missing: reported.missing.map((m) => `${m.pattern}: ${m.reason}`),
    reported: files.filter((f) => f.report).length + failures.length,
    ignored: plans.flatMap((p) => p.ignored),
    otherDatabases: planned.flatMap((p) => (p.otherDatabase === undefined ? [] : [{ dir: p.dir, database: p.otherDatabase }])),
    standalone: plans.flatMap((p) => p.migrations.filter((m) => m.standalone === true).flatMap((m) => m.up.map((u) => u.file))),
    histories: plans.map((p) => {
      // The manifest is named where it decided the layout.
      const project = projects.get(p.dir);
      const gmrc = p.layout === "graphile-migrate" ? p.files.find(isGmrc) : undefined;
      const manifest = project !== undefined && manifestTool(project) === p.layout ? project.path : gmrc;
      return { dir: p.dir, layout: p.layout, migrations: p.migrations.length, ...(manifest === undefined ? {} : { manifest }) };
    }),
  };
}

/** Files changed per `--changed-since` / `--staged`, real paths resolved as the file list has them. */
export async function changedSet(options: CliOptions, cwd: string): Promise<Set<string> | undefined> {
  if (options.changedSince === undefined && !options.staged) return undefined;
  // simple-git is loaded only by runs that compare with git.
  const { changedFiles } = await import("./git.js");
  const changed = await changedFiles(cwd, { since: options.changedSince, staged: options.staged });
  // git reports real paths; the file list may reach them through a symlinked directory (macOS /tmp).
  const real = realpathSync(cwd);
  const out = new Set(changed);
  if (real !== cwd) for (const file of changed) if (file.startsWith(`${real}/`)) out.add(path.join(cwd, file.slice(real.length + 1)));
  return out;
}

