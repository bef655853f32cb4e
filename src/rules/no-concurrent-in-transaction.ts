import { z } from "zod";
import { defineRule, type StatementContext } from "./rule.js";
import { concurrentStatement, ERROR_NAME, toolTransaction, transactionOptOut } from "./utils/concurrently.js";

/**
 * CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and ALTER TABLE ... DETACH
 * PARTITION ... CONCURRENTLY commit several transactions of their own (and wait for older transactions
 * in between), so PostgreSQL refuses them inside a transaction block: "... cannot run inside a
 * transaction block" (or "cannot be executed within a pipeline" for a batch). The migration fails at that
 * statement, and with a tool transaction everything before it is rolled back. The block is an explicit
 * BEGIN in the file, or the transaction (or multi-statement query) the migration tool runs the file in;
 * each tool has its own way out, named in the help. REFRESH MATERIALIZED VIEW CONCURRENTLY runs fine in a
 * transaction and is not reported.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 * https://www.postgresql.org/docs/current/sql-dropindex.html
 * https://www.postgresql.org/docs/current/sql-reindex.html
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
 */
export default defineRule({
  meta: {
    id: "no-concurrent-in-transaction",
    summary: "Do not run CREATE INDEX, DROP INDEX, REINDEX or DETACH PARTITION with CONCURRENTLY inside a transaction block: PostgreSQL rejects them there.",
    category: "migrations",
    defaultSeverity: "error",
    options: z.object({}),
    messages: {
      explicitTransaction: {
        message:
          'PostgreSQL refuses {{statement}} inside a transaction block ("{{error}} cannot run inside a transaction block"), and this one runs between BEGIN and COMMIT: the migration fails here.',
        help: "Move the statement out of the BEGIN ... COMMIT block, after the COMMIT or into a migration of its own: it commits several transactions of its own, so it cannot be part of a larger one.",
      },
      doBlock: {
        message:
          'PostgreSQL refuses {{statement}} in a function ("{{error}} cannot be executed from a function"), and this one runs in a DO block, which PostgreSQL runs as one: the migration fails here.',
        help: "Move the statement out of the DO block, as a statement of its own, outside any transaction block. To run it only when needed, decide in the migration tool or a script: a DO block cannot run it.",
      },
      toolTransaction: {
        message:
          'PostgreSQL refuses {{statement}} inside a transaction block ("{{error}} cannot run inside a transaction block"), and {{how}}: the migration fails here.',
        help: "Run the statement outside any transaction block. {{optOut}} A migration without a transaction is no longer atomic: keep statements that must succeed or fail together out of it.",
      },
    },
  },
  create(context) {
    const check = (ctx: StatementContext): void => {
      if (ctx.transaction === "none" && ctx.statement.inDoBlock !== true) return;
      const statement = concurrentStatement(ctx.statement.node);
      if (statement === undefined) return;
      const data = { statement, error: ERROR_NAME[statement] };
      if (ctx.statement.inDoBlock === true) {
        context.report({ messageId: "doBlock", data, at: ctx.origin() });
        return;
      }
      if (ctx.transaction === "explicit") {
        context.report({ messageId: "explicitTransaction", data, at: ctx.origin() });
        return;
      }
      const { layout, oneQuery } = ctx.migration;
      const how = toolTransaction(layout, oneQuery);
      context.report({ messageId: "toolTransaction", data: { ...data, how, optOut: transactionOptOut(layout, oneQuery) }, at: ctx.origin() });
    };
    return {
      IndexStmt(_node, ctx) {
        check(ctx);
      },
      DropStmt(_node, ctx) {
        check(ctx);
      },
      ReindexStmt(_node, ctx) {
        check(ctx);
      },
      AlterTableStmt(_node, ctx) {
        check(ctx);
      },
    };
  },
});
