import path from "node:path";
import type { ResolvedConfig } from "../config/resolve.js";
import type { LintResult } from "../lint-result.js";
import { collectResults } from "../rules/engine-results.js";
import { rulesById } from "../rules/index.js";
import { APPLY_ERROR } from "../verify/apply.js";
import type { ReplayDatabase } from "../verify/database.js";
import { catalogPairs, disagreements, lintReplayedCatalogs } from "../verify/replayed-catalog.js";
import { replay, type HistoryReplay, type OpenRequest, type RoundTripSelection } from "../verify/replay.js";
import type { CliOptions } from "./args.js";
import type { Inputs } from "./inputs.js";
import { cacheDirectory } from "./lint-cache.js";

export interface VerifyOutcome {
  readonly results: LintResult[];
  /** The replay could not run at all (no database). */
  readonly failed: boolean;
}

function roundTripOf(options: CliOptions, mismatchEnabled: boolean): RoundTripSelection {
  const value = options.roundTrip ?? (mismatchEnabled ? "all" : "none");
  if (value === "all" || value === "none") return { kind: value };
  return { kind: "last", count: Number(value.slice("last:".length)) };
}

function summary(h: HistoryReplay, cwd: string): string {
  const where = h.label === "" ? "" : `${path.relative(cwd, h.label) || "."}: `;
  const stopped = h.stoppedAt === undefined ? "" : `, stopped at ${path.relative(cwd, h.stoppedAt)}`;
  const trips = `${String(h.roundTrips)} round trip${h.roundTrips === 1 ? "" : "s"}, ${String(h.mismatches)} mismatch${h.mismatches === 1 ? "" : "es"}`;
  return `schemalint verify: ${where}${String(h.applied)}/${String(h.migrations)} migrations applied on ${h.database}, ${trips}${stopped} (${(h.milliseconds / 1000).toFixed(1)} s)\n`;
}

/** Closes the open database on Ctrl-C or termination, so a throw-away database never outlives the run. */
function guardSignals(current: () => ReplayDatabase | undefined): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nschemalint verify: ${signal}: removing the replay database…\n`);
    const db = current();
    void (db === undefined ? Promise.resolve() : db.close().catch(() => undefined)).finally(() => process.exit(130));
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

/** `schemalint verify`: replays the histories on PGlite or a server and reports what PostgreSQL said. */
export async function verifyCommand(options: CliOptions, config: ResolvedConfig, cwd: string, inputs: Inputs): Promise<VerifyOutcome> {
  const mismatchRule = config.rules.find((r) => r.rule.meta.id === "down-migration-mismatch");
  const maxListed = (mismatchRule?.options as { maxListed?: number } | undefined)?.maxListed ?? 5;
  // The history is the unit of a replay: every file of it is reported on.
  const files = inputs.files.filter((f) => f.role !== "other").map((f) => ({ ...f, report: true }));
  const progress = process.stderr.isTTY && !options.debug;
  let open: ReplayDatabase | undefined;
  const release = guardSignals(() => open);
  const timings: string[] = [];
  try {
    const run = await replay(files, {
      async open(request: OpenRequest) {
        if (options.databaseUrl !== undefined) {
          const { openServer } = await import("../verify/server.js");
          open = await openServer({ url: options.databaseUrl, allowExistingDatabase: options.allowExistingDatabase, createsRoles: request.createsRoles });
        } else {
          const { openPglite } = await import("../verify/pglite.js");
          open = await openPglite({
            extensions: request.extensions,
            roles: request.roles,
            cacheDir: cacheDirectory(cwd),
            onTiming: (what, ms) => timings.push(`${what} ${ms.toFixed(0)} ms`),
          });
        }
        return open;
      },
      roundTrip: roundTripOf(options, mismatchRule !== undefined),
      mismatchSeverity: mismatchRule?.severity,
      maxListed,
      postgresVersion: config.postgresVersion,
      keepSnapshot: options.rules || options.debug,
      onProgress: progress
        ? (e) => {
            process.stderr.write(`\r\u001B[2Kschemalint verify: ${String(e.index)}/${String(e.total)} ${path.relative(cwd, e.file)}`);
          }
        : undefined,
    });
    if (progress) process.stderr.write("\r\u001B[2K");
    const known = new Set([...rulesById.keys(), APPLY_ERROR]);
    const results = collectResults(run.parts, run.findings, { knownRuleIds: known, reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ? 2 : undefined });
    // A history whose replay stopped has no final catalog to compare or check.
    const snapshots = new Map(run.histories.flatMap((h) => (h.snapshot === undefined || h.stoppedAt !== undefined ? [] : [[h.history, h.snapshot] as const])));
    const pairs = snapshots.size > 0 ? catalogPairs(files, snapshots, config.postgresVersion) : [];
    const withRules = options.rules ? lintReplayedCatalogs(results, run.parts, pairs, { rules: config.rules, postgresVersion: config.postgresVersion, knownRuleIds: known }) : results;
    for (const h of run.histories) {
      process.stderr.write(summary(h, cwd));
      if (h.createdRoles.length > 0) process.stderr.write(`schemalint verify: created the roles the migrations use but do not create: ${h.createdRoles.join(", ")}\n`);
    }
    if (options.debug) {
      process.stderr.write(`schemalint verify: timings: ${timings.join(", ")}\n`);
      for (const line of disagreements(pairs)) process.stderr.write(`schemalint verify: ${line}\n`);
    }
    return { results: withRules, failed: false };
  } finally {
    release();
    await open?.close().catch(() => undefined);
  }
}
