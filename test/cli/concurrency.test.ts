import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARALLEL_MIN_CHARS } from "../../src/cli/parser-threads.js";
import { jsonResults, runCli, tempProject, type TempDir } from "./run.js";

/** A pg_dump-style file over the parallel threshold, with findings in every part of it. */
function dump(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join("").length < PARALLEL_MIN_CHARS + 100_000; i++) {
    parts.push(
      `CREATE TABLE public.t${String(i)} (\n    id bigint NOT NULL,\n    parent_id bigint,\n    price double precision,\n    label character(10)\n);\n` +
        `ALTER TABLE ONLY public.t${String(i)} ADD CONSTRAINT t${String(i)}_pkey PRIMARY KEY (id);\n` +
        (i > 0 ? `ALTER TABLE ONLY public.t${String(i)} ADD CONSTRAINT t${String(i)}_parent_fkey FOREIGN KEY (parent_id) REFERENCES public.t${String(i - 1)}(id);\n` : ""),
    );
  }
  return parts.join("");
}

describe("--concurrency", () => {
  let project: TempDir;
  beforeAll(async () => {
    project = await tempProject("schemalint-concurrency-");
    await project.write("structure.sql", dump());
  });
  afterAll(() => project.remove());

  it("gives the same report with parse threads as without, and --debug says how many threads ran", () => {
    // Over a megabyte of JSON: written to files rather than through a pipe.
    const off = runCli(["--format", "json", "-o", "off.json", "--concurrency", "off", "structure.sql"], { cwd: project.dir });
    const threaded = runCli(["--format", "json", "-o", "threaded.json", "--concurrency", "3", "--debug", "structure.sql"], { cwd: project.dir });
    expect(off.status).toBe(1);
    expect(threaded.status).toBe(1);
    const report = (name: string): string => readFileSync(path.join(project.dir, name), "utf8");
    const messages = jsonResults(report("off.json"))[0]?.messages ?? [];
    expect(messages.length).toBeGreaterThan(5000);
    expect(report("threaded.json")).toBe(report("off.json"));
    expect(threaded.stderr).toMatch(/lint \(2 parse threads besides the main thread\)/u);
  });

  it("starts no thread for small inputs, nor with off or 1", () => {
    const small = runCli(["--debug", "--concurrency", "4", "--stdin"], { cwd: project.dir, input: "CREATE TABLE a (price float);\n" });
    expect(small.stderr).toMatch(/timings: .*lint [\d.]+ ms/u);
    expect(small.stderr).not.toMatch(/parse thread/u);
    for (const value of ["off", "1"]) {
      expect(runCli(["--format", "json", "-o", "out.json", "--debug", "--concurrency", value, "structure.sql"], { cwd: project.dir }).stderr).not.toMatch(/parse thread/u);
    }
  });

  it("rejects anything but a whole number of threads, auto or off", () => {
    for (const value of ["0", "-1", "1.5", "many", ""]) {
      const run = runCli([`--concurrency=${value}`, "structure.sql"], { cwd: project.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--concurrency takes a number of threads (1 or more), auto or off, got "${value}".`);
    }
  });
});
