import fc from "fast-check";

/**
 * fast-check generators for SQL inputs: random edits of existing text, valid DDL from a small grammar of
 * the statements schemalint models, migration histories in several tools' layouts, and hostile Unicode.
 */

export interface SqlFile {
  readonly path: string;
  readonly text: string;
}

export type Edit = { kind: "insert"; at: number; text: string } | { kind: "delete"; at: number; length: number } | { kind: "truncate"; at: number };

/** Characters that change how everything after them is lexed, and encodings that stress offset conversion. */
const LEXICAL = [";", "'", '"', "$$", "$a$", "/*", "*/", "--", "\\", "E'\\", "\r", "\n", "\r\n", "(", ")", "\u0000", "\uFEFF", "😀", "e\u0301", "\uD800", "\uDFFF", "\u2028"];

/** One edit of a text; positions are fractions of its length, so one edit fits texts of any size. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom(...LEXICAL)) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

export function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === "insert") return text.slice(0, at) + e.text + text.slice(at);
  if (e.kind === "delete") return text.slice(0, at) + text.slice(at + e.length);
  return text.slice(0, at);
}

/** Hostile text: astral characters, combining marks, BOMs, NULs, lone surrogates, every kind of line break. */
export const unicodeNoise: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.constantFrom(...LEXICAL)), { maxLength: 8 })
  .map((parts) => parts.join(""));

const SIMPLE = /^[a-z_][a-z0-9_]*$/u;
/** Words the generated names use that PostgreSQL reserves: they must be quoted. */
const RESERVED = new Set(["select", "user", "order", "table", "check"]);

/** A name as SQL: bare when PostgreSQL reads it back unchanged, else double-quoted. */
export function sqlName(name: string): string {
  return SIMPLE.test(name) && !RESERVED.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** Names: ordinary, reserved words, Unicode, quotes inside, and longer than PostgreSQL's 63 bytes (cut inside a character). */
const rawName = fc.constantFrom("users", "orders", "order_items", "price", "amount", "created_at", "user_id", "status", "id", "select", "user", "User Table", "naïve", "😀", 'a"b', "x".repeat(70), "z".repeat(80), "é".repeat(40));
const name = rawName.map(sqlName);
/** A name with a suffix, which must stay inside the quotes. */
const nameWith = (suffix: string): fc.Arbitrary<string> => rawName.map((n) => sqlName(`${n}${suffix}`));
/** String literal contents: any text PostgreSQL can receive (no NUL). */
const literal = fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => `'${s.replaceAll("\u0000", "").replaceAll("'", "''")}'`);

const type = fc.constantFrom("integer", "bigint", "smallint", "text", "varchar(10)", "numeric(12,2)", "float", "double precision", "money", "timestamp", "timestamptz", "json", "jsonb", "uuid", "char(3)", "serial", "bigserial", "integer[]", "boolean");
const columnConstraint = fc.constantFrom("", " NOT NULL", " NULL", " DEFAULT 0", " DEFAULT now()", " PRIMARY KEY", " UNIQUE", " REFERENCES users (id)", " REFERENCES orders ON DELETE CASCADE", " CHECK (1 > 0)", " GENERATED ALWAYS AS IDENTITY");
const column = fc.tuple(name, type, columnConstraint).map(([c, ty, extra]) => `${c} ${ty}${extra}`);
const tableConstraint = fc.tuple(name, name).map(([c, r]) => [`PRIMARY KEY (${c})`, `UNIQUE (${c})`, `FOREIGN KEY (${c}) REFERENCES ${r} (id) ON DELETE SET NULL`, `CONSTRAINT ${sqlName(`ck_${c.length}`)} CHECK (${c} IS NOT NULL)`]);

const statement: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.boolean(), name, fc.array(column, { minLength: 1, maxLength: 5 }), tableConstraint, fc.subarray([0, 1, 2, 3]))
    .map(([ifNotExists, t, cs, constraints, picked]) => `CREATE TABLE ${ifNotExists ? "IF NOT EXISTS " : ""}${t} (${[...cs, ...picked.map((i) => constraints[i] ?? "")].join(", ")});`),
  fc.tuple(name, column, fc.boolean()).map(([t, c, ifNotExists]) => `ALTER TABLE ${t} ADD COLUMN ${ifNotExists ? "IF NOT EXISTS " : ""}${c};`),
  fc.tuple(name, name).map(([t, c]) => `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${c};`),
  fc.tuple(name, name, type, fc.boolean()).map(([t, c, ty, using]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${ty}${using ? ` USING ${c}::${ty}` : ""};`),
  fc.tuple(name, name, fc.constantFrom("SET NOT NULL", "DROP NOT NULL", "SET DEFAULT 0", "DROP DEFAULT")).map(([t, c, action]) => `ALTER TABLE ${t} ALTER COLUMN ${c} ${action};`),
  fc.tuple(name, nameWith("_fkey"), name, name, fc.boolean()).map(([t, k, c, r, notValid]) => `ALTER TABLE ${t} ADD CONSTRAINT ${k} FOREIGN KEY (${c}) REFERENCES ${r} (id)${notValid ? " NOT VALID" : ""};`),
  fc.tuple(name, nameWith("_check"), name).map(([t, k, c]) => `ALTER TABLE ${t} ADD CONSTRAINT ${k} CHECK (${c} > 0) NOT VALID;`),
  fc.tuple(name, nameWith("_fkey")).map(([t, k]) => `ALTER TABLE ${t} VALIDATE CONSTRAINT ${k};`),
  fc.tuple(name, nameWith("_key")).map(([t, k]) => `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${k};`),
  fc
    .tuple(fc.boolean(), fc.boolean(), fc.option(nameWith("_idx")), name, fc.array(name, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([unique, concurrently, index, t, cs, partial]) => `CREATE ${unique ? "UNIQUE " : ""}INDEX ${concurrently ? "CONCURRENTLY " : ""}${index === null ? "" : `IF NOT EXISTS ${index} `}ON ${t} (${cs.join(", ")})${partial ? ` WHERE ${cs[0] ?? "id"} IS NOT NULL` : ""};`),
  fc.tuple(fc.boolean(), nameWith("_idx")).map(([concurrently, index]) => `DROP INDEX ${concurrently ? "CONCURRENTLY " : ""}IF EXISTS ${index};`),
  fc.tuple(name, name).map(([a, b]) => `ALTER TABLE ${a} RENAME TO ${b};`),
  fc.tuple(nameWith("_idx"), nameWith("_idx")).map(([a, b]) => `ALTER INDEX IF EXISTS ${a} RENAME TO ${b};`),
  fc.tuple(nameWith("_v"), literal).map(([v, text]) => `COMMENT ON VIEW ${v} IS ${text};`),
  fc.tuple(name, fc.constantFrom("app", "public")).map(([t, schema]) => `ALTER TABLE IF EXISTS ${t} SET SCHEMA ${schema};`),
  fc.tuple(name, name, name).map(([t, a, b]) => `ALTER TABLE ${t} RENAME COLUMN ${a} TO ${b};`),
  fc.tuple(fc.constantFrom("TABLE", "VIEW", "TYPE", "MATERIALIZED VIEW"), name, fc.boolean()).map(([kind, t, cascade]) => `DROP ${kind} IF EXISTS ${t}${cascade ? " CASCADE" : ""};`),
  fc.tuple(nameWith("_kind"), fc.array(literal, { minLength: 1, maxLength: 4 })).map(([t, vs]) => `CREATE TYPE ${t} AS ENUM (${vs.join(", ")});`),
  fc.tuple(nameWith("_kind"), literal).map(([t, v]) => `ALTER TYPE ${t} ADD VALUE IF NOT EXISTS ${v};`),
  fc.tuple(name, literal).map(([t, text]) => `COMMENT ON TABLE ${t} IS ${text};`),
  fc.tuple(name, name, literal).map(([t, c, text]) => `COMMENT ON COLUMN ${t}.${c} IS ${text};`),
  fc.tuple(fc.boolean(), nameWith("_v"), name).map(([materialized, v, t]) => `CREATE ${materialized ? "MATERIALIZED VIEW" : "OR REPLACE VIEW"} ${v} AS SELECT * FROM ${t};`),
  nameWith("_fn").map((f) => `CREATE OR REPLACE FUNCTION ${f}(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$;`),
  nameWith("_fn").map((f) => `CREATE FUNCTION ${f}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN NEW.updated_at := now(); RETURN NEW; END $body$;`),
  nameWith("_fn").map((f) => `CREATE FUNCTION ${f}(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT a + 1; END;`),
  fc.tuple(name, literal).map(([t, v]) => `INSERT INTO ${t} (status) VALUES (${v});`),
  fc.tuple(name, name).map(([t, c]) => `UPDATE ${t} SET ${c} = 0 WHERE ${c} IS NULL;`),
  fc.constantFrom("BEGIN;", "COMMIT;", "SET lock_timeout = '5s';", "SET statement_timeout = 0;", "SELECT 1;", "CREATE SCHEMA IF NOT EXISTS app;", "CREATE EXTENSION IF NOT EXISTS pgcrypto;"),
);

/** The statements of one migration, one per line. */
export const migrationText: fc.Arbitrary<string> = fc.array(statement, { minLength: 1, maxLength: 8 }).map((s) => `${s.join("\n")}\n`);

/**
 * One history of up and down scripts written in several tools' layouts (each in its own directory):
 * golang-migrate pairs, dbmate and goose sections, flyway versions and plain numbered files.
 */
export const histories: fc.Arbitrary<SqlFile[]> = fc.array(fc.tuple(migrationText, migrationText), { minLength: 1, maxLength: 4 }).map((migrations) =>
  migrations.flatMap(([up, down], i) => {
    const n = String(i + 1);
    return [
      { path: `/gm/${n.padStart(6, "0")}_m.up.sql`, text: up },
      { path: `/gm/${n.padStart(6, "0")}_m.down.sql`, text: down },
      { path: `/dbmate/2024010100000${String(i)}_m.sql`, text: `-- migrate:up\n${up}\n-- migrate:down\n${down}` },
      { path: `/goose/${n.padStart(5, "0")}_m.sql`, text: `-- +goose Up\n${up}\n-- +goose Down\n${down}` },
      { path: `/flyway/V${n}__m.sql`, text: up },
      { path: `/plain/${n.padStart(3, "0")}_m.sql`, text: up },
    ];
  }),
);
