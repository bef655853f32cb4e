import { describe, expect, it } from "vitest";
import type { RuleModule } from "../../src/rules/rule.js";
import { allMessages, lintWithRule, type TestFile } from "./lint.js";

export interface ValidCase {
  readonly name?: string;
  /** One file, or several in migration order (the fold sees them all). */
  readonly code: TestFile | readonly TestFile[];
  readonly options?: Record<string, unknown>;
  readonly postgresVersion?: number;
}

export interface ExpectedError {
  readonly messageId: string;
  /** 1-based index of the file (default 1). */
  readonly file?: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Exact message, or a fragment it must contain. */
  readonly message?: string;
  /** The first suggestion's SQL, or null when there must be none. */
  readonly suggestion?: string | null;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedError[];
}

/**
 * ESLint RuleTester-style cases: valid cases produce no finding of the rule; invalid cases produce
 * exactly the listed findings (positions exact), and no syntax error anywhere.
 */
export function ruleTester(rule: RuleModule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const label = (c: ValidCase, i: number): string => c.name ?? (typeof c.code === "string" ? c.code.slice(0, 70) : `case ${i + 1}`);
  describe(`${rule.meta.id}: valid`, () => {
    cases.valid.forEach((c, i) => {
      it(label(c, i), async () => {
        const results = await lintWithRule(rule, c.code, c.options ?? {}, c.postgresVersion);
        expect(allMessages(results).map((m) => `${m.ruleId ?? ""} ${m.line}:${m.column} ${m.message}`)).toEqual([]);
      });
    });
  });
  describe(`${rule.meta.id}: invalid`, () => {
    cases.invalid.forEach((c, i) => {
      it(label(c, i), async () => {
        const results = await lintWithRule(rule, c.code, c.options ?? {}, c.postgresVersion);
        const files = results.map((r) => r.filePath);
        const actual = allMessages(results).map((m) => ({
          ruleId: m.ruleId,
          messageId: m.messageId,
          file: files.indexOf(m.file) + 1,
          line: m.line,
          column: m.column,
          endLine: m.endLine,
          endColumn: m.endColumn,
        }));
        expect(actual).toEqual(
          c.errors.map((e) => ({ ruleId: rule.meta.id, messageId: e.messageId, file: e.file ?? 1, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn })),
        );
        const messages = allMessages(results);
        c.errors.forEach((e, j) => {
          const m = messages[j];
          if (e.message !== undefined) expect(m?.message).toContain(e.message);
          if (e.suggestion === null) expect(m?.suggestions ?? []).toEqual([]);
          else if (e.suggestion !== undefined) expect(m?.suggestions?.[0]?.fix.text.trim()).toBe(e.suggestion);
        });
      });
    });
  });
}
