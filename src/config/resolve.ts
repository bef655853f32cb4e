import type { z } from "zod";
import type { SeverityLevel } from "../lint-result.js";
import type { ConfiguredRule } from "../rules/engine.js";
import { rulesById } from "../rules/index.js";
import { PRESET_NAMES, presetSettings, type PresetName } from "../rules/presets.js";
import type { Severity } from "../rules/rule.js";
import { didYouMean } from "../rules/utils/did-you-mean.js";
import { ConfigError } from "./errors.js";
import { configFileSchema, type ConfigFile } from "./schema.js";

export interface ResolvedConfig {
  /** The config file, if one was found. */
  readonly filepath: string | undefined;
  readonly rules: readonly ConfiguredRule[];
  /** Rule id → [severity name, options], as `--print-config` shows it. */
  readonly ruleSettings: Readonly<Record<string, [Severity, unknown]>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly postgresVersion: number;
  readonly migrations: ConfigFile["migrations"];
}

type SeverityInput = z.output<typeof configFileSchema>["rules"][string];

function severityName(value: unknown): Severity {
  if (value === 0 || value === "off") return "off";
  if (value === 1 || value === "warn") return "warn";
  return "error";
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./u, "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (issue.code === "invalid_union") {
    if (issue.path[0] === "extends") return `must be a preset or a list of presets: ${PRESET_NAMES.map((p) => `"${p}"`).join(", ")}`;
    return 'must be "off", "warn", "error" (or 0, 1, 2), or [severity, options]';
  }
  return issue.message;
}

/** Validates a parsed config file; throws ConfigError naming the file, key path and what is allowed. */
export function validateConfigFile(raw: unknown, file: string | undefined): ConfigFile {
  const parsed = configFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) throw new ConfigError(file, "", "invalid configuration");
    const path = issuePath(issue.path);
    if (issue.code === "unrecognized_keys" && path === "") {
      const key = issue.keys[0] ?? "";
      const guess = didYouMean(key, Object.keys(configFileSchema.shape));
      throw new ConfigError(file, key, `unknown key${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; allowed keys: ${Object.keys(configFileSchema.shape).join(", ")}`);
    }
    throw new ConfigError(file, path, describeIssue(issue));
  }
  return parsed.data;
}

/** Parses `--rule 'id: severity'` or `--rule 'id: ["warn", {...}]'`. */
export function parseRuleFlag(flag: string): [string, SeverityInput] {
  const colon = flag.indexOf(":");
  if (colon < 0) throw new ConfigError("--rule", flag, 'expected "rule-id: severity", e.g. --rule "no-float-money: warn"');
  const id = flag.slice(0, colon).trim();
  const value = flag.slice(colon + 1).trim();
  let parsed: unknown = value;
  if (value.startsWith("[") || /^\d$/u.test(value)) {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigError("--rule", id, `invalid JSON: ${value}`);
    }
  }
  const rules = validateConfigFile({ rules: { [id]: parsed } }, "--rule").rules;
  const entry = rules[id];
  if (entry === undefined) throw new ConfigError("--rule", id, "missing severity");
  return [id, entry];
}

/** Applies presets, the config's rules and CLI overrides; validates each rule's options once, here. */
export function resolveConfig(
  config: ConfigFile,
  filepath: string | undefined,
  overrides: readonly [string, SeverityInput][] = [],
): ResolvedConfig {
  const presets: readonly PresetName[] =
    config.extends === undefined ? ["schemalint:recommended"] : Array.isArray(config.extends) ? config.extends : [config.extends];
  const settings = new Map<string, { severity: Severity; options: unknown; source: string }>();
  for (const preset of presets) {
    for (const [id, { severity, options }] of Object.entries(presetSettings(preset))) settings.set(id, { severity, options, source: filepath ?? "" });
  }
  const entries: [string, SeverityInput, string | undefined][] = [
    ...Object.entries(config.rules).map(([id, v]): [string, SeverityInput, string | undefined] => [id, v, filepath]),
    ...overrides.map(([id, v]): [string, SeverityInput, string | undefined] => [id, v, "--rule"]),
  ];
  for (const [id, value, source] of entries) {
    if (!rulesById.has(id)) {
      const guess = didYouMean(id, rulesById.keys());
      throw new ConfigError(source, `rules.${id}`, `unknown rule${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; run "schemalint rules" for the list`);
    }
    const severity = severityName(Array.isArray(value) ? value[0] : value);
    const previous = settings.get(id);
    const options = Array.isArray(value) && value.length > 1 ? value[1] : (previous?.options ?? {});
    settings.set(id, { severity, options, source: source ?? "" });
  }
  const configured: ConfiguredRule[] = [];
  const ruleSettings: Record<string, [Severity, unknown]> = {};
  for (const [id, { severity, options, source }] of [...settings].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = rulesById.get(id);
    if (rule === undefined) continue;
    // Unknown option keys are errors (a misspelt option would otherwise silently fall back to its default).
    const parsed = rule.meta.options.strict().safeParse(options ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = `rules.${id}[1]${issue === undefined || issue.path.length === 0 ? "" : `.${issuePath(issue.path)}`}`;
      const allowed = Object.keys(rule.meta.options.shape);
      const detail = issue === undefined ? "invalid options" : describeIssue(issue);
      throw new ConfigError(source === "" ? filepath : source, path, `${detail}${allowed.length === 0 ? " (this rule has no options)" : `; options: ${allowed.join(", ")}`}`);
    }
    ruleSettings[id] = [severity, parsed.data];
    if (severity !== "off") {
      const level: SeverityLevel = severity === "warn" ? 1 : 2;
      configured.push({ rule, severity: level, options: parsed.data });
    }
  }
  return {
    filepath,
    rules: configured,
    ruleSettings,
    include: config.include,
    exclude: config.exclude,
    postgresVersion: config.postgresVersion,
    migrations: config.migrations,
  };
}
