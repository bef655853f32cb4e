import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { parseRuleFlag, resolveConfig, validateConfigFile } from "../../src/config/resolve.js";
import type { ConfigFile } from "../../src/config/schema.js";
import { rules } from "../../src/rules/index.js";
import { DEFAULT_MONEY_PATTERNS, DEFAULT_NOT_MONEY_PATTERNS } from "../../src/rules/no-float-money.js";

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

describe("resolveConfig: presets", () => {
  it("extends schemalint:recommended by default", () => {
    expect(enabled({})).toEqual({ "no-float-money": 2, "require-fk-index": 1 });
  });

  it("puts the rules in id order with their options validated", () => {
    const resolved = resolveConfig(config({}), FILE);
    expect(resolved.rules.map((r) => r.rule.meta.id)).toEqual(["no-float-money", "require-fk-index"]);
    expect(resolved.rules.map((r) => r.options)).toEqual([DEFAULT_FLOAT_OPTIONS, {}]);
    expect(resolved.ruleSettings).toEqual({
      "no-float-money": ["error", DEFAULT_FLOAT_OPTIONS],
      "require-fk-index": ["warn", {}],
    });
  });

  it("starts from no rules with extends: []", () => {
    const resolved = resolveConfig(config({ extends: [] }), FILE);
    expect(resolved.rules).toEqual([]);
    expect(resolved.ruleSettings).toEqual({});
  });

  it("accepts a preset name or a list of them", () => {
    expect(enabled({ extends: "schemalint:recommended" })).toEqual({ "no-float-money": 2, "require-fk-index": 1 });
    expect(enabled({ extends: ["schemalint:strict"] })).toEqual({ "no-float-money": 2, "require-fk-index": 1 });
    expect(enabled({ extends: ["schemalint:all"] })).toEqual({ "no-float-money": 2, "require-fk-index": 1 });
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
    const resolved = resolveConfig(config({ rules: { "no-float-money": 0, "require-fk-index": 2 } }), FILE);
    expect(resolved.ruleSettings).toEqual({
      "no-float-money": ["off", DEFAULT_FLOAT_OPTIONS],
      "require-fk-index": ["error", {}],
    });
    expect(resolved.rules.map((r) => [r.rule.meta.id, r.severity])).toEqual([["require-fk-index", 2]]);
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
    expect(enabled(raw)).toEqual({ "require-fk-index": 2 });
    expect(enabled(raw, [parseRuleFlag("no-float-money: warn"), parseRuleFlag("require-fk-index: off")])).toEqual({ "no-float-money": 1 });
  });

  it("the last override wins", () => {
    expect(enabled({}, [parseRuleFlag("no-float-money: warn"), parseRuleFlag("no-float-money: off")])).toEqual({ "require-fk-index": 1 });
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
