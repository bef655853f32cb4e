import type { Constraint as ConstraintNode, DefElem, IndexStmt, RangeVar, ReindexStmt } from "libpg-query";
import { stringList, unwrap, type Node } from "../../parser/ast.js";
import type { QualifiedName } from "../../schema/model.js";
import { optionEnabled } from "./concurrently.js";
import { expressionSql, list, stringLiteral } from "./expression-sql.js";
import { columnListSql, qualifiedSql, quoteIdentifier } from "./sql.js";

/**
 * SQL text of index statements rebuilt from the parse tree (rules see the AST, not the source), for the
 * suggestions of the locking rules: the same statement with CONCURRENTLY, or the two steps that replace
 * ADD CONSTRAINT ... UNIQUE. Undefined when a part cannot be rendered (the caller leaves the
 * suggestion out). https://www.postgresql.org/docs/current/sql-createindex.html
 */

/** A name as written, schema-qualified when it was: `orders`, `app.orders`. */
export function writtenNameSql(schema: string | undefined, name: string): string {
  return schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

function relationSql(relation: RangeVar): string {
  return writtenNameSql(relation.schemaname, relation.relname ?? "");
}

function dottedNames(nodes: readonly Node[] | undefined): string {
  return stringList(nodes).map(quoteIdentifier).join(".");
}

/** The value of a storage parameter or option: `70`, `1.5`, `off`, `'x y'`. */
function optionValueSql(arg: Node | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const integer = unwrap(arg, "Integer");
  if (integer !== undefined) return String(integer.ival ?? 0);
  const float = unwrap(arg, "Float")?.fval;
  if (float !== undefined) return float;
  const boolean = unwrap(arg, "Boolean");
  if (boolean !== undefined) return boolean.boolval === true ? "true" : "false";
  const text = unwrap(arg, "String")?.sval ?? stringList(unwrap(arg, "TypeName")?.names).join(".");
  if (text === "") return undefined;
  return /^[a-z_][a-z0-9_]*$/u.test(text) ? text : stringLiteral(text);
}

/** `(fillfactor = 70, deduplicate_items = off)`; undefined when a value cannot be rendered. */
export function optionListSql(options: readonly Node[] | undefined): string | undefined {
  const parts: string[] = [];
  for (const item of options ?? []) {
    const option: DefElem | undefined = unwrap(item, "DefElem");
    if (option?.defname === undefined) return undefined;
    const name = `${option.defnamespace === undefined ? "" : `${option.defnamespace}.`}${option.defname}`;
    if (option.arg === undefined) {
      parts.push(name);
      continue;
    }
    const value = optionValueSql(option.arg);
    if (value === undefined) return undefined;
    parts.push(`${name} = ${value}`);
  }
  return `(${parts.join(", ")})`;
}

/** One key of an index: `a`, `(lower(b)) text_pattern_ops`, `c COLLATE "C" DESC NULLS LAST`. */
function indexElementSql(node: Node): string | undefined {
  const elem = unwrap(node, "IndexElem");
  if (elem === undefined) return undefined;
  let sql: string;
  if (elem.name !== undefined) sql = quoteIdentifier(elem.name);
  else {
    const expression = expressionSql(elem.expr);
    if (expression === undefined) return undefined;
    sql = `(${expression})`;
  }
  if (elem.collation !== undefined) sql += ` COLLATE ${dottedNames(elem.collation)}`;
  if (elem.opclass !== undefined) {
    sql += ` ${dottedNames(elem.opclass)}`;
    if (elem.opclassopts !== undefined) {
      const options = optionListSql(elem.opclassopts);
      if (options === undefined) return undefined;
      sql += options;
    }
  }
  if (elem.ordering === "SORTBY_ASC") sql += " ASC";
  else if (elem.ordering === "SORTBY_DESC") sql += " DESC";
  if (elem.nulls_ordering === "SORTBY_NULLS_FIRST") sql += " NULLS FIRST";
  else if (elem.nulls_ordering === "SORTBY_NULLS_LAST") sql += " NULLS LAST";
  return sql;
}

function elementListSql(nodes: readonly Node[] | undefined): string | undefined {
  return list(nodes, indexElementSql);
}

export interface CreateIndexChanges {
  readonly concurrently?: boolean;
  /** `ON ONLY` (the partitioned table alone). */
  readonly only?: boolean;
  /** Another index name (PostgreSQL chooses one when undefined and the statement had none). */
  readonly name?: string;
  /** Another table, qualified as `qualifiedSql` writes it. */
  readonly table?: QualifiedName;
}

/** The CREATE INDEX statement, changed as asked: the same definition, name and table by default. */
export function createIndexSql(node: IndexStmt, changes: CreateIndexChanges = {}): string | undefined {
  const relation = node.relation;
  if (relation?.relname === undefined) return undefined;
  const keys = elementListSql(node.indexParams);
  const include = elementListSql(node.indexIncludingParams);
  if (keys === undefined || include === undefined) return undefined;
  const name = changes.name ?? node.idxname;
  const parts = [`CREATE ${node.unique === true ? "UNIQUE " : ""}INDEX`];
  if (changes.concurrently === true) parts.push("CONCURRENTLY");
  if (node.if_not_exists === true) parts.push("IF NOT EXISTS");
  if (name !== undefined && name !== "") parts.push(quoteIdentifier(name));
  const only = changes.only ?? relation.inh !== true;
  parts.push(`ON ${only ? "ONLY " : ""}${changes.table === undefined ? relationSql(relation) : qualifiedSql(changes.table)}`);
  if (node.accessMethod !== undefined && node.accessMethod !== "btree") parts.push(`USING ${quoteIdentifier(node.accessMethod)}`);
  parts.push(`(${keys})`);
  if (include !== "") parts.push(`INCLUDE (${include})`);
  if (node.nulls_not_distinct === true) parts.push("NULLS NOT DISTINCT");
  if (node.options !== undefined) {
    const options = optionListSql(node.options);
    if (options === undefined) return undefined;
    parts.push(`WITH ${options}`);
  }
  if (node.tableSpace !== undefined) parts.push(`TABLESPACE ${quoteIdentifier(node.tableSpace)}`);
  if (node.whereClause !== undefined) {
    const predicate = expressionSql(node.whereClause);
    if (predicate === undefined) return undefined;
    parts.push(`WHERE ${predicate}`);
  }
  return `${parts.join(" ")};`;
}

/** `DROP INDEX CONCURRENTLY [IF EXISTS] name;`: one index per statement, no CASCADE (PostgreSQL's limits). */
export function dropIndexConcurrentlySql(schema: string | undefined, name: string, missingOk: boolean): string {
  return `DROP INDEX CONCURRENTLY ${missingOk ? "IF EXISTS " : ""}${writtenNameSql(schema, name)};`;
}

/** `REINDEX [(options)] INDEX|TABLE CONCURRENTLY name;` keeping the other options (VERBOSE, TABLESPACE). */
export function reindexConcurrentlySql(node: ReindexStmt): string | undefined {
  const relation = node.relation;
  if (relation?.relname === undefined) return undefined;
  const kind = node.kind === "REINDEX_OBJECT_INDEX" ? "INDEX" : node.kind === "REINDEX_OBJECT_TABLE" ? "TABLE" : undefined;
  if (kind === undefined) return undefined;
  const options: string[] = [];
  for (const item of node.params ?? []) {
    const option = unwrap(item, "DefElem");
    if (option?.defname === undefined || option.defname === "concurrently") continue;
    if (option.defname === "tablespace") {
      const tablespace = unwrap(option.arg, "String")?.sval;
      if (tablespace === undefined) return undefined;
      options.push(`TABLESPACE ${quoteIdentifier(tablespace)}`);
    } else if (optionEnabled(option)) options.push(option.defname.toUpperCase());
  }
  const prefix = options.length === 0 ? "" : ` (${options.join(", ")})`;
  return `REINDEX${prefix} ${kind} CONCURRENTLY ${relationSql(relation)};`;
}

/** The parts of a UNIQUE or PRIMARY KEY constraint the safe two-step form needs. */
export interface UniqueConstraint {
  readonly table: QualifiedName;
  /** The constraint name: written, or the one PostgreSQL would choose. */
  readonly name: string;
  readonly primaryKey: boolean;
  readonly columns: readonly string[];
  readonly node: ConstraintNode;
}

/**
 * CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX, which turns the index into the
 * constraint (renamed to the constraint's name) with only a brief ACCESS EXCLUSIVE lock.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX
 */
export function uniqueConstraintStepsSql(c: UniqueConstraint): string | undefined {
  const index = [`CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(c.name)} ON ${qualifiedSql(c.table)} (${columnListSql(c.columns)})`];
  const include = stringList(c.node.including);
  if (include.length > 0) index.push(`INCLUDE (${columnListSql(include)})`);
  if (c.node.nulls_not_distinct === true) index.push("NULLS NOT DISTINCT");
  if (c.node.options !== undefined) {
    const options = optionListSql(c.node.options);
    if (options === undefined) return undefined;
    index.push(`WITH ${options}`);
  }
  if (c.node.indexspace !== undefined) index.push(`TABLESPACE ${quoteIdentifier(c.node.indexspace)}`);
  const kind = c.primaryKey ? "PRIMARY KEY" : "UNIQUE";
  const deferrable = c.node.deferrable === true ? (c.node.initdeferred === true ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE") : "";
  const constraint = `ALTER TABLE ${qualifiedSql(c.table)} ADD CONSTRAINT ${quoteIdentifier(c.name)} ${kind} USING INDEX ${quoteIdentifier(c.name)}${deferrable};`;
  return `${index.join(" ")};\n${constraint}`;
}
