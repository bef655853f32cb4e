import type { IndexKey } from "../../schema/model.js";
import { columnsReferenced, indexExpressionName } from "../../schema/expression.js";
import { makeObjectName } from "../../schema/naming.js";
import { expandTemplate, matchesTemplate, type TemplateValues } from "./naming-templates.js";

/**
 * How naming-convention reads and judges constraint and index names: the names PostgreSQL chooses for
 * unnamed objects (https://www.postgresql.org/docs/current/sql-createindex.html, "name"), and the
 * template and pattern conventions.
 */

/** A table or column convention as the options give it (a template, a pattern, or a style). */
export type ConventionShape = string | { readonly pattern: string } | { readonly case: "snake" | "any"; readonly plural: boolean };

/** `{columns}` of an index: column names, or for an expression key its function name and/or referenced columns. */
export function indexColumnChoices(keys: readonly IndexKey[], column: (name: string) => string): string[] {
  let combos: string[][] = [[]];
  for (const key of keys) {
    let options: string[];
    if (key.kind === "column") options = [column(key.column)];
    else {
      const fn = indexExpressionName(key.expression.node);
      const refs = columnsReferenced(key.expression.node).map(column).join("_");
      options = fn === "expr" ? [refs === "" ? fn : refs, fn] : [refs === "" ? fn : `${fn}_${refs}`, fn, refs];
      options = [...new Set(options.filter((o) => o !== ""))];
    }
    combos = combos.flatMap((c) => options.map((o) => [...c, o])).slice(0, 32);
  }
  return combos.map((c) => c.join("_"));
}

/** The name PostgreSQL would give an unnamed object (`ChooseConstraintName`/`ChooseIndexName`), with its optional counter. */
export function isPostgresDefaultName(name: string, table: string, columns: readonly string[], label: string): boolean {
  const counter = /_([a-z]+)(\d*)$/u.exec(name);
  if (counter?.[1] !== label) return false;
  const full = [table, ...(columns.length === 0 ? [] : [columns.join("_")]), `${label}${counter[2] ?? ""}`].join("_");
  // Names that fit in 63 bytes are not shortened; only longer ones need makeObjectName's trimming.
  return Buffer.byteLength(full, "utf8") <= 63 ? name === full : name === makeObjectName(table, columns.join("_"), `${label}${counter[2] ?? ""}`);
}

/** `{name}` for a suggestion: the current name without the table and the usual prefixes and suffixes. */
export function nameFill(current: string, table: string, columns: readonly string[]): string {
  let s = current.replace(/^(?:chk|ck|check|fk|uq|uk|idx|ix|pk)_/u, "");
  if (s.startsWith(`${table}_`)) s = s.slice(table.length + 1);
  s = s.replace(/_(?:check|chk|ck|fkey|fk|key|idx|pkey)\d*$/u, "");
  return s !== "" ? s : columns.length > 0 ? columns.join("_") : "check";
}

export function conventionText(convention: ConventionShape): string {
  if (typeof convention === "string") return convention;
  if ("pattern" in convention) return `pattern ${convention.pattern}`;
  if (convention.case === "snake") return convention.plural ? "plural snake_case" : "snake_case";
  return convention.plural ? "plural names" : "any name";
}

export interface Verdict {
  /** The name to rename to, when one can be derived. */
  readonly expected: string | undefined;
  readonly convention: string;
}

const patterns = new Map<string, RegExp>();

/** A pattern option compiled once (sources are validated by the options schema). */
export function compiled(source: string): RegExp {
  let regex = patterns.get(source);
  if (regex === undefined) {
    regex = new RegExp(source, "u");
    patterns.set(source, regex);
  }
  return regex;
}

/** Checks a constraint or index name against a template or pattern; undefined when it follows it. */
export function judgeObject(
  convention: string | { readonly pattern: string },
  name: string,
  values: TemplateValues,
  fill: string,
  allowSuffix: boolean,
): Verdict | undefined {
  if (typeof convention !== "string") {
    return compiled(convention.pattern).test(name) ? undefined : { expected: undefined, convention: conventionText(convention) };
  }
  if (matchesTemplate(convention, values, name, { allowSuffix })) return undefined;
  const expected = expandTemplate(convention, values, fill);
  return { expected: matchesTemplate(convention, values, expected) ? expected : undefined, convention };
}

