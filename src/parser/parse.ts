import { loadModule, parseSync, scanSync, hasSqlDetails, type RawStmt, type ScanToken } from "libpg-query";
import { shiftLocations, tagOf, type Node, type NodeTag } from "./ast.js";
import { chunkBoundaries, skipLexeme } from "./lexer.js";
import { maskPsql } from "./psql.js";
import { SourceText } from "./source-text.js";

/** One top-level statement. Offsets are UTF-8 bytes from the start of the file. */
export interface ParsedStatement {
  /** 0-based position among the file's statements. */
  readonly index: number;
  readonly tag: NodeTag;
  /** The wrapped node, e.g. `{ CreateStmt: {...} }`. Every `location` in it is a file byte offset. */
  readonly node: Node;
  /** Byte offset of the statement's first token. */
  readonly start: number;
  /** Byte offset just past its last token (the `;` is not included). */
  readonly end: number;
}

/** A part of the file the parser rejected. */
export interface ParseProblem {
  readonly message: string;
  /** Byte offset where PostgreSQL places the error. */
  readonly offset: number;
}

/** A comment from the scanner, for inline directives. */
export interface SqlComment {
  /** The comment without its `--` or `/* *\/` delimiters. */
  readonly body: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedFile {
  readonly source: SourceText;
  readonly statements: readonly ParsedStatement[];
  readonly problems: readonly ParseProblem[];
  readonly comments: readonly SqlComment[];
  readonly psqlMetaCommands: number;
  readonly copyBlocks: number;
}

let loaded: Promise<void> | undefined;

/** Loads and compiles the WASM parser once per process. */
export function initParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/**
 * Inputs above this many characters are parsed in chunks cut at top-level semicolons: one WASM call on
 * a multi-megabyte dump builds a JSON tree larger than the parser's heap.
 */
const CHUNK_SIZE = 256 * 1024;

const TOO_DEEP = "statement is nested too deeply for the parser (maximum call stack size exceeded)";

function scanTokens(text: string): ScanToken[] | undefined {
  try {
    return scanSync(text).tokens;
  } catch {
    // The scanner rejects unterminated literals and comments; callers fall back.
    return undefined;
  }
}

/**
 * Parses `text` (a file's content) into statements with file byte offsets. Never throws for bad SQL:
 * every rejected statement becomes a problem, and the statements before and after it are still parsed.
 * `initParser()` must have completed.
 */
export interface ParseOptions {
  /** Collect comments (default: only when the text contains "schemalint-", i.e. may hold directives). */
  readonly comments?: boolean;
  /**
   * Receives the statements chunk by chunk, in order, instead of keeping them in the result: the caller
   * folds them and their ASTs can be collected early (a large dump never holds every tree at once).
   */
  readonly onStatements?: (statements: readonly ParsedStatement[], source: SourceText) => void;
}

export function parseSql(text: string, options: ParseOptions = {}): ParsedFile {
  const source = new SourceText(text);
  const masking = maskPsql(text);
  const parsed = masking.text === text ? source : new SourceText(masking.text);
  const kept: ParsedStatement[] = [];
  const problems: ParseProblem[] = [];
  const cuts = parsed.text.length > CHUNK_SIZE ? chunkBoundaries(parsed.text, CHUNK_SIZE) : [];
  let from = 0;
  let index = 0;
  for (const cut of [...cuts, parsed.text.length]) {
    const chunk: Omit<ParsedStatement, "index">[] = [];
    parseRange(parsed, from, cut, chunk, problems);
    from = cut;
    chunk.sort((a, b) => a.start - b.start);
    const numbered = chunk.map((s) => ({ ...s, index: index++ }));
    if (options.onStatements === undefined) kept.push(...numbered);
    else options.onStatements(numbered, source);
  }
  problems.sort((a, b) => a.offset - b.offset);
  const wantComments = options.comments ?? text.includes("schemalint-");
  return {
    source,
    statements: kept,
    problems,
    comments: wantComments ? collectComments(parsed, problems) : [],
    psqlMetaCommands: masking.metaCommands,
    copyBlocks: masking.copyBlocks,
  };
}

/**
 * The comments of a whole file, for inline directives when the file was parsed in sections (dbmate,
 * goose): a directive above the first section marker belongs to no section.
 */
export function scanComments(text: string): Pick<ParsedFile, "source" | "comments"> {
  const source = new SourceText(text);
  if (!text.includes("schemalint-")) return { source, comments: [] };
  const masking = maskPsql(text);
  return { source, comments: collectComments(masking.text === text ? source : new SourceText(masking.text), []) };
}

function collectComments(parsed: SourceText, problems: readonly ParseProblem[]): SqlComment[] {
  let text = parsed.text;
  let tokens = scanTokens(text);
  const first = problems[0];
  if (tokens === undefined && first !== undefined) {
    text = text.slice(0, parsed.utf16AtByte(first.offset));
    tokens = scanTokens(text);
  }
  const comments: SqlComment[] = [];
  for (const token of tokens ?? []) {
    if (token.tokenName === "SQL_COMMENT") {
      comments.push({ body: token.text.slice(2), start: token.start, end: token.end });
    } else if (token.tokenName === "C_COMMENT") {
      comments.push({ body: token.text.slice(2, -2), start: token.start, end: token.end });
    }
  }
  return comments;
}

function isBlank(parsed: SourceText, from: number, to: number): boolean {
  return /^\s*$/u.test(parsed.text.slice(from, to));
}

/** Parses parsed.text[from, to) (UTF-16 indices), recovering around statements the parser rejects. */
function parseRange(
  parsed: SourceText,
  from: number,
  to: number,
  statements: Omit<ParsedStatement, "index">[],
  problems: ParseProblem[],
): void {
  if (from >= to || isBlank(parsed, from, to)) return;
  const chunk = parsed.text.slice(from, to);
  const base = parsed.byteAtUtf16(from);
  let raws: RawStmt[];
  try {
    raws = parseSync(chunk).stmts ?? [];
  } catch (error) {
    recover(parsed, from, to, error, statements, problems);
    return;
  }
  const chunkEnd = parsed.byteAtUtf16(to);
  for (const raw of raws) {
    if (raw.stmt === undefined) continue;
    if (base !== 0) shiftLocations(raw.stmt, base);
    const start = base + (raw.stmt_location ?? 0);
    const len = raw.stmt_len ?? 0;
    let end = len > 0 ? start + len : chunkEnd;
    if (len === 0) {
      // The last statement without a semicolon runs to the end of the input: end at its last token.
      const text = parsed.text.slice(parsed.utf16AtByte(start), parsed.utf16AtByte(end));
      const last = scanTokens(text)?.findLast((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
      if (last !== undefined) end = start + last.end;
    }
    statements.push({ tag: tagOf(raw.stmt), node: raw.stmt, start, end });
  }
}

/** Index of the first character at or after `from` that is not white space or a comment. */
function firstSignificant(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c !== undefined && /\s/u.test(c)) {
      i++;
      continue;
    }
    const skipped = skipLexeme(text, i);
    if (skipped === i || !(c === "-" || c === "/")) return i;
    i = skipped;
  }
  return from;
}

/**
 * The parser stops at the first error. Cut the input at the statement that contains it, using the
 * JavaScript lexer's top-level semicolons (it tolerates unterminated literals, unlike the WASM scanner),
 * parse the statements before it, record the error, and go on after it.
 */
function recover(
  parsed: SourceText,
  from: number,
  to: number,
  error: unknown,
  statements: Omit<ParsedStatement, "index">[],
  problems: ParseProblem[],
): void {
  const text = parsed.text;
  const errorAt = hasSqlDetails(error)
    ? parsed.utf16AfterCodePoints(from, error.sqlDetails?.cursorPosition ?? 0)
    : undefined;
  const message = error instanceof RangeError ? TOO_DEEP : error instanceof Error ? error.message : "the parser failed on this input";
  // Indices of the top-level semicolons of text[from, to).
  const semicolons = chunkBoundaries(text.slice(from, to), 0).map((end) => from + end - 1);

  if (errorAt === undefined) {
    // No position (nesting too deep): parse statement by statement to find the culprit.
    const bounds = [from, ...semicolons.map((s) => s + 1), to];
    const statementsInRange = bounds.filter((b, i) => i + 1 < bounds.length && !isBlank(parsed, b, bounds[i + 1] ?? to)).length;
    if (statementsInRange <= 1) {
      problems.push({ message, offset: parsed.byteAtUtf16(firstSignificant(text, from, to)) });
      return;
    }
    for (let i = 0; i + 1 < bounds.length; i++) parseRange(parsed, bounds[i] ?? from, bounds[i + 1] ?? to, statements, problems);
    return;
  }

  // The broken statement runs from the semicolon before the error to the first one at or after it.
  const before = semicolons.filter((s) => s < errorAt).at(-1);
  const after = semicolons.find((s) => s >= errorAt);
  const brokenStart = before === undefined ? from : before + 1;
  const brokenEnd = after === undefined ? to : after + 1;
  if (brokenStart > from) parseRange(parsed, from, brokenStart, statements, problems);
  problems.push({ message, offset: parsed.byteAtUtf16(errorAt) });
  if (brokenEnd < to) parseRange(parsed, brokenEnd, to, statements, problems);
}
