import { z } from "zod";
import { schemaDifferences, type SchemaDifference } from "../schema/schema-diff.js";
import { defineRule } from "./rule.js";
import { expressionSql } from "./utils/expression-sql.js";

function describe(d: SchemaDifference): string {
  const what = `${d.kind} ${d.display}`;
  if (d.change === "added") return `${what} is still there`;
  if (d.change === "missing") return `${what} is missing`;
  return `${what} is ${d.after ?? ""} instead of ${d.before ?? ""}`;
}

/**
 * Folds the up and then the down migration onto the schema as it was before the migration and compares
 * the result with that schema. Statically, without a database: `schemalint verify` replays them for
 * real. Objects the model does not see (created in DO blocks or functions) cannot be compared.
 */
export default defineRule({
  meta: {
    id: "down-migration-mismatch",
    summary: "Make each down migration restore exactly the schema its up migration started from.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({
      maxListed: z.number().int().min(1).default(5).describe("How many differences the message names before summarising the rest as a count."),
    }),
    messages: {
      mismatch: {
        message: "The down migration of {{version}} does not restore the schema the up migration started from: {{differences}}. A rollback leaves the database in a state no migration describes.",
        help: "Reverse every change of the up migration in the down, in reverse order: drop what the up created, recreate what it dropped, and undo what it altered.",
      },
    },
  },
  create(context) {
    const { maxListed } = context.options;
    return {
      "Migration:exit"({ migration, before, afterDown }) {
        const down = migration.down[0];
        // An empty down is require-down-migration's finding; a down with syntax errors cannot be compared.
        if (down === undefined || migration.down.every((d) => d.statements === 0)) return;
        if ([...migration.up, ...migration.down].some((f) => f.parseErrors > 0)) return;
        const found = schemaDifferences(before, afterDown, { expressionSql, onlyKnownColumns: true });
        if (found.length === 0) return;
        const listed = found.slice(0, maxListed).map(describe);
        const rest = found.length - listed.length;
        context.report({
          messageId: "mismatch",
          data: {
            version: `"${migration.version ?? migration.id}"`,
            differences: `${listed.join("; ")}${rest > 0 ? `; and ${String(rest)} more` : ""}`,
          },
          at: down.origin,
        });
      },
    };
  },
});
