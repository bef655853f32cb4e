import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LintMessage } from "../../src/lint-result.js";
import { initParser } from "../../src/parser/parse.js";
import { collectResults } from "../../src/rules/engine-results.js";
import { rulesById } from "../../src/rules/index.js";
import { APPLY_ERROR } from "../../src/verify/apply.js";
import type { ReplayDatabase } from "../../src/verify/database.js";
import { openPglite } from "../../src/verify/pglite.js";
import { replay, type HistoryReplay, type OpenRequest, type RoundTripSelection } from "../../src/verify/replay.js";
import { openServer } from "../../src/verify/server.js";
import { filesOf, type TestFile } from "./lint.js";

/** The same cache the CLI uses in this repository: PGlite starts from a cached data directory. */
export const PGLITE_CACHE = path.join(fileURLToPath(new URL("../..", import.meta.url)), "node_modules/.cache/schemalint");

export interface VerifyTarget {
  /** undefined: PGlite. */
  readonly url?: string | undefined;
}

export interface Verified {
  readonly messages: (LintMessage & { file: string })[];
  readonly histories: HistoryReplay[];
}

export function opener(target: VerifyTarget): (request: OpenRequest) => Promise<ReplayDatabase> {
  return (request) =>
    target.url === undefined
      ? openPglite({ extensions: request.extensions, roles: request.roles, cacheDir: PGLITE_CACHE })
      : openServer({ url: target.url, allowExistingDatabase: false, createsRoles: request.createsRoles });
}

/** Replays test files (see filesOf) and returns the findings as the CLI would report them. */
export async function verifyFiles(code: TestFile | readonly TestFile[], target: VerifyTarget = {}, roundTrip: RoundTripSelection = { kind: "all" }): Promise<Verified> {
  await initParser();
  const run = await replay(filesOf(code), {
    open: opener(target),
    roundTrip,
    mismatchSeverity: 1,
    maxListed: 5,
    postgresVersion: 18,
    keepSnapshot: false,
  });
  const results = collectResults(run.parts, run.findings, { knownRuleIds: new Set([...rulesById.keys(), APPLY_ERROR]) });
  return { messages: results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath }))), histories: run.histories };
}
