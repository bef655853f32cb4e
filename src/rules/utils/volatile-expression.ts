import type { Node } from "../../parser/ast.js";
import { stringList } from "../../parser/ast.js";

/**
 * Built-in and common extension functions that are VOLATILE (`pg_proc.provolatile = 'v'`): their value
 * can change on every call, so PostgreSQL evaluates them once per row. The ones a column DEFAULT uses:
 * random values, UUID generators, sequences and the wall clock. `now()`, `CURRENT_TIMESTAMP`,
 * `transaction_timestamp()` and `statement_timestamp()` are STABLE (one value per statement) and so
 * are not listed. https://www.postgresql.org/docs/current/xfunc-volatility.html,
 * https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT
 */
export const VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  // Random values (random(min, max) since 17, random_normal since 16).
  "random",
  "random_normal",
  "setseed",
  // UUIDs: core (gen_random_uuid since 13, uuidv4/uuidv7 since 18), uuid-ossp (v3/v5 are IMMUTABLE),
  // pgcrypto, pg_uuidv7.
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "uuid_generate_v7",
  "gen_random_bytes",
  "gen_salt",
  // Sequences.
  "nextval",
  "currval",
  "lastval",
  "setval",
  // The wall clock, which moves during a statement.
  "clock_timestamp",
  "timeofday",
]);

/**
 * The first volatile function an expression calls, as `name()`, or undefined when it calls none:
 * `gen_random_uuid()`, `(random() * 10)::integer`, `nextval('s'::regclass)`. `extra` adds names
 * (user-defined functions are VOLATILE unless their CREATE FUNCTION says otherwise, and the catalog
 * does not record it). Names compare as the parser folded them (lower case unless quoted); a schema
 * qualifier is ignored.
 */
export function volatileCall(node: Node | undefined, extra: readonly string[] = []): string | undefined {
  const found: string[] = [];
  visit(node, (name) => VOLATILE_FUNCTIONS.has(name) || extra.includes(name), found);
  const first = found[0];
  return first === undefined ? undefined : `${first}()`;
}

function visit(value: unknown, isVolatile: (name: string) => boolean, found: string[]): void {
  if (found.length > 0 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) visit(item, isVolatile, found);
    return;
  }
  const record = value as Record<string, unknown>;
  const call = record.FuncCall as { funcname?: Node[] } | undefined;
  if (call !== undefined) {
    const name = stringList(call.funcname).at(-1);
    if (name !== undefined && isVolatile(name)) {
      found.push(name);
      return;
    }
  }
  for (const key in record) visit(record[key], isVolatile, found);
}
