import { z } from "zod";
import { stringList, unwrap } from "../parser/ast.js";
import { displayName, type Catalog } from "../schema/catalog.js";
import type { Origin, Table } from "../schema/model.js";
import { uniqueIndexColumns } from "../schema/index-coverage.js";
import { defineRule } from "./rule.js";
import { columnListSql, qualifiedSql, quoteIdentifier, quotedList } from "./utils/sql.js";

/** `CREATE_TABLE_LIKE_INDEXES` in src/include/nodes/parsenodes.h: `INCLUDING INDEXES` (and `INCLUDING ALL`). */
const LIKE_INCLUDING_INDEXES = 1 << 6;

/** Identifies the statement that created a table: its file and statement index. */
function statementKey(file: string, statementIndex: number): string {
  return `${file}\u0000${String(statementIndex)}`;
}

function originKey(origin: Origin): string {
  return statementKey(origin.file, origin.statementIndex);
}

/** A unique key whose columns are all NOT NULL: it identifies rows as a primary key would. */
interface UniqueKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** SQL that makes it the primary key. */
  readonly sql: string;
}

/**
 * The table's UNIQUE constraint or non-partial unique index on plain columns that are all NOT NULL,
 * preferring an index `ADD PRIMARY KEY USING INDEX` can promote without a rebuild. That needs a plain
 * B-tree index with default sort order that no constraint owns (a UNIQUE constraint's own index is
 * refused), not `NULLS NOT DISTINCT`, and a table that is not partitioned
 * (https://www.postgresql.org/docs/current/sql-altertable.html, `table_constraint_using_index`).
 */
function uniqueKeyOf(catalog: Catalog, table: Table, unpromotable: ReadonlySet<string>): UniqueKey | undefined {
  const notNull = (columns: readonly string[]): boolean => columns.length > 0 && columns.every((c) => table.columns.get(c)?.notNull === true);
  const tableSql = qualifiedSql(table);
  const byColumns = (name: string, columns: readonly string[]): UniqueKey => ({ name, columns, sql: `ALTER TABLE ${tableSql} ADD PRIMARY KEY (${columnListSql(columns)});` });
  const others: UniqueKey[] = [];
  for (const index of catalog.indexesOf(table)) {
    const columns = uniqueIndexColumns(index);
    if (columns === undefined || !notNull(columns)) continue;
    const promotable = !table.partitioned && index.method === "btree" && index.keys.every((k) => !k.descending && k.opclass === undefined) && !unpromotable.has(originKey(index.origin));
    if (promotable) return { name: index.name, columns, sql: `ALTER TABLE ${tableSql} ADD PRIMARY KEY USING INDEX ${quoteIdentifier(index.name)};` };
    others.push(byColumns(index.name, columns));
  }
  for (const c of table.constraints.values()) {
    if (c.kind === "unique" && notNull(c.columns)) return byColumns(c.name, c.columns);
  }
  return others[0];
}

/**
 * Without a primary key a row has no guaranteed identity: duplicates can be inserted, single rows
 * cannot be updated or deleted reliably, other tables cannot reference it, and logical replication
 * rejects UPDATE and DELETE on it unless a REPLICA IDENTITY is set
 * (https://www.postgresql.org/docs/current/logical-replication-publication.html).
 */
export default defineRule({
  meta: {
    id: "require-primary-key",
    summary: "Give every table a primary key.",
    category: "indexes",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      missingPrimaryKey: {
        message:
          "Table {{table}} has no primary key: nothing stops duplicate rows, a single row cannot be reliably updated, deleted or referenced by a foreign key, and logical replication cannot replicate its UPDATEs and DELETEs.",
        help: "Add a primary key, for example: {{sql}}",
      },
      droppedPrimaryKey: {
        message:
          "This ALTER TABLE removes the primary key of {{table}}, and no later statement adds one back: nothing stops duplicate rows from then on, a single row cannot be reliably updated, deleted or referenced by a foreign key, and logical replication cannot replicate its UPDATEs and DELETEs.",
        help: "Keep the primary key, or add another in the same migration, for example: {{sql}}",
      },
      uniqueKeyNotPrimary: {
        message:
          "Table {{table}} has no primary key, but its NOT NULL unique key {{key}} ({{columns}}) could be one: without the PRIMARY KEY declaration, UPDATE and DELETE on the table fail once a publication that publishes them includes it (logical replication identifies rows by the primary key by default), and ORMs and tools that look for a primary key find none.",
        help: "Make the unique key the primary key: {{sql}} In the migration that creates the table, declaring the columns PRIMARY KEY in place of the unique key does the same.",
      },
      droppedPrimaryKeyUniqueKey: {
        message:
          "This ALTER TABLE removes the primary key of {{table}}, and no later statement adds one back; its NOT NULL unique key {{key}} ({{columns}}) still identifies rows, but without a PRIMARY KEY declaration UPDATE and DELETE on the table fail once a publication that publishes them includes it (logical replication identifies rows by the primary key by default), and ORMs and tools that look for a primary key find none.",
        help: "Keep the primary key, or make the unique key the primary key in the same migration: {{sql}}",
      },
    },
  },
  create(context) {
    // Read by the final-schema hook, so kept in the rule's state (see RuleContext.state).
    const { copiedKey, temporary, partitionKeys, unpromotable } = context.state(() => ({
      /** CREATE TABLE statements whose `LIKE ... INCLUDING INDEXES` copies a primary key (or may: unknown source). */
      copiedKey: new Set<string>(),
      /**
       * Temporary tables, by creating statement: the model keeps them as ordinary tables, but they
       * disappear at the end of the session that created them, so no key is needed.
       */
      temporary: new Set<string>(),
      /** Partition key columns of partitioned tables, by creating statement; undefined when a key is an expression. */
      partitionKeys: new Map<string, string[] | undefined>(),
      /**
       * CREATE UNIQUE INDEX statements whose index `ADD PRIMARY KEY USING INDEX` refuses for what the
       * model does not keep: `NULLS NOT DISTINCT`, `NULLS FIRST`, a `COLLATE` or operator class options
       * (not the default sort order).
       */
      unpromotable: new Set<string>(),
    }));

    return {
      CreateStmt(node, { catalog, statement, migration }) {
        const key = statementKey(migration.file, statement.index);
        if (node.relation?.relpersistence === "t") temporary.add(key);
        for (const element of node.tableElts ?? []) {
          const like = unwrap(element, "TableLikeClause");
          if (like === undefined || ((like.options ?? 0) & LIKE_INCLUDING_INDEXES) === 0) continue;
          // The model copies LIKE's columns, not its constraints: remember the primary key it copies.
          const schema = like.relation?.schemaname;
          const name = like.relation?.relname ?? "";
          const source = catalog.table(schema, name);
          // A view has no indexes to copy; a source outside the linted files may have a key.
          const unknown = source === undefined && catalog.view(schema, name) === undefined;
          if (unknown || (source !== undefined && catalog.primaryKey(source) !== undefined)) copiedKey.add(key);
        }
        const params = node.partspec?.partParams;
        if (params !== undefined) {
          const columns = params.map((p) => {
            const elem = unwrap(p, "PartitionElem");
            // `(col)` in parentheses is still the column.
            const ref = stringList(unwrap(elem?.expr, "ColumnRef")?.fields);
            return elem?.name ?? (ref.length === 1 ? ref[0] : undefined);
          });
          partitionKeys.set(key, columns.every((c): c is string => c !== undefined) ? columns : undefined);
        }
      },
      IndexStmt(node, { statement, migration }) {
        if (node.unique !== true) return;
        const elements = (node.indexParams ?? []).map((p) => unwrap(p, "IndexElem"));
        const unsorted = elements.some((e) => e?.nulls_ordering === "SORTBY_NULLS_FIRST" || (e?.collation ?? []).length > 0 || (e?.opclassopts ?? []).length > 0);
        if (node.nulls_not_distinct === true || unsorted) unpromotable.add(statementKey(migration.file, statement.index));
      },
      CreateTableAsStmt(node, { statement, migration }) {
        if (node.into?.rel?.relpersistence === "t") temporary.add(statementKey(migration.file, statement.index));
      },
      "Schema:exit"({ catalog }) {
        for (const table of catalog.allTables()) {
          if (table.foreign || catalog.primaryKey(table) !== undefined) continue;
          // A partition gets every index of its partitioned parent, the primary key included
          // (https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE);
          // a parent without one is reported itself, and a parent outside the linted files cannot be
          // checked. Either way the partition is not reported.
          if (table.partitionOf !== undefined) continue;
          if (copiedKey.has(originKey(table.origin)) || temporary.has(originKey(table.origin))) continue;
          let partitionKey: readonly string[] = [];
          if (table.partitioned) {
            const known = partitionKeys.get(originKey(table.origin));
            // A primary key must contain every partition key column, which an expression is not:
            // such a table cannot have one (https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARTITION).
            if (known === undefined && partitionKeys.has(originKey(table.origin))) continue;
            partitionKey = known ?? [];
          }
          const dropped = table.primaryKeyDroppedOrigin;
          const unique = uniqueKeyOf(catalog, table, unpromotable);
          if (unique !== undefined) {
            context.report({
              messageId: dropped === undefined ? "uniqueKeyNotPrimary" : "droppedPrimaryKeyUniqueKey",
              data: { table: displayName(table), key: `"${unique.name}"`, columns: quotedList(unique.columns), sql: unique.sql },
              at: dropped ?? table.origin,
              suggestion: { description: `Make the unique key of ${displayName(table)} its primary key.`, sql: unique.sql },
            });
            continue;
          }
          const tableSql = qualifiedSql(table);
          let sql: string;
          if (table.columnsKnown && table.columns.has("id")) {
            sql = `ALTER TABLE ${tableSql} ADD PRIMARY KEY (${columnListSql(["id", ...partitionKey.filter((c) => c !== "id")])});`;
          } else {
            // Identity columns exist since PostgreSQL 10, on partitioned tables since 17
            // (https://www.postgresql.org/docs/17/release-17.html); before that, a bigserial column.
            const version = context.settings.postgresVersion;
            const identity = version >= 17 || (version >= 10 && !table.partitioned);
            const column = identity ? "id bigint GENERATED ALWAYS AS IDENTITY" : "id bigserial";
            sql = partitionKey.length > 0
              ? `ALTER TABLE ${tableSql} ADD COLUMN ${column}, ADD PRIMARY KEY (${columnListSql(["id", ...partitionKey])});`
              : `ALTER TABLE ${tableSql} ADD COLUMN ${column} PRIMARY KEY;`;
          }
          context.report({
            messageId: dropped === undefined ? "missingPrimaryKey" : "droppedPrimaryKey",
            data: { table: displayName(table), sql },
            at: dropped ?? table.origin,
            suggestion: { description: `Add a primary key to ${displayName(table)}.`, sql },
          });
        }
      },
    };
  },
});
