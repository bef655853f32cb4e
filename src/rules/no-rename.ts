import type { RenameStmt } from "libpg-query";
import { z } from "zod";
import { stringList, unwrap } from "../parser/ast.js";
import { displayName, keyOf } from "../schema/catalog.js";
import type { QualifiedName } from "../schema/model.js";
import { defineRule, type ReportDescriptor, type StatementContext } from "./rule.js";
import { columnExisting, namedRelation, objectName, schemaExisting, typeExisting } from "./utils/existing-object.js";
import { qualifiedSql } from "./utils/sql.js";

type MessageId = "renameRelation" | "renameColumn" | "renameSchema" | "renameType" | "renameEnumValue";

const RELATION_KIND: Readonly<Partial<Record<NonNullable<RenameStmt["renameType"]>, string>>> = {
  OBJECT_TABLE: "table",
  OBJECT_FOREIGN_TABLE: "foreign table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
};

/** A SQL string literal. */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A rename takes effect at commit for every session at once, but the application is deployed gradually:
 * until the last instance of the old version is gone, clients keep sending the old name, and their
 * statements fail ("relation does not exist", "column does not exist", "invalid input value for enum").
 * The expand/contract pattern adds the new name next to the old one, moves the clients over, and only
 * then removes the old name. Objects created in the same migration have no clients yet.
 * https://www.postgresql.org/docs/current/sql-altertable.html (RENAME), https://www.postgresql.org/docs/current/sql-altertype.html (RENAME VALUE)
 */
export default defineRule({
  meta: {
    id: "no-rename",
    summary: "Do not rename tables, views, columns, schemas, types or enum values that running clients may still use by their old name.",
    category: "migrations",
    defaultSeverity: "warn",
    options: z.object({}),
    messages: {
      renameRelation: {
        message: 'Renaming {{kind}} {{old}} to "{{new}}" breaks every running client and older application version that still uses the old name.',
        help: 'Expand and contract: keep the old name working with a view created right after the rename ({{sql}}; a view over one table is updatable, so writes through it keep working), deploy code that uses "{{new}}", then drop the view in a later migration.',
      },
      renameColumn: {
        message: 'Renaming column "{{old}}" of {{table}} to "{{new}}" breaks every running client and older application version that still reads or writes "{{old}}".',
        help: 'Expand and contract: add "{{new}}" as a new column, keep both in sync (a trigger, or code that writes both), backfill it, deploy code that reads "{{new}}", then drop "{{old}}" in a later migration.',
      },
      renameSchema: {
        message: 'Renaming schema "{{old}}" to "{{new}}" breaks every running client that qualifies names with "{{old}}" or has it in its search_path.',
        help: 'Expand and contract: create schema "{{new}}" with views over the objects of "{{old}}", deploy code that uses "{{new}}", then move the objects (ALTER ... SET SCHEMA) and drop "{{old}}" in a later migration.',
      },
      renameType: {
        message: 'Renaming type {{old}} to "{{new}}" breaks every running client that names the type: casts such as ::{{oldSql}}, and drivers and ORMs that map the type by name.',
        help: "Deploy code that no longer names the type (or accepts both names) first, then rename it in a later migration. If no client names the type, put `-- schemalint-disable-next-line no-rename -- <reason>` on the line above.",
      },
      renameEnumValue: {
        message: "Renaming value {{old}} of enum {{type}} to {{new}} breaks every running client that still writes {{old}}: PostgreSQL rejects it as invalid input for the type.",
        help: "Expand and contract: add the new value (ALTER TYPE {{typeSql}} ADD VALUE {{new}}), deploy code that writes {{new}} and reads both, update the rows that hold {{old}}, and leave {{old}} unused (an enum value cannot be dropped).",
      },
    },
  },
  create(context) {
    // Relation, type and column renames wait for the end of the run: when the same migration gives the
    // old name to something else — a view over the renamed table (the suggested fix), a table or type
    // created under it, a column added under it (a column rebuilt under its name), or another one
    // renamed to it (a swap: Prisma changes an enum's values by creating "role_new", renaming "role" to
    // "role_old" and "role_new" to "role") — clients that use the name keep working, and the rename is
    // not reported.
    const pending = context.state(() => new Map<string, ReportDescriptor<MessageId>>());
    type Namespace = "relation" | "type" | "column";
    /** A column's name in the "column" namespace: its table's name and its own, as one name. */
    const columnName = (table: QualifiedName, column: string): QualifiedName => ({ schema: table.schema, name: `${table.name}\u0000${column}` });
    const pendingKey = (migration: string, space: Namespace, name: QualifiedName): string => `${migration}\u0000${space}\u0000${keyOf(name)}`;
    /** The name is taken again in this migration: a rename away from it is not reported. */
    const reused = (ctx: StatementContext, space: Namespace, name: QualifiedName): void => {
      pending.delete(pendingKey(ctx.migration.id, space, name));
    };
    /** A CREATE of `[schema.]name`: the name is taken again. */
    const created = (space: Namespace, schema: string | undefined, name: string | undefined, ctx: StatementContext): void => {
      if (name !== undefined) reused(ctx, space, { schema: schema ?? ctx.catalog.creationSchema(), name });
    };
    const createdNamed = (space: Namespace, parts: readonly string[], ctx: StatementContext): void => {
      created(space, parts.length > 1 ? parts.at(-2) : undefined, parts.at(-1), ctx);
    };

    const renameRelation = (node: RenameStmt, ctx: StatementContext): void => {
      const relation = node.relation;
      if (relation?.relname === undefined) return;
      const target = namedRelation(relation.schemaname, relation.relname, ctx);
      // ALTER TABLE ... RENAME also renames indexes and sequences, which clients do not name.
      if (target.kind === "sequence" || (target.kind === undefined && ctx.catalog.index(relation.schemaname, relation.relname) !== undefined)) return;
      if (!target.existing) return;
      const newName = node.newname ?? "";
      const view = `CREATE VIEW ${qualifiedSql(target.name)} AS SELECT * FROM ${qualifiedSql({ schema: target.name.schema, name: newName })}`;
      const kind = target.kind ?? RELATION_KIND[node.renameType ?? "OBJECT_TABLE"] ?? "table";
      const descriptor: ReportDescriptor<MessageId> = {
        messageId: "renameRelation",
        data: { kind, old: displayName(target.name), new: newName, sql: view },
        at: ctx.origin(ctx.locate([newName], "to")),
        suggestion: { description: `Keep ${displayName(target.name)} as a view over the renamed ${kind}.`, sql: `${view};` },
      };
      pending.set(pendingKey(ctx.migration.id, "relation", target.name), descriptor);
    };

    const renameColumn = (node: RenameStmt, ctx: StatementContext): void => {
      const relation = node.relation;
      if (relation?.relname === undefined) return;
      const target = namedRelation(relation.schemaname, relation.relname, ctx);
      const old = node.subname ?? "";
      const table = ctx.catalog.table(relation.schemaname, relation.relname);
      // A column renamed to a name a rename in this migration freed: a swap.
      reused(ctx, "column", columnName(target.name, node.newname ?? ""));
      if (!target.existing || !columnExisting(table, old, ctx)) return;
      // A name an earlier rename of this migration gave (the middle step of a swap) has no clients yet.
      if (table?.columns.get(old)?.nameOrigin?.migration === ctx.migration.id) return;
      pending.set(pendingKey(ctx.migration.id, "column", columnName(target.name, old)), {
        messageId: "renameColumn",
        data: { old, new: node.newname ?? "", table: displayName(target.name) },
        at: ctx.origin(ctx.locate([node.newname ?? ""], "to")),
      });
    };

    return {
      RenameStmt(node, ctx) {
        switch (node.renameType) {
          case "OBJECT_TABLE":
          case "OBJECT_FOREIGN_TABLE":
          case "OBJECT_VIEW":
          case "OBJECT_MATVIEW":
            // Another relation renamed to a name a rename in this migration freed: a swap.
            if (node.relation?.relname !== undefined) {
              const from = namedRelation(node.relation.schemaname, node.relation.relname, ctx).name;
              reused(ctx, "relation", { schema: from.schema, name: node.newname ?? "" });
            }
            renameRelation(node, ctx);
            break;
          case "OBJECT_COLUMN":
            renameColumn(node, ctx);
            break;
          case "OBJECT_SCHEMA": {
            const old = node.subname ?? "";
            if (schemaExisting(old, ctx)) context.report({ messageId: "renameSchema", data: { old, new: node.newname ?? "" }, at: ctx.origin(ctx.locate([node.newname ?? ""], "to")) });
            break;
          }
          case "OBJECT_TYPE":
          case "OBJECT_DOMAIN": {
            const { schema, name } = objectName(node.object);
            const type = ctx.catalog.type(schema, name);
            const old = type === undefined ? ctx.catalog.qualify(schema, name, ctx.catalog.types) : { schema: type.schema, name: type.name };
            reused(ctx, "type", { schema: old.schema, name: node.newname ?? "" });
            if (!typeExisting(schema, name, ctx)) break;
            pending.set(pendingKey(ctx.migration.id, "type", old), {
              messageId: "renameType",
              data: { old: displayName(old), oldSql: qualifiedSql(old), new: node.newname ?? "" },
              at: ctx.origin(ctx.locate([node.newname ?? ""], "to")),
            });
            break;
          }
          default:
            break;
        }
      },
      AlterEnumStmt(node, ctx) {
        if (node.oldVal === undefined || node.newVal === undefined) return;
        const parts = stringList(node.typeName);
        const schema = parts.length > 1 ? parts.at(-2) : undefined;
        const name = parts.at(-1) ?? "";
        if (!typeExisting(schema, name, ctx)) return;
        const type = ctx.catalog.type(schema, name);
        const qualified = type === undefined ? ctx.catalog.qualify(schema, name, ctx.catalog.types) : { schema: type.schema, name: type.name };
        context.report({
          messageId: "renameEnumValue",
          data: { old: literal(node.oldVal), new: literal(node.newVal), type: displayName(qualified), typeSql: qualifiedSql(qualified) },
          at: ctx.origin(),
        });
      },
      ViewStmt(node, ctx) {
        created("relation", node.view?.schemaname, node.view?.relname, ctx);
      },
      CreateStmt(node, ctx) {
        created("relation", node.relation?.schemaname, node.relation?.relname, ctx);
      },
      AlterTableStmt(node, ctx) {
        if (node.relation?.relname === undefined) return;
        const added = (node.cmds ?? []).flatMap((item) => {
          const cmd = unwrap(item, "AlterTableCmd");
          const name = cmd?.subtype === "AT_AddColumn" ? unwrap(cmd.def, "ColumnDef")?.colname : undefined;
          return name === undefined ? [] : [name];
        });
        if (added.length === 0) return;
        const table = namedRelation(node.relation.schemaname, node.relation.relname, ctx).name;
        for (const column of added) reused(ctx, "column", columnName(table, column));
      },
      CreateEnumStmt(node, ctx) {
        createdNamed("type", stringList(node.typeName), ctx);
      },
      CompositeTypeStmt(node, ctx) {
        created("type", node.typevar?.schemaname, node.typevar?.relname, ctx);
      },
      CreateDomainStmt(node, ctx) {
        createdNamed("type", stringList(node.domainname), ctx);
      },
      "Schema:exit"() {
        for (const descriptor of pending.values()) context.report(descriptor);
        pending.clear();
      },
    };
  },
});
