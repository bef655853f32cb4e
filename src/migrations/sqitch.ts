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

/** One setting of a sqitch.conf, with its 1-based line. */
export interface SqitchSetting {
  readonly value: string;
  readonly line: number;
}

export interface SqitchConf {
  /** By `section.key` or `section.subsection.key` (section and key lowercased), the last value given. */
  readonly settings: ReadonlyMap<string, SqitchSetting>;
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const SECTION = /^\[\s*([A-Za-z0-9._-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(?:[#;].*)?$/u;
const KEY = /^([A-Za-z][A-Za-z0-9_.-]*)\s*(?:=(.*))?$/u;

/** A git-config value: quotes removed, `\"`, `\\`, `\n`, `\t` unescaped, a `#` or `;` outside quotes starting a comment. */
function configValue(raw: string): string {
  let out = "";
  let quoted = false;
  let pending = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? "";
    if (c === "\\") {
      const next = raw[i + 1] ?? "";
      out += pending + (next === "n" ? "\n" : next === "t" ? "\t" : next);
      pending = "";
      i++;
    } else if (c === '"') {
      out += pending;
      pending = "";
      quoted = !quoted;
    } else if (!quoted && (c === "#" || c === ";")) {
      break;
    } else if (!quoted && (c === " " || c === "\t")) {
      // Whitespace outside quotes counts only between words: kept when more follows.
      if (out !== "") pending += c;
    } else {
      out += pending + c;
      pending = "";
    }
  }
  return out;
}

/**
 * Parses a sqitch.conf (git-config syntax, as sqitch's Config::GitLike reads it): `[core]`,
 * `[engine "pg"]`, `[target "name"]` sections of `key = value` lines.
 */
export function parseSqitchConf(text: string): SqitchConf {
  const settings = new Map<string, SqitchSetting>();
  const problems: { line: number; message: string }[] = [];
  let section: string | undefined;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === undefined) continue;
    let line = l.text.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = SECTION.exec(line);
    if (header !== null) {
      const name = (header[1] ?? "").toLowerCase();
      const sub = header[2];
      section = sub === undefined ? name : `${name}.${sub.replace(/\\(.)/gu, "$1")}`;
      continue;
    }
    // A value ending in an unescaped backslash continues on the next line.
    while (/(?:^|[^\\])(?:\\\\)*\\$/u.test(line) && i + 1 < lines.length) {
      i++;
      line = line.slice(0, -1) + (lines[i]?.text ?? "");
    }
    const entry = KEY.exec(line);
    if (entry === null || section === undefined) {
      problems.push({ line: l.number, message: `unreadable line: ${line}` });
      continue;
    }
    const raw = entry[2];
    settings.set(`${section}.${(entry[1] ?? "").toLowerCase()}`, { value: raw === undefined ? "true" : configValue(raw.trim()), line: l.number });
  }
  return { settings, problems };
}

type ScriptKind = "deploy" | "revert" | "verify";

/** A script directory, and the one for reworked changes' `name@tag` scripts. */
interface ScriptDirs {
  readonly current: string;
  readonly reworked: string;
}

/** Where a sqitch project keeps its plan and scripts, as absolute paths. */
export interface SqitchLayout {
  /** The directory the paths are relative to: the one with sqitch.conf (sqitch's working directory), else the plan's. */
  readonly root: string;
  /** sqitch.conf, when the layout comes from one. */
  readonly conf?: SourceFile;
  readonly plan: string;
  /** `top_dir`, then the script directories and the reworked scripts' (`name@tag.sql`) directories. */
  readonly topDir: string;
  readonly dirs: Readonly<Record<ScriptKind, ScriptDirs>>;
  /** Whether `top_dir` or `plan_file` is set: the configuration names the plan's place rather than assuming it. */
  readonly explicit: boolean;
  /** The setting that places the plan, for messages. */
  readonly planSetting?: { readonly key: string; readonly value: string; readonly line: number };
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const SCRIPT_KINDS: readonly ScriptKind[] = ["deploy", "revert", "verify"];

/** A URI's engine, canonical (`db:pg:…`, `db:postgres:…`, `db:postgresql:…` → `pg`). */
function uriEngine(uri: string): string | undefined {
  const engine = /^db:([^:]+):/u.exec(uri)?.[1]?.toLowerCase();
  return engine === "postgres" || engine === "postgresql" ? "pg" : engine;
}

/**
 * The layout sqitch.conf gives a project (sqitch's `App::Sqitch::Target`): each setting is looked up in
 * the target's section, then the engine's, then `[core]`. The target is `core.target`, else
 * `engine.{engine}.target`; the engine is `core.engine`, else the target URI's. Paths are relative to
 * the directory of sqitch.conf; `plan_file` defaults to `{top_dir}/sqitch.plan`, `{script}_dir` to
 * `{top_dir}/{script}`, `reworked_{script}_dir` to `{reworked_dir}/{script}` (or `{reworked_dir}/{script}_dir`),
 * `reworked_dir` and `top_dir` to `.`.
 */
export function sqitchLayoutOf(conf: SourceFile): SqitchLayout {
  const root = path.dirname(conf.path);
  const { settings, problems: parseProblems } = parseSqitchConf(conf.text);
  const problems = [...parseProblems];
  const setting = (key: string) => settings.get(key);
  const core = (key: string) => setting(`core.${key}`)?.value.trim();
  let engine = core("engine");
  const targetName = core("target") ?? (engine === undefined ? undefined : setting(`engine.${engine}.target`)?.value.trim());
  const target = targetName === undefined || targetName.includes(":") ? undefined : targetName;
  engine ??= uriEngine(target === undefined ? (targetName ?? "") : (setting(`target.${target}.uri`)?.value ?? ""));
  const fetch = (key: string): { key: string; value: string; line: number } | undefined => {
    for (const full of [target === undefined ? undefined : `target.${target}.${key}`, engine === undefined ? undefined : `engine.${engine}.${key}`, `core.${key}`]) {
      const found = full === undefined ? undefined : setting(full);
      if (found !== undefined && found.value !== "") return { key: full ?? key, ...found };
    }
    return undefined;
  };
  const resolve = (value: string) => path.normalize(path.isAbsolute(value) ? value : path.join(root, value)).replace(/\/$/u, "");
  const top = fetch("top_dir");
  const planFile = fetch("plan_file");
  const topDir = resolve(top?.value ?? ".");
  const reworkedDir = fetch("reworked_dir");
  const reworkedBase = reworkedDir === undefined ? topDir : resolve(reworkedDir.value);
  const dirOf = (kind: ScriptKind): ScriptDirs => {
    const own = fetch(`${kind}_dir`);
    const reworked = fetch(`reworked_${kind}_dir`);
    return {
      current: own === undefined ? `${topDir}/${kind}` : resolve(own.value),
      // sqitch joins the configured {script}_dir, as written, onto reworked_dir.
      reworked: reworked !== undefined ? resolve(reworked.value) : path.normalize(path.join(reworkedBase, own?.value ?? kind)).replace(/\/$/u, ""),
    };
  };
  const dirs = { deploy: dirOf("deploy"), revert: dirOf("revert"), verify: dirOf("verify") };
  const extension = fetch("extension");
  if (extension !== undefined && extension.value !== "sql") {
    problems.push({ line: extension.line, message: `${extension.key} = ${extension.value}: sqitch runs .${extension.value} scripts, and schemalint reads only .sql files` });
  }
  const placing = planFile ?? top;
  return {
    root,
    conf,
    plan: planFile === undefined ? `${topDir}/sqitch.plan` : resolve(planFile.value),
    topDir,
    dirs,
    explicit: placing !== undefined,
    ...(placing === undefined ? {} : { planSetting: placing }),
    problems,
  };
}

/** The layout of a project without sqitch.conf: everything beside the plan. */
function defaultLayout(plan: string): SqitchLayout {
  const root = path.dirname(plan);
  const dirOf = (kind: ScriptKind): ScriptDirs => ({ current: `${root}/${kind}`, reworked: `${root}/${kind}` });
  const dirs = { deploy: dirOf("deploy"), revert: dirOf("revert"), verify: dirOf("verify") };
  return { root, plan, topDir: root, dirs, explicit: false, problems: [] };
}

/**
 * The sqitch.conf files that configure a project: those that place the plan themselves (`top_dir`,
 * `plan_file`), and those whose default plan (`sqitch.plan` beside them) exists. A sqitch.conf without
 * either is not read: sqitch would be run from the plan's directory, where another sqitch.conf applies.
 */
export function sqitchConfLayouts(files: readonly SourceFile[]): SqitchLayout[] {
  const paths = new Set(files.map((f) => f.path));
  return files
    .filter((f) => basename(f.path) === "sqitch.conf")
    .map(sqitchLayoutOf)
    .filter((l) => l.explicit || paths.has(l.plan));
}

/** Whether a configured project claims `file`: its conf, its plans, and everything under its top and script directories. */
export function claims(layout: SqitchLayout, file: string): boolean {
  if (file === layout.conf?.path || file === layout.plan) return true;
  if (basename(file) === "sqitch.plan" && path.dirname(file) === layout.root) return true;
  const dirs = [layout.topDir, ...SCRIPT_KINDS.flatMap((k) => [layout.dirs[k].current, layout.dirs[k].reworked])];
  return dirs.some((dir) => file.startsWith(dir === "/" ? "/" : `${dir}/`));
}

/**
 * sqitch: changes in sqitch.plan order, scripts in `deploy/`, `revert/` and `verify/` beside the plan,
 * or where sqitch.conf puts them (`top_dir`, `plan_file`, `deploy_dir`, …: {@link sqitchLayoutOf}).
 * A change planned more than once (reworked) uses `name@tag.sql` for every occurrence but the last,
 * where tag is the first tag after that occurrence. Scripts manage their own transactions (sqitch's
 * templates write BEGIN/COMMIT), so parts are "none". The version of a migration is the change name
 * (`name@tag` for reworked occurrences).
 */
export function planSqitch(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const depth = (p: string) => p.split("/").length;
  const configured = sqitchConfLayouts(ctx.files).sort((a, b) => depth(a.root) - depth(b.root) || (a.root < b.root ? -1 : 1))[0];
  const firstPlan = ctx.files
    .filter((f) => basename(f.path) === "sqitch.plan")
    .sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1))[0];
  const layout = configured ?? (firstPlan === undefined ? undefined : defaultLayout(firstPlan.path));
  const conf = layout?.conf;
  if (conf !== undefined) for (const p of layout?.problems ?? []) problems.push({ kind: "manifest", file: conf.path, ...p });
  const planFile = layout === undefined ? undefined : ctx.files.find((f) => f.path === layout.plan);
  if (layout === undefined || planFile === undefined) {
    const setting = layout?.planSetting;
    if (conf !== undefined && layout !== undefined && setting !== undefined) {
      const where = path.relative(layout.root, layout.plan);
      problems.push({ kind: "manifest", file: conf.path, line: setting.line, message: `${setting.key} = ${setting.value}, but there is no ${where}: sqitch cannot read its plan` });
    }
    for (const f of ctx.files.filter((x) => isSql(x.path))) problems.push({ kind: "manifest", file: f.path, line: 1, message: "no sqitch.plan: sqitch does not know this script" });
    return { migrations: [], problems };
  }
  const base = path.dirname(planFile.path);
  const plan = parseSqitchPlan(planFile.text);
  for (const p of plan.problems) problems.push({ kind: "manifest", file: planFile.path, ...p });
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  const used = new Set<string>();
  const scriptPath = (kind: ScriptKind, name: string, reworked: boolean): string =>
    `${reworked ? layout.dirs[kind].reworked : layout.dirs[kind].current}/${name}.sql`;
  const script = (kind: ScriptKind, name: string, reworked: boolean): SourceFile | undefined => {
    const p = scriptPath(kind, name, reworked);
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
      problems.push({ kind: "manifest", file: planFile.path, line: entry.line, message: `change ${entry.name} is reworked without a tag in between` });
      return;
    }
    const version = reworked && tag !== undefined ? `${entry.name}@${tag.name}` : entry.name;
    const deploy = script("deploy", version, reworked);
    const revert = script("revert", version, reworked);
    const verify = script("verify", version, reworked);
    if (deploy === undefined) {
      const missing = path.relative(layout.root, scriptPath("deploy", version, reworked));
      problems.push({ kind: "manifest", file: planFile.path, line: entry.line, message: `change ${entry.name} has no ${missing}` });
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
  const under = (dir: string, file: string) => file.startsWith(`${dir}/`);
  for (const f of ctx.files.filter((x) => isSql(x.path) && !used.has(x.path))) {
    const kind = SCRIPT_KINDS.find((k) => under(layout.dirs[k].current, f.path) || under(layout.dirs[k].reworked, f.path));
    // sqitch reads only its three script directories: other SQL (seeds, tests) is none of its business.
    if (kind === undefined) continue;
    const what = kind === "revert" ? "revert script without a planned change" : "script not in sqitch.plan";
    problems.push({ kind: "manifest", file: f.path, line: 1, message: `${what}; sqitch ignores it` });
  }
  return { migrations, problems };
}
