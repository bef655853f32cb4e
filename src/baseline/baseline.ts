/**
 * Baselines: findings recorded once (`--write-baseline`) and suppressed afterwards (`--baseline`), so a
 * team can adopt schemalint on an existing history and fail only on new findings.
 *
 * An entry is keyed by rule id, file (relative to the baseline file, forward slashes) and the
 * fingerprint of the statement the finding lies in, with the number of such findings: moving or
 * reformatting a statement keeps it suppressed, changing it into a different statement does not.
 * Pure: the CLI reads and writes the file and says how results map to keys.
 */
import { z } from "zod";
import { resultOf, type LintMessage, type LintResult } from "../lint-result.js";

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Path relative to the baseline file's directory, with forward slashes. */
  readonly file: string;
  readonly ruleId: string;
  /** libpg_query fingerprint of the statement, or "file" for findings outside any statement. */
  readonly fingerprint: string;
  /** How many findings of this rule this statement has. */
  readonly count: number;
  /** The first finding's message, for people reading the file; not part of the key. */
  readonly message?: string;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
}

/** How results map to baseline keys (supplied by the CLI, which knows paths and file texts). */
export interface BaselineKeyer {
  /** The key of a result's file. */
  file(filePath: string): string;
  /** The fingerprint of the statement a message lies in. */
  fingerprint(filePath: string, message: LintMessage): string;
}

export class BaselineError extends Error {}

/** Syntax and read errors are never baselined (they cannot be disabled inline either). */
export function isBaselineable(message: LintMessage): message is LintMessage & { readonly ruleId: string } {
  return message.fatal !== true && message.ruleId !== null;
}

function keyOf(file: string, ruleId: string, fingerprint: string): string {
  return `${file}\u0000${ruleId}\u0000${fingerprint}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint);
}

/** Entries with equal keys merged (counts added) and sorted by file, rule and fingerprint. */
function normalize(entries: Iterable<BaselineEntry>): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const entry of entries) {
    const key = keyOf(entry.file, entry.ruleId, entry.fingerprint);
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined ? entry : { ...seen, count: seen.count + entry.count });
  }
  return { entries: [...byKey.values()].sort(compareEntries) };
}

/** Every baselineable finding of `results` (reported, not suppressed inline). */
export function createBaseline(results: readonly LintResult[], keyer: BaselineKeyer): Baseline {
  const entries: BaselineEntry[] = [];
  for (const result of results) {
    const file = keyer.file(result.filePath);
    for (const m of result.messages) {
      if (!isBaselineable(m)) continue;
      entries.push({ file, ruleId: m.ruleId, fingerprint: keyer.fingerprint(result.filePath, m), count: 1, message: m.message });
    }
  }
  return normalize(entries);
}

/** `current`, plus the entries of `previous` for files this run did not check (a partial run updates only its files). */
export function mergeBaselines(previous: Baseline, current: Baseline, checked: (file: string) => boolean): Baseline {
  return normalize([...previous.entries.filter((e) => !checked(e.file)), ...current.entries]);
}

export interface UnusedBaselineEntry {
  readonly entry: BaselineEntry;
  /** How many of the entry's `count` findings did not occur. */
  readonly unused: number;
}

export interface AppliedBaseline {
  readonly results: LintResult[];
  readonly suppressed: number;
  /** Entries of checked files whose findings no longer all occur. */
  readonly unused: UnusedBaselineEntry[];
}

/**
 * Moves the findings recorded in `baseline` to `suppressedMessages`. Several findings of one rule in one
 * statement are suppressed up to the recorded count, the first ones first. `checked` says which files
 * this run looked at: only their entries can be unused.
 */
export function applyBaseline(
  results: readonly LintResult[],
  baseline: Baseline,
  keyer: BaselineKeyer,
  checked: (file: string) => boolean,
  justification: string,
): AppliedBaseline {
  const remaining = new Map<string, number>();
  for (const e of normalize(baseline.entries).entries) remaining.set(keyOf(e.file, e.ruleId, e.fingerprint), e.count);
  // Statements are fingerprinted (the file parsed again) only where the baseline has entries for the file and rule.
  const recorded = new Set(baseline.entries.map((e) => keyOf(e.file, e.ruleId, "")));
  let suppressed = 0;
  const out = results.map((result) => {
    const file = keyer.file(result.filePath);
    const kept: LintMessage[] = [];
    const moved: LintMessage[] = [];
    for (const m of result.messages) {
      const key = isBaselineable(m) && recorded.has(keyOf(file, m.ruleId, "")) ? keyOf(file, m.ruleId, keyer.fingerprint(result.filePath, m)) : undefined;
      const left = key === undefined ? 0 : (remaining.get(key) ?? 0);
      if (key === undefined || left === 0) {
        kept.push(m);
        continue;
      }
      remaining.set(key, left - 1);
      moved.push({ ...m, suppressions: [...(m.suppressions ?? []), { kind: "baseline", justification }] });
    }
    if (moved.length === 0) return result;
    suppressed += moved.length;
    const next = resultOf(result.filePath, kept, [...result.suppressedMessages, ...moved]);
    return result.source === undefined ? next : { ...next, source: result.source };
  });
  const unused: UnusedBaselineEntry[] = [];
  for (const entry of normalize(baseline.entries).entries) {
    const left = remaining.get(keyOf(entry.file, entry.ruleId, entry.fingerprint)) ?? 0;
    if (left > 0 && checked(entry.file)) unused.push({ entry, unused: left });
  }
  return { results: out, suppressed, unused };
}

/** The file's JSON: sorted entries, two-space indentation, final newline (stable for version control). */
export function serializeBaseline(baseline: Baseline): string {
  const entries = normalize(baseline.entries).entries.map((e) => ({
    file: e.file,
    ruleId: e.ruleId,
    fingerprint: e.fingerprint,
    count: e.count,
    ...(e.message === undefined ? {} : { message: e.message }),
  }));
  return `${JSON.stringify({ version: BASELINE_VERSION, entries }, null, 2)}\n`;
}

const baselineSchema = z.object({
  version: z.literal(BASELINE_VERSION),
  entries: z.array(
    z.object({
      file: z.string().min(1),
      ruleId: z.string().min(1),
      fingerprint: z.string().min(1),
      count: z.number().int().positive(),
      message: z.string().optional(),
    }),
  ),
});

/** Parses a baseline file's text; `where` names it in errors. */
export function parseBaseline(text: string, where: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    throw new BaselineError(`${where}: not a schemalint baseline${at}: ${issue?.message ?? "invalid"}. Write one with --write-baseline.`);
  }
  return normalize(parsed.data.entries.map(({ message, ...key }) => (message === undefined ? key : { ...key, message })));
}
