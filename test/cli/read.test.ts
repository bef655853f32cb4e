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

  it("names UTF-16 text (a byte order mark, or ASCII with NULs between) instead of calling it binary", () => {
    const sql = "CREATE TABLE t (id int);\r\n";
    const message = (encoding: string) => `File is ${encoding} text, not UTF-8: psql and the migration tools read SQL files as UTF-8 and fail on it, so it was not linted; save it as UTF-8.`;
    const le = Buffer.from(sql, "utf16le");
    const be = Buffer.from(le).swap16();
    expect(decodeSql(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ ok: false, message: message("UTF-16LE"), line: 1, column: 1 });
    expect(decodeSql(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: false, message: message("UTF-16BE"), line: 1, column: 1 });
    expect(decodeSql(le)).toEqual({ ok: false, message: message("UTF-16LE"), line: 1, column: 1 });
    expect(decodeSql(be)).toEqual({ ok: false, message: message("UTF-16BE"), line: 1, column: 1 });
    // NULs elsewhere are binary data; one character is too little to tell.
    expect(decodeSql(Buffer.from([0x53, 0x00, 0x00, 0x00, 0x45, 0x00]))).toMatchObject({ ok: false, message: "File is binary (it contains NUL bytes), not SQL text: it was not linted." });
    expect(decodeSql(Buffer.from([0x53, 0x00]))).toMatchObject({ ok: false, message: "File is binary (it contains NUL bytes), not SQL text: it was not linted." });
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
