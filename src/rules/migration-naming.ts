import path from "node:path/posix";
import { z } from "zod";
import type { LayoutName } from "../migrations/types.js";
import { defineRule, type LayoutProblemInfo, type MigrationSummary } from "./rule.js";

/** The planner's problem text with its consequence, paths relative to the file's directory. */
function sentence(problem: string, file: string): string {
  const dir = `${path.dirname(file)}/`;
  let text = problem.replaceAll(dir, "");
  if (text.startsWith("duplicate")) text += ": the tool refuses to run two migrations with one version, or runs only one of them";
  else if (/has no (?:up|versioned) migration$/u.test(text)) text += ": the tool never runs it";
  else if (text.startsWith("SQL before the first marker")) text += ": the tool never runs it";
  else if (text.includes("StatementBegin` without")) text += ": goose splits the block at each semicolon and the statement fails";
  else if (text.includes("StatementEnd` without")) text += ": goose cannot tell where the block started";
  return text;
}

/** Migrations of one directory share the id's prefix (`layout:directory:`). */
function directoryOf(migration: MigrationSummary): string {
  return migration.id.slice(0, migration.id.lastIndexOf(":"));
}

/** "runs it after X on databases that already ran X", the wording shared by the tools that apply every pending migration. */
const runsAfter = (tool: string, later: string, unless = ""): string =>
  `${tool} runs it after ${later} on databases that already ran ${later}, so they apply the two in the other order than a new database does${unless}`;

/** For the tools that refuse: the switch that makes them run it, and what it does. */
const refusesUnless = (tool: string, error: string, later: string, option: string): string =>
  `${tool} refuses to migrate databases that already ran ${later} (${error}) unless ${option}, which runs it there after ${later}, and before it on a new database`;

/**
 * What each tool does with a pending migration whose version sorts before one the database already ran
 * (`later`, quoted). Checked in each tool's source:
 * - golang-migrate and maragudk/migrate record only the current version and run the files after it;
 * - drizzle's migrator runs only the entries whose journal `when` is later than the newest `created_at`
 *   the database recorded (drizzle-orm `pg-core/dialect.ts`, `migrate`);
 * - goose stops with "missing (out-of-order) migration" unless `--allow-missing` (`WithAllowMissing`);
 * - Flyway reports it as ignored, and `validate` (run by `migrate`) fails unless `outOfOrder`;
 * - Atlas stops with "migration file … was added out of order" unless `--exec-order non-linear`;
 * - Supabase's `db push` stops with "Found local migration files to be inserted before the last
 *   migration on remote database" unless `--include-all`;
 * - dbmate (unless `--strict`), diesel (`MigrationHarness::pending_migrations`), sqlx (`Migrator::run`),
 *   Prisma (`migrate deploy`, schema-engine `apply_migrations`), popx (`MigrationBox.Up`) and sql-migrate
 *   (`ToCatchup`) run every migration they have not recorded, in version order: the late one comes
 *   after the later ones there, and in version order on a new database.
 */
const OUT_OF_ORDER: Partial<Record<LayoutName, (later: string) => string>> = {
  "golang-migrate": (later) => `golang-migrate records only the current version, so databases that already ran ${later} never run it`,
  "maragudk-migrate": (later) => `maragudk/migrate records only the current version, so databases that already ran ${later} never run it`,
  // tern's schema_version table holds one number (migrate.go): everything up to it counts as applied.
  tern: (later) => `tern records only the current version, so databases that already ran ${later} never run it`,
  // Each committed migration names the hash of the one before it (`--! Previous:`).
  "graphile-migrate": (later) => `graphile-migrate chains committed migrations by hash, so a migration inserted before ${later} breaks the chain and graphile-migrate refuses to migrate`,
  drizzle: (later) => `drizzle's migrator runs only migrations stamped later than the last one a database recorded, so databases that already ran ${later} silently skip it`,
  goose: (later) => refusesUnless("goose", '"missing (out-of-order) migration"', later, "it runs with --allow-missing"),
  flyway: (later) => refusesUnless("Flyway", "it reports the migration as ignored and validation fails", later, "outOfOrder is on"),
  atlas: (later) => refusesUnless("atlas migrate apply", '"added out of order"', later, "it runs with --exec-order non-linear"),
  supabase: (later) => refusesUnless("supabase db push", '"Found local migration files to be inserted before the last migration on remote database"', later, "it runs with --include-all"),
  dbmate: (later) => runsAfter("dbmate", later, " (with --strict it refuses to migrate instead)"),
  diesel: (later) => runsAfter("diesel", later),
  sqlx: (later) => runsAfter("sqlx", later),
  prisma: (later) => runsAfter("prisma migrate deploy", later),
  popx: (later) => runsAfter("popx", later),
  "sql-migrate": (later) => runsAfter("sql-migrate", later),
};

/** graphile-migrate's problems get help of their own: its headers, hash chain and .gmrc are unlike other tools' files. */
function messageIdOf(kind: LayoutProblemInfo["kind"], layout: LayoutName | undefined): "layout" | "marker" | "manifest" | "checksum" | "include" | "graphileChecksum" | "graphileHeader" | "graphileSettings" {
  if (layout !== "graphile-migrate" || kind === undefined || kind === "include") return kind ?? "layout";
  return kind === "checksum" ? "graphileChecksum" : kind === "marker" ? "graphileHeader" : "graphileSettings";
}

function outOfOrderConsequence(layout: LayoutName | undefined, later: string): string {
  const consequence = layout === undefined ? undefined : OUT_OF_ORDER[layout];
  return consequence?.(later) ?? `depending on the tool, databases that already ran ${later} skip it, refuse to migrate, or run the two in the other order than a new database does`;
}

/**
 * Migration tools find migrations by file name and order them by version: a file that does not match
 * the pattern is silently skipped, two files with one version make the tool refuse to run (or run only
 * one), and a new migration whose version sorts before one already applied is skipped, refused or run
 * in another order than on a new database, depending on the tool (`OUT_OF_ORDER`). goose, outside
 * `StatementBegin`/`StatementEnd`, ends a statement at each line that ends with `;`, so a function body
 * or `DO` block over several lines is sent in pieces.
 */
export default defineRule({
  meta: {
    id: "migration-naming",
    summary: "Name migration files the way the migration tool expects, with unique versions in the order they must run.",
    category: "migrations",
    defaultSeverity: "error",
    options: z.object({
      checkOrder: z
        .boolean()
        .default(true)
        .describe(
          "With `--changed-since` or `--staged`: report a changed migration whose version sorts before an unchanged (already merged) migration of the same directory.",
        ),
    }),
    messages: {
      layout: {
        message: "Migration layout problem: {{problem}}.",
        help: "Rename the file to the tool's pattern with a version no other migration uses, or move it out of the migrations directory.",
      },
      marker: {
        message: "Migration marker problem: {{problem}}.",
        help: "Correct the marker comments the way the tool documents them (`-- +goose Up` / `Down`, `-- migrate:up` / `down`, `-- +migrate Up` / `Down`, each `StatementBegin` closed by a `StatementEnd`, `atlas:txmode` in the file header), so the tool runs the SQL as written.",
      },
      manifest: {
        message: "Migration manifest problem: {{problem}}.",
        help: "Make the tool's list of migrations (drizzle's `meta/_journal.json`, `sqitch.plan`, `sqitch.conf`) and the migration files agree, the way the tool's own commands write them (`drizzle-kit generate`, `sqitch add`), so it runs every migration you see.",
      },
      checksum: {
        message: "Migration checksum problem: {{problem}}.",
        help: "If the change is intended, run `atlas migrate hash` and commit the new atlas.sum; a migration that databases have already applied must not change, so put the change in a new migration instead.",
      },
      include: {
        message: "Migration include problem: {{problem}}.",
        help: "Make each include name a file where the tool looks for it (graphile-migrate's `--!include`: a path below the migrations folder's `fixtures/`; tern's `{{ template }}`: a `.sql` file below the migrations directory), and never a file that is already being included, so the tool can run the migration.",
      },
      graphileChecksum: {
        message: "Migration checksum problem: {{problem}}.",
        help: "Undo the edit of a committed migration (databases that ran it keep the old version), or run `graphile-migrate uncommit`, change the migration in current.sql and commit it again; a migration that databases have already applied must not change, so put the change in a new migration instead.",
      },
      graphileHeader: {
        message: "Migration header problem: {{problem}}.",
        help: "Let graphile-migrate write the headers (`graphile-migrate commit`): the `--! Previous:` and `--! Hash:` lines, then one empty line, then the body.",
      },
      graphileSettings: {
        message: "Migration settings problem: {{problem}}.",
        help: "Make the .gmrc name only files that exist, and the migrations folder hold only what graphile-migrate reads (committed/, current.sql or current/), so it runs every migration you see.",
      },
      statementSplit: {
        message:
          "This line ends with a semicolon inside a statement outside `{{marker}} StatementBegin` / `{{marker}} StatementEnd`: {{tool}} ends a statement at every such line, whatever the quoting, so it sends the statement in pieces and the migration fails.",
        help: "Wrap the whole statement in a line `{{marker}} StatementBegin` before it and a line `{{marker}} StatementEnd` after it, so {{tool}} sends it as one statement.",
      },
      outOfOrder: {
        message: "Migration {{version}} is new or changed, but its version sorts before {{later}}, which is already merged: {{consequence}}.",
        help: "Give the migration a version after {{later}} (for a timestamped tool, the current time), so every database runs it next, after {{later}}.",
      },
    },
  },
  create(context) {
    return {
      "Files:exit"({ files, migrations }) {
        for (const file of files) {
          for (const problem of file.layoutProblems) {
            context.report({ messageId: messageIdOf(problem.kind, file.layout), data: { problem: sentence(problem.message, file.path) }, at: problem.origin });
          }
          // sql-migrate splits statements by the same rule as goose (goose's parser derives from it).
          const tool = file.layout === "sql-migrate" ? { tool: "sql-migrate", marker: "-- +migrate" } : { tool: "goose", marker: "-- +goose" };
          for (const at of file.splitStatements) context.report({ messageId: "statementSplit", data: tool, at });
        }
        if (!context.options.checkOrder) return;
        const byDirectory = new Map<string, MigrationSummary[]>();
        for (const m of migrations) {
          // Flyway repeatable migrations have no version and run last by design. sqitch deploys in
          // sqitch.plan order from the last change deployed, whatever the names; a reworked change's old
          // script (`name@tag.sql`) is a new file at an earlier place in the plan, and belongs there.
          if (m.version === undefined || m.version === "" || m.layout === "sqitch") continue;
          const list = byDirectory.get(directoryOf(m));
          if (list === undefined) byDirectory.set(directoryOf(m), [m]);
          else list.push(m);
        }
        for (const list of byDirectory.values()) {
          // Run order is version order: a changed migration followed by an unchanged one is out of order.
          let laterMerged: MigrationSummary | undefined;
          for (let i = list.length - 1; i >= 0; i--) {
            const m = list[i];
            if (m === undefined) continue;
            const changed = m.up.some((f) => f.changed === true);
            const known = m.up.every((f) => f.changed !== undefined);
            if (!known) continue;
            const up = m.up[0];
            if (!changed) laterMerged ??= m;
            else if (laterMerged !== undefined && up !== undefined) {
              const later = `"${laterMerged.version ?? ""}"`;
              context.report({ messageId: "outOfOrder", data: { version: `"${m.version ?? ""}"`, later, consequence: outOfOrderConsequence(m.layout, later) }, at: up.origin });
            }
          }
        }
      },
    };
  },
});
