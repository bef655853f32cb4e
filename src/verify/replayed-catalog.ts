import type { LintResult } from "../lint-result.js";
import { resultOf } from "../lint-result.js";
import { checkCatalog } from "../rules/catalog-check.js";
import { lint, type ConfiguredRule, type LintFile } from "../rules/engine.js";
import { collectResults, type ParsedPart } from "../rules/engine-results.js";
import type { Catalog } from "../schema/catalog.js";
import type { Column, Constraint, Origin, Table } from "../schema/model.js";
import { schemaDifferences } from "../schema/schema-diff.js";
import { catalogDdl } from "./catalog-ddl.js";
import type { CatalogSnapshot } from "./snapshot.js";

/** The schema of one history twice: folded statically from its files, and read back from PostgreSQL. */
export interface CatalogPair {
  readonly history: string;
  readonly folded: Catalog;
  readonly replayed: Catalog;
}

const NO_RULES = { rules: [], postgresVersion: 18, knownRuleIds: new Set<string>() };

/** Folds the files of each replayed history, and the DDL rebuilt from its final snapshot, into catalogs. */
export function catalogPairs(files: readonly LintFile[], snapshots: ReadonlyMap<string, CatalogSnapshot>, postgresVersion: number): CatalogPair[] {
  const out: CatalogPair[] = [];
  for (const [history, snapshot] of snapshots) {
    const own = files.filter((f) => (f.history ?? "") === history);
    const folded = lint(own, { ...NO_RULES, postgresVersion }).catalog;
    const replayed = lint([{ path: "<replayed catalog>", text: catalogDdl(snapshot), migration: "replayed", role: "up", report: false }], { ...NO_RULES, postgresVersion }).catalog;
    out.push({ history, folded, replayed });
  }
  return out;
}

/** `--debug`: where the static model and the real catalog disagree, to find gaps in the fold. */
export function disagreements(pairs: readonly CatalogPair[]): string[] {
  // Sequences and routines are not rebuilt from the snapshot (catalogDdl), so they are not compared.
  // The fold keeps `serial` as written; PostgreSQL stores the integer type and a sequence default.
  const serial = (s: string | undefined): string => (s ?? "").replace(/\b(small|big)?serial\b/gu, (_, size: string | undefined) => (size === "small" ? "smallint" : size === "big" ? "bigint" : "integer"));
  return pairs.flatMap(({ history, folded, replayed }) =>
    schemaDifferences(folded, replayed).filter((d) => d.change !== "changed" || serial(d.before) !== serial(d.after)).filter((d) => d.kind !== "sequence" && d.kind !== "function").map((d) => {
      const where = d.change === "added" ? "only in PostgreSQL's catalog" : d.change === "missing" ? "only in the static model" : `${d.after ?? ""} in PostgreSQL, ${d.before ?? ""} in the static model`;
      return `static model vs PostgreSQL${history === "" ? "" : ` (${history})`}: ${d.kind} ${d.display}: ${where}`;
    }),
  );
}

/**
 * Gives the replayed catalog's objects the origins of the same objects in the folded one, so design
 * findings point into the migration files; an object the fold does not know points at `fallback`.
 */
function adoptOrigins(pair: CatalogPair, fallback: Origin): void {
  const { folded, replayed } = pair;
  for (const [key, table] of replayed.tables) {
    const known = folded.tableByName(table);
    const origin = known?.origin ?? fallback;
    const columns = new Map<string, Column>();
    for (const [name, c] of table.columns) {
      const k = known === undefined ? undefined : folded.column(known, name);
      columns.set(name, { ...c, origin: k?.origin ?? origin, typeOrigin: k?.typeOrigin ?? origin, nameOrigin: k?.nameOrigin, formerNames: k?.formerNames, changed: k?.changed ?? origin, nullableOrigin: k?.nullableOrigin });
    }
    const constraints = new Map<string, Constraint>();
    for (const [name, c] of table.constraints) {
      const k = known?.constraints.get(name);
      constraints.set(name, { ...c, origin: k?.origin ?? origin, nameOrigin: k?.nameOrigin, formerNames: k?.formerNames, changed: k?.changed ?? origin, indexLoss: k?.indexLoss });
    }
    const adopted: Table = { ...table, origin, nameOrigin: known?.nameOrigin, formerNames: known?.formerNames, changed: known?.changed ?? origin, primaryKeyDroppedOrigin: known?.primaryKeyDroppedOrigin, columns, constraints };
    replayed.tables.set(key, adopted);
  }
  for (const index of replayed.indexes.values()) {
    const k = folded.index(index.schema, index.name);
    const origin = k?.origin ?? folded.tableByName(index.table)?.origin ?? fallback;
    replayed.setIndex({ ...index, origin, nameOrigin: k?.nameOrigin, formerNames: k?.formerNames, changed: k?.changed ?? origin });
  }
  for (const [key, type] of replayed.types) replayed.types.set(key, { ...type, origin: folded.type(type.schema, type.name)?.origin ?? fallback });
  for (const [key, view] of replayed.views) replayed.views.set(key, { ...view, origin: folded.view(view.schema, view.name)?.origin ?? fallback });
}

function merge(a: readonly LintResult[], b: readonly LintResult[]): LintResult[] {
  const byPath = new Map<string, LintResult[]>();
  for (const r of [...a, ...b]) byPath.set(r.filePath, [...(byPath.get(r.filePath) ?? []), r]);
  return [...byPath].map(([path, list]) => resultOf(path, list.flatMap((r) => r.messages), list.flatMap((r) => r.suppressedMessages)));
}

export interface ReplayedRuleSettings {
  readonly rules: readonly ConfiguredRule[];
  readonly postgresVersion: number;
  readonly knownRuleIds: ReadonlySet<string>;
}

/** `--rules`: the design rules' final-schema checks on the catalogs PostgreSQL produced, merged into `results`. */
export function lintReplayedCatalogs(results: readonly LintResult[], parts: readonly ParsedPart[], pairs: readonly CatalogPair[], settings: ReplayedRuleSettings): LintResult[] {
  const findings = [];
  for (const pair of pairs) {
    const first = parts.find((p) => p.key.startsWith(pair.history === "" ? "" : `${pair.history}/`)) ?? parts[0];
    if (first === undefined) continue;
    const { start, end } = first.parsed.source.lineByteRange(1);
    const fallback: Origin = { file: first.key, migration: "", statementIndex: -1, statementStart: start, statementEnd: end, location: start };
    adoptOrigins(pair, fallback);
    findings.push(...checkCatalog(pair.replayed, fallback, { rules: settings.rules, postgresVersion: settings.postgresVersion, knownRuleIds: settings.knownRuleIds }));
  }
  const ruleResults = collectResults(parts, findings, { knownRuleIds: settings.knownRuleIds });
  return merge(results, ruleResults);
}
