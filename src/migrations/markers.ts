import { substituteEnvLine } from "./envsub.js";
import { splitLines } from "./text.js";

/** An up or down section of a single-file migration (dbmate, goose). */
export interface Section {
  readonly role: "up" | "down";
  /** Offset just past the marker line; the marker itself is not part of the section. */
  readonly start: number;
  /** Offset of the next Up/Down marker line, or the text's end. */
  readonly end: number;
  /** Line of the marker. */
  readonly line: number;
  /** dbmate: `transaction:false` on the marker line. goose: `-- +goose NO TRANSACTION` anywhere. */
  readonly noTransaction: boolean;
  /**
   * goose: offsets of the semicolons at which goose ends a statement ({@link gooseStatementEnd}) outside
   * `StatementBegin`/`StatementEnd` blocks, in order. goose sends the text up to each one as a statement
   * of its own, whatever PostgreSQL would make of it (a dollar-quoted body, a string literal).
   */
  readonly cuts?: readonly number[];
}

export interface SectionScan {
  readonly sections: Section[];
  readonly problems: { readonly line: number; readonly message: string }[];
  /** The text the tool runs, when it rewrites the file (goose ENVSUB), of the same length and lines; sections index into it. */
  readonly text?: string;
}

interface Marker {
  readonly role: "up" | "down";
  readonly line: number;
  readonly start: number;
  readonly next: number;
  readonly noTransaction: boolean;
}

/** Go's `unicode.IsSpace`, which `bufio.ScanWords` splits on (JavaScript's `\s` also holds U+FEFF, which Go's does not). */
const GO_WORD = /(?:[^\s]|\uFEFF)+/gu;

/**
 * Where goose ends a statement on a line outside a `StatementBegin`/`StatementEnd` block: the index of
 * the `;` that ends the line's last whitespace-separated word before any word that starts with `--`,
 * if that word ends with one (internal/sqlparser/parser.go `endsWithSemicolon`, called once per line by
 * `ParseSQLMigration`). goose knows nothing of quotes, dollar quotes or block comments: `SELECT 1; --
 * done` ends a statement, `x := 1;` at the end of a line of a function body too, while a `;` followed by
 * more text on its line (`BEGIN PERFORM 1; END $$;` up to the last one), `1;--c` and `1; /* c *\/` do not.
 */
export function gooseStatementEnd(line: string): number | undefined {
  let last: RegExpExecArray | undefined;
  for (const word of line.matchAll(GO_WORD)) {
    if (word[0].startsWith("--")) break;
    last = word;
  }
  if (last?.[0].endsWith(";") !== true) return undefined;
  return last.index + last[0].length - 1;
}

/** Turns markers into sections, reporting duplicates, a missing up marker and SQL before the first marker. */
function toSections(text: string, markers: readonly Marker[], before: number | undefined, upName: string, cuts?: readonly number[]): SectionScan {
  const problems: SectionScan["problems"] = [];
  const sections: Section[] = [];
  const seen = new Set<string>();
  markers.forEach((m, i) => {
    if (seen.has(m.role)) {
      problems.push({ line: m.line, message: `second ${m.role} marker: the file may hold only one ${m.role} section` });
    }
    seen.add(m.role);
    const end = markers[i + 1]?.start ?? text.length;
    const inside = cuts?.filter((c) => c >= m.next && c < end);
    sections.push({ role: m.role, start: m.next, end, line: m.line, noTransaction: m.noTransaction, ...(inside === undefined ? {} : { cuts: inside }) });
  });
  if (!seen.has("up")) problems.push({ line: 1, message: `no \`${upName}\` marker: the tool cannot run this migration` });
  else if (before !== undefined) problems.push({ line: before, message: `SQL before the first marker is not part of any section` });
  return { sections, problems };
}


/**
 * The line number of the first line before the first marker that is neither blank nor a `--` comment.
 * goose and dbmate refuse such a file, block comments included (goose's sqlparser leaves its start
 * state only at `-- +goose Up` and fails on any other line, https://github.com/pressly/goose/blob/main/internal/sqlparser/parser.go;
 * dbmate's ErrParseUnexpectedStmt accepts only `^\s*$` and `^\s*--` lines before `-- migrate:up`,
 * https://github.com/amacneil/dbmate/blob/main/pkg/dbmate/migration.go). sql-migrate, which skips them, uses `sqlLineBefore`.
 */
function sqlBefore(lines: readonly { text: string; number: number; start: number }[], firstMarker: number): number | undefined {
  return lines.find((l) => l.start < firstMarker && l.text.trim() !== "" && !l.text.trim().startsWith("--"))?.number;
}

const DBMATE_MARKER = /^--\s*migrate:(up|down)(?=\s|$)(.*)$/u;

/** dbmate: `-- migrate:up` / `-- migrate:down` lines; `transaction:false` on a marker line disables the transaction. */
export function dbmateSections(text: string): SectionScan {
  const lines = splitLines(text);
  const markers: Marker[] = [];
  for (const l of lines) {
    const m = DBMATE_MARKER.exec(l.text);
    if (m === null) continue;
    const options = (m[2] ?? "").trim().split(/\s+/u);
    markers.push({
      role: m[1] === "down" ? "down" : "up",
      line: l.number,
      start: l.start,
      next: l.next,
      noTransaction: options.includes("transaction:false"),
    });
  }
  return toSections(text, markers, sqlBefore(lines, markers[0]?.start ?? text.length), "-- migrate:up");
}

/** A whole-line goose annotation: `-- +goose Up`, `-- +goose StatementBegin`, … (case-insensitive). */
const GOOSE_MARKER = /^\s*--\s*\+goose\s+(.*?)\s*$/iu;

/**
 * goose: `-- +goose Up` / `Down` sections, `StatementBegin`/`StatementEnd` blocks, `-- +goose NO
 * TRANSACTION`, and `-- +goose ENVSUB ON` / `OFF` around lines whose `${VAR}`s goose substitutes
 * ({@link substituteEnvLine}; comment lines are left as they are). Each section lists where goose cuts
 * its statements outside `StatementBegin`/`StatementEnd` blocks ({@link Section.cuts}).
 */
export function gooseSections(text: string): SectionScan {
  const lines = splitLines(text);
  const markers: Marker[] = [];
  const problems: SectionScan["problems"] = [];
  let noTransaction = false;
  let open: number | undefined;
  let envsub = false;
  let substituted = "";
  const cuts: number[] = [];
  for (const l of lines) {
    const m = GOOSE_MARKER.exec(l.text);
    const lineBreak = text.slice(l.end, l.next);
    if (m === null) {
      const sub = envsub && !l.text.trimStart().startsWith("--") ? substituteEnvLine(l.text) : { text: l.text };
      if (sub.problem !== undefined) problems.push({ line: l.number, message: sub.problem });
      substituted += sub.text + lineBreak;
      // bufio.Scanner's lines end at "\n" only: a lone "\r" does not end goose's line.
      const cut = open === undefined && markers.length > 0 && lineBreak !== "\r" ? gooseStatementEnd(sub.text) : undefined;
      if (cut !== undefined) cuts.push(l.start + cut);
      continue;
    }
    substituted += l.text + lineBreak;
    const command = (m[1] ?? "").toUpperCase().replace(/\s+/gu, " ");
    if (command === "ENVSUB ON" || command === "ENVSUB OFF") {
      envsub = command === "ENVSUB ON";
    } else if (command === "UP" || command === "DOWN") {
      if (open !== undefined) problems.push({ line: open, message: "`-- +goose StatementBegin` without `-- +goose StatementEnd`" });
      open = undefined;
      markers.push({ role: command === "UP" ? "up" : "down", line: l.number, start: l.start, next: l.next, noTransaction: false });
    } else if (command === "NO TRANSACTION") {
      noTransaction = true;
    } else if (command === "STATEMENTBEGIN") {
      if (open !== undefined) problems.push({ line: open, message: "`-- +goose StatementBegin` without `-- +goose StatementEnd`" });
      open = l.number;
    } else if (command === "STATEMENTEND") {
      if (open === undefined) problems.push({ line: l.number, message: "`-- +goose StatementEnd` without `-- +goose StatementBegin`" });
      open = undefined;
    }
  }
  if (open !== undefined) problems.push({ line: open, message: "`-- +goose StatementBegin` without `-- +goose StatementEnd`" });
  const scan = toSections(
    text,
    markers.map((m) => ({ ...m, noTransaction })),
    sqlBefore(lines, markers[0]?.start ?? text.length),
    "-- +goose Up",
    cuts,
  );
  return {
    sections: scan.sections,
    problems: [...problems, ...scan.problems].sort((a, b) => a.line - b.line),
    ...(substituted === text ? {} : { text: substituted }),
  };
}
