import path from "node:path/posix";
import { z } from "zod";
import type { LayoutName } from "../migrations/types.js";
import { defineRule, type MigrationSummary } from "./rule.js";

/** Where the tool expects the down migration of `migration`, for the help text. */
function downPlace(migration: MigrationSummary, layout: LayoutName | undefined): string {
  const up = migration.up[0]?.path ?? "";
  const base = path.basename(up);
  switch (layout) {
    case "golang-migrate":
    case "sqlx":
    case "maragudk-migrate":
    case "popx":
      return `the file "${base.replace(/\.up\.sql$/u, ".down.sql")}" beside it`;
    case "diesel":
      return `"down.sql" in "${path.basename(path.dirname(up))}/"`;
    case "dbmate":
      return "a `-- migrate:down` section at the end of the file";
    case "goose":
      return "a `-- +goose Down` section at the end of the file";
    case "sql-migrate":
      return "a `-- +migrate Down` section at the end of the file";
    case "tern":
      return "a `---- create above / drop below ----` line followed by the down SQL at the end of the file";
    case "sqitch":
      return `the revert script "revert/${base}"`;
    case "flyway":
      return `an undo migration "U${migration.version ?? ""}__….sql"`;
    case "plain":
      // A plain `{name}.up.sql` expects its `{name}.down.sql` (planPlain); other plain files no down.
      return base.endsWith(".up.sql") ? `the file "${base.replace(/\.up\.sql$/u, ".down.sql")}" beside it` : "a down migration";
    case "drizzle":
    case "atlas":
    case "graphile-migrate":
    case "prisma":
    case "supabase":
    case "dump":
    case undefined:
      return "a down migration";
  }
}

/**
 * A migration tool can only roll back what its down migrations describe: without one, a failed
 * deploy (or a release that has to be reverted) leaves the schema to be repaired by hand, under
 * pressure. Only layouts whose tool runs down migrations expect one (`migrations.requireDown`).
 */
export default defineRule({
  meta: {
    id: "require-down-migration",
    summary: "Give every up migration a down migration that reverses it, where the migration tool runs them.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      missingDown: {
        message: "Migration {{version}} has no down migration: the migration tool cannot roll it back, so reverting a release means repairing the schema by hand.",
        help: "Write {{place}} that reverses every change of the up migration, in reverse order. If the change truly cannot be reversed, say so with a directive and a reason.",
      },
      emptyDown: {
        message: "The down migration of {{version}} is empty: rolling it back succeeds without reversing anything, so the schema and the tool's recorded version disagree afterwards.",
        help: "Write the statements that reverse the up migration, in reverse order. If the change truly cannot be reversed, make the down fail on purpose (for example RAISE EXCEPTION in a DO block) so a rollback stops here.",
      },
    },
  },
  create(context) {
    return {
      "Files:exit"({ migrations }) {
        for (const migration of migrations) {
          if (!migration.requireDown) continue;
          const up = migration.up[0];
          if (up === undefined) continue;
          const version = `"${migration.version ?? up.migration}"`;
          const down = migration.down;
          if (down.length === 0) {
            context.report({ messageId: "missingDown", data: { version, place: downPlace(migration, migration.layout) }, at: up.origin });
          } else if (down.every((d) => d.statements === 0 && d.parseErrors === 0) && migration.up.some((u) => u.changesSchema)) {
            // An empty down after a data-only up (UPDATE, INSERT) leaves nothing to reverse in the schema.
            const first = down[0];
            if (first !== undefined) context.report({ messageId: "emptyDown", data: { version }, at: first.origin });
          }
        }
      },
    };
  },
});
