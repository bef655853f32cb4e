import type { Catalog } from "../schema/catalog.js";
import type { Origin } from "../schema/model.js";
import { instantiate, internalError, type LintSettings } from "./engine.js";
import type { Finding } from "./engine-results.js";

/**
 * Runs the final-schema hooks (`Schema:exit`) of the configured rules on a catalog that did not come
 * from folding files — the one `schemalint verify --rules` reads back from PostgreSQL. Findings point
 * at the origins the catalog's objects carry; a failing rule's internal error at `fallback`.
 */
export function checkCatalog(catalog: Catalog, fallback: Origin, settings: LintSettings): Finding[] {
  const findings: Finding[] = [];
  for (const { configured, listener } of instantiate(settings, findings)) {
    try {
      listener["Schema:exit"]?.({ catalog });
    } catch (error) {
      findings.push(internalError(configured.rule.meta.id, error, fallback));
    }
  }
  return findings;
}
