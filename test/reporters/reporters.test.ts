import { existsSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultOf, type LintResult } from "../../src/lint-result.js";
import { compact, displayPath } from "../../src/reporters/compact.js";
import { BUILTIN_FORMATS, formatterContext, loadFormatter, rulesMeta, UnknownFormatError } from "../../src/reporters/index.js";
import { json } from "../../src/reporters/json.js";
import { pretty } from "../../src/reporters/pretty.js";
import { rules } from "../../src/rules/index.js";
import { docsUrl } from "../../src/rules/rule.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cwd = path.resolve(os.tmpdir(), "schemalint-reporter-project");
const FLOAT_MESSAGE = 'Column "prix" of "produits" stores money as "real" — €, 日本, naïve.';
const FK_MESSAGE = 'Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns.';

function sampleResults(): LintResult[] {
  return [
    resultOf(
      path.join(cwd, "db", "migrations", "001_init.sql"),
      [
        { ruleId: "require-fk-index", severity: 1, message: FK_MESSAGE, line: 4, column: 3, endLine: 4, endColumn: 40, help: "Create an index." },
        { ruleId: "no-float-money", severity: 2, message: FLOAT_MESSAGE, line: 2, column: 5, endLine: 2, endColumn: 14, help: "Use numeric(12, 2)." },
      ],
      [],
    ),
    resultOf(
      path.join(cwd, "db", "002_broken.sql"),
      [{ ruleId: "parse-error", severity: 2, fatal: true, message: 'Syntax error at or near ";".', line: 3, column: 11 }],
      [],
    ),
    resultOf(
      path.join(cwd, "db", "003_multi.sql"),
      [{ ruleId: null, severity: 1, message: "first line\n   second line\r\n\r\n\tthird line", line: 1, column: 1 }],
      [],
    ),
    resultOf(path.join(cwd, "db", "004_clean.sql"), [], []),
    resultOf(
      path.resolve(cwd, "..", "elsewhere", "x.sql"),
      [{ ruleId: "read-error", severity: 2, fatal: true, message: "File is binary (it contains NUL bytes), not SQL text: it was not linted.", line: 1, column: 3 }],
      [],
    ),
  ];
}

describe("resultOf", () => {
  it("sorts messages and counts errors, warnings and fatal errors", () => {
    const [first, second] = sampleResults();
    expect(first?.messages.map((m) => m.ruleId)).toEqual(["no-float-money", "require-fk-index"]);
    expect(first).toMatchObject({ errorCount: 1, warningCount: 1, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [] });
    expect(second).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 1 });
  });
});

describe("displayPath", () => {
  it("is relative to cwd with forward slashes", () => {
    expect(displayPath(path.join(cwd, "db", "migrations", "a.sql"), cwd)).toBe("db/migrations/a.sql");
  });

  it("keeps a directory whose name starts with two dots relative", () => {
    expect(displayPath(path.join(cwd, "..data", "a.sql"), cwd)).toBe("..data/a.sql");
  });

  it("keeps paths outside cwd absolute", () => {
    const outside = path.resolve(cwd, "..", "other", "a.sql");
    expect(displayPath(outside, cwd)).toBe(outside.split(path.sep).join("/"));
  });
});

describe("compact", () => {
  const context = formatterContext(cwd);

  it("prints one line per finding and a summary", () => {
    const outside = path.resolve(cwd, "..", "elsewhere", "x.sql").split(path.sep).join("/");
    expect(compact(sampleResults(), context)).toBe(
      [
        `db/migrations/001_init.sql:2:5: error: ${FLOAT_MESSAGE} [no-float-money]`,
        `db/migrations/001_init.sql:4:3: warning: ${FK_MESSAGE} [require-fk-index]`,
        'db/002_broken.sql:3:11: error: Syntax error at or near ";". [parse-error]',
        "db/003_multi.sql:1:1: warning: first line second line third line [schemalint]",
        `${outside}:1:3: error: File is binary (it contains NUL bytes), not SQL text: it was not linted. [read-error]`,
        "",
        "5 problems (3 errors, 2 warnings)",
        "",
      ].join("\n"),
    );
  });

  it("is empty when there are no problems", () => {
    expect(compact([], context)).toBe("");
    expect(compact([resultOf(path.join(cwd, "a.sql"), [], []), resultOf(path.join(cwd, "b.sql"), [], [])], context)).toBe("");
  });

  it("uses singular words for one problem", () => {
    const one = resultOf(path.join(cwd, "a.sql"), [{ ruleId: "no-float-money", severity: 2, message: "m", line: 1, column: 2 }], []);
    expect(compact([one], context)).toBe("a.sql:1:2: error: m [no-float-money]\n\n1 problem (1 error, 0 warnings)\n");
    const warning = resultOf(path.join(cwd, "a.sql"), [{ ruleId: "require-fk-index", severity: 1, message: "w", line: 3, column: 1 }], []);
    expect(compact([warning], context)).toBe("a.sql:3:1: warning: w [require-fk-index]\n\n1 problem (0 errors, 1 warning)\n");
  });

  it("ignores suppressed messages", () => {
    const suppressed = { ruleId: "no-float-money", severity: 2 as const, message: "hidden", line: 1, column: 1, suppressions: [{ kind: "directive" as const, justification: "" }] };
    expect(compact([resultOf(path.join(cwd, "a.sql"), [], [suppressed])], context)).toBe("");
  });
});

describe("json", () => {
  it("is exactly JSON.stringify(results) and a newline", () => {
    const results = sampleResults();
    const output = json(results);
    expect(output).toBe(`${JSON.stringify(results)}\n`);
    expect(JSON.parse(output)).toEqual(results);
  });

  it("keeps non-ASCII text and newlines in messages", () => {
    const output = json(sampleResults());
    expect(output).toContain("— €, 日本, naïve.");
    expect(output).toContain(String.raw`first line\n   second line\r\n\r\n\tthird line`);
    expect(output.split("\n")).toEqual([JSON.stringify(sampleResults()), ""]);
  });

  it("prints [] for no results", () => {
    expect(json([])).toBe("[]\n");
  });
});

describe("pretty", () => {
  it("shows the messages, their help and rule ids", async () => {
    const output = stripVTControlCharacters(await pretty(sampleResults(), formatterContext(cwd)));
    expect(output).toContain(FLOAT_MESSAGE);
    expect(output).toContain("Use numeric(12, 2).");
    expect(output).toContain(FK_MESSAGE);
    expect(output).toContain("Create an index.");
    expect(output).toContain('Syntax error at or near ";".');
    expect(output).toContain("File is binary (it contains NUL bytes)");
    for (const id of ["no-float-money", "require-fk-index", "parse-error", "read-error"]) expect(output).toContain(id);
    expect(output).toContain("3 errors");
    expect(output).toContain("2 warnings");
  });

  it("prints nothing for clean results", async () => {
    expect(stripVTControlCharacters(await pretty([resultOf(path.join(cwd, "a.sql"), [], [])], formatterContext(cwd))).trim()).toBe("");
  });
});

describe("rulesMeta", () => {
  it("has a docs URL and description for every rule", () => {
    const meta = rulesMeta();
    expect(Object.keys(meta).sort()).toEqual(rules.map((r) => r.meta.id).sort());
    for (const { meta: rule } of rules) {
      const entry = meta[rule.id];
      expect(entry?.docs.url).toBe(docsUrl(rule.id));
      expect(entry?.docs.url.endsWith(`/docs/rules/${rule.id}.md`)).toBe(true);
      expect(entry?.docs.url.startsWith("https://")).toBe(true);
      expect(entry?.docs.description).toBe(rule.summary);
      expect(existsSync(path.join(ROOT, "docs", "rules", `${rule.id}.md`))).toBe(true);
    }
  });

  it("marks migration rules as problems and the others as suggestions", () => {
    const meta = rulesMeta();
    for (const { meta: rule } of rules) expect(meta[rule.id]?.type).toBe(rule.category === "migrations" ? "problem" : "suggestion");
  });

  it("is passed to formatters through formatterContext", () => {
    expect(formatterContext(cwd)).toEqual({ cwd, rulesMeta: rulesMeta() });
  });
});

describe("loadFormatter", () => {
  let dir = "";

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "schemalint-formatter-")));
    const pkg = async (name: string, files: Record<string, string>): Promise<void> => {
      const base = path.join(dir, "node_modules", name);
      await mkdir(base, { recursive: true });
      for (const [file, content] of Object.entries(files)) await writeFile(path.join(base, file), content);
    };
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "formatter-host" }));
    await pkg("eslint-formatter-demo", {
      "package.json": JSON.stringify({ name: "eslint-formatter-demo", version: "1.0.0", main: "index.js" }),
      "index.js": 'module.exports = (results, data) => "demo:" + results.length + ":" + data.cwd + ":" + Object.keys(data.rulesMeta).join(",");\n',
    });
    await pkg("eslint-formatter-esm", {
      "package.json": JSON.stringify({ name: "eslint-formatter-esm", version: "1.0.0", type: "module", main: "index.js" }),
      "index.js": 'export default async (results) => "esm:" + results.map((r) => r.messages.length).join(",");\n',
    });
    await pkg("eslint-formatter-broken", {
      "package.json": JSON.stringify({ name: "eslint-formatter-broken", version: "1.0.0", main: "index.js" }),
      "index.js": "module.exports = 42;\n",
    });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("knows the built-in formats", async () => {
    expect(BUILTIN_FORMATS).toEqual(["pretty", "compact", "json", "checklist", "github", "sarif", "junit", "gitlab"]);
    expect(await loadFormatter("compact", cwd)).toBe(compact);
    expect(await loadFormatter("json", cwd)).toBe(json);
    expect(await loadFormatter("pretty", cwd)).toBe(pretty);
  });

  it("built-in formatters give the same output when loaded", async () => {
    const results = sampleResults();
    const context = formatterContext(cwd);
    const loadedCompact = await loadFormatter("compact", cwd);
    const loadedJson = await loadFormatter("json", cwd);
    expect(await loadedCompact(results, context)).toBe(compact(results, context));
    expect(await loadedJson(results, context)).toBe(`${JSON.stringify(results)}\n`);
  });

  it("rejects an unknown format, naming the package it looked for", async () => {
    const attempt = loadFormatter("nope", dir);
    await expect(attempt).rejects.toBeInstanceOf(UnknownFormatError);
    await expect(attempt).rejects.toThrow(
      `Unknown format "nope": not one of pretty, compact, json, checklist, github, sarif, junit, gitlab, and no package "eslint-formatter-nope" is installed in ${dir}.`,
    );
  });

  it("loads an installed eslint-formatter-NAME package (CommonJS)", async () => {
    const formatter = await loadFormatter("demo", dir);
    const results = sampleResults();
    const ids = rules.map((r) => r.meta.id).join(",");
    expect(await formatter(results, formatterContext(cwd))).toBe(`demo:5:${cwd}:${ids}`);
  });

  it("accepts the full package name", async () => {
    const formatter = await loadFormatter("eslint-formatter-demo", dir);
    expect(await formatter([], formatterContext(cwd))).toBe(`demo:0:${cwd}:${rules.map((r) => r.meta.id).join(",")}`);
  });

  it("loads an ESM formatter package", async () => {
    const formatter = await loadFormatter("esm", dir);
    expect(await formatter(sampleResults(), formatterContext(cwd))).toBe("esm:2,1,1,0,1");
  });

  it("rejects a package that does not export a function", async () => {
    const attempt = loadFormatter("broken", dir);
    await expect(attempt).rejects.toBeInstanceOf(UnknownFormatError);
    await expect(attempt).rejects.toThrow('Package "eslint-formatter-broken" does not export a formatter function.');
  });
});
