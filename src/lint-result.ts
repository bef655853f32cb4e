/**
 * ESLint's result shapes (https://eslint.org/docs/latest/integrate/nodejs-api#-lintresult-type), so
 * ESLint formatters work on schemalint results. `help` is schemalint's addition: what to do.
 */

export type SeverityLevel = 1 | 2;

export interface LintSuggestion {
  readonly desc: string;
  /** Inserting `text` at UTF-16 offset `range[0]` (= `range[1]`) adds the suggested SQL after the statement. */
  readonly fix: { readonly range: readonly [number, number]; readonly text: string };
}

export interface LintSuppression {
  /** `directive`: an inline `schemalint-disable` comment; `baseline`: an entry of the `--baseline` file. */
  readonly kind: "directive" | "baseline";
  readonly justification: string;
}

export interface LintMessage {
  readonly ruleId: string | null;
  readonly severity: SeverityLevel;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly fatal?: true;
  readonly messageId?: string;
  /** What to do about it. */
  readonly help?: string;
  readonly suggestions?: readonly LintSuggestion[];
  readonly suppressions?: readonly LintSuppression[];
}

export interface LintResult {
  readonly filePath: string;
  readonly messages: readonly LintMessage[];
  readonly suppressedMessages: readonly LintMessage[];
  readonly errorCount: number;
  readonly fatalErrorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  readonly usedDeprecatedRules: readonly [];
  readonly source?: string;
}

/** ESLint's order: line, column, then rule id. */
export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? "").localeCompare(b.ruleId ?? "");
}

export function resultOf(filePath: string, messages: LintMessage[], suppressed: LintMessage[]): LintResult {
  messages.sort(compareMessages);
  suppressed.sort(compareMessages);
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  for (const m of messages) {
    if (m.severity === 2) errorCount++;
    else warningCount++;
    if (m.fatal === true) fatalErrorCount++;
  }
  return {
    filePath,
    messages,
    suppressedMessages: suppressed,
    errorCount,
    fatalErrorCount,
    warningCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}
