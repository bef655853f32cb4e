import type { ParsedStatement } from "../parser/parse.js";
import type { SourceText } from "../parser/source-text.js";
import type { Origin } from "../schema/model.js";

/** Where a top-level statement lies (byte offsets), without its tree. */
export type StatementExtent = Pick<ParsedStatement, "index" | "start" | "end">;

/**
 * Origins of the first of `cuts` (UTF-16 offsets where the migration tool ends a statement by its own
 * rule, `MigrationPart.toolCuts`) inside each statement: after its first token and before its end. A cut
 * at or past the end is the statement's own semicolon, or one after a comment that follows it.
 */
export function cutsInside(
  cuts: readonly number[],
  statements: readonly StatementExtent[],
  source: SourceText,
  at: Pick<Origin, "file" | "migration">,
): Origin[] {
  const out: Origin[] = [];
  const bytes = cuts.map((c) => source.byteAtUtf16(c));
  // Both in file order: one pass.
  let i = 0;
  for (const statement of statements) {
    while ((bytes[i] ?? Infinity) <= statement.start) i++;
    const byte = bytes[i];
    const cut = cuts[i];
    if (byte === undefined || cut === undefined || byte >= statement.end) continue;
    out.push({
      ...at,
      statementIndex: statement.index,
      statementStart: statement.start,
      statementEnd: statement.end,
      location: byte,
      end: source.byteAtUtf16(cut + 1),
    });
  }
  return out;
}
