import { basename, compareStrings, isSql, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, MigrationPart, PlanContext, SourceFile } from "./types.js";

/**
 * ory/popx (Ory Kratos, Keto, Hydra): `{version}_{name}[.{dialect}][.autocommit].{up|down}.sql`, the
 * pattern of popx's `MigrationFileRegexp`. A `.autocommit` in the dialect's place means "every dialect".
 */
const POPX = /^(\d+)_([^.]+)(\.[a-z0-9]+)?(\.autocommit)?\.(up|down)\.sql$/u;

/** The dialect names (and pop's synonyms for them) popx knows, by canonical name. */
const DIALECTS: Readonly<Record<string, string>> = {
  postgres: "postgres",
  postgresql: "postgres",
  pg: "postgres",
  pgx: "postgres",
  cockroach: "cockroach",
  cockroachdb: "cockroach",
  crdb: "cockroach",
  mysql: "mysql",
  mariadb: "mariadb",
  sqlite: "sqlite3",
  sqlite3: "sqlite3",
  yugabyte: "yugabyte",
  yugabytedb: "yugabyte",
};

/** A popx file name with a dialect or `.autocommit`: what tells popx apart from golang-migrate. */
export const POPX_NAME = new RegExp(
  `^\\d+_[^.]+\\.(?:(?:${Object.keys(DIALECTS).join("|")})(?:\\.autocommit)?|autocommit)\\.(?:up|down)\\.sql$`,
  "u",
);

export interface PopxName {
  readonly version: string;
  readonly name: string;
  /** Canonical dialect, "all" for a file without one, or the unknown name as written (popx skips it). */
  readonly dialect: string;
  readonly autocommit: boolean;
  readonly direction: "up" | "down";
}

export function parsePopxName(fileName: string): PopxName | undefined {
  const m = POPX.exec(fileName);
  if (m === null) return undefined;
  const segment = (m[3] ?? "").slice(1);
  const autocommit = segment === "autocommit" || m[4] !== undefined;
  const dialect = segment === "" || segment === "autocommit" ? "all" : (DIALECTS[segment] ?? segment);
  return { version: m[1] ?? "", name: m[2] ?? "", dialect, autocommit, direction: m[5] === "down" ? "down" : "up" };
}

/** popx's rank of a file for a PostgreSQL connection: the dialect's own file beats the generic one; -1 is another dialect's. */
function rank(name: PopxName): number {
  return name.dialect === "postgres" ? 1 : name.dialect === "all" ? 0 : -1;
}

interface Entry {
  readonly name: PopxName;
  readonly file: SourceFile;
}

/**
 * popx as it runs on PostgreSQL: for each version and direction the `.postgres.` file if there is one,
 * else the dialect-less file; files of other dialects (and files a `.postgres.` one replaces) are never
 * run on PostgreSQL and are left out (`ignored`). Versions run in string order (popx compares them as
 * strings), each file a migration of its own: popx splits a change into many files with consecutive
 * versions (`20200519101057000000_…`, `…000001_…`). Each migration runs in a transaction popx opens;
 * an `.autocommit.` file runs outside one, sent as one query (PostgreSQL runs a query of several
 * statements as one implicit transaction block).
 */
export function planPopx(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const ignored: string[] = [];
  const chosen = new Map<string, Entry>();
  // Files in path order, as popx walks them: of two files with one version, direction and rank the later wins.
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const name = parsePopxName(basename(file.path));
    if (name === undefined) {
      problems.push({
        file: file.path,
        line: 1,
        message: "file name does not match {version}_{name}[.{dialect}][.autocommit].up.sql or .down.sql; popx refuses to run any migration while it is there",
      });
      continue;
    }
    if (rank(name) < 0) {
      ignored.push(file.path);
      continue;
    }
    const key = `${name.direction}:${name.version}`;
    const previous = chosen.get(key);
    if (previous !== undefined && rank(previous.name) > rank(name)) {
      ignored.push(file.path);
      continue;
    }
    // Unlike the other layouts' duplicates (kept in the history: see `assemble`), this one is decided:
    // popx runs the later file, so the earlier one is not modelled (still parsed for syntax).
    if (previous !== undefined && rank(previous.name) === rank(name)) {
      problems.push({ file: previous.file.path, line: 1, message: `duplicate version ${name.version} (also used by ${file.path}, which popx runs instead)` });
    } else if (previous !== undefined) {
      ignored.push(previous.file.path);
    }
    chosen.set(key, { name, file });
  }
  const toPart = (e: Entry): MigrationPart => toolPart(e.file, e.name.direction, e.name.autocommit ? "query" : undefined);
  const ups = [...chosen.values()].filter((e) => e.name.direction === "up").sort((a, b) => compareStrings(a.name.version, b.name.version));
  const migrations = ups.map((up): Migration => {
    const down = chosen.get(`down:${up.name.version}`);
    return {
      id: `popx:${ctx.root}:${up.name.version}_${up.name.name}`,
      version: up.name.version,
      name: up.name.name,
      layout: "popx",
      up: [toPart(up)],
      down: down === undefined ? [] : [toPart(down)],
      verify: [],
      repeatable: false,
    };
  });
  const upVersions = new Set(ups.map((u) => u.name.version));
  // Every file that names the version counts: an up for another dialect only is not a stray down.
  const anyUp = new Set(
    ctx.files.map((f) => parsePopxName(basename(f.path))).flatMap((n) => (n?.direction === "up" ? [n.version] : [])),
  );
  for (const down of [...chosen.values()].filter((e) => e.name.direction === "down" && !upVersions.has(e.name.version))) {
    if (anyUp.has(down.name.version)) ignored.push(down.file.path);
    else problems.push({ file: down.file.path, line: 1, message: `down migration for version ${down.name.version} has no up migration` });
  }
  return { migrations, problems, ignored };
}
