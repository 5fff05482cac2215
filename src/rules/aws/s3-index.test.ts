/**
 * A bucket finds the companions that stand in for its own through a lookup
 * built once per evaluation (s3.ts `companionsOf`); here it agrees with the
 * scan it replaced: every companion of the kind, in desired-state order,
 * kept when it is applied where the bucket is, not held, fully managed,
 * through the bucket's provider config and in its region, and names this
 * bucket (by `bucket`, `bucketRef`, or a selector picking it alone).
 * Random desired states over few names, labels and regions, both scopes,
 * bare and carried in Objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carried } from '../../../test/builders.js';
import { runs } from '../../../test/arbitraries/settings.js';
import { DesiredIndex, type IndexedTarget } from '../../engine/desired-index.js';
import type { RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { isObject } from '../../lang/fieldpath.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { cloudName, references, targetKey } from '../kit/references.js';
import { explicitParams } from '../params.js';
import { standIn } from './s3.js';

const KINDS = ['BucketServerSideEncryptionConfiguration', 'BucketPublicAccessBlock', 'BucketVersioning'] as const;
const scope = fc.constantFrom<'cluster' | 'namespaced'>('cluster', 'namespaced');
const name = fc.constantFrom('logs', 'data');
const labels = fc.dictionary(fc.constantFrom('bucket', 'app'), fc.constantFrom('logs', 'data'), { maxKeys: 2 });
const region = fc.option(fc.constantFrom('eu-west-1', 'us-east-1'), { nil: undefined });
const pc = fc.option(fc.constantFrom('default', 'other'), { nil: undefined });
const group = (s: 'cluster' | 'namespaced') => (s === 'namespaced' ? 's3.aws.m.upbound.io/v1beta1' : 's3.aws.upbound.io/v1beta1');
const wrap = (obj: KubeObject, inObject: boolean) => (inObject ? carried(obj) : obj);
const spec = (forProvider: Record<string, unknown>, config: string | undefined, policies: boolean) => ({
  forProvider,
  ...(config !== undefined ? { providerConfigRef: { name: config } } : {}),
  ...(policies ? { managementPolicies: ['Observe'] } : {}),
});

const bucket = fc.record({ scope, name: fc.option(name, { nil: undefined }), external: fc.option(name, { nil: undefined }), labels, region, pc, inObject: fc.boolean() }).map((b) =>
  wrap(
    {
      apiVersion: group(b.scope),
      kind: 'Bucket',
      metadata: { ...(b.name !== undefined ? { name: b.name } : {}), ...(b.external !== undefined ? { annotations: { 'crossplane.io/external-name': `${b.external}-x` } } : {}), labels: b.labels },
      spec: spec(b.region !== undefined ? { region: b.region } : {}, b.pc, false),
    },
    b.inObject,
  ),
);
const naming = fc.oneof(
  fc.record({ bucket: fc.oneof(name, name.map((n) => `${n}-x`)) }),
  fc.record({ bucketRef: fc.record({ name }) }),
  fc.record({ bucketSelector: fc.record({ matchLabels: labels, matchControllerRef: fc.boolean() }, { requiredKeys: [] }) }),
);
const companion = fc.record({ scope, kind: fc.constantFrom(...KINDS), naming: fc.array(naming, { minLength: 1, maxLength: 2 }), region, pc, observeOnly: fc.boolean(), inObject: fc.boolean() }).map((c) =>
  wrap({ apiVersion: group(c.scope), kind: c.kind, metadata: {}, spec: spec({ ...(c.region !== undefined ? { region: c.region } : {}), ...Object.assign({}, ...c.naming) }, c.pc, c.observeOnly) }, c.inObject),
);

/** The scan standIn did before its index: every companion of the kind, each tested against this bucket. */
function scan(ctx: RuleContext, self: IndexedTarget, kind: string): string | undefined {
  const credentials = providerConfigOf(ctx.type, ctx.resource);
  const regions = new Set(explicitParams(ctx.resource, ['region']).map((r) => r.value));
  const labelled = (s: unknown) => isObject(s) && isObject(s.matchLabels) && Object.keys(s.matchLabels).length > 0;
  const isSelf = (c: IndexedTarget) => targetKey(c) === targetKey(self);
  return ctx.index.byRef(`aws/s3/${kind}`).find((other) => {
    if (other.name === ctx.name || other.placement !== self.placement || ctx.held.has(other.name)) return false;
    if (!fullyManaged(other.object) || providerConfigOf(other.type, other.object) !== credentials) return false;
    const theirs = explicitParams(other.object, ['region']).map((r) => r.value);
    if (regions.size > 0 && (theirs.length === 0 || !theirs.every((r) => regions.has(r)))) return false;
    return references(ctx, other, { id: 'bucket', ref: 'bucketRef', selector: 'bucketSelector' }, { kinds: ['aws/s3/Bucket'], ids: (c) => [cloudName(c)] }, { limit: Number.POSITIVE_INFINITY }).some((r) =>
      r.how === 'selector' ? (!r.beyond || labelled(r.value)) && r.found.length === 1 && isSelf(r.found[0]!) : r.found.some(isSelf),
    );
  })?.name;
}

describe('s3 stand-ins: the per-evaluation index agrees with a scan of every companion', () => {
  it('for random buckets and companions', () => {
    fc.assert(
      fc.property(fc.array(bucket, { minLength: 1, maxLength: 5 }), fc.array(companion, { maxLength: 10 }), fc.array(fc.nat(16), { maxLength: 2 }), (buckets, companions, heldAt) => {
        const desired = new Map<string, KubeObject>();
        buckets.forEach((b, i) => desired.set(`b${i}`, b));
        companions.forEach((c, i) => desired.set(`c${String(i).padStart(2, '0')}`, c));
        const names = [...desired.keys()];
        const held = new Set(heldAt.map((i) => names[i % names.length]!));
        const index = new DesiredIndex(desired);
        const shared = { index, desired, held, observed: new Map<string, KubeObject>(), composite: { apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'xr' } } };
        for (const self of index.byRef('aws/s3/Bucket')) {
          const ctx = { ...shared, name: self.name, type: self.type, at: self.at, resource: self.object } as unknown as RuleContext;
          for (const kind of KINDS) expect(standIn(ctx, kind)).toBe(scan(ctx, self, kind));
        }
      }),
      runs(1000),
    );
  });
});
