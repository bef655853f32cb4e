import type { ChunkParser } from "../parser/chunk-parser.js";
import { initParser } from "../parser/parse.js";
import type { ParsePool } from "../parser/parse-pool.js";
import type { LintFile } from "../rules/engine.js";

/**
 * Inputs from this many characters on are parsed by a pool of threads. Each thread compiles its own
 * WebAssembly parser (about 0.1 s of CPU, on a core the main thread could use), and the main thread
 * still turns every tree's JSON into objects, folds and checks it: on two cores a 2.3 MB dump linted
 * in the same time either way (1.69 vs 1.75 s, medians of 9), a 5 MB one 18 % faster (3.17 vs 3.85 s)
 * and the 10 MB bench dump 24 % faster (3.81 vs 5.03 s) (docs/performance.md).
 */
export const PARALLEL_MIN_CHARS = 4 * 1024 * 1024;

/**
 * The parser for the CLI's lint: the main thread's, plus, once a history holds a large input and
 * `--concurrency` allows more than one thread, a pool of `threads - 1` parse threads (the main thread
 * parses too). Loaded only when a history is linted (with `--cache`, maybe never).
 */
export class ParserThreads {
  private pool: Promise<ParsePool | undefined> | undefined;

  constructor(private readonly threads: number) {}

  /** Readies the parser for `files` (one history); returns the pool when they need one. */
  async prepare(files: readonly LintFile[]): Promise<ChunkParser | undefined> {
    await initParser();
    if (this.threads < 2 || !files.some((file) => file.text.length >= PARALLEL_MIN_CHARS)) return undefined;
    // Threads that cannot be created (a resource limit, a sandbox) leave the lint to the main thread.
    this.pool ??= import("../parser/parse-pool.js")
      .then(({ ParsePool }) => new ParsePool(this.threads - 1, new URL("../parser/parse-worker.js", import.meta.url)))
      .catch(() => undefined);
    return this.pool;
  }

  /** How many pool threads were started (0: none). */
  async started(): Promise<number> {
    return (await this.pool)?.size ?? 0;
  }

  async close(): Promise<void> {
    await (await this.pool)?.close();
  }
}
