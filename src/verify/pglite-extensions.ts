import type { Extension } from "@electric-sql/pglite";

/**
 * The extensions PGlite ships, by the name `CREATE EXTENSION` uses. Each is a separate bundle loaded
 * only when a migration creates it: loading all of them would add seconds to every start.
 * pgvector comes from its own package, built for this exact PGlite version.
 */
export const PGLITE_EXTENSIONS: ReadonlyMap<string, () => Promise<Extension>> = new Map<string, () => Promise<Extension>>([
  ["amcheck", async () => (await import("@electric-sql/pglite/contrib/amcheck")).amcheck],
  ["bloom", async () => (await import("@electric-sql/pglite/contrib/bloom")).bloom],
  ["btree_gin", async () => (await import("@electric-sql/pglite/contrib/btree_gin")).btree_gin],
  ["btree_gist", async () => (await import("@electric-sql/pglite/contrib/btree_gist")).btree_gist],
  ["citext", async () => (await import("@electric-sql/pglite/contrib/citext")).citext],
  ["cube", async () => (await import("@electric-sql/pglite/contrib/cube")).cube],
  ["dict_int", async () => (await import("@electric-sql/pglite/contrib/dict_int")).dict_int],
  ["dict_xsyn", async () => (await import("@electric-sql/pglite/contrib/dict_xsyn")).dict_xsyn],
  ["earthdistance", async () => (await import("@electric-sql/pglite/contrib/earthdistance")).earthdistance],
  ["file_fdw", async () => (await import("@electric-sql/pglite/contrib/file_fdw")).file_fdw],
  ["fuzzystrmatch", async () => (await import("@electric-sql/pglite/contrib/fuzzystrmatch")).fuzzystrmatch],
  ["hstore", async () => (await import("@electric-sql/pglite/contrib/hstore")).hstore],
  ["intarray", async () => (await import("@electric-sql/pglite/contrib/intarray")).intarray],
  ["isn", async () => (await import("@electric-sql/pglite/contrib/isn")).isn],
  ["lo", async () => (await import("@electric-sql/pglite/contrib/lo")).lo],
  ["ltree", async () => (await import("@electric-sql/pglite/contrib/ltree")).ltree],
  ["moddatetime", async () => (await import("@electric-sql/pglite/contrib/moddatetime")).moddatetime],
  ["pageinspect", async () => (await import("@electric-sql/pglite/contrib/pageinspect")).pageinspect],
  ["pg_buffercache", async () => (await import("@electric-sql/pglite/contrib/pg_buffercache")).pg_buffercache],
  ["pg_freespacemap", async () => (await import("@electric-sql/pglite/contrib/pg_freespacemap")).pg_freespacemap],
  ["pg_stat_statements", async () => (await import("@electric-sql/pglite/contrib/pg_stat_statements")).pg_stat_statements],
  ["pg_surgery", async () => (await import("@electric-sql/pglite/contrib/pg_surgery")).pg_surgery],
  ["pg_trgm", async () => (await import("@electric-sql/pglite/contrib/pg_trgm")).pg_trgm],
  ["pg_visibility", async () => (await import("@electric-sql/pglite/contrib/pg_visibility")).pg_visibility],
  ["pg_walinspect", async () => (await import("@electric-sql/pglite/contrib/pg_walinspect")).pg_walinspect],
  ["pgcrypto", async () => (await import("@electric-sql/pglite/contrib/pgcrypto")).pgcrypto],
  ["seg", async () => (await import("@electric-sql/pglite/contrib/seg")).seg],
  ["tablefunc", async () => (await import("@electric-sql/pglite/contrib/tablefunc")).tablefunc],
  ["tcn", async () => (await import("@electric-sql/pglite/contrib/tcn")).tcn],
  ["tsm_system_rows", async () => (await import("@electric-sql/pglite/contrib/tsm_system_rows")).tsm_system_rows],
  ["tsm_system_time", async () => (await import("@electric-sql/pglite/contrib/tsm_system_time")).tsm_system_time],
  ["unaccent", async () => (await import("@electric-sql/pglite/contrib/unaccent")).unaccent],
  ["uuid-ossp", async () => (await import("@electric-sql/pglite/contrib/uuid_ossp")).uuid_ossp],
  ["vector", async () => (await import("@electric-sql/pglite-pgvector")).vector],
]);

/** Built into every PostgreSQL: `CREATE EXTENSION plpgsql` needs no bundle. */
export const BUILT_IN_EXTENSIONS: ReadonlySet<string> = new Set(["plpgsql"]);
