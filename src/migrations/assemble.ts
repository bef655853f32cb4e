import { basename, compareStrings, compareVersions } from "./text.js";
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
 *
 * A duplicate version is reported but no file is dropped: each up of the version stays a migration of
 * its own, in file-name order, with the down of its own name (or its own down section). The tools
 * disagree on what they do (golang-migrate refuses to start: "duplicate migration file", source/file
 * `Migrations.Append`; maragudk/migrate, which reads the same names, runs both in name order), and
 * dropping one would leave its tables out of the schema and its statements unlinted (harness/gitness:
 * 22 migrations).
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
  const ids = new Set<string>();
  const sortKey = (key: string): string => groups.get(key)?.[0]?.order ?? key;
  const keys = [...groups.keys()].sort((a, b) => order(sortKey(a), sortKey(b)));
  for (const key of keys) {
    const group = [...(groups.get(key) ?? [])].sort((a, b) => compareStrings(a.file, b.file));
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
    for (const up of ups) {
      // One up takes the version's down whatever its name (golang-migrate pairs by version alone);
      // of several, each takes its own section or the down file of its own name.
      const down = up.down ?? (ups.length === 1 ? downs[0]?.down : downs.find((d) => d.up === undefined && d.name === up.name)?.down);
      const id = `${layout}:${root}:${up.version}_${up.name}`;
      const unique = ids.has(id) ? `${id}@${basename(up.file)}` : id;
      ids.add(unique);
      migrations.push({ id: unique, version: up.version, name: up.name, layout, up: up.up ?? [], down: down ?? [], verify: [], repeatable: false });
    }
  }
  return { migrations, problems };
}

function duplicate(extra: Candidate, first: Candidate): LayoutProblem {
  return { file: extra.file, line: 1, message: `duplicate version ${extra.version} (also used by ${first.file})` };
}
