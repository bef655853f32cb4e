import { compareVersions } from "./text.js";
import type { LayoutName, LayoutProblem, LayoutResult, Migration, MigrationPart } from "./types.js";

/** One file's contribution to a versioned migration. */
export interface Candidate {
  /** As written. */
  readonly version: string;
  /** Normalised version: candidates with equal keys are the same migration. Sorted as the tool sorts them (see {@link assemble}). */
  readonly key: string;
  readonly name: string;
  readonly file: string;
  readonly up?: readonly MigrationPart[];
  readonly down?: readonly MigrationPart[];
  /** What the tool sorts by when it is not the key (dbmate: the file name); the group's first candidate's counts. */
  readonly order?: string;
}

/**
 * Groups candidates by version key into migrations in version order, reporting duplicate versions
 * (a second up or a second down for one version) and downs without an up. Keys (or the candidates'
 * `order`, when given) sort with `order`: numeric-aware by default ({@link compareVersions}), as plain
 * strings for tools that compare text.
 */
export function assemble(
  layout: LayoutName,
  root: string,
  candidates: readonly Candidate[],
  order: (a: string, b: string) => number = compareVersions,
): LayoutResult {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const group = groups.get(c.key);
    if (group === undefined) groups.set(c.key, [c]);
    else group.push(c);
  }
  const migrations: Migration[] = [];
  const problems: LayoutProblem[] = [];
  const sortKey = (key: string): string => groups.get(key)?.[0]?.order ?? key;
  const keys = [...groups.keys()].sort((a, b) => order(sortKey(a), sortKey(b)));
  for (const key of keys) {
    const group = groups.get(key) ?? [];
    const ups = group.filter((c) => c.up !== undefined);
    const downs = group.filter((c) => c.down !== undefined);
    const first = ups[0];
    // A single-file migration (dbmate, goose) provides both parts: report each extra file once.
    for (const extra of new Set([...ups.slice(1), ...downs.slice(1)])) {
      problems.push(duplicate(extra, (extra.up !== undefined ? first : downs[0]) ?? extra));
    }
    if (first === undefined) {
      for (const d of downs) {
        problems.push({ file: d.file, line: 1, message: `down migration for version ${d.version} has no up migration` });
      }
      continue;
    }
    migrations.push({
      id: `${layout}:${root}:${first.version}_${first.name}`,
      version: first.version,
      name: first.name,
      layout,
      up: first.up ?? [],
      down: downs[0]?.down ?? [],
      verify: [],
      repeatable: false,
    });
  }
  return { migrations, problems };
}

function duplicate(extra: Candidate, first: Candidate): LayoutProblem {
  return { file: extra.file, line: 1, message: `duplicate version ${extra.version} (also used by ${first.file})` };
}
