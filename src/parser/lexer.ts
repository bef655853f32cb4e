/**
 * A minimal SQL lexer in JavaScript for the hot paths that only need to skip over lexemes: where
 * strings, quoted identifiers, dollar quotes and comments begin and end. The WASM scanner is exact
 * but costs a call and a JSON round trip per use. https://www.postgresql.org/docs/current/sql-syntax-lexical.html
 */

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/uy;

export function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[\w$\u0080-\uffff]/u.test(c);
}

/** Index just past the end of the line that contains `from` (before its line break). */
export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  return i;
}

/**
 * If a string, quoted identifier, dollar-quoted string or comment starts at `i`, the index just past
 * it (or the text's end when it is unterminated); otherwise `i` itself.
 */
export function skipLexeme(text: string, i: number): number {
  const c = text[i];
  const n = text.length;
  if (c === "-" && text[i + 1] === "-") return lineEnd(text, i);
  if (c === "/" && text[i + 1] === "*") {
    // Block comments nest in PostgreSQL.
    let depth = 1;
    let j = i + 2;
    while (j < n && depth > 0) {
      if (text[j] === "/" && text[j + 1] === "*") {
        depth++;
        j += 2;
      } else if (text[j] === "*" && text[j + 1] === "/") {
        depth--;
        j += 2;
      } else j++;
    }
    return j;
  }
  if (c === "'") {
    // E'...' strings take backslash escapes; standard strings only double the quote.
    const escapes = (text[i - 1] === "E" || text[i - 1] === "e") && !isIdentifierChar(text[i - 2]);
    let j = i + 1;
    while (j < n) {
      if (escapes && text[j] === "\\") j += 2;
      else if (text[j] === "'" && text[j + 1] === "'") j += 2;
      else if (text[j] === "'") return j + 1;
      else j++;
    }
    return n;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < n) {
      if (text[j] === '"' && text[j + 1] === '"') j += 2;
      else if (text[j] === '"') return j + 1;
      else j++;
    }
    return n;
  }
  if (c === "$" && !isIdentifierChar(text[i - 1])) {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(text)?.[0];
    if (tag === undefined) return i;
    const close = text.indexOf(tag, i + tag.length);
    return close < 0 ? n : close + tag.length;
  }
  return i;
}

/**
 * End (exclusive) of the list element that starts at `from` in `text`: before the first `,` or `;` or
 * unbalanced `)` at its own nesting level, with trailing white space and comments trimmed.
 */
export function listElementEnd(text: string, from: number): number {
  let depth = 0;
  let lastSignificant = from;
  let i = from;
  while (i < text.length) {
    const skipped = skipLexeme(text, i);
    if (skipped !== i) {
      const c = text[i];
      // Comments do not extend the element; strings and identifiers do.
      if (!(c === "-" || c === "/")) lastSignificant = skipped;
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) break;
      depth--;
    } else if ((c === "," || c === ";") && depth === 0) break;
    i++;
    if (c !== undefined && !/\s/u.test(c)) lastSignificant = i;
  }
  return lastSignificant;
}

/**
 * The words of a list element (from `from` to its end), upper-cased, with comments, strings and quoted
 * identifiers left out: enough to tell whether a clause such as `ON DELETE` was written.
 */
export function listElementWords(text: string, from: number): string[] {
  const end = listElementEnd(text, from);
  const words: string[] = [];
  let i = from;
  while (i < end) {
    const skipped = skipLexeme(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const match = /[A-Za-z_][\w$]*/uy;
    match.lastIndex = i;
    const word = match.exec(text)?.[0];
    if (word === undefined) i++;
    else {
      words.push(word.toUpperCase());
      i += word.length;
    }
  }
  return words;
}

/** Whether the character code can start a lexeme `skipLexeme` skips: - / ' " $ */
function mayStartLexeme(code: number): boolean {
  return code === 45 || code === 47 || code === 39 || code === 34 || code === 36;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isWordChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 36 || code >= 128;
}

/**
 * Cut points (indices just past a top-level `;`) that split `text` into chunks of about `chunkSize`
 * characters, so a large dump is parsed piece by piece instead of in one WASM call whose JSON would
 * exhaust the parser's heap. Semicolons inside `BEGIN ATOMIC ... END` bodies (SQL-standard function
 * bodies) are not cut points. With `chunkSize` 0, every top-level semicolon is a cut point.
 */
export function chunkBoundaries(text: string, chunkSize: number): number[] {
  const cuts: number[] = [];
  // Words only matter for BEGIN ATOMIC bodies; most inputs have none, and skipping words is faster.
  // Spelled as classes: a case-insensitive Unicode regex scans a 10 MB dump 40 times slower.
  const trackWords = /\b[Aa][Tt][Oo][Mm][Ii][Cc]\b/u.test(text);
  let chunkStart = 0;
  let atomicDepth = 0;
  let caseDepth = 0;
  let previousWord = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (mayStartLexeme(code)) {
      const skipped = skipLexeme(text, i);
      if (skipped !== i) {
        i = skipped;
        continue;
      }
    }
    if (code === 59) {
      i++;
      if (atomicDepth === 0 && i - chunkStart >= chunkSize) {
        cuts.push(i);
        chunkStart = i;
      }
      continue;
    }
    if (trackWords && isLetter(code) && !isWordChar(text.charCodeAt(i - 1))) {
      let end = i + 1;
      while (end < n && isWordChar(text.charCodeAt(end))) end++;
      const w = text.slice(i, end).toUpperCase();
      if (w === "ATOMIC" && previousWord === "BEGIN") atomicDepth++;
      else if (w === "CASE" && atomicDepth > 0) caseDepth++;
      else if (w === "END" && atomicDepth > 0) {
        if (caseDepth > 0) caseDepth--;
        else atomicDepth--;
      }
      previousWord = w;
      i = end;
      continue;
    }
    i++;
  }
  return cuts;
}
