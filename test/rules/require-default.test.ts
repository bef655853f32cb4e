import { describe, expect, it } from "vitest";
import rule from "../../src/rules/require-default.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "DEFAULT now() and CURRENT_TIMESTAMP", code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, inserted_at timestamptz DEFAULT clock_timestamp());" },
    { name: "a table made LIKE another INCLUDING ALL (or DEFAULTS) has its defaults", code: "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());\nCREATE TABLE events_archive (LIKE events INCLUDING ALL);\nCREATE TABLE events_copy (LIKE events INCLUDING DEFAULTS);" },
    { name: "default set by a later ALTER ... SET DEFAULT", code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);", "ALTER TABLE t ALTER COLUMN created_at SET DEFAULT now();"] },
    { name: "generated column", code: "CREATE TABLE t (id bigint PRIMARY KEY, created_local timestamp NOT NULL DEFAULT now(), created_at timestamptz GENERATED ALWAYS AS (created_local AT TIME ZONE 'UTC') STORED);" },
    { name: "other timestamp names", code: "CREATE TABLE t (id bigint PRIMARY KEY, shipped_at timestamptz, deleted_at timestamptz, created_by bigint);" },
    { name: "custom column list replaces the defaults", code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz, created_on date DEFAULT CURRENT_DATE);", options: {"columns": ["created_on"]} },
    { name: "partition inherits the parent's default", code: "CREATE TABLE m (created_at timestamptz NOT NULL DEFAULT now(), v int) PARTITION BY RANGE (created_at);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    { name: "foreign table", code: "CREATE FOREIGN TABLE remote_events (id bigint, created_at timestamptz) SERVER remote;" },
    { name: "special values that are constants, and 'now' read at each INSERT", code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz DEFAULT 'epoch', valid_until timestamptz DEFAULT 'infinity', seen_at timestamptz DEFAULT ('now'::text)::timestamptz, note text DEFAULT 'now', opens time DEFAULT 'today', closes timetz DEFAULT ('tomorrow'::timetz));\nINSERT INTO t (id, created_at) VALUES (1, 'now');\nDELETE FROM t WHERE created_at < 'today';" },
    { name: "SET DEFAULT 'now' on a text column and on a table the history never created", code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz DEFAULT now(), label text);", "ALTER TABLE t ALTER COLUMN label SET DEFAULT 'now';\nALTER TABLE unknown ALTER COLUMN created_at SET DEFAULT 'now';"] },
    { name: "column dropped later", code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz);", "ALTER TABLE t DROP COLUMN created_at;"] },
    { name: "frozen DEFAULT replaced by a later migration (the history holds the fix)", code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT 'now');", "ALTER TABLE t ALTER COLUMN created_at SET DEFAULT now();"] },
    { name: "frozen DEFAULT replaced in the same migration, or dropped with its column, table or DEFAULT", code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT 'now', day date DEFAULT 'today', seen_at timestamp DEFAULT 'now');\nALTER TABLE t ALTER COLUMN created_at SET DEFAULT now();\nCREATE TABLE scratch (at timestamptz DEFAULT 'now');", "ALTER TABLE t DROP COLUMN day, ALTER COLUMN seen_at DROP DEFAULT;\nDROP TABLE scratch;"] },
    {
      // Without ONLY, SET DEFAULT changes the column of every partition and inheritance child too, their own DEFAULT included (PostgreSQL 18).
      name: "frozen DEFAULT of a partitioned table and of an inheritance parent fixed later without ONLY: fixed in the partitions and children too",
      code: [
        "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT 'now') PARTITION BY RANGE (id);\nCREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (1000) PARTITION BY RANGE (id);\nCREATE TABLE events_1_a PARTITION OF events_1 (created_at DEFAULT 'now') FOR VALUES FROM (0) TO (10);\nCREATE TABLE base (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT 'now');\nCREATE TABLE child (extra int) INHERITS (base);\nCREATE TABLE grandchild (created_at timestamptz DEFAULT 'now') INHERITS (child);",
        "ALTER TABLE events ALTER COLUMN created_at SET DEFAULT now();\nALTER TABLE base ALTER COLUMN created_at SET DEFAULT now();",
      ],
    },
  ],
  invalid: [
    {
      name: "frozen DEFAULT set on a table the history never created: reported at once (the model keeps no column to check later)",
      code: "ALTER TABLE legacy ALTER COLUMN created_at SET DEFAULT 'now'::timestamptz;",
      errors: [{ messageId: "frozenDefault", line: 1, column: 56, endLine: 1, endColumn: 74, message: "The DEFAULT of column \"created_at\" of \"legacy\" is the string 'now'" }],
    },
    {
      name: "frozen DEFAULT still in place after later migrations renamed the column and changed its type: reported at the statement that set it, with its names",
      code: ["CREATE TABLE t (id bigint PRIMARY KEY, created timestamp DEFAULT 'now');", "ALTER TABLE t RENAME COLUMN created TO created_at;\nALTER TABLE t ALTER COLUMN created_at TYPE timestamptz;", "ALTER TABLE t ADD COLUMN updated_at timestamptz DEFAULT 'now';\nALTER TABLE t ALTER COLUMN updated_at SET DEFAULT 'now';"],
      errors: [
        { messageId: "frozenDefault", file: 1, line: 1, column: 66, endLine: 1, endColumn: 71, message: "The DEFAULT of column \"created\" of \"t\" is the string 'now'" },
        { messageId: "frozenDefault", file: 3, line: 2, column: 51, endLine: 2, endColumn: 56, message: "The DEFAULT of column \"updated_at\" of \"t\" is the string 'now'" },
      ],
    },
    {
      // With ONLY, SET DEFAULT changes the parent alone (on a partitioned table: the default of partitions created later), PostgreSQL 18.
      name: "frozen DEFAULT fixed later with ONLY: the copy in the inheritance child and a partition's own DEFAULT stay",
      code: [
        "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now()) PARTITION BY RANGE (id);\nCREATE TABLE events_1 PARTITION OF events (created_at DEFAULT 'now') FOR VALUES FROM (0) TO (1000);\nCREATE TABLE base (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT 'now');\nCREATE TABLE child (extra int) INHERITS (base);",
        "ALTER TABLE ONLY events ALTER COLUMN created_at SET DEFAULT now();\nALTER TABLE ONLY base ALTER COLUMN created_at SET DEFAULT now();",
      ],
      errors: [
        { messageId: "frozenDefault", file: 1, line: 2, column: 63, endLine: 2, endColumn: 68, message: "The DEFAULT of column \"created_at\" of \"events_1\" is the string 'now', which PostgreSQL converts to a timestamp with time zone value once" },
        { messageId: "frozenDefault", file: 1, line: 3, column: 83, endLine: 3, endColumn: 88, message: "The DEFAULT of column \"created_at\" of \"base\" is the string 'now'" },
      ],
    },
    {
      name: "ADD COLUMN on a table the history never created: reported at once (the model keeps no columns for it)",
      code: "ALTER TABLE unknown ADD COLUMN created_at timestamptz NOT NULL DEFAULT 'now';",
      errors: [{ messageId: "frozenDefault", line: 1, column: 72, endLine: 1, endColumn: 77, message: "The DEFAULT of column \"created_at\" of \"unknown\"" }],
    },
    {
      name: "'now' and 'NOW()' converted once by CREATE TABLE",
      code: "CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  created_at timestamptz NOT NULL DEFAULT 'now',\n  available timestamp with time zone NOT NULL DEFAULT 'NOW()',\n  day date DEFAULT 'today'\n);",
      errors: [
        { messageId: "frozenDefault", line: 3, column: 43, endLine: 3, endColumn: 48, message: "The DEFAULT of column \"created_at\" of \"events\" is the string 'now', which PostgreSQL converts to a timestamp with time zone value once, when this statement runs: every row inserted later gets that same fixed time instead of the time of its INSERT." },
        { messageId: "frozenDefault", line: 4, column: 55, endLine: 4, endColumn: 62, message: "the string 'NOW()'" },
        { messageId: "frozenDefault", line: 5, column: 20, endLine: 5, endColumn: 27, message: "to a date value" },
      ],
    },
    {
      name: "explicit casts, SET DEFAULT and ADD COLUMN in a later file",
      code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());", "ALTER TABLE t ALTER COLUMN created_at SET DEFAULT 'now';\nALTER TABLE t ADD COLUMN due_on date DEFAULT 'tomorrow'::date, ADD COLUMN seen_at timestamp DEFAULT timestamp 'now' + interval '1 hour';"],
      errors: [
        { messageId: "frozenDefault", file: 2, line: 1, column: 51, endLine: 1, endColumn: 56, message: "The DEFAULT of column \"created_at\" of \"t\" is the string 'now'" },
        { messageId: "frozenDefault", file: 2, line: 2, column: 46, endLine: 2, endColumn: 62 },
        { messageId: "frozenDefault", file: 2, line: 2, column: 111, endLine: 2, endColumn: 136, message: "to a timestamp without time zone value" },
      ],
    },
    {
      name: "NOT NULL created_at without a default",
      code: "CREATE TABLE order_items (\n  id bigint PRIMARY KEY,\n  created_at timestamptz NOT NULL\n);",
      errors: [
        { messageId: "missingDefault", line: 3, column: 3, endLine: 3, endColumn: 34, message: "Column \"created_at\" of \"order_items\" has no DEFAULT", suggestion: "ALTER TABLE order_items ALTER COLUMN created_at SET DEFAULT now();" },
      ],
    },
    {
      name: "updated_at and inserted_at, nullable",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz, inserted_at timestamp without time zone);",
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 62 },
        { messageId: "missingDefault", line: 1, column: 64, endLine: 1, endColumn: 103 },
      ],
    },
    {
      name: "default dropped in a later file",
      code: ["CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());", "ALTER TABLE t ALTER COLUMN created_at DROP DEFAULT;"],
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 85 },
      ],
    },
    {
      name: "DEFAULT NULL is no default",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz DEFAULT NULL);",
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 75 },
      ],
    },
    {
      name: "date and epoch columns get a default of their type",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at date NOT NULL, updated_at bigint NOT NULL);",
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 64, suggestion: "ALTER TABLE t ALTER COLUMN created_at SET DEFAULT CURRENT_DATE;" },
        { messageId: "missingDefault", line: 1, column: 66, endLine: 1, endColumn: 92, suggestion: "ALTER TABLE t ALTER COLUMN updated_at SET DEFAULT (extract(EPOCH FROM now()))::bigint;" },
      ],
    },
    {
      name: "added by ALTER TABLE in a later file, non-public schema",
      code: ["CREATE SCHEMA audit;\nCREATE TABLE audit.log (id bigint PRIMARY KEY);", "ALTER TABLE audit.log\n  ADD COLUMN created_at timestamptz NOT NULL;"],
      errors: [
        { messageId: "missingDefault", file: 2, line: 2, column: 14, endLine: 2, endColumn: 45, message: "Column \"created_at\" of \"audit\".\"log\" has no DEFAULT", suggestion: "ALTER TABLE audit.log ALTER COLUMN created_at SET DEFAULT now();" },
      ],
    },
    {
      name: "names compare case-insensitively",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, \"Created_At\" timestamptz);",
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 64, suggestion: "ALTER TABLE t ALTER COLUMN \"Created_At\" SET DEFAULT now();" },
      ],
    },
    {
      name: "custom column list",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, created_on date);",
      options: {"columns": ["created_on"]},
      errors: [
        { messageId: "missingDefault", line: 1, column: 40, endLine: 1, endColumn: 55 },
      ],
    },
    {
      name: "partitioned table: reported once, on the parent",
      code: "CREATE TABLE m (created_at timestamptz NOT NULL, v int) PARTITION BY RANGE (created_at);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      errors: [
        { messageId: "missingDefault", line: 1, column: 17, endLine: 1, endColumn: 48 },
      ],
    },
  ],
});

describe("require-default: a special value in a DEFAULT string", () => {
  it("names the function that gives the same time at each INSERT", async () => {
    const results = await lintWithRule(rule, "CREATE TABLE t (id bigint PRIMARY KEY, a timestamptz DEFAULT 'now', b date DEFAULT 'Today', c date DEFAULT 'tomorrow'::date, d timestamp DEFAULT 'yesterday', e time DEFAULT ' now ');");
    expect(allMessages(results).map((m) => m.help)).toEqual([
      "Write DEFAULT now(), which PostgreSQL evaluates at each INSERT.",
      "Write DEFAULT CURRENT_DATE, which PostgreSQL evaluates at each INSERT.",
      "Write DEFAULT CURRENT_DATE + 1, which PostgreSQL evaluates at each INSERT.",
      "Write DEFAULT CURRENT_DATE - 1, which PostgreSQL evaluates at each INSERT.",
      "Write DEFAULT now(), which PostgreSQL evaluates at each INSERT.",
    ]);
  });
});
