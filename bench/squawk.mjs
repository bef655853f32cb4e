// squawk (npm squawk-cli: a native Rust binary shipped in a per-platform package) for the side-by-side
// bench. It is not a devDependency: the registry this project's CI installs from carries squawk-cli's
// platform packages for linux-x64 only, so a lock file listing them fails `npm ci`. The bench uses an
// installed squawk-cli when there is one, else installs the pinned version on demand into bench/.tools
// (git-ignored): the project's package.json and lock file stay untouched.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQUAWK_VERSION = "2.66.0";
const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * squawk's executables: `native`, the Rust binary the anchor figures are for (about 3 ms to
 * start), and `wrapper`, the Node script npm links as `squawk` (what `npx squawk` runs: it starts Node
 * first, about 60 ms more).
 */
export function ensureSquawk() {
  const tools = path.join(root, "bench", ".tools");
  const installed = [root, tools].find((dir) => existsSync(path.join(dir, "node_modules", "squawk-cli", "package.json")));
  const base = installed ?? tools;
  if (installed === undefined) {
    execFileSync("npm", ["install", "--prefix", tools, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `squawk-cli@${SQUAWK_VERSION}`], { cwd: root, stdio: "inherit" });
  }
  const require = createRequire(path.join(base, "node_modules", "squawk-cli", "package.json"));
  const binary = process.platform === "win32" ? "squawk.exe" : "squawk";
  const native = require.resolve(`@squawk-cli/${process.platform}-${process.arch}/bin/${binary}`);
  const version = execFileSync(native, ["--version"], { encoding: "utf8" }).trim();
  return { native, wrapper: path.join(base, "node_modules", ".bin", "squawk"), version };
}
