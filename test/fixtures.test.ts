import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { migrationOrder } from "../src/cli/files.js";
import { allMessages, lintRecommended } from "./helpers/lint.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function filesIn(dir: string): { path: string; sql: string; role: "up" | "down" }[] {
  const absolute = path.join(root, dir);
  return readdirSync(absolute)
    .filter((f) => f.endsWith(".sql"))
    .map((f) => path.join(absolute, f))
    .sort(migrationOrder)
    .map((f) => ({ path: f, sql: readFileSync(f, "utf8"), role: f.endsWith(".down.sql") ? "down" : "up" }));
}

function summary(messages: ReturnType<typeof allMessages>): string[] {
  return messages.map((m) => `${path.basename(m.file)}:${m.line}:${m.column}-${m.endLine ?? 0}:${m.endColumn ?? 0} ${m.ruleId ?? ""}`);
}

describe("fixtures/pg-dump/structure.sql (pg_dump 17 output)", () => {
  it("parses cleanly (meta-commands, COPY data, dollar-quoted function) and reports exactly the designed findings", async () => {
    const messages = allMessages(await lintRecommended(filesIn("fixtures/pg-dump")));
    expect(summary(messages)).toEqual([
      // billing.invoices.amount_due double precision
      "structure.sql:108:5-108:41 no-float-money",
      // invoices.customer_id → customers: no index (the invoice_lines FK is covered by its composite PK)
      "structure.sql:222:9-222:103 require-fk-index",
    ]);
  });
});

describe("fixtures/example-app (golang-migrate history)", () => {
  it("reports exactly the designed findings of the current rules, across files", async () => {
    const messages = allMessages(await lintRecommended(filesIn("fixtures/example-app/migrations")));
    expect(summary(messages)).toEqual([
      // products.price double precision (problem 4); weight_kg real is the safe look-alike (5)
      "000003_create_catalog.up.sql:16:5-16:36 no-float-money",
      // product_tags.tag_id is not the leading PK column (3)
      "000003_create_catalog.up.sql:42:28-42:66 require-fk-index",
      // orders.account_id without index (1); order_items.order_id is indexed in 000006 (2)
      "000004_create_orders.up.sql:6:32-6:74 require-fk-index",
    ]);
  });
});
