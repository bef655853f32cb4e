import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LintResult } from "../lint-result.js";
import type { ChunkParser } from "../parser/chunk-parser.js";
import { filesByHistory, lint, type LintFile, type LintRun, type LintSettings } from "../rules/engine.js";

/**
 * `--cache`: the results of each history (a migration directory, a dump) are kept under a hash of
 * everything they depend on — every file of the history with its text, role, transaction, layout and
 * report flags, the rules with their severities and options, the settings and schemalint's version.
 * A history whose hash matches is not parsed, folded or checked again; any change in it (a new
 * migration, an edited one, a config change) lints that history in full. Histories are independent
 * (each is folded into a schema of its own, with its own rule instances), so warm results equal cold
 * ones by construction; test/cli/cache.test.ts checks it on every fixture and on random edits.
 */

const FORMAT = 1;

interface CacheFile {
  readonly format: number;
  readonly version: string;
  readonly entries: Record<string, { readonly hash: string; readonly results: LintResult[] }>;
}

/** ESLint's convention for caches: node_modules/.cache/<tool> of the project, else the system's temp directory. */
export function cacheDirectory(cwd: string): string {
  const modules = path.join(cwd, "node_modules");
  return existsSync(modules) ? path.join(modules, ".cache", "schemalint") : path.join(os.tmpdir(), "schemalint-cache");
}

/** `--cache-location`: a file, or a directory (existing, or written with a trailing slash) to hold `lint-cache.json`. */
export function cacheFileOf(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cacheDirectory(cwd), "lint-cache.json");
  const resolved = path.resolve(cwd, location);
  const isDirectory = /[\\/]$/u.test(location) || (existsSync(resolved) && statSync(resolved).isDirectory());
  return isDirectory ? path.join(resolved, "lint-cache.json") : resolved;
}

function settingsKey(settings: LintSettings, version: string): string {
  return JSON.stringify({
    version,
    rules: settings.rules.map((r) => [r.rule.meta.id, r.severity, r.options]),
    postgresVersion: settings.postgresVersion,
    unused: settings.reportUnusedDisableDirectives ?? null,
    lintDown: settings.lintDown ?? false,
    known: [...settings.knownRuleIds].sort(),
  });
}

function historyHash(files: readonly LintFile[], settings: string): string {
  const hash = createHash("sha256").update(settings);
  for (const f of files) {
    const { text, fileText, ...meta } = f;
    hash.update("\u0000").update(JSON.stringify(meta)).update("\u0000").update(text).update("\u0000").update(fileText ?? "");
  }
  return hash.digest("hex");
}

async function readCache(file: string, version: string): Promise<CacheFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<CacheFile>;
    if (parsed.format !== FORMAT || parsed.version !== version || typeof parsed.entries !== "object") return undefined;
    return parsed as CacheFile;
  } catch {
    // Missing or damaged: lint everything and write a new one.
    return undefined;
  }
}

/** Writes atomically, so a parallel run never reads half a file. A read-only disk only costs speed. */
async function writeCache(file: string, cache: CacheFile): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${String(process.pid)}.tmp`;
    await writeFile(temp, JSON.stringify(cache));
    await rename(temp, file);
  } catch {
    // See above.
  }
}

export interface CachedLint {
  readonly results: LintResult[];
  readonly stats: LintRun["stats"];
  /** Histories whose results came from the cache, and all histories. */
  readonly reused: number;
  readonly total: number;
}

function merge(into: LintRun["stats"], run: LintRun["stats"]): LintRun["stats"] {
  const skipped = new Map(into.skipped);
  for (const [tag, n] of run.skipped) skipped.set(tag, (skipped.get(tag) ?? 0) + n);
  return { applied: into.applied + run.applied, skipped, statements: into.statements + run.statements, files: into.files + run.files };
}

/**
 * Lints history by history; with a cache file, reuses the results of unchanged histories and stores
 * the new ones. `prepareParser` is awaited only for a history that has to be linted; the chunk parser it
 * may return (a thread pool for large inputs) does not change results, so it is not part of the hash.
 */
export async function lintHistories(
  files: readonly LintFile[],
  settings: LintSettings,
  options: { readonly cacheFile: string | undefined; readonly version: string; readonly prepareParser: (files: readonly LintFile[]) => Promise<ChunkParser | undefined> },
): Promise<CachedLint> {
  const groups = filesByHistory(files);
  const key = settingsKey(settings, options.version);
  const cache = options.cacheFile === undefined ? undefined : await readCache(options.cacheFile, options.version);
  const entries: CacheFile["entries"] = { ...cache?.entries };
  const results: LintResult[] = [];
  let stats: LintRun["stats"] = { applied: 0, skipped: new Map(), statements: 0, files: 0 };
  let reused = 0;
  for (const [history, group] of groups) {
    const hash = options.cacheFile === undefined ? "" : historyHash(group, key);
    const hit = entries[history];
    if (hit?.hash === hash && options.cacheFile !== undefined) {
      results.push(...hit.results);
      reused++;
      continue;
    }
    const chunkParser = await options.prepareParser(group);
    const run = lint(group, chunkParser === undefined ? settings : { ...settings, chunkParser });
    results.push(...run.results);
    stats = merge(stats, run.stats);
    if (options.cacheFile !== undefined) entries[history] = { hash, results: run.results };
  }
  if (options.cacheFile !== undefined && reused < groups.size) await writeCache(options.cacheFile, { format: FORMAT, version: options.version, entries });
  return { results, stats, reused, total: groups.size };
}
