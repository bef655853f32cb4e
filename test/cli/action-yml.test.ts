import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { actionInputs } from "../../src/cli/action.js";

interface ActionYml {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>;
  readonly runs?: { using?: unknown; steps?: { shell?: unknown; run?: unknown; env?: Record<string, string> }[] };
}

const action = load(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("is a composite action with a name, a description and the documented inputs", () => {
    expect(typeof action.name).toBe("string");
    expect(typeof action.description).toBe("string");
    expect(action.runs?.using).toBe("composite");
    expect(Object.keys(action.inputs ?? {})).toEqual(["paths", "config", "format", "changed-since", "fail-on", "sarif-file"]);
    for (const [name, spec] of Object.entries(action.inputs ?? {})) {
      expect(typeof spec.description, name).toBe("string");
      expect(spec.required, name).toBe(false);
      expect(typeof spec.default, name).toBe("string");
    }
  });

  it("gives every step a shell and passes every input to the entry point under the name it reads", () => {
    const steps = action.runs?.steps ?? [];
    for (const step of steps) expect(step.shell).toBe("bash");
    const run = steps.find((s) => typeof s.run === "string" && s.run.includes("bin/schemalint-action.js"));
    expect(run).toBeDefined();
    const env = run?.env ?? {};
    const names = Object.keys(action.inputs ?? {});
    expect(Object.keys(env)).toEqual(names.map((n) => `INPUT_${n.toUpperCase().replaceAll("-", "_")}`));
    names.forEach((n) => {
      expect(env[`INPUT_${n.toUpperCase().replaceAll("-", "_")}`]).toBe(`\${{ inputs.${n} }}`);
    });
    // The defaults of action.yml are what the entry point expects.
    const defaults = Object.fromEntries(names.map((n) => [`INPUT_${n.toUpperCase().replaceAll("-", "_")}`, typeof action.inputs?.[n]?.default === "string" ? action.inputs[n].default : ""]));
    expect(actionInputs(defaults)).toEqual({ paths: [], config: undefined, format: undefined, changedSince: undefined, failOn: "error", sarifFile: undefined });
  });
});
