import { readFileSync, realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../config/errors.js";
import { loadConfig } from "../config/load.js";
import { parseRuleFlag, resolveConfig, type ResolvedConfig } from "../config/resolve.js";
import { resultOf, type LintResult } from "../lint-result.js";
import { lintFilesOf } from "../migrations/lint-files.js";
import { planRepository } from "../migrations/repository.js";
import type { SourceFile } from "../migrations/types.js";
import { initParser } from "../parser/parse.js";
import { github } from "../reporters/github.js";
import { formatterContext, loadFormatter, UnknownFormatError } from "../reporters/index.js";
import { lint, type LintFile } from "../rules/engine.js";
import { rulesById } from "../rules/index.js";
import { HELP, parseCliArgs, UsageError, type CliOptions } from "./args.js";
import { changedFiles, GitError } from "./git.js";
import { collectFiles, isMetadataFile, migrationOrder } from "./files.js";
import { readSqlFile, decodeSql } from "./read.js";
import { listRules } from "./rules-command.js";
import { BaselineError, withBaseline } from "./baseline.js";
import { erdCommand } from "./erd-command.js";
import { appendStepSummary } from "./step-summary.js";

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_FAILURE = 2;

/** Files read at once. */
const READ_BATCH = 64;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Timings {
  mark(phase: string): void;
  report(): string;
}

function timings(): Timings {
  const start = performance.now();
  let last = start;
  const phases: string[] = [];
  return {
    mark(phase) {
      const now = performance.now();
      phases.push(`${phase} ${(now - last).toFixed(1)} ms`);
      last = now;
    },
    report() {
      return `${phases.join(", ")}; total ${(performance.now() - start).toFixed(1)} ms`;
    },
  };
}

function failureResult(file: string, message: string, line: number, column: number): LintResult {
  return resultOf(file, [{ ruleId: "read-error", severity: 2, fatal: true, message, line, column }], []);
}

interface Inputs {
  readonly files: LintFile[];
  readonly failures: LintResult[];
  readonly missing: string[];
  /** Files reported on (after `--changed-since` / `--staged`). */
  readonly reported: number;
}

/** Whether a file name carries a migration version (so its directory holds the history it belongs to). */
function isVersionedMigration(file: string): boolean {
  const base = path.basename(file);
  const dir = path.basename(path.dirname(file));
  return /^\d/u.test(base) || /^(?:[VU]\d|R__)/u.test(base) || /^\d/u.test(dir) || ["deploy", "revert", "verify"].includes(dir);
}

/** The directory whose files make up the history of a migration file (diesel/prisma: the parent of the version directory; sqitch: the plan's directory). */
function historyDirOf(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(dir);
  if (/^\d/u.test(base) || ["deploy", "revert", "verify"].includes(base)) return path.dirname(dir);
  return dir;
}

async function readAll(all: readonly string[], stdinPath: string | undefined, stdinText: ReturnType<typeof decodeSql> | undefined): Promise<Awaited<ReturnType<typeof readSqlFile>>[]> {
  // Read in parallel batches: one await per file would serialize thousands of small reads.
  const outcomes: Awaited<ReturnType<typeof readSqlFile>>[] = [];
  for (let i = 0; i < all.length; i += READ_BATCH) {
    const batch = all.slice(i, i + READ_BATCH);
    outcomes.push(...(await Promise.all(batch.map(async (file) => (file === stdinPath && stdinText !== undefined ? stdinText : readSqlFile(file))))));
  }
  return outcomes;
}

async function gatherInputs(options: CliOptions, config: ResolvedConfig, cwd: string, changed: ReadonlySet<string> | undefined): Promise<Inputs> {
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
  const context = contextList.length > 0 ? await collectFiles(contextList, cwd, exclude) : { files: [], missing: [] };
  const reportSet = new Set(reported.files);
  const all = [...new Set([...context.files, ...reported.files, ...(stdinPath === undefined ? [] : [stdinPath])])].sort(migrationOrder);
  const stdinText = stdinPath === undefined ? undefined : decodeSql(await readStdin());
  const outcomes = await readAll(all, stdinPath, stdinText);
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
  const plans = planRepository(sources, {
    layout: config.migrations.layout,
    ...(config.migrations.assumeInTransaction === undefined ? {} : { assumeInTransaction: config.migrations.assumeInTransaction }),
  });
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
  };
}

/** Files changed per `--changed-since` / `--staged`, real paths resolved as the file list has them. */
async function changedSet(options: CliOptions, cwd: string): Promise<Set<string> | undefined> {
  if (options.changedSince === undefined && !options.staged) return undefined;
  const changed = await changedFiles(cwd, { since: options.changedSince, staged: options.staged });
  // git reports real paths; the file list may reach them through a symlinked directory (macOS /tmp).
  const real = realpathSync(cwd);
  const out = new Set(changed);
  if (real !== cwd) for (const file of changed) if (file.startsWith(`${real}/`)) out.add(path.join(cwd, file.slice(real.length + 1)));
  return out;
}

function exitCodeOf(results: readonly LintResult[], options: CliOptions): number {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return EXIT_LINT_ERRORS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return EXIT_LINT_ERRORS;
  return EXIT_OK;
}

function onlyErrors(results: readonly LintResult[]): LintResult[] {
  return results.map((r) => resultOf(r.filePath, r.messages.filter((m) => m.severity === 2), [...r.suppressedMessages]));
}

/**
 * Under GitHub Actions the report also annotates the pull request (workflow commands on stdout, after the
 * report): with the default format, a terminal format, or the report in a file — not when stdout carries
 * a report for a program (json, sarif, ...) or the Markdown checklist, which the annotations would corrupt.
 */
function annotates(options: CliOptions, formatName: string): boolean {
  if (process.env.GITHUB_ACTIONS !== "true" || formatName === "github") return false;
  return options.format === undefined || options.outputFile !== undefined || formatName === "pretty" || formatName === "compact";
}

async function run(options: CliOptions, cwd: string): Promise<number> {
  if (options.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    process.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  if (options.command === "rules") {
    process.stdout.write(listRules());
    return EXIT_OK;
  }
  const clock = timings();
  const loaded = await loadConfig(cwd, options.config);
  const overrides = options.rule.map(parseRuleFlag);
  const config = resolveConfig(loaded.config, loaded.filepath, overrides);
  clock.mark("config");
  if (options.printConfig) {
    process.stdout.write(`${JSON.stringify({ filepath: config.filepath ?? null, rules: config.ruleSettings, include: config.include, exclude: config.exclude, postgresVersion: config.postgresVersion, migrations: config.migrations }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (options.command === "erd") {
    const [erdInputs] = await Promise.all([gatherInputs(options, config, cwd, undefined), initParser()]);
    return erdCommand(options, config, cwd, erdInputs);
  }
  const formatName = options.format ?? (process.stdout.isTTY && options.outputFile === undefined ? "pretty" : "compact");
  if (options.color === true) process.env.FORCE_COLOR = "1";
  if (options.color === false) process.env.FORCE_COLOR = "0";
  const formatter = await loadFormatter(formatName, cwd);
  const changed = await changedSet(options, cwd);
  const [inputs] = await Promise.all([gatherInputs(options, config, cwd, changed), initParser()]);
  clock.mark("read+parser init");
  for (const line of inputs.missing) process.stderr.write(`schemalint: ${line}\n`);
  const lintRun = lint(inputs.files, {
    rules: config.rules,
    postgresVersion: config.postgresVersion,
    knownRuleIds: new Set(rulesById.keys()),
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ? 2 : undefined,
    lintDown: config.migrations.lintDown,
  });
  clock.mark("lint");
  const baselined = await withBaseline(options, [...lintRun.results, ...inputs.failures].sort((a, b) => migrationOrder(a.filePath, b.filePath)), inputs.files, cwd);
  let results = baselined.results;
  if (options.quiet) results = onlyErrors(results);
  const output = await formatter(results, formatterContext(cwd));
  clock.mark("format");
  if (options.outputFile === undefined) process.stdout.write(output);
  else {
    const file = path.resolve(cwd, options.outputFile);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, output);
  }
  if (annotates(options, formatName)) process.stdout.write(github(results, formatterContext(cwd)));
  await appendStepSummary(results, formatterContext(cwd));
  if (options.debug) {
    const skipped = [...lintRun.stats.skipped].map(([tag, n]) => `${tag} ×${n}`).join(", ");
    process.stderr.write(`schemalint: ${lintRun.stats.files} files, ${lintRun.stats.statements} statements, ${lintRun.stats.applied} folded${skipped === "" ? "" : `, not modelled: ${skipped}`}\n`);
    process.stderr.write(`schemalint: timings: ${clock.report()}\n`);
  }
  if (changed !== undefined && inputs.reported === 0 && inputs.missing.length === 0) {
    process.stderr.write(`schemalint: no SQL file changed ${options.staged ? "in the index" : `since ${options.changedSince ?? ""}`}; nothing to report.\n`);
    return EXIT_OK;
  }
  if (inputs.files.length === 0 && inputs.failures.length === 0) {
    process.stderr.write("schemalint: no SQL files to lint.\n");
    return EXIT_FAILURE;
  }
  const code = baselined.unused > 0 ? Math.max(EXIT_LINT_ERRORS, exitCodeOf(results, options)) : exitCodeOf(results, options);
  return inputs.missing.length > 0 ? EXIT_FAILURE : code;
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  let options: CliOptions | undefined;
  try {
    options = parseCliArgs(argv);
    return await run(options, cwd);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`schemalint: ${error.message}\nRun "schemalint --help" for usage.\n`);
    } else if (error instanceof ConfigError || error instanceof UnknownFormatError || error instanceof GitError || error instanceof BaselineError) {
      process.stderr.write(`schemalint: ${error.message}\n`);
    } else {
      const detail = error instanceof Error ? (options?.debug === true ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(`schemalint: internal error: ${detail}\n${options?.debug === true ? "" : "Run with --debug for a stack trace.\n"}`);
    }
    return EXIT_FAILURE;
  }
}
