import { describe, expect, it } from "vitest";
import { planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { only, summary, tree } from "./helpers.js";

const dir = "/repo/db/migrations";

describe("golang-migrate layout", () => {
  it("orders by numeric version and pairs up with down", () => {
    const plan = planMigrations(
      tree(dir, {
        "10_ten.up.sql": "SELECT 10;",
        "9_nine.down.sql": "SELECT -9;",
        "9_nine.up.sql": "SELECT 9;",
        "000001_one.up.sql": "SELECT 1;",
        "README.md": "# notes",
      }),
    );
    expect(plan.layout).toBe("golang-migrate");
    expect(plan.migrations.map(summary)).toEqual([
      "000001|one|up=000001_one.up.sql:tool|down=",
      "9|nine|up=9_nine.up.sql:tool|down=9_nine.down.sql:tool",
      "10|ten|up=10_ten.up.sql:tool|down=",
    ]);
    expect(plan.problems).toEqual([]);
    const nine = plan.migrations[1];
    expect(nine?.id).toBe(`golang-migrate:${dir}:9_nine`);
    expect(nine?.up[0]?.text).toBe("SELECT 9;");
    expect(nine?.down[0]?.role).toBe("down");
    expect(nine?.repeatable).toBe(false);
  });

  it("orders timestamp versions", () => {
    const plan = planMigrations(
      tree(dir, { "20240101120000_b.up.sql": "", "20231231235959_a.up.sql": "", "20240101115959_c.up.sql": "" }),
    );
    expect(plan.migrations.map((m) => m.version)).toEqual(["20231231235959", "20240101115959", "20240101120000"]);
  });

  it("reports duplicate versions, downs without ups and files that do not match", () => {
    const plan = planMigrations(
      tree(dir, { "1_a.up.sql": "", "01_b.up.sql": "", "2_orphan.down.sql": "", "3_plain.sql": "" }),
      { layout: "golang-migrate" },
    );
    expect(plan.migrations.map((m) => `${m.version}_${m.name}`)).toEqual(["01_b"]);
    expect(plan.problems).toEqual([
      { file: `${dir}/1_a.up.sql`, line: 1, message: `duplicate version 1 (also used by ${dir}/01_b.up.sql)` },
      { file: `${dir}/2_orphan.down.sql`, line: 1, message: "down migration for version 2 has no up migration" },
      {
        file: `${dir}/3_plain.sql`,
        line: 1,
        message: "file name does not match {version}_{title}.up.sql or {version}_{title}.down.sql; golang-migrate ignores it",
      },
    ]);
  });

  it("overrides the transaction state with assumeInTransaction", () => {
    const files = tree(dir, { "1_a.up.sql": "", "1_a.down.sql": "" });
    const none = only(planMigrations(files, { assumeInTransaction: false }).migrations);
    expect([none.up[0]?.transaction, none.down[0]?.transaction]).toEqual(["none", "none"]);
    const tool = only(planMigrations(files, { assumeInTransaction: true }).migrations);
    expect(tool.up[0]?.transaction).toBe("tool");
  });

  it("requires a down", () => {
    expect(requiresDown("golang-migrate")).toBe(true);
  });
});
