import type { MessagePort } from "node:worker_threads";

// Indices into a job's shared Int32Array.
/** The next chunk nobody has claimed. */
export const NEXT = 0;
/** The chunk the main thread is taking now: every chunk before it is folded. */
export const CONSUMED = 1;
/** Chunks finished on pool threads (a counter the main thread waits on). */
export const DONE = 2;
export const STATE_SLOTS = 3;

export interface ChunkJob {
  readonly job: number;
  readonly chunks: readonly string[];
  /** Over a SharedArrayBuffer of STATE_SLOTS int32s. */
  readonly state: Int32Array;
  /** How many chunks past CONSUMED a pool thread may claim: bounds the parsed text held in memory. */
  readonly window: number;
}

export interface ChunkResult {
  readonly job: number;
  readonly index: number;
  /** libpg-query's parse tree as JSON text; null when the chunk was rejected (the main thread re-parses it). */
  readonly json: string | null;
}

/** A pool thread's workerData; jobs come through its parentPort. */
export interface PoolWorkerData {
  /** Results to the main thread, which reads them synchronously (`receiveMessageOnPort`). */
  readonly results: MessagePort;
}
