import { stat } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import { ATLAS_SUM } from "../migrations/atlas.js";
import { DRIZZLE_JOURNAL, isDrizzleJournal } from "../migrations/drizzle.js";
import { GO_MIGRATION } from "../migrations/flat.js";
import { isGmrc } from "../migrations/gmrc.js";
import { MANIFEST, VERSION_FOLDER } from "../migrations/version-folders.js";
import { TERN_CONF } from "../migrations/tern.js";

const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];

/**
 * Besides `*.sql`, a directory is searched for the migration tools' metadata: `sqitch.plan` (order),
 * `sqitch.conf` (where the plan and scripts are), diesel's `metadata.toml` and Flyway's `*.sql.conf`
 * (transactions), Prisma's `migration_lock.toml`, the `manifest.json` of a version folder
 * (`v1.2/manifest.json`: which files run, in what order), Drizzle Kit's `meta/_journal.json` (which
 * files run, in what order), Atlas's `atlas.sum` and graphile-migrate's `.gmrc` / `.gmrc.js` / `.gmrc.cjs`; and for the names alone (never read), Go migrations
 * `{version}_{name}.up.go` / `.down.go` beside SQL ones ({@link GO_MIGRATION}: concourse), whose SQL
 * halves would otherwise look orphaned, and tern's `tern.conf` (it tells a tern directory whose
 * migrations have no downs; it holds connection settings, passwords included, so it is never read).
 */
const DIRECTORY_GLOB = "**/{*.sql,sqitch.plan,sqitch.conf,metadata.toml,*.sql.conf,migration_lock.toml,manifest.json,_journal.json,atlas.sum,.gmrc,.gmrc.js,.gmrc.cjs,*.up.go,*.down.go,tern.conf}";

/** A Go migration named like golang-migrate's files: only its name matters, its text is never read. */
export function isGoMigration(file: string): boolean {
  return GO_MIGRATION.test(path.basename(file));
}

/** A file whose name is all the planner needs: its text is never read ({@link isGoMigration}, tern's `tern.conf`). */
export function isNameOnly(file: string): boolean {
  return isGoMigration(file) || path.basename(file) === TERN_CONF;
}

/** Whether a file is a migration tool's metadata file rather than SQL. */
export function isMetadataFile(file: string): boolean {
  const base = path.basename(file);
  if (base === MANIFEST) return VERSION_FOLDER.test(path.basename(path.dirname(file)));
  if (base === DRIZZLE_JOURNAL) return isDrizzleJournal(file.split(path.sep).join("/"));
  if (base === ATLAS_SUM || isGmrc(file) || isNameOnly(file)) return true;
  return base === "sqitch.plan" || base === "sqitch.conf" || base === "metadata.toml" || base === "migration_lock.toml" || base.endsWith(".sql.conf");
}

export interface Collected {
  /** Absolute paths, in migration order. */
  readonly files: string[];
  /** Arguments that matched nothing, with the reason. */
  readonly missing: { readonly pattern: string; readonly reason: string }[];
  /** The directory each argument names: a directory itself, a file's directory, a glob's fixed leading part (absolute, `/`-separated). */
  readonly roots: string[];
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "variant" });

/** Migration order for now: numeric-aware path order (`2_x.sql` before `10_x.sql`). */
export function migrationOrder(a: string, b: string): number {
  return collator.compare(a, b);
}

/**
 * Expands paths, directories (searched for `*.sql`) and globs into absolute file paths.
 * Files named explicitly are kept even if they do not end in `.sql`.
 */
export async function collectFiles(patterns: readonly string[], cwd: string, exclude: readonly string[]): Promise<Collected> {
  const found = new Set<string>();
  const missing: Collected["missing"] = [];
  const roots: string[] = [];
  const ignore = [...ALWAYS_IGNORED, ...exclude];
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    const info = await stat(absolute).catch(() => undefined);
    roots.push(posix(info === undefined ? globBase(absolute) : info.isFile() ? path.dirname(absolute) : absolute));
    if (info?.isFile() === true) {
      found.add(absolute);
      continue;
    }
    const glob = info?.isDirectory() === true ? `${fg.convertPathToPattern(absolute)}/${DIRECTORY_GLOB}` : pattern;
    const searched = await fg(glob, { cwd, absolute: true, ignore, onlyFiles: true, dot: false, followSymbolicLinks: true });
    // A directory's manifest.json outside a version folder (a web app's, say) is no migration tool's.
    // Nor is a `_journal.json` outside a `meta/` directory Drizzle Kit's.
    const matches = info?.isDirectory() === true ? searched.filter((m) => m.endsWith(".sql") || isMetadataFile(m)) : searched;
    if (!matches.some((m) => !isMetadataFile(m))) {
      missing.push({
        pattern,
        reason: info?.isDirectory() === true ? "the directory contains no .sql files" : "no such file, directory or glob match",
      });
    }
    for (const m of matches) found.add(path.resolve(m));
  }
  return { files: [...found].sort(migrationOrder), missing, roots };
}

/** The directories of `glob` before its first segment with a wildcard. */
function globBase(glob: string): string {
  const segments = glob.split(/[\\/]/u);
  const dynamic = segments.findIndex((s) => s !== "" && fg.isDynamicPattern(s));
  return dynamic < 0 ? path.dirname(glob) : segments.slice(0, dynamic).join("/") || "/";
}

function posix(file: string): string {
  return file.split(path.sep).join("/");
}
