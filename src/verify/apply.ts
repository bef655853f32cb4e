import type { SeverityLevel } from "../lint-result.js";
import { unwrap } from "../parser/ast.js";
import type { ParsedFile, ParsedStatement } from "../parser/parse.js";
import { maskPsql } from "../parser/psql.js";
import { SourceText } from "../parser/source-text.js";
import { runsInToolTransaction, type LintFile } from "../rules/engine.js";
import type { Finding } from "../rules/engine-results.js";
import type { Origin } from "../schema/model.js";
import { serverErrorOf, type ReplayDatabase } from "./database.js";

export const APPLY_ERROR = "migration-apply-error";

/** One part of a migration, parsed, under the key its findings carry. */
export interface ReplayPart {
  readonly file: LintFile;
  readonly key: string;
  readonly parsed: ParsedFile;
}

/** Why a part is applied: the first time, as the down of a round trip, or again after its down. */
export type ApplyPass = "up" | "down" | "again";

export interface ApplyFailure {
  readonly finding: Finding;
}

function statementOrigin(part: ReplayPart, statement: ParsedStatement, location = statement.start): Origin {
  return {
    file: part.key,
    migration: part.file.migration,
    statementIndex: statement.index,
    statementStart: statement.start,
    statementEnd: statement.end,
    location,
  };
}

/** The part as a whole: its section marker's line, or the first line. */
export function partOrigin(part: ReplayPart): Origin {
  const { start, end } = part.parsed.source.lineByteRange(part.file.markerLine ?? 1);
  return { file: part.key, migration: part.file.migration, statementIndex: -1, statementStart: start, statementEnd: end, location: start };
}

/** `COPY … FROM STDIN` carries data rows, which a schema replay leaves out (psql sends them, not the server). */
function isCopyFromStdin(statement: ParsedStatement): boolean {
  const copy = unwrap(statement.node, "CopyStmt");
  return copy?.is_from === true && copy.filename === undefined;
}

/**
 * Statements about whole databases or the server (`CREATE DATABASE` and `\connect` in a pg_dump made
 * with --create, `ALTER DATABASE … SET`, `ALTER SYSTEM`) would act outside the replay's own database:
 * they are not sent.
 */
const OUTSIDE_THE_DATABASE: ReadonlySet<string> = new Set(["CreatedbStmt", "DropdbStmt", "AlterDatabaseStmt", "AlterDatabaseSetStmt", "AlterDatabaseRefreshCollStmt", "AlterSystemStmt"]);

function extensionName(statement: ParsedStatement): string | undefined {
  return unwrap(statement.node, "CreateExtensionStmt")?.extname;
}

const PASS_CONTEXT: Readonly<Record<ApplyPass, string>> = {
  up: "",
  down: " (in the down migration, run right after its up migration)",
  again: " (when the up migration ran again after its down migration: the down did not fully undo it)",
};

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/u.test(capital) ? capital : `${capital}.`;
}

export interface ApplyContext {
  readonly db: ReplayDatabase;
  readonly postgresVersion: number;
  /** "PostgreSQL 18.6 (PGlite)": named in messages. */
  readonly engine: string;
}

/**
 * Runs a part statement by statement, as the migration tool would, so that a failure points at its
 * statement (and, when PostgreSQL gives a position, at the token). Returns the first failure.
 */
export async function applyPart(context: ApplyContext, part: ReplayPart, pass: ApplyPass): Promise<ApplyFailure | undefined> {
  const { db } = context;
  const statements = part.parsed.statements;
  // Statements are sent as psql would send them: meta-commands and COPY data masked out.
  const sent = new SourceText(maskPsql(part.file.text).text);
  const wrap = runsInToolTransaction(
    part.file.transaction,
    statements.map((s) => s.node),
    context.postgresVersion,
  );
  if (wrap) await db.exec("BEGIN");
  for (const statement of statements) {
    if (isCopyFromStdin(statement) || OUTSIDE_THE_DATABASE.has(statement.tag)) continue;
    const extension = extensionName(statement);
    if (extension !== undefined && !db.extensionAvailable(extension)) {
      return {
        finding: {
          ruleId: APPLY_ERROR,
          severity: 2,
          messageId: "extension-unavailable",
          message: `Extension "${extension}" is not available in ${context.engine}, so the replay cannot go past this statement${PASS_CONTEXT[pass]}.`,
          help: `Run "schemalint verify --database-url postgres://…" against a PostgreSQL server that has "${extension}" installed.`,
          origin: statementOrigin(part, statement),
        },
      };
    }
    const sql = sent.sliceBytes(statement.start, statement.end);
    try {
      await db.exec(sql);
    } catch (error) {
      const failure = serverErrorOf(error);
      if (wrap) await db.exec("ROLLBACK").catch(() => undefined);
      let location = statement.start;
      if (failure.position !== undefined) {
        // PostgreSQL counts characters from the start of the statement it was sent.
        const startUtf16 = sent.utf16AtByte(statement.start);
        const at = sent.byteAtUtf16(sent.utf16AfterCodePoints(startUtf16, failure.position - 1));
        if (at >= statement.start && at < statement.end) location = at;
      }
      const code = failure.code === undefined ? "" : ` (SQLSTATE ${failure.code})`;
      const detail = failure.detail === undefined ? "" : ` ${sentence(failure.detail)}`;
      return {
        finding: {
          ruleId: APPLY_ERROR,
          severity: 2,
          messageId: "apply-error",
          message: `${context.engine} rejects this statement${PASS_CONTEXT[pass]}: ${failure.message}${code}.${detail}`,
          help: failure.hint === undefined ? "Fix the statement so that it applies to the schema the earlier migrations leave." : sentence(failure.hint),
          origin: statementOrigin(part, statement, location),
        },
      };
    }
  }
  if (wrap) {
    try {
      await db.exec("COMMIT");
    } catch (error) {
      // Deferred constraints are checked at COMMIT: the failure belongs to the part as a whole.
      const failure = serverErrorOf(error);
      return {
        finding: {
          ruleId: APPLY_ERROR,
          severity: 2,
          messageId: "apply-error",
          message: `${context.engine} rejects this migration at COMMIT${PASS_CONTEXT[pass]}: ${failure.message}.`,
          help: "Fix the migration so that its transaction commits.",
          origin: partOrigin(part),
        },
      };
    }
  }
  return undefined;
}

/** A finding that is not PostgreSQL's: the replay could not run a part (it does not parse). */
export function notRunFinding(part: ReplayPart, severity: SeverityLevel): Finding {
  return {
    ruleId: APPLY_ERROR,
    severity,
    messageId: "not-parsed",
    message: "This migration has a syntax error (see parse-error), so the replay cannot run it.",
    help: "Fix the syntax error first: PostgreSQL would reject the migration at the same place.",
    origin: partOrigin(part),
  };
}
