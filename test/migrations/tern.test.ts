import { describe, expect, it } from "vitest";
import { detectLayout, planMigrations, planRepository, requiresDown } from "../../src/migrations/layouts.js";
import { lineCount, only, positionOf, summary, tree } from "./helpers.js";
import { load } from "./layout-fixture-files.js";

/**
 * jackc/tern as its migrate/migrate.go defines it (`FindMigrations`, `LoadMigrations`, `MigrateTo`);
 * each expectation below follows that code (see src/migrations/tern.ts).
 */
const dir = "/repo/migrations";
const SEP = "---- create above / drop below ----";

const plan = (files: Record<string, string>) => planMigrations(tree(dir, files), { layout: "tern" });
const problems = (files: Record<string, string>) => plan(files).problems.map((p) => [p.file.slice(dir.length + 1), p.line, p.message]);

describe("tern", () => {
  it("is detected by its separator and runs only the text above it going forward", () => {
    const text = `create table accounts (id serial primary key, balance float8 not null);\n\n${SEP}\n\ndrop table accounts;\n`;
    const p = planMigrations(tree(dir, { "001_create_accounts.sql": text, "002_add_email.sql": "alter table accounts add column email text not null;\n" }));
    expect(p.layout).toBe("tern");
    expect(p.problems).toEqual([]);
    expect(p.migrations.map(summary)).toEqual(["001|create_accounts|up=001_create_accounts.sql:tool|down=001_create_accounts.sql:tool", "002|add_email|up=002_add_email.sql:tool|down="]);
    const m = p.migrations[0];
    const up = only(m?.up ?? []);
    const down = only(m?.down ?? []);
    expect(up.text.includes("drop table")).toBe(false);
    expect(down.text.includes("create table")).toBe(false);
    expect(positionOf(down.text, "drop table")).toEqual({ line: 5, column: 1 });
    expect([up.markerLine, down.markerLine]).toEqual([undefined, 3]);
    expect([down.text.length, lineCount(down.text)]).toEqual([text.length, lineCount(text)]);
    expect(m?.id).toBe(`tern:${dir}:001_create_accounts`);
    expect(requiresDown("tern")).toBe(true);
  });

  it("is detected by a tern.conf beside {version}_{name}.sql files whose migrations have no downs", () => {
    expect(detectLayout(tree(dir, { "tern.conf": "", "001_a.sql": "select 1;" }))).toBe("tern");
    expect(detectLayout(tree(dir, { "001_a.sql": "select 1;" }))).toBe("plain");
    expect(detectLayout(tree(dir, { "tern.conf": "", "schema.sql": "select 1;" }))).not.toBe("tern");
  });

  it("orders by the numeric version and reports the names, gaps, duplicates and versions tern refuses", () => {
    const files = { "2_b.sql": "select 2;", "10_c.sql": "select 10;", "1_a.sql": "select 1;", "01_dup.sql": "select 1;", "notes.sql": "select 0;", "5.sql": "select 5;", "99999999999_big.sql": "select 9;" };
    expect(plan(files).migrations.map((m) => m.version)).toEqual(["01", "1", "2", "10"]);
    expect(problems(files)).toEqual([
      ["10_c.sql", 1, "version 10 follows 2, so versions 3 to 9 are missing (Missing migration 3): tern refuses to load the migrations"],
      ["1_a.sql", 1, "duplicate version 1 (also used by /repo/migrations/01_dup.sql)"],
      ["5.sql", 1, "file name does not match {version}_{name}.sql; tern ignores it"],
      ["99999999999_big.sql", 1, "version 99999999999 does not fit a 32-bit integer: tern refuses to load the migrations"],
      ["notes.sql", 1, "file name does not match {version}_{name}.sql; tern ignores it"],
    ]);
    expect(problems({ "0_zero.sql": "select 0;", "1_a.sql": "select 1;" })).toEqual([["0_zero.sql", 1, "version 0: tern numbers migrations from 1 and fails to load them (index out of range)"]]);
    expect(problems({ "2_b.sql": "select 2;" })).toEqual([["2_b.sql", 1, "version 2 follows 0, so version 1 is missing (Missing migration 1): tern refuses to load the migrations"]]);
  });

  it("reports a migration without SQL above the separator (ErrNoFwMigration)", () => {
    expect(problems({ "1_a.sql": `-- nothing yet\n\n${SEP}\ndrop table a;\n` })).toEqual([
      ["1_a.sql", 1, `no SQL above \`${SEP}\` (no sql in forward migration step): tern refuses to load the migrations`],
    ]);
  });

  it("runs a direction outside a transaction when that direction holds a ---- tern: disable-tx ---- line", () => {
    const p = plan({
      "1_a.sql": `---- tern: disable-tx ----\ncreate index concurrently a_idx on a (x);\n${SEP}\ndrop index a_idx;\n`,
      "2_b.sql": `create index b_idx on b (x);\n${SEP}\n---- tern: disable-tx ----\ndrop index concurrently b_idx;\n`,
      // Not the whole line: tern's pattern does not match.
      "3_c.sql": " ---- tern: disable-tx ----\ncreate index c_idx on c (x);\n",
    });
    expect(p.migrations.map(summary)).toEqual(["1|a|up=1_a.sql:none|down=1_a.sql:tool", "2|b|up=2_b.sql:tool|down=2_b.sql:none", "3|c|up=3_c.sql:tool|down="]);
    expect(p.migrations[0]?.up[0]?.optedOut).toBe(true);
  });

  it("plans an included template of a subdirectory as a part of the migration; other templates are ignored", () => {
    const files = tree(dir, {
      "001_a.sql": `create table a (id int);\n${SEP}\ndrop table a;\n`,
      "002_v.sql": `select 1;\n{{ template "shared/v1.sql" . }}\nselect 2;\n${SEP}\ndrop view v1;\n`,
      "003_w.sql": `-- Recreate the view.\n{{ template "shared/v1.sql" . }}\n${SEP}\n{{ template "shared/v1.sql" . }}\n`,
      "shared/v1.sql": "create view v1 as select * from a;\n",
      "shared/deep/unused.sql": "create table {{.prefix}}_bar (id int);\n",
    });
    const p = only(planRepository(files));
    expect([p.dir, p.layout, p.problems]).toEqual([dir, "tern", []]);
    const m = p.migrations[1];
    // SQL before the include: the file's own part first (the action blanked), then the template.
    expect(p.migrations.map(summary)).toEqual([
      "001|a|up=001_a.sql:tool|down=001_a.sql:tool",
      "002|v|up=002_v.sql:tool,v1.sql:tool|down=002_v.sql:tool",
      "003|w|up=v1.sql:tool,003_w.sql:tool|down=v1.sql:tool,003_w.sql:tool",
    ]);
    expect(m?.up[1]?.file).toBe(`${dir}/shared/v1.sql`);
    expect(m?.up[0]?.text).toBe(`select 1;\n${" ".repeat('{{ template "shared/v1.sql" . }}'.length)}\nselect 2;\n${" ".repeat(SEP.length)}\n${" ".repeat(13)}\n`);
    expect(p.migrations[2]?.down[1]?.markerLine).toBe(3);
    expect(p.ignored).toEqual([`${dir}/shared/deep/unused.sql`]);
  });

  it("plans a template a template includes before it, each once; a name that is no file includes nothing", () => {
    const files = tree(dir, {
      "001_a.sql": `{{ template "shared/view.sql" . }}\n{{ template "audit" . }}\n${SEP}\ndrop view v1;\n`,
      "shared/view.sql": '{{ template "shared/base/table.sql" . }}\n{{ template "shared/base/table.sql" . }}\ncreate view v1 as select * from a;\n',
      "shared/base/table.sql": "create table a (id int);\n",
      "shared/loop.sql": '{{ template "shared/loop.sql" . }}\n',
    });
    const p = only(planRepository(files));
    expect(p.problems).toEqual([]);
    expect(p.migrations.map(summary)).toEqual(["001|a|up=table.sql:tool,view.sql:tool,001_a.sql:tool|down=001_a.sql:tool"]);
    expect(p.ignored).toEqual([`${dir}/shared/loop.sql`]);
    const loop = problems({ "001_a.sql": `select 1;\n{{ template "shared/loop.sql" . }}\n`, "shared/loop.sql": '\n{{ template "shared/loop.sql" . }}\n' });
    expect(loop).toEqual([["shared/loop.sql", 2, 'the template "shared/loop.sql" includes itself (exceeded maximum template depth): tern fails to run the migration']]);
  });

  it("keeps another tool's history below a tern directory apart", () => {
    const files = [...tree(dir, { "001_a.sql": `select 1;\n${SEP}\n` }), ...tree(`${dir}/other`, { "1_x.up.sql": "select 1;", "1_x.down.sql": "select 1;" })];
    expect(planRepository(files).map((p) => [p.dir, p.layout])).toEqual([
      [dir, "tern"],
      [`${dir}/other`, "golang-migrate"],
    ]);
  });
});

describe("fixtures/layouts/tern: statements its README refers to", () => {
  const root = "/repo/tern/migrations";
  it.each([
    ["002_add_users_display_name.sql", "up", "ADD COLUMN display_name text", 2],
    ["002_add_users_display_name.sql", "down", "DROP COLUMN display_name", 6],
    ["003_create_orders.sql", "up", "CREATE INDEX users_created_at_idx", 4],
    ["shared/orders.sql", "up", "CREATE INDEX orders_user_id_idx", 6],
    ["004_index_users_email.sql", "up", "CREATE INDEX CONCURRENTLY", 2],
    ["005_index_orders_created_at.sql", "up", "CREATE INDEX CONCURRENTLY", 1],
  ] as const)("%s (%s): %j on line %i, in that part only, not in the other direction", (file, role, snippet, line) => {
    const p = only(planRepository(load("tern").files));
    const parts = p.migrations.flatMap((m) => (role === "up" ? m.up : m.down));
    const part = only(parts.filter((x) => x.file === `${root}/${file}` && x.text.includes(snippet)));
    expect(positionOf(part.text, snippet).line).toBe(line);
    expect(part.text.indexOf(snippet)).toBe(part.text.lastIndexOf(snippet));
    // Not in the file's other direction.
    const other = p.migrations.flatMap((m) => (role === "up" ? m.down : m.up)).filter((x) => x.file === part.file);
    expect(other.some((x) => x.text.includes(snippet))).toBe(false);
  });
});
