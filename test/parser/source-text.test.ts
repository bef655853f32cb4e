import { describe, expect, it } from "vitest";
import { SourceText } from "../../src/parser/source-text.js";

// Byte layout of MIXED: é = bytes 0-1, 中 = 2-4, 😀 = 5-8, x = 9, \n = 10, a = 11, b = 12 (13 bytes).
// UTF-16 layout:        é = 0,      中 = 1,   😀 = 2-3,  x = 4, \n = 5,  a = 6,  b = 7  (8 units).
const MIXED = "é中😀x\nab";

describe("SourceText: ASCII text", () => {
  it("uses byte offsets as UTF-16 indices", () => {
    const source = new SourceText("SELECT 1;\nSELECT 2;");
    expect(source.isAscii).toBe(true);
    expect(source.byteLength).toBe(19);
    expect(source.lineCount).toBe(2);
    expect([0, 9, 10, 19].map((b) => source.utf16AtByte(b))).toEqual([0, 9, 10, 19]);
    expect([0, 9, 10, 19].map((i) => source.byteAtUtf16(i))).toEqual([0, 9, 10, 19]);
    expect(source.positionAtByte(10)).toEqual({ line: 2, column: 1 });
    expect(source.positionAtByte(17)).toEqual({ line: 2, column: 8 });
  });
});

describe("SourceText: multi-byte characters", () => {
  const source = new SourceText(MIXED);

  it("measures the text in UTF-8 bytes", () => {
    expect(source.isAscii).toBe(false);
    expect(source.byteLength).toBe(13);
    expect(source.lineCount).toBe(2);
  });

  it("converts byte offsets to UTF-16 indices", () => {
    expect([0, 2, 5, 9, 10, 11, 12, 13].map((b) => source.utf16AtByte(b))).toEqual([0, 1, 2, 4, 5, 6, 7, 8]);
  });

  it("converts UTF-16 indices to byte offsets", () => {
    expect([0, 1, 2, 4, 5, 6, 7, 8].map((i) => source.byteAtUtf16(i))).toEqual([0, 2, 5, 9, 10, 11, 12, 13]);
  });

  it("round-trips every character boundary", () => {
    for (const index of [0, 1, 2, 4, 5, 6, 7, 8]) {
      expect(source.utf16AtByte(source.byteAtUtf16(index))).toBe(index);
    }
  });

  it("gives 1-based line and UTF-16 column after an accent, a CJK character and an emoji", () => {
    expect(source.positionAtByte(0)).toEqual({ line: 1, column: 1 });
    // after é (2 bytes, 1 unit)
    expect(source.positionAtByte(2)).toEqual({ line: 1, column: 2 });
    // after 中 (3 bytes, 1 unit)
    expect(source.positionAtByte(5)).toEqual({ line: 1, column: 3 });
    // after 😀 (4 bytes, 2 units)
    expect(source.positionAtByte(9)).toEqual({ line: 1, column: 5 });
    expect(source.positionAtByte(11)).toEqual({ line: 2, column: 1 });
    expect(source.positionAtByte(12)).toEqual({ line: 2, column: 2 });
  });

  it("gives positions of UTF-16 indices", () => {
    expect(source.positionAtUtf16(4)).toEqual({ line: 1, column: 5 });
    expect(source.positionAtUtf16(7)).toEqual({ line: 2, column: 2 });
  });

  it("places a statement after non-ASCII text on the right column", () => {
    const text = "SELECT 'café 中文 😀'; SELECT 2;";
    const s = new SourceText(text);
    const startByte = Buffer.byteLength("SELECT 'café 中文 😀'; ", "utf8");
    expect(startByte).toBe(28);
    expect(s.positionAtByte(28)).toEqual({ line: 1, column: 22 });
    expect(s.sliceBytes(28, 36)).toBe("SELECT 2");
  });
});

describe("SourceText: line breaks", () => {
  it("treats \\r\\n, a lone \\r and \\n as one line break each", () => {
    const source = new SourceText("a\r\nb\rc\n\nd");
    expect(source.lineCount).toBe(5);
    expect(source.positionAtByte(0)).toEqual({ line: 1, column: 1 });
    // the \r and the \n of CRLF still belong to line 1
    expect(source.positionAtByte(1)).toEqual({ line: 1, column: 2 });
    expect(source.positionAtByte(2)).toEqual({ line: 1, column: 3 });
    expect(source.positionAtByte(3)).toEqual({ line: 2, column: 1 });
    expect(source.positionAtByte(5)).toEqual({ line: 3, column: 1 });
    expect(source.positionAtByte(7)).toEqual({ line: 4, column: 1 });
    expect(source.positionAtByte(8)).toEqual({ line: 5, column: 1 });
  });

  it("handles CRLF and lone CR in non-ASCII text", () => {
    // é = 0-1, \r = 2, \n = 3, 😀 = 4-7, \r = 8, x = 9
    const source = new SourceText("é\r\n😀\rx");
    expect(source.lineCount).toBe(3);
    expect(source.byteLength).toBe(10);
    expect(source.positionAtByte(4)).toEqual({ line: 2, column: 1 });
    expect(source.positionAtByte(8)).toEqual({ line: 2, column: 3 });
    expect(source.positionAtByte(9)).toEqual({ line: 3, column: 1 });
    expect(source.positionAtByte(10)).toEqual({ line: 3, column: 2 });
    expect(source.utf16AtByte(9)).toBe(6);
    expect(source.byteAtUtf16(6)).toBe(9);
  });

  it("counts a tab as one column", () => {
    // \t = 0, x = 1, \t = 2, 😀 = 3-6, y = 7
    const source = new SourceText("\tx\t😀y");
    expect(source.positionAtByte(1)).toEqual({ line: 1, column: 2 });
    expect(source.positionAtByte(3)).toEqual({ line: 1, column: 4 });
    expect(source.positionAtByte(7)).toEqual({ line: 1, column: 6 });
  });
});

describe("SourceText: offsets at and beyond the end", () => {
  it("places the end of the text after the last character", () => {
    const source = new SourceText(MIXED);
    expect(source.positionAtByte(13)).toEqual({ line: 2, column: 3 });
  });

  it("clamps offsets beyond the text and negative offsets", () => {
    const source = new SourceText(MIXED);
    expect(source.utf16AtByte(99)).toBe(8);
    expect(source.utf16AtByte(-3)).toBe(0);
    expect(source.byteAtUtf16(99)).toBe(13);
    expect(source.byteAtUtf16(-1)).toBe(0);
    expect(source.positionAtByte(99)).toEqual({ line: 2, column: 3 });
    expect(source.positionAtUtf16(99)).toEqual({ line: 2, column: 3 });
  });

  it("puts the end of a text ending with a line break on the empty last line", () => {
    const source = new SourceText("abc\n");
    expect(source.lineCount).toBe(2);
    expect(source.positionAtByte(4)).toEqual({ line: 2, column: 1 });
    expect(source.positionAtByte(100)).toEqual({ line: 2, column: 1 });
  });

  it("handles an empty text", () => {
    const source = new SourceText("");
    expect(source.lineCount).toBe(1);
    expect(source.byteLength).toBe(0);
    expect(source.positionAtByte(0)).toEqual({ line: 1, column: 1 });
    expect(source.positionAtByte(5)).toEqual({ line: 1, column: 1 });
    expect(source.lineText(1)).toBe("");
  });
});

describe("SourceText.utf16AfterCodePoints", () => {
  it("advances over an emoji as one code point of two UTF-16 units", () => {
    const source = new SourceText("é中😀x");
    expect(source.utf16AfterCodePoints(0, 0)).toBe(0);
    expect(source.utf16AfterCodePoints(0, 2)).toBe(2);
    expect(source.utf16AfterCodePoints(0, 3)).toBe(4);
    expect(source.utf16AfterCodePoints(2, 1)).toBe(4);
    expect(source.utf16AfterCodePoints(4, 1)).toBe(5);
  });

  it("counts consecutive emoji", () => {
    const source = new SourceText("😀😀😀!");
    expect(source.utf16AfterCodePoints(0, 2)).toBe(4);
    expect(source.utf16AfterCodePoints(2, 2)).toBe(6);
  });

  it("stops at the end of the text", () => {
    const source = new SourceText("é中😀x");
    expect(source.utf16AfterCodePoints(0, 100)).toBe(5);
  });
});

describe("SourceText.rangeAtBytes and sliceBytes", () => {
  const source = new SourceText("é\r\n😀\rx");

  it("converts a byte range to lines and columns", () => {
    expect(source.rangeAtBytes(4, 8)).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 3 });
    expect(source.rangeAtBytes(0, 10)).toEqual({ line: 1, column: 1, endLine: 3, endColumn: 2 });
    expect(source.rangeAtBytes(4, 10)).toEqual({ line: 2, column: 1, endLine: 3, endColumn: 2 });
  });

  it("collapses a range whose end is before its start", () => {
    expect(source.rangeAtBytes(9, 2)).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 1 });
  });

  it("clamps a range that runs past the end", () => {
    expect(source.rangeAtBytes(9, 500)).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 2 });
  });

  it("slices by byte offsets", () => {
    expect(source.sliceBytes(4, 8)).toBe("😀");
    expect(source.sliceBytes(0, 2)).toBe("é");
    expect(source.sliceBytes(9, 99)).toBe("x");
  });
});

describe("SourceText.lineEndAtByte", () => {
  it("returns the UTF-16 index before the line break of the line holding the offset", () => {
    const source = new SourceText("é\r\n😀\rx");
    expect(source.lineEndAtByte(0)).toBe(1);
    expect(source.lineEndAtByte(2)).toBe(1);
    expect(source.lineEndAtByte(4)).toBe(5);
    expect(source.lineEndAtByte(9)).toBe(7);
    expect(source.lineEndAtByte(99)).toBe(7);
  });

  it("works on ASCII text with LF", () => {
    const source = new SourceText("SELECT 1;\nSELECT 22;\n");
    expect(source.lineEndAtByte(3)).toBe(9);
    expect(source.lineEndAtByte(10)).toBe(20);
    expect(source.lineEndAtByte(21)).toBe(21);
  });
});

describe("SourceText.lineText", () => {
  it("returns each line without its line break", () => {
    const source = new SourceText("é\r\n😀\rx");
    expect([1, 2, 3].map((l) => source.lineText(l))).toEqual(["é", "😀", "x"]);
  });

  it("strips CRLF, CR and LF", () => {
    const source = new SourceText("a\r\nb\rc\n\nd");
    expect([1, 2, 3, 4, 5].map((l) => source.lineText(l))).toEqual(["a", "b", "c", "", "d"]);
  });

  it("keeps tabs and returns an empty string outside the text", () => {
    const source = new SourceText("\tx\t😀y\r\n");
    expect(source.lineText(1)).toBe("\tx\t😀y");
    expect(source.lineText(2)).toBe("");
    expect(source.lineText(3)).toBe("");
    expect(source.lineText(0)).toBe("");
  });
});

describe("SourceText.lineByteRange", () => {
  it("gives each line's byte range without its line break, the first line with or without a line table", () => {
    for (const text of [MIXED, "é\r\nb", "a\rb", "😀 only", "", "\nsecond"]) {
      const fresh = new SourceText(text);
      const first = fresh.lineByteRange(1);
      const tabled = new SourceText(text);
      tabled.lineText(2);
      expect(tabled.lineByteRange(1)).toEqual(first);
      expect(first.start).toBe(0);
      expect(first.end).toBe(Buffer.byteLength(tabled.lineText(1), "utf8"));
    }
    expect(new SourceText(MIXED).lineByteRange(1)).toEqual({ start: 0, end: 10 });
    expect(new SourceText(MIXED).lineByteRange(2)).toEqual({ start: 11, end: 13 });
  });
});
