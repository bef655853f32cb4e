import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { GMRC_NAMES, gmrcMigrationsDir, isGmrc } from "../migrations/gmrc.js";
import type { SourceFile } from "../migrations/types.js";

/**
 * graphile-migrate's configuration lives in the directory it is run from, usually the parent of its
 * migrations folder (`migrationsFolder` defaults to `./migrations`), so a linted migrations folder rarely
 * contains it. For each history directory without one among the files, this looks in the directory and
 * upward (stopping after the repository's root, the directory holding `.git`) for the first `.gmrc`,
 * `.gmrc.js` or `.gmrc.cjs` of a directory (graphile-migrate's order) whose migrations folder is that
 * history (or its parent, for a history read as `committed/` or `current/` alone). Each directory is read
 * once per run.
 */
export class GmrcFinder {
  private readonly cache = new Map<string, Promise<SourceFile | undefined>>();

  async findAll(dirs: readonly string[], sources: readonly SourceFile[]): Promise<SourceFile[]> {
    const known = new Set(sources.filter((f) => isGmrc(f.path)).map((f) => gmrcMigrationsDir(f)));
    const found = new Map<string, SourceFile>();
    for (const dir of dirs) {
      const folder = ["committed", "current"].includes(path.basename(dir)) ? path.dirname(dir) : dir;
      if (known.has(folder)) continue;
      for (let at = dir; ; at = path.dirname(at)) {
        const file = await this.read(at);
        if (file !== undefined && gmrcMigrationsDir(file) === folder) {
          found.set(file.path, file);
          break;
        }
        const parent = path.dirname(at);
        if (parent === at || (await stat(path.join(at, ".git")).catch(() => undefined)) !== undefined) break;
      }
    }
    return [...found.values()];
  }

  private read(dir: string): Promise<SourceFile | undefined> {
    const cached = this.cache.get(dir);
    if (cached !== undefined) return cached;
    const read = (async () => {
      for (const name of GMRC_NAMES) {
        const file = path.join(dir, name);
        const text = await readFile(file, "utf8").catch(() => undefined);
        if (text !== undefined) return { path: file, text };
      }
      return undefined;
    })();
    this.cache.set(dir, read);
    return read;
  }
}
