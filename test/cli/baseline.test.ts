import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprintSync, loadModule } from "libpg-query";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jsonResults, ROOT, runCli, tempProject, type TempDir } from "./run.js";

const PAYMENTS = "example-app/migrations/000005_create_payments.up.sql";
const CLEANUP = "example-app/migrations/000010_cleanup_customers.up.sql";
const BASELINE = "schemalint-baseline.json";

interface Entry {
  readonly file: string;
  readonly ruleId: string;
  readonly fingerprint: string;
  readonly count: number;
  readonly message?: string;
}

let project: TempDir;

beforeAll(async () => {
  await loadModule();
});

beforeEach(async () => {
  project = await tempProject("schemalint-baseline-");
  await cp(path.join(ROOT, "fixtures", "example-app", "migrations"), path.join(project.dir, "example-app", "migrations"), { recursive: true });
});

afterEach(async () => {
  await project.remove();
});

function lint(...args: string[]): ReturnType<typeof runCli> {
  return runCli(["--format", "json", ...args, "example-app"], { cwd: project.dir });
}

async function entries(): Promise<Entry[]> {
  return (JSON.parse(await readFile(path.join(project.dir, BASELINE), "utf8")) as { entries: Entry[] }).entries;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(project.dir, file);
  const before = await readFile(full, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(full, after);
}

function reported(stdout: string): [string, string][] {
  return jsonResults(stdout).flatMap((r) => r.messages.map((m): [string, string] => [`${path.relative(project.dir, r.filePath)}:${m.line}:${m.column}`, m.ruleId ?? ""]));
}

describe("--write-baseline and --baseline", () => {
  it("records every finding, then reports none of them", async () => {
    const before = jsonResults(lint().stdout);
    const total = before.reduce((n, r) => n + r.messages.length, 0);
    expect(total).toBeGreaterThan(40);

    const written = lint("--write-baseline", BASELINE);
    expect(written.stderr).toMatch(new RegExp(`^schemalint: wrote ${total} findings \\(\\d+ entries\\) to ${BASELINE}\\.\\n$`, "u"));
    expect(written.status).toBe(0);
    expect(reported(written.stdout)).toEqual([]);

    const recorded = await entries();
    expect(recorded.reduce((n, e) => n + e.count, 0)).toBe(total);
    // Relative, forward-slash paths, sorted by file, rule, fingerprint.
    for (const e of recorded) expect(e.file).toMatch(/^example-app\/migrations\/\d{6}_[a-z_]+(\.up|\.down)?\.sql$/u);
    const keys = recorded.map((e) => `${e.file} ${e.ruleId} ${e.fingerprint}`);
    expect(keys).toEqual([...keys].sort());

    // The three findings of 000005 lie in its CREATE TABLE statement: one entry per rule, keyed by that statement's fingerprint.
    const text = await readFile(path.join(project.dir, PAYMENTS), "utf8");
    const statement = text.slice(text.indexOf("CREATE TABLE payments"), text.indexOf(");") + 1);
    const payments = recorded.filter((e) => e.file === PAYMENTS).map((e) => ({ file: e.file, ruleId: e.ruleId, fingerprint: e.fingerprint, count: e.count }));
    expect(payments).toEqual([
      { file: PAYMENTS, ruleId: "foreign-key-type-mismatch", fingerprint: fingerprintSync(statement), count: 1 },
      { file: PAYMENTS, ruleId: "prefer-jsonb", fingerprint: fingerprintSync(statement), count: 1 },
      { file: PAYMENTS, ruleId: "require-lock-timeout", fingerprint: fingerprintSync(statement), count: 1 },
    ]);
    // A finding about a whole migration has no statement.
    expect(recorded.filter((e) => e.ruleId === "require-down-migration").map((e) => [e.file, e.fingerprint])).toEqual([
      ["example-app/migrations/000014_create_audit_events.up.sql", "file"],
    ]);

    const again = lint("--baseline", BASELINE);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe("");
    const results = jsonResults(again.stdout);
    expect(results.reduce((n, r) => n + r.messages.length, 0)).toBe(0);
    const suppressed = results.flatMap((r) => r.suppressedMessages.filter((m) => m.suppressions?.some((s) => s.kind === "baseline") === true));
    expect(suppressed).toHaveLength(total);
    const paymentSuppressed = results.find((r) => r.filePath.endsWith("000005_create_payments.up.sql"))?.suppressedMessages ?? [];
    expect(paymentSuppressed.map((m) => [m.line, m.column, m.ruleId, m.suppressions])).toEqual([
      [4, 31, "foreign-key-type-mismatch", [{ kind: "baseline", justification: `Recorded in the baseline ${BASELINE}.` }]],
      [4, 31, "require-lock-timeout", [{ kind: "baseline", justification: `Recorded in the baseline ${BASELINE}.` }]],
      [8, 5, "prefer-jsonb", [{ kind: "baseline", justification: `Recorded in the baseline ${BASELINE}.` }]],
    ]);
  });

  it("writes the same file twice (stable for version control)", async () => {
    lint("--write-baseline", BASELINE);
    const first = await readFile(path.join(project.dir, BASELINE), "utf8");
    expect(first.endsWith("}\n")).toBe(true);
    expect(first).not.toContain(project.dir);
    lint("--write-baseline", BASELINE);
    expect(await readFile(path.join(project.dir, BASELINE), "utf8")).toBe(first);
  });

  it("keeps suppressing a statement that was moved, reformatted and recased", async () => {
    lint("--write-baseline", BASELINE);
    await edit(PAYMENTS, (text) => {
      const start = text.indexOf("CREATE TABLE payments");
      const end = text.indexOf(");") + 2;
      const oneLine = text.slice(start, end).replace(/\s+/gu, " ").replace("CREATE TABLE", "create table").replace("(", "(\n  ");
      return `-- moved down by a new comment\n\n\n${text.slice(0, start)}${oneLine}${text.slice(end)}`;
    });
    const run = lint("--baseline", BASELINE, "--report-unused-baseline");
    expect(reported(run.stdout)).toEqual([]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("reports the findings of a statement changed into a different one, and its entries as unused", async () => {
    lint("--write-baseline", BASELINE);
    await edit(PAYMENTS, (text) => text.replace("    created_at timestamptz", "    refunded_at timestamptz,\n    created_at timestamptz"));
    const run = lint("--baseline", BASELINE, "--report-unused-baseline");
    expect(reported(run.stdout)).toEqual([
      [`${PAYMENTS}:4:31`, "foreign-key-type-mismatch"],
      [`${PAYMENTS}:4:31`, "require-lock-timeout"],
      [`${PAYMENTS}:8:5`, "prefer-jsonb"],
    ]);
    const fingerprint = (await entries()).find((e) => e.file === PAYMENTS)?.fingerprint ?? "";
    expect(run.stderr).toBe(
      [
        `schemalint: unused baseline entry: ${PAYMENTS} foreign-key-type-mismatch (statement ${fingerprint}): the finding no longer occurs.`,
        `schemalint: unused baseline entry: ${PAYMENTS} prefer-jsonb (statement ${fingerprint}): the finding no longer occurs.`,
        `schemalint: unused baseline entry: ${PAYMENTS} require-lock-timeout (statement ${fingerprint}): the finding no longer occurs.`,
        `schemalint: 3 unused baseline entries in ${BASELINE}; update it with --write-baseline ${BASELINE}.`,
        "",
      ].join("\n"),
    );
    expect(run.status).toBe(1);
  });

  it("reports a stale entry only with --report-unused-baseline, and then fails", async () => {
    lint("--write-baseline", BASELINE);
    const entry = (await entries()).find((e) => e.file === CLEANUP && e.ruleId === "safe-add-column");
    expect(entry?.count).toBe(1);
    // Fixing the finding: a default makes the NOT NULL column safe to add.
    await edit(CLEANUP, (text) => text.replace("external_ref text NOT NULL;", "external_ref text NOT NULL DEFAULT '';"));
    const quiet = lint("--baseline", BASELINE);
    expect(reported(quiet.stdout)).toEqual([]);
    expect(quiet.stderr).toBe("");
    expect(quiet.status).toBe(0);

    const strict = lint("--baseline", BASELINE, "--report-unused-baseline");
    expect(reported(strict.stdout)).toEqual([]);
    expect(strict.stderr).toBe(
      `schemalint: unused baseline entry: ${CLEANUP} safe-add-column (statement ${entry?.fingerprint ?? ""}): the finding no longer occurs.\n` +
        `schemalint: 1 unused baseline entry in ${BASELINE}; update it with --write-baseline ${BASELINE}.\n`,
    );
    expect(strict.status).toBe(1);

    // Rewriting the baseline prunes it.
    lint("--write-baseline", BASELINE);
    expect((await entries()).some((e) => e.file === CLEANUP && e.ruleId === "safe-add-column")).toBe(false);
    expect(lint("--baseline", BASELINE, "--report-unused-baseline").status).toBe(0);
  });

  it("suppresses several findings of one rule in one statement up to the recorded count", async () => {
    lint("--write-baseline", BASELINE);
    const repeated = (await entries()).filter((e) => e.count > 1);
    expect(repeated.map((e) => [e.file, e.ruleId, e.count])).toEqual([["example-app/migrations/000002_create_customers.up.sql", "no-repeating-groups", 2]]);
    const entry = repeated[0];
    if (entry === undefined) throw new Error("no repeated entry");
    const file = path.join(project.dir, BASELINE);
    const json = JSON.parse(await readFile(file, "utf8")) as { version: number; entries: Entry[] };
    await writeFile(file, JSON.stringify({ ...json, entries: json.entries.map((e) => (e === json.entries.find((x) => x.count > 1) ? { ...e, count: 1 } : e)) }));
    const run = lint("--baseline", BASELINE);
    // The first of the two findings (in ESLint order) stays suppressed, the second is reported.
    const all = jsonResults(lint().stdout).flatMap((r) => r.messages.filter((m) => m.ruleId === "no-repeating-groups").map((m) => `${path.relative(project.dir, r.filePath)}:${m.line}:${m.column}`));
    expect(all).toHaveLength(2);
    expect(reported(run.stdout)).toEqual([[all[1], "no-repeating-groups"]]);
  });

  it("updates only the files a partial run checked", async () => {
    lint("--write-baseline", BASELINE);
    const before = await entries();
    await edit(CLEANUP, (text) => text.replace("external_ref text NOT NULL;", "external_ref text NOT NULL DEFAULT '';"));
    const run = runCli(["--format", "json", "--write-baseline", BASELINE, CLEANUP], { cwd: project.dir });
    expect(run.status).toBe(0);
    const after = await entries();
    expect(after).toEqual(before.filter((e) => !(e.file === CLEANUP && e.ruleId === "safe-add-column")));
  });

  it("rejects a missing or malformed baseline and bad option combinations with exit 2", async () => {
    const missing = lint("--baseline", "nope.json");
    expect(missing.stderr).toBe("schemalint: Baseline file nope.json does not exist: create it with --write-baseline nope.json.\n");
    expect(missing.status).toBe(2);
    await project.write("bad.json", JSON.stringify({ version: 1, entries: [{ file: "a.sql", ruleId: "x", fingerprint: "f", count: 0 }] }));
    const bad = lint("--baseline", "bad.json");
    expect(bad.stderr).toMatch(/^schemalint: bad\.json: not a schemalint baseline at entries\.0\.count: .+\. Write one with --write-baseline\.\n$/u);
    expect(bad.status).toBe(2);
    const both = lint("--baseline", "a.json", "--write-baseline", "b.json");
    expect(both.stderr).toContain("--baseline and --write-baseline name different files");
    expect(both.status).toBe(2);
    const unusedAlone = lint("--report-unused-baseline");
    expect(unusedAlone.stderr).toContain("--report-unused-baseline needs --baseline FILE.");
    expect(unusedAlone.status).toBe(2);
  });
});
