import path from "node:path/posix";
import { ATLAS_SUM } from "./atlas.js";
import { isDrizzleJournal } from "./drizzle.js";
import { parseFlywayName } from "./flyway.js";
import { isGmrc } from "./gmrc.js";
import { isCommittedMigration } from "./graphile-migrate.js";
import { isMaragudkName } from "./maragudk.js";
import { POPX_NAME } from "./popx.js";
import { manifestTool } from "./project.js";
import { sqitchConfLayouts } from "./sqitch.js";
import { SQL_MIGRATE_UP } from "./sql-migrate.js";
import { isTernDirectory } from "./tern.js";
import { basename, compareVersions, inVersionDir, isSql, migrationRoot } from "./text.js";
import type { LayoutName, ProjectManifest, SourceFile } from "./types.js";

const GOLANG_MIGRATE = /^\d+_.*\.(?:up|down)\.sql$/u;
const GOOSE_UP = /^\s*--\s*\+goose\s+up\s*$/imu;
const DBMATE_UP = /^--\s*migrate:up(?:\s|$)/mu;
const TIMESTAMPED = /^\d{14}_.*\.sql$/u;
const VERSIONED = /^\d+_.*\.sql$/u;

/**
 * `{version}_{title}.up.sql` files continued by bare `{version}_{name}.sql` ones, with no `.down.sql`
 * anywhere: golang-migrate skips every bare file (its `^([0-9]+)_(.*)\.(down|up)\.(.*)$`,
 * source/parse.go), so nobody writes the newest migration so for it. Such a directory is a migrator's
 * that runs every file in version order whatever its suffix: fider's (app/pkg/dbx/migrate.go reads
 * every file of `migrations/`, sorts by the 12-digit prefix, runs each in a transaction;
 * https://github.com/getfider/fider/blob/main/app/pkg/dbx/migrate.go), whose files dropped `.up` in 2018.
 */
function upsContinuedByBareFiles(names: readonly string[]): boolean {
  if (names.some((n) => n.endsWith(".down.sql"))) return false;
  const ups = names.filter((n) => VERSIONED.test(n) && n.endsWith(".up.sql"));
  const newestUp = ups.reduce<string | undefined>((a, b) => (a === undefined || compareVersions(b, a) > 0 ? b : a), undefined);
  if (newestUp === undefined) return false;
  // One bare file after the ups is more likely a golang-migrate migration that lost its `.up` (which
  // golang-migrate skips, and migration-naming reports) than a switch of migrators: it takes two.
  return names.filter((n) => VERSIONED.test(n) && !n.endsWith(".up.sql") && compareVersions(n, newestUp) > 0).length >= 2;
}
export const PG_DUMP_HEADER = /^--\s*PostgreSQL database dump\s*$/mu;

/**
 * The layout of ONE directory tree of migration files. Deterministic: the first rule that matches wins.
 *
 * 1. sqitch: a `sqitch.plan` file, or a `sqitch.conf` that places one (`top_dir`, `plan_file`).
 * 1a. drizzle: a Drizzle Kit journal `meta/_journal.json`.
 * 1b. graphile-migrate: a `.gmrc` (`.gmrc.js`, `.gmrc.cjs`), or a `committed/{number}[-{slug}].sql` file
 *     starting with the `--! Previous:` header graphile-migrate writes first.
 * 2. prisma: `{version…}/migration.sql` or a `migration_lock.toml`.
 * 3. diesel: `{version…}/up.sql` or `{version…}/down.sql`.
 * 4. popx: a `{version}_{name}.{dialect}.up.sql` / `.down.sql` file with a dialect popx knows
 *    (`postgres`, `cockroach`, `mysql`, `sqlite3`, …) or `.autocommit.` before `.up`/`.down`.
 * 5. golang-migrate: a `{version}_{title}.up.sql` / `.down.sql` file, unless there is no `.down.sql` and
 *    the newest `{version}_…` file is a bare `.sql` (a migrator that runs every file: fider; plain).
 * 6. goose: a `.sql` file with a `-- +goose Up` line.
 * 6a. sql-migrate: a `.sql` file with a `-- +migrate Up` line (exactly so, as sql-migrate reads it:
 *     column 1, case-sensitive). goose's parser was derived from sql-migrate's and its files look alike,
 *     so a directory holding both markers is goose's (its `-- +migrate` lines are then reported); a
 *     sql-migrate file carrying `-- +goose` lines is reported too (see `sqlMigrateSections`).
 * 7. dbmate: a `.sql` file with a `-- migrate:up` line.
 * 7a. tern: a `.sql` file directly in the directory holding tern's `---- create above / drop below ----`,
 *     or a `tern.conf` (what `tern init` writes beside the migrations) beside `{version}_{name}.sql` files.
 * 8. flyway: a `V{version}__{desc}.sql` or `R__{desc}.sql` file.
 * 8a. atlas: an `atlas.sum` file beside files of none of the formats above. Atlas keeps an `atlas.sum`
 *     in directories of other tools' formats too (`--dir "file://…?format=golang-migrate"`, goose,
 *     Flyway, dbmate), which those tools run, so their layouts win.
 * 9. supabase: the directory is `…/supabase/migrations` and a file is `{14-digit timestamp}_{name}.sql`.
 * 10. dump: every `.sql` file starts with pg_dump's header (`schema-15.sql`, `schema-16.sql`: each a whole
 *     schema), or there is exactly one whose name has no numeric prefix (`structure.sql`, `schema.sql`)
 *     and no `.up.sql` / `.down.sql` suffix.
 * 11. plain: anything else (also an empty file set).
 *
 * The nearest project manifest (`project`, found by the CLI) settles what file names leave open
 * ({@link manifestTool}): in a crate depending on sqlx, the `.up.sql`/`.down.sql` files of rule 5 and
 * `{version}_{description}.sql` files otherwise read as supabase, dump or plain are sqlx's (rule 9a);
 * in a Go module requiring maragudk/migrate, `{version}.up.sql`/`.down.sql` files are its (rule 4a).
 */
export function detectLayout(files: readonly SourceFile[], project?: ProjectManifest): LayoutName {
  const root = migrationRoot(files.map((f) => f.path));
  const names = files.map((f) => basename(f.path));
  const sql = files.filter((f) => isSql(f.path));
  const versionDirFile = (name: string) => files.some((f) => basename(f.path) === name && inVersionDir(f.path));
  if (names.includes("sqitch.plan") || sqitchConfLayouts(files).length > 0) return "sqitch";
  if (files.some((f) => isDrizzleJournal(f.path))) return "drizzle";
  if (files.some((f) => isGmrc(f.path) || (isCommittedMigration(f.path) && f.text.startsWith("--! Previous:")))) return "graphile-migrate";
  if (versionDirFile("migration.sql") || names.includes("migration_lock.toml")) return "prisma";
  if (versionDirFile("up.sql") || versionDirFile("down.sql")) return "diesel";
  if (names.some((n) => POPX_NAME.test(n))) return "popx";
  const hinted = manifestTool(project);
  if (hinted === "maragudk-migrate" && names.some(isMaragudkName)) return hinted;
  // golang-migrate reads one directory, never its subfolders: Boundary's major-version folders of
  // `{minor}_{name}.up.sql` files, planned together in their parent, are no golang-migrate history.
  const own = files.filter((f) => path.dirname(f.path) === root).map((f) => basename(f.path));
  if (own.some((n) => GOLANG_MIGRATE.test(n)) && (hinted === "sqlx" || !upsContinuedByBareFiles(own))) return hinted === "sqlx" ? hinted : "golang-migrate";
  if (sql.some((f) => GOOSE_UP.test(f.text))) return "goose";
  if (sql.some((f) => SQL_MIGRATE_UP.test(f.text))) return "sql-migrate";
  if (sql.some((f) => DBMATE_UP.test(f.text))) return "dbmate";
  if (isTernDirectory(root, files)) return "tern";
  if (names.some((n) => isSql(n) && parseFlywayName(n)?.kind !== undefined && parseFlywayName(n)?.kind !== "U")) return "flyway";
  if (names.includes(ATLAS_SUM)) return "atlas";
  if (/(?:^|\/)supabase\/migrations(?:\/|$)/u.test(root) && sql.some((f) => TIMESTAMPED.test(basename(f.path)))) return "supabase";
  if (hinted === "sqlx" && sql.some((f) => /^\d+_.*\.sql$/u.test(basename(f.path)))) return hinted;
  if (sql.length > 0 && sql.every((f) => PG_DUMP_HEADER.test(f.text))) return "dump";
  const only = sql.length === 1 ? sql[0] : undefined;
  // `V0001.Initial_Schema.up.sql` alone is the first migration of a history, not a schema dump.
  if (only !== undefined && !/^\d/u.test(basename(only.path)) && !/\.(?:up|down)\.sql$/u.test(basename(only.path))) return "dump";
  return "plain";
}
