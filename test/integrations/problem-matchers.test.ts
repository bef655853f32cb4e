import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/lint-result.js";
import { jsonResults, ROOT, runCli, tempProject, type TempDir } from "../cli/run.js";

interface Pattern {
  readonly regexp: string;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly severity: number;
  readonly message: number;
  readonly code: number;
}

/** The GitHub matcher's pattern, as `::add-matcher::` reads it. */
function githubPattern(): Pattern {
  const json = JSON.parse(readFileSync(path.join(ROOT, ".github", "schemalint-problem-matcher.json"), "utf8")) as {
    problemMatcher: { owner: string; pattern: Pattern[] }[];
  };
  expect(json.problemMatcher).toHaveLength(1);
  expect(json.problemMatcher[0]?.owner).toBe("schemalint");
  const patterns = json.problemMatcher[0]?.pattern ?? [];
  expect(patterns).toHaveLength(1);
  const [pattern] = patterns;
  if (pattern === undefined) throw new Error("no pattern");
  return pattern;
}

/** The VS Code task of docs/editors.md: its first ```json block, which must be valid JSON. */
function vscodePattern(): Pattern {
  const doc = readFileSync(path.join(ROOT, "docs", "editors.md"), "utf8");
  const block = /```json\n([\s\S]*?)```/u.exec(doc)?.[1];
  if (block === undefined) throw new Error("docs/editors.md has no ```json block");
  const tasks = JSON.parse(block) as { version: string; tasks: { label: string; command: string; problemMatcher: { owner: string; pattern: Pattern } }[] };
  expect(tasks.version).toBe("2.0.0");
  const task = tasks.tasks.find((t) => t.label === "schemalint");
  expect(task?.command).toBe("npx schemalint --format compact");
  expect(task?.problemMatcher.owner).toBe("schemalint");
  const pattern = task?.problemMatcher.pattern;
  if (pattern === undefined) throw new Error("no pattern");
  return pattern;
}

interface Captured {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly message: string;
  readonly code: string;
}

/** Applies a matcher to every output line, as GitHub and VS Code do (JavaScript regular expressions). */
function capture(pattern: Pattern, output: string): Captured[] {
  const re = new RegExp(pattern.regexp, "u");
  const out: Captured[] = [];
  for (const line of output.split("\n")) {
    const m = re.exec(line);
    if (m === null) continue;
    const group = (i: number): string => m[i] ?? "";
    out.push({
      file: group(pattern.file),
      line: Number(group(pattern.line)),
      column: Number(group(pattern.column)),
      severity: group(pattern.severity),
      message: group(pattern.message),
      code: group(pattern.code),
    });
  }
  return out;
}

/** What every finding of the JSON report should be captured as (paths relative to `cwd`). */
function expected(results: readonly LintResult[], cwd: string): Captured[] {
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      file: path.relative(cwd, r.filePath).split(path.sep).join("/"),
      line: m.line,
      column: m.column,
      severity: m.severity === 2 ? "error" : "warning",
      message: m.message,
      code: m.ruleId ?? "schemalint",
    })),
  );
}

const matchers: [string, () => Pattern][] = [
  ["GitHub problem matcher (.github/schemalint-problem-matcher.json)", githubPattern],
  ["VS Code task (docs/editors.md)", vscodePattern],
];

describe.each(matchers)("%s", (_name, load) => {
  it("captures every finding of the example app with file, line, column, severity, message and rule", () => {
    const compact = runCli(["--format", "compact", "fixtures/example-app"]);
    const json = runCli(["--format", "json", "fixtures/example-app"]);
    expect(compact.status).toBe(1);
    const want = expected(jsonResults(json.stdout), ROOT);
    expect(want.length).toBeGreaterThan(40);
    // The fixture's messages are single-line and some contain brackets and colons: the pattern must cope.
    expect(want.some((w) => w.message.includes(":"))).toBe(true);
    const got = capture(load(), compact.stdout);
    expect(got).toEqual(want);
    for (const c of got) expect(readFileSync(path.join(ROOT, c.file), "utf8").length).toBeGreaterThan(0);
    // Only the summary and blank lines are left unmatched.
    const lines = compact.stdout.split("\n").filter((l) => l !== "");
    expect(lines.length - got.length).toBe(1);
    expect(lines.at(-1)).toMatch(/^\d+ problems \(\d+ errors, \d+ warnings\)$/u);
  });
});

describe("--stdin --stdin-filename for editor plugins", () => {
  let project: TempDir;

  beforeAll(async () => {
    project = await tempProject("schemalint-editor-");
    await project.write(".schemalintrc.json", JSON.stringify({ extends: [], rules: { "require-fk-index": "warn", "no-float-money": "error" }, migrations: { dirs: ["db/migrations"] } }));
    await project.write("db/migrations/000001_orders.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, total real);\n");
    await project.write("db/migrations/000001_orders.down.sql", "DROP TABLE orders;\n");
  });

  afterAll(async () => {
    await project.remove();
  });

  it("reports the unsaved buffer under its name, with the history as context, in a form both matchers capture", () => {
    // A new migration, not on disk yet: it references orders, which only the history defines.
    const buffer = "CREATE TABLE refunds (\n  id bigint PRIMARY KEY,\n  order_id bigint NOT NULL REFERENCES orders (id),\n  amount real\n);\n";
    const run = runCli(["--stdin", "--stdin-filename", "db/migrations/000002_refunds.up.sql", "--format", "compact"], { cwd: project.dir, input: buffer });
    expect(run.status).toBe(1);
    const want: Captured[] = [
      {
        file: "db/migrations/000002_refunds.up.sql",
        line: 3,
        column: 28,
        severity: "warning",
        message:
          'Foreign key "refunds_order_id_fkey" on "refunds" ("order_id") has no index that starts with its columns: every DELETE or key UPDATE on "orders" scans "refunds", and joins on the relationship cannot use an index.',
        code: "require-fk-index",
      },
      {
        file: "db/migrations/000002_refunds.up.sql",
        line: 4,
        column: 3,
        severity: "error",
        message: 'Column "amount" of "refunds" stores money as real: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent.',
        code: "no-float-money",
      },
    ];
    // Only the buffer is reported: orders.total (real) in the history is not.
    for (const [, load] of matchers) expect(capture(load(), run.stdout)).toEqual(want);
  });
});
