/**
 * Builders and table generators for the GCP rules. The one-field guard
 * cases come from aws-data.ts (`guardCases`, generic over the kind
 * builder); `defaultCases` is their counterpart for a row whose absent
 * field is the provider's safe default (nothing injected, nothing reported).
 */
import type { Action, KubeObject } from '../../src/engine/types.js';
import { input, resource, type Group } from '../builders.js';
import { actions, explicitCases, finding, nested, paramPath, SAME, served, withPolicies, type Case, type Guard, type Served } from './aws-data.js';

export { served, type Served };

/** `storage.gcp.upbound.io` or `storage.gcp.m.upbound.io`. */
export const gcpGroup = (service: string, group: Group) => `${service}.gcp.${group === 'namespaced' ? 'm.' : ''}upbound.io`;

/** A managed resource of `service`/`kind` in the group and version of `s`, with only the forProvider fields given. */
export function gcpResource(service: string, kind: string, s: Served, forProvider: Record<string, unknown> = {}): KubeObject {
  return resource(`${gcpGroup(service, s.group)}/${s.version}`, kind, forProvider);
}

/** The served shapes of a kind: cluster-scoped versions and namespaced versions. */
export const shapes = (cluster: readonly string[], namespaced: readonly string[]): Served[] => [...cluster.map((v) => served('cluster', v)), ...namespaced.map((v) => served('namespaced', v))];

/** A row whose absent field passes (the provider's default is safe): explicit values only are judged, so nothing is missing. */
export type DefaultGuard = Omit<Guard, 'missing'>;

/** Every situation a row with a safe provider default must handle, on every shape it serves. */
export function defaultCases(g: DefaultGuard): Case[] {
  const id = g.rule.id;
  const as: Action = g.rule.defaultAction === 'Mutate' ? 'Deny' : g.rule.defaultAction;
  const out: Case[] = [];
  for (const s of g.shapes) {
    const at = `${id} on ${s.label}`;
    const fp = paramPath(s, 'forProvider', g.field);
    const value = (v: unknown) => nested(s, g.field, v);
    const unsafe = (path: string) => `${path} is ${g.unsafeText}; ${g.advice}`;
    out.push(
      ...explicitCases(g, s, as),
      { name: `${at}: absent, the provider's default`, reason: 'the default is safe: nothing is injected and nothing reported', resource: g.build(s), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: null, the provider's default`, reason: 'null is unset', resource: g.build(s, value(null)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: safe`, reason: 'an explicit safe value passes', resource: g.build(s, value(g.safe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: observe-only, unsafe`, reason: 'someone else\'s resource: not judged', resource: withPolicies(g.build(s, value(g.unsafe)), ['Observe']), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: action Disabled, unsafe`, reason: 'a disabled rule judges nothing', resource: g.build(s, value(g.unsafe)), rules: [g.rule], input: actions({ [id]: 'Disabled' }), want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: Audit mode, unsafe`,
        reason: 'Audit reports what Enforce would do',
        resource: g.build(s, value(g.unsafe)),
        rules: [g.rule],
        input: input({ mode: 'Audit' }),
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, fp, unsafe(fp))] },
      },
    );
  }
  return out;
}
