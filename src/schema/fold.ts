import type { AlterEnumStmt, CreateSchemaStmt, Node, SelectStmt, VariableSetStmt } from "libpg-query";
import { stringList, tagOf, unwrap, type NodeTag } from "../parser/ast.js";
import type { ParsedStatement } from "../parser/parse.js";
import { keyOf, routineKey } from "./catalog.js";
import { normalizeType } from "./column-type.js";
import { expressionOf, originAt, type FoldContext } from "./fold-context.js";
import { foldCreateIndex } from "./fold-index.js";
import { recordIndexLoss, watchIndexLoss, type IndexLossWatch } from "./fold-index-loss.js";
import { foldAlterSequence, foldCreateSequence } from "./fold-sequence.js";
import { foldCreateView } from "./fold-view.js";
import { foldComment, foldDrop, foldRename, foldSetSchema } from "./fold-objects.js";
import { foldAlterTable, foldCreateTable, foldCreateTableAs } from "./fold-table.js";

export type { FoldContext } from "./fold-context.js";

/** Statement kinds that do not change the schema model (no need to count them as skipped). */
const NO_SCHEMA_EFFECT = new Set<NodeTag>([
  "TransactionStmt",
  "InsertStmt",
  "UpdateStmt",
  "DeleteStmt",
  "CopyStmt",
  "GrantStmt",
  "GrantRoleStmt",
  "AlterOwnerStmt",
  "AlterDefaultPrivilegesStmt",
  "VariableShowStmt",
  "DoStmt",
  "CallStmt",
  "ExplainStmt",
  "VacuumStmt",
  "TruncateStmt",
  "LockStmt",
  "CreateTrigStmt",
  "CreatePolicyStmt",
  "AlterPolicyStmt",
  "CreateRoleStmt",
  "AlterRoleStmt",
  "DropRoleStmt",
  "ReindexStmt",
  "ClusterStmt",
  "NotifyStmt",
  "RefreshMatViewStmt",
  "CreateStatsStmt",
  "RuleStmt",
  "AlterFunctionStmt",
]);

function typeNameParts(nodes: readonly Node[] | undefined): { schema: string | undefined; name: string } {
  const parts = stringList(nodes);
  return { schema: parts.length > 1 ? parts.at(-2) : undefined, name: parts.at(-1) ?? "" };
}

/** Reads `search_path` values: `SET search_path = a, "b"` or `set_config('search_path', 'a, b', ...)`. */
function parseSearchPath(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== '"$user"' && s !== "$user")
    .map((s) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s.toLowerCase()));
}

function foldSet(ctx: FoldContext, stmt: VariableSetStmt): void {
  if (stmt.name !== "search_path") return;
  if (stmt.kind === "VAR_SET_VALUE") {
    const values = (stmt.args ?? []).flatMap((a) => {
      const c = unwrap(a, "A_Const");
      return c?.sval?.sval === undefined ? [] : [c.sval.sval];
    });
    // Values arrive unquoted from the parser: each one is already an identifier.
    ctx.catalog.searchPath = values.filter((v) => v !== "$user");
  } else if (stmt.kind === "VAR_SET_DEFAULT" || stmt.kind === "VAR_RESET" || stmt.kind === "VAR_RESET_ALL") {
    ctx.catalog.searchPath = ["public"];
  }
}

/**
 * pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`, and `SELECT ... INTO t`, which
 * creates a table like `CREATE TABLE t AS SELECT ...` (https://www.postgresql.org/docs/current/sql-selectinto.html).
 */
function foldSelect(ctx: FoldContext, stmt: SelectStmt): void {
  if (stmt.intoClause !== undefined) {
    foldCreateTableAs(ctx, stmt.intoClause, { SelectStmt: stmt }, false);
    return;
  }
  for (const target of stmt.targetList ?? []) {
    const call = unwrap(unwrap(target, "ResTarget")?.val, "FuncCall");
    if (call === undefined || stringList(call.funcname).at(-1) !== "set_config") continue;
    const [name, value] = (call.args ?? []).map((a) => unwrap(a, "A_Const")?.sval?.sval);
    if (name === "search_path" && value !== undefined) ctx.catalog.searchPath = parseSearchPath(value);
  }
}

function foldCreateSchema(ctx: FoldContext, stmt: CreateSchemaStmt): void {
  const name = stmt.schemaname ?? "";
  if (!ctx.catalog.schemas.has(name)) ctx.catalog.schemas.set(name, originAt(ctx));
  // Elements of CREATE SCHEMA ... CREATE TABLE ... are created in that schema.
  const saved = ctx.catalog.searchPath;
  ctx.catalog.searchPath = [name, ...saved];
  for (const element of stmt.schemaElts ?? []) foldNode(ctx, element);
  ctx.catalog.searchPath = saved;
}

function foldAlterEnum(ctx: FoldContext, stmt: AlterEnumStmt): void {
  const { schema, name } = typeNameParts(stmt.typeName);
  const type = ctx.catalog.type(schema, name);
  if (type?.kind !== "enum") return;
  if (stmt.oldVal !== undefined && stmt.newVal !== undefined) {
    const i = type.values.indexOf(stmt.oldVal);
    if (i >= 0) type.values[i] = stmt.newVal;
    return;
  }
  const value = stmt.newVal;
  if (value === undefined || type.values.includes(value)) return;
  const neighbor = stmt.newValNeighbor === undefined ? -1 : type.values.indexOf(stmt.newValNeighbor);
  if (neighbor < 0) type.values.push(value);
  else type.values.splice(stmt.newValIsAfter === true ? neighbor + 1 : neighbor, 0, value);
}

/** Applies one (wrapped) node to the catalog; returns false when the statement kind is not modelled. */
function foldNode(ctx: FoldContext, node: Node): boolean {
  const { catalog } = ctx;
  const tag = tagOf(node);
  switch (tag) {
    case "CreateStmt":
      foldCreateTable(ctx, unwrap(node, "CreateStmt") ?? {});
      return true;
    case "CreateForeignTableStmt":
      foldCreateTable(ctx, unwrap(node, "CreateForeignTableStmt")?.base ?? {}, true);
      return true;
    case "AlterTableStmt":
      foldAlterTable(ctx, unwrap(node, "AlterTableStmt") ?? {});
      return true;
    case "IndexStmt":
      foldCreateIndex(ctx, unwrap(node, "IndexStmt") ?? {});
      return true;
    case "DropStmt":
      foldDrop(ctx, unwrap(node, "DropStmt") ?? {});
      return true;
    case "RenameStmt":
      foldRename(ctx, unwrap(node, "RenameStmt") ?? {});
      return true;
    case "AlterObjectSchemaStmt":
      foldSetSchema(ctx, unwrap(node, "AlterObjectSchemaStmt") ?? {});
      return true;
    case "CommentStmt":
      foldComment(ctx, unwrap(node, "CommentStmt") ?? {});
      return true;
    case "CreateSchemaStmt":
      foldCreateSchema(ctx, unwrap(node, "CreateSchemaStmt") ?? {});
      return true;
    case "VariableSetStmt":
      foldSet(ctx, unwrap(node, "VariableSetStmt") ?? {});
      return true;
    case "SelectStmt":
      foldSelect(ctx, unwrap(node, "SelectStmt") ?? {});
      return true;
    case "CreateTableAsStmt": {
      const stmt = unwrap(node, "CreateTableAsStmt") ?? {};
      if (stmt.objtype === "OBJECT_MATVIEW") {
        const rel = stmt.into?.rel;
        if (stmt.if_not_exists === true && rel !== undefined && catalog.relationExists(catalog.qualify(rel.schemaname, rel.relname ?? "", catalog.views))) return true;
        foldCreateView(ctx, rel, stmt.query, true);
      } else foldCreateTableAs(ctx, stmt.into, stmt.query, stmt.if_not_exists === true);
      return true;
    }
    case "ViewStmt": {
      const stmt = unwrap(node, "ViewStmt");
      foldCreateView(ctx, stmt?.view, stmt?.query, false);
      return true;
    }
    case "CreateEnumStmt": {
      const stmt = unwrap(node, "CreateEnumStmt") ?? {};
      const { schema, name } = typeNameParts(stmt.typeName);
      const type = { kind: "enum" as const, schema: schema ?? catalog.creationSchema(), name, values: stringList(stmt.vals), origin: originAt(ctx) };
      catalog.types.set(keyOf(type), type);
      return true;
    }
    case "AlterEnumStmt":
      foldAlterEnum(ctx, unwrap(node, "AlterEnumStmt") ?? {});
      return true;
    case "CreateDomainStmt": {
      const stmt = unwrap(node, "CreateDomainStmt") ?? {};
      const { schema, name } = typeNameParts(stmt.domainname);
      const constraints = (stmt.constraints ?? []).flatMap((c) => {
        const constraint = unwrap(c, "Constraint");
        return constraint === undefined ? [] : [constraint];
      });
      const type = {
        kind: "domain" as const,
        schema: schema ?? catalog.creationSchema(),
        name,
        baseType: normalizeType(stmt.typeName ?? {}, catalog),
        notNull: constraints.some((c) => c.contype === "CONSTR_NOTNULL"),
        checks: constraints.flatMap((c) => (c.contype === "CONSTR_CHECK" && c.raw_expr !== undefined ? [expressionOf(c.raw_expr)] : [])),
        origin: originAt(ctx),
      };
      catalog.types.set(keyOf(type), type);
      return true;
    }
    case "CompositeTypeStmt": {
      const rel = unwrap(node, "CompositeTypeStmt")?.typevar;
      const type = { kind: "composite" as const, schema: rel?.schemaname ?? catalog.creationSchema(), name: rel?.relname ?? "", origin: originAt(ctx) };
      catalog.types.set(keyOf(type), type);
      return true;
    }
    case "CreateRangeStmt": {
      const { schema, name } = typeNameParts(unwrap(node, "CreateRangeStmt")?.typeName);
      const type = { kind: "range" as const, schema: schema ?? catalog.creationSchema(), name, origin: originAt(ctx) };
      catalog.types.set(keyOf(type), type);
      return true;
    }
    case "CreateSeqStmt":
      foldCreateSequence(ctx, unwrap(node, "CreateSeqStmt") ?? {});
      return true;
    case "AlterSeqStmt":
      foldAlterSequence(ctx, unwrap(node, "AlterSeqStmt") ?? {});
      return true;
    case "CreateFunctionStmt": {
      const stmt = unwrap(node, "CreateFunctionStmt") ?? {};
      const { schema, name } = typeNameParts(stmt.funcname);
      // OUT and TABLE parameters are not part of the signature (https://www.postgresql.org/docs/current/sql-createfunction.html).
      const inputs = (stmt.parameters ?? [])
        .map((p) => unwrap(p, "FunctionParameter"))
        .filter((p) => p !== undefined && p.mode !== "FUNC_PARAM_OUT" && p.mode !== "FUNC_PARAM_TABLE")
        .map((p) => (p?.argType === undefined ? "" : normalizeType(p.argType, catalog).display));
      const routine = {
        schema: schema ?? catalog.creationSchema(),
        name,
        kind: stmt.is_procedure === true ? ("procedure" as const) : ("function" as const),
        arguments: inputs.join(", "),
        origin: originAt(ctx),
      };
      catalog.routines.set(routineKey(routine), routine);
      return true;
    }
    case "CreateExtensionStmt":
      catalog.extensions.add(unwrap(node, "CreateExtensionStmt")?.extname ?? "");
      return true;
    default:
      return NO_SCHEMA_EFFECT.has(tag);
  }
}

export interface FoldStatistics {
  applied: number;
  /** Statement kinds the model does not understand, with counts (shown by `--debug`). */
  readonly skipped: Map<string, number>;
}

export function newFoldStatistics(): FoldStatistics {
  return { applied: 0, skipped: new Map() };
}

/** Applies one statement to `ctx.catalog`. Never throws: a statement the fold cannot apply is counted as skipped. */
export function foldStatement(ctx: FoldContext, stats?: FoldStatistics): void {
  const statement: ParsedStatement = ctx.statement;
  let modelled: boolean;
  let watch: IndexLossWatch | undefined;
  try {
    watch = watchIndexLoss(ctx);
    modelled = foldNode(ctx, statement.node);
  } catch {
    modelled = false;
  }
  ctx.catalog.version++;
  // After the version changes: the index lookups must see what the statement dropped.
  if (modelled && watch !== undefined && recordIndexLoss(ctx, watch)) ctx.catalog.version++;
  if (stats === undefined) return;
  if (modelled) stats.applied++;
  else stats.skipped.set(statement.tag, (stats.skipped.get(statement.tag) ?? 0) + 1);
}
