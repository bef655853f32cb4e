import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../src/rules/index.js";
import { RULE_DOC_HEADINGS } from "../src/rules/docs.js";
import { allMessages, lintWithRule, type TestFile } from "./helpers/lint.js";

interface Example {
  readonly kind: "valid" | "invalid";
  readonly sql: string;
  readonly line: number;
}

/** The ```sql valid / ```sql invalid blocks of a Markdown page, with their line numbers. */
function examplesOf(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^```sql (valid|invalid)\s*\n([\s\S]*?)^```\s*$/gmu;
  for (const match of markdown.matchAll(fence)) {
    out.push({
      kind: match[1] === "valid" ? "valid" : "invalid",
      sql: match[2] ?? "",
      line: markdown.slice(0, match.index).split("\n").length,
    });
  }
  return out;
}

const MIGRATION_HEADER = /^-- migration: (\S+)\s*$/u;

/**
 * An example's migrations: a line `-- migration: <file name>` starts a new file under `/docs/migrations/`
 * (so `000002_x.up.sql` names give golang-migrate semantics); without one the block is one migration.
 */
function filesOfExample(sql: string): TestFile | TestFile[] {
  const files: { path: string; sql: string }[] = [];
  for (const line of sql.split("\n")) {
    const header = MIGRATION_HEADER.exec(line);
    const current = files.at(-1);
    if (header !== null) files.push({ path: `/docs/migrations/${header[1] ?? ""}`, sql: "" });
    else if (current === undefined) files.push({ path: "/docs/migrations/001_example.sql", sql: `${line}\n` });
    else current.sql += `${line}\n`;
  }
  return files;
}

for (const rule of rules) {
  const id = rule.meta.id;
  const markdown = readFileSync(new URL(`../docs/rules/${id}.md`, import.meta.url), "utf8");

  describe(`docs/rules/${id}.md`, () => {
    it("has the fixed headings in order, after a title with the rule id", () => {
      const headings = [...markdown.matchAll(/^## (.+)$/gmu)].map((m) => m[1]);
      expect(markdown.startsWith(`# ${id}\n`)).toBe(true);
      expect(headings).toEqual([...RULE_DOC_HEADINGS]);
    });

    it("states the summary from the rule's metadata", () => {
      expect(markdown).toContain(rule.meta.summary);
    });

    const examples = examplesOf(markdown);
    it("has at least one invalid and one valid example", () => {
      expect(examples.filter((e) => e.kind === "invalid").length).toBeGreaterThan(0);
      expect(examples.filter((e) => e.kind === "valid").length).toBeGreaterThan(0);
    });

    for (const example of examples) {
      it(`${example.kind} example at line ${example.line} yields ${example.kind === "invalid" ? "exactly one finding" : "no finding"}`, async () => {
        const messages = allMessages(await lintWithRule(rule, filesOfExample(example.sql)));
        expect(messages.filter((m) => m.ruleId === "parse-error")).toEqual([]);
        expect(messages.filter((m) => m.ruleId === id)).toHaveLength(example.kind === "invalid" ? 1 : 0);
      });
    }
  });
}
