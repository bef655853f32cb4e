import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempProject, type TempDir } from "./run.js";

describe("GITHUB_STEP_SUMMARY", () => {
  let project: TempDir;
  let summary: string;
  beforeAll(async () => {
    project = await tempProject("schemalint-summary-");
    await project.write(".schemalintrc.json", JSON.stringify({ extends: [], rules: { "no-float-money": "error" } }));
    await project.write("db/001_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, price real);\n");
    summary = await project.write("summary.md", "# Earlier step\n\n");
  });
  afterAll(() => project.remove());

  const expected = [
    "## Schema Design Checklist",
    "",
    "- [x] Is the schema properly normalized?",
    "- [x] Are all relationships defined with foreign keys?",
    "- [x] Are appropriate indexes in place?",
    "- [ ] Are data types optimal? — 1 finding",
    '  - `db/001_orders.sql:1` Column "price" of "orders" stores money as real: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent. (`no-float-money`)',
    "- [x] Are constraints properly defined?",
    "- [x] Is the naming consistent?",
    "- [x] Are migrations reversible and safe to run?",
    "- [x] Is documentation complete?",
    "",
    "**1 error, 0 warnings** in 1 file.",
    "",
    "",
  ].join("\n");

  it("appends the checklist to the file it names, whatever the format, and keeps stdout as it was", async () => {
    const run = runCli(["-f", "json", "db"], { cwd: project.dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toHaveLength(1);
    expect(await readFile(summary, "utf8")).toBe(`# Earlier step\n\n${expected}`);
    runCli(["-f", "compact", "db"], { cwd: project.dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(await readFile(summary, "utf8")).toBe(`# Earlier step\n\n${expected}${expected}`);
  });

  it("warns and keeps the lint's exit code when the file cannot be written", () => {
    const file = path.join(project.dir, "no-such-dir", "summary.md");
    const run = runCli(["-f", "compact", "db"], { cwd: project.dir, env: { GITHUB_STEP_SUMMARY: file } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`schemalint: could not append the checklist to GITHUB_STEP_SUMMARY (${file}): `);
  });

  it("prints the same checklist with --format checklist", () => {
    const run = runCli(["-f", "checklist", "db"], { cwd: project.dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(expected.slice(0, -1));
  });
});
