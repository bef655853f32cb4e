import type { LintMessage, LintResult } from "../../src/lint-result.js";
import { initParser } from "../../src/parser/parse.js";
import { lint, type ConfiguredRule, type LintFile } from "../../src/rules/engine.js";
import { rules, rulesById } from "../../src/rules/index.js";
import type { RuleModule } from "../../src/rules/rule.js";

/** A file of a test case: its SQL, or SQL with a name (for path-dependent behaviour). */
export type TestFile = string | { readonly path: string; readonly sql: string; readonly role?: "up" | "down" };

export function filesOf(code: TestFile | readonly TestFile[]): LintFile[] {
  const list = typeof code === "string" || !Array.isArray(code) ? [code as TestFile] : (code as readonly TestFile[]);
  return list.map((f, i) => {
    const file = typeof f === "string" ? { path: `/migrations/${String(i + 1).padStart(3, "0")}_test.sql`, sql: f, role: "up" as const } : f;
    return { path: file.path, text: file.sql, migration: file.path, role: file.role ?? "up", report: true };
  });
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
