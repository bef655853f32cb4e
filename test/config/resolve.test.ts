import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { parseRuleFlag, resolveConfig, validateConfigFile } from "../../src/config/resolve.js";
import type { ConfigFile } from "../../src/config/schema.js";
import { rules } from "../../src/rules/index.js";
import { DEFAULT_MONEY_PATTERNS, DEFAULT_NOT_MONEY_PATTERNS } from "../../src/rules/no-float-money.js";
import { PRESET_NAMES, presetSettings, type PresetName } from "../../src/rules/presets.js";
import type { RuleModule, Severity } from "../../src/rules/rule.js";

const FILE = "/project/.schemalintrc.json";

function config(raw: unknown): ConfigFile {
  return validateConfigFile(raw, FILE);
}

/** Rule id → severity level of the enabled rules. */
function enabled(raw: unknown, overrides: Parameters<typeof resolveConfig>[2] = []): Record<string, number> {
  const resolved = resolveConfig(config(raw), FILE, overrides);
  return Object.fromEntries(resolved.rules.map((r) => [r.rule.meta.id, r.severity]));
}

function optionsOf(raw: unknown, id: string, overrides: Parameters<typeof resolveConfig>[2] = []): unknown {
  const found = resolveConfig(config(raw), FILE, overrides).rules.find((r) => r.rule.meta.id === id);
  if (found === undefined) throw new Error(`rule ${id} is not enabled`);
  return found.options;
}

function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

const DEFAULT_FLOAT_OPTIONS = { columnPatterns: DEFAULT_MONEY_PATTERNS, ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS };

/*
 * Expected preset contents are computed from the rules' metadata, not hand-listed, so these tests hold
 * whatever rules are registered (the spot checks below pin a few well-known rules by name).
 */

const LEVEL = { warn: 1, error: 2 } as const;

/** Severity of a rule in a preset, from its metadata: recommended is `defaultSeverity`; strict adds `strict` rules at warn; all turns off rules to warn. */
function expectedSeverity({ meta }: RuleModule, preset: PresetName): Severity {
  if (meta.defaultSeverity !== "off" || preset === "schemalint:recommended") return meta.defaultSeverity;
  if (preset === "schemalint:all") return "warn";
  return meta.strict === true ? "warn" : "off";
}

/** Options of a rule in a preset, defaults applied: `strictOptions` in strict, the defaults elsewhere. */
function expectedOptions({ meta }: RuleModule, preset: PresetName): unknown {
  return meta.options.parse(preset === "schemalint:strict" ? (meta.strictOptions ?? {}) : {});
}

/** What `enabled()` returns for a preset without config rules: rule id → level of every rule not off. */
function expectedLevels(preset: PresetName): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rule of rules) {
    const severity = expectedSeverity(rule, preset);
    if (severity !== "off") out[rule.meta.id] = LEVEL[severity];
  }
  return out;
}

/** What `ruleSettings` holds for a preset without config rules: every rule, with its severity name and options. */
function expectedRuleSettings(preset: PresetName): Record<string, [Severity, unknown]> {
  return Object.fromEntries(rules.map((rule) => [rule.meta.id, [expectedSeverity(rule, preset), expectedOptions(rule, preset)]]));
}

/** `levels` with some rules changed (a number) or removed (undefined). */
function changed(levels: Readonly<Record<string, number>>, changes: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const out: Record<string, number> = { ...levels };
  for (const [id, level] of Object.entries(changes)) {
    if (level === undefined) Reflect.deleteProperty(out, id);
    else out[id] = level;
  }
  return out;
}

const RECOMMENDED = expectedLevels("schemalint:recommended");

describe("resolveConfig: presets", () => {
  it("extends schemalint:recommended by default", () => {
    const result = enabled({});
    expect(result).toEqual(RECOMMENDED);
    // Spot checks, by name.
    expect(result["no-float-money"]).toBe(2);
    expect(result["require-fk-index"]).toBe(1);
    expect(result["require-comment"]).toBeUndefined();
    expect(result["prefer-text"]).toBeUndefined();
  });

  it("puts the rules in id order with their options validated", () => {
    const resolved = resolveConfig(config({}), FILE);
    const ids = resolved.rules.map((r) => r.rule.meta.id);
    expect(ids).toEqual(Object.keys(RECOMMENDED).sort((a, b) => a.localeCompare(b)));
    expect(resolved.rules.map((r) => r.options)).toEqual(resolved.rules.map((r) => r.rule.meta.options.parse({})));
    expect(resolved.ruleSettings).toEqual(expectedRuleSettings("schemalint:recommended"));
    // Spot checks, by name.
    expect(ids.indexOf("no-float-money")).toBeLessThan(ids.indexOf("require-fk-index"));
    expect(resolved.rules.find((r) => r.rule.meta.id === "no-float-money")?.options).toEqual(DEFAULT_FLOAT_OPTIONS);
    expect(resolved.ruleSettings["no-float-money"]).toEqual(["error", DEFAULT_FLOAT_OPTIONS]);
    expect(resolved.ruleSettings["require-fk-index"]).toEqual(["warn", {}]);
  });

  it("starts from no rules with extends: []", () => {
    const resolved = resolveConfig(config({ extends: [] }), FILE);
    expect(resolved.rules).toEqual([]);
    expect(resolved.ruleSettings).toEqual({});
  });

  it("accepts a preset name or a list of them", () => {
    expect(enabled({ extends: "schemalint:recommended" })).toEqual(RECOMMENDED);
    expect(enabled({ extends: ["schemalint:recommended"] })).toEqual(RECOMMENDED);
    expect(enabled({ extends: "schemalint:strict" })).toEqual(expectedLevels("schemalint:strict"));
    expect(enabled({ extends: ["schemalint:strict"] })).toEqual(expectedLevels("schemalint:strict"));
    expect(enabled({ extends: ["schemalint:all"] })).toEqual(expectedLevels("schemalint:all"));
    for (const preset of PRESET_NAMES) {
      const result = enabled({ extends: [preset] });
      expect([result["no-float-money"], result["require-fk-index"]], preset).toEqual([2, 1]);
    }
  });

  it("a later preset in the list overrides an earlier one", () => {
    expect(enabled({ extends: ["schemalint:all", "schemalint:recommended"] })).toEqual(RECOMMENDED);
    expect(enabled({ extends: ["schemalint:recommended", "schemalint:all"] })).toEqual(expectedLevels("schemalint:all"));
  });

  it("schemalint:strict adds the strict rules at warn, with their strictOptions", () => {
    const resolved = resolveConfig(config({ extends: "schemalint:strict" }), FILE);
    expect(resolved.ruleSettings).toEqual(expectedRuleSettings("schemalint:strict"));
    // Spot check: require-comment is off in recommended, and on with { columns: true } in strict.
    expect(resolved.ruleSettings["require-comment"]).toEqual(["warn", { columns: true }]);
    expect(resolved.rules.find((r) => r.rule.meta.id === "require-comment")).toMatchObject({ severity: 1, options: { columns: true } });
    expect(resolveConfig(config({}), FILE).ruleSettings["require-comment"]).toEqual(["off", { columns: false }]);
  });

  it("schemalint:all enables every rule, the ones that are off by default at warn", () => {
    const resolved = resolveConfig(config({ extends: "schemalint:all" }), FILE);
    expect(resolved.rules.map((r) => r.rule.meta.id)).toEqual(rules.map((r) => r.meta.id));
    expect(resolved.ruleSettings).toEqual(expectedRuleSettings("schemalint:all"));
    // Spot checks: prefer-text is off by default and a warning in all; errors stay errors.
    expect(resolved.ruleSettings["prefer-text"]?.[0]).toBe("warn");
    expect(resolved.ruleSettings["no-float-money"]).toEqual(["error", DEFAULT_FLOAT_OPTIONS]);
  });

  it("resolves each preset to the severities and options of presetSettings", () => {
    for (const preset of PRESET_NAMES) {
      const resolved = resolveConfig(config({ extends: preset }), FILE);
      const fromPresets = Object.fromEntries(
        rules.map(({ meta }): [string, [Severity, unknown]] => {
          const setting = presetSettings(preset)[meta.id];
          return [meta.id, [setting?.severity ?? "off", meta.options.parse(setting?.options ?? {})]];
        }),
      );
      expect(resolved.ruleSettings, preset).toEqual(fromPresets);
    }
  });

  it("enables only the rules listed when extends is []", () => {
    expect(enabled({ extends: [], rules: { "require-fk-index": "error" } })).toEqual({ "require-fk-index": 2 });
  });

  it("copies the other config fields", () => {
    const resolved = resolveConfig(config({ include: ["db/*.sql"], exclude: ["db/seed.sql"], postgresVersion: 13, migrations: { layout: "goose" } }), FILE);
    expect(resolved.filepath).toBe(FILE);
    expect(resolved.include).toEqual(["db/*.sql"]);
    expect(resolved.exclude).toEqual(["db/seed.sql"]);
    expect(resolved.postgresVersion).toBe(13);
    expect(resolved.migrations).toEqual({ layout: "goose", dirs: [], lintDown: false });
  });

  it("every rule of the registry is in recommended", () => {
    expect(Object.keys(resolveConfig(config({}), FILE).ruleSettings)).toEqual(rules.map((r) => r.meta.id));
  });
});

describe("resolveConfig: severity forms", () => {
  const forms: readonly [unknown, number | undefined][] = [
    ["off", undefined],
    [0, undefined],
    ["warn", 1],
    [1, 1],
    ["error", 2],
    [2, 2],
    [["off"], undefined],
    [["warn"], 1],
    [[1, {}], 1],
    [["error", {}], 2],
  ];
  for (const [value, level] of forms) {
    it(`${JSON.stringify(value)} → ${level === undefined ? "disabled" : `severity ${level}`}`, () => {
      const result = enabled({ rules: { "no-float-money": value } });
      expect(result["no-float-money"]).toBe(level);
      expect(result["require-fk-index"]).toBe(1);
    });
  }

  it("names the severity in ruleSettings", () => {
    const resolved = resolveConfig(config({ extends: [], rules: { "no-float-money": 0, "require-fk-index": 2 } }), FILE);
    expect(resolved.ruleSettings).toEqual({
      "no-float-money": ["off", DEFAULT_FLOAT_OPTIONS],
      "require-fk-index": ["error", {}],
    });
    expect(resolved.rules.map((r) => [r.rule.meta.id, r.severity])).toEqual([["require-fk-index", 2]]);
    // The same over the default preset: the two rules change, every other rule keeps its preset setting.
    const overPreset = resolveConfig(config({ rules: { "no-float-money": 0, "require-fk-index": 2 } }), FILE);
    expect(overPreset.ruleSettings).toEqual({
      ...expectedRuleSettings("schemalint:recommended"),
      "no-float-money": ["off", DEFAULT_FLOAT_OPTIONS],
      "require-fk-index": ["error", {}],
    });
    expect(Object.fromEntries(overPreset.rules.map((r) => [r.rule.meta.id, r.severity]))).toEqual(
      changed(RECOMMENDED, { "no-float-money": undefined, "require-fk-index": 2 }),
    );
  });
});

describe("resolveConfig: options", () => {
  it('["warn", {options}] applies the options and defaults the rest', () => {
    expect(optionsOf({ rules: { "no-float-money": ["warn", { columnPatterns: ["^amt$"] }] } }, "no-float-money")).toEqual({
      columnPatterns: ["^amt$"],
      ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS,
    });
    expect(enabled({ rules: { "no-float-money": ["warn", { columnPatterns: ["^amt$"] }] } })["no-float-money"]).toBe(1);
  });

  it("a rule without options gets the defaults", () => {
    expect(optionsOf({ rules: { "no-float-money": "warn" } }, "no-float-money")).toEqual(DEFAULT_FLOAT_OPTIONS);
    expect(optionsOf({ rules: { "no-float-money": ["warn"] } }, "no-float-money")).toEqual(DEFAULT_FLOAT_OPTIONS);
  });

  it("an empty pattern list replaces the defaults", () => {
    expect(optionsOf({ rules: { "no-float-money": ["error", { ignorePatterns: [] }] } }, "no-float-money")).toEqual({
      columnPatterns: DEFAULT_MONEY_PATTERNS,
      ignorePatterns: [],
    });
  });
});

describe("parseRuleFlag", () => {
  it("parses a severity name", () => {
    expect(parseRuleFlag("no-float-money: warn")).toEqual(["no-float-money", "warn"]);
    expect(parseRuleFlag("  require-fk-index:off  ")).toEqual(["require-fk-index", "off"]);
  });

  it("parses a severity number", () => {
    expect(parseRuleFlag("no-float-money: 1")).toEqual(["no-float-money", 1]);
  });

  it("parses [severity, options] JSON", () => {
    expect(parseRuleFlag('no-float-money: ["error", {"columnPatterns": ["^amt$"]}]')).toEqual([
      "no-float-money",
      ["error", { columnPatterns: ["^amt$"] }],
    ]);
  });

  it("rejects a flag without a colon", () => {
    const error = configErrorOf(() => parseRuleFlag("bad"));
    expect(error.file).toBe("--rule");
    expect(error.message).toBe('--rule at "bad": expected "rule-id: severity", e.g. --rule "no-float-money: warn"');
  });

  it("rejects broken JSON", () => {
    const error = configErrorOf(() => parseRuleFlag('no-float-money: ["error", {'));
    expect(error.message).toBe('--rule at "no-float-money": invalid JSON: ["error", {');
  });

  it("rejects a bad severity", () => {
    const error = configErrorOf(() => parseRuleFlag("no-float-money: warning"));
    expect(error.message).toBe('--rule at "rules.no-float-money": must be "off", "warn", "error" (or 0, 1, 2), or [severity, options]');
  });

  it("unknown rule ids are reported by resolveConfig, as coming from --rule", () => {
    const error = configErrorOf(() => resolveConfig(config({}), FILE, [parseRuleFlag("no-float-mony: error")]));
    expect(error.file).toBe("--rule");
    expect(error.message).toBe('--rule at "rules.no-float-mony": unknown rule (did you mean "no-float-money"?); run "schemalint rules" for the list');
  });

  it("bad options from --rule name --rule", () => {
    const error = configErrorOf(() => resolveConfig(config({}), FILE, [parseRuleFlag('no-float-money: ["error", {"columnPatterns": ["("]}]')]));
    expect(error.file).toBe("--rule");
    expect(error.keyPath).toBe("rules.no-float-money[1].columnPatterns[0]");
  });
});

describe("resolveConfig: --rule overrides", () => {
  it("overrides the config's severity", () => {
    const raw = { rules: { "no-float-money": "off", "require-fk-index": "error" } };
    expect(enabled(raw)).toEqual(changed(RECOMMENDED, { "no-float-money": undefined, "require-fk-index": 2 }));
    expect(enabled(raw, [parseRuleFlag("no-float-money: warn"), parseRuleFlag("require-fk-index: off")])).toEqual(
      changed(RECOMMENDED, { "no-float-money": 1, "require-fk-index": undefined }),
    );
    // Pinned: with extends [] only these two rules exist.
    const pinned = { extends: [], ...raw };
    expect(enabled(pinned)).toEqual({ "require-fk-index": 2 });
    expect(enabled(pinned, [parseRuleFlag("no-float-money: warn"), parseRuleFlag("require-fk-index: off")])).toEqual({ "no-float-money": 1 });
  });

  it("the last override wins", () => {
    const overrides = [parseRuleFlag("no-float-money: warn"), parseRuleFlag("no-float-money: off")];
    expect(enabled({}, overrides)).toEqual(changed(RECOMMENDED, { "no-float-money": undefined }));
    expect(enabled({ extends: [], rules: { "require-fk-index": "warn" } }, overrides)).toEqual({ "require-fk-index": 1 });
  });

  it("a severity-only override keeps the config's options", () => {
    const raw = { rules: { "no-float-money": ["error", { columnPatterns: ["^amt$"] }] } };
    expect(optionsOf(raw, "no-float-money", [parseRuleFlag("no-float-money: warn")])).toEqual({
      columnPatterns: ["^amt$"],
      ignorePatterns: DEFAULT_NOT_MONEY_PATTERNS,
    });
  });

  it("an override with options replaces the config's options", () => {
    const raw = { rules: { "no-float-money": ["error", { columnPatterns: ["^amt$"] }] } };
    const flag = parseRuleFlag('no-float-money: ["warn", {"ignorePatterns": ["^x$"]}]');
    expect(optionsOf(raw, "no-float-money", [flag])).toEqual({ columnPatterns: DEFAULT_MONEY_PATTERNS, ignorePatterns: ["^x$"] });
    expect(enabled(raw, [flag])["no-float-money"]).toBe(1);
  });
});
