import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { ResolvedConfig } from "../config/resolve.js";
import type { LintResult } from "../lint-result.js";
import { displayPath } from "../reporters/compact.js";
import { lint, type LintFile } from "../rules/engine.js";
import { rulesById } from "../rules/index.js";
import { Catalog } from "../schema/catalog.js";
import { erDiagram, erdMarkdown, erdMermaid } from "../schema/erd.js";
import type { CliOptions } from "./args.js";

/** What the lint command's file gathering produced (the same files, histories and read failures). */
export interface ErdInputs {
  readonly files: readonly LintFile[];
  readonly failures: readonly LintResult[];
  readonly missing: readonly string[];
}

/** Whether the output file is Markdown (the diagram is then wrapped in a ```mermaid fence). */
function isMarkdown(file: string): boolean {
  return /\.(?:md|markdown)$/iu.test(file);
}

/**
 * `schemalint erd [paths]`: folds the files exactly as the lint command does (no rules run) and prints
 * a Mermaid erDiagram per history. Files that fail to parse or read are named on stderr; the diagram
 * shows the schema without what could not be parsed. Returns the exit code.
 */
export async function erdCommand(options: CliOptions, config: ResolvedConfig, cwd: string, inputs: ErdInputs): Promise<number> {
  for (const line of inputs.missing) process.stderr.write(`schemalint: ${line}\n`);
  if (inputs.files.length === 0 && inputs.failures.length === 0) {
    process.stderr.write("schemalint: no SQL files to draw.\n");
    return 2;
  }
  const run = lint(inputs.files, { rules: [], postgresVersion: config.postgresVersion, knownRuleIds: new Set(rulesById.keys()) });
  for (const result of [...run.results, ...inputs.failures]) {
    for (const m of result.messages) {
      if (m.fatal === true) process.stderr.write(`schemalint: ${displayPath(result.filePath, cwd)}:${m.line}:${m.column}: ${m.message} (left out of the diagram)\n`);
    }
  }
  const diagrams = [...run.catalogs].map(([history, catalog]) => ({
    label: historyLabel(history, cwd),
    mermaid: erDiagram(catalog),
  }));
  if (diagrams.length === 0) diagrams.push({ label: "", mermaid: erDiagram(new Catalog()) });
  if (options.outputFile === undefined) process.stdout.write(erdMermaid(diagrams));
  else await writeFile(path.resolve(cwd, options.outputFile), isMarkdown(options.outputFile) ? erdMarkdown(diagrams) : erdMermaid(diagrams));
  return inputs.missing.length > 0 ? 2 : 0;
}

/**
 * How a diagram is titled: a migration directory's path, or a schema dump's file (each dump is a history
 * of its own, keyed `dump:{directory}:{file name without .sql}`).
 */
export function historyLabel(history: string, cwd: string): string {
  if (history === "") return "Files outside a migration history";
  const dump = /^dump:(.*):([^:]*)$/u.exec(history);
  return displayPath(dump === null ? history : `${dump[1] ?? ""}/${dump[2] ?? ""}.sql`, cwd);
}
