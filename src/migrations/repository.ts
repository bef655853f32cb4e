import path from "node:path/posix";
import { claims, sqitchConfLayouts } from "./sqitch.js";
import { isDrizzleJournal } from "./drizzle.js";
import { graphileFolders, graphileGroup } from "./graphile-migrate.js";
import { compareVersions, inVersionDir } from "./text.js";
import { versionFolderGroups } from "./version-folders.js";
import { ternTemplateGroups } from "./tern.js";
import { detectLayout } from "./detect.js";
import { otherDatabase, otherDatabaseVariants } from "./dialects.js";
import { planMigrations } from "./layouts.js";
import type { Plan, PlanOptions, ProjectManifest, SourceFile } from "./types.js";

export interface DirectoryPlan extends Plan {
  /** The directory holding the migrations (for sqitch the one with sqitch.conf, else with sqitch.plan). */
  readonly dir: string;
  /** The files planned together (every file given, in path order, whether the tool uses it or not). */
  readonly files: readonly string[];
  /**
   * The other database the directory is named after ({@link otherDatabase}), when `roots` were given:
   * the plan then has no migrations and every file is `ignored`.
   */
  readonly otherDatabase?: string;
}

export interface RepositoryPlanOptions extends Omit<PlanOptions, "project"> {
  /**
   * The nearest project manifest of each history directory ({@link historyDirectories}), as the CLI
   * found it: see {@link PlanOptions.project}. A directory without one has no entry.
   */
  readonly projects?: ReadonlyMap<string, ProjectManifest>;
  /**
   * The paths the files were gathered from (directories; absolute, `/`-separated): a history named
   * after another database below one of them is left out ({@link otherDatabase}). Without roots none is.
   */
  readonly roots?: readonly string[];
}

/**
 * Plans a whole repository: groups files by the directory containing migrations and plans each group
 * with its own detected layout, directories in path order.
 *
 * - A sqitch.conf that configures a project ({@link sqitchConfLayouts}) claims its plan and every file
 *   under its `top_dir` and script directories (`top_dir = db`: `db/sqitch.plan`, `db/deploy/…`), as
 *   one history in the directory of the sqitch.conf.
 * - Any other directory with `sqitch.plan` claims every file below it.
 * - `up.sql`, `down.sql`, `metadata.toml`, `migration.sql` in a directory whose name starts with a digit
 *   (diesel, prisma) belong to that directory's parent, as does a `migration_lock.toml`'s directory;
 *   a Drizzle Kit `meta/_journal.json` belongs to the parent of `meta/`.
 * - graphile-migrate: a `.gmrc` and every file below the migrations folder it names, or below the
 *   parent of a `committed/` directory of committed migrations, belong to that folder.
 * - Any other file belongs to its own directory, except that sibling version folders (`v1.0/`, `v1.1/`,
 *   `1.2/`, `v2/`: {@link versionFolderGroups}) of plain SQL files form one history in their parent
 *   (with the parent's `LATEST.sql`, if any, as a standalone schema).
 * - The `.sql` files of the subdirectories of a tern migrations directory are its templates
 *   ({@link ternTemplateGroups}): they belong to it.
 * - A directory named after another database below a root (`options.roots`) is not planned: its files
 *   are all `ignored` ({@link otherDatabase}).
 * - With roots, a file that is another database's variant of a PostgreSQL file beside it
 *   (`dolphinscheduler_mysql.sql` beside `dolphinscheduler_postgresql.sql`: {@link otherDatabaseVariants})
 *   is `ignored`, unless it is itself a root.
 *
 * `options.layout` other than "auto" applies to every directory.
 */
export function planRepository(files: readonly SourceFile[], options: RepositoryPlanOptions = {}): DirectoryPlan[] {
  const { projects, roots, ...rest } = options;
  const groups = groupFiles(files, options);
  return [...groups.keys()].sort(compareVersions).map((dir): DirectoryPlan => {
    const group = groups.get(dir) ?? [];
    const project = projects?.get(dir);
    const paths = group.map((f) => f.path).sort();
    const other = roots === undefined ? undefined : otherDatabase(dir, roots);
    if (other !== undefined) {
      const layout = rest.layout === undefined || rest.layout === "auto" ? detectLayout(group, project) : rest.layout;
      return { dir, files: paths, layout, migrations: [], problems: [], ignored: paths, otherDatabase: other };
    }
    // Another database's variant of a PostgreSQL file beside it is never run on PostgreSQL, unless named on the command line.
    const variants = roots === undefined ? new Map<string, string>() : otherDatabaseVariants(paths.filter((p) => !roots.includes(p)));
    if (variants.size === 0) return { dir, files: paths, ...planMigrations(group, project === undefined ? rest : { ...rest, project }) };
    const plan = planMigrations(
      group.filter((f) => !variants.has(f.path)),
      project === undefined ? rest : { ...rest, project },
    );
    return { dir, files: paths, ...plan, ignored: [...plan.ignored, ...variants.keys()].sort() };
  });
}

/** The directories {@link planRepository} plans as histories, in its order: the CLI looks up their project manifests. */
export function historyDirectories(files: readonly SourceFile[], options: RepositoryPlanOptions = {}): string[] {
  return [...groupFiles(files, options).keys()].sort(compareVersions);
}

function groupFiles(files: readonly SourceFile[], options: RepositoryPlanOptions): Map<string, SourceFile[]> {
  // Deepest first: a project nested in another's tree keeps its own files.
  const configured = sqitchConfLayouts(files).sort((a, b) => b.root.length - a.root.length);
  const project = (file: string) => configured.find((layout) => claims(layout, file))?.root;
  const sqitchRoots = files
    .filter((f) => path.basename(f.path) === "sqitch.plan" && project(f.path) === undefined)
    .map((f) => path.dirname(f.path))
    .sort((a, b) => a.length - b.length);
  const graphile = graphileFolders(files);
  const groups = new Map<string, SourceFile[]>();
  for (const file of files) {
    const dir = project(file.path) ?? graphileGroup(file, graphile) ?? groupOf(file.path, sqitchRoots);
    const group = groups.get(dir);
    if (group === undefined) groups.set(dir, [file]);
    else group.push(file);
  }
  if (options.layout === undefined || options.layout === "auto" || options.layout === "tern") {
    const plainSql = (group: readonly SourceFile[]) => ["plain", "dump"].includes(detectLayout(group));
    for (const [root, dirs] of ternTemplateGroups(groups, plainSql)) {
      groups.set(root, [...(groups.get(root) ?? []), ...dirs.flatMap((dir) => groups.get(dir) ?? [])]);
      for (const dir of dirs) groups.delete(dir);
    }
  }
  if (options.layout === undefined || options.layout === "auto" || options.layout === "plain") {
    for (const [parent, folders] of versionFolderGroups(groups)) {
      groups.set(parent, [...(groups.get(parent) ?? []), ...folders.flatMap((dir) => groups.get(dir) ?? [])]);
      for (const dir of folders) groups.delete(dir);
    }
  }
  return groups;
}

function groupOf(file: string, sqitchRoots: readonly string[]): string {
  const sqitch = sqitchRoots.find((root) => file.startsWith(`${root}/`));
  if (sqitch !== undefined) return sqitch;
  const dir = path.dirname(file);
  if (inVersionDir(file) || isDrizzleJournal(file)) return path.dirname(dir);
  return dir;
}
