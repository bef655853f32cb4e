/**
 * The real pre-commit (https://pre-commit.com) installing the hook of `.pre-commit-hooks.yaml` with
 * `language: node` (nodeenv on the system Node, `npm install`, `npm pack`, `npm install -g`: it needs the
 * npm registry and takes about a minute), then rejecting and accepting commits in a scratch repository.
 *
 * The hook repository is a snapshot of this working tree's package files committed into a temporary git
 * repository (pre-commit installs hooks from git repositories; this test never runs git on the project).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cp, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinnedConfig, ROOT } from "../cli/run.js";

const probe = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const unavailable = probe.error !== undefined || probe.status !== 0;
if (unavailable) {
  console.warn("SKIPPED test/integrations/pre-commit.test.ts: the pre-commit executable is not installed (apt-get install pre-commit; .ci/run installs it).");
}

/** What `npm pack` needs to build and pack the package, as in a clone of the repository. */
const HOOK_REPO_FILES = [
  ".pre-commit-hooks.yaml",
  ".npmrc",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "rolldown.config.mjs",
  "scripts",
  "README.md",
  "schemalint.schema.json",
  ".schemalintrc.example.json",
  "bin",
  "src",
  "docs",
];

const BAD = 'db/migrations/000002_add_price.up.sql:1:33: error: Column "price" of "accounts" stores money as real: floating-point values cannot represent most decimal amounts exactly, so sums and comparisons drift by fractions of a cent. [no-float-money]';

let scratch: string;
let hookRepo: string;
let project: string;
let env: NodeJS.ProcessEnv;

function run(command: string, args: readonly string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout });
  if (result.error !== undefined) throw result.error;
  return result;
}

function git(cwd: string, ...args: string[]): string {
  const result = run("git", args, cwd, 30_000);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Output of a run, both streams: git prints the hook's output on stderr, pre-commit on stdout. */
function output(result: SpawnSyncReturns<string>): string {
  return `${result.stdout}${result.stderr}`;
}

describe.skipIf(unavailable)("pre-commit hook (.pre-commit-hooks.yaml)", () => {
  beforeAll(async () => {
    scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), "schemalint-pre-commit-")));
    // Variables git sets for hooks would point the scratch repositories' git commands elsewhere.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"].includes(name)));
    env = {
      ...inherited,
      PRE_COMMIT_HOME: path.join(scratch, "cache"),
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
      FORCE_COLOR: "0",
      NO_COLOR: "1",
    };

    hookRepo = path.join(scratch, "schemalint");
    for (const file of HOOK_REPO_FILES) await cp(path.join(ROOT, file), path.join(hookRepo, file), { recursive: true });
    git(hookRepo, "init", "-q");
    git(hookRepo, "add", "-A");
    git(hookRepo, "commit", "-q", "-m", "snapshot of the working tree");

    project = path.join(scratch, "app");
    git(scratch, "init", "-q", project);
    await writeFile(path.join(project, ".schemalintrc.json"), pinnedConfig({ migrations: { dirs: ["db/migrations"] } }));
    await cp(path.join(ROOT, "fixtures", "example-app", "migrations", "000001_create_accounts_and_users.up.sql"), path.join(project, "db/migrations/000001_create_accounts_and_users.up.sql"));
    await cp(path.join(ROOT, "fixtures", "example-app", "migrations", "000001_create_accounts_and_users.down.sql"), path.join(project, "db/migrations/000001_create_accounts_and_users.down.sql"));
    await writeFile(
      path.join(project, ".pre-commit-config.yaml"),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${git(hookRepo, "rev-parse", "HEAD")}\n    hooks:\n      - id: schemalint\n`,
    );
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "history");
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it(
    "try-repo installs the hook from the working tree and reports only the given file, with the history as context",
    async () => {
      // accounts comes from the history: the new migration alters it.
      await writeFile(path.join(project, "db/migrations/000002_add_price.up.sql"), "ALTER TABLE accounts ADD COLUMN price real;\n");
      await writeFile(path.join(project, "db/migrations/000002_add_price.down.sql"), "ALTER TABLE accounts DROP COLUMN price;\n");
      git(project, "add", "db/migrations");
      const started = performance.now();
      const tried = run("pre-commit", ["try-repo", hookRepo, "schemalint", "--files", "db/migrations/000002_add_price.up.sql", "db/migrations/000002_add_price.down.sql"], project);
      console.info(`pre-commit try-repo (installing the node environment) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(output(tried)).toContain("schemalint...");
      expect(output(tried)).toMatch(/- hook id: schemalint\n- exit code: 1\n\n/u);
      expect(output(tried)).toContain(`${BAD}\n\n1 problem (1 error, 0 warnings)\n`);
      // The history's own findings (accounts and users of 000001) are not reported.
      expect(output(tried)).not.toContain("000001");
      expect(tried.status).toBe(1);
    },
    300_000,
  );

  it(
    "rejects a commit that stages a bad migration, then accepts it fixed",
    async () => {
      const installed = run("pre-commit", ["install"], project);
      expect(installed.stdout).toContain("pre-commit installed at .git/hooks/pre-commit");
      expect(installed.status).toBe(0);

      await writeFile(path.join(project, "db/migrations/000002_add_price.up.sql"), "ALTER TABLE accounts ADD COLUMN price real;\n");
      await writeFile(path.join(project, "db/migrations/000002_add_price.down.sql"), "ALTER TABLE accounts DROP COLUMN price;\n");
      git(project, "add", "db/migrations");
      const head = git(project, "rev-parse", "HEAD");
      const rejected = run("git", ["commit", "-m", "add price"], project);
      expect(output(rejected)).toMatch(/schemalint\.+Failed/u);
      expect(output(rejected)).toContain(`${BAD}\n\n1 problem (1 error, 0 warnings)\n`);
      expect(rejected.status).toBe(1);
      expect(git(project, "rev-parse", "HEAD")).toBe(head);

      await writeFile(path.join(project, "db/migrations/000002_add_price.up.sql"), "ALTER TABLE accounts ADD COLUMN price numeric(12, 2);\n");
      git(project, "add", "db/migrations");
      const accepted = run("git", ["commit", "-m", "add price"], project);
      expect(output(accepted)).toMatch(/schemalint\.+Passed/u);
      expect(accepted.status).toBe(0);
      expect(git(project, "log", "--format=%s")).toBe("add price\nhistory");

      // A commit without SQL files does not run the hook.
      await writeFile(path.join(project, "notes.txt"), "no SQL here\n");
      git(project, "add", "notes.txt");
      const skipped = run("git", ["commit", "-m", "notes"], project);
      expect(output(skipped)).toMatch(/schemalint\.+\(no files to check\)Skipped/u);
      expect(skipped.status).toBe(0);
    },
    300_000,
  );
});
