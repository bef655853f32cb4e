import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE, initParser } from "../../src/parser/parse.js";
import { ParsePool } from "../../src/parser/parse-pool.js";
import { applyEdit, edit, histories, migrationText, unicodeNoise, type SqlFile } from "../helpers/arbitraries.js";
import { hasParseError, lintForComparison, pipelineViolations } from "./harness.js";
import { FUZZ } from "./settings.js";

/**
 * Property-based tests of the whole pipeline (layout planner → engine → every rule), with a fixed seed
 * and bounded runs so CI is repeatable. Invariants: nothing throws, no rule crashes, every file has a
 * result, every position lies inside its file, and the same input gives the same results twice.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = readdirSync(path.join(root, "fixtures"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(path.join(root, "fixtures", f), "utf8") }));

describe("fuzz: the pipeline never breaks its invariants", () => {
  beforeAll(initParser);

  it("on fixtures with random insertions, deletions and truncations", () => {
    fc.assert(
      fc.property(fc.nat({ max: fixtures.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (i, edits) => {
        const fixture = fixtures[i];
        if (fixture === undefined) return;
        const text = edits.reduce(applyEdit, fixture.text);
        expect(pipelineViolations([{ path: "/fuzz/001_mutated.sql", text }, { path: "/fuzz/002_next.sql", text: fixture.text.slice(0, 2000) }])).toEqual([]);
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);

  it("on random valid DDL spread over golang-migrate, dbmate, goose, flyway and plain histories", () => {
    fc.assert(
      fc.property(histories, (files) => {
        const results = lintForComparison(files);
        // The grammar only writes statements PostgreSQL accepts: a parse error is the parser's or the layouts' fault.
        expect(hasParseError(results) ? results.flatMap((r) => r.messages.filter((m) => m.ruleId === "parse-error").map((m) => `${r.filePath}:${String(m.line)}: ${m.message}`)) : []).toEqual([]);
        expect(pipelineViolations(files)).toEqual([]);
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);

  it("on random Unicode anywhere: between statements, in comments, in quoted identifiers and strings", () => {
    fc.assert(
      fc.property(migrationText, unicodeNoise, fc.string({ unit: "grapheme" }), fc.boolean(), (ddl, noise, word, crlf) => {
        const quoted = word.replaceAll('"', '""');
        const body = `\uFEFFCREATE TABLE "${quoted}" (id bigint PRIMARY KEY, note text DEFAULT '${word.replaceAll("'", "''")}');\n-- ${noise}\n${ddl}ALTER TABLE "${quoted}" ADD COLUMN x integer;\n${noise}\n${ddl}`;
        const text = crlf ? body.replaceAll("\n", "\r\n") : body;
        expect(pipelineViolations([{ path: "/u/001_unicode.sql", text }, { path: "/u/002_after.sql", text: ddl }])).toEqual([]);
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);

  it("on a NUL anywhere in valid DDL: reported as a parse error, never silently dropping the rest", () => {
    fc.assert(
      fc.property(migrationText, fc.double({ min: 0, max: 1, noNaN: true }), (ddl, at) => {
        const cut = Math.floor(at * ddl.length);
        const files = [{ path: "/nul/001_nul.sql", text: `${ddl.slice(0, cut)}\u0000${ddl.slice(cut)}` }];
        expect(hasParseError(lintForComparison(files))).toBe(true);
        expect(pipelineViolations(files)).toEqual([]);
      }),
      FUZZ.options,
    );
  }, FUZZ.timeout);
});

describe("fuzz: sizes and depths the parser and the rules must survive", () => {
  beforeAll(initParser);

  const depth = (open: string, close: string, n: number, inner = "1"): string => `${open.repeat(n)}${inner}${close.repeat(n)}`;
  const cases: Record<string, string> = {
    "3,000 tables, each referencing the previous": Array.from({ length: 3000 }, (_, i) => `CREATE TABLE t${String(i)} (id bigint PRIMARY KEY, parent_id bigint REFERENCES t${String(Math.max(0, i - 1))} (id));`).join("\n"),
    "5,000 statements on one line with a non-ASCII name": `CREATE TABLE é (id int); ${Array.from({ length: 5000 }, (_, i) => `ALTER TABLE é ADD COLUMN c${String(i)} integer;`).join(" ")}`,
    "5,000 syntax errors between valid statements": "CREATE TABLE;\nALTER TABLE a ADD COLUMN b float;\n".repeat(5000),
    "identifiers longer than 63 bytes, cut inside a character": `CREATE TABLE "${"é".repeat(40)}" (id bigint PRIMARY KEY, ${"b".repeat(70)} float);\nCREATE INDEX ${"i".repeat(90)} ON "${"é".repeat(40)}" (${"b".repeat(63)});\nALTER TABLE "${"é".repeat(32)}" ADD COLUMN "${"😀".repeat(20)}" money;\n`,
    "parentheses 5,000 deep": `CREATE TABLE d (id integer DEFAULT ${depth("(", ")", 5000)} CHECK (id > ${depth("(", ")", 1000)}));\nCREATE TABLE after_it (id bigint PRIMARY KEY);\n`,
    "parentheses 50,000 deep (beyond the parser's stack)": `SELECT 1;\nCREATE TABLE d (id integer DEFAULT ${depth("(", ")", 50_000)});\nCREATE TABLE after_it (id bigint PRIMARY KEY);\n`,
    "an operator chain 100,000 long": `CREATE TABLE c (id integer DEFAULT ${Array.from({ length: 100_000 }, () => "1").join(" + ")});\nCREATE TABLE after_it (id float);\n`,
    "function calls nested 1,000 and 5,000 deep": `CREATE TABLE f (a integer DEFAULT ${depth("coalesce(", ")", 1000)});\nCREATE TABLE g (a integer DEFAULT ${depth("coalesce(", ")", 5000)});\n`,
    "CASE nested 800 and 2,000 deep": `CREATE VIEW v AS SELECT ${depth("CASE WHEN true THEN ", " END", 800)} AS x;\nCREATE VIEW w AS SELECT ${depth("CASE WHEN true THEN ", " END", 2000)} AS x;\n`,
    "subqueries, arrays and NOT nested 1,000 deep": `CREATE VIEW s AS ${depth("SELECT (", ")", 1000)};\nCREATE TABLE a (x integer[] DEFAULT ${depth("ARRAY[", "]", 1000)}, b boolean CHECK (${"NOT ".repeat(1000)}b));\n`,
    "comments nested 5,000 deep": `/*${"/*".repeat(5000)}x${"*/".repeat(5001)} CREATE TABLE t (x float);\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      expect(pipelineViolations([{ path: "/big/001_big.sql", text }])).toEqual([]);
    });
  }

  it("keeps every statement after 5,000 syntax errors", () => {
    const text = Array.from({ length: 5000 }, (_, i) => `CREATE TABLE;\nCREATE TABLE a${String(i)} (id bigint PRIMARY KEY, price float);\n`).join("");
    const files: SqlFile[] = [{ path: "/big/001_errors.sql", text }];
    const messages = lintForComparison(files).flatMap((r) => r.messages);
    expect(messages.filter((m) => m.ruleId === "parse-error")).toHaveLength(5000);
    expect(messages.filter((m) => m.ruleId === "no-float-money")).toHaveLength(5000);
  });
});

describe("fuzz: results do not depend on the parse threads", () => {
  // The compiled worker (the global setup builds dist/): a worker thread cannot run TypeScript on Node 20.
  const pool = new ParsePool(2, new URL("../../dist/parser/parse-worker.js", import.meta.url));
  beforeAll(initParser);
  afterAll(() => pool.close());

  it("on random dumps of several chunks, with random edits: the same results with 1 and 3 threads", () => {
    fc.assert(
      fc.property(fc.array(migrationText, { minLength: 10, maxLength: 30 }), fc.array(edit, { maxLength: 8 }), (parts, edits) => {
        const unit = parts.join("");
        const dump = edits.reduce(applyEdit, unit.repeat(Math.ceil((5 * CHUNK_SIZE) / unit.length)));
        const files = [{ path: "/dump/structure.sql", text: dump }];
        expect(JSON.stringify(lintForComparison(files, pool))).toBe(JSON.stringify(lintForComparison(files)));
      }),
      // Each run lints over 320 KB twice: a tenth of the budget.
      { ...FUZZ.options, numRuns: Math.max(1, Math.ceil(FUZZ.options.numRuns / 10)) },
    );
  }, FUZZ.timeout);
});
