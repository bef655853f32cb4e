import { assemble, type Candidate } from "./assemble.js";
import { merge } from "./flat.js";
import { compareStrings, isSql, part, segments, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, PlanContext, SourceFile } from "./types.js";

const DIESEL_DIR = /^(\d[^_]*)_(.*)$/u;
const NO_TRANSACTION_TOML = /^\s*run_in_transaction\s*=\s*false\s*(?:#.*)?$/mu;

/**
 * diesel directories: `{version}_{name}/up.sql` and `down.sql`, each run in a transaction unless the
 * directory's `metadata.toml` says `run_in_transaction = false`. (sqlx reads only the `.sql` files directly
 * in its migrations directory and skips subdirectories, sqlx-core `migrate/source.rs`: its
 * `-- no-transaction` means nothing here.) A version is the directory name up to its first `_` with dashes removed
 * (`2024-01-01-120000` = `20240101120000`), and diesel compares versions as TEXT: `20251229110242` runs
 * before `2026012016291`, and `10` before `9` (diesel_migrations `version_from_string`; `MigrationVersion`
 * derives `Ord` on its string).
 */
export function planDiesel(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const dirs = new Map<string, { up?: SourceFile; down?: SourceFile; noTransaction: boolean }>();
  for (const file of ctx.files) {
    const [dir, name, ...rest] = segments(ctx.root, file.path);
    const m = dir === undefined ? null : DIESEL_DIR.exec(dir);
    const known = name === "up.sql" || name === "down.sql" || name === "metadata.toml";
    if (dir === undefined || m === null || name === undefined || rest.length > 0 || !known) {
      if (isSql(file.path)) problems.push({ file: file.path, line: 1, message: "not {version}_{name}/up.sql or down.sql; diesel ignores it" });
      continue;
    }
    const entry = dirs.get(dir) ?? { noTransaction: false };
    if (name === "metadata.toml") entry.noTransaction = NO_TRANSACTION_TOML.test(file.text);
    else if (name === "up.sql") entry.up = file;
    else entry.down = file;
    dirs.set(dir, entry);
  }
  const candidates: Candidate[] = [];
  for (const [dir, entry] of dirs) {
    const m = DIESEL_DIR.exec(dir);
    const version = m?.[1] ?? "";
    // Without a transaction, diesel (batch_execute) still sends the file as one query over the simple
    // query protocol: several statements are one implicit transaction block.
    const optOut = () => (entry.noTransaction ? "query" : undefined);
    const up = entry.up === undefined ? undefined : [toolPart(entry.up, "up", optOut())];
    const down = entry.down === undefined ? undefined : [toolPart(entry.down, "down", optOut())];
    const file = entry.up ?? entry.down;
    if (file === undefined) continue;
    candidates.push({
      version,
      key: version.replace(/-/gu, ""),
      name: m?.[2] ?? "",
      file: file.path,
      ...(up === undefined ? {} : { up }),
      ...(down === undefined ? {} : { down }),
    });
  }
  return merge(assemble("diesel", ctx.root, candidates, compareStrings), problems);
}

const PRISMA_DIR = /^(\d+)_(.*)$/u;

/**
 * Prisma: `{timestamp}_{name}/migration.sql`, up only. Prisma sends the file as one multi-statement
 * query: an implicit transaction block (see `MigrationPart.transaction`).
 */
export function planPrisma(ctx: PlanContext): LayoutResult {
  const problems: LayoutProblem[] = [];
  const candidates: Candidate[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const [dir, name, ...rest] = segments(ctx.root, file.path);
    const m = dir === undefined ? null : PRISMA_DIR.exec(dir);
    if (m === null || name !== "migration.sql" || rest.length > 0) {
      problems.push({ file: file.path, line: 1, message: "not {timestamp}_{name}/migration.sql; prisma ignores it" });
      continue;
    }
    // Prisma orders migrations by directory name and records each by that name, so two directories
    // with one timestamp are two migrations (prisma-engines `list_migrations` sorts by name).
    candidates.push({ version: m[1] ?? "", key: dir ?? "", name: m[2] ?? "", file: file.path, up: [part(file, "up", "tool")] });
  }
  return merge(assemble("prisma", ctx.root, candidates, compareStrings), problems);
}
