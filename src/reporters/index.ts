import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { LintResult } from "../lint-result.js";
import { rules } from "../rules/index.js";
import { docsUrl } from "../rules/rule.js";
import { compact } from "./compact.js";
import { json } from "./json.js";
import type { Formatter, FormatterContext, FormatterRuleMeta } from "./types.js";

export type { Formatter, FormatterContext } from "./types.js";

export const BUILTIN_FORMATS = ["pretty", "compact", "json", "checklist", "github", "sarif", "junit", "gitlab"] as const;

/** ESLint's `rulesMeta` for formatters: docs URL and description of every rule. */
export function rulesMeta(): Record<string, FormatterRuleMeta> {
  const out: Record<string, FormatterRuleMeta> = {};
  for (const { meta } of rules) {
    out[meta.id] = { docs: { url: docsUrl(meta.id), description: meta.summary }, type: meta.category === "migrations" ? "problem" : "suggestion" };
  }
  return out;
}

export class UnknownFormatError extends Error {}

type EslintFormatter = (results: readonly LintResult[], data: unknown) => string | Promise<string>;

async function loadExternal(name: string, cwd: string): Promise<Formatter> {
  const packageName = name.startsWith("eslint-formatter-") || name.startsWith("@") ? name : `eslint-formatter-${name}`;
  let resolved: string;
  try {
    resolved = createRequire(path.join(cwd, "package.json")).resolve(packageName);
  } catch {
    throw new UnknownFormatError(
      `Unknown format "${name}": not one of ${BUILTIN_FORMATS.join(", ")}, and no package "${packageName}" is installed in ${cwd}.`,
    );
  }
  const loaded = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
  const format = loaded.default;
  if (typeof format !== "function") throw new UnknownFormatError(`Package "${packageName}" does not export a formatter function.`);
  return (results, context) => (format as EslintFormatter)(results, { cwd: context.cwd, rulesMeta: context.rulesMeta });
}

/** Built-in formatters load lazily (pretty pulls in chalk and friends); others are ESLint formatter packages. */
export async function loadFormatter(name: string, cwd: string): Promise<Formatter> {
  switch (name) {
    case "compact":
      return compact;
    case "json":
      return json;
    case "pretty":
      return (await import("./pretty.js")).pretty;
    case "checklist":
      return (await import("./checklist.js")).checklist;
    case "github":
      return (await import("./github.js")).github;
    case "sarif":
      return (await import("./sarif.js")).sarif;
    case "junit":
      return (await import("./junit.js")).junit;
    case "gitlab":
      return (await import("./gitlab.js")).gitlab;
    default:
      return loadExternal(name, cwd);
  }
}

export function formatterContext(cwd: string): FormatterContext {
  return { cwd, rulesMeta: rulesMeta() };
}
