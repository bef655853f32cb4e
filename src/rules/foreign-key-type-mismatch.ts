import { z } from "zod";
import type { ColumnType } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { foreignKeysOf, referencedColumns } from "./utils/foreign-key-clause-sql.js";
import { NamesAt } from "./utils/renamed-since.js";
import { resolveDomain } from "./utils/resolve-domain.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import { typeLabel, typeSql } from "./utils/type-text.js";

/**
 * Type modifiers as PostgreSQL stores them: `numeric(12)` is `numeric(12,0)`, `character` and `bit`
 * without a length are length 1 (https://www.postgresql.org/docs/current/datatype-numeric.html,
 * https://www.postgresql.org/docs/current/datatype-character.html).
 */
function effectiveModifiers(type: ColumnType): string {
  const mods = [...type.modifiers];
  if (type.name === "numeric" && mods.length === 1) mods.push(0);
  if ((type.name === "character" || type.name === "bit") && mods.length === 0) mods.push(1);
  return JSON.stringify(mods.map(String));
}

/** `integer`, or `"order_id" (a domain over bigint)` when domains were resolved; a serial is its base type. */
function typeText(type: ColumnType, base: ColumnType, domains: number): string {
  return domains === 0 ? typeLabel(type, "base") : `${typeLabel(type, "base")} (a domain over ${typeLabel(base, "base")})`;
}

/**
 * PostgreSQL only requires the two sides of a foreign key to be comparable with an equality operator
 * of the referenced index's operator family, so `integer` may reference `bigint` and `varchar(20)` may
 * reference `varchar(30)`. The mismatch is still a defect: ids beyond the narrower type cannot be
 * stored, comparisons across operator families need casts that keep an index from being used, and a shorter or less
 * precise referencing column truncates or rounds values that then no longer match.
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES
 */
export default defineRule({
  meta: {
    id: "foreign-key-type-mismatch",
    summary: "Give the columns of a foreign key exactly the types of the columns they reference.",
    category: "relationships",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      typeMismatch: {
        message:
          'Foreign key {{constraint}} on {{table}} joins columns of different types ({{pairs}}): values valid on one side may not fit the other, and comparisons across types can need casts that keep an index from being used.',
        help: "Change the referencing columns to the referenced types (this rewrites the table under an ACCESS EXCLUSIVE lock; on a large table, add a new column and backfill instead): {{sql}}",
      },
      modifierMismatch: {
        message:
          'Foreign key {{constraint}} on {{table}} joins columns whose length or precision differ ({{pairs}}): values that fit one side are rejected, truncated or rounded on the other, so the two sides can silently stop matching.',
        help: "Give the referencing columns the same length and precision as the referenced ones: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the foreign key was created.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const fk of foreignKeysOf(catalog, table)) {
            const referenced = catalog.tableByName(fk.references.table);
            const targetColumns = referencedColumns(catalog, fk);
            if (referenced === undefined || targetColumns?.length !== fk.columns.length) continue;
            // The statement that added the foreign key shows the names of its time.
            const names = new NamesAt(compare, fk.origin);
            const pairs: string[] = [];
            const statements: string[] = [];
            let typeDiffers = false;
            for (const [i, name] of fk.columns.entries()) {
              const column = table.columns.get(name);
              const target = referenced.columns.get(targetColumns[i] ?? "");
              if (column === undefined || target === undefined) continue;
              if (column.type.name.endsWith("%TYPE") || target.type.name.endsWith("%TYPE")) continue;
              if (column.type.name === "unknown" || target.type.name === "unknown") continue;
              const from = resolveDomain(catalog, column.type);
              const to = resolveDomain(catalog, target.type);
              const sameType = from.base.name === to.base.name && from.base.arrayDimensions === to.base.arrayDimensions;
              if (sameType && effectiveModifiers(from.base) === effectiveModifiers(to.base)) continue;
              if (!sameType) typeDiffers = true;
              pairs.push(
                `${names.object(column)} is ${typeText(column.type, from.base, from.domains.length)} but ${names.qualifiedColumn(referenced, target.name)} is ${typeText(target.type, to.base, to.domains.length)}`,
              );
              statements.push(`ALTER COLUMN ${quoteIdentifier(column.name)} TYPE ${typeSql(target.type)}`);
              names.usedInSql(column);
            }
            if (pairs.length === 0) continue;
            const sql = `ALTER TABLE ${qualifiedSql(table)} ${statements.join(", ")};`;
            names.usedInSql(table);
            context.report({
              messageId: typeDiffers ? "typeMismatch" : "modifierMismatch",
              data: { constraint: names.object(fk), table: names.table(table), pairs: pairs.join("; "), sql },
              at: fk.origin,
              // Inserted after that statement, SQL with names a later RENAME gave would fail.
              ...(names.renamed ? {} : { suggestion: { description: `Change the type of ${fk.columns.length === 1 ? "the referencing column" : "the referencing columns"}.`, sql } }),
            });
          }
        }
      },
    };
  },
});
