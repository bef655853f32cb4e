import { createHash } from "node:crypto";
import type { Migration, MigrationPart, SourceFile } from "../../src/migrations/layouts.js";

/** Source files under `dir` from a record of relative path → text. */
export function tree(dir: string, files: Record<string, string>): SourceFile[] {
  return Object.entries(files).map(([rel, text]) => ({ path: `${dir}/${rel}`, text }));
}

/** 1-based line and column of the first occurrence of `needle`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at).split(/\r\n|\r|\n/u);
  return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
}

export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/u).length;
}

export function only<T>(items: readonly T[]): T {
  const [item, ...rest] = items;
  if (item === undefined || rest.length > 0) throw new Error(`expected exactly one item, got ${items.length}`);
  return item;
}

export function summary(m: Migration): string {
  const files = (parts: readonly MigrationPart[]) => parts.map((p) => `${p.file.split("/").pop() ?? ""}:${p.transaction}`).join(",");
  return `${m.version}|${m.name}|up=${files(m.up)}|down=${files(m.down)}`;
}

/**
 * The atlas.sum Atlas writes for `files` (name → text, all directly in the directory): a running
 * SHA-256 over name and bytes in name order, one line per file, under the hash of those lines. Checked
 * against a sum Atlas wrote in test/migrations/atlas-sum.test.ts.
 */
export function atlasSum(files: Record<string, string>): string {
  const running = createHash("sha256");
  const lines: [string, string][] = [];
  for (const name of Object.keys(files).sort()) {
    running.update(name).update(files[name] ?? "");
    lines.push([name, running.copy().digest("base64")]);
  }
  const total = createHash("sha256");
  for (const [name, hash] of lines) total.update(name).update(hash);
  return `h1:${total.digest("base64")}\n${lines.map(([name, hash]) => `${name} h1:${hash}\n`).join("")}`;
}
