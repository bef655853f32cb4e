import { listElementEnd, listElementWords } from "./lexer.js";
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
  const found = listElementWords(source.text.slice(from, source.utf16AtByte(limit)), 0);
  outer: for (let i = 0; i + words.length <= found.length; i++) {
    for (let j = 0; j < words.length; j++) if (found[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}
