import type { ColumnDef } from "libpg-query";
import { z } from "zod";
import { unwrap, type Node } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import { normalizeType } from "../schema/column-type.js";
import type { Catalog } from "../schema/catalog.js";
import type { QualifiedName } from "../schema/model.js";
import { defineRule, type Suggestion } from "./rule.js";
import { relationTarget } from "./utils/existing-relation.js";
import { expressionSql, typeNameSql } from "./utils/expression-sql.js";
import { notNullConstraintName, safeNotNullSteps } from "./utils/not-null-sql.js";
import { resolveDomain } from "./utils/resolve-domain.js";
import { qualifiedSql, quoteIdentifier } from "./utils/sql.js";
import { volatileCall } from "./utils/volatile-expression.js";
import { typeLabel } from "./utils/type-text.js";

/** What an `ADD COLUMN` definition asks for, from its column constraints. */
interface AddedColumn {
  readonly name: string;
  readonly def: ColumnDef;
  readonly notNull: boolean;
  /** The DEFAULT expression, unless it is absent or NULL (which is what no default does). */
  readonly default: Node | undefined;
  readonly identity: boolean;
  readonly generated: "stored" | "virtual" | undefined;
  readonly serial: string | undefined;
  /** Whether the definition is only a name, a type, NULL / NOT NULL and DEFAULT (so the suggestion can restate it). */
  readonly plain: boolean;
}

function isNullConstant(node: Node | undefined): boolean {
  let current = node;
  for (let cast = unwrap(current, "TypeCast"); cast !== undefined; cast = unwrap(current, "TypeCast")) current = cast.arg;
  return unwrap(current, "A_Const")?.isnull === true;
}

function addedColumn(def: ColumnDef, catalog: Catalog): AddedColumn {
  let notNull = def.is_not_null === true;
  let defaultExpr: Node | undefined = def.raw_default;
  let identity = false;
  let generated: AddedColumn["generated"];
  let plain = def.collClause === undefined;
  for (const node of def.constraints ?? []) {
    const c = unwrap(node, "Constraint");
    switch (c?.contype) {
      case "CONSTR_NOTNULL":
        notNull = true;
        break;
      case "CONSTR_NULL":
        notNull = false;
        break;
      case "CONSTR_DEFAULT":
        defaultExpr = c.raw_expr;
        break;
      case "CONSTR_IDENTITY":
        identity = true;
        notNull = true;
        break;
      case "CONSTR_GENERATED":
        generated = c.generated_kind === "v" ? "virtual" : "stored";
        plain = false;
        break;
      case "CONSTR_PRIMARY":
        notNull = true;
        plain = false;
        break;
      default:
        plain = false;
        break;
    }
  }
  const serial = def.typeName === undefined ? undefined : normalizeType(def.typeName, catalog).serial;
  return {
    name: def.colname ?? "",
    def,
    notNull: notNull || serial !== undefined,
    default: isNullConstant(defaultExpr) ? undefined : defaultExpr,
    identity,
    generated,
    serial,
    plain,
  };
}

/**
 * Flags `ALTER TABLE ... ADD COLUMN` on a table that may hold rows:
 * - NOT NULL without a DEFAULT: every existing row would get NULL, so the statement fails once the
 *   table has a row (an identity, serial or generated column has values, so it is not this case);
 * - a definition that makes PostgreSQL rewrite the whole table and its indexes under the ACCESS
 *   EXCLUSIVE lock of ADD COLUMN: a volatile DEFAULT, a serial type (its DEFAULT is `nextval()`), an
 *   identity column, a stored generated column, or a domain with constraints. A constant or STABLE
 *   default (`0`, `'{}'::jsonb`, `now()`) is stored in the catalog instead since PostgreSQL 11, so
 *   adding it takes a moment; before 11 every non-null DEFAULT rewrites the table.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES,
 * https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN
 */
export default defineRule({
  meta: {
    id: "safe-add-column",
    summary: "Add columns to existing tables without a NOT NULL that fails on existing rows or a default that rewrites the table.",
    category: "migrations",
    defaultSeverity: "error",
    options: z.object({
      volatileFunctions: z
        .array(z.string())
        .default([])
        .describe(
          "More function names whose call in a DEFAULT rewrites the table (VOLATILE functions: your own, since CREATE FUNCTION makes a function VOLATILE unless it says otherwise, or an extension's). Built-in ones such as gen_random_uuid(), random(), clock_timestamp() and nextval() are always included.",
        ),
    }),
    messages: {
      notNullWithoutDefault: {
        message:
          'Column "{{column}}" is added to existing table {{table}} as NOT NULL without a DEFAULT: every existing row would hold NULL, so the ALTER TABLE fails as soon as the table has a row.',
        help: "Add the column nullable, backfill it in batches, then {{notNullPath}}{{defaultAdvice}}.",
      },
      volatileDefault: {
        message:
          'Column "{{column}}" is added to existing table {{table}} with the volatile DEFAULT {{call}}: PostgreSQL computes it for every row, rewriting the whole table and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
        help: "Add the column without the DEFAULT, set it with a separate ALTER COLUMN ... SET DEFAULT (which applies to new rows only), and backfill the existing rows in batches{{notNullTail}}.",
      },
      identity: {
        message:
          'Column "{{column}}" is added to existing table {{table}} as {{kind}}: PostgreSQL fills every existing row from the sequence, rewriting the whole table and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
        help: "Add a plain nullable column, backfill it in batches, make it NOT NULL without a long lock, then attach the sequence with ALTER COLUMN ... ADD GENERATED BY DEFAULT AS IDENTITY (START past the backfilled values), which does not rewrite the table.",
      },
      storedGenerated: {
        message:
          'Column "{{column}}" is added to existing table {{table}} as a stored generated column: PostgreSQL computes and writes it for every row, rewriting the whole table and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
        help: "Add a plain nullable column, keep it current with a BEFORE INSERT OR UPDATE trigger, and backfill the existing rows in batches{{virtualAlternative}}.",
      },
      constrainedDomain: {
        message:
          'Column "{{column}}" is added to existing table {{table}} with the domain {{domain}}, which has constraints: PostgreSQL checks them on every row by rewriting the whole table and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
        help: "Add the column with the base type {{base}}, backfill it in batches, and enforce the domain's rules with a CHECK constraint added NOT VALID and validated in a separate migration.",
      },
      defaultBefore11: {
        message:
          'Column "{{column}}" is added to existing table {{table}} with a DEFAULT: before PostgreSQL 11 (the target is {{version}}), any non-null DEFAULT rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
        help: "Add the column without the DEFAULT, set it with a separate ALTER COLUMN ... SET DEFAULT (which applies to new rows only), and backfill the existing rows in batches{{notNullTail}}.",
      },
    },
  },
  create(context) {
    const version = context.settings.postgresVersion;
    const extraVolatile = context.options.volatileFunctions;
    // How to make a backfilled column NOT NULL on the target version, in words.
    const notNullPath =
      version >= 18
        ? "make it NOT NULL with ADD CONSTRAINT ... NOT NULL ... NOT VALID and, in a separate migration, VALIDATE CONSTRAINT"
        : version >= 12
          ? "add CHECK (... IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate migration, then SET NOT NULL (which skips its scan thanks to the validated CHECK)"
          : "add CHECK (... IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT in a separate migration (before PostgreSQL 12, SET NOT NULL always scans the table)";
    const notNullTail = `, then ${notNullPath}`;
    const defaultAdvice = version >= 11 ? "; or give it a constant DEFAULT, which PostgreSQL 11+ stores in the catalog without touching the rows" : "";

    /** `ADD COLUMN` without DEFAULT and NOT NULL, `SET DEFAULT`, a backfill note and the NOT NULL steps. */
    function saferSql(catalog: Catalog, table: QualifiedName, column: AddedColumn, defaultSql: string | undefined): Suggestion | undefined {
      const type = typeNameSql(column.def.typeName);
      if (type === undefined || !column.plain || column.serial !== undefined) return undefined;
      const alter = `ALTER TABLE ${qualifiedSql(table)}`;
      const col = quoteIdentifier(column.name);
      const lines = [`${alter} ADD COLUMN ${col} ${type};`];
      if (defaultSql !== undefined) lines.push(`${alter} ALTER COLUMN ${col} SET DEFAULT ${defaultSql};`);
      if (column.notNull) {
        lines.push(`-- Backfill "${column.name}" in batches, then:`);
        lines.push(...safeNotNullSteps(table, column.name, notNullConstraintName(catalog, table, column.name), version));
      } else {
        lines.push(`-- Backfill "${column.name}" of the existing rows in batches.`);
      }
      return { description: `Add "${column.name}" nullable and backfill it.`, sql: lines.join("\n") };
    }

    return {
      AlterTableStmt(node, ctx) {
        // ALTER FOREIGN TABLE stores no rows; ALTER VIEW / INDEX ... take other commands.
        if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
        const target = relationTarget(node.relation, ctx);
        // A table a TRUNCATE emptied earlier in this transaction has no row to fill or rewrite, and the
        // TRUNCATE already holds ACCESS EXCLUSIVE on it until commit.
        if (target === undefined || !target.existing || target.emptied || target.table?.foreign === true) return;
        const table = target.name;
        for (const item of node.cmds ?? []) {
          const cmd = unwrap(item, "AlterTableCmd");
          const def = cmd?.subtype === "AT_AddColumn" ? unwrap(cmd.def, "ColumnDef") : undefined;
          if (def === undefined) continue;
          // ADD COLUMN IF NOT EXISTS of a column that is already there does nothing.
          if (cmd?.missing_ok === true && target.table?.columns.has(def.colname ?? "") === true) continue;
          const column = addedColumn(def, ctx.catalog);
          const at = ctx.origin(def.location);
          const base = { column: column.name, table: displayName(table) };
          const type = def.typeName === undefined ? undefined : normalizeType(def.typeName, ctx.catalog);
          const domains = type === undefined ? [] : resolveDomain(ctx.catalog, type).domains;
          const filled = column.identity || column.generated !== undefined || column.serial !== undefined;

          // A domain may carry its own DEFAULT, which the catalog does not record: no NOT NULL verdict then.
          if (column.notNull && column.default === undefined && !filled && domains.length === 0) {
            const suggestion = saferSql(ctx.catalog, table, column, undefined);
            context.report({ messageId: "notNullWithoutDefault", data: { ...base, notNullPath, defaultAdvice }, at, ...(suggestion === undefined ? {} : { suggestion }) });
            continue;
          }
          if (column.identity || column.serial !== undefined) {
            const kind = column.identity ? "an identity column" : `a ${column.serial ?? "serial"} column (its DEFAULT nextval() is volatile)`;
            context.report({ messageId: "identity", data: { ...base, kind }, at });
            continue;
          }
          if (column.generated === "stored") {
            const virtualAlternative = version >= 18 ? "; or make it a VIRTUAL generated column, computed when read, which PostgreSQL 18+ adds without a rewrite" : "";
            context.report({ messageId: "storedGenerated", data: { ...base, virtualAlternative }, at });
            continue;
          }
          const call = volatileCall(column.default, extraVolatile);
          if (call !== undefined) {
            const defaultSql = expressionSql(column.default);
            const suggestion = defaultSql === undefined ? undefined : saferSql(ctx.catalog, table, column, defaultSql);
            const data = { ...base, call, notNullTail: column.notNull ? notNullTail : "" };
            context.report({ messageId: "volatileDefault", data, at, ...(suggestion === undefined ? {} : { suggestion }) });
            continue;
          }
          const constrained = domains.find((d) => d.notNull || d.checks.length > 0);
          if (constrained !== undefined) {
            const last = domains.at(-1);
            const domain = displayName(constrained);
            context.report({ messageId: "constrainedDomain", data: { ...base, domain, base: last === undefined ? "type" : typeLabel(last.baseType) }, at });
            continue;
          }
          if (version < 11 && column.default !== undefined) {
            const sqlDefault = expressionSql(column.default);
            const suggestion = sqlDefault === undefined ? undefined : saferSql(ctx.catalog, table, column, sqlDefault);
            const data = { ...base, version, notNullTail: column.notNull ? notNullTail : "" };
            context.report({ messageId: "defaultBefore11", data, at, ...(suggestion === undefined ? {} : { suggestion }) });
          }
        }
      },
    };
  },
});
