import { describe, expect, it } from "vitest";
import rule from "../../src/rules/prefer-jsonb.js";
import { allMessages, lintWithRule } from "../helpers/lint.js";
import { ruleTester } from "../helpers/rule-tester.js";

const payments = "CREATE TABLE payments (id bigint PRIMARY KEY, payload jsonb);";

ruleTester(rule, {
  valid: [
    { name: "jsonb", code: "CREATE TABLE payments (id bigint PRIMARY KEY, gateway_response jsonb, history jsonb[]);" },
    { name: "a column named json that is jsonb", code: "CREATE TABLE t (id bigint PRIMARY KEY, json jsonb NOT NULL);" },
    { name: "a user type named json in another schema", code: "CREATE SCHEMA api;\nCREATE DOMAIN api.json AS jsonb;\nCREATE TABLE api.requests (id bigint PRIMARY KEY, body api.json);" },
    { name: "changed to jsonb in a later file", code: ["CREATE TABLE payments (id bigint PRIMARY KEY, gateway_response json);", "ALTER TABLE payments ALTER COLUMN gateway_response TYPE jsonb USING gateway_response::jsonb;"] },
    { name: "dropped in a later file", code: ["CREATE TABLE payments (id bigint PRIMARY KEY, gateway_response json);", "ALTER TABLE payments DROP COLUMN gateway_response;"] },
    { name: "foreign table (the type is the remote table's)", code: "CREATE FOREIGN TABLE remote_payments (id bigint, gateway_response json) SERVER gateway;" },
  ],
  invalid: [
    {
      name: "table and column renamed after the type was declared: the message gives the names the statement shows",
      code: ["CREATE TABLE item (id bigint PRIMARY KEY, doc json);", "ALTER TABLE item RENAME TO items;\nALTER TABLE items RENAME COLUMN doc TO document;"],
      errors: [{ messageId: "jsonType", file: 1, line: 1, column: 43, endLine: 1, endColumn: 51, message: 'Column "document" (named "doc" here) of "items" (named "item" here) has type json' }],
    },
    {
      name: "json column",
      code: "CREATE TABLE payments (\n  id bigint PRIMARY KEY,\n  gateway_response json,\n  created_at timestamptz NOT NULL DEFAULT now()\n);",
      errors: [{ messageId: "jsonType", line: 3, column: 3, endLine: 3, endColumn: 24, message: 'Column "gateway_response" of "payments" has type json: PostgreSQL stores json as the input text' }],
    },
    {
      name: "json array with a default",
      code: "CREATE TABLE t (id bigint PRIMARY KEY, events json[] NOT NULL DEFAULT '{}');",
      errors: [{ messageId: "jsonType", line: 1, column: 40, endLine: 1, endColumn: 75, message: 'has type json[]' }],
    },
    {
      name: "added by ALTER TABLE in a later file",
      code: [payments, "ALTER TABLE payments ADD COLUMN IF NOT EXISTS raw pg_catalog.json;"],
      errors: [{ messageId: "jsonType", file: 2, line: 1, column: 47, endLine: 1, endColumn: 66 }],
    },
    {
      name: "type changed to json later: reported at the ALTER",
      code: [payments, "ALTER TABLE payments ALTER COLUMN payload SET DATA TYPE json USING payload::json;"],
      errors: [{ messageId: "jsonType", file: 2, line: 1, column: 35, endLine: 1, endColumn: 81 }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA integrations;\nCREATE TABLE integrations.webhooks (id bigint PRIMARY KEY, body json NOT NULL);",
      errors: [{ messageId: "jsonType", line: 2, column: 60, endLine: 2, endColumn: 78, message: 'Column "body" of "integrations"."webhooks"' }],
    },
  ],
});

describe("prefer-jsonb: help", () => {
  it("converts with a cast, arrays included", async () => {
    const messages = allMessages(await lintWithRule(rule, 'CREATE SCHEMA integrations;\nCREATE TABLE integrations.webhooks (id bigint PRIMARY KEY, "Body" json, events json[]);'));
    expect(messages.map((m) => m.help)).toEqual([
      'Use "jsonb": ALTER TABLE integrations.webhooks ALTER COLUMN "Body" TYPE jsonb USING "Body"::jsonb;',
      'Use "jsonb": ALTER TABLE integrations.webhooks ALTER COLUMN events TYPE jsonb[] USING events::jsonb[];',
    ]);
  });
});
