/**
 * The 50-rule Input for the custom-rules benchmark: ten shapes of real
 * rules (regions, sizes, naming, labels, tags), five variants each, all
 * written to pass on the bench fixtures.
 */
/** Ten shapes of real rules (regions, sizes, naming, labels, tags), five variants each. */
export const TEMPLATES = [
  (i) => ({ match: { apiVersion: '*.aws.*upbound.io/*' }, expression: `!has(object.spec.forProvider.region) || object.spec.forProvider.region.startsWith('eu-') || object.spec.forProvider.region == 'r${i}'` }),
  (i) => ({ match: { kind: 'Instance' }, expression: `object.spec.forProvider.instanceClass in ['db.t3.medium', 'db.t4g.large', 'db.x${i}']` }),
  (i) => ({ match: { kind: 'Bucket' }, expression: `!has(object.spec.forProvider.tags) || object.spec.forProvider.tags.all(k, k.size() < 128 + ${i})` }),
  (i) => ({ expression: `composite.metadata.labels.team == 'payments' || name == 'n${i}'` }),
  (i) => ({ match: { kind: 'Instance' }, expression: `!has(object.spec.forProvider.allocatedStorage) || object.spec.forProvider.allocatedStorage <= ${1000 + i}` }),
  (i) => ({ expression: `name.matches('^[a-z0-9-]+$') && name.size() < ${63 + i}` }),
  (i) => ({ match: { kind: 'SecurityGroupIngressRule' }, expression: `!has(object.spec.forProvider.cidrIpv4) || object.spec.forProvider.cidrIpv4 != '0.0.0.${i}/0'` }),
  (i) => ({ expression: `observed == null || has(observed.metadata) || name == 'x${i}'` }),
  (i) => ({ match: { compositeSelector: { matchLabels: { team: 'payments' } } }, expression: `has(composite.metadata.labels) && composite.metadata.labels.exists(k, k == 'cost-center' || k == 'c${i}')` }),
  (i) => ({ match: { kind: 'Bucket' }, expression: `!has(object.spec.forProvider.forceDestroy) || object.spec.forProvider.forceDestroy == false || name == 'b${i}'` }),
];

export function customRules(count, salt = '') {
  return Array.from({ length: count }, (_, i) => ({
    id: `rule-${i}`,
    ...(i === 0 && salt !== '' ? { description: salt } : {}),
    message: `rule ${i} failed`,
    ...TEMPLATES[i % TEMPLATES.length](Math.floor(i / TEMPLATES.length)),
  }));
}

