import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** CLI tests spawn bin/schemalint.js, which runs the bundle in dist/bin: build once (tsc, then the bundle) so they never test stale output. */
export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  execFileSync(process.execPath, [fileURLToPath(new URL("../scripts/bundle.mjs", import.meta.url))], { cwd: root, stdio: "inherit" });
}
