import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChunkParser, ChunkSession } from "../../src/parser/chunk-parser.js";
import { CHUNK_SIZE, initParser, parseSql, type ParsedFile } from "../../src/parser/parse.js";
import { ParsePool } from "../../src/parser/parse-pool.js";
import type { RawStmt } from "../../src/parser/pg-query.js";

/** The compiled worker (the global setup builds dist/): a worker thread cannot run TypeScript on Node 20. */
const WORKER = new URL("../../dist/parser/parse-worker.js", import.meta.url);

/** ~10 chunks of DDL with multi-byte text, psql meta-commands, a dollar-quoted body, CRLF lines. */
function largeSql(tables = 3000): string {
  const parts: string[] = ["\\set ON_ERROR_STOP on\n"];
  for (let i = 0; i < tables; i++) {
    parts.push(`-- Tâble ${String(i)} 日本 😀\r\nCREATE TABLE t${String(i)} (id bigint PRIMARY KEY, label text DEFAULT 'é;😀', price float);\r\n`);
    if (i % 700 === 0) parts.push(`CREATE FUNCTION f${String(i)}() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT ${String(i)}; $$;\r\n\\connect other\n`);
  }
  return parts.join("");
}

/** What a parse yields, as plain data: every statement (tag, range, tree) and every problem. */
function outcome(file: ParsedFile, streamed: unknown[]): unknown {
  return { statements: streamed, problems: file.problems, psql: file.psqlMetaCommands };
}

function parseWith(text: string, chunkParser: ChunkParser | undefined): unknown {
  const streamed: unknown[] = [];
  const file = parseSql(text, { chunkParser, onStatements: (statements) => streamed.push(...statements) });
  return outcome(file, streamed);
}

beforeAll(() => initParser());

describe("parseSql with a ChunkParser", () => {
  const sql = largeSql();

  it("asks for every chunk once, in order, then ends the session; parses here each chunk it gets no tree for", () => {
    const calls: string[] = [];
    let chunkCount = 0;
    let given: readonly string[] = [];
    const recording: ChunkParser = {
      begin(chunks): ChunkSession {
        chunkCount = chunks.length;
        given = chunks;
        calls.push(`begin ${String(chunks.length)}`);
        return {
          take(index): RawStmt[] | undefined {
            calls.push(`take ${String(index)}`);
            return undefined;
          },
          end() {
            calls.push("end");
          },
        };
      },
    };
    expect(parseWith(sql, recording)).toEqual(parseWith(sql, undefined));
    expect(chunkCount).toBeGreaterThan(4);
    expect(calls).toEqual([`begin ${String(chunkCount)}`, ...Array.from({ length: chunkCount }, (_, i) => `take ${String(i)}`), "end"]);
    // The chunks cover the text (psql lines blanked, same length) end to end, each cut just after a semicolon.
    expect(given.join("").length).toBe(sql.length);
    expect(given.slice(0, -1).every((chunk) => chunk.endsWith(";") && chunk.length >= CHUNK_SIZE)).toBe(true);
  });

  it("ends the session when the consumer throws", () => {
    let ended = 0;
    const counting: ChunkParser = { begin: () => ({ take: () => undefined, end: () => { ended++; } }) };
    expect(() =>
      parseSql(sql, {
        chunkParser: counting,
        onStatements: () => {
          throw new Error("stop");
        },
      }),
    ).toThrow("stop");
    expect(ended).toBe(1);
  });

  it("is not used for an input of one chunk", () => {
    let begun = 0;
    const counting: ChunkParser = { begin: () => (begun++, { take: () => undefined, end: () => undefined }) };
    parseSql("CREATE TABLE a (id int);", { chunkParser: counting });
    expect(CHUNK_SIZE).toBeGreaterThan(1000);
    expect(begun).toBe(0);
  });
});

describe("ParsePool (worker threads)", () => {
  let pool: ParsePool;
  let two: ParsePool;
  beforeAll(async () => {
    pool = new ParsePool(1, WORKER);
    two = new ParsePool(2, WORKER);
    // Let the threads compile their parsers, so that they take part (otherwise the main thread parses every chunk).
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });
  afterAll(async () => {
    await pool.close();
    await two.close();
  });

  it("gives exactly the statements, trees, ranges and problems of a parse on the main thread", () => {
    const sql = largeSql();
    const expected = parseWith(sql, undefined);
    expect(parseWith(sql, pool)).toEqual(expected);
    expect(parseWith(sql, two)).toEqual(expected);
  });

  it("takes part: the threads parse some of the chunks", () => {
    const sql = largeSql(6000);
    let fromThreads = 0;
    const counting: ChunkParser = {
      begin(chunks) {
        const session = two.begin(chunks);
        return {
          take(index) {
            const raws = session.take(index);
            if (raws !== undefined) fromThreads++;
            return raws;
          },
          end: () => {
            session.end();
          },
        };
      },
    };
    parseWith(sql, counting);
    expect(fromThreads).toBeGreaterThan(0);
  });

  it("reports syntax errors, NUL characters and too-deep statements in any chunk at the same positions", () => {
    const sql = largeSql(2000);
    const third = Math.floor(sql.length / 3);
    const cutAt = (text: string, at: number): number => text.indexOf(";\r\n", at) + 3;
    const a = cutAt(sql, third);
    const b = cutAt(sql, 2 * third);
    const broken = `${sql.slice(0, a)}CREATE TABLEE oops (id int);\r\n${sql.slice(a, b)}SELECT 'nul\u0000';\r\nCREATE TABLE d (x int DEFAULT ${"(".repeat(50_000)}1${")".repeat(50_000)});\r\n${sql.slice(b)}CREATE TABLE after_all (id int);\r\n`;
    const expected = parseWith(broken, undefined) as { problems: unknown[] };
    expect(expected.problems).toHaveLength(3);
    expect(parseWith(broken, two)).toEqual(expected);
  });

  it("gives the same results when consumers stop early and the next parse starts", () => {
    const sql = largeSql();
    let seen = 0;
    expect(() =>
      parseSql(sql, {
        chunkParser: two,
        onStatements: () => {
          if (++seen === 2) throw new Error("stop");
        },
      }),
    ).toThrow("stop");
    // The threads may still post results of the ended job: they must not be taken for this one's.
    expect(parseWith(`${sql}CREATE TABLE z (id int);\r\n`, two)).toEqual(parseWith(`${sql}CREATE TABLE z (id int);\r\n`, undefined));
  });

  it("parses everything on the main thread when its threads cannot start", async () => {
    const broken = new ParsePool(1, new URL("./no-such-worker.js", WORKER));
    try {
      const sql = largeSql(1000);
      expect(parseWith(sql, broken)).toEqual(parseWith(sql, undefined));
    } finally {
      await broken.close();
    }
  });
});
