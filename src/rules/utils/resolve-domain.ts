import type { Catalog } from "../../schema/catalog.js";
import type { ColumnType, DomainType } from "../../schema/model.js";

/** A column type with its domains resolved. */
export interface ResolvedType {
  /** The base type under every domain (the type itself when it is not a domain). */
  readonly base: ColumnType;
  /** The domains passed through, outermost first. */
  readonly domains: readonly DomainType[];
}

/**
 * Resolves a type through its domains (a domain over a domain included) to the base type whose
 * operators PostgreSQL uses: a domain behaves like its base type in comparisons and joins
 * (https://www.postgresql.org/docs/current/domains.html). Array dimensions of the column add to
 * those of the base type (a column `d[]` of a domain over `text` compares like `text[]`).
 */
export function resolveDomain(catalog: Catalog, type: ColumnType): ResolvedType {
  const domains: DomainType[] = [];
  let base = type;
  let extraDimensions = 0;
  for (;;) {
    const user = catalog.types.get(base.name);
    if (user?.kind !== "domain" || domains.includes(user)) break;
    domains.push(user);
    extraDimensions += base.arrayDimensions;
    base = user.baseType;
  }
  if (extraDimensions === 0) return { base, domains };
  const arrayDimensions = base.arrayDimensions + extraDimensions;
  return { base: { ...base, arrayDimensions, display: `${base.display}${"[]".repeat(extraDimensions)}` }, domains };
}
