import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Extension, PGlite } from "@electric-sql/pglite";
import { serverErrorOf, VerifyError, type ReplayDatabase } from "./database.js";
import { BUILT_IN_EXTENSIONS, PGLITE_EXTENSIONS } from "./pglite-extensions.js";

export interface PgliteOptions {
  /** Extensions the history creates: their bundles are loaded at start. */
  readonly extensions: ReadonlySet<string>;
  /**
   * Where a freshly initialised data directory is kept (a tar of PGlite's `dumpDataDir`): `initdb`
   * costs about 2 s of a 3 s start, and loading the tar instead takes about 0.6 s. Undefined: no cache.
   */
  readonly cacheDir: string | undefined;
  /** Roles to create first (the history uses them but never creates them). */
  readonly roles: readonly string[];
  /** Called with what the start cost, for `--debug`. */
  readonly onTiming?: (what: string, ms: number) => void;
}

const PGLITE_VERSION = "0.5.14";

async function readCachedDataDir(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

/** Writes atomically: a crash or a parallel run never leaves a half-written tar behind. */
async function writeCachedDataDir(db: PGlite, file: string): Promise<void> {
  try {
    const blob = await db.dumpDataDir("none");
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${String(process.pid)}.tmp`;
    await writeFile(temp, Buffer.from(await blob.arrayBuffer()));
    await rename(temp, file);
  } catch {
    // A read-only or full disk only costs the next run its fast start.
  }
}

async function loadExtensions(names: ReadonlySet<string>): Promise<Record<string, Extension>> {
  const out: Record<string, Extension> = {};
  for (const name of names) {
    const load = PGLITE_EXTENSIONS.get(name);
    if (load !== undefined) out[name.replaceAll("-", "_")] = await load();
  }
  return out;
}

/** An embedded PostgreSQL 18 (PGlite, WASM, in-process): no server, no Docker, no setup. */
export async function openPglite(options: PgliteOptions): Promise<ReplayDatabase> {
  const started = performance.now();
  const { PGlite } = await import("@electric-sql/pglite");
  const extensions = await loadExtensions(options.extensions);
  options.onTiming?.("PGlite load", performance.now() - started);
  const cacheFile = options.cacheDir === undefined ? undefined : path.join(options.cacheDir, `pglite-${PGLITE_VERSION}-datadir.tar`);
  const cached = cacheFile === undefined ? undefined : await readCachedDataDir(cacheFile);
  const create = (loadDataDir: Blob | undefined): Promise<PGlite> =>
    PGlite.create({ extensions, relaxedDurability: true, ...(loadDataDir === undefined ? {} : { loadDataDir }) });
  let db: PGlite;
  const initStarted = performance.now();
  try {
    db = await create(cached);
  } catch (error) {
    if (cached === undefined || cacheFile === undefined) throw new VerifyError(`PGlite could not start: ${serverErrorOf(error).message}`);
    // A damaged or foreign cache entry: start from scratch and replace it.
    await rm(cacheFile, { force: true });
    db = await create(undefined);
  }
  options.onTiming?.(cached === undefined ? "PGlite initdb" : "PGlite start from cached data directory", performance.now() - initStarted);
  if (cached === undefined && cacheFile !== undefined) await writeCachedDataDir(db, cacheFile);
  const versionRows = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const serverVersion = versionRows.rows[0]?.v ?? "?";
  for (const role of options.roles) await db.exec(`CREATE ROLE "${role.replaceAll('"', '""')}" NOLOGIN`);
  let closed = false;
  return {
    description: `PostgreSQL ${serverVersion} (PGlite ${PGLITE_VERSION})`,
    createdRoles: options.roles,
    extensionAvailable: (name) => BUILT_IN_EXTENSIONS.has(name) || PGLITE_EXTENSIONS.has(name),
    async exec(sql) {
      await db.exec(sql);
    },
    async rows(sql) {
      const result = await db.query<unknown[]>(sql, [], { rowMode: "array" });
      return result.rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
