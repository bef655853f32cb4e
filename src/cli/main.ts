import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../config/errors.js";
import { loadConfig } from "../config/load.js";
import { parseRuleFlag, resolveConfig } from "../config/resolve.js";
import { resultOf, type LintResult } from "../lint-result.js";
import { initParser } from "../parser/parse.js";
import { formatterContext, loadFormatter, UnknownFormatError } from "../reporters/index.js";
import { rulesById } from "../rules/index.js";
import { VerifyError } from "../verify/database.js";
import { HELP, parseCliArgs, UsageError, type CliOptions } from "./args.js";
import { BaselineError } from "../baseline/baseline.js";
import { GitError } from "./errors.js";
import { migrationOrder } from "./files.js";
import { changedSet, gatherInputs, type Inputs } from "./inputs.js";
import { cacheFileOf, lintHistories } from "./lint-cache.js";
import { ParserThreads } from "./parser-threads.js";

/*
 * zod 4 compiles each object schema into a parser function the first time it parses. A CLI run
 * validates each rule's options once, so compiling costs more than it saves: resolving the
 * recommended config took 13–18 ms with it and 3 ms without (in a fresh process, start-up being what a
 * pre-commit hook waits for). `jitless` is zod's `$ZodConfig` switch for this (zod/v4/core).
 */
z.config({ jitless: true });

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_FAILURE = 2;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
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

function exitCodeOf(results: readonly LintResult[], options: CliOptions): number {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return EXIT_LINT_ERRORS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return EXIT_LINT_ERRORS;
  return EXIT_OK;
}

/** `--debug`: the files left out because the migration tool never runs them on PostgreSQL. */
function ignoredSummary(ignored: readonly string[], cwd: string): string {
  const shown = ignored.slice(0, 5).map((f) => path.relative(cwd, f));
  const more = ignored.length > shown.length ? `, … (${String(ignored.length - shown.length)} more)` : "";
  return `${String(ignored.length)} file${ignored.length === 1 ? "" : "s"} not linted: the migration tool never runs ${ignored.length === 1 ? "it" : "them"} on PostgreSQL (another database's migrations, a generic file a .postgres. one replaces, a version folder whose manifest.json runs none): ${shown.join(", ")}${more}`;
}

/** Histories left out because their directory is named after another database (src/migrations/dialects.ts). */
function otherDatabasesSummary(dirs: Inputs["otherDatabases"], cwd: string): string {
  const shown = dirs.slice(0, 10).map((d) => `${path.relative(cwd, d.dir) || "."} (${d.database})`);
  const more = dirs.length > shown.length ? `, … (${String(dirs.length - shown.length)} more)` : "";
  const one = dirs.length === 1;
  return `${String(dirs.length)} director${one ? "y" : "ies"} not linted: named after another database, whose migrations never run on PostgreSQL; name ${one ? "it" : "one"} on the command line to lint it anyway: ${shown.join(", ")}${more}`;
}

/**
 * `--changed-since` / `--staged` with no linted file changed: the changed SQL files that were left out
 * (a directory named after another database, a file the migration tool never runs on PostgreSQL), so
 * that "nothing to report" does not read as "nothing changed".
 */
function skippedChangesSummary(changed: ReadonlySet<string>, inputs: Inputs, cwd: string): string {
  const list = (files: readonly string[]): string => {
    const shown = files.slice(0, 5);
    const more = files.length > shown.length ? `, … (${String(files.length - shown.length)} more)` : "";
    return `${shown.join(", ")}${more}`;
  };
  const count = (n: number): string => `${String(n)} changed file${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  const underOther = inputs.otherDatabases.flatMap((d) =>
    [...changed].filter((f) => f.endsWith(".sql") && f.startsWith(`${d.dir}/`)).sort(migrationOrder).map((f) => `${path.relative(cwd, f)} (${d.database})`),
  );
  if (underOther.length > 0) {
    parts.push(`${count(underOther.length)} not linted: in a directory named after another database, whose migrations never run on PostgreSQL (name the directory on the command line to lint it anyway): ${list(underOther)}`);
  }
  const ignored = inputs.ignored.filter((f) => changed.has(f)).map((f) => path.relative(cwd, f));
  if (ignored.length > 0) {
    parts.push(`${count(ignored.length)} not linted: the migration tool never runs ${ignored.length === 1 ? "it" : "them"} on PostgreSQL (another database's migrations, a generic file a .postgres. one replaces, a version folder whose manifest.json runs none): ${list(ignored)}`);
  }
  return parts.length === 0 ? "" : ` ${parts.join("; ")}.`;
}

/**
 * `--debug`: which tool each history was read as. A wrong guess (a sql-migrate folder read as plain
 * files) changes every finding, so it is the first thing to check; set `migrations.layout` to override it.
 */
function historiesSummary(histories: Inputs["histories"], cwd: string): string {
  const shown = histories.slice(0, 10).map((h) => {
    const by = h.manifest === undefined ? "" : ` per ${path.relative(cwd, h.manifest)}`;
    return `${path.relative(cwd, h.dir) || "."} (${h.layout}${by}, ${String(h.migrations)} migration${h.migrations === 1 ? "" : "s"})`;
  });
  const more = histories.length > shown.length ? `, … (${String(histories.length - shown.length)} more)` : "";
  return `${String(histories.length)} histor${histories.length === 1 ? "y" : "ies"}: ${shown.join(", ")}${more}`;
}

/** `--debug`: the whole schemas (Flyway baselines, a `LATEST.sql` beside version folders) linted on their own, outside their directory's history. */
function standaloneSummary(files: readonly string[], cwd: string): string {
  const n = files.length;
  const flyway = files.every((f) => path.basename(f).startsWith("B"));
  return `${String(n)} ${flyway ? "Flyway baseline" : "whole-schema file"}${n === 1 ? "" : "s"} linted as a schema of ${n === 1 ? "its" : "their"} own, not folded into the history (an existing database never runs ${n === 1 ? "it" : "them"}): ${files.map((f) => path.relative(cwd, f)).join(", ")}`;
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

/** Formats the results, writes them to stdout or the output file, annotates and summarises; returns them. */
async function writeReport(results: LintResult[], options: CliOptions, cwd: string): Promise<LintResult[]> {
  const formatName = options.format ?? (process.stdout.isTTY && options.outputFile === undefined ? "pretty" : "compact");
  if (options.color === true) process.env.FORCE_COLOR = "1";
  if (options.color === false) process.env.FORCE_COLOR = "0";
  const formatter = await loadFormatter(formatName, cwd);
  const output = await formatter(results, formatterContext(cwd));
  if (options.outputFile === undefined) process.stdout.write(output);
  else {
    const file = path.resolve(cwd, options.outputFile);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, output);
  }
  // Modules only some runs need are imported when needed: start-up time is what a pre-commit hook feels.
  if (annotates(options, formatName)) process.stdout.write((await import("../reporters/github.js")).github(results, formatterContext(cwd)));
  if (process.env.GITHUB_STEP_SUMMARY !== undefined && process.env.GITHUB_STEP_SUMMARY !== "") {
    await (await import("./step-summary.js")).appendStepSummary(results, formatterContext(cwd));
  }
  return results;
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
    process.stdout.write((await import("./rules-command.js")).listRules());
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
    return (await import("./erd-command.js")).erdCommand(options, config, cwd, erdInputs);
  }
  const changed = options.command === "verify" ? undefined : await changedSet(options, cwd);
  // With --cache the parser may not be needed at all: it is loaded when a history has to be linted.
  const [inputs] = await Promise.all([gatherInputs(options, config, cwd, changed), options.cache && options.command === "lint" ? Promise.resolve() : initParser()]);
  clock.mark("read+parser init");
  for (const line of inputs.missing) process.stderr.write(`schemalint: ${line}\n`);
  if (options.command === "verify") {
    const verified = await (await import("./verify-command.js")).verifyCommand(options, config, cwd, inputs);
    const sorted = [...verified.results, ...inputs.failures].sort((a, b) => migrationOrder(a.filePath, b.filePath));
    const shown = await writeReport(options.quiet ? onlyErrors(sorted) : sorted, options, cwd);
    if (inputs.files.length === 0 && inputs.failures.length === 0) {
      process.stderr.write("schemalint: no SQL files to verify.\n");
      return EXIT_FAILURE;
    }
    return inputs.missing.length > 0 || verified.failed ? EXIT_FAILURE : exitCodeOf(shown, options);
  }
  const settings = {
    rules: config.rules,
    postgresVersion: config.postgresVersion,
    knownRuleIds: new Set(rulesById.keys()),
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ? 2 : undefined,
    lintDown: config.migrations.lintDown,
  } as const;
  const cacheFile = options.cache ? cacheFileOf(options.cacheLocation, cwd) : undefined;
  const parser = new ParserThreads(options.concurrency);
  let lintRun;
  try {
    lintRun = await lintHistories(inputs.files, settings, { cacheFile, version: version(), prepareParser: (files) => parser.prepare(files) });
  } finally {
    await parser.close();
  }
  const threads = await parser.started();
  clock.mark(`${cacheFile === undefined ? "lint" : `lint (${String(lintRun.reused)} of ${String(lintRun.total)} histories from the cache${lintRun.resumed === 0 ? "" : `; ${String(lintRun.resumed)} resumed after ${String(lintRun.resumedFiles)} unchanged files`})`}${threads > 0 ? ` (${String(threads)} parse thread${threads === 1 ? "" : "s"} besides the main thread)` : ""}`);
  const sorted = [...lintRun.results, ...inputs.failures].sort((a, b) => migrationOrder(a.filePath, b.filePath));
  const baselined =
    options.baseline === undefined && options.writeBaseline === undefined ? { results: sorted, unused: 0 } : await (await import("./baseline.js")).withBaseline(options, sorted, inputs.files, cwd);
  const results = await writeReport(options.quiet ? onlyErrors(baselined.results) : baselined.results, options, cwd);
  clock.mark("format");
  if (options.debug) {
    const skipped = [...lintRun.stats.skipped].map(([tag, n]) => `${tag} ×${n}`).join(", ");
    process.stderr.write(`schemalint: ${lintRun.stats.files} files, ${lintRun.stats.statements} statements, ${lintRun.stats.applied} folded${skipped === "" ? "" : `, not modelled: ${skipped}`}\n`);
    process.stderr.write(`schemalint: timings: ${clock.report()}\n`);
    if (inputs.histories.length > 0) process.stderr.write(`schemalint: ${historiesSummary(inputs.histories, cwd)}\n`);
    if (inputs.ignored.length > 0) process.stderr.write(`schemalint: ${ignoredSummary(inputs.ignored, cwd)}\n`);
    if (inputs.otherDatabases.length > 0) process.stderr.write(`schemalint: ${otherDatabasesSummary(inputs.otherDatabases, cwd)}\n`);
    if (inputs.standalone.length > 0) process.stderr.write(`schemalint: ${standaloneSummary(inputs.standalone, cwd)}\n`);
  }
  if (changed !== undefined && inputs.reported === 0 && inputs.missing.length === 0) {
    const skipped = skippedChangesSummary(changed, inputs, cwd);
    process.stderr.write(`schemalint: no ${skipped === "" ? "" : "linted "}SQL file changed ${options.staged ? "in the index" : `since ${options.changedSince ?? ""}`}; nothing to report.${skipped}\n`);
    return EXIT_OK;
  }
  if (inputs.files.length === 0 && inputs.failures.length === 0) {
    // --debug has listed them already.
    const others = inputs.otherDatabases.length > 0 && !options.debug ? ` ${otherDatabasesSummary(inputs.otherDatabases, cwd)}` : "";
    process.stderr.write(`schemalint: no SQL files to lint.${others}\n`);
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
    } else if (error instanceof ConfigError || error instanceof UnknownFormatError || error instanceof GitError || error instanceof BaselineError || error instanceof VerifyError) {
      process.stderr.write(`schemalint: ${error.message}\n`);
    } else {
      const detail = error instanceof Error ? (options?.debug === true ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(`schemalint: internal error: ${detail}\n${options?.debug === true ? "" : "Run with --debug for a stack trace.\n"}`);
    }
    return EXIT_FAILURE;
  }
}
