import { beforeAll, describe, expect, it } from "vitest";
import { initParser, parseSql } from "../../src/parser/parse.js";
import { catalogDdl } from "../../src/verify/catalog-ddl.js";
import { describeDifference, snapshotDifferences, type CatalogObject, type CatalogSnapshot } from "../../src/verify/snapshot.js";

function object(kind: string, schema: string, name: string, parent: string, detail: string): [string, CatalogObject] {
  const display = parent === "" ? `"${name}"` : `"${name}" of "${parent}"`;
  return [`${kind}\u0000${schema}\u0000${parent}\u0000${name}`, { kind, schema, name, parent, display, detail }];
}

const snapshot = (...objects: [string, CatalogObject][]): CatalogSnapshot => new Map(objects);

describe("catalog snapshots", () => {
  beforeAll(initParser);

  it("names what is missing, what is still there and what changed, with both definitions when they are short", () => {
    const before = snapshot(object("column", "public", "b", "t", "integer"), object("table", "public", "gone", "", ""));
    const after = snapshot(object("column", "public", "b", "t", "integer DEFAULT 1"), object("index", "public", "t_b_idx", "", "CREATE INDEX t_b_idx ON public.t USING btree (b)"));
    expect(snapshotDifferences(before, after).map(describeDifference)).toEqual([
      'column "b" of "t" is integer DEFAULT 1 instead of integer',
      'index "t_b_idx" is still there',
      'table "gone" is missing',
    ]);
  });

  it("says a routine has a different body when only the body changed", () => {
    const f = (detail: string): [string, CatalogObject] => object("function", "public", "f(integer)", "", detail);
    const [difference] = snapshotDifferences(snapshot(f("RETURNS integer LANGUAGE sql BODY 0a10ac8775c9")), snapshot(f("RETURNS integer LANGUAGE sql BODY c38f984812d6")));
    expect(difference === undefined ? "" : describeDifference(difference)).toBe('function "f(integer)" has a different body');
  });

  it("quotes long definitions only around their first difference", () => {
    const long = (column: string): string => `AS SELECT p.id, p.name, p.${column}, p.created_at, p.updated_at, p.deleted, p.removed FROM post p`;
    const [difference] = snapshotDifferences(snapshot(object("view", "public", "v", "", long("url"))), snapshot(object("view", "public", "v", "", long("body"))));
    expect(difference === undefined ? "" : describeDifference(difference)).toBe(
      'view "v" has a different definition: "…SELECT p.id, p.name, p.body, p.created_at, p.up…" instead of "…SELECT p.id, p.name, p.url, p.created_at, p.upd…"',
    );
  });

  it("ignores timestamps folded from 'now' while the replay ran, but not other literals", () => {
    const now = Date.parse("2026-11-22T10:05:37Z");
    const view = (at: string): [string, CatalogObject] => object("view", "public", "v", "", `AS SELECT id FROM post WHERE published < ('${at}'::timestamp without time zone - '1 day'::interval)`);
    expect(snapshotDifferences(snapshot(view("2026-11-22 10:05:36.918")), snapshot(view("2026-11-22 10:05:38.004")), now)).toEqual([]);
    expect(snapshotDifferences(snapshot(view("2020-01-01 00:00:00")), snapshot(view("2021-01-01 00:00:00")), now)).toHaveLength(1);
  });

  it("rebuilds parseable DDL from a snapshot, comments and partitions included", () => {
    const ddl = catalogDdl(
      snapshot(
        object("schema", "app", "", "", ""),
        object("enum", "public", "mood", "", "('a', 'b')"),
        object("table", "app", "users", "", "COMMENT 'people''s'"),
        object("column", "app", "id", "users", "bigint NOT NULL GENERATED ALWAYS AS IDENTITY COMMENT 'key'"),
        object("column", "app", "m", "users", "mood DEFAULT 'a'::mood"),
        object("constraint", "app", "users_pkey", "users", "PRIMARY KEY (id)"),
        object("table", "public", "parts", "", "PARTITION BY RANGE (k)"),
        object("column", "public", "k", "parts", "integer"),
        object("table", "public", "parts_1", "", "PARTITION OF parts FOR VALUES FROM (0) TO (10)"),
        object("index", "public", "parts_k_idx", "", "CREATE INDEX parts_k_idx ON ONLY public.parts USING btree (k)"),
        object("view", "public", "v", "", "AS  SELECT id\n   FROM app.users; COMMENT 'a view'"),
      ),
    );
    expect(ddl).toContain(`CREATE TABLE "app"."users" ("id" bigint NOT NULL GENERATED ALWAYS AS IDENTITY, "m" mood DEFAULT 'a'::mood);`);
    expect(ddl).toContain(`COMMENT ON TABLE "app"."users" IS 'people''s';`);
    expect(ddl).toContain(`COMMENT ON COLUMN "app"."users"."id" IS 'key';`);
    expect(ddl.indexOf('"parts_1" PARTITION OF')).toBeGreaterThan(ddl.indexOf('"parts" ("k" integer) PARTITION BY RANGE (k)'));
    expect(ddl).toContain(`CREATE VIEW "public"."v" AS  SELECT id\n   FROM app.users;`);
    expect(parseSql(ddl).problems).toEqual([]);
  });
});
