import { beforeAll, describe, expect, it } from "vitest";
import { neutralizeExtensionPlaceholders } from "../../src/migrations/extension-script.js";
import { planMigrations } from "../../src/migrations/layouts.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import { only, positionOf, tree } from "./helpers.js";

beforeAll(async () => {
  await initParser();
});

// timescaledb sql/updates/2.13.1--2.14.0.sql and sql/ddl_api.sql, shortened.
const SCRIPT = [
  "CREATE TABLE @extschema@.chunk_stats (id integer PRIMARY KEY);",
  "CREATE OR REPLACE FUNCTION @extschema@.add_job(proc regproc) RETURNS integer",
  "AS '@MODULE_PATHNAME@', 'ts_job_add' LANGUAGE C VOLATILE;",
  "ALTER FUNCTION @extschema@.add_job(regproc) SET search_path = pg_catalog, @extschema@;",
  "ALTER TABLE chunk_stats OWNER TO @extowner@;",
  "SELECT @extschema:postgis@.st_point(1, 2);",
  "",
].join("\n");

describe("extension script placeholders", () => {
  it("become a blanked qualifier or a neutral identifier of the same length, so the script parses at its own positions", () => {
    const out = neutralizeExtensionPlaceholders(SCRIPT);
    expect(out.length).toBe(SCRIPT.length);
    expect(out.split("\n")[0]).toBe(`CREATE TABLE ${" ".repeat("@extschema@.".length)}chunk_stats (id integer PRIMARY KEY);`);
    expect(out.split("\n")[3]).toBe("ALTER FUNCTION             add_job(regproc) SET search_path = pg_catalog, xxxxxxxxxxx;");
    expect(out.split("\n")[4]).toBe("ALTER TABLE chunk_stats OWNER TO xxxxxxxxxx;");
    expect(out.split("\n")[5]).toBe(`SELECT ${" ".repeat("@extschema:postgis@.".length)}st_point(1, 2);`);
    expect(parseSql(SCRIPT).problems.length).toBeGreaterThan(0);
    const parsed = parseSql(out);
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements.map((s) => parsed.source.rangeAtBytes(s.start, s.end).line)).toEqual([1, 2, 4, 5, 6]);
  });

  it("are neutralized in every migration part, text without one unchanged", () => {
    const plan = planMigrations(tree("/repo/sql/updates", { "2.13.1--2.14.0.sql": SCRIPT, "2.14.0--2.14.1.sql": "SELECT '@ext' AS a;" }));
    const [first, second] = plan.migrations;
    const up = only(first?.up ?? []);
    expect(positionOf(up.text, "chunk_stats")).toEqual({ line: 1, column: 26 });
    expect(up.text.includes("@extschema")).toBe(false);
    expect(only(second?.up ?? []).text).toBe("SELECT '@ext' AS a;");
  });
});
