import { z } from "zod";
import type { ForeignKeyAction } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { actionSql, foreignKeyClauseSql, foreignKeyNamesUsedInSql, foreignKeysOf, referencedTableAt, replaceForeignKeySql } from "./utils/foreign-key-clause-sql.js";
import { NamesAt } from "./utils/renamed-since.js";

const ACTIONS = ["no action", "restrict", "cascade", "set null", "set default"] as const satisfies readonly ForeignKeyAction[];

/**
 * The action the help suggests: NO ACTION first, because writing it out keeps today's behaviour and
 * only records the decision; then the other allowed actions, most conservative first.
 */
const PREFERENCE: readonly ForeignKeyAction[] = ["no action", "restrict", "cascade", "set null", "set default"];

/**
 * Without `ON DELETE`, a foreign key gets NO ACTION: deleting a referenced row fails while referencing
 * rows exist (checked at the end of the statement, or at commit when deferred). That is a fine choice
 * when made on purpose, but an omitted clause rarely is one: the seed checklist asks for "foreign key
 * constraints with appropriate ON DELETE". https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK
 */
export default defineRule({
  meta: {
    id: "foreign-key-on-delete",
    summary: "Write out the ON DELETE action of every foreign key, choosing one of the allowed actions.",
    category: "relationships",
    defaultSeverity: "warn",
    options: z.object({
      allowed: z
        .array(z.enum(ACTIONS))
        .default([...ACTIONS])
        .describe('ON DELETE actions a foreign key may state, from "no action", "restrict", "cascade", "set null" and "set default"; an explicit action outside this list is reported.'),
    }),
    messages: {
      missingOnDelete: {
        message:
          'Foreign key {{constraint}} on {{table}} ({{columns}}) does not state ON DELETE, so it gets NO ACTION: deleting a row of {{referenced}} that is still referenced fails, which is rarely a decision anyone made.',
        help: "Decide what deleting a row of {{referenced}} does to these rows (CASCADE deletes them, SET NULL unlinks them, RESTRICT or NO ACTION refuses the delete) and write it out: {{sql}}",
      },
      actionNotAllowed: {
        message:
          'Foreign key {{constraint}} on {{table}} ({{columns}}) uses ON DELETE {{action}}, which is not one of the actions allowed in this project ({{allowed}}).',
        help: "Use an allowed action: {{sql}}",
      },
    },
  },
  create(context) {
    const allowed = new Set<ForeignKeyAction>(context.options.allowed);
    const suggested = PREFERENCE.find((a) => allowed.has(a)) ?? "restrict";
    const allowedText = context.options.allowed.length === 0 ? "none" : context.options.allowed.map(actionSql).join(", ");
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the foreign key was created.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const fk of foreignKeysOf(catalog, table)) {
            const ref = fk.references;
            const explicitAllowed = ref.onDeleteExplicit && allowed.has(ref.onDelete);
            if (explicitAllowed) continue;
            const sql = replaceForeignKeySql(table, fk, foreignKeyClauseSql(catalog, fk, { onDelete: suggested }));
            // The statement that added the foreign key shows the names of its time.
            const names = new NamesAt(compare, fk.origin);
            foreignKeyNamesUsedInSql(names, catalog, table, fk);
            const data = {
              constraint: names.object(fk),
              table: names.table(table),
              columns: names.columns(table, fk.columns),
              referenced: referencedTableAt(catalog, fk, names),
              action: actionSql(ref.onDelete),
              allowed: allowedText,
              sql,
            };
            context.report({
              messageId: ref.onDeleteExplicit ? "actionNotAllowed" : "missingOnDelete",
              data,
              at: fk.origin,
              // Inserted after that statement, SQL with names a later RENAME gave would fail.
              ...(names.renamed ? {} : { suggestion: { description: `Write ON DELETE ${actionSql(suggested)} on ${fk.name}.`, sql } }),
            });
          }
        }
      },
    };
  },
});
