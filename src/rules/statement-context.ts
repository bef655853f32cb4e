import { tokenSequenceRange, type ByteRange } from "../parser/extent.js";
import { unwrap, type NodeTag } from "../parser/ast.js";
import type { ParsedStatement } from "../parser/parse.js";
import type { SourceText } from "../parser/source-text.js";
import type { Catalog } from "../schema/catalog.js";
import type { Index, Origin, QualifiedName, Table } from "../schema/model.js";
import type { KeyedFile } from "./engine.js";
import type { MigrationSession } from "./migration-state.js";
import type { StatementContext } from "./rule.js";

/** Statements that only read or write rows, set session state or control the transaction. */
const DATA_STATEMENTS: ReadonlySet<NodeTag> = new Set([
  "InsertStmt",
  "UpdateStmt",
  "DeleteStmt",
  "MergeStmt",
  "CopyStmt",
  "TransactionStmt",
  "VariableSetStmt",
  "VariableShowStmt",
  "LockStmt",
  "NotifyStmt",
  "ListenStmt",
  "ExplainStmt",
  "VacuumStmt",
  "CheckPointStmt",
  "RefreshMatViewStmt",
]);

export function isSchemaStatement(statement: ParsedStatement): boolean {
  if (statement.tag === "SelectStmt") return unwrap(statement.node, "SelectStmt")?.intoClause !== undefined;
  return !DATA_STATEMENTS.has(statement.tag);
}

/**
 * What the statement hooks see of `statement`: the catalog before it, its migration and session, positions
 * inside it, and (through `part`, every top-level statement of its file or section) the statements after it.
 */
export function statementContext(
  catalog: Catalog,
  f: KeyedFile,
  statement: ParsedStatement,
  session: MigrationSession,
  source: SourceText,
  part: () => readonly ParsedStatement[],
): StatementContext {
  const { file, key } = f;
  return {
    catalog,
    statement,
    transaction: session.transaction,
    lockTimeout: session.lockTimeout,
    migration: { id: file.migration, file: file.path, layout: file.layout, role: file.role, oneQuery: file.transaction === "multi-statement" },
    origin(at?: number | ByteRange): Origin {
      const range = typeof at === "number" ? { start: at, end: undefined } : at;
      const inside = range !== undefined && range.start >= statement.start && range.start <= statement.end;
      return {
        file: key,
        migration: file.migration,
        statementIndex: statement.index,
        statementStart: statement.start,
        statementEnd: statement.end,
        location: inside ? range.start : statement.start,
        ...(inside && range.end !== undefined ? { end: range.end } : {}),
      };
    },
    locate(sequence: readonly string[], after?: string): ByteRange | undefined {
      return tokenSequenceRange(source, statement.start, statement.end, sequence, after);
    },
    isNew(object: Table | Index): boolean {
      return object.origin.migration === file.migration;
    },
    emptied(table: QualifiedName): boolean {
      return session.emptied(table, catalog, file.migration);
    },
    following(): readonly ParsedStatement[] {
      return part().filter((s) => s.start >= statement.end);
    },
  };
}
