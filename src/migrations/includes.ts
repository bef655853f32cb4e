import { splitLines } from "./text.js";
import type { LayoutProblem, MigrationPart, SourceFile } from "./types.js";

/** One include action in a text: where it starts and the name it gives. */
export interface IncludeAction {
  readonly index: number;
  readonly name: string;
}

export interface IncludeSyntax {
  /** The include actions of a text, in text order. */
  readonly find: (text: string) => readonly IncludeAction[];
  /**
   * The file a name means, seen from the file that holds the action; a string says why there is none
   * (a problem), undefined that the name may mean something else than a file (nothing included).
   */
  readonly resolve: (name: string, from: SourceFile) => SourceFile | string | undefined;
  /** The problem's message for an include of a file that is already being included. */
  readonly circular: (name: string) => string;
}

/**
 * The files a text includes, directly or through the files it includes (tern's `{{ template "x" . }}`,
 * graphile-migrate's `--!include x.sql`), in the order their text runs: a file after the files it
 * includes itself when those come first in it, each file once (the engine reads one part per file and
 * direction). An include that names no file, or a file already on the way to it, is a problem at the
 * action's line (the tool refuses to run the migration).
 */
export function includedFiles(file: SourceFile, text: string, syntax: IncludeSyntax, problems: LayoutProblem[], lineOffset = 0): SourceFile[] {
  const out: SourceFile[] = [];
  const seen = new Set<string>();
  const visit = (from: SourceFile, body: string, chain: readonly string[], offset: number): void => {
    for (const action of syntax.find(body)) {
      const line = offset + splitLines(body.slice(0, action.index)).length;
      const target = syntax.resolve(action.name, from);
      if (target === undefined) continue;
      if (typeof target === "string") {
        problems.push({ file: from.path, line, kind: "include", message: target });
        continue;
      }
      if (chain.includes(target.path)) {
        problems.push({ file: from.path, line, kind: "include", message: syntax.circular(action.name) });
        continue;
      }
      if (seen.has(target.path)) continue;
      seen.add(target.path);
      visit(target, target.text, [...chain, target.path], 0);
      out.push(target);
    }
  };
  visit(file, text, [file.path], lineOffset);
  return out;
}

/**
 * A file's own part and the parts of the files it includes, in the order they run as far as one part
 * per file allows: the included files first, unless SQL (a line that is neither blank nor a `--`
 * comment) comes before the first include action; a file with SQL on both sides of an include is read
 * as if the include came last.
 */
export function inRunOrder(own: MigrationPart, included: readonly MigrationPart[], textBeforeFirstInclude: string): MigrationPart[] {
  return hasSqlLine(textBeforeFirstInclude) ? [own, ...included] : [...included, own];
}

/** Whether a line of `text` is neither blank nor a `--` comment (tern's test for SQL in an up migration). */
export function hasSqlLine(text: string): boolean {
  return text.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}
