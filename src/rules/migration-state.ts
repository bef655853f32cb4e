import { stringList, unwrap, type Node } from "../parser/ast.js";

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
 * The session state of one migration as its statements run: the transaction block and whether a
 * `lock_timeout` is in force. `SET LOCAL` lasts until the end of the transaction and does nothing
 * outside one; `SET` lasts for the session; 0 disables the timeout.
 * https://www.postgresql.org/docs/current/sql-set.html, https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 */
export class MigrationSession {
  private explicit = false;
  private sessionTimeout = false;
  private localTimeout = false;

  constructor(private toolTransaction: boolean) {}

  /**
   * Starts a part (file or section) of the migration: whether the tool wraps it in a transaction. A
   * `SET LOCAL` of the previous part ended with its transaction; a session-level `SET` carries over.
   */
  begin(toolTransaction: boolean): void {
    this.toolTransaction = toolTransaction;
    this.explicit = false;
    this.localTimeout = false;
  }

  get transaction(): TransactionState {
    if (this.explicit) return "explicit";
    return this.toolTransaction ? "tool" : "none";
  }

  get lockTimeout(): boolean {
    return this.localTimeout || this.sessionTimeout;
  }

  /** Applies a statement's effect on the session (call after the rules have seen the statement). */
  apply(node: Node): void {
    const transaction = unwrap(node, "TransactionStmt");
    if (transaction !== undefined) {
      if (transaction.kind === "TRANS_STMT_BEGIN" || transaction.kind === "TRANS_STMT_START") this.explicit = true;
      else if (transaction.kind === "TRANS_STMT_COMMIT" || transaction.kind === "TRANS_STMT_ROLLBACK") {
        this.explicit = false;
        if (!this.toolTransaction) this.localTimeout = false;
      }
      return;
    }
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

  private setTimeout(enabled: boolean, local: boolean): void {
    if (!local) {
      this.sessionTimeout = enabled;
      this.localTimeout = false;
    } else if (this.transaction !== "none") {
      this.localTimeout = enabled;
    }
  }
}
