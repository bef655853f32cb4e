import path from "node:path/posix";
import { lineEnd, skipLexeme } from "../parser/lexer.js";
import { neutralizeExtensionPlaceholders } from "./extension-script.js";
import { neutralizeTemplates } from "./templates.js";
import type { MigrationPart, PartRole, SourceFile } from "./types.js";

export interface Line {
  /** Offset of the line's first character. */
  readonly start: number;
  /** Offset just past its last character (before the line break). */
  readonly end: number;
  /** Offset of the next line (past the line break), or the text's length. */
  readonly next: number;
  /** 1-based. */
  readonly number: number;
  readonly text: string;
}

/** The lines of `text`; `\n`, `\r\n` and `\r` all end a line. */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let number = 1; ; number++) {
    const end = lineEnd(text, start);
    const next = end >= text.length ? text.length : text[end] === "\r" && text[end + 1] === "\n" ? end + 2 : end + 1;
    out.push({ start, end, next, number, text: text.slice(start, end) });
    if (end >= text.length) return out;
    start = next;
  }
}

/**
 * The 1-based line of the first SQL before offset `end`: the first character that is neither white
 * space nor inside a comment. A licence header in a block comment (`/* Copyright …`) above sql-migrate's
 * first marker is no SQL: sql-migrate skips every line before it (sqlparse.go `ParseMigration`), and a
 * comment runs nothing anyway. goose and dbmate are stricter: see `sqlBefore` in markers.ts.
 */
export function sqlLineBefore(text: string, end: number): number | undefined {
  let i = 0;
  while (i < end) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\uFEFF") i++;
    else if ((c === "-" && text[i + 1] === "-") || (c === "/" && text[i + 1] === "*")) i = skipLexeme(text, i);
    else return text.slice(0, i).split(/\r\n|\r|\n/u).length;
  }
  return undefined;
}

/** Each UTF-16 code unit except line breaks replaced by a space. */
export function blank(text: string): string {
  // No `u` flag on purpose: a surrogate pair must become two spaces.
  return text.replace(/[^\r\n]/g, " ");
}

/** `text` with everything outside [start, end) blanked. */
export function keepRange(text: string, start: number, end: number): string {
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

/**
 * A part of `file` (its whole text unless given), Go template actions and extension script placeholders
 * neutralised ({@link neutralizeTemplates}, {@link neutralizeExtensionPlaceholders}).
 */
export function part(file: SourceFile, role: PartRole, transaction: MigrationPart["transaction"], text = file.text): MigrationPart {
  return { file: file.path, role, text: neutralizeExtensionPlaceholders(neutralizeTemplates(text)), transaction };
}

/**
 * A part the tool runs in its own transaction unless the migration opts out: `optOut` is how it then
 * runs ("none", or "query" when the tool still sends the file as one query); see `MigrationPart.optedOut`.
 */
export function toolPart(file: SourceFile, role: PartRole, optOut: "none" | "query" | undefined, text = file.text): MigrationPart {
  const p = part(file, role, optOut ?? "tool", text);
  return optOut === undefined ? p : { ...p, optedOut: true };
}

/**
 * Numeric-aware version order: runs of digits compare as numbers (`9` before `10`, leading zeros
 * ignored), anything else as strings; ties are broken by plain string order so the result is total.
 */
export function compareVersions(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/gu) ?? [];
  const tb = b.match(/\d+|\D+/gu) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i] ?? "";
    const y = tb[i] ?? "";
    const numeric = /^\d/u.test(x) && /^\d/u.test(y);
    const c = numeric ? compareBig(BigInt(x), BigInt(y)) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return ta.length - tb.length || compareStrings(a, b);
}

export function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A digit string without its leading zeros (`"0007"` → `"7"`), for duplicate checks. */
export function numericKey(digits: string): string {
  return BigInt(digits).toString();
}

/** The deepest directory containing every path (the file's own directory for a single path). */
export function commonDir(paths: readonly string[]): string {
  let common: string[] | undefined;
  for (const p of paths) {
    const dirs = path.dirname(p).split("/");
    if (common === undefined) {
      common = dirs;
      continue;
    }
    let i = 0;
    while (i < common.length && i < dirs.length && common[i] === dirs[i]) i++;
    common = common.slice(0, i);
  }
  if (common === undefined) return "/";
  const joined = common.join("/");
  return joined === "" ? "/" : joined;
}

/** `file` relative to `root`, split into segments. */
export function segments(root: string, file: string): string[] {
  return path.relative(root, file).split("/");
}

export function basename(file: string): string {
  return path.basename(file);
}

export function isSql(file: string): boolean {
  return file.endsWith(".sql");
}

/** Files that live in a per-migration `{version}_{name}/` directory (diesel, prisma). */
export const VERSION_DIR_FILES: ReadonlySet<string> = new Set(["up.sql", "down.sql", "metadata.toml", "migration.sql"]);

/** Whether `file` is `{digit…}/up.sql` (or another {@link VERSION_DIR_FILES} name). */
export function inVersionDir(file: string): boolean {
  return VERSION_DIR_FILES.has(path.basename(file)) && /^\d/u.test(path.basename(path.dirname(file)));
}

/**
 * The directory holding the migrations: the common directory of the paths, or its parent when that
 * is itself a per-migration directory (a single diesel or prisma migration).
 */
export function migrationRoot(paths: readonly string[]): string {
  const root = commonDir(paths);
  return paths.some((p) => inVersionDir(p) && path.dirname(p) === root) ? path.dirname(root) : root;
}
