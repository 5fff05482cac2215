/**
 * Request fixtures for the benchmark: what Crossplane would send
 * function-guardrails on the first reconcile of an XR that composes N
 * resources (desired state from an earlier step, observed XR, no observed
 * composed resources yet).
 *
 * `jsonRequest(n)` is the original fixture (shape `mixed`, INPUT without
 * custom rules), kept as it was for the other bench scripts. `shapeRequest`
 * builds any of SHAPES with BENCH_INPUT (the full catalog, tags and five
 * custom CEL rules), which is what `npm run bench` measures.
 *
 * Shape `mixed`, per N (rounded; the remainder goes to the last group):
 *   40% RDS Instance, alternating cluster-scoped v1beta3 and namespaced v1beta1
 *   20% S3 Bucket, alternating cluster-scoped v1beta2 and namespaced v1beta1
 *       (each gets three companions: encryption, public access block, versioning)
 *   20% SecurityGroupIngressRule, compliant (a private CIDR to Postgres)
 *   20% kinds no rule applies to: ConfigMaps and provider-kubernetes Objects
 * The other shapes are described at SHAPES below.
 *
 * Every Input is satisfiable (tags.required is met through fromComposite),
 * so the expected verdict is Remediated (or Compliant), never Denied.
 */

import { customRules } from './custom-rules-input.mjs';

export const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };

export const INPUT = {
  ...HEAD,
  mode: 'Enforce',
  tags: {
    values: { 'managed-by': 'crossplane', environment: 'production' },
    fromComposite: { owner: 'metadata.labels.team', 'cost-center': 'metadata.labels[cost-center]' },
    required: ['owner', 'cost-center'],
  },
};

export const XR = {
  apiVersion: 'platform.example.org/v1alpha1',
  kind: 'AppStack',
  metadata: {
    name: 'payments',
    namespace: 'team-payments',
    uid: '7f3c2a9e-4b1d-4e8a-9c2f-1a2b3c4d5e6f',
    generation: 3,
    labels: { team: 'payments', 'cost-center': 'cc-1042', 'app.kubernetes.io/part-of': 'payments' },
    annotations: { 'platform.example.org/requested-by': 'agent-7' },
  },
  spec: { parameters: { region: 'eu-west-1', size: 'medium', engineVersion: '16.3' }, crossplane: { compositionRef: { name: 'appstack-aws' } } },
};

const REGION = 'eu-west-1';

function meta(name, extraLabels = {}) {
  return {
    labels: { 'app.kubernetes.io/part-of': 'payments', 'platform.example.org/component': name, ...extraLabels },
    annotations: { 'crossplane.io/composition-resource-name': name },
  };
}

function rdsInstance(name, i) {
  const namespaced = i % 2 === 1;
  const forProvider = {
    region: REGION,
    instanceClass: 'db.t3.medium',
    engine: 'postgres',
    engineVersion: '16.3',
    allocatedStorage: 50,
    maxAllocatedStorage: 200,
    dbName: 'payments',
    username: 'app',
    autoGeneratePassword: true,
    passwordSecretRef: namespaced ? { name: `${name}-password`, key: 'password' } : { name: `${name}-password`, namespace: 'team-payments', key: 'password' },
    dbSubnetGroupNameSelector: { matchControllerRef: true },
    vpcSecurityGroupIdSelector: { matchControllerRef: true, matchLabels: { 'platform.example.org/component': 'db-sg' } },
    backupRetentionPeriod: 7,
    multiAz: false,
    skipFinalSnapshot: true,
    autoMinorVersionUpgrade: true,
    tags: { app: 'payments', component: name },
  };
  return namespaced
    ? {
        apiVersion: 'rds.aws.m.upbound.io/v1beta1',
        kind: 'Instance',
        metadata: meta(name),
        spec: { forProvider, writeConnectionSecretToRef: { name: `${name}-conn` }, providerConfigRef: { kind: 'ProviderConfig', name: 'default' } },
      }
    : {
        apiVersion: 'rds.aws.upbound.io/v1beta3',
        kind: 'Instance',
        metadata: meta(name),
        spec: { forProvider, writeConnectionSecretToRef: { name: `${name}-conn`, namespace: 'team-payments' }, providerConfigRef: { name: 'default' } },
      };
}

function bucket(name, i) {
  const namespaced = i % 2 === 1;
  return {
    apiVersion: namespaced ? 's3.aws.m.upbound.io/v1beta1' : 's3.aws.upbound.io/v1beta2',
    kind: 'Bucket',
    metadata: meta(name),
    spec: {
      forProvider: { region: REGION, forceDestroy: false, tags: { app: 'payments', component: name } },
      providerConfigRef: namespaced ? { kind: 'ProviderConfig', name: 'default' } : { name: 'default' },
    },
  };
}

function ingressRule(name, i) {
  const namespaced = i % 2 === 1;
  return {
    apiVersion: namespaced ? 'ec2.aws.m.upbound.io/v1beta1' : 'ec2.aws.upbound.io/v1beta1',
    kind: 'SecurityGroupIngressRule',
    metadata: meta(name),
    spec: {
      forProvider: {
        region: REGION,
        description: 'postgres from the VPC',
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        cidrIpv4: '10.0.0.0/16',
        securityGroupIdSelector: { matchControllerRef: true, matchLabels: { 'platform.example.org/component': 'db-sg' } },
        tags: { app: 'payments' },
      },
      providerConfigRef: namespaced ? { kind: 'ProviderConfig', name: 'default' } : { name: 'default' },
    },
  };
}

function configMap(name) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'team-payments', ...meta(name) },
    data: { 'DATABASE_HOST': `${name}.payments.internal`, 'DATABASE_PORT': '5432', 'LOG_LEVEL': 'info', 'FEATURE_FLAGS': 'ledger-v2,async-refunds' },
  };
}

/** A Deployment of two replicas in team-payments, its pods labelled `app: name`, running `podSpec`. */
function deployment(name, podSpec) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'team-payments', labels: { app: name } },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  };
}

function k8sObject(name) {
  return {
    apiVersion: 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    metadata: meta(name),
    spec: {
      forProvider: {
        manifest: deployment(name, {
          containers: [
            {
              name: 'app',
              image: 'registry.example.org/payments/api:1.42.0',
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [{ name: 'DATABASE_HOST', valueFrom: { configMapKeyRef: { name: `${name}-config`, key: 'DATABASE_HOST' } } }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            },
          ],
        }),
      },
      providerConfigRef: { name: 'kubernetes' },
    },
  };
}

const pad = (i) => String(i).padStart(4, '0');

/**
 * The desired composed resources for size n, and how many of them are
 * buckets (each of which should come back with three companions).
 */
export function composedResources(n) {
  const rds = Math.round(n * 0.4);
  const buckets = Math.round(n * 0.2);
  const rules = Math.round(n * 0.2);
  const other = n - rds - buckets - rules;
  const resources = {};
  for (let i = 0; i < rds; i++) resources[`db-${pad(i)}`] = rdsInstance(`db-${pad(i)}`, i);
  for (let i = 0; i < buckets; i++) resources[`bucket-${pad(i)}`] = bucket(`bucket-${pad(i)}`, i);
  for (let i = 0; i < rules; i++) resources[`ingress-${pad(i)}`] = ingressRule(`ingress-${pad(i)}`, i);
  for (let i = 0; i < other; i++) {
    const name = `app-${pad(i)}`;
    resources[name] = i % 2 === 0 ? configMap(name) : k8sObject(name);
  }
  return { resources, counts: { rds, buckets, rules, other } };
}

/**
 * A RunFunctionRequest as plain JSON (Struct fields as plain objects), in
 * the shape proto-loader expects once Struct fields go through toStruct().
 */
export function jsonRequest(n) {
  const { resources, counts } = composedResources(n);
  return { request: requestOf(`bench-${n}`, resources, INPUT), counts };
}

function requestOf(tag, resources, input, observed = {}) {
  return {
    meta: { tag, capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: { composite: { resource: XR }, resources: Object.fromEntries(Object.entries(observed).map(([name, r]) => [name, { resource: r }])) },
    desired: {
      composite: { resource: { apiVersion: XR.apiVersion, kind: XR.kind, status: { phase: 'Provisioning' } } },
      resources: Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, { resource: r, ready: 'READY_UNSPECIFIED' }])),
    },
    input,
    context: { 'apiextensions.crossplane.io/environment': { tier: 'prod', region: REGION } },
  };
}

// ------------------------------------------------------------------ npm run bench: shapes

/**
 * Five of the custom-rules benchmark's real rules (bench/custom-rules-input.mjs):
 * AWS regions, RDS instance classes, bucket tag keys (a comprehension), the
 * composite's team label, and resource names by regular expression. All pass
 * on every shape.
 */
export const CUSTOM_RULES = customRules(6).filter((_, i) => i !== 4);

/** The Input of `npm run bench`: the full catalog at its defaults, tags, and CUSTOM_RULES. */
export const BENCH_INPUT = { ...INPUT, custom: CUSTOM_RULES };

const BUCKET_GROUP_LABEL = 'platform.example.org/bucket';

/**
 * A bucket and the three companions guardrails would otherwise add, as an
 * author writes them (src/rules/aws/s3.ts `standIn`: the bucket's own by
 * `bucketRef` or by a `bucketSelector` only it matches, same provider
 * config and region, fully managed, and compliant themselves). Half the
 * buckets (i % 4 < 2) are selected by a label of their own with
 * matchControllerRef, the other half get a name and are referred to by
 * `bucketRef`; cluster-scoped and namespaced alternate. Cluster-scoped
 * v1beta2 buckets get v1beta2 companions where served (objects for single
 * nested blocks) and BucketPublicAccessBlock v1beta1; namespaced ones
 * v1beta1 (objects).
 */
function bucketWithCompanions(name, i) {
  const namespaced = i % 2 === 1;
  const b = bucket(name, i);
  b.metadata.labels[BUCKET_GROUP_LABEL] = name;
  const byName = i % 4 >= 2;
  if (byName) b.metadata.name = `payments-${name}`;
  const group = namespaced ? 's3.aws.m.upbound.io' : 's3.aws.upbound.io';
  const reference = byName ? { bucketRef: { name: b.metadata.name } } : { bucketSelector: { matchControllerRef: true, matchLabels: { [BUCKET_GROUP_LABEL]: name } } };
  const companion = (suffix, kind, version, params) => [
    `${name}-${suffix}`,
    {
      apiVersion: `${group}/${version}`,
      kind,
      metadata: meta(`${name}-${suffix}`),
      spec: { forProvider: { region: REGION, ...reference, ...params }, providerConfigRef: { ...b.spec.providerConfigRef } },
    },
  ];
  const sseVersion = namespaced ? 'v1beta1' : 'v1beta2';
  return [
    [name, b],
    companion('sse', 'BucketServerSideEncryptionConfiguration', sseVersion, {
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    }),
    companion('pab', 'BucketPublicAccessBlock', 'v1beta1', { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    companion('versioning', 'BucketVersioning', namespaced ? 'v1beta1' : 'v1beta2', { versioningConfiguration: { status: 'Enabled' } }),
  ];
}

const SG_LABEL = 'platform.example.org/sg';

/**
 * A SecurityGroup and three ingress rules on it, each naming it another way
 * (src/rules/kit/references.ts): a SecurityGroupIngressRule by
 * `securityGroupIdRef` (the group's name), one by `securityGroupIdSelector`
 * (a label only this group has, with matchControllerRef), and a
 * SecurityGroupRule of type ingress by `securityGroupId` (the group's
 * external name, which Crossplane set once it created the group: the group
 * is also in observed state, as on any reconcile after the first; an
 * external name on a new desired resource would be held as an adoption).
 * Every rule admits a private range only, so nothing is refused or held.
 */
function groupWithRules(name, i, observedGroups) {
  const namespaced = i % 2 === 1;
  const apiVersion = namespaced ? 'ec2.aws.m.upbound.io/v1beta1' : 'ec2.aws.upbound.io/v1beta1';
  const providerConfigRef = namespaced ? { kind: 'ProviderConfig', name: 'default' } : { name: 'default' };
  const id = `sg-0${(0x1000000 + i).toString(16)}bench`;
  const sg = {
    apiVersion,
    kind: 'SecurityGroup',
    metadata: { ...meta(name, { [SG_LABEL]: name }), name: `payments-${name}` },
    spec: {
      forProvider: { region: REGION, name: `payments-${name}`, description: 'payments database clients', vpcIdSelector: { matchControllerRef: true }, tags: { app: 'payments' } },
      providerConfigRef,
    },
  };
  const ingress = (suffix, port, naming) => [
    `${name}-${suffix}`,
    {
      apiVersion,
      kind: 'SecurityGroupIngressRule',
      metadata: meta(`${name}-${suffix}`),
      spec: {
        forProvider: { region: REGION, description: `port ${port} from the VPC`, ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: '10.0.0.0/16', ...naming, tags: { app: 'payments' } },
        providerConfigRef,
      },
    },
  ];
  const byId = [
    `${name}-by-id`,
    {
      apiVersion,
      kind: 'SecurityGroupRule',
      metadata: meta(`${name}-by-id`),
      spec: {
        forProvider: { region: REGION, description: 'redis from the VPC', type: 'ingress', protocol: 'tcp', fromPort: 6379, toPort: 6379, cidrBlocks: ['10.0.0.0/16'], securityGroupId: id },
        providerConfigRef,
      },
    },
  ];
  // The group exists already (a later reconcile): Crossplane set its external name, the ID the third rule names.
  const observed = JSON.parse(JSON.stringify(sg));
  observed.metadata.annotations['crossplane.io/external-name'] = id;
  observed.status = { atProvider: { id, arn: `arn:aws:ec2:${REGION}:123456789012:security-group/${id}` }, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }] };
  observedGroups.set(name, observed);
  return [
    [name, sg],
    ingress('by-ref', 5432, { securityGroupIdRef: { name: sg.metadata.name } }),
    ingress('by-selector', 443, { securityGroupIdSelector: { matchControllerRef: true, matchLabels: { [SG_LABEL]: name } } }),
    byId,
  ];
}

/**
 * A provider-kubernetes Object (alternating cluster-scoped
 * kubernetes.crossplane.io/v1alpha2 and namespaced
 * kubernetes.m.crossplane.io/v1alpha1) carrying a Deployment whose pod
 * template meets the restricted Pod Security Standard: non-root, seccomp
 * RuntimeDefault, no privilege escalation, every capability dropped, with
 * requests, limits, a probe and a volume. Kept to about 1.4 KiB on the wire
 * so that 10,000 of them fit in the server's 16 MiB message limit.
 */
function workloadObject(name, i) {
  const namespaced = i % 2 === 1;
  const manifest = deployment(name, {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'api',
        image: 'registry.example.org/payments/api:1.42.0',
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  });
  return {
    apiVersion: namespaced ? 'kubernetes.m.crossplane.io/v1alpha1' : 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    metadata: meta(name),
    spec: { forProvider: { manifest }, providerConfigRef: namespaced ? { kind: 'ProviderConfig', name: 'kubernetes' } : { name: 'kubernetes' } },
  };
}

/** Fills a shape built of groups of `size` resources up to exactly n with ConfigMaps (no rule applies to them). */
function grouped(n, size, prefix, make) {
  const groups = Math.floor(n / size);
  const entries = [];
  for (let i = 0; i < groups; i++) entries.push(...make(`${prefix}-${pad(i)}`, i));
  for (let i = 0; entries.length < n; i++) entries.push([`app-${pad(i)}`, configMap(`app-${pad(i)}`)]);
  return { resources: Object.fromEntries(entries), counts: { groups, fill: n - groups * size } };
}

/**
 * The shapes `npm run bench` measures. `build(n)` gives exactly n desired
 * composed resources; `added(counts)` is how many guardrails must add (its
 * companions), the response's desired resources being n plus that.
 */
export const SHAPES = {
  mixed: {
    describe: '40% RDS Instances, 20% Buckets (3 companions each added), 20% SecurityGroupIngressRules, 20% ConfigMaps/Objects',
    build: (n) => composedResources(n),
    added: (counts) => 3 * counts.buckets,
    summary: (c) => `${c.rds} RDS, ${c.buckets} Buckets, ${c.rules} ingress rules, ${c.other} ConfigMaps/Objects`,
  },
  'author-companions': {
    describe: 'Buckets with the three companions their author wrote (none added); ConfigMaps to fill',
    build: (n) => grouped(n, 4, 'bucket', bucketWithCompanions),
    added: () => 0,
    summary: (c) => `${c.groups} Buckets + ${3 * c.groups} companions, ${c.fill} ConfigMaps`,
  },
  'sg-with-groups': {
    describe: 'SecurityGroups, each with 3 ingress rules naming it by ref, selector and ID; ConfigMaps to fill',
    build: (n) => {
      const observed = new Map();
      return { ...grouped(n, 4, 'sg', (name, i) => groupWithRules(name, i, observed)), observed: Object.fromEntries(observed) };
    },
    added: () => 0,
    summary: (c) => `${c.groups} SecurityGroups + ${3 * c.groups} rules, ${c.fill} ConfigMaps`,
  },
  'workloads-in-objects': {
    describe: 'provider-kubernetes Objects carrying Deployments that meet restricted Pod Security (securityContexts, resources, probe, volume)',
    build: (n) => grouped(n, 1, 'workload', (name, i) => [[name, workloadObject(name, i)]]),
    added: () => 0,
    summary: (c) => `${c.groups} Objects with Deployments`,
  },
};

/** A request of `shape` with n desired composed resources and BENCH_INPUT, as plain JSON (see jsonRequest). */
export function shapeRequest(shape, n) {
  const { resources, counts, observed = {} } = SHAPES[shape].build(n);
  return { request: requestOf(`bench-${shape}-${n}`, resources, BENCH_INPUT, observed), counts };
}
