/**
 * Migration tools' file layouts: which files form which migration, in what order, which part is up or
 * down, and whether the tool wraps it in a transaction. Pure: receives paths and contents, reads nothing.
 * Files that are not `.sql` are read only as metadata (`sqitch.plan`, diesel `metadata.toml`, Flyway
 * `.sql.conf`, Drizzle Kit `meta/_journal.json`, `atlas.sum`, graphile-migrate's `.gmrc`) and otherwise ignored.
 */
import { detectLayout } from "./detect.js";
import { planDiesel, planPrisma } from "./dirs.js";
import { planDbmate, planDump, planGolangMigrate, planGoose, planPlain, planSupabase } from "./flat.js";
import { planAtlas } from "./atlas.js";
import { planDrizzle } from "./drizzle.js";
import { planFlyway } from "./flyway.js";
import { planGraphileMigrate } from "./graphile-migrate.js";
import { planMaragudkMigrate } from "./maragudk.js";
import { planSqlx, SQLX_NO_TRANSACTION } from "./sqlx.js";
import { planPopx } from "./popx.js";
import { planSqitch } from "./sqitch.js";
import { planSqlMigrate } from "./sql-migrate.js";
import { neutralizeTemplates, rendersWholeFile } from "./templates.js";
import { planTern } from "./tern.js";
import { migrationRoot } from "./text.js";
import type { LayoutName, LayoutResult, Migration, MigrationPart, Plan, PlanContext, PlanOptions, SourceFile } from "./types.js";

export type { LayoutName, LayoutProblem, Migration, MigrationPart, Plan, PlanOptions, ProjectManifest, SourceFile } from "./types.js";
export { detectLayout } from "./detect.js";
export { parsePopxName } from "./popx.js";
export { neutralizePlaceholders, compareFlywayVersions, parseFlywayName } from "./flyway.js";
export { parseSqitchConf, parseSqitchPlan, type SqitchChange, type SqitchConf, type SqitchPlan, type SqitchTag } from "./sqitch.js";
export { planRepository, historyDirectories, type DirectoryPlan, type RepositoryPlanOptions } from "./repository.js";
export { cargoLockPackages, isCargoWorkspace, manifestTool, parseCargoManifest, parseGoMod } from "./project.js";

const PLANNERS: Record<LayoutName, (ctx: PlanContext) => LayoutResult> = {
  "golang-migrate": planGolangMigrate,
  sqlx: planSqlx,
  "maragudk-migrate": planMaragudkMigrate,
  popx: planPopx,
  drizzle: planDrizzle,
  atlas: planAtlas,
  diesel: planDiesel,
  dbmate: planDbmate,
  goose: planGoose,
  "sql-migrate": planSqlMigrate,
  tern: planTern,
  flyway: planFlyway,
  sqitch: planSqitch,
  "graphile-migrate": planGraphileMigrate,
  prisma: planPrisma,
  supabase: planSupabase,
  plain: planPlain,
  dump: planDump,
};

/**
 * The migrations of one directory tree in the tool's run order, with the problems found in the layout
 * (duplicate versions, files the tool ignores, downs without ups, files without an up marker).
 */
export function planMigrations(files: readonly SourceFile[], options: PlanOptions = {}): Plan {
  const layout = options.layout === undefined || options.layout === "auto" ? detectLayout(files, options.project) : options.layout;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result = PLANNERS[layout]({ root: migrationRoot(sorted.map((f) => f.path)), files: sorted, newDatabase: options.newDatabase === true });
  const assumed = options.assumeInTransaction;
  const rendered = layout === "popx" || rendersWholeFile(options.project) ? result.migrations.map(renderedWhole) : result.migrations;
  const migrations = assumed === undefined ? rendered : rendered.map((m) => overrideTransaction(m, assumed));
  const problems = [...result.problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { layout, migrations, problems, ignored: [...(result.ignored ?? [])].sort() };
}

/** Parts of a tool that renders each whole file as a Go template: actions in dollar-quoted bodies are neutralized too. */
function renderedWhole(m: Migration): Migration {
  const set = (parts: readonly MigrationPart[]) => parts.map((p): MigrationPart => ({ ...p, text: neutralizeTemplates(p.text, true) }));
  return { ...m, up: set(m.up), down: set(m.down), verify: set(m.verify) };
}

/** sqlx's files look like these layouts (sqlx has no directories: it skips subdirectories of its migrations directory). */
const SQLX_LOOK_ALIKES: ReadonlySet<LayoutName> = new Set(["plain", "golang-migrate"]);

/**
 * `assumeInTransaction` replaces the layout's default, never a migration's own opt-out. With true (the
 * setting for a sqlx project), a file starting with `-- no-transaction` runs without sqlx's transaction,
 * still sent as one query (sqlx executes the file unprepared, over the simple query protocol).
 */
function overrideTransaction(m: Migration, assumed: boolean): Migration {
  const set = (parts: readonly MigrationPart[]) =>
    parts.map((p): MigrationPart => {
      if (p.optedOut === true) return p;
      if (assumed && SQLX_LOOK_ALIKES.has(m.layout) && p.text.startsWith(SQLX_NO_TRANSACTION)) return { ...p, transaction: "query", optedOut: true };
      return { ...p, transaction: assumed ? "tool" : "none" };
    });
  return { ...m, up: set(m.up), down: set(m.down), verify: set(m.verify) };
}

/**
 * Whether the layout expects every up migration to have a down. Flyway undo migrations are optional
 * (and a paid feature), so false; sqlx's `{version}_{description}.sql` migrations have no down by design
 * (sqlx-core `MigrationType::Simple`), so false; tools without downs by design (drizzle, atlas, graphile-migrate, prisma, supabase,
 * plain, dump) false.
 */
export function requiresDown(layout: LayoutName): boolean {
  switch (layout) {
    case "golang-migrate":
    case "maragudk-migrate":
    case "popx":
    case "diesel":
    case "dbmate":
    case "goose":
    case "sql-migrate":
    case "tern":
    case "sqitch":
      return true;
    case "flyway":
    case "sqlx":
    case "drizzle":
    case "graphile-migrate":
    case "atlas":
    case "prisma":
    case "supabase":
    case "plain":
    case "dump":
      return false;
  }
}
