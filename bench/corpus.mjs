// Deterministic benchmark corpora (no randomness: the same bytes on every machine).
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** A pg_dump-like schema of `tables` tables: CREATE TABLE, then constraints, indexes and comments. */
export function dumpSql(tables) {
  const out = ["--\n-- PostgreSQL database dump\n--\n\\restrict bench\nSET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n"];
  for (let i = 0; i < tables; i++) {
    out.push(`CREATE TABLE public.t${i} (\n    id bigint NOT NULL,\n    parent_id bigint,\n    name text NOT NULL,\n    amount numeric(12,2),\n    price_${i % 7 === 0 ? "usd double precision" : "cents bigint"},\n    created_at timestamp with time zone DEFAULT now() NOT NULL\n);\n`);
    out.push(`COMMENT ON TABLE public.t${i} IS 'Table number ${i}';\n`);
  }
  for (let i = 0; i < tables; i++) {
    out.push(`ALTER TABLE ONLY public.t${i}\n    ADD CONSTRAINT t${i}_pkey PRIMARY KEY (id);\n`);
    if (i > 0) out.push(`ALTER TABLE ONLY public.t${i}\n    ADD CONSTRAINT t${i}_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.t${i - 1}(id) ON DELETE CASCADE;\n`);
    if (i % 2 === 0) out.push(`CREATE INDEX t${i}_parent_id_idx ON public.t${i} USING btree (parent_id);\n`);
    out.push(`CREATE INDEX t${i}_created_at_idx ON public.t${i} USING btree (created_at);\n`);
  }
  out.push("\\unrestrict bench\n");
  return out.join("\n");
}

/** `count` small migration files, each a table or an ALTER of an earlier one. */
export function migrationFiles(count) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const version = String(i + 1).padStart(6, "0");
    const sql = i % 3 === 0
      ? `-- Create t${i}\nCREATE TABLE t${i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  owner_id bigint${i > 0 ? ` REFERENCES t${i - 3 < 0 ? 0 : i - 3} (id)` : ""},\n  total numeric(12, 2) NOT NULL DEFAULT 0,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n`
      : i % 3 === 1
        ? `-- Index t${i - 1}\nCREATE INDEX CONCURRENTLY idx_t${i - 1}_owner_id ON t${i - 1} (owner_id);\n`
        : `-- Extend t${i - 2}\nALTER TABLE t${i - 2} ADD COLUMN note text;\nCOMMENT ON COLUMN t${i - 2}.note IS 'Free text';\n`;
    files.push({ name: `${version}_step_${i}.up.sql`, sql });
  }
  return files;
}

/**
 * A history shaped like a real application's (Lemmy's 342 diesel migrations are 2,664 statements):
 * `count` golang-migrate migrations with up and down files, each up a table with a foreign key, a
 * CHECK, defaults, two indexes, a comment, a view and a column added to the table before; each down
 * undoes it. Every migration is run up, down and up again for the round-trip check.
 */
export function historyFiles(count) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const version = String(i + 1).padStart(6, "0");
    const up = [
      `CREATE TABLE h${i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${i > 0 ? `\n  parent_id bigint REFERENCES h${i - 1} (id) ON DELETE CASCADE,` : ""}\n  name text NOT NULL,\n  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'done')),\n  total numeric(12, 2) NOT NULL DEFAULT 0,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  updated_at timestamptz NOT NULL DEFAULT now()\n);`,
      ...(i > 0 ? [`CREATE INDEX h${i}_parent_id_idx ON h${i} (parent_id);`] : []),
      `CREATE UNIQUE INDEX h${i}_name_key ON h${i} (name);`,
      `COMMENT ON TABLE h${i} IS 'History table ${i}';`,
      ...(i > 0 ? [`ALTER TABLE h${i - 1} ADD COLUMN note_${i} text;`] : []),
      `CREATE VIEW h${i}_recent AS SELECT id, name FROM h${i} WHERE created_at > now() - interval '1 day';`,
    ];
    const down = [`DROP VIEW h${i}_recent;`, ...(i > 0 ? [`ALTER TABLE h${i - 1} DROP COLUMN note_${i};`] : []), `DROP TABLE h${i};`];
    files.push({ name: `${version}_history_${i}.up.sql`, sql: `${up.join("\n")}\n` });
    files.push({ name: `${version}_history_${i}.down.sql`, sql: `${down.join("\n")}\n` });
  }
  return files;
}

/** The pre-commit case: three small migration files. */
export const PRECOMMIT_FILES = [
  { name: "001_users.sql", sql: "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);\n" },
  { name: "002_orders.sql", sql: "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(12,2) NOT NULL);\n" },
  { name: "003_orders_user.sql", sql: "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n" },
];

/** Writes every corpus under `root` (replacing what is there); returns their directories by name. */
export async function writeCorpora(root) {
  await rm(root, { recursive: true, force: true });
  const dirs = {
    dump: path.join(root, "dump"),
    dump10: path.join(root, "dump10"),
    migrations: path.join(root, "migrations"),
    history: path.join(root, "history"),
    precommit: path.join(root, "precommit"),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  // ~4,000 tables ≈ 22k statements ≈ 2.3 MB; ~17,500 tables ≈ 96k statements ≈ 10 MB.
  await writeFile(path.join(dirs.dump, "structure.sql"), dumpSql(4000));
  await writeFile(path.join(dirs.dump10, "structure.sql"), dumpSql(17_500));
  for (const f of migrationFiles(2000)) await writeFile(path.join(dirs.migrations, f.name), f.sql);
  for (const f of historyFiles(400)) await writeFile(path.join(dirs.history, f.name), f.sql);
  for (const f of PRECOMMIT_FILES) await writeFile(path.join(dirs.precommit, f.name), f.sql);
  return dirs;
}

/** The corpora `writeCorpora` wrote, writing them first when any is missing (a bench part run alone). */
export async function corpora(root) {
  const dirs = {
    dump: path.join(root, "dump"),
    dump10: path.join(root, "dump10"),
    migrations: path.join(root, "migrations"),
    history: path.join(root, "history"),
    precommit: path.join(root, "precommit"),
  };
  return Object.values(dirs).every((dir) => existsSync(dir)) ? dirs : writeCorpora(root);
}
