import { describe, expect, it } from "vitest";
import { compareFlywayVersions, neutralizePlaceholders, planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { only, positionOf, summary, tree } from "./helpers.js";

const dir = "/repo/src/main/resources/db/migration";

describe("flyway layout", () => {
  it("orders versioned numerically, then repeatables by description, pairing undo", () => {
    const plan = planMigrations(
      tree(dir, {
        "R__views.sql": "CREATE OR REPLACE VIEW v AS SELECT 1;",
        "V1_10__later.sql": "SELECT 110;",
        "V1_9__earlier.sql": "SELECT 19;",
        "U1_9__earlier.sql": "SELECT -19;",
        "sub/V2__nested.sql": "SELECT 2;",
        "R__a_functions.sql": "SELECT 'f';",
        "V1.2__point.sql": "SELECT 12;",
        "B1_9__baseline.sql": "SELECT 'baseline';",
      }),
    );
    expect(plan.layout).toBe("flyway");
    // The baseline is no step of the history and no naming problem: a standalone schema after it.
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map(summary)).toEqual([
      "1.2|point|up=V1.2__point.sql:tool|down=",
      "1_9|earlier|up=V1_9__earlier.sql:tool|down=U1_9__earlier.sql:tool",
      "1_10|later|up=V1_10__later.sql:tool|down=",
      "2|nested|up=V2__nested.sql:tool|down=",
      "|a functions|up=R__a_functions.sql:tool|down=",
      "|views|up=R__views.sql:tool|down=",
      "1_9|baseline|up=B1_9__baseline.sql:tool|down=",
    ]);
    expect(plan.migrations.map((m) => m.repeatable)).toEqual([false, false, false, false, true, true, false]);
    expect(plan.migrations.map((m) => m.standalone === true)).toEqual([false, false, false, false, false, false, true]);
    expect(plan.migrations[6]?.id).toBe(`flyway:${dir}:B1_9`);
    expect(plan.migrations[5]?.id).toBe(`flyway:${dir}:R__views`);
    expect(plan.migrations[0]?.id).toBe(`flyway:${dir}:V1.2`);
  });

  it("on a new database's route (verify), starts from the latest baseline and skips the versions it covers", () => {
    const plan = planMigrations(
      tree(dir, {
        "B1_5__old_baseline.sql": "SELECT 'b15';",
        "B1_9__baseline.sql": "SELECT 'b19';",
        "V1_9__earlier.sql": "SELECT 19;",
        "V1_10__later.sql": "SELECT 110;",
        "R__views.sql": "CREATE OR REPLACE VIEW v AS SELECT 1;",
      }),
      { newDatabase: true },
    );
    expect(plan.problems).toEqual([]);
    expect(plan.migrations.map(summary)).toEqual(["1_9|baseline|up=B1_9__baseline.sql:tool|down=", "1_10|later|up=V1_10__later.sql:tool|down=", "|views|up=R__views.sql:tool|down="]);
    expect(plan.migrations[0]?.id).toBe(`flyway:${dir}:B1_9`);
  });

  it("compares versions split on . or _ with missing parts as zero", () => {
    expect(compareFlywayVersions("1.2", "1_2")).toBe(0);
    expect(compareFlywayVersions("1.0", "1")).toBe(0);
    expect(compareFlywayVersions("1_10", "1_9")).toBe(1);
    expect(compareFlywayVersions("2", "1.99")).toBe(1);
  });

  it("reports duplicate versions, undo without versioned, duplicate repeatables and stray files", () => {
    const plan = planMigrations(
      tree(dir, {
        "V1.2__a.sql": "",
        "V1_2__b.sql": "",
        "U3__gone.sql": "",
        "R__x.sql": "",
        "sub/R__x.sql": "",
        "V4_missing_separator.sql": "",
        "afterMigrate.sql": "",
      }),
      { layout: "flyway" },
    );
    // Duplicates are reported, and kept in file-name order under ids of their own.
    expect(plan.migrations.map((m) => m.name)).toEqual(["a", "b", "x", "x"]);
    expect(plan.migrations.map((m) => m.id)).toEqual([
      `flyway:${dir}:V1.2`,
      `flyway:${dir}:V1_2@V1_2__b.sql`,
      `flyway:${dir}:R__x`,
      `flyway:${dir}:R__x@R__x.sql`,
    ]);
    expect(plan.problems).toEqual([
      { file: `${dir}/U3__gone.sql`, line: 1, message: "undo migration for version 3 has no versioned migration" },
      { file: `${dir}/V1_2__b.sql`, line: 1, message: `duplicate version 1_2 (also used by ${dir}/V1.2__a.sql)` },
      {
        file: `${dir}/V4_missing_separator.sql`,
        line: 1,
        message: "file name does not match V{version}__{description}.sql, U{version}__{description}.sql or R__{description}.sql; flyway ignores it",
      },
      {
        file: `${dir}/afterMigrate.sql`,
        line: 1,
        message: "file name does not match V{version}__{description}.sql, U{version}__{description}.sql or R__{description}.sql; flyway ignores it",
      },
      { file: `${dir}/sub/R__x.sql`, line: 1, message: `duplicate repeatable migration "x" (also ${dir}/R__x.sql)` },
    ]);
  });

  it("replaces placeholders with same-length identifiers, and blanks a qualifier with its dot", () => {
    const sql = "CREATE TABLE ${schema}.t (a int);\nGRANT SELECT ON ${schema}.t TO ${flyway:user};\nSELECT '$1', $$x$$;";
    expect(neutralizePlaceholders(sql)).toBe("CREATE TABLE           t (a int);\nGRANT SELECT ON           t TO xxxxxxxxxxxxxx;\nSELECT '$1', $$x$$;");
    const qualified = 'CREATE INDEX i ON ${flyway:defaultSchema}.orders (a), "${s}".t, ${s}.${t}, ${s}. x';
    const blank = (s: string) => " ".repeat(s.length);
    expect(neutralizePlaceholders(qualified)).toBe(
      `CREATE INDEX i ON ${blank("${flyway:defaultSchema}.")}orders (a), ${blank('"${s}".')}t, ${blank("${s}.")}xxxx, xxxx. x`,
    );
    const m = only(planMigrations(tree(dir, { "V1__t.sql": sql })).migrations);
    const up = only(m.up);
    expect(up.text.length).toBe(sql.length);
    expect(up.text.includes("$")).toBe(true);
    expect(up.text.includes("${")).toBe(false);
    expect(positionOf(up.text, "TO x")).toEqual(positionOf(sql, "TO $"));
  });

  it("runs in a transaction unless the script's .conf says executeInTransaction=false", () => {
    const plan = planMigrations(
      tree(dir, {
        "V1__a.sql": "",
        "V2__idx.sql": "CREATE INDEX CONCURRENTLY i ON t (a);",
        "V2__idx.sql.conf": "executeInTransaction=false\n",
      }),
    );
    expect(plan.migrations.map((m) => m.up[0]?.transaction)).toEqual(["tool", "none"]);
    expect(requiresDown("flyway")).toBe(false);
  });
});
