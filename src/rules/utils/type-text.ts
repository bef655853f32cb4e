import { displayName } from "../../schema/catalog.js";
import type { ColumnType, QualifiedName } from "../../schema/model.js";
import { qualifiedSql, quoteIdentifier } from "./sql.js";

/**
 * Built-in type names as the model keeps them (`integer`, `character varying`, `timestamp with time
 * zone`), and extension types written without a schema (`citext`): SQL keywords, never quoted.
 */
const KEYWORD_NAME = /^[a-z_][a-z0-9_ ]*$/u;

/**
 * Whose name a column type is: a user type the fold resolved (`public.Role_new`: the model qualifies
 * every type the history created) or one written with its schema; undefined for a built-in type or an
 * unqualified name the history never created.
 */
function userTypeName(type: ColumnType): QualifiedName | undefined {
  if (type.name.endsWith("%TYPE")) return undefined;
  const dot = type.name.indexOf(".");
  return dot < 0 ? undefined : { schema: type.name.slice(0, dot), name: type.name.slice(dot + 1) };
}

function modifiersAndBrackets(type: ColumnType): string {
  return `${type.modifiers.length > 0 ? `(${type.modifiers.join(",")})` : ""}${"[]".repeat(type.arrayDimensions)}`;
}

/**
 * A column type for a message. Built-in types are SQL keywords, unquoted: `integer`,
 * `character varying(255)`, `timestamp(3) with time zone`, `serial` as declared (or its base type
 * `integer` with `serial: "base"`, what the column holds). A user type is an identifier in double
 * quotes, qualified like a table only outside `public`: `"Role_new"`, `"app"."status"[]`.
 */
export function typeLabel(type: ColumnType, serial: "declared" | "base" = "declared"): string {
  if (type.serial !== undefined) return serial === "declared" ? type.serial : type.name;
  const user = userTypeName(type);
  if (user !== undefined) return `${displayName(user)}${modifiersAndBrackets(type)}`;
  if (type.name.endsWith("%TYPE") || KEYWORD_NAME.test(type.name)) return type.display;
  return `"${type.name}"${modifiersAndBrackets(type)}`;
}

/**
 * A column type as SQL for a suggestion: built-in types as keywords, a serial as its base type (the
 * type `ALTER COLUMN ... TYPE` and a referencing column take), a user type quoted where needed and
 * qualified outside `public`: `"Role_new"`, `app.status`.
 */
export function typeSql(type: ColumnType): string {
  if (type.serial !== undefined) return type.name;
  const user = userTypeName(type);
  if (user !== undefined) return `${qualifiedSql(user)}${modifiersAndBrackets(type)}`;
  if (type.name.endsWith("%TYPE") || KEYWORD_NAME.test(type.name)) return type.display;
  return `${quoteIdentifier(type.name)}${modifiersAndBrackets(type)}`;
}
