import type { LintMessage, SeverityLevel } from "../lint-result.js";
import type { ParsedFile } from "../parser/parse.js";
import type { Position } from "../parser/source-text.js";
import { didYouMean } from "./utils/did-you-mean.js";

/**
 * Inline directives in SQL comments (both `--` and block comments), after ESLint's:
 *   -- schemalint-disable-next-line rule-a, rule-b -- reason
 *   -- schemalint-disable-line rule-a
 *   -- schemalint-disable rule-a   ...   -- schemalint-enable rule-a
 *   -- schemalint-disable-file rule-a
 * Without rule names a directive applies to every rule. Parse errors cannot be disabled.
 */
export type DirectiveKind = "disable" | "enable" | "disable-line" | "disable-next-line" | "disable-file";

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids, or undefined for all rules. */
  readonly rules: readonly string[] | undefined;
  readonly reason: string;
  readonly start: Position;
  readonly end: Position;
  /** Rules (or "*") this directive actually suppressed. */
  readonly used: Set<string>;
}

const DIRECTIVE = /^\s*schemalint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/su;

export interface DirectiveParse {
  readonly directives: Directive[];
  readonly problems: LintMessage[];
}

export function parseDirectives(file: Pick<ParsedFile, "comments" | "source">, knownRules: ReadonlySet<string>): DirectiveParse {
  const directives: Directive[] = [];
  const problems: LintMessage[] = [];
  for (const comment of file.comments) {
    const match = DIRECTIVE.exec(comment.body);
    if (match === null) continue;
    const kind = match[1] as DirectiveKind;
    const rest = match[2] ?? "";
    const separator = /\s--\s|\s--$/u.exec(rest);
    const list = separator === null ? rest : rest.slice(0, separator.index);
    const reason = separator === null ? "" : rest.slice(separator.index + separator[0].length).trim();
    const names = list.split(/[\s,]+/u).filter((n) => n !== "");
    const range = file.source.rangeAtBytes(comment.start, comment.end);
    const start = { line: range.line, column: range.column };
    const end = { line: range.endLine, column: range.endColumn };
    const known = names.filter((n) => knownRules.has(n));
    for (const name of names.filter((n) => !knownRules.has(n))) {
      const guess = didYouMean(name, knownRules);
      problems.push({
        ruleId: "invalid-directive",
        severity: 2,
        message: `Unknown rule "${name}" in a schemalint-${kind} directive: nothing is suppressed for it.`,
        help: guess === undefined ? 'Use a rule id listed by "schemalint rules".' : `Did you mean "${guess}"?`,
        ...range,
      });
    }
    if (names.length > 0 && known.length === 0) continue;
    directives.push({ kind, rules: names.length === 0 ? undefined : known, reason, start, end, used: new Set() });
  }
  return { directives, problems };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

function applies(directive: Directive, ruleId: string): boolean {
  return directive.rules === undefined || directive.rules.includes(ruleId);
}

/** The directive that suppresses a message, if any. */
function suppressorOf(directives: readonly Directive[], message: LintMessage): Directive | undefined {
  const ruleId = message.ruleId;
  if (ruleId === null || message.fatal === true) return undefined;
  const at = { line: message.line, column: message.column };
  let block: Directive | undefined;
  for (const d of directives) {
    if (!applies(d, ruleId)) continue;
    switch (d.kind) {
      case "disable-file":
        return d;
      case "disable-line":
        if (d.start.line === at.line) return d;
        break;
      case "disable-next-line":
        if (d.end.line + 1 === at.line) return d;
        break;
      case "disable":
      case "enable":
        if (before(d.start, at)) block = d.kind === "disable" ? d : undefined;
        break;
    }
  }
  return block;
}

export interface DirectiveOutcome {
  readonly kept: LintMessage[];
  readonly suppressed: LintMessage[];
}

export function applyDirectives(directives: readonly Directive[], messages: readonly LintMessage[]): DirectiveOutcome {
  const sorted = [...directives].sort((a, b) => a.start.line - b.start.line || a.start.column - b.start.column);
  const kept: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  for (const message of messages) {
    const by = suppressorOf(sorted, message);
    if (by === undefined) {
      kept.push(message);
      continue;
    }
    by.used.add(by.rules === undefined ? "*" : (message.ruleId ?? ""));
    suppressed.push({ ...message, suppressions: [{ kind: "directive", justification: by.reason }] });
  }
  return { kept, suppressed };
}

/** Findings for directives (or rule names in them) that suppressed nothing. */
export function unusedDirectives(directives: readonly Directive[], severity: SeverityLevel): LintMessage[] {
  const out: LintMessage[] = [];
  for (const d of directives) {
    if (d.kind === "enable") continue;
    const unused = d.rules === undefined ? (d.used.size === 0 ? ["*"] : []) : d.rules.filter((r) => !d.used.has(r));
    for (const rule of unused) {
      const what = rule === "*" ? "no finding" : `no "${rule}" finding`;
      out.push({
        ruleId: "unused-disable-directive",
        severity,
        message: `Unused schemalint-${d.kind} directive: ${what} was reported where it applies.`,
        help: "Remove the directive (or the rule name from it) so that it does not hide a future finding.",
        line: d.start.line,
        column: d.start.column,
        endLine: d.end.line,
        endColumn: d.end.column,
      });
    }
  }
  return out;
}
