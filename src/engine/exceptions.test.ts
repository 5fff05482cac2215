import { describe, expect, it } from 'vitest';
import { bucket, engineRequest, input, managed, rdsInstance, xr } from '../../test/builders.js';
import { CATALOG } from '../rules/catalog.js';
import { evaluate } from './engine.js';
import { compositeIdentity } from './exceptions.js';
import type { KubeObject } from './types.js';

describe('compositeIdentity', () => {
  const cases = [
    { name: 'a namespaced XR (Crossplane v2)', composite: xr({ name: 'bastion-1', namespace: 'ops' }), want: { name: 'bastion-1', namespace: 'ops' } },
    {
      name: "a claim's XR: the claim's namespace",
      composite: xr({ name: 'bastion-x7k2p', labels: { 'crossplane.io/claim-namespace': 'ops' } }),
      want: { name: 'bastion-x7k2p', namespace: 'ops' },
    },
    { name: 'a cluster-scoped XR without a claim', composite: xr({ name: 'bastion-1' }), want: { name: 'bastion-1', namespace: '' } },
    { name: 'no XR', composite: {}, want: { name: '', namespace: '' } },
  ];
  it.each(cases)('$name', ({ composite, want }) => {
    expect(compositeIdentity(composite)).toEqual(want);
  });
});

describe('exceptions in the engine', () => {
  const NOW = Date.UTC(2027, 0, 15);
  const bastion = xr({ name: 'bastion-1', namespace: 'ops' });
  /** An EC2 instance that asks for a public IP: aws-ec2-public-ip holds it for approval. */
  const publicInstance = (): KubeObject => managed('ec2.aws.upbound.io/v1beta2', 'Instance', { instanceType: 't3.micro', subnetId: 'subnet-1', associatePublicIpAddress: true });
  const exception = (e: Record<string, unknown> = {}) => ({
    rules: ['aws-ec2-public-ip'],
    match: { composite: 'bastion-*', namespace: 'ops' },
    expires: '2027-03-31',
    justification: 'break-glass bastion, ticket SEC-142',
    ...e,
  });
  /** Evaluates at NOW unless told otherwise; `now: null` gives no clock. */
  const run = (opts: { exceptions: unknown[]; composite?: KubeObject; now?: number | null; desired?: Record<string, KubeObject> }) => {
    const now = opts.now === undefined ? NOW : opts.now;
    return evaluate(
      engineRequest(opts.desired ?? { host: publicInstance() }, {
        input: input({ exceptions: opts.exceptions }),
        composite: opts.composite ?? bastion,
        ...(now !== null ? { now } : {}),
      }),
      CATALOG,
    );
  };
  const publicIp = (d: ReturnType<typeof run>) => d.findings.filter((f) => f.rule === 'aws-ec2-public-ip');

  const cases = [
    {
      name: 'an active exception turns the rule into a warning, marked with the exception',
      reason: 'the issue: a break-glass bastion may have a public IP until the exception expires',
      exceptions: [exception()],
      want: { action: 'Warn', waivedBy: 0, expired: false, covered: ['host'] },
    },
    {
      name: 'an exception on its last day still applies',
      reason: 'a date covers the whole day, UTC',
      exceptions: [exception()],
      now: Date.UTC(2027, 2, 31, 23, 59, 59),
      want: { action: 'Warn', waivedBy: 0, expired: false, covered: ['host'] },
    },
    {
      name: 'an expired exception is ignored and reported expired',
      reason: 'the rule applies again the day after',
      exceptions: [exception()],
      now: Date.UTC(2027, 3, 1),
      want: { action: 'RequireApproval', waivedBy: undefined, expired: true, covered: [] },
    },
    {
      name: 'without a clock no exception applies',
      reason: 'the engine is pure and fails closed when the caller gives no time',
      exceptions: [exception()],
      now: null,
      want: { action: 'RequireApproval', waivedBy: undefined, expired: true, covered: [] },
    },
    {
      name: 'an exception never covers a rule it does not name',
      reason: 'the issue: it names aws-ec2-imdsv2, not aws-ec2-public-ip',
      exceptions: [exception({ rules: ['aws-ec2-imdsv2'] })],
      want: { action: 'RequireApproval', waivedBy: undefined, expired: false, covered: ['host'] },
    },
    {
      name: 'another XR name is not covered',
      reason: 'bastion-* does not match web-1; the exception is not listed either',
      exceptions: [exception()],
      composite: xr({ name: 'web-1', namespace: 'ops' }),
      want: { action: 'RequireApproval', waivedBy: undefined, expired: undefined, covered: undefined },
    },
    {
      name: 'another namespace is not covered',
      reason: 'the same name in a team namespace must not inherit the ops exception',
      exceptions: [exception()],
      composite: xr({ name: 'bastion-1', namespace: 'team-a' }),
      want: { action: 'RequireApproval', waivedBy: undefined, expired: undefined, covered: undefined },
    },
    {
      name: 'a resource match narrows it to some composed resources',
      reason: 'match.resource names the composition resource',
      exceptions: [exception({ match: { composite: 'bastion-*', resource: 'jump-*' } })],
      want: { action: 'RequireApproval', waivedBy: undefined, expired: false, covered: [] },
    },
    {
      name: 'the first matching exception is the one that waives',
      reason: 'exceptions are read in Input order, so the report names one',
      exceptions: [exception({ match: { composite: 'nothing-*' } }), exception({ match: { kind: 'Instance' } }), exception()],
      want: { action: 'Warn', waivedBy: 1, expired: false, covered: ['host'] },
    },
  ];
  it.each(cases)('$name', ({ exceptions, composite, now, want }) => {
    const d = run({ exceptions, ...(composite ? { composite } : {}), ...(now !== undefined ? { now } : {}) });
    const [finding] = publicIp(d);
    expect(finding?.action).toBe(want.action);
    expect(finding?.waivedBy).toBe(want.waivedBy);
    const report = d.exceptions.find((e) => e.index === (want.waivedBy ?? exceptions.length - 1));
    expect(report?.expired).toBe(want.expired);
    expect(report?.covered).toEqual(want.covered);
  });

  it('an exception on a Mutate rule injects nothing and refuses nothing: it warns', () => {
    const db = rdsInstance({ storageEncrypted: false });
    const d = run({ exceptions: [exception({ rules: ['aws-rds-storage-encrypted', 'aws-rds-deletion-protection'] })], desired: { db } });
    expect(d.findings.filter((f) => f.rule === 'aws-rds-storage-encrypted' || f.rule === 'aws-rds-deletion-protection')).toEqual([
      { resource: 'db', rule: 'aws-rds-storage-encrypted', action: 'Warn', path: 'spec.forProvider.storageEncrypted', message: expect.stringContaining('false'), waivedBy: 0 },
      { resource: 'db', rule: 'aws-rds-deletion-protection', action: 'Warn', path: 'spec.forProvider.deletionProtection', message: expect.any(String), waivedBy: 0, fix: { path: 'spec.forProvider.deletionProtection', value: true } },
    ]);
    expect(d.mutations.filter((m) => m.rule === 'aws-rds-deletion-protection')).toEqual([]);
    expect(d.exceptions).toEqual([
      { index: 0, rules: ['aws-rds-storage-encrypted', 'aws-rds-deletion-protection'], expires: '2027-03-31', justification: 'break-glass bastion, ticket SEC-142', expired: false, covered: ['db'] },
    ]);
  });

  it('an exception on a resource covers the companions guardrails adds for it', () => {
    const regional = input({
      rules: { 'aws-region': { allowed: ['eu-*'] } },
      exceptions: [exception({ rules: ['aws-region'], match: { composite: 'bastion-*', resource: 'mirror' } })],
    });
    const d = evaluate(engineRequest({ mirror: bucket({ forProvider: { region: 'us-east-1' } }) }, { input: regional, composite: bastion, now: NOW, approvals: new Map() }), CATALOG);
    const region = d.findings.filter((f) => f.rule === 'aws-region');
    expect(region.map((f) => [f.resource, f.action, f.waivedBy])).toEqual([
      ['mirror', 'Warn', 0],
      ...d.companions.map((c) => [c.name, 'Warn', 0]),
    ]);
    expect(d.gates).toEqual([]);
    expect(d.exceptions[0]?.covered).toEqual(['mirror', ...d.companions.map((c) => c.name)].sort());
  });
});
