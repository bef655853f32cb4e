import type { LintResult } from "../../src/lint-result.js";
import type { ChunkParser } from "../../src/parser/chunk-parser.js";
import { lintFilesOf } from "../../src/migrations/lint-files.js";
import { planRepository } from "../../src/migrations/repository.js";
import { SourceText } from "../../src/parser/source-text.js";
import { lint, type ConfiguredRule } from "../../src/rules/engine.js";
import { rules, rulesById } from "../../src/rules/index.js";
import type { SqlFile } from "../helpers/arbitraries.js";

/** Every rule enabled, default options: the most code exercised per input. */
const every: ConfiguredRule[] = rules.map((rule) => ({ rule, severity: 1, options: rule.meta.options.parse({}) }));

/**
 * The pipeline the CLI runs (layout planner → lint files → engine with every rule, down scripts
 * included), on in-memory files. The results are plain data: compare them with `toEqual` or as JSON.
 * This is the one place for the run's variables (a parse pool's threads), so that a property can
 * assert the results do not depend on them.
 */
export function lintForComparison(files: readonly SqlFile[], chunkParser?: ChunkParser): LintResult[] {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const lintFiles = lintFilesOf(planRepository(files), texts, { report: () => true });
  return lint(lintFiles, { rules: every, postgresVersion: 16, knownRuleIds: new Set(rulesById.keys()), lintDown: true, chunkParser }).results;
}

/** Whether a position falls outside `source` (inside: 1-based line ≤ line count, column ≤ line length + 1). */
function outside(source: SourceText, line: number, column: number): boolean {
  return !(Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= source.lineCount && column >= 1 && column <= source.lineText(line).length + 1);
}

/**
 * The invariants every result must keep, as a list of broken ones (empty when all hold): no rule
 * crashed, every input file has a result, every position lies inside its file with the end not before
 * the start.
 */
export function invariantViolations(files: readonly SqlFile[], results: readonly LintResult[]): string[] {
  const problems: string[] = [];
  const sources = new Map(files.map((f) => [f.path, new SourceText(f.text)]));
  const reported = new Set(results.map((r) => r.filePath));
  for (const f of files) if (!reported.has(f.path)) problems.push(`no result for ${f.path}`);
  for (const result of results) {
    const source = sources.get(result.filePath);
    if (source === undefined) {
      problems.push(`result for an unknown file ${result.filePath}`);
      continue;
    }
    for (const m of result.messages) {
      const where = `${result.filePath} ${m.ruleId ?? "(no rule)"} ${String(m.line)}:${String(m.column)}-${String(m.endLine)}:${String(m.endColumn)}`;
      if (m.messageId === "internal-error") problems.push(`rule crash: ${m.message}`);
      const endLine = m.endLine ?? m.line;
      const endColumn = m.endColumn ?? m.column;
      if (outside(source, m.line, m.column) || outside(source, endLine, endColumn)) problems.push(`out of bounds: ${where}`);
      if (endLine < m.line || (endLine === m.line && endColumn < m.column)) problems.push(`end before start: ${where}`);
    }
  }
  return problems;
}

/** Lints twice through {@link lintForComparison}: the invariants, plus the same input giving the same results. */
export function pipelineViolations(files: readonly SqlFile[]): string[] {
  const results = lintForComparison(files);
  const problems = invariantViolations(files, results);
  if (JSON.stringify(lintForComparison(files)) !== JSON.stringify(results)) problems.push("not deterministic: the same input gave different results");
  return problems;
}

/** Whether any result holds a parse error. */
export function hasParseError(results: readonly LintResult[]): boolean {
  return results.some((r) => r.messages.some((m) => m.ruleId === "parse-error"));
}
