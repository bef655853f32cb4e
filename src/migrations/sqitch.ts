import path from "node:path/posix";
import { basename, isSql, part, splitLines } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, PlanContext, SourceFile } from "./types.js";

export interface SqitchChange {
  readonly kind: "change";
  readonly name: string;
  /** 1-based line in sqitch.plan. */
  readonly line: number;
  /** `+` deploy (the default when omitted) or `-` revert. */
  readonly operator: "+" | "-";
  readonly requires: readonly string[];
  /** Dependencies written `!name`, without the `!`. */
  readonly conflicts: readonly string[];
  readonly planned: string;
  readonly planner: string;
  readonly email: string;
  readonly note: string;
}

export interface SqitchTag {
  readonly kind: "tag";
  /** Without the leading `@`. */
  readonly name: string;
  readonly line: number;
  readonly planned: string;
  readonly planner: string;
  readonly email: string;
  readonly note: string;
}

export interface SqitchPlan {
  /** `%key=value` lines, e.g. `syntax-version`, `project`, `uri`. */
  readonly pragmas: ReadonlyMap<string, string>;
  readonly entries: readonly (SqitchChange | SqitchTag)[];
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const PRAGMA = /^%\s*([^=\s]+)\s*(?:=\s*(.*?))?\s*$/u;
// name [deps] planned-at planner-name <planner-email> # note
const ENTRY = /^([+-]?)(@?[^\s[]+)\s*(?:\[([^\]]*)\])?\s*(\d{4}-\d{2}-\d{2}T\S+)\s+(.*?)\s*<([^>]*)>\s*(?:#\s?(.*))?$/u;

/** Parses a sqitch.plan: pragmas, changes (with dependencies) and tags, in order. */
export function parseSqitchPlan(text: string): SqitchPlan {
  const pragmas = new Map<string, string>();
  const entries: (SqitchChange | SqitchTag)[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const l of splitLines(text)) {
    const line = l.text.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("%")) {
      const p = PRAGMA.exec(line);
      if (p === null) problems.push({ line: l.number, message: `unreadable pragma: ${line}` });
      else pragmas.set(p[1] ?? "", p[2] ?? "");
      continue;
    }
    const m = ENTRY.exec(line);
    if (m === null) {
      problems.push({ line: l.number, message: `unreadable plan line: ${line}` });
      continue;
    }
    const [, operator = "", name = "", deps = "", planned = "", planner = "", email = "", note = ""] = m;
    if (name.startsWith("@")) {
      entries.push({ kind: "tag", name: name.slice(1), line: l.number, planned, planner, email, note });
      continue;
    }
    const words = deps.split(/\s+/u).filter((d) => d !== "");
    entries.push({
      kind: "change",
      name,
      line: l.number,
      operator: operator === "-" ? "-" : "+",
      requires: words.filter((d) => !d.startsWith("!")),
      conflicts: words.filter((d) => d.startsWith("!")).map((d) => d.slice(1)),
      planned,
      planner,
      email,
      note,
    });
  }
  return { pragmas, entries, problems };
}

/**
 * sqitch: changes in sqitch.plan order, scripts in `deploy/`, `revert/` and `verify/` beside the plan.
 * A change planned more than once (reworked) uses `name@tag.sql` for every occurrence but the last,
 * where tag is the first tag after that occurrence. Scripts manage their own transactions (sqitch's
 * templates write BEGIN/COMMIT), so parts are "none". The version of a migration is the change name
 * (`name@tag` for reworked occurrences).
 */
export function planSqitch(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const planFile = ctx.files
    .filter((f) => basename(f.path) === "sqitch.plan")
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length || (a.path < b.path ? -1 : 1))[0];
  if (planFile === undefined) {
    for (const f of ctx.files.filter((x) => isSql(x.path))) problems.push({ file: f.path, line: 1, message: "no sqitch.plan: sqitch does not know this script" });
    return { migrations: [], problems };
  }
  const base = path.dirname(planFile.path);
  const plan = parseSqitchPlan(planFile.text);
  for (const p of plan.problems) problems.push({ file: planFile.path, ...p });
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  const used = new Set<string>();
  const script = (dir: string, name: string): SourceFile | undefined => {
    const p = `${base}/${dir}/${name}.sql`;
    used.add(p);
    return byPath.get(p);
  };
  const migrations: Migration[] = [];
  const { entries } = plan;
  entries.forEach((entry, i) => {
    if (entry.kind !== "change" || entry.operator === "-") return;
    const later = entries.slice(i + 1);
    const reworked = later.some((e) => e.kind === "change" && e.name === entry.name);
    const tag = later.find((e) => e.kind === "tag");
    if (reworked && tag === undefined) {
      problems.push({ file: planFile.path, line: entry.line, message: `change ${entry.name} is reworked without a tag in between` });
      return;
    }
    const version = reworked && tag !== undefined ? `${entry.name}@${tag.name}` : entry.name;
    const deploy = script("deploy", version);
    const revert = script("revert", version);
    const verify = script("verify", version);
    if (deploy === undefined) {
      problems.push({ file: planFile.path, line: entry.line, message: `change ${entry.name} has no deploy/${version}.sql` });
      return;
    }
    migrations.push({
      id: `sqitch:${base}:${version}`,
      version,
      name: entry.name,
      layout: "sqitch",
      up: [part(deploy, "up", "none")],
      down: revert === undefined ? [] : [part(revert, "down", "none")],
      verify: verify === undefined ? [] : [part(verify, "verify", "none")],
      repeatable: false,
    });
  });
  for (const f of ctx.files.filter((x) => isSql(x.path) && !used.has(x.path))) {
    const dir = path.relative(base, f.path).split("/")[0] ?? "";
    // sqitch reads only its three script directories: other SQL (seeds, tests) is none of its business.
    if (dir !== "deploy" && dir !== "revert" && dir !== "verify") continue;
    const what = dir === "revert" ? "revert script without a planned change" : "script not in sqitch.plan";
    problems.push({ file: f.path, line: 1, message: `${what}; sqitch ignores it` });
  }
  return { migrations, problems };
}
