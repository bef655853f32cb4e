/**
 * jackc/tern (https://github.com/jackc/tern), the migrator of pgx's author. Modelled on its own code,
 * migrate/migrate.go (https://github.com/jackc/tern/blob/master/migrate/migrate.go):
 *
 * - `FindMigrations` reads only the files directly in the migrations directory whose name matches
 *   `migrationPattern`, `\A(\d+)_.+\.sql\z`; any other file is skipped without a word. The number is
 *   the version, parsed as an int32; versions must be exactly 1, 2, 3, … : a version used twice
 *   ("Duplicate migration n") or one missing ("Missing migration n") makes tern refuse to load any
 *   migration, and a version 0 indexes before the start of its list (a Go panic).
 * - `LoadMigrations` splits each file at the first `---- create above / drop below ----`
 *   (`strings.SplitN`, anywhere in the text): above is the up migration, below the down one. A file
 *   without it is irreversible (no down); one without SQL above it (only blank or `--` comment lines)
 *   fails to load (`ErrNoFwMigration`).
 * - Every file is a Go `text/template` (with sprig's functions): `{{ .prefix }}` prints a value from
 *   tern.conf's `[data]`, and the `.sql` files in subdirectories (`shared/v1_001.sql`, at any depth) are
 *   not migrations but templates a migration includes with `{{ template "shared/v1_001.sql" . }}`. Such
 *   an include is planned as a part of its own: the template file's text, where the action stands.
 * - `MigrateTo` runs each migration's up (or down) in a transaction of its own, sent as ONE `Exec` of
 *   the whole text, unless that direction's text holds a line that is exactly `---- tern: disable-tx
 *   ----` (`disableTxPattern`, `(?m)^---- tern: disable-tx ----$`): then `sqlsplit.Split` cuts it into
 *   statements, each sent on its own, outside any transaction.
 */
import { assemble } from "./assemble.js";
import { merge, notMatching } from "./flat.js";
import { hasSqlLine, includedFiles, inRunOrder, type IncludeSyntax } from "./includes.js";
import { basename, keepRange, numericKey, splitLines, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, MigrationPart, PlanContext, SourceFile } from "./types.js";
import type { Candidate } from "./assemble.js";

/** What `LoadMigrations` splits a file at. */
export const TERN_SEPARATOR = "---- create above / drop below ----";
/** `disableTxPattern`, a whole line (Go's `(?m)^…$`: `\n` ends a line, `\r` does not). */
const DISABLE_TX = "---- tern: disable-tx ----";
/** `migrationPattern`. */
const MIGRATION = /^(\d+)_(.+)\.sql$/u;
const INT32_MAX = 2n ** 31n - 1n;
/** `{{ template "shared/x.sql" . }}`: the template's name is its path below the migrations directory. */
const INCLUDE = /\{\{-?\s*template\s+"([^"\n]+)"[^}]*\}\}/gu;

const REFUSES = "tern refuses to load the migrations";

/** What `tern init` writes beside the migrations (tern reads its `[data]` for the templates); only its name is used. */
export const TERN_CONF = "tern.conf";

/**
 * Whether `dir` holds tern migrations: a `.sql` file directly in it with tern's separator, or a
 * `tern.conf` beside `{version}_{name}.sql` files (a history whose migrations have no downs).
 */
export function isTernDirectory(dir: string, files: readonly SourceFile[]): boolean {
  const direct = files.filter((f) => f.path === `${dir}/${basename(f.path)}`);
  const sql = direct.filter((f) => f.path.endsWith(".sql"));
  if (sql.some((f) => f.text.includes(TERN_SEPARATOR))) return true;
  return direct.some((f) => basename(f.path) === TERN_CONF) && sql.some((f) => MIGRATION.test(basename(f.path)));
}

/**
 * The directories below a tern migrations directory whose `.sql` files are its templates (tern walks
 * every subdirectory for them), by that directory: planned with it, not as histories of their own.
 * Only directories whose files read as plain SQL: another tool's history nested below stays its own.
 */
export function ternTemplateGroups(groups: ReadonlyMap<string, readonly SourceFile[]>, plainSql: (files: readonly SourceFile[]) => boolean): Map<string, string[]> {
  const byRoot = new Map<string, string[]>();
  const roots = [...groups].filter(([dir, files]) => isTernDirectory(dir, files)).map(([dir]) => dir);
  for (const [dir, files] of groups) {
    // The nearest tern directory above.
    const root = roots.filter((r) => dir.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
    if (root === undefined || !files.every((f) => f.path.endsWith(".sql")) || !plainSql(files)) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), dir]);
  }
  return byRoot;
}

/** tern: see the module comment. */
export function planTern(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const candidates: Candidate[] = [];
  const templates = new Map(ctx.files.filter((f) => f.path.endsWith(".sql") && f.path.startsWith(`${ctx.root}/`) && f.path.slice(ctx.root.length + 1).includes("/")).map((f) => [f.path.slice(ctx.root.length + 1), f]));
  const syntax = templateSyntax(templates);
  const included = new Set<string>();
  const versions: { version: bigint; file: string }[] = [];
  for (const file of ctx.files.filter((f) => f.path.endsWith(".sql") && !templates.has(f.path.slice(ctx.root.length + 1)))) {
    const m = MIGRATION.exec(basename(file.path));
    if (m === null) {
      problems.push(notMatching(file, "{version}_{name}.sql", "tern"));
      continue;
    }
    const version = m[1] ?? "";
    if (BigInt(version) > INT32_MAX) {
      problems.push({ file: file.path, line: 1, message: `version ${version} does not fit a 32-bit integer: ${REFUSES}` });
      continue;
    }
    versions.push({ version: BigInt(version), file: file.path });
    const at = file.text.indexOf(TERN_SEPARATOR);
    const upEnd = at < 0 ? file.text.length : at;
    if (!hasSqlLine(file.text.slice(0, upEnd))) {
      problems.push({ file: file.path, line: 1, message: `no SQL above \`${TERN_SEPARATOR}\` (no sql in forward migration step): ${REFUSES}` });
    }
    const up = withIncludes(file, 0, upEnd, "up", syntax, problems, included);
    const down = at < 0 ? [] : withIncludes(file, at + TERN_SEPARATOR.length, file.text.length, "down", syntax, problems, included, lineAt(file.text, at));
    candidates.push({ version, key: numericKey(version), name: m[2] ?? "", file: file.path, up, down });
  }
  problems.push(...sequenceProblems(versions));
  const result = merge(assemble("tern", ctx.root, candidates), problems);
  const ignored = [...templates.values()].filter((t) => !included.has(t.path)).map((t) => t.path);
  return { ...result, ignored };
}

/** `FindMigrations`: versions 1 to n, each once (duplicates are reported by `assemble`). */
function sequenceProblems(versions: readonly { version: bigint; file: string }[]): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const sorted = [...versions].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  let expected = 1n;
  for (const { version, file } of sorted) {
    if (version === 0n) {
      problems.push({ file, line: 1, message: `version 0: tern numbers migrations from 1 and fails to load them (index out of range)` });
      continue;
    }
    if (version > expected) {
      const missing = version - expected === 1n ? `version ${String(expected)} is` : `versions ${String(expected)} to ${String(version - 1n)} are`;
      problems.push({ file, line: 1, message: `version ${String(version)} follows ${String(expected - 1n)}, so ${missing} missing (Missing migration ${String(expected)}): ${REFUSES}` });
    }
    if (version >= expected) expected = version + 1n;
  }
  return problems;
}

function lineAt(text: string, offset: number): number {
  return splitLines(text.slice(0, offset)).length;
}

/**
 * The parts of one direction, [start, end) of `file`: the text itself (the include actions blanked, as
 * every action that prints nothing is) and the whole file of each template it includes, directly or
 * through another template (Go runs a template's own `{{ template }}` actions where they stand). The
 * engine takes one part per file and direction, so the templates go before the file's own SQL (which
 * may then be nothing but the blanked action), or after it when SQL comes before the first include
 * ({@link inRunOrder}). The transaction is the direction's: the included text counts for the `disable-tx` line, as tern renders the templates first.
 */
function withIncludes(file: SourceFile, start: number, end: number, role: "up" | "down", syntax: IncludeSyntax, problems: LayoutProblem[], included: Set<string>, markerLine?: number): MigrationPart[] {
  const text = file.text.slice(start, end);
  const templates = includedFiles(file, text, syntax, problems, lineAt(file.text, start) - 1);
  const disabled = [text, ...templates.map((t) => t.text)].some((t) => t.split("\n").includes(DISABLE_TX));
  const optOut = disabled ? "none" : undefined;
  const own = { ...toolPart(file, role, optOut, keepRange(file.text, start, end)), ...(markerLine === undefined ? {} : { markerLine }) };
  const first = syntax.find(text)[0];
  if (first === undefined || templates.length === 0) return [own];
  for (const template of templates) included.add(template.path);
  const parts = templates.map((template) => toolPart(template, role, optOut));
  return inRunOrder(own, parts, text.slice(0, first.index));
}

/**
 * tern's templates: each `.sql` file below the migrations directory, named by its path there. Any other
 * name includes nothing: it may be a `{{ define "x" }}` of a template file, and when it is not, tern
 * itself fails at once (`template "x" not defined`).
 */
function templateSyntax(templates: ReadonlyMap<string, SourceFile>): IncludeSyntax {
  return {
    find: (text) => [...text.matchAll(INCLUDE)].map((m) => ({ index: m.index, name: m[1] ?? "" })),
    resolve: (name) => templates.get(name),
    circular: (name) => `the template "${name}" includes itself (exceeded maximum template depth): tern fails to run the migration`,
  };
}
