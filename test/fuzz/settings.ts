/**
 * Fuzz budget: a fixed seed and 40 runs per property in CI, so failures reproduce and the suite stays
 * short; `SCHEMALINT_FUZZ_RUNS=2000 SCHEMALINT_FUZZ_SEED=1 npx vitest run test/fuzz` explores more.
 * fast-check prints the seed and path of a failure, which `SCHEMALINT_FUZZ_SEED` replays.
 */
function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${process.env[name] ?? ""}`);
  return value;
}

const runs = positiveInteger("SCHEMALINT_FUZZ_RUNS", 40);

export const FUZZ = {
  options: { seed: positiveInteger("SCHEMALINT_FUZZ_SEED", 20261122), numRuns: runs },
  /** Many local runs get the time they need; CI's 40 take seconds. */
  timeout: Math.max(60_000, runs * 100),
} as const;
