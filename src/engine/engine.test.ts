/**
 * The engine's invariants, over the whole catalog: pass-through, never
 * dropping a resource, injecting only what is absent, determinism,
 * idempotence, failing closed, and Audit changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { inheritsNothing } from '../lang/record.js';
import { bucket, carried, engineRequest, ingressRule, input, rdsCluster, rdsInstance, sgRule, xr } from '../../test/builders.js';
import { customRules } from '../custom/rules.js';
import { parseInput } from '../load/parse.js';
import { CATALOG } from '../rules/catalog.js';
import { ANNOTATION_MUTATED_BY, evaluate, UNREADABLE_RULE } from './engine.js';
import { defineRule } from './rule.js';
import type { KubeObject } from './types.js';

const tags = input({
  tags: { values: { 'managed-by': 'crossplane' }, fromComposite: { team: 'metadata.labels.team' } },
});

/**
 * A namespaced resource with the namespaced ProviderConfig `team` of its
 * namespace, as a tenant's resources have: without one it would use the
 * ClusterProviderConfig `default` and be held (crossplane-cluster-provider-config).
 */
function tenant(resource: KubeObject): KubeObject {
  return { ...resource, spec: { ...(resource.spec as KubeObject), providerConfigRef: { kind: 'ProviderConfig', name: 'team' } } };
}

/** A mixed desired state: every rule has something to do, and some resources are none of its business. */
function mixed(): Record<string, KubeObject> {
  return {
    'orders-db': rdsInstance(),
    'orders-cluster': tenant(rdsCluster({ storageEncrypted: true }, { group: 'namespaced' })),
    assets: bucket({ version: 'v1beta1' }),
    logs: tenant(bucket({ group: 'namespaced' })),
    https: ingressRule({ fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' }),
    configmap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
    object: {
      apiVersion: 'kubernetes.crossplane.io/v1alpha2',
      kind: 'Object',
      spec: { forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'orders' }, data: { a: 'b' } } } },
    },
    'no-kind': { apiVersion: 'example.org/v1', spec: { x: 1 } },
    empty: {},
  };
}

const composite = xr({ labels: { team: 'payments' } });

describe('engine invariants', () => {
  it('passes through resources it has no opinion on, as the very same objects', () => {
    const desired = mixed();
    const d = evaluate(engineRequest(desired, { input: tags, composite }), CATALOG);
    for (const name of ['configmap', 'object', 'no-kind', 'empty']) {
      expect(d.desired[name], name).toBe(desired[name]);
    }
  });

  it('never drops a desired resource, in either mode, whatever the rule actions', () => {
    const variants = [
      tags,
      input({ mode: 'Audit' }),
      input({ rules: Object.fromEntries(CATALOG.map((r) => [r.id, { action: 'Disabled' }])) }),
      input({ rules: Object.fromEntries(CATALOG.map((r) => [r.id, { action: 'Deny' }])) }),
    ];
    for (const variant of variants) {
      const desired = mixed();
      const d = evaluate(engineRequest(desired, { input: variant, composite }), CATALOG);
      expect(Object.keys(d.desired)).toEqual(expect.arrayContaining(Object.keys(desired)));
    }
  });

  it('injects only what is absent and never rewrites an explicit value', () => {
    const db = rdsInstance({ storageEncrypted: false, tags: { 'managed-by': 'terraform' } });
    const d = evaluate(engineRequest({ db }, { input: tags, composite }), CATALOG);
    const out = d.desired.db as { spec: { forProvider: Record<string, unknown> } };
    expect(out.spec.forProvider.storageEncrypted).toBe(false);
    expect(out.spec.forProvider.tags).toEqual({ 'managed-by': 'terraform', team: 'payments' });
    expect(d.findings).toContainEqual({
      resource: 'db',
      rule: 'aws-rds-storage-encrypted',
      action: 'Deny',
      path: 'spec.forProvider.storageEncrypted',
      message: 'spec.forProvider.storageEncrypted is false; set it to true (or remove it) so the database is encrypted at rest',
    });
    expect(db.spec).toEqual(rdsInstance({ storageEncrypted: false, tags: { 'managed-by': 'terraform' } }).spec); // input untouched
  });

  it('is deterministic: the same request, in any map order, gives the same decision', () => {
    const a = evaluate(engineRequest(mixed(), { input: tags, composite }), CATALOG);
    const reversed = Object.fromEntries(Object.entries(mixed()).reverse());
    const b = evaluate(engineRequest(reversed, { input: tags, composite }), CATALOG);
    expect(b).toEqual(a);
    expect(b.findings).toStrictEqual(a.findings);
    expect(b.mutations).toStrictEqual(a.mutations);
  });

  it('is idempotent: run on its own output, it changes nothing', () => {
    const first = evaluate(engineRequest(mixed(), { input: tags, composite }), CATALOG);
    expect(first.mutations.length).toBeGreaterThan(0);
    expect(first.companions.map((c) => c.name)).toEqual([
      'assets-encryption',
      'assets-public-access-block',
      'assets-versioning',
      'logs-encryption',
      'logs-public-access-block',
      'logs-versioning',
    ]);
    const again = evaluate(engineRequest(structuredClone(first.desired), { input: tags, composite, observed: structuredClone(first.desired) }), CATALOG);
    expect(again.desired).toEqual(first.desired);
    expect(again.mutations).toEqual([]);
    expect(again.companions).toEqual([]);
    expect(again.findings).toEqual(first.findings);
  });

  it('marks what it changed with the rules that changed it', () => {
    const d = evaluate(engineRequest({ db: rdsInstance() }, { input: tags, composite }), CATALOG);
    expect(d.desired.db).toEqual({
      ...rdsInstance({
        storageEncrypted: true,
        publiclyAccessible: false,
        backupRetentionPeriod: 7,
        iamDatabaseAuthenticationEnabled: true,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: ['postgresql'],
        tags: { 'managed-by': 'crossplane', team: 'payments' },
      }),
      metadata: {
        annotations: { [ANNOTATION_MUTATED_BY]: 'aws-db-copy-tags-to-snapshot,aws-db-log-exports,aws-rds-backup-retention,aws-rds-iam-auth,aws-rds-public-access,aws-rds-storage-encrypted,tags-inject' },
      },
    });
  });

  it('records what an injection asks of the author with the change, and in the finding where it is not injected', () => {
    const promise = defineRule({
      id: 'test-promise',
      title: 'Promise',
      severity: 'low',
      defaultAction: 'Mutate',
      description: 'Injects a field whose value the author must honour.',
      kinds: [{ cloud: 'aws', service: 'rds', kind: 'Instance' }],
      check(ctx) {
        ctx.missing(['spec', 'forProvider', 'x'], true, 'x was not set; the image must honour it', { note: 'the image must honour it' });
      },
    });
    const mutated = evaluate(engineRequest({ db: rdsInstance() }), [promise]);
    expect(mutated.mutations).toEqual([{ resource: 'db', rule: 'test-promise', path: 'spec.forProvider.x', value: true, note: 'the image must honour it' }]);
    const denied = evaluate(engineRequest({ db: rdsInstance() }, { input: input({ rules: { 'test-promise': { action: 'Deny' } } }) }), [promise]);
    expect(denied.findings).toEqual([
      { resource: 'db', rule: 'test-promise', action: 'Deny', path: 'spec.forProvider.x', message: 'x was not set; the image must honour it', fix: { path: 'spec.forProvider.x', value: true } },
    ]);
  });

  it('fails closed: a rule that throws becomes an error naming the rule and resource', () => {
    const broken = defineRule({
      id: 'test-broken',
      title: 'Broken',
      severity: 'low',
      defaultAction: 'Mutate',
      description: 'Throws.',
      kinds: [{ cloud: 'aws', service: 'rds', kind: 'Instance' }],
      check() {
        throw new Error('boom');
      },
    });
    const d = evaluate(engineRequest({ db: rdsInstance() }), [broken, ...CATALOG]);
    expect(d.errors).toEqual([{ resource: 'db', rule: 'test-broken', message: 'boom' }]);
  });

  it('in Audit mode reports what Enforce would do and emits the input unchanged', () => {
    const desired = mixed();
    const enforce = evaluate(engineRequest(mixed(), { input: tags, composite }), CATALOG);
    const audit = evaluate(engineRequest(desired, { input: { ...tags, mode: 'Audit' }, composite }), CATALOG);
    expect(audit.desired).toEqual(desired);
    for (const name of Object.keys(desired)) expect(audit.desired[name]).toBe(desired[name]);
    expect(audit.mutations).toEqual(enforce.mutations);
    expect(audit.findings).toEqual(enforce.findings);
    expect(audit.companions.map((c) => c.name)).toEqual(enforce.companions.map((c) => c.name));
  });

  it('keeps an existing companion in desired state when its rule is disabled or in Audit mode', () => {
    const first = evaluate(engineRequest({ assets: bucket() }), CATALOG);
    const observed = structuredClone(first.desired);
    for (const variant of [input({ mode: 'Audit' }), input({ rules: { 'aws-s3-encryption': { action: 'Disabled' } } })]) {
      const d = evaluate(engineRequest({ assets: bucket() }, { input: variant, observed }), CATALOG);
      expect(d.desired['assets-encryption'], variant.mode).toEqual(first.desired['assets-encryption']);
    }
  });

  // Found by the property tests (test/property/check-state.test.ts): the companions of an Object-carried bucket were
  // dropped, and so deleted by Crossplane, once an earlier step gave the Object no apiVersion or another kind.
  it.each([
    { name: 'the owner lost its apiVersion', edit: (o: KubeObject): KubeObject => ({ ...o, apiVersion: null }) },
    { name: 'the owner became another kind', edit: (o: KubeObject): KubeObject => ({ ...o, apiVersion: 'v1', kind: 'ConfigMap' }) },
  ])('keeps the companions it added earlier while their owner is desired: $name', ({ edit }) => {
    const first = evaluate(engineRequest({ assets: carried(bucket()) }), CATALOG);
    const observed = structuredClone(first.desired);
    const companions = Object.keys(observed).filter((n) => n !== 'assets');
    expect(companions).toEqual(['assets-encryption', 'assets-public-access-block', 'assets-versioning']);
    const d = evaluate(engineRequest({ assets: edit(carried(bucket())) }, { observed }), CATALOG);
    for (const name of companions) expect(d.desired[name], name).toEqual(observed[name]);
    // Gone with its owner: a companion whose owner is no longer desired is dropped (Crossplane deletes both).
    expect(Object.keys(evaluate(engineRequest({ other: bucket() }, { observed }), CATALOG).desired).filter((n) => n.startsWith('assets'))).toEqual([]);
  });

  // Found by the property tests (test/property/check-state.test.ts): a bucket whose metadata was not an object got
  // companions selecting it by a label it could not carry, so they protected nothing; run on its own output, they
  // then collided with themselves.
  it('an agent gives a bucket metadata that is not an object: its companions cannot select it, refused', () => {
    const d = evaluate(engineRequest({ assets: { ...bucket(), metadata: 0 } }), CATALOG);
    const refused = d.findings.filter((f) => f.resource === 'assets' && f.action === 'Deny').map((f) => [f.rule, f.message]);
    expect(refused).toEqual(
      ['aws-s3-encryption', 'aws-s3-public-access-block', 'aws-s3-versioning'].map((rule) => [
        rule,
        expect.stringMatching(/^cannot add Bucket\w+ "assets-[a-z-]+", which selects this resource by label: cannot inject metadata\.labels\[guardrails\.fn\.crossplane\.io\/bucket\]: metadata is not an object$/),
      ]),
    );
  });

  it('never throws, whatever shape the resources have', () => {
    const odd: Record<string, unknown>[] = [
      { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', spec: 'nope' },
      { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', spec: { forProvider: [] } },
      { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', metadata: 'x', spec: { forProvider: { tags: 'a' } } },
      { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { labels: 7 }, spec: { forProvider: null } },
      { apiVersion: 'ec2.aws.upbound.io/v1beta1', kind: 'SecurityGroupRule', spec: { forProvider: { type: 'ingress', cidrBlocks: 'x', fromPort: '22' } } },
      { apiVersion: 42, kind: null },
    ];
    for (const resource of odd) {
      expect(() => evaluate(engineRequest({ r: resource }, { input: tags }), CATALOG)).not.toThrow();
    }
  });

  it('refuses a resource whose spec it cannot read once, rather than passing it', () => {
    const d = evaluate(engineRequest({ db: { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', spec: 'nope' } }), CATALOG);
    expect(d.findings).toEqual([
      { resource: 'db', rule: UNREADABLE_RULE, action: 'Deny', path: 'spec', message: 'spec is the string "nope", not an object; the resource cannot be checked' },
    ]);
    expect(d.skipped).toEqual([{ resource: 'db', path: '', reason: 'unreadable' }]);
  });

  it('evaluates resources in name order, whatever order they arrive in', () => {
    const d = evaluate(engineRequest({ b: sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }), a: sgRule({ fromPort: 3389, toPort: 3389, cidrBlocks: ['::/0'] }) }), CATALOG);
    expect(d.findings.map((f) => f.resource)).toEqual(['a', 'b']);
  });

  describe('with custom rules, limits, exceptions and approvals', () => {
    const parsed = parseInput(
      {
        ...tags,
        rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] }, 'aws-region': { allowed: ['eu-*'] } },
        custom: [
          { id: 'team-label', expression: "has(composite.metadata.labels) && 'team' in composite.metadata.labels", message: 'label the XR with team' },
          { id: 'bucket-prefix', match: { kind: 'Bucket' }, expression: "name.startsWith('a') || name.startsWith('l')", message: 'm', action: 'Warn' },
        ],
        exceptions: [{ rules: ['aws-region'], match: { resource: 'logs' }, expires: '2999-01-01', justification: 'US log mirror, ticket OPS-1' }],
      },
      CATALOG,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const rules = () => [...CATALOG, ...customRules(parsed.custom)];
    const NOW = Date.UTC(2027, 0, 1);
    const desired = () => ({ ...mixed(), big: rdsInstance({ instanceClass: 'db.r6g.4xlarge' }), logs: bucket({ forProvider: { region: 'us-east-1' } }) });
    const run = (d: Record<string, KubeObject>, observed: Record<string, KubeObject> = {}) =>
      evaluate(engineRequest(d, { input: parsed.input, composite, observed, now: NOW, approvals: new Map() }), rules());

    it('is deterministic, in any map order', () => {
      const a = run(desired());
      const b = run(Object.fromEntries(Object.entries(desired()).reverse()));
      expect(b).toEqual(a);
      // orders-db's db.t3.micro is off the list, https faces the internet; the exception covers logs and the companions guardrails adds for it.
      expect(a.gates.map((g) => [g.resource, g.status])).toEqual([
        ['big', 'Held'],
        ['https', 'Held'],
        ['orders-db', 'Held'],
      ]);
      expect(a.exceptions.map((e) => e.covered)).toEqual([['logs', 'logs-encryption', 'logs-public-access-block', 'logs-versioning']]);
    });

    it('is idempotent: run on its own output, it changes nothing more', () => {
      const first = run(desired());
      const again = run(structuredClone(first.desired), structuredClone(first.desired));
      expect(again.desired).toEqual(first.desired);
      expect(again.mutations).toEqual([]);
      expect(again.companions).toEqual([]);
    });

    it('never drops a resource that exists, whatever it holds back', () => {
      const first = run(desired());
      const observed = { ...structuredClone(first.desired), big: rdsInstance({ instanceClass: 'db.t4g.large' }) };
      const d = run(desired(), observed);
      expect(Object.keys(d.desired)).toEqual(expect.arrayContaining(Object.keys(observed)));
      expect(d.gates.map((g) => [g.resource, g.status])).toEqual([
        ['big', 'Frozen'],
        ['https', 'Held'], // held back on the first run, so not observed: still new
        ['orders-db', 'Held'],
      ]);
    });
  });
});

describe('Objects are judged by what they carry', () => {
  const manifest = (obj: unknown) => ((obj as { spec: { forProvider: { manifest: Record<string, unknown> } } }).spec.forProvider.manifest);

  it.each(['cluster', 'namespaced'] as const)('a public RDS Instance in a %s Object is refused like one composed directly, at the path inside the Object', (group) => {
    const d = evaluate(engineRequest({ db: carried(rdsInstance({ publiclyAccessible: true }), group) }), CATALOG);
    expect(d.findings.filter((f) => f.action === 'Deny')).toEqual([
      {
        resource: 'db',
        rule: 'aws-rds-public-access',
        action: 'Deny',
        path: 'spec.forProvider.manifest.spec.forProvider.publiclyAccessible',
        message: 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC',
      },
    ]);
  });

  it('injects into the manifest, and marks the composed Object', () => {
    const d = evaluate(engineRequest({ db: carried(rdsInstance()) }), CATALOG);
    expect(d.findings.filter((f) => f.action !== 'Warn')).toEqual([]);
    const out = d.desired.db!;
    expect(manifest(out).spec).toMatchObject({ forProvider: { storageEncrypted: true, publiclyAccessible: false } });
    expect((out.metadata as { annotations: Record<string, string> }).annotations[ANNOTATION_MUTATED_BY]).toContain('aws-rds-storage-encrypted');
    expect(d.mutations.map((m) => m.path)).toContain('spec.forProvider.manifest.spec.forProvider.storageEncrypted');
  });

  it('an Object in an Object is judged at every level', () => {
    const d = evaluate(engineRequest({ db: carried(carried(rdsInstance({ storageEncrypted: false }))) }), CATALOG);
    expect(d.findings.filter((f) => f.action === 'Deny').map((f) => f.path)).toEqual(['spec.forProvider.manifest.spec.forProvider.manifest.spec.forProvider.storageEncrypted']);
  });

  it('a manifest that is not an object is refused, never passed', () => {
    const d = evaluate(engineRequest({ db: carried('kind: Instance' as unknown as Record<string, unknown>) }), CATALOG);
    expect(d.findings).toEqual([
      {
        resource: 'db',
        rule: UNREADABLE_RULE,
        action: 'Deny',
        path: 'spec.forProvider.manifest',
        message: 'spec.forProvider.manifest is the string "kind: Instance", not an object; what it would create cannot be checked',
      },
    ]);
  });

  it('an observe-only Object is not judged on what it carries, and the skip is recorded', () => {
    const obj = { ...carried(rdsInstance({ publiclyAccessible: true })), spec: { forProvider: { manifest: rdsInstance({ publiclyAccessible: true }) }, managementPolicies: ['Observe'] } };
    const d = evaluate(engineRequest({ db: obj }), CATALOG);
    expect(d.findings).toEqual([]);
    expect(d.skipped).toEqual([
      { resource: 'db', path: '', reason: 'observe-only' },
      { resource: 'db', path: 'spec.forProvider.manifest', reason: 'carried-by-observe-only' },
    ]);
  });
});

describe('observe-only targets', () => {
  it('an observe-only database is neither injected into nor refused, and the skip is recorded', () => {
    const db = { ...rdsInstance({ publiclyAccessible: true, storageEncrypted: false }), spec: { ...(rdsInstance({ publiclyAccessible: true }).spec as object), managementPolicies: ['Observe'] } };
    const d = evaluate(engineRequest({ db }), CATALOG);
    expect(d.findings).toEqual([]);
    expect(d.mutations).toEqual([]);
    expect(d.desired.db).toBe(db);
    expect(d.skipped).toEqual([{ resource: 'db', path: '', reason: 'observe-only' }]);
  });

  it('rules that read the object as a whole still judge it: adopting by external name with Observe and Delete', () => {
    const db = { ...rdsInstance(), metadata: { annotations: { 'crossplane.io/external-name': 'prod-db' } }, spec: { forProvider: { region: 'eu-west-1' }, managementPolicies: ['Observe', 'Delete'] } };
    const d = evaluate(engineRequest({ db }), CATALOG);
    expect(d.findings.map((f) => [f.rule, f.action])).toEqual([['crossplane-adoption', 'RequireApproval']]);
  });
});

describe('names that are JavaScript prototype keys', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a public database named %s is judged, emitted and never taken for an existing resource', (name) => {
    const desired = JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(rdsInstance({ publiclyAccessible: true }))}, "other": ${JSON.stringify(rdsInstance({ publiclyAccessible: false }))}}`) as Record<string, Record<string, unknown>>;
    expect(Object.keys(desired)).toEqual([name, 'other']);
    const d = evaluate(engineRequest(desired, { input: input({ rules: { 'aws-rds-public-access': { action: 'RequireApproval' } } }), approvals: new Map() }), CATALOG);
    expect(d.findings.filter((f) => f.rule === 'aws-rds-public-access').map((f) => f.resource)).toEqual([name]);
    // New (nothing observed under that name, whatever Object.prototype has): held back, not frozen.
    expect(d.gates.map((g) => [g.resource, g.status])).toEqual([[name, 'Held']]);
    expect(Object.keys(d.desired)).toEqual(['other']);
  });

  it('an existing resource named __proto__ is never dropped', () => {
    const db = rdsInstance({ storageEncrypted: true, publiclyAccessible: false });
    const desired = JSON.parse(`{"__proto__": ${JSON.stringify(db)}}`) as Record<string, Record<string, unknown>>;
    const d = evaluate(engineRequest(desired, { observed: JSON.parse(`{"__proto__": ${JSON.stringify(db)}}`) }), CATALOG);
    expect(Object.keys(d.desired)).toEqual(['__proto__']);
    // It inherits nothing: no name reads as present that the desired state does not hold.
    expect(inheritsNothing(d.desired)).toBe(true);
    expect('toString' in d.desired).toBe(false);
  });
});

describe('what the desired state drops', () => {
  /** A rule that reports every FlowLog the desired state drops, and only that. */
  const kept = defineRule({
    id: 'test-flow-log-kept',
    title: 'flow logs are kept',
    severity: 'high',
    defaultAction: 'Deny',
    description: 'reports a dropped FlowLog',
    kinds: [{ cloud: 'aws', service: 'ec2', kind: 'FlowLog' }],
    check() {},
    removed(ctx) {
      ctx.unsafe('', `the ${ctx.type.kind} was dropped`);
    },
  });
  const flowLog = (apiVersion = 'ec2.aws.upbound.io/v1beta1'): KubeObject => ({ apiVersion, kind: 'FlowLog', metadata: { name: 'vpc-logs' }, spec: { forProvider: { region: 'eu-west-1', trafficType: 'ALL' } } });
  const observeOnly = (r: KubeObject): KubeObject => ({ ...r, spec: { ...(r.spec as KubeObject), managementPolicies: ['Observe'] } });
  const dropped = { resource: 'logs', rule: kept.id, action: 'Deny', path: '', message: 'the FlowLog was dropped' };
  const cases: { name: string; reason: string; observed: Record<string, KubeObject>; desired: Record<string, KubeObject>; rules?: Record<string, unknown>; want: unknown[] }[] = [
    { name: 'a kept FlowLog: nothing', reason: 'the same kind stands under the same name', observed: { logs: flowLog() }, desired: { logs: flowLog() }, want: [] },
    { name: 'a FlowLog kept at another version: nothing', reason: 'a version is a view of the same resource', observed: { logs: flowLog() }, desired: { logs: flowLog('ec2.aws.upbound.io/v1beta2') }, want: [] },
    { name: 'a dropped FlowLog: reported', reason: 'the name is gone from the desired state', observed: { logs: flowLog() }, desired: {}, want: [dropped] },
    {
      name: 'a FlowLog replaced by another kind under its name: reported',
      reason: 'Crossplane deletes the FlowLog and creates the other kind',
      observed: { logs: flowLog() },
      desired: { logs: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vpc-logs' } } },
      want: [dropped],
    },
    {
      name: 'a cluster-scoped FlowLog replaced by a namespaced one: reported',
      reason: 'another scope is another resource: the cluster-scoped one is deleted',
      observed: { logs: flowLog() },
      desired: { logs: flowLog('ec2.aws.m.upbound.io/v1beta1') },
      want: [dropped],
    },
    {
      name: 'a FlowLog an Object carried, its manifest changed to another kind: reported inside the Object',
      reason: 'the Object stays, but what it carried is deleted',
      observed: { logs: carried(flowLog(), 'cluster') },
      desired: { logs: carried({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 'cluster') },
      want: [{ ...dropped, path: 'spec.forProvider.manifest' }],
    },
    { name: 'an observe-only FlowLog dropped: nothing', reason: 'dropping what Crossplane only observes deletes nothing', observed: { logs: observeOnly(flowLog()) }, desired: {}, want: [] },
    {
      name: 'a FlowLog an observe-only Object carried, dropped: nothing',
      reason: 'an observe-only Object deletes nothing it carries',
      observed: { logs: observeOnly(carried(flowLog(), 'cluster')) },
      desired: {},
      want: [],
    },
    { name: 'the rule disabled: nothing', reason: 'a disabled rule does not judge', observed: { logs: flowLog() }, desired: {}, rules: { [kept.id]: { action: 'Disabled' } }, want: [] },
    { name: 'the rule as a warning: a warning', reason: 'the finding takes the rule action', observed: { logs: flowLog() }, desired: {}, rules: { [kept.id]: { action: 'Warn' } }, want: [{ ...dropped, action: 'Warn' }] },
    { name: 'another kind dropped: nothing', reason: 'the rule judges only its kinds', observed: { logs: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }, desired: {}, want: [] },
  ];

  it.each(cases)('$name', ({ observed, desired, rules, want }) => {
    const d = evaluate(engineRequest(desired, { observed, input: input({ rules: rules ?? {} }) }), [kept]);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
    expect(Object.keys(d.desired)).toEqual(Object.keys(desired));
  });

  it('a dropped observe-only target is recorded as skipped, once', () => {
    const d = evaluate(engineRequest({}, { observed: { logs: observeOnly(flowLog()), carried: observeOnly(carried(flowLog(), 'cluster')) } }), [kept]);
    expect(d.skipped).toEqual([
      { resource: 'carried', path: 'spec.forProvider.manifest', reason: 'carried-by-observe-only' },
      { resource: 'logs', path: '', reason: 'observe-only' },
    ]);
  });

  it('a removal judgement that tries to inject fails closed, naming the rule', () => {
    const injects = defineRule({ ...kept, id: 'test-injects', kinds: [{ cloud: 'aws', service: 'ec2', kind: 'FlowLog' }], check() {}, removed: (ctx) => ctx.missing(['spec', 'x'], 1, 'x') });
    const d = evaluate(engineRequest({}, { observed: { logs: flowLog() } }), [injects]);
    expect(d.errors).toEqual([{ resource: 'logs', rule: 'test-injects', message: 'cannot inject into a resource the desired state drops' }]);
  });

  it('an exception waives it to a warning, and records what it covered', () => {
    const waived = input({ rules: {}, exceptions: [{ rules: [kept.id], match: { kind: 'FlowLog' }, expires: '2099-01-01T00:00:00Z', justification: 'VPC decommissioned' }] });
    const d = evaluate(engineRequest({}, { observed: { logs: flowLog() }, input: waived, now: Date.parse('2030-01-01T00:00:00Z') }), [kept]);
    expect(d.findings).toEqual([{ ...dropped, action: 'Warn', waivedBy: 0 }]);
    expect(d.exceptions.map((e) => e.covered)).toEqual([['logs']]);
  });
});
