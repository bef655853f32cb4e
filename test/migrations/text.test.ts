import { beforeAll, describe, expect, it } from "vitest";
import { planMigrations } from "../../src/migrations/layouts.js";
import { neutralizeTemplates } from "../../src/migrations/templates.js";
import { blank, commonDir, compareVersions, keepRange, splitLines } from "../../src/migrations/text.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import { tree } from "./helpers.js";

beforeAll(async () => {
  await initParser();
});

describe("text helpers", () => {
  it("blanks every UTF-16 code unit but keeps line breaks", () => {
    expect(blank("a😀\r\nb\rc\n")).toBe("   \r\n \r \n");
    expect(keepRange("ab\ncd\nef", 3, 5)).toBe("  \ncd\n  ");
  });

  it("splits lines on \\n, \\r\\n and \\r", () => {
    expect(splitLines("a\r\nb\rc\n").map((l) => [l.number, l.text, l.start, l.next])).toEqual([
      [1, "a", 0, 3],
      [2, "b", 3, 5],
      [3, "c", 5, 7],
      [4, "", 7, 7],
    ]);
  });

  it("compares versions numerically", () => {
    const sorted = ["10_b", "9_a", "0010_c", "2_x", "1_9", "1_10"].sort(compareVersions);
    expect(sorted).toEqual(["1_9", "1_10", "2_x", "9_a", "10_b", "0010_c"]);
    expect(compareVersions("20240101120000", "20231231235959")).toBeGreaterThan(0);
    expect(compareVersions("99999999999999999999", "100000000000000000000")).toBeLessThan(0);
  });

  it("finds the common directory", () => {
    expect(commonDir(["/r/db/a.sql", "/r/db/x/b.sql"])).toBe("/r/db");
    expect(commonDir(["/r/a.sql"])).toBe("/r");
    expect(commonDir(["/a.sql", "/b/c.sql"])).toBe("/");
  });
});

describe("Go template actions", () => {
  it("become a same-length identifier where they print a value, spaces with the dot where they qualify a name, every position kept", () => {
    const sql = 'CREATE TABLE {{.Schema}}.executions (id int);\nINSERT INTO t VALUES ({{ index .Options "Namespace" }});\n';
    const out = neutralizeTemplates(sql);
    const x = (action: string): string => "x".repeat(action.length);
    expect(out).toBe(`CREATE TABLE ${" ".repeat("{{.Schema}}.".length)}executions (id int);\nINSERT INTO t VALUES (${x('{{ index .Options "Namespace" }}')});\n`);
    expect(out.length).toBe(sql.length);
    expect(parseSql(out).problems).toEqual([]);
    expect(parseSql(sql).problems).not.toEqual([]);
  });

  it("become spaces where they print nothing: control actions, comments, variables, trim markers", () => {
    const sql = '{{- /* header\n comment */ -}}\n{{ $n := "x" }}{{ if .IsPostgreSQL }}\nCREATE INDEX CONCURRENTLY i ON t (a);\n{{- else }}\nCREATE INDEX i ON t (a);\n{{ end -}}\n';
    const out = neutralizeTemplates(sql);
    expect(out.split("\n").map((l) => l.trim())).toEqual(["", "", "", "CREATE INDEX CONCURRENTLY i ON t (a);", "", "CREATE INDEX i ON t (a);", "", ""]);
    expect(out.length).toBe(sql.length);
    expect(parseSql(out).problems).toEqual([]);
  });

  it("keeps an action spanning lines one identifier, and skips }} inside the action's Go strings", () => {
    const sql = 'SELECT {{ printf "%s}}" \n  .Name }} AS a;';
    expect(neutralizeTemplates(sql)).toBe(`SELECT ${"x".repeat('{{ printf "%s}}" '.length)}\n${" ".repeat("  .Name }}".length)} AS a;`);
  });

  it("leaves string literals, quoted identifiers, dollar quotes and comments alone", () => {
    const sql = [
      "SELECT '{{1,2},{3,4}}'::int[][], E'{{\\'x\\'}}', \"{{ not closed\".t;",
      "CREATE TABLE j (doc jsonb DEFAULT '{\"a\": {{\"b\": 1}}}');",
      "DO $$ BEGIN RAISE NOTICE '{{x}}'; END $$; -- {{ not a template }}",
      "/* {{ nor /* nested */ this }} */ SELECT 1;",
    ].join("\n");
    expect(neutralizeTemplates(sql)).toBe(sql);
  });

  it("replaces actions inside quoted identifiers, also when their Go strings hold quotes; a whole qualifier goes with its quotes and dot", () => {
    const sql = 'CREATE INDEX i ON "{{ index .Options "Namespace" }}".users (email);\nCREATE TABLE "{{.Prefix}}_users" (id int);\nSELECT "{{.Col}}" FROM t;';
    const out = neutralizeTemplates(sql);
    expect(out).toBe(
      `CREATE INDEX i ON ${" ".repeat('"{{ index .Options "Namespace" }}".'.length)}users (email);\nCREATE TABLE "${"x".repeat("{{.Prefix}}".length)}_users" (id int);\nSELECT "${"x".repeat("{{.Col}}".length)}" FROM t;`,
    );
    expect(parseSql(out).problems).toEqual([]);
    expect(parseSql(sql).problems).not.toEqual([]);
  });

  it("leaves an unclosed action as it is", () => {
    expect(neutralizeTemplates("SELECT {{ .Name ;")).toBe("SELECT {{ .Name ;");
  });

  it("is applied to every planned part", () => {
    const plan = planMigrations(tree("/repo/sql", { "001_a.sql": "CREATE SCHEMA {{.Schema}};" }));
    expect(plan.migrations[0]?.up[0]?.text).toBe(`CREATE SCHEMA ${"x".repeat(11)};`);
    // A qualifier spelt two ways is one schema: the default one.
    expect(neutralizeTemplates("ALTER TABLE {{ .Schema }}.t ADD c int; DROP TABLE {{.Schema}}.\"T\";")).toBe(`ALTER TABLE ${" ".repeat(14)}t ADD c int; DROP TABLE ${" ".repeat(12)}"T";`);
  });
});
