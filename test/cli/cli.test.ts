import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/args.js";
import type { LintResult } from "../../src/lint-result.js";
import { compact } from "../../src/reporters/compact.js";
import { formatterContext } from "../../src/reporters/index.js";
import { rules, rulesById } from "../../src/rules/index.js";
import { CATEGORIES, type Category } from "../../src/rules/rule.js";
import { findings, jsonResults, PINNED_CONFIG, PINNED_RULES, ROOT, runCli, type CliRun } from "./run.js";

const FIXTURE = path.join(ROOT, "fixtures", "example-app");
const MIGRATIONS = path.join(FIXTURE, "migrations");
const CATALOG = "fixtures/example-app/migrations/000003_create_catalog.up.sql";
const ORDERS = "fixtures/example-app/migrations/000004_create_orders.up.sql";

/** 1-based line and column of `needle` on the line that contains `lineText` in a fixture file. */
function positionIn(relative: string, lineText: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(path.join(ROOT, relative), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(lineText));
  const column = lines[index]?.indexOf(needle) ?? -1;
  if (index < 0 || column < 0) throw new Error(`"${lineText}" / "${needle}" not found in ${relative}`);
  return { line: index + 1, column: column + 1 };
}

const PRICE = positionIn(CATALOG, "price double precision NOT NULL", "price");
const TAG_FK = positionIn(CATALOG, "tag_id bigint NOT NULL REFERENCES tags", "REFERENCES");
const ACCOUNT_FK = positionIn(ORDERS, "account_id bigint NOT NULL REFERENCES accounts", "REFERENCES");

/** Every .sql file of the fixture, absolute, sorted by path. */
function fixtureFiles(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith(".sql"))
    .map((f) => path.join(MIGRATIONS, f))
    .sort();
}

/** `-c` to the config with only no-float-money (error) and require-fk-index (warn): exact findings, whatever else is registered. */
const PINNED = ["-c", PINNED_CONFIG] as const;

const FLOAT_MONEY_MESSAGE =
  'Column "price" of "products" stores money as double precision: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent.';

describe("linting the example-app fixture", () => {
  let run: CliRun;
  let results: LintResult[];

  beforeAll(() => {
    run = runCli(["--format", "json", ...PINNED, "fixtures/example-app"]);
    results = jsonResults(run.stdout);
  });

  it("runs with the two pinned rules only", () => {
    expect(PINNED_RULES).toEqual({ "no-float-money": "error", "require-fk-index": "warn" });
    const printed = JSON.parse(runCli(["--print-config", ...PINNED]).stdout) as { rules: unknown };
    expect(Object.keys(printed.rules as Record<string, unknown>)).toEqual(["no-float-money", "require-fk-index"]);
  });

  it("exits 1 with lint errors and nothing on stderr", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
  });

  it("has one result per file, with absolute paths, sorted by path", () => {
    const files = fixtureFiles();
    expect(files).toHaveLength(28);
    expect(results.map((r) => r.filePath)).toEqual(files);
    for (const r of results) expect(path.isAbsolute(r.filePath)).toBe(true);
  });

  it("reports exactly the float-money and FK-index findings, at their positions", () => {
    expect(findings(results, ROOT)).toEqual([
      [CATALOG, PRICE.line, PRICE.column, "no-float-money"],
      [CATALOG, TAG_FK.line, TAG_FK.column, "require-fk-index"],
      [ORDERS, ACCOUNT_FK.line, ACCOUNT_FK.column, "require-fk-index"],
    ]);
    expect(PRICE).toEqual({ line: 16, column: 5 });
  });

  it("gives ESLint LintResult objects", () => {
    const catalog = results.find((r) => r.filePath === path.join(ROOT, CATALOG));
    expect(catalog).toMatchObject({
      suppressedMessages: [],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    });
    expect(catalog?.messages[0]).toEqual({
      ruleId: "no-float-money",
      severity: 2,
      message: FLOAT_MONEY_MESSAGE,
      line: 16,
      column: 5,
      endLine: 16,
      endColumn: 36,
      messageId: "floatMoney",
      help: 'Use "numeric(12, 2)" (or another precision and scale that fits the currency), or "bigint" holding the amount in cents: ALTER TABLE products ALTER COLUMN price TYPE numeric(12, 2);',
    });
    const orders = results.find((r) => r.filePath === path.join(ROOT, ORDERS));
    expect(orders).toMatchObject({ errorCount: 0, warningCount: 1, fatalErrorCount: 0 });
    expect(orders?.messages[0]).toMatchObject({
      ruleId: "require-fk-index",
      severity: 1,
      line: 6,
      column: 32,
      endLine: 6,
      endColumn: 74,
      messageId: "missingIndex",
    });
    for (const r of results) {
      expect(r.errorCount).toBe(r.messages.filter((m) => m.severity === 2).length);
      expect(r.warningCount).toBe(r.messages.filter((m) => m.severity === 1).length);
    }
  });

  it("prints compact output when stdout is not a terminal", () => {
    const plain = runCli([...PINNED, "fixtures/example-app"]);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe(compact(results, formatterContext(ROOT)));
    const lines = plain.stdout.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(`${CATALOG}:16:5: error: ${FLOAT_MONEY_MESSAGE} [no-float-money]`);
    expect(lines[1]?.startsWith(`${CATALOG}:42:28: warning: Foreign key "product_tags_tag_id_fkey" on "product_tags" ("tag_id")`)).toBe(true);
    expect(lines[2]?.startsWith(`${ORDERS}:6:32: warning: Foreign key "orders_account_id_fkey" on "orders" ("account_id")`)).toBe(true);
    expect(lines.slice(3)).toEqual(["", "3 problems (1 error, 2 warnings)", ""]);
  });

  it("--quiet hides warnings", () => {
    const quiet = runCli(["--format", "json", ...PINNED, "--quiet", "fixtures/example-app"]);
    expect(quiet.status).toBe(1);
    const quietResults = jsonResults(quiet.stdout);
    expect(quietResults).toHaveLength(28);
    expect(findings(quietResults, ROOT)).toEqual([[CATALOG, 16, 5, "no-float-money"]]);
    expect(quietResults.reduce((n, r) => n + r.warningCount, 0)).toBe(0);
  });

  it('--rule "no-float-money: off" removes that finding', () => {
    const off = runCli(["--format", "json", ...PINNED, "--rule", "no-float-money: off", "fixtures/example-app"]);
    expect(off.status).toBe(0);
    expect(findings(jsonResults(off.stdout), ROOT)).toEqual([
      [CATALOG, 42, 28, "require-fk-index"],
      [ORDERS, 6, 32, "require-fk-index"],
    ]);
  });

  it("--max-warnings 0 fails on warnings only", () => {
    const warnings = runCli(["--format", "compact", ...PINNED, "--rule", "no-float-money: off", "--max-warnings", "0", "fixtures/example-app"]);
    expect(warnings.status).toBe(1);
    expect(warnings.stdout.endsWith("\n2 problems (0 errors, 2 warnings)\n")).toBe(true);
    const allowed = runCli(["--format", "compact", ...PINNED, "--rule", "no-float-money: off", "--max-warnings", "2", "fixtures/example-app"]);
    expect(allowed.status).toBe(0);
  });
});

describe("linting the example-app fixture with the default preset", () => {
  // Only facts that hold for any set of rules: the exact findings of each rule are in test/fixtures.test.ts.
  it("reports well-formed, sorted results for every file, including the problems designed into the fixture", () => {
    const run = runCli(["--format", "json", "fixtures/example-app"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    const filePaths = results.map((r) => r.filePath);
    expect(filePaths).toEqual([...filePaths].sort());
    expect(filePaths).toEqual(fixtureFiles());
    for (const r of results) {
      expect(r.errorCount, r.filePath).toBe(r.messages.filter((m) => m.severity === 2).length);
      expect(r.warningCount, r.filePath).toBe(r.messages.filter((m) => m.severity === 1).length);
      expect(r.fatalErrorCount, r.filePath).toBe(0);
      for (const m of r.messages) {
        const where = `${r.filePath}:${m.line}:${m.column} ${String(m.ruleId)}`;
        expect([m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.message].map((v) => typeof v), where).toEqual([
          "string",
          "number",
          "number",
          "number",
          "number",
          "string",
        ]);
        expect([1, 2], where).toContain(m.severity);
        expect(m.line, where).toBeGreaterThanOrEqual(1);
        expect(m.column, where).toBeGreaterThanOrEqual(1);
        expect(m.endLine ?? 0, where).toBeGreaterThanOrEqual(m.line);
        expect(m.message, where).not.toBe("");
        // A finding of the recommended preset comes from a registered rule at its default severity.
        const meta = rulesById.get(m.ruleId ?? "")?.meta;
        expect(meta?.defaultSeverity, where).toBe(m.severity === 2 ? "error" : "warn");
      }
    }
    const ruleIds = [...new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)))];
    for (const id of ["no-float-money", "require-fk-index", "require-primary-key", "naming-convention"]) expect(ruleIds, id).toContain(id);
    // The pinned rules have the same severities in the preset, so they find the same problems as with the pinned config.
    const pinned = findings(jsonResults(runCli(["--format", "json", ...PINNED, "fixtures/example-app"]).stdout), ROOT);
    expect(findings(results, ROOT).filter(([, , , ruleId]) => ruleId !== null && ruleId in PINNED_RULES)).toEqual(pinned);
  });
});

describe("informational commands", () => {
  it("--version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const run = runCli(["--version"]);
    expect(run).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
    expect(runCli(["-v"]).stdout).toBe(`${pkg.version}\n`);
  });

  it("--help prints the usage", () => {
    const run = runCli(["--help"]);
    expect(run).toEqual({ status: 0, stdout: HELP, stderr: "" });
    expect(run.stdout.startsWith("Usage: schemalint")).toBe(true);
  });

  it("rules lists every rule under its category header", () => {
    const run = runCli(["rules"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const sections = run.stdout
      .split("\n\n")
      .map((s) => s.split("\n").filter((l) => l !== ""))
      .filter((s) => s.length > 0);
    const expectedCategories = (Object.keys(CATEGORIES) as Category[]).filter((c) => rules.some((r) => r.meta.category === c));
    expect(sections.map((s) => s[0])).toEqual(expectedCategories.map((c) => `${c} — ${CATEGORIES[c]}`));
    for (const [i, category] of expectedCategories.entries()) {
      const rows = (sections[i] ?? []).slice(1).map((row) => {
        const match = /^ {2}(\S+) +(off|warn|error) +(.+)$/u.exec(row);
        return match === null ? row : [match[1], match[2], match[3]];
      });
      expect(rows).toEqual(rules.filter((r) => r.meta.category === category).map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.summary]));
    }
    for (const { meta } of rules) expect(run.stdout.split(`  ${meta.id} `)).toHaveLength(2);
  });
});

describe("usage errors", () => {
  it("an unknown flag exits 2 with a message and no stack trace", () => {
    const run = runCli(["--bogus", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith("schemalint: Unknown option '--bogus'")).toBe(true);
    expect(run.stderr.endsWith('Run "schemalint --help" for usage.\n')).toBe(true);
    expect(run.stderr).not.toContain("    at ");
  });

  it("a bad --max-warnings exits 2", () => {
    const run = runCli(["--max-warnings", "many", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('schemalint: --max-warnings takes a whole number >= 0, got "many".\nRun "schemalint --help" for usage.\n');
  });

  it('--rule with an unknown rule exits 2', () => {
    const run = runCli(["--format", "compact", "--rule", "nope: error", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('schemalint: --rule at "rules.nope": unknown rule; run "schemalint rules" for the list\n');
  });

  it("--rule with a misspelt rule suggests the right one", () => {
    const run = runCli(["--format", "compact", "--rule", "no-float-mony: error", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'schemalint: --rule at "rules.no-float-mony": unknown rule (did you mean "no-float-money"?); run "schemalint rules" for the list\n',
    );
  });

  it("--rule without a severity exits 2", () => {
    const run = runCli(["--rule", "no-float-money", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('schemalint: --rule at "no-float-money": expected "rule-id: severity", e.g. --rule "no-float-money: warn"\n');
  });

  it("--format nope exits 2 naming eslint-formatter-nope", () => {
    const run = runCli(["--format", "nope", "fixtures/example-app"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `schemalint: Unknown format "nope": not one of pretty, compact, json, checklist, github, sarif, junit, gitlab, and no package "eslint-formatter-nope" is installed in ${ROOT.replace(/[\\/]$/u, "")}.\n`,
    );
  });
});
