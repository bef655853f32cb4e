/** Fixtures for the rules that exempt a table a TRUNCATE emptied earlier in the open transaction. */
// A table emptied by a TRUNCATE earlier in the same, still open transaction: no row to fill, scan or
// index, and the TRUNCATE's ACCESS EXCLUSIVE lock keeps other sessions out until commit.
export const tables = "CREATE TABLE resources (id bigint PRIMARY KEY);\nCREATE TABLE inputs (id bigint PRIMARY KEY, note text);\nCREATE TABLE builds (id bigint PRIMARY KEY);";
export const init = { path: "/m/000001_init.up.sql", sql: tables };
export const golang = (sql: string): { path: string; sql: string } => ({ path: "/m/000002_rebuild.up.sql", sql });
export const goose = (sql: string): { path: string; sql: string }[] => [
  { path: "/g/00001_init.sql", sql: `-- +goose Up\n${tables}` },
  { path: "/g/00002_rebuild.sql", sql: `-- +goose Up\n${sql}` },
];
export const events = "CREATE TABLE events (id bigint, kind text, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";
export const addColumn = "ALTER TABLE inputs ADD COLUMN resource_id bigint NOT NULL;";
