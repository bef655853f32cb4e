import { z } from "zod";
import { displayName, type Catalog } from "../schema/catalog.js";
import { columnsReferenced, indexExpressionName } from "../schema/expression.js";
import type { Column, Constraint, Index, Origin, QualifiedName, Table } from "../schema/model.js";
import { makeObjectName } from "../schema/naming.js";
import { defineRule } from "./rule.js";
import { regexSource } from "./utils/options.js";
import { columnDefinitionOnce } from "./utils/column-definition-once.js";
import {
  expandTemplate,
  matchesTemplate,
  truncateIdentifier,
  unknownPlaceholders,
  type TemplatePlaceholder,
  type TemplateValues,
} from "./utils/naming-templates.js";
import { originComparator } from "./utils/compare-origins.js";
import { ownColumns } from "./utils/own-columns.js";
import { conventionText, indexColumnChoices, isPostgresDefaultName, judgeObject, nameFill, type Verdict } from "./utils/object-names.js";
import { lastRenameAfter, nameAsOf, nameAt, type CompareOrigins, type Renamable } from "./utils/renamed-since.js";
import { columnNameInsteadOf, reservedKeywordCategory, tableNameInsteadOf } from "./utils/reserved-identifiers.js";
import { isPluralSnakeName, pluralSnakeName } from "./utils/inflection.js";
import { isLowerCaseIdentifier, isSnakeCase, toSnakeCase } from "./utils/snake-case-names.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";

/**
 * Naming conventions from the seed review process: tables snake_case and plural, columns snake_case,
 * `idx_{table}_{columns}`, `fk_{table}_{ref_table}`, plus `uq_`, `chk_` and `pk_` for the other
 * constraints. Only names someone wrote are judged: PostgreSQL's own names for unnamed constraints
 * and indexes (`orders_pkey`, `orders_account_id_fkey`) are consistent by construction.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */

/** Tables that migration tools create under their own fixed names. */
const TOOL_TABLES = [
  "schema_migrations", "ar_internal_metadata", "flyway_schema_history", "goose_db_version", "alembic_version",
  "knex_migrations", "knex_migrations_lock", "_prisma_migrations", "__EFMigrationsHistory", "django_migrations",
  "databasechangelog", "databasechangeloglock", "spatial_ref_sys",
];

const patternConvention = z.strictObject({
  pattern: regexSource.describe("Regular expression (source) the whole name must match; case-sensitive."),
});

function template(allowed: readonly TemplatePlaceholder[]) {
  return z.string().min(1).refine((t) => unknownPlaceholders(t, allowed).length === 0, {
    message: `unknown placeholder: a template may use ${allowed.map((p) => `{${p}}`).join(", ")}`,
  });
}

function style(plural: boolean, allow: readonly string[]) {
  return z.strictObject({
    case: z.enum(["snake", "any"]).default("snake").describe('"snake": lower-case snake_case, and names that need double quotes are reported; "any": no case check.'),
    plural: z.boolean().default(plural).describe("Whether the last word must be plural (pluralize library; uncountable words count as plural)."),
    allow: z.array(z.string()).default([...allow]).describe("Names (or schema.name for tables) exempt from this check."),
  });
}

function objectOption(allowed: readonly TemplatePlaceholder[], defaultTemplate: string, what: string) {
  return z
    .union([z.literal(false), template(allowed), patternConvention])
    .default(defaultTemplate)
    .describe(`Names of ${what}: false (not checked), a template with ${allowed.map((p) => `{${p}}`).join(", ")}, or {"pattern": "<regex>"}.`);
}

type ObjectConvention = false | string | { readonly pattern: string };
type NameStyle = z.output<ReturnType<typeof style>>;
type StyleConvention = ObjectConvention | NameStyle;

type ReportKind = "index" | "foreign key" | "unique" | "check" | "primary key";
const MESSAGE_OF = {
  index: "indexName",
  "foreign key": "foreignKeyName",
  unique: "uniqueConstraintName",
  check: "checkConstraintName",
  "primary key": "primaryKeyName",
} as const;
const LABEL_OF = { index: "index", "foreign key": "foreign key", unique: "unique constraint", check: "check constraint", "primary key": "primary key" } as const;

/** The name of a table or column to build expected names from: its current one, or the one it had at some statement. */
type NameOf = (object: Renamable) => string;

export default defineRule({
  meta: {
    id: "naming-convention",
    summary: "Name tables, columns, indexes and constraints after one consistent convention.",
    category: "naming",
    defaultSeverity: "warn",
    options: z.object({
      tables: z
        .union([z.literal(false), template(["name"]), patternConvention, style(true, TOOL_TABLES)])
        .default({ case: "snake", plural: true, allow: TOOL_TABLES })
        .describe('Table names: false, a template with {name}, {"pattern": "<regex>"}, or {"case": "snake" | "any", "plural": boolean, "allow": [names]}. The default allows the tables of common migration tools.'),
      columns: z
        .union([z.literal(false), template(["table", "name"]), patternConvention, style(false, [])])
        .default({ case: "snake", plural: false, allow: [] })
        .describe('Column names: false, a template with {table}, {name}, {"pattern": "<regex>"}, or {"case": "snake" | "any", "plural": boolean, "allow": [names]}.'),
      indexes: objectOption(["table", "columns", "name"], "idx_{table}_{columns}", "explicitly named indexes (a unique index may also follow uniqueConstraints)"),
      foreignKeys: objectOption(["table", "columns", "ref_table", "name"], "fk_{table}_{ref_table}", "explicitly named foreign keys"),
      uniqueConstraints: objectOption(["table", "columns", "name"], "uq_{table}_{columns}", "explicitly named unique constraints"),
      checkConstraints: objectOption(["table", "columns", "name"], "chk_{table}_{name}", "explicitly named check constraints"),
      primaryKeys: objectOption(["table", "columns", "name"], "pk_{table}", "explicitly named primary keys ({table}_pkey is always accepted)"),
      postgresDefaultNames: z
        .boolean()
        .default(true)
        .describe("Accept written-out names equal to the ones PostgreSQL chooses for unnamed objects ({table}_{columns}_idx, _fkey, _key, _check), as in pg_dump output."),
    }),
    messages: {
      quotedTableName: {
        message:
          "Table {{table}} has a name that only works in double quotes (upper-case letters or characters other than a-z, 0-9 and _): PostgreSQL folds unquoted names to lower case, so every query must quote it with exactly this spelling.",
        help: "Rename it to {{expected}}: {{sql}}",
      },
      tableName: {
        message:
          "Table {{table}} does not follow the table naming convention ({{convention}}): when names follow no single pattern, everyone writing a query has to look up how each table is spelled.",
        help: "Rename it to {{expected}}: {{sql}}",
      },
      tableNotPlural: {
        message:
          'Table {{table}} has a singular name, but table names are plural ("users", "order_items"): a singular table is an exception everyone writing a query has to remember.',
        help: 'Rename it to {{expected}}, or add it to the "allow" list of the "tables" option if the singular is intended: {{sql}}',
      },
      quotedColumnName: {
        message:
          'Column "{{column}}" of {{table}} has a name that only works in double quotes (upper-case letters or characters other than a-z, 0-9 and _): PostgreSQL folds unquoted names to lower case, so every query must quote it with exactly this spelling.',
        help: "Rename it to {{expected}}: {{sql}}",
      },
      columnName: {
        message:
          'Column "{{column}}" of {{table}} does not follow the column naming convention ({{convention}}): inconsistent column names make queries and application mappings harder to write and review.',
        help: "Rename it to {{expected}}: {{sql}}",
      },
      indexName: {
        message:
          'Index "{{name}}" on {{table}} does not follow the index naming convention ({{convention}}): its name does not say which table and columns it covers, which makes query plans and index lists harder to read.',
        help: "Rename it to {{expected}} (a catalog-only change): {{sql}}",
      },
      foreignKeyName: {
        message:
          'Foreign key "{{name}}" on {{table}} does not follow the foreign key naming convention ({{convention}}): violation errors report this name, and it does not say which relationship failed.',
        help: "Rename it to {{expected}} (a catalog-only change): {{sql}}",
      },
      uniqueConstraintName: {
        message:
          'Unique constraint "{{name}}" on {{table}} does not follow the unique constraint naming convention ({{convention}}): duplicate-key errors report this name, and it does not say which table and columns must be unique.',
        help: "Rename it to {{expected}} (a catalog-only change that also renames its index): {{sql}}",
      },
      checkConstraintName: {
        message:
          'Check constraint "{{name}}" on {{table}} does not follow the check constraint naming convention ({{convention}}): violation errors report this name, and it does not say which table the rule belongs to.',
        help: "Rename it to {{expected}} (a catalog-only change): {{sql}}",
      },
      primaryKeyName: {
        message:
          'Primary key "{{name}}" on {{table}} follows neither the primary key naming convention ({{convention}}) nor PostgreSQL\'s default "{{defaultName}}": primary key names that differ from table to table make the schema harder to read and to script against.',
        help: "Rename it to {{expected}} (a catalog-only change that also renames its index): {{sql}}",
      },
      nameLeftBehind: {
        message:
          'The {{object}} "{{name}}" was named after {{renamed}} "{{oldName}}", which this RENAME makes "{{newName}}": PostgreSQL does not rename constraints and indexes along with their table or column, so the name no longer matches {{expectation}}, and errors, query plans and the schema show a {{renamed}} name that no longer exists.',
        help: "Rename it in the same migration, to {{expected}} (a catalog-only change): {{sql}}",
      },
    },
  },
  create(context) {
    const options = context.options;

    function expectedText(expected: string | undefined, fallback: string): string {
      return expected === undefined ? fallback : `"${expected}"`;
    }

    function renameTable(table: Table, verdict: Verdict, messageId: "quotedTableName" | "tableName" | "tableNotPlural"): void {
      const target = verdict.expected === undefined ? "<new_name>" : quoteIdentifier(verdict.expected);
      const sql = `ALTER TABLE ${qualifiedSql(table)} RENAME TO ${target};`;
      context.report({
        messageId,
        data: { table: displayName(table), convention: verdict.convention, expected: expectedText(verdict.expected, `a name that matches ${verdict.convention}`), sql },
        at: table.nameOrigin ?? table.origin,
        ...(verdict.expected === undefined ? {} : { suggestion: { description: `Rename table ${table.name} to ${verdict.expected}.`, sql } }),
      });
    }

    /**
     * Judges a table or column name by the style convention. Returns the message and the name to
     * rename to; the first problem wins (quotes, then snake_case, then plural), and the name
     * suggested fixes them all.
     */
    function judgeStyle(name: string, convention: NameStyle, target: (snake: string) => string): { messageId: "quoted" | "name" | "plural"; verdict: Verdict } | undefined {
      const text = conventionText(convention);
      const finish = (snake: string | undefined): string | undefined => {
        if (snake === undefined) return undefined;
        return target(convention.plural && !isPluralSnakeName(snake) ? pluralSnakeName(snake) : snake);
      };
      if (convention.case === "snake" && !isLowerCaseIdentifier(name)) return { messageId: "quoted", verdict: { expected: finish(toSnakeCase(name)), convention: text } };
      if (convention.case === "snake" && !isSnakeCase(name)) return { messageId: "name", verdict: { expected: finish(toSnakeCase(name)), convention: text } };
      if (convention.plural && isLowerCaseIdentifier(name) && !isPluralSnakeName(name)) return { messageId: "plural", verdict: { expected: target(pluralSnakeName(name)), convention: text } };
      return undefined;
    }

    function judgeName(name: string, convention: Exclude<StyleConvention, false>, values: TemplateValues, target: (snake: string) => string) {
      if (typeof convention === "string" || "pattern" in convention) {
        const verdict = judgeObject(convention, name, values, name, false);
        return verdict === undefined ? undefined : { messageId: "name" as const, verdict };
      }
      return judgeStyle(name, convention, target);
    }

    function checkTable(table: Table): void {
      const convention = options.tables;
      // A partition's name is derived from its parent's, which is the one judged.
      if (convention === false || table.partitionOf !== undefined) return;
      if (typeof convention === "object" && "allow" in convention && (convention.allow.includes(table.name) || convention.allow.includes(`${table.schema}.${table.name}`))) return;
      const target = (snake: string): string => (reservedKeywordCategory(snake) === undefined ? snake : tableNameInsteadOf(snake));
      const found = judgeName(table.name, convention, {}, target);
      if (found === undefined) return;
      const messageId = found.messageId === "quoted" ? "quotedTableName" : found.messageId === "plural" ? "tableNotPlural" : "tableName";
      renameTable(table, found.verdict, messageId);
    }

    function checkColumns(catalog: Catalog, table: Table, firstTime: (column: Column) => boolean, compare: CompareOrigins): void {
      const convention = options.columns;
      if (convention === false) return;
      const allow = typeof convention === "object" && "allow" in convention ? convention.allow : [];
      const taken = (n: string): boolean => table.columns.has(n);
      const target = (snake: string): string => (reservedKeywordCategory(snake) === undefined ? snake : columnNameInsteadOf(snake, table.name, taken));
      for (const column of ownColumns(catalog, table)) {
        if (!firstTime(column) || allow.includes(column.name)) continue;
        const found = judgeName(column.name, convention, { table: table.name }, target);
        if (found === undefined) continue;
        const { expected } = found.verdict;
        const sql = `ALTER TABLE ${qualifiedSql(table)} RENAME COLUMN ${quoteIdentifier(column.name)} TO ${expected === undefined ? "<new_name>" : quoteIdentifier(expected)};`;
        context.report({
          messageId: found.messageId === "quoted" ? "quotedColumnName" : "columnName",
          data: {
            column: column.name,
            table: nameAsOf(compare, table, column.nameOrigin ?? column.origin, displayName(table)),
            convention: found.verdict.convention,
            expected: expectedText(expected, `a name that matches ${found.verdict.convention}`),
            sql,
          },
          at: column.nameOrigin ?? column.origin,
          ...(expected === undefined ? {} : { suggestion: { description: `Rename column ${column.name} to ${expected}.`, sql } }),
        });
      }
    }

    interface Candidate {
      readonly kind: ReportKind;
      readonly name: string;
      readonly conventions: readonly Exclude<ObjectConvention, false>[];
      readonly values: TemplateValues;
      /** The names PostgreSQL would choose for the object unnamed: `{table}_{columns}_{label}`. */
      readonly defaults: readonly { readonly columns: readonly string[]; readonly label: string }[];
      readonly origin: Origin;
      /** The object as a relation for `ALTER INDEX`, else undefined for a constraint. */
      readonly index?: QualifiedName;
      /** Suffix suggested when several objects of the table would get the same name. */
      readonly suffix: string;
      /** The tables and columns its expected name is built from. */
      readonly sources: readonly Renamable[];
    }

    /** A candidate's tables and columns: the values `nameOf` gives them fill its templates and default names. */
    type Build = (nameOf: NameOf) => Candidate;

    function constraintCandidate(catalog: Catalog, table: Table, c: Constraint): Build | undefined {
      const convention =
        c.kind === "foreign key" ? options.foreignKeys
        : c.kind === "unique" ? options.uniqueConstraints
        : c.kind === "check" ? options.checkConstraints
        : c.kind === "primary key" ? options.primaryKeys
        : false;
      if (convention === false || c.kind === "exclusion" || !c.explicitName) return undefined;
      const kind = c.kind;
      const referenced = c.references === undefined ? undefined : (catalog.tableByName(c.references.table) ?? c.references.table);
      const columnObjects = c.columns.map((name) => table.columns.get(name) ?? { name });
      return (nameOf) => {
        const cols = columnObjects.map(nameOf);
        const columns = cols.join("_");
        return {
          kind,
          name: c.name,
          conventions: [convention],
          values: { table: nameOf(table), columns: [columns], ...(referenced === undefined ? {} : { ref_table: nameOf(referenced) }) },
          defaults:
            kind === "primary key" ? [{ columns: [], label: "pkey" }]
            : kind === "check" ? [{ columns: cols.length === 1 ? cols : [], label: "check" }, { columns: [], label: "check" }]
            : [{ columns: cols, label: kind === "unique" ? "key" : "fkey" }],
          origin: c.nameOrigin ?? c.origin,
          suffix: columns === "" ? "2" : columns,
          sources: [table, ...columnObjects, ...(referenced === undefined ? [] : [referenced])],
        };
      };
    }

    function indexCandidate(table: Table, index: Index): Build | undefined {
      const conventions: Exclude<ObjectConvention, false>[] = [];
      if (options.indexes === false || !index.explicitName) return undefined;
      conventions.push(options.indexes);
      // A unique index enforces a business key like a unique constraint does; either name fits.
      if (index.unique && options.uniqueConstraints !== false) conventions.push(options.uniqueConstraints);
      const column = (name: string): Renamable => table.columns.get(name) ?? { name };
      const keyColumns = index.keys.flatMap((k) => (k.kind === "column" ? [k.column] : columnsReferenced(k.expression.node)));
      return (nameOf) => {
        const columns = index.keys.map((k) => (k.kind === "column" ? nameOf(column(k.column)) : indexExpressionName(k.expression.node)));
        return {
          kind: "index",
          name: index.name,
          conventions,
          values: { table: nameOf(table), columns: indexColumnChoices(index.keys, (name) => nameOf(column(name))) },
          // A unique index may also carry the name PostgreSQL gives a UNIQUE constraint on the same columns.
          defaults: index.unique ? [{ columns, label: "idx" }, { columns, label: "key" }] : [{ columns, label: "idx" }],
          origin: index.nameOrigin ?? index.origin,
          index: { schema: index.schema, name: index.name },
          suffix: index.predicate !== undefined ? "partial" : index.method !== "btree" ? index.method : index.unique ? "unique" : "2",
          sources: [table, ...keyColumns.map(column)],
        };
      };
    }

    /** The name a template without `{name}` gives the object; objects of a table that share it may add a suffix. */
    function collisionKey(candidate: Candidate): string | undefined {
      const convention = candidate.conventions[0];
      if (typeof convention !== "string" || convention.includes("{name}")) return undefined;
      return `${candidate.kind}:${expandTemplate(convention, candidate.values, "")}`;
    }

    /** The PostgreSQL default name the object's name is, if it is one that is accepted. */
    function acceptedDefault(c: Candidate): string | undefined {
      const table = c.values.table ?? "";
      if (c.kind === "primary key" && matchesTemplate("{table}_pkey", { table }, c.name)) return makeObjectName(table, "", "pkey");
      if (!options.postgresDefaultNames) return undefined;
      return c.defaults.some((d) => isPostgresDefaultName(c.name, table, d.columns, d.label)) ? c.name : undefined;
    }

    /** The verdicts on a name that follows no accepted convention, else undefined. */
    function judgeCandidate(c: Candidate, collides: boolean): readonly Verdict[] | undefined {
      if (acceptedDefault(c) !== undefined) return undefined;
      const fill = nameFill(c.name, c.values.table ?? "", c.values.columns?.[0] === undefined || c.values.columns[0] === "" ? [] : [c.values.columns[0]]);
      const verdicts = c.conventions.map((convention) => judgeObject(convention, c.name, c.values, fill, collides));
      return verdicts.some((v) => v === undefined) ? undefined : verdicts.filter((v) => v !== undefined);
    }

    function renameSql(table: Table, c: Candidate, target: string): string {
      return c.index === undefined
        ? `ALTER TABLE ${qualifiedSql(table)} RENAME CONSTRAINT ${quoteIdentifier(c.name)} TO ${target};`
        : `ALTER INDEX ${qualifiedSql(c.index)} RENAME TO ${target};`;
    }

    /**
     * A name that followed the convention (or PostgreSQL's default) with the names its table and columns
     * had when it was given, and stopped at a later RENAME of one of them: reported at that RENAME.
     */
    function reportLeftBehind(compare: CompareOrigins, table: Table, build: Build, current: Candidate, collides: boolean, verdict: Verdict): boolean {
      const rename = lastRenameAfter(compare, current.origin, current.sources);
      if (rename === undefined) return false;
      const before = build((object) => nameAt(compare, object, current.origin));
      if (judgeCandidate(before, collides) !== undefined) return false;
      // A name that was PostgreSQL's default becomes the new default; one that followed a template, the template's.
      const wasDefault = acceptedDefault(before) !== undefined;
      const index = before.defaults.findIndex((d) => isPostgresDefaultName(before.name, before.values.table ?? "", d.columns, d.label));
      const newDefault = current.defaults[Math.max(index, 0)];
      const defaultName = newDefault === undefined ? undefined : makeObjectName(table.name, newDefault.columns.join("_"), newDefault.label);
      const expected = wasDefault && defaultName !== undefined ? defaultName : verdict.expected;
      const defaultAccepted = current.kind === "primary key" || options.postgresDefaultNames;
      const label = LABEL_OF[current.kind];
      const target = expected === undefined ? "<new_name>" : quoteIdentifier(expected);
      const sql = renameSql(table, current, target);
      context.report({
        messageId: "nameLeftBehind",
        data: {
          object: label,
          name: current.name,
          renamed: rename.object === table || "columns" in rename.object ? "table" : "column",
          oldName: nameAt(compare, rename.object, current.origin),
          newName: rename.object.name,
          expectation: `the ${label} naming convention (${verdict.convention})${defaultAccepted && defaultName !== undefined ? ` or PostgreSQL's default "${defaultName}"` : ""}`,
          expected: expectedText(expected, `a name that matches ${verdict.convention}`),
          sql,
        },
        at: rename.at,
        ...(expected === undefined ? {} : { suggestion: { description: `Rename ${current.name} to ${expected}.`, sql } }),
      });
      return true;
    }

    function checkCandidates(compare: CompareOrigins, table: Table, builds: readonly Build[]): void {
      const candidates = builds.map((build) => build((object) => object.name));
      // Computed only when some name is not accepted outright (most names in a dump are PostgreSQL's).
      let keys: (string | undefined)[] | undefined;
      const counts = new Map<string, number>();
      const keyAt = (i: number): string | undefined => {
        if (keys === undefined) {
          keys = candidates.map(collisionKey);
          for (const key of keys) if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return keys[i];
      };
      for (const [i, c] of candidates.entries()) {
        if (acceptedDefault(c) !== undefined) continue;
        const key = keyAt(i);
        const collides = key !== undefined && (counts.get(key) ?? 0) > 1;
        const verdicts = judgeCandidate(c, collides);
        const first = verdicts?.[0];
        const build = builds[i];
        if (verdicts === undefined || first === undefined || build === undefined) continue;
        if (reportLeftBehind(compare, table, build, c, collides, first)) continue;
        const expected = first.expected !== undefined && collides ? truncateIdentifier(`${first.expected}_${c.suffix}`) : first.expected;
        const sql = renameSql(table, c, expected === undefined ? "<new_name>" : quoteIdentifier(expected));
        const convention = verdicts.map((v) => v.convention).join(" or ");
        context.report({
          messageId: MESSAGE_OF[c.kind],
          data: {
            name: c.name,
            // The line shows the table's name at the time; a later RENAME's name alone would not be found there.
            table: nameAsOf(compare, table, c.origin, displayName(table)),
            convention,
            defaultName: makeObjectName(table.name, "", "pkey"),
            expected: expectedText(expected, `a name that matches ${convention}`),
            sql,
          },
          at: c.origin,
          ...(expected === undefined ? {} : { suggestion: { description: `Rename ${c.name} to ${expected}.`, sql } }),
        });
      }
    }

    return {
      // Files:exit sees the same final schema as Schema:exit, plus the migration order of the files,
      // which tells whether a RENAME came after a name was given.
      "Files:exit"({ catalog, files }) {
        const compare = originComparator(files);
        const firstTime = columnDefinitionOnce();
        for (const table of catalog.allTables()) {
          checkTable(table);
          checkColumns(catalog, table, firstTime, compare);
          const builds: Build[] = [];
          for (const c of table.constraints.values()) {
            const build = constraintCandidate(catalog, table, c);
            if (build !== undefined) builds.push(build);
          }
          for (const index of catalog.indexesOf(table)) {
            const build = indexCandidate(table, index);
            if (build !== undefined) builds.push(build);
          }
          checkCandidates(compare, table, builds);
        }
      },
    };
  },
});
