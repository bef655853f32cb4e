import { resultOf, type LintMessage, type LintResult, type SeverityLevel } from "../lint-result.js";
import { elementEnd } from "../parser/extent.js";
import { scanComments, type ParsedFile } from "../parser/parse.js";
import type { Origin } from "../schema/model.js";
import { applyDirectives, parseDirectives, unusedDirectives } from "./directives.js";

export interface Finding {
  readonly ruleId: string;
  readonly severity: SeverityLevel;
  readonly messageId: string;
  readonly message: string;
  readonly help: string;
  readonly origin: Origin;
  readonly suggestion?: { readonly description: string; readonly sql: string };
}

/** One parsed part of a file, under the key its origins carry. */
export interface ParsedPart {
  readonly key: string;
  readonly path: string;
  readonly report: boolean;
  readonly parsed: ParsedFile;
  /** The whole file when the part is a section of it. */
  readonly fileText: string | undefined;
}

export interface ResultSettings {
  readonly knownRuleIds: ReadonlySet<string>;
  readonly reportUnusedDisableDirectives?: SeverityLevel | undefined;
}

function messageOf(finding: Finding, file: ParsedFile): LintMessage {
  const { origin } = finding;
  const source = file.source;
  // A statement-level origin spans the statement; a node-level one spans its list element.
  const end = origin.end ?? (origin.location === origin.statementStart ? origin.statementEnd : elementEnd(source, origin.location, origin.statementEnd));
  const range = source.rangeAtBytes(origin.location, end);
  const message: LintMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...range,
    messageId: finding.messageId,
    help: finding.help,
  };
  if (finding.suggestion === undefined) return message;
  const at = source.lineEndAtByte(origin.statementEnd);
  return {
    ...message,
    suggestions: [{ desc: finding.suggestion.description, fix: { range: [at, at], text: `\n${finding.suggestion.sql}` } }],
  };
}

function parseErrorMessage(message: string): string {
  const text = message.replace(/\s+/gu, " ").trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/u.test(sentence) ? sentence : `${sentence}.`;
}

function parseErrors(parsed: ParsedFile): LintMessage[] {
  return parsed.problems.map((p) => {
    const pos = parsed.source.positionAtByte(p.offset);
    return {
      ruleId: "parse-error",
      severity: 2,
      fatal: true,
      message: parseErrorMessage(p.message),
      help: "Fix the syntax: PostgreSQL rejects this statement, so the migration fails here. The statements around it were still checked.",
      line: pos.line,
      column: pos.column,
    };
  });
}

/**
 * One ESLint result per reported file path, in input order: the parse errors and findings of each of its
 * parts (a section keeps the file's line/column positions), filtered by the inline directives of the
 * whole file.
 */
export function collectResults(parts: readonly ParsedPart[], findings: readonly Finding[], settings: ResultSettings): LintResult[] {
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byKey.get(f.origin.file);
    if (list === undefined) byKey.set(f.origin.file, [f]);
    else list.push(f);
  }
  const byPath = new Map<string, ParsedPart[]>();
  for (const part of parts) {
    if (!part.report) continue;
    const list = byPath.get(part.path);
    if (list === undefined) byPath.set(part.path, [part]);
    else list.push(part);
  }
  const results: LintResult[] = [];
  for (const [path, list] of byPath) {
    const messages: LintMessage[] = [];
    for (const part of list) {
      messages.push(...parseErrors(part.parsed));
      for (const finding of byKey.get(part.key) ?? []) messages.push(messageOf(finding, part.parsed));
    }
    const first = list[0];
    if (first === undefined) continue;
    const commentSource = first.fileText === undefined ? first.parsed : scanComments(first.fileText);
    const { directives, problems } = parseDirectives(commentSource, settings.knownRuleIds);
    const { kept, suppressed } = applyDirectives(directives, messages);
    kept.push(...problems);
    if (settings.reportUnusedDisableDirectives !== undefined) kept.push(...unusedDirectives(directives, settings.reportUnusedDisableDirectives));
    results.push(resultOf(path, kept, suppressed));
  }
  return results;
}
