/**
 * What the replay needs from a PostgreSQL session: PGlite in-process, or a throw-away database on a
 * server. One session, so `BEGIN`/`COMMIT` and session settings carry over between calls.
 */
export interface ReplayDatabase {
  /** "PGlite 0.5.14 (PostgreSQL 18.6)" or "PostgreSQL 16.4 at localhost:5432/schemalint_verify_…". */
  readonly description: string;
  /** Roles created before the replay because the history uses them (embedded database only). */
  readonly createdRoles: readonly string[];
  /** Whether `CREATE EXTENSION name` can succeed here (PGlite: the extensions it ships). */
  extensionAvailable(name: string): boolean;
  /** Runs SQL with the simple query protocol; rejects with the server's error. */
  exec(sql: string): Promise<void>;
  /** Rows as arrays of column values. */
  rows(sql: string): Promise<readonly (readonly unknown[])[]>;
  /** Ends the session and removes what was created for it. Safe to call twice. */
  close(): Promise<void>;
}

/** The fields of a PostgreSQL ErrorResponse the replay reports (https://www.postgresql.org/docs/current/protocol-error-fields.html). */
export interface ServerError {
  readonly message: string;
  /** SQLSTATE, e.g. "42P07". */
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  /** 1-based character position in the statement sent, when the server gives one. */
  readonly position: number | undefined;
}

function field(error: object, name: string): string | undefined {
  const value = (error as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** PGlite and node-postgres both raise errors carrying the ErrorResponse fields by their long names. */
export function serverErrorOf(error: unknown): ServerError {
  if (typeof error !== "object" || error === null) return { message: String(error), code: undefined, detail: undefined, hint: undefined, position: undefined };
  const position = Number(field(error, "position"));
  return {
    message: error instanceof Error ? error.message : (field(error, "message") ?? "unknown error"),
    code: field(error, "code"),
    detail: field(error, "detail"),
    hint: field(error, "hint"),
    position: Number.isInteger(position) && position > 0 ? position : undefined,
  };
}

/** A database that could not be opened or prepared: reported as a usage problem, not a finding. */
export class VerifyError extends Error {}
