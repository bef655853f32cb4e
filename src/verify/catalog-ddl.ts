import type { CatalogObject, CatalogSnapshot } from "./snapshot.js";

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const qualified = (o: { schema: string }, name: string): string => `${ident(o.schema)}.${ident(name)}`;

/** The snapshot's details end with `COMMENT '…'` (quote_literal, possibly E'…') when the object has one. */
const TRAILING_COMMENT = /(?:^| )COMMENT (E?'(?:[^'\\]|''|\\.)*')$/su;

function splitComment(detail: string): { body: string; comment: string | undefined } {
  const match = TRAILING_COMMENT.exec(detail);
  if (match === null) return { body: detail, comment: undefined };
  return { body: detail.slice(0, match.index), comment: match[1] };
}

/** Table options in the snapshot's order: PARTITION BY, PARTITION OF, INHERITS, UNLOGGED, ROW LEVEL SECURITY. */
function tableStatement(table: CatalogObject, columns: readonly CatalogObject[], out: string[]): void {
  const { body, comment } = splitComment(table.detail);
  const name = qualified(table, table.name);
  const unlogged = body.includes("UNLOGGED") ? "UNLOGGED " : "";
  const partitionOf = /PARTITION OF (.+?) (FOR VALUES .*|DEFAULT)(?: INHERITS| UNLOGGED| ROW LEVEL SECURITY|$)/su.exec(body);
  if (partitionOf?.[1] !== undefined && partitionOf[2] !== undefined) {
    out.push(`CREATE ${unlogged}TABLE ${name} PARTITION OF ${partitionOf[1]} ${partitionOf[2]};`);
  } else {
    const defs = columns.map((c) => `${ident(c.name)} ${splitComment(c.detail).body}`);
    const partitionBy = /PARTITION BY (.+?)(?: PARTITION OF| INHERITS| UNLOGGED| ROW LEVEL SECURITY|$)/su.exec(body)?.[1];
    const inherits = /INHERITS \((.+?)\)/su.exec(body)?.[1];
    const kind = table.kind === "foreign table" ? "FOREIGN TABLE" : "TABLE";
    out.push(
      `CREATE ${unlogged}${kind} ${name} (${defs.join(", ")})${inherits === undefined ? "" : ` INHERITS (${inherits})`}${partitionBy === undefined ? "" : ` PARTITION BY ${partitionBy}`};`,
    );
  }
  if (comment !== undefined) out.push(`COMMENT ON TABLE ${name} IS ${comment};`);
  for (const c of columns) {
    const columnComment = splitComment(c.detail).comment;
    if (columnComment !== undefined) out.push(`COMMENT ON COLUMN ${name}.${ident(c.name)} IS ${columnComment};`);
  }
}

/**
 * SQL that rebuilds the tables, columns, constraints, indexes, types, views and sequences of a
 * snapshot, so the schema read from PostgreSQL can be folded into the same model the static rules use
 * (`verify --rules`). Routines, triggers and policies are left out: no design rule reads them.
 */
export function catalogDdl(snapshot: CatalogSnapshot): string {
  const objects = [...snapshot.values()];
  const of = (...kinds: string[]): CatalogObject[] => objects.filter((o) => kinds.includes(o.kind));
  const out: string[] = [];
  for (const s of of("schema")) if (s.schema !== "public") out.push(`CREATE SCHEMA ${ident(s.schema)};`);
  for (const x of of("extension")) out.push(`CREATE EXTENSION ${ident(x.name)};`);
  for (const t of of("enum")) out.push(`CREATE TYPE ${qualified(t, t.name)} AS ENUM ${t.detail};`);
  for (const d of of("domain")) out.push(`CREATE DOMAIN ${qualified(d, d.name)} AS ${d.detail};`);
  for (const t of of("composite type")) out.push(`CREATE TYPE ${qualified(t, t.name)} AS ${t.detail};`);
  for (const s of of("sequence")) out.push(`CREATE SEQUENCE ${qualified(s, s.name)} ${s.detail.replace(/ OWNED BY .*$/su, "")};`);
  const columns = of("column");
  // Partitions after their parents: a partition's CREATE needs the parent.
  const tables = of("table", "foreign table").sort((a, b) => Number(a.detail.includes("PARTITION OF")) - Number(b.detail.includes("PARTITION OF")));
  for (const t of tables) tableStatement(t, columns.filter((c) => c.schema === t.schema && c.parent === t.name), out);
  for (const c of of("constraint")) out.push(`ALTER TABLE ${qualified(c, c.parent)} ADD CONSTRAINT ${ident(c.name)} ${c.detail};`);
  for (const i of of("index")) out.push(`${i.detail.replace(/ \(INVALID\)$/u, "")};`);
  for (const v of of("view", "materialized view")) {
    const { body, comment } = splitComment(v.detail);
    const kind = v.kind === "view" ? "VIEW" : "MATERIALIZED VIEW";
    out.push(`CREATE ${kind} ${qualified(v, v.name)} ${body.trim().replace(/;$/u, "")};`);
    if (comment !== undefined) out.push(`COMMENT ON ${kind} ${qualified(v, v.name)} IS ${comment};`);
  }
  return `${out.join("\n")}\n`;
}
