import { describe, expect, it } from "vitest";
import rule from "../../src/rules/no-string-dates.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "date and time types", code: "CREATE TABLE users (id bigint PRIMARY KEY, birth_date date, created_at timestamptz, starts_on date, start_time time, dob date);" },
    { name: "names that only contain a date word", code: "CREATE TABLE t (id bigint PRIMARY KEY, updated_by text, date_format text, timezone text, time_zone text, update_reason text, created_at_source text, format text, chat text, dates_seen text);" },
    { name: "a DEFAULT that no date is written as: event names, not days", code: "CREATE TABLE alerts (id bigint PRIMARY KEY, notify_on character varying[] DEFAULT '{triggered}', shown_at text DEFAULT 'sidebar'::text);" },
    { name: "duration in an interval column", code: "CREATE TABLE jobs (id bigint PRIMARY KEY, duration interval, run_at timestamptz);" },
    { name: "durations, relations and places named like dates", code: "CREATE TABLE services (id bigint PRIMARY KEY, response_time text, lead_time varchar(20), depends_on text, runs_on text, located_at text);" },
    { name: "date-like name with a non-string type", code: "CREATE TABLE t (id bigint PRIMARY KEY, created boolean, updated_at bigint, deleted_on integer, birthday jsonb);" },
    { name: "changed to date in a later file", code: ["CREATE TABLE users (id bigint PRIMARY KEY, birth_date varchar(10));", "ALTER TABLE users ALTER COLUMN birth_date TYPE date USING birth_date::date;"] },
    { name: "renamed to a name that is not a date in a later file", code: ["CREATE TABLE imports (id bigint PRIMARY KEY, imported_at text);", "ALTER TABLE imports RENAME COLUMN imported_at TO source_label;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE legacy_users (id bigint, created_at text) SERVER legacy;" },
    { name: "custom patterns replace the defaults", code: "CREATE TABLE t (id bigint PRIMARY KEY, created_at text);", options: { columnPatterns: ["^fecha$"] } },
  ],
  invalid: [
    {
      name: "a DEFAULT written as a date, or a special date value, does not excuse the type",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, due_on text DEFAULT '2024-01-01', seen_at text DEFAULT 'now');",
      errors: [
        { messageId: "dateAsText", line: 1, column: 40, endLine: 1, endColumn: 72 },
        { messageId: "timestampAsText", line: 1, column: 74, endLine: 1, endColumn: 100 },
      ],
    },
    {
      name: "varchar birth date",
      code: "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text NOT NULL,\n  birth_date varchar(10),\n  updated_by text\n);",
      errors: [{ messageId: "dateAsText", line: 4, column: 3, endLine: 4, endColumn: 25, message: 'Column "birth_date" of "users" is named like a date but has type character varying(10)' }],
    },
    {
      name: "each default pattern, dates and points in time",
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, created_at text, published_on varchar(10), dob char(10), "Created" text, start_time text, date text, event_timestamp character varying(30));',
      errors: [
        { messageId: "timestampAsText", line: 1, column: 40, endLine: 1, endColumn: 55, message: 'Column "created_at" of "t" is named like a point in time but has type text' },
        { messageId: "dateAsText", line: 1, column: 57, endLine: 1, endColumn: 81 },
        { messageId: "dateAsText", line: 1, column: 83, endLine: 1, endColumn: 95, message: 'has type character(10)' },
        { messageId: "timestampAsText", line: 1, column: 97, endLine: 1, endColumn: 111 },
        { messageId: "timestampAsText", line: 1, column: 113, endLine: 1, endColumn: 128 },
        { messageId: "dateAsText", line: 1, column: 130, endLine: 1, endColumn: 139 },
        { messageId: "timestampAsText", line: 1, column: 141, endLine: 1, endColumn: 178 },
      ],
    },
    {
      name: "type changed to text later: reported at the ALTER",
      code: ["CREATE TABLE orders (id bigint PRIMARY KEY, shipped_at timestamptz);", "ALTER TABLE orders ALTER COLUMN shipped_at TYPE text;"],
      errors: [{ messageId: "timestampAsText", file: 2, line: 1, column: 33, endLine: 1, endColumn: 53 }],
    },
    {
      name: "renamed to a date name later: reported at the definition, under the new name",
      code: ["CREATE TABLE imports (id bigint PRIMARY KEY, raw text);", "ALTER TABLE imports RENAME COLUMN raw TO imported_at;"],
      errors: [{ messageId: "timestampAsText", line: 1, column: 46, endLine: 1, endColumn: 54, message: 'Column "imported_at" of "imports"' }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA crm;\nCREATE TABLE crm.contacts (id bigint PRIMARY KEY, birthday text);",
      errors: [{ messageId: "dateAsText", line: 2, column: 51, endLine: 2, endColumn: 64, message: 'Column "birthday" of "crm"."contacts"' }],
    },
    {
      name: "array of text dates",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, holiday_date text[]);",
      errors: [{ messageId: "dateAsText", line: 1, column: 40, endLine: 1, endColumn: 59, message: 'has type text[]' }],
    },
    {
      name: "custom patterns, no ignore patterns",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, fecha text, lead_time text);",
      options: { columnPatterns: ["^fecha$", "_time$"], ignorePatterns: [] },
      errors: [
        { messageId: "timestampAsText", line: 1, column: 40, endLine: 1, endColumn: 50 },
        { messageId: "timestampAsText", line: 1, column: 52, endLine: 1, endColumn: 66 },
      ],
    },
  ],
});

describe("no-string-dates: help", () => {
  it("converts to date or timestamptz with a cast, quoting where needed", async () => {
    const messages = allMessages(
      await lintWithRule(rule, 'CREATE SCHEMA crm;\nCREATE TABLE crm.contacts (id bigint PRIMARY KEY, "Birth_Date" text, time varchar(8), seen_on text[]);'),
    );
    expect(messages.map((m) => m.help?.replace(/^.*?: (?=ALTER)/su, ""))).toEqual([
      'ALTER TABLE crm.contacts ALTER COLUMN "Birth_Date" TYPE date USING "Birth_Date"::date;',
      "ALTER TABLE crm.contacts ALTER COLUMN time TYPE timestamptz USING time::timestamptz;",
      "ALTER TABLE crm.contacts ALTER COLUMN seen_on TYPE date[] USING seen_on::date[];",
    ]);
  });
});
