import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planMigrations } from "../../src/migrations/layouts.js";

describe("fixtures/example-app/migrations", () => {
  it("is a golang-migrate directory of 14 migrations with downs for the first 13, and one misnamed file", () => {
    const dir = new URL("../../fixtures/example-app/migrations/", import.meta.url);
    const files = readdirSync(dir).map((name) => ({ path: `/app/migrations/${name}`, text: readFileSync(new URL(name, dir), "utf8") }));
    const plan = planMigrations(files);
    expect(plan.layout).toBe("golang-migrate");
    expect(plan.problems).toEqual([
      {
        file: "/app/migrations/000015_seed_default_roles.sql",
        line: 1,
        message: "file name does not match {version}_{title}.up.sql or {version}_{title}.down.sql; golang-migrate ignores it",
      },
    ]);
    expect(plan.migrations.map((m) => Number(m.version))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(plan.migrations.map((m) => m.down.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(plan.migrations[13]?.name).toBe("create_audit_events");
  });
});
