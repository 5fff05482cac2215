import { describe, expect, it } from 'vitest';
import { engineRequest } from '../../../test/builders.js';
import { awsResource, finding, runFindingsCase, served, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { backupVaultLock, secretsRotation } from './recovery.js';

/** Secret and Vault: v1beta1 in both groups; SecretRotation: cluster v1beta1 (rotationRules a list), v1beta2 and namespaced v1beta1 (objects). */
const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const ROTATION: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const named = (obj: KubeObject, name: string, labels?: Record<string, string>): KubeObject => ({ ...obj, metadata: { name, ...(labels !== undefined ? { labels } : {}) } });
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);

const NO_ROTATION = 'no SecretRotation names this secret, so it is never rotated; add one that rotates it at least every 90 days';
const NO_LOCK = 'no VaultLockConfiguration names this vault, so its recovery points can be deleted by anyone with backup permissions; add one with the minimum and maximum retention days';

interface Scene {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  want: Finding[];
}

/** Evaluates a desired state of several resources and checks every finding. */
function runScene(c: Scene): void {
  const decision = evaluate(engineRequest(c.desired), [secretsRotation, backupVaultLock]);
  expect(decision.errors).toEqual([]);
  expect(decision.mutations).toEqual([]);
  expect(decision.findings).toEqual(c.want);
}

const at = (resource: string, rule: typeof secretsRotation, message: string, path = ''): Finding => ({ resource, rule: rule.id, action: 'Warn', path, message });

const scenes: Scene[] = V1.flatMap((s): Scene[] => {
  const secret = named(awsResource('secretsmanager', 'Secret', s, { name: 'db-password' }), 'db', { app: 'db' });
  const rotation = (fp: Record<string, unknown>) => awsResource('secretsmanager', 'SecretRotation', s, { rotationLambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:rotate', rotationRules: block(s, { automaticallyAfterDays: 30 }), ...fp });
  const vault = named(awsResource('backup', 'Vault', s), 'main');
  const lock = (fp: Record<string, unknown>) => awsResource('backup', 'VaultLockConfiguration', s, { minRetentionDays: 7, maxRetentionDays: 365, ...fp });
  return [
    { name: `on ${s.label}: a secret without rotation: a warning`, reason: 'never rotated', desired: { db: secret }, want: [at('db', secretsRotation, NO_ROTATION)] },
    { name: `on ${s.label}: a secret rotated by reference passes`, reason: 'secretIdRef names it', desired: { db: secret, r: rotation({ secretIdRef: { name: 'db' } }) }, want: [] },
    { name: `on ${s.label}: a secret rotated by its name passes`, reason: 'secretId names it by forProvider.name', desired: { db: secret, r: rotation({ secretId: 'db-password' }) }, want: [] },
    { name: `on ${s.label}: a secret rotated by selector passes`, reason: 'the selector matches only this secret', desired: { db: secret, r: rotation({ secretIdSelector: { matchLabels: { app: 'db' } } }) }, want: [] },
    {
      name: `on ${s.label}: an agent rotates another secret: the first still warns`,
      reason: 'a rotation counts only for the secret it names',
      desired: { db: secret, r: rotation({ secretId: 'other' }) },
      want: [at('db', secretsRotation, NO_ROTATION)],
    },
    {
      name: `on ${s.label}: an agent names the secret from an observe-only rotation: still warns`,
      reason: 'an observe-only rotation rotates nothing',
      desired: { db: secret, r: { ...rotation({ secretIdRef: { name: 'db' } }), spec: { ...(rotation({ secretIdRef: { name: 'db' } }).spec as object), managementPolicies: ['Observe'] } } },
      want: [at('db', secretsRotation, NO_ROTATION)],
    },
    { name: `on ${s.label}: a vault without a lock: a warning`, reason: 'recovery points can be deleted', desired: { main: vault }, want: [at('main', backupVaultLock, NO_LOCK)] },
    { name: `on ${s.label}: a vault locked by reference passes`, reason: 'backupVaultNameRef names it', desired: { main: vault, l: lock({ backupVaultNameRef: { name: 'main' } }) }, want: [] },
    { name: `on ${s.label}: a vault locked by name passes`, reason: 'backupVaultName is its external name', desired: { main: vault, l: lock({ backupVaultName: 'main' }) }, want: [] },
  ];
});

const rotationCases: FindingsCase[] = ROTATION.flatMap((s): FindingsCase[] => {
  const rules = (fields: Record<string, unknown>) => awsResource('secretsmanager', 'SecretRotation', s, { secretId: 'db', rotationRules: block(s, fields) });
  const p = `spec.forProvider.rotationRules${s.blocks === 'array' ? '[0]' : ''}`;
  const advice = 'rotate at least every 90 days so a leaked secret stops working within a quarter';
  return [
    { name: `${secretsRotation.id} on ${s.label}: every 30 days passes`, reason: 'compliant', resource: rules({ automaticallyAfterDays: 30 }), want: [] },
    {
      name: `${secretsRotation.id} on ${s.label}: an agent rotates every 365 days: a warning`,
      reason: 'longer than 90 days',
      resource: rules({ automaticallyAfterDays: 365 }),
      want: [finding(secretsRotation, 'Warn', `${p}.automaticallyAfterDays`, `${p}.automaticallyAfterDays is 365; ${advice}`)],
    },
    {
      name: `${secretsRotation.id} on ${s.label}: rate(180 days): a warning`,
      reason: 'a rate expression is read as days',
      resource: rules({ scheduleExpression: 'rate(180 days)' }),
      want: [finding(secretsRotation, 'Warn', `${p}.scheduleExpression`, `${p}.scheduleExpression "rate(180 days)" rotates every 180 days; ${advice}`)],
    },
    { name: `${secretsRotation.id} on ${s.label}: rate(4 hours) passes`, reason: 'hours are a fraction of a day', resource: rules({ scheduleExpression: 'rate(4 hours)' }), want: [] },
    { name: `${secretsRotation.id} on ${s.label}: a cron expression passes`, reason: 'the author\'s schedule', resource: rules({ scheduleExpression: 'cron(0 16 1,15 * ? *)' }), want: [] },
    {
      name: `${secretsRotation.id} on ${s.label}: days as a string: malformed`,
      reason: 'fail closed',
      resource: rules({ automaticallyAfterDays: '30' }),
      want: [finding(secretsRotation, 'Warn', `${p}.automaticallyAfterDays`, `${p}.automaticallyAfterDays must be a number, got the string "30"`)],
    },
  ];
});

describe('secret rotation and vault locks', () => {
  it.each(scenes)('$name', (c) => runScene(c));
  it.each(rotationCases)('$name', (c) => runFindingsCase(c, [secretsRotation]));
});
