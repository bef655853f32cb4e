import path from "node:path/posix";
import { z } from "zod";
import { detectLayout, PG_DUMP_HEADER } from "./detect.js";
import { basename, compareStrings, compareVersions, isSql, part, segments } from "./text.js";
import type { LayoutProblem, Migration, SourceFile } from "./types.js";

/**
 * Schema tools that keep each version in a folder of plain SQL files, applied folder by folder in
 * version order: temporal's `temporal-sql-tool update-schema` reads
 * `schema/postgresql/v12/temporal/versioned/v1.0/schema.sql`, `v1.1/…`, each folder with a
 * `manifest.json` naming its files in run order (`SchemaUpdateCqlFiles`).
 */

/** A folder named like a version: `v1.0`, `1.2`, `v2`. */
export const VERSION_FOLDER = /^v?\d+(?:\.\d+)*$/u;

/** The schema tool's description of one version folder (temporal's `manifest.json`). */
export const MANIFEST = "manifest.json";

/**
 * A whole current schema kept beside the version folders, applied only to a new database: memos
 * (`store/migration/postgres/LATEST.sql`; store/migrator.go runs it on a fresh install and otherwise every
 * `{version}/*.sql` above the database's version, https://github.com/usememos/memos/blob/main/store/migrator.go)
 * and bytebase (`backend/migrator/migration/LATEST.sql`, which getSortedVersionedFiles skips,
 * https://github.com/bytebase/bytebase/blob/main/backend/migrator/migrator.go). It is no step of the
 * folders' history: planned as a `standalone` migration, linted on its own like a dump.
 */
export const SNAPSHOT = "LATEST.sql";

/**
 * Whether `name`, the only SQL file of the parent of version folders, is such a whole schema: LATEST.sql,
 * or another name without a version (openreplay's `scripts/schema/db/init_dbs/postgresql/init_schema.sql`,
 * which its installer runs on a new database while an upgrade runs the `{version}/{version}.sql` folders
 * above the installed version, https://github.com/openreplay/openreplay/tree/main/scripts/schema/db).
 * A numbered file or an `.up.sql`/`.down.sql` one is a step, so the parent stays a history of its own.
 */
export function isSnapshotName(name: string): boolean {
  return name === SNAPSHOT || (isSql(name) && !/^\d/u.test(name) && !/\.(?:up|down)\.sql$/u.test(name));
}

/**
 * A major-version folder of HashiCorp Boundary's migrations (`internal/db/schema/migrations/oss/postgres/{major}/{minor}_{name}.up.sql`):
 * its edition reads every `.up.sql` below, as version major × 1000 + minor, and runs them in that order
 * in one transaction; there are no down files
 * (https://github.com/hashicorp/boundary/blob/main/internal/db/schema/internal/edition/edition.go).
 * The files look like golang-migrate's, which never reads subfolders, so only a folder named by a bare
 * number holding nothing but numbered up files counts.
 */
const MINOR_UP = /^\d+_.*\.up\.sql$/u;

/** `v1.10` → `1.10`. */
function folderVersion(folder: string): string {
  return folder.replace(/^v/u, "");
}

/**
 * Version folders to plan as one history, by parent: a later folder sees the tables an earlier one
 * created. Only when it is clearly such a tree:
 * - at least two sibling folders named like a version, and no files of the parent's own (the parent is
 *   not a history already) except one whole schema ({@link isSnapshotName}), which is no step of the history;
 * - each folder holds plain SQL files (and maybe a `manifest.json`), or Boundary's numbered up files
 *   ({@link MINOR_UP}), not another tool's history (a folder of golang-migrate files with downs per
 *   API version stays on its own) nor pg_dump output;
 * - no SQL file name is in every folder: `v12/schema.sql` and `v13/schema.sql` are variants of one
 *   schema (one per server version, say), not steps of one history.
 */
export function versionFolderGroups(groups: ReadonlyMap<string, readonly SourceFile[]>): Map<string, string[]> {
  const byParent = new Map<string, string[]>();
  for (const [dir, files] of groups) {
    if (!VERSION_FOLDER.test(path.basename(dir)) || !files.every((f) => path.dirname(f.path) === dir)) continue;
    const sql = files.filter((f) => isSql(f.path));
    const layout = detectLayout(files);
    const plain = layout === "plain" || (layout === "dump" && sql.length === 1 && !PG_DUMP_HEADER.test(sql[0]?.text ?? ""));
    const major = layout === "golang-migrate" && /^\d+$/u.test(path.basename(dir)) && sql.every((f) => MINOR_UP.test(path.basename(f.path)));
    if (sql.length === 0 || !(plain || major)) continue;
    const parent = path.dirname(dir);
    byParent.set(parent, [...(byParent.get(parent) ?? []), dir]);
  }
  for (const [parent, folders] of byParent) {
    const names = folders.map((dir) => new Set((groups.get(dir) ?? []).filter((f) => isSql(f.path)).map((f) => path.basename(f.path))));
    const shared = [...(names[0] ?? [])].filter((name) => names.every((set) => set.has(name)));
    const own = groups.get(parent) ?? [];
    const snapshot = own.length === 1 && isSnapshotName(path.basename(own[0]?.path ?? ""));
    if (folders.length < 2 || (own.length > 0 && !snapshot) || shared.length > 0) byParent.delete(parent);
  }
  return byParent;
}

const manifestSchema = z.object({
  SchemaUpdateCqlFiles: z.array(z.string()).optional(),
  AllowNoCqlFiles: z.boolean().optional(),
});

/** 1-based line of the first occurrence of `needle` in `text`, or 1. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 1 : text.slice(0, at).split(/\r\n|\r|\n/u).length;
}

/**
 * The version folders `{root}/{folder}/*.sql`, a migration each in numeric-aware version order (`v1.10`
 * after `v1.9`). A folder's files run in the order its `manifest.json` lists them; an SQL file it does
 * not list is never run (a problem, or left out on purpose when the manifest says `AllowNoCqlFiles`).
 * Without a manifest, every file runs, in numeric-aware name order. Each statement on its own: no
 * transaction.
 */
export function planVersionFolders(root: string, folders: ReadonlyMap<string, readonly SourceFile[]>, all: readonly SourceFile[]) {
  const migrations: Migration[] = [];
  const problems: LayoutProblem[] = [];
  const ignored: string[] = [];
  const versions = [...folders.keys()].sort((a, b) => compareVersions(folderVersion(a), folderVersion(b)) || compareStrings(a, b));
  for (const folder of versions) {
    const files = [...(folders.get(folder) ?? [])].sort((a, b) => compareVersions(basename(a.path), basename(b.path)) || compareStrings(a.path, b.path));
    const manifestPath = `${root}/${folder}/${MANIFEST}`;
    const manifest = all.find((f) => f.path === manifestPath);
    let run = files;
    if (manifest !== undefined) {
      const listed = readManifest(manifest, problems);
      if (listed !== undefined) {
        const byName = new Map(files.map((f) => [basename(f.path), f]));
        run = listed.files.flatMap((name) => {
          const file = byName.get(name);
          if (file === undefined) problems.push({ file: manifest.path, line: lineOf(manifest.text, `"${name}"`), message: `lists ${name}, which is not in ${folder}/` });
          return file === undefined ? [] : [file];
        });
        for (const file of files.filter((f) => !listed.files.includes(basename(f.path)))) {
          if (listed.allowNone && listed.files.length === 0) ignored.push(file.path);
          else problems.push({ file: file.path, line: 1, message: `${folder}/${MANIFEST} does not list it in SchemaUpdateCqlFiles; the schema tool never runs it` });
        }
      }
    }
    if (run.length === 0) continue;
    migrations.push({
      id: `plain:${root}:${folder}`,
      version: folderVersion(folder),
      name: folder,
      layout: "plain",
      up: run.map((file) => part(file, "up", "none")),
      down: [],
      verify: [],
      repeatable: false,
    });
  }
  return { migrations, problems, ignored };
}

/** The files a manifest lists, or undefined (with a problem) when it cannot be read. */
function readManifest(manifest: SourceFile, problems: LayoutProblem[]): { files: readonly string[]; allowNone: boolean } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(manifest.text);
  } catch (error) {
    problems.push({ file: manifest.path, line: 1, message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); every SQL file of the folder is read, in name order` });
    return undefined;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    problems.push({ file: manifest.path, line: 1, message: "SchemaUpdateCqlFiles is not a list of file names; every SQL file of the folder is read, in name order" });
    return undefined;
  }
  return { files: parsed.data.SchemaUpdateCqlFiles ?? [], allowNone: parsed.data.AllowNoCqlFiles === true };
}

/** The version folder a file of a plain plan sits in directly (`{root}/v1.2/x.sql` → `v1.2`), if any. */
export function versionFolderOf(root: string, file: string): string | undefined {
  const [folder, name, ...rest] = segments(root, file);
  return name !== undefined && rest.length === 0 && folder !== undefined && VERSION_FOLDER.test(folder) ? folder : undefined;
}
