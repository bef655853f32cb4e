import { z } from "zod";
import { displayName, type Catalog } from "../schema/catalog.js";
import { columnsReferenced, indexExpressionName } from "../schema/expression.js";
import type { Column, Constraint, Index, IndexKey, Origin, QualifiedName, Table } from "../schema/model.js";
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
import { ownColumns } from "./utils/own-columns.js";
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

/** `{columns}` of an index: column names, or for an expression key its function name and/or referenced columns. */
function indexColumnChoices(keys: readonly IndexKey[]): string[] {
  let combos: string[][] = [[]];
  for (const key of keys) {
    let options: string[];
    if (key.kind === "column") options = [key.column];
    else {
      const fn = indexExpressionName(key.expression.node);
      const refs = columnsReferenced(key.expression.node).join("_");
      options = fn === "expr" ? [refs === "" ? fn : refs, fn] : [refs === "" ? fn : `${fn}_${refs}`, fn, refs];
      options = [...new Set(options.filter((o) => o !== ""))];
    }
    combos = combos.flatMap((c) => options.map((o) => [...c, o])).slice(0, 32);
  }
  return combos.map((c) => c.join("_"));
}

/** The name PostgreSQL would give an unnamed object (`ChooseConstraintName`/`ChooseIndexName`), with its optional counter. */
function isPostgresDefaultName(name: string, table: string, columns: readonly string[], label: string): boolean {
  const counter = /_([a-z]+)(\d*)$/u.exec(name);
  if (counter?.[1] !== label) return false;
  const full = [table, ...(columns.length === 0 ? [] : [columns.join("_")]), `${label}${counter[2] ?? ""}`].join("_");
  // Names that fit in 63 bytes are not shortened; only longer ones need makeObjectName's trimming.
  return Buffer.byteLength(full, "utf8") <= 63 ? name === full : name === makeObjectName(table, columns.join("_"), `${label}${counter[2] ?? ""}`);
}

/** `{name}` for a suggestion: the current name without the table and the usual prefixes and suffixes. */
function nameFill(current: string, table: string, columns: readonly string[]): string {
  let s = current.replace(/^(?:chk|ck|check|fk|uq|uk|idx|ix|pk)_/u, "");
  if (s.startsWith(`${table}_`)) s = s.slice(table.length + 1);
  s = s.replace(/_(?:check|chk|ck|fkey|fk|key|idx|pkey)\d*$/u, "");
  return s !== "" ? s : columns.length > 0 ? columns.join("_") : "check";
}

function conventionText(convention: Exclude<StyleConvention, false>): string {
  if (typeof convention === "string") return convention;
  if ("pattern" in convention) return `pattern ${convention.pattern}`;
  if (convention.case === "snake") return convention.plural ? "plural snake_case" : "snake_case";
  return convention.plural ? "plural names" : "any name";
}

interface Verdict {
  /** The name to rename to, when one can be derived. */
  readonly expected: string | undefined;
  readonly convention: string;
}

const patterns = new Map<string, RegExp>();

/** A pattern option compiled once (sources are validated by the options schema). */
function compiled(source: string): RegExp {
  let regex = patterns.get(source);
  if (regex === undefined) {
    regex = new RegExp(source, "u");
    patterns.set(source, regex);
  }
  return regex;
}

/** Checks a constraint or index name against a template or pattern; undefined when it follows it. */
function judgeObject(
  convention: Exclude<ObjectConvention, false>,
  name: string,
  values: TemplateValues,
  fill: string,
  allowSuffix: boolean,
): Verdict | undefined {
  if (typeof convention !== "string") {
    return compiled(convention.pattern).test(name) ? undefined : { expected: undefined, convention: conventionText(convention) };
  }
  if (matchesTemplate(convention, values, name, { allowSuffix })) return undefined;
  const expected = expandTemplate(convention, values, fill);
  return { expected: matchesTemplate(convention, values, expected) ? expected : undefined, convention };
}

type ReportKind = "index" | "foreign key" | "unique" | "check" | "primary key";
const MESSAGE_OF = {
  index: "indexName",
  "foreign key": "foreignKeyName",
  unique: "uniqueConstraintName",
  check: "checkConstraintName",
  "primary key": "primaryKeyName",
} as const;

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

    function checkColumns(catalog: Catalog, table: Table, firstTime: (column: Column) => boolean): void {
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
            table: displayName(table),
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
    }

    function constraintCandidate(table: Table, c: Constraint): Candidate | undefined {
      const convention =
        c.kind === "foreign key" ? options.foreignKeys
        : c.kind === "unique" ? options.uniqueConstraints
        : c.kind === "check" ? options.checkConstraints
        : c.kind === "primary key" ? options.primaryKeys
        : false;
      if (convention === false || c.kind === "exclusion" || !c.explicitName) return undefined;
      const columns = c.columns.join("_");
      return {
        kind: c.kind,
        name: c.name,
        conventions: [convention],
        values: { table: table.name, columns: [columns], ...(c.references === undefined ? {} : { ref_table: c.references.table.name }) },
        defaults:
          c.kind === "primary key" ? [{ columns: [], label: "pkey" }]
          : c.kind === "check" ? [{ columns: c.columns.length === 1 ? c.columns : [], label: "check" }, { columns: [], label: "check" }]
          : [{ columns: c.columns, label: c.kind === "unique" ? "key" : "fkey" }],
        origin: c.nameOrigin ?? c.origin,
        suffix: columns === "" ? "2" : columns,
      };
    }

    function indexCandidate(table: Table, index: Index): Candidate | undefined {
      const conventions: Exclude<ObjectConvention, false>[] = [];
      if (options.indexes === false || !index.explicitName) return undefined;
      conventions.push(options.indexes);
      // A unique index enforces a business key like a unique constraint does; either name fits.
      if (index.unique && options.uniqueConstraints !== false) conventions.push(options.uniqueConstraints);
      const columns = index.keys.map((k) => (k.kind === "column" ? k.column : indexExpressionName(k.expression.node)));
      return {
        kind: "index",
        name: index.name,
        conventions,
        values: { table: table.name, columns: indexColumnChoices(index.keys) },
        // A unique index may also carry the name PostgreSQL gives a UNIQUE constraint on the same columns.
        defaults: index.unique ? [{ columns, label: "idx" }, { columns, label: "key" }] : [{ columns, label: "idx" }],
        origin: index.nameOrigin ?? index.origin,
        index: { schema: index.schema, name: index.name },
        suffix: index.predicate !== undefined ? "partial" : index.method !== "btree" ? index.method : index.unique ? "unique" : "2",
      };
    }

    /** The name a template without `{name}` gives the object; objects of a table that share it may add a suffix. */
    function collisionKey(candidate: Candidate): string | undefined {
      const convention = candidate.conventions[0];
      if (typeof convention !== "string" || convention.includes("{name}")) return undefined;
      return `${candidate.kind}:${expandTemplate(convention, candidate.values, "")}`;
    }

    function checkCandidates(table: Table, candidates: readonly Candidate[]): void {
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
        if (c.kind === "primary key" && matchesTemplate("{table}_pkey", { table: table.name }, c.name)) continue;
        if (options.postgresDefaultNames && c.defaults.some((d) => isPostgresDefaultName(c.name, table.name, d.columns, d.label))) continue;
        const key = keyAt(i);
        const collides = key !== undefined && (counts.get(key) ?? 0) > 1;
        const fill = nameFill(c.name, table.name, c.values.columns?.[0] === undefined || c.values.columns[0] === "" ? [] : [c.values.columns[0]]);
        const verdicts = c.conventions.map((convention) => judgeObject(convention, c.name, c.values, fill, collides));
        if (verdicts.some((v) => v === undefined)) continue;
        const first = verdicts[0];
        if (first === undefined) continue;
        const expected = first.expected !== undefined && collides ? truncateIdentifier(`${first.expected}_${c.suffix}`) : first.expected;
        const target = expected === undefined ? "<new_name>" : quoteIdentifier(expected);
        const sql =
          c.index === undefined
            ? `ALTER TABLE ${qualifiedSql(table)} RENAME CONSTRAINT ${quoteIdentifier(c.name)} TO ${target};`
            : `ALTER INDEX ${qualifiedSql(c.index)} RENAME TO ${target};`;
        const convention = verdicts.map((v) => v?.convention ?? "").join(" or ");
        context.report({
          messageId: MESSAGE_OF[c.kind],
          data: {
            name: c.name,
            table: displayName(table),
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
      "Schema:exit"({ catalog }) {
        const firstTime = columnDefinitionOnce();
        for (const table of catalog.allTables()) {
          checkTable(table);
          checkColumns(catalog, table, firstTime);
          const candidates: Candidate[] = [];
          for (const c of table.constraints.values()) {
            const candidate = constraintCandidate(table, c);
            if (candidate !== undefined) candidates.push(candidate);
          }
          for (const index of catalog.indexesOf(table)) {
            const candidate = indexCandidate(table, index);
            if (candidate !== undefined) candidates.push(candidate);
          }
          checkCandidates(table, candidates);
        }
      },
    };
  },
});
