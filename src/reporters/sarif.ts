import path from "node:path";
import { pathToFileURL } from "node:url";
import type { LintMessage, LintResult } from "../lint-result.js";
import { rules } from "../rules/index.js";
import { CATEGORIES, docsUrl, type Severity } from "../rules/rule.js";
import { displayPath } from "./compact.js";
import type { FormatterContext } from "./types.js";

/*
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html)
 * for GitHub code scanning (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 *
 * Written here rather than with @microsoft/eslint-formatter-sarif, because that formatter (3.x) gets
 * what code scanning needs from schemalint wrong or leaves it out:
 * - artifact URIs are absolute `file://` URLs of the machine that ran the lint, with no `uriBaseId`;
 * - the driver is named "ESLint", rule descriptors have no `defaultConfiguration` and no `help`, and
 *   only rules with findings are listed (code scanning closes an alert when its rule ran and found
 *   nothing, which it can only tell when the rule is declared);
 * - a message whose rule has no `rulesMeta` entry (parse-error, read-error) gets no descriptor, and
 *   `columnKind` is not set;
 * - it pulls in lodash, jschardet and utf8 and reads files and environment variables itself.
 * The SARIF this module writes is small, and test/reporters/sarif.test.ts validates it against the
 * official schema.
 */

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SRCROOT = "%SRCROOT%";
const INFORMATION_URI = "https://github.com/schemalint/schemalint";
const README_URL = `${INFORMATION_URI}/blob/main/README.md`;

type Level = "error" | "warning";

interface MultiformatMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifRule {
  readonly id: string;
  readonly shortDescription: MultiformatMessage;
  readonly helpUri?: string;
  readonly help: MultiformatMessage;
  readonly defaultConfiguration: { readonly level: Level; readonly enabled?: false };
  readonly properties?: { readonly tags: readonly string[] };
}

interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: Level;
  readonly message: { readonly text: string };
  readonly locations: readonly [
    { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string }; readonly region: Region } },
  ];
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: "2.1.0";
  readonly runs: readonly [
    {
      readonly tool: { readonly driver: { readonly name: string; readonly informationUri: string; readonly rules: readonly SarifRule[] } };
      readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
      readonly columnKind: "utf16CodeUnits";
      readonly results: readonly SarifResult[];
    },
  ];
}

function help(summary: string, url: string, checklist?: string): MultiformatMessage {
  return {
    text: [summary, ...(checklist === undefined ? [] : [`Checklist: ${checklist}`]), `Documentation: ${url}`].join("\n"),
    markdown: [summary, ...(checklist === undefined ? [] : [`Checklist: *${checklist}*`]), `[Documentation](${url})`].join("\n\n"),
  };
}

function levelOf(severity: Severity): { readonly level: Level; readonly enabled?: false } {
  if (severity === "off") return { level: "warning", enabled: false };
  return { level: severity === "error" ? "error" : "warning" };
}

/** Findings that come from schemalint itself, not from a rule (see README.md). */
const INTERNAL: readonly (readonly [id: string, summary: string, anchor: string, configuration: SarifRule["defaultConfiguration"]])[] = [
  ["parse-error", "PostgreSQL rejects the SQL: the migration fails at this statement.", "what-schemalint-accepts", { level: "error" }],
  ["read-error", "The file could not be read as UTF-8 SQL text, so it was not linted.", "what-schemalint-accepts", { level: "error" }],
  ["migration-apply-error", "PostgreSQL rejects the migration when schemalint verify replays it.", "verify-on-a-real-postgresql", { level: "error" }],
  ["invalid-directive", "A schemalint directive names a rule that does not exist.", "inline-directives", { level: "error" }],
  ["unused-disable-directive", "A schemalint-disable directive suppresses no finding.", "inline-directives", { level: "error", enabled: false }],
];

/** Every rule (so that code scanning knows which rules ran), then schemalint's own findings. */
export function sarifRules(): SarifRule[] {
  const out: SarifRule[] = rules.map(({ meta }) => ({
    id: meta.id,
    shortDescription: { text: meta.summary },
    helpUri: docsUrl(meta.id),
    help: help(meta.summary, docsUrl(meta.id), CATEGORIES[meta.category]),
    defaultConfiguration: levelOf(meta.defaultSeverity),
    properties: { tags: [meta.category] },
  }));
  for (const [id, summary, anchor, configuration] of INTERNAL) {
    const url = `${README_URL}#${anchor}`;
    out.push({ id, shortDescription: { text: summary }, helpUri: url, help: help(summary, url), defaultConfiguration: configuration });
  }
  return out;
}

/** A relative path as a URI reference: each segment percent-encoded (`%`, `:`, spaces, non-ASCII). */
function relativeUri(relative: string): string {
  return relative
    .replace(/[\uD800-\uDFFF]/gu, "\uFFFD")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** Relative to `%SRCROOT%` (the working directory) when inside it, else an absolute `file:` URL. */
function artifactLocation(filePath: string, cwd: string): { readonly uri: string; readonly uriBaseId?: string } {
  const shown = displayPath(filePath, cwd);
  if (path.isAbsolute(shown)) return { uri: pathToFileURL(filePath).href };
  return { uri: relativeUri(shown), uriBaseId: SRCROOT };
}

function regionOf(m: LintMessage): Region {
  return {
    startLine: m.line,
    startColumn: m.column,
    ...(m.endLine === undefined ? {} : { endLine: m.endLine }),
    ...(m.endLine === undefined || m.endColumn === undefined ? {} : { endColumn: m.endColumn }),
  };
}

export function sarifLog(results: readonly LintResult[], context: FormatterContext): SarifLog {
  const descriptors = sarifRules();
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const out: SarifResult[] = [];
  for (const result of results) {
    const location = artifactLocation(result.filePath, context.cwd);
    for (const m of result.messages) {
      const ruleId = m.ruleId ?? "schemalint";
      let ruleIndex = index.get(ruleId);
      if (ruleIndex === undefined) {
        // A rule schemalint does not know (a message without a rule): declared so the result can point at it.
        ruleIndex = descriptors.length;
        const summary = "A finding reported by schemalint.";
        descriptors.push({ id: ruleId, shortDescription: { text: summary }, help: { text: summary }, defaultConfiguration: { level: "warning" } });
        index.set(ruleId, ruleIndex);
      }
      out.push({
        ruleId,
        ruleIndex,
        level: m.severity === 2 ? "error" : "warning",
        message: { text: m.help === undefined ? m.message : `${m.message} ${m.help}` },
        locations: [{ physicalLocation: { artifactLocation: location, region: regionOf(m) } }],
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "schemalint", informationUri: INFORMATION_URI, rules: descriptors } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(path.join(context.cwd, path.sep)).href } },
        columnKind: "utf16CodeUnits",
        results: out,
      },
    ],
  };
}

/** The SARIF log as JSON; suppressed findings are left out (code scanning would show them as open alerts). */
export function sarif(results: readonly LintResult[], context: FormatterContext): string {
  return `${JSON.stringify(sarifLog(results, context), null, 2)}\n`;
}
