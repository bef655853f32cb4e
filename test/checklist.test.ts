import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../src/rules/index.js";

const checklist = readFileSync(new URL("../docs/checklist.md", import.meta.url), "utf8");

describe("docs/checklist.md maps the seed checklists to rules", () => {
  it("links every registered rule", () => {
    const missing = rules.map((r) => r.meta.id).filter((id) => !checklist.includes(`(rules/${id}.md)`));
    expect(missing, `rules missing from docs/checklist.md: ${missing.join(", ")}`).toEqual([]);
  });

  it("links only rule pages that exist", () => {
    const links = [...checklist.matchAll(/\(rules\/([a-z0-9-]+)\.md\)/gu)].map((m) => m[1] ?? "");
    const broken = [...new Set(links)].filter((id) => !existsSync(new URL(`../docs/rules/${id}.md`, import.meta.url)));
    expect(broken, `links to missing rule docs: ${broken.join(", ")}`).toEqual([]);
  });
});
