import { listElementEnd, listElementWords, skipLexeme } from "./lexer.js";
import type { SourceText } from "./source-text.js";

/**
 * Byte offset just past the list element that starts at `start` (a column definition, a constraint, an
 * ALTER TABLE subcommand): up to the first `,` or unbalanced `)` at its own nesting level, or `limit`.
 * Found with the JavaScript lexer: this runs for every finding, where a WASM scan per call would dominate.
 */
export function elementEnd(source: SourceText, start: number, limit: number): number {
  const from = source.utf16AtByte(start);
  const text = source.text.slice(from, source.utf16AtByte(limit));
  return source.byteAtUtf16(from + listElementEnd(text, 0));
}

/** Whether the list element that starts at byte `start` contains the words in sequence (e.g. ON DELETE). */
export function elementHasWords(source: SourceText, start: number, limit: number, words: readonly string[]): boolean {
  const from = source.utf16AtByte(start);
  const text = source.text.slice(from, source.utf16AtByte(limit));
  // Most elements do not spell the words at all (a foreign key without ON UPDATE): a substring test
  // rules them out without lexing. The words are upper-case ASCII, as listElementWords returns them.
  const upper = text.toUpperCase();
  if (!words.every((word) => upper.includes(word))) return false;
  const found = listElementWords(text, 0);
  outer: for (let i = 0; i + words.length <= found.length; i++) {
    for (let j = 0; j < words.length; j++) if (found[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}

/** A token of the JavaScript scan: an identifier (unquoted ones lower-cased, quoted ones unescaped) or a punctuation character. */
interface Token {
  readonly text: string;
  /** UTF-16 indices in the scanned text. */
  readonly start: number;
  readonly end: number;
}

/** Byte range of written text. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/u;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/u;

function* tokens(text: string): Generator<Token> {
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = skipLexeme(text, i);
      yield { text: text.slice(i + 1, Math.max(i + 1, end - 1)).replaceAll('""', '"'), start: i, end };
      i = end;
      continue;
    }
    const skipped = skipLexeme(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j] ?? "")) j++;
      yield { text: text.slice(i, j).toLowerCase(), start: i, end: j };
      i = j;
      continue;
    }
    yield { text: c, start: i, end: i + 1 };
    i++;
  }
}

/**
 * Byte range of the first occurrence of a token sequence (identifiers as PostgreSQL folds them, `.`)
 * in `[start, limit)`, after the first token equal to `after` when given: where a node without a
 * `location` (a dropped table's name, a rename's new name) is written. Comments and literals are skipped.
 */
export function tokenSequenceRange(source: SourceText, start: number, limit: number, sequence: readonly string[], after?: string): ByteRange | undefined {
  const from = source.utf16AtByte(start);
  const found = [...tokens(source.text.slice(from, source.utf16AtByte(limit)))];
  let i = 0;
  if (after !== undefined) {
    while (i < found.length && found[i]?.text !== after) i++;
    i++;
  }
  for (; i + sequence.length <= found.length; i++) {
    if (sequence.every((s, j) => found[i + j]?.text === s)) {
      const first = found[i];
      const last = found[i + sequence.length - 1];
      if (first === undefined || last === undefined) return undefined;
      return { start: source.byteAtUtf16(from + first.start), end: source.byteAtUtf16(from + last.end) };
    }
  }
  return undefined;
}
