import type { LintMessage, LintResult } from "../lint-result.js";
import { displayPath } from "./compact.js";
import type { FormatterContext } from "./types.js";

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message).
 * The runner turns each line of the log into an annotation on the file and lines of the pull request.
 */

/** The runner's escaping of a command's data (`@actions/core` `escapeData`): `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A property value also escapes the `:` and `,` that separate the properties (`escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * The annotation's properties. A range on one line gets columns; a range over several lines gets only
 * `line`/`endLine`, because GitHub applies `col`/`endColumn` only when the annotation is on one line. A
 * position without an end (a syntax error) is one point: `line` and `col`.
 */
function properties(file: string, m: LintMessage): string {
  const props: [string, string | number][] = [
    ["file", file],
    ["line", m.line],
  ];
  if (m.endLine !== undefined) props.push(["endLine", m.endLine]);
  if (m.endLine === undefined || m.endLine === m.line) {
    props.push(["col", m.column]);
    if (m.endLine !== undefined && m.endColumn !== undefined) props.push(["endColumn", m.endColumn]);
  }
  props.push(["title", `schemalint(${m.ruleId ?? "schemalint"})`]);
  return props.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
}

/** The message, then what to do on its own line (the annotation shows line breaks). */
function text(m: LintMessage): string {
  return m.help === undefined ? m.message : `${m.message}\n${m.help}`;
}

/** One workflow command per finding (suppressed ones are not reported); nothing when there are none. */
export function github(results: readonly LintResult[], context: FormatterContext): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    for (const m of result.messages) {
      const command = m.severity === 2 ? "error" : "warning";
      lines.push(`::${command} ${properties(file, m)}::${escapeData(text(m))}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
