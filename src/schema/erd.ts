import type { Catalog } from "./catalog.js";
import { uniqueColumnSets } from "./index-coverage.js";
import type { Column, ColumnType, Constraint, QualifiedName, Table } from "./model.js";

/**
 * A Mermaid `erDiagram` of a folded schema: an entity per table with its columns (`type name PK, FK, UK
 * "comment"`), and a relationship per foreign key, with crow's-foot cardinality from the referencing
 * columns' nullability and uniqueness. Names and types are reduced to the characters every Mermaid
 * version accepts (see docs/erd.md). Pure: no I/O.
 */

/** PostgreSQL's short names for the canonical multi-word type names (`format_type()` spells them out). */
const SHORT_TYPE: Readonly<Record<string, string>> = {
  "character varying": "varchar",
  character: "char",
  "timestamp with time zone": "timestamptz",
  "timestamp without time zone": "timestamp",
  "time with time zone": "timetz",
  "time without time zone": "time",
  "double precision": "float8",
  "bit varying": "varbit",
};

/**
 * Words Mermaid's ER lexer reads as keywords or cardinalities when they stand alone as an entity name
 * (case-insensitive); such a table gets a `_` appended.
 */
const RESERVED = new Set(["erdiagram", "one", "many", "only", "zero", "to", "u", "end", "class", "classdef", "style", "subgraph", "direction", "title", "acctitle", "accdescr"]);

/** `PK`, `FK` and `UK` are key markers inside an entity block, whatever their case. */
const KEY_WORDS = new Set(["pk", "fk", "uk"]);

/** An identifier every Mermaid version accepts: letters, digits and `_`, not starting with a digit. */
function identifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/gu, "_");
  return /^[A-Za-z_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** An attribute type: letters, digits, `_`, `-`, `()` and `[]` (`varchar(100)`, `numeric(12_2)`, `text[]`). */
export function mermaidType(type: ColumnType): string {
  if (type.serial !== undefined) return type.serial;
  const name = SHORT_TYPE[type.name] ?? (type.name.startsWith("public.") ? type.name.slice("public.".length) : type.name);
  const modifiers = type.modifiers.length > 0 ? `(${type.modifiers.join("_")})` : "";
  const cleaned = `${name}${modifiers}${"[]".repeat(type.arrayDimensions)}`.replace(/[^A-Za-z0-9_\-()[\]]/gu, "_");
  return /^[A-Za-z_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

function attributeName(column: string): string {
  const name = identifier(column);
  return KEY_WORDS.has(name.toLowerCase()) ? `${name}_` : name;
}

/** Text inside `"…"`: one line, without the quote, `%` or backslash Mermaid rejects there. */
function quoted(text: string): string {
  return `"${text.replace(/["%\\]/gu, "'").replace(/\s+/gu, " ").trim()}"`;
}

/** Entity names: `name` for tables in public, `schema__name` otherwise; made unique after sanitizing. */
class EntityNames {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  of(table: QualifiedName): string {
    const key = `${table.schema}.${table.name}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    let base = identifier(table.schema === "public" ? table.name : `${table.schema}__${table.name}`);
    if (RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    this.used.add(name.toLowerCase());
    this.byKey.set(key, name);
    return name;
  }
}


function attributeLine(column: Column, keys: readonly string[]): string {
  const marks = keys.length > 0 ? ` ${keys.join(", ")}` : "";
  const comment = column.comment === undefined ? "" : ` ${quoted(column.comment)}`;
  return `        ${mermaidType(column.type)} ${attributeName(column.name)}${marks}${comment}`;
}

function entityLines(catalog: Catalog, table: Table, name: string): string[] {
  const pk = new Set(catalog.primaryKey(table)?.columns ?? []);
  const fk = new Set(catalog.foreignKeys(table).flatMap((c) => c.columns));
  const uk = new Set(uniqueColumnSets(catalog, table).flatMap((k) => k));
  const attributes = [...table.columns.values()].map((column) => {
    const keys = [pk.has(column.name) ? "PK" : "", fk.has(column.name) ? "FK" : "", uk.has(column.name) && !pk.has(column.name) ? "UK" : ""];
    return attributeLine(column, keys.filter((k) => k !== ""));
  });
  if (attributes.length === 0) return [`    ${name} {`, "    }"];
  return [`    ${name} {`, ...attributes, "    }"];
}

/**
 * `parent ||--o{ child : "columns"`. The parent side is `||` (exactly one) when every referencing column
 * is NOT NULL, else `|o` (zero or one: a NULL references nothing). The child side is `o|` (zero or one)
 * when the referencing columns are unique (they contain a unique key), else `o{` (zero or more): SQL
 * can never require a referenced row to be referenced.
 */
function relationshipLine(catalog: Catalog, table: Table, fk: Constraint, names: EntityNames, unique: readonly (readonly string[])[]): string | undefined {
  const references = fk.references;
  if (references === undefined) return undefined;
  const pk = new Set(catalog.primaryKey(table)?.columns ?? []);
  const required = fk.columns.every((c) => pk.has(c) || table.columns.get(c)?.notNull === true);
  const one = unique.some((key) => key.length > 0 && key.every((c) => fk.columns.includes(c)));
  const parent = required ? "||" : "|o";
  const child = one ? "o|" : "o{";
  return `    ${names.of(references.table)} ${parent}--${child} ${names.of(table)} : ${quoted(fk.columns.join(", "))}`;
}

/** The Mermaid source of one schema: `erDiagram`, entity blocks in table order, then relationships. */
export function erDiagram(catalog: Catalog): string {
  const names = new EntityNames();
  // Partitions repeat their parent's columns and keys: the parent stands for them.
  const tables = catalog.allTables().filter((t) => t.partitionOf === undefined);
  for (const table of tables) names.of(table);
  const lines = ["erDiagram"];
  for (const table of tables) lines.push(...entityLines(catalog, table, names.of(table)));
  for (const table of tables) {
    const unique = uniqueColumnSets(catalog, table);
    for (const fk of catalog.foreignKeys(table)) {
      const line = relationshipLine(catalog, table, fk, names, unique);
      if (line !== undefined) lines.push(line);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** One diagram per history, as Markdown: a heading per history (when there are several) and a mermaid fence. */
export function erdMarkdown(diagrams: readonly { readonly label: string; readonly mermaid: string }[]): string {
  const several = diagrams.length > 1;
  return diagrams.map((d) => `${several ? `## ${d.label}\n\n` : ""}\`\`\`mermaid\n${d.mermaid}\`\`\`\n`).join("\n");
}

/** Plain Mermaid: the diagram alone, or with several histories each diagram under a `%%` comment naming it. */
export function erdMermaid(diagrams: readonly { readonly label: string; readonly mermaid: string }[]): string {
  if (diagrams.length === 1) return diagrams[0]?.mermaid ?? "";
  return diagrams.map((d) => `%% ${d.label.replace(/[\r\n]+/gu, " ")}\n${d.mermaid}`).join("\n");
}
