import type { LayoutName } from "../migrations/types.js";

/**
 * The table each migration tool keeps its history in, created before the first migration as the tool
 * does: some migrations read or guard it (Lemmy's migrations put a trigger on
 * `__diesel_schema_migrations`). The definitions follow the tools' sources; the replay never writes
 * rows into them, and they are left out of `--rules` (they are the tool's, not the application's).
 */
const BOOKKEEPING: Partial<Record<LayoutName, { readonly schema: string; readonly table: string; readonly sql: string }>> = {
  "golang-migrate": { schema: "public", table: "schema_migrations", sql: "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)" },
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

export interface Bookkeeping {
  readonly schema: string;
  readonly table: string;
  readonly sql: string;
}

export function bookkeepingOf(layout: LayoutName | undefined): Bookkeeping | undefined {
  return layout === undefined ? undefined : BOOKKEEPING[layout];
}
