import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSql, readSqlFileSync } from "../../src/cli/read.js";

describe("reading SQL files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "schemalint-read-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("drops a byte order mark, and only that", () => {
    expect(decodeSql(Buffer.from("\uFEFFCREATE TABLE é (id int);\n"))).toEqual({ ok: true, text: "CREATE TABLE é (id int);\n" });
    expect(decodeSql(Buffer.from("SELECT '\uFEFF';"))).toEqual({ ok: true, text: "SELECT '\uFEFF';" });
  });

  it("rejects what strict UTF-8 rejects: a surrogate, an overlong form, a truncated sequence, at their offsets", () => {
    const bad = (bytes: number[]): unknown => decodeSql(Buffer.from([...Buffer.from("SELECT 1;\nSELECT '"), ...bytes, 0x27, 0x3b]));
    // The offset is the first byte that makes the text invalid: 0xED may start a valid sequence, 0xED 0xA0 may not.
    expect(bad([0xed, 0xa0, 0x80])).toEqual({ ok: false, message: "File is not valid UTF-8 (byte 0xa0 at offset 19): save it as UTF-8 to lint it.", line: 2, column: 10 });
    expect(bad([0xc0, 0xaf])).toEqual({ ok: false, message: "File is not valid UTF-8 (byte 0xc0 at offset 18): save it as UTF-8 to lint it.", line: 2, column: 9 });
    // A truncated sequence is invalid at the byte that cannot continue it (the quote after it).
    expect(bad([0xe2, 0x82])).toEqual({ ok: false, message: "File is not valid UTF-8 (byte 0x27 at offset 20): save it as UTF-8 to lint it.", line: 2, column: 11 });
  });

  it("reads files of every size whole, including empty ones", async () => {
    for (const size of [0, 1, 65_535, 65_536, 300_001]) {
      const text = "x".repeat(size);
      const file = path.join(dir, `f${String(size)}.sql`);
      await writeFile(file, text);
      expect(readSqlFileSync(file)).toEqual({ ok: true, text });
    }
  });

  it("says why a path cannot be read, without throwing", () => {
    expect(readSqlFileSync(dir)).toEqual({ ok: false, message: "File cannot be read: it is a directory.", line: 1, column: 1 });
    expect(readSqlFileSync(path.join(dir, "missing.sql"))).toMatchObject({ ok: false, line: 1, column: 1 });
  });
});
