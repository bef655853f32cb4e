import { describe, expect, it } from "vitest";
import { parseSqitchConf, parseSqitchPlan, planMigrations, planRepository, requiresDown } from "../../src/migrations/layouts.js";
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
      { file: `${dir}/deploy/stray.sql`, line: 1, kind: "manifest", message: "script not in sqitch.plan; sqitch ignores it" },
      { file: `${dir}/sqitch.plan`, line: 9, kind: "manifest", message: "change flips has no deploy/flips.sql" },
      { file: `${dir}/sqitch.plan`, line: 11, kind: "manifest", message: "unreadable plan line: this is not a plan line" },
    ]);
    expect(requiresDown("sqitch")).toBe(true);
  });
});

describe("sqitch.conf", () => {
  const PLAN1 = "%syntax-version=1.0.0\n%project=demo\n\nusers 2024-01-01T00:00:00Z Dev <dev@example.com> # users\n";
  const SCRIPTS = { "deploy/users.sql": "CREATE TABLE users (id bigint);", "revert/users.sql": "DROP TABLE users;", "verify/users.sql": "SELECT 1;" };
  const files = (conf: string, scripts: Record<string, string>) => tree("/repo", { "sqitch.conf": conf, ...scripts });
  const under = (dir: string, scripts: Record<string, string>) => Object.fromEntries(Object.entries(scripts).map(([k, v]) => [`${dir}/${k}`, v]));

  it("parses git-config syntax: sections, subsections, quotes, comments, continuations", () => {
    const conf = parseSqitchConf(
      ['[core]', '\tengine = pg', '\t# plan_file = sqitch.plan', '\t top_dir = ./sql ; a comment', '[engine "pg"]', '\ttarget = dev', '[Target "dev"]', '\turi = "db:pg:///registry"  # quoted', '\tREGISTRY = a\\', 'b', 'not a line'].join("\n"),
    );
    expect([...conf.settings].map(([k, v]) => [k, v.value, v.line])).toEqual([
      ["core.engine", "pg", 2],
      ["core.top_dir", "./sql", 4],
      ["engine.pg.target", "dev", 6],
      ["target.dev.uri", "db:pg:///registry", 8],
      ["target.dev.registry", "ab", 9],
    ]);
    expect(conf.problems).toEqual([{ line: 11, message: "unreadable line: not a line" }]);
  });

  it("honours [core] top_dir: the plan and scripts under it, one history in the directory of sqitch.conf (Tamarou/Registry)", () => {
    // The plan beside sqitch.conf is a stale copy: sqitch reads db/sqitch.plan.
    const all = files("[core]\n\tengine = pg\n\ttop_dir = db\n", { "sqitch.plan": PLAN1, ...under("db", { "sqitch.plan": PLAN1, ...SCRIPTS }), "seeds/dev.sql": "SELECT 1;" });
    const plans = planRepository(all);
    expect(plans.map((p) => [p.dir, p.layout, p.files.length])).toEqual([
      ["/repo", "sqitch", 6],
      ["/repo/seeds", "dump", 1],
    ]);
    const plan = plans[0];
    expect(plan?.problems).toEqual([]);
    expect(plan?.migrations.map((m) => [m.version, m.up[0]?.file, m.down[0]?.file, m.verify[0]?.file])).toEqual([
      ["users", "/repo/db/deploy/users.sql", "/repo/db/revert/users.sql", "/repo/db/verify/users.sql"],
    ]);
  });

  it("looks a setting up in the target's section, then the engine's, then [core]; plan_file and {script}_dir are relative to sqitch.conf", () => {
    const conf = [
      "[core]",
      "\tengine = pg",
      "\ttop_dir = wrong",
      '[engine "pg"]',
      "\ttarget = prod",
      "\ttop_dir = db",
      "\tdeploy_dir = db/up",
      '[target "prod"]',
      "\turi = db:pg://db.example.com/app",
      "\tplan_file = plans/app.plan",
      '[engine "mysql"]',
      "\ttop_dir = mysql",
    ].join("\n");
    const scripts = { "plans/app.plan": PLAN1, "db/up/users.sql": "CREATE TABLE users (id bigint);", "db/revert/users.sql": "DROP TABLE users;", "db/deploy/stray.sql": "" };
    const plan = planMigrations(files(conf, scripts));
    expect(plan.layout).toBe("sqitch");
    expect(plan.migrations.map((m) => [m.up[0]?.file, m.down[0]?.file])).toEqual([["/repo/db/up/users.sql", "/repo/db/revert/users.sql"]]);
    // db/deploy is not a script directory of this project: its SQL is none of sqitch's business.
    expect(plan.problems).toEqual([]);
    // The engine comes from the target's URI when [core] names the target rather than the engine.
    const byUri = planMigrations(files('[core]\n\ttarget = prod\n[target "prod"]\n\turi = db:postgres://h/app\n[engine "pg"]\n\ttop_dir = db\n', under("db", { "sqitch.plan": PLAN1, ...SCRIPTS })));
    expect(byUri.migrations.map((m) => m.up[0]?.file)).toEqual(["/repo/db/deploy/users.sql"]);
  });

  it("reports a plan the configuration names but that is missing, and a script a configured directory holds but the plan does not", () => {
    const plan = planMigrations(files("[core]\n\tengine = pg\n\ttop_dir = database\n", under("db", { "sqitch.plan": PLAN1, ...SCRIPTS })), { layout: "sqitch" });
    expect(plan.problems.filter((p) => p.file === "/repo/sqitch.conf")).toEqual([
      { file: "/repo/sqitch.conf", line: 3, kind: "manifest", message: "core.top_dir = database, but there is no database/sqitch.plan: sqitch cannot read its plan" },
    ]);
    const stray = planMigrations(files("[core]\n\ttop_dir = db\n\textension = ddl\n", under("db", { "sqitch.plan": PLAN1, ...SCRIPTS, "deploy/old.sql": "" })));
    expect(stray.problems).toEqual([
      { file: "/repo/db/deploy/old.sql", line: 1, kind: "manifest", message: "script not in sqitch.plan; sqitch ignores it" },
      { file: "/repo/sqitch.conf", line: 3, kind: "manifest", message: "core.extension = ddl: sqitch runs .ddl scripts, and schemalint reads only .sql files" },
    ]);
    // A missing deploy script is named relative to the directory of sqitch.conf.
    const missing = planMigrations(files("[core]\n\ttop_dir = db\n", under("db", { "sqitch.plan": PLAN1 })));
    expect(missing.problems).toEqual([{ file: "/repo/db/sqitch.plan", line: 4, kind: "manifest", message: "change users has no db/deploy/users.sql" }]);
  });

  it("reads reworked scripts (name@tag.sql) from reworked_dir", () => {
    const plan = `${PLAN1}@v1 2024-01-02T00:00:00Z Dev <dev@example.com>\nusers [users@v1] 2024-01-03T00:00:00Z Dev <dev@example.com>\n`;
    const result = planMigrations(
      files("[core]\n\ttop_dir = db\n\treworked_dir = db/reworked\n", {
        ...under("db", { "sqitch.plan": plan, "deploy/users.sql": "ALTER TABLE users ADD COLUMN a int;" }),
        "db/reworked/deploy/users@v1.sql": "CREATE TABLE users (id bigint);",
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.migrations.map((m) => [m.version, m.up[0]?.file])).toEqual([
      ["users@v1", "/repo/db/reworked/deploy/users@v1.sql"],
      ["users", "/repo/db/deploy/users.sql"],
    ]);
  });

  it("ignores a sqitch.conf that places no plan when there is none beside it: the plan's own directory is the project", () => {
    const plans = planRepository(files("[core]\n\tengine = pg\n", under("db", { "sqitch.plan": PLAN1, ...SCRIPTS })));
    expect(plans.map((p) => [p.dir, p.layout, p.migrations.length])).toEqual([
      ["/repo", "plain", 0],
      ["/repo/db", "sqitch", 1],
    ]);
  });
});
