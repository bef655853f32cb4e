import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./errors.js";
import { validateConfigFile } from "./resolve.js";
import type { ConfigFile } from "./schema.js";

export const SEARCH_PLACES = [
  "package.json",
  ".schemalintrc",
  ".schemalintrc.json",
  ".schemalintrc.yaml",
  ".schemalintrc.yml",
  ".schemalintrc.js",
  ".schemalintrc.mjs",
  ".schemalintrc.cjs",
  "schemalint.config.js",
  "schemalint.config.mjs",
  "schemalint.config.cjs",
];

export interface LoadedConfig {
  readonly filepath: string | undefined;
  readonly config: ConfigFile;
}

function loadError(error: unknown, file: string): ConfigError {
  // cosmiconfig puts the parser's reason on the lines after a "JSON Error in <file>:" header.
  const detail = error instanceof Error ? error.message.replace(/\s*\n\s*/gu, " ").trim() : String(error);
  return new ConfigError(file, "", `cannot be read: ${detail}`);
}

/** Whether a package.json has one of `keys` (an unreadable one might: cosmiconfig reports it). */
function packageHasKey(file: string, keys: readonly string[]): boolean {
  if (!existsSync(file)) return false;
  try {
    const data: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof data !== "object" || data === null || keys.some((key) => key in data);
  } catch {
    return true;
  }
}

/**
 * Whether cosmiconfig's search from `cwd` could find anything: a file of SEARCH_PLACES in a directory
 * it visits (up to the nearest package.json or package.yaml), a "schemalint" key in that package.json,
 * or cosmiconfig's own configuration (`.config/` or a "cosmiconfig" key in the working directory).
 * Most projects have no config file; answering that with a few `stat` calls spares a pre-commit run
 * loading cosmiconfig and its parsers (about 25 ms).
 */
function mayHaveConfigFile(cwd: string): boolean {
  if (existsSync(path.join(process.cwd(), ".config")) || packageHasKey(path.join(process.cwd(), "package.json"), ["cosmiconfig"])) return true;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (SEARCH_PLACES.some((place) => place !== "package.json" && existsSync(path.join(dir, place)))) return true;
    if (existsSync(path.join(dir, "package.yaml"))) return true;
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) return packageHasKey(pkg, ["schemalint"]);
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Finds and validates the configuration: `explicitPath` (from --config) or a search from `cwd` up to
 * the project root (the nearest package.json), as cosmiconfig's "project" strategy does.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  if (explicitPath === undefined && !mayHaveConfigFile(cwd)) return { filepath: undefined, config: validateConfigFile({}, undefined) };
  const { cosmiconfig } = await import("cosmiconfig");
  const explorer = cosmiconfig("schemalint", { searchPlaces: SEARCH_PLACES, searchStrategy: "project", cache: false });
  let result: Awaited<ReturnType<typeof explorer.search>>;
  const target = explicitPath === undefined ? undefined : path.resolve(cwd, explicitPath);
  try {
    result = target === undefined ? await explorer.search(cwd) : await explorer.load(target);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (target !== undefined && code === "ENOENT") throw new ConfigError(target, "", "file not found");
    const file = target ?? (error as { filepath?: string }).filepath ?? cwd;
    throw loadError(error, file);
  }
  if (result === null) return { filepath: undefined, config: validateConfigFile({}, undefined) };
  return { filepath: result.filepath, config: validateConfigFile(result.config, result.filepath) };
}
