import type { LintResult } from "../lint-result.js";

/** Exactly ESLint's `--format json`: the array of LintResult. */
export function json(results: readonly LintResult[]): string {
  return `${JSON.stringify(results)}\n`;
}
