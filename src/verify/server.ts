import { randomBytes } from "node:crypto";
import type { Client } from "pg";
import { serverErrorOf, VerifyError, type ReplayDatabase } from "./database.js";
import { readSnapshot, type CatalogSnapshot } from "./snapshot.js";

export interface ServerOptions {
  readonly url: string;
  /**
   * Replay into the database the URL names instead of a throw-away one (for users who may not create
   * databases). It must hold no user table; what the replay creates there is dropped at the end.
   */
  readonly allowExistingDatabase: boolean;
  /**
   * Roles the migrations create: dropped when the replay ends if they did not exist before it. Only
   * these, so a role another session creates meanwhile on a shared server is left alone.
   */
  readonly createsRoles?: readonly string[];
}

/** Databases that exist only to connect to, never to hold an application's data. */
const MAINTENANCE_DATABASES: ReadonlySet<string> = new Set(["postgres", "template1"]);

function databaseOf(url: URL): string {
  const name = decodeURIComponent(url.pathname.replace(/^\//u, ""));
  // libpq: without a database name, the user name is used.
  return name === "" ? decodeURIComponent(url.username) || "postgres" : name;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function redacted(url: URL): string {
  return `${url.hostname}${url.port === "" ? "" : `:${url.port}`}`;
}

async function connect(url: string): Promise<Client> {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url });
  // An error on an idle connection (server shut down) must not crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new VerifyError(`cannot connect to ${redacted(new URL(url))}: ${serverErrorOf(error).message}`);
  }
  return client;
}

function session(client: Client, description: string, onClose: () => Promise<void>): ReplayDatabase {
  let closed = false;
  return {
    description,
    createdRoles: [],
    // The server reports an unavailable extension itself, with its hint.
    extensionAvailable: () => true,
    async exec(sql) {
      await client.query(sql);
    },
    async rows(sql) {
      const result = await client.query<unknown[]>({ text: sql, rowMode: "array" });
      return result.rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      await onClose();
    },
  };
}

async function serverVersion(client: Client): Promise<string> {
  const result = await client.query<{ server_version: string }>("SHOW server_version");
  return result.rows[0]?.server_version.split(" ")[0] ?? "?";
}

async function roleNames(client: Client): Promise<Set<string>> {
  return new Set((await client.query<{ rolname: string }>("SELECT rolname FROM pg_roles")).rows.map((r) => r.rolname));
}

/** Roles are cluster-wide: those the migrations created (CREATE ROLE) go when the replay ends. */
async function dropNewRoles(client: Client, before: ReadonlySet<string>, created: readonly string[]): Promise<void> {
  for (const role of created) if (!before.has(role)) await client.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined);
}

/** Drops what the replay created in an existing database: everything not in `before`, dependents first. */
async function dropCreated(db: ReplayDatabase, before: CatalogSnapshot): Promise<void> {
  const after = await readSnapshot(db);
  const order = ["view", "materialized view", "table", "foreign table", "sequence", "function", "procedure", "aggregate", "domain", "enum", "composite type", "range type", "extension", "schema"];
  const created = [...after].filter(([key]) => !before.has(key)).map(([, object]) => object);
  for (const kind of order) {
    for (const object of created.filter((o) => o.kind === kind)) {
      const what = kind === "enum" || kind.endsWith("type") ? "TYPE" : kind === "domain" ? "DOMAIN" : kind.toUpperCase();
      await db.exec(`DROP ${what} IF EXISTS ${object.display} CASCADE`).catch(() => undefined);
    }
  }
}

/**
 * A throw-away database on an existing server: created with a unique name from the URL's maintenance
 * database, replayed into, and dropped by `close()` — which the CLI also calls on Ctrl-C. No other
 * database is touched.
 */
export async function openServer(options: ServerOptions): Promise<ReplayDatabase> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new VerifyError(`--database-url is not a URL: expected postgres://user:password@host:port/postgres.`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new VerifyError(`--database-url must start with postgres:// or postgresql://, got "${url.protocol}".`);
  const named = databaseOf(url);
  if (!MAINTENANCE_DATABASES.has(named) && !options.allowExistingDatabase) {
    throw new VerifyError(
      `--database-url names the database "${named}": schemalint verify connects to a maintenance database ("postgres") and replays into a throw-away database it creates and drops. Point the URL at "postgres", or pass --allow-existing-database to replay into "${named}" itself (it must hold no tables).`,
    );
  }
  const admin = await connect(options.url);
  const version = await serverVersion(admin);
  if (options.allowExistingDatabase && !MAINTENANCE_DATABASES.has(named)) {
    const tables = await admin.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'",
    );
    const count = Number(tables.rows[0]?.n ?? "0");
    if (count > 0) {
      await admin.end();
      throw new VerifyError(`the database "${named}" holds ${String(count)} table${count === 1 ? "" : "s"}: schemalint verify only replays into an empty database, so that nothing is lost.`);
    }
    const description = `PostgreSQL ${version} at ${redacted(url)}/${named}`;
    let before: CatalogSnapshot = new Map();
    const roles = await roleNames(admin);
    const db = session(admin, description, async () => {
      await dropCreated(db, before).catch(() => undefined);
      await dropNewRoles(admin, roles, options.createsRoles ?? []);
      await admin.end();
    });
    before = await readSnapshot(db);
    return db;
  }
  const name = `schemalint_verify_${randomBytes(6).toString("hex")}`;
  try {
    // template0: a clean database, without whatever the server's template1 was given.
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } catch (error) {
    await admin.end();
    throw new VerifyError(`cannot create a throw-away database on ${redacted(url)}: ${serverErrorOf(error).message}. Grant CREATEDB, or pass --allow-existing-database with the URL of an empty database.`);
  }
  const target = new URL(url.href);
  target.pathname = `/${name}`;
  const rolesBefore = await roleNames(admin);
  const drop = async (): Promise<void> => {
    // WITH (FORCE) (PostgreSQL 13+) ends a session left behind by an interrupted replay.
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
    await dropNewRoles(admin, rolesBefore, options.createsRoles ?? []);
    await admin.end();
  };
  let client: Client;
  try {
    client = await connect(target.href);
  } catch (error) {
    await drop();
    throw error;
  }
  return session(client, `PostgreSQL ${version} at ${redacted(url)}/${name}`, async () => {
    await client.end().catch(() => undefined);
    await drop();
  });
}
