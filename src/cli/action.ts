import { main } from "./main.js";

/** What `action.yml` passes, as environment variables (composite actions map inputs explicitly). */
export interface ActionInputs {
  readonly paths: readonly string[];
  readonly config: string | undefined;
  readonly format: string | undefined;
  /** A git reference, or undefined to lint everything. */
  readonly changedSince: string | undefined;
  readonly failOn: "error" | "warning" | "never";
  readonly sarifFile: string | undefined;
}

export class ActionInputError extends Error {}

function input(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[`INPUT_${name.toUpperCase().replaceAll("-", "_")}`]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Reads the action's inputs. `changed-since` defaults to the pull request's base branch
 * (`origin/$GITHUB_BASE_REF`, which needs `fetch-depth: 0` on checkout); `none` lints every file.
 */
export function actionInputs(env: Readonly<Record<string, string | undefined>>): ActionInputs {
  const failOn = input(env, "fail-on") ?? "error";
  if (failOn !== "error" && failOn !== "warning" && failOn !== "never") {
    throw new ActionInputError(`fail-on must be "error", "warning" or "never", got "${failOn}".`);
  }
  const changed = input(env, "changed-since");
  const base = env.GITHUB_BASE_REF?.trim();
  const changedSince = changed === "none" ? undefined : (changed ?? (base === undefined || base === "" ? undefined : `origin/${base}`));
  return {
    paths: (input(env, "paths") ?? "").split(/\s+/u).filter((p) => p !== ""),
    config: input(env, "config"),
    format: input(env, "format"),
    changedSince,
    failOn,
    sarifFile: input(env, "sarif-file"),
  };
}

/** The CLI runs: the report (with annotations and job summary under GitHub Actions), then SARIF if asked. */
export function actionRuns(inputs: ActionInputs): string[][] {
  // --cache: the SARIF run reuses the report run's results instead of linting again; with the cache
  // directory kept by actions/cache (docs/github-actions.md), unchanged histories are not linted at all.
  const common = [
    "--cache",
    ...(inputs.config === undefined ? [] : ["--config", inputs.config]),
    ...(inputs.changedSince === undefined ? [] : ["--changed-since", inputs.changedSince]),
    ...inputs.paths,
  ];
  const report = [...(inputs.format === undefined ? [] : ["--format", inputs.format]), ...(inputs.failOn === "warning" ? ["--max-warnings", "0"] : []), ...common];
  const runs = [report];
  if (inputs.sarifFile !== undefined) runs.push(["--format", "sarif", "--output-file", inputs.sarifFile, ...common]);
  return runs;
}

/** Runs the action; returns the exit code. `fail-on: never` turns lint failures (1) into success; errors (2) stay. */
export async function runAction(env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = actionInputs(env);
  } catch (error) {
    process.stderr.write(`schemalint action: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const [report, ...others] = actionRuns(inputs);
  const code = await main(report ?? [], cwd);
  for (const argv of others) {
    // The SARIF run must not repeat the annotations and the job summary.
    const saved = { actions: process.env.GITHUB_ACTIONS, summary: process.env.GITHUB_STEP_SUMMARY };
    delete process.env.GITHUB_ACTIONS;
    delete process.env.GITHUB_STEP_SUMMARY;
    const sarifCode = await main(argv, cwd);
    if (saved.actions !== undefined) process.env.GITHUB_ACTIONS = saved.actions;
    if (saved.summary !== undefined) process.env.GITHUB_STEP_SUMMARY = saved.summary;
    if (sarifCode === 2) return 2;
  }
  if (code === 1 && inputs.failOn === "never") return 0;
  return code;
}
