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

/** Turns markers into sections, reporting duplicates, a missing up marker and SQL before the first marker. */
function toSections(text: string, markers: readonly Marker[], before: number | undefined, upName: string): SectionScan {
  const problems: SectionScan["problems"] = [];
  const sections: Section[] = [];
  const seen = new Set<string>();
  markers.forEach((m, i) => {
    if (seen.has(m.role)) {
      problems.push({ line: m.line, message: `second ${m.role} marker: the file may hold only one ${m.role} section` });
    }
    seen.add(m.role);
    sections.push({ role: m.role, start: m.next, end: markers[i + 1]?.start ?? text.length, line: m.line, noTransaction: m.noTransaction });
  });
  if (!seen.has("up")) problems.push({ line: 1, message: `no \`${upName}\` marker: the tool cannot run this migration` });
  else if (before !== undefined) problems.push({ line: before, message: `SQL before the first marker is not part of any section` });
  return { sections, problems };
}

/** The line number of the first SQL line before the first marker, if any. */
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
 * ({@link substituteEnvLine}; comment lines are left as they are).
 */
export function gooseSections(text: string): SectionScan {
  const lines = splitLines(text);
  const markers: Marker[] = [];
  const problems: SectionScan["problems"] = [];
  let noTransaction = false;
  let open: number | undefined;
  let envsub = false;
  let substituted = "";
  for (const l of lines) {
    const m = GOOSE_MARKER.exec(l.text);
    const lineBreak = text.slice(l.end, l.next);
    if (m === null) {
      const sub = envsub && !l.text.trimStart().startsWith("--") ? substituteEnvLine(l.text) : { text: l.text };
      if (sub.problem !== undefined) problems.push({ line: l.number, message: sub.problem });
      substituted += sub.text + lineBreak;
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
  );
  return {
    sections: scan.sections,
    problems: [...problems, ...scan.problems].sort((a, b) => a.line - b.line),
    ...(substituted === text ? {} : { text: substituted }),
  };
}
