import type { LintMessage, LintResult } from "../lint-result.js";
import { rulesById } from "../rules/index.js";
import { CATEGORIES, type Category } from "../rules/rule.js";
import { displayPath } from "./compact.js";
import type { FormatterContext } from "./types.js";

/** Limits that keep the report readable and under GitHub's 65,536-character comment limit. */
export interface ChecklistLimits {
  /** Hard cap on the report's length in characters (UTF-16 code units, as GitHub counts). */
  readonly maxChars: number;
  /** A category with more findings than this is grouped by rule. */
  readonly flatFindings: number;
  /** Findings listed under each rule of a grouped category; the rest are counted. */
  readonly findingsPerRule: number;
  /** Longer messages are cut with an ellipsis. */
  readonly maxMessageChars: number;
}

export const CHECKLIST_LIMITS: ChecklistLimits = { maxChars: 60_000, flatFindings: 10, findingsPerRule: 5, maxMessageChars: 300 };

const OTHER = "Other";

interface Finding {
  readonly file: string;
  readonly message: LintMessage;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** One line of Markdown-safe text: no line breaks, no emphasis, links or HTML by accident. */
function inline(text: string, max: number): string {
  const line = text.replace(/\s*[\r\n]+\s*/gu, " ").trim();
  const cut = line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
  // `_` between letters or digits never starts emphasis (GFM), so snake_case names stay readable.
  return cut.replace(/[\\`*[\]<>~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
}

function categoryOf(ruleId: string | null): Category | undefined {
  return ruleId === null ? undefined : rulesById.get(ruleId)?.meta.category;
}

function ruleLink(ruleId: string, context: FormatterContext): string {
  const url = context.rulesMeta[ruleId]?.docs.url;
  return url === undefined ? code(ruleId) : `[${code(ruleId)}](${url})`;
}

function findingLine(f: Finding, indent: string, withRule: boolean, limits: ChecklistLimits): string {
  const rule = withRule ? ` (${code(f.message.ruleId ?? "schemalint")})` : "";
  return `${indent}- ${code(`${f.file}:${f.message.line}`)} ${inline(f.message.message, limits.maxMessageChars)}${rule}`;
}

/** A detail line and how many findings it accounts for (listed, or counted in an "… and N more" line). */
interface Detail {
  readonly text: string;
  readonly covers: number;
}

/** The detail lines under one checklist item: every finding, or grouped by rule with counts when there are many. */
function details(findings: readonly Finding[], context: FormatterContext, limits: ChecklistLimits): Detail[] {
  if (findings.length <= limits.flatFindings) return findings.map((f) => ({ text: findingLine(f, "  ", true, limits), covers: 1 }));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = f.message.ruleId ?? "schemalint";
    const list = byRule.get(id);
    if (list === undefined) byRule.set(id, [f]);
    else list.push(f);
  }
  // Most findings first; ties by rule id, so the order is the same on every run.
  const groups = [...byRule].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  const lines: Detail[] = [];
  for (const [id, list] of groups) {
    lines.push({ text: `  - ${ruleLink(id, context)} — ${plural(list.length, "finding")}`, covers: 0 });
    for (const f of list.slice(0, limits.findingsPerRule)) lines.push({ text: findingLine(f, "    ", false, limits), covers: 1 });
    const rest = list.length - limits.findingsPerRule;
    if (rest > 0) lines.push({ text: `    - … and ${rest} more ${code(id)} ${rest === 1 ? "finding" : "findings"}`, covers: rest });
  }
  return lines;
}

interface Item {
  readonly question: string;
  readonly findings: readonly Finding[];
}

function itemsOf(results: readonly LintResult[], cwd: string): Item[] {
  const byCategory = new Map<Category | typeof OTHER, Finding[]>();
  for (const result of results) {
    const file = displayPath(result.filePath, cwd);
    for (const message of result.messages) {
      const key = categoryOf(message.ruleId) ?? OTHER;
      const list = byCategory.get(key);
      if (list === undefined) byCategory.set(key, [{ file, message }]);
      else list.push({ file, message });
    }
  }
  const items = (Object.keys(CATEGORIES) as Category[]).map((c): Item => ({ question: CATEGORIES[c], findings: byCategory.get(c) ?? [] }));
  const other = byCategory.get(OTHER);
  // Syntax errors, unreadable files, directive problems and findings of rules this version does not know.
  if (other !== undefined) items.push({ question: OTHER, findings: other });
  return items;
}

function summary(results: readonly LintResult[]): string {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  return `**${plural(errors, "error")}, ${plural(warnings, "warning")}** in ${plural(results.length, "file")}.`;
}

/**
 * The results as the seed's "Schema Design Checklist" in Markdown, for pull-request comments and GitHub
 * step summaries: one item per checklist question, ticked when no finding answers it "no", with the
 * findings nested under it. Large categories are grouped by rule and counted, and the whole report is
 * capped at `limits.maxChars` (a final note says how many findings were left out).
 */
export function checklist(results: readonly LintResult[], context: FormatterContext, limits: ChecklistLimits = CHECKLIST_LIMITS): string {
  const items = itemsOf(results, context.cwd);
  const head = ["## Schema Design Checklist", ""];
  const tail = ["", summary(results)];
  const total = items.reduce((n, i) => n + i.findings.length, 0);
  // The longest possible closing note, reserved up front so the cap holds whatever is cut.
  const note = (omitted: number): string =>
    `_The report is cut at ${limits.maxChars.toLocaleString("en-US")} characters: ${plural(omitted, "more finding")} ${omitted === 1 ? "is" : "are"} not listed. Run schemalint locally for all of them._`;
  const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);
  const itemLine = (item: Item): string => (item.findings.length === 0 ? `- [x] ${item.question}` : `- [ ] ${item.question} — ${plural(item.findings.length, "finding")}`);
  let budget = limits.maxChars - size(head) - size(tail) - size(items.map(itemLine)) - note(total).length - 2;
  const body: string[] = [];
  let covered = 0;
  let full = false;
  for (const item of items) {
    body.push(itemLine(item));
    if (full) continue;
    for (const line of details(item.findings, context, limits)) {
      if (line.text.length + 1 > budget) {
        full = true;
        break;
      }
      budget -= line.text.length + 1;
      body.push(line.text);
      covered += line.covers;
    }
  }
  const closing = full ? ["", note(total - covered)] : [];
  return `${[...head, ...body, ...tail, ...closing].join("\n")}\n`;
}
