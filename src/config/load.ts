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

/**
 * Finds and validates the configuration: `explicitPath` (from --config) or a search from `cwd` up to
 * the project root (the nearest package.json), as cosmiconfig's "project" strategy does.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
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
