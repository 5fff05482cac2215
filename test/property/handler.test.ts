/**
 * The same invariants through the real gRPC handler (`runFunction`,
 * src/function/handler.ts), on a smaller share of random requests: it never
 * throws and always answers with the GuardrailsCompliant condition; the same
 * request gets the same response; what it emits is the decision of `check`;
 * no observed resource drops out of desired state unless the response
 * refuses (a Fatal result: Crossplane applies nothing); the desired XR passes
 * through. Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH)
 * replay the seed fast-check prints on failure.
 */
import { Capability, Ready, Severity, type RunFunctionRequest, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPROVALS_REQUIREMENT, check, type CheckRequest } from '../../src/check.js';
import type { KubeObject } from '../../src/engine/types.js';
import { runFunction } from '../../src/function/handler.js';
import { NOW } from '../arbitraries/inputs.js';
import { checkRequest, refuses } from '../arbitraries/requests.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';

/** The RunFunctionRequest Crossplane would send for `req`, with or without the capability to deliver approvals. */
function wire(req: CheckRequest, requiredResources: boolean): RunFunctionRequest {
  const state = (resources: Record<string, KubeObject>, ready: Ready) =>
    Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, { resource, connectionDetails: { password: Buffer.from('s3cret') }, ready }]));
  return {
    meta: { tag: 'prop', capabilities: requiredResources ? [Capability.CAPABILITY_REQUIRED_RESOURCES] : [] },
    observed: { composite: { resource: req.composite, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED }, resources: state(req.observed, Ready.READY_UNSPECIFIED) },
    desired: {
      composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', status: { endpoint: 'db.internal' } }, connectionDetails: {}, ready: Ready.READY_TRUE },
      resources: state(req.desired, Ready.READY_TRUE),
    },
    input: req.input as RunFunctionRequest['input'],
    context: {},
    extraResources: {},
    credentials: {},
    requiredResources: requiredResources ? { [APPROVALS_REQUIREMENT]: { items: (req.approvals ?? []).map((resource) => ({ resource, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED })) } } : {},
    requiredSchemas: {},
  } as unknown as RunFunctionRequest;
}

describe('runFunction, on random requests', () => {
  it(
    'never throws, answers deterministically with the condition, emits the decision of check, and drops no observed resource unless it refuses',
    () => {
      fc.assert(
        fc.property(checkRequest, fc.boolean(), (req, capable) => {
          const call = () => runFunction(wire(structuredClone(req), capable), { now: () => NOW });
          let rsp: RunFunctionResponse | undefined;
          expect(() => (rsp = call())).not.toThrow();
          const r = rsp!;
          expect(call()).toEqual(r);
          expect(r.conditions.map((c) => c.type)).toEqual(['GuardrailsCompliant']);
          expect(r.desired?.composite).toEqual(wire(req, capable).desired?.composite);
          const fatal = r.results.some((x) => x.severity === Severity.SEVERITY_FATAL);
          const { approvals, ...rest } = structuredClone(req);
          const decided = check(capable ? { ...rest, approvals: approvals ?? [] } : rest);
          expect(fatal).toBe(refuses(decided));
          if (fatal) return;
          const emitted = r.desired?.resources ?? {};
          for (const name of Object.keys(req.observed)) if (Object.hasOwn(req.desired, name)) expect(Object.hasOwn(emitted, name), `observed ${name} dropped`).toBe(true);
          if (decided.kind === 'decided') {
            expect(Object.keys(emitted).sort()).toEqual(Object.keys(decided.decision.desired).sort());
            for (const [name, res] of Object.entries(emitted)) expect(res.resource, name).toEqual(decided.decision.desired[name]);
          }
        }),
        runs(400),
      );
    },
    TIMEOUT,
  );
});
