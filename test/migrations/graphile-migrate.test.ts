import { describe, expect, it } from "vitest";
import { detectLayout, planMigrations, planRepository } from "../../src/migrations/layouts.js";
import type { SourceFile } from "../../src/migrations/layouts.js";
import { parseGmrc } from "../../src/migrations/gmrc.js";
import { graphileHash, substitutePlaceholders } from "../../src/migrations/graphile-migrate.js";
import { only } from "./helpers.js";

/** graphile-migrate's own test suite (__tests__/helpers.ts): MIGRATION_1_TEXT and its MIGRATION_1_HASH. */
const FOO = "create table if not exists foo (id serial primary key);";
const FOO_HASH = "sha1:e00ec93314a423ee5cc68d1182ad52f16442d7df";

/** A committed migration as `graphile-migrate commit` writes it (src/migration.ts `serializeMigration`). */
function committed(body: string, previous: string | null, hash = graphileHash(`${body.trim()}\n`, previous)): string {
  return `--! Previous: ${previous ?? "-"}\n--! Hash: ${hash}\n--! Message: m\n\n${body.trim()}\n`;
}

const file = (path: string, text: string): SourceFile => ({ path, text });

describe("graphileHash", () => {
  it("is graphile-migrate's calculateHash: sha1 over the previous hash and the trimmed body", () => {
    expect(graphileHash(`${FOO}\n`, null)).toBe(FOO_HASH);
    expect(graphileHash(`\n\n${FOO}\n\n`, null)).toBe(FOO_HASH);
    expect(graphileHash(`${FOO}\n`, FOO_HASH)).not.toBe(FOO_HASH);
  });
});

describe("substitutePlaceholders", () => {
  it("replaces the configured keys and the built-ins in place, nothing else", () => {
    const text = "GRANT SELECT ON t TO :DATABASE_VISITOR, :DATABASE_OWNER; SELECT :UNKNOWN, x::TEXT, :DATABASE_NAMES;";
    const out = substitutePlaceholders(text, [":DATABASE_VISITOR"]);
    expect(out).toBe("GRANT SELECT ON t TO _DATABASE_VISITOR, _DATABASE_OWNER; SELECT :UNKNOWN, x::TEXT, :DATABASE_NAMES;");
    expect(out.length).toBe(text.length);
  });

  it("replaces every :UPPER_CASE word when the configuration is unknown, but not a ::TYPE cast", () => {
    expect(substitutePlaceholders("GRANT x TO :APP_ROLE; SELECT 1::INTEGER, ':DATABASE_NAME';", undefined)).toBe(
      "GRANT x TO _APP_ROLE; SELECT 1::INTEGER, '_DATABASE_NAME';",
    );
  });
});

describe("parseGmrc", () => {
  it("reads JSON5 with comments and trailing commas; SQL afterReset actions only", () => {
    const gmrc = file(
      "/p/.gmrc",
      `// config\n{ /* c */ placeholders: { ":A_B": "!ENV", "bad": "x", }, afterReset: ["a.sql", "!b.sql", { _: "command", command: "x" }, { _: "sql", file: "c.sql" }, { _: "sql", file: "d.sql", shadow: true }], migrationsFolder: "./db", }`,
    );
    expect(parseGmrc(gmrc)).toEqual({ migrationsFolder: "./db", placeholders: [":A_B"], afterReset: ["a.sql", "b.sql", "c.sql"] });
  });

  it("reads a .gmrc.js object literal; one that computes its settings is unknown", () => {
    expect(parseGmrc(file("/p/.gmrc.js", 'module.exports = {\n  "placeholders": { ":X_Y": "!ENV" },\n};\n')).placeholders).toEqual([":X_Y"]);
    expect(parseGmrc(file("/p/.gmrc.js", "module.exports = { placeholders: makePlaceholders() };"))).toEqual({
      migrationsFolder: "./migrations",
      placeholders: undefined,
      afterReset: undefined,
    });
  });
});

describe("graphile-migrate layout", () => {
  it("is detected from a .gmrc or from a committed migration's header", () => {
    expect(detectLayout([file("/p/.gmrc", "{}"), file("/p/migrations/current.sql", "")])).toBe("graphile-migrate");
    expect(detectLayout([file("/p/migrations/committed/000001.sql", committed(FOO, null))])).toBe("graphile-migrate");
    expect(detectLayout([file("/p/migrations/committed/000001.sql", FOO)])).toBe("plain");
  });

  it("groups .gmrc, committed/, current/ and the folder's files as one history in the migrations folder", () => {
    const plans = planRepository([
      file("/p/.gmrc", '{ "migrationsFolder": "./db/migrations" }'),
      file("/p/db/migrations/committed/000001.sql", committed(FOO, null)),
      file("/p/db/migrations/current/1-current.sql", "select 1;\n"),
      file("/p/db/migrations/current.sql.bak.sql", "select 2;\n"),
      file("/p/other/001_x.sql", "select 3;\n"),
    ]);
    expect(plans.map((p) => [p.dir, p.layout, p.files.length])).toEqual([
      ["/p/db/migrations", "graphile-migrate", 4],
      ["/p/other", "plain", 1],
    ]);
    expect(plans[0]?.ignored).toEqual(["/p/db/migrations/current.sql.bak.sql"]);
  });

  it("runs afterReset, committed by number, then current; --! no-transaction makes one query", () => {
    const first = committed(FOO, null);
    const second = committed("--! no-transaction\nCREATE INDEX CONCURRENTLY i ON foo (id);", FOO_HASH);
    const plan = planMigrations([
      file("/p/.gmrc", '{ afterReset: ["!afterReset.sql"] }'),
      file("/p/migrations/afterReset.sql", "CREATE EXTENSION citext;\n"),
      file("/p/migrations/committed/000002-idx.sql", second),
      file("/p/migrations/committed/000001.sql", first),
      file("/p/migrations/current.sql", "--! no-transaction\nCREATE INDEX CONCURRENTLY j ON foo (id);\n"),
    ]);
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map((m) => [m.version, m.name, m.up.map((p) => `${p.file}:${p.transaction}:${String(p.optedOut ?? false)}`).join(",")])).toEqual([
      ["", "afterReset.sql", "/p/migrations/afterReset.sql:query:false"],
      ["000001", "", "/p/migrations/committed/000001.sql:tool:false"],
      ["000002", "idx", "/p/migrations/committed/000002-idx.sql:query:true"],
      ["", "current.sql", "/p/migrations/current.sql:query:true"],
    ]);
  });

  it("runs current/ parts in numeric order as one migration in a transaction, and refuses --! no-transaction there", () => {
    const plan = planMigrations([
      file("/p/.gmrc", "{}"),
      file("/p/migrations/current/10-b.sql", "--! no-transaction\nselect 10;\n"),
      file("/p/migrations/current/2-a.sql", "select :DATABASE_OWNER;\n"),
    ]);
    const current = only(plan.migrations);
    expect(current.up.map((p) => [p.file, p.transaction])).toEqual([
      ["/p/migrations/current/2-a.sql", "tool"],
      ["/p/migrations/current/10-b.sql", "tool"],
    ]);
    expect(current.up[0]?.text).toBe("select _DATABASE_OWNER;\n");
    expect(plan.problems).toEqual([
      {
        file: "/p/migrations/current/10-b.sql",
        line: 1,
        kind: "marker",
        message: '"--! no-transaction" cannot be used in current/ files (only in current.sql); graphile-migrate refuses the current migration',
      },
    ]);
  });

  it("reports what graphile-migrate refuses: current.sql beside current/, clashing part numbers, a missing afterReset file", () => {
    const plan = planMigrations([
      file("/p/.gmrc", '{ afterReset: ["afterReset.sql"] }'),
      file("/p/migrations/current.sql", "select 1;\n"),
      file("/p/migrations/current/1-a.sql", "select 2;\n"),
      file("/p/migrations/current/01-b.sql", "select 3;\n"),
    ]);
    expect(plan.problems.map((p) => `${p.file}:${p.kind ?? ""}:${p.message}`)).toEqual([
      '/p/.gmrc:manifest:the "afterReset" action "afterReset.sql" names no file in "/p/migrations"; graphile-migrate reset fails',
      "/p/migrations/current.sql::both current.sql and a current/ directory exist; graphile-migrate refuses to run either",
    ]);
    const parts = planMigrations([file("/p/.gmrc", "{}"), file("/p/migrations/current/1-a.sql", ""), file("/p/migrations/current/01-b.sql", "")]);
    expect(parts.problems.map((p) => p.message)).toEqual(['number 1 is also used by "01-b.sql"; graphile-migrate refuses the current migration']);
  });

  it("checks the hash chain as graphile-migrate does", () => {
    const first = committed(FOO, null);
    const edited = first.replace("foo (id", "foo (xid");
    const second = committed("select 2;", "sha1:0000000000000000000000000000000000000000");
    const allowed = `--! AllowInvalidHash\n${committed("select 3;", null)}`;
    const plan = planMigrations([
      file("/p/migrations/committed/000001.sql", edited),
      file("/p/migrations/committed/000002.sql", second),
      file("/p/migrations/committed/000003.sql", allowed),
      file("/p/migrations/committed/000004.sql", "--! Previous: -\nselect 4;\n"),
      file("/p/migrations/committed/notes.sql", "select 5;\n"),
    ]);
    expect(plan.layout).toBe("graphile-migrate");
    expect(plan.problems.map((p) => `${p.file.split("/").pop() ?? ""}:${String(p.line)}:${p.kind ?? ""}:${p.message}`)).toEqual([
      `000001.sql:1:checksum:the migration was edited after it was committed: its body hashes to "${graphileHash(edited.split("\n\n")[1] ?? "", null)}", not "--! Hash: ${FOO_HASH}"; graphile-migrate refuses to run it`,
      `000002.sql:1:checksum:"--! Previous: sha1:0000000000000000000000000000000000000000" is not the hash of the migration before it ("${FOO_HASH}"); graphile-migrate refuses to run`,
      '000003.sql:1:checksum:"--! Previous: -" is not the hash of the migration before it ("' + graphileHash("select 2;\n", "sha1:0000000000000000000000000000000000000000") + '"); graphile-migrate refuses to run',
      '000003.sql:1:checksum:"--! AllowInvalidHash" is set but the hash matches; graphile-migrate refuses to run the migration',
      '000004.sql:1:marker:no "--! Hash:" header; graphile-migrate refuses the committed migration',
      "000004.sql:2:marker:no empty line follows the headers; graphile-migrate refuses the migration",
      "notes.sql:1::file name does not match {number}[-{slug}].sql in committed/; graphile-migrate ignores it",
    ]);
  });

  it("reports a first committed migration that names a previous one", () => {
    const plan = planMigrations([file("/p/migrations/committed/000001.sql", committed(FOO, FOO_HASH))]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      `the first committed migration names a previous migration ("${FOO_HASH}"); graphile-migrate refuses to run without it`,
    ]);
  });

  it("keeps every position: placeholders become identifiers of the same length", () => {
    const text = committed("GRANT SELECT ON foo TO :DATABASE_VISITOR;\nCREATE TABLE bar (id int);", null);
    const plan = planMigrations([file("/p/.gmrc", '{ placeholders: { ":DATABASE_VISITOR": "!ENV" } }'), file("/p/migrations/committed/000001.sql", text)]);
    const part = only(only(plan.migrations).up);
    expect(part.text).toBe(text.replace(":DATABASE_VISITOR", "_DATABASE_VISITOR"));
    expect(plan.problems).toEqual([]);
  });

  it("reads --!include fixtures of the current migration where they run, nested ones first, with placeholders", () => {
    const plan = planMigrations([
      file("/p/.gmrc", '{ placeholders: { ":APP_ROLE": "!ENV" } }'),
      file("/p/migrations/committed/000001.sql", committed(FOO, null)),
      file("/p/migrations/fixtures/functions/f.sql", "--!include types/t.sql\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"),
      file("/p/migrations/fixtures/types/t.sql", "GRANT USAGE ON SCHEMA public TO :APP_ROLE;\n"),
      file("/p/migrations/fixtures/unused.sql", "select 9;\n"),
      file("/p/migrations/current.sql", "-- Functions first.\n--!include functions/f.sql\nCREATE TABLE bar (id int);\n"),
    ]);
    expect(plan.problems).toEqual([]);
    const current = plan.migrations.at(-1);
    expect(current?.up.map((p) => p.file)).toEqual(["/p/migrations/fixtures/types/t.sql", "/p/migrations/fixtures/functions/f.sql", "/p/migrations/current.sql"]);
    expect(current?.up[0]?.text).toBe("GRANT USAGE ON SCHEMA public TO _APP_ROLE;\n");
    const plans = planRepository([file("/p/.gmrc", "{}"), file("/p/migrations/current.sql", "--!include functions/f.sql\n"), file("/p/migrations/fixtures/functions/f.sql", "select 1;\n"), file("/p/migrations/fixtures/unused.sql", "")]);
    expect(plans[0]?.ignored).toEqual(["/p/migrations/fixtures/unused.sql"]);
  });

  it("puts the fixtures after the current file's SQL when SQL comes first, and includes a fixture once", () => {
    const plan = planMigrations([
      file("/p/.gmrc", "{}"),
      file("/p/migrations/current/1-a.sql", "CREATE TABLE a (id int);\n--!include x.sql\n"),
      file("/p/migrations/current/2-b.sql", "--!include x.sql\nselect 2;\n"),
      file("/p/migrations/fixtures/x.sql", "select 1;\n"),
    ]);
    expect(plan.problems).toEqual([]);
    expect(only(plan.migrations).up.map((p) => p.file.split("/").slice(-2).join("/"))).toEqual(["current/1-a.sql", "fixtures/x.sql", "current/2-b.sql"]);
  });

  it("reports an include graphile-migrate refuses: no such fixture, outside fixtures/, circular", () => {
    const plan = planMigrations([
      file("/p/.gmrc", "{}"),
      file("/p/migrations/current.sql", "select 1;\n--!include missing.sql\n--!include ../committed/000001.sql\n--!include a.sql\n"),
      file("/p/migrations/fixtures/a.sql", "select 2;\n--!include b.sql\n"),
      file("/p/migrations/fixtures/b.sql", "--!include a.sql\n"),
    ]);
    expect(plan.problems.map((p) => `${p.file.split("/").pop() ?? ""}:${String(p.line)}:${p.kind ?? ""}:${p.message}`)).toEqual([
      'current.sql:2:include:"--!include missing.sql" names no file: "/p/migrations/fixtures/missing.sql" does not exist; graphile-migrate refuses the current migration',
      'current.sql:3:include:"--!include ../committed/000001.sql" names a file outside "/p/migrations/fixtures"; graphile-migrate refuses the current migration',
      'b.sql:1:include:"--!include a.sql" includes a file that is already being included (a circular include); graphile-migrate refuses the current migration',
    ]);
    expect(only(plan.migrations).up.map((p) => p.file.split("/").pop())).toEqual(["current.sql", "b.sql", "a.sql"]);
  });
});
