import { createHash } from "node:crypto";
import { fingerprintSync } from "../parser/pg-query.js";
import { parseSql } from "../parser/parse.js";
import type { SourceText } from "../parser/source-text.js";

/** The fingerprint of findings that lie in no statement (about the file as a whole, or on a comment). */
export const FILE_FINGERPRINT = "file";

interface StatementSpan {
  readonly source: SourceText;
  /** UTF-8 byte offsets of the statement's first token and just past its last one. */
  readonly start: number;
  readonly end: number;
}

/**
 * libpg_query's fingerprint of one statement: the same for the statement however it is spaced, cased,
 * commented or where in the file it is, and for other literal values; different when an identifier,
 * a type, a clause or the statement kind changes.
 */
export function statementFingerprint(statement: string): string {
  try {
    return fingerprintSync(statement);
  } catch {
    // Cannot happen for a statement the parser accepted in its file; keep a stable, whitespace-blind key anyway.
    const normalized = statement.replace(/\s+/gu, " ").trim().toLowerCase();
    return `text:${createHash("sha256").update(normalized).digest("hex").slice(0, 16)}`;
  }
}

/**
 * A function from a finding's position to the fingerprint of the statement it lies in, for one file.
 * `texts` are the parts of the file as the engine linted them (a dbmate or goose section is the file
 * with everything else blanked, so offsets agree). The parser must be initialised.
 */
export function statementLocator(texts: readonly string[]): (position: { readonly line: number; readonly column: number }) => string {
  const spans: StatementSpan[] = [];
  for (const text of new Set(texts)) {
    const parsed = parseSql(text, { comments: false });
    for (const s of parsed.statements) spans.push({ source: parsed.source, start: s.start, end: s.end });
  }
  const cache = new Map<StatementSpan, string>();
  return ({ line, column }) => {
    for (const span of spans) {
      const offset = span.source.byteAtPosition(line, column);
      // `end` is just past the last token: a finding on the terminating semicolon belongs to the statement.
      if (offset < span.start || offset > span.end) continue;
      let fingerprint = cache.get(span);
      if (fingerprint === undefined) {
        fingerprint = statementFingerprint(span.source.sliceBytes(span.start, span.end));
        cache.set(span, fingerprint);
      }
      return fingerprint;
    }
    return FILE_FINGERPRINT;
  };
}
