/**
 * How the property tests run: the number of cases of each property, scaled
 * by `FC_RUNS` (a factor: `FC_RUNS=10` for a long soak, `0.1` for a quick
 * look), and a fixed seed from `FC_SEED` to replay a failure. fast-check
 * puts the seed and the shrunk counterexample's path in the error of a
 * failing property, which vitest prints; `FC_SEED=<seed> FC_PATH=<path>`
 * replays exactly that case.
 */
import type { Parameters } from 'fast-check';

const scale = Number(process.env.FC_RUNS ?? '1');
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;

/** The test's time limit: generous, since a shrinking run can take a while on shared cores. */
export const TIMEOUT = 180_000;

/** fast-check parameters for a property of `numRuns` cases (before scaling). */
export function runs<T>(numRuns: number): Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}
