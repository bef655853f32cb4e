import { z } from "zod";
import { displayName, type Catalog } from "../schema/catalog.js";
import type { Column, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { pluralName, singularName, tableNamedBy } from "./utils/inflection.js";
import { regexSourceList } from "./utils/options.js";
import { ownColumns } from "./utils/own-columns.js";
import { columnListSql, qualifiedSql, quoteIdentifier, quotedList } from "./utils/sql.js";
import { typeLabel, typeSql } from "./utils/type-text.js";
import { CHARACTER_TYPES } from "../schema/column-type.js";

/** `phone1`, `phone_2`, `address_line_03`: a base name (not ending in a digit or `_`) and a trailing number. */
const NUMBERED = /^(.*?[^\d_])_?(\d+)$/u;

/** A `_ids` list names another table's keys: the fix is a junction table with a foreign key to each side. */
const ID_LIST = /_ids$/iu;

/** The SQL type of a column referencing `column` (a serial's base type, not another sequence). */
function referencingType(column: Column | undefined): string {
  if (column === undefined) return "bigint";
  return typeSql(column.type);
}

interface ChildKey {
  /** Column definitions of the child's reference to the parent. */
  readonly columns: readonly string[];
  /** A table-level FOREIGN KEY, for a composite key. */
  readonly constraints: readonly string[];
  readonly names: readonly string[];
}

/**
 * The columns a child table needs to reference `table`: its single-column primary key as
 * `<singular>_id` (or under the key's own name), every column of a composite key, or `<singular>_id`
 * referencing the primary key the table will need.
 */
function childKey(catalog: Catalog, table: Table): ChildKey {
  const target = qualifiedSql(table);
  const keyColumns = catalog.primaryKey(table)?.columns ?? [];
  const [single, ...rest] = keyColumns;
  if (single === undefined) {
    const name = `${singularName(table.name)}_id`;
    return { columns: [`${quoteIdentifier(name)} bigint NOT NULL REFERENCES ${target} ON DELETE CASCADE`], constraints: [], names: [name] };
  }
  if (rest.length > 0) {
    const list = columnListSql(keyColumns);
    return {
      columns: keyColumns.map((c) => `${quoteIdentifier(c)} ${referencingType(table.columns.get(c))} NOT NULL`),
      constraints: [`FOREIGN KEY (${list}) REFERENCES ${target} (${list}) ON DELETE CASCADE`],
      names: keyColumns,
    };
  }
  const name = single === "id" ? `${singularName(table.name)}_id` : single;
  const type = referencingType(table.columns.get(single));
  return {
    columns: [`${quoteIdentifier(name)} ${type} NOT NULL REFERENCES ${target} (${quoteIdentifier(single)}) ON DELETE CASCADE`],
    constraints: [],
    names: [name],
  };
}

/** `CREATE TABLE` of a child table: the reference to the parent, the value column, a primary key over both. */
function childTableSql(table: Table, name: string, key: ChildKey, valueColumn: string, valueDefinition: string): string {
  const child = qualifiedSql({ schema: table.schema, name });
  const elements = [...key.columns, valueDefinition, ...key.constraints, `PRIMARY KEY (${columnListSql([...key.names, valueColumn])})`];
  return `CREATE TABLE ${child} (${elements.join(", ")});`;
}

/** Whether the numbers contain two that follow each other: `phone1, phone2`, not `sha1, sha256`. */
function isSequence(numbers: readonly number[]): boolean {
  const distinct = new Set(numbers);
  return [...distinct].some((n) => distinct.has(n + 1));
}

/**
 * First normal form: one value per column and no repeating groups. Numbered columns and delimited
 * lists cannot be indexed, constrained or joined value by value, and a further value needs a schema
 * change. https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK (the
 * child-table fix) and https://www.postgresql.org/docs/current/arrays.html (the array fix).
 */
export default defineRule({
  meta: {
    id: "no-repeating-groups",
    summary: "Keep one value per column: no numbered column groups and no lists stored in text columns.",
    category: "normalization",
    defaultSeverity: "warn",
    options: z.object({
      allowPatterns: regexSourceList(["(^|_)address_line$", "(^|_)line$"]).describe(
        "Case-insensitive regular expressions (sources) matched against the base name of numbered columns (`address_line` for `address_line_1`); a match allows the group. Replaces the defaults.",
      ),
      listColumnPatterns: regexSourceList(["^tags$", "_ids$", "^categories$", "_list$"]).describe(
        "Case-insensitive regular expressions (sources) matched against the names of text, varchar and char columns; a match marks a list stored as a delimited string. Replaces the defaults.",
      ),
    }),
    messages: {
      numberedColumns: {
        message:
          "Columns {{columns}} of {{table}} repeat one attribute in numbered columns: one more value needs a new column, and every query has to check each of them.",
        help: "Move the values to a child table with one row per value, then drop the numbered columns: {{sql}}",
      },
      listInText: {
        message:
          'Column "{{column}}" of {{table}} is named like a list of values and has type {{type}}: a list kept as a delimited string cannot have its elements indexed, constrained or joined, and every reader has to split the string.',
        help: "Store one element per row in a child table, or at least use an array (this converts comma-separated values): {{sql}}",
      },
      idListInText: {
        message:
          'Column "{{column}}" of {{table}} is named like a list of ids and has type {{type}}: ids kept as a delimited string are checked by no foreign key, and every join has to split the string.',
        help: "Replace it with a junction table, one row per pair, with a foreign key to each side: {{sql}}",
      },
    },
  },
  create(context) {
    const allowed = context.options.allowPatterns.map((p) => new RegExp(p, "iu"));
    const lists = context.options.listColumnPatterns.map((p) => new RegExp(p, "iu"));

    function reportGroups(catalog: Catalog, table: Table, columns: readonly Column[]): void {
      const groups = new Map<string, { columns: Column[]; numbers: number[] }>();
      for (const column of columns) {
        const match = NUMBERED.exec(column.name);
        if (match?.[1] === undefined || match[2] === undefined) continue;
        const base = match[1].toLowerCase();
        if (allowed.some((r) => r.test(base))) continue;
        const group = groups.get(base) ?? { columns: [], numbers: [] };
        group.columns.push(column);
        group.numbers.push(Number(match[2]));
        groups.set(base, group);
      }
      for (const [base, group] of groups) {
        const [first] = group.columns;
        if (first === undefined || group.columns.length < 2 || !isSequence(group.numbers)) continue;
        const value = `${quoteIdentifier(base)} ${referencingType(first)} NOT NULL`;
        const sql = childTableSql(table, `${singularName(table.name)}_${pluralName(base)}`, childKey(catalog, table), base, value);
        context.report({
          messageId: "numberedColumns",
          data: { columns: quotedList(group.columns.map((c) => c.name)), table: displayName(table), sql },
          at: first.origin,
          suggestion: { description: `Move the "${base}" values to a child table.`, sql },
        });
      }
    }

    function reportList(catalog: Catalog, table: Table, column: Column): void {
      const data = { column: column.name, table: displayName(table), type: typeLabel(column.type) };
      if (ID_LIST.test(column.name)) {
        const base = column.name.slice(0, -"_ids".length).toLowerCase();
        const key = childKey(catalog, table);
        const other = tableNamedBy(catalog, base, table.schema);
        const otherKey = other === undefined ? undefined : catalog.primaryKey(other)?.columns;
        let name = `${base}_id`;
        if (key.names.includes(name)) name = `related_${name}`;
        const [otherColumn, ...more] = otherKey ?? [];
        const definition =
          other === undefined || otherColumn === undefined || more.length > 0
            ? `${quoteIdentifier(name)} bigint NOT NULL`
            : `${quoteIdentifier(name)} ${referencingType(other.columns.get(otherColumn))} NOT NULL REFERENCES ${qualifiedSql(other)} (${quoteIdentifier(otherColumn)}) ON DELETE CASCADE`;
        const junction = `${singularName(table.name)}_${other === undefined ? pluralName(base) : other.name}`;
        const sql = childTableSql(table, junction, key, name, definition);
        context.report({ messageId: "idListInText", data: { ...data, sql }, at: column.typeOrigin, suggestion: { description: `Add junction table ${junction}.`, sql } });
        return;
      }
      const columnSql = quoteIdentifier(column.name);
      const sql = `ALTER TABLE ${qualifiedSql(table)} ALTER COLUMN ${columnSql} TYPE text[] USING string_to_array(${columnSql}, ',');`;
      context.report({ messageId: "listInText", data: { ...data, sql }, at: column.typeOrigin, suggestion: { description: `Make "${column.name}" an array.`, sql } });
    }

    return {
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          // A foreign table mirrors a remote table whose shape is decided elsewhere.
          if (table.foreign) continue;
          const columns = ownColumns(catalog, table);
          reportGroups(catalog, table, columns);
          for (const column of columns) {
            if (!CHARACTER_TYPES.has(column.type.name) || column.type.arrayDimensions > 0) continue;
            if (lists.some((r) => r.test(column.name))) reportList(catalog, table, column);
          }
        }
      },
    };
  },
});
