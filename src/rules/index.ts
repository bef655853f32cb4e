import noFloatMoney from "./no-float-money.js";
import requireFkIndex from "./require-fk-index.js";
import type { RuleModule } from "./rule.js";

/** Every rule, by id. Adding a rule: its module, `test/rules/<id>.test.ts` and `docs/rules/<id>.md` (the registry test checks all three). */
export const rules: readonly RuleModule[] = [noFloatMoney, requireFkIndex].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
);

export const rulesById: ReadonlyMap<string, RuleModule> = new Map(rules.map((r) => [r.meta.id, r]));
