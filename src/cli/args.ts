import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_FILE_SIZE, parseSize } from "./read.js";

export const HELP = `Usage: schemalint [options] [paths or globs...]
       schemalint rules
       schemalint erd [options] [paths or globs...]
       schemalint verify [options] [paths or globs...]

Lints PostgreSQL schema SQL (migration folders, pg_dump files). Directories are searched for *.sql.
With no paths, lints the config's "include" globs and "migrations.dirs", else the current directory.
Paths given together with a configured "include" are reported on while everything included is loaded
for context; a migration file given alone is read with its directory's history for context.

Options:
  -f, --format NAME                  pretty (default on a terminal), compact (default otherwise), json,
                                     checklist (Markdown schema design checklist, for pull requests),
                                     github (Actions annotations), sarif (code scanning), junit,
                                     gitlab (Code Quality), or any installed eslint-formatter-NAME;
                                     under GitHub Actions, annotations follow a pretty or compact report
  -o, --output-file FILE             Write the report to FILE instead of stdout
  -c, --config PATH                  Use this config file instead of searching for one
      --rule "ID: SEVERITY"          Override a rule, e.g. --rule "no-float-money: warn" (repeatable)
      --max-warnings N               Exit 1 when there are more than N warnings
      --quiet                        Report errors only
      --stdin                        Lint SQL read from standard input
      --stdin-filename PATH          File name for --stdin input (and which history file it replaces)
      --changed-since REF            Report only on files changed since REF (a branch, tag or commit; compared
                                     with the merge base, uncommitted and untracked files included); the whole
                                     history is still loaded for context
      --staged                       Report only on files staged for commit (for pre-commit hooks)
      --baseline FILE                Suppress the findings recorded in FILE (see --write-baseline)
      --write-baseline FILE          Record the current findings in FILE (then suppress them)
      --report-unused-baseline       Report baseline entries whose findings no longer occur (on stderr;
                                     they fail the run)
      --report-unused-disable-directives
                                     Report schemalint-disable directives that suppress nothing
      --color, --no-color            Force or disable colors
      --print-config                 Print the resolved configuration and exit
      --max-file-size SIZE           Skip larger files with a finding instead of reading them (default 64MB;
                                     bytes, or with KB, MB, GB)
      --cache                        Reuse the results of histories that did not change since the last run
      --cache-location PATH          The cache file, or a directory for it (default
                                     node_modules/.cache/schemalint/lint-cache.json)
      --concurrency N|auto|off       Threads that parse large inputs (a dump of 4 MB or more) in parallel:
                                     N threads in all, auto (default) one per CPU up to 3, off only the
                                     main thread
      --debug                        Print timings, fold statistics and stack traces on stderr
  -v, --version                      Print the version
  -h, --help                         Print this help

Commands:
  rules                              List the rules with category, default severity and summary
  verify [paths...]                  Replay the migrations on a real PostgreSQL (embedded PGlite by default):
                                     every up migration must apply, and every down migration must restore
                                     the schema its up started from (see docs/verify.md)
      --database-url URL             Replay on this server instead: a throw-away database is created from
                                     URL's maintenance database ("postgres") and dropped at the end
      --allow-existing-database      Replay into the (empty) database URL names instead of a throw-away one
      --round-trip all|none|last:N   Which migrations get the up, down, up round trip (default all)
      --rules                        Also run the design rules on the catalog the replay produced
  erd [paths...]                     Print a Mermaid erDiagram of the folded schema (one per history);
                                     with -o FILE.md it is written inside a \`\`\`mermaid fence

Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors, 2 usage, config or internal error.
`;

export interface CliOptions {
  readonly format: string | undefined;
  readonly outputFile: string | undefined;
  readonly config: string | undefined;
  readonly rule: readonly string[];
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  readonly stdin: boolean;
  readonly stdinFilename: string | undefined;
  readonly reportUnusedDisableDirectives: boolean;
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
  readonly reportUnusedBaseline: boolean;
  readonly changedSince: string | undefined;
  readonly staged: boolean;
  readonly color: boolean | undefined;
  readonly printConfig: boolean;
  readonly debug: boolean;
  readonly version: boolean;
  readonly help: boolean;
  readonly command: "lint" | "rules" | "erd" | "verify";
  /** verify: a server instead of PGlite. */
  readonly databaseUrl: string | undefined;
  readonly allowExistingDatabase: boolean;
  readonly roundTrip: string | undefined;
  readonly rules: boolean;
  readonly cache: boolean;
  /** Bytes. */
  readonly maxFileSize: number;
  readonly cacheLocation: string | undefined;
  /** Threads in all that parse large inputs (1: the main thread only). */
  readonly concurrency: number;
  readonly paths: readonly string[];
}

export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        "output-file": { type: "string", short: "o" },
        config: { type: "string", short: "c" },
        rule: { type: "string", multiple: true },
        "max-warnings": { type: "string" },
        quiet: { type: "boolean" },
        stdin: { type: "boolean" },
        "stdin-filename": { type: "string" },
        "report-unused-disable-directives": { type: "boolean" },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        "report-unused-baseline": { type: "boolean" },
        "changed-since": { type: "string" },
        staged: { type: "boolean" },
        color: { type: "boolean" },
        "print-config": { type: "boolean" },
        debug: { type: "boolean" },
        "database-url": { type: "string" },
        "allow-existing-database": { type: "boolean" },
        "round-trip": { type: "string" },
        rules: { type: "boolean" },
        cache: { type: "boolean" },
        "max-file-size": { type: "string" },
        "cache-location": { type: "string" },
        concurrency: { type: "string" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    maxWarnings = Number(values["max-warnings"]);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number >= 0, got "${values["max-warnings"]}".`);
  }
  const maxFileSize = values["max-file-size"] === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(values["max-file-size"]);
  if (maxFileSize === undefined) throw new UsageError(`--max-file-size takes a size such as 64MB, 512KB or 1000000, got "${values["max-file-size"] ?? ""}".`);
  const concurrency = concurrencyOf(values.concurrency);
  const command = positionals[0] === "rules" || positionals[0] === "erd" || positionals[0] === "verify" ? positionals[0] : "lint";
  if (command !== "verify") {
    for (const flag of ["database-url", "allow-existing-database", "round-trip", "rules"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} belongs to "schemalint verify".`);
    }
  }
  if (values["allow-existing-database"] === true && values["database-url"] === undefined) throw new UsageError("--allow-existing-database needs --database-url.");
  if (values["round-trip"] !== undefined && !/^(?:all|none|last:[1-9]\d*)$/u.test(values["round-trip"])) {
    throw new UsageError(`--round-trip takes all, none or last:N (N >= 1), got "${values["round-trip"]}".`);
  }
  if (values["changed-since"] !== undefined && values.staged === true) throw new UsageError("--changed-since and --staged cannot be combined: --staged compares with the index.");
  if (values.baseline !== undefined && values["write-baseline"] !== undefined && values.baseline !== values["write-baseline"]) {
    throw new UsageError("--baseline and --write-baseline name different files: --write-baseline FILE also applies FILE.");
  }
  if (values["report-unused-baseline"] === true && values.baseline === undefined && values["write-baseline"] === undefined) {
    throw new UsageError("--report-unused-baseline needs --baseline FILE.");
  }
  if (values["changed-since"]?.trim() === "") throw new UsageError("--changed-since takes a git reference, e.g. --changed-since origin/main.");
  return {
    format: values.format,
    outputFile: values["output-file"],
    config: values.config,
    rule: values.rule ?? [],
    maxWarnings,
    quiet: values.quiet ?? false,
    stdin: values.stdin ?? false,
    stdinFilename: values["stdin-filename"],
    reportUnusedDisableDirectives: values["report-unused-disable-directives"] ?? false,
    baseline: values.baseline,
    writeBaseline: values["write-baseline"],
    reportUnusedBaseline: values["report-unused-baseline"] ?? false,
    changedSince: values["changed-since"],
    staged: values.staged ?? false,
    color: values.color,
    printConfig: values["print-config"] ?? false,
    debug: values.debug ?? false,
    version: values.version ?? false,
    help: values.help ?? false,
    command,
    databaseUrl: values["database-url"],
    allowExistingDatabase: values["allow-existing-database"] ?? false,
    roundTrip: values["round-trip"],
    rules: values.rules ?? false,
    cache: values.cache ?? false,
    maxFileSize,
    cacheLocation: values["cache-location"],
    concurrency,
    paths: command === "lint" ? positionals : positionals.slice(1),
  };
}

/**
 * `auto`'s ceiling. The main thread turns each chunk's JSON into a tree, folds and checks it: about
 * 60 % of the work per chunk. One parse thread keeps ahead of it and a second covers the first's
 * start-up; more only compile more parsers (0.1 s of CPU and 25–45 MB each) and copy the input again.
 */
const AUTO_MAX_THREADS = 3;

/** `--concurrency`: like ESLint's, a number of threads, `auto` (one per CPU, at most 3; the default) or `off` (1). */
function concurrencyOf(value: string | undefined): number {
  if (value === undefined || value === "auto") return Math.min(availableParallelism(), AUTO_MAX_THREADS);
  if (value === "off") return 1;
  const n = Number(value);
  if (!/^\d+$/u.test(value) || !Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency takes a number of threads (1 or more), auto or off, got "${value}".`);
  return n;
}
