/**
 * goose's environment variable substitution: between `-- +goose ENVSUB ON` and `-- +goose ENVSUB OFF`,
 * goose expands each line with mfridman/interpolate (internal/sqlparser `ParseSQLMigration`), in SQL,
 * string literals and comments alike: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:offset[:length]}`, `${VAR?message}`, defaults nesting further expansions; `$$` and `\$` stand
 * for a literal `$`, `\\` stays as written, `$(` is left alone. A `$` before anything else (`$1`) is an
 * error: goose refuses to run the migration.
 *
 * The values are not known when linting, so each expansion becomes `x` repeated to its length, as Flyway
 * placeholders do: a neutral identifier in SQL (`${PREFIX}users` → `xxxxxxxxxusers`), plain text inside
 * a literal, and every position after it unchanged.
 */

export interface EnvsubLine {
  /** The line as goose sends it, with unknown values as `x`s; as long as the line (UTF-16 code units). */
  readonly text: string;
  /** Why goose cannot substitute the line, if it cannot (the rest of the line is then left as written). */
  readonly problem?: string;
}

const LETTER = /^\p{L}/u;
const IDENTIFIER_CHAR = /^[\p{L}\p{N}_]/u;

/** Length in UTF-16 code units of the code point at `i`. */
function width(text: string, i: number): number {
  const code = text.codePointAt(i) ?? 0;
  return code > 0xffff ? 2 : 1;
}

/** Index past an identifier (a letter, then letters, digits, `_`) starting at `i`; undefined when there is none. */
function identifierEnd(text: string, i: number): number | undefined {
  if (!LETTER.test(text.slice(i, i + 2))) return undefined;
  let k = i;
  while (k < text.length && IDENTIFIER_CHAR.test(text.slice(k, k + 2))) k += width(text, k);
  return k;
}

/** Index past the expansion starting with the `$` at `i` (`$VAR` or `${…}`); undefined when interpolate rejects it. */
function expansionEnd(text: string, i: number): number | undefined {
  if (text[i + 1] !== "{") return identifierEnd(text, i + 1);
  let k = identifierEnd(text, i + 2);
  if (k === undefined) return undefined;
  if (text[k] === "}") return k + 1;
  if (text[k] === ":") k += text[k + 1] === "-" ? 2 : 1;
  else if (text[k] === "-" || text[k] === "?") k += 1;
  else return undefined;
  // The operator's word: text and further expansions up to the closing brace.
  while (k < text.length) {
    const two = text.slice(k, k + 2);
    if (text[k] === "}") return k + 1;
    if (two === "\\\\" || two === "\\$" || two === "$$" || two === "$(") {
      k += 2;
    } else if (text[k] === "$" && k < text.length - 1) {
      const end = expansionEnd(text, k);
      if (end === undefined) return undefined;
      k = end;
    } else {
      k += 1;
    }
  }
  return undefined;
}

/**
 * One line between ENVSUB ON and OFF, substituted as goose does with every value unknown. An escape
 * (`$$`, `\$`) becomes one `$`, as in goose; the spaces that keep the line's length are put at the next
 * whitespace (or the line's end), so only the word holding the escape moves: `AS $$$$` → `AS $$  `.
 */
export function substituteEnvLine(line: string): EnvsubLine {
  let out = "";
  let owed = 0;
  let i = 0;
  while (i < line.length) {
    const two = line.slice(i, i + 2);
    if (two === "\\\\" || two === "$(") {
      out += two;
      i += 2;
    } else if (two === "\\$" || two === "$$") {
      out += "$";
      owed += 1;
      i += 2;
    } else if (line[i] === "$" && i < line.length - 1) {
      const end = expansionEnd(line, i);
      if (end === undefined) {
        const shown = line.slice(i, Math.min(line.length, i + 24));
        return {
          text: out + " ".repeat(owed) + line.slice(i),
          problem: `goose cannot substitute \`${shown}\` after \`-- +goose ENVSUB ON\` (a variable name starts with a letter; write $$ or \\$ for a literal $): goose refuses to run this migration`,
        };
      }
      out += "x".repeat(end - i);
      i = end;
    } else {
      const c = line[i] ?? "";
      out += c;
      i += 1;
      if (owed > 0 && (c === " " || c === "\t")) {
        out += " ".repeat(owed);
        owed = 0;
      }
    }
  }
  return { text: out + " ".repeat(owed) };
}
