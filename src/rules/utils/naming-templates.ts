import { makeObjectName } from "../../schema/naming.js";

/**
 * Name templates such as `idx_{table}_{columns}`: placeholders are replaced by the object's table,
 * columns and referenced table; `{name}` stands for any non-empty text. Matching is case-sensitive,
 * as PostgreSQL compares identifiers after case folding.
 */

/** Every placeholder a template may use (each object kind allows a subset). */
export const TEMPLATE_PLACEHOLDERS = ["table", "columns", "ref_table", "name"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** NAMEDATALEN - 1 (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS). */
const MAX_IDENTIFIER_BYTES = 63;

/** The placeholders a template uses, e.g. `["table", "columns"]` for `idx_{table}_{columns}`. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/gu)].map((m) => m[1] ?? "");
}

/** Placeholders of `template` that are not in `allowed`. */
export function unknownPlaceholders(template: string, allowed: readonly string[]): string[] {
  return placeholdersOf(template).filter((p) => !allowed.includes(p));
}

/** What a template's placeholders stand for, for one object. */
export interface TemplateValues {
  readonly table?: string;
  /**
   * Accepted spellings of `{columns}` (column names joined with `_`); the first is the one suggested.
   * More than one when an index has expression keys (`lower`, `email`, `lower_email`).
   */
  readonly columns?: readonly string[];
  readonly ref_table?: string;
}

/** A template with its placeholders substituted: literal text, with `null` where `{name}` stood. */
type Expansion = readonly (string | null)[];

function expansions(template: string, values: TemplateValues): Expansion[] {
  const columnChoices = values.columns === undefined || values.columns.length === 0 ? [""] : values.columns;
  return [...new Set(columnChoices)].map((columns) =>
    template.split("{name}").flatMap((segment, i) => {
      const literal = segment
        .replaceAll("{table}", values.table ?? "")
        .replaceAll("{columns}", columns)
        .replaceAll("{ref_table}", values.ref_table ?? "");
      return i === 0 ? [literal] : [null, literal];
    }),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Whether `name` is a prefix of some name the expansion matches. PostgreSQL truncates longer
 * identifiers to 63 bytes, so a 63-byte name that starts like the expected one was written in full.
 */
function isTruncationOf(expansion: Expansion, name: string): boolean {
  let rest = name;
  for (const part of expansion) {
    // `{name}` can absorb whatever is left, and the rest of the template can follow it.
    if (part === null) return true;
    if (rest.length <= part.length) return part.startsWith(rest);
    if (!rest.startsWith(part)) return false;
    rest = rest.slice(part.length);
  }
  return rest === "";
}

export interface TemplateMatchOptions {
  /** Also accept the template followed by `_` and any text (to tell apart objects that would get the same name). */
  readonly allowSuffix?: boolean;
}

/** Whether `name` follows the template for an object with these values (or is its 63-byte truncation). */
export function matchesTemplate(template: string, values: TemplateValues, name: string, options: TemplateMatchOptions = {}): boolean {
  const candidates = expansions(template, values).flatMap((e) => (options.allowSuffix === true ? [e, [...e, "_", null]] : [e]));
  const truncated = byteLength(name) === MAX_IDENTIFIER_BYTES;
  return candidates.some((parts) => {
    if (parts.includes(null)) {
      const source = parts.map((p) => (p === null ? ".+" : escapeRegExp(p))).join("");
      if (new RegExp(`^${source}$`, "su").test(name)) return true;
    } else if (parts.join("") === name) return true;
    return truncated && isTruncationOf(parts, name);
  });
}

/** The name the template gives the object, `{name}` filled with `fill`, truncated to 63 bytes as PostgreSQL would. */
export function expandTemplate(template: string, values: TemplateValues, fill: string): string {
  const first = expansions(template, values)[0] ?? [];
  return truncateIdentifier(first.map((p) => p ?? fill).join(""));
}

/** An identifier cut to 63 bytes at a character boundary, as PostgreSQL's scanner does. */
export function truncateIdentifier(name: string): string {
  return byteLength(name) <= MAX_IDENTIFIER_BYTES ? name : makeObjectName(name, "", "");
}
