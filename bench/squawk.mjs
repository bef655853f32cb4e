// squawk (npm squawk-cli: a native Rust binary shipped in a per-platform package) for the side-by-side
// bench. It is not a devDependency: the registry this project's CI installs from carries squawk-cli's
// platform packages for linux-x64 only, so a lock file listing them fails `npm ci`. The bench installs
// the pinned version on demand instead (node_modules only; package.json and the lock stay untouched).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQUAWK_VERSION = "2.66.0";
const root = fileURLToPath(new URL("..", import.meta.url));

/** The path of the squawk executable, installing squawk-cli@SQUAWK_VERSION first if it is missing. */
export function ensureSquawk() {
  const bin = path.join(root, "node_modules", ".bin", "squawk");
  if (!existsSync(bin)) {
    execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", `squawk-cli@${SQUAWK_VERSION}`], { cwd: root, stdio: "inherit" });
  }
  return bin;
}
