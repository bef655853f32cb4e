import type { LintResult } from "../lint-result.js";

/** ESLint's `rulesMeta` entry, as formatters expect it. */
export interface FormatterRuleMeta {
  readonly docs: { readonly url: string; readonly description: string };
  readonly type: "problem" | "suggestion";
}

export interface FormatterContext {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  readonly rulesMeta: Readonly<Record<string, FormatterRuleMeta>>;
}

/** A pure function from results to text. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string | Promise<string>;
