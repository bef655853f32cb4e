import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { LintResult } from "../../src/lint-result.js";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { planRepository } from "../../src/migrations/repository.js";
import { initParser } from "../../src/parser/parse.js";
import { SourceText } from "../../src/parser/source-text.js";
import { lint, type ConfiguredRule } from "../../src/rules/engine.js";
import { rules, rulesById } from "../../src/rules/index.js";

/**
 * Property-based tests of the whole pipeline (layout planner → engine → every rule), with a fixed seed
 * and bounded runs so CI is repeatable; SCHEMALINT_FUZZ_RUNS=2000 (and SCHEMALINT_FUZZ_SEED) explore
 * more locally. Invariants: nothing throws, no rule crashes, every position lies inside its file, and the
 * same input gives the same results twice.
 */
const RUNS = Number(process.env.SCHEMALINT_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.SCHEMALINT_FUZZ_SEED ?? 20261122);
/** Local runs with many iterations get the time they need; CI's 40 take a few seconds. */
const TIMEOUT = Math.max(30_000, RUNS * 60);
const root = fileURLToPath(new URL("../..", import.meta.url));
const every: ConfiguredRule[] = rules.map((rule) => ({ rule, severity: 1, options: rule.meta.options.parse({}) }));

interface FuzzFile {
  readonly path: string;
  readonly text: string;
}

/** The pipeline the CLI runs, on in-memory files. Comparable output for equality checks across runs and, later, workers and caches. */
export function lintFiles(files: readonly FuzzFile[]): LintResult[] {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const lintFiles = lintFilesOf(planRepository(files), texts, { report: () => true });
  return lint(lintFiles, { rules: every, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()), lintDown: true }).results;
}

function problemsOf(files: readonly FuzzFile[]): string[] {
  const results = lintFiles(files);
  const again = lintFiles(files);
  const problems: string[] = [];
  if (JSON.stringify(results) !== JSON.stringify(again)) problems.push("not deterministic: the same input gave different results");
  const byPath = new Map(files.map((f) => [f.path, new SourceText(f.text)]));
  for (const result of results) {
    const source = byPath.get(result.filePath);
    if (source === undefined) {
      problems.push(`result for an unknown file ${result.filePath}`);
      continue;
    }
    const inside = (line: number, column: number): boolean => line >= 1 && line <= source.lineCount && column >= 1 && column <= source.lineText(line).length + 1;
    for (const m of result.messages) {
      if (m.messageId === "internal-error") problems.push(`rule crash: ${m.message}`);
      const endLine = m.endLine ?? m.line;
      const endColumn = m.endColumn ?? m.column;
      if (!inside(m.line, m.column) || !inside(endLine, endColumn)) problems.push(`out of bounds: ${m.ruleId ?? ""} ${String(m.line)}:${String(m.column)}-${String(endLine)}:${String(endColumn)}`);
      if (endLine < m.line || (endLine === m.line && endColumn < m.column)) problems.push(`end before start: ${m.ruleId ?? ""} ${String(m.line)}:${String(m.column)}`);
    }
  }
  return problems;
}

const fixtures = readdirSync(path.join(root, "fixtures"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(path.join(root, "fixtures", f), "utf8") }));

/** One edit of a text: positions are fractions of its length, so they fit every fixture. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string(), fc.constantFrom(";", "'", '"', "$$", "/*", "*/", "--", "\\", "\r", "\n", "(", ")", "\u0000", "\uFEFF", "😀", "e\u0301")) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

type Edit = { kind: "insert"; at: number; text: string } | { kind: "delete"; at: number; length: number } | { kind: "truncate"; at: number };

function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === "insert") return text.slice(0, at) + e.text + text.slice(at);
  if (e.kind === "delete") return text.slice(0, at) + text.slice(at + e.length);
  return text.slice(0, at);
}

/** Identifiers: plain, reserved words, quoted with Unicode and quotes inside, longer than 63 bytes. */
const identifier = fc.oneof(
  fc.constantFrom("users", "orders", "order_items", "price", "amount", "created_at", "user_id", "status", "id"),
  fc.constantFrom('"select"', '"User Table"', '"naïve"', '"😀"', '"a""b"', `"${"x".repeat(70)}"`, "z".repeat(80)),
);
const type = fc.constantFrom("integer", "bigint", "text", "varchar(10)", "numeric(12,2)", "float", "money", "timestamp", "timestamptz", "jsonb", "uuid", "char(3)", "serial", "integer[]");
const column = fc.tuple(identifier, type, fc.constantFrom("", " NOT NULL", " DEFAULT 0", " PRIMARY KEY", " UNIQUE", " REFERENCES users (id)", " CHECK (1 > 0)"));
const statement = fc.oneof(
  fc.tuple(identifier, fc.array(column, { minLength: 1, maxLength: 5 })).map(([t, cs]) => `CREATE TABLE IF NOT EXISTS ${t} (${cs.map(([c, ty, extra]) => `${c} ${ty}${extra}`).join(", ")});`),
  fc.tuple(identifier, column).map(([t, [c, ty, extra]]) => `ALTER TABLE ${t} ADD COLUMN ${c} ${ty}${extra.replace(" PRIMARY KEY", "")};`),
  fc.tuple(identifier, identifier).map(([t, c]) => `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${c};`),
  fc.tuple(identifier, identifier, type).map(([t, c, ty]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${ty};`),
  fc.tuple(identifier, identifier).map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL;`),
  fc.tuple(identifier, identifier, identifier).map(([t, c, r]) => `ALTER TABLE ${t} ADD CONSTRAINT fk_${String(Math.abs(t.length - c.length))} FOREIGN KEY (${c}) REFERENCES ${r} (id) NOT VALID;`),
  fc.tuple(fc.boolean(), fc.boolean(), identifier, identifier).map(([unique, concurrently, t, c]) => `CREATE ${unique ? "UNIQUE " : ""}INDEX ${concurrently ? "CONCURRENTLY " : ""}ON ${t} (${c});`),
  fc.tuple(identifier, identifier).map(([a, b]) => `ALTER TABLE ${a} RENAME TO ${b};`),
  fc.tuple(identifier, identifier, identifier).map(([t, a, b]) => `ALTER TABLE ${t} RENAME COLUMN ${a} TO ${b};`),
  identifier.map((t) => `DROP TABLE IF EXISTS ${t} CASCADE;`),
  fc.tuple(identifier, fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 })).map(([t, vs]) => `CREATE TYPE ${t}_kind AS ENUM (${vs.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")});`),
  fc.tuple(identifier, fc.string()).map(([t, text]) => `COMMENT ON TABLE ${t} IS '${text.replaceAll("'", "''")}';`),
  fc.tuple(identifier, identifier).map(([v, t]) => `CREATE OR REPLACE VIEW ${v}_v AS SELECT * FROM ${t};`),
  identifier.map((f) => `CREATE FUNCTION ${f}_fn(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$;`),
  fc.constantFrom("BEGIN;", "COMMIT;", "SET lock_timeout = '5s';", "SELECT 1;"),
);
const migrationText = fc.array(statement, { minLength: 1, maxLength: 8 }).map((s) => `${s.join("\n")}\n`);

describe("fuzz: the pipeline never breaks its invariants", () => {
  beforeAll(initParser);

  it("on fixtures with random insertions, deletions and truncations", () => {
    fc.assert(
      fc.property(fc.nat({ max: fixtures.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (i, edits) => {
        const fixture = fixtures[i];
        if (fixture === undefined) return;
        const text = edits.reduce((t, e) => applyEdit(t, e), fixture.text);
        expect(problemsOf([{ path: "/fuzz/001_mutated.sql", text }, { path: "/fuzz/002_next.sql", text: fixture.text.slice(0, 2000) }])).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT);

  it("on random DDL spread over golang-migrate, dbmate and plain histories", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(migrationText, migrationText), { minLength: 1, maxLength: 4 }), (migrations) => {
        const files: FuzzFile[] = [];
        migrations.forEach(([up, down], i) => {
          const v = String(i + 1).padStart(6, "0");
          files.push({ path: `/gm/${v}_m.up.sql`, text: up }, { path: `/gm/${v}_m.down.sql`, text: down });
          files.push({ path: `/dbmate/2024010100000${String(i)}_m.sql`, text: `-- migrate:up\n${up}\n-- migrate:down\n${down}` });
          files.push({ path: `/plain/${String(i + 1).padStart(3, "0")}_m.sql`, text: up });
        });
        expect(problemsOf(files)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT);

  it("on random Unicode anywhere, including inside quoted identifiers and strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), (noise, word) => {
        const quoted = word.replaceAll('"', '""').replaceAll("\u0000", "");
        const text = `CREATE TABLE "${quoted}" (id bigint PRIMARY KEY, note text DEFAULT '${word.replaceAll("'", "''")}');\n-- ${noise}\nALTER TABLE "${quoted}" ADD COLUMN x integer;\n${noise}`;
        expect(problemsOf([{ path: "/u/001_unicode.sql", text }])).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT);

  it("on thousands of statements and deeply nested expressions", () => {
    const many = Array.from({ length: 3000 }, (_, i) => `CREATE TABLE t${String(i)} (id bigint PRIMARY KEY, parent_id bigint REFERENCES t${String(Math.max(0, i - 1))} (id));`).join("\n");
    const depth = (n: number): string => `${"(".repeat(n)}1${")".repeat(n)}`;
    const cases = [5000, 1000, 200].map((n) => `CREATE TABLE d (id integer DEFAULT ${depth(n)} CHECK (id > ${depth(n)}));\nCREATE TABLE after_it (id bigint PRIMARY KEY);\n`);
    const cases2 = [800].map((n) => `CREATE VIEW v AS SELECT ${"CASE WHEN true THEN ".repeat(n)}1${" END".repeat(n)} AS x;\n`);
    for (const text of [many, ...cases, ...cases2]) expect(problemsOf([{ path: "/big/001_big.sql", text }])).toEqual([]);
  });
});
