import path from "node:path/posix";
import { z } from "zod";
import { defineRule, type MigrationSummary } from "./rule.js";

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

/**
 * Migration tools find migrations by file name and order them by version: a file that does not match
 * the pattern is silently skipped, two files with one version make the tool refuse to run (or run only
 * one), and a new migration whose version sorts before one already applied is skipped by databases that
 * already ran the later one (golang-migrate, dbmate and diesel record only what they ran; Flyway
 * reports it as out of order). goose, outside `StatementBegin`/`StatementEnd`, ends a statement at each
 * line that ends with `;`, so a function body or `DO` block over several lines is sent in pieces.
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
      statementSplit: {
        message:
          "This line ends with a semicolon inside a statement outside `{{marker}} StatementBegin` / `{{marker}} StatementEnd`: {{tool}} ends a statement at every such line, whatever the quoting, so it sends the statement in pieces and the migration fails.",
        help: "Wrap the whole statement in a line `{{marker}} StatementBegin` before it and a line `{{marker}} StatementEnd` after it, so {{tool}} sends it as one statement.",
      },
      outOfOrder: {
        message: "Migration {{version}} is new or changed, but its version sorts before {{later}}, which is already merged: databases that already ran {{later}} skip it or refuse to migrate.",
        help: "Give the migration a version after {{later}} (for a timestamped tool, the current time), so every database runs it next.",
      },
    },
  },
  create(context) {
    return {
      "Files:exit"({ files, migrations }) {
        for (const file of files) {
          for (const problem of file.layoutProblems) {
            context.report({ messageId: problem.kind ?? "layout", data: { problem: sentence(problem.message, file.path) }, at: problem.origin });
          }
          // sql-migrate splits statements by the same rule as goose (goose's parser derives from it).
          const tool = file.layout === "sql-migrate" ? { tool: "sql-migrate", marker: "-- +migrate" } : { tool: "goose", marker: "-- +goose" };
          for (const at of file.splitStatements) context.report({ messageId: "statementSplit", data: tool, at });
        }
        if (!context.options.checkOrder) return;
        const byDirectory = new Map<string, MigrationSummary[]>();
        for (const m of migrations) {
          // Flyway repeatable migrations have no version and run last by design. sql-migrate applies a
          // missing earlier migration after the later ones (`planMigrationCommon`, `ToCatchup`): not skipped.
          if (m.version === undefined || m.version === "" || m.layout === "sql-migrate") continue;
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
              context.report({ messageId: "outOfOrder", data: { version: `"${m.version ?? ""}"`, later: `"${laterMerged.version ?? ""}"` }, at: up.origin });
            }
          }
        }
      },
    };
  },
});
