/**
 * The handler judges the objects the wire decoder builds (maps and JSON
 * objects whose prototype is a frozen empty object, see `record`) exactly as it judges the plain objects of the SDK's generated
 * decoder: for every rule's violation fixture (test/violations.ts), the same
 * response, to the byte.
 */
import { RunFunctionRequest, RunFunctionResponse, Severity } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { runFunction } from '../../function/handler.js';
import { xr } from '../../../test/builders.js';
import { generatedDecode } from '../../../test/wire.js';
import { VIOLATIONS } from '../../../test/violations.js';
import { decodeRunFunctionRequest } from './decode.js';
import { encodeRunFunctionResponse } from './encode.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

const composed = (resource: Record<string, unknown>) => ({ resource, connectionDetails: {}, ready: 0 });

/** The request Crossplane would send with the violation's desired state (or, when the rule judges what is dropped, its observed state). */
function requestBytes(id: string): Uint8Array {
  const v = VIOLATIONS[id]!;
  const siblings = Object.fromEntries(Object.entries(v.siblings ?? {}).map(([name, r]) => [name, composed(r)]));
  const target = { target: composed(v.target) };
  const xrOf = v.composite ?? xr();
  return RunFunctionRequest.encode(
    RunFunctionRequest.fromPartial({
      meta: { tag: id },
      observed: { composite: composed(xrOf), resources: v.dropped === true ? { ...siblings, ...target } : {} },
      desired: { composite: composed(xrOf), resources: v.dropped === true ? siblings : { ...siblings, ...target } },
      input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', ...v.input },
    }),
  ).finish();
}

describe('the handler on decoded objects', () => {
  it.each(Object.keys(VIOLATIONS).map((id) => ({ id })))('$id: the same response as on the generated decoder\'s objects', ({ id }) => {
    const bytes = requestBytes(id);
    const ours = runFunction(decodeRunFunctionRequest(bytes), { now: () => NOW });
    const generated = runFunction(generatedDecode(bytes), { now: () => NOW });
    expect(ours).toEqual(generated);
    // not a vacuous comparison: the fixture's rule acted (a condition other than Compliant) or warned
    expect(ours.conditions[0]?.reason !== 'Compliant' || ours.results.some((r) => r.severity === Severity.SEVERITY_WARNING)).toBe(true);
    expect(Buffer.from(encodeRunFunctionResponse(ours)).equals(Buffer.from(RunFunctionResponse.encode(generated).finish()))).toBe(true);
  });
});
