/**
 * `check` (src/check.ts) across calls, over random requests
 * (test/arbitraries/): the same request gets the same answer; run on its own
 * output (as Crossplane applies it) nothing changes; and no observed
 * resource ever drops out of desired state, the companions it added on an
 * earlier call included, whatever the Input and the resources become.
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';
import { ANNOTATION_COMPANION_OF } from '../../src/engine/engine.js';
import type { KubeObject } from '../../src/engine/types.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { anyInput } from '../arbitraries/inputs.js';
import { bucket, carried, xr } from '../builders.js';
import { checkRequest, heldOf, refuses, verdictClass } from '../arbitraries/requests.js';
import { edit, edited } from '../arbitraries/resources.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';

type Decided = Extract<CheckResult, { kind: 'decided' }>;

/**
 * Known gap, left out of the idempotence property and kept visible by the
 * `it.fails` below: a companion that itself needs approval (say, carried by
 * a namespaced Object whose providerConfigRef names no kind) is held with
 * its owner on the first call; fed back as desired it is a resource of the
 * pipeline, gated on its own, so the second call holds or refuses it
 * separately. Stricter, never looser; and Crossplane never feeds a
 * function's output back as its desired input. Fixing it means trusting the
 * engine's own annotations on desired resources for gating, which the agent
 * controls: left for a design decision.
 */
const KNOWN_GAP = (d: Decided) => d.decision.companions.some((c) => d.decision.findings.some((f) => f.resource === c.name && f.action === 'RequireApproval'));

describe('check, on random requests: across calls', () => {
  it(
    'is deterministic: the same request, rebuilt, gets a deep-equal answer',
    () => {
      fc.assert(
        fc.property(checkRequest, (req) => {
          expect(check(structuredClone(req))).toEqual(check(req));
        }),
        runs(500),
      );
    },
    TIMEOUT,
  );

  it(
    'is idempotent: run on its own output, nothing changes and the verdict stays; once applied, still nothing changes',
    () => {
      fc.assert(
        fc.property(checkRequest, (req) => {
          const first = check(req);
          if (first.kind !== 'decided' || KNOWN_GAP(first)) return;
          const held = heldOf(first);
          // What is held is not emitted: the step before emits it again.
          const desired = { ...first.decision.desired, ...Object.fromEntries(Object.entries(req.desired).filter(([n]) => held.has(n))) };
          const second = check({ ...req, desired });
          expect(second.kind).toBe('decided');
          const again = second as Decided;
          // Audit mode changes nothing, so it reports the same would-be changes again.
          if (first.decision.mode === 'Audit') expect(again.decision.mutations).toEqual(first.decision.mutations);
          else expect(again.decision.mutations.filter((m) => !held.has(m.resource))).toEqual([]);
          expect(verdictClass(again)).toBe(verdictClass(first));
          expect(again.decision.desired).toEqual(first.decision.desired);
          // Once Crossplane applied it (unless refused), still nothing to change. (The verdict may pass more: a limit
          // lets a value that exists pass, and a custom rule may read `observed`.)
          if (refuses(first) || first.decision.mode === 'Audit') return;
          const applied = check({ ...req, desired, observed: { ...req.observed, ...first.decision.desired } }) as Decided;
          expect(applied.decision.mutations.filter((m) => !held.has(m.resource))).toEqual([]);
          expect(applied.decision.desired).toEqual(first.decision.desired);
        }),
        runs(600),
      );
    },
    TIMEOUT,
  );

  it.fails('known gap: a companion that needs approval, fed back as desired, is gated on its own (idempotence)', () => {
    const req = {
      input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' },
      composite: xr(),
      observed: {},
      desired: { a: carried(bucket(), 'namespaced') },
      approvals: [],
      now: 0,
    };
    const first = check(req) as Decided;
    expect(KNOWN_GAP(first)).toBe(true);
    const second = check({ ...req, desired: first.decision.desired }) as Decided;
    expect(verdictClass(second)).toBe(verdictClass(first));
    expect(second.decision.desired).toEqual(first.decision.desired);
  });

  it(
    'never drops an observed resource: the desired ones, and the companions it added earlier, under any Input and edits',
    () => {
      fc.assert(
        fc.property(checkRequest, anyInput, fc.array(edit, { maxLength: 2 }), (req, input, edits) => {
          // First call: what it emits is applied, companions included.
          const first = check({ ...req, observed: {} });
          if (first.kind !== 'decided' || refuses(first)) return;
          const observed = structuredClone(first.decision.desired);
          // Second call: another Input, the resources edited (fields set to anything, dropped, added; blocks reshaped).
          const desired = Object.fromEntries(Object.entries(req.desired).map(([n, r]) => [n, edited(r, edits)]));
          const second = check({ ...req, input, desired, observed });
          if (second.kind !== 'decided') return void expect(refuses(second)).toBe(true);
          const out = second.decision.desired;
          for (const name of Object.keys(desired)) if (Object.hasOwn(observed, name)) expect(Object.hasOwn(out, name), `observed ${name} dropped`).toBe(true);
          for (const [name, obj] of Object.entries(observed)) {
            const owner = companionOwner(obj);
            if (owner === undefined || !Object.hasOwn(desired, owner) || desired[owner]!.kind !== observed[owner]?.kind) continue;
            expect(Object.hasOwn(out, name), `companion ${name} of ${owner} dropped`).toBe(true);
          }
        }),
        runs(600),
      );
    },
    TIMEOUT,
  );
});

/** The composed resource a companion was added for, from the engine's annotation. */
function companionOwner(obj: KubeObject): string | undefined {
  const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
  const owner = annotations[ANNOTATION_COMPANION_OF];
  return typeof owner === 'string' ? owner : undefined;
}
