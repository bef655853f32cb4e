import { describe, expect, it } from "vitest";
import { planMigrations, planRepository, requiresDown } from "../../src/migrations/layouts.js";
import { atlasSum, only, summary, tree } from "./helpers.js";

const journal = (...tags: string[]): string =>
  JSON.stringify({ version: "7", dialect: "postgresql", entries: tags.map((tag, idx) => ({ idx, version: "7", when: 1700000000000 + idx, tag, breakpoints: true })) }, null, 2);

describe("drizzle", () => {
  const dir = "/r/drizzle";

  it("runs exactly the journal's entries, in journal order, all in the migrator's one transaction", () => {
    const plan = planMigrations(
      tree(dir, { "meta/_journal.json": journal("0001_b", "0000_a"), "0000_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;\n--> statement-breakpoint\nSELECT 2;" }),
    );
    expect(plan.layout).toBe("drizzle");
    expect(plan.migrations.map(summary)).toEqual(["0001|b|up=0001_b.sql:tool|down=", "0000|a|up=0000_a.sql:tool|down="]);
    expect(plan.problems).toEqual([]);
    expect(requiresDown("drizzle")).toBe(false);
  });

  it("reports a file the journal does not list and an entry without its file, on the entry's line", () => {
    const plan = planMigrations(tree(dir, { "meta/_journal.json": journal("0000_a", "0001_gone"), "0000_a.sql": "", "0002_orphan.sql": "" }));
    expect(plan.migrations.map(summary)).toEqual(["0000|a|up=0000_a.sql:tool|down="]);
    expect(plan.problems).toEqual([
      { file: `${dir}/0002_orphan.sql`, line: 1, kind: "manifest", message: "0002_orphan.sql is not in meta/_journal.json; drizzle ignores it" },
      { file: `${dir}/meta/_journal.json`, line: 16, kind: "manifest", message: `journal entry "0001_gone" has no file 0001_gone.sql; drizzle's migrator fails on it` },
    ]);
  });

  it("reports a journal that is not JSON with its line, without throwing", () => {
    const plan = planMigrations(tree(dir, { "meta/_journal.json": '{\n  "entries": [\n    {"tag": "0000_a",}\n  ]\n}', "0000_a.sql": "" }));
    expect(plan.migrations).toEqual([]);
    const [orphan, bad] = plan.problems;
    expect(bad?.file).toBe(`${dir}/meta/_journal.json`);
    expect(bad?.line).toBe(3);
    expect(bad?.message).toMatch(/^not valid JSON \(.+\); drizzle's migrator cannot read it$/u);
    expect(orphan?.file).toBe(`${dir}/0000_a.sql`);
  });

  it("groups meta/_journal.json with the migrations beside meta/", () => {
    const plan = only(planRepository(tree(dir, { "meta/_journal.json": journal("0000_a"), "0000_a.sql": "" })));
    expect([plan.dir, plan.layout, plan.migrations.length]).toEqual([dir, "drizzle", 1]);
  });
});

describe("atlas", () => {
  const dir = "/r/migrations";

  it("orders files by name as strings; each file in its own transaction unless its header says atlas:txmode none", () => {
    const files = {
      "2_b.sql": "-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t (a);",
      "10_a.sql": "SELECT 1;",
      "3.sql": "-- a comment\n-- atlas:txmode none\n\nSELECT 1;",
      "4_c.sql": "SELECT 1;\n-- atlas:txmode none\n",
    };
    const plan = planMigrations(
      tree(dir, { ...files, "atlas.sum": atlasSum(files) }),
    );
    expect(plan.layout).toBe("atlas");
    expect(plan.migrations.map(summary)).toEqual(["10|a|up=10_a.sql:tool|down=", "2|b|up=2_b.sql:none|down=", "3||up=3.sql:none|down=", "4|c|up=4_c.sql:tool|down="]);
    expect(plan.problems).toEqual([]);
    expect(requiresDown("atlas")).toBe(false);
  });

  it("reports a txmode directive Atlas ignores (no empty line after the header) and keeps the transaction", () => {
    const files = { "1_a.sql": "-- x\n-- atlas:txmode none\nCREATE INDEX CONCURRENTLY i ON t (a);" };
    const plan = planMigrations(tree(dir, { ...files, "atlas.sum": atlasSum(files) }));
    expect(only(only(plan.migrations).up).transaction).toBe("tool");
    expect(plan.problems).toEqual([
      {
        file: `${dir}/1_a.sql`,
        line: 2,
        kind: "marker",
        message: "this atlas:txmode directive is not in the file header (comment lines at the top followed by an empty line); Atlas ignores it",
      },
    ]);
  });

  it("reports .sql files in subdirectories, which Atlas does not read", () => {
    const plan = planMigrations(tree(dir, { "atlas.sum": atlasSum({ "1_a.sql": "" }), "1_a.sql": "", "sub/2_b.sql": "" }));
    expect(plan.migrations.map(summary)).toEqual(["1|a|up=1_a.sql:tool|down="]);
    expect(plan.problems.map((p) => p.file)).toEqual([`${dir}/sub/2_b.sql`]);
  });

  it("checks atlas.sum against the files beside it, as atlas migrate apply does first", () => {
    const files = { "1_a.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n", "2_b.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\n" };
    const edited = planMigrations(tree(dir, { ...files, "2_b.sql": "CREATE TABLE b (id integer PRIMARY KEY);\n", "atlas.sum": atlasSum(files) }));
    expect(edited.migrations).toHaveLength(2);
    expect(edited.problems).toEqual([
      { file: `${dir}/2_b.sql`, line: 1, kind: "checksum", message: `"2_b.sql" was edited after atlas.sum was written (its hash on line 3 differs): Atlas rejects the directory ("checksum mismatch")` },
    ]);
  });
});
