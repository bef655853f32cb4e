import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules } from "../../src/rules/index.js";
import { DEFAULT_MONEY_PATTERNS, DEFAULT_NOT_MONEY_PATTERNS } from "../../src/rules/no-float-money.js";
import { findings, jsonResults, pinnedConfig, runCli, tempProject, type TempDir } from "./run.js";

describe("options in a temp project", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-options-");
    // No preset: only no-float-money (error) is on, so the findings below are exact whatever rules exist.
    await project.write(".schemalintrc.json", pinnedConfig({ rules: { "require-fk-index": "off" }, postgresVersion: 14, exclude: ["vendor/**"] }));
    // The same rule settings over the default preset.
    await project.write("preset.json", JSON.stringify({ rules: { "require-fk-index": "off" } }));
    await project.write("money.sql", "-- money\nCREATE TABLE invoices (id bigint PRIMARY KEY, total real);\n");
    await project.write(
      "warn.sql",
      "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a (id));\n",
    );
    await project.write("vendor/third-party.sql", "CREATE TABLE vendored (id int PRIMARY KEY, price real);\n");
    await project.write(
      "directives.sql",
      [
        "-- schemalint-disable-next-line no-float-money -- legacy column",
        "CREATE TABLE c (id bigint PRIMARY KEY, price real);",
        "-- schemalint-disable-next-line no-float-money",
        "CREATE TABLE d (id bigint PRIMARY KEY);",
        "",
      ].join("\n"),
    );
  });

  afterAll(async () => {
    await project.remove();
  });

  it("exclude globs of the config are not linted", () => {
    const run = runCli(["--format", "json", "."], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(jsonResults(run.stdout).map((r) => path.relative(project.dir, r.filePath))).toEqual(["directives.sql", "money.sql", "warn.sql"]);
  });

  it("--print-config prints the resolved configuration as JSON", () => {
    const run = runCli(["--print-config"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      filepath: path.join(project.dir, ".schemalintrc.json"),
      rules: {
        "no-float-money": ["error", { columnPatterns: DEFAULT_MONEY_PATTERNS, ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS }],
        "require-fk-index": ["off", {}],
      },
      include: [],
      exclude: ["vendor/**"],
      postgresVersion: 14,
      migrations: { layout: "auto", dirs: [], lintDown: false },
    });
  });

  it("--print-config over the default preset lists every rule, with the config's settings applied", () => {
    const run = runCli(["--print-config", "--config", "preset.json"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const printed = JSON.parse(run.stdout) as { rules: Record<string, [string, unknown]> };
    expect(Object.keys(printed.rules)).toEqual(rules.map((r) => r.meta.id));
    for (const { meta } of rules) {
      if (meta.id !== "require-fk-index") expect(printed.rules[meta.id]?.[0], meta.id).toBe(meta.defaultSeverity);
    }
    expect(printed.rules["no-float-money"]).toEqual(["error", { columnPatterns: DEFAULT_MONEY_PATTERNS, ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS }]);
    expect(printed.rules["require-fk-index"]).toEqual(["off", {}]);
  });

  it("--print-config includes --rule overrides", () => {
    const run = runCli(["--print-config", "--rule", "require-fk-index: error", "--rule", 'no-float-money: ["warn", {"columnPatterns": ["^amt$"]}]'], {
      cwd: project.dir,
    });
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { rules: unknown };
    expect(printed.rules).toEqual({
      "no-float-money": ["warn", { columnPatterns: ["^amt$"], ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS }],
      "require-fk-index": ["error", {}],
    });
  });

  it("--rule overrides the config file", () => {
    const off = runCli(["--format", "compact", "warn.sql"], { cwd: project.dir });
    expect(off).toEqual({ status: 0, stdout: "", stderr: "" });
    const on = runCli(["--format", "compact", "--rule", "require-fk-index: error", "warn.sql"], { cwd: project.dir });
    expect(on.status).toBe(1);
    expect(on.stdout.startsWith('warn.sql:2:52: error: Foreign key "b_a_id_fkey" on "b" ("a_id")')).toBe(true);
  });

  it("--max-warnings counts warnings", () => {
    const args = ["--format", "compact", "--rule", "require-fk-index: warn"];
    expect(runCli([...args, "warn.sql"], { cwd: project.dir }).status).toBe(0);
    const strict = runCli([...args, "--max-warnings", "0", "warn.sql"], { cwd: project.dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout.split("\n").slice(-3)).toEqual(["", "1 problem (0 errors, 1 warning)", ""]);
    expect(runCli([...args, "--max-warnings", "1", "warn.sql"], { cwd: project.dir }).status).toBe(0);
    const quiet = runCli([...args, "--quiet", "warn.sql"], { cwd: project.dir });
    expect(quiet).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--stdin reads SQL from standard input and reports it under --stdin-filename", () => {
    const run = runCli(["--stdin", "--stdin-filename", "x.sql", "--format", "json"], {
      cwd: project.dir,
      input: "CREATE TABLE payments (id bigint PRIMARY KEY, amount double precision);\n",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => r.filePath)).toEqual([path.join(project.dir, "x.sql")]);
    expect(findings(results, project.dir)).toEqual([["x.sql", 1, 47, "no-float-money"]]);
  });

  it("--stdin with compact output shows the file name", () => {
    const run = runCli(["--stdin", "--stdin-filename", "db/x.sql", "--format", "compact"], {
      cwd: project.dir,
      input: "SELECT 1 +;\n",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('db/x.sql:1:11: error: Syntax error at or near ";". [parse-error]\n\n1 problem (1 error, 0 warnings)\n');
  });

  it("-o writes the report to a file", async () => {
    const run = runCli(["--format", "json", "-o", "report.json", "money.sql"], { cwd: project.dir });
    expect(run).toEqual({ status: 1, stdout: "", stderr: "" });
    const written = await readFile(path.join(project.dir, "report.json"), "utf8");
    expect(written.endsWith("]\n")).toBe(true);
    expect(findings(jsonResults(written), project.dir)).toEqual([["money.sql", 2, 47, "no-float-money"]]);
  });

  it("--output-file with the default format writes compact output", async () => {
    const run = runCli(["--output-file", "report.txt", "money.sql"], { cwd: project.dir });
    expect(run).toEqual({ status: 1, stdout: "", stderr: "" });
    const written = await readFile(path.join(project.dir, "report.txt"), "utf8");
    expect(written.startsWith('money.sql:2:47: error: Column "total" of "invoices" stores money as real')).toBe(true);
    expect(written.endsWith("\n\n1 problem (1 error, 0 warnings)\n")).toBe(true);
  });

  it("--report-unused-disable-directives reports only the unused directive", () => {
    const plain = runCli(["--format", "compact", "directives.sql"], { cwd: project.dir });
    expect(plain).toEqual({ status: 0, stdout: "", stderr: "" });
    const run = runCli(["--format", "compact", "--report-unused-disable-directives", "directives.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        'directives.sql:3:1: error: Unused schemalint-disable-next-line directive: no "no-float-money" finding was reported where it applies. [unused-disable-directive]',
        "",
        "1 problem (1 error, 0 warnings)",
        "",
      ].join("\n"),
    );
  });

  it("suppressed findings are in suppressedMessages of the JSON output", () => {
    const run = runCli(["--format", "json", "directives.sql"], { cwd: project.dir });
    const [result] = jsonResults(run.stdout);
    expect(result?.messages).toEqual([]);
    expect(result?.suppressedMessages.map((m) => [m.ruleId, m.line, m.suppressions])).toEqual([
      ["no-float-money", 2, [{ kind: "directive", justification: "legacy column" }]],
    ]);
  });
});
