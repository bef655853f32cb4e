import { z } from "zod";
import { keyOf, type Catalog } from "../schema/catalog.js";
import type { Column, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { alterColumnTypeSql } from "./utils/alter-column-type-sql.js";
import { originComparator } from "./utils/compare-origins.js";
import { NamesAt } from "./utils/renamed-since.js";
import { columnSequenceSql, nextvalDefault } from "./utils/serial-sequence.js";
import { typedColumns } from "./utils/typed-columns.js";
import { typeLabel } from "./utils/type-text.js";

/** The largest value of each narrow key type. */
const MAXIMUM: Readonly<Record<string, string>> = { integer: "2,147,483,647", smallint: "32,767" };

/** Sequences have a data type (`AS integer` for serial) since PostgreSQL 10. */
const SEQUENCE_TYPES_SINCE = 10;

/** Foreign key columns of other tables (or this one) that reference `column` of `table`'s primary key. */
function referencingColumns(catalog: Catalog, table: Table, keyColumns: readonly string[], column: string): { table: Table; column: Column }[] {
  const position = keyColumns.indexOf(column);
  const out: { table: Table; column: Column }[] = [];
  for (const other of catalog.allTables()) {
    for (const fk of catalog.foreignKeys(other)) {
      if (fk.references === undefined || keyOf(fk.references.table) !== keyOf(table)) continue;
      const referenced = fk.references.columns.length === 0 ? keyColumns : fk.references.columns;
      const index = fk.references.columns.length === 0 ? position : referenced.indexOf(column);
      const name = index < 0 ? undefined : fk.columns[index];
      const found = name === undefined ? undefined : other.columns.get(name);
      if (found !== undefined && MAXIMUM[found.type.name] !== undefined && found.type.arrayDimensions === 0) {
        out.push({ table: other, column: found });
      }
    }
  }
  return out;
}

/** Whether a sequence supplies the column's values: serial, identity, or a nextval() default. */
function isGenerated(column: Column): boolean {
  return column.type.serial !== undefined || column.identity !== undefined || nextvalDefault(column.default) !== undefined;
}

/**
 * An integer key runs out at 2,147,483,647 (smallint at 32,767) and inserts then fail. Widening it
 * later is an `ALTER COLUMN ... TYPE bigint` that rewrites the table and its indexes under an ACCESS
 * EXCLUSIVE lock, and every referencing foreign key column needs the same. bigint costs 4 more bytes.
 * A serial's sequence keeps its own `AS integer` limit until altered; an identity column's sequence
 * follows the column's type change.
 * https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 *
 * A key column that is also a foreign key column (a junction table's `(user_id, role_id)`) takes its
 * type from the referenced key: that key is where the finding belongs. In a composite key, a column
 * that no sequence generates is a number within the other columns (`(invoice_id, line_no)`), which
 * never approaches the limit; one generated from a sequence (serial, identity, nextval()) counts
 * across the whole table, as in a partitioned table's `(id, created_at)`.
 */
export default defineRule({
  meta: {
    id: "prefer-bigint-pk",
    summary: "Use bigint for primary key columns, not integer or smallint.",
    category: "data-types",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      narrowKey: {
        message:
          'Primary key column {{column}} of {{table}} is {{type}}: inserts fail once its values pass {{maximum}}, and widening a primary key later rewrites the table, its indexes and every referencing foreign key column under an ACCESS EXCLUSIVE lock.',
        help: 'Declare it "bigint" ("bigint GENERATED ALWAYS AS IDENTITY" for a generated key). A table that already holds rows is widened with: {{sql}}',
      },
    },
  },
  create(context) {
    return {
      // The files' migration order (absent for verify --rules) tells whether a RENAME came after the type was declared.
      "Schema:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const { table, column } of typedColumns(catalog)) {
          const maximum = MAXIMUM[column.type.name];
          const key = catalog.primaryKey(table);
          if (maximum === undefined || column.type.arrayDimensions > 0 || key?.columns.includes(column.name) !== true) continue;
          if (catalog.foreignKeys(table).some((fk) => fk.columns.includes(column.name))) continue;
          if (key.columns.length > 1 && !isGenerated(column)) continue;
          const sequence = columnSequenceSql(catalog, table, column);
          const statements = [
            alterColumnTypeSql(table, column.name, "bigint"),
            ...(sequence !== undefined && column.identity === undefined && context.settings.postgresVersion >= SEQUENCE_TYPES_SINCE
              ? [`ALTER SEQUENCE ${sequence} AS bigint;`]
              : []),
            ...referencingColumns(catalog, table, key.columns, column.name).map((r) => alterColumnTypeSql(r.table, r.column.name, "bigint")),
          ];
          // The statement that declared the type shows the names of its time.
          const names = new NamesAt(compare, column.typeOrigin);
          context.report({
            messageId: "narrowKey",
            data: {
              column: names.object(column),
              table: names.table(table),
              type: typeLabel(column.type),
              maximum,
              sql: statements.join(" "),
            },
            at: column.typeOrigin,
          });
        }
      },
    };
  },
});
