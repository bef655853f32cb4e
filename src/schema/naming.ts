/**
 * PostgreSQL's choice of names for unnamed constraints and indexes (`ChooseConstraintName`,
 * `ChooseRelationName` and `makeObjectName` in src/backend/commands/indexcmds.c), so that a later
 * `ALTER TABLE ... DROP CONSTRAINT users_email_key` finds the constraint an earlier file created.
 */

/** NAMEDATALEN - 1: identifiers are truncated to 63 bytes. */
const MAX_IDENTIFIER = 63;

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function clip(s: string, bytes: number): string {
  let out = "";
  for (const ch of s) {
    if (byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/** `makeObjectName(name1, name2, label)`: shortens the longer part first until the result fits. */
export function makeObjectName(name1: string, name2: string, label: string): string {
  const overhead = (label === "" ? 0 : byteLength(label) + 1) + (name2 === "" ? 0 : 1);
  const available = MAX_IDENTIFIER - overhead;
  let len1 = byteLength(name1);
  let len2 = byteLength(name2);
  while (len1 + len2 > available) {
    if (len1 > len2) len1--;
    else len2--;
  }
  const parts = [clip(name1, len1)];
  if (name2 !== "") parts.push(clip(name2, len2));
  if (label !== "") parts.push(label);
  return parts.join("_");
}

/** Chooses `{table}_{columns}_{label}`, adding 1, 2, ... while `taken` says the name is in use. */
export function chooseName(
  table: string,
  columns: readonly string[],
  label: string,
  taken: (name: string) => boolean,
): string {
  const name2 = columns.join("_");
  let candidate = makeObjectName(table, name2, label);
  for (let pass = 1; taken(candidate); pass++) {
    candidate = makeObjectName(table, name2, `${label}${pass}`);
  }
  return candidate;
}
