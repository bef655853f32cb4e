import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LintResult } from "../lint-result.js";
import type { ChunkParser } from "../parser/chunk-parser.js";
import { filesByHistory, lint, type LintFile, type LintRun, type LintSettings } from "../rules/engine.js";

/**
 * `--cache`: the results of each history (a migration directory, a dump) are kept under a hash of
 * everything they depend on — every file of the history with its text, role, transaction, layout and
 * report flags, the rules with their severities and options, the settings and schemalint's version.
 * A history whose hash matches is not parsed, folded or checked again. A history that gained migrations
 * at its end resumes from a checkpoint of the engine taken after the last run's last migration
 * (src/rules/engine-checkpoint.ts); any other change (an edited or inserted migration, a config change)
 * lints that history in full. Histories are independent (each is folded into a schema of its own, with
 * its own rule instances), and a resumed history runs the same code on the same state as a cold one, so
 * warm results equal cold ones; test/cli/cache.test.ts and test/rules/checkpoint.test.ts check it on
 * every fixture and on random edits.
 */

const FORMAT = 8;

/**
 * What the cache file keeps of a history: hashes only. Its results and its checkpoint are files of their
 * own next to it ({@link historyFileOf}), each read only when it is needed: the results when nothing
 * changed, the checkpoint when the history gained migrations.
 */
interface CacheEntry {
  /** Of the settings and every file of the history: equal means the results can be reused as they are. */
  readonly hash: string;
  /** Of the settings alone, and of each file in order: a new run whose files start with these resumes from the checkpoint. */
  readonly settings: string;
  readonly files: readonly string[];
  /** The checkpoint file's tag (the `hash` of the run that took it) and how many of `files` it covers. */
  readonly checkpoint?: { readonly tag: string; readonly files: number };
  /** The directory of the history's first file: once it is gone, so is the entry ({@link prune}). */
  readonly dir: string;
}

/**
 * A run that resumed writes a new checkpoint only once the files linted after the old one reach this
 * share of the history: serialising the whole state again costs more than relinting a few migrations
 * (on 2,000 small files, writing it is about 45 ms; the one migration a commit adds, a few ms).
 */
const CHECKPOINT_REFRESH = 0.1;

interface CacheFile {
  readonly format: number;
  readonly version: string;
  readonly entries: Record<string, CacheEntry>;
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

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function settingsHash(settings: LintSettings, version: string): string {
  return sha256(
    JSON.stringify({
      version,
      rules: settings.rules.map((r) => [r.rule.meta.id, r.severity, r.options]),
      postgresVersion: settings.postgresVersion,
      unused: settings.reportUnusedDisableDirectives ?? null,
      lintDown: settings.lintDown ?? false,
      known: [...settings.knownRuleIds].sort(),
    }),
  );
}

/** A file's text, role, transaction, layout, report flags and everything else the lint reads of it. */
function fileHash(file: LintFile): string {
  const { text, fileText, ...meta } = file;
  return createHash("sha256").update(JSON.stringify(meta)).update("\u0000").update(text).update("\u0000").update(fileText ?? "").digest("base64url");
}

function historyHash(settings: string, files: readonly string[]): string {
  return sha256(`${settings}\u0000${files.join(",")}`);
}

/** The results or the checkpoint of a history, next to the cache file. */
function historyFileOf(cacheFile: string, history: string, kind: "results" | "checkpoint"): string {
  return `${cacheFile}.${sha256(history).slice(0, 16)}.${kind}`;
}

/** Whether `now` starts with `before`. */
function isPrefix(before: readonly string[], now: readonly string[]): boolean {
  return before.length > 0 && before.length <= now.length && before.every((hash, i) => now[i] === hash);
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
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${String(process.pid)}.tmp`;
    await writeFile(temp, data);
    await rename(temp, file);
  } catch {
    // See above.
  }
}

/**
 * A history's results and checkpoint files start with the hash of the history they were taken of (the
 * cache entry's `hash`): two runs writing at once may leave the cache file of one and the results of the
 * other, and such a file is then not used.
 */
async function readTagged(file: string, hash: string): Promise<Buffer | undefined> {
  try {
    const bytes = await readFile(file);
    return bytes.subarray(0, hash.length).toString("latin1") === hash ? bytes.subarray(hash.length) : undefined;
  } catch {
    return undefined;
  }
}

function writeTagged(file: string, hash: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(file, Buffer.concat([Buffer.from(hash, "latin1"), typeof data === "string" ? Buffer.from(data) : data]));
}

async function readResults(file: string, hash: string): Promise<LintResult[] | undefined> {
  const bytes = await readTagged(file, hash);
  try {
    return bytes === undefined ? undefined : (JSON.parse(bytes.toString("utf8")) as LintResult[]);
  } catch {
    return undefined;
  }
}

export interface CachedLint {
  readonly results: LintResult[];
  readonly stats: LintRun["stats"];
  /** Histories whose results came from the cache, and all histories. */
  readonly reused: number;
  readonly total: number;
  /** Histories that gained migrations and were linted from a checkpoint of the ones before, and how many files that skipped. */
  readonly resumed: number;
  readonly resumedFiles: number;
}

function merge(into: LintRun["stats"], run: LintRun["stats"]): LintRun["stats"] {
  const skipped = new Map(into.skipped);
  for (const [tag, n] of run.skipped) skipped.set(tag, (skipped.get(tag) ?? 0) + n);
  return { applied: into.applied + run.applied, skipped, statements: into.statements + run.statements, files: into.files + run.files };
}

/**
 * Lints history by history. With a cache file, a history whose files and settings are unchanged reuses
 * its results; a history that only gained migrations at its end (migration histories are append-only)
 * resumes from the checkpoint the last run took after its last migration, so only the new migrations are
 * parsed, folded and checked before the final-schema hooks run on the whole schema; any other change
 * lints the history in full. `prepareParser` is awaited only for a history that has to be linted; the
 * chunk parser it may return (a thread pool for large inputs) does not change results, so it is not part
 * of the hash.
 */
export async function lintHistories(
  files: readonly LintFile[],
  settings: LintSettings,
  options: { readonly cacheFile: string | undefined; readonly version: string; readonly prepareParser: (files: readonly LintFile[]) => Promise<ChunkParser | undefined> },
): Promise<CachedLint> {
  const { cacheFile } = options;
  const groups = filesByHistory(files);
  const key = settingsHash(settings, options.version);
  const cache = cacheFile === undefined ? undefined : await readCache(cacheFile, options.version);
  const entries: CacheFile["entries"] = { ...cache?.entries };
  const results: LintResult[] = [];
  const writes: Promise<void>[] = [];
  let stats: LintRun["stats"] = { applied: 0, skipped: new Map(), statements: 0, files: 0 };
  let reused = 0;
  let resumed = 0;
  let resumedFiles = 0;
  for (const [history, group] of groups) {
    if (cacheFile === undefined) {
      const run = lint(group, await withParser(settings, options.prepareParser(group)));
      results.push(...run.results);
      stats = merge(stats, run.stats);
      continue;
    }
    const fileHashes = group.map(fileHash);
    const hash = historyHash(key, fileHashes);
    const hit = entries[history];
    const resultsFile = historyFileOf(cacheFile, history, "results");
    const cached = hit?.hash === hash ? await readResults(resultsFile, hash) : undefined;
    if (cached !== undefined) {
      results.push(...cached);
      reused++;
      continue;
    }
    // Gained migrations (or lost its results file): resume after the ones the checkpoint covers.
    const checkpointFile = historyFileOf(cacheFile, history, "checkpoint");
    const saved = hit?.settings === key ? hit.checkpoint : undefined;
    const resume = saved !== undefined && isPrefix(hit?.files.slice(0, saved.files) ?? [], fileHashes) ? await readTagged(checkpointFile, saved.tag) : undefined;
    const rest = resume === undefined || saved === undefined ? group : group.slice(saved.files);
    // A history of one migration (a schema dump, mostly) has no prefix to resume after: no checkpoint.
    const checkpoint = new Set(group.map((f) => f.migration)).size > 1 && rest.length >= Math.max(1, Math.ceil(group.length * CHECKPOINT_REFRESH));
    const run = lint(group, await withParser(settings, options.prepareParser(rest)), { resume, checkpoint });
    results.push(...run.results);
    stats = merge(stats, run.stats);
    if (run.resumedFiles > 0) {
      resumed++;
      resumedFiles += run.resumedFiles;
    }
    // The old checkpoint stays valid while the files it covers do, which a resumed run has just shown.
    const kept = run.checkpoint !== undefined ? { tag: hash, files: group.length } : run.resumedFiles > 0 ? saved : undefined;
    entries[history] = { hash, settings: key, files: fileHashes, dir: path.dirname(group[0]?.path ?? cacheFile), ...(kept === undefined ? {} : { checkpoint: kept }) };
    writes.push(writeTagged(resultsFile, hash, JSON.stringify(run.results)));
    if (run.checkpoint !== undefined) writes.push(writeTagged(checkpointFile, hash, run.checkpoint));
  }
  await Promise.all(writes);
  if (cacheFile !== undefined && reused < groups.size) {
    await prune(cacheFile, entries);
    await writeAtomically(cacheFile, JSON.stringify({ format: FORMAT, version: options.version, entries } satisfies CacheFile));
  }
  return { results, stats, reused, total: groups.size, resumed, resumedFiles };
}

const HISTORY_FILE = /^[0-9a-f]{16}\.(?:results|checkpoint)$/u;

/**
 * Whenever the cache file is written: forgets the histories whose directory is gone and removes the
 * results and checkpoints no entry names, so a renamed or deleted migration folder, or a history that no
 * longer takes checkpoints, leaves nothing behind. Entries of histories this run did not lint stay (two
 * projects may share a cache). A file another run wrote a moment ago may go too; that run's next read
 * then misses and lints again, which costs time, never results.
 */
async function prune(cacheFile: string, entries: Record<string, CacheEntry>): Promise<void> {
  const kept = new Set<string>();
  for (const [history, entry] of Object.entries(entries)) {
    if (!existsSync(entry.dir)) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the entries are a record keyed by history
      delete entries[history];
      continue;
    }
    kept.add(path.basename(historyFileOf(cacheFile, history, "results")));
    if (entry.checkpoint !== undefined) kept.add(path.basename(historyFileOf(cacheFile, history, "checkpoint")));
  }
  const dir = path.dirname(cacheFile);
  const prefix = `${path.basename(cacheFile)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const stale = names.filter((name) => name.startsWith(prefix) && HISTORY_FILE.test(name.slice(prefix.length)) && !kept.has(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true }).catch(() => undefined)));
}

async function withParser(settings: LintSettings, parser: Promise<ChunkParser | undefined>): Promise<LintSettings> {
  const chunkParser = await parser;
  return chunkParser === undefined ? settings : { ...settings, chunkParser };
}
