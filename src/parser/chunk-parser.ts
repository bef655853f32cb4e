import type { RawStmt } from "./pg-query.js";

/**
 * Parses the chunks of one large input (cut at top-level semicolons by `parseSql`) somewhere other than
 * the calling thread. `parseSql` stays synchronous and streams: it takes chunk 0, 1, 2, … in order,
 * folds each before asking for the next, and parses itself every chunk the other threads have not
 * started, so it never waits on a thread that is still starting.
 */
export interface ChunkParser {
  begin(chunks: readonly string[]): ChunkSession;
}

export interface ChunkSession {
  /**
   * Chunk `index`'s statements as libpg-query returned them (locations relative to the chunk), or
   * undefined when the caller parses the chunk itself: no other thread had claimed it, or the parser
   * rejected it there (the caller's parse then recovers around the rejected statement). Called with
   * 0, 1, 2, … in order.
   */
  take(index: number): RawStmt[] | undefined;
  /** No more chunks are wanted (also after an exception): the other threads stop claiming them. */
  end(): void;
}
