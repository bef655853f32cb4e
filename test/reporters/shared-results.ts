import path from "node:path";
import { resultOf, type LintMessage, type LintResult } from "../../src/lint-result.js";

/**
 * One set of lint results for the golden tests of every output format. It holds the cases formats get
 * wrong: a syntax error (fatal, no end position), a finding over several lines, the same message twice in
 * one file, non-ASCII text (é, «», 😀) in a message and in a path, CRLF and `%`, `:`, `,` in a message,
 * `%`, `:`, `,` and a space in a file name, a clean file, a suppressed finding, and a file outside the
 * working directory (shown with its absolute path).
 */

/** The working directory the formatters get: paths are shown relative to it. */
export const FIXTURE_CWD = path.resolve(path.sep, "home", "ci", "project");

export const FILES = {
  init: "db/migrations/001_init.sql",
  broken: "db/002_broken.sql",
  /** Non-ASCII directory, and `%`, `:`, `,` in the file name. */
  odd: "db/café 😀/100%_a:b,c.sql",
  clean: "db/003_clean.sql",
} as const;

/** Outside FIXTURE_CWD. */
export const OUTSIDE_FILE = path.resolve(FIXTURE_CWD, "..", "elsewhere", "x.sql");

export const TEXT = {
  float: 'Column "price" of "orders" stores money as "real": sums and comparisons are rounded.',
  floatHelp: "Use numeric(12, 2).",
  fk: 'Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns.',
  fkHelp: 'Create an index whose leading columns are "account_id".',
  unused: "Unused schemalint-disable-next-line directive: no finding was reported where it applies.",
  unusedHelp: "Remove the directive.",
  syntax: 'Syntax error at or near ";".',
  syntaxHelp: "Fix the syntax.",
  unicode: 'Colonne « prix » de "café😀" stocke de l\'argent en "real" — é, 😀.',
  crlf: 'Table "Orders" is not snake_case.\r\nRename it: 100% of the other tables, e.g. "order_items", are.',
  read: "File is binary (it contains NUL bytes), not SQL text: it was not linted.",
  hidden: 'Column "fee" of "orders" stores money as "real": sums and comparisons are rounded.',
} as const;

function at(file: string): string {
  return path.join(FIXTURE_CWD, ...file.split("/"));
}

/** Fresh results (resultOf sorts messages in place). `shift` moves every position of FILES.init down by that many lines. */
export function sharedResults(shift = 0): LintResult[] {
  const init: LintMessage[] = [
    { ruleId: "unused-disable-directive", severity: 2, message: TEXT.unused, help: TEXT.unusedHelp, line: 12 + shift, column: 1, endLine: 12 + shift, endColumn: 70 },
    { ruleId: "no-float-money", severity: 2, message: TEXT.float, help: TEXT.floatHelp, line: 2 + shift, column: 5, endLine: 2 + shift, endColumn: 14 },
    // Several lines: from the constraint's first line to the closing parenthesis.
    { ruleId: "require-fk-index", severity: 1, message: TEXT.fk, help: TEXT.fkHelp, line: 4 + shift, column: 3, endLine: 6 + shift, endColumn: 4 },
    { ruleId: "unused-disable-directive", severity: 2, message: TEXT.unused, help: TEXT.unusedHelp, line: 8 + shift, column: 1, endLine: 8 + shift, endColumn: 70 },
  ];
  const hidden: LintMessage = {
    ruleId: "no-float-money",
    severity: 2,
    message: TEXT.hidden,
    line: 10 + shift,
    column: 5,
    endLine: 10 + shift,
    endColumn: 12,
    suppressions: [{ kind: "directive", justification: "Legacy column." }],
  };
  return [
    resultOf(at(FILES.init), init, [hidden]),
    // A syntax error: PostgreSQL gives a position, no range.
    resultOf(at(FILES.broken), [{ ruleId: "parse-error", severity: 2, fatal: true, message: TEXT.syntax, help: TEXT.syntaxHelp, line: 3, column: 11 }], []),
    resultOf(
      at(FILES.odd),
      [
        { ruleId: "naming-convention", severity: 1, message: TEXT.crlf, line: 3, column: 14, endLine: 3, endColumn: 22 },
        { ruleId: "no-float-money", severity: 2, message: TEXT.unicode, help: TEXT.floatHelp, line: 1, column: 31, endLine: 1, endColumn: 45 },
      ],
      [],
    ),
    resultOf(at(FILES.clean), [], []),
    resultOf(OUTSIDE_FILE, [{ ruleId: "read-error", severity: 2, fatal: true, message: TEXT.read, line: 1, column: 1 }], []),
  ];
}
