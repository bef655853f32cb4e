import type { AlterTableCmd } from "libpg-query";
import { unwrap } from "../../parser/ast.js";

/**
 * PostgreSQL's table-level lock modes, weakest first; `LOCK TABLE` numbers them 1 to 8 in this order
 * (AccessShareLock ... AccessExclusiveLock in src/include/storage/lockdefs.h).
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

function rank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

/** The mode `LOCK TABLE` asks for (its `mode` field, 1 to 8); ACCESS EXCLUSIVE when out of range. */
export function lockModeNumbered(mode: number | undefined): LockMode {
  return LOCK_MODES[(mode ?? 8) - 1] ?? "ACCESS EXCLUSIVE";
}

/** The stronger of two modes. */
export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return rank(a) >= rank(b) ? a : b;
}

/**
 * Whether a lock blocks the application's own writes: SHARE and above conflict with ROW EXCLUSIVE, the
 * lock every INSERT, UPDATE and DELETE takes. SHARE UPDATE EXCLUSIVE and below let reads and writes run.
 */
export function blocksWrites(mode: LockMode): boolean {
  return rank(mode) >= rank("SHARE");
}

/** Whether a lock also blocks plain reads (SELECT takes ACCESS SHARE, which only ACCESS EXCLUSIVE conflicts with). */
export function blocksReads(mode: LockMode): boolean {
  return mode === "ACCESS EXCLUSIVE";
}

/** `a SHARE lock`, `an ACCESS EXCLUSIVE lock`. */
export function lockPhrase(mode: LockMode): string {
  return `${mode.startsWith("ACCESS") || mode.startsWith("EXCLUSIVE") ? "an" : "a"} ${mode} lock`;
}

/**
 * Storage parameters whose change takes SHARE UPDATE EXCLUSIVE instead of ACCESS EXCLUSIVE (since
 * PostgreSQL 10): fillfactor, toast_tuple_target, parallel_workers, the autovacuum and vacuum ones,
 * and every `toast.` parameter (the TOAST table's autovacuum settings).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-STORAGE-PARAMETER
 */
const LIGHT_STORAGE_PARAMETERS: ReadonlySet<string> = new Set([
  "fillfactor",
  "toast_tuple_target",
  "parallel_workers",
  "vacuum_index_cleanup",
  "vacuum_truncate",
  "log_autovacuum_min_duration",
]);

function storageParametersLock(cmd: AlterTableCmd, postgresVersion: number): LockMode {
  if (postgresVersion < 10) return "ACCESS EXCLUSIVE";
  for (const item of unwrap(cmd.def, "List")?.items ?? []) {
    const option = unwrap(item, "DefElem");
    const name = option?.defname ?? "";
    const light = option?.defnamespace === "toast" || name.startsWith("autovacuum_") || LIGHT_STORAGE_PARAMETERS.has(name);
    if (!light) return "ACCESS EXCLUSIVE";
  }
  return "SHARE UPDATE EXCLUSIVE";
}

/**
 * The lock one ALTER TABLE subcommand takes on the table it alters (AlterTableGetLockLevel in
 * src/backend/commands/tablecmds.c). ACCESS EXCLUSIVE unless the manual says otherwise; a statement with
 * several subcommands takes the strongest. ADD FOREIGN KEY also locks the referenced table (see
 * `foreignKeyReferences`), ATTACH PARTITION the attached table.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESCRIPTION
 */
export function alterTableCommandLock(cmd: AlterTableCmd, postgresVersion: number): LockMode {
  switch (cmd.subtype) {
    case "AT_ValidateConstraint":
    case "AT_SetStatistics":
    case "AT_SetOptions":
    case "AT_ResetOptions":
    case "AT_ClusterOn":
    case "AT_DropCluster":
    case "AT_DetachPartitionFinalize":
      return "SHARE UPDATE EXCLUSIVE";
    case "AT_AttachPartition":
      // PostgreSQL 12 lowered the lock on the partitioned table (the attached table still gets ACCESS EXCLUSIVE).
      return postgresVersion >= 12 ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
    case "AT_DetachPartition":
      return unwrap(cmd.def, "PartitionCmd")?.concurrent === true ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
    case "AT_SetRelOptions":
    case "AT_ResetRelOptions":
      return storageParametersLock(cmd, postgresVersion);
    case "AT_AddConstraint":
      return unwrap(cmd.def, "Constraint")?.contype === "CONSTR_FOREIGN" ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE";
    case "AT_EnableTrig":
    case "AT_EnableAlwaysTrig":
    case "AT_EnableReplicaTrig":
    case "AT_DisableTrig":
    case "AT_EnableTrigAll":
    case "AT_DisableTrigAll":
    case "AT_EnableTrigUser":
    case "AT_DisableTrigUser":
      return "SHARE ROW EXCLUSIVE";
    default:
      return "ACCESS EXCLUSIVE";
  }
}
