import { describe, it } from 'vitest';
import { actions, awsResource, finding, guardCases, injected, mutation, nested, paramPath, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { DYNAMODB_RULES, dynamodbCustomerManagedKey, dynamodbPointInTimeRecovery } from './dynamodb.js';

/** Every served shape of dynamodb Table: cluster-scoped v1beta1 renders single nested blocks as lists. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const table = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('dynamodb', 'Table', s, { billingMode: 'PAY_PER_REQUEST', hashKey: 'id', attribute: [{ name: 'id', type: 'S' }], ...forProvider });

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const pitrCases = guardCases({
  rule: dynamodbPointInTimeRecovery,
  field: ['pointInTimeRecovery', 'enabled'],
  shapes: SHAPES,
  build: table,
  safe: true,
  unsafe: false,
  unsafeText: 'false',
  malformed: 'enabled',
  malformedText: 'the string "enabled"',
  type: 'a boolean',
  missing: 'point-in-time recovery was not turned on',
  advice: 'set it to true (or remove it) so the table can be restored to an earlier point in time',
});

const pitrExtra: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${dynamodbPointInTimeRecovery.id} on ${s.label}`;
  const block = (v: Record<string, unknown>) => ({ pointInTimeRecovery: s.blocks === 'array' ? [v] : v });
  return [
    {
      name: `${at}: other fields of the block are kept`,
      reason: 'only enabled is added to the existing block, in place',
      resource: table(s, block({ recoveryPeriodInDays: 14 })),
      rules: [dynamodbPointInTimeRecovery],
      want: {
        desired: injected(table(s), block({ recoveryPeriodInDays: 14, enabled: true }), dynamodbPointInTimeRecovery.id),
        mutations: [mutation(dynamodbPointInTimeRecovery, paramPath(s, 'forProvider', ['pointInTimeRecovery', 'enabled']), true)],
        findings: [],
      },
    },
    {
      name: `${at}: the block is a string, refused`,
      reason: 'a block that is not a block cannot be read or injected into',
      resource: table(s, { pointInTimeRecovery: 'on' }),
      rules: [dynamodbPointInTimeRecovery],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            dynamodbPointInTimeRecovery,
            'Deny',
            'spec.forProvider.pointInTimeRecovery',
            `spec.forProvider.pointInTimeRecovery must be ${s.blocks === 'array' ? 'a list with one object' : 'an object'}, got the string "on"`,
          ),
        ],
      },
    },
  ];
});

const SSE = 'spec.forProvider.serverSideEncryption';
const OWNED = ' so the table uses an AWS owned key the account cannot control or audit; set serverSideEncryption.enabled: true with kmsKeyArn naming a customer managed key';
const NO_KEY = 'server-side encryption names no key, so the table uses the AWS managed key alias/aws/dynamodb; set kmsKeyArn (or kmsKeyArnRef) to a customer managed key';

const cmkCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${dynamodbCustomerManagedKey.id} on ${s.label}`;
  const withSse = (fields: Record<string, unknown>) => table(s, { serverSideEncryption: s.blocks === 'array' ? [fields] : fields });
  const enabledPath = paramPath(s, 'forProvider', ['serverSideEncryption', 'enabled']);
  const arnPath = paramPath(s, 'forProvider', ['serverSideEncryption', 'kmsKeyArn']);
  const warn = (path: string, message: string, action: Finding['action'] = 'Warn') => finding(dynamodbCustomerManagedKey, action, path, message);
  return [
    {
      name: `${at}: a customer managed key passes`,
      reason: 'the control asks for a key the account controls',
      resource: withSse({ enabled: true, kmsKeyArn: KEY }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    ...(['kmsKeyArnRef', 'kmsKeyArnSelector'] as const).map((field): Case => ({
      name: `${at}: a key through ${field} passes`,
      reason: 'Crossplane resolves the reference into kmsKeyArn',
      resource: withSse({ enabled: true, [field]: field === 'kmsKeyArnRef' ? { name: 'table-key' } : { matchControllerRef: true } }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [] },
    })),
    {
      name: `${at}: a key set in initProvider passes`,
      reason: 'initProvider is explicit, and the table is created with the key',
      resource: withInit(table(s), { serverSideEncryption: s.blocks === 'array' ? [{ enabled: true, kmsKeyArn: KEY }] : { enabled: true, kmsKeyArn: KEY } }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: no serverSideEncryption, reported as Warn`,
      reason: 'DynamoDB still encrypts with an AWS owned key: nothing unsafe to refuse and no key to inject, so the default reports',
      resource: table(s),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [warn(`${SSE}.enabled`, `server-side encryption was not set,${OWNED}`)] },
    },
    {
      name: `${at}: enabled false, reported where it is`,
      reason: 'false means the AWS owned key',
      resource: withSse({ enabled: false }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [warn(enabledPath, `${enabledPath} is false,${OWNED}`)] },
    },
    {
      name: `${at}: enabled without a key, reported`,
      reason: 'DynamoDB then uses the AWS managed key, which the account cannot control',
      resource: withSse({ enabled: true }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [warn(`${SSE}.kmsKeyArn`, NO_KEY)] },
    },
    {
      name: `${at}: enabled with an empty key, reported at the key`,
      reason: 'an empty ARN names no key',
      resource: withSse({ enabled: true, kmsKeyArn: '' }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [warn(arnPath, NO_KEY)] },
    },
    {
      name: `${at}: the AWS managed key named explicitly, reported`,
      reason: 'alias/aws/dynamodb is AWS managed, not customer managed',
      resource: withSse({ enabled: true, kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/dynamodb' }),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [warn(arnPath, `${arnPath} is the AWS managed key alias/aws/dynamodb; name a customer managed key instead`)] },
    },
    {
      name: `${at}: Deny refuses a table without a customer managed key`,
      reason: 'a platform that requires its own keys sets the rule to Deny',
      resource: table(s),
      rules: [dynamodbCustomerManagedKey],
      input: actions({ [dynamodbCustomerManagedKey.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [warn(`${SSE}.enabled`, `server-side encryption was not set,${OWNED}`, 'Deny')] },
    },
    {
      name: `${at}: malformed enabled and kmsKeyArn, each reported`,
      reason: 'a value of the wrong type is reported with what was found',
      resource: withSse({ enabled: 'yes', kmsKeyArn: 12 }),
      rules: [dynamodbCustomerManagedKey],
      want: {
        desired: SAME,
        mutations: [],
        findings: [warn(enabledPath, `${enabledPath} must be a boolean, got the string "yes"`), warn(arnPath, `${arnPath} must be a string, got number 12`)],
      },
    },
    {
      name: `${at}: observe-only, nothing`,
      reason: 'Crossplane writes nothing to an observe-only table',
      resource: withPolicies(table(s), ['Observe']),
      rules: [dynamodbCustomerManagedKey],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: Disabled, nothing`,
      reason: 'a disabled rule does nothing',
      resource: table(s),
      rules: [dynamodbCustomerManagedKey],
      input: actions({ [dynamodbCustomerManagedKey.id]: 'Disabled' }),
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

const allRules: Case[] = SHAPES.map((s) => ({
  name: `all DynamoDB rules on a bare table, ${s.label}`,
  reason: 'PITR is injected in the shape of the version; the missing customer managed key is reported',
  resource: table(s),
  rules: DYNAMODB_RULES,
  want: {
    desired: injected(table(s), nested(s, ['pointInTimeRecovery', 'enabled'], true), dynamodbPointInTimeRecovery.id),
    mutations: [mutation(dynamodbPointInTimeRecovery, 'spec.forProvider.pointInTimeRecovery', s.blocks === 'array' ? [{ enabled: true }] : { enabled: true })],
    findings: [finding(dynamodbCustomerManagedKey, 'Warn', `${SSE}.enabled`, `server-side encryption was not set,${OWNED}`)],
  },
}));

describe('DynamoDB rules', () => {
  it.each([...pitrCases, ...pitrExtra, ...cmkCases, ...allRules])('$name', (c) => runCase(c));
});
