import { describe, expect, it } from "vitest";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { planRepository } from "../../src/migrations/repository.js";
import { initParser } from "../../src/parser/parse.js";
import { lint } from "../../src/rules/engine.js";
import { rulesById } from "../../src/rules/index.js";
import rule from "../../src/rules/migration-naming.js";
import { allMessages } from "../helpers/lint.js";
import { atlasSum } from "../migrations/helpers.js";
import { ruleTester } from "../helpers/rule-tester.js";

const PLPGSQL = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;";
const t = (n: number) => `CREATE TABLE t${String(n)} (id bigint PRIMARY KEY);`;

ruleTester(rule, {
  valid: [
    { name: "golang-migrate pairs", code: [{ path: "/m/000001_a.up.sql", sql: t(1) }, { path: "/m/000001_a.down.sql", sql: "DROP TABLE t1;" }, { path: "/m/000002_b.up.sql", sql: t(2) }] },
    { name: "Flyway versions compare numerically", code: [{ path: "/f/V1_9__a.sql", sql: t(1) }, { path: "/f/V1_10__b.sql", sql: t(2) }, { path: "/f/R__views.sql", sql: "SELECT 1;" }] },
    { name: "plain files need no pattern", code: [{ path: "/sql/schema.sql", sql: t(1) }, { path: "/sql/001_x.sql", sql: t(2) }] },
    {
      name: "goose: a function body inside StatementBegin/StatementEnd",
      code: { path: "/g/00001_f.sql", sql: `-- +goose Up\n-- +goose StatementBegin\n${PLPGSQL}\n-- +goose StatementEnd\n-- +goose Down\nDROP FUNCTION f();\n` },
    },
    {
      name: "goose: DO blocks on one line, and a body whose lines end without a semicolon",
      code: {
        path: "/g/00001_do.sql",
        sql: "-- +goose Up\nDO $$ BEGIN PERFORM 1; END $$;\nDO $$ BEGIN PERFORM 1; PERFORM 2; END $$; -- two\nDO $$\nBEGIN PERFORM 1; END\n$$;\nSELECT 1; SELECT\n  2;\n-- +goose Down\nSELECT 1;\n",
      },
    },
    {
      name: "dbmate and golang-migrate do not cut at line ends",
      code: [
        { path: "/d/20240101000000_f.sql", sql: `-- migrate:up\n${PLPGSQL}\n-- migrate:down\nDROP FUNCTION f();\n` },
        { path: "/m/000001_f.up.sql", sql: `${PLPGSQL}\n` },
        { path: "/m/000001_f.down.sql", sql: "DROP FUNCTION f();\n" },
      ],
    },
  ],
  invalid: [
    {
      name: "a file golang-migrate ignores",
      code: [{ path: "/m/000001_a.up.sql", sql: t(1) }, { path: "/m/000001_a.down.sql", sql: "DROP TABLE t1;" }, { path: "/m/000002_b.sql", sql: t(2) }],
      errors: [{ messageId: "layout", file: 3, line: 1, column: 1, endLine: 1, endColumn: 41, message: "Migration layout problem: file name does not match {version}_{title}.up.sql or {version}_{title}.down.sql; golang-migrate ignores it." }],
    },
    {
      name: "duplicate golang-migrate versions (leading zeros do not make them different)",
      code: [{ path: "/m/01_a.up.sql", sql: t(1) }, { path: "/m/1_b.up.sql", sql: t(2) }],
      errors: [{ messageId: "layout", file: 2, line: 1, column: 1, endLine: 1, endColumn: 41, message: "Migration layout problem: duplicate version 1 (also used by 01_a.up.sql): the tool refuses to run two migrations with one version, or runs only one of them." }],
    },
    {
      name: "dbmate SQL before the first marker",
      code: { path: "/db/20240101000000_a.sql", sql: `${t(0)}\n-- migrate:up\n${t(1)}\n-- migrate:down\nDROP TABLE t1;\n` },
      errors: [{ messageId: "marker", line: 1, column: 1, endLine: 1, endColumn: 41, message: "Migration marker problem: SQL before the first marker is not part of any section: the tool never runs it." }],
    },
    {
      name: "an Atlas migration edited after atlas.sum was written (its own help)",
      code: [
        { path: "/atlas/1_a.sql", sql: t(1) },
        { path: "/atlas/2_b.sql", sql: "CREATE TABLE t2 (id integer PRIMARY KEY);" },
        { path: "/atlas/atlas.sum", sql: atlasSum({ "1_a.sql": t(1), "2_b.sql": t(2) }) },
      ],
      errors: [
        {
          messageId: "checksum",
          file: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 42,
          message: 'Migration checksum problem: "2_b.sql" was edited after atlas.sum was written (its hash on line 3 differs): Atlas rejects the directory ("checksum mismatch").',
        },
      ],
    },
    {
      name: "a drizzle migration its journal does not list (the manifest's own message and help)",
      code: [
        { path: "/d/drizzle/0000_a.sql", sql: t(1) },
        { path: "/d/drizzle/0001_b.sql", sql: t(2) },
        { path: "/d/drizzle/meta/_journal.json", sql: '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_a","breakpoints":true}]}' },
      ],
      errors: [{ messageId: "manifest", file: 2, line: 1, column: 1, endLine: 1, endColumn: 41, message: "Migration manifest problem: 0001_b.sql is not in meta/_journal.json; drizzle ignores it." }],
    },
    {
      name: "a graphile-migrate migration edited after it was committed (graphile-migrate's own help, not atlas.sum's)",
      code: { path: "/gm/migrations/committed/000001.sql", sql: "--! Previous: -\n--! Hash: sha1:0000000000000000000000000000000000000000\n\nCREATE TABLE t1 (id integer PRIMARY KEY);\n" },
      errors: [{ messageId: "graphileChecksum", line: 1, column: 1, endLine: 1, endColumn: 16, message: "Migration checksum problem: the migration was edited after it was committed" }],
    },
    {
      name: "a graphile-migrate --!include of a fixture that does not exist (the include's own help)",
      code: [
        { path: "/gi/.gmrc", sql: "{}" },
        { path: "/gi/migrations/current.sql", sql: "CREATE TABLE t1 (id integer PRIMARY KEY);\n--!include functions/f.sql\n" },
      ],
      errors: [
        {
          messageId: "include",
          file: 1,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 27,
          message: 'Migration include problem: "--!include functions/f.sql" names no file: "fixtures/functions/f.sql" does not exist; graphile-migrate refuses the current migration.',
        },
      ],
    },
    {
      name: "goose StatementBegin without StatementEnd",
      code: { path: "/g/00001_f.sql", sql: "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n-- +goose Down\nDROP FUNCTION f();\n" },
      errors: [{ messageId: "marker", line: 2, column: 1, endLine: 2, endColumn: 25, message: "goose splits the block" }],
    },
    {
      name: "goose: a DO block over several lines without StatementBegin",
      code: { path: "/g/00002_do.sql", sql: "-- +goose Up\nDO $$\nBEGIN\n  ALTER TABLE items ADD COLUMN note text;\n  ALTER TABLE items ADD COLUMN tag text;\nEND $$;\n-- +goose Down\nSELECT 1;\n" },
      errors: [
        {
          messageId: "statementSplit",
          line: 4,
          column: 41,
          endLine: 4,
          endColumn: 42,
          message:
            "This line ends with a semicolon inside a statement outside `-- +goose StatementBegin` / `-- +goose StatementEnd`: goose ends a statement at every such line, whatever the quoting, so it sends the statement in pieces and the migration fails.",
        },
      ],
    },
    {
      name: "goose: one finding per statement, in Up and Down, a string literal included; a comment after the semicolon does not help",
      code: {
        path: "/g/00003_f.sql",
        sql: `-- +goose Up\n${PLPGSQL}\nINSERT INTO notes VALUES ('a; -- not a comment to goose either\nb;');\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n-- +goose Down\nDO $$ BEGIN\n  PERFORM 1; -- one\nEND $$;\n`,
      },
      errors: [
        { messageId: "statementSplit", line: 4, column: 11, endLine: 4, endColumn: 12 },
        { messageId: "statementSplit", line: 7, column: 29, endLine: 7, endColumn: 30 },
        { messageId: "statementSplit", line: 14, column: 12, endLine: 14, endColumn: 13 },
      ],
    },
    {
      name: "sql-migrate cuts statements by goose's rule, and the message names sql-migrate",
      code: { path: "/sm/1_do.sql", sql: "-- +migrate Up\nDO $$\nBEGIN\n  ALTER TABLE items ADD COLUMN note text;\nEND $$;\n-- +migrate StatementBegin\nDO $$\nBEGIN\n  PERFORM 1;\nEND $$;\n-- +migrate StatementEnd\n-- +migrate Down\nSELECT 1;\n" },
      errors: [
        {
          messageId: "statementSplit",
          line: 4,
          column: 41,
          endLine: 4,
          endColumn: 42,
          message:
            "This line ends with a semicolon inside a statement outside `-- +migrate StatementBegin` / `-- +migrate StatementEnd`: sql-migrate ends a statement at every such line, whatever the quoting, so it sends the statement in pieces and the migration fails.",
        },
      ],
    },
  ],
});

describe("migration-naming: version order under --changed-since", () => {
  const golangMigrate = [
    { path: "/m/000001_a.up.sql", text: t(1) },
    { path: "/m/000002_b.up.sql", text: t(2) },
    { path: "/m/000003_c.up.sql", text: t(3) },
  ];
  const run = async (changed: readonly string[], sources: readonly { path: string; text: string }[] = golangMigrate) => {
    await initParser();
    const files = lintFilesOf(planRepository(sources), new Map(sources.map((s) => [s.path, s.text])), {
      report: () => true,
      changed: (p) => changed.includes(p),
      requireDown: false,
    });
    const { results } = lint(files, { rules: [{ rule, severity: 2, options: { checkOrder: true } }], postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) });
    return allMessages(results).map((m) => `${m.file} ${String(m.line)}:${String(m.column)} ${m.message}`);
  };

  // The second of three migrations is new: each tool's consequence for databases that ran the third.
  const three = (path: (n: number) => string, text: (n: number) => string = t): { path: string; text: string }[] => [1, 2, 3].map((n) => ({ path: path(n), text: text(n) }));
  const stamp = (n: number): string => `2024010100000${String(n)}`;
  const reported = (file: string, version: string, later: string, consequence: string): string =>
    `${file} 1:1 Migration "${version}" is new or changed, but its version sorts before "${later}", which is already merged: ${consequence}.`;

  it("golang-migrate never runs it on databases past it", async () => {
    expect(await run(["/m/000002_b.up.sql"])).toEqual([
      reported("/m/000002_b.up.sql", "000002", "000003", 'golang-migrate records only the current version, so databases that already ran "000003" never run it'),
    ]);
  });

  it("goose, Flyway and supabase refuse to migrate unless told to run it out of order", async () => {
    const goose = three((n) => `/g/0000${String(n)}_x.sql`, (n) => `-- +goose Up\n${t(n)}\n`);
    expect(await run(["/g/00002_x.sql"], goose)).toEqual([
      reported(
        "/g/00002_x.sql",
        "00002",
        "00003",
        'goose refuses to migrate databases that already ran "00003" ("missing (out-of-order) migration") unless it runs with --allow-missing, which runs it there after "00003", and before it on a new database',
      ),
    ]);
    const flyway = three((n) => `/f/V${String(n)}__x.sql`);
    expect(await run(["/f/V2__x.sql"], flyway)).toEqual([
      reported("/f/V2__x.sql", "2", "3", 'Flyway refuses to migrate databases that already ran "3" (it reports the migration as ignored and validation fails) unless outOfOrder is on, which runs it there after "3", and before it on a new database'),
    ]);
    const supabase = three((n) => `/r/supabase/migrations/${stamp(n)}_x.sql`);
    expect(await run([`/r/supabase/migrations/${stamp(2)}_x.sql`], supabase)).toEqual([
      reported(
        `/r/supabase/migrations/${stamp(2)}_x.sql`,
        stamp(2),
        stamp(3),
        `supabase db push refuses to migrate databases that already ran "${stamp(3)}" ("Found local migration files to be inserted before the last migration on remote database") unless it runs with --include-all, which runs it there after "${stamp(3)}", and before it on a new database`,
      ),
    ]);
  });

  it("dbmate, Prisma, diesel and sql-migrate run it after the later one: the order differs from a new database's", async () => {
    const dbmate = three((n) => `/db/migrations/${stamp(n)}_x.sql`, (n) => `-- migrate:up\n${t(n)}\n`);
    expect(await run([`/db/migrations/${stamp(2)}_x.sql`], dbmate)).toEqual([
      reported(
        `/db/migrations/${stamp(2)}_x.sql`,
        stamp(2),
        stamp(3),
        `dbmate runs it after "${stamp(3)}" on databases that already ran "${stamp(3)}", so they apply the two in the other order than a new database does (with --strict it refuses to migrate instead)`,
      ),
    ]);
    const prisma = three((n) => `/r/prisma/migrations/${stamp(n)}_x/migration.sql`);
    expect(await run([`/r/prisma/migrations/${stamp(2)}_x/migration.sql`], prisma)).toEqual([
      reported(`/r/prisma/migrations/${stamp(2)}_x/migration.sql`, stamp(2), stamp(3), `prisma migrate deploy runs it after "${stamp(3)}" on databases that already ran "${stamp(3)}", so they apply the two in the other order than a new database does`),
    ]);
    const diesel = three((n) => `/r/migrations/2024-01-01-00000${String(n)}_x/up.sql`);
    expect(await run(["/r/migrations/2024-01-01-000002_x/up.sql"], diesel)).toEqual([
      reported("/r/migrations/2024-01-01-000002_x/up.sql", "2024-01-01-000002", "2024-01-01-000003", 'diesel runs it after "2024-01-01-000003" on databases that already ran "2024-01-01-000003", so they apply the two in the other order than a new database does'),
    ]);
    const sqlMigrate = three((n) => `/s/${String(n)}_x.sql`, (n) => `-- +migrate Up\n${t(n)}\n-- +migrate Down\nDROP TABLE t${String(n)};\n`);
    expect(await run(["/s/2_x.sql"], sqlMigrate)).toEqual([
      reported("/s/2_x.sql", "2", "3", 'sql-migrate runs it after "3" on databases that already ran "3", so they apply the two in the other order than a new database does'),
    ]);
  });

  it("drizzle skips it", async () => {
    const entries = ["0000_a", "0001_b", "0002_c"].map((tag, idx) => ({ idx, version: "7", when: 1700000000000 + idx, tag, breakpoints: true }));
    const drizzle = [{ path: "/r/drizzle/meta/_journal.json", text: JSON.stringify({ version: "7", dialect: "postgresql", entries }) }, ...three((n) => `/r/drizzle/000${String(n - 1)}_${"abc"[n - 1] ?? ""}.sql`)];
    expect(await run(["/r/drizzle/0001_b.sql"], drizzle)).toEqual([
      reported("/r/drizzle/0001_b.sql", "0001", "0002", 'drizzle\'s migrator runs only migrations stamped later than the last one a database recorded, so databases that already ran "0002" silently skip it'),
    ]);
  });

  it("says nothing for sqitch, which deploys in sqitch.plan order from the last change deployed, whatever the names", async () => {
    const plan = ["%syntax-version=1.0.0", "%project=p", "", ...["a", "b", "c"].map((name) => `${name} 2024-01-01T10:00:00Z M <m@example.com>`)].join("\n");
    const sqitch = [{ path: "/q/sqitch.plan", text: plan }, { path: "/q/sqitch.conf", text: "[core]\n\tengine = pg\n" }, ...["a", "b", "c"].map((name, i) => ({ path: `/q/deploy/${name}.sql`, text: t(i + 1) }))];
    expect(await run(["/q/deploy/b.sql"], sqitch)).toEqual([]);
  });

  it("a directory of no known tool gets the general consequence", async () => {
    const plain = three((n) => `/p/00${String(n)}_x.sql`);
    expect(await run(["/p/002_x.sql"], plain)).toEqual([
      reported("/p/002_x.sql", "002", "003", 'depending on the tool, databases that already ran "003" skip it, refuse to migrate, or run the two in the other order than a new database does'),
    ]);
  });

  it("accepts new migrations after every merged one", async () => {
    expect(await run(["/m/000002_b.up.sql", "/m/000003_c.up.sql"])).toEqual([]);
  });

  it("says nothing without change information", async () => {
    await initParser();
    const sources = [{ path: "/m/000001_a.up.sql", text: t(1) }, { path: "/m/000002_b.up.sql", text: t(2) }];
    const files = lintFilesOf(planRepository(sources), new Map(sources.map((s) => [s.path, s.text])), { report: () => true });
    const { results } = lint(files, { rules: [{ rule, severity: 2, options: { checkOrder: true } }], postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) });
    expect(allMessages(results)).toEqual([]);
  });
});

describe("migration-naming: a duplicate version drops no file", () => {
  it("both files of the version are folded and linted, in file-name order (harness/gitness)", async () => {
    await initParser();
    const files = lintFilesOf(
      planRepository([
        { path: "/m/0001_a.up.sql", text: "CREATE TABLE principals (id bigint PRIMARY KEY);" },
        { path: "/m/0001_b.up.sql", text: "CREATE TABLE spaces (id bigint PRIMARY KEY, owner bigint REFERENCES principals);" },
      ]),
      new Map(),
      { report: () => true },
    );
    const rules = [rule, rulesById.get("require-primary-key"), rulesById.get("foreign-key-on-delete")].flatMap((r) => (r === undefined ? [] : [{ rule: r, severity: 2 as const, options: r.meta.options.parse({}) }]));
    const { results } = lint(files, { rules, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) });
    // The second file is linted as a migration after the first: its foreign key reaches principals.
    expect(allMessages(results).map((m) => `${m.file}:${m.ruleId ?? ""}`)).toEqual(["/m/0001_b.up.sql:migration-naming", "/m/0001_b.up.sql:foreign-key-on-delete"]);
  });
});
