import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  mergeBaselines,
  parseBaseline,
  serializeBaseline,
  type Baseline,
  type BaselineKeyer,
} from "../baseline/baseline.js";
import { statementLocator } from "../baseline/fingerprint.js";
import type { LintResult } from "../lint-result.js";
import type { LintFile } from "../rules/engine.js";

export { BaselineError } from "../baseline/baseline.js";

export interface BaselineOptions {
  /** `--baseline FILE`. */
  readonly baseline: string | undefined;
  /** `--write-baseline FILE`. */
  readonly writeBaseline: string | undefined;
  /** `--report-unused-baseline`. */
  readonly reportUnusedBaseline: boolean;
}

export interface BaselineOutcome {
  readonly results: LintResult[];
  /** Unused entries reported on stderr (they fail the run like lint errors). */
  readonly unused: number;
}

/** Relative to the baseline file's directory, forward slashes: the file works from any working directory and OS. */
function relativeKey(baseDir: string, filePath: string): string {
  return path.relative(baseDir, filePath).split(path.sep).join("/");
}

function keyerFor(baseDir: string, files: readonly LintFile[]): BaselineKeyer {
  const texts = new Map<string, string[]>();
  for (const f of files) {
    const list = texts.get(f.path);
    if (list === undefined) texts.set(f.path, [f.text]);
    else list.push(f.text);
  }
  const locators = new Map<string, ReturnType<typeof statementLocator>>();
  return {
    file: (filePath) => relativeKey(baseDir, filePath),
    fingerprint(filePath, message) {
      let locate = locators.get(filePath);
      if (locate === undefined) {
        locate = statementLocator(texts.get(filePath) ?? []);
        locators.set(filePath, locate);
      }
      return locate(message);
    },
  };
}

async function readBaseline(file: string, shown: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(
      code === "ENOENT" ? `Baseline file ${shown} does not exist: create it with --write-baseline ${shown}.` : `Cannot read baseline file ${shown}: ${String(error)}.`,
    );
  }
  return parseBaseline(text, shown);
}

/**
 * `--write-baseline` records the run's findings (keeping the entries of files this run did not check)
 * and then applies the new baseline; `--baseline` applies an existing one. `files` are the linted
 * files (their texts locate statements); results of files with `report` false never occur.
 */
export async function withBaseline(options: BaselineOptions, results: LintResult[], files: readonly LintFile[], cwd: string): Promise<BaselineOutcome> {
  const target = options.writeBaseline ?? options.baseline;
  if (target === undefined) return { results, unused: 0 };
  const file = path.resolve(cwd, target);
  const baseDir = path.dirname(file);
  const keyer = keyerFor(baseDir, files);
  const reported = new Set([...files.filter((f) => f.report).map((f) => f.path), ...results.map((r) => r.filePath)].map((p) => relativeKey(baseDir, p)));
  // A file this run reported on, or one that no longer exists: its entries can be checked (and replaced).
  const checked = (entry: string): boolean => reported.has(entry) || !existsSync(path.resolve(baseDir, entry));
  let baseline: Baseline;
  if (options.writeBaseline !== undefined) {
    const previous = existsSync(file) ? await readBaseline(file, target).catch(() => ({ entries: [] })) : { entries: [] };
    baseline = mergeBaselines(previous, createBaseline(results, keyer), checked);
    await mkdir(baseDir, { recursive: true });
    await writeFile(file, serializeBaseline(baseline));
    const findings = baseline.entries.reduce((n, e) => n + e.count, 0);
    process.stderr.write(`schemalint: wrote ${findings} finding${findings === 1 ? "" : "s"} (${baseline.entries.length} entr${baseline.entries.length === 1 ? "y" : "ies"}) to ${target}.\n`);
  } else {
    baseline = await readBaseline(file, target);
  }
  const applied = applyBaseline(results, baseline, keyer, checked, `Recorded in the baseline ${target}.`);
  if (!options.reportUnusedBaseline) return { results: applied.results, unused: 0 };
  for (const { entry, unused } of applied.unused) {
    const what = unused === entry.count ? (entry.count === 1 ? "the finding no longer occurs" : `none of its ${entry.count} findings occur`) : `${unused} of its ${entry.count} findings no longer occur`;
    process.stderr.write(`schemalint: unused baseline entry: ${entry.file} ${entry.ruleId} (statement ${entry.fingerprint}): ${what}.\n`);
  }
  if (applied.unused.length > 0) {
    process.stderr.write(`schemalint: ${applied.unused.length} unused baseline entr${applied.unused.length === 1 ? "y" : "ies"} in ${target}; update it with --write-baseline ${target}.\n`);
  }
  return { results: applied.results, unused: applied.unused.length };
}
