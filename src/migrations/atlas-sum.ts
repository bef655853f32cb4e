import { createHash, type Hash } from "node:crypto";
import { basename } from "./text.js";
import type { LayoutProblem, SourceFile } from "./types.js";

/**
 * Atlas's integrity check of a migration directory (`migrate.Validate` in ariga.io/atlas/sql/migrate,
 * run by `atlas migrate apply`, `lint` and `validate`): `atlas.sum` holds a running SHA-256 over every
 * `.sql` file of the directory in file-name order (each file's name, then its bytes), one line per
 * file (`{name} h1:{base64}`), under a first line `h1:{base64}` that hashes those lines. A file edited,
 * added or removed without `atlas migrate hash` makes Atlas refuse the whole directory with "checksum
 * mismatch". https://atlasgo.io/concepts/migration-directory-integrity
 */

/**
 * Atlas skips the bytes (not the name) of a file whose first line is `-- atlas:sum ignore`: its
 * directive pattern is matched at the start of the text, and the mode must be exactly `ignore` (a
 * trailing space or `\r` makes it another mode).
 */
const SUM_IGNORE = /^[ -~]*atlas:sum +ignore(?:\n|$)/u;

interface SumEntry {
  readonly name: string;
  readonly hash: string;
}

/** `HashFile.Sum`: the hash of the entries' names and hashes, as on the first line. */
function totalOf(entries: readonly SumEntry[]): string {
  const h = createHash("sha256");
  for (const e of entries) h.update(e.name).update(e.hash);
  return h.digest("base64");
}

/** Reads `atlas.sum` as `HashFile.UnmarshalText` does (Go's line scanner: `\n` ends a line, a trailing `\r` is dropped). */
function readSum(sum: SourceFile, problems: LayoutProblem[]): readonly SumEntry[] | undefined {
  const lines = sum.text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.at(-1) === "") lines.pop();
  const entries: SumEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0) continue;
    const at = line.indexOf("h1:");
    if (at < 0) {
      problems.push({ file: sum.path, line: i + 1, message: `${basename(sum.path)} has a line without "h1:"; Atlas rejects the file ("checksum file format invalid")`, kind: "checksum" });
      return undefined;
    }
    entries.push({ name: line.slice(0, at).trim(), hash: line.slice(at + 3) });
  }
  const total = (lines[0] ?? "").replace(/^h1:/u, "");
  if (total !== totalOf(entries)) {
    problems.push({ file: sum.path, line: 1, message: `the first line of ${basename(sum.path)} does not match the lines below it (the file was edited by hand or merged); Atlas rejects the directory ("checksum mismatch")`, kind: "checksum" });
    return undefined;
  }
  return entries;
}

/**
 * What Atlas computes for the files now on disk (`NewHashFile`). The reader drops a byte order mark
 * that Atlas hashes, so a file whose hash differs is tried again with one.
 */
function computedSum(files: readonly SourceFile[], recorded: readonly SumEntry[]): readonly SumEntry[] {
  const out: SumEntry[] = [];
  let running: Hash = createHash("sha256");
  for (const file of files) {
    const name = basename(file.path);
    running.update(name);
    if (SUM_IGNORE.test(file.text)) continue;
    const before = running.copy();
    running.update(file.text);
    let hash = running.copy().digest("base64");
    if (hash !== recorded[out.length]?.hash) {
      const withBom = before.copy().update(`\uFEFF${file.text}`);
      const bomHash = withBom.copy().digest("base64");
      if (bomHash === recorded[out.length]?.hash) {
        running = withBom;
        hash = bomHash;
      }
    }
    out.push({ name, hash });
  }
  return out;
}

/**
 * The first mismatch between `atlas.sum` and `files` (the directory's `.sql` files in Atlas's order),
 * named and placed as Atlas's `ChecksumError` does: an edited or added file at its first line, a removed
 * one at its line of `atlas.sum`.
 */
export function checkAtlasSum(sum: SourceFile, files: readonly SourceFile[]): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const recorded = readSum(sum, problems);
  if (recorded === undefined) return problems;
  const computed = computedSum(files, recorded);
  if (totalOf(recorded) === totalOf(computed)) return problems;
  const sumName = basename(sum.path);
  const fileNamed = (name: string): string => files.find((f) => basename(f.path) === name)?.path ?? sum.path;
  for (const [i, entry] of recorded.entries()) {
    const now = computed[i];
    if (now?.name === entry.name && now.hash === entry.hash) continue;
    const at = computed.findIndex((c) => c.name === entry.name);
    if (at < 0) {
      problems.push({ file: sum.path, line: i + 2, message: `"${entry.name}" is listed in ${sumName} but no longer exists: Atlas rejects the directory ("checksum mismatch")`, kind: "checksum" });
    } else if (at === i) {
      problems.push({ file: fileNamed(entry.name), line: 1, message: `"${entry.name}" was edited after ${sumName} was written (its hash on line ${String(i + 2)} differs): Atlas rejects the directory ("checksum mismatch")`, kind: "checksum" });
    } else {
      const added = now?.name ?? entry.name;
      problems.push({ file: fileNamed(added), line: 1, message: `"${added}" is not in ${sumName}: Atlas rejects the directory ("checksum mismatch")`, kind: "checksum" });
    }
    return problems;
  }
  const added = computed[recorded.length]?.name ?? "";
  problems.push({ file: fileNamed(added), line: 1, message: `"${added}" is not in ${sumName}: Atlas rejects the directory ("checksum mismatch")`, kind: "checksum" });
  return problems;
}
