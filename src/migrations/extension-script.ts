import { blank } from "./text.js";

/**
 * PostgreSQL's substitutions in extension scripts: before it runs `{extension}--{version}.sql` or an
 * update script `{extension}--{from}--{to}.sql`, CREATE EXTENSION / ALTER EXTENSION UPDATE replace
 * `@extschema@` with the extension's schema, `@extowner@` (PostgreSQL 13) with the role running it and
 * `@extschema:{name}@` (PostgreSQL 16) with the schema of a required extension, textually, anywhere in
 * the script (extension.c `execute_extension_script`;
 * https://www.postgresql.org/docs/current/extend-extensions.html#EXTEND-EXTENSIONS-FILES). No SQL has
 * `@` around a word, so outside such a script the text never holds one; in one (timescaledb's
 * `sql/*.sql` and `sql/updates/*.sql`) every statement holding one was a parse error.
 */
const PLACEHOLDER = /@ext(?:schema(?::[^@\s]+)?|owner)@(\.(?=[A-Za-z_"\u0080-\uffff]))?/gu;

/**
 * The text with each placeholder replaced in place, as {@link neutralizeTemplates} does for Go template
 * actions: a schema qualifier (`@extschema@.chunk`) is blanked with its dot, leaving the name in the
 * default schema (the extension's own, which the script runs with as the first search_path entry),
 * anything else (`SET search_path = @extschema@`, `OWNER TO @extowner@`) becomes `x` repeated to its
 * length, a neutral identifier. Line breaks and every position stay.
 */
export function neutralizeExtensionPlaceholders(text: string): string {
  if (!text.includes("@ext")) return text;
  return text.replace(PLACEHOLDER, (match: string, dot: string | undefined) => (dot === undefined ? "x".repeat(match.length) : blank(match)));
}
