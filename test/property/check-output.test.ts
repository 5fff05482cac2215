/**
 * What one call to `check` (src/check.ts) emits, over random requests
 * (test/arbitraries/): it never throws (a failure is a Fatal verdict), it
 * only adds by injection, and every provider resource it emits is valid
 * against its kind version's shape. Each case is judged against the three
 * invariants at once, so one engine run serves all three.
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type CheckRequest, type CheckResult } from '../../src/check.js';
import { checkRequest, heldOf, leaves, refuses } from '../arbitraries/requests.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';
import { resourceErrors } from '../arbitraries/shape.js';

/** Never throws; a result that is no decision refuses (fail closed); a rule that throws is a defect even though it refuses. */
function neverThrows(req: CheckRequest): CheckResult {
  let result: CheckResult | undefined;
  expect(() => (result = check(req))).not.toThrow();
  const r = result!;
  if (r.kind !== 'decided') expect(refuses(r)).toBe(true);
  expect(r.kind === 'error' ? r.message : []).toEqual([]);
  if (r.kind === 'decided') expect(r.decision.errors).toEqual([]);
  return r;
}

/** Every leaf of every desired resource is in the output with the same value; only what is held back for approval is missing. */
function onlyAdds(req: CheckRequest, r: CheckResult): void {
  if (r.kind !== 'decided') return;
  const held = heldOf(r);
  for (const [name, obj] of Object.entries(req.desired)) {
    if (!Object.hasOwn(r.decision.desired, name)) {
      expect(held.has(name) && !Object.hasOwn(req.observed, name), `${name} dropped`).toBe(true);
      continue;
    }
    const after = leaves(r.decision.desired[name]);
    const lost = [...leaves(obj)].filter(([path, v]) => !after.has(path) || !Object.is(after.get(path), v));
    expect(lost, `${name}: leaves changed or removed`).toEqual([]);
  }
}

/** No emitted provider resource has a schema error it did not arrive with; what the function adds has none. */
function validShapes(req: CheckRequest, r: CheckResult): void {
  if (r.kind !== 'decided') return;
  for (const [name, obj] of Object.entries(r.decision.desired)) {
    const before = new Set(Object.hasOwn(req.desired, name) ? resourceErrors(req.desired[name]) : []);
    expect(resourceErrors(obj).filter((e) => !before.has(e)), `${name} (${JSON.stringify(obj.apiVersion)} ${JSON.stringify(obj.kind)})`).toEqual([]);
  }
}

describe('check, on random requests: one call', () => {
  it(
    'never throws, only adds by injection, and emits every provider resource in its kind version shape',
    () => {
      fc.assert(
        fc.property(checkRequest, (req) => {
          const r = neverThrows(req);
          onlyAdds(req, r);
          validShapes(req, r);
        }),
        runs(3000),
      );
    },
    TIMEOUT,
  );
});
