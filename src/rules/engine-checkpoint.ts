import v8 from "node:v8";
import type { ParsedFile } from "../parser/parse.js";
import { SourceText } from "../parser/source-text.js";
import type { CatalogData } from "../schema/catalog.js";
import type { FoldStatistics } from "../schema/fold.js";
import type { Finding, ParsedPart } from "./engine-results.js";
import type { FileInfo, MigrationSummary } from "./rule.js";

/** Bumped whenever what a checkpoint holds changes; a checkpoint of another format is not used. */
const FORMAT = 7;

/** What the results need of a parsed part once its statements are folded: no syntax trees, no text. */
export interface SavedPart extends Pick<ParsedFile, "problems" | "comments" | "psqlMetaCommands" | "copyBlocks"> {
  readonly key: string;
  readonly path: string;
  readonly report: boolean;
}

/**
 * The state of one history after its last migration, before the final-schema hooks: what `--cache` keeps
 * so that a history that gains migrations resumes after the ones it already linted. Everything a later
 * migration or a final-schema hook can read is here — the schema, the files and migrations so far (for
 * `Files:exit`), the findings of the statement and migration hooks, what the results need of each part
 * (parse problems, comments for inline directives) and each rule's `context.state`. The file texts are
 * not: the caller hands the same files again, and the cache checks that they are unchanged.
 */
export interface HistoryCheckpoint {
  readonly format: number;
  /** The keys of the parts it covers, in file order: the first `keys.length` files of the history. */
  readonly keys: readonly string[];
  readonly catalog: CatalogData;
  readonly infos: readonly FileInfo[];
  readonly summaries: readonly MigrationSummary[];
  readonly findings: readonly Finding[];
  readonly parts: readonly SavedPart[];
  readonly stats: FoldStatistics & { readonly statements: number };
  /** `context.state` of the rules that keep state, by rule id. */
  readonly states: readonly (readonly [string, object])[];
}

/**
 * One `v8.serialize` for the whole checkpoint, so values shared between the schema, the rules' state and
 * the findings (origins, mostly) stay shared after a restore.
 */
export function encodeCheckpoint(checkpoint: Omit<HistoryCheckpoint, "format">): Uint8Array {
  return v8.serialize({ format: FORMAT, ...checkpoint });
}

/** The checkpoint in `bytes`, or undefined when they are damaged or of another format (the history is then linted in full). */
export function decodeCheckpoint(bytes: Uint8Array): HistoryCheckpoint | undefined {
  try {
    const value = v8.deserialize(bytes) as Partial<HistoryCheckpoint> | null;
    if (value?.format !== FORMAT || !Array.isArray(value.keys) || !Array.isArray(value.parts) || !Array.isArray(value.states)) return undefined;
    return value as HistoryCheckpoint;
  } catch {
    return undefined;
  }
}

/**
 * The checkpoint in `bytes` when it fits files of these migrations (in run order): it covers a whole
 * number of migrations at their start. Whether its files are these is checked on restore, by their keys.
 */
export function fittingCheckpoint(bytes: Uint8Array | undefined, migrations: readonly string[]): HistoryCheckpoint | undefined {
  const checkpoint = bytes === undefined ? undefined : decodeCheckpoint(bytes);
  const n = checkpoint?.keys.length ?? 0;
  if (n === 0 || n > migrations.length || (n < migrations.length && migrations[n] === migrations[n - 1])) return undefined;
  return checkpoint;
}

export function savedPart({ key, path, report, parsed }: ParsedPart): SavedPart {
  return { key, path, report, problems: parsed.problems, comments: parsed.comments, psqlMetaCommands: parsed.psqlMetaCommands, copyBlocks: parsed.copyBlocks };
}

/** A saved part with its source again: `text` is the part's SQL, `fileText` the whole file when the part is a section. */
export function restoredPart(part: SavedPart, text: string, fileText: string | undefined): ParsedPart {
  const { key, path, report, problems, comments, psqlMetaCommands, copyBlocks } = part;
  return { key, path, report, fileText, parsed: { source: new SourceText(text), statements: [], problems, comments, psqlMetaCommands, copyBlocks } };
}
