/**
 * Project manifests, read just enough to tell migration tools apart that share a file naming scheme:
 * which crates a `Cargo.toml` depends on, which modules a `go.mod` requires. Pure (the CLI reads the
 * files, see src/cli/project.ts); a manifest that is malformed yields what could be read, never an error.
 */
import type { LayoutName, ProjectManifest } from "./types.js";

/** `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, `[workspace.dependencies]`, `[target.'cfg(unix)'.dependencies]`. */
const DEPENDENCY_TABLE = /^(?:.*\.)?(?:dev-|build-)?dependencies$/u;
/** `[dependencies.sqlx]`: a dependency written as a table of its own. */
const DEPENDENCY_SUBTABLE = /^(?:.*\.)?(?:dev-|build-)?dependencies\.(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))$/u;
/** A key at the start of a line: bare, or quoted (`"sqlx" = …`), possibly dotted (`sqlx.workspace = true`). */
const KEY = /^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*[.=]/u;
/** An inline table's `package = "…"`: the crate's real name when the dependency is renamed (`db = { package = "sqlx" }`). */
const PACKAGE = /\bpackage\s*=\s*["']([^"']+)["']/u;

/**
 * The crates a Cargo.toml depends on, in any dependency table (https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html):
 * a line-based read of TOML's table headers and keys, without a TOML parser (none is a dependency of
 * schemalint, and only the keys matter). Lines inside multi-line arrays or strings are no `key =` lines.
 */
export function parseCargoManifest(text: string, file: string, lockfile?: string): ProjectManifest {
  const dependencies = new Set<string>();
  let inTable = false;
  let workspace = false;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(/^\uFEFF/u, "").trim();
    const header = /^\[\s*([^[\]]+?)\s*\]\s*(?:#.*)?$/u.exec(line);
    if (header !== null) {
      const name = (header[1] ?? "").replace(/\s*\.\s*/gu, ".");
      if (name === "workspace") workspace = true;
      const sub = DEPENDENCY_SUBTABLE.exec(name);
      const crate = sub === null ? undefined : (sub[1] ?? sub[2] ?? sub[3]);
      if (crate !== undefined) dependencies.add(crate);
      inTable = DEPENDENCY_TABLE.test(name);
      continue;
    }
    if (line.startsWith("[")) {
      // An array of tables (`[[bin]]`) or a malformed header: no dependency table.
      inTable = false;
      continue;
    }
    if (!inTable) continue;
    const key = KEY.exec(line);
    const crate = key === null ? undefined : (key[1] ?? key[2] ?? key[3]);
    if (crate === undefined) continue;
    dependencies.add(crate);
    const renamed = PACKAGE.exec(line)?.[1];
    if (renamed !== undefined) dependencies.add(renamed);
  }
  // A workspace root often depends on nothing itself (a virtual manifest): its members do, and the
  // lockfile beside it lists every package the workspace builds, so its names stand in for theirs.
  if (workspace && lockfile !== undefined) for (const name of cargoLockPackages(lockfile)) dependencies.add(name);
  return { manifest: "Cargo.toml", path: file, dependencies: [...dependencies].sort() };
}

/** Whether a Cargo.toml is a workspace root, whose `Cargo.lock` the reader should be given as well. */
export function isCargoWorkspace(text: string): boolean {
  return /^\s*\[\s*workspace\s*\]/mu.test(text);
}

/**
 * The package names of a `Cargo.lock`: its `[[package]]` tables' `name = "…"` lines
 * (https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html). Direct and transitive
 * dependencies alike: the lockfile does not say which member needs which package.
 */
export function cargoLockPackages(text: string): string[] {
  const names = new Set<string>();
  let inPackage = false;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inPackage = line === "[[package]]";
      continue;
    }
    const name = inPackage ? /^name\s*=\s*"([^"]+)"/u.exec(line)?.[1] : undefined;
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/**
 * The module paths a go.mod requires: `require path version` lines and the lines of `require ( … )`
 * blocks (https://go.dev/ref/mod#go-mod-file-require). Comments (`// indirect`) are dropped.
 */
export function parseGoMod(text: string, file: string): ProjectManifest {
  const dependencies = new Set<string>();
  let inBlock = false;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(/\/\/.*$/u, "").trim();
    if (inBlock) {
      if (line.startsWith(")")) inBlock = false;
      else {
        const module = /^(\S+)\s+\S+/u.exec(line)?.[1];
        if (module !== undefined) dependencies.add(unquote(module));
      }
      continue;
    }
    if (/^require\s*\($/u.test(line)) {
      inBlock = true;
      continue;
    }
    const single = /^require\s+(\S+)\s+\S+/u.exec(line)?.[1];
    if (single !== undefined) dependencies.add(unquote(single));
  }
  return { manifest: "go.mod", path: file, dependencies: [...dependencies].sort() };
}

function unquote(module: string): string {
  return module.replace(/^"(.*)"$/u, "$1").replace(/^`(.*)`$/u, "$1");
}

/** maragudk/migrate's module paths: it moved from GitHub to its vanity domain (https://github.com/maragudk/migrate, go.mod `module maragu.dev/migrate`). */
const MARAGUDK_MODULES: readonly string[] = ["maragu.dev/migrate", "github.com/maragudk/migrate"];
/** golang-migrate's module paths (v4 and the older, unversioned one). */
const GOLANG_MIGRATE_MODULES: readonly string[] = ["github.com/golang-migrate/migrate/v4", "github.com/golang-migrate/migrate"];

/**
 * The migration tool a project manifest names, when it settles a layout that file names leave open:
 * - a Cargo.toml depending on the `sqlx` crate (its `migrate` feature is a default one; sqlx-cli runs
 *   the crate's `migrations/` without any feature): sqlx;
 * - a go.mod requiring maragudk/migrate and not golang-migrate: maragudk/migrate.
 */
export function manifestTool(project: ProjectManifest | undefined): Extract<LayoutName, "sqlx" | "maragudk-migrate"> | undefined {
  if (project === undefined) return undefined;
  const has = (names: readonly string[]) => project.dependencies.some((d) => names.includes(d));
  if (project.manifest === "Cargo.toml") return has(["sqlx"]) ? "sqlx" : undefined;
  return has(MARAGUDK_MODULES) && !has(GOLANG_MIGRATE_MODULES) ? "maragudk-migrate" : undefined;
}
