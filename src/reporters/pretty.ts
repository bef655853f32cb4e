import type { LintResult } from "../lint-result.js";
import type { FormatterContext } from "./types.js";

/**
 * eslint-formatter-pretty, with rule ids linked to schemalint's docs through `rulesMeta`. The `help`
 * text follows each message on the same logical line (the formatter lays out one line per finding), so the
 * terminal says what to do, not only what is wrong.
 */
export async function pretty(results: readonly LintResult[], context: FormatterContext): Promise<string> {
  const { default: format } = await import("eslint-formatter-pretty");
  const withHelp = results.map((r) => ({
    ...r,
    messages: r.messages.map((m) => (m.help === undefined ? m : { ...m, message: `${m.message} ${m.help}` })),
  }));
  // The formatter's types come from @types/eslint; our results have the same shape.
  return format(withHelp as unknown as Parameters<typeof format>[0], { cwd: context.cwd, rulesMeta: context.rulesMeta });
}
