// squawk (npm squawk-cli: a native Rust binary shipped in a per-platform package) for the side-by-side
// bench. It is not a devDependency: the registry this project's CI installs from carries squawk-cli's
// platform packages for linux-x64 only, so a lock file listing them fails `npm ci`. The bench installs
// the pinned version on demand instead, into bench/.tools (git-ignored): the project's own
// node_modules, package.json and lock file stay untouched.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQUAWK_VERSION = "2.66.0";
const root = fileURLToPath(new URL("..", import.meta.url));

/** The path of the squawk executable, installing squawk-cli@SQUAWK_VERSION first if it is missing. */
export function ensureSquawk() {
  const tools = path.join(root, "bench", ".tools");
  const bin = path.join(tools, "node_modules", ".bin", "squawk");
  if (!existsSync(bin)) {
    execFileSync("npm", ["install", "--prefix", tools, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `squawk-cli@${SQUAWK_VERSION}`], { cwd: root, stdio: "inherit" });
  }
  return bin;
}
