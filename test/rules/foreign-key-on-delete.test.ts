import rule from "../../src/rules/foreign-key-on-delete.js";
import { ruleTester } from "../helpers/rule-tester.js";

const accounts = "CREATE TABLE accounts (id bigint PRIMARY KEY);\n";

ruleTester(rule, {
  valid: [
    { name: "explicit ON DELETE NO ACTION", code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts ON DELETE NO ACTION);` },
    {
      name: "every explicit action",
      code: `${accounts}CREATE TABLE t (\n  id bigint PRIMARY KEY,\n  a bigint REFERENCES accounts ON DELETE CASCADE,\n  b bigint REFERENCES accounts ON DELETE RESTRICT,\n  c bigint REFERENCES accounts ON DELETE SET NULL,\n  d bigint DEFAULT 1 REFERENCES accounts ON DELETE SET DEFAULT\n);`,
    },
    { name: "ON DELETE after ON UPDATE in a table constraint", code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint, FOREIGN KEY (account_id) REFERENCES accounts (id) ON UPDATE CASCADE ON DELETE CASCADE);` },
    { name: "added by ALTER TABLE with ON DELETE", code: [`${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint);`, "ALTER TABLE customers ADD CONSTRAINT fk_customers_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;"] },
    {
      name: "re-added with ON DELETE in a later file",
      code: [`${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_customers_accounts REFERENCES accounts);`, "ALTER TABLE customers DROP CONSTRAINT fk_customers_accounts,\n  ADD CONSTRAINT fk_customers_accounts FOREIGN KEY (account_id) REFERENCES accounts ON DELETE RESTRICT;"],
    },
    { name: "constraint dropped later", code: [`${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_customers_accounts REFERENCES accounts);`, "ALTER TABLE customers DROP CONSTRAINT fk_customers_accounts;"] },
    { name: "lower-case keywords", code: `${accounts}create table customers (id bigint primary key, account_id bigint references accounts on delete cascade);` },
    { name: "explicit action inside the allowed list", code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts ON DELETE RESTRICT);`, options: { allowed: ["restrict", "no action"] } },
    { name: "non-public schema with ON DELETE", code: "CREATE SCHEMA crm;\nCREATE TABLE crm.accounts (id bigint PRIMARY KEY);\nCREATE TABLE crm.contacts (id bigint PRIMARY KEY, account_id bigint REFERENCES crm.accounts ON DELETE CASCADE);" },
  ],
  invalid: [
    {
      name: "referenced column renamed after the foreign key: the message does not print it, but the replacement would write its new name, so none is inserted there",
      code: ["CREATE TABLE parent (id bigint PRIMARY KEY);\nCREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id));\nCREATE INDEX ON child (parent_id);\nCREATE TABLE other (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent);", "ALTER TABLE parent RENAME COLUMN id TO uid;"],
      errors: [
        {
          messageId: "missingOnDelete", file: 1, line: 2, column: 61, endLine: 2, endColumn: 83,
          message: 'Foreign key "child_parent_id_fkey" on "child" ("parent_id") does not state ON DELETE, so it gets NO ACTION: deleting a row of "parent" that is still referenced fails',
          suggestion: null,
        },
        // Without a column list, the replacement writes the primary key's columns.
        { messageId: "missingOnDelete", file: 1, line: 4, column: 61, endLine: 4, endColumn: 78, suggestion: null },
      ],
    },
    {
      name: "foreign key renamed after it was added: the message gives the name it shows, and no replacement with the new name is inserted there",
      code: ["CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, cust bigint REFERENCES customers);", "ALTER TABLE orders RENAME CONSTRAINT orders_cust_fkey TO orders_customer_fkey;\nALTER TABLE customers RENAME TO clients;"],
      errors: [{
        messageId: "missingOnDelete", file: 1, line: 2, column: 57, endLine: 2, endColumn: 77,
        message: 'Foreign key "orders_customer_fkey" (named "orders_cust_fkey" here) on "orders" ("cust") does not state ON DELETE, so it gets NO ACTION: deleting a row of "clients" (named "customers" here) that is still referenced fails',
        suggestion: null,
      }],
    },
    {
      name: "inline REFERENCES without ON DELETE",
      code: `${accounts}CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  account_id bigint NOT NULL REFERENCES accounts (id)\n);`,
      errors: [
        {
          messageId: "missingOnDelete",
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 54,
          message: 'Foreign key "customers_account_id_fkey" on "customers" ("account_id") does not state ON DELETE, so it gets NO ACTION',
          suggestion:
            "ALTER TABLE customers DROP CONSTRAINT customers_account_id_fkey, ADD CONSTRAINT customers_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE NO ACTION NOT VALID; ALTER TABLE customers VALIDATE CONSTRAINT customers_account_id_fkey;",
        },
      ],
    },
    {
      name: "table constraint with only ON UPDATE",
      code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint,\n  CONSTRAINT fk_customers_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON UPDATE CASCADE\n);`,
      errors: [
        {
          messageId: "missingOnDelete",
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 103,
          suggestion:
            "ALTER TABLE customers DROP CONSTRAINT fk_customers_accounts, ADD CONSTRAINT fk_customers_accounts FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID; ALTER TABLE customers VALIDATE CONSTRAINT fk_customers_accounts;",
        },
      ],
    },
    {
      name: "pg_dump output: NO ACTION is never written",
      code: [
        "CREATE TABLE public.accounts (id bigint NOT NULL);\nCREATE TABLE public.customers (id bigint NOT NULL, account_id bigint);\nALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);",
        "ALTER TABLE ONLY public.customers\n    ADD CONSTRAINT customers_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id);",
      ],
      errors: [{ messageId: "missingOnDelete", file: 2, line: 2, column: 9, endLine: 2, endColumn: 101 }],
    },
    {
      name: "non-public schema",
      code: "CREATE SCHEMA crm;\nCREATE TABLE crm.accounts (id bigint PRIMARY KEY);\nCREATE TABLE crm.contacts (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_contacts_accounts REFERENCES crm.accounts);",
      errors: [
        {
          messageId: "missingOnDelete",
          line: 3,
          column: 69,
          endLine: 3,
          endColumn: 124,
          message: 'Foreign key "fk_contacts_accounts" on "crm"."contacts" ("account_id") does not state ON DELETE',
          suggestion:
            "ALTER TABLE crm.contacts DROP CONSTRAINT fk_contacts_accounts, ADD CONSTRAINT fk_contacts_accounts FOREIGN KEY (account_id) REFERENCES crm.accounts (id) ON DELETE NO ACTION NOT VALID; ALTER TABLE crm.contacts VALIDATE CONSTRAINT fk_contacts_accounts;",
        },
      ],
    },
    {
      name: "ON DELETE in a comment does not count",
      code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts /* ON DELETE CASCADE */);`,
      errors: [{ messageId: "missingOnDelete", line: 2, column: 66, endLine: 2, endColumn: 85 }],
    },
    {
      name: "re-added without ON DELETE in a later file, reported there",
      code: [
        `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint CONSTRAINT fk_customers_accounts REFERENCES accounts ON DELETE CASCADE);`,
        "ALTER TABLE customers DROP CONSTRAINT fk_customers_accounts,\n  ADD CONSTRAINT fk_customers_accounts FOREIGN KEY (account_id) REFERENCES accounts;",
      ],
      errors: [{ messageId: "missingOnDelete", file: 2, line: 2, column: 7, endLine: 2, endColumn: 84 }],
    },
    {
      name: "explicit action outside the allowed list",
      code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts ON DELETE CASCADE, owner_id bigint REFERENCES accounts ON DELETE RESTRICT);`,
      options: { allowed: ["restrict", "no action"] },
      errors: [
        {
          messageId: "actionNotAllowed",
          line: 2,
          column: 66,
          endLine: 2,
          endColumn: 103,
          message: 'Foreign key "customers_account_id_fkey" on "customers" ("account_id") uses ON DELETE CASCADE, which is not one of the actions allowed in this project (RESTRICT, NO ACTION).',
          suggestion:
            "ALTER TABLE customers DROP CONSTRAINT customers_account_id_fkey, ADD CONSTRAINT customers_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE NO ACTION NOT VALID; ALTER TABLE customers VALIDATE CONSTRAINT customers_account_id_fkey;",
        },
      ],
    },
    {
      name: "allowed without NO ACTION: the suggestion uses RESTRICT",
      code: `${accounts}CREATE TABLE customers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);`,
      options: { allowed: ["cascade", "restrict"] },
      errors: [
        {
          messageId: "missingOnDelete",
          line: 2,
          column: 66,
          endLine: 2,
          endColumn: 85,
          suggestion:
            "ALTER TABLE customers DROP CONSTRAINT customers_account_id_fkey, ADD CONSTRAINT customers_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE RESTRICT NOT VALID; ALTER TABLE customers VALIDATE CONSTRAINT customers_account_id_fkey;",
        },
      ],
    },
  ],
});
