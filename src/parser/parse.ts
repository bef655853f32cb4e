import { hasSqlDetails, loadParser, parseSync, scanSync, type RawStmt, type ScanToken } from "./pg-query.js";
import type { ChunkParser } from "./chunk-parser.js";
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
  /** A statement a `DO` block runs (see do-block.ts): it runs inside a function, not at top level. */
  readonly inDoBlock?: true;
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

/** Loads and compiles the WASM parser once per process. */
export function initParser(): Promise<void> {
  return loadParser();
}

/**
 * Inputs above this many characters are parsed in chunks cut at top-level semicolons: one WASM call on
 * a multi-megabyte dump builds a JSON tree larger than the parser's heap, and each chunk's trees are
 * folded and dropped before the next is parsed. 64 KB rather than 256 KB: fewer trees alive at once are
 * promoted to the old generation, which took the peak RSS of the 10 MB bench dump from 396–410 MB to
 * 313–327 MB at the same speed; the chunks are also what the parse pool shares out (docs/performance.md).
 */
export const CHUNK_SIZE = 64 * 1024;

const TOO_DEEP = "statement is nested too deeply for the parser (maximum call stack size exceeded)";
const NUL_MESSAGE = "NUL character (byte 0): PostgreSQL cannot receive it in SQL text, so the statement that holds it was not parsed";

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
  /**
   * Parses the chunks of an input large enough to be cut into several on other threads (a worker pool,
   * see parse-pool.ts); absent: every chunk is parsed on this thread. The result is the same either way.
   */
  readonly chunkParser?: ChunkParser | undefined;
}

export function parseSql(text: string, options: ParseOptions = {}): ParsedFile {
  const source = new SourceText(text);
  const masking = maskPsql(text);
  const parsed = masking.text === text ? source : new SourceText(masking.text);
  const kept: ParsedStatement[] = [];
  const problems: ParseProblem[] = [];
  const bounds = [...(parsed.text.length > CHUNK_SIZE ? chunkBoundaries(parsed.text, CHUNK_SIZE) : []), parsed.text.length];
  const starts = [0, ...bounds.slice(0, -1)];
  const session = bounds.length > 1 ? options.chunkParser?.begin(bounds.map((cut, i) => parsed.text.slice(starts[i], cut))) : undefined;
  let index = 0;
  try {
    for (const [i, cut] of bounds.entries()) {
      const from = starts[i] ?? 0;
      const chunk: Omit<ParsedStatement, "index">[] = [];
      // Another thread's parse of the whole chunk; a chunk it did not parse, or rejected, is parsed here
      // (with the recovery around rejected statements).
      const raws = session?.take(i);
      if (raws === undefined) parseRange(parsed, from, cut, chunk, problems);
      else keepStatements(parsed, from, cut, raws, chunk);
      chunk.sort((a, b) => a.start - b.start);
      const numbered = chunk.map((s) => ({ ...s, index: index++ }));
      if (options.onStatements === undefined) kept.push(...numbered);
      else options.onStatements(numbered, source);
    }
  } finally {
    session?.end();
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
  addComments(tokens ?? [], 0, comments);
  return comments;
}

const DOLLAR_QUOTE = /^\$[^$]*\$/u;

/**
 * The comments among `tokens` (byte offsets from `base`), and those inside dollar-quoted strings that
 * mention a directive: a DO block's statements are linted (see do-block.ts), so a directive written
 * next to one, inside the block, applies to it.
 */
function addComments(tokens: readonly ScanToken[], base: number, comments: SqlComment[]): void {
  for (const token of tokens) {
    if (token.tokenName === "SQL_COMMENT") {
      comments.push({ body: token.text.slice(2), start: base + token.start, end: base + token.end });
    } else if (token.tokenName === "C_COMMENT") {
      comments.push({ body: token.text.slice(2, -2), start: base + token.start, end: base + token.end });
    } else if (token.text.startsWith("$") && token.text.includes("schemalint-")) {
      const quote = DOLLAR_QUOTE.exec(token.text)?.[0];
      if (quote === undefined || token.text.length < 2 * quote.length) continue;
      const inner = scanTokens(token.text.slice(quote.length, -quote.length));
      if (inner !== undefined) addComments(inner, base + token.start + Buffer.byteLength(quote), comments);
    }
  }
}

function isBlank(parsed: SourceText, from: number, to: number): boolean {
  return /^\s*$/u.test(parsed.text.slice(from, to));
}

/** An input the parser rejected: where (UTF-16 index; undefined when it cannot say) and why. */
interface Rejection {
  readonly at: number | undefined;
  readonly message: string;
}

/**
 * Parses parsed.text[from, to) (UTF-16 indices) and keeps its statements, or returns why it cannot.
 * libpg_query reads a C string: at a NUL it would silently stop and drop the rest, so a NUL is rejected
 * here with its position.
 */
function parseOnce(parsed: SourceText, from: number, to: number, statements: Omit<ParsedStatement, "index">[]): Rejection | undefined {
  const chunk = parsed.text.slice(from, to);
  const nul = chunk.indexOf("\u0000");
  if (nul >= 0) return { at: from + nul, message: NUL_MESSAGE };
  let raws: RawStmt[];
  try {
    raws = parseSync(chunk).stmts ?? [];
  } catch (error) {
    return {
      at: hasSqlDetails(error) ? parsed.utf16AfterCodePoints(from, error.sqlDetails?.cursorPosition ?? 0) : undefined,
      message: error instanceof RangeError ? TOO_DEEP : error instanceof Error ? error.message : "the parser failed on this input",
    };
  }
  keepStatements(parsed, from, to, raws, statements);
  return undefined;
}

/** Keeps the statements libpg-query returned for parsed.text[from, to), their locations made file byte offsets. */
function keepStatements(parsed: SourceText, from: number, to: number, raws: readonly RawStmt[], statements: Omit<ParsedStatement, "index">[]): void {
  const base = parsed.byteAtUtf16(from);
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
 * Parses parsed.text[from, to), recovering around statements the parser rejects. The parser stops at
 * the first error: the statement that contains it, between the JavaScript lexer's top-level semicolons
 * (it tolerates unterminated literals, unlike the WASM scanner), becomes a problem and parsing goes on
 * after it. A loop rather than recursion, and after an error each attempt covers a window of statements
 * that doubles while they parse: a file in another SQL dialect holds thousands of errors, and neither
 * the stack nor a re-parse of the whole rest per error may grow with their number.
 */
function parseRange(
  parsed: SourceText,
  from: number,
  to: number,
  statements: Omit<ParsedStatement, "index">[],
  problems: ParseProblem[],
): void {
  let cuts: number[] | undefined;
  /** Index in `cuts` of the first cut after `start`. */
  let next = 0;
  let start = from;
  let window = Number.POSITIVE_INFINITY;
  while (start < to && !isBlank(parsed, start, to)) {
    if (cuts !== undefined) while ((cuts[next] ?? to) <= start) next++;
    const end = cuts === undefined || window === Number.POSITIVE_INFINITY ? to : Math.min(to, cuts[next + window - 1] ?? to);
    const rejection = parseOnce(parsed, start, end, statements);
    if (rejection === undefined) {
      start = end;
      window *= 2;
      continue;
    }
    // Cut points (just past each top-level semicolon), lexed once for the whole range.
    cuts ??= chunkBoundaries(parsed.text.slice(from, to), 0).map((cut) => from + cut);
    while ((cuts[next] ?? to) <= start) next++;
    let inside = next;
    while ((cuts[inside] ?? end) < end) inside++;
    /** The last cut strictly inside the attempt: its last statement starts there. */
    const lastCut = inside > next ? cuts[inside - 1] : undefined;
    const errorAt = rejection.at;
    if (errorAt === undefined) {
      // No position (nesting too deep): retry one statement at a time to find the culprit.
      const firstCut = cuts[next];
      if (firstCut !== undefined && firstCut < end && !isBlank(parsed, firstCut, end)) {
        window = 1;
        continue;
      }
      problems.push({ message: rejection.message, offset: parsed.byteAtUtf16(firstSignificant(parsed.text, start, end)) });
      start = end;
      window = 1;
      continue;
    }
    // A window can end inside a statement the lexer split (a rule's parenthesised actions): an error in
    // its last statement is only believed once the window reaches the end of the range.
    if (end < to && errorAt >= (lastCut ?? start)) {
      window = Math.max(2, window === Number.POSITIVE_INFINITY ? 2 : window * 2);
      continue;
    }
    let after = next;
    while ((cuts[after] ?? to) <= errorAt && after < cuts.length) after++;
    const brokenStart = after > next ? (cuts[after - 1] ?? start) : start;
    const brokenEnd = cuts[after] ?? to;
    // The statements before the broken one parsed in this attempt too; only the error stopped them.
    if (brokenStart > start) parseRange(parsed, start, brokenStart, statements, problems);
    problems.push({ message: rejection.message, offset: parsed.byteAtUtf16(errorAt) });
    start = brokenEnd;
    window = 1;
  }
}
