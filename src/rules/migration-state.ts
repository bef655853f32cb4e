import { containsTag, stringList, unwrap, type Node, type NodeTag } from "../parser/ast.js";
import { keyOf, type Catalog } from "../schema/catalog.js";
import type { QualifiedName } from "../schema/model.js";

/**
 * Where a statement runs: inside an explicit `BEGIN` … `COMMIT`, inside the transaction the migration
 * tool wraps the migration in, or outside any transaction block (where CREATE INDEX CONCURRENTLY works).
 */
export type TransactionState = "explicit" | "tool" | "none";

/** A lock_timeout value that means "no timeout": 0 in any unit. */
function isZero(value: string): boolean {
  return /^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/iu.test(value);
}

function constantText(node: Node | undefined): string | undefined {
  const constant = unwrap(node, "A_Const");
  if (constant === undefined) return undefined;
  if (constant.sval !== undefined) return constant.sval.sval ?? "";
  if (constant.ival !== undefined) return String(constant.ival.ival ?? 0);
  if (constant.fval !== undefined) return constant.fval.fval ?? "0";
  return undefined;
}

/**
 * Statements that may add rows to some table: directly, through a trigger they fire, or through code the
 * linter does not follow (a procedure, a prepared statement, a DO block). Each one ends what
 * {@link MigrationSession.emptied} knows.
 */
const MAY_ADD_ROWS: ReadonlySet<NodeTag> = new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "CallStmt", "DoStmt", "ExecuteStmt", "ExplainStmt"]);

/**
 * A SELECT adds rows through a data-modifying WITH (`WITH x AS (INSERT ...) SELECT ...`) or a function
 * it calls (`SELECT refill()`); `ALTER TABLE ... ATTACH PARTITION` / `INHERIT` brings the rows of the
 * table it attaches. https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
 */
function mayAddRows(node: Node): boolean {
  const select = unwrap(node, "SelectStmt");
  if (select !== undefined) return select.withClause !== undefined || containsTag(node, "FuncCall");
  const alter = unwrap(node, "AlterTableStmt");
  return (alter?.cmds ?? []).some((c) => ["AT_AttachPartition", "AT_AddInherit"].includes(unwrap(c, "AlterTableCmd")?.subtype ?? ""));
}

/** Transaction statements after which a TRUNCATE no longer holds: the transaction ended or rolled back past it. */
const ENDS_TRUNCATE: ReadonlySet<string> = new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_ROLLBACK_TO", "TRANS_STMT_PREPARE"]);

/**
 * The session state of one migration as its statements run: the transaction block and whether a
 * `lock_timeout` is in force. `SET LOCAL` lasts until the end of the transaction and does nothing
 * outside one; `SET` lasts for the session; 0 disables the timeout.
 * https://www.postgresql.org/docs/current/sql-set.html, https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 */
export class MigrationSession {
  private explicit = false;
  private sessionTimeout = false;
  private localTimeout = false;
  /** A COMMIT or ROLLBACK ended a transaction in this part: the tool's transaction is over. */
  private ended = false;
  /** Tables (by {@link keyOf}) a TRUNCATE emptied in the transaction still open. */
  private readonly truncated = new Set<string>();

  constructor(private toolTransaction: boolean) {}

  /**
   * Starts a part (file or section) of the migration: whether the tool wraps it in a transaction. A
   * `SET LOCAL` of the previous part ended with its transaction; a session-level `SET` carries over.
   */
  begin(toolTransaction: boolean): void {
    this.toolTransaction = toolTransaction;
    this.explicit = false;
    this.localTimeout = false;
    this.ended = false;
    this.truncated.clear();
  }

  get transaction(): TransactionState {
    if (this.explicit) return "explicit";
    return this.toolTransaction ? "tool" : "none";
  }

  get lockTimeout(): boolean {
    return this.localTimeout || this.sessionTimeout;
  }

  /**
   * Whether the table is provably empty and nobody else can write to it: a TRUNCATE earlier in the
   * transaction still open emptied it and each of its partitions and inheritance children (those the
   * history knows; one created in this migration is empty too). TRUNCATE holds ACCESS EXCLUSIVE until
   * the transaction ends, so no other session can add a row before then.
   * https://www.postgresql.org/docs/current/sql-truncate.html,
   * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
   */
  emptied(name: QualifiedName, catalog: Catalog, migration: string): boolean {
    if (!this.truncated.has(keyOf(name))) return false;
    return catalog.descendants(name).every((t) => this.truncated.has(keyOf(t)) || t.origin.migration === migration);
  }

  /**
   * Applies a statement's effect on the session (call after the rules have seen the statement; the
   * catalog resolves the tables a TRUNCATE names).
   */
  apply(node: Node, catalog?: Catalog): void {
    const transaction = unwrap(node, "TransactionStmt");
    if (transaction !== undefined) {
      if (transaction.kind === "TRANS_STMT_BEGIN" || transaction.kind === "TRANS_STMT_START") this.explicit = true;
      else if (transaction.kind === "TRANS_STMT_COMMIT" || transaction.kind === "TRANS_STMT_ROLLBACK" || transaction.kind === "TRANS_STMT_PREPARE") {
        this.explicit = false;
        this.ended = true;
        if (!this.toolTransaction) this.localTimeout = false;
      }
      // The rows come back with a rollback, even to a savepoint; a COMMIT ends the TRUNCATE's lock.
      if (ENDS_TRUNCATE.has(transaction.kind ?? "")) this.truncated.clear();
      return;
    }
    const truncate = unwrap(node, "TruncateStmt");
    if (truncate !== undefined) {
      if (catalog !== undefined) this.noteTruncate(truncate.relations ?? [], catalog);
      return;
    }
    const tag = Object.keys(node)[0];
    if ((tag !== undefined && MAY_ADD_ROWS.has(tag as NodeTag)) || mayAddRows(node)) this.truncated.clear();
    if (unwrap(node, "CopyStmt")?.is_from === true) this.truncated.clear();
    const set = unwrap(node, "VariableSetStmt");
    if (set !== undefined) {
      if (set.name !== "lock_timeout") return;
      const value = set.kind === "VAR_SET_VALUE" ? (set.args ?? []).map(constantText).join(" ") : "0";
      this.setTimeout(!isZero(value), set.is_local === true);
      return;
    }
    for (const target of unwrap(node, "SelectStmt")?.targetList ?? []) {
      const call = unwrap(unwrap(target, "ResTarget")?.val, "FuncCall");
      if (call === undefined || stringList(call.funcname).at(-1) !== "set_config") continue;
      const [name, value, local] = call.args ?? [];
      if (constantText(name) !== "lock_timeout") continue;
      const isLocal = unwrap(local, "A_Const")?.boolval?.boolval === true;
      this.setTimeout(!isZero(constantText(value) ?? "0"), isLocal);
    }
  }

  /**
   * Outside a transaction block the TRUNCATE commits at once and other sessions may insert right after.
   * After a COMMIT in a part the tool wraps in a transaction, the statements no longer run in it (the
   * session state still says "tool": be safe). Without ONLY, TRUNCATE empties the partitions and
   * inheritance children too (a partitioned table refuses ONLY).
   */
  private noteTruncate(relations: readonly Node[], catalog: Catalog): void {
    if (!this.explicit && (!this.toolTransaction || this.ended)) return;
    for (const item of relations) {
      const relation = unwrap(item, "RangeVar");
      if (relation?.relname === undefined || relation.relpersistence === "t") continue;
      const table = catalog.table(relation.schemaname, relation.relname);
      const name = table === undefined ? catalog.qualify(relation.schemaname, relation.relname) : { schema: table.schema, name: table.name };
      this.truncated.add(keyOf(name));
      if (relation.inh === true) for (const child of catalog.descendants(name)) this.truncated.add(keyOf(child));
    }
  }

  private setTimeout(enabled: boolean, local: boolean): void {
    if (!local) {
      this.sessionTimeout = enabled;
      this.localTimeout = false;
    } else if (this.transaction !== "none") {
      this.localTimeout = enabled;
    }
  }
}
