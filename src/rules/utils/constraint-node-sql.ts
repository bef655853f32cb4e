import type { Constraint as ConstraintNode, RangeVar } from "libpg-query";
import { stringList } from "../../parser/ast.js";
import type { Catalog } from "../../schema/catalog.js";
import { columnsReferenced } from "../../schema/expression.js";
import type { QualifiedName } from "../../schema/model.js";
import { chooseName } from "../../schema/naming.js";
import { expressionSql } from "./expression-sql.js";
import { columnListSql, quoteIdentifier } from "./sql.js";

/**
 * The name PostgreSQL gives a FOREIGN KEY, CHECK or NOT NULL constraint of an `ALTER TABLE ... ADD`:
 * the written one, else `{table}_{columns}_fkey`, `{table}_{column}_check` (when the expression uses
 * exactly one column, else `{table}_check`) or `{table}_{column}_not_null`, numbered while taken
 * (`ChooseConstraintName`; AddRelationNewConstraints in src/backend/catalog/heap.c). `column` is the
 * column of a column constraint (`ADD COLUMN c int REFERENCES p`); `chosen` holds the names already
 * chosen earlier in the same statement.
 */
export function addedConstraintName(
  catalog: Catalog,
  table: QualifiedName,
  node: ConstraintNode,
  column: string | undefined,
  chosen: ReadonlySet<string> = new Set(),
): string | undefined {
  if (node.conname !== undefined && node.conname !== "") return node.conname;
  let columns: string[];
  let label: string;
  switch (node.contype) {
    case "CONSTR_FOREIGN":
      columns = column === undefined ? stringList(node.fk_attrs) : [column];
      label = "fkey";
      break;
    case "CONSTR_CHECK": {
      const referenced = columnsReferenced(node.raw_expr);
      columns = referenced.length === 1 ? referenced : [];
      label = "check";
      break;
    }
    case "CONSTR_NOTNULL":
      columns = column === undefined ? stringList(node.keys) : [column];
      label = "not_null";
      break;
    default:
      return undefined;
  }
  const existing = catalog.tableByName(table);
  return chooseName(table.name, columns, label, (name) => chosen.has(name) || existing?.constraints.has(name) === true || catalog.relationExists({ schema: table.schema, name }));
}

const ACTIONS: Readonly<Record<string, string>> = { r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

function relationSql(relation: RangeVar | undefined): string | undefined {
  if (relation?.relname === undefined) return undefined;
  const name = quoteIdentifier(relation.relname);
  return relation.schemaname === undefined ? name : `${quoteIdentifier(relation.schemaname)}.${name}`;
}

/**
 * `FOREIGN KEY (a) REFERENCES p (id) [MATCH FULL] [ON DELETE ...] [ON UPDATE ...] [DEFERRABLE
 * [INITIALLY DEFERRED]]` for a parsed FOREIGN KEY constraint; `column` is the column of a column
 * constraint. NO ACTION, the default, is left out.
 */
export function foreignKeyNodeSql(node: ConstraintNode, column?: string): string | undefined {
  const referenced = relationSql(node.pktable);
  const columns = column === undefined ? stringList(node.fk_attrs) : [column];
  if (referenced === undefined || columns.length === 0) return undefined;
  const parts = [`FOREIGN KEY (${columnListSql(columns)}) REFERENCES ${referenced}`];
  const pkColumns = stringList(node.pk_attrs);
  if (pkColumns.length > 0) parts.push(`(${columnListSql(pkColumns)})`);
  if (node.fk_matchtype === "f") parts.push("MATCH FULL");
  const onDelete = ACTIONS[node.fk_del_action ?? "a"];
  if (onDelete !== undefined) {
    const setColumns = stringList(node.fk_del_set_cols);
    parts.push(`ON DELETE ${onDelete}${setColumns.length > 0 ? ` (${columnListSql(setColumns)})` : ""}`);
  }
  const onUpdate = ACTIONS[node.fk_upd_action ?? "a"];
  if (onUpdate !== undefined) parts.push(`ON UPDATE ${onUpdate}`);
  if (node.deferrable === true) parts.push(node.initdeferred === true ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE");
  return parts.join(" ");
}

/** `CHECK (expression) [NO INHERIT]` for a parsed CHECK constraint, when the expression can be rendered. */
export function checkNodeSql(node: ConstraintNode): string | undefined {
  const expression = expressionSql(node.raw_expr);
  if (expression === undefined) return undefined;
  return `CHECK (${expression})${node.is_no_inherit === true ? " NO INHERIT" : ""}`;
}
