import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { resultOf } from "../../src/lint-result.js";
import { formatterContext } from "../../src/reporters/index.js";
import { sarif, sarifLog, SARIF_SCHEMA, type SarifLog } from "../../src/reporters/sarif.js";
import { rules } from "../../src/rules/index.js";
import { CATEGORIES, docsUrl } from "../../src/rules/rule.js";
import { FIXTURE_CWD, sharedResults, TEXT } from "./shared-results.js";

/**
 * The official SARIF 2.1.0 schema (OASIS errata01, from github.com/oasis-tcs/sarif-spec
 * `sarif-2.1/schema/sarif-schema-2.1.0.json`), kept byte for byte in test/fixtures.
 */
const SCHEMA_FILE = new URL("../fixtures/sarif-schema-2.1.0.json", import.meta.url);

interface SchemaDocument {
  readonly $schema: string;
  readonly id: string;
  readonly [keyword: string]: unknown;
}

/**
 * The schema is JSON Schema draft-04, which Ajv 8 does not read; it reads draft-07. The only draft-04
 * keywords this schema uses that draft-07 spells or means differently are the root `id` (draft-07:
 * `$id`) and the `$schema` URI (checked below: there is no boolean `exclusiveMinimum`/`exclusiveMaximum`,
 * the other change). So the root is renamed and every other keyword is compiled as written, with Ajv's
 * strict mode on to reject any keyword it does not know.
 */
function compileSchema(): ValidateFunction {
  const text = readFileSync(SCHEMA_FILE, "utf8");
  expect(text).not.toMatch(/exclusiveM(?:in|ax)imum/u);
  const { $schema, id, ...rest } = JSON.parse(text) as SchemaDocument;
  expect($schema).toBe("http://json-schema.org/draft-04/schema#");
  expect(id).toBe(SARIF_SCHEMA);
  // strictRequired is off: the schema's `anyOf` branches require properties defined beside them, as JSON Schema allows.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  // A CommonJS module: under NodeNext its default import is `module.exports`, whose `default` is the plugin.
  ajvFormats.default(ajv);
  return ajv.compile({ ...rest, $id: id });
}

const context = formatterContext(FIXTURE_CWD);
let validate: ValidateFunction;

beforeAll(() => {
  validate = compileSchema();
});

function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

function parsed(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

describe("sarif", () => {
  it("is valid SARIF 2.1.0", () => {
    expect(errorsOf(parsed(sarif(sharedResults(), context)))).toEqual([]);
    expect(errorsOf(parsed(sarif([], context)))).toEqual([]);
  });

  it("the validator rejects invalid logs (it is not vacuous)", () => {
    const log = parsed(sarif(sharedResults(), context)) as unknown as { runs: { results: Record<string, unknown>[]; columnKind: string }[] };
    const run = log.runs[0];
    const first = run?.results[0];
    if (run === undefined || first === undefined) throw new Error("no result");
    first.level = "fatal";
    expect(errorsOf(log)).toContain("/runs/0/results/0/level must be equal to one of the allowed values");
    first.level = "error";
    run.columnKind = "bytes";
    expect(errorsOf(log)).toContain("/runs/0/columnKind must be equal to one of the allowed values");
    run.columnKind = "utf16CodeUnits";
    first.locations = [{ physicalLocation: { artifactLocation: { uri: "db/a b.sql" }, region: { startColumn: 2 } } }];
    expect(errorsOf(log)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri must match format "uri-reference"', "/runs/0/results/0/locations/0/physicalLocation/region must match a schema in anyOf"]),
    );
  });

  it("describes the run: tool, base URI, column kind", () => {
    const log = sarifLog(sharedResults(), context);
    expect(log.$schema).toBe("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe("schemalint");
    expect(run.tool.driver.informationUri).toBe("https://github.com/schemalint/schemalint");
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/ci/project/" } });
  });

  it("declares every rule with its summary, docs URL, default level and help", () => {
    const { rules: descriptors } = sarifLog([], context).runs[0].tool.driver;
    for (const { meta } of rules) {
      const descriptor = descriptors.find((d) => d.id === meta.id);
      expect(descriptor, meta.id).toEqual({
        id: meta.id,
        shortDescription: { text: meta.summary },
        helpUri: docsUrl(meta.id),
        help: {
          text: `${meta.summary}\nChecklist: ${CATEGORIES[meta.category]}\nDocumentation: ${docsUrl(meta.id)}`,
          markdown: `${meta.summary}\n\nChecklist: *${CATEGORIES[meta.category]}*\n\n[Documentation](${docsUrl(meta.id)})`,
        },
        defaultConfiguration: meta.defaultSeverity === "error" ? { level: "error" } : meta.defaultSeverity === "warn" ? { level: "warning" } : { level: "warning", enabled: false },
        properties: { tags: [meta.category] },
      });
    }
    expect(descriptors.find((d) => d.id === "no-float-money")?.defaultConfiguration).toEqual({ level: "error" });
    expect(descriptors.find((d) => d.id === "require-fk-index")?.defaultConfiguration).toEqual({ level: "warning" });
    expect(descriptors.find((d) => d.id === "prefer-text")?.defaultConfiguration).toEqual({ level: "warning", enabled: false });
    // schemalint's own findings come after the rules.
    expect(descriptors.slice(rules.length).map((d) => [d.id, d.helpUri, d.defaultConfiguration])).toEqual([
      ["parse-error", "https://github.com/schemalint/schemalint/blob/main/README.md#what-schemalint-accepts", { level: "error" }],
      ["read-error", "https://github.com/schemalint/schemalint/blob/main/README.md#what-schemalint-accepts", { level: "error" }],
      ["migration-apply-error", "https://github.com/schemalint/schemalint/blob/main/README.md#verify-on-a-real-postgresql", { level: "error" }],
      ["invalid-directive", "https://github.com/schemalint/schemalint/blob/main/README.md#inline-directives", { level: "error" }],
      ["unused-disable-directive", "https://github.com/schemalint/schemalint/blob/main/README.md#inline-directives", { level: "error", enabled: false }],
    ]);
  });

  it("reports each finding with level, rule, message, relative URI and region", () => {
    const [run] = sarifLog(sharedResults(), context).runs;
    const rows = run.results.map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      return [r.ruleId, r.level, artifactLocation.uri, artifactLocation.uriBaseId, region];
    });
    const odd = "db/caf%C3%A9%20%F0%9F%98%80/100%25_a%3Ab%2Cc.sql";
    expect(rows).toEqual([
      ["no-float-money", "error", "db/migrations/001_init.sql", "%SRCROOT%", { startLine: 2, startColumn: 5, endLine: 2, endColumn: 14 }],
      ["require-fk-index", "warning", "db/migrations/001_init.sql", "%SRCROOT%", { startLine: 4, startColumn: 3, endLine: 6, endColumn: 4 }],
      ["unused-disable-directive", "error", "db/migrations/001_init.sql", "%SRCROOT%", { startLine: 8, startColumn: 1, endLine: 8, endColumn: 70 }],
      ["unused-disable-directive", "error", "db/migrations/001_init.sql", "%SRCROOT%", { startLine: 12, startColumn: 1, endLine: 12, endColumn: 70 }],
      // A syntax error has no end: the region is its start.
      ["parse-error", "error", "db/002_broken.sql", "%SRCROOT%", { startLine: 3, startColumn: 11 }],
      ["no-float-money", "error", odd, "%SRCROOT%", { startLine: 1, startColumn: 31, endLine: 1, endColumn: 45 }],
      ["naming-convention", "warning", odd, "%SRCROOT%", { startLine: 3, startColumn: 14, endLine: 3, endColumn: 22 }],
      // Outside the working directory: an absolute file URL, no base.
      ["read-error", "error", "file:///home/ci/elsewhere/x.sql", undefined, { startLine: 1, startColumn: 1 }],
    ]);
    expect(run.results.map((r) => r.message.text)).toEqual([
      `${TEXT.float} ${TEXT.floatHelp}`,
      `${TEXT.fk} ${TEXT.fkHelp}`,
      `${TEXT.unused} ${TEXT.unusedHelp}`,
      `${TEXT.unused} ${TEXT.unusedHelp}`,
      `${TEXT.syntax} ${TEXT.syntaxHelp}`,
      `${TEXT.unicode} ${TEXT.floatHelp}`,
      TEXT.crlf,
      TEXT.read,
    ]);
    // The suppressed finding is not a result.
    expect(run.results.some((r) => r.message.text.includes(TEXT.hidden))).toBe(false);
  });

  it("keeps non-ASCII text and CRLF in the JSON text", () => {
    const text = sarif(sharedResults(), context);
    expect(text).toContain('"text": "Colonne « prix » de \\"café😀\\" stocke de l\'argent en \\"real\\" — é, 😀. Use numeric(12, 2)."');
    expect(text).toContain(String.raw`is not snake_case.\r\nRename it: 100% of the other tables`);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("declares a rule it does not know, so the result can point at it", () => {
    const result = resultOf(path.join(FIXTURE_CWD, "a.sql"), [{ ruleId: null, severity: 1, message: "M.", line: 1, column: 1 }], []);
    const log = sarifLog([result], context);
    const [run] = log.runs;
    const [only] = run.results;
    expect(only?.ruleId).toBe("schemalint");
    expect(only?.ruleIndex).toBe(rules.length + 5);
    expect(run.tool.driver.rules[rules.length + 5]).toEqual({
      id: "schemalint",
      shortDescription: { text: "A finding reported by schemalint." },
      help: { text: "A finding reported by schemalint." },
      defaultConfiguration: { level: "warning" },
    });
    expect(errorsOf(JSON.parse(JSON.stringify(log)))).toEqual([]);
  });
});
