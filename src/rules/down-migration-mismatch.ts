import { z } from "zod";
import { inventoryOf, type InventoryEntry, type SchemaInventory } from "../schema/inventory.js";
import { defineRule } from "./rule.js";

interface Difference {
  readonly key: string;
  readonly text: string;
}

/** `table "orders"`, `column "total" of "orders"`. */
function named(entry: InventoryEntry): string {
  return `${entry.kind} ${entry.display}`;
}

/**
 * What differs between the schema before the up and after the down, leaving out objects whose table
 * (or type) is itself reported: a table the down forgot to drop is one difference, not one per column.
 */
function differences(before: SchemaInventory, after: SchemaInventory): Difference[] {
  const out: Difference[] = [];
  const reported = new Set<string>();
  const covered = (entry: InventoryEntry): boolean => entry.parent !== undefined && reported.has(entry.parent);
  // Parents (tables, types) come before their parts in an inventory, so one pass suffices.
  for (const [key, entry] of after) {
    if (before.has(key) || covered(entry)) continue;
    reported.add(key);
    out.push({ key, text: `${named(entry)} is still there` });
  }
  for (const [key, entry] of before) {
    const now = after.get(key);
    if (now === undefined) {
      if (covered(entry)) continue;
      reported.add(key);
      out.push({ key, text: `${named(entry)} is missing` });
    } else if (now.detail !== entry.detail && !covered(entry)) {
      out.push({ key, text: `${named(entry)} is ${now.detail} instead of ${entry.detail}` });
    }
  }
  return out;
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
        const found = differences(before, inventoryOf(afterDown));
        if (found.length === 0) return;
        const listed = found.slice(0, maxListed).map((d) => d.text);
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
