import type { ParsedStatement } from "../parser/parse.js";

/** Roles every PostgreSQL cluster has, or that `SET ROLE`/`GRANT` accept as keywords. */
const PREDEFINED = /^(?:postgres|pg_\w+|public|none|current_user|session_user|current_role)$/iu;

function walk(value: unknown, visit: (key: string, node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (typeof child === "object" && child !== null && !Array.isArray(child)) visit(key, child as Record<string, unknown>);
    walk(child, visit);
  }
}

function stringConstant(node: unknown): string | undefined {
  const value = (node as { A_Const?: { sval?: { sval?: unknown } } } | undefined)?.A_Const?.sval?.sval;
  return typeof value === "string" ? value : undefined;
}

/**
 * Roles the history uses (GRANT … TO, OWNER TO, CREATE POLICY … TO, SET ROLE, AUTHORIZATION) but never
 * creates: they exist on the cluster the migrations were written for (Supabase's `authenticated`, an
 * application owner), so a fresh embedded cluster needs them created first. Roles are cluster-wide, so
 * only the embedded database does this; on a server they must exist already.
 */
export function rolesUsedNotCreated(statements: Iterable<ParsedStatement>): string[] {
  return roleUse(statements).usedNotCreated;
}

/** Roles the history creates with CREATE ROLE / CREATE USER. */
export function rolesCreated(statements: Iterable<ParsedStatement>): string[] {
  return roleUse(statements).created;
}

function roleUse(statements: Iterable<ParsedStatement>): { usedNotCreated: string[]; created: string[] } {
  const used = new Set<string>();
  const created = new Set<string>();
  for (const statement of statements) {
    walk(statement.node, (key, node) => {
      // A RoleSpec appears wrapped ({ RoleSpec: … }) in lists and bare in typed fields (newowner).
      if (node.roletype === "ROLESPEC_CSTRING" && typeof node.rolename === "string") used.add(node.rolename);
      if (key === "CreateRoleStmt" && typeof node.role === "string") created.add(node.role);
      if (key === "VariableSetStmt" && node.name === "role" && Array.isArray(node.args)) {
        const role = stringConstant(node.args[0]);
        if (role !== undefined) used.add(role);
      }
    });
  }
  return { usedNotCreated: [...used].filter((r) => !created.has(r) && !PREDEFINED.test(r)).sort(), created: [...created].sort() };
}
