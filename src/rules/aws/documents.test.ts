import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { KubeObject } from '../../engine/types.js';
import { CATALOG } from '../catalog.js';
import { documentsOf, kindsWith, POLICY_FIELDS } from './documents.js';
import { MAX_DOCUMENT_LENGTH } from './policy.js';

/** A resource of the field's kind with `value` in that field (through a single nested block as an object). */
function carrying(f: (typeof POLICY_FIELDS)[number], value: unknown, group: 'cluster' | 'namespaced' = 'cluster'): KubeObject {
  const inner = f.inline ? [{ name: 'p', policy: value }] : value;
  const forProvider = f.field.length === 1 ? { [f.field[0]!]: inner } : { [f.field[0]!]: { [f.field[1]!]: inner } };
  return { apiVersion: `${awsGroup(f.service, group)}/v1beta2`, kind: f.kind, spec: { forProvider: { region: 'eu-west-1', ...forProvider } } };
}
const ref = (f: { service: string; kind: string }) => `aws/${f.service}/${f.kind}`;
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:GetObject', Resource: '*' }] });

describe('the policy-field table', () => {
  it('names each field of a kind once', () => {
    const keys = POLICY_FIELDS.map((f) => `${ref(f)}.${f.field.join('.')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists the kinds of a document kind once each, in table order', () => {
    expect(kindsWith('trust')).toEqual([{ cloud: 'aws', service: 'iam', kind: 'Role' }]);
    expect(kindsWith('identity').map((k) => `${k.service}/${k.kind}`)).toEqual(['iam/Policy', 'iam/RolePolicy', 'iam/UserPolicy', 'iam/GroupPolicy', 'iam/Role', 'ssoadmin/PermissionSetInlinePolicy']);
  });
});

describe('documentsOf', () => {
  it('reads forProvider then initProvider, and parses a document once whoever asks', () => {
    const f = POLICY_FIELDS.find((p) => p.service === 'sqs' && p.kind === 'QueuePolicy')!;
    const r = carrying(f, DOC);
    (r.spec as Record<string, unknown>).initProvider = { policy: DOC };
    const first = documentsOf(r, ref(f));
    expect(first.map((d) => [d.path, d.document, d.name])).toEqual([
      ['spec.forProvider.policy', 'resource', 'queue policy'],
      ['spec.initProvider.policy', 'resource', 'queue policy'],
    ]);
    // The same text parses to the very same object: the rules of one request share one parse.
    expect(first[0]!.policy).toBeDefined();
    expect(first[1]!.policy).toBe(first[0]!.policy);
    expect(documentsOf(structuredClone(r), ref(f))[0]!.policy).toBe(first[0]!.policy);
  });

  it('reads nothing from a kind outside the table', () => {
    expect(documentsOf({ apiVersion: 'sqs.aws.upbound.io/v1beta1', kind: 'Other', spec: { forProvider: { policy: DOC } } }, 'aws/sqs/Other')).toEqual([]);
  });
});

/**
 * Hang guards: the worst documents the caps allow, in every policy field
 * of the table, through every rule of the catalog. Each request must come
 * back, without an engine error; the timeout is a guard against a hang,
 * not a measurement (bench/policy.mjs measures).
 */
describe('worst documents in every field, through the whole catalog', () => {
  const fill = (unit: (i: number) => string) => {
    const parts: string[] = [];
    let length = 40;
    for (let i = 0; length + unit(i).length + 1 < MAX_DOCUMENT_LENGTH; i++) {
      parts.push(unit(i));
      length += unit(i).length + 1;
    }
    return `{"Version":"2012-10-17","Statement":[${parts.join(',')}]}`;
  };
  const WORST = {
    nested: '['.repeat(32_000) + ']'.repeat(32_000),
    statements: fill((i) => `{"Sid":"s${i}","Effect":"Allow","Principal":"*","Action":["iam:PassRole","sts:AssumeRoleWithWebIdentity"],"Resource":"*"}`),
    stars: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*'.repeat(60_000) + 'x', Resource: '*' }] }),
  };

  it.each(POLICY_FIELDS.map((f) => ({ name: `${f.service} ${f.kind} ${f.field.join('.')}`, f })))('$name', { timeout: 30_000 }, ({ f }) => {
    for (const text of Object.values(WORST)) {
      const decision = evaluate(engineRequest({ res: carrying(f, text) }), CATALOG);
      expect(decision.errors).toEqual([]);
    }
    const nested = evaluate(engineRequest({ res: carrying(f, WORST.nested) }), CATALOG);
    expect(nested.findings.filter((x) => x.rule === 'aws-iam-policy-document').map((x) => x.message)).toEqual([
      `${f.inline ? 'spec.forProvider.inlinePolicy[0].policy' : `spec.forProvider.${f.field.join('.')}`} is not read: it nests lists and objects more than 16 deep, more than the guardrails read (a policy document is at most 6 deep: the document, Statement, a statement, Condition, an operator, a list of values), so the ${f.name} cannot be checked; write a smaller, flatter document`,
    ]);
  });
});
