import type { Severity } from "./rule.js";
import { rules } from "./index.js";

export const PRESET_NAMES = ["schemalint:recommended", "schemalint:strict", "schemalint:all"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * Presets are derived from rule metadata, never hand-listed:
 * - recommended: each rule at its default severity;
 * - strict: recommended, plus rules marked `strict` at "warn";
 * - all: every rule, at its default severity or "warn" when that is "off".
 */
export function presetRules(name: PresetName): Record<string, Severity> {
  return Object.fromEntries(Object.entries(presetSettings(name)).map(([id, s]) => [id, s.severity]));
}

export interface PresetSetting {
  readonly severity: Severity;
  /** Options the preset sets (only `schemalint:strict`, from `meta.strictOptions`). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Severity and options of every rule in a preset. */
export function presetSettings(name: PresetName): Record<string, PresetSetting> {
  const severities = presetSeverities(name);
  const out: Record<string, PresetSetting> = {};
  for (const { meta } of rules) {
    const options = name === "schemalint:strict" ? (meta.strictOptions ?? {}) : {};
    out[meta.id] = { severity: severities[meta.id] ?? "off", options };
  }
  return out;
}

function presetSeverities(name: PresetName): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const { meta } of rules) {
    const base = meta.defaultSeverity;
    if (name === "schemalint:recommended") out[meta.id] = base;
    else if (name === "schemalint:strict") out[meta.id] = base === "off" && meta.strict === true ? "warn" : base;
    else out[meta.id] = base === "off" ? "warn" : base;
  }
  return out;
}
