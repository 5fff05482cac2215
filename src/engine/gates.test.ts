/**
 * Holding for approval: which resources RequireApproval gates, the digest a
 * person approves, and what is emitted meanwhile. A new resource is held
 * back (not created); an existing one is never dropped.
 */
import { describe, expect, it } from 'vitest';
import { bucket, engineRequest, input, rdsInstance, xr } from '../../test/builders.js';
import { approvalDigest } from '../approval/digest.js';
import { customRules } from '../custom/rules.js';
import { parseInput } from '../load/parse.js';
import { CATALOG } from '../rules/catalog.js';
import { evaluate } from './engine.js';
import type { Grant, KubeObject } from './types.js';

const parsed = parseInput(
  {
    ...input(),
    rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } },
    custom: [{ id: 'bucket-review', match: { kind: 'Bucket' }, expression: 'false', message: 'every bucket needs review', action: 'RequireApproval' }],
  },
  CATALOG,
);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const limits = parsed.input;
const RULES = [...CATALOG, ...customRules(parsed.custom)];
const composite = xr({ name: 'orders', namespace: 'team-a' });
const big = () => rdsInstance({ instanceClass: 'db.r6g.4xlarge' });
const small = () => rdsInstance({ instanceClass: 'db.t4g.large' });

function run(desired: Record<string, KubeObject>, opts: { observed?: Record<string, KubeObject>; approvals?: Map<string, Grant> | null; mode?: 'Audit' } = {}) {
  const approvals = opts.approvals === null ? undefined : (opts.approvals ?? new Map<string, Grant>());
  const req = engineRequest(desired, {
    input: opts.mode === 'Audit' ? { ...limits, mode: 'Audit' } : limits,
    composite,
    observed: opts.observed ?? {},
    ...(approvals !== undefined ? { approvals } : {}),
  });
  return evaluate(req, RULES);
}

/**
 * The digest of `name` as the engine computes it: the XR, the resource (an RDS Instance with no
 * metadata of its own; the function's mutated-by annotation does not count), its rules, its spec
 * after injections.
 */
function digestOf(desired: Record<string, KubeObject>, name: string, rules: string[]): string {
  const d = run(desired, { approvals: null });
  const spec = (d.desired[name] as { spec: unknown }).spec;
  return approvalDigest({
    composite: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', namespace: 'team-a', name: 'orders' },
    resource: name,
    rules,
    object: { group: 'rds.aws.upbound.io', kind: 'Instance', name: '', namespace: '', generateName: '', externalName: '', labels: {}, annotations: {} },
    spec,
  });
}

describe('gates', () => {
  it('holds a new gated resource back and lets the rest through', () => {
    const d = run({ db: big(), other: small() });
    expect(d.gates).toEqual([{ resource: 'db', digest: digestOf({ db: big() }, 'db', ['aws-rds-instance-class']), rules: ['aws-rds-instance-class'], status: 'Held', companions: [] }]);
    expect(Object.keys(d.desired)).toEqual(['other']);
  });

  it('binds the digest to the spec after injections', () => {
    const d = run({ db: big() }, { approvals: null });
    const spec = (d.desired.db as { spec: { forProvider: Record<string, unknown> } }).spec;
    expect(spec.forProvider.storageEncrypted).toBe(true); // injected before the digest
    expect(d.gates[0]?.digest).toBe(digestOf({ db: big() }, 'db', ['aws-rds-instance-class']));
  });

  it('holds the companions of a held resource that do not exist yet', () => {
    const d = run({ assets: bucket() });
    expect(d.gates).toHaveLength(1);
    expect(d.gates[0]).toMatchObject({ resource: 'assets', status: 'Held', companions: d.companions.map((c) => c.name) });
    expect(d.desired).toEqual({});
  });

  it('keeps an existing companion of a held resource: dropping it would delete it', () => {
    const first = run({ assets: bucket() }, { approvals: null });
    const [companion] = first.companions;
    const d = run({ assets: bucket() }, { observed: { [companion!.name]: companion!.resource } });
    expect(d.gates[0]?.companions).not.toContain(companion!.name);
    expect(Object.keys(d.desired)).toEqual([companion!.name]);
  });

  it('releases a resource whose digest is approved, naming who approved', () => {
    const grant = { by: 'alice: Q4 load test, ticket OPS-7', source: 'crossplane-system/approvals' };
    const digest = digestOf({ db: big() }, 'db', ['aws-rds-instance-class']);
    const d = run({ db: big() }, { approvals: new Map([[digest, grant]]) });
    expect(d.gates).toEqual([{ resource: 'db', digest, rules: ['aws-rds-instance-class'], status: 'Released', grant, companions: [] }]);
    expect(Object.keys(d.desired)).toEqual(['db']);
  });

  it('needs a new approval when the request changes', () => {
    const approved = digestOf({ db: big() }, 'db', ['aws-rds-instance-class']);
    const changed = rdsInstance({ instanceClass: 'db.r6g.8xlarge' });
    const d = run({ db: changed }, { approvals: new Map([[approved, { by: 'alice: yes', source: 'crossplane-system/a' }]]) });
    expect(d.gates[0]).toMatchObject({ status: 'Held' });
    expect(d.gates[0]?.digest).not.toBe(approved);
  });

  it('freezes a gated change to an existing resource: it stays in desired state, unapproved', () => {
    const observed = { db: small() };
    const desired = { db: big() };
    const d = run(desired, { observed });
    expect(d.gates[0]).toMatchObject({ resource: 'db', status: 'Frozen' });
    expect(Object.keys(d.desired)).toEqual(['db']);
  });

  it('marks gates unavailable when approvals cannot be read', () => {
    const d = run({ db: big() }, { approvals: null });
    expect(d.gates[0]).toMatchObject({ status: 'Unavailable' });
    expect(Object.keys(d.desired)).toEqual(['db']);
  });

  it('in Audit mode computes the gate and holds nothing back', () => {
    const desired = { db: big() };
    const d = run(desired, { mode: 'Audit' });
    expect(d.gates[0]).toMatchObject({ status: 'Held' });
    expect(d.desired.db).toBe(desired.db);
  });

  it('does not gate what an exception waives', () => {
    const waived = input({
      rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } },
      exceptions: [{ rules: ['aws-rds-instance-class'], expires: '2999-01-01', justification: 'capacity test, ticket OPS-9' }],
    });
    const d = evaluate(engineRequest({ db: big() }, { input: waived, composite, approvals: new Map(), now: Date.UTC(2027, 0, 1) }), CATALOG);
    expect(d.gates).toEqual([]);
  });

  it('is deterministic: the same request, the same digests', () => {
    expect(run({ db: big(), assets: bucket() }).gates).toEqual(run({ db: big(), assets: bucket() }).gates);
  });

  it("gates a companion's finding on its owner: one approval covers the bucket and what guardrails adds for it", () => {
    const regional = parseInput({ ...input(), rules: { 'aws-region': { allowed: ['eu-*'] } } }, CATALOG);
    if (!regional.ok) throw new Error(regional.problems.join('\n'));
    const us = () => bucket({ forProvider: { region: 'us-east-1' } });
    const evaluateWith = (approvals: Map<string, Grant>) => evaluate(engineRequest({ assets: us() }, { input: regional.input, composite, approvals }), CATALOG);
    const held = evaluateWith(new Map());
    expect(held.gates).toEqual([
      { resource: 'assets', digest: expect.stringMatching(/^sha256-/), rules: ['aws-region'], status: 'Held', companions: held.companions.map((c) => c.name) },
    ]);
    expect(held.findings.filter((f) => f.rule === 'aws-region').map((f) => f.resource)).toEqual(['assets', ...held.companions.map((c) => c.name)]);
    expect(held.desired).toEqual({});
    const released = evaluateWith(new Map([[held.gates[0]!.digest, { by: 'alice: US customer data, ticket LEGAL-4', source: 'crossplane-system/a' }]]));
    expect(released.gates.map((g) => g.status)).toEqual(['Released']);
    expect(Object.keys(released.desired).sort()).toEqual(['assets', ...released.companions.map((c) => c.name)].sort());
  });
});
