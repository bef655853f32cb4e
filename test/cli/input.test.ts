import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jsonResults, pinnedConfig, runCli, tempProject, type TempDir } from "./run.js";

const MONEY_SQL = "-- a table\nCREATE TABLE invoices (id bigint PRIMARY KEY, total real);\n";
const MONEY_FINDING = ["good.sql", 2, 47, "no-float-money"] as const;

describe("bad input", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-cli-input-");
    // No preset: only no-float-money (error) and require-fk-index (warn), so the findings below are exact.
    // The bad-*/broken-* subdirectories have their own (nearer) config files.
    await project.write(".schemalintrc.json", pinnedConfig());
    await project.write("good.sql", MONEY_SQL);
    await project.write("binary.sql", Buffer.from([0x53, 0x45, 0x4c, 0x0a, 0x41, 0x42, 0x00, 0x43, 0x0a]));
    await project.write(
      "latin1.sql",
      Buffer.concat([Buffer.from("SELECT 1;\nSELECT '", "utf8"), Buffer.from([0xff, 0xfe]), Buffer.from("';\n", "utf8")]),
    );
    await project.write("syntax.sql", "CREATE TABLE t (id int);\nSELECT 1 +;\nCREATE TABLE u (id int PRIMARY KEY, price real);\n");
    await project.write("empty.sql", "");
    await project.write("comments.sql", "-- only a comment\n/* and a block\n   comment */\n\n");
    await project.write("deep-sum.sql", `SELECT ${"1+".repeat(20000)}1;\n`);
    await project.write("deep-parens.sql", `SELECT ${"(".repeat(3000)}1${")".repeat(3000)};\n`);
    await project.write("deep-calls.sql", `SELECT ${"abs(".repeat(3000)}1${")".repeat(3000)};\nCREATE TABLE z (id int PRIMARY KEY, cost real);\n`);
    await project.write(
      "templated/001_invoices.sql",
      `-- rendered with Go's text/template\nCREATE TABLE {{.Schema}}.invoices (id bigint PRIMARY KEY, total real, note text DEFAULT '{{1,2}}');\nCREATE INDEX ON {{ index .Options "Namespace" }}.invoices (total);\n`,
    );
    await project.write("no-sql/readme.txt", "nothing to lint\n");
    // A web app's manifest is not a version folder's: still a directory without SQL.
    await project.write("no-sql/public/manifest.json", '{ "name": "app" }\n');
    await project.write("bad-config/.schemalintrc.json", JSON.stringify({ rules: { "no-float-mony": "error" } }));
    await project.write("bad-config/a.sql", MONEY_SQL);
    await project.write("bad-options/.schemalintrc.json", JSON.stringify({ rules: { "no-float-money": ["error", { columnPatterns: ["("] }] } }));
    await project.write("bad-options/a.sql", MONEY_SQL);
    await project.write("broken-config/.schemalintrc.json", '{"rules": {');
    await project.write("broken-config/a.sql", MONEY_SQL);
  });

  afterAll(async () => {
    await project.remove();
  });

  it("a nonexistent path exits 2, names it on stderr, and still lints the other files", () => {
    const run = runCli(["--format", "json", "missing.sql", "good.sql"], { cwd: project.dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("schemalint: missing.sql: no such file, directory or glob match\n");
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([MONEY_FINDING]);
  });

  it("a directory without SQL files exits 2 with a clear message", () => {
    const run = runCli(["--format", "compact", "no-sql"], { cwd: project.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("schemalint: no-sql: the directory contains no .sql files\nschemalint: no SQL files to lint.\n");
  });

  it("a binary file is a fatal read-error finding; the other files are still linted", () => {
    const run = runCli(["--format", "json", "binary.sql", "good.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => path.basename(r.filePath))).toEqual(["binary.sql", "good.sql"]);
    expect(results[0]?.messages).toEqual([
      {
        ruleId: "read-error",
        severity: 2,
        fatal: true,
        message: "File is binary (it contains NUL bytes), not SQL text: it was not linted.",
        line: 2,
        column: 3,
      },
    ]);
    expect(results[0]).toMatchObject({ errorCount: 1, fatalErrorCount: 1, warningCount: 0 });
    expect(findings(results, project.dir)).toEqual([["binary.sql", 2, 3, "read-error"], MONEY_FINDING]);
  });

  it("a non-UTF-8 file is a fatal read-error at the bad byte", () => {
    const run = runCli(["--format", "json", "latin1.sql", "good.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    const results = jsonResults(run.stdout);
    expect(results.map((r) => path.basename(r.filePath))).toEqual(["good.sql", "latin1.sql"]);
    expect(results[1]?.messages).toEqual([
      {
        ruleId: "read-error",
        severity: 2,
        fatal: true,
        message: "File is not valid UTF-8 (byte 0xff at offset 18): save it as UTF-8 to lint it.",
        line: 2,
        column: 9,
      },
    ]);
    expect(findings(results, project.dir)).toEqual([MONEY_FINDING, ["latin1.sql", 2, 9, "read-error"]]);
  });

  it("a syntax error is a parse-error finding at PostgreSQL's position, and the next statements are still linted", () => {
    const run = runCli(["--format", "json", "syntax.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const [result] = jsonResults(run.stdout);
    expect(result?.messages[0]).toEqual({
      ruleId: "parse-error",
      severity: 2,
      fatal: true,
      message: 'Syntax error at or near ";".',
      help: "Fix the syntax: PostgreSQL rejects this statement, so the migration fails here. The statements around it were still checked.",
      line: 2,
      column: 11,
    });
    expect(result).toMatchObject({ errorCount: 2, fatalErrorCount: 1 });
    expect(result?.messages.map((m) => [m.line, m.column, m.ruleId])).toEqual([
      [2, 11, "parse-error"],
      [3, 37, "no-float-money"],
    ]);
  });

  it("Go template actions outside literals are no parse errors, and findings keep their columns", () => {
    const run = runCli(["--format", "json", "templated"], { cwd: project.dir });
    expect(run.stderr).toBe("");
    expect(findings(jsonResults(run.stdout), project.dir)).toEqual([["templated/001_invoices.sql", 2, 59, "no-float-money"]]);
    expect(jsonResults(run.stdout)[0]?.messages[0]?.message).toContain('Column "total" of "invoices"');
  });

  it("empty and comment-only files have no findings", () => {
    const run = runCli(["--format", "json", "empty.sql", "comments.sql"], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(results.map((r) => [path.basename(r.filePath), r.messages.length, r.errorCount, r.warningCount])).toEqual([
      ["comments.sql", 0, 0, 0],
      ["empty.sql", 0, 0, 0],
    ]);
    const compact = runCli(["--format", "compact", "empty.sql", "comments.sql"], { cwd: project.dir });
    expect(compact).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("deeply nested expressions do not crash the linter", () => {
    const run = runCli(["--format", "json", "deep-sum.sql", "deep-parens.sql", "deep-calls.sql"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const results = jsonResults(run.stdout);
    expect(findings(results, project.dir)).toEqual([
      ["deep-calls.sql", 2, 37, "no-float-money"],
      ["deep-sum.sql", 1, 1, "parse-error"],
    ]);
    const sum = results.find((r) => path.basename(r.filePath) === "deep-sum.sql");
    expect(sum?.messages[0]).toMatchObject({
      severity: 2,
      fatal: true,
      message: "Statement is nested too deeply for the parser (maximum call stack size exceeded).",
    });
  });

  it("a config error exits 2 naming the file and key, without a stack trace", () => {
    const dir = path.join(project.dir, "bad-config");
    const run = runCli(["--format", "compact", "a.sql"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `schemalint: ${path.join(dir, ".schemalintrc.json")} at "rules.no-float-mony": unknown rule (did you mean "no-float-money"?); run "schemalint rules" for the list\n`,
    );
    expect(run.stderr).not.toContain("    at ");
  });

  it("a bad rule option exits 2 naming the file and option", () => {
    const dir = path.join(project.dir, "bad-options");
    const run = runCli(["--format", "compact", "a.sql"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `schemalint: ${path.join(dir, ".schemalintrc.json")} at "rules.no-float-money[1].columnPatterns[0]": must be a valid regular expression; options: columnPatterns, ignorePatterns\n`,
    );
  });

  it("a broken config file exits 2 naming it, without a stack trace", () => {
    const dir = path.join(project.dir, "broken-config");
    const run = runCli(["--format", "compact", "a.sql"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith(`schemalint: ${path.join(dir, ".schemalintrc.json")}: cannot be read: `)).toBe(true);
    expect(run.stderr).not.toContain("    at ");
    expect(run.stderr).not.toContain("internal error");
  });

  it("a missing --config file exits 2", () => {
    const run = runCli(["--format", "compact", "--config", "nope.json", "good.sql"], { cwd: project.dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`schemalint: ${path.join(project.dir, "nope.json")}: file not found\n`);
  });
});
