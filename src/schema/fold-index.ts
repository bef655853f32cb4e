import type { IndexStmt } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import { indexExpressionName } from "./expression.js";
import { expressionOf, originAt, type FoldContext } from "./fold-context.js";
import type { Index, IndexKey } from "./model.js";
import { chooseName } from "./naming.js";

function keyOfElement(element: Parameters<typeof unwrap>[0]): IndexKey | undefined {
  const elem = unwrap(element, "IndexElem");
  if (elem === undefined) return undefined;
  const descending = elem.ordering === "SORTBY_DESC";
  // The operator class decides which operators the index serves (`text_pattern_ops`: LIKE 'x%'),
  // for a column as for an expression.
  const opclass = stringList(elem.opclass).at(-1);
  const withOpclass = <K extends IndexKey>(key: K): K => (opclass === undefined ? key : { ...key, opclass });
  if (elem.name !== undefined) return withOpclass({ kind: "column", column: elem.name, descending });
  if (elem.expr !== undefined) {
    // `(col)` in parentheses is still a plain column.
    const ref = unwrap(elem.expr, "ColumnRef");
    const column = ref === undefined ? undefined : stringList(ref.fields);
    if (column?.length === 1 && column[0] !== undefined) return withOpclass({ kind: "column", column: column[0], descending });
    return withOpclass({ kind: "expression", expression: expressionOf(elem.expr), descending });
  }
  return undefined;
}

/** `CREATE INDEX`: PostgreSQL names an unnamed index `{table}_{columns}_idx` (`expr` for expressions). */
export function foldCreateIndex(ctx: FoldContext, stmt: IndexStmt): void {
  const { catalog } = ctx;
  const relation = stmt.relation;
  const table = catalog.table(relation?.schemaname, relation?.relname ?? "");
  const tableName = table === undefined
    ? catalog.qualify(relation?.schemaname, relation?.relname ?? "")
    : { schema: table.schema, name: table.name };
  const keys = (stmt.indexParams ?? []).flatMap((e) => {
    const k = keyOfElement(e);
    return k === undefined ? [] : [k];
  });
  const explicitName = stmt.idxname !== undefined && stmt.idxname !== "";
  const schema = tableName.schema;
  if (explicitName && stmt.if_not_exists === true && catalog.relationExists({ schema, name: stmt.idxname ?? "" })) return;
  const name = explicitName
    ? (stmt.idxname ?? "")
    : chooseName(
        tableName.name,
        keys.map((k) => (k.kind === "column" ? k.column : indexExpressionName(k.expression.node))),
        "idx",
        (n) => catalog.relationExists({ schema, name: n }),
      );
  const origin = originAt(ctx);
  const include = (stmt.indexIncludingParams ?? []).flatMap((e) => {
    const n = unwrap(e, "IndexElem")?.name;
    return n === undefined ? [] : [n];
  });
  const index: Index = {
    schema,
    name,
    table: tableName,
    unique: stmt.unique === true,
    method: stmt.accessMethod ?? "btree",
    keys,
    include,
    explicitName,
    origin,
    changed: origin,
    ...(stmt.whereClause === undefined ? {} : { predicate: expressionOf(stmt.whereClause) }),
  };
  catalog.setIndex(index);
}
