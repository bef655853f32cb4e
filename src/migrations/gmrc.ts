/**
 * graphile-migrate's configuration file, `.gmrc` (JSON5), or `.gmrc.js` / `.gmrc.cjs` (a CommonJS module,
 * `module.exports = { … }`), read as far as a linter needs it: where the migrations are, which
 * placeholders the tool substitutes, which SQL files it runs after a reset. graphile-migrate reads the
 * file from its working directory (src/commands/_common.ts `getSettings`: `.gmrc`, then `.gmrc.js`, then
 * `.gmrc.cjs`) and resolves `migrationsFolder` (default `./migrations`) against that directory
 * (src/settings.ts). https://github.com/graphile/migrate#configuration
 */
import path from "node:path/posix";
import JSON5 from "json5";
import { basename } from "./text.js";
import type { SourceFile } from "./types.js";

/** The configuration file names graphile-migrate looks for, in its order. */
export const GMRC_NAMES: readonly string[] = [".gmrc", ".gmrc.js", ".gmrc.cjs"];

/** A placeholder key as graphile-migrate accepts it in `placeholders` (src/settings.ts). */
const PLACEHOLDER_KEY = /^:[A-Z][0-9A-Z_]+$/u;

export interface GmrcSettings {
  /** `migrationsFolder` as written, `./migrations` when unset. */
  readonly migrationsFolder: string;
  /**
   * The keys of `placeholders` (`:DATABASE_VISITOR`, …); undefined when the file could not be read
   * (a `.gmrc.js` that computes its settings): the placeholders are then unknown.
   */
  readonly placeholders: readonly string[] | undefined;
  /**
   * The SQL files of the `afterReset` actions, relative to the migrations folder, in order; undefined
   * when the file could not be read.
   */
  readonly afterReset: readonly string[] | undefined;
}

export function isGmrc(file: string): boolean {
  return GMRC_NAMES.includes(basename(file));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The settings object of a `.gmrc` (JSON5). graphile-migrate `require`s a `.gmrc.js`, which a linter
 * cannot do: the object literal after `module.exports =` is read as JSON5 when it is one (the README's
 * example is the `.gmrc` object prefixed so), otherwise nothing is known.
 */
function rawSettings(file: SourceFile): Record<string, unknown> | undefined {
  let text = file.text;
  if (basename(file.path) !== ".gmrc") {
    const start = /module\.exports\s*=\s*\{/u.exec(text);
    const end = text.lastIndexOf("}");
    if (start === null || end < start.index) return undefined;
    text = text.slice(start.index + start[0].length - 1, end + 1);
  }
  try {
    const parsed: unknown = JSON5.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The SQL files of a list of actions (src/settings.ts `makeValidateActionCallback`): a string is an SQL
 * action (`"!file.sql"` runs it as the superuser, same file), an object `{ "_": "sql", "file": … }`
 * too; `command` actions run shell commands and are left out, as are SQL actions for the shadow
 * database only (`"shadow": true`).
 */
function sqlActions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const files: string[] = [];
  for (const action of value as unknown[]) {
    if (typeof action === "string") files.push(action.startsWith("!") ? action.slice(1) : action);
    else if (isRecord(action) && action._ === "sql" && typeof action.file === "string" && action.shadow !== true) files.push(action.file);
  }
  return files;
}

export function parseGmrc(file: SourceFile): GmrcSettings {
  const raw = rawSettings(file);
  const folder = raw?.migrationsFolder;
  const placeholders = raw?.placeholders;
  return {
    migrationsFolder: typeof folder === "string" ? folder : "./migrations",
    placeholders: raw === undefined ? undefined : isRecord(placeholders) ? Object.keys(placeholders).filter((k) => PLACEHOLDER_KEY.test(k)) : [],
    afterReset: raw === undefined ? undefined : sqlActions(raw.afterReset),
  };
}

/** The absolute migrations folder a configuration file names (graphile-migrate runs in the file's directory). */
export function gmrcMigrationsDir(file: SourceFile): string {
  return path.resolve(path.dirname(file.path), parseGmrc(file).migrationsFolder);
}
