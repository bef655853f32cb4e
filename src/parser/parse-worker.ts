/*
 * A parse-pool thread (see parse-pool.ts): parses the chunks it claims and posts libpg-query's JSON text
 * back. Claims go through the job's shared counters, so the pool's threads and the main thread never
 * parse the same chunk twice and never run further ahead of the main thread than the job's window.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { loadParser, parseSync } from "./pg-query.js";
import { DONE, NEXT, CONSUMED, type ChunkJob, type ChunkResult, type PoolWorkerData } from "./parse-pool-protocol.js";

/** How long a thread that is a window ahead waits before it looks at the counters again. */
const POLL_MS = 50;

/**
 * libpg-query's `parseSync` ends with `JSON.parse` of the tree's text. This thread wants that text
 * itself: posting a string to the main thread is a copy, while posting the tree would be a structured
 * clone, which costs the main thread more than parsing the JSON (450 vs 160 ms for the 2.3 MB bench
 * dump). So `JSON.parse` is the identity for the length of the call; this thread runs nothing else.
 * Should a later libpg-query stop calling it, the tree is turned back into text: slower, still right.
 */
function parseToJson(sql: string): string {
  const parse = JSON.parse;
  JSON.parse = ((text: string) => text) as typeof JSON.parse;
  try {
    const tree: unknown = parseSync(sql);
    return typeof tree === "string" ? tree : JSON.stringify(tree);
  } finally {
    JSON.parse = parse;
  }
}

function runJob(job: ChunkJob, results: MessagePort): void {
  const { state, chunks, window } = job;
  for (;;) {
    const claim = Atomics.load(state, NEXT);
    if (claim >= chunks.length) return;
    const consumed = Atomics.load(state, CONSUMED);
    if (claim >= consumed + window) {
      Atomics.wait(state, CONSUMED, consumed, POLL_MS);
      continue;
    }
    if (Atomics.compareExchange(state, NEXT, claim, claim + 1) !== claim) continue;
    const chunk = chunks[claim] ?? "";
    let json: string | null = null;
    // A NUL, or any statement the parser rejects: the main thread parses the chunk again and reports
    // each problem at its position.
    if (!chunk.includes("\u0000")) {
      try {
        json = parseToJson(chunk);
      } catch {
        json = null;
      }
    }
    const result: ChunkResult = { job: job.job, index: claim, json };
    results.postMessage(result);
    Atomics.add(state, DONE, 1);
    Atomics.notify(state, DONE);
  }
}

const { results } = workerData as PoolWorkerData;
await loadParser();
// Jobs that arrived while the parser compiled were queued; the main thread parsed their chunks itself.
parentPort?.on("message", (job: ChunkJob) => {
  runJob(job, results);
});
