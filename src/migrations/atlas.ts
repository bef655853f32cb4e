import path from "node:path/posix";
import { checkAtlasSum } from "./atlas-sum.js";
import { notMatching } from "./flat.js";
import { basename, compareStrings, isSql, part, splitLines } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, PlanContext } from "./types.js";

/** Atlas's integrity file, next to the migration files. */
export const ATLAS_SUM = "atlas.sum";

const NAME = /^([^_]+)(?:_(.*))?\.sql$/u;
const TXMODE = /^[ -~]*atlas:txmode(?: +([ -~]*))?$/u;

/**
 * Atlas versioned migrations (`atlas migrate apply`): the `.sql` files directly in the directory holding
 * `atlas.sum`, `{version}[_{name}].sql`, in file-name order (Atlas sorts the names as strings). Atlas
 * runs each file in a transaction of its own (`--tx-mode file`, the default) unless the file's header
 * says `-- atlas:txmode none`. No downs (Atlas computes them). `atlas.sum` is checked against the files
 * as Atlas checks it before it applies anything.
 */
export function planAtlas(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const sum = ctx.files.find((f) => basename(f.path) === ATLAS_SUM);
  const dir = sum === undefined ? ctx.root : path.dirname(sum.path);
  const migrations: Migration[] = [];
  const files = ctx.files.filter((f) => isSql(f.path)).sort((a, b) => compareStrings(basename(a.path), basename(b.path)));
  for (const file of files) {
    const m = NAME.exec(basename(file.path));
    if (path.dirname(file.path) !== dir || m === null) {
      problems.push(notMatching(file, `{version}_{name}.sql next to ${ATLAS_SUM}`, "atlas"));
      continue;
    }
    const header = txModeOf(file.text);
    if (header.ignored !== undefined) {
      problems.push({ file: file.path, line: header.ignored, kind: "marker", message: "this atlas:txmode directive is not in the file header (comment lines at the top followed by an empty line); Atlas ignores it" });
    }
    migrations.push({
      id: `atlas:${dir}:${basename(file.path).slice(0, -4)}`,
      version: m[1] ?? "",
      name: m[2] ?? "",
      layout: "atlas",
      up: [part(file, "up", header.mode === "none" ? "none" : "tool")],
      down: [],
      verify: [],
      repeatable: false,
    });
  }
  if (sum !== undefined) {
    problems.push(...checkAtlasSum(sum, files.filter((f) => path.dirname(f.path) === dir)));
  }
  return { migrations, problems };
}

/**
 * The `atlas:txmode` directive of a file, read as Atlas reads file directives (`LocalFile.Directive`):
 * only the comment lines (`--` or `#`) at the very top count, and only when an empty line separates them
 * from the statements. `ignored`: the line of a txmode directive elsewhere in the leading comments.
 */
export function txModeOf(text: string): { readonly mode?: string; readonly ignored?: number } {
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length && /^(?:--|#)/u.test(lines[i]?.text ?? "")) i++;
  const header = lines.slice(0, i);
  const detached = i >= lines.length || (lines[i]?.text.trim() ?? "") === "";
  const directive = header.find((l) => TXMODE.test(l.text.trim()));
  if (directive === undefined) return {};
  if (!detached) return { ignored: directive.number };
  const mode = TXMODE.exec(directive.text.trim())?.[1]?.trim() ?? "";
  return { mode };
}
