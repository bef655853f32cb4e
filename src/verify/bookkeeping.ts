import type { LayoutName } from "../migrations/types.js";

/**
 * The table each migration tool keeps its history in, created before the first migration as the tool
 * does: some migrations read or guard it (Lemmy's migrations put a trigger on
 * `__diesel_schema_migrations`). The definitions follow the tools' sources; the replay never writes
 * rows into them, and they are left out of `--rules` (they are the tool's, not the application's).
 */
const BOOKKEEPING: Partial<Record<LayoutName, { readonly schema: string; readonly table: string; readonly sql: string }>> = {
  "golang-migrate": { schema: "public", table: "schema_migrations", sql: "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)" },
  // sqlx-postgres migrate.rs `ensure_migrations_table`, with sqlx's default table name.
  sqlx: {
    schema: "public",
    table: "_sqlx_migrations",
    sql: "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)",
  },
  // maragudk/migrate's table (createMigrationsTable) is left out: its default name, `migrations`, is
  // common in applications and easily changed (Options.Table), so creating it could fail a replay that
  // the real tool, configured otherwise, would pass.
  // popx createTransactionalMigrationTable, with pop's default table name.
  popx: {
    schema: "public",
    table: "schema_migration",
    sql: "CREATE TABLE IF NOT EXISTS schema_migration (version varchar(48) NOT NULL, version_self integer NOT NULL DEFAULT 0); CREATE UNIQUE INDEX IF NOT EXISTS schema_migration_version_idx ON schema_migration (version); CREATE INDEX IF NOT EXISTS schema_migration_version_self_idx ON schema_migration (version_self)",
  },
  // drizzle-orm PgDialect.migrate: its default schema and table.
  drizzle: {
    schema: "drizzle",
    table: "__drizzle_migrations",
    sql: "CREATE SCHEMA IF NOT EXISTS drizzle; CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)",
  },
  // Atlas's revisions table (schema atlas_schema_revisions, table atlas_schema_revisions).
  atlas: {
    schema: "atlas_schema_revisions",
    table: "atlas_schema_revisions",
    sql: "CREATE SCHEMA IF NOT EXISTS atlas_schema_revisions; CREATE TABLE IF NOT EXISTS atlas_schema_revisions.atlas_schema_revisions (version character varying NOT NULL PRIMARY KEY, description character varying NOT NULL, type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL, execution_time bigint NOT NULL, error text NULL, error_stmt text NULL, hash character varying NOT NULL, partial_hashes jsonb NULL, operator_version character varying NOT NULL)",
  },
  diesel: {
    schema: "public",
    table: "__diesel_schema_migrations",
    sql: "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version varchar(50) PRIMARY KEY NOT NULL, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)",
  },
  dbmate: { schema: "public", table: "schema_migrations", sql: "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)" },
  goose: {
    schema: "public",
    table: "goose_db_version",
    sql: "CREATE TABLE IF NOT EXISTS goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())",
  },
  // sql-migrate's MigrationRecord as gorp's SqlForCreate writes it for PostgreSQL (migrate.go
  // getMigrationDbMap: table `gorp_migrations` unless configured, key `Id` not auto-incremented).
  "sql-migrate": {
    schema: "public",
    table: "gorp_migrations",
    sql: 'CREATE TABLE IF NOT EXISTS "gorp_migrations" ("id" text NOT NULL PRIMARY KEY, "applied_at" timestamp with time zone)',
  },
  // src/migration.ts `_migrateMigrationSchema`: both tables, in a schema of the tool's.
  "graphile-migrate": {
    schema: "graphile_migrate",
    table: "migrations",
    sql: "CREATE SCHEMA IF NOT EXISTS graphile_migrate; CREATE TABLE IF NOT EXISTS graphile_migrate.migrations (hash text PRIMARY KEY, previous_hash text REFERENCES graphile_migrate.migrations, filename text NOT NULL, date timestamptz NOT NULL DEFAULT now()); CREATE TABLE IF NOT EXISTS graphile_migrate.current (filename text PRIMARY KEY DEFAULT 'current.sql', content text NOT NULL, date timestamptz NOT NULL DEFAULT now())",
  },
  // tern's version table (migrate.go ensureSchemaVersionTableExists), with the CLI's default name
  // public.schema_version (main.go, `version_table`).
  tern: { schema: "public", table: "schema_version", sql: "CREATE TABLE IF NOT EXISTS public.schema_version (version int4 NOT NULL PRIMARY KEY)" },
  flyway: {
    schema: "public",
    table: "flyway_schema_history",
    sql: "CREATE TABLE IF NOT EXISTS flyway_schema_history (installed_rank integer NOT NULL PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL)",
  },
  prisma: {
    schema: "public",
    table: "_prisma_migrations",
    sql: "CREATE TABLE IF NOT EXISTS _prisma_migrations (id varchar(36) PRIMARY KEY NOT NULL, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)",
  },
  supabase: {
    schema: "supabase_migrations",
    table: "schema_migrations",
    sql: "CREATE SCHEMA IF NOT EXISTS supabase_migrations; CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text)",
  },
};

/**
 * What a Supabase project's migrations take for granted from the platform: the `auth` and `storage`
 * schemas with the tables and functions migrations reference (`auth.users`, `auth.uid()`,
 * `storage.buckets`, ...) and the `extensions` schema. A minimal stand-in with the platform's column
 * names and types (https://supabase.com/docs/guides/auth/managing-user-data), created only where
 * missing, so a local Supabase database given with --database-url keeps its own.
 */
const SUPABASE_PLATFORM = `
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE IF NOT EXISTS auth.users (id uuid PRIMARY KEY, instance_id uuid, aud varchar(255), role varchar(255), email varchar(255), phone text,
  encrypted_password varchar(255), email_confirmed_at timestamptz, phone_confirmed_at timestamptz, last_sign_in_at timestamptz,
  raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_super_admin boolean, is_anonymous boolean NOT NULL DEFAULT false,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz);
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.role', true), '')::text $$;
CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.email', true), '')::text $$;
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;
CREATE SCHEMA IF NOT EXISTS storage;
CREATE TABLE IF NOT EXISTS storage.buckets (id text PRIMARY KEY, name text NOT NULL, owner uuid, public boolean DEFAULT false,
  file_size_limit bigint, allowed_mime_types text[], created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now());
CREATE TABLE IF NOT EXISTS storage.objects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), bucket_id text REFERENCES storage.buckets (id), name text,
  owner uuid, metadata jsonb, path_tokens text[], version text, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now());
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $$;
CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $$;
`;

/** Schemas the platform stand-in creates: the platform's, not the application's (left out of --rules). */
export const PLATFORM_SCHEMAS: Partial<Record<LayoutName, readonly string[]>> = { supabase: ["auth", "storage", "extensions", "supabase_migrations"] };

export interface Bookkeeping {
  readonly schema: string;
  readonly table: string;
  readonly sql: string;
  /** Schemas that are the platform's (Supabase), not the application's. */
  readonly platformSchemas?: readonly string[];
}

export function bookkeepingOf(layout: LayoutName | undefined): Bookkeeping | undefined {
  const own = layout === undefined ? undefined : BOOKKEEPING[layout];
  // drizzle, Atlas and graphile-migrate keep their tables in a schema of their own: the whole schema is the tool's.
  if (own !== undefined && (layout === "drizzle" || layout === "atlas" || layout === "graphile-migrate")) return { ...own, platformSchemas: [own.schema] };
  if (own === undefined || layout !== "supabase") return own;
  return { ...own, sql: `${SUPABASE_PLATFORM}\n${own.sql}`, platformSchemas: PLATFORM_SCHEMAS.supabase ?? [] };
}
