import { createHash } from "node:crypto";
import type { LintMessage, LintResult } from "../lint-result.js";
import { displayPath } from "./compact.js";
import type { FormatterContext } from "./types.js";

/**
 * GitLab Code Quality report (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format),
 * for `artifacts: reports: codequality`. GitLab compares the fingerprints of the merge request's report
 * with the target branch's to show which findings are new and which are fixed.
 */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: "info" | "minor" | "major" | "critical" | "blocker";
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

function severityOf(m: LintMessage): CodeQualityIssue["severity"] {
  if (m.fatal === true) return "blocker";
  return m.severity === 2 ? "major" : "minor";
}

/**
 * A fingerprint that survives unrelated edits: the rule, the file, the message and which occurrence of
 * that triple in the file this is — not the line, so lines inserted above a finding do not make GitLab
 * report it as fixed and new again. Messages name the objects they are about ("orders"."price"), so the
 * occurrence number only tells apart findings whose text is the same.
 */
export function fingerprint(ruleId: string, path: string, message: string, occurrence: number): string {
  return createHash("sha256").update(JSON.stringify([ruleId, path, message, occurrence])).digest("hex");
}

export function codeQualityIssues(results: readonly LintResult[], context: FormatterContext): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  for (const result of results) {
    const path = displayPath(result.filePath, context.cwd);
    const seen = new Map<string, number>();
    for (const m of result.messages) {
      const checkName = m.ruleId ?? "schemalint";
      const key = JSON.stringify([checkName, m.message]);
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      issues.push({
        description: m.help === undefined ? m.message : `${m.message} ${m.help}`,
        check_name: checkName,
        fingerprint: fingerprint(checkName, path, m.message, occurrence),
        severity: severityOf(m),
        location: { path, lines: { begin: m.line } },
      });
    }
  }
  return issues;
}

/** The report: a JSON array of issues (`[]` when there are none); suppressed findings are left out. */
export function gitlab(results: readonly LintResult[], context: FormatterContext): string {
  return `${JSON.stringify(codeQualityIssues(results, context), null, 2)}\n`;
}
