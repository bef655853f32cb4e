import { z } from "zod";
import { displayName, type Catalog } from "../schema/catalog.js";
import { columnsReferenced } from "../schema/expression.js";
import type { Column, Constraint, Table } from "../schema/model.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { checkValueSet } from "./utils/check-value-set.js";
import { originComparator } from "./utils/compare-origins.js";
import { createIndexSql, dropIndexSql } from "./utils/index-ddl-sql.js";
import { nameAsOf, renamedAfter } from "./utils/renamed-since.js";
import { resolveDomain } from "./utils/resolve-domain.js";
import { columnListSql, quoteIdentifier } from "./utils/sql.js";

/** At most this many distinct values (NULL aside) make a column too coarse to index on its own. */
const MAX_VALUES = 3;

/** What limits a column's values: how many, why, and one value as SQL for the partial index example. */
interface ValueLimit {
  readonly count: number;
  readonly reason: string;
  /** `WHERE` condition selecting one value, e.g. `is_active` or `status = 'pending'`. */
  readonly condition: string;
}

/** CHECK constraints that apply to a table: its own and those of its parents (partitions and INHERITS children get them). */
function checksOf(catalog: Catalog, table: Table, seen = new Set<Table>()): Constraint[] {
  if (seen.has(table)) return [];
  seen.add(table);
  const own = [...table.constraints.values()].filter((c) => c.kind === "check");
  const parents = [...(table.partitionOf === undefined ? [] : [table.partitionOf]), ...table.inherits];
  return [
    ...own,
    ...parents.flatMap((name) => {
      const parent = catalog.tableByName(name);
      return parent === undefined ? [] : checksOf(catalog, parent, seen);
    }),
  ];
}

function listLimit(values: readonly string[], column: string, reason: string): ValueLimit | undefined {
  const first = values[0];
  return first === undefined ? undefined : { count: values.length, reason, condition: `${quoteIdentifier(column)} = ${first}` };
}

/** The tightest limit on the values of a column: its type (boolean, a small enum), a domain CHECK or a table CHECK. */
function valueLimit(catalog: Catalog, table: Table, column: Column): ValueLimit | undefined {
  const { base, domains } = resolveDomain(catalog, column.type);
  if (base.arrayDimensions > 0) return undefined;
  const limits: ValueLimit[] = [];
  if (base.name === "boolean") limits.push({ count: 2, reason: "boolean", condition: quoteIdentifier(column.name) });
  const type = catalog.types.get(base.name);
  if (type?.kind === "enum") {
    const limit = listLimit(type.values.map((v) => `'${v.replaceAll("'", "''")}'`), column.name, `enum ${displayName(type)}`);
    if (limit !== undefined) limits.push(limit);
  }
  for (const domain of domains) {
    for (const check of domain.checks) {
      const referenced = columnsReferenced(check.node);
      if (referenced.length !== 1 || referenced[0] !== "value") continue;
      const limit = listLimit(checkValueSet(check.node, "value") ?? [], column.name, `a CHECK of domain ${displayName(domain)}`);
      if (limit !== undefined) limits.push(limit);
    }
  }
  for (const check of checksOf(catalog, table)) {
    // Only a CHECK on this column alone limits it by itself.
    if (check.expression === undefined) continue;
    const referenced = columnsReferenced(check.expression.node);
    if (referenced.length !== 1 || referenced[0] !== column.name) continue;
    const limit = listLimit(checkValueSet(check.expression.node, column.name) ?? [], column.name, `CHECK constraint "${check.name}"`);
    if (limit !== undefined) limits.push(limit);
  }
  return limits.reduce<ValueLimit | undefined>((best, l) => (best === undefined || l.count < best.count ? l : best), undefined);
}

/**
 * A btree index on a column with two or three values matches a large share of the table for each
 * value; the planner then prefers a sequential scan, since reading half the table through an index
 * costs more than reading it in order (https://www.postgresql.org/docs/current/indexes-partial.html,
 * https://www.postgresql.org/docs/current/planner-stats.html). The index is still maintained on every
 * write. A partial index on the rare value is small and selective.
 */
export default defineRule({
  meta: {
    id: "no-low-cardinality-index",
    summary: "Do not index a boolean or two- or three-valued column on its own; use a partial index.",
    category: "indexes",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      lowCardinality: {
        message:
          'Index {{index}} on {{table}} has the single key {{column}}, which can hold only {{count}} values ({{reason}}): each value matches a large share of the rows, so the planner rarely uses the index, yet every write to {{tableName}} updates it.',
        help: "Index only the rows queries look for with a partial index keyed on what they filter or sort by, then drop this one: {{sql}}",
      },
    },
  },
  create(context) {
    return {
      // Files:exit sees the same final schema as Schema:exit, plus the migration order of the files,
      // which tells whether a RENAME came after the index was created.
      "Files:exit"({ catalog, files }) {
        const compare = originComparator(files);
        for (const table of catalog.allTables()) {
          for (const index of catalog.indexesOf(table)) {
            // A unique index enforces something (however odd on such a column); a partial or
            // multi-column index is already selective.
            if (index.method.toLowerCase() !== "btree" || index.unique || index.predicate !== undefined || index.keys.length !== 1) continue;
            const key = index.keys[0];
            if (key?.kind !== "column") continue;
            const column = table.columns.get(key.column);
            if (column === undefined) continue;
            const limit = valueLimit(catalog, table, column);
            if (limit === undefined || limit.count > MAX_VALUES) continue;
            const pk = catalog.primaryKey(table)?.columns ?? [];
            const keyColumns = pk.length > 0 ? pk : [column.name];
            const name = makeObjectName("idx", `${table.name}_${keyColumns.join("_")}_where_${column.name}`, "");
            const sql = `${createIndexSql(table, name, `(${columnListSql(keyColumns)}) WHERE ${limit.condition}`)} ${dropIndexSql(table, index)}`;
            // The CREATE INDEX shows the names of that time: the message says what a later RENAME made of them.
            const renamed = [index, table, column].filter((o) => renamedAfter(compare, o, index.origin));
            context.report({
              messageId: "lowCardinality",
              data: {
                index: nameAsOf(compare, index, index.origin),
                table: nameAsOf(compare, table, index.origin, displayName(table)),
                tableName: displayName(table),
                column: nameAsOf(compare, column, index.origin),
                count: limit.count,
                reason: limit.reason,
                sql,
              },
              at: index.origin,
              // Inserted after the CREATE INDEX, SQL with names a later RENAME gave would fail.
              ...(renamed.length > 0 ? {} : { suggestion: { description: `Replace ${index.name} with partial index ${name}.`, sql } }),
            });
          }
        }
      },
    };
  },
});
