import { shiftLocations, tagOf, unwrap } from "./ast.js";
import type { ParsedStatement } from "./parse.js";
import { parsePlPgSQLSync, parseSync } from "./pg-query.js";
import type { SourceText } from "./source-text.js";

/**
 * The SQL statements a `DO` block runs unconditionally or under an `IF`, as statements of the file.
 *
 * Migrations wrap DDL in anonymous PL/pgSQL blocks to make it idempotent — Drizzle Kit writes every enum
 * and foreign key as `DO $$ BEGIN <statement>; EXCEPTION WHEN duplicate_object THEN null; END $$;`, and
 * hand-written migrations test the catalog first (`IF NOT EXISTS (SELECT ... FROM pg_type ...) THEN
 * CREATE TYPE ...; END IF;`). After such a block the object exists, so the schema model must see the
 * statement: otherwise every foreign key of a Drizzle history is missing from it.
 *
 * PostgreSQL's own PL/pgSQL parser (libpg-query `parsePlPgSQL`) finds the block's static SQL statements
 * (and `PERFORM`, a SELECT); those of the block's body and of every `IF` branch's THEN part are kept, in
 * order. Exception handlers
 * (recovery code), loops, `EXECUTE` of a computed string and `ELSE` branches are not: what they run
 * cannot be known without running them. Each kept statement is parsed again as SQL, and its locations are
 * made file byte offsets, so findings and the model's origins point into the block.
 * https://www.postgresql.org/docs/current/sql-do.html, https://www.postgresql.org/docs/current/plpgsql-structure.html
 *
 * A body is read where its text is the file's text: dollar-quoted (the usual form), or single-quoted
 * without doubled quotes, which would shift every position. Never throws: a block it cannot read yields
 * no statements, and is counted by `unread` as a whole block (`unparsed`), which `--debug` lists.
 */
export function doBlockStatements(statement: ParsedStatement, source: SourceText, unread?: Unread): ParsedStatement[] {
  const body = plpgsqlBody(statement);
  if (body === undefined) return [];
  try {
    const statementText = source.text.slice(source.utf16AtByte(statement.start), source.utf16AtByte(statement.end));
    const at = statementText.indexOf(body);
    if (at < 0) {
      unread?.(1, true);
      return [];
    }
    const bodyStart = source.utf16AtByte(statement.start) + at;
    const out: ParsedStatement[] = [];
    let cursor = 0;
    const { queries, skipped } = staticQueries(body);
    if (skipped > 0) unread?.(skipped);
    for (const { query, perform } of queries) {
      // PERFORM's query is "SELECT" followed by the text after PERFORM, as written.
      const written = perform ? query.slice(SELECT.length) : query;
      const found = body.indexOf(written, cursor);
      if (found < 0) continue;
      cursor = found + written.length;
      const lead = perform ? SELECT.length : 0;
      const base = source.byteAtUtf16(bodyStart + found) - lead;
      const queryEnd = source.byteAtUtf16(bodyStart + found + written.length);
      for (const raw of parseSync(query).stmts ?? []) {
        if (raw.stmt === undefined) continue;
        shiftLocations(raw.stmt, base);
        const start = perform ? base + lead - PERFORM.length : base + (raw.stmt_location ?? 0);
        const len = raw.stmt_len ?? 0;
        out.push({ index: statement.index, tag: tagOf(raw.stmt), node: raw.stmt, start, end: len > 0 && !perform ? start + len : queryEnd, inDoBlock: true });
      }
    }
    return out;
  } catch {
    unread?.(1, true);
    return [];
  }
}

/** Counts what the model does not read of DO blocks: statements (EXECUTE, loops, ELSE branches), or whole blocks whose body is not read (`unparsed`). */
export type Unread = (count: number, unparsed?: boolean) => void;

/** The body of a `DO` block in PL/pgSQL (the default language), or undefined. */
function plpgsqlBody(statement: ParsedStatement): string | undefined {
  const args = unwrap(statement.node, "DoStmt")?.args ?? [];
  let body: string | undefined;
  for (const arg of args) {
    const option = unwrap(arg, "DefElem");
    const value = unwrap(option?.arg, "String")?.sval;
    if (option?.defname === "language" && value?.toLowerCase() !== "plpgsql") return undefined;
    if (option?.defname === "as") body = value;
  }
  return body;
}

const WRAPPER_QUOTE = "$schemalint_do_body$";

const SELECT = "SELECT";
const PERFORM = "PERFORM";

interface BlockQueries {
  /**
   * The queries of the static SQL statements the block runs, in source order; `PERFORM expr` (a query
   * whose result is thrown away, e.g. `PERFORM set_config('lock_timeout', '5s', true)`) as PL/pgSQL
   * runs it: `SELECT expr`.
   */
  readonly queries: { readonly query: string; readonly perform: boolean }[];
  /** Statements that may run SQL but are not read: `EXECUTE`, loops, `ELSIF` / `ELSE` branches. */
  skipped: number;
}

function staticQueries(body: string): BlockQueries {
  const out: BlockQueries = { queries: [], skipped: 0 };
  if (body.includes(WRAPPER_QUOTE)) return out;
  // parsePlPgSQL reads function definitions: the block becomes the body of one.
  const tree = parsePlPgSQLSync(`CREATE FUNCTION pg_temp.schemalint_do() RETURNS void LANGUAGE plpgsql AS ${WRAPPER_QUOTE}${body}${WRAPPER_QUOTE}`) as unknown;
  const functions = field(tree, "plpgsql_funcs");
  for (const fn of Array.isArray(functions) ? functions : []) collect(field(field(fn, "PLpgSQL_function"), "action"), out);
  return out;
}

const NOT_READ = /^PLpgSQL_stmt_(?:dynexecute|loop|while|fori|fors|forc|foreach_a|dynfors|case)$/u;

function collect(statement: unknown, out: BlockQueries): void {
  const block = field(statement, "PLpgSQL_stmt_block");
  if (block !== undefined) {
    for (const s of list(field(block, "body"))) collect(s, out);
    return;
  }
  const execsql = field(statement, "PLpgSQL_stmt_execsql");
  if (execsql !== undefined) {
    const query = field(field(field(execsql, "sqlstmt"), "PLpgSQL_expr"), "query");
    if (typeof query === "string") out.queries.push({ query, perform: false });
    return;
  }
  const perform = field(statement, "PLpgSQL_stmt_perform");
  if (perform !== undefined) {
    const query = field(field(field(perform, "expr"), "PLpgSQL_expr"), "query");
    if (typeof query === "string" && query.startsWith(SELECT)) out.queries.push({ query, perform: true });
    return;
  }
  const branch = field(statement, "PLpgSQL_stmt_if");
  if (branch !== undefined) {
    for (const s of list(field(branch, "then_body"))) collect(s, out);
    out.skipped += list(field(branch, "elsif_list")).length + (list(field(branch, "else_body")).length > 0 ? 1 : 0);
    return;
  }
  const tag = statement !== null && typeof statement === "object" ? Object.keys(statement)[0] : undefined;
  if (tag !== undefined && NOT_READ.test(tag)) out.skipped++;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `statements` in order, each `DO` block followed by the statements it runs ({@link doBlockStatements}). */
export function withDoBlocks(statements: readonly ParsedStatement[], source: SourceText, unread?: Unread): readonly ParsedStatement[] {
  // The common case (a dump's thousands of statements, no DO) returns the same array.
  if (!statements.some((s) => s.tag === "DoStmt")) return statements;
  return statements.flatMap((s) => (s.tag === "DoStmt" ? [s, ...doBlockStatements(s, source, unread)] : [s]));
}
