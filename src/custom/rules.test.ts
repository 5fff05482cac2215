import { describe, expect, it } from 'vitest';
import { bucket, engineRequest, rdsInstance, resource, xr } from '../../test/builders.js';
import { evaluate } from '../engine/engine.js';
import type { Decision, KubeObject } from '../engine/types.js';
import { parseInput } from '../load/parse.js';
import { CATALOG } from '../rules/catalog.js';
import { customRules, type Limits } from './rules.js';

const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const euOnly = {
  id: 'eu-only',
  match: { apiVersion: '*.aws.*upbound.io/*', kind: '*' },
  expression: "object.spec.forProvider.region.startsWith('eu-')",
  message: 'AWS resources must stay in EU regions',
};

/** Evaluates `desired` under an Input with these custom rules (after the built-in catalog, as the handler runs them). */
function run(custom: Record<string, unknown>[], desired: Record<string, KubeObject>, opts: { composite?: KubeObject; observed?: Record<string, KubeObject>; limits?: Limits; extra?: Record<string, unknown> } = {}): Decision {
  const parsed = parseInput({ ...head, custom, ...opts.extra }, CATALOG);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const rules = [...CATALOG, ...customRules(parsed.custom, opts.limits)];
  return evaluate(engineRequest(desired, { input: parsed.input, composite: opts.composite ?? xr(), observed: opts.observed ?? {}, now: Date.UTC(2027, 0, 1) }), rules);
}

const usBucket = () => bucket({ forProvider: { region: 'us-east-1' } });
const custom = (d: Decision) => d.findings.filter((f) => !CATALOG.some((r) => r.id === f.rule));

describe('custom rules', () => {
  const cases: { name: string; reason: string; rule: Record<string, unknown>; desired: Record<string, KubeObject>; composite?: KubeObject; observed?: Record<string, KubeObject>; want: unknown[] }[] = [
    {
      name: 'a violation is refused with the rule message',
      reason: 'the issue example: Deny with the message, rule ID first',
      rule: { ...euOnly, action: 'Deny' },
      desired: { assets: usBucket() },
      want: [{ resource: 'assets', rule: 'eu-only', action: 'Deny', path: '', message: 'AWS resources must stay in EU regions' }],
    },
    { name: 'a compliant resource passes', reason: 'true means compliant', rule: euOnly, desired: { assets: bucket() }, want: [] },
    {
      name: 'apiVersion glob: another cloud is not judged',
      reason: 'a GCP bucket has no forProvider.region and is not an AWS resource',
      rule: euOnly,
      desired: { gcs: resource('storage.gcp.upbound.io/v1beta2', 'Bucket', { location: 'US' }) },
      want: [],
    },
    {
      name: 'kind glob',
      reason: 'only RDS kinds matching Inst* are judged',
      rule: { ...euOnly, match: { apiVersion: 'rds.aws.*', kind: 'Inst*' } },
      desired: { db: rdsInstance({ region: 'us-east-1' }), assets: usBucket() },
      want: [{ resource: 'db', rule: 'eu-only', action: 'Deny', path: '', message: 'AWS resources must stay in EU regions' }],
    },
    {
      name: 'name glob',
      reason: 'match.name selects composition resource names',
      rule: { ...euOnly, match: { name: 'logs-*' } },
      desired: { 'logs-1': usBucket(), assets: usBucket() },
      want: [{ resource: 'logs-1', rule: 'eu-only', action: 'Deny', path: '', message: 'AWS resources must stay in EU regions' }],
    },
    {
      name: 'composite selector: a prod XR is judged',
      reason: 'matchLabels on the XR',
      rule: { ...euOnly, match: { compositeSelector: { matchLabels: { env: 'prod' } } } },
      desired: { assets: usBucket() },
      composite: xr({ labels: { env: 'prod' } }),
      want: [{ resource: 'assets', rule: 'eu-only', action: 'Deny', path: '', message: 'AWS resources must stay in EU regions' }],
    },
    {
      name: 'composite selector: a dev XR is not',
      reason: 'the selector does not hold',
      rule: { ...euOnly, match: { compositeSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] } } },
      desired: { assets: usBucket() },
      composite: xr({ labels: { env: 'dev' } }),
      want: [],
    },
    {
      name: 'object is the resource after injections',
      reason: 'aws-rds-storage-encrypted injects first, so a rule requiring encryption passes',
      rule: { id: 'encrypted', match: { kind: 'Instance' }, expression: 'object.spec.forProvider.storageEncrypted == true', message: 'encrypt it' },
      desired: { db: rdsInstance() },
      want: [],
    },
    {
      name: 'observed: no shrinking of storage',
      reason: 'observed is the observed composed resource; shrinking RDS storage fails at AWS',
      rule: {
        id: 'no-shrink',
        match: { kind: 'Instance' },
        expression: 'observed == null || object.spec.forProvider.allocatedStorage >= observed.spec.forProvider.allocatedStorage',
        message: 'storage cannot shrink',
      },
      desired: { db: rdsInstance({ allocatedStorage: 100 }) },
      observed: { db: rdsInstance({ allocatedStorage: 200 }) },
      want: [{ resource: 'db', rule: 'no-shrink', action: 'Deny', path: '', message: 'storage cannot shrink' }],
    },
    {
      name: 'observed is null for a new resource',
      reason: 'nothing observed yet',
      rule: { id: 'new-only', expression: 'observed != null', message: 'only existing resources', action: 'Warn' },
      desired: { assets: bucket() },
      want: [{ resource: 'assets', rule: 'new-only', action: 'Warn', path: '', message: 'only existing resources' }],
    },
    {
      name: 'composite and name',
      reason: 'every bucket name starts with the team, read from the XR',
      rule: {
        id: 'team-prefix',
        match: { kind: 'Bucket' },
        expression: 'name.startsWith(composite.metadata.labels.team + "-")',
        message: 'name buckets <team>-…',
        action: 'RequireApproval',
      },
      desired: { 'payments-logs': bucket(), assets: bucket() },
      composite: xr({ labels: { team: 'payments' } }),
      want: [{ resource: 'assets', rule: 'team-prefix', action: 'RequireApproval', path: '', message: 'name buckets <team>-…' }],
    },
    {
      name: 'an error fails closed by default',
      reason: 'a missing field is a violation under failurePolicy Fail',
      rule: { id: 'engine', match: { kind: 'Instance' }, expression: "object.spec.forProvider.engineVersion.startsWith('16')", message: 'Postgres 16 only' },
      desired: { db: rdsInstance() },
      want: [{ resource: 'db', rule: 'engine', action: 'Deny', path: '', message: 'Postgres 16 only (the expression could not be evaluated: field not found: engineVersion)' }],
    },
    {
      name: 'an error under failurePolicy Ignore is a warning',
      reason: 'the rule said so',
      rule: { id: 'engine', match: { kind: 'Instance' }, expression: "object.spec.forProvider.engineVersion.startsWith('16')", message: 'Postgres 16 only', failurePolicy: 'Ignore' },
      desired: { db: rdsInstance() },
      want: [{ resource: 'db', rule: 'engine', action: 'Warn', path: '', message: 'the expression could not be evaluated, ignored (failurePolicy: Ignore): field not found: engineVersion' }],
    },
    {
      name: 'a non-bool value at run time is an error',
      reason: 'a field the expression returns may be a string on some resources',
      rule: { id: 'flag', expression: 'object.spec.forProvider.region', message: 'm' },
      desired: { assets: bucket() },
      want: [{ resource: 'assets', rule: 'flag', action: 'Deny', path: '', message: 'm (the expression could not be evaluated: the expression returned a string, not a bool)' }],
    },
  ];
  it.each(cases)('$name', ({ rule, desired, composite, observed, want }) => {
    const d = run([rule], desired, { ...(composite ? { composite } : {}), ...(observed ? { observed } : {}) });
    expect(custom(d).filter((f) => f.resource in desired)).toEqual(want);
  });

  it('judges the companions guardrails adds, too', () => {
    const d = run([euOnly], { assets: usBucket() });
    expect(custom(d).map((f) => f.resource)).toEqual(['assets', ...d.companions.map((c) => c.name)]);
    expect(d.companions.length).toBeGreaterThan(0);
  });

  describe('messageExpression', () => {
    const cases = [
      {
        name: 'its value is the message',
        reason: 'an agent learns what was found, not only what the rule wants',
        messageExpression: "'region ' + object.spec.forProvider.region + ' is outside the EU; use eu-west-1'",
        want: 'region us-east-1 is outside the EU; use eu-west-1',
      },
      {
        name: 'where it fails, message stands',
        reason: 'a message expression that errors must not hide the violation',
        messageExpression: "'engine ' + object.spec.forProvider.engine",
        want: 'AWS resources must stay in EU regions',
      },
      {
        name: 'an empty value falls back too',
        reason: 'a blank reason helps nobody',
        messageExpression: "' '",
        want: 'AWS resources must stay in EU regions',
      },
    ];
    it.each(cases)('$name', ({ messageExpression, want }) => {
      const d = run([{ ...euOnly, messageExpression }], { assets: usBucket() });
      expect(custom(d).find((f) => f.resource === 'assets')?.message).toBe(want);
    });

    it('is long at most 1,024 characters', () => {
      const d = run([{ ...euOnly, messageExpression: "object.spec.forProvider.tags.note" }], { assets: bucket({ forProvider: { region: 'us-east-1', tags: { note: 'x'.repeat(5000) } } }) });
      expect(custom(d).find((f) => f.resource === 'assets')?.message).toBe(`${'x'.repeat(1024)}…`);
    });
  });

  it('Audit mode reports a violation and changes nothing', () => {
    const desired = { assets: usBucket() };
    const d = run([euOnly], desired, { extra: { mode: 'Audit' } });
    expect(custom(d).filter((f) => f.resource === 'assets')).toEqual([{ resource: 'assets', rule: 'eu-only', action: 'Deny', path: '', message: 'AWS resources must stay in EU regions' }]);
    expect(d.desired.assets).toBe(desired.assets);
  });

  it('an exception covers a custom rule it names', () => {
    const d = run([euOnly], { assets: usBucket() }, { extra: { exceptions: [{ rules: ['eu-only'], expires: '2027-03-31', justification: 'US mirror, ticket DATA-9' }] } });
    expect(custom(d).filter((f) => f.resource === 'assets')).toEqual([{ resource: 'assets', rule: 'eu-only', action: 'Warn', path: '', message: 'AWS resources must stay in EU regions', waivedBy: 0 }]);
  });
});

describe('custom rule limits', () => {
  const longList = (n: number) => resource('example.org/v1', 'Thing', { l: Array.from({ length: n }, (_, i) => i) });
  const nested = { id: 'runaway', match: { kind: 'Thing' }, expression: 'object.spec.forProvider.l.all(a, object.spec.forProvider.l.all(b, a + b >= 0))', message: 'm' };

  it('a runaway expression is an error naming the rule, and is not run again in the request', () => {
    const d = run([nested], { a: longList(1000), b: longList(1000) });
    expect(d.errors).toEqual([
      { resource: 'a', rule: 'runaway', message: 'the expression ran past its budget of 50000 comprehension steps; simplify it' },
      { resource: 'b', rule: 'runaway', message: 'the expression ran past its budget of 50000 comprehension steps; simplify it' },
    ]);
  });

  it("the request's budget is shared by every evaluation", () => {
    const single = { id: 'scan', match: { kind: 'Thing' }, expression: 'object.spec.forProvider.l.all(a, a >= 0)', message: 'm' };
    const d = run([single], { a: longList(8000), b: longList(8000) }, { limits: { evaluation: 10_000, request: 15_000 } });
    expect(d.errors).toEqual([{ resource: 'b', rule: 'scan', message: "custom rules spent this request's budget of 15000 comprehension steps; simplify the expressions" }]);
  });

  it('each request starts with a fresh budget', () => {
    const single = { id: 'scan', match: { kind: 'Thing' }, expression: 'object.spec.forProvider.l.all(a, a >= 0)', message: 'm' };
    const limits = { evaluation: 10_000, request: 10_000 };
    for (let i = 0; i < 3; i++) expect(run([single], { a: longList(8000) }, { limits }).errors).toEqual([]);
  });
});

describe('objects as CEL maps', () => {
  // Objects are converted field by field as an expression reads them: every way of reading a map must see all of it.
  const labelled = (labels: Record<string, unknown>) => bucket({ metadata: { name: 'b', labels }, forProvider: { region: 'eu-west-1' } });
  const cases: { name: string; expression: string; labels: Record<string, unknown>; want: boolean }[] = [
    { name: 'size counts every key', expression: 'object.metadata.labels.size() == 3', labels: { a: '1', b: '2', c: '3' }, want: true },
    { name: 'in sees a key not read before', expression: "'c' in object.metadata.labels", labels: { a: '1', c: '3' }, want: true },
    { name: 'in refuses an absent key', expression: "'z' in object.metadata.labels", labels: { a: '1' }, want: false },
    { name: 'all visits every entry', expression: "object.metadata.labels.all(k, object.metadata.labels[k] != 'bad')", labels: { a: '1', b: 'bad' }, want: false },
    { name: 'exists_one counts keys once', expression: "object.metadata.labels.exists_one(k, k.startsWith('a'))", labels: { a: '1', ab: '2' }, want: false },
    { name: 'map equality compares contents', expression: "object.metadata.labels == {'a': '1', 'b': '2'}", labels: { b: '2', a: '1' }, want: true },
    { name: 'map equality sees an extra key', expression: "object.metadata.labels == {'a': '1'}", labels: { a: '1', b: '2' }, want: false },
    { name: 'whole numbers read as ints', expression: 'object.metadata.labels.n + 1 == 3', labels: { n: 2 }, want: true },
    { name: 'has() on a nested key', expression: 'has(object.metadata.labels.a)', labels: { a: '1' }, want: true },
    { name: 'a key named __proto__ is a key like any other', expression: "object.metadata.labels['__proto__'] == 'x'", labels: JSON.parse('{"__proto__": "x"}') as Record<string, unknown>, want: true },
  ];
  it.each(cases)('$name', ({ expression, labels, want }) => {
    const d = run([{ id: 'maps', match: { kind: 'Bucket' }, expression, message: 'no' }], { b: labelled(labels) });
    expect(d.errors).toEqual([]);
    expect(d.findings.some((f) => f.rule === 'maps')).toBe(!want);
  });
});

describe('custom rules see objects as the API server holds them', () => {
  it('a resource composed without metadata reads as having empty metadata, so its verdict holds on the next call (found by the idempotence property)', () => {
    // A queue: the catalog injects its tags, and the function's annotation gives it metadata only once judged.
    const rule = { id: 'named', match: { kind: 'Queue' }, expression: 'has(object.metadata.name)', message: 'name it', failurePolicy: 'Ignore' };
    const bare = resource('sqs.aws.upbound.io/v1beta1', 'Queue', { region: 'eu-west-1' });
    const first = run([rule], { q: bare }, { extra: { tags: { values: { team: 'platform' } } } });
    // The function's own output carries metadata (its annotations): judged again, the same verdict.
    expect(first.desired['q']?.metadata).toBeDefined();
    const again = run([rule], first.desired, { extra: { tags: { values: { team: 'platform' } } } });
    const named = (d: Decision) => d.findings.filter((f) => f.rule === 'named').map((f) => f.action);
    expect([named(first), named(again)]).toEqual([['Deny'], ['Deny']]);
  });
});
