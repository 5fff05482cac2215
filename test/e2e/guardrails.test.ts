/**
 * The guardrails end to end: the real server, called over gRPC with a
 * client built from proto/, playing Crossplane's part. Each case is a
 * request an AI agent's claim could produce, and what Crossplane must get
 * back: desired state, the GuardrailsCompliant condition, results.
 */
import { describe, expect, it } from 'vitest';
import { bucket, ingressRule, rdsCluster, rdsInstance, s3, sgRule } from '../builders.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
/** The platform's Input: tags. */
const TAGS = {
  ...HEAD,
  tags: { values: { 'managed-by': 'crossplane' }, fromComposite: { owner: 'metadata.labels.team' }, required: ['owner'] },
};

const XR: JsonObject = {
  apiVersion: 'platform.example.org/v1alpha1',
  kind: 'AppStack',
  metadata: { name: 'payments', namespace: 'team-payments', labels: { team: 'payments' } },
  spec: { parameters: { region: 'eu-west-1' } },
};
const XR_TYPE = { apiVersion: 'platform.example.org/v1alpha1', kind: 'AppStack' };

function request(desired: Record<string, unknown>, opts: { input?: JsonObject | undefined; composite?: JsonObject; observed?: Record<string, unknown>; tag?: string } = {}): JsonRequest {
  const input = 'input' in opts ? opts.input : TAGS;
  return {
    meta: { tag: opts.tag ?? 'e2e', capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: {
      composite: { resource: opts.composite ?? XR },
      resources: Object.fromEntries(Object.entries(opts.observed ?? {}).map(([n, r]) => [n, { resource: r as JsonObject }])),
    },
    desired: {
      composite: { resource: { ...XR_TYPE, status: { endpoint: 'pending' } } },
      resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r as JsonObject, ready: 'READY_TRUE' }])),
    },
    ...(input !== undefined ? { input } : {}),
    context: { 'apiextensions.crossplane.io/environment': { tier: 'prod' } },
  };
}

const resourcesOf = (rsp: JsonResponse) => Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.resource]));
const condition = (rsp: JsonResponse) => rsp.conditions?.find((c) => c.type === 'GuardrailsCompliant');
const severities = (rsp: JsonResponse) => (rsp.results ?? []).map((r) => r.severity);

const server = serveDuringSuite();

describe('guardrails over gRPC', () => {
  it('injects encryption, private access and tags into a database, and says so once', async () => {
    const rsp = await server.rpc.runJson(request({ 'orders-db': rdsInstance({}, { group: 'namespaced' }) }));
    expect(resourcesOf(rsp)['orders-db']).toEqual({
      ...rdsInstance(
        {
          storageEncrypted: true,
          publiclyAccessible: false,
          backupRetentionPeriod: 7,
          iamDatabaseAuthenticationEnabled: true,
          copyTagsToSnapshot: true,
          enabledCloudwatchLogsExports: ['postgresql'],
          tags: { 'managed-by': 'crossplane', owner: 'payments' },
        },
        { group: 'namespaced' },
      ),
      metadata: {
        annotations: {
          'guardrails.fn.crossplane.io/mutated-by': 'aws-db-copy-tags-to-snapshot,aws-db-log-exports,aws-rds-backup-retention,aws-rds-iam-auth,aws-rds-public-access,aws-rds-storage-encrypted,tags-inject',
        },
      },
    });
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated', target: 'TARGET_COMPOSITE_AND_CLAIM' });
    expect(condition(rsp)?.message?.split('\n')).toEqual([
      'warning: [aws-rds-deletion-protection] orders-db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive; set spec.forProvider.deletionProtection to true',
      '[aws-rds-storage-encrypted] orders-db: set spec.forProvider.storageEncrypted to true',
      '[aws-rds-public-access] orders-db: set spec.forProvider.publiclyAccessible to false',
      '[aws-rds-backup-retention] orders-db: set spec.forProvider.backupRetentionPeriod to 7',
      '[aws-rds-iam-auth] orders-db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
      '[aws-db-copy-tags-to-snapshot] orders-db: set spec.forProvider.copyTagsToSnapshot to true',
      '[aws-db-log-exports] orders-db: set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]',
      '[tags-inject] orders-db: set spec.forProvider.tags.managed-by to "crossplane", spec.forProvider.tags.owner to "payments"',
    ]);
    // Said once: the condition has it all; one line announces it, a Warning since there is a warning to read.
    expect(rsp.results).toEqual([
      {
        severity: 'SEVERITY_WARNING',
        reason: 'Remediated',
        target: 'TARGET_COMPOSITE_AND_CLAIM',
        message: 'function-guardrails changed 1 resource (8 fields), with 1 warning; see the GuardrailsCompliant condition.',
      },
    ]);
    expect(rsp.meta).toEqual({ tag: 'e2e', ttl: { seconds: '60' } }); // proto3 leaves a zero nanos off the wire

    // The next reconcile: the XR now carries the condition, so no new event.
    const c = condition(rsp)!;
    const observedXr: JsonObject = { ...XR, status: { conditions: [{ type: c.type ?? '', status: 'True', reason: c.reason ?? '', message: c.message ?? '' }] } };
    const again = await server.rpc.runJson(request({ 'orders-db': rdsInstance({}, { group: 'namespaced' }) }, { composite: observedXr }));
    expect(again.results ?? []).toEqual([]);
    expect(resourcesOf(again)).toEqual(resourcesOf(rsp));
  });

  it.each([
    { name: 'cluster-scoped v1beta1 bucket', opts: { version: 'v1beta1' }, sse: 's3.aws.upbound.io/v1beta1', array: true },
    { name: 'cluster-scoped v1beta2 bucket', opts: { version: 'v1beta2' }, sse: 's3.aws.upbound.io/v1beta2', array: false },
    { name: 'namespaced bucket', opts: { group: 'namespaced' as const }, sse: 's3.aws.m.upbound.io/v1beta1', array: false },
  ])('adds encryption, public access block and versioning beside a $name', async ({ opts, sse, array }) => {
    const rsp = await server.rpc.runJson(request({ assets: bucket(opts) }));
    const out = resourcesOf(rsp);
    expect(Object.keys(out).sort()).toEqual(['assets', 'assets-encryption', 'assets-public-access-block', 'assets-versioning']);
    const byDefault = { sseAlgorithm: 'aws:kms' };
    expect(out['assets-encryption']).toEqual({
      apiVersion: sse,
      kind: 'BucketServerSideEncryptionConfiguration',
      metadata: { annotations: { 'guardrails.fn.crossplane.io/companion-of': 'assets', 'guardrails.fn.crossplane.io/added-by': 'aws-s3-encryption' } },
      spec: {
        forProvider: {
          region: 'eu-west-1',
          bucketSelector: { matchControllerRef: true, matchLabels: { 'guardrails.fn.crossplane.io/bucket': 'assets' } },
          rule: [{ applyServerSideEncryptionByDefault: array ? [byDefault] : byDefault, bucketKeyEnabled: true }],
        },
      },
    });
    expect((out['assets-public-access-block'] as { spec: { forProvider: object } }).spec.forProvider).toEqual({
      region: 'eu-west-1',
      bucketSelector: { matchControllerRef: true, matchLabels: { 'guardrails.fn.crossplane.io/bucket': 'assets' } },
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect((out.assets as { metadata: { labels: object } }).metadata.labels).toEqual({ 'guardrails.fn.crossplane.io/bucket': 'assets' });
    expect(rsp.desired?.resources?.['assets-encryption']?.ready).toBeUndefined();
  });

  it('refuses an agent that opens a database and SSH to the internet, naming the approval HTTPS would also need, with a one-line claim Warning then one Fatal of the refusals', async () => {
    const rsp = await server.rpc.runJson(
      request({
        'orders-db': rdsInstance({ publiclyAccessible: true }),
        'debug-ssh': ingressRule({ fromPort: 0, toPort: 65535, cidrIpv4: '0.0.0.0/0' }, 'namespaced'),
        'web-https': ingressRule({ fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' }),
      }),
    );
    // The digest of what a person would approve for web-https, from its message (src/approval/digest.test.ts pins the format).
    const HTTPS_DIGEST = /approves digest (sha256-[0-9a-f]{64})/.exec(condition(rsp)?.message ?? '')?.[1] ?? 'missing';
    const lines = [
      '[aws-ec2-sg-open-admin-ports] debug-ssh: ingress from 0.0.0.0/0 allows tcp ports 0-65535, reaching 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB); allow only specific CIDRs (a VPN, a bastion, a load balancer\'s security group) or use SSM Session Manager (spec.forProvider.cidrIpv4)',
      '[aws-rds-public-access] orders-db: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC',
      '[aws-ec2-sg-internet-ingress] web-https: ingress from 0.0.0.0/0 allows tcp port 443; approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group (spec.forProvider.cidrIpv4)',
      `[approval] web-https: function-guardrails would also hold a new resource: not created until a person approves digest ${HTTPS_DIGEST} (rules aws-ec2-sg-internet-ingress); to approve: kubectl create configmap guardrails-approval-${HTTPS_DIGEST.slice(7, 23)} --namespace crossplane-system --from-literal=${HTTPS_DIGEST}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - guardrails.fn.crossplane.io/approvals=true -o yaml | kubectl apply -f -`,
      'warning: [aws-rds-deletion-protection] orders-db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive; set spec.forProvider.deletionProtection to true',
      'function-guardrails refused this request (2 violations); nothing was applied or deleted. Fix each and resubmit.',
    ];
    // The Fatal (the XR's Synced condition and event) says what was refused and the tail: no approval, no warning.
    expect(rsp.results).toEqual([
      {
        severity: 'SEVERITY_WARNING',
        reason: 'Denied',
        target: 'TARGET_COMPOSITE_AND_CLAIM',
        message: 'function-guardrails refused this request (2 violations), with 1 warning; see the GuardrailsCompliant condition.',
      },
      { severity: 'SEVERITY_FATAL', reason: 'Denied', target: 'TARGET_COMPOSITE_AND_CLAIM', message: [lines[0], lines[1], lines[5]].join('\n') },
    ]);
    expect(rsp.conditions).toEqual([
      { type: 'GuardrailsCompliant', status: 'STATUS_CONDITION_FALSE', reason: 'Denied', message: lines.join('\n'), target: 'TARGET_COMPOSITE_AND_CLAIM' },
    ]);
  });

  it.each([
    { name: 'SSH from ::/0', resource: sgRule({ fromPort: 22, toPort: 22, ipv6CidrBlocks: ['::/0'] }), rule: 'aws-ec2-sg-open-admin-ports' },
    { name: 'all traffic from anywhere', resource: sgRule({ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }, 'namespaced'), rule: 'aws-ec2-sg-open-admin-ports' },
    { name: 'an unencrypted Aurora cluster', resource: rdsCluster({ storageEncrypted: false }, { version: 'v1beta1' }), rule: 'aws-rds-storage-encrypted' },
    { name: 'a weakened public access block', resource: s3('BucketPublicAccessBlock', { blockPublicPolicy: false }), rule: 'aws-s3-public-access-block' },
    { name: 'suspended versioning', resource: s3('BucketVersioning', { versioningConfiguration: { status: 'Suspended' } }, { group: 'namespaced' }), rule: 'aws-s3-versioning' },
    { name: 'public access set at creation only', resource: rdsInstance({}, { version: 'v1beta1' }), init: { publiclyAccessible: true }, rule: 'aws-rds-public-access' },
  ])('refuses $name', async ({ resource, rule, init }) => {
    const r = structuredClone(resource) as { spec: Record<string, unknown> };
    if (init) r.spec.initProvider = init;
    const rsp = await server.rpc.runJson(request({ r }));
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(rsp.results?.[1]?.message?.startsWith(`[${rule}] r: `)).toBe(true);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'Denied' });
  });

  it('refuses a taggable resource the XR cannot give its required owner', async () => {
    const orphan = { ...XR, metadata: { name: 'orphan', namespace: 'team-payments' } };
    const rsp = await server.rpc.runJson(request({ db: rdsInstance() }, { composite: orphan }));
    expect(rsp.results?.[1]).toEqual({
      severity: 'SEVERITY_FATAL',
      reason: 'Denied',
      target: 'TARGET_COMPOSITE_AND_CLAIM',
      message:
        '[tags-required] db: missing required tag owner; the XR does not set owner from metadata.labels.team (spec.forProvider.tags)\n' +
        'function-guardrails refused this request (1 violation); nothing was applied or deleted. Fix each and resubmit.',
    });
  });

  it('refuses invalid input with every problem and its path', async () => {
    const rsp = await server.rpc.runJson(request({}, { input: { ...HEAD, mode: 'Later', rules: { 'aws-s3-versoning': { action: 'Disabled' } } } }));
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(rsp.results?.[1]?.message).toBe(
      [
        'invalid function-guardrails input: 2 problems',
        '  mode: Invalid option: expected one of "Enforce"|"Audit"',
        '  rules.aws-s3-versoning: unknown rule "aws-s3-versoning"; did you mean "aws-s3-versioning"?',
      ].join('\n'),
    );
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'InvalidInput' });
  });

  it('runs the secure baseline when the step has no input', async () => {
    const db = rdsCluster({}, { group: 'namespaced' });
    const rsp = await server.rpc.runJson(request({ db }, { input: undefined }));
    expect((resourcesOf(rsp).db as { spec: { forProvider: object } }).spec.forProvider).toEqual({
      region: 'eu-west-1',
      engine: 'aurora-postgresql',
      storageEncrypted: true,
      backupRetentionPeriod: 7,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: ['postgresql'],
    });
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated' });
  });

  it('in Audit mode changes nothing and reports what Enforce would do', async () => {
    const req = request({ db: rdsInstance({ publiclyAccessible: true }) }, { input: { ...TAGS, mode: 'Audit' } });
    const rsp = await server.rpc.runJson(req);
    expect(resourcesOf(rsp)).toEqual({ db: rdsInstance({ publiclyAccessible: true }) });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING']);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'AuditViolations' });
  });

  it('passes through the desired XR, context and resources it has no opinion on', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } };
    const req = request({ cm, noKind: { spec: 'anything' } });
    const rsp = await server.rpc.runJson(req);
    expect(rsp.desired?.composite).toEqual(req.desired?.composite);
    expect(rsp.context).toEqual(req.context);
    expect(resourcesOf(rsp)).toEqual({ cm, noKind: { spec: 'anything' } });
    expect(rsp.desired?.resources?.cm?.ready).toBe('READY_TRUE');
  });

  it('is deterministic and idempotent over the wire', async () => {
    const desired = { a: bucket(), b: rdsInstance(), c: sgRule({ fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'] }) };
    const first = await server.rpc.runJson(request(desired));
    const second = await server.rpc.runJson(request(desired));
    expect(second).toEqual(first);
    const out = resourcesOf(first);
    const third = await server.rpc.runJson(request(out, { observed: out }));
    expect(resourcesOf(third)).toEqual(out);
  });

  it('never drops a composed resource that exists, even when a companion rule is disabled', async () => {
    const first = resourcesOf(await server.rpc.runJson(request({ assets: bucket() })));
    const rsp = await server.rpc.runJson(request({ assets: bucket() }, { observed: first, input: { ...TAGS, rules: { 'aws-s3-encryption': { action: 'Disabled' } } } }));
    expect(Object.keys(resourcesOf(rsp)).sort()).toEqual(Object.keys(first).sort());
  });

  it('answers a malformed resource with a finding, and keeps serving', async () => {
    const rsp = await server.rpc.runJson(request({ db: { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', spec: 'oops' } }));
    expect(rsp.results?.[1]?.message?.split('\n')[0]).toBe('[guardrails-unreadable] db: spec is the string "oops", not an object; the resource cannot be checked');
    const ok = await server.rpc.runJson(request({ db: rdsInstance({ storageEncrypted: true, publiclyAccessible: false }) }));
    expect(condition(ok)).toMatchObject({ status: 'STATUS_CONDITION_TRUE' });
  });

  describe('custom rules, limits and exceptions', () => {
    const euOnly = { id: 'eu-only', match: { apiVersion: '*.aws.*upbound.io/*' }, expression: "object.spec.forProvider.region.startsWith('eu-')", message: 'AWS resources must stay in EU regions' };
    const usBucket = () => bucket({ forProvider: { region: 'us-east-1' } });

    it('refuses what a custom rule denies, naming the rule, and applies nothing', async () => {
      const rsp = await server.rpc.runJson(request({ assets: usBucket() }, { input: { ...TAGS, custom: [euOnly] } }));
      expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
      expect(rsp.results?.[1]?.message).toContain('[eu-only] assets: AWS resources must stay in EU regions');
      expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'Denied' });
    });

    it('refuses an Input whose custom rule does not compile, with the path and position', async () => {
      const rsp = await server.rpc.runJson(request({ assets: bucket() }, { input: { ...TAGS, custom: [{ ...euOnly, expression: 'obj.spec.region' }] } }));
      expect(rsp.results?.[1]).toMatchObject({
        severity: 'SEVERITY_FATAL',
        reason: 'InvalidInput',
        message: expect.stringContaining('custom[0].expression: rule "eu-only": unknown variable "obj" at 1:1'),
      });
    });

    it('refuses a runaway expression with a Fatal naming the rule', async () => {
      const runaway = { id: 'runaway', match: { kind: 'Bucket' }, expression: 'object.spec.forProvider.tags.all(a, object.spec.forProvider.tags.all(b, a != b || true))', message: 'm' };
      const tags = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v']));
      const rsp = await server.rpc.runJson(request({ assets: bucket({ forProvider: { tags } }) }, { input: { ...TAGS, custom: [runaway] } }));
      expect(rsp.results?.at(-1)).toMatchObject({
        severity: 'SEVERITY_FATAL',
        reason: 'EvaluationFailed',
        message: expect.stringContaining('[runaway] assets: evaluation failed: the expression ran past its budget of 50000 comprehension steps; simplify it'),
      });
    });

    it('holds an oversized database under a configured limit, and leaves it alone without one', async () => {
      const big = rdsInstance({ instanceClass: 'db.r6g.4xlarge' });
      const limited = await server.rpc.runJson(request({ db: big }, { input: { ...TAGS, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*', 'db.r6g.large'] } } } }));
      expect(condition(limited)?.message).toContain(
        '[aws-rds-instance-class] db: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*, db.r6g.large); choose an allowed class or get approval',
      );
      const open = await server.rpc.runJson(request({ db: big }, { input: TAGS }));
      expect(condition(open)).toMatchObject({ status: 'STATUS_CONDITION_TRUE' });
    });

    it('lists an active exception on every call, and lets through what it waives', async () => {
      const exception = { rules: ['eu-only'], match: { composite: 'pay*', namespace: 'team-payments' }, expires: '2999-12-31', justification: 'US replica, ticket DATA-9' };
      const input = { ...TAGS, custom: [euOnly], exceptions: [exception] };
      const first = await server.rpc.runJson(request({ assets: usBucket() }, { input }));
      expect(first.results?.[0]).toEqual({
        severity: 'SEVERITY_NORMAL',
        reason: 'ExceptionActive',
        target: 'TARGET_COMPOSITE_AND_CLAIM',
        message: expect.stringMatching(/^exceptions\[0\] \(eu-only\) is active until 2999-12-31 and waives them on assets, assets-/),
      });
      expect(severities(first)).not.toContain('SEVERITY_FATAL');
      const settled = condition(first)!;
      const again = await server.rpc.runJson(
        request({ assets: usBucket() }, { input, composite: { ...XR, status: { conditions: [{ type: settled.type ?? '', status: 'True', reason: settled.reason ?? '', message: settled.message ?? '' }] } } }),
      );
      expect(severities(again)).toEqual(['SEVERITY_NORMAL']);
      expect(again.results?.[0]?.reason).toBe('ExceptionActive');
    });

    it('ignores an expired exception with a Warning that names it', async () => {
      const exception = { rules: ['eu-only'], expires: '2020-01-31', justification: 'old ticket' };
      const rsp = await server.rpc.runJson(request({ assets: usBucket() }, { input: { ...TAGS, custom: [euOnly], exceptions: [exception] } }));
      expect(rsp.results?.[0]).toMatchObject({ severity: 'SEVERITY_WARNING', reason: 'ExceptionExpired', message: expect.stringContaining('exceptions[0] (eu-only) expired (2020-01-31)') });
      expect(severities(rsp).at(-1)).toBe('SEVERITY_FATAL');
    });
  });
});
