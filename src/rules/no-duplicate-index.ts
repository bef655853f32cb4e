import { z } from "zod";
import { stringList, unwrap } from "../parser/ast.js";
import type { Catalog } from "../schema/catalog.js";
import { canonicalExpressionKey } from "../schema/expression-canonical.js";
import type { Expression, IndexKey, Table } from "../schema/model.js";
import { defineRule } from "./rule.js";
import { originComparator } from "./utils/compare-origins.js";
import { dropIndexSql } from "./utils/index-ddl-sql.js";
import { NamesAt } from "./utils/renamed-since.js";
import { indexEntriesOf, indexEntryLabel, type IndexEntry } from "./utils/table-index-entries.js";

function statementKey(file: string, statementIndex: number): string {
  return `${file}\u0000${String(statementIndex)}`;
}

/** An index entry with its keys reduced to comparable strings. */
interface Candidate {
  readonly entry: IndexEntry;
  readonly keys: readonly string[];
  readonly predicate: string;
  readonly include: ReadonlySet<string>;
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return [...a].every((x) => b.has(x));
}

/**
 * PostgreSQL keeps every index up to date on every INSERT, on every UPDATE that is not HOT and on
 * VACUUM, whether or not a query ever uses it. A btree index whose key columns are the leading key
 * columns of another btree index serves no lookup or ordering that the longer one cannot serve
 * (https://www.postgresql.org/docs/current/indexes-multicolumn.html), unless it enforces uniqueness.
 */
export default defineRule({
  meta: {
    id: "no-duplicate-index",
    summary: "Drop indexes whose keys duplicate, or are a leading part of, another index on the same table.",
    category: "indexes",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      duplicateIndex: {
        message:
          'Index {{index}} on {{table}} has the same definition as {{covering}}: the planner never needs both, yet every write to {{table}} updates both and they take twice the space.',
        help: "Drop the duplicate: {{sql}}",
      },
      redundantIndex: {
        message:
          'Index {{index}} on {{table}} is redundant: {{covering}} starts with the same key columns and serves every lookup and ordering it serves, yet every write to {{table}} still updates both.',
        help: "Drop the redundant index: {{sql}}",
      },
    },
  },
  create(context) {
    /**
     * Per-key details the model does not keep (collation, NULLS FIRST/LAST, operator class parameters),
     * by the CREATE INDEX statement: `(name COLLATE "C")` and `(name)` are different indexes.
     */
    const keyDetails = context.state(() => new Map<string, string[]>());

    const candidateOf = (entry: IndexEntry, table: Table, catalog: Catalog): Candidate => {
      // `lower(email)` and `lower(email::text)` of a varchar column are one expression (see canonicalExpressionKey).
      const expression = (e: Expression): string => canonicalExpressionKey(e, table, catalog);
      const keyString = (key: IndexKey, detail: string): string =>
        key.kind === "column"
          ? JSON.stringify(["column", key.column, key.descending, key.opclass ?? "", detail])
          : JSON.stringify(["expression", expression(key.expression), key.descending, key.opclass ?? "", detail]);
      const details = entry.kind === "index" ? keyDetails.get(statementKey(entry.origin.file, entry.origin.statementIndex)) : undefined;
      return {
        entry,
        keys: entry.keys.map((key, i) => keyString(key, details?.[i] ?? "")),
        predicate: entry.predicate === undefined ? "" : expression(entry.predicate),
        include: new Set(entry.include),
      };
    };

    return {
      IndexStmt(node, { statement, migration }) {
        const details = (node.indexParams ?? []).map((param) => {
          const elem = unwrap(param, "IndexElem");
          const descending = elem?.ordering === "SORTBY_DESC";
          // NULLS LAST is the default for ASC, NULLS FIRST for DESC: spelling out the default changes nothing.
          const nullsFirst = elem?.nulls_ordering === "SORTBY_NULLS_DEFAULT" || elem?.nulls_ordering === undefined
            ? descending
            : elem.nulls_ordering === "SORTBY_NULLS_FIRST";
          const collation = stringList(elem?.collation).join(".");
          const options = elem?.opclassopts ?? [];
          // Keys without any of these compare equal to constraint keys, which cannot have them.
          return collation === "" && nullsFirst === descending && options.length === 0
            ? ""
            : JSON.stringify([collation, nullsFirst, options]);
        });
        keyDetails.set(statementKey(migration.file, statement.index), details);
      },
      "Files:exit"({ catalog, files }) {
        // Files:exit sees the same final schema as Schema:exit, plus the migration order of the files,
        // which decides which of two identical indexes came later.
        const compare = originComparator(files);
        const before = (a: IndexEntry, b: IndexEntry): boolean => (compare(a.origin, b.origin) || (a.name < b.name ? -1 : 1)) < 0;
        for (const table of catalog.allTables()) {
          const candidates = indexEntriesOf(catalog, table)
            .filter((e) => e.kind !== "exclusion")
            .map((entry) => candidateOf(entry, table, catalog));
          for (const s of candidates) {
            if (s.entry.kind !== "index") continue;
            let found: { covering: Candidate; identical: boolean } | undefined;
            for (const l of candidates) {
              if (l === s || l.entry.method !== s.entry.method || l.predicate !== s.predicate) continue;
              if (l.keys.length < s.keys.length || !s.keys.every((k, i) => l.keys[i] === k)) continue;
              // An index with INCLUDE columns serves index-only scans the other cannot unless it
              // INCLUDEs them too (https://www.postgresql.org/docs/current/indexes-index-only-scans.html).
              if (!isSubset(s.include, l.include)) continue;
              let identical = false;
              if (l.keys.length === s.keys.length) {
                identical = s.entry.unique === l.entry.unique && isSubset(l.include, s.include);
                // Of two identical indexes the later one is reported; a constraint is never reported.
                if (identical && l.entry.kind === "index" && !before(l.entry, s.entry)) continue;
                // A unique index enforces something a non-unique one with the same keys does not, and
                // an immediate one something a DEFERRABLE constraint does not (it can be the arbiter of
                // INSERT ... ON CONFLICT and the target of a foreign key:
                // https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-DEFERRABLE).
                if (s.entry.unique && (!l.entry.unique || l.entry.deferrable)) continue;
              } else if (s.entry.unique || s.entry.method !== "btree") {
                // A shorter unique index enforces uniqueness on fewer columns; only btree indexes
                // serve queries on their leading columns alone.
                continue;
              }
              const better = found === undefined || (identical && !found.identical) ||
                (identical === found.identical && (l.keys.length < found.covering.keys.length ||
                  (l.keys.length === found.covering.keys.length && before(l.entry, found.covering.entry))));
              if (better) found = { covering: l, identical };
            }
            if (found === undefined) continue;
            const sql = dropIndexSql(table, { schema: s.entry.schema, name: s.entry.name });
            // The CREATE INDEX shows the names of that time: the message says what a later RENAME made of them.
            const names = new NamesAt(compare, s.entry.origin);
            names.usedInSql(s.entry);
            context.report({
              messageId: found.identical ? "duplicateIndex" : "redundantIndex",
              data: {
                index: names.object(s.entry),
                table: names.table(table),
                covering: indexEntryLabel(found.covering.entry, names.object(found.covering.entry)),
                sql,
              },
              at: s.entry.origin,
              // Inserted after the CREATE INDEX, a DROP INDEX with a name a later RENAME gave would fail.
              ...(names.renamed ? {} : { suggestion: { description: `Drop index ${s.entry.name}.`, sql } }),
            });
          }
        }
      },
    };
  },
});
