import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_CHARS, ParserThreads } from "../../src/cli/parser-threads.js";
import type { LintFile } from "../../src/rules/engine.js";

const file = (text: string): LintFile => ({ path: "/db/structure.sql", text, migration: "/db/structure.sql", role: "other", report: true });

describe("ParserThreads", () => {
  it("starts threads once, for the first history with an input of PARALLEL_MIN_CHARS or more, and ends them", async () => {
    const threads = new ParserThreads(3);
    expect(await threads.prepare([file("CREATE TABLE a (id int);")])).toBeUndefined();
    expect(await threads.started()).toBe(0);
    const big = [file("x".repeat(PARALLEL_MIN_CHARS))];
    const pool = await threads.prepare(big);
    expect(pool).toBeDefined();
    expect(await threads.prepare(big)).toBe(pool);
    expect(await threads.started()).toBe(2);
    await threads.close();
  });

  it("starts none with one thread", async () => {
    const threads = new ParserThreads(1);
    expect(await threads.prepare([file("x".repeat(PARALLEL_MIN_CHARS))])).toBeUndefined();
    expect(await threads.started()).toBe(0);
    await threads.close();
  });
});
