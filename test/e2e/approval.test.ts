/**
 * Human approval end to end, with the test playing Crossplane's
 * requirements loop (./crossplane.ts) against a fake cluster holding the
 * approval ConfigMaps.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import { reconcile as play } from './crossplane.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const server = serveDuringSuite();

const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const INPUT = { ...HEAD, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } } };
const FULL = ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES', 'CAPABILITY_REQUIRED_SCHEMAS'];
const LABEL = 'guardrails.fn.crossplane.io/approvals';

const xr = (name = 'orders', namespace = 'team-a'): JsonObject => ({ apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name, namespace } });
const big = (instanceClass = 'db.r6g.4xlarge') => rdsInstance({ instanceClass, deletionProtection: true }) as JsonObject;
const cache = () => ({ apiVersion: 'elasticache.aws.upbound.io/v1beta1', kind: 'ReplicationGroup', spec: { forProvider: { region: 'eu-west-1', description: 'c', atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true, automaticFailoverEnabled: true, autoGenerateAuthToken: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/cache' } } });

function request(desired: Record<string, JsonObject>, opts: { composite?: JsonObject; observed?: Record<string, JsonObject>; capabilities?: string[] } = {}): JsonRequest {
  return {
    meta: { tag: 'approval', capabilities: opts.capabilities ?? FULL },
    observed: {
      composite: { resource: opts.composite ?? xr() },
      resources: Object.fromEntries(Object.entries(opts.observed ?? {}).map(([n, r]) => [n, { resource: r }])),
    },
    desired: { resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r }])) },
    input: INPUT,
  };
}

function approval(name: string, data: Record<string, string>, opts: { namespace?: string; labels?: Record<string, string> } = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: opts.namespace ?? 'crossplane-system', labels: opts.labels ?? { [LABEL]: 'true' } }, data };
}

const reconcile = (req: JsonRequest, cluster: readonly JsonObject[] = []) => play(server.rpc, req, cluster);

const condition = (rsp: JsonResponse) => rsp.conditions?.find((c) => c.type === 'GuardrailsCompliant');
const digestIn = (text = '') => /approves digest (sha256-[0-9a-f]{64})/.exec(text)?.[1];
const severities = (rsp: JsonResponse) => (rsp.results ?? []).map((r) => r.severity);

describe('human approval over gRPC', () => {
  it('holds a new gated resource with its digest, asks for approvals, and lets the rest through', async () => {
    const { rsp, calls } = await reconcile(request({ db: big(), cache: cache() }));
    expect(calls).toBe(2);
    expect(rsp.requirements?.resources).toEqual({
      'guardrails.fn.crossplane.io/approvals': {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'crossplane-system',
        matchLabels: { labels: { [LABEL]: 'true' } },
        // proto-loader names the oneof case set on the wire: match_labels, and the optional namespace.
        match: 'matchLabels',
        _namespace: 'namespace',
      },
    });
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['cache']);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'ApprovalRequired', target: 'TARGET_COMPOSITE_AND_CLAIM' });
    const digest = digestIn(condition(rsp)?.message);
    expect(digest).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(condition(rsp)?.message).toContain(
      `to approve: kubectl create configmap guardrails-approval-${digest!.slice(7, 23)} --namespace crossplane-system --from-literal=${digest}='<who>: <why>'`,
    );
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING']);
    // One line announces it, on the XR and the claim; the condition says what to approve and how.
    expect(rsp.results?.[0]).toMatchObject({
      reason: 'ApprovalRequired',
      target: 'TARGET_COMPOSITE_AND_CLAIM',
      message: 'function-guardrails is holding 1 new resource for human approval and changed 1 resource (6 fields); see the GuardrailsCompliant condition.',
    });
  });

  it('releases the resource once a person approves its digest, naming the approver', async () => {
    const held = await reconcile(request({ db: big() }));
    const digest = digestIn(condition(held.rsp)?.message)!;
    const cluster = [approval('guardrails-approval-1', { [digest]: 'alice@example.com: Q4 load test, ticket OPS-7' })];
    const { rsp } = await reconcile(request({ db: big() }), cluster);
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['db']);
    expect((rsp.desired?.resources?.db?.resource as { spec: { forProvider: JsonObject } }).spec.forProvider.instanceClass).toBe('db.r6g.4xlarge');
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated' });
    expect(condition(rsp)?.message?.split('\n')[0]).toBe(
      `[approval] db: released: digest ${digest} (rules aws-rds-instance-class) approved by "alice@example.com: Q4 load test, ticket OPS-7" (crossplane-system/guardrails-approval-1)`,
    );
    expect(rsp.results).toEqual([
      {
        severity: 'SEVERITY_NORMAL',
        reason: 'Remediated',
        target: 'TARGET_COMPOSITE_AND_CLAIM',
        message: 'function-guardrails changed 1 resource (6 fields) and released 1 approved resource; see the GuardrailsCompliant condition.',
      },
    ]);
  });

  it('needs a new approval when the request changes', async () => {
    const held = await reconcile(request({ db: big() }));
    const digest = digestIn(condition(held.rsp)?.message)!;
    const cluster = [approval('a', { [digest]: 'alice: approved 4xlarge' })];
    const { rsp } = await reconcile(request({ db: big('db.r6g.8xlarge') }), cluster);
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual([]);
    expect(condition(rsp)?.reason).toBe('ApprovalRequired');
    expect(digestIn(condition(rsp)?.message)).not.toBe(digest);
  });

  it('does not apply an approval for another XR', async () => {
    const held = await reconcile(request({ db: big() }, { composite: xr('orders') }));
    const digest = digestIn(condition(held.rsp)?.message)!;
    const cluster = [approval('a', { [digest]: 'alice: for orders' })];
    const { rsp } = await reconcile(request({ db: big() }, { composite: xr('payments') }), cluster);
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual([]);
    expect(condition(rsp)?.reason).toBe('ApprovalRequired');
  });

  it('ignores an approval outside the approval namespace or without its labels, even when sent', async () => {
    const held = await reconcile(request({ db: big() }));
    const digest = digestIn(condition(held.rsp)?.message)!;
    const forged = [approval('a', { [digest]: 'agent: self-approved' }, { namespace: 'team-a' }), approval('b', { [digest]: 'agent: self-approved' }, { labels: {} })];
    // Sent directly, as a misbehaving or compromised loop might: the function checks for itself.
    const rsp = await server.rpc.runJson({ ...request({ db: big() }), requiredResources: { 'guardrails.fn.crossplane.io/approvals': { items: forged.map((resource) => ({ resource })) } } });
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual([]);
    expect(condition(rsp)?.reason).toBe('ApprovalRequired');
  });

  it('never applies a gated change to an existing resource, and never drops it', async () => {
    const existing = rdsInstance({ instanceClass: 'db.t4g.large', deletionProtection: true }) as JsonObject;
    const { rsp } = await reconcile(request({ db: big(), cache: cache() }, { observed: { db: existing } }));
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(rsp.results?.[1]).toMatchObject({ reason: 'ApprovalRequired', message: expect.stringContaining('db already exists, so nothing was applied or deleted') });
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'ApprovalRequired' });
    expect(Object.keys(rsp.desired?.resources ?? {}).sort()).toEqual(['cache', 'db']);
  });

  it('releases an approved change to an existing resource', async () => {
    const existing = rdsInstance({ instanceClass: 'db.t4g.large', deletionProtection: true }) as JsonObject;
    const held = await reconcile(request({ db: big() }, { observed: { db: existing } }));
    const digest = digestIn(condition(held.rsp)?.message)!;
    const { rsp } = await reconcile(request({ db: big() }, { observed: { db: existing } }), [approval('a', { [digest]: 'bob: resize approved' })]);
    expect(severities(rsp)).not.toContain('SEVERITY_FATAL');
    expect((rsp.desired?.resources?.db?.resource as { spec: { forProvider: JsonObject } }).spec.forProvider.instanceClass).toBe('db.r6g.4xlarge');
  });

  it('refuses instead, saying why, when Crossplane cannot deliver required resources', async () => {
    const { rsp, calls } = await reconcile(request({ db: big() }, { capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS'] }));
    expect(calls).toBe(1);
    expect(rsp.requirements?.resources ?? {}).toEqual({});
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(rsp.results?.[1]).toMatchObject({
      reason: 'Denied',
      message: expect.stringContaining(
        '[requires human approval, but this Crossplane does not send required resources (CAPABILITY_REQUIRED_RESOURCES), so approvals cannot be read: refused',
      ),
    });
  });

  it('asks for nothing when nothing needs approval', async () => {
    const { rsp, calls } = await reconcile(request({ cache: cache() }));
    expect(calls).toBe(1);
    expect(rsp.requirements?.resources ?? {}).toEqual({});
  });
});

describe('ignored approvals, with --debug', () => {
  const debugServer = serveDuringSuite({ extraArgs: ['--debug'] });

  it('are logged at debug level, and said nowhere else', async () => {
    const forged = approval('mine', { [`sha256-${'2'.repeat(64)}`]: 'agent: self-approved' }, { namespace: 'team-a' });
    const req = { ...request({ db: big() }), requiredResources: { 'guardrails.fn.crossplane.io/approvals': { items: [{ resource: forged }] } } };
    const rsp = await debugServer.rpc.runJson(req);
    expect(condition(rsp)?.reason).toBe('ApprovalRequired');
    expect(JSON.stringify(rsp)).not.toContain('team-a/mine');
    const lines = debugServer.fn
      .stderr()
      .split('\n')
      .filter((l) => l.includes('ignored approval'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'debug', msg: 'ignored approval: approval ConfigMap is outside the approval namespace', source: 'team-a/mine' })]);
    // The server without --debug says nothing of it.
    await server.rpc.runJson(req);
    expect(server.fn.stderr()).not.toContain('ignored approval');
  });
});
