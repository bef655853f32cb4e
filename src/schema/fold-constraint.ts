import type { Constraint as ConstraintNode } from "libpg-query";
import { elementHasWords } from "../parser/extent.js";
import { stringList, unwrap, type Node } from "../parser/ast.js";
import { columnsReferenced } from "./expression.js";
import { expressionOf, originAt, type FoldContext } from "./fold-context.js";
import type { Constraint, ConstraintKind, ForeignKeyAction, Table } from "./model.js";
import { chooseName } from "./naming.js";

const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

const KINDS: Readonly<Partial<Record<string, { kind: ConstraintKind; label: string }>>> = {
  CONSTR_PRIMARY: { kind: "primary key", label: "pkey" },
  CONSTR_UNIQUE: { kind: "unique", label: "key" },
  CONSTR_FOREIGN: { kind: "foreign key", label: "fkey" },
  CONSTR_CHECK: { kind: "check", label: "check" },
  CONSTR_EXCLUSION: { kind: "exclusion", label: "excl" },
};

/** The column of one `EXCLUDE (col WITH op, ...)` element: an IndexElem with a name, or its expression's first column. */
function exclusionColumn(element: Node): string[] {
  const elem = unwrap(unwrap(element, "List")?.items?.[0], "IndexElem");
  if (elem?.name !== undefined) return [elem.name];
  return columnsReferenced(elem?.expr).slice(0, 1);
}

function constraintTaken(ctx: FoldContext, table: Table): (name: string) => boolean {
  return (name) =>
    table.constraints.has(name) || ctx.catalog.relationExists({ schema: table.schema, name });
}

/**
 * Builds the catalog entry of a PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or EXCLUDE constraint.
 * `column` is set for a column constraint (its columns are then that column).
 * Returns undefined for the other constraint kinds (NOT NULL, DEFAULT, ...), which change the column.
 */
export function constraintOf(
  ctx: FoldContext,
  table: Table,
  node: ConstraintNode,
  column?: string,
): Constraint | undefined {
  const info = KINDS[node.contype ?? ""];
  if (info === undefined) return undefined;
  const origin = originAt(ctx, node.location);
  let columns: string[];
  if (column !== undefined) columns = [column];
  else if (info.kind === "foreign key") columns = stringList(node.fk_attrs);
  else if (info.kind === "exclusion") columns = (node.exclusions ?? []).flatMap(exclusionColumn);
  else columns = stringList(node.keys);
  // A CHECK constrains the columns its expression references, column constraint or not.
  const referenced = info.kind === "check" ? columnsReferenced(node.raw_expr) : [];
  if (info.kind === "check") columns = referenced.length > 0 ? referenced : columns.slice(0, 1);

  const explicitName = node.conname !== undefined && node.conname !== "";
  // PostgreSQL names a CHECK after its column only when the expression references exactly one
  // (AddRelationNewConstraints in src/backend/catalog/heap.c); otherwise {table}_check.
  const nameColumns = info.kind === "primary key" ? [] : info.kind === "check" ? (referenced.length === 1 ? referenced : []) : columns;
  const name = explicitName ? (node.conname ?? "") : chooseName(table.name, nameColumns, info.label, constraintTaken(ctx, table));

  let references: Constraint["references"];
  if (info.kind === "foreign key") {
    // NO ACTION is both the default and a spelled-out choice; only the source tells them apart.
    const written = (action: string | undefined, words: readonly string[]): boolean =>
      (action !== undefined && action !== "a") || elementHasWords(ctx.source, origin.location, ctx.statement.end, words);
    references = {
      table: ctx.catalog.qualify(node.pktable?.schemaname, node.pktable?.relname ?? ""),
      columns: stringList(node.pk_attrs),
      onDelete: ACTIONS[node.fk_del_action ?? "a"] ?? "no action",
      onUpdate: ACTIONS[node.fk_upd_action ?? "a"] ?? "no action",
      onDeleteExplicit: written(node.fk_del_action, ["ON", "DELETE"]),
      onUpdateExplicit: written(node.fk_upd_action, ["ON", "UPDATE"]),
      match: node.fk_matchtype === "f" ? "full" : node.fk_matchtype === "p" ? "partial" : "simple",
    };
    const onDeleteColumns = stringList(node.fk_del_set_cols);
    if (onDeleteColumns.length > 0) references = { ...references, onDeleteColumns };
  }
  const constraint: Constraint = {
    name,
    kind: info.kind,
    columns,
    include: stringList(node.including),
    notValid: node.skip_validation === true,
    deferrable: node.deferrable === true,
    explicitName,
    origin,
    changed: origin,
    ...(references === undefined ? {} : { references }),
    ...(node.raw_expr === undefined ? {} : { expression: expressionOf(node.raw_expr) }),
    ...(node.indexname === undefined ? {} : { usingIndex: node.indexname }),
  };
  return constraint;
}
