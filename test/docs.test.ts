import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../src/rules/index.js";
import { RULE_DOC_HEADINGS } from "../src/rules/docs.js";
import { allMessages, lintWithRule } from "./helpers/lint.js";

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
        const messages = allMessages(await lintWithRule(rule, example.sql));
        expect(messages.filter((m) => m.ruleId === "parse-error")).toEqual([]);
        expect(messages.filter((m) => m.ruleId === id)).toHaveLength(example.kind === "invalid" ? 1 : 0);
      });
    }
  });
}
