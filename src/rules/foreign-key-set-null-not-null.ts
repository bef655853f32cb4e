import { z } from "zod";
import type { Catalog } from "../schema/catalog.js";
import type { Column, ForeignKeyAction, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { actionSql, columnsSetBy, foreignKeyClauseSql, foreignKeyNamesUsedInSql, foreignKeysOf, referencedTableAt, replaceForeignKeySql, type ForeignKey } from "./utils/foreign-key-clause-sql.js";
import { NamesAt, type CompareOrigins } from "./utils/renamed-since.js";
import { resolveDomain } from "./utils/resolve-domain.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/** NOT NULL on the column, or on a domain it is declared with. */
function isNotNull(catalog: Catalog, column: Column): boolean {
  return column.notNull || resolveDomain(catalog, column.type).domains.some((d) => d.notNull);
}

/**
 * Whether the column has a default SET DEFAULT can use: its own DEFAULT, an identity or a serial
 * (`nextval`). A domain's default is not in the schema model, so a domain column counts as having one
 * (no finding rather than a false one).
 */
function hasDefault(catalog: Catalog, column: Column): boolean {
  return (
    column.default !== undefined ||
    column.identity !== undefined ||
    column.type.serial !== undefined ||
    resolveDomain(catalog, column.type).domains.length > 0
  );
}

interface Failure {
  readonly actions: string[];
  readonly columns: string[];
}

function addFailure(failure: Failure, action: string, columns: readonly string[]): void {
  failure.actions.push(action);
  for (const c of columns) if (!failure.columns.includes(c)) failure.columns.push(c);
}

/**
 * ON DELETE / ON UPDATE SET NULL writes NULL into the referencing columns; SET DEFAULT writes each
 * column's default, which is NULL when it has none. On a NOT NULL column that write fails, so the
 * DELETE or UPDATE of the referenced row fails with a not-null violation at run time, although the
 * constraint was accepted when it was created.
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK
 *
 * PostgreSQL 15+ accepts `ON DELETE SET NULL (column, ...)` and `SET DEFAULT (column, ...)`, which only
 * write the listed columns: only those are checked.
 */
export default defineRule({
  meta: {
    id: "foreign-key-set-null-not-null",
    summary: "Use SET NULL and SET DEFAULT actions only on foreign keys whose columns can take the value they write.",
    category: "relationships",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      setNullNotNull: {
        message:
          'Foreign key {{constraint}} on {{table}} has {{actions}}, but the referencing {{columns}} NOT NULL: {{event}} a referenced row of {{referenced}} fails with a not-null violation instead of unlinking the rows.',
        help: "Make the column nullable if rows may outlive their {{referenced}} row ({{dropNotNullSql}}), or choose an action that fits a required reference: {{sql}}",
      },
      setDefaultNoDefault: {
        message:
          'Foreign key {{constraint}} on {{table}} has {{actions}}, but the referencing {{columns}} NOT NULL without a DEFAULT, so the action writes NULL: {{event}} a referenced row of {{referenced}} fails with a not-null violation.',
        help: "Give the column a DEFAULT that is the key of a row of {{referenced}} that is never deleted (ALTER COLUMN ... SET DEFAULT), make it nullable ({{dropNotNullSql}}), or choose another action: {{sql}}",
      },
    },
  },
  create(context) {
    const report = (compare: CompareOrigins | undefined, catalog: Catalog, table: Table, fk: ForeignKey, messageId: "setNullNotNull" | "setDefaultNoDefault", failure: Failure, failed: ReadonlySet<"delete" | "update">): void => {
      // A required reference either belongs to its parent row or must keep it alive: RESTRICT on
      // delete (or CASCADE, the help says so), and CASCADE on update so a re-keyed parent carries its
      // rows. Only the failing actions are replaced (of both findings, so their fixes agree): a SET NULL
      // whose column list names nullable columns only works.
      const changes = { ...(failed.has("delete") ? { onDelete: "restrict" as const } : {}), ...(failed.has("update") ? { onUpdate: "cascade" as const } : {}) };
      const sql = replaceForeignKeySql(table, fk, foreignKeyClauseSql(catalog, fk, changes));
      const drops = failure.columns.map((c) => `ALTER COLUMN ${quoteIdentifier(c)} DROP NOT NULL`).join(", ");
      // The statement that added the foreign key shows the names of its time.
      const names = new NamesAt(compare, fk.origin);
      foreignKeyNamesUsedInSql(names, catalog, table, fk);
      context.report({
        messageId,
        data: {
          constraint: names.object(fk),
          table: names.table(table),
          actions: failure.actions.join(" and "),
          event: failure.actions.length > 1 ? "deleting or updating the key of" : failure.actions[0]?.startsWith("ON DELETE") === true ? "deleting" : "updating the key of",
          columns: failure.columns.length === 1 ? `column ${names.columns(table, failure.columns)} is` : `columns ${names.columns(table, failure.columns)} are`,
          referenced: referencedTableAt(catalog, fk, names),
          dropNotNullSql: `ALTER TABLE ${qualifiedSql(table)} ${drops};`,
          sql,
        },
        at: fk.origin,
        // Inserted after that statement, SQL with names a later RENAME gave would fail.
        ...(names.renamed ? {} : { suggestion: { description: `Replace the failing action of ${fk.name}.`, sql } }),
      });
    };
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the foreign key was created.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const fk of foreignKeysOf(catalog, table)) {
            const setNull: Failure = { actions: [], columns: [] };
            const setDefault: Failure = { actions: [], columns: [] };
            const failed = new Set<"delete" | "update">();
            const check = (clause: string, action: ForeignKeyAction, event: "delete" | "update"): void => {
              if (action !== "set null" && action !== "set default") return;
              const failing = columnsSetBy(fk.columns, fk.references, event).filter((name) => {
                const column = table.columns.get(name);
                if (column === undefined || !isNotNull(catalog, column)) return false;
                return action === "set null" || !hasDefault(catalog, column);
              });
              if (failing.length === 0) return;
              failed.add(event);
              addFailure(action === "set null" ? setNull : setDefault, `${clause} ${actionSql(action)}`, failing);
            };
            check("ON DELETE", fk.references.onDelete, "delete");
            check("ON UPDATE", fk.references.onUpdate, "update");
            if (setNull.actions.length > 0) report(compare, catalog, table, fk, "setNullNotNull", setNull, failed);
            if (setDefault.actions.length > 0) report(compare, catalog, table, fk, "setDefaultNoDefault", setDefault, failed);
          }
        }
      },
    };
  },
});
