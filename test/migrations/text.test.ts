import { describe, expect, it } from "vitest";
import { blank, commonDir, compareVersions, keepRange, splitLines } from "../../src/migrations/text.js";

describe("text helpers", () => {
  it("blanks every UTF-16 code unit but keeps line breaks", () => {
    expect(blank("a😀\r\nb\rc\n")).toBe("   \r\n \r \n");
    expect(keepRange("ab\ncd\nef", 3, 5)).toBe("  \ncd\n  ");
  });

  it("splits lines on \\n, \\r\\n and \\r", () => {
    expect(splitLines("a\r\nb\rc\n").map((l) => [l.number, l.text, l.start, l.next])).toEqual([
      [1, "a", 0, 3],
      [2, "b", 3, 5],
      [3, "c", 5, 7],
      [4, "", 7, 7],
    ]);
  });

  it("compares versions numerically", () => {
    const sorted = ["10_b", "9_a", "0010_c", "2_x", "1_9", "1_10"].sort(compareVersions);
    expect(sorted).toEqual(["1_9", "1_10", "2_x", "9_a", "10_b", "0010_c"]);
    expect(compareVersions("20240101120000", "20231231235959")).toBeGreaterThan(0);
    expect(compareVersions("99999999999999999999", "100000000000000000000")).toBeLessThan(0);
  });

  it("finds the common directory", () => {
    expect(commonDir(["/r/db/a.sql", "/r/db/x/b.sql"])).toBe("/r/db");
    expect(commonDir(["/r/a.sql"])).toBe("/r");
    expect(commonDir(["/a.sql", "/b/c.sql"])).toBe("/");
  });
});
