import { describe, expect, it } from "vitest";
import { planMigrations, requiresDown } from "../../src/migrations/layouts.js";
import { only, summary, tree } from "./helpers.js";

describe("supabase layout", () => {
  const dir = "/repo/supabase/migrations";
  it("orders timestamped files, up only, each in a transaction", () => {
    const plan = planMigrations(
      tree(dir, { "20240102000000_b.sql": "SELECT 2;", "20240101000000_a.sql": "SELECT 1;", "seed.sql": "", "20240101000000_dup.sql": "" }),
    );
    expect(plan.layout).toBe("supabase");
    expect(plan.migrations.map(summary)).toEqual(["20240101000000|a|up=20240101000000_a.sql:tool|down=", "20240102000000|b|up=20240102000000_b.sql:tool|down="]);
    expect(plan.problems).toEqual([
      { file: `${dir}/20240101000000_dup.sql`, line: 1, message: `duplicate version 20240101000000 (also used by ${dir}/20240101000000_a.sql)` },
      { file: `${dir}/seed.sql`, line: 1, message: "file name does not match {timestamp}_{name}.sql; supabase ignores it" },
    ]);
    expect(requiresDown("supabase")).toBe(false);
  });
});

describe("plain layout", () => {
  const dir = "/repo/sql";
  it("treats each file as one up migration without a transaction, in numeric-aware order", () => {
    const plan = planMigrations(tree(dir, { "010_c.sql": "", "9_b.sql": "", "001_a.sql": "", "20240101120000_d.sql": "", "zz_extra.sql": "", "notes.txt": "" }));
    expect(plan.layout).toBe("plain");
    expect(plan.migrations.map(summary)).toEqual([
      "001|a|up=001_a.sql:none|down=",
      "9|b|up=9_b.sql:none|down=",
      "010|c|up=010_c.sql:none|down=",
      "20240101120000|d|up=20240101120000_d.sql:none|down=",
      "|zz_extra|up=zz_extra.sql:none|down=",
    ]);
    expect(plan.migrations[0]?.id).toBe(`plain:${dir}:001_a`);
    expect(plan.problems).toEqual([]);
    expect(requiresDown("plain")).toBe(false);
  });

  it("can be forced and honours assumeInTransaction", () => {
    const plan = planMigrations(tree("/r", { "1_a.up.sql": "" }), { layout: "plain", assumeInTransaction: true });
    expect(plan.layout).toBe("plain");
    expect(only(plan.migrations).up[0]?.transaction).toBe("tool");
  });
});

describe("dump layout", () => {
  it("is one migration holding the whole file", () => {
    const text = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (a int);\n";
    const plan = planMigrations(tree("/repo/db", { "structure.sql": text }));
    expect(plan.layout).toBe("dump");
    const m = only(plan.migrations);
    expect(summary(m)).toBe("|structure|up=structure.sql:none|down=");
    expect(m.up[0]?.text).toBe(text);
    expect(m.id).toBe("dump:/repo/db:structure");
    expect(requiresDown("dump")).toBe(false);
  });
});
