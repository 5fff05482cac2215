/**
 * Request fixtures for the benchmark: what Crossplane would send
 * function-guardrails on the first reconcile of an XR that composes N
 * resources (desired state from an earlier step, observed XR, no observed
 * composed resources yet).
 *
 * The mix per N (rounded; the remainder goes to the last group):
 *   40% RDS Instance, alternating cluster-scoped v1beta3 and namespaced v1beta1
 *   20% S3 Bucket, alternating cluster-scoped v1beta2 and namespaced v1beta1
 *       (each gets three companions: encryption, public access block, versioning)
 *   20% SecurityGroupIngressRule, compliant (a private CIDR to Postgres)
 *   20% kinds no rule applies to: ConfigMaps and provider-kubernetes Objects
 *
 * The Guardrails input is satisfiable (tags.required is met through
 * fromComposite), so the expected verdict is Remediated, never Denied.
 */

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

function k8sObject(name) {
  return {
    apiVersion: 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    metadata: meta(name),
    spec: {
      forProvider: {
        manifest: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: 'team-payments', labels: { app: name } },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: {
                containers: [
                  {
                    name: 'app',
                    image: 'registry.example.org/payments/api:1.42.0',
                    ports: [{ containerPort: 8080, name: 'http' }],
                    env: [{ name: 'DATABASE_HOST', valueFrom: { configMapKeyRef: { name: `${name}-config`, key: 'DATABASE_HOST' } } }],
                    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                  },
                ],
              },
            },
          },
        },
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
  const request = {
    meta: { tag: `bench-${n}`, capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: { composite: { resource: XR }, resources: {} },
    desired: {
      composite: { resource: { apiVersion: XR.apiVersion, kind: XR.kind, status: { phase: 'Provisioning' } } },
      resources: Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, { resource: r, ready: 'READY_UNSPECIFIED' }])),
    },
    input: INPUT,
    context: { 'apiextensions.crossplane.io/environment': { tier: 'prod', region: REGION } },
  };
  return { request, counts };
}
