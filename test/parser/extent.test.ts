import { describe, expect, it } from "vitest";
import { tokenSequenceRange } from "../../src/parser/extent.js";
import { SourceText } from "../../src/parser/source-text.js";

function find(text: string, sequence: readonly string[], after?: string): string | undefined {
  const source = new SourceText(text);
  const range = tokenSequenceRange(source, 0, source.byteLength, sequence, after);
  return range === undefined ? undefined : source.sliceBytes(range.start, range.end);
}

describe("tokenSequenceRange", () => {
  it("finds a name after a keyword, folded as PostgreSQL folds identifiers", () => {
    expect(find("DROP TABLE Orders, customers;", ["customers"], "table")).toBe("customers");
    expect(find("DROP TABLE Orders;", ["orders"], "table")).toBe("Orders");
    expect(find('DROP TABLE "Orders";', ["Orders"], "table")).toBe('"Orders"');
    expect(find('DROP TABLE "Orders";', ["orders"], "table")).toBeUndefined();
  });

  it("matches qualified names and whole phrases", () => {
    expect(find("DROP TABLE IF EXISTS app . audit_log;", ["app", ".", "audit_log"], "table")).toBe("app . audit_log");
    expect(find("ALTER TABLE t DROP COLUMN IF EXISTS note;", ["drop", "column", "if", "exists", "note"])).toBe("DROP COLUMN IF EXISTS note");
  });

  it("skips comments, literals and names before the keyword", () => {
    expect(find("ALTER TABLE b /* b */ RENAME -- b\n TO b;", ["b"], "to")).toBe("b");
    expect(find("SELECT 'users' AS x, users FROM t;", ["users"])).toBe("users");
    expect(find("ALTER TABLE é RENAME TO ü;", ["ü"], "to")).toBe("ü");
  });

  it("is undefined when the keyword or the name is missing", () => {
    expect(find("DROP TABLE a;", ["a"], "schema")).toBeUndefined();
    expect(find("DROP TABLE a;", ["b"])).toBeUndefined();
  });
});
