/**
 * fast-check arbitraries for desired states an agent could hand the
 * function: managed resources of every kind version the repository has a
 * shape for (AWS, Azure, GCP; cluster-scoped and namespaced groups; single
 * nested blocks as the version renders them, or not), the kinds the catalog
 * reads, the catalog's own violation fixtures (test/violations.ts), pods and
 * workloads (test/builders/pods.ts), all with random extra fields, values of
 * the wrong type where a boolean or a number belongs, random management
 * policies, and carried by provider-kubernetes Objects of either group.
 */
import fc from 'fast-check';
import type { Shape } from '../../src/engine/schema.js';
import type { KubeObject } from '../../src/engine/types.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { CATALOG } from '../../src/rules/catalog.js';
import { BUILTIN_SCHEMAS } from '../../src/rules/zz_schemas.js';
import { bucket, carried, type Group } from '../builders.js';
import { container, pod, restrictedContainer, restrictedSpec, WORKLOAD_KINDS, workload } from '../builders/pods.js';
import { VIOLATIONS } from '../violations.js';

/** Every kind version with a built-in shape, as `[apiVersion, kind, shape]`. */
export const SHAPED_KINDS: readonly (readonly [string, string, Shape])[] = [...BUILTIN_SCHEMAS].map(([key, shape]) => {
  const [apiVersion, kind] = key.split('|') as [string, string];
  return [apiVersion, kind, shape] as const;
});

/** Every kind a catalog rule names, as an apiVersion (a provider kind in its cluster-scoped v1beta1) and kind. */
export const RULE_KINDS: readonly (readonly [string, string])[] = [
  ...new Map(
    CATALOG.flatMap((r) => (Array.isArray(r.kinds) ? (r.kinds as readonly { cloud?: string; service?: string; group?: string; kind: string }[]) : [])).map((k) => {
      const apiVersion = k.cloud !== undefined ? `${k.service}.${k.cloud}.upbound.io/v1beta1` : k.group === '' ? 'v1' : `${k.group}/v1`;
      return [`${apiVersion}|${k.kind}`, [apiVersion, k.kind] as const];
    }),
  ).values(),
];

/** Every composed resource of the violation fixtures: targets and siblings. */
export const FIXTURES: readonly KubeObject[] = Object.values(VIOLATIONS).flatMap((v) => [v.target, ...Object.values(v.siblings ?? {})]);

/** Strings that mean something to some rule: open ranges, wildcards, regions, booleans spelled as text, policies. */
const MEANINGFUL = [
  '0.0.0.0/0', '::/0', '10.0.0.0/8', '198.51.100.0/24', '*', 'true', 'false', 'True', '0', '1', '22', '3389', '443', '0-65535',
  'eu-west-1', 'us-east-1', 'westeurope', 'europe-west1', 'Allow', 'Deny', 'Inbound', 'Tcp', 'tcp', 'ingress', '-1',
  'allUsers', 'allAuthenticatedUsers', 'roles/owner', 'roles/editor', 'system:authenticated', 'cluster-admin',
  'arn:aws:iam::aws:policy/AdministratorAccess', 'none', 'TLS1_0', 'TLS1_2', 'enforced', 'inherited', 'MUTABLE', 'Unconfined',
  'GCE_METADATA', 'on', 'off', 'FALSE', 'nginx:latest', 'Observe', '',
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
  '{not json',
];

const KEYS = ['enabled', 'name', 'value', 'type', 'region', 'tags', 'labels', 'policy', 'spec', 'forProvider', 'manifest', 'metadata', 'kind', 'apiVersion', 'x', '__proto__', 'constructor', 'toString'];

/** A key: a known one, or any string (own property even for `__proto__`). */
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });

/** An object from entries, every key an own property (`__proto__` included), as JSON decoding makes it. */
export function own(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A small JSON value of any type: what an agent puts where a boolean, a number or a block belongs. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -70000, max: 70000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...MEANINGFUL),
    fc.string({ maxLength: 12 }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 3 }).map(own),
  ),
})).v;

/** A value for a field of `shape`: mostly of its type, sometimes not (`wrong` of the time). */
export function valueOf(shape: Shape, depth = 0, wrong = 0.1): fc.Arbitrary<unknown> {
  const right = rightValueOf(shape, depth, wrong);
  const w = Math.round(wrong * 100);
  return w === 0 ? right : fc.oneof({ weight: 100 - w, arbitrary: right }, { weight: w, arbitrary: junk });
}

function rightValueOf(shape: Shape, depth: number, wrong: number): fc.Arbitrary<unknown> {
  if (typeof shape === 'string') {
    if (shape.startsWith('a')) return fc.array(rightValueOf(shape.slice(1), depth + 1, wrong), { maxLength: 3 });
    switch (shape) {
      case 's':
        return fc.oneof(fc.constantFrom(...MEANINGFUL), fc.string({ maxLength: 10 }));
      case 'b':
        return fc.boolean();
      case 'n':
        return fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.double({ min: 0, max: 1000, noNaN: true }));
      case 'i':
        return fc.integer({ min: -1, max: 70000 });
      case 'm':
        return fc.dictionary(fc.constantFrom('team', 'cost-center', 'env', 'Name'), fc.constantFrom('platform', 'CC 1234', 'prod', ''), { maxKeys: 3 });
      case 'r':
        return fc.constantFrom({ name: 'other' }, { matchLabels: { app: 'x' } }, { matchControllerRef: true });
      default:
        return junk;
    }
  }
  if (depth > 3) return fc.constant(Array.isArray(shape) ? [] : {});
  if (Array.isArray(shape)) return fc.array(blockOf(shape[0] as Record<string, Shape>, depth + 1, wrong), { minLength: 1, maxLength: 2 });
  return blockOf(shape as Record<string, Shape>, depth + 1, wrong);
}

/** A block with a few of its fields, and now and then a field its kind does not have. */
export function blockOf(fields: Record<string, Shape>, depth = 0, wrong = 0.1, maxFields = 5): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(fields);
  const extra = fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(key, junk), { maxLength: 2 }) });
  return fc
    .tuple(fc.subarray(names, { maxLength: Math.min(maxFields, names.length) }), extra)
    .chain(([chosen, extras]) => fc.tuple(...chosen.map((n) => valueOf(fields[n]!, depth, wrong).map((v) => [n, v] as const))).map((set) => own([...set, ...extras])));
}

const managementPolicies = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(['*'], ['Observe'], ['Observe', 'LateInitialize'], ['Create', 'Update', 'Delete', 'Observe'], ['Observe', 'Delete'], [], 'Observe', ['observe'], [null]) },
);

const metadata = fc.record(
  {
    name: fc.constantFrom('res', 'orders-db', '', 'a'.repeat(80)),
    namespace: fc.constantFrom('team-a', 'crossplane-system', 'default'),
    labels: fc.dictionary(fc.constantFrom('app', 'team', 'cost-center'), fc.constantFrom('x', 'platform', ''), { maxKeys: 2 }),
    annotations: fc.dictionary(
      fc.constantFrom('crossplane.io/external-name', 'guardrails.fn.crossplane.io/mutated-by', 'guardrails.fn.crossplane.io/companion-of', 'note'),
      fc.constantFrom('prod-data', 'aws-s3-encryption', 'x', 'arn:aws:iam::aws:policy/AdministratorAccess'),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);

/** `service.cloud.upbound.io` <-> `service.cloud.m.upbound.io`. */
export function otherGroup(apiVersion: string): string {
  return apiVersion.replace(/\.(aws|azure|gcp)(\.m)?\.upbound\.io\//, (_m, cloud: string, m: string | undefined) => `.${cloud}${m === undefined ? '.m' : ''}.upbound.io/`);
}

/** A managed resource of a kind version with a built-in shape, its parameters drawn from the shape. */
export const shapedResource: fc.Arbitrary<KubeObject> = fc
  .constantFrom(...SHAPED_KINDS)
  .chain(([apiVersion, kind, shape]) =>
    fc.record(
      {
        apiVersion: fc.oneof({ weight: 8, arbitrary: fc.constant(apiVersion) }, { weight: 1, arbitrary: fc.constant(otherGroup(apiVersion)) }, { weight: 1, arbitrary: fc.constantFrom('v1alpha1', 'v1beta1', 'v1beta2', 'v1beta3', 'v1').map((v) => apiVersion.replace(/\/[^/]+$/, `/${v}`)) }),
        kind: fc.constant(kind),
        metadata,
        spec: fc.record(
          {
            forProvider: typeof shape === 'object' && !Array.isArray(shape) ? blockOf(shape as Record<string, Shape>, 0, 0.1, 8) : junk,
            initProvider: typeof shape === 'object' && !Array.isArray(shape) ? blockOf(shape as Record<string, Shape>, 0, 0.2, 2) : junk,
            managementPolicies,
            providerConfigRef: fc.constantFrom({ name: 'default' }, { kind: 'ClusterProviderConfig', name: 'shared' }, { kind: 'ProviderConfig', name: 'team-a' }),
          },
          { requiredKeys: ['forProvider'] },
        ),
      },
      { requiredKeys: ['apiVersion', 'kind', 'spec'] },
    ),
  )
  .map(dropUndefined);

/** A managed resource of a kind the catalog names, with random parameters. */
export const ruleKindResource: fc.Arbitrary<KubeObject> = fc.constantFrom(...RULE_KINDS).chain(([apiVersion, kind]) =>
  fc.record({
    apiVersion: fc.constantFrom(apiVersion, otherGroup(apiVersion), apiVersion.replace(/\/[^/]+$/, '/v1beta2')),
    kind: fc.constant(kind),
    metadata: fc.constant({ name: 'res' }),
    spec: fc.oneof({ weight: 9, arbitrary: fc.array(fc.tuple(key, junk), { maxLength: 4 }).map((e) => ({ forProvider: own(e) })) }, { weight: 1, arbitrary: junk }),
  }),
);

/** A pod spec: restricted or not, with random securityContexts, images, volumes and host settings. */
const podSpec: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      containers: fc.array(
        fc.oneof(
          fc.constant(restrictedContainer()),
          fc.constant(container('app')),
          fc.record({ privileged: junk, runAsUser: junk, allowPrivilegeEscalation: junk, capabilities: fc.constantFrom({ add: ['SYS_ADMIN'] }, { drop: ['ALL'] }, 'ALL') }, { requiredKeys: [] }).map((sc) => restrictedContainer('app', sc)),
          fc.constantFrom('nginx', 'nginx:latest', 'registry.example.com/app@sha256:' + 'a'.repeat(64)).map((image) => container('app', { image })),
          { arbitrary: junk, weight: 1 },
        ),
        { maxLength: 2 },
      ),
      hostNetwork: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: junk }),
      securityContext: fc.oneof({ weight: 4, arbitrary: fc.constant({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }) }, { weight: 1, arbitrary: junk }),
      volumes: fc.oneof({ weight: 2, arbitrary: fc.constant([{ name: 'h', hostPath: { path: '/' } }]) }, { weight: 2, arbitrary: fc.constant([{ name: 'e', emptyDir: {} }]) }, { weight: 1, arbitrary: junk }),
    },
    { requiredKeys: ['containers'] },
  )
  .map((over) => restrictedSpec(dropUndefined(over)));

/** A bare Pod or a workload of any kind, its pods from `podSpec`. */
export const workloadResource: fc.Arbitrary<KubeObject> = fc.tuple(fc.constantFrom('Pod' as const, ...WORKLOAD_KINDS), podSpec).map(([kind, spec]) => (kind === 'Pod' ? pod(spec) : workload(kind, spec)));

/** A violation fixture's composed resource, as it is. */
export const fixtureResource: fc.Arbitrary<KubeObject> = fc.constantFrom(...FIXTURES).map((r) => structuredClone(r));

/** Every path to a node (object or array) of `v`, the root included. */
function nodes(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    out.push(at);
    v.forEach((x, i) => nodes(x, [...at, i], out));
  } else if (isObject(v)) {
    out.push(at);
    for (const [k, x] of Object.entries(v)) nodes(x, [...at, k], out);
  }
  return out;
}

function at(root: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const seg of path) cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** An arbitrary edit of a resource tree: a field set to junk, a field added, a block flipped between object and one-element list. */
export const edit = fc.tuple(fc.constantFrom('set', 'add', 'flip', 'drop'), fc.nat(), junk, key);

/** `obj` with a few random edits (a copy). */
export function edited(obj: KubeObject, edits: readonly (readonly [string, number, unknown, string])[]): KubeObject {
  const out = structuredClone(obj);
  for (const [op, pick, value, name] of edits) {
    const all = nodes(out);
    const path = all[pick % all.length]!;
    const node = at(out, path);
    if (op === 'add' && isObject(node)) Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
    if (path.length === 0) continue;
    const parent = at(out, path.slice(0, -1)) as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (op === 'set') parent[last] = value;
    else if (op === 'drop' && isObject(parent)) delete parent[last];
    else if (op === 'flip') parent[last] = Array.isArray(node) ? (node.length === 1 ? node[0] : node) : isObject(node) ? [node] : node;
  }
  return out;
}

/** An S3 bucket in any group and version, named or not: the kind guardrails adds companions for. */
export const bucketResource: fc.Arbitrary<KubeObject> = fc
  .record({ group: fc.constantFrom<Group>('cluster', 'namespaced'), version: fc.constantFrom('v1beta1', 'v1beta2'), name: fc.constantFrom(undefined, 'data'), region: fc.constantFrom(undefined, 'eu-west-1') })
  .map(({ group, version, name, region }) => {
    const b = bucket({ group, version, ...(name !== undefined ? { metadata: { name } } : {}) });
    if (region === undefined) delete ((b.spec as Record<string, unknown>).forProvider as Record<string, unknown>).region;
    return b;
  });

/** A resource from any of the sources, edited now and then. */
export const anyResource: fc.Arbitrary<KubeObject> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: shapedResource },
      { weight: 2, arbitrary: ruleKindResource },
      { weight: 4, arbitrary: fixtureResource },
      { weight: 2, arbitrary: workloadResource },
      { weight: 2, arbitrary: bucketResource },
    ),
    fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }) }),
    managementPolicies,
  )
  .map(([r, edits, policies]) => {
    const out = edits.length > 0 ? edited(r, edits) : r;
    if (policies !== undefined && isObject(out.spec)) (out.spec as Record<string, unknown>).managementPolicies = policies;
    return out;
  });

/** `obj` carried by provider-kubernetes Objects, `groups` from the outside in (none: `obj` itself). */
export function wrap(obj: KubeObject, groups: readonly Group[]): KubeObject {
  return groups.reduceRight((inner, group) => carried(inner, group), obj);
}

const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

/** Carriers around a resource: mostly none, up to five (the engine reads four deep). */
export const carriers: fc.Arbitrary<readonly Group[]> = fc.oneof({ weight: 3, arbitrary: fc.constant([] as Group[]) }, { weight: 2, arbitrary: fc.array(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...GROUPS), { minLength: 3, maxLength: 5 }) });

/** A composed resource: any resource, carried or not, and now and then an observe-only carrier. */
export const composed: fc.Arbitrary<KubeObject> = fc.tuple(anyResource, carriers, fc.nat(9)).map(([r, groups, n]) => {
  const out = wrap(r, groups);
  if (groups.length > 0 && n === 0) (out.spec as Record<string, unknown>).managementPolicies = ['Observe'];
  return out;
});

/** Composition resource names: plain ones, and names that are properties of Object.prototype. */
export const resourceName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('a', 'b', 'db', 'bucket', 'target', 'web', 'res') }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'a-public-access-block') });

/** A desired state: one to three composed resources by name. */
export const desiredState: fc.Arbitrary<Record<string, KubeObject>> = fc.uniqueArray(fc.tuple(resourceName, composed), { minLength: 1, maxLength: 3, selector: ([n]) => n }).map((e) => own(e) as Record<string, KubeObject>);

/** A copy of `obj` without its undefined fields (records of optional keys leave them out, maps may not). */
export function dropUndefined<T extends Record<string, unknown>>(obj: T): T {
  return JSON.parse(JSON.stringify(obj, (_k, v: unknown) => v)) as T;
}

