import { appendFile } from "node:fs/promises";
import type { LintResult } from "../lint-result.js";
import { checklist } from "../reporters/checklist.js";
import type { FormatterContext } from "../reporters/index.js";

/**
 * In GitHub Actions, `GITHUB_STEP_SUMMARY` names a file whose Markdown is shown on the run's summary
 * page: append the checklist report to it, whatever `--format` printed. A write failure is a warning,
 * not a failed lint.
 */
export async function appendStepSummary(results: readonly LintResult[], context: FormatterContext, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === "") return;
  try {
    await appendFile(file, `${checklist(results, context)}\n`);
  } catch (error) {
    process.stderr.write(`schemalint: could not append the checklist to GITHUB_STEP_SUMMARY (${file}): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
