import type { RangeVar } from "libpg-query";
import { z } from "zod";
import { unwrap } from "../parser/ast.js";
import { displayName } from "../schema/catalog.js";
import { TemporaryTables } from "./utils/lock-target.js";
import { ColumnCopies, RowCopies } from "./utils/row-copies.js";
import { quotedList } from "./utils/sql.js";
import { defineRule, type StatementContext } from "./rule.js";
import { relationTarget } from "./utils/existing-relation.js";
import { columnExisting, namedRelation, objectName, schemaExisting } from "./utils/existing-object.js";

const DISABLE = "put `-- schemalint-disable-next-line no-destructive-change -- <reason>` on the line above";

const DROP_HELP = `First deploy code that no longer reads or writes {{object}}, keep a copy of the data (pg_dump --table, or CREATE TABLE ... AS SELECT) until the release is confirmed, and drop it in a later migration. If losing the data is intended, ${DISABLE}.`;

const ROWS_HELP = `Copy the rows first (CREATE TABLE ... AS SELECT, or pg_dump --table) and delete only what must go, with a WHERE clause (in batches on a large table). If losing every row is intended, ${DISABLE}.`;

/**
 * DROP TABLE, DROP COLUMN, DROP SCHEMA, DROP DATABASE, TRUNCATE and an unqualified DELETE throw data
 * away: a down migration can recreate the structure, never the rows. The statements also break every
 * running client that still uses the object (older application versions during a rolling deploy).
 * Objects the same migration created hold no production data yet, so dropping them (a staging table, a
 * temporary table) is silent.
 * https://www.postgresql.org/docs/current/sql-droptable.html
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN
 * https://www.postgresql.org/docs/current/sql-dropschema.html
 * https://www.postgresql.org/docs/current/sql-truncate.html
 */
export default defineRule({
  meta: {
    id: "no-destructive-change",
    summary: "Do not drop or empty tables, columns, schemas or databases that earlier migrations created: no down migration brings the data back.",
    category: "migrations",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      dropTable: {
        message: "DROP TABLE deletes {{table}} with all its rows: no down migration can bring the data back, and clients still using the table fail.",
        help: DROP_HELP,
      },
      dropTableCopied: {
        message:
          "DROP TABLE deletes {{table}}: this migration copied its rows into {{into}}, but not {{lost}}, whose values no down migration can bring back.",
        help: "Copy the missing columns too, keep the old table until the new one is confirmed, or back the data up before the migration runs.",
      },
      dropColumn: {
        message: 'DROP COLUMN deletes "{{column}}" of {{table}} with all its values: no down migration can bring the data back, and clients still using the column fail.',
        help: DROP_HELP,
      },
      dropSchema: {
        message: 'DROP SCHEMA deletes schema "{{schema}}": no down migration can bring back what it held.',
        help: DROP_HELP,
      },
      dropSchemaCascade: {
        message: 'DROP SCHEMA ... CASCADE deletes schema "{{schema}}" with every table, view, type and function in it: no down migration can bring the data back.',
        help: DROP_HELP,
      },
      dropDatabase: {
        message: 'DROP DATABASE deletes database "{{database}}" with all its data: no down migration can bring it back.',
        help: DROP_HELP,
      },
      truncate: {
        message: "TRUNCATE deletes every row of {{table}}: no down migration can bring the rows back.",
        help: ROWS_HELP,
      },
      deleteAll: {
        message: "DELETE without WHERE deletes every row of {{table}}: no down migration can bring the rows back.",
        help: ROWS_HELP,
      },
    },
  },
  create(context) {
    // Temporary tables are not in the schema model; the ones this migration creates are scratch space.
    const temporary = new TemporaryTables();
    const noteTemporary = (relation: RangeVar | undefined, ctx: StatementContext): void => {
      temporary.note(relation, ctx);
    };
    const isTemporary = (schema: string | undefined, name: string, ctx: StatementContext): boolean => temporary.has(schema, name, ctx);
    // Rows copied elsewhere earlier in the migration (a table rebuilt under its name) survive its DROP.
    const copies = new RowCopies();
    // Values copied into another column earlier in the migration (a column rebuilt under its name) survive its DROP COLUMN.
    const columnCopies = new ColumnCopies();

    return {
      CreateStmt(node, ctx) {
        noteTemporary(node.relation, ctx);
      },
      CreateTableAsStmt(node, ctx) {
        noteTemporary(node.into?.rel, ctx);
      },
      SelectStmt(node, ctx) {
        noteTemporary(node.intoClause?.rel, ctx);
      },
      InsertStmt(node, ctx) {
        copies.note(node, ctx);
      },
      UpdateStmt(node, ctx) {
        columnCopies.note(node, ctx);
      },
      DropStmt(node, ctx) {
        if (node.removeType === "OBJECT_TABLE") {
          // DropStmt object names carry no location: each dropped table is found by its written name.
          for (const object of node.objects ?? []) {
            const { schema, name } = objectName(object);
            if (isTemporary(schema, name, ctx)) {
              temporary.forget(name, ctx);
              continue;
            }
            const relation = namedRelation(schema, name, ctx);
            // A foreign table's rows live on the remote server; DROP FOREIGN TABLE only forgets the mapping.
            // DROP TABLE of a view fails, so only tables (or names the history never created) count.
            if (!relation.existing || (relation.kind !== "table" && relation.kind !== undefined)) continue;
            const at = ctx.origin(ctx.locate(schema === undefined ? [name] : [schema, ".", name], "table"));
            const table = ctx.catalog.tableByName(relation.name);
            const copied = table === undefined ? undefined : copies.of(table, ctx);
            if (copied?.lost.length === 0) continue;
            const data = { table: displayName(relation.name), object: displayName(relation.name) };
            if (copied === undefined) context.report({ messageId: "dropTable", data, at });
            else context.report({ messageId: "dropTableCopied", data: { ...data, into: copied.copy.into, lost: `column${copied.lost.length === 1 ? "" : "s"} ${quotedList(copied.lost)}` }, at });
          }
        } else if (node.removeType === "OBJECT_SCHEMA") {
          for (const object of node.objects ?? []) {
            const { name } = objectName(object);
            if (!schemaExisting(name, ctx)) continue;
            const messageId = node.behavior === "DROP_CASCADE" ? "dropSchemaCascade" : "dropSchema";
            context.report({ messageId, data: { schema: name, object: `schema "${name}"` }, at: ctx.origin(ctx.locate([name], "schema")) });
          }
        }
      },
      DropdbStmt(node, ctx) {
        const database = node.dbname ?? "";
        context.report({ messageId: "dropDatabase", data: { database, object: `database "${database}"` }, at: ctx.origin() });
      },
      AlterTableStmt(node, ctx) {
        if (node.objtype !== undefined && node.objtype !== "OBJECT_TABLE") return;
        // Most ALTER TABLEs (a dump's constraints) drop no column: skip resolving the table for them.
        if (!(node.cmds ?? []).some((item) => unwrap(item, "AlterTableCmd")?.subtype === "AT_DropColumn")) return;
        if (isTemporary(node.relation?.schemaname, node.relation?.relname ?? "", ctx)) return;
        const target = relationTarget(node.relation, ctx);
        if (target?.existing !== true || target.table?.foreign === true) return;
        const dropped = new Set((node.cmds ?? []).flatMap((item) => {
          const cmd = unwrap(item, "AlterTableCmd");
          return cmd?.subtype === "AT_DropColumn" && cmd.name !== undefined ? [cmd.name] : [];
        }));
        for (const item of node.cmds ?? []) {
          const cmd = unwrap(item, "AlterTableCmd");
          if (cmd?.subtype !== "AT_DropColumn") continue;
          const column = cmd.name ?? "";
          if (!columnExisting(target.table, column, ctx, cmd.missing_ok === true)) continue;
          // A generated column holds what its expression computes from the row's other columns (the
          // expression must be immutable): ADD COLUMN ... GENERATED ALWAYS AS (...) STORED computes every
          // value again, so dropping it loses no data (fider drops its tsvector column to change the
          // expression). https://www.postgresql.org/docs/current/ddl-generated-columns.html
          if (target.table?.columns.get(column)?.generated !== undefined) continue;
          const copiedInto = target.table === undefined ? undefined : columnCopies.into(target.table, column, ctx);
          if (copiedInto !== undefined && !dropped.has(copiedInto)) continue;
          // An ALTER TABLE subcommand carries no location: find "DROP [COLUMN] [IF EXISTS] name" as written.
          const table = displayName(target.name);
          const at = [["drop", "column", column], ["drop", "column", "if", "exists", column], ["drop", column], ["drop", "if", "exists", column]]
            .map((sequence) => ctx.locate(sequence))
            .find((range) => range !== undefined);
          // The whole subcommand, DROP to the comma: the origin's element end.
          context.report({ messageId: "dropColumn", data: { column, table, object: `column "${column}" of ${table}` }, at: ctx.origin(at?.start) });
        }
      },
      TruncateStmt(node, ctx) {
        for (const item of node.relations ?? []) {
          const relation = unwrap(item, "RangeVar");
          if (relation === undefined || isTemporary(relation.schemaname, relation.relname ?? "", ctx)) continue;
          const target = relationTarget(relation, ctx);
          if (target?.existing !== true) continue;
          context.report({ messageId: "truncate", data: { table: displayName(target.name) }, at: ctx.origin(relation.location) });
        }
      },
      DeleteStmt(node, ctx) {
        if (node.whereClause !== undefined) return;
        const relation = node.relation;
        if (relation === undefined || isTemporary(relation.schemaname, relation.relname ?? "", ctx)) return;
        const target = relationTarget(relation, ctx);
        if (target?.existing !== true) return;
        context.report({ messageId: "deleteAll", data: { table: displayName(target.name) }, at: ctx.origin() });
      },
    };
  },
});
