import { assemble, type Candidate } from "./assemble.js";
import { merge, notMatching } from "./flat.js";
import { basename, compareStrings, isSql, segments, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, PlanContext } from "./types.js";

/** maragudk/migrate's file patterns (migrate.go `upMatcher`, `downMatcher`; Go's `\w` is ASCII `[0-9A-Za-z_]`). */
const MARAGUDK_UP = /^([\w-]+)\.up\.sql$/u;
const MARAGUDK_DOWN = /^([\w-]+)\.down\.sql$/u;

/** Whether a file name is one maragudk/migrate runs (for detection). */
export function isMaragudkName(name: string): boolean {
  return MARAGUDK_UP.test(name) || MARAGUDK_DOWN.test(name);
}

/**
 * maragudk/migrate (`maragu.dev/migrate`, formerly `github.com/maragudk/migrate`): `{version}.up.sql` /
 * `.down.sql` directly in the directory, as migrate.go reads them
 * (https://github.com/maragudk/migrate/blob/main/migrate.go):
 *
 * - The version is the WHOLE name before `.up.sql` (`upMatcher.ReplaceAllString(name, "$1")`), so
 *   `0001_a.up.sql` and `0001_b.up.sql` are two migrations, `0001_a` and `0001_b`, not one version twice.
 * - `getFilenames` lists the directory with `fs.ReadDir`, which sorts by file name, and `MigrateUp` runs
 *   every file whose version compares greater than the recorded one as a string: byte-wise name order.
 * - `apply` runs each file in a transaction of its own (`inTransaction`: `BeginTx` … `Commit`) together
 *   with the update of its one-row `migrations` table, whatever the file holds: no opt-out.
 * - `MigrateDown` runs the down files in reverse and records the previous down file's version, so every
 *   up needs its down.
 */
export function planMaragudkMigrate(ctx: PlanContext): LayoutResult {
  const candidates: Candidate[] = [];
  const problems: LayoutProblem[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const base = basename(file.path);
    const up = MARAGUDK_UP.exec(base);
    const down = MARAGUDK_DOWN.exec(base);
    const version = (up ?? down)?.[1];
    if (version === undefined || segments(ctx.root, file.path).length !== 1) {
      problems.push(notMatching(file, "{version}.up.sql or {version}.down.sql ({version}: letters, digits, _ and -) directly in the migrations directory", "maragudk/migrate"));
      continue;
    }
    const parts = [toolPart(file, up === null ? "down" : "up", undefined)];
    // The whole name is the version: there is no separate name.
    candidates.push({ version, key: version, name: "", file: file.path, ...(up === null ? { down: parts } : { up: parts }) });
  }
  return merge(assemble("maragudk-migrate", ctx.root, candidates, compareStrings), problems);
}
