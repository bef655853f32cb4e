import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { ChunkParser, ChunkSession } from "./chunk-parser.js";
import { CONSUMED, DONE, NEXT, STATE_SLOTS, type ChunkJob, type ChunkResult, type PoolWorkerData } from "./parse-pool-protocol.js";
import type { RawStmt } from "./pg-query.js";

/**
 * How long the main thread waits for a chunk a pool thread claimed before it parses the chunk itself.
 * A 64 KB chunk parses in under 10 ms; only a thread that died (it cannot say so while the main thread
 * blocks) takes this long.
 */
const GIVE_UP_MS = 30_000;

interface PoolThread {
  readonly worker: Worker;
  readonly results: MessagePort;
}

/**
 * Worker threads that parse the chunks of large inputs while the main thread folds and checks the
 * chunks before them (`ChunkParser`). Built on `node:worker_threads` rather than a pool library
 * (tinypool, piscina): those hand results back as promises, and the lint is synchronous and streams a
 * dump chunk by chunk so that no more than a window of parse trees is ever held. The main thread takes
 * results with `receiveMessageOnPort` and waits with `Atomics.wait`.
 *
 * Each thread compiles its own copy of the WebAssembly parser (about 0.1 s); until it is ready, the
 * main thread parses every chunk itself, so a pool never makes a run slower by more than the threads'
 * start-up CPU.
 */
export class ParsePool implements ChunkParser {
  private readonly threads: PoolThread[];
  private job = 0;

  /** `size` threads running `script` (the compiled parse-worker.js). */
  constructor(size: number, script: URL) {
    this.threads = Array.from({ length: size }, () => {
      const channel = new MessageChannel();
      const data: PoolWorkerData = { results: channel.port2 };
      const worker = new Worker(script, { workerData: data, transferList: [channel.port2] });
      // A thread that fails to start or dies claims nothing more; the main thread parses what is left.
      worker.on("error", () => undefined);
      // The process does not wait for idle threads (close() ends them anyway).
      worker.unref();
      return { worker, results: channel.port1 };
    });
  }

  get size(): number {
    return this.threads.length;
  }

  begin(chunks: readonly string[]): ChunkSession {
    const job = ++this.job;
    const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    const message: ChunkJob = { job, chunks, state, window: this.threads.length * 2 };
    for (const { worker } of this.threads) worker.postMessage(message);
    const ready = new Map<number, string | null>();
    const drain = (): void => {
      for (const { results } of this.threads) {
        for (let received = receiveMessageOnPort(results); received !== undefined; received = receiveMessageOnPort(results)) {
          const result = received.message as ChunkResult;
          // A result of an ended job (a thread that was still parsing when it ended) is dropped.
          if (result.job === job) ready.set(result.index, result.json);
        }
      }
    };
    return {
      take(index: number): RawStmt[] | undefined {
        Atomics.store(state, CONSUMED, index);
        Atomics.notify(state, CONSUMED);
        // Unclaimed: this thread parses it, at once.
        if (Atomics.compareExchange(state, NEXT, index, index + 1) === index) return undefined;
        const deadline = performance.now() + GIVE_UP_MS;
        for (;;) {
          const done = Atomics.load(state, DONE);
          drain();
          const json = ready.get(index);
          if (json !== undefined) {
            ready.delete(index);
            return json === null ? undefined : ((JSON.parse(json) as { stmts?: RawStmt[] }).stmts ?? []);
          }
          const left = deadline - performance.now();
          if (left <= 0) return undefined;
          // Wakes when any thread finishes a chunk (DONE moves).
          Atomics.wait(state, DONE, done, left);
        }
      },
      end(): void {
        Atomics.store(state, NEXT, chunks.length);
        Atomics.store(state, CONSUMED, chunks.length);
        Atomics.notify(state, CONSUMED);
        drain();
        ready.clear();
      },
    };
  }

  /** Ends the threads. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}
