import { assemble, type Candidate } from "./assemble.js";
import { dbmateSections, gooseSections, type SectionScan } from "./markers.js";
import { sqlMigrateMarkerLine } from "./sql-migrate.js";
import { basename, compareStrings, compareVersions, isSql, keepRange, numericKey, part, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, PlanContext, SourceFile } from "./types.js";
import { isSnapshotName, planVersionFolders, versionFolderOf } from "./version-folders.js";

const GOLANG_MIGRATE = /^(\d+)_(.*)\.(up|down)\.sql$/u;

/**
 * A migration written in Go under golang-migrate's naming, `{version}_{name}.up.go` / `.down.go`:
 * concourse's own migrator (atc/db/migration) mixes them with `.sql` files of the same pattern.
 * golang-migrate itself never has them (`{version}_{title}.up.{extension}`, the extension being the
 * driver's language: https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md). The CLI
 * collects their names, not their text (`src/cli/files.ts`), so that a `.down.sql` whose up is Go is
 * not called orphaned; the Go code itself is not modelled.
 */
export const GO_MIGRATION = /^(\d+)_.*\.(?:up|down)\.go$/u;

/** golang-migrate: `{version}_{title}.up.sql` / `.down.sql`, one multi-statement query per file. */
export function planGolangMigrate(ctx: PlanContext): LayoutResult {
  const candidates: Candidate[] = [];
  const problems: LayoutProblem[] = [];
  const names = ctx.files.map((f) => basename(f.path));
  const upKeys = (pattern: RegExp, suffix: string) => new Set(names.flatMap((n) => (pattern.test(n) && n.endsWith(suffix) ? [numericKey(/^\d+/u.exec(n)?.[0] ?? "0")] : [])));
  const goUps = upKeys(GO_MIGRATION, ".up.go");
  const sqlUps = upKeys(GOLANG_MIGRATE, ".up.sql");
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const m = GOLANG_MIGRATE.exec(basename(file.path));
    if (m === null) {
      problems.push(notMatching(file, "{version}_{title}.up.sql or {version}_{title}.down.sql", "golang-migrate"));
      continue;
    }
    const version = m[1] ?? "";
    const role = m[3] === "down" ? "down" : "up";
    // The down of a Go migration: no orphan, but not modelled either (parsed for syntax only).
    if (role === "down" && goUps.has(numericKey(version)) && !sqlUps.has(numericKey(version))) continue;
    const parts = [part(file, role, "tool")];
    candidates.push({ version, key: numericKey(version), name: m[2] ?? "", file: file.path, ...(role === "up" ? { up: parts } : { down: parts }) });
  }
  return merge(assemble("golang-migrate", ctx.root, candidates), problems);
}

const SINGLE_FILE = /^(\d+)_(.*)\.sql$/u;

/** How a single-file layout names, identifies and orders its migrations. */
interface SectionNaming {
  /** Group 1: the version; group 2: the name. */
  readonly file: RegExp;
  /** The pattern, for the problem a file that does not match gets. */
  readonly pattern: string;
  /** Equal keys are one version (a duplicate). */
  readonly key: (version: string) => string;
  /** The order the tool runs the migrations in, by file name; numeric version order when absent. */
  readonly byFileName?: (a: string, b: string) => number;
}

function planSections(ctx: PlanContext, layout: "dbmate" | "goose", naming: SectionNaming, scan: (text: string) => SectionScan): LayoutResult {
  const candidates: Candidate[] = [];
  const problems: LayoutProblem[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const base = basename(file.path);
    const m = naming.file.exec(base);
    if (m === null) {
      problems.push(notMatching(file, naming.pattern, layout));
      continue;
    }
    const result = scan(file.text);
    for (const p of result.problems) problems.push({ file: file.path, kind: "marker", ...p });
    const sectionParts = (role: "up" | "down") =>
      result.sections
        .filter((s) => s.role === role)
        .slice(0, 1)
        .map((s) => ({
          ...toolPart(file, role, s.noTransaction ? "none" : undefined, keepRange(result.text ?? file.text, s.start, s.end)),
          markerLine: s.line,
          ...(s.cuts === undefined || s.cuts.length === 0 ? {} : { toolCuts: s.cuts }),
        }));
    const up = sectionParts("up");
    if (up.length === 0) continue;
    const version = m[1] ?? "";
    candidates.push({ version, key: naming.key(version), name: m[2] ?? "", file: file.path, up, down: sectionParts("down"), ...(naming.byFileName === undefined ? {} : { order: base }) });
  }
  return merge(assemble(layout, ctx.root, candidates, naming.byFileName), problems);
}

/**
 * dbmate: any `{version}….sql` (`^(\d+).*\.sql$`: `20240101000000_name.sql`, `…-name.sql`) with
 * `-- migrate:up` / `-- migrate:down` sections. dbmate runs the files in file-name order as TEXT
 * (`10_c.sql` before `1_a.sql` before `2_b.sql`) and records the version as written, so `01` and `1` are
 * two versions (pkg/dbmate `FindMigrations`).
 */
export function planDbmate(ctx: PlanContext): LayoutResult {
  const naming: SectionNaming = { file: /^(\d+)[_-]?(.*)\.sql$/u, pattern: "{version}{anything}.sql (a name starting with digits)", key: (v) => v, byFileName: compareStrings };
  return planSections(ctx, "dbmate", naming, dbmateSections);
}

/**
 * goose: `{version}_{name}.sql` with `-- +goose Up` / `-- +goose Down` sections, in numeric version order.
 * A sql-migrate marker (`-- +migrate Up`) is only a comment to goose: reported, since that file's
 * sections are not split the way its author meant.
 */
export function planGoose(ctx: PlanContext): LayoutResult {
  return planSections(ctx, "goose", { file: SINGLE_FILE, pattern: "{version}_{name}.sql", key: numericKey }, (text) => {
    const scan = gooseSections(text);
    const line = sqlMigrateMarkerLine(text);
    if (line === undefined) return scan;
    const problem = { line, message: "a sql-migrate marker in a goose file: goose takes `-- +migrate` lines for comments and runs the file by its `-- +goose` annotations" };
    return { ...scan, problems: [...scan.problems, problem].sort((a, b) => a.line - b.line) };
  });
}

/** Supabase: `{timestamp}_{name}.sql`, up only, each file in its own transaction. */
export function planSupabase(ctx: PlanContext): LayoutResult {
  const candidates: Candidate[] = [];
  const problems: LayoutProblem[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const m = SINGLE_FILE.exec(basename(file.path));
    if (m === null) {
      problems.push(notMatching(file, "{timestamp}_{name}.sql", "supabase"));
      continue;
    }
    const version = m[1] ?? "";
    candidates.push({ version, key: numericKey(version), name: m[2] ?? "", file: file.path, up: [part(file, "up", "tool")] });
  }
  return merge(assemble("supabase", ctx.root, candidates), problems);
}

const PLAIN = /^(\d+)[_-]?(.*)\.sql$/u;

/**
 * The up and down halves of one migration: `{name}.up.sql` / `{name}.down.sql`. Only the dotted suffix
 * every tool of this family writes: golang-migrate (`{version}_{title}.up.{extension}`,
 * https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md), sqlx
 * (`{version}_{description}.up.sql`), Hasura (`{version}_{name}.{up|down}.sql`), authelia
 * (`V{nnnn}.{Name}.{up|down}.sql`, `reMigration` in internal/storage/const.go).
 */
const PLAIN_PAIR = /^(.*)\.(up|down)\.sql$/u;

/**
 * Plain files: each `.sql` file one up migration, no down, no implicit transaction, in numeric-aware
 * file-name order. No version is required (files without a numeric prefix get version "") and no
 * duplicate check is made: no tool reads these files.
 *
 * `{name}.up.sql` and `{name}.down.sql` in one directory are the up and down of ONE migration named
 * `{name}` (version: its numeric prefix, else the whole name), ordered by the up's file name like any
 * other file: a `.down.sql` is never a forward step (authelia's `V0001.Initial_Schema.down.sql` would
 * otherwise run, and sort, before its own up). This is done here rather than by a golang-migrate with a
 * looser name pattern: golang-migrate skips every file its `^([0-9]+)_(.*)\.(down|up)\.(.*)$` does
 * not match (source/parse.go; the iofs and file drivers ignore names they cannot parse), so such a
 * directory is no golang-migrate history, and its transaction behaviour and naming problems would be
 * claims about a tool that never runs it. The pairing needs no tool: it is what the names say. The
 * runner is unknown, so both halves keep plain's "no transaction"; an up with such a name expects its
 * down (`Migration.expectsDown`) when the directory has downs at all, and a down without an up is
 * reported as golang-migrate's is. Without a single down, `.up.sql` says nothing about downs: fider's
 * migrator runs `{version}_{name}.up.sql` and `{version}_{name}.sql` alike, and would run a
 * `.down.sql` forward (see `detectLayout`).
 *
 * Version folders planned together (`v1.0/`, `v1.1/`, …: see `planRepository`) are a migration each,
 * after any loose files ({@link planVersionFolders}); a `LATEST.sql` or other lone schema beside them ({@link isSnapshotName}) is
 * the whole schema a new database gets instead, not a step: a standalone migration.
 */
export function planPlain(ctx: PlanContext): LayoutResult {
  const folders = new Map<string, SourceFile[]>();
  const files: SourceFile[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const folder = versionFolderOf(ctx.root, file.path);
    if (folder === undefined) files.push(file);
    else folders.set(folder, [...(folders.get(folder) ?? []), file]);
  }
  // Downs by their up's path: the halves of a pair share a directory.
  const downs = new Map<string, SourceFile>();
  for (const file of files) {
    const m = PLAIN_PAIR.exec(file.path);
    if (m?.[2] === "down") downs.set(`${m[1] ?? ""}.up.sql`, file);
  }
  const problems: LayoutProblem[] = [];
  const named = files.flatMap((file) => {
    const base = basename(file.path);
    const pair = PLAIN_PAIR.exec(base);
    if (pair?.[2] === "down") {
      if (!files.some((f) => f.path === file.path.replace(/\.down\.sql$/u, ".up.sql"))) {
        problems.push({ file: file.path, line: 1, message: `down migration for version ${pairVersion(pair[1] ?? "")} has no up migration` });
      }
      return [];
    }
    const stem = pair === null ? base.slice(0, -4) : (pair[1] ?? "");
    const m = PLAIN.exec(`${stem}.sql`);
    const version = pair === null ? (m?.[1] ?? "") : pairVersion(stem);
    const down = pair === null ? undefined : downs.get(file.path);
    return [{ file, base, version, name: m === null ? stem : (m[2] ?? ""), stem, pair: pair !== null, down }];
  });
  // By the name without `.sql`: a file whose name continues another's comes after it
  // (`schema-entities.sql`, then `schema-entities-idx.sql`, as ThingsBoard runs them), though `-` sorts before `.`.
  named.sort((a, b) => compareVersions(a.stem, b.stem) || compareVersions(a.base, b.base) || compareVersions(a.file.path, b.file.path));
  const snapshot = (file: SourceFile) => folders.size > 0 && files.length === 1 && isSnapshotName(basename(file.path));
  const migrations = named.map(({ file, version, name, stem, pair, down }): Migration => ({
    id: `plain:${ctx.root}:${pair ? stem : version === "" ? name : `${version}_${name}`}`,
    version,
    name,
    layout: "plain",
    up: [part(file, "up", "none")],
    down: down === undefined ? [] : [part(down, "down", "none")],
    verify: [],
    repeatable: false,
    // Without any `.down.sql` in the directory, `.up.sql` is part of the name for a tool that runs every file (fider).
    ...(pair && downs.size > 0 ? { expectsDown: true } : {}),
    ...(snapshot(file) ? { standalone: true } : {}),
  }));
  if (folders.size === 0) return { migrations, problems };
  const versioned = planVersionFolders(ctx.root, folders, ctx.files);
  const steps = migrations.filter((m) => m.standalone !== true);
  const snapshots = migrations.filter((m) => m.standalone === true);
  return { migrations: [...steps, ...versioned.migrations, ...snapshots], problems: [...problems, ...versioned.problems], ignored: versioned.ignored };
}

/** A pair's version: its numeric prefix, else its whole name (what tells the pair from the others). */
function pairVersion(stem: string): string {
  return PLAIN.exec(`${stem}.sql`)?.[1] ?? stem;
}

/** A schema dump (pg_dump, Rails structure.sql): each file one migration in which every object is new. */
export function planDump(ctx: PlanContext): LayoutResult {
  const migrations = ctx.files
    .filter((f) => isSql(f.path))
    .map((file): Migration => {
      const name = basename(file.path).slice(0, -4);
      return { id: `dump:${ctx.root}:${name}`, version: "", name, layout: "dump", up: [part(file, "up", "none")], down: [], verify: [], repeatable: false };
    });
  return { migrations, problems: [] };
}

export function notMatching(file: SourceFile, pattern: string, tool: string): LayoutProblem {
  return { file: file.path, line: 1, message: `file name does not match ${pattern}; ${tool} ignores it` };
}

export function merge(result: LayoutResult, problems: readonly LayoutProblem[]): LayoutResult {
  return { migrations: result.migrations, problems: [...problems, ...result.problems] };
}
