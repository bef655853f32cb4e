import { keywordCategory } from "./keywords.js";
import { lineEnd, skipLexeme } from "./lexer.js";

/**
 * psql input that is not SQL: meta-commands (`\connect`, `\set`, `\restrict`/`\unrestrict` emitted by
 * pg_dump since 17.6, `\echo`, `\quit`, ...) and the data lines of `COPY ... FROM stdin` up to `\.`.
 * See https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMANDS.
 *
 * They are masked with spaces of the same UTF-8 byte length (line breaks kept), so libpg_query's byte
 * offsets in the masked text are byte offsets in the original file.
 */

export interface PsqlMasking {
  /** The text to hand to the parser. Equal to the input when nothing was masked. */
  readonly text: string;
  /** Number of meta-command lines skipped. */
  readonly metaCommands: number;
  /** Number of COPY data blocks skipped. */
  readonly copyBlocks: number;
}

// Letter classes instead of the i flag: a case-insensitive Unicode regex scans a 10 MB dump without
// meta-commands in about 115 ms, this one in 15 ms (and PostgreSQL's keywords are ASCII anyway).
const MAY_NEED_MASKING = /^[ \t]*\\|\b[Ss][Tt][Dd][Ii][Nn]\b|:['"]|(?:^|[^:]):[A-Za-z_]|\\(?:g|watch\b|crosstabview\b)/mu;
/**
 * Meta-commands that send the query buffer, written after a query on its line (`SELECT ... \gexec`):
 * they end the statement as a semicolon would.
 */
const SENDS_QUERY = /^(?:g|gx|gexec|gset|gdesc|watch|crosstabview)(?![A-Za-z])/u;
const SET_VARIABLE = /^\\set\s+([A-Za-z_][A-Za-z0-9_]*)/u;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/u;
/**
 * Key word categories no column reference can take (`columnref` is a `ColId`: an identifier, an
 * unreserved or a column-name key word; gram.y): a variable of such a name is read as a parameter.
 */
const PARAMETER_ONLY: ReadonlySet<string> = new Set(["RESERVED_KEYWORD", "TYPE_FUNC_NAME_KEYWORD"]);
const COPY_FROM_STDIN = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*COPY\b[\s\S]*\bFROM\s+STDIN\b/iu;
function nextLineStart(text: string, from: number): number {
  let i = lineEnd(text, from);
  if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
  else if (i < text.length) i++;
  return i;
}

/** Spaces with the UTF-8 byte length of `s`, keeping line breaks where they are. */
function blank(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch === "\n" || ch === "\r") out += ch;
    else out += " ".repeat(Buffer.byteLength(ch, "utf8"));
  }
  return out;
}

/**
 * Finds the skipped ranges with a small lexer that knows where strings, quoted identifiers,
 * dollar quotes and comments are, so a backslash inside a function body is left alone.
 */
export function maskPsql(text: string): PsqlMasking {
  if (!MAY_NEED_MASKING.test(text)) return { text, metaCommands: 0, copyBlocks: 0 };
  /**
   * Blanked ranges; a third member is the offset of a backslash that becomes a semicolon just before the
   * range, a fourth the text (of the range's byte length) that replaces the range instead of spaces.
   */
  const ranges: [number, number, (number | undefined)?, string?][] = [];
  let metaCommands = 0;
  let copyBlocks = 0;
  const variables = new Set<string>();
  let statementStart = 0;
  /** Depth of `[ ... ]` in the current statement, where `lo:hi` is an array slice. */
  let brackets = 0;
  let onlySpaceSinceLineStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "\n" || c === "\r") {
      onlySpaceSinceLineStart = true;
      i++;
      continue;
    }
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "\\" && onlySpaceSinceLineStart) {
      const end = lineEnd(text, i);
      // On a line of its own too, the \g family sends the query buffer: `SELECT format(…)` above a
      // `\gexec` line ends there (openreplay's upgrade scripts), so its backslash becomes a semicolon.
      // With an empty buffer (the query ended with `;`) the semicolon is an empty statement, as psql's
      // re-sending of the previous query changes no schema the history has not already seen.
      ranges.push(SENDS_QUERY.test(text.slice(i + 1, i + 14)) ? [i + 1, end, i] : [i, end]);
      const set = SET_VARIABLE.exec(text.slice(i, end));
      if (set?.[1] !== undefined) variables.add(set[1]);
      metaCommands++;
      i = end;
      // Meta-commands stand between statements (pg_dump, hand-written psql scripts).
      statementStart = end;
      continue;
    }
    onlySpaceSinceLineStart = false;
    if (c === "\\") {
      // A meta-command after a query on its line runs to the end of the line; the \g family sends the
      // query, so it ends the statement: its backslash becomes a semicolon (one byte for one).
      const end = lineEnd(text, i);
      const sends = SENDS_QUERY.test(text.slice(i + 1, i + 14));
      ranges.push(sends ? [i + 1, end, i] : [i, end]);
      metaCommands++;
      i = end;
      if (sends) statementStart = end;
      continue;
    }
    if (c === ":" && text[i - 1] !== ":" && text[i + 1] !== ":") {
      // psql interpolation: :'name' (a literal), :"name" (an identifier), and :name. Dropping the colon
      // leaves what the parser can read in its place. psql replaces :name with the value of any variable,
      // also one given on the command line (`psql -v name=value`), which the script does not show; outside
      // `[ ... ]` a colon before a name is not SQL, so it is read as one. Inside brackets `a[lo:hi]` is an
      // array slice, so only a variable the script \set is dropped there.
      // https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-INTERPOLATION
      const next = text[i + 1];
      const name = VARIABLE_NAME.exec(text.slice(i + 1, i + 65))?.[0];
      if (name !== undefined && brackets === 0 && PARAMETER_ONLY.has(keywordCategory(name))) {
        // A reserved word stays a key word without its colon (`LIMIT :limit`, `WHERE id > :offset`: query
        // files of cornucopia, HugSQL, pgtyped name their parameters so); where an expression stands, a
        // parameter reads as the value would. `$1` and spaces keep the byte length.
        ranges.push([i, i + 1 + name.length, undefined, `$1${" ".repeat(name.length - 1)}`]);
      } else if (next === "'" || next === '"' || (name !== undefined && (brackets === 0 || variables.has(name)))) {
        ranges.push([i, i + 1]);
      }
      i++;
      continue;
    }
    const code = text.charCodeAt(i);
    // Only - / ' " $ can start a comment, string, quoted identifier or dollar quote.
    const skipped = code === 45 || code === 47 || code === 39 || code === 34 || code === 36 ? skipLexeme(text, i) : i;
    if (skipped !== i) {
      i = skipped;
    } else if (c === ";") {
      const statement = text.slice(statementStart, i);
      i++;
      statementStart = i;
      brackets = 0;
      if (COPY_FROM_STDIN.test(statement)) {
        // Data starts on the next line and ends with a line holding only `\.`.
        const dataStart = nextLineStart(text, i);
        let line = dataStart;
        while (line < n && text.slice(line, lineEnd(text, line)) !== "\\.") line = nextLineStart(text, line);
        const dataEnd = lineEnd(text, line);
        ranges.push([dataStart, dataEnd]);
        copyBlocks++;
        i = dataEnd;
        statementStart = dataEnd;
      }
    } else {
      if (c === "[") brackets++;
      else if (c === "]" && brackets > 0) brackets--;
      i++;
    }
  }
  if (ranges.length === 0) return { text, metaCommands, copyBlocks };
  let out = "";
  let last = 0;
  for (const [start, end, semicolon, replacement] of ranges) {
    out += (semicolon === undefined ? text.slice(last, start) : `${text.slice(last, semicolon)};`) + (replacement ?? blank(text.slice(start, end)));
    last = end;
  }
  out += text.slice(last);
  return { text: out, metaCommands, copyBlocks };
}
