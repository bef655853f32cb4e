import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseSize } from "../../src/cli/read.js";
import { findings, jsonResults, pinnedConfig, runCli, tempProject, type TempDir } from "./run.js";

describe("--max-file-size", () => {
  let project: TempDir | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it("skips a larger file with a read-error finding naming its size and the limit, and lints the others", async () => {
    project = await tempProject("schemalint-size-");
    await project.write(".schemalintrc.json", pinnedConfig());
    await project.write("db/001_small.sql", "CREATE TABLE a (id bigint PRIMARY KEY, price float NOT NULL);\n");
    await project.write("db/002_big.sql", `-- ${"x".repeat(3000)}\nCREATE TABLE b (id bigint PRIMARY KEY);\n`);
    const run = runCli(["--format", "json", "--max-file-size", "2KB", "db"], { cwd: project.dir });
    expect(run.status).toBe(1);
    const results = jsonResults(run.stdout);
    expect(findings(results, project.dir)).toEqual([
      ["db/001_small.sql", 1, 40, "no-float-money"],
      ["db/002_big.sql", 1, 1, "read-error"],
    ]);
    const message = results.find((r) => path.basename(r.filePath) === "002_big.sql")?.messages[0]?.message;
    expect(message).toBe("File is 3.0 KB, over the 2.0 KB limit (--max-file-size): it was not linted.");
  });

  it("rejects a size it cannot read", () => {
    const run = runCli(["--max-file-size", "lots", "db"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--max-file-size takes a size such as 64MB, 512KB or 1000000, got "lots".');
  });

  it("reads bytes and KB, MB, GB suffixes as powers of 1024", () => {
    expect(parseSize("1000000")).toBe(1_000_000);
    expect(parseSize("512KB")).toBe(524_288);
    expect(parseSize("64mb")).toBe(67_108_864);
    expect(parseSize("1.5 G")).toBe(1_610_612_736);
    expect(parseSize("0")).toBeUndefined();
    expect(parseSize("-1MB")).toBeUndefined();
  });
});
