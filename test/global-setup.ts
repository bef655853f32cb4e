import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** CLI tests spawn bin/schemalint.js, which runs dist/: build once so they never test stale output. */
export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}
