import { beforeAll, describe, expect, it } from "vitest";
import { initParser } from "../../src/parser/parse.js";
import { Catalog } from "../../src/schema/catalog.js";
import { erDiagram, erdMarkdown, erdMermaid } from "../../src/schema/erd.js";
import { foldSql } from "../helpers/fold.js";
import { expectValidErDiagram } from "../helpers/mermaid.js";

beforeAll(() => initParser());

describe("erDiagram", () => {
  it("draws entities, keys, sanitized names and types, and cardinalities from nullability and uniqueness (golden)", () => {
    const { catalog } = foldSql(`
      CREATE SCHEMA billing;
      CREATE TABLE "end" (id bigint PRIMARY KEY, pk text, "Weird Name" int, "9lives" timestamp(3) with time zone,
        tags varchar(20)[], amount numeric(10,2), bits bit varying(8));
      CREATE TABLE billing.accounts (id bigint PRIMARY KEY, end_id bigint NOT NULL UNIQUE REFERENCES "end" (id),
        manager_id bigint REFERENCES billing.accounts (id));
      CREATE TABLE profiles (account_id bigint PRIMARY KEY REFERENCES billing.accounts (id), backup_id bigint REFERENCES billing.accounts (id));
      CREATE UNIQUE INDEX ON profiles (backup_id);
      CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      COMMENT ON COLUMN profiles.account_id IS 'The "owner", 100% — see\\notes';
    `);
    const text = erDiagram(catalog);
    expect(text).toBe(
      [
        "erDiagram",
        "    billing__accounts {",
        "        bigint id PK",
        "        bigint end_id FK, UK",
        "        bigint manager_id FK",
        "    }",
        "    end_ {",
        "        bigint id PK",
        "        text pk_",
        "        integer Weird_Name",
        "        timestamptz(3) _9lives",
        "        varchar(20)[] tags",
        "        numeric(10_2) amount",
        "        varbit(8) bits",
        "    }",
        "    events {",
        "        bigint id",
        "        date at",
        "    }",
        "    profiles {",
        `        bigint account_id PK, FK "The 'owner', 100' — see'notes"`,
        "        bigint backup_id FK, UK",
        "    }",
        '    end_ ||--o| billing__accounts : "end_id"',
        '    billing__accounts |o--o{ billing__accounts : "manager_id"',
        '    billing__accounts ||--o| profiles : "account_id"',
        '    billing__accounts |o--o| profiles : "backup_id"',
        "",
      ].join("\n"),
    );
    expectValidErDiagram(text);
  });

  it("keeps entity names unique after sanitizing, and draws references to tables it never saw", () => {
    const { catalog } = foldSql(`
      CREATE SCHEMA a;
      CREATE TABLE "a-b" (id int PRIMARY KEY);
      CREATE TABLE a_b (id int PRIMARY KEY, ext_id int NOT NULL REFERENCES elsewhere (id), ab_id int NOT NULL REFERENCES "a-b" (id));
      CREATE TABLE a.b (id int PRIMARY KEY);
    `);
    const text = erDiagram(catalog);
    expect(text.split("\n").filter((l) => /^ {4}\S+ \{$/u.test(l))).toEqual(["    a__b {", "    a_b {", "    a_b_2 {"]);
    expect(text).toContain('    elsewhere ||--o{ a_b_2 : "ext_id"\n');
    expect(text).toContain('    a_b ||--o{ a_b_2 : "ab_id"\n');
    expectValidErDiagram(text);
  });

  it("draws an empty schema as a bare erDiagram", () => {
    expect(erDiagram(new Catalog())).toBe("erDiagram\n");
    expectValidErDiagram("erDiagram\n");
  });

  it("wraps diagrams in mermaid fences for Markdown, with a heading per history when there are several", () => {
    const one = [{ label: "db", mermaid: "erDiagram\n" }];
    const two = [...one, { label: "svc/db", mermaid: "erDiagram\n    t {\n    }\n" }];
    expect(erdMarkdown(one)).toBe("```mermaid\nerDiagram\n```\n");
    expect(erdMarkdown(two)).toBe("## db\n\n```mermaid\nerDiagram\n```\n\n## svc/db\n\n```mermaid\nerDiagram\n    t {\n    }\n```\n");
    expect(erdMermaid(one)).toBe("erDiagram\n");
    expect(erdMermaid(two)).toBe("%% db\nerDiagram\n\n%% svc/db\nerDiagram\n    t {\n    }\n");
  });
});

describe("expectValidErDiagram", () => {
  it("rejects lines outside the grammar", () => {
    expect(() => { expectValidErDiagram("erDiagram\n    t {\n        character varying name\n    }\n"); }).toThrow();
    expect(() => { expectValidErDiagram("erDiagram\n    a ||--o{ b\n"); }).toThrow();
    expect(() => { expectValidErDiagram("erDiagram\n    t {\n        text pk\n    }\n"); }).toThrow();
    expect(() => { expectValidErDiagram("erDiagram\n    t {\n"); }).toThrow();
    expect(() => { expectValidErDiagram("graph TD\n"); }).toThrow();
  });
});
