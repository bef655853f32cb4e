import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, pinnedConfig, tempProject, type TempDir } from "../cli/run.js";

/** The CLI end to end: the formats by name, and the annotations added under GitHub Actions. */

const SQL = `CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  account_id bigint REFERENCES accounts (id),
  price real
);
`;

let project: TempDir;

beforeAll(async () => {
  project = await tempProject("schemalint-formats-");
  await project.write(".schemalintrc.json", pinnedConfig());
  await project.write("db/001_init.sql", SQL);
});

afterAll(async () => {
  await project.remove();
});

/** Runs the CLI in the project with `env` added to an environment free of any GitHub Actions variable. */
function run(args: readonly string[], env: Readonly<Record<string, string>> = {}): { status: number | null; stdout: string; stderr: string } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GITHUB_")));
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: project.dir, encoding: "utf8", timeout: 20_000, env: { ...base, FORCE_COLOR: "0", ...env } });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FK = 'Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns: every DELETE or key UPDATE on "accounts" scans "orders", and joins on the relationship cannot use an index.';
const FK_HELP = 'Create an index whose leading columns are "account_id", for example: CREATE INDEX CONCURRENTLY idx_orders_account_id ON orders (account_id);';
const FLOAT = 'Column "price" of "orders" stores money as real: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent.';
const FLOAT_HELP = 'Use "numeric(12, 2)" (or another precision and scale that fits the currency), or "bigint" holding the amount in cents: ALTER TABLE orders ALTER COLUMN price TYPE numeric(12, 2);';
const COMPACT = [`db/001_init.sql:4:21: warning: ${FK} [require-fk-index]`, `db/001_init.sql:5:3: error: ${FLOAT} [no-float-money]`, "", "2 problems (1 error, 1 warning)", ""].join("\n");
const ANNOTATIONS = [
  `::warning file=db/001_init.sql,line=4,endLine=4,col=21,endColumn=45,title=schemalint(require-fk-index)::${FK}%0A${FK_HELP}`,
  `::error file=db/001_init.sql,line=5,endLine=5,col=3,endColumn=13,title=schemalint(no-float-money)::${FLOAT}%0A${FLOAT_HELP}`,
  "",
].join("\n");

function annotations(stdout: string): string[] {
  return stdout.split("\n").filter((line) => line.startsWith("::"));
}

describe("GitHub Actions annotations", () => {
  it("follow the default report when GITHUB_ACTIONS is true", () => {
    const { status, stdout, stderr } = run([], { GITHUB_ACTIONS: "true" });
    expect(stderr).toBe("");
    expect(status).toBe(1);
    // The compact report (stdout is not a terminal) with its summary, then one annotation per finding.
    expect(stdout).toBe(COMPACT + ANNOTATIONS);
  });

  it("are not printed outside GitHub Actions", () => {
    const { stdout } = run([]);
    expect(stdout).toBe(COMPACT);
    expect(run([], { GITHUB_ACTIONS: "false" }).stdout).toBe(stdout);
  });

  it("follow a terminal format given with --format", () => {
    expect(run(["--format", "compact"], { GITHUB_ACTIONS: "true" }).stdout).toBe(COMPACT + ANNOTATIONS);
  });

  it("do not corrupt a report for programs on stdout", () => {
    for (const format of ["json", "gitlab", "checklist"]) {
      const { stdout } = run(["--format", format], { GITHUB_ACTIONS: "true" });
      expect(annotations(stdout), format).toEqual([]);
      expect(stdout, format).toBe(run(["--format", format]).stdout);
    }
  });

  it("are printed once with --format github", () => {
    const { stdout, status } = run(["--format", "github"], { GITHUB_ACTIONS: "true" });
    expect(status).toBe(1);
    expect(stdout).toBe(ANNOTATIONS);
    expect(run(["--format", "github"]).stdout).toBe(stdout);
  });

  it("go to stdout when the report goes to a file", () => {
    const { stdout } = run(["--format", "sarif", "--output-file", "report.sarif"], { GITHUB_ACTIONS: "true" });
    expect(stdout).toBe(ANNOTATIONS);
    const log = JSON.parse(readFileSync(path.join(project.dir, "report.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(["require-fk-index", "no-float-money"]);
  });
});

describe("formats by name", () => {
  it("junit and gitlab run from the CLI", () => {
    const junit = run(["--format", "junit"]);
    expect(junit.status).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="schemalint" tests="2" failures="2" errors="0">\n {2}<testsuite name="db\/001_init.sql"/u);
    const gitlab = JSON.parse(run(["--format", "gitlab"]).stdout) as { check_name: string; location: { path: string; lines: { begin: number } } }[];
    expect(gitlab.map((i) => [i.check_name, i.location.path, i.location.lines.begin])).toEqual([
      ["require-fk-index", "db/001_init.sql", 4],
      ["no-float-money", "db/001_init.sql", 5],
    ]);
  });

  it("the help lists them", () => {
    const { stdout } = run(["--help"]);
    for (const name of ["github", "sarif", "junit", "gitlab"]) expect(stdout).toContain(name);
  });
});
