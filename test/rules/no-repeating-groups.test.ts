import rule from "../../src/rules/no-repeating-groups.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "differently named columns", code: "CREATE TABLE customers (id bigint PRIMARY KEY, phone text, mobile_phone text, fax text);" },
    { name: "a numbered column alone", code: "CREATE TABLE addresses (id bigint PRIMARY KEY, line_1 text, street2 text);" },
    { name: "prefixed address lines are allowed by default", code: "CREATE TABLE customers (id bigint PRIMARY KEY, billing_address_line1 text, billing_address_line2 text, shipping_line_1 text, shipping_line_2 text);" },
    { name: "address lines are allowed by default", code: "CREATE TABLE addresses (id bigint PRIMARY KEY, address_line_1 text, address_line_2 text, line1 text, line2 text);" },
    { name: "digits that are not a sequence", code: "CREATE TABLE files (id bigint PRIMARY KEY, md5 text, sha1 text, sha256 text, utf8 text, ipv4 inet, ipv6 inet, p50 real, p99 real);" },
    { name: "arrays and jsonb hold lists properly", code: "CREATE TABLE posts (id bigint PRIMARY KEY, tags text[], tag_ids bigint[], categories jsonb, reviewer_list varchar(20)[]);" },
    { name: "list names are matched as patterns, not substrings", code: "CREATE TABLE users (id bigint PRIMARY KEY, wishlist text, tagsets text, paid text);" },
    { name: "a list name on a non-text type", code: "CREATE TABLE t (id bigint PRIMARY KEY, order_ids int8range, tags tsvector);" },
    { name: "group broken up by a later file", code: ["CREATE TABLE customers (id bigint PRIMARY KEY, phone1 text, phone2 text);", "ALTER TABLE customers DROP COLUMN phone2;\nALTER TABLE customers RENAME COLUMN phone1 TO phone;"] },
    { name: "list column changed to an array later", code: ["CREATE TABLE posts (id bigint PRIMARY KEY, tags text);", "ALTER TABLE posts ALTER COLUMN tags TYPE text[] USING string_to_array(tags, ',');"] },
    { name: "partition of a table without groups", code: "CREATE TABLE m (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);\nCREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE m_2 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');" },
    { name: "custom list patterns replace the defaults", code: "CREATE TABLE posts (id bigint PRIMARY KEY, tags text);", options: {"listColumnPatterns": ["_csv$"]} },
    { name: "custom allow patterns", code: "CREATE TABLE customers (id bigint PRIMARY KEY, phone1 text, phone2 text);", options: {"allowPatterns": ["^phone$"]} },
  ],
  invalid: [
    {
      name: "numbered phone columns: one finding at the first column",
      code: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  phone1 text,\n  phone2 text,\n  phone3 text\n);",
      errors: [
        { messageId: "numberedColumns", line: 3, column: 3, endLine: 3, endColumn: 14, message: "Columns \"phone1\", \"phone2\", \"phone3\" of \"customers\" repeat one attribute in numbered columns", suggestion: "CREATE TABLE customer_phones (customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE, phone text NOT NULL, PRIMARY KEY (customer_id, phone));" },
      ],
    },
    {
      name: "underscore and plain numbering in one group, two groups in one table",
      code: "CREATE TABLE contacts (email_1 text, email2 text, name text, url1 text, url2 text);",
      errors: [
        { messageId: "numberedColumns", line: 1, column: 24, endLine: 1, endColumn: 36, message: "Columns \"email_1\", \"email2\" of \"contacts\"", suggestion: "CREATE TABLE contact_emails (contact_id bigint NOT NULL REFERENCES contacts ON DELETE CASCADE, email text NOT NULL, PRIMARY KEY (contact_id, email));" },
        { messageId: "numberedColumns", line: 1, column: 62, endLine: 1, endColumn: 71 },
      ],
    },
    {
      name: "composite primary key and serial parent keys in the suggestion",
      code: "CREATE TABLE order_lines (order_id bigint, line_no integer, note1 text, note2 text, PRIMARY KEY (order_id, line_no));\nCREATE TABLE category (id serial PRIMARY KEY, image_2 text, image_3 text);",
      errors: [
        { messageId: "numberedColumns", line: 1, column: 61, endLine: 1, endColumn: 71, suggestion: "CREATE TABLE order_line_notes (order_id bigint NOT NULL, line_no integer NOT NULL, note text NOT NULL, FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no) ON DELETE CASCADE, PRIMARY KEY (order_id, line_no, note));" },
        { messageId: "numberedColumns", line: 2, column: 47, endLine: 2, endColumn: 59, suggestion: "CREATE TABLE category_images (category_id integer NOT NULL REFERENCES category (id) ON DELETE CASCADE, image text NOT NULL, PRIMARY KEY (category_id, image));" },
      ],
    },
    {
      name: "group completed by a later file: reported at the first column",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY, phone1 text);", "ALTER TABLE customers ADD COLUMN phone2 text;"],
      errors: [
        { messageId: "numberedColumns", line: 1, column: 48, endLine: 1, endColumn: 59, message: "Columns \"phone1\", \"phone2\" of \"customers\"" },
      ],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA crm;\nCREATE TABLE crm.leads (id uuid PRIMARY KEY, phone_1 text, phone_2 varchar(20));",
      errors: [
        { messageId: "numberedColumns", line: 2, column: 46, endLine: 2, endColumn: 58, message: "of \"crm\".\"leads\"", suggestion: "CREATE TABLE crm.lead_phones (lead_id uuid NOT NULL REFERENCES crm.leads (id) ON DELETE CASCADE, phone text NOT NULL, PRIMARY KEY (lead_id, phone));" },
      ],
    },
    {
      name: "address lines when the allow list is emptied",
      code: "CREATE TABLE addresses (id bigint PRIMARY KEY, address_line_1 text, address_line_2 text);",
      options: {"allowPatterns": []},
      errors: [
        { messageId: "numberedColumns", line: 1, column: 48, endLine: 1, endColumn: 67 },
      ],
    },
    {
      name: "tags in a text column",
      code: "CREATE TABLE customers (id bigint PRIMARY KEY, tags text);",
      errors: [
        { messageId: "listInText", line: 1, column: 48, endLine: 1, endColumn: 57, message: "Column \"tags\" of \"customers\" is named like a list of values and has type text: a list kept as a delimited string", suggestion: "ALTER TABLE customers ALTER COLUMN tags TYPE text[] USING string_to_array(tags, ',');" },
      ],
    },
    {
      name: "ids of a known table in a varchar: junction table with both foreign keys",
      code: "CREATE TABLE tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\nCREATE TABLE posts (id bigint PRIMARY KEY, tag_ids varchar(200));",
      errors: [
        { messageId: "idListInText", line: 2, column: 44, endLine: 2, endColumn: 64, message: "Column \"tag_ids\" of \"posts\" is named like a list of ids and has type character varying(200): ids kept", suggestion: "CREATE TABLE post_tags (post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE, tag_id bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE, PRIMARY KEY (post_id, tag_id));" },
      ],
    },
    {
      name: "ids of an unknown table, categories and a _list column",
      code: "CREATE TABLE users (id bigint PRIMARY KEY, role_ids text, categories char(200), email_list text);",
      errors: [
        { messageId: "idListInText", line: 1, column: 44, endLine: 1, endColumn: 57, suggestion: "CREATE TABLE user_roles (user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, role_id bigint NOT NULL, PRIMARY KEY (user_id, role_id));" },
        { messageId: "listInText", line: 1, column: 59, endLine: 1, endColumn: 79, message: "has type character(200):" },
        { messageId: "listInText", line: 1, column: 81, endLine: 1, endColumn: 96 },
      ],
    },
    {
      name: "type changed to text in a later file: reported at the ALTER",
      code: ["CREATE TABLE posts (id bigint PRIMARY KEY, tags text[]);", "ALTER TABLE posts\n  ALTER COLUMN tags TYPE text;"],
      errors: [
        { messageId: "listInText", file: 2, line: 2, column: 16, endLine: 2, endColumn: 30 },
      ],
    },
    {
      name: "partitioned table: reported once, on the parent",
      code: "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL, tags text) PARTITION BY RANGE (created_at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      errors: [
        { messageId: "listInText", line: 1, column: 66, endLine: 1, endColumn: 75 },
      ],
    },
  ],
});
