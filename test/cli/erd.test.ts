import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectValidErDiagram } from "../helpers/mermaid.js";
import { ROOT, runCli, tempProject, type TempDir } from "./run.js";

/** The example application's diagram, read and checked by hand against fixtures/example-app/migrations. */
const EXAMPLE_APP = readFileSync(path.join(ROOT, "test", "fixtures", "example-app.erd.mmd"), "utf8");

describe("schemalint erd", () => {
  it("prints the example application's schema as a Mermaid erDiagram (golden)", () => {
    const run = runCli(["erd", "fixtures/example-app"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(EXAMPLE_APP);
    expectValidErDiagram(run.stdout);
  });

  it("folds the history the lint command folds: renames, drops, later foreign keys and type changes", () => {
    // Spot checks of the golden file against the migrations, so a wrong golden cannot pass unnoticed.
    expect(EXAMPLE_APP).toContain("    customers {\n        bigint id PK\n        bigint account_id FK\n        text full_name\n");
    expect(EXAMPLE_APP).not.toContain(" fax");
    expect(EXAMPLE_APP).toContain('    accounts ||--o{ invoices : "account_id"\n');
    expect(EXAMPLE_APP).toContain('    invoices |o--o{ payments : "invoice_id"\n');
    expect(EXAMPLE_APP).toContain('    category |o--o{ products : "category_id"\n');
    expect(EXAMPLE_APP).toContain("        varchar(100) sku\n");
    expect(EXAMPLE_APP).toContain("        bigint view_count\n");
    expect(EXAMPLE_APP).toContain("        bigint product_id PK, FK\n");
    expect(EXAMPLE_APP.match(/ : "/gu)).toHaveLength(16);
  });

  describe("in a project", () => {
    let project: TempDir;
    beforeAll(async () => {
      project = await tempProject("schemalint-erd-");
      await project.write("a/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
      await project.write("b/001_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\nCREATE TABLE broken (;\n");
    });
    afterAll(() => project.remove());

    it("prints one diagram per history, each under a %% comment naming it, and names files it could not parse", () => {
      const run = runCli(["erd"], { cwd: project.dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe("%% a\nerDiagram\n    users {\n        bigint id PK\n    }\n\n%% b\nerDiagram\n    orders {\n        bigint id PK\n        text note\n    }\n");
      expect(run.stderr).toBe('schemalint: b/001_orders.sql:2:22: Syntax error at or near ";". (left out of the diagram)\n');
    });

    it("writes Markdown with a heading and a mermaid fence per history to a .md output file", async () => {
      const run = runCli(["erd", "-o", "schema.md", "a"], { cwd: project.dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe("");
      expect(await readFile(path.join(project.dir, "schema.md"), "utf8")).toBe("```mermaid\nerDiagram\n    users {\n        bigint id PK\n    }\n```\n");
      runCli(["erd", "--output-file", "schema.md"], { cwd: project.dir });
      expect(await readFile(path.join(project.dir, "schema.md"), "utf8")).toMatch(/^## a\n\n```mermaid\nerDiagram\n[\s\S]*```\n\n## b\n\n```mermaid\nerDiagram\n[\s\S]*```\n$/u);
    });

    it("writes plain Mermaid to any other output file", async () => {
      const run = runCli(["erd", "-o", "schema.mmd", "a"], { cwd: project.dir });
      expect(run.status).toBe(0);
      expect(await readFile(path.join(project.dir, "schema.mmd"), "utf8")).toBe("erDiagram\n    users {\n        bigint id PK\n    }\n");
    });

    it("names a schema dump's diagram after the dump file", async () => {
      await project.write("dumps/structure.sql", "--\n-- PostgreSQL database dump\n--\nCREATE TABLE public.accounts (id bigint NOT NULL);\n");
      const run = runCli(["erd", "a", "dumps"], { cwd: project.dir });
      expect(run.stdout.split("\n").filter((line) => line.startsWith("%%"))).toEqual(["%% a", "%% dumps/structure.sql"]);
    });

    it("exits 2 when a path matches nothing", () => {
      const run = runCli(["erd", "missing"], { cwd: project.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("schemalint: missing: ");
    });
  });
});
