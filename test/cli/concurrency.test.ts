import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { PARALLEL_MIN_CHARS } from "../../src/cli/parser-threads.js";
import { jsonResults, runCli, tempProject, type TempDir } from "./run.js";

/** A pg_dump-style file just over the parallel threshold, with a finding in every table. */
function dump(): string {
  const table = (i: number): string =>
    `CREATE TABLE public.t${String(i)} (\n    id bigint NOT NULL,\n    price double precision NOT NULL\n);\n\nALTER TABLE ONLY public.t${String(i)}\n    ADD CONSTRAINT t${String(i)}_pkey PRIMARY KEY (id);\n\n`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < PARALLEL_MIN_CHARS + 10_000; i++) {
    parts.push(table(i));
    size += parts.at(-1)?.length ?? 0;
  }
  return parts.join("");
}

describe("--concurrency", () => {
  let project: TempDir;
  let tables = 0;
  beforeAll(async () => {
    project = await tempProject("schemalint-concurrency-");
    const text = dump();
    tables = text.split("CREATE TABLE").length - 1;
    await project.write("structure.sql", text);
  });
  afterAll(() => project.remove());

  it("gives the same report with parse threads as without, and --debug says how many threads ran", () => {
    // Megabytes of JSON: written to files rather than through a pipe.
    const off = runCli(["--format", "json", "-o", "off.json", "--concurrency", "off", "--debug", "structure.sql"], { cwd: project.dir });
    const threaded = runCli(["--format", "json", "-o", "threaded.json", "--concurrency", "3", "--debug", "structure.sql"], { cwd: project.dir });
    expect(off.status).toBe(1);
    expect(threaded.status).toBe(1);
    const report = (name: string): string => readFileSync(path.join(project.dir, name), "utf8");
    const messages = jsonResults(report("off.json"))[0]?.messages ?? [];
    expect(tables).toBeGreaterThan(20_000);
    expect(messages.filter((m) => m.ruleId === "no-float-money")).toHaveLength(tables);
    expect(report("threaded.json")).toBe(report("off.json"));
    expect(threaded.stderr).toMatch(/lint \(2 parse threads besides the main thread\)/u);
    expect(off.stderr).toMatch(/timings: .*lint [\d.]+ ms/u);
    expect(off.stderr).not.toMatch(/parse thread/u);
  });

  it("starts no thread for small inputs, nor with 1", () => {
    const small = runCli(["--debug", "--concurrency", "4", "--stdin"], { cwd: project.dir, input: "CREATE TABLE a (price float);\n" });
    expect(small.stderr).toMatch(/timings: .*lint [\d.]+ ms/u);
    expect(small.stderr).not.toMatch(/parse thread/u);
    const one = runCli(["--format", "json", "-o", "out.json", "--debug", "--concurrency", "1", "structure.sql"], { cwd: project.dir });
    expect(one.stderr).toMatch(/timings: .*lint [\d.]+ ms/u);
    expect(one.stderr).not.toMatch(/parse thread/u);
  });

  it("reads auto (the default) as one thread per CPU up to 3, off as 1, and N as N", () => {
    const expected = Math.min(availableParallelism(), 3);
    expect(parseCliArgs([]).concurrency).toBe(expected);
    expect(parseCliArgs(["--concurrency", "auto"]).concurrency).toBe(expected);
    expect(parseCliArgs(["--concurrency", "off"]).concurrency).toBe(1);
    expect(parseCliArgs(["--concurrency", "8"]).concurrency).toBe(8);
  });

  it("rejects anything but a whole number of threads, auto or off", () => {
    for (const value of ["0", "-1", "1.5", "many", ""]) {
      const run = runCli([`--concurrency=${value}`, "structure.sql"], { cwd: project.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--concurrency takes a number of threads (1 or more), auto or off, got "${value}".`);
    }
  });
});
