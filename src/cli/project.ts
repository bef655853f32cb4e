import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isCargoWorkspace, parseCargoManifest, parseGoMod } from "../migrations/project.js";
import type { ProjectManifest } from "../migrations/types.js";

/** The manifests looked for, in this order within one directory, with their (pure) readers. */
const MANIFESTS: readonly { readonly name: ProjectManifest["manifest"]; readonly parse: (text: string, file: string) => Promise<ProjectManifest> }[] = [
  {
    name: "Cargo.toml",
    // A workspace root's Cargo.lock names the packages its members depend on.
    parse: async (text, file) => parseCargoManifest(text, file, isCargoWorkspace(text) ? await readFile(path.join(path.dirname(file), "Cargo.lock"), "utf8").catch(() => undefined) : undefined),
  },
  { name: "go.mod", parse: (text, file) => Promise.resolve(parseGoMod(text, file)) },
];

/**
 * Finds the nearest project manifest of migration directories: looks in each directory and upward for a
 * `Cargo.toml` or `go.mod`, stopping after a directory that holds `.git` (the repository's root) or at
 * the filesystem root. Each directory is looked at once per run (the cache holds its answer, which its
 * subdirectories share). A manifest that cannot be read gives no hint; one that is malformed gives what
 * its parser could read.
 */
export class ProjectFinder {
  private readonly cache = new Map<string, Promise<ProjectManifest | undefined>>();

  find(dir: string): Promise<ProjectManifest | undefined> {
    const cached = this.cache.get(dir);
    if (cached !== undefined) return cached;
    const found = this.lookup(dir);
    this.cache.set(dir, found);
    return found;
  }

  /** The manifests of several directories, keyed by directory (directories without one are left out). */
  async findAll(dirs: readonly string[]): Promise<Map<string, ProjectManifest>> {
    const out = new Map<string, ProjectManifest>();
    for (const dir of dirs) {
      const found = await this.find(dir);
      if (found !== undefined) out.set(dir, found);
    }
    return out;
  }

  private async lookup(dir: string): Promise<ProjectManifest | undefined> {
    for (const { name, parse } of MANIFESTS) {
      const file = path.join(dir, name);
      const text = await readFile(file, "utf8").catch(() => undefined);
      if (text !== undefined) return await parse(text, file);
    }
    const parent = path.dirname(dir);
    if (parent === dir || (await stat(path.join(dir, ".git")).catch(() => undefined)) !== undefined) return undefined;
    return this.find(parent);
  }
}
