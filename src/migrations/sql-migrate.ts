/**
 * rubenv/sql-migrate (https://github.com/rubenv/sql-migrate): every `.sql` file directly in the
 * migrations directory is one migration whose id is the file name, with `-- +migrate Up` / `-- +migrate
 * Down` sections. Modelled on sql-migrate's own code:
 *
 * - sqlparse/sqlparse.go `ParseMigration` reads the file line by line. A command is a line starting with
 *   exactly `-- +migrate ` (`sqlCmdPrefix`: column 1, one space, lower-case `+migrate`, a space); its first
 *   word is the command, compared case-sensitively (`Up`, `Down`, `StatementBegin`, `StatementEnd`; any
 *   other word is ignored), the other words are options (`notransaction`, also compared exactly).
 * - Lines before the first `Up`/`Down` marker are skipped: they never run. Every later line belongs to
 *   the direction of the last marker, so a file may switch back and forth; all its Up sections form the
 *   up migration (`UpStatements`), all Down sections the down migration.
 * - Statements end at a line whose last word before a `--` comment ends with `;` (`endsWithSemicolon`),
 *   or, between `StatementBegin` and `StatementEnd`, at the `StatementEnd` line. A statement still open
 *   at the next `Up`/`Down` marker or at the end of the file, a `StatementBegin` never closed, a file
 *   without any `Up`/`Down` marker and a `-- +migrate ` line without a command are errors: sql-migrate
 *   then refuses the file, and with it the whole directory (`findMigrations` returns the error).
 * - migrate.go `applyMigrations` runs each migration's statements, one `Exec` each, in a transaction of
 *   its own (`dbMap.Begin()`) unless the section's marker says `notransaction` (`DisableTransactionUp`,
 *   `DisableTransactionDown`: one `notransaction` on any marker of a direction turns it off for all of
 *   that direction's sections).
 * - migrate.go `byId` / `Migration.Less` order migrations by the number the id starts with
 *   (`numberPrefixRegex` `^(\d+).*$`, parsed by `VersionInt` as an int64), ids with equal numbers by
 *   name, and ids without a leading number after all numbered ones, by name. Ids are file names, so
 *   there are no duplicates: `1_a.sql` and `01_b.sql` both run, `1_a.sql` first.
 */
import { blank, basename, compareBig, compareStrings, isSql, splitLines, sqlLineBefore, toolPart } from "./text.js";
import { gooseStatementEnd, type Section, type SectionScan } from "./markers.js";
import type { LayoutProblem, LayoutResult, Migration, MigrationPart, PlanContext, SourceFile } from "./types.js";

/** sqlparse.go `sqlCmdPrefix`. */
const COMMAND_PREFIX = "-- +migrate ";
/** sqlparse.go `optionNoTransaction`. */
const NO_TRANSACTION = "notransaction";
const COMMANDS = ["Up", "Down", "StatementBegin", "StatementEnd"] as const;

/** A line sql-migrate takes for an Up or Down marker (for detection). */
export const SQL_MIGRATE_UP = /^-- \+migrate [^\S\r\n]*Up(?=\s|$)/mu;

/** A goose annotation line (goose's parser: `-- +goose`, case-insensitive, after optional spaces). */
const GOOSE_ANNOTATION = /^\s*--\s*\+goose\b/imu;
/** A sql-migrate section marker, as {@link SQL_MIGRATE_UP} but Up or Down. */
const SQL_MIGRATE_SECTION = /^-- \+migrate [^\S\r\n]*(?:Up|Down)(?=\s|$)/mu;


/** Refusals: sql-migrate returns an error for the file, which stops every migration of the directory. */
const REFUSES = "sql-migrate refuses to run the file, and with it every migration of the directory";

/**
 * sql-migrate's sections of one file and the problems sqlparse.go `ParseMigration` would raise (or the
 * mistakes it silently accepts: SQL before the first marker, an unknown command or option, goose
 * annotations). `noTransaction` is per direction, as sql-migrate keeps it.
 */
export function sqlMigrateSections(text: string): SectionScan {
  const lines = splitLines(text);
  const problems: { line: number; message: string }[] = [];
  const markers: { role: "up" | "down"; line: number; start: number; next: number }[] = [];
  const noTransaction = { up: false, down: false };
  let direction: "up" | "down" | undefined;
  let ignoreSemicolons = false;
  let statementEnded = false;
  let openedAt = 0;
  /** First line of the statement being collected (sqlparse.go `buf` holding more than white space). */
  let pending: number | undefined;
  let gooseLine: number | undefined;
  /** Where sql-migrate ends a statement outside StatementBegin/End: its `endsWithSemicolon` is goose's, word for word. */
  const cuts: number[] = [];
  for (const l of lines) {
    const line = l.text;
    if (gooseLine === undefined && GOOSE_ANNOTATION.test(line)) gooseLine = l.number;
    // sqlparse.go: "ignore comment except beginning with '-- +'".
    if (line.startsWith("-- ") && !line.startsWith("-- +")) continue;
    if (line.startsWith(COMMAND_PREFIX)) {
      const [command, ...options] = line.slice(COMMAND_PREFIX.length).split(/\s+/u).filter((w) => w !== "");
      if (command === undefined) {
        problems.push({ line: l.number, message: `\`-- +migrate\` without a command (incomplete migration command): ${REFUSES}` });
      } else if (command === "Up" || command === "Down") {
        const role = command === "Up" ? "up" : "down";
        if (pending !== undefined) problems.push(unterminated(pending, `before \`-- +migrate ${command}\` on line ${String(l.number)}`));
        pending = undefined;
        direction = role;
        markers.push({ role, line: l.number, start: l.start, next: l.next });
        if (options.includes(NO_TRANSACTION)) noTransaction[role] = true;
        for (const option of options.filter((o) => o !== NO_TRANSACTION)) {
          problems.push({
            line: l.number,
            message: `\`${option}\` is not an option sql-migrate knows (only \`${NO_TRANSACTION}\`, in lower case): it ignores it${option.toLowerCase().replace(/[^a-z]/gu, "") === NO_TRANSACTION ? " and runs the section in a transaction" : ""}`,
          });
        }
      } else if (command === "StatementBegin") {
        if (direction !== undefined) {
          if (!ignoreSemicolons) openedAt = l.number;
          ignoreSemicolons = true;
        }
      } else if (command === "StatementEnd") {
        if (direction !== undefined) {
          statementEnded = ignoreSemicolons;
          ignoreSemicolons = false;
        }
      } else {
        const known = COMMANDS.find((c) => c.toLowerCase() === command.toLowerCase());
        const hint = known === undefined ? COMMANDS.join(", ") : `did you mean \`${known}\`? Commands are case-sensitive`;
        problems.push({ line: l.number, message: `\`-- +migrate ${command}\` is not a sql-migrate command (${hint}): sql-migrate ignores the line` });
      }
    }
    if (direction === undefined) continue;
    // Lines starting with `-- +` (markers, other tools' annotations) are left out of the statement.
    if (!line.startsWith("-- +") && pending === undefined && line.trim() !== "") pending = l.number;
    const cut = ignoreSemicolons ? undefined : gooseStatementEnd(line);
    if (cut !== undefined && !line.startsWith("-- +") && text.slice(l.end, l.next) !== "\r") cuts.push(l.start + cut);
    if (cut !== undefined || statementEnded) {
      statementEnded = false;
      pending = undefined;
    }
  }
  if (ignoreSemicolons) {
    problems.push({ line: openedAt, message: `\`-- +migrate StatementBegin\` is never closed by \`-- +migrate StatementEnd\`: ${REFUSES}` });
  }
  if (direction === undefined) {
    problems.push({ line: 1, message: `no \`-- +migrate Up\` or \`-- +migrate Down\` marker: ${REFUSES}` });
  } else {
    if (pending !== undefined) problems.push(unterminated(pending, "at the end of the file"));
    if (!markers.some((m) => m.role === "up")) {
      problems.push({ line: 1, message: "no `-- +migrate Up` marker: sql-migrate applies this migration without running any of its SQL" });
    }
    const before = sqlLineBefore(text, markers[0]?.start ?? text.length);
    if (before !== undefined) problems.push({ line: before, message: "SQL before the first marker is not part of any section" });
  }
  if (gooseLine !== undefined) {
    problems.push({
      line: gooseLine,
      message: "a goose annotation in a sql-migrate file: sql-migrate ignores `-- +goose` lines and runs the file by its `-- +migrate` markers",
    });
  }
  const sections = markers.map(
    (m, i): Section => {
      const end = markers[i + 1]?.start ?? text.length;
      const inside = cuts.filter((c) => c >= m.next && c < end);
      return { role: m.role, start: m.next, end, line: m.line, noTransaction: noTransaction[m.role], ...(inside.length === 0 ? {} : { cuts: inside }) };
    },
  );
  return { sections, problems: problems.sort((a, b) => a.line - b.line) };
}

function unterminated(line: number, where: string): { line: number; message: string } {
  return {
    line,
    message: `statement not ended ${where}: sql-migrate ends a statement at a line ending with \`;\` (or at \`-- +migrate StatementEnd\`), so ${REFUSES}`,
  };
}

/**
 * For goose files: a sql-migrate marker in a directory read as goose's. goose takes `-- +migrate Up`
 * for a comment, so that section's SQL runs in whichever goose section it falls in.
 */
export function sqlMigrateMarkerLine(text: string): number | undefined {
  const m = SQL_MIGRATE_SECTION.exec(text);
  return m === null ? undefined : text.slice(0, m.index).split(/\r\n|\r|\n/u).length;
}

/** `text` with everything outside `sections` blanked. */
function keepSections(text: string, sections: readonly Section[]): string {
  let out = "";
  let at = 0;
  for (const s of sections) {
    out += blank(text.slice(at, s.start)) + text.slice(s.start, s.end);
    at = s.end;
  }
  return out + blank(text.slice(at));
}

/** migrate.go `numberPrefixRegex`. */
const NUMBER_PREFIX = /^(\d+)/u;
/** `VersionInt` parses the number as an int64 and panics when it does not fit. */
const INT64_MAX = 2n ** 63n - 1n;

/** migrate.go `Migration.Less` on two ids. */
export function compareSqlMigrateIds(a: string, b: string): number {
  const x = NUMBER_PREFIX.exec(a)?.[1];
  const y = NUMBER_PREFIX.exec(b)?.[1];
  if (x !== undefined && y !== undefined && BigInt(x) !== BigInt(y)) return compareBig(BigInt(x), BigInt(y));
  if (x !== undefined && y === undefined) return -1;
  if (x === undefined && y !== undefined) return 1;
  return compareStrings(a, b);
}

const NAME = /^(\d+)[_-]?(.*)\.sql$/u;

/** sql-migrate: see the module comment. Every `.sql` file is a migration; a file sql-migrate refuses is reported, not planned. */
export function planSqlMigrate(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const planned: { id: string; migration: Migration }[] = [];
  const files = ctx.files.filter((f) => isSql(f.path));
  const numbered = files.filter((f) => NUMBER_PREFIX.test(basename(f.path)));
  for (const file of files) {
    const id = basename(file.path);
    const number = NUMBER_PREFIX.exec(id)?.[1];
    if (number !== undefined && BigInt(number) > INT64_MAX && numbered.length > 1) {
      problems.push({ file: file.path, line: 1, message: `version ${number} does not fit a 64-bit integer: sql-migrate (VersionInt) panics when it sorts the migrations` });
    }
    const scan = sqlMigrateSections(file.text);
    for (const p of scan.problems) problems.push({ file: file.path, kind: "marker", ...p });
    const up = partOf(file, scan, "up");
    if (up.length === 0) continue;
    const m = NAME.exec(id);
    const version = m?.[1] ?? "";
    const name = m === null ? id.slice(0, -".sql".length) : (m[2] ?? "");
    planned.push({
      id,
      migration: { id: `sql-migrate:${ctx.root}:${id.slice(0, -".sql".length)}`, version, name, layout: "sql-migrate", up, down: partOf(file, scan, "down"), verify: [], repeatable: false },
    });
  }
  planned.sort((a, b) => compareSqlMigrateIds(a.id, b.id));
  return { migrations: planned.map((p) => p.migration), problems };
}

/** All sections of one direction as one part, marked at its first marker; none when the file has no such section. */
function partOf(file: SourceFile, scan: SectionScan, role: "up" | "down"): MigrationPart[] {
  const sections = scan.sections.filter((s) => s.role === role);
  const first = sections[0];
  if (first === undefined) return [];
  const cuts = sections.flatMap((s) => s.cuts ?? []);
  return [{ ...toolPart(file, role, first.noTransaction ? "none" : undefined, keepSections(file.text, sections)), markerLine: first.line, ...(cuts.length === 0 ? {} : { toolCuts: cuts }) }];
}
