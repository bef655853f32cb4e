// Writes the generated files from rule metadata: docs/rules/README.md, the options section of each
// docs/rules/<id>.md, and schemalint.schema.json. With --check, writes nothing and exits 1 when any
// of them is stale. Runs on the build output (npm run generate builds first).
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { rules } from "../dist/rules/index.js";
import { rulesIndexMarkdown, withOptionsSection } from "../dist/rules/docs.js";
import { configJsonSchema } from "../dist/config/json-schema.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const stale = [];

async function emit(relative, content) {
  const file = `${root}${relative}`;
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === content) return;
  if (check) stale.push(relative);
  else await writeFile(file, content);
}

await emit("docs/rules/README.md", `${rulesIndexMarkdown()}\n`);
await emit("schemalint.schema.json", `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
for (const rule of rules) {
  const relative = `docs/rules/${rule.meta.id}.md`;
  const current = await readFile(`${root}${relative}`, "utf8").catch(() => undefined);
  if (current === undefined) {
    stale.push(`${relative} (missing: write it by hand, with the fixed headings)`);
    continue;
  }
  await emit(relative, withOptionsSection(current, rule));
}
if (stale.length > 0) {
  console.error(`Generated files are stale or missing; run "npm run generate":\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
if (!check) console.log("Generated docs/rules/README.md, schemalint.schema.json and rule options sections.");
