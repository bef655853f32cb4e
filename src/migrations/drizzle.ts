import path from "node:path/posix";
import { basename, isSql, part, splitLines } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, PlanContext, SourceFile } from "./types.js";

/** Drizzle Kit's journal: `{dir}/meta/_journal.json`. */
export const DRIZZLE_JOURNAL = "_journal.json";

/** Whether `file` is a Drizzle Kit journal (`meta/_journal.json`). */
export function isDrizzleJournal(file: string): boolean {
  return path.basename(file) === DRIZZLE_JOURNAL && path.basename(path.dirname(file)) === "meta";
}

const TAG = /^(\d+)_?(.*)$/u;

/**
 * Drizzle Kit (`drizzle-kit generate` + drizzle-orm's migrator): the migrations are exactly the
 * entries of `meta/_journal.json`, in the journal's order (drizzle-orm `readMigrationFiles` reads
 * `entries[].tag` + `.sql` one after the other; the migrator fails on an entry without its file), each
 * file's statements separated by `--> statement-breakpoint` comments. A `.sql` file the journal does
 * not list is never run. drizzle-orm's PostgreSQL dialect (`PgDialect.migrate`) runs ALL pending
 * migrations inside one `session.transaction`, with no opt-out: every part is "tool". No downs.
 */
export function planDrizzle(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const journal = ctx.files.find((f) => isDrizzleJournal(f.path));
  const dir = journal === undefined ? ctx.root : path.dirname(path.dirname(journal.path));
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  const used = new Set<string>();
  const migrations: Migration[] = [];
  const entries = journal === undefined ? [] : readJournal(journal, problems);
  for (const entry of entries) {
    const file = byPath.get(`${dir}/${entry.tag}.sql`);
    if (journal !== undefined && file === undefined) {
      problems.push({ file: journal.path, kind: "manifest", line: entry.line, message: `journal entry "${entry.tag}" has no file ${entry.tag}.sql; drizzle's migrator fails on it` });
      continue;
    }
    if (file === undefined || used.has(file.path)) continue;
    used.add(file.path);
    const m = TAG.exec(entry.tag);
    migrations.push({
      id: `drizzle:${dir}:${entry.tag}`,
      version: m?.[1] ?? "",
      name: m === null ? entry.tag : (m[2] ?? ""),
      layout: "drizzle",
      up: [part(file, "up", "tool")],
      down: [],
      verify: [],
      repeatable: false,
    });
  }
  for (const file of ctx.files.filter((f) => isSql(f.path) && !used.has(f.path))) {
    problems.push({ file: file.path, kind: "manifest", line: 1, message: `${basename(file.path)} is not in meta/${DRIZZLE_JOURNAL}; drizzle ignores it` });
  }
  return { migrations, problems };
}

interface JournalEntry {
  readonly tag: string;
  /** 1-based line of the entry's `"tag"` in the journal (1 when not found). */
  readonly line: number;
}

/** The journal's entries in order; a journal that is not valid JSON or not Drizzle's shape is a problem. */
function readJournal(journal: SourceFile, problems: LayoutProblem[]): JournalEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(journal.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/u.exec(message);
    const line = at === null ? 1 : lineAt(journal.text, Number(at[1]));
    problems.push({ file: journal.path, kind: "manifest", line, message: `not valid JSON (${message}); drizzle's migrator cannot read it` });
    return [];
  }
  const entries = typeof data === "object" && data !== null && "entries" in data ? data.entries : undefined;
  if (!Array.isArray(entries)) {
    problems.push({ file: journal.path, kind: "manifest", line: 1, message: `no "entries" array; drizzle's migrator cannot read it` });
    return [];
  }
  const out: JournalEntry[] = [];
  let from = 0;
  for (const [i, entry] of (entries as unknown[]).entries()) {
    const tag = typeof entry === "object" && entry !== null && "tag" in entry ? entry.tag : undefined;
    if (typeof tag !== "string" || tag === "") {
      problems.push({ file: journal.path, kind: "manifest", line: 1, message: `entries[${String(i)}] has no "tag"; drizzle's migrator cannot run it` });
      continue;
    }
    const at = journal.text.indexOf(JSON.stringify(tag), from);
    if (at >= 0) from = at;
    out.push({ tag, line: at < 0 ? 1 : lineAt(journal.text, at) });
  }
  return out;
}

function lineAt(text: string, offset: number): number {
  return splitLines(text).find((l) => offset < l.next || l.next >= text.length)?.number ?? 1;
}
