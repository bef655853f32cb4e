import { beforeAll, describe, expect, it } from "vitest";
import { initParser } from "../../src/parser/parse.js";
import { canonicalExpressionKey } from "../../src/schema/expression-canonical.js";
import { defined, foldSql, indexOf, tableOf } from "../helpers/fold.js";

beforeAll(() => initParser());

// Each pair below was checked on PostgreSQL 18 (PGlite): equal keys exactly when pg_get_indexdef
// prints the two indexes the same.
const SCHEMA = `CREATE SCHEMA app;
CREATE FUNCTION reverse_sort(t timestamptz) RETURNS bigint AS 'SELECT 1::bigint' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION hot_rank(s numeric, p timestamptz) RETURNS int AS 'SELECT 1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION g(s varchar) RETURNS int AS 'SELECT 1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION g(s text) RETURNS int AS 'SELECT 2' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION app.h(s text) RETURNS int AS 'SELECT 2' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION h(s text) RETURNS int AS 'SELECT 3' LANGUAGE sql IMMUTABLE;
CREATE TABLE t (v varchar(255), v2 varchar, c char(3), x text, n int, b bigint, ts timestamptz, tsn timestamp);`;

function keys(a: string, b: string): [string, string] {
  const { catalog } = foldSql(`${SCHEMA}\nCREATE INDEX i1 ON t ((${a}));\nCREATE INDEX i2 ON t ((${b}));`);
  const table = tableOf(catalog, "t");
  const key = (name: string): string => {
    const first = defined(indexOf(catalog, name).keys[0], "key");
    return first.kind === "expression" ? canonicalExpressionKey(first.expression, table, catalog) : `column ${first.column}`;
  };
  return [key("i1"), key("i2")];
}

describe("canonicalExpressionKey", () => {
  it.each([
    ["lower(v)", "lower(v::text)"],
    ["lower(v)", "lower((v)::text)"],
    ["lower(v)", "pg_catalog.lower(v::pg_catalog.text)"],
    ["lower(v2)", "lower(v2::varchar)"],
    ["lower(v::varchar(255))", "lower(v)"],
    ["lower(x)", "lower(x::text)"],
    ["abs(n)", "abs(n::int4)"],
    ["abs(n::integer)", "abs(n::pg_catalog.int4)"],
    ["v || x", "v::text || x"],
    ["v = x", "v::text = x"],
    ["reverse_sort(ts)", "public.reverse_sort(ts)"],
    ["hot_rank(n, ts)", "hot_rank(n::numeric, ts)"],
    ["hot_rank(b, tsn)", "hot_rank(b::numeric, tsn::timestamptz)"],
    ["upper(v::text || c)", "upper(v || c)"],
  ])("%s and %s are the same expression", (a, b) => {
    const [x, y] = keys(a, b);
    expect(x).toBe(y);
  });

  it.each([
    // A cast to varchar without a length changes the modifier of a varchar(255) column.
    ["lower(v::varchar)", "lower(v)"],
    // length(character) exists: without the cast it is another function.
    ["length(c)", "length(c::text)"],
    // g(varchar) and g(text) are two routines.
    ["g(v)", "g(v::text)"],
    // Not an implicit cast, and a cast PostgreSQL does not insert.
    ["abs(n::bigint)", "abs(n)"],
    ["hot_rank(n::smallint, ts)", "hot_rank(n, ts)"],
    ["lower(x::varchar)", "lower(x)"],
    // A function of another schema than the one the search path finds is another function.
    ["app.h(x)", "h(x)"],
  ])("%s and %s are different expressions", (a, b) => {
    const [x, y] = keys(a, b);
    expect(x).not.toBe(y);
  });
});
