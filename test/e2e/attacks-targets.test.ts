/**
 * What the rules look at, attacked over gRPC: a resource wrapped in a
 * provider-kubernetes Object, the observe-only precondition, names that are
 * JavaScript prototype keys (spelled on the wire byte by byte), and a kind
 * that used to be missed (an Aurora ClusterInstance).
 *
 * Already covered elsewhere: names.test.ts (resources named __proto__,
 * constructor and toString are emitted, not dropped; a database named
 * __proto__ gets its encryption injected; `__proto__` JSON keys stay keys).
 */
import { describe, expect, it } from 'vitest';
import { bucket, rdsInstance, s3, sgRule } from '../builders.js';
import {
  CAPABILITY,
  HOLDING,
  REFUSED,
  XR,
  applied,
  appliedRaw,
  condition,
  input,
  lines,
  managed,
  readResponse,
  request,
  requestBytes,
  resourceOf,
  severities,
  withPolicies,
  wrapped,
} from './attacks.js';
import { rawClient, serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();

const PUBLIC = (resource: string, path: string) =>
  `[aws-rds-public-access] ${resource}: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC${path === 'spec.forProvider.publiclyAccessible' ? '' : ` (${path})`}`;

describe('a resource wrapped in a provider-kubernetes Object', () => {
  const publicDb = (): JsonObject => rdsInstance({ publiclyAccessible: true, storageEncrypted: true, deletionProtection: true }) as JsonObject;
  it.each([
    { name: 'an agent wraps a publicly accessible RDS Instance in a kubernetes.crossplane.io/v1alpha2 Object', group: 'cluster' as const },
    { name: 'an agent wraps a publicly accessible RDS Instance in a kubernetes.m.crossplane.io/v1alpha1 Object', group: 'namespaced' as const },
  ])('$name', async ({ group }) => {
    const rsp = await server.rpc.runJson(request({ db: wrapped(publicDb(), group) }));
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([PUBLIC('db', 'spec.forProvider.manifest.spec.forProvider.publiclyAccessible'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent wraps a public database in an Object inside an Object', async () => {
    const rsp = await server.rpc.runJson(request({ db: wrapped(wrapped(publicDb())) }));
    expect(lines(rsp)).toEqual([PUBLIC('db', 'spec.forProvider.manifest.spec.forProvider.manifest.spec.forProvider.publiclyAccessible'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent wraps a database in an Object to skip encryption: Objects are judged by what they carry, and it is injected into the manifest', async () => {
    const db = rdsInstance({ deletionProtection: true }) as JsonObject;
    const rsp = await server.rpc.runJson(request({ db: wrapped(db) }));
    expect(severities(rsp)).toEqual(['SEVERITY_NORMAL']);
    const manifest = ((resourceOf(rsp, 'db')?.spec as JsonObject).forProvider as JsonObject).manifest as JsonObject;
    expect((manifest.spec as JsonObject).forProvider).toEqual({
      ...((db.spec as JsonObject).forProvider as JsonObject),
      storageEncrypted: true,
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: ['postgresql'],
    });
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated' });
  });
});

describe('an Object whose references rewrite what it carries', () => {
  // Found by this suite: provider-kubernetes resolves `spec.references[].patchesFrom` when it applies an Object, writing
  // a field of another object (here the agent's own XR) to `spec.forProvider.manifest.<toFieldPath>`. Guardrails judges
  // the manifest as written, so any value could be patched in afterwards: a database made public again after false was
  // injected, or a ConfigMap moved into the approval namespace. Such an Object is now held (crossplane-object-patches).
  const xr: JsonObject = { ...XR, spec: { parameters: { public: true, namespace: 'crossplane-system' } } };
  const patch = (fieldPath: string, toFieldPath: string) => ({
    patchesFrom: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp', name: 'orders', namespace: 'team-a', fieldPath },
    toFieldPath,
  });
  const withReferences = (obj: JsonObject, references: JsonObject[]): JsonObject => ({ ...obj, spec: { ...(obj.spec as JsonObject), references } });

  it.each([
    {
      name: 'an agent wraps a database in an Object that patches publiclyAccessible from its XR at apply time',
      object: withReferences(wrapped(rdsInstance({ deletionProtection: true }) as JsonObject), [patch('spec.parameters.public', 'spec.forProvider.publiclyAccessible')]),
    },
    {
      name: 'an agent wraps a ConfigMap in an Object that patches its namespace to the approval namespace at apply time',
      object: withReferences(wrapped({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'guardrails-approval-1', namespace: 'team-a' }, data: { note: 'x' } }), [
        patch('spec.parameters.namespace', 'metadata.namespace'),
      ]),
    },
  ])('$name: held, not applied', async ({ object }) => {
    const rsp = await server.rpc.runJson(request({ o: object }, { composite: xr }));
    expect(applied(rsp)).toEqual([]);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'ApprovalRequired' });
    expect(lines(rsp).some((l) => l.startsWith('[crossplane-object-patches] o: '))).toBe(true);
  });
});

describe('observe-only resources are left alone by the rules that used to judge them', () => {
  const observeOnly = (r: JsonObject) => withPolicies(r, ['Observe']);
  const TAGS = input({}, { tags: { values: { 'managed-by': 'crossplane' } } });
  const cases: { name: string; resource: JsonObject; input?: JsonObject }[] = [
    {
      name: 'aws-rds-storage-encrypted: an observe-only database with storageEncrypted false gets nothing injected and is not refused',
      resource: observeOnly(rdsInstance({ storageEncrypted: false }) as JsonObject),
    },
    {
      name: 'aws-rds-public-access: an observe-only database with publiclyAccessible true is not refused',
      resource: observeOnly(rdsInstance({ publiclyAccessible: true }) as JsonObject),
    },
    {
      name: 'aws-ec2-sg-open-admin-ports: an observe-only rule open to 0.0.0.0/0 on port 22 is not refused',
      resource: observeOnly(sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], securityGroupId: 'sg-0123456789abcdef0' }) as JsonObject),
    },
    {
      name: 'aws-s3-public-access-block: an observe-only existing block with blockPublicPolicy false gets no flags and is not refused',
      resource: observeOnly(s3('BucketPublicAccessBlock', { bucket: 'assets', blockPublicPolicy: false }) as JsonObject),
    },
    {
      name: 'tags-inject: an observe-only queue gets no tags',
      resource: observeOnly(managed('sqs.aws.upbound.io/v1beta1', 'Queue', { name: 'orders' })),
      input: TAGS,
    },
  ];
  it.each(cases)('$name', async ({ resource, input: inp }) => {
    const rsp = await server.rpc.runJson(request({ r: resource }, inp !== undefined ? { input: inp } : {}));
    expect(resourceOf(rsp, 'r')).toEqual(resource);
    expect(rsp.results ?? []).toEqual([]);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Compliant', message: 'All composed resources pass the guardrails.' });
  });

  it('an agent marks a bucket observe-only: no companions are added for it', async () => {
    const observed = withPolicies(bucket() as JsonObject, ['Observe']);
    const rsp = await server.rpc.runJson(request({ assets: observed }));
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['assets']);
  });
});

describe('names that are JavaScript prototype keys, on the wire', () => {
  const INPUT = input({ 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } });
  const CAPS = [CAPABILITY.CAPABILITIES, CAPABILITY.CONDITIONS, CAPABILITY.REQUIRED_RESOURCES];
  const small = () => rdsInstance({ instanceClass: 'db.t4g.micro', storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true, deletionProtection: true, copyTagsToSnapshot: true, enabledCloudwatchLogsExports: ['postgresql'] }) as JsonObject;
  const big = () => rdsInstance({ instanceClass: 'db.r6g.4xlarge', deletionProtection: true }) as JsonObject;

  async function run(req: Parameters<typeof requestBytes>[0]) {
    const c = rawClient(server.fn.address);
    try {
      return readResponse(await c.run(requestBytes(req)));
    } finally {
      c.close();
    }
  }

  it('an agent names a publicly accessible database __proto__: refused, not Compliant', async () => {
    const db = rdsInstance({ instanceClass: 'db.t4g.micro', publiclyAccessible: true, deletionProtection: true }) as JsonObject;
    const rsp = await run({ capabilities: CAPS, composite: XR, desired: [['__proto__', db]], input: INPUT, approvals: [] });
    expect(rsp.results.map((r) => r.severity)).toEqual([2, 1]); // Warning, Fatal
    expect(rsp.conditions.map((c) => [c.type, c.reason, c.message.split('\n')])).toEqual([['GuardrailsCompliant', 'Denied', [PUBLIC('"__proto__"', 'spec.forProvider.publiclyAccessible'), REFUSED(1)]]]);
    expect(appliedRaw(rsp)).toEqual([]);
  });

  it('an existing database named __proto__ is never dropped, while another resource is held', async () => {
    const rsp = await run({ capabilities: CAPS, composite: XR, observed: [['__proto__', small()]], desired: [['__proto__', small()], ['big', big()]], input: INPUT, approvals: [] });
    expect(rsp.results.map((r) => r.severity)).toEqual([2]); // a Warning: held, nothing refused
    expect(rsp.conditions[0]?.message.split('\n')[0]).toBe(HOLDING('big'));
    expect(appliedRaw(rsp)).toEqual(['__proto__']);
    expect(rsp.desired[0]?.[1]).toEqual(small());
  });

  it('an agent names a new database constructor with a gated change: held, not frozen as if it existed', async () => {
    const rsp = await run({ capabilities: CAPS, composite: XR, desired: [['constructor', big()]], input: INPUT, approvals: [] });
    expect(rsp.results.map((r) => r.severity)).toEqual([2]); // Frozen would be Fatal
    expect(rsp.conditions.map((c) => [c.reason, c.message.split('\n')[0]])).toEqual([['ApprovalRequired', HOLDING('constructor')]]);
    expect(appliedRaw(rsp)).toEqual([]);
  });
});

describe('RDS ClusterInstance', () => {
  const clusterInstance = (group: 'cluster' | 'namespaced', forProvider: JsonObject = {}) =>
    managed(`rds.aws.${group === 'namespaced' ? 'm.' : ''}upbound.io/v1beta1`, 'ClusterInstance', {
      clusterIdentifier: 'orders',
      engine: 'aurora-postgresql',
      instanceClass: 'db.r6g.large',
      ...forProvider,
    });

  it.each([
    { name: 'an agent asks for a publicly accessible Aurora ClusterInstance (rds.aws.upbound.io)', group: 'cluster' as const },
    { name: 'an agent asks for a publicly accessible Aurora ClusterInstance (rds.aws.m.upbound.io)', group: 'namespaced' as const },
  ])('$name', async ({ group }) => {
    const rsp = await server.rpc.runJson(request({ db: clusterInstance(group, { publiclyAccessible: true }) }));
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([PUBLIC('db', 'spec.forProvider.publiclyAccessible'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent leaves publiclyAccessible out of an Aurora ClusterInstance: false is injected', async () => {
    const rsp = await server.rpc.runJson(request({ db: clusterInstance('namespaced') }));
    expect(resourceOf(rsp, 'db')).toEqual({
      ...clusterInstance('namespaced', { publiclyAccessible: false }),
      metadata: { annotations: { 'guardrails.fn.crossplane.io/mutated-by': 'aws-rds-public-access' } },
    });
    expect(lines(rsp)).toEqual(['[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false']);
  });
});
