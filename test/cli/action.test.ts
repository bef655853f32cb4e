import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionInputs, actionRuns, ActionInputError } from "../../src/cli/action.js";
import { ROOT, tempProject, type TempDir, git } from "./run.js";

const ACTION_BIN = path.join(ROOT, "bin", "schemalint-action.js");

describe("action inputs", () => {
  it("defaults: fail on errors, the pull request's base branch, the config's files", () => {
    expect(actionInputs({ GITHUB_BASE_REF: "main" })).toEqual({ paths: [], config: undefined, format: undefined, changedSince: "origin/main", failOn: "error", sarifFile: undefined });
    expect(actionInputs({}).changedSince).toBeUndefined();
  });

  it("reads every input; changed-since none lints every file", () => {
    const inputs = actionInputs({
      GITHUB_BASE_REF: "main",
      INPUT_PATHS: " db/migrations  db/structure.sql ",
      INPUT_CONFIG: ".schemalintrc.json",
      INPUT_FORMAT: "compact",
      INPUT_CHANGED_SINCE: "none",
      INPUT_FAIL_ON: "warning",
      INPUT_SARIF_FILE: "schemalint.sarif",
    });
    expect(inputs).toEqual({ paths: ["db/migrations", "db/structure.sql"], config: ".schemalintrc.json", format: "compact", changedSince: undefined, failOn: "warning", sarifFile: "schemalint.sarif" });
    expect(actionRuns(inputs)).toEqual([
      ["--format", "compact", "--max-warnings", "0", "--cache", "--config", ".schemalintrc.json", "db/migrations", "db/structure.sql"],
      ["--format", "sarif", "--output-file", "schemalint.sarif", "--cache", "--config", ".schemalintrc.json", "db/migrations", "db/structure.sql"],
    ]);
  });

  it("rejects an unknown fail-on value", () => {
    expect(() => actionInputs({ INPUT_FAIL_ON: "sometimes" })).toThrow(ActionInputError);
  });
});

describe("the action end to end, in a simulated pull request", () => {
  let project: TempDir;
  const summary = (): string => path.join(project.dir, "summary.md");

  beforeAll(async () => {
    project = await tempProject("schemalint-action-");
    git(project.dir, "init", "-q", "-b", "main");
    await project.write(".schemalintrc.json", JSON.stringify({ extends: [], rules: { "no-float-money": "error", "require-concurrent-index": "error" }, include: ["db/migrations"] }));
    await project.write("db/migrations/000001_accounts.up.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, balance real, email text);\n");
    await project.write("db/migrations/000001_accounts.down.sql", "DROP TABLE accounts;\n");
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "init");
    // The pull request's base is origin/main, as actions/checkout with fetch-depth 0 leaves it.
    git(project.dir, "remote", "add", "origin", project.dir);
    git(project.dir, "fetch", "-q", "origin");
    git(project.dir, "checkout", "-q", "-b", "feature");
    await project.write("db/migrations/000002_email_index.up.sql", "CREATE INDEX idx_accounts_email ON accounts (email);\n");
    await project.write("db/migrations/000002_email_index.down.sql", "DROP INDEX idx_accounts_email;\n");
    git(project.dir, "add", "-A");
    git(project.dir, "commit", "-q", "-m", "index");
  });

  afterAll(async () => {
    await project.remove();
  });

  const runAction = (inputs: Readonly<Record<string, string>>) =>
    spawnSync(process.execPath, [ACTION_BIN], {
      cwd: project.dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, FORCE_COLOR: "0", GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary(), GITHUB_BASE_REF: "main", ...inputs },
    });

  it("annotates only the pull request's files, writes the job summary and SARIF, and fails on the error", () => {
    const run = runAction({ INPUT_FORMAT: "compact", INPUT_SARIF_FILE: "out/schemalint.sarif" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=db\/migrations\/000002_email_index\.up\.sql,line=1,endLine=1,col=1,endColumn=\d+,title=schemalint\(require-concurrent-index\)::CREATE INDEX on existing table "accounts"/u);
    // 000001's float column is not in the pull request: not reported.
    expect(run.stdout).not.toContain("no-float-money");
    const jobSummary = readFileSync(summary(), "utf8");
    expect(jobSummary).toContain("- [ ] Are migrations reversible and safe to run?");
    expect(jobSummary).toContain("000002_email_index.up.sql");
    const sarifPath = path.join(project.dir, "out", "schemalint.sarif");
    expect(existsSync(sarifPath)).toBe(true);
    const sarif = JSON.parse(readFileSync(sarifPath, "utf8")) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(["require-concurrent-index"]);
  });

  it("fail-on never keeps the step green; changed-since none reports every file", () => {
    const run = runAction({ INPUT_FORMAT: "compact", INPUT_FAIL_ON: "never", INPUT_CHANGED_SINCE: "none" });
    expect(run.status).toBe(0);
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations.map((a) => /title=schemalint\(([^)]+)\)/u.exec(a)?.[1])).toEqual(["no-float-money", "require-concurrent-index"]);
  });

  it("a bad input is a clear error (exit 2)", () => {
    const run = runAction({ INPUT_FAIL_ON: "sometimes" });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('schemalint action: fail-on must be "error", "warning" or "never", got "sometimes".\n');
  });
});
