import type { LintMessage, LintResult } from "../../src/lint-result.js";
import { initParser } from "../../src/parser/parse.js";
import { lint, type ConfiguredRule, type LintFile } from "../../src/rules/engine.js";
import { rules, rulesById } from "../../src/rules/index.js";
import type { RuleModule } from "../../src/rules/rule.js";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { planRepository } from "../../src/migrations/repository.js";

/** A file of a test case: its SQL, or SQL with a path (the path decides the migration tool's layout). */
export type TestFile = string | { readonly path: string; readonly sql: string };

/**
 * The engine's input for test files, through the real layout planner: a string becomes
 * `/migrations/00N_test.sql` (plain layout: one migration per file, no implicit transaction); paths
 * such as `/m/000001_x.up.sql` (golang-migrate) or dbmate/goose files with section markers get the
 * tool's pairing and transaction semantics.
 */
export function filesOf(code: TestFile | readonly TestFile[]): LintFile[] {
  const list = typeof code === "string" || !Array.isArray(code) ? [code as TestFile] : (code as readonly TestFile[]);
  const sources = list.map((f, i) => (typeof f === "string" ? { path: `/migrations/${String(i + 1).padStart(3, "0")}_test.sql`, text: f } : { path: f.path, text: f.sql }));
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  return lintFilesOf(planRepository(sources), texts, { report: () => true });
}

/** Lints files with only `rule` enabled (severity error) and the given options. */
export async function lintWithRule(rule: RuleModule, code: TestFile | readonly TestFile[], options: unknown = {}, postgresVersion = 16): Promise<LintResult[]> {
  await initParser();
  const configured: ConfiguredRule = { rule, severity: 2, options: rule.meta.options.parse(options) };
  return lint(filesOf(code), { rules: [configured], postgresVersion, knownRuleIds: new Set(rulesById.keys()) }).results;
}

/** Lints with every rule at its default severity, like `schemalint:recommended`. */
export async function lintRecommended(code: TestFile | readonly TestFile[]): Promise<LintResult[]> {
  await initParser();
  const configured = rules
    .filter((r) => r.meta.defaultSeverity !== "off")
    .map((r): ConfiguredRule => ({ rule: r, severity: r.meta.defaultSeverity === "warn" ? 1 : 2, options: r.meta.options.parse({}) }));
  return lint(filesOf(code), { rules: configured, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()) }).results;
}

export function allMessages(results: readonly LintResult[]): (LintMessage & { file: string })[] {
  return results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath })));
}
