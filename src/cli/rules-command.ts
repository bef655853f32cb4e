import { rules } from "../rules/index.js";
import { CATEGORIES, type Category } from "../rules/rule.js";

/** `schemalint rules`: rules grouped by checklist category, in the checklist's order. */
export function listRules(): string {
  const lines: string[] = [];
  for (const category of Object.keys(CATEGORIES) as Category[]) {
    const inCategory = rules.filter((r) => r.meta.category === category);
    if (inCategory.length === 0) continue;
    lines.push(`${category} — ${CATEGORIES[category]}`);
    const width = Math.max(...inCategory.map((r) => r.meta.id.length));
    for (const { meta } of inCategory) {
      lines.push(`  ${meta.id.padEnd(width)}  ${meta.defaultSeverity.padEnd(5)}  ${meta.summary}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
