import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../engine/types.js';
import { approvalSelector, approveCommand, grantsFrom } from './store.js';

const config = { namespace: 'crossplane-system', matchLabels: { 'guardrails.fn.crossplane.io/approvals': 'true' } };
const D1 = `sha256-${'a'.repeat(64)}`;
const D2 = `sha256-${'b'.repeat(64)}`;

function configMap(name: string, data: unknown, opts: { namespace?: string; labels?: Record<string, string>; kind?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: opts.kind ?? 'ConfigMap',
    metadata: { name, namespace: opts.namespace ?? 'crossplane-system', labels: opts.labels ?? { 'guardrails.fn.crossplane.io/approvals': 'true' } },
    data,
  };
}

describe('grantsFrom', () => {
  const cases: { name: string; reason: string; objects: KubeObject[]; want: Record<string, { by: string; source: string }>; ignored: string[] }[] = [
    {
      name: 'a ConfigMap approving a digest',
      reason: 'the data key is the digest, the value who approved and why',
      objects: [configMap('approvals', { [D1]: ' alice@example.com: load test, ticket OPS-7 ' })],
      want: { [D1]: { by: 'alice@example.com: load test, ticket OPS-7', source: 'crossplane-system/approvals' } },
      ignored: [],
    },
    {
      name: 'several ConfigMaps, several digests',
      reason: 'one ConfigMap per approval or one for many: both work',
      objects: [configMap('b', { [D2]: 'bob: yes' }), configMap('a', { [D1]: 'alice: yes' })],
      want: { [D1]: { by: 'alice: yes', source: 'crossplane-system/a' }, [D2]: { by: 'bob: yes', source: 'crossplane-system/b' } },
      ignored: [],
    },
    {
      name: 'the same digest twice',
      reason: 'the first ConfigMap by name wins, whatever order Crossplane sends them in',
      objects: [configMap('z', { [D1]: 'zed: yes' }), configMap('a', { [D1]: 'alice: yes' })],
      want: { [D1]: { by: 'alice: yes', source: 'crossplane-system/a' } },
      ignored: [],
    },
    {
      name: 'another namespace',
      reason: 'an approval outside the approval namespace could have been written by an agent',
      objects: [configMap('approvals', { [D1]: 'agent: trust me' }, { namespace: 'team-a' })],
      want: {},
      ignored: ['approval ConfigMap is outside the approval namespace'],
    },
    {
      name: 'without the labels',
      reason: 'only labelled ConfigMaps are approvals',
      objects: [configMap('approvals', { [D1]: 'alice: yes' }, { labels: {} })],
      want: {},
      ignored: ['approval ConfigMap lacks the approval labels'],
    },
    {
      name: 'not a ConfigMap',
      reason: 'a Secret or anything else is not read',
      objects: [configMap('approvals', { [D1]: 'alice: yes' }, { kind: 'Secret' })],
      want: {},
      ignored: ['approval object is not a ConfigMap'],
    },
    {
      name: 'malformed keys and values',
      reason: 'a key that is not a digest, an empty value, a value that is not a string: none approves anything',
      objects: [configMap('approvals', { 'sha256-abc': 'alice: yes', [D1]: '   ', [D2]: 7, [D1.toUpperCase()]: 'x' })],
      want: {},
      ignored: [
        'approval key is not a digest (sha256-<64 hex>)',
        'approval value must say who approved and why, in 1 to 1024 characters',
        'approval value must say who approved and why, in 1 to 1024 characters',
        'approval key is not a digest (sha256-<64 hex>)',
      ],
    },
    { name: 'no data', reason: 'nothing to read', objects: [configMap('approvals', undefined)], want: {}, ignored: ['approval ConfigMap has no data'] },
  ];
  it.each(cases)('$name', ({ objects, want, ignored }) => {
    const seen: string[] = [];
    const grants = grantsFrom(objects, config, (why) => seen.push(why));
    expect(Object.fromEntries(grants)).toEqual(want);
    expect(seen).toEqual(ignored);
  });
});

describe('approvalSelector', () => {
  it('selects the labelled ConfigMaps of the approval namespace', () => {
    expect(approvalSelector({ namespace: 'approvals', matchLabels: { team: 'platform' } })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'approvals',
      matchLabels: { labels: { team: 'platform' } },
    });
  });
});

describe('approveCommand', () => {
  it('creates one labelled ConfigMap in the approval namespace, named after the digest', () => {
    expect(approveCommand(D1, config)).toBe(
      `kubectl create configmap guardrails-approval-aaaaaaaaaaaaaaaa --namespace crossplane-system --from-literal=${D1}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - guardrails.fn.crossplane.io/approvals=true -o yaml | kubectl apply -f -`,
    );
  });

  it('quotes a label that is not plain text for the shell', () => {
    expect(approveCommand(D1, { namespace: 'approvals', matchLabels: { team: 'platform', note: "it's $(id)" } })).toBe(
      `kubectl create configmap guardrails-approval-aaaaaaaaaaaaaaaa --namespace approvals --from-literal=${D1}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - team=platform 'note=it'\\''s $(id)' -o yaml | kubectl apply -f -`,
    );
  });

  const notDigests = [
    { name: 'a forged command', reason: 'nothing but a digest is ever printed into the command; the error quotes at most 80 characters', digest: `${D1}' --from-literal=x='y`, want: `refusing to print an approve command for "sha256-${'a'.repeat(64)}' --from-": not a digest` },
    { name: 'a newline', reason: 'the pattern is anchored at both ends', digest: `${D1}\n`, want: `refusing to print an approve command for "sha256-${'a'.repeat(64)}\\n": not a digest` },
    { name: 'upper-case hex', reason: 'digests are lower-case', digest: `sha256-${'A'.repeat(64)}`, want: `refusing to print an approve command for "sha256-${'A'.repeat(64)}": not a digest` },
  ];
  it.each(notDigests)('refuses $name: it throws, and the handler fails closed', ({ digest, want }) => {
    expect(() => approveCommand(digest, config)).toThrow(want);
  });
});
