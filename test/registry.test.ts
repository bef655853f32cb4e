import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../src/rules/index.js";
import { rulesIndexMarkdown } from "../src/rules/docs.js";
import { presetRules } from "../src/rules/presets.js";
import { CATEGORIES, type MessageTemplate } from "../src/rules/rule.js";

const root = new URL("../", import.meta.url);
const ids = rules.map((r) => r.meta.id);
const baseNames = (dir: string, suffix: string): string[] =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length));

describe("rule registry", () => {
  it("every rule has src/rules/<id>.ts, test/rules/<id>.test.ts and docs/rules/<id>.md", () => {
    const missing = ids.flatMap((id) =>
      [`src/rules/${id}.ts`, `test/rules/${id}.test.ts`, `docs/rules/${id}.md`].filter((p) => !existsSync(new URL(p, root))),
    );
    expect(missing, `missing files: ${missing.join(", ")}`).toEqual([]);
  });

  it("every rule module, test and doc belongs to a registered rule", () => {
    const infrastructure = new Set(["index", "rule", "engine", "directives", "presets", "docs", "migration-state", "engine-results", "engine-checkpoint", "statement-context", "catalog-check"]);
    const strays = [
      ...baseNames("src/rules/", ".ts").filter((n) => !infrastructure.has(n) && !ids.includes(n)).map((n) => `src/rules/${n}.ts is not in src/rules/index.ts`),
      ...baseNames("test/rules/", ".test.ts").filter((n) => !["directives", "engine", "engine-checkpoint"].includes(n) && !ids.includes(n)).map((n) => `test/rules/${n}.test.ts has no rule`),
      ...baseNames("docs/rules/", ".md").filter((n) => n !== "README" && !ids.includes(n)).map((n) => `docs/rules/${n}.md has no rule`),
    ];
    expect(strays).toEqual([]);
  });

  it("the generated index lists every rule and is up to date", () => {
    const index = readFileSync(new URL("docs/rules/README.md", root), "utf8");
    expect(index, 'docs/rules/README.md is stale: run "npm run generate"').toBe(`${rulesIndexMarkdown()}\n`);
    for (const id of ids) expect(index).toContain(`[${id}](${id}.md)`);
  });

  it("ids are unique kebab-case and the file name matches the id", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/u);
  });

  it("metadata is complete: summary sentence, known category, severity, options with defaults", () => {
    for (const { meta } of rules) {
      expect(meta.summary, meta.id).toMatch(/^[A-Z].*\.$/u);
      expect(Object.keys(CATEGORIES), meta.id).toContain(meta.category);
      expect(["off", "warn", "error"], meta.id).toContain(meta.defaultSeverity);
      // Every option has a default: parsing {} succeeds.
      expect(meta.options.safeParse({}).success, meta.id).toBe(true);
      for (const [name, schema] of Object.entries(meta.options.shape)) {
        expect((schema as { description?: string }).description, `${meta.id}.${name} needs a description`).toBeTruthy();
      }
    }
  });

  it("messages follow the style: capital first letter, final period, no 'consider', a help text", () => {
    for (const { meta } of rules) {
      for (const [messageId, template] of Object.entries(meta.messages as Record<string, MessageTemplate>)) {
        const where = `${meta.id}.${messageId}`;
        expect(template.message, where).toMatch(/^[A-Z"].*\.$/su);
        // Help ends with a period, or with ready SQL (a `{{...sql}}` placeholder, whose text ends with ";").
        expect(template.help, where).toMatch(/^[A-Z"].*(?:\.|\{\{\s*\w*[sS]ql\s*\}\}|;)$/su);
        expect(`${template.message} ${template.help}`.toLowerCase(), where).not.toContain("consider");
      }
    }
  });

  it("presets are derived from metadata", () => {
    const recommended = presetRules("schemalint:recommended");
    const all = presetRules("schemalint:all");
    for (const { meta } of rules) {
      expect(recommended[meta.id]).toBe(meta.defaultSeverity);
      expect(all[meta.id]).not.toBe("off");
    }
  });
});
