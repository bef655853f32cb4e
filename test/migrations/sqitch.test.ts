import { describe, expect, it } from "vitest";
import { parseSqitchPlan, planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { tree } from "./helpers.js";

const dir = "/repo/db";

const PLAN = [
  "%syntax-version=1.0.0",
  "%project=flipr",
  "%uri=https://github.com/example/flipr/",
  "",
  "# a comment",
  "appschema 2024-01-01T10:00:00Z Marge N. O'Vera <marge@example.com> # Add schema.",
  "users [appschema] 2024-01-02T10:00:00Z Marge N. O'Vera <marge@example.com> # Creates users.",
  "@v1.0 2024-01-03T10:00:00Z Marge N. O'Vera <marge@example.com> # Tag v1.0.",
  "flips [appschema users !legacy] 2024-01-04T10:00:00Z Marge <marge@example.com>",
  "users [users@v1.0] 2024-01-05T10:00:00Z Marge <marge@example.com> # Rework users.",
  "this is not a plan line",
].join("\n");

describe("sqitch plan parsing", () => {
  it("reads pragmas, changes with dependencies and tags", () => {
    const plan = parseSqitchPlan(PLAN);
    expect([...plan.pragmas]).toEqual([
      ["syntax-version", "1.0.0"],
      ["project", "flipr"],
      ["uri", "https://github.com/example/flipr/"],
    ]);
    expect(plan.entries.map((e) => `${e.kind}:${e.name}@${e.line}`)).toEqual(["change:appschema@6", "change:users@7", "tag:v1.0@8", "change:flips@9", "change:users@10"]);
    expect(plan.entries[2]).toEqual({
      kind: "tag",
      name: "v1.0",
      line: 8,
      planned: "2024-01-03T10:00:00Z",
      planner: "Marge N. O'Vera",
      email: "marge@example.com",
      note: "Tag v1.0.",
    });
    expect(plan.entries[3]).toEqual({
      kind: "change",
      name: "flips",
      line: 9,
      operator: "+",
      requires: ["appschema", "users"],
      conflicts: ["legacy"],
      planned: "2024-01-04T10:00:00Z",
      planner: "Marge",
      email: "marge@example.com",
      note: "",
    });
    expect(plan.problems).toEqual([{ line: 11, message: "unreadable plan line: this is not a plan line" }]);
  });
});

describe("sqitch layout", () => {
  it("plans changes in plan order with deploy, revert and verify scripts and reworks", () => {
    const plan = planMigrations(
      tree(dir, {
        "sqitch.plan": PLAN,
        "sqitch.conf": "[core]\n\tengine = pg\n",
        "deploy/appschema.sql": "BEGIN; CREATE SCHEMA flipr; COMMIT;",
        "revert/appschema.sql": "DROP SCHEMA flipr;",
        "verify/appschema.sql": "SELECT pg_catalog.has_schema_privilege('flipr', 'usage');",
        "deploy/users@v1.0.sql": "CREATE TABLE users ();",
        "deploy/users.sql": "ALTER TABLE users ADD COLUMN a int;",
        "revert/users.sql": "ALTER TABLE users DROP COLUMN a;",
        "deploy/stray.sql": "",
        "seed/dev.sql": "INSERT INTO users DEFAULT VALUES;",
      }),
    );
    expect(plan.layout).toBe("sqitch");
    expect(plan.migrations.map((m) => [m.version, m.name, m.up.map((p) => p.file), m.down.map((p) => p.file), m.verify.map((p) => p.role)])).toEqual([
      ["appschema", "appschema", [`${dir}/deploy/appschema.sql`], [`${dir}/revert/appschema.sql`], ["verify"]],
      ["users@v1.0", "users", [`${dir}/deploy/users@v1.0.sql`], [], []],
      ["users", "users", [`${dir}/deploy/users.sql`], [`${dir}/revert/users.sql`], []],
    ]);
    expect(plan.migrations.flatMap((m) => [...m.up, ...m.down, ...m.verify].map((p) => p.transaction))).toEqual(["none", "none", "none", "none", "none", "none"]);
    expect(plan.migrations[0]?.id).toBe(`sqitch:${dir}:appschema`);
    expect(plan.problems).toEqual([
      { file: `${dir}/deploy/stray.sql`, line: 1, message: "script not in sqitch.plan; sqitch ignores it" },
      { file: `${dir}/sqitch.plan`, line: 9, message: "change flips has no deploy/flips.sql" },
      { file: `${dir}/sqitch.plan`, line: 11, message: "unreadable plan line: this is not a plan line" },
    ]);
    expect(requiresDown("sqitch")).toBe(true);
  });
});
