import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LintResult } from "../../src/lint-result.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = path.join(ROOT, "bin", "schemalint.js");

/**
 * A config with no preset (`"extends": []`) and only no-float-money (error) and require-fk-index (warn),
 * for `-c` on the repository's fixtures: tests that assert exact findings pin the rules they exercise,
 * so they do not change when rules are added to the recommended preset.
 */
export const PINNED_CONFIG = path.join(ROOT, "test", "fixtures", "two-rules.json");

interface ConfigJson {
  readonly extends?: readonly string[];
  readonly rules?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** The rules of PINNED_CONFIG: `{ "no-float-money": "error", "require-fk-index": "warn" }`. */
export const PINNED_RULES: Readonly<Record<string, unknown>> = (JSON.parse(readFileSync(PINNED_CONFIG, "utf8")) as ConfigJson).rules ?? {};

/** JSON text of a config with no preset and the pinned rules; `config.rules` changes their severities, its other keys are copied. */
export function pinnedConfig(config: ConfigJson = {}): string {
  return JSON.stringify({ ...config, extends: [], rules: { ...PINNED_RULES, ...config.rules } });
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/schemalint.js ...args` (dist/ is built by the global setup). */
export function runCli(
  args: readonly string[],
  options: { readonly cwd?: string; readonly input?: string | Buffer; readonly env?: Readonly<Record<string, string>> } = {},
): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    timeout: 20_000,
    // The suite may itself run under GitHub Actions: keep annotations and job summaries out of the CLI's output.
    env: { ...process.env, FORCE_COLOR: "0", GITHUB_ACTIONS: "", GITHUB_STEP_SUMMARY: "", ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses `--format json` output. */
export function jsonResults(stdout: string): LintResult[] {
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed)) throw new Error(`expected a JSON array, got: ${stdout.slice(0, 200)}`);
  return parsed as LintResult[];
}

/** `[file, line, column, ruleId]` of every reported message, files relative to `base` with forward slashes. */
export function findings(results: readonly LintResult[], base: string): [string, number, number, string | null][] {
  return results.flatMap((r) =>
    r.messages.map((m): [string, number, number, string | null] => [path.relative(base, r.filePath).split(path.sep).join("/"), m.line, m.column, m.ruleId]),
  );
}

export interface TempDir {
  readonly dir: string;
  write(relative: string, content: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

/** A temporary project: a package.json marks it as the root, so config search never leaves it. */
export async function tempProject(prefix: string): Promise<TempDir> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
  const write = async (relative: string, content: string | Uint8Array): Promise<string> => {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  await write("package.json", JSON.stringify({ name: "schemalint-cli-test", private: true }));
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs git in `cwd` with a fixed identity; throws with git's message when it fails; returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  const run = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}
