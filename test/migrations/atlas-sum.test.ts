import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkAtlasSum } from "../../src/migrations/atlas-sum.js";
import type { SourceFile } from "../../src/migrations/types.js";
import { atlasSum } from "./helpers.js";

// Golden data: a directory and the atlas.sum that Atlas itself wrote for it (ariga/atlas,
// sql/migrate/testdata/migrate: two files without a final newline).
const dir = "/r/atlas";
const down = "DROP TABLE IF EXISTS t;";
const up = "CREATE TABLE t(c int);";
const sum = [
  "h1:M74RrNK69S2pj6C541LR1ew5O32/i0WoyNgsJmyuiUk=",
  "1_initial.down.sql h1:0zypK43rgPbgvVUgVJABGN25VgM1QSeU+LJDBb8cEQI=",
  "1_initial.up.sql h1:hFhs5XhRml4KTWGF5td6h1s7xNqAFnaEBbC5Y/NF7i4=",
  "",
].join("\n");

const file = (name: string, text: string): SourceFile => ({ path: `${dir}/${name}`, text });
const check = (sumText: string, ...files: SourceFile[]) => checkAtlasSum(file("atlas.sum", sumText), files);

describe("atlas.sum", () => {
  it("accepts the sum Atlas wrote for the same files, also with CRLF line ends in atlas.sum", () => {
    expect(check(sum, file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([]);
    expect(check(sum.replaceAll("\n", "\r\n"), file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([]);
    // The helper other tests use to write sums agrees with Atlas too.
    expect(atlasSum({ "1_initial.up.sql": up, "1_initial.down.sql": down })).toBe(sum);
  });

  it("accepts a file saved with a byte order mark, which the reader drops and Atlas hashes", () => {
    // The sum Atlas would write if 1_initial.up.sql started with a BOM: the algorithm the golden case
    // above checks, over the file's bytes.
    const running = createHash("sha256").update("1_initial.down.sql").update(down);
    const downHash = running.copy().digest("base64");
    const upHash = running.update("1_initial.up.sql").update(`\uFEFF${up}`).digest("base64");
    const total = createHash("sha256").update("1_initial.down.sql").update(downHash).update("1_initial.up.sql").update(upHash).digest("base64");
    const bomSum = `h1:${total}\n1_initial.down.sql h1:${downHash}\n1_initial.up.sql h1:${upHash}\n`;
    expect(check(bomSum, file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([]);
    expect(check(bomSum, file("1_initial.down.sql", down), file("1_initial.up.sql", `${up} `))).toHaveLength(1);
  });

  it("reports an edited file at its first line, once, naming the sum's line", () => {
    expect(check(sum, file("1_initial.down.sql", `${down}\n`), file("1_initial.up.sql", up))).toEqual([
      { file: `${dir}/1_initial.down.sql`, line: 1, kind: "checksum", message: `"1_initial.down.sql" was edited after atlas.sum was written (its hash on line 2 differs): Atlas rejects the directory ("checksum mismatch")` },
    ]);
  });

  it("reports a file added without re-hashing at the new file, before or after the recorded ones", () => {
    expect(check(sum, file("0_first.sql", "SELECT 1;"), file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([
      { file: `${dir}/0_first.sql`, line: 1, kind: "checksum", message: `"0_first.sql" is not in atlas.sum: Atlas rejects the directory ("checksum mismatch")` },
    ]);
    expect(check(sum, file("1_initial.down.sql", down), file("1_initial.up.sql", up), file("2_next.sql", "SELECT 1;"))).toEqual([
      { file: `${dir}/2_next.sql`, line: 1, kind: "checksum", message: `"2_next.sql" is not in atlas.sum: Atlas rejects the directory ("checksum mismatch")` },
    ]);
  });

  it("reports a removed file at its line of atlas.sum", () => {
    expect(check(sum, file("1_initial.down.sql", down))).toEqual([
      { file: `${dir}/atlas.sum`, line: 3, kind: "checksum", message: `"1_initial.up.sql" is listed in atlas.sum but no longer exists: Atlas rejects the directory ("checksum mismatch")` },
    ]);
  });

  it("reports a first line that does not match the entries, and a malformed line, in atlas.sum", () => {
    expect(check(sum.replace("h1:M74", "h1:X74"), file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([
      {
        file: `${dir}/atlas.sum`,
        line: 1,
        kind: "checksum",
        message: `the first line of atlas.sum does not match the lines below it (the file was edited by hand or merged); Atlas rejects the directory ("checksum mismatch")`,
      },
    ]);
    expect(check(`${sum}<<<<<<< HEAD\n`, file("1_initial.down.sql", down), file("1_initial.up.sql", up))).toEqual([
      { file: `${dir}/atlas.sum`, line: 4, kind: "checksum", message: `atlas.sum has a line without "h1:"; Atlas rejects the file ("checksum file format invalid")` },
    ]);
  });

  it("hashes only the name of a file whose first line is `-- atlas:sum ignore`", () => {
    // Editing an ignored file changes nothing Atlas checks, but its name still counts: the golden sum
    // then no longer matches the directory (Atlas writes no line for the file, so it shows as a change).
    const ignored = file("1_initial.down.sql", "-- atlas:sum ignore\nanything");
    const problems = check(sum, ignored, file("1_initial.up.sql", up));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(`"1_initial.down.sql" is listed in atlas.sum but no longer exists`);
  });
});
