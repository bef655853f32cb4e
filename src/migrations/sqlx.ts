import { assemble, type Candidate } from "./assemble.js";
import { merge, notMatching } from "./flat.js";
import { basename, isSql, numericKey, segments, toolPart } from "./text.js";
import type { LayoutProblem, LayoutResult, PlanContext } from "./types.js";

/** sqlx: a script starting with this comment runs outside a transaction (sqlx-core `migrate/source.rs`). */
export const SQLX_NO_TRANSACTION = "-- no-transaction";

/** The largest version sqlx accepts: it parses the prefix as an `i64`. */
const I64_MAX = 9223372036854775807n;

/**
 * sqlx (`sqlx::migrate!`, `sqlx migrate run`): the files directly in the migrations directory named
 * `{version}_{description}.sql` (a migration without a down), `.up.sql` or `.down.sql` (a reversible
 * one), as sqlx-core `migrate/source.rs` `resolve_blocking_with_config` reads them:
 * https://github.com/launchbadge/sqlx/blob/main/sqlx-core/src/migrate/source.rs
 *
 * - Only files of the directory itself: subdirectories are skipped (`if !metadata.is_file()`), so
 *   files below it are never run.
 * - The name is split at its first `_`; without one, or when the rest does not end in `.sql`, sqlx
 *   silently ignores the file. The part before the `_` must parse as an `i64`, else sqlx stops with
 *   "error parsing migration filename" and runs nothing.
 * - Migrations run in numeric version order (`sort_by_key(|m| m.version)`); the version is the number,
 *   so `001` and `1` are one version. Two ups of one version both run (`Migrator::run_direct`) and the
 *   second fails on `_sqlx_migrations`' primary key: a duplicate version is an error.
 * - Each migration runs in a transaction of its own with its bookkeeping row (sqlx-postgres
 *   `migrate.rs` `apply`/`revert`: `self.begin()`, `tx.commit()`), also when it holds one statement,
 *   unless the file starts with `-- no-transaction` (`sql.starts_with("-- no-transaction")`): then it
 *   is executed directly, still as one query over the simple query protocol (no arguments:
 *   sqlx-postgres `connection/executor.rs` `PgConnection::run` sends a `Query` message), which
 *   PostgreSQL runs as one implicit transaction
 *   block when it holds several statements ("query").
 */
export function planSqlx(ctx: PlanContext): LayoutResult {
  const candidates: Candidate[] = [];
  const problems: LayoutProblem[] = [];
  for (const file of ctx.files.filter((f) => isSql(f.path))) {
    const base = basename(file.path);
    const underscore = base.indexOf("_");
    const rest = underscore < 0 ? "" : base.slice(underscore + 1);
    if (segments(ctx.root, file.path).length !== 1 || underscore < 0 || !rest.endsWith(".sql")) {
      problems.push(notMatching(file, "{version}_{description}.sql, .up.sql or .down.sql directly in the migrations directory", "sqlx"));
      continue;
    }
    const version = base.slice(0, underscore);
    if (!/^\d+$/u.test(version) || BigInt(version) > I64_MAX) {
      problems.push({ file: file.path, line: 1, message: `"${version}" before the first _ is no integer version: sqlx stops with "error parsing migration filename" and runs no migration` });
      continue;
    }
    const role = rest.endsWith(".down.sql") ? "down" : "up";
    const name = rest.slice(0, -(rest.endsWith(".up.sql") ? ".up.sql" : rest.endsWith(".down.sql") ? ".down.sql" : ".sql").length);
    const parts = [toolPart(file, role, file.text.startsWith(SQLX_NO_TRANSACTION) ? "query" : undefined)];
    candidates.push({ version, key: numericKey(version), name, file: file.path, ...(role === "up" ? { up: parts } : { down: parts }) });
  }
  return merge(assemble("sqlx", ctx.root, candidates), problems);
}
