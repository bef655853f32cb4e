import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCargoManifest, parseGoMod } from "../../src/migrations/layouts.js";
import type { LayoutName, LayoutProblem, Migration, MigrationPart, ProjectManifest, SourceFile } from "../../src/migrations/layouts.js";

/** Reading fixtures/layouts/{layout} for test/migrations/layout-fixtures.test.ts. */
export const FIXTURES = fileURLToPath(new URL("../../fixtures/layouts/", import.meta.url));

/** Project manifests at a fixture's root (sqlx's Cargo.toml, maragudk/migrate's go.mod): the CLI reads them as the project hint, not as migration files. */
const MANIFESTS: Readonly<Record<string, (text: string, file: string) => ProjectManifest>> = { "Cargo.toml": parseCargoManifest, "go.mod": parseGoMod };

/** The fixture's files under the fake root `/repo/{layout}`; its README.md documents the fixture and is left out, as is its manifest. */
export function load(layout: LayoutName): { files: SourceFile[]; project: ProjectManifest | undefined } {
  const root = path.join(FIXTURES, layout);
  const rels = readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((rel) => rel.split(path.sep).join("/"))
    .filter((rel) => rel !== "README.md" && statSync(path.join(root, rel)).isFile())
    .sort();
  const manifest = rels.find((rel) => MANIFESTS[rel] !== undefined);
  const parse = manifest === undefined ? undefined : MANIFESTS[manifest];
  const project = manifest === undefined || parse === undefined ? undefined : parse(readFileSync(path.join(root, manifest), "utf8"), `/repo/${layout}/${manifest}`);
  const files = rels.filter((rel) => rel !== manifest).map((rel) => ({ path: `/repo/${layout}/${rel}`, text: readFileSync(path.join(root, rel), "utf8") }));
  return { files, project };
}

/** `version|name|up=…|down=…|verify=…`, each part `{path relative to the plan dir}:{transaction}[@{marker line}]`. */
export function summary(dir: string, m: Migration): string {
  const parts = (ps: readonly MigrationPart[]) =>
    ps.map((p) => `${path.posix.relative(dir, p.file)}:${p.transaction}${p.markerLine === undefined ? "" : `@${p.markerLine}`}`).join(",");
  return `${m.version}|${m.name}|up=${parts(m.up)}|down=${parts(m.down)}|verify=${parts(m.verify)}${m.repeatable ? "|repeatable" : ""}`;
}


/** The layouts that have a fixture folder. */
export function fixtureLayouts(): string[] {
  return readdirSync(FIXTURES).sort();
}

/** What a fixture's plan must be. */
export interface Expected {
  /** The plan's directory, relative to `/repo/{layout}`. */
  readonly dir: string;
  /** {@link summary} of each migration in run order. */
  readonly migrations: readonly string[];
  /** Problems, each file relative to the plan's directory. */
  readonly problems?: readonly LayoutProblem[];
  /** Files the tool never runs on PostgreSQL, relative to the plan's directory. */
  readonly ignored?: readonly string[];
}

/** fixtures/layouts/tern, for test/migrations/layout-fixtures.test.ts. */
export const TERN_EXPECTED: Expected = {
  dir: "migrations",
  // Above the separator is the up, below it the down; 003 includes shared/orders.sql, a part after the file's own SQL.
  migrations: [
    "001|create_users|up=001_create_users.sql:tool|down=001_create_users.sql:tool@8|verify=",
    "002|add_users_display_name|up=002_add_users_display_name.sql:tool|down=002_add_users_display_name.sql:tool@4|verify=",
    "003|create_orders|up=003_create_orders.sql:tool,shared/orders.sql:tool|down=003_create_orders.sql:tool@6|verify=",
    "004|index_users_email|up=004_index_users_email.sql:none|down=004_index_users_email.sql:none@4|verify=",
    "005|index_orders_created_at|up=005_index_orders_created_at.sql:tool|down=|verify=",
  ],
  problems: [{ file: "notes.sql", line: 1, message: "file name does not match {version}_{name}.sql; tern ignores it" }],
  // A template no migration includes: tern never runs it on its own.
  ignored: ["shared/audit.sql"],
};
