import { z } from "zod";
import type { Catalog } from "../schema/catalog.js";
import type { Column, Origin, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { columnSequenceSql, nextvalDefault } from "./utils/serial-sequence.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import { typedColumns } from "./utils/typed-columns.js";

/** Identity columns exist since PostgreSQL 10. */
const IDENTITY_SINCE = 10;

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The in-place conversion of a sequence-backed column to an identity column: drop the nextval()
 * default and the old sequence, add the identity, and move its sequence past the existing values.
 * `pg_get_serial_sequence` finds an identity column's sequence too.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-IDENTITY
 */
function conversionSql(catalog: Catalog, table: Table, column: Column): string {
  const tableSql = qualifiedSql(table);
  const columnSql = quoteIdentifier(column.name);
  const sequence = columnSequenceSql(catalog, table, column);
  return [
    `ALTER TABLE ${tableSql} ALTER COLUMN ${columnSql} DROP DEFAULT;`,
    ...(sequence === undefined ? [] : [`DROP SEQUENCE ${sequence};`]),
    `ALTER TABLE ${tableSql} ALTER COLUMN ${columnSql} ADD GENERATED ALWAYS AS IDENTITY;`,
    `SELECT setval(pg_get_serial_sequence(${literal(tableSql)}, ${literal(column.name)}), coalesce(max(${columnSql}), 0) + 1, false) FROM ${tableSql};`,
  ].join(" ");
}

/**
 * `serial` is shorthand for an integer column with a `nextval()` default on a sequence it owns. The
 * sequence is a separate object: inserting needs a USAGE grant on it, explicit values never advance
 * it (so later generated ids collide with them), and it is not standard SQL. An identity column
 * (`GENERATED ... AS IDENTITY`, PostgreSQL 10) ties the sequence to the column, follows the table's
 * grants, and with ALWAYS rejects explicit values unless `OVERRIDING SYSTEM VALUE` is written.
 * https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
 * https://www.postgresql.org/docs/current/ddl-identity-columns.html
 */
export default defineRule({
  meta: {
    id: "prefer-identity",
    summary: "Generate keys with identity columns, not serial types or nextval() defaults.",
    category: "data-types",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      serial: {
        message:
          'Column {{column}} of {{table}} is declared {{type}}: its values come from a separate sequence through a nextval() default, so explicit values are accepted without advancing the sequence (later inserts then fail with duplicate keys), and inserting needs a separate USAGE grant on the sequence.',
        help: 'Declare it "{{baseType}} GENERATED ALWAYS AS IDENTITY" (BY DEFAULT if the application inserts its own values). A column that already holds rows is converted in place (check the sequence name with \\d first): {{sql}}',
      },
      nextvalDefault: {
        message:
          'Primary key column {{column}} of {{table}} takes its values from a {{call}} default, like a serial column: explicit values are accepted without advancing the sequence (later inserts then fail with duplicate keys), and inserting needs a separate USAGE grant on the sequence.',
        help: "Make it an identity column, in place: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the reported statement.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        if (context.settings.postgresVersion < IDENTITY_SINCE) return;
        for (const { table, column } of typedColumns(catalog)) {
          if (column.identity !== undefined) continue;
          // The reported statement shows the names of its time.
          const data = (at: Origin): Record<string, string> => {
            const names = new NamesAt(compare, at);
            return { column: names.object(column), table: names.table(table), sql: conversionSql(catalog, table, column) };
          };
          if (column.type.serial !== undefined) {
            context.report({
              messageId: "serial",
              data: { ...data(column.typeOrigin), type: column.type.serial, baseType: column.type.name },
              at: column.typeOrigin,
            });
            continue;
          }
          // A nextval() default elsewhere (an order number, a shared counter) is a deliberate design;
          // on a primary key it is a serial in all but name, as pg_dump writes serial columns.
          const nextval = nextvalDefault(column.default);
          if (nextval === undefined || catalog.primaryKey(table)?.columns.includes(column.name) !== true) continue;
          const call = nextval.sequence === undefined ? "nextval()" : `nextval('${nextval.sequence}')`;
          context.report({ messageId: "nextvalDefault", data: { ...data(column.origin), call }, at: column.origin });
        }
      },
    };
  },
});
