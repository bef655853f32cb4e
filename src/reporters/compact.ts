import path from "node:path";
import type { LintResult } from "../lint-result.js";
import type { FormatterContext } from "./types.js";

/** Paths relative to the working directory, with forward slashes (what problem matchers and editors expect). */
export function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  const outside = relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  const shown = relative === "" || outside ? filePath : relative;
  return shown.split(path.sep).join("/");
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/gu, " ");
}

/**
 * One line per finding, `path:line:column: severity: message [rule]` — the format the problem matchers
 * match. A summary line follows when there are findings.
 */
export function compact(results: readonly LintResult[], context: FormatterContext): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    for (const m of result.messages) {
      const severity = m.severity === 2 ? "error" : "warning";
      if (m.severity === 2) errors++;
      else warnings++;
      lines.push(`${file}:${m.line}:${m.column}: ${severity}: ${oneLine(m.message)} [${m.ruleId ?? "schemalint"}]`);
    }
  }
  if (lines.length === 0) return "";
  const total = errors + warnings;
  lines.push("", `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`);
  return `${lines.join("\n")}\n`;
}
