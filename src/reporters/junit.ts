import type { LintMessage, LintResult } from "../lint-result.js";
import { displayPath } from "./compact.js";
import type { FormatterContext } from "./types.js";

/**
 * JUnit XML, for CI systems that show test reports (GitLab `artifacts: reports: junit`, Jenkins, Azure
 * Pipelines): one `<testsuite>` per file, one failing `<testcase>` per finding, and one passing
 * `<testcase>` for a file without findings, so that a clean file shows as passed rather than missing.
 */

/**
 * Characters XML 1.0 cannot carry at all, even as references (C0 controls other than tab, LF and CR,
 * lone surrogates — with the `u` flag a surrogate pair is one character and does not match — U+FFFE/U+FFFF): replaced by U+FFFD so that a stray byte cannot make the report unreadable.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Text content: `&`, `<`, `>` escaped; CR kept as a reference (parsers turn a literal CR into LF). */
export function escapeText(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("\r", "&#13;");
}

/** Attribute values: also quotes, and tab/LF/CR as references (parsers turn literal ones into spaces). */
export function escapeAttribute(text: string): string {
  return escapeText(text).replaceAll('"', "&quot;").replaceAll("'", "&apos;").replaceAll("\t", "&#9;").replaceAll("\n", "&#10;");
}

function attributes(pairs: readonly (readonly [string, string | number])[]): string {
  return pairs.map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`).join("");
}

function testcase(file: string, m: LintMessage, context: FormatterContext): string {
  const rule = m.ruleId ?? "schemalint";
  const severity = m.severity === 2 ? "error" : "warning";
  const url = m.ruleId === null ? undefined : context.rulesMeta[m.ruleId]?.docs.url;
  const body = [
    `${file}:${m.line}:${m.column}: ${severity}: ${m.message}`,
    ...(m.help === undefined ? [] : [m.help]),
    `Rule: ${rule}${url === undefined ? "" : ` (${url})`}`,
  ].join("\n");
  return [
    `    <testcase${attributes([["classname", file], ["name", `${rule} at ${m.line}:${m.column}`], ["file", file], ["line", m.line]])}>`,
    `      <failure${attributes([["type", severity], ["message", m.message]])}>${escapeText(body)}</failure>`,
    "    </testcase>",
  ].join("\n");
}

/** The XML document; suppressed findings are left out. */
export function junit(results: readonly LintResult[], context: FormatterContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    const count = Math.max(result.messages.length, 1);
    tests += count;
    failures += result.messages.length;
    const cases =
      result.messages.length === 0
        ? [`    <testcase${attributes([["classname", file], ["name", "no findings"], ["file", file]])} />`]
        : result.messages.map((m) => testcase(file, m, context));
    suites.push(
      `  <testsuite${attributes([["name", file], ["tests", count], ["failures", result.messages.length], ["errors", 0], ["skipped", 0]])}>`,
      ...cases,
      "  </testsuite>",
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes([["name", "schemalint"], ["tests", tests], ["failures", failures], ["errors", 0]])}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
