import { beforeAll, describe, expect, it } from "vitest";
import { planMigrations } from "../../src/migrations/layouts.js";
import { neutralizeTemplates, rendersWholeFile } from "../../src/migrations/templates.js";
import { initParser, parseSql } from "../../src/parser/parse.js";
import { withDoBlocks } from "../../src/parser/do-block.js";
import { tree } from "./helpers.js";

beforeAll(async () => {
  await initParser();
});

const NS = '{{ index .Options "Namespace" }}';
const BODY = `do $$\nbegin\n  if not exists (select 1 from t where c = '{{1,2}}') then\n    alter table ${NS}.identities rename column id to provider_id;\n  end if;\nend $$;\n`;
const POP: Parameters<typeof planMigrations>[1] = { project: { manifest: "go.mod", path: "/repo/go.mod", dependencies: ["github.com/gobuffalo/pop/v6"] } };

/** The statements a DO block of `text` runs, as the model reads them. */
function doStatements(text: string): string[] {
  const file = parseSql(text);
  return withDoBlocks(file.statements, file.source)
    .filter((s) => s.inDoBlock === true)
    .map((s) => text.slice(s.start, s.end));
}

describe("Go template actions in dollar-quoted bodies", () => {
  it("are neutralized when an action outside literals shows the file is rendered, literals inside the body still left alone", () => {
    const sql = `alter table ${NS}.identities add column provider text;\n${BODY}`;
    const out = neutralizeTemplates(sql);
    expect(out.length).toBe(sql.length);
    expect(out).toContain("'{{1,2}}'");
    expect(out).toContain(`alter table ${" ".repeat(NS.length + 1)}identities rename column id to provider_id;`);
    expect(doStatements(out)).toEqual([`alter table ${" ".repeat(NS.length + 1)}identities rename column id to provider_id`]);
    // Before the fix the body did not parse: the block ran nothing in the model.
    expect(doStatements(sql)).toEqual([]);
  });

  it("are left alone in a file with no other action unless the tool renders whole files", () => {
    expect(neutralizeTemplates(BODY)).toBe(BODY);
    expect(neutralizeTemplates("SELECT $${{1,2},{3,4}}$$::int[][];")).toBe("SELECT $${{1,2},{3,4}}$$::int[][];");
    const whole = neutralizeTemplates(BODY, true);
    expect(whole).toContain(`alter table ${" ".repeat(NS.length + 1)}identities`);
    expect(whole).toContain("'{{1,2}}'");
  });

  it("are neutralized inside nested and tagged dollar quotes, and an unclosed one to the end", () => {
    const sql = "DO $outer$ BEGIN EXECUTE $q$ SELECT {{.A}} $q$; END $outer$; SELECT $u$ {{.B}}";
    expect(neutralizeTemplates(sql, true)).toBe(`DO $outer$ BEGIN EXECUTE $q$ SELECT ${"x".repeat(6)} $q$; END $outer$; SELECT $u$ ${"x".repeat(6)}`);
  });

  it("are neutralized for gobuffalo/pop projects (go.mod) and popx, whose tools render every file", () => {
    expect(rendersWholeFile(POP.project)).toBe(true);
    expect(rendersWholeFile({ manifest: "go.mod", path: "/repo/go.mod", dependencies: ["github.com/golang-migrate/migrate/v4"] })).toBe(false);
    expect(rendersWholeFile({ manifest: "Cargo.toml", path: "/repo/Cargo.toml", dependencies: ["github.com/gobuffalo/pop"] })).toBe(false);
    const files = tree("/repo/migrations", { "1_a.up.sql": BODY, "1_a.down.sql": "" });
    const text = (plan: ReturnType<typeof planMigrations>): string => plan.migrations[0]?.up[0]?.text ?? "";
    expect(text(planMigrations(files))).toBe(BODY);
    expect(text(planMigrations(files, POP))).toContain(`alter table ${" ".repeat(NS.length + 1)}identities`);
    const popx = planMigrations(tree("/repo/migrations", { "1_a.postgres.up.sql": BODY }));
    expect(popx.layout).toBe("popx");
    expect(text(popx)).toContain(`alter table ${" ".repeat(NS.length + 1)}identities`);
  });
});

describe("DO blocks whose body does not parse", () => {
  it("are counted as unparsed for --debug", () => {
    const file = parseSql("DO $$ BEGIN ALTER TABLE t ADD c {{ int; END $$;\nDO $$ BEGIN EXECUTE 'x'; END $$;");
    const counts: [number, boolean][] = [];
    withDoBlocks(file.statements, file.source, (n, unparsed = false) => counts.push([n, unparsed]));
    expect(counts).toEqual([
      [1, true],
      [1, false],
    ]);
  });
});
