import { describe, expect, it } from "vitest";
import rule from "../../src/rules/require-timestamptz.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const events = "CREATE TABLE events (id bigint PRIMARY KEY, starts_at timestamptz);";

ruleTester(rule, {
  valid: [
    { name: "timestamptz in every spelling", code: "CREATE TABLE t (id bigint PRIMARY KEY, a timestamptz, b timestamp with time zone, c timestamptz(3), d timestamptz[]);" },
    { name: "date, time and interval", code: "CREATE TABLE shifts (id bigint PRIMARY KEY, day date, starts time, ends time without time zone, zoned timetz, length interval);" },
    { name: "a column named timestamp that is timestamptz", code: 'CREATE TABLE t (id bigint PRIMARY KEY, "timestamp" timestamptz);' },
    { name: "changed to timestamptz in a later file", code: ["CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamp NOT NULL);", "ALTER TABLE sessions ALTER COLUMN expires_at TYPE timestamptz USING expires_at AT TIME ZONE 'UTC';"] },
    { name: "dropped in a later file", code: ["CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamp NOT NULL);", "ALTER TABLE sessions DROP COLUMN expires_at;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE remote_events (id bigint, happened timestamp) SERVER legacy;" },
  ],
  invalid: [
    {
      name: "table and column renamed after the type was declared: the message gives the names the statement shows",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, seen timestamp);", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN seen TO seen_at;"],
      errors: [{ messageId: "timestampWithoutTimeZone", file: 1, line: 1, column: 43, endLine: 1, endColumn: 57, message: 'Column "seen_at" (named "seen" here) of "items" (named "item" here) has type timestamp without time zone' }],
    },
    {
      name: "timestamp without time zone",
      code: "CREATE TABLE sessions (\n  id bigint PRIMARY KEY,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  expires_at timestamp NOT NULL\n);",
      errors: [{ messageId: "timestampWithoutTimeZone", line: 4, column: 3, endLine: 4, endColumn: 32, message: 'Column "expires_at" of "sessions" has type timestamp without time zone: the values carry no time zone' }],
    },
    {
      name: "every spelling and precision",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, a timestamp(3), b timestamp without time zone, c pg_catalog.timestamp, d timestamp(0) without time zone DEFAULT now());",
      errors: [
        { messageId: "timestampWithoutTimeZone", line: 1, column: 40, endLine: 1, endColumn: 54, message: 'has type timestamp(3) without time zone' },
        { messageId: "timestampWithoutTimeZone", line: 1, column: 56, endLine: 1, endColumn: 85 },
        { messageId: "timestampWithoutTimeZone", line: 1, column: 87, endLine: 1, endColumn: 109 },
        { messageId: "timestampWithoutTimeZone", line: 1, column: 111, endLine: 1, endColumn: 157 },
      ],
    },
    {
      name: "array of timestamps",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, reminders timestamp[]);",
      errors: [{ messageId: "timestampWithoutTimeZone", line: 1, column: 40, endLine: 1, endColumn: 61, message: 'has type timestamp without time zone[]' }],
    },
    {
      name: "type changed to timestamp later: reported at the ALTER",
      code: [events, "ALTER TABLE events ALTER COLUMN starts_at TYPE timestamp;"],
      errors: [{ messageId: "timestampWithoutTimeZone", file: 2, line: 1, column: 33, endLine: 1, endColumn: 57 }],
    },
    {
      name: "added by ALTER TABLE in a later file",
      code: [events, "ALTER TABLE events\n  ADD COLUMN ends_at timestamp,\n  ADD COLUMN note text;"],
      errors: [{ messageId: "timestampWithoutTimeZone", file: 2, line: 2, column: 14, endLine: 2, endColumn: 31 }],
    },
    {
      name: "non-public schema, quoted mixed-case column",
      code: 'CREATE SCHEMA audit;\nCREATE TABLE audit.events (id bigint PRIMARY KEY, "occurredAt" timestamp NOT NULL);',
      errors: [{ messageId: "timestampWithoutTimeZone", line: 2, column: 51, endLine: 2, endColumn: 82, message: 'Column "occurredAt" of "audit"."events"' }],
    },
    {
      name: "inherited column: reported once, on the parent",
      code: "CREATE TABLE events (id bigint, happened timestamp);\nCREATE TABLE special_events (extra text) INHERITS (events);",
      errors: [{ messageId: "timestampWithoutTimeZone", line: 1, column: 33, endLine: 1, endColumn: 51 }],
    },
  ],
});

describe("require-timestamptz: help", () => {
  it("converts from UTC, keeps the precision, and uses the session time zone for arrays", async () => {
    const messages = allMessages(
      await lintWithRule(rule, 'CREATE SCHEMA audit;\nCREATE TABLE audit.events (id bigint PRIMARY KEY, "occurredAt" timestamp(3), "time" timestamp, reminders timestamp[]);'),
    );
    expect(messages.map((m) => m.help?.replace(/^.*?: (?=ALTER|SET)/su, ""))).toEqual([
      `ALTER TABLE audit.events ALTER COLUMN "occurredAt" TYPE timestamptz(3) USING "occurredAt" AT TIME ZONE 'UTC';`,
      "ALTER TABLE audit.events ALTER COLUMN time TYPE timestamptz USING time AT TIME ZONE 'UTC';",
      "SET TimeZone = 'UTC'; ALTER TABLE audit.events ALTER COLUMN reminders TYPE timestamptz[];",
    ]);
  });
});
