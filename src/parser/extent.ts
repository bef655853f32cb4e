import { scanSync, type ScanToken } from "libpg-query";
import { listElementEnd, listElementWords } from "./lexer.js";
import type { SourceText } from "./source-text.js";

/** A token with file byte offsets. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** PostgreSQL's keyword category: `RESERVED_KEYWORD`, `UNRESERVED_KEYWORD`, ... or `NO_KEYWORD`. */
  readonly keyword: string;
}

function isComment(token: ScanToken): boolean {
  return token.tokenName === "SQL_COMMENT" || token.tokenName === "C_COMMENT";
}

/** The tokens between two file byte offsets, comments excluded; empty when the scanner rejects the text. */
export function tokensBetween(source: SourceText, start: number, end: number): Token[] {
  const text = source.sliceBytes(start, end);
  if (text.trim() === "") return [];
  let tokens: ScanToken[];
  try {
    tokens = scanSync(text).tokens;
  } catch {
    return [];
  }
  return tokens
    .filter((t) => !isComment(t))
    .map((t) => ({ text: t.text, start: start + t.start, end: start + t.end, keyword: t.keywordName }));
}

/**
 * The tokens of the list element that starts at `start` (a column definition, a table constraint,
 * an ALTER TABLE subcommand): up to the first `,` or unbalanced `)` at its own nesting level, or `limit`.
 */
export function elementTokens(source: SourceText, start: number, limit: number): Token[] {
  const tokens = tokensBetween(source, start, limit);
  const out: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === "(") depth++;
    else if (token.text === ")") {
      if (depth === 0) break;
      depth--;
    } else if ((token.text === "," || token.text === ";") && depth === 0) break;
    out.push(token);
  }
  return out;
}

/**
 * Byte offset just past the list element that starts at `start` (see `elementTokens`), found with the
 * JavaScript lexer: this runs for every finding, where a WASM scan per call would dominate.
 */
export function elementEnd(source: SourceText, start: number, limit: number): number {
  const from = source.utf16AtByte(start);
  const text = source.text.slice(from, source.utf16AtByte(limit));
  return source.byteAtUtf16(from + listElementEnd(text, 0));
}

/** Whether the tokens contain the keyword sequence (case-insensitive), e.g. `["ON", "DELETE"]`. */
export function hasKeywords(tokens: readonly Token[], words: readonly string[]): boolean {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) {
      if (tokens[i + j]?.text.toUpperCase() !== words[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** Whether the list element that starts at byte `start` contains the words in sequence (e.g. ON DELETE). */
export function elementHasWords(source: SourceText, start: number, limit: number, words: readonly string[]): boolean {
  const from = source.utf16AtByte(start);
  const found = listElementWords(source.text.slice(from, source.utf16AtByte(limit)), 0);
  outer: for (let i = 0; i + words.length <= found.length; i++) {
    for (let j = 0; j < words.length; j++) if (found[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}
