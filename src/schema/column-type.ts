import type { TypeName } from "libpg-query";
import { stringList, unwrap } from "../parser/ast.js";
import type { Catalog } from "./catalog.js";
import type { ColumnType } from "./model.js";

/**
 * Internal and alias type names → the names `format_type()` prints.
 * See https://www.postgresql.org/docs/current/datatype.html#DATATYPE-TABLE.
 */
const CANONICAL: Readonly<Record<string, string>> = {
  int2: "smallint",
  int4: "integer",
  int: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  float: "double precision",
  bool: "boolean",
  varchar: "character varying",
  bpchar: "character",
  char: "character",
  decimal: "numeric",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone",
  varbit: "bit varying",
};

const SERIAL: Readonly<Record<string, { base: string; serial: "smallserial" | "serial" | "bigserial" }>> = {
  smallserial: { base: "smallint", serial: "smallserial" },
  serial2: { base: "smallint", serial: "smallserial" },
  serial: { base: "integer", serial: "serial" },
  serial4: { base: "integer", serial: "serial" },
  bigserial: { base: "bigint", serial: "bigserial" },
  serial8: { base: "bigint", serial: "bigserial" },
};

function modifierValues(typeName: TypeName): (number | string)[] {
  const out: (number | string)[] = [];
  for (const mod of typeName.typmods ?? []) {
    const constant = unwrap(mod, "A_Const");
    if (constant !== undefined) {
      if (constant.ival !== undefined) out.push(constant.ival.ival ?? 0);
      else if (constant.sval !== undefined) out.push(constant.sval.sval ?? "");
      else if (constant.fval !== undefined) out.push(constant.fval.fval ?? "");
      continue;
    }
    const ref = unwrap(mod, "ColumnRef");
    if (ref !== undefined) out.push(stringList(ref.fields).join("."));
  }
  return out;
}

function display(name: string, modifiers: readonly (number | string)[], dims: number): string {
  const mods = modifiers.length > 0 ? `(${modifiers.join(",")})` : "";
  const brackets = "[]".repeat(dims);
  // PostgreSQL prints the precision of time types before the zone words.
  const zone = /^(timestamp|time) (with(?:out)? time zone)$/u.exec(name);
  if (zone !== null) return `${zone[1] ?? ""}${mods} ${zone[2] ?? ""}${brackets}`;
  return `${name}${mods}${brackets}`;
}

/**
 * The character types as the model names them (`text`, `varchar`, `char`): any string fits them, and
 * each converts to `text` without loss. https://www.postgresql.org/docs/current/datatype-character.html
 */
export const CHARACTER_TYPES: ReadonlySet<string> = new Set(["text", "character varying", "character"]);

/** Normalizes a parsed type name; user types resolve against the catalog's search path. */
export function normalizeType(typeName: TypeName, catalog: Catalog): ColumnType {
  const parts = stringList(typeName.names);
  const modifiers = modifierValues(typeName);
  const arrayDimensions = typeName.arrayBounds?.length ?? 0;
  const last = parts.at(-1) ?? "unknown";
  const schema = parts.length > 1 ? parts.at(-2) : undefined;
  let name: string;
  let serial: ColumnType["serial"];
  const serialType = parts.length === 1 ? SERIAL[last] : undefined;
  if (serialType !== undefined) {
    name = serialType.base;
    serial = serialType.serial;
  } else if (schema === undefined || schema === "pg_catalog") {
    const canonical = CANONICAL[last];
    const user = schema === undefined && canonical === undefined ? catalog.type(undefined, last) : undefined;
    name = canonical ?? (user === undefined ? last : `${user.schema}.${user.name}`);
  } else {
    name = `${schema}.${last}`;
  }
  if (typeName.pct_type === true) name = `${parts.join(".")}%TYPE`;
  const type: ColumnType = { name, modifiers, arrayDimensions, display: display(name, modifiers, arrayDimensions) };
  return serial === undefined ? type : { ...type, serial, display: serial };
}
