import type { ParsedStatement } from "../parser/parse.js";
import type { SourceText } from "../parser/source-text.js";
import type { Catalog } from "./catalog.js";
import type { Origin } from "./model.js";

/** What the fold knows about the statement it applies. */
export interface FoldContext {
  readonly catalog: Catalog;
  readonly file: string;
  readonly migration: string;
  readonly source: SourceText;
  readonly statement: ParsedStatement;
}

export function originAt(ctx: FoldContext, location?: number): Origin {
  const { statement } = ctx;
  return {
    file: ctx.file,
    migration: ctx.migration,
    statementIndex: statement.index,
    statementStart: statement.start,
    statementEnd: statement.end,
    location: location !== undefined && location >= statement.start ? location : statement.start,
  };
}

export { expressionOf } from "./expression.js";
