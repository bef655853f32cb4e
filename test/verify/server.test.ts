import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openServer } from "../../src/verify/server.js";
import { VerifyError } from "../../src/verify/database.js";
import { serverBinaries, startServer, type TestServer } from "../helpers/postgres-server.js";
import { verifyFiles } from "../helpers/verify.js";
import { BIN } from "../cli/run.js";
import { replayCases } from "./replay-cases.js";

const binaries = serverBinaries();
if ("reason" in binaries) console.warn(`test/verify/server.test.ts skipped: ${binaries.reason}`);

async function query(url: string, sql: string): Promise<unknown[][]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<unknown[]>({ text: sql, rowMode: "array" })).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf("reason" in binaries)("verify on a real PostgreSQL server", () => {
  let server: TestServer | undefined;
  const url = (): string => server?.url ?? "";

  beforeAll(async () => {
    if ("dir" in binaries) server = await startServer(binaries.dir);
  }, 60_000);
  afterAll(() => server?.stop());

  replayCases(() => ({ url: url() }));

  it("leaves no throw-away database behind, after success and after failure", async () => {
    await verifyFiles(["CREATE TABLE a (id int);\n"], { url: url() });
    await verifyFiles(["CREATE TABLE a (id int);\nCREATE TABLE a (id int);\n"], { url: url() });
    expect(await query(url(), "SELECT datname FROM pg_database WHERE datname LIKE 'schemalint_verify_%'")).toEqual([]);
  });

  it("drops the throw-away database when the run is interrupted (SIGINT) mid-replay", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "schemalint-sigint-"));
    try {
      mkdirSync(path.join(dir, "db"));
      writeFileSync(path.join(dir, "package.json"), "{}");
      writeFileSync(path.join(dir, "db", "001_slow.sql"), "SELECT pg_sleep(30);\n");
      const child = spawn(process.execPath, [BIN, "verify", "--database-url", url(), "db"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => { resolve(code); }));
      // Wait until the replay is inside the slow statement of its own database.
      for (let i = 0; i < 100; i++) {
        const busy = await query(url(), "SELECT count(*)::int FROM pg_stat_activity WHERE datname LIKE 'schemalint_verify_%' AND query LIKE '%pg_sleep%'");
        if (busy[0]?.[0] === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr).toContain("SIGINT: removing the replay database");
      expect(await query(url(), "SELECT datname FROM pg_database WHERE datname LIKE 'schemalint_verify_%'")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("drops the roles the migrations created with the throw-away database, and never sends CREATE DATABASE", async () => {
    const { messages } = await verifyFiles(["CREATE ROLE schemalint_test_reader NOLOGIN;\nCREATE DATABASE schemalint_test_other;\nCREATE TABLE t (id int);\nGRANT SELECT ON t TO schemalint_test_reader;\n"], { url: url() });
    expect(messages).toEqual([]);
    expect(await query(url(), "SELECT rolname FROM pg_roles WHERE rolname = 'schemalint_test_reader'")).toEqual([]);
    expect(await query(url(), "SELECT datname FROM pg_database WHERE datname = 'schemalint_test_other'")).toEqual([]);
  });

  it("reports an extension the server lacks with PostgreSQL's own message", async () => {
    const { messages } = await verifyFiles(["CREATE EXTENSION no_such_extension;\n"], { url: url() });
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", line: 1, column: 1 }]);
    expect(messages[0]?.message).toContain('extension "no_such_extension"');
  });

  it("refuses a URL naming an application database", async () => {
    await query(url(), "CREATE DATABASE app");
    const target = url().replace(/\/postgres$/u, "/app");
    await expect(openServer({ url: target, allowExistingDatabase: false })).rejects.toThrow(/names the database "app".*--allow-existing-database/su);
  });

  it("with --allow-existing-database, refuses a database holding tables and cleans up an empty one", async () => {
    await query(url(), "CREATE DATABASE busy");
    await query(url(), "CREATE DATABASE empty");
    const busy = url().replace(/\/postgres$/u, "/busy");
    const empty = url().replace(/\/postgres$/u, "/empty");
    await query(busy, "CREATE TABLE keep (id int)");
    await expect(openServer({ url: busy, allowExistingDatabase: true })).rejects.toThrow(VerifyError);
    expect(await query(busy, "SELECT count(*)::int FROM keep")).toEqual([[0]]);
    await query(empty, "CREATE FUNCTION kept() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    const db = await openServer({ url: empty, allowExistingDatabase: true });
    await db.exec("CREATE SCHEMA app; CREATE TABLE app.t (id int); CREATE TABLE public.u (id serial); CREATE TYPE e AS ENUM ('a')");
    await db.close();
    const left = await query(empty, "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'app') ORDER BY 1");
    expect(left).toEqual([]);
    expect(await query(empty, "SELECT proname FROM pg_proc WHERE proname = 'kept'")).toEqual([["kept"]]);
  });
});
