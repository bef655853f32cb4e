import { skipLexeme } from "../parser/lexer.js";
import { blank } from "./text.js";
import type { ProjectManifest } from "./types.js";

/**
 * Go `text/template` actions in migration files: popx renders every migration as a template
 * (`{{ if .IsPostgreSQL }}`), and projects that render their schema with Go code write
 * `{{.Schema}}.executions` or `{{ index .Options "Namespace" }}`. PostgreSQL's grammar has no `{`
 * outside string literals and comments, so `{{` there can only be a template action; without this,
 * every statement holding one is a parse error.
 */

/** Actions that print nothing themselves: control structure, comments, variable declarations. */
const PRINTS_NOTHING = /^(?:(?:if|else|end|range|with|define|template|block|break|continue)(?![\w.])|\/\*|\$\w*\s*:?=)/u;

/**
 * The text with each template action outside string literals, quoted identifiers and comments
 * replaced in place: an action that prints a value (`{{ index .Options "Namespace" }}`) by `x` repeated
 * to its length, a neutral identifier, except a qualifier (`{{.Schema}}.executions`), which is blanked
 * with its dot, leaving the name in the default schema; an action that prints nothing (`{{ if … }}`,
 * `{{ end }}`, `{{/* … *\/}}`) by spaces. Line breaks stay, so every position in the text is unchanged. Actions inside literals are
 * left alone (they parse as they are, and `'{{1,2},{3,4}}'` is an array literal, not a template);
 * both branches of an `{{ if }}` are kept.
 *
 * Dollar-quoted bodies are the exception when the file is rendered as a template: `wholeFile` (the tool
 * renders every file: {@link rendersWholeFile}) or an action outside literals, which only a renderer
 * can have put there. Go's text/template knows nothing of SQL quoting and substitutes actions inside
 * `$$ … $$` like anywhere else, and a DO block's body is parsed (src/parser/do-block.ts): left alone,
 * `alter table {{ .Schema }}.t …` in it fails to parse and the whole block drops out of the model. The
 * body is neutralized as a text of its own, so literals inside it are still left alone.
 */
export function neutralizeTemplates(text: string, wholeFile = false): string {
  if (!text.includes("{{")) return text;
  let out = "";
  let last = 0;
  let i = 0;
  let rendered = wholeFile;
  const dollarQuoted: { readonly from: number; readonly to: number }[] = [];
  while (i < text.length) {
    if (text[i] === "{" && text[i + 1] === "{") {
      const end = actionEnd(text, i + 2);
      if (end === undefined) break;
      const action = text.slice(i, end);
      // `{{.Schema}}.executions`: the qualifier goes with its dot, so the name is the same however the
      // action is spelt (in the default schema), not a schema named after the action's length.
      const qualifier = !printsNothing(action) && text[end] === "." && /[A-Za-z_"\u0080-\uffff]/u.test(text[end + 1] ?? "");
      const replaced = qualifier ? blank(`${action}.`) : printsNothing(action) ? blank(action) : identifier(action);
      out += text.slice(last, i) + replaced;
      last = i + replaced.length;
      i = last;
      rendered = true;
      continue;
    }
    const quoted = text[i] === '"' ? quotedIdentifierWithActions(text, i) : undefined;
    if (quoted !== undefined) {
      out += text.slice(last, i) + quoted;
      last = i + quoted.length;
      i = last;
      rendered = true;
      continue;
    }
    const next = skipLexeme(text, i);
    if (text[i] === "$" && next > i + 1) dollarQuoted.push({ from: i, to: next });
    i = next > i ? next : i + 1;
  }
  out += text.slice(last);
  return rendered ? withBodiesNeutralized(out, dollarQuoted) : out;
}

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/u;

/** `text` with the body of each dollar-quoted literal in `ranges` neutralized as a rendered text of its own. */
function withBodiesNeutralized(text: string, ranges: readonly { readonly from: number; readonly to: number }[]): string {
  let out = "";
  let last = 0;
  for (const { from, to } of ranges) {
    const literal = text.slice(from, to);
    const tag = DOLLAR_TAG.exec(literal)?.[0] ?? "";
    const closed = literal.length >= 2 * tag.length && literal.endsWith(tag);
    const body = text.slice(from + tag.length, closed ? to - tag.length : to);
    out += text.slice(last, from + tag.length) + neutralizeTemplates(body, true);
    last = from + tag.length + body.length;
  }
  return out + text.slice(last);
}

/**
 * Whether the project's tool renders every migration file as a Go template before running it:
 * gobuffalo/pop (`MigrationContent` parses the whole file with text/template and executes it with the
 * dialect's details, https://github.com/gobuffalo/pop/blob/main/migration_content.go), whose files are
 * named as golang-migrate's. popx does the same; its layout is told by its file names.
 */
export function rendersWholeFile(project: ProjectManifest | undefined): boolean {
  return project?.manifest === "go.mod" && project.dependencies.some((d) => /^github\.com\/gobuffalo\/pop(?:\/v\d+)?$/u.test(d));
}

/**
 * A quoted identifier holding template actions (`"{{ index .Options "Namespace" }}".users`), replaced;
 * undefined when the identifier at `start` holds none. An action's own Go strings would end the
 * identifier early, so the identifier is scanned action by action. One that is a whole qualifier is
 * blanked with its quotes and dot, as the unquoted spelling is, so both name the same table; other
 * actions inside become `x`s (or spaces when they print nothing).
 */
function quotedIdentifierWithActions(text: string, start: number): string | undefined {
  const actions: { readonly from: number; readonly to: number }[] = [];
  let j = start + 1;
  let close: number | undefined;
  while (j < text.length) {
    if (text[j] === "{" && text[j + 1] === "{") {
      const end = actionEnd(text, j + 2);
      if (end === undefined) return undefined;
      actions.push({ from: j, to: end });
      j = end;
    } else if (text[j] === '"') {
      if (text[j + 1] !== '"') {
        close = j;
        break;
      }
      j += 2;
    } else {
      j++;
    }
  }
  const [first] = actions;
  if (close === undefined || first === undefined) return undefined;
  const whole = text.slice(start, close + 1);
  const onlyAction = actions.length === 1 && first.from === start + 1 && first.to === close;
  if (onlyAction && !printsNothing(text.slice(first.from, first.to)) && text[close + 1] === "." && /[A-Za-z_"\u0080-\uffff]/u.test(text[close + 2] ?? "")) {
    return blank(`${whole}.`);
  }
  let out = "";
  let last = start;
  for (const { from, to } of actions) {
    const action = text.slice(from, to);
    out += text.slice(last, from) + (printsNothing(action) ? blank(action) : identifier(action));
    last = to;
  }
  return out + text.slice(last, close + 1);
}

function printsNothing(action: string): boolean {
  const inner = action
    .slice(2, -2)
    .replace(/^-(?=\s)/u, "")
    .trim();
  return PRINTS_NOTHING.test(inner);
}

/** `x` over the action's first line, spaces over the rest: one identifier even when the action spans lines. */
function identifier(action: string): string {
  const firstBreak = action.search(/[\r\n]/u);
  if (firstBreak < 0) return "x".repeat(action.length);
  return "x".repeat(firstBreak) + blank(action.slice(firstBreak));
}

/**
 * Index just past the `}}` closing the action whose body starts at `from`, skipping Go string, raw
 * string and character literals and a comment; undefined when it is never closed.
 */
function actionEnd(text: string, from: number): number | undefined {
  const body = /^-?\s*\/\*/u.exec(text.slice(from, from + 64));
  if (body !== null) {
    const close = text.indexOf("*/", from + body[0].length);
    if (close < 0) return undefined;
    const end = text.indexOf("}}", close + 2);
    return end < 0 ? undefined : end + 2;
  }
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "}" && text[i + 1] === "}") return i + 2;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      if (text[i] !== c) return undefined;
    } else if (c === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) return undefined;
      i = close;
    }
    i++;
  }
  return undefined;
}
