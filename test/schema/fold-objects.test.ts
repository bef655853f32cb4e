import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { initParser } from "../../src/parser/parse.js";
import { Catalog, keyOf } from "../../src/schema/catalog.js";
import { FUZZ } from "../fuzz/settings.js";
import { migrationText } from "../helpers/arbitraries.js";
import { columnOf, constraintOf, defined, foldSql, indexOf, tableOf, type, where } from "../helpers/fold.js";

beforeAll(() => initParser());

describe("indexes", () => {
  it("records named and unnamed indexes with PostgreSQL's default names", () => {
    const { catalog } = foldSql(`CREATE TABLE t (a int, b int, c text);
CREATE INDEX ON t (a);
CREATE INDEX ON t (a DESC);
CREATE INDEX ON t ((a + b));
CREATE INDEX named ON t USING gin (c);
CREATE UNIQUE INDEX ON t (a, b) INCLUDE (c) WHERE a > 0;`);
    expect([...catalog.indexes.keys()]).toEqual([
      "public.t_a_idx", "public.t_a_idx1", "public.t_expr_idx", "public.named", "public.t_a_b_idx",
    ]);
    expect(indexOf(catalog, "t_a_idx1").keys).toEqual([{ kind: "column", column: "a", descending: true }]);
    expect(indexOf(catalog, "t_expr_idx").keys.map((k) => k.kind)).toEqual(["expression"]);
    expect(indexOf(catalog, "named")).toMatchObject({ method: "gin", unique: false, explicitName: true, include: [] });
    const partial = indexOf(catalog, "t_a_b_idx");
    expect(partial).toMatchObject({ method: "btree", unique: true, explicitName: false, include: ["c"] });
    expect(partial.keys.map((k) => (k.kind === "column" ? k.column : "expr"))).toEqual(["a", "b"]);
    expect(partial.predicate).toBeDefined();
    expect(indexOf(catalog, "t_a_idx").predicate).toBeUndefined();
  });

  it("names an unnamed function index after the function, as PostgreSQL does", () => {
    const { catalog } = foldSql("CREATE TABLE t (c text);\nCREATE INDEX ON t (lower(c));");
    expect([...catalog.indexes.keys()]).toEqual(["public.t_lower_idx"]);
  });

  it("drops indexes with DROP INDEX and with their table", () => {
    const { catalog } = foldSql(`CREATE TABLE t (a int, b int); CREATE TABLE u (a int); CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b); CREATE INDEX u_a ON u (a); DROP INDEX t_a; DROP TABLE u;`);
    expect([...catalog.tables.keys()]).toEqual(["public.t"]);
    expect([...catalog.indexes.keys()]).toEqual(["public.t_b"]);
  });
});

describe("search_path", () => {
  it("creates unqualified objects in the first existing schema of the path", () => {
    const { catalog } = foldSql(`SET search_path = app, public;
CREATE TABLE before_schema (a int);
CREATE SCHEMA app;
CREATE TABLE t (a int);
CREATE INDEX ON t (a);
SET search_path TO DEFAULT;
CREATE TABLE u (a int);`);
    expect([...catalog.tables.keys()]).toEqual(["public.before_schema", "app.t", "public.u"]);
    expect(indexOf(catalog, "t_a_idx", "app").table).toEqual({ schema: "app", name: "t" });
    expect(catalog.searchPath).toEqual(["public"]);
  });

  it("counts the only schema of the path as existing, and never creates in pg_catalog", () => {
    const { catalog } = foldSql(`SET search_path = app;
CREATE TABLE accounts (id bigint);
SET search_path = app, pg_catalog;
CREATE TABLE sessions (id bigint);
ALTER TABLE accounts ADD COLUMN name text;
SET search_path = pg_catalog, public;
CREATE TABLE u (a int);
SET search_path = pg_catalog;
CREATE TABLE v (a int);`);
    expect([...catalog.tables.keys()]).toEqual(["app.accounts", "app.sessions", "public.u", "public.v"]);
    expect([...tableOf(catalog, "accounts", "app").columns.keys()]).toEqual(["id", "name"]);
    expect(catalog.qualify(undefined, "missing")).toEqual({ schema: "public", name: "missing" });
  });

  it("follows pg_dump's set_config('search_path', '', false) and schema-qualified statements", () => {
    const { catalog } = foldSql(`SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('a');
CREATE TABLE app.t (id integer NOT NULL, m app.mood);
ALTER TABLE ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
CREATE INDEX t_m_idx ON app.t USING btree (m);`);
    expect(catalog.searchPath).toEqual([]);
    const t = tableOf(catalog, "t", "app");
    expect([...t.constraints.keys()]).toEqual(["t_pkey"]);
    expect(columnOf(t, "m").type).toEqual(type("app.mood"));
    expect(indexOf(catalog, "t_m_idx", "app").table).toEqual({ schema: "app", name: "t" });
  });
});

describe("types, views and comments", () => {
  it("models enums with ADD VALUE BEFORE/AFTER and RENAME VALUE, and qualifies enum columns", () => {
    const { catalog } = foldSql(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE 'great' AFTER 'happy';
ALTER TYPE mood ADD VALUE 'last';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';
CREATE TABLE t (m mood, ms mood[]);`);
    expect(catalog.types.get("public.mood")).toMatchObject({
      kind: "enum", schema: "public", name: "mood", values: ["unhappy", "meh", "ok", "happy", "great", "last"],
    });
    const t = tableOf(catalog, "t");
    expect(columnOf(t, "m").type).toEqual(type("public.mood"));
    expect(columnOf(t, "ms").type).toEqual(type("public.mood", "public.mood[]", [], 1));
  });

  it("models domains", () => {
    const { catalog } = foldSql("CREATE DOMAIN posint AS integer NOT NULL CHECK (VALUE > 0);\nCREATE TABLE t (v posint);");
    expect(catalog.types.get("public.posint")).toMatchObject({ kind: "domain", baseType: type("integer"), notNull: true });
    expect(columnOf(tableOf(catalog, "t"), "v").type).toEqual(type("public.posint"));
  });

  it("models views, materialized views and CREATE TABLE AS", () => {
    const { catalog } = foldSql(`CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t; CREATE TABLE copy AS SELECT * FROM t; COMMENT ON VIEW v IS 'a view';`);
    expect([...catalog.views.values()].map((v) => [v.schema, v.name, v.materialized, v.comment])).toEqual([
      ["public", "v", false, "a view"],
      ["public", "mv", true, undefined],
    ]);
    const copy = tableOf(catalog, "copy");
    expect([copy.columnsKnown, [...copy.columns.keys()]]).toEqual([true, ["a"]]);
    expect(tableOf(catalog, "t").columnsKnown).toBe(true);
  });

  it("derives the columns of CREATE TABLE AS and SELECT INTO from column references, aliases, * and casts", () => {
    const { catalog } = foldSql(`CREATE TABLE p (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note varchar(20));
CREATE TABLE c (id int, p_id bigint, note text);
CREATE TABLE star AS SELECT * FROM p;
CREATE TABLE joined (key, p_at) AS SELECT c.id, p.at, c.note, x.note::text AS p_note, '1'::int FROM c JOIN p AS x ON x.id = c.p_id, p WHERE p.id > 0;
SELECT id AS reply_id, at INTO inbox FROM p;
SELECT x.* INTO TEMP scratch FROM p AS x;`);
    const columns = (name: string) => [...tableOf(catalog, name).columns.values()].map((c) => [c.name, c.type.display, c.notNull, c.default === undefined]);
    // A serial column's sequence default stays behind; NOT NULL and defaults are not copied.
    expect(columns("star")).toEqual([["id", "bigint", false, true], ["at", "timestamp with time zone", false, true], ["note", "character varying(20)", false, true]]);
    expect(tableOf(catalog, "star").columnsKnown).toBe(true);
    expect(columns("joined")).toEqual([["key", "integer", false, true], ["p_at", "timestamp with time zone", false, true], ["note", "text", false, true], ["p_note", "text", false, true], ["int4", "integer", false, true]]);
    expect(columns("inbox")).toEqual([["reply_id", "bigint", false, true], ["at", "timestamp with time zone", false, true]]);
    expect(catalog.tables.has("public.scratch")).toBe(false);
  });

  it("leaves the columns of CREATE TABLE AS unknown when the select list does not make them certain", () => {
    const { catalog } = foldSql(`CREATE TABLE t (a int, b int); CREATE TABLE u (a int);
CREATE TABLE expr AS SELECT a + 1 AS n FROM t;
CREATE TABLE ambiguous AS SELECT a FROM t, u;
CREATE TABLE unknown_source AS SELECT a FROM elsewhere;
CREATE TABLE using_join AS SELECT * FROM t JOIN u USING (a);
CREATE TABLE set_op AS SELECT a FROM t UNION SELECT a FROM u;
CREATE TABLE with_cte AS WITH t AS (SELECT 1 AS z) SELECT * FROM t;
CREATE TABLE duplicate AS SELECT t.a, u.a FROM t, u;
CREATE TABLE too_many_names (x, y, z) AS SELECT a, b FROM t;
CREATE TABLE renamed_alias AS SELECT * FROM t AS x (c, d);
CREATE TABLE subquery AS SELECT a FROM (SELECT a FROM t) s;`);
    for (const name of ["expr", "ambiguous", "unknown_source", "using_join", "set_op", "with_cte", "duplicate", "too_many_names", "renamed_alias", "subquery"]) {
      expect([name, tableOf(catalog, name).columnsKnown, tableOf(catalog, name).columns.size]).toEqual([name, false, 0]);
    }
  });

  it("records COMMENT ON TABLE and COLUMN", () => {
    const { catalog } = foldSql(`CREATE TABLE t (e text); COMMENT ON TABLE t IS 'the t';
COMMENT ON COLUMN public.t.e IS 'the e';`);
    const t = tableOf(catalog, "t");
    expect([t.comment, columnOf(t, "e").comment]).toEqual(["the t", "the e"]);
  });

  it("never throws on unknown statements and counts the unmodelled ones", () => {
    const { catalog, stats } = foldSql(`CREATE TABLE t (a int);
CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE PUBLICATION pub FOR ALL TABLES;
ALTER TABLE missing ADD COLUMN x int;
ALTER TYPE missing ADD VALUE 'x';
COMMENT ON COLUMN missing.x IS 'y';
ALTER TABLE missing RENAME TO other;
GRANT SELECT ON t TO PUBLIC;`);
    expect(stats.applied).toBe(7);
    expect([...stats.skipped]).toEqual([["CreatePublicationStmt", 1]]);
    expect([...catalog.tables.keys()]).toEqual(["public.t"]);
  });
});

describe("origins", () => {
  it("points objects at the file, migration, statement and most specific node", () => {
    const folded = foldSql(`-- é 😀 header
SELECT 1;
CREATE TABLE t (
  id bigint PRIMARY KEY,
  b int CONSTRAINT b_fk REFERENCES t (id)
);
CREATE INDEX t_b_idx ON t (b);
ALTER TABLE t ADD CONSTRAINT chk CHECK (b > 0);
CREATE TYPE mood AS ENUM ('a');`, new Catalog(), "migrations/001.sql", "001");
    const { catalog } = folded;
    const t = tableOf(catalog, "t");
    expect(t.origin).toMatchObject({ file: "migrations/001.sql", migration: "001", statementStart: 28, statementEnd: 113 });
    expect(where(folded, t.origin)).toEqual({ statementIndex: 1, line: 3, column: 14 });
    expect(where(folded, columnOf(t, "id").origin)).toEqual({ statementIndex: 1, line: 4, column: 3 });
    expect(where(folded, columnOf(t, "b").origin)).toEqual({ statementIndex: 1, line: 5, column: 3 });
    expect(where(folded, constraintOf(t, "t_pkey").origin)).toEqual({ statementIndex: 1, line: 4, column: 13 });
    expect(where(folded, constraintOf(t, "b_fk").origin)).toEqual({ statementIndex: 1, line: 5, column: 9 });
    expect(where(folded, constraintOf(t, "chk").origin)).toEqual({ statementIndex: 3, line: 8, column: 19 });
    expect(where(folded, indexOf(catalog, "t_b_idx").origin)).toEqual({ statementIndex: 2, line: 7, column: 1 });
    expect(where(folded, defined(catalog.types.get("public.mood"), "mood").origin)).toEqual({ statementIndex: 4, line: 9, column: 1 });
    expect(where(folded, t.changed)).toEqual({ statementIndex: 3, line: 8, column: 1 });
  });
});

describe("dropped relations", () => {
  it("remembers what a DROP removed, with a dropped table's indexes and a dropped schema's relations, across clone and data", () => {
    const { catalog } = foldSql(`CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a); CREATE VIEW v AS SELECT 1;
CREATE SCHEMA app; CREATE TABLE app.u (a int); CREATE TYPE mood AS ENUM ('a');
DROP TABLE t; DROP VIEW v; DROP SCHEMA app CASCADE; DROP TYPE mood; DROP TABLE IF EXISTS never_created;`);
    const names = ["t", "t_a_idx", "v", "never_created"].map((name) => ({ schema: "public", name }));
    const expected = [true, true, true, true, true, false];
    const check = (c: Catalog) => [...names, { schema: "app", name: "u" }, { schema: "public", name: "mood" }].map((n) => c.wasDropped(n));
    expect(check(catalog)).toEqual(expected);
    expect(check(catalog.clone())).toEqual(expected);
    expect(check(Catalog.fromData(structuredClone(catalog.data())))).toEqual(expected);
    // Created again, a name exists: it is not "dropped" any more.
    foldSql("CREATE TABLE t (a int);", catalog);
    expect(catalog.wasDropped({ schema: "public", name: "t" })).toBe(false);
  });
});

describe("Catalog.clone", () => {
  it("produces an independent copy", () => {
    const { catalog } = foldSql(`CREATE SCHEMA app; SET search_path = app; CREATE TYPE mood AS ENUM ('a');
CREATE TABLE t (id int PRIMARY KEY, m mood); CREATE INDEX ON t (m); CREATE EXTENSION pgcrypto;`);
    const copy = catalog.clone();
    expect([...copy.tables.keys()]).toEqual(["app.t"]);
    expect([...copy.indexes.keys()]).toEqual(["app.t_m_idx"]);
    expect(copy.searchPath).toEqual(["app"]);
    expect([...copy.extensions]).toEqual(["pgcrypto"]);

    // Tables are shared until one side changes one (copy on write).
    expect(tableOf(copy, "t", "app")).toBe(tableOf(catalog, "t", "app"));
    const copied = copy.writableTable(tableOf(copy, "t", "app"));
    expect(tableOf(copy, "t", "app")).toBe(copied);
    expect(tableOf(catalog, "t", "app")).not.toBe(copied);
    expect(copy.writableTable(copied)).toBe(copied);
    defined(copied.columns.get("id"), "id").notNull = false;
    copied.constraints.delete("t_pkey");
    const mood = defined(copy.types.get("app.mood"), "mood");
    if (mood.kind === "enum") mood.values.push("b");
    copy.searchPath.push("public");
    foldSql("DROP INDEX t_m_idx;\nCREATE TABLE extra (a int);", copy);

    const original = tableOf(catalog, "t", "app");
    expect(columnOf(original, "id").notNull).toBe(true);
    expect([...original.constraints.keys()]).toEqual(["t_pkey"]);
    expect(catalog.types.get("app.mood")).toMatchObject({ values: ["a"] });
    expect(catalog.searchPath).toEqual(["app"]);
    expect([...catalog.indexes.keys()]).toEqual(["app.t_m_idx"]);
    expect([...catalog.tables.keys()]).toEqual(["app.t"]);
    expect([...copy.tables.keys()]).toEqual(["app.t", "app.extra"]);
  });

  it("keeps a copy and its source apart whatever each side folds next (random DDL)", () => {
    const folded = (...sqls: string[]): Catalog => {
      const catalog = new Catalog();
      for (const sql of sqls) foldSql(sql, catalog);
      return catalog;
    };
    fc.assert(
      fc.property(migrationText, migrationText, migrationText, (base, a, b) => {
        const source = folded(base);
        const copy = source.clone();
        foldSql(a, source);
        foldSql(b, copy);
        // Each side equals a catalog that never shared anything.
        expect(source.data()).toEqual(folded(base, a).data());
        expect(copy.data()).toEqual(folded(base, b).data());
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);

  it("keeps a catalog made from another's data apart from it, in the same process", () => {
    const { catalog: source } = foldSql("CREATE TYPE e AS ENUM ('a');\nCREATE TABLE t (id int);");
    const restored = Catalog.fromData(source.data());
    foldSql("ALTER TYPE e ADD VALUE 'b';\nCOMMENT ON TYPE e IS 'c';", restored);
    foldSql("ALTER TABLE t ADD COLUMN y int;", source);
    expect(source.types.get("public.e")).toMatchObject({ values: ["a"] });
    expect(source.types.get("public.e")?.comment).toBeUndefined();
    expect(restored.types.get("public.e")).toMatchObject({ values: ["a", "b"], comment: "c" });
    expect([...tableOf(restored, "t").columns.keys()]).toEqual(["id"]);
    expect([...tableOf(source, "t").columns.keys()]).toEqual(["id", "y"]);
  });

  it("keeps the source apart from the copy when the source renames, moves or comments an index or a view both share", () => {
    const { catalog } = foldSql("CREATE SCHEMA app;\nCREATE TABLE t (a int, b int);\nCREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);\nCREATE VIEW v AS SELECT a FROM t;");
    const copy = catalog.clone();
    expect(copy.indexes.get("public.t_a_idx")).toBe(catalog.indexes.get("public.t_a_idx"));
    foldSql("ALTER INDEX t_a_idx RENAME TO t_first_idx;\nALTER TABLE t RENAME COLUMN b TO c;\nCOMMENT ON VIEW v IS 'recent';\nALTER TABLE t SET SCHEMA app;", catalog);
    expect([...catalog.indexes.keys()].sort()).toEqual(["app.t_b_idx", "app.t_first_idx"]);
    expect(indexOf(catalog, "t_b_idx", "app").keys).toEqual([expect.objectContaining({ column: "c" })]);
    expect(catalog.view("public", "v")?.comment).toBe("recent");
    // The copy is the schema before those statements.
    expect([...copy.indexes.keys()].sort()).toEqual(["public.t_a_idx", "public.t_b_idx"]);
    expect(indexOf(copy, "t_a_idx")).toMatchObject({ schema: "public", name: "t_a_idx" });
    expect(indexOf(copy, "t_a_idx").nameOrigin).toBeUndefined();
    expect(indexOf(copy, "t_b_idx").keys).toEqual([expect.objectContaining({ column: "b" })]);
    expect(indexOf(copy, "t_b_idx").table).toEqual({ schema: "public", name: "t" });
    expect(copy.view("public", "v")?.comment).toBeUndefined();
  });

  it("shares the sequences map with a copy until one side adds or drops a sequence, and the other side keeps it", () => {
    const { catalog } = foldSql("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, n serial);\nCREATE SEQUENCE free;");
    const keys = (c: Catalog): string[] => [...c.sequences.keys()];
    const before = ["public.t_id_seq", "public.t_n_seq", "public.free"];
    const copy = catalog.clone();
    const second = catalog.clone();
    expect(copy.sequences).toBe(catalog.sequences);
    // The copy adds and drops: it copies the map, the source and the second copy still share theirs.
    foldSql("CREATE SEQUENCE extra;\nDROP SEQUENCE free;\nALTER TABLE t DROP COLUMN n;", copy);
    expect(keys(copy)).toEqual(["public.t_id_seq", "public.extra"]);
    expect(keys(catalog)).toEqual(before);
    expect(second.sequences).toBe(catalog.sequences);
    // The source writes next: the second copy, which still reads the old map, does not see it.
    foldSql("DROP TABLE t;\nCREATE SEQUENCE later;", catalog);
    expect(keys(catalog)).toEqual(["public.free", "public.later"]);
    expect(keys(second)).toEqual(before);
    expect(keys(copy)).toEqual(["public.t_id_seq", "public.extra"]);
    // The last holder of a map changes it in place.
    const map = second.sequences;
    foldSql("ALTER SEQUENCE free RENAME TO spare;", second);
    expect(second.sequences).toBe(map);
    expect(keys(second)).toEqual(["public.t_id_seq", "public.t_n_seq", "public.spare"]);
    expect(keys(catalog)).toEqual(["public.free", "public.later"]);
  });

  it("keeps the sequences a checkpoint was given when the catalog goes on", () => {
    const { catalog } = foldSql("CREATE TABLE t (id serial);");
    const data = catalog.data();
    foldSql("CREATE SEQUENCE s;\nDROP TABLE t;", catalog);
    expect([...data.sequences.keys()]).toEqual(["public.t_id_seq"]);
    expect([...catalog.sequences.keys()]).toEqual(["public.s"]);
  });

  it("finds the indexes and owned sequences a DROP takes the same way as a scan, in the source and a copy (random DDL)", () => {
    // indexesOn and sequencesOwnedBy read a record both sides share and only add to: each must still
    // give exactly what a scan of its own catalog gives.
    const agrees = (catalog: Catalog): void => {
      const relations = new Set([...catalog.tables.keys(), ...catalog.views.keys(), ...[...catalog.indexes.values()].map((i) => keyOf(i.table))]);
      for (const relation of relations) {
        const scanned = [...catalog.indexes.values()].filter((i) => keyOf(i.table) === relation);
        expect(new Set(catalog.indexesOn(relation))).toEqual(new Set(scanned));
      }
      const owners = [...catalog.sequences.values()].flatMap((s) => (s.ownedBy === undefined ? [] : [s.ownedBy.table]));
      for (const owner of [...catalog.tables.values(), ...owners]) {
        const scanned = [...catalog.sequences.values()].filter((s) => s.ownedBy !== undefined && keyOf(s.ownedBy.table) === keyOf(owner));
        expect(new Set(catalog.sequencesOwnedBy(owner))).toEqual(new Set(scanned));
      }
    };
    fc.assert(
      fc.property(migrationText, migrationText, migrationText, (base, a, b) => {
        const { catalog: source } = foldSql(base);
        const copy = source.clone();
        foldSql(a, source);
        foldSql(b, copy);
        agrees(source);
        agrees(copy);
        agrees(Catalog.fromData(structuredClone(copy.data())));
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);

  it("drops a table's indexes and sequences in each catalog by what that catalog holds, whichever side renamed or created them", () => {
    const { catalog } = foldSql("CREATE TABLE t (id serial, a int);\nCREATE INDEX t_a_idx ON t (a);");
    const copy = catalog.clone();
    // The copy renames the table (its index and sequence follow) and indexes it again; the source does not.
    foldSql("ALTER TABLE t RENAME TO u;\nCREATE INDEX u_id_idx ON u (id);\nCREATE TABLE t (b int);", copy);
    foldSql("DROP TABLE t;", copy);
    expect([...copy.indexes.keys()]).toEqual(["public.t_a_idx", "public.u_id_idx"]);
    expect([...copy.sequences.keys()]).toEqual(["public.t_id_seq"]);
    foldSql("DROP TABLE u;", copy);
    expect([...copy.indexes.keys()]).toEqual([]);
    expect([...copy.sequences.keys()]).toEqual([]);
    // The source still has the table under its old name, with its index and sequence.
    expect([...catalog.indexes.keys()]).toEqual(["public.t_a_idx"]);
    foldSql("DROP TABLE u;", catalog);
    expect([...catalog.sequences.keys()]).toEqual(["public.t_id_seq"]);
    foldSql("DROP TABLE t;", catalog);
    expect([...catalog.indexes.keys()]).toEqual([]);
    expect([...catalog.sequences.keys()]).toEqual([]);
  });

  it("keeps the source apart from the copy when the source changes a table both share", () => {
    const { catalog } = foldSql("CREATE TABLE t (id int PRIMARY KEY, note text);\nCREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));\nCREATE TABLE w (id int);");
    const copy = catalog.clone();
    // The history goes on in the source (an up migration), the copy is the schema before it.
    foldSql("ALTER TABLE t ALTER COLUMN note SET NOT NULL;\nALTER TABLE t RENAME COLUMN id TO t_id;\nCOMMENT ON COLUMN u.id IS 'key';", catalog);
    expect(columnOf(tableOf(catalog, "t"), "note").notNull).toBe(true);
    expect(columnOf(tableOf(copy, "t"), "note").notNull).toBe(false);
    expect([...tableOf(copy, "t").columns.keys()]).toEqual(["id", "note"]);
    // The foreign key of "u" follows the rename in the source only.
    expect(constraintOf(tableOf(catalog, "u"), "u_t_id_fkey").references?.columns).toEqual(["t_id"]);
    expect(constraintOf(tableOf(copy, "u"), "u_t_id_fkey").references?.columns).toEqual(["id"]);
    expect(columnOf(tableOf(copy, "u"), "id").comment).toBeUndefined();
    // A table neither side changed is still shared.
    expect(tableOf(catalog, "w")).toBe(tableOf(copy, "w"));
    expect(tableOf(catalog, "t")).not.toBe(tableOf(copy, "t"));
  });
});

describe("functions and procedures", () => {
  it("keeps overloads apart by input argument types and drops them one by one", () => {
    const { catalog } = foldSql(`CREATE FUNCTION f(a int, OUT b text) LANGUAGE sql AS 'SELECT ''x''';
CREATE FUNCTION f(a varchar) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE SCHEMA app; CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';`);
    expect([...catalog.routines.keys()]).toEqual(["public.f(integer)", "public.f(character varying)", "app.p()", "public.g()"]);
    foldSql("DROP FUNCTION f(int4);\nDROP PROCEDURE IF EXISTS app.p;\nDROP FUNCTION g;", catalog);
    expect([...catalog.routines.keys()]).toEqual(["public.f(character varying)"]);
  });

  it("renames routines and drops them with their schema", () => {
    const { catalog } = foldSql(`CREATE SCHEMA utils;
CREATE FUNCTION utils.a(x name) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION old_name() RETURNS int LANGUAGE sql AS 'SELECT 1';
ALTER FUNCTION old_name () RENAME TO new_name;`);
    expect([...catalog.routines.keys()]).toEqual(["utils.a(name)", "public.new_name()"]);
    foldSql("DROP SCHEMA utils CASCADE;", catalog);
    expect([...catalog.routines.keys()]).toEqual(["public.new_name()"]);
  });
});

describe("renames and drops that carry dependents", () => {
  it("ALTER TYPE ... RENAME TO: columns and domains follow the type", () => {
    const { catalog } = foldSql(`CREATE TYPE mood AS ENUM ('a');
CREATE DOMAIN moods AS mood[];
CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL, ms mood[]);
ALTER TYPE mood RENAME TO feeling;`);
    const t = tableOf(catalog, "t");
    expect([columnOf(t, "m").type.display, columnOf(t, "ms").type.display]).toEqual(["public.feeling", "public.feeling[]"]);
    expect(catalog.types.get("public.moods")).toMatchObject({ baseType: { name: "public.feeling", display: "public.feeling[]" } });
  });

  it("ALTER INDEX ... RENAME of the index behind a constraint renames the constraint", () => {
    const { catalog } = foldSql("CREATE TABLE t (id int PRIMARY KEY, u text);\nALTER TABLE t ADD CONSTRAINT t_u_key UNIQUE (u);\nALTER INDEX t_u_key RENAME TO t_u_uq;\nALTER INDEX t_pkey RENAME TO t_id_pk;");
    expect([...tableOf(catalog, "t").constraints.keys()]).toEqual(["t_u_uq", "t_id_pk"]);
  });

  it("DROP MATERIALIZED VIEW drops its indexes", () => {
    const { catalog } = foldSql("CREATE TABLE t (id int);\nCREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\nCREATE UNIQUE INDEX idx_mv_id ON mv (id);\nDROP MATERIALIZED VIEW mv;");
    expect([...catalog.indexes.keys()]).toEqual([]);
  });
});
