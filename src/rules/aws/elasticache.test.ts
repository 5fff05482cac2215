import { describe, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { booleanGuard, actions, awsResource, finding, missed, unreadable, guardCases, injected, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import { ELASTICACHE_RULES, elasticacheAtRestEncryption, elasticacheTransitEncryption } from './elasticache.js';

/** Every served shape of elasticache ReplicationGroup (the fields are top-level, so shapes differ only in group and version). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const group = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('elasticache', 'ReplicationGroup', s, { description: 'orders cache', engine: 'redis', nodeType: 'cache.t4g.small', ...forProvider });

const AT_REST = 'spec.forProvider.atRestEncryptionEnabled';
const AT_REST_INIT = 'spec.initProvider.atRestEncryptionEnabled';
const AT_REST_ADVICE = 'set it to "true" (or remove it) so cached data and backups are encrypted at rest';

const atRestCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${elasticacheAtRestEncryption.id} on ${s.label}`;
  return [
    {
      name: `${at}: the string "true" passes`,
      reason: 'the CRD types the field as a string; "true" is encrypted',
      resource: group(s, { atRestEncryptionEnabled: 'true' }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: "true" in initProvider passes`,
      reason: 'initProvider is explicit',
      resource: withInit(group(s), { atRestEncryptionEnabled: 'true' }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: missing, the string "true" injected`,
      reason: 'the injected value has the CRD’s type, a string, so the API server accepts it',
      resource: group(s),
      rules: [elasticacheAtRestEncryption],
      want: {
        desired: injected(group(s), { atRestEncryptionEnabled: 'true' }, elasticacheAtRestEncryption.id),
        mutations: [mutation(elasticacheAtRestEncryption, AT_REST, 'true')],
        findings: [],
      },
    },
    {
      name: `${at}: "false" refused`,
      reason: 'explicitly unencrypted',
      resource: group(s, { atRestEncryptionEnabled: 'false' }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST, `${AT_REST} is "false"; ${AT_REST_ADVICE}`)] },
    },
    {
      name: `${at}: "false" in initProvider refused`,
      reason: 'the group would be created unencrypted, and at-rest encryption cannot be turned on later',
      resource: withInit(group(s), { atRestEncryptionEnabled: 'false' }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST_INIT, `${AT_REST_INIT} is "false"; ${AT_REST_ADVICE}`)] },
    },
    ...['TRUE', '', 'yes'].map((value): Case => ({
      name: `${at}: the string ${JSON.stringify(value)} refused`,
      reason: 'only "true" is known to encrypt; anything else is refused with what to write',
      resource: group(s, { atRestEncryptionEnabled: value }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST, `${AT_REST} is ${JSON.stringify(value)}; ${AT_REST_ADVICE}`)] },
    })),
    {
      name: `${at}: boolean true refused as malformed, with the fix`,
      reason: 'upstream examples write a boolean, which the API server rejects against the string schema: say exactly what to write',
      resource: group(s, { atRestEncryptionEnabled: true }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST, `${AT_REST} is boolean true, but the field is a string: write "true" (quoted)`)] },
    },
    {
      name: `${at}: boolean false refused, saying both problems`,
      reason: 'the type is wrong and the value is unsafe',
      resource: withInit(group(s), { atRestEncryptionEnabled: false }),
      rules: [elasticacheAtRestEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST_INIT, `${AT_REST_INIT} is boolean false, but the field is a string: write "true" (quoted); "false" is refused too`)],
      },
    },
    {
      name: `${at}: a number refused as malformed`,
      reason: 'a value of another type is never taken for on',
      resource: group(s, { atRestEncryptionEnabled: 1 }),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Deny', AT_REST, `${AT_REST} must be the string "true", got number 1`)] },
    },
    {
      name: `${at}: unreadable spec refused`,
      reason: 'nothing is called absent in a spec that cannot be read',
      resource: { ...group(s), spec: 42 },
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [unreadable('Deny', 'spec', 'spec is number 42, not an object; the resource cannot be checked')] },
    },
    {
      name: `${at}: observe-only, nothing`,
      reason: 'Crossplane writes nothing to it',
      resource: withPolicies(group(s, { atRestEncryptionEnabled: 'false' }), ['Observe']),
      rules: [elasticacheAtRestEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: Warn, missing`,
      reason: 'under Warn the absence is reported',
      resource: group(s),
      rules: [elasticacheAtRestEncryption],
      input: actions({ [elasticacheAtRestEncryption.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [missed(elasticacheAtRestEncryption, 'Warn', AT_REST, 'encryption at rest was not set', 'true')] },
    },
    {
      name: `${at}: Warn, "false"`,
      reason: 'under Warn an unsafe value is reported as Warn',
      resource: group(s, { atRestEncryptionEnabled: 'false' }),
      rules: [elasticacheAtRestEncryption],
      input: actions({ [elasticacheAtRestEncryption.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAtRestEncryption, 'Warn', AT_REST, `${AT_REST} is "false"; ${AT_REST_ADVICE}`)] },
    },
    {
      name: `${at}: Audit, missing`,
      reason: 'Audit lists the injection and changes nothing',
      resource: group(s),
      rules: [elasticacheAtRestEncryption],
      input: input({ mode: 'Audit' }),
      want: { desired: SAME, mutations: [mutation(elasticacheAtRestEncryption, AT_REST, 'true')], findings: [] },
    },
  ];
});

const transitCases = guardCases({
  rule: elasticacheTransitEncryption,
  field: ['transitEncryptionEnabled'],
  shapes: SHAPES,
  build: group,
  ...booleanGuard(true),
  missing: 'encryption in transit was not set',
  advice: 'set it to true (or remove it) so clients and replicas connect over TLS',
});

const allRules: Case[] = SHAPES.map((s) => ({
  name: `both ElastiCache rules on a bare group, ${s.label}`,
  reason: 'a string and a boolean, each in its CRD type, in one pass',
  resource: group(s),
  rules: ELASTICACHE_RULES,
  want: {
    desired: injected(group(s), { atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true }, 'aws-elasticache-at-rest-encryption,aws-elasticache-transit-encryption'),
    mutations: [mutation(elasticacheAtRestEncryption, AT_REST, 'true'), mutation(elasticacheTransitEncryption, 'spec.forProvider.transitEncryptionEnabled', true)],
    findings: [],
  },
}));

describe('ElastiCache encryption', () => {
  it.each([...atRestCases, ...transitCases, ...allRules])('$name', (c) => runCase(c));
});
