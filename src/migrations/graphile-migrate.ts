/**
 * graphile-migrate (https://github.com/graphile/migrate): an up-only tool. Its migrations folder holds
 * `committed/{number}[-{slug}].sql` files, each starting with `--! Previous:` / `--! Hash:` headers that
 * chain them, and the migration in progress, `current.sql` or a `current/` directory of
 * `{number}[-{slug}].sql` parts; a `.gmrc` configures it (see `gmrc.ts`).
 *
 * Read as `graphile-migrate reset` builds a database (src/commands/reset.ts): the SQL files of the
 * `afterReset` actions (extensions, grants the migrations rely on), then the committed migrations, then
 * the current one (what `graphile-migrate watch` runs and `commit` turns into the next committed file;
 * a pull request usually changes it, so it is linted as the last step).
 */
import { createHash } from "node:crypto";
import path from "node:path/posix";
import { notMatching } from "./flat.js";
import { includedFiles, inRunOrder, type IncludeSyntax } from "./includes.js";
import { gmrcMigrationsDir, isGmrc, parseGmrc, type GmrcSettings } from "./gmrc.js";
import { basename, isSql, part, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, MigrationPart, PlanContext, SourceFile } from "./types.js";

/** src/migrationFilename.ts `VALID_FILE_REGEX`: committed files and `current/` parts. */
export const GRAPHILE_FILE = /^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$/u;
/** src/migration.ts `compileIncludes`: a whole line, the path relative to the fixtures folder. */
const INCLUDE = /^--![ \t]*include[ \t]+(.*\.sql)[ \t]*$/gmu;
/** src/header.ts `isNoTransactionDefined`, tested on the first line of what is run. */
const NO_TRANSACTION = /^--!\s*no-transaction\b/u;
/** src/migration.ts `parseMigrationText`: header lines always start with a capital letter. */
const HEADER = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/u;
/** graphile-migrate always defines these (src/migration.ts `slowGeneratePlaceholderReplacement`). */
const BUILT_IN_PLACEHOLDERS = [":DATABASE_NAME", ":DATABASE_OWNER"];
/** Any placeholder-shaped word, when the configuration cannot be read; never the type in a `::TYPE` cast. */
const ANY_PLACEHOLDER = /(?<![:\w]):[A-Z][0-9A-Z_]+\b/gu;

/** Whether a file is a committed migration (`{folder}/committed/000001.sql`) of graphile-migrate. */
export function isCommittedMigration(file: string): boolean {
  return basename(path.dirname(file)) === "committed" && GRAPHILE_FILE.test(basename(file));
}

/**
 * The text with each placeholder graphile-migrate substitutes (the `.gmrc` `placeholders` keys and the
 * built-ins, matched as its regular expression does: `(?:keys)\b`, anywhere, comments and literals
 * included) replaced by an identifier of the same length, `:DATABASE_VISITOR` → `_DATABASE_VISITOR`:
 * the values come from the environment at run time, and every position after them stays right.
 * `keys` undefined (configuration unreadable): every `:UPPER_CASE` word.
 */
export function substitutePlaceholders(text: string, keys: readonly string[] | undefined): string {
  const regexp =
    keys === undefined ? ANY_PLACEHOLDER : new RegExp(`(?:${[...keys, ...BUILT_IN_PLACEHOLDERS].map((k) => k.replace(/[-/\\^$*+?.()|[\]{}]/gu, "\\$&")).join("|")})\\b`, "gu");
  return text.replace(regexp, (keyword) => `_${keyword.slice(1)}`);
}

/** sha1 over the previous hash and the body, as src/hash.ts `calculateHash` computes it. */
export function graphileHash(body: string, previousHash: string | null): string {
  return `sha1:${createHash("sha1")
    .update(`${`${previousHash ?? ""}\n${body.trim()}`.trim()}\n`)
    .digest("hex")}`;
}

interface Parsed {
  readonly headers: ReadonlyMap<string, string | null>;
  readonly body: string;
  readonly problems: LayoutProblem[];
}

/** src/migration.ts `parseMigrationText`: the headers, then (strict: after an empty line) the body. */
export function parseGraphileMigration(file: SourceFile, strict: boolean): Parsed {
  const lines = file.text.split("\n");
  const headers = new Map<string, string | null>();
  const problems: LayoutProblem[] = [];
  let count = 0;
  for (const line of lines) {
    const m = HEADER.exec(line);
    if (m === null) break;
    count++;
    const key = m[1] ?? "";
    if (headers.has(key)) problems.push({ file: file.path, line: count, kind: "marker", message: `header "${key}" is given more than once; graphile-migrate refuses the migration` });
    // graphile-migrate keeps an empty value as null (`value ? value.trim() : value`).
    headers.set(key, m[2] === undefined || m[2] === "" ? null : m[2].trim());
  }
  const next = lines[count];
  if (strict && next !== "") {
    const why = next === "\r" ? "the line endings were converted to CRLF" : "no empty line follows the headers";
    problems.push({ file: file.path, line: count + 1, kind: "marker", message: `${why}; graphile-migrate refuses the migration` });
  }
  return { headers, body: `${lines.slice(count).join("\n").trim()}\n`, problems };
}

interface Committed {
  readonly file: SourceFile;
  readonly key: string;
  readonly number: string;
  readonly slug: string;
  readonly parsed: Parsed;
}

/** The hash chain of the committed migrations, checked as `getAllMigrations` and `runCommittedMigration` check it. */
function chainProblems(committed: readonly Committed[]): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  let previous: string | null | undefined;
  for (const [index, { file, parsed }] of committed.entries()) {
    const raw = parsed.headers.get("Previous");
    const hash = parsed.headers.get("Hash");
    if (raw === undefined || raw === null || hash === undefined || hash === null) {
      const missing = raw === undefined || raw === null ? "Previous" : "Hash";
      problems.push({ file: file.path, line: 1, kind: "marker", message: `no "--! ${missing}:" header; graphile-migrate refuses the committed migration` });
      previous = undefined;
      continue;
    }
    const previousHash = raw === "-" ? null : raw;
    if (index === 0 && previousHash !== null) {
      problems.push({ file: file.path, line: 1, kind: "checksum", message: `the first committed migration names a previous migration ("${previousHash}"); graphile-migrate refuses to run without it` });
    } else if (previous !== undefined && previousHash !== previous) {
      const expected = previous ?? "-";
      problems.push({ file: file.path, line: 1, kind: "checksum", message: `"--! Previous: ${raw}" is not the hash of the migration before it ("${expected}"); graphile-migrate refuses to run` });
    }
    const actual = graphileHash(parsed.body, previousHash);
    const allowed = parsed.headers.has("AllowInvalidHash");
    if (actual !== hash && !allowed) {
      problems.push({ file: file.path, line: 1, kind: "checksum", message: `the migration was edited after it was committed: its body hashes to "${actual}", not "--! Hash: ${hash}"; graphile-migrate refuses to run it` });
    } else if (actual === hash && allowed) {
      problems.push({ file: file.path, line: 1, kind: "checksum", message: `"--! AllowInvalidHash" is set but the hash matches; graphile-migrate refuses to run the migration` });
    }
    previous = hash;
  }
  return problems;
}

function committedMigrations(files: readonly SourceFile[], dir: string, problems: LayoutProblem[]): Committed[] {
  const committed: Committed[] = [];
  for (const file of files) {
    const m = GRAPHILE_FILE.exec(basename(file.path));
    if (m === null) {
      problems.push(notMatching(file, "{number}[-{slug}].sql in committed/", "graphile-migrate"));
      continue;
    }
    const number = m[1] ?? "";
    committed.push({ file, key: `${number}.sql`, number, slug: (m[2] ?? "").slice(1), parsed: parseGraphileMigration(file, true) });
  }
  // src/migration.ts `getAllMigrations`: ordered by "{number}.sql" as strings.
  committed.sort((a, b) => a.key.localeCompare(b.key, "en"));
  committed.forEach((c, i) => {
    problems.push(...c.parsed.problems);
    if (committed[i - 1]?.key === c.key) problems.push({ file: c.file.path, line: 1, message: `number ${c.number} is used by another committed migration in "${dir}"` });
  });
  problems.push(...chainProblems(committed));
  return committed;
}

/**
 * `current/` parts (src/current.ts `readCurrentMigration`): dotfiles skipped, each named like a committed
 * migration with a unique number, run in numeric order as ONE migration in one transaction;
 * `--! no-transaction` is refused there.
 */
function currentParts(files: readonly SourceFile[], keys: readonly string[] | undefined, problems: LayoutProblem[], includes: Includes, used: Set<string>): MigrationPart[] {
  const byId = new Map<number, SourceFile>();
  for (const file of files) {
    const name = basename(file.path);
    if (name.startsWith(".")) continue;
    const id = Number.parseInt(GRAPHILE_FILE.exec(name)?.[1] ?? "0", 10);
    const clash = byId.get(id);
    if (id < 1) problems.push({ file: file.path, line: 1, message: "a current/ file needs a positive number: {number}[-{slug}].sql; graphile-migrate refuses the current migration" });
    else if (clash !== undefined) problems.push({ file: file.path, line: 1, message: `number ${String(id)} is also used by "${basename(clash.path)}"; graphile-migrate refuses the current migration` });
    else byId.set(id, file);
  }
  return [...byId.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, file]) => {
      if (NO_TRANSACTION.test(parseGraphileMigration(file, false).body.split("\n")[0] ?? "")) {
        problems.push({ file: file.path, line: 1, kind: "marker", message: '"--! no-transaction" cannot be used in current/ files (only in current.sql); graphile-migrate refuses the current migration' });
      }
      return withIncludes(file, (f) => part(f, "up", "tool", substitutePlaceholders(f.text, keys)), includes, used);
    });
}

/** How the current migration's `--!include` actions are read, with the problems they have. */
interface Includes {
  readonly syntax: IncludeSyntax;
  readonly problems: LayoutProblem[];
}

/**
 * src/migration.ts `compileIncludes`, run on `current.sql` and each `current/` file (committed files hold
 * the included text already, between `--! Included` and `--! EndIncluded`): a whole line `--!include
 * {path}.sql` is replaced by the text of `{migrations folder}/fixtures/{path}.sql`, whose own includes
 * are compiled the same way; a missing file, one outside `fixtures/` or a circular include makes
 * graphile-migrate refuse the current migration.
 */
function fixtureIncludes(ctx: PlanContext, root: string, problems: LayoutProblem[]): Includes {
  const fixtures = path.join(root, "fixtures");
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  const refuses = "graphile-migrate refuses the current migration";
  const syntax: IncludeSyntax = {
    find: (text) => [...text.matchAll(INCLUDE)].map((m) => ({ index: m.index, name: m[1] ?? "" })),
    resolve: (name) => {
      const target = path.join(fixtures, name);
      if (!target.startsWith(`${fixtures}/`)) return `"--!include ${name}" names a file outside "${fixtures}"; ${refuses}`;
      return byPath.get(target) ?? `"--!include ${name}" names no file: "${target}" does not exist; ${refuses}`;
    },
    circular: (name) => `"--!include ${name}" includes a file that is already being included (a circular include); ${refuses}`,
  };
  return { syntax, problems };
}

/** A current migration file's part with the parts of the fixtures it includes, in run order. */
function withIncludes(file: SourceFile, toPart: (file: SourceFile) => MigrationPart, includes: Includes, used: Set<string>): MigrationPart[] {
  // The engine reads a file once per migration: a fixture two current/ files include runs at the first.
  const fixtures = includedFiles(file, file.text, includes.syntax, includes.problems).filter((f) => !used.has(f.path));
  const first = includes.syntax.find(file.text)[0];
  for (const fixture of fixtures) used.add(fixture.path);
  if (first === undefined || fixtures.length === 0) return [toPart(file)];
  return inRunOrder(toPart(file), fixtures.map(toPart), file.text.slice(0, first.index));
}

function migration(root: string, key: string, version: string, name: string, up: MigrationPart[]): Migration {
  return { id: `graphile-migrate:${root}:${key}`, version, name, layout: "graphile-migrate", up, down: [], verify: [], repeatable: false };
}

/** The migrations folder of a group of files: the one the configuration names, else the parent of `committed/`. */
function migrationsFolder(ctx: PlanContext, gmrc: SourceFile | undefined): string {
  if (gmrc !== undefined) return gmrcMigrationsDir(gmrc);
  const committed = ctx.files.find((f) => isCommittedMigration(f.path));
  if (committed !== undefined) return path.dirname(path.dirname(committed.path));
  const current = ctx.files.find((f) => basename(path.dirname(f.path)) === "current");
  return current === undefined ? ctx.root : path.dirname(path.dirname(current.path));
}

/**
 * The `afterReset` SQL actions, run by `graphile-migrate reset` before the migrations, each sent as one
 * query without a transaction (src/actions.ts `executeActions`). Without a readable configuration, the
 * conventional `afterReset.sql` (`graphile-migrate init` suggests it) is assumed to be one.
 */
function afterReset(ctx: PlanContext, root: string, gmrc: SourceFile | undefined, settings: GmrcSettings | undefined, problems: LayoutProblem[]): Migration[] {
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  const names = settings?.afterReset ?? (byPath.has(path.join(root, "afterReset.sql")) ? ["afterReset.sql"] : []);
  const out: Migration[] = [];
  for (const name of names) {
    const file = byPath.get(path.resolve(root, name));
    if (file !== undefined) out.push(migration(root, `afterReset:${name}`, "", name, [part(file, "up", "query", substitutePlaceholders(file.text, settings?.placeholders))]));
    else if (gmrc !== undefined && isSql(name)) {
      problems.push({ file: gmrc.path, line: 1, kind: "manifest", message: `the "afterReset" action "${name}" names no file in "${root}"; graphile-migrate reset fails` });
    }
  }
  return out;
}

export function planGraphileMigrate(ctx: PlanContext): LayoutResult {
  const gmrc = ctx.files.find((f) => isGmrc(f.path));
  const settings = gmrc === undefined ? undefined : parseGmrc(gmrc);
  const keys = settings?.placeholders;
  const root = migrationsFolder(ctx, gmrc);
  const problems: LayoutProblem[] = [];
  const migrations = afterReset(ctx, root, gmrc, settings, problems);
  const used = new Set(migrations.flatMap((m) => m.up.map((p) => p.file)));
  const inDir = (dir: string) => ctx.files.filter((f) => isSql(f.path) && path.dirname(f.path) === path.join(root, dir));
  for (const c of committedMigrations(inDir("committed"), root, problems)) {
    // src/migration.ts `runStringMigration`: the body is sent as ONE query, inside begin/commit unless its
    // first line is `--! no-transaction` (then a multi-statement body is still one implicit transaction).
    const optOut = NO_TRANSACTION.test(c.parsed.body.split("\n")[0] ?? "") ? "query" : undefined;
    migrations.push(migration(root, c.number, c.number, c.slug, [toolPart(c.file, "up", optOut, substitutePlaceholders(c.file.text, keys))]));
    used.add(c.file.path);
  }
  const includes = fixtureIncludes(ctx, root, problems);
  const currentSql = ctx.files.find((f) => f.path === path.join(root, "current.sql"));
  const currentDir = inDir("current");
  if (currentSql !== undefined && currentDir.length > 0) {
    problems.push({ file: currentSql.path, line: 1, message: "both current.sql and a current/ directory exist; graphile-migrate refuses to run either" });
  } else if (currentSql !== undefined) {
    // current.sql is run as written (headers included), so the test is on the file's first line.
    const optOut = NO_TRANSACTION.test(currentSql.text.split("\n")[0] ?? "") ? "query" : undefined;
    const parts = withIncludes(currentSql, (f) => toolPart(f, "up", optOut, substitutePlaceholders(f.text, keys)), includes, used);
    migrations.push(migration(root, "current", "", "current.sql", parts));
  } else if (currentDir.length > 0) {
    const parts = currentParts(currentDir, keys, problems, includes, used);
    if (parts.length > 0) migrations.push(migration(root, "current", "", "current", parts));
  }
  for (const f of [currentSql, ...currentDir]) if (f !== undefined) used.add(f.path);
  // Other SQL files (other actions' files, fixtures no file includes) are not steps of the history.
  const ignored = ctx.files.filter((f) => isSql(f.path) && !used.has(f.path) && path.dirname(f.path) !== path.join(root, "committed")).map((f) => f.path);
  return { migrations, problems, ignored };
}

/**
 * The migrations folders of graphile-migrate among the files, deepest first: those the configuration
 * files name, and the parents of `committed/` directories holding committed migrations.
 */
export function graphileFolders(files: readonly SourceFile[]): string[] {
  const folders = new Set<string>();
  for (const f of files) {
    if (isGmrc(f.path)) folders.add(gmrcMigrationsDir(f));
    else if (isCommittedMigration(f.path) && f.text.startsWith("--! Previous:")) folders.add(path.dirname(path.dirname(f.path)));
  }
  return [...folders].sort((a, b) => b.length - a.length);
}

/** The history a file belongs to when it is graphile-migrate's: its configuration file or a file below its migrations folder. */
export function graphileGroup(file: SourceFile, folders: readonly string[]): string | undefined {
  if (isGmrc(file.path)) return gmrcMigrationsDir(file);
  return folders.find((folder) => file.path.startsWith(`${folder}/`));
}
