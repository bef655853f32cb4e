import { expect } from "vitest";
import { expressionKey } from "../../src/schema/expression.js";
import { parseSql, type ParsedFile } from "../../src/parser/parse.js";
import type { Position } from "../../src/parser/source-text.js";
import { Catalog } from "../../src/schema/catalog.js";
import { foldStatement, newFoldStatistics, type FoldStatistics } from "../../src/schema/fold.js";
import type { Column, Constraint, Expression, Index, Origin, Table } from "../../src/schema/model.js";

export const keyOrUndefined = (e: Expression | undefined): string | undefined => (e === undefined ? undefined : expressionKey(e));


export interface Folded { readonly catalog: Catalog; readonly parsed: ParsedFile; readonly stats: FoldStatistics }

/** Parses `sql` (which must be valid) and folds every statement into `catalog`. */
export function foldSql(sql: string, catalog = new Catalog(), file = "schema.sql", migration = "001"): Folded {
  const parsed = parseSql(sql);
  expect(parsed.problems).toEqual([]);
  const stats = newFoldStatistics();
  for (const statement of parsed.statements) {
    foldStatement({ catalog, file, migration, source: parsed.source, statement }, stats);
  }
  return { catalog, parsed, stats };
}

export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} to exist`);
  return value;
}

export const tableOf = (catalog: Catalog, name: string, schema = "public"): Table =>
  defined(catalog.tables.get(`${schema}.${name}`), `table ${schema}.${name}`);
export const columnOf = (table: Table, name: string): Readonly<Column> => defined(table.columns.get(name), `column ${name}`);
export const constraintOf = (table: Table, name: string): Constraint => defined(table.constraints.get(name), `constraint ${name}`);
export const indexOf = (catalog: Catalog, name: string, schema = "public"): Index =>
  defined(catalog.indexes.get(`${schema}.${name}`), `index ${schema}.${name}`);

/** Statement index and line/column of an origin. */
export function where(folded: Folded, origin: Origin): { statementIndex: number } & Position {
  return { statementIndex: origin.statementIndex, ...folded.parsed.source.positionAtByte(origin.location) };
}

export function type(name: string, display = name, modifiers: (number | string)[] = [], arrayDimensions = 0): Column["type"] {
  return { name, modifiers, arrayDimensions, display };
}
