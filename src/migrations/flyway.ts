import { notMatching } from "./flat.js";
import { basename, compareBig, compareStrings, isSql, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, Migration, MigrationPart, PlanContext, SourceFile } from "./types.js";

/** `${name}` placeholders (Flyway's default prefix and suffix), within one line. */
const PLACEHOLDER = /\$\{[^}\r\n]*\}/gu;

/**
 * Replaces each Flyway `${placeholder}` with `x` repeated to the same length, so the SQL parses as a
 * neutral identifier and every position in the text stays exact. A placeholder used as a qualifier
 * (`${flyway:defaultSchema}.orders`, `"${schema}".orders`) is blanked with its dot (and quotes), as Go
 * template actions are: the name lands in the default schema, where Flyway's default schema puts it,
 * instead of in a made-up schema named `xxxx…`.
 */
export function neutralizePlaceholders(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index;
    const end = at + m[0].length;
    const quoted = text[at - 1] === '"' && text[end] === '"';
    const dot = end + (quoted ? 1 : 0);
    const qualifier = text[dot] === "." && /[A-Za-z_"$\u0080-\uffff]/u.test(text[dot + 1] ?? "");
    if (qualifier) {
      // `${schema}.orders` / `"${schema}".orders`: the qualifier goes with its quotes and dot.
      const from = quoted ? at - 1 : at;
      out += text.slice(last, from) + " ".repeat(dot + 1 - from);
      last = dot + 1;
    } else {
      out += text.slice(last, at) + "x".repeat(m[0].length);
      last = end;
    }
  }
  return out + text.slice(last);
}

/** Version parts: split on `.` or `_`, compared numerically; missing parts count as 0 (`1.0` = `1`). */
export function flywayVersionParts(version: string): bigint[] {
  return version
    .split(/[._]/u)
    .filter((s) => s !== "")
    .map((s) => BigInt(s));
}

export function compareFlywayVersions(a: string, b: string): number {
  const pa = flywayVersionParts(a);
  const pb = flywayVersionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = compareBig(pa[i] ?? 0n, pb[i] ?? 0n);
    if (c !== 0) return c;
  }
  return 0;
}

export interface FlywayName {
  /** Versioned, undo, repeatable, or baseline (a whole schema new databases start from). */
  readonly kind: "V" | "U" | "R" | "B";
  /** Empty for repeatable migrations. */
  readonly version: string;
  /** Underscores shown as spaces, as Flyway does. */
  readonly description: string;
}

const VERSIONED = /^([VUB])(\d[\d._]*?)__(.*)\.sql$/u;
const REPEATABLE = /^R__(.*)\.sql$/u;

export function parseFlywayName(fileName: string): FlywayName | undefined {
  const v = VERSIONED.exec(fileName);
  if (v !== null) return { kind: v[1] === "U" ? "U" : v[1] === "B" ? "B" : "V", version: v[2] ?? "", description: (v[3] ?? "").replace(/_/gu, " ") };
  const r = REPEATABLE.exec(fileName);
  if (r !== null) return { kind: "R", version: "", description: (r[1] ?? "").replace(/_/gu, " ") };
  return undefined;
}

const NO_TRANSACTION_CONF = /^\s*executeInTransaction\s*=\s*false\s*$/mu;

/**
 * Flyway: versioned `V{version}__{desc}.sql` in version order, then repeatable `R__{desc}.sql` ordered
 * by description; undo `U{version}__{desc}.sql` pairs with the versioned migration of equal version;
 * baseline `B{version}__{desc}.sql` files are not part of the history — except on the route of a new
 * database (`ctx.newDatabase`), which starts from the latest baseline instead of the versions it covers.
 * Off that route each baseline is a `standalone` migration after the history: a whole schema, linted as
 * a history of its own (as a dump is), so its syntax and design are checked but it folds into nothing.
 * Locations are scanned recursively. Each migration runs in a transaction unless its
 * `{script}.conf` says `executeInTransaction=false`. Part texts have placeholders neutralised.
 */
export function planFlyway(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const noTransaction = new Set(ctx.files.filter((f) => f.path.endsWith(".sql.conf") && NO_TRANSACTION_CONF.test(f.text)).map((f) => f.path.slice(0, -5)));
  const versioned: { name: FlywayName; file: SourceFile }[] = [];
  const undo: { name: FlywayName; file: SourceFile }[] = [];
  const repeatable: { name: FlywayName; file: SourceFile }[] = [];
  const baselines: { name: FlywayName; file: SourceFile }[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const name = parseFlywayName(basename(file.path));
    if (name === undefined) problems.push(notMatching(file, "V{version}__{description}.sql, U{version}__{description}.sql or R__{description}.sql", "flyway"));
    // A baseline migration is the route new databases take instead of the versioned ones before it;
    // existing databases never run it, so the history is the versioned migrations (it is linted apart).
    else (name.kind === "V" ? versioned : name.kind === "U" ? undo : name.kind === "R" ? repeatable : baselines).push({ name, file });
  }
  const toPart = (file: SourceFile, role: "up" | "down"): MigrationPart =>
    toolPart(file, role, noTransaction.has(file.path) ? "none" : undefined, neutralizePlaceholders(file.text));
  const byVersion = (a: { name: FlywayName; file: SourceFile }, b: { name: FlywayName; file: SourceFile }) =>
    compareFlywayVersions(a.name.version, b.name.version) || compareStrings(a.file.path, b.file.path);
  versioned.sort(byVersion);
  undo.sort(byVersion);
  repeatable.sort((a, b) => compareStrings(a.name.description, b.name.description) || compareStrings(a.file.path, b.file.path));

  const migrations: Migration[] = [];
  baselines.sort(byVersion);
  const baseline = ctx.newDatabase === true ? baselines.at(-1) : undefined;
  if (baseline !== undefined) {
    migrations.push({ id: `flyway:${ctx.root}:B${baseline.name.version}`, version: baseline.name.version, name: baseline.name.description, layout: "flyway", up: [toPart(baseline.file, "up")], down: [], verify: [], repeatable: false });
    // https://documentation.red-gate.com/fd/baseline-migrations-273973336.html: a new database runs the
    // latest baseline, then only the versioned migrations above it.
    const covered = (v: { name: FlywayName }): boolean => compareFlywayVersions(v.name.version, baseline.name.version) <= 0;
    versioned.splice(0, versioned.length, ...versioned.filter((v) => !covered(v)));
  }
  const usedUndo = new Set<SourceFile>();
  for (const [i, v] of versioned.entries()) {
    const previous = versioned[i - 1];
    // Flyway refuses to migrate with a duplicate version ("Found more than one migration with version"),
    // but neither file is dropped here: both stay in the history, in file-name order, so both are
    // linted and the schema has the tables of each (see `assemble`). The undo goes with the first.
    const duplicated = previous !== undefined && compareFlywayVersions(previous.name.version, v.name.version) === 0;
    if (duplicated) problems.push({ file: v.file.path, line: 1, message: `duplicate version ${v.name.version} (also used by ${previous.file.path})` });
    const undos = duplicated ? [] : undo.filter((u) => compareFlywayVersions(u.name.version, v.name.version) === 0);
    for (const u of undos) usedUndo.add(u.file);
    for (const u of undos.slice(1)) problems.push({ file: u.file.path, line: 1, message: `duplicate undo version ${u.name.version} (also used by ${undos[0]?.file.path ?? ""})` });
    migrations.push({
      id: duplicated ? `flyway:${ctx.root}:V${v.name.version}@${basename(v.file.path)}` : `flyway:${ctx.root}:V${v.name.version}`,
      version: v.name.version,
      name: v.name.description,
      layout: "flyway",
      up: [toPart(v.file, "up")],
      down: undos.slice(0, 1).map((u) => toPart(u.file, "down")),
      verify: [],
      repeatable: false,
    });
  }
  for (const u of undo.filter((x) => !usedUndo.has(x.file))) {
    problems.push({ file: u.file.path, line: 1, message: `undo migration for version ${u.name.version} has no versioned migration` });
  }
  for (const [i, r] of repeatable.entries()) {
    const previous = repeatable[i - 1];
    // Reported, and kept like a duplicate version.
    const duplicated = previous?.name.description === r.name.description;
    if (duplicated) problems.push({ file: r.file.path, line: 1, message: `duplicate repeatable migration "${r.name.description}" (also ${previous.file.path})` });
    migrations.push({
      id: `flyway:${ctx.root}:R__${r.name.description}${duplicated ? `@${basename(r.file.path)}` : ""}`,
      version: "",
      name: r.name.description,
      layout: "flyway",
      up: [toPart(r.file, "up")],
      down: [],
      verify: [],
      repeatable: true,
    });
  }
  if (ctx.newDatabase !== true) {
    for (const b of baselines) {
      migrations.push({ id: `flyway:${ctx.root}:B${b.name.version}`, version: b.name.version, name: b.name.description, layout: "flyway", up: [toPart(b.file, "up")], down: [], verify: [], repeatable: false, standalone: true });
    }
  }
  return { migrations, problems };
}
