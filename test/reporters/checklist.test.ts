import path from "node:path";
import { describe, expect, it } from "vitest";
import { resultOf, type LintMessage, type LintResult } from "../../src/lint-result.js";
import { checklist, CHECKLIST_LIMITS } from "../../src/reporters/checklist.js";
import { BUILTIN_FORMATS, formatterContext, loadFormatter } from "../../src/reporters/index.js";
import { rules } from "../../src/rules/index.js";
import { CATEGORIES, docsUrl, type Category } from "../../src/rules/rule.js";
import { FIXTURE_CWD, sharedResults } from "./shared-results.js";

const context = formatterContext(FIXTURE_CWD);
const QUESTIONS = Object.values(CATEGORIES);

describe("checklist format", () => {
  it("is a built-in format", async () => {
    expect(BUILTIN_FORMATS).toContain("checklist");
    expect(await loadFormatter("checklist", FIXTURE_CWD)).toBe(checklist);
  });

  it("prints the checklist with findings nested under their question (golden)", () => {
    expect(checklist(sharedResults(), context)).toBe(
      [
        "## Schema Design Checklist",
        "",
        "- [x] Is the schema properly normalized?",
        "- [x] Are all relationships defined with foreign keys?",
        "- [ ] Are appropriate indexes in place? — 1 finding",
        '  - `db/migrations/001_init.sql:4` Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns. (`require-fk-index`)',
        "- [ ] Are data types optimal? — 2 findings",
        '  - `db/migrations/001_init.sql:2` Column "price" of "orders" stores money as "real": sums and comparisons are rounded. (`no-float-money`)',
        "  - `db/café 😀/100%_a:b,c.sql:1` Colonne « prix » de \"café😀\" stocke de l'argent en \"real\" — é, 😀. (`no-float-money`)",
        "- [x] Are constraints properly defined?",
        "- [ ] Is the naming consistent? — 1 finding",
        '  - `db/café 😀/100%_a:b,c.sql:3` Table "Orders" is not snake_case. Rename it: 100% of the other tables, e.g. "order_items", are. (`naming-convention`)',
        "- [x] Are migrations reversible and safe to run?",
        "- [x] Is documentation complete?",
        "- [ ] Other — 4 findings",
        "  - `db/migrations/001_init.sql:8` Unused schemalint-disable-next-line directive: no finding was reported where it applies. (`unused-disable-directive`)",
        "  - `db/migrations/001_init.sql:12` Unused schemalint-disable-next-line directive: no finding was reported where it applies. (`unused-disable-directive`)",
        '  - `db/002_broken.sql:3` Syntax error at or near ";". (`parse-error`)',
        "  - `/home/ci/elsewhere/x.sql:1` File is binary (it contains NUL bytes), not SQL text: it was not linted. (`read-error`)",
        "",
        "**6 errors, 2 warnings** in 5 files.",
        "",
      ].join("\n"),
    );
  });

  it("ticks every question and has no Other item when there are no findings", () => {
    const clean = [resultOf(path.join(FIXTURE_CWD, "a.sql"), [], [])];
    expect(checklist(clean, context)).toBe(
      ["## Schema Design Checklist", "", ...QUESTIONS.map((q) => `- [x] ${q}`), "", "**0 errors, 0 warnings** in 1 file.", ""].join("\n"),
    );
  });

  it("escapes Markdown in messages, keeps snake_case readable, and cuts long messages", () => {
    const text = "Use <b>bold</b> *stars* `code` [link](x) _emph_ ~strike~ back\\slash in snake_case_name.";
    const long = `Column "${"x".repeat(400)}" is long.`;
    const results = [
      resultOf(
        path.join(FIXTURE_CWD, "we`ird.sql"),
        [
          { ruleId: "naming-convention", severity: 1, message: text, line: 1, column: 1 },
          { ruleId: "naming-convention", severity: 1, message: long, line: 2, column: 1 },
        ],
        [],
      ),
    ];
    const lines = checklist(results, context).split("\n");
    expect(lines).toContain(
      "  - `` we`ird.sql:1 `` Use \\<b\\>bold\\</b\\> \\*stars\\* \\`code\\` \\[link\\](x) \\_emph\\_ \\~strike\\~ back\\\\slash in snake_case_name. (`naming-convention`)",
    );
    const cut = lines.find((l) => l.includes("ird.sql:2 "));
    expect(cut).toBe(`  - \`\` we\`ird.sql:2 \`\` Column "${"x".repeat(CHECKLIST_LIMITS.maxMessageChars - 9)}… (\`naming-convention\`)`);
  });

  it("groups a large category by rule, most findings first, with counts of what is not listed", () => {
    const messages: LintMessage[] = [
      ...Array.from({ length: 8 }, (_, i): LintMessage => ({ ruleId: "require-fk-index", severity: 1, message: `Fk ${i + 1}.`, line: i + 1, column: 1 })),
      ...Array.from({ length: 3 }, (_, i): LintMessage => ({ ruleId: "no-duplicate-index", severity: 1, message: `Dup ${i + 1}.`, line: 20 + i, column: 1 })),
    ];
    const results = [resultOf(path.join(FIXTURE_CWD, "db", "001.sql"), messages, [])];
    const text = checklist(results, context, { ...CHECKLIST_LIMITS, findingsPerRule: 2 });
    const start = text.indexOf("- [ ] Are appropriate indexes in place?");
    const end = text.indexOf("- [x] Are data types optimal?");
    expect(text.slice(start, end)).toBe(
      [
        "- [ ] Are appropriate indexes in place? — 11 findings",
        `  - [\`require-fk-index\`](${docsUrl("require-fk-index")}) — 8 findings`,
        "    - `db/001.sql:1` Fk 1.",
        "    - `db/001.sql:2` Fk 2.",
        "    - … and 6 more `require-fk-index` findings",
        `  - [\`no-duplicate-index\`](${docsUrl("no-duplicate-index")}) — 3 findings`,
        "    - `db/001.sql:20` Dup 1.",
        "    - `db/001.sql:21` Dup 2.",
        "    - … and 1 more `no-duplicate-index` finding",
        "",
      ].join("\n"),
    );
  });

  it("stays under the size cap with a closing note saying how many findings are left out", () => {
    const messages = Array.from({ length: 40 }, (_, i): LintMessage => ({ ruleId: "no-float-money", severity: 2, message: `Finding number ${i + 1} ${"y".repeat(60)}.`, line: i + 1, column: 1 }));
    const results = [resultOf(path.join(FIXTURE_CWD, "a.sql"), messages, [])];
    const limits = { ...CHECKLIST_LIMITS, maxChars: 2_000, flatFindings: 100 };
    const text = checklist(results, context, limits);
    expect(text.length).toBeLessThanOrEqual(2_000);
    const listed = text.split("\n").filter((l) => l.startsWith("  - `a.sql:")).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(40);
    expect(text).toContain(`_The report is cut at 2,000 characters: ${40 - listed} more findings are not listed. Run schemalint locally for all of them._`);
    for (const q of QUESTIONS) expect(text).toContain(q);
    expect(text).toContain("**40 errors, 0 warnings** in 1 file.");
  });
});

/** `count` findings spread over every rule (so every category) and files, with a few parse errors. */
function manyResults(count: number): LintResult[] {
  const byFile = new Map<string, LintMessage[]>();
  for (let i = 0; i < count; i++) {
    const file = path.join(FIXTURE_CWD, "db", "migrations", `${String(Math.floor(i / 25)).padStart(6, "0")}_step.up.sql`);
    const rule = rules[i % rules.length];
    const message: LintMessage =
      i % 100 === 99 || rule === undefined
        ? { ruleId: "parse-error", severity: 2, fatal: true, message: `Syntax error at or near "x${i}".`, line: i + 1, column: 1 }
        : { ruleId: rule.meta.id, severity: i % 3 === 0 ? 2 : 1, message: `Finding ${i} of ${rule.meta.id}: ${"a long explanation of the problem ".repeat(4)}`, line: i + 1, column: 3 };
    byFile.set(file, [...(byFile.get(file) ?? []), message]);
  }
  return [...byFile].map(([file, messages]) => resultOf(file, messages, []));
}

describe("checklist format with 500 findings", () => {
  const results = manyResults(500);
  const text = checklist(results, context);
  const messages = results.flatMap((r) => r.messages);

  it("is under GitHub's comment limit of 65,536 characters", () => {
    expect(text.length).toBeLessThan(65_536);
    expect(text.length).toBeLessThanOrEqual(CHECKLIST_LIMITS.maxChars);
  });

  it("has every category line with its exact count, and the Other item", () => {
    for (const [category, question] of Object.entries(CATEGORIES) as [Category, string][]) {
      const n = messages.filter((m) => rules.find((r) => r.meta.id === m.ruleId)?.meta.category === category).length;
      expect(n).toBeGreaterThan(0);
      expect(text.split("\n")).toContain(`- [ ] ${question} — ${n} findings`);
    }
    expect(text.split("\n")).toContain("- [ ] Other — 5 findings");
  });

  it("counts errors, warnings and files in the summary", () => {
    const errors = messages.filter((m) => m.severity === 2).length;
    expect(text).toContain(`**${errors} errors, ${500 - errors} warnings** in 20 files.`);
  });

  it("accounts for every finding: listed, or counted in an '… and N more' line", () => {
    const listed = text.split("\n").filter((l) => /^ {2,4}- `db\/migrations\//u.test(l)).length;
    const counted = [...text.matchAll(/… and (\d+) more `/gu)].reduce((n, m) => n + Number(m[1]), 0);
    const left = /: (\d+) more findings? (?:is|are) not listed/u.exec(text);
    expect(listed + counted + Number(left?.[1] ?? 0)).toBe(500);
  });
});
