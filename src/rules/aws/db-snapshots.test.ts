import { describe, it } from 'vitest';
import { actions, awsResource, finding, inManifest, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried, input } from '../../../test/builders.js';
import type { KubeObject } from '../../engine/types.js';
import { DB_SNAPSHOT_RULES, rdsSnapshotPublic, rdsSnapshotShared } from './db-snapshots.js';

// Snapshot and ClusterSnapshot: cluster-scoped and namespaced v1beta1 (provider-upjet-aws 75a4c57162d0).
const SHAPES: Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const KINDS = [
  { kind: 'Snapshot', source: { dbInstanceIdentifier: 'orders' } },
  { kind: 'ClusterSnapshot', source: { dbClusterIdentifier: 'orders', dbClusterSnapshotIdentifier: 'orders-2026' } },
];

const OWN = '111122223333';
const FOREIGN = '444455556666';
const withAccounts = (accounts: string[]) => input({ rules: { 'aws-rds-snapshot-shared': { accounts } } });

const PUBLIC_ADVICE = 'the snapshot becomes public and any AWS account can restore the whole database; remove it, and share with named accounts only';
const publicMsg = (path: string, value: string) => `${path} is ${JSON.stringify(value)}: ${PUBLIC_ADVICE}`;
const NO_LIST = "no account is listed as the platform's own in rules.aws-rds-snapshot-shared.accounts, so every account is foreign";
const NOT_OWN = "it is not one of the platform's accounts in rules.aws-rds-snapshot-shared.accounts";
const heldMsg = (path: string, account: string, why: string) =>
  `${path} shares the snapshot with account "${account}", which can then restore the whole database, and ${why}; list the account there if it is the platform's, or have a human approve the share`;

const RULES = DB_SNAPSHOT_RULES;

const cases: Case[] = KINDS.flatMap(({ kind, source }) =>
  SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${kind} on ${s.label}: ${what}`;
    const snap = (forProvider: Record<string, unknown> = {}): KubeObject => awsResource('rds', kind, s, { ...source, ...forProvider });
    const p = (i: number, block = 'forProvider') => `spec.${block}.sharedAccounts[${i}]`;
    return [
      { name: at('not shared'), reason: 'no sharedAccounts: only the owner can restore it', resource: snap(), rules: RULES, want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('an empty share list'), reason: 'nothing is shared', resource: snap({ sharedAccounts: [] }), rules: RULES, want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('shared with all: refused'),
        reason: 'CKV_AWS_302: a public snapshot can be restored by any AWS account',
        resource: snap({ sharedAccounts: ['all'] }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', p(0), publicMsg(p(0), 'all'))] },
      },
      {
        name: at('shared with " ALL " in initProvider: refused'),
        reason: 'case and spaces do not hide the public value, and initProvider is applied at creation',
        resource: withInit(snap(), { sharedAccounts: [' ALL '] }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', p(0, 'initProvider'), publicMsg(p(0, 'initProvider'), ' ALL '))] },
      },
      {
        name: at('shared with a foreign account, no accounts listed: held'),
        reason: 'with no list every account is foreign',
        resource: snap({ sharedAccounts: [FOREIGN] }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotShared, 'RequireApproval', p(0), heldMsg(p(0), FOREIGN, NO_LIST))] },
      },
      {
        name: at('shared with an own account: passes'),
        reason: 'the platform listed the account as its own',
        resource: snap({ sharedAccounts: [OWN] }),
        rules: RULES,
        input: withAccounts([OWN]),
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: at('shared with an own account and a foreign one: the foreign one held'),
        reason: 'each entry is judged',
        resource: snap({ sharedAccounts: [OWN, FOREIGN] }),
        rules: RULES,
        input: withAccounts([OWN]),
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotShared, 'RequireApproval', p(1), heldMsg(p(1), FOREIGN, NOT_OWN))] },
      },
      {
        name: at('shared with all and a foreign account: one refused, one held'),
        reason: 'both rules judge the list; the engine takes the strongest outcome',
        resource: snap({ sharedAccounts: [FOREIGN, 'all'] }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', p(1), publicMsg(p(1), 'all')), finding(rdsSnapshotShared, 'RequireApproval', p(0), heldMsg(p(0), FOREIGN, NO_LIST))] },
      },
      {
        name: at('sharedAccounts is a string: refused as malformed'),
        reason: 'a string where a list belongs cannot be judged; "all" hidden that way must not pass',
        resource: snap({ sharedAccounts: 'all' }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', 'spec.forProvider.sharedAccounts', 'spec.forProvider.sharedAccounts must be a list of account IDs, got the string "all"')] },
      },
      {
        name: at('an entry that is not a string: refused as malformed'),
        reason: 'an account ID is a string; a number loses leading zeros and cannot be judged',
        resource: snap({ sharedAccounts: [444455556666] }),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', p(0), `${p(0)} must be an account ID (a string), got number 444455556666`)] },
      },
      { name: at('observe-only, shared with all'), reason: 'someone else\'s snapshot: not judged', resource: withPolicies(snap({ sharedAccounts: ['all'] }), ['Observe']), rules: RULES, want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('carried by a provider-kubernetes Object, shared with all: refused'),
        reason: 'what an Object carries is created as is',
        resource: carried(snap({ sharedAccounts: ['all'] })),
        rules: RULES,
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', inManifest(p(0)), publicMsg(p(0), 'all'))] },
      },
      {
        name: at('action Warn on the public rule'),
        reason: 'the action is the platform\'s',
        resource: snap({ sharedAccounts: ['all'] }),
        rules: RULES,
        input: actions({ 'aws-rds-snapshot-public': 'Warn' }),
        want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Warn', p(0), publicMsg(p(0), 'all'))] },
      },
    ];
  }),
);

const probes: Case[] = [
  {
    name: 'an agent shares an RDS snapshot with all: refused',
    reason: 'the issue\'s probe: a public snapshot is a public database',
    resource: awsResource('rds', 'Snapshot', served('namespaced', 'v1beta1'), { dbInstanceIdentifierRef: { name: 'orders' }, sharedAccounts: ['all'] }),
    rules: RULES,
    want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotPublic, 'Deny', 'spec.forProvider.sharedAccounts[0]', publicMsg('spec.forProvider.sharedAccounts[0]', 'all'))] },
  },
  {
    name: 'an agent shares an Aurora cluster snapshot with its own account listed elsewhere and a stranger: the stranger held',
    reason: 'a foreign account holds the whole database once it restores the snapshot',
    resource: awsResource('rds', 'ClusterSnapshot', served('cluster', 'v1beta1'), { dbClusterIdentifier: 'orders', sharedAccounts: ['999988887777'] }),
    rules: RULES,
    input: withAccounts([OWN]),
    want: { desired: SAME, mutations: [], findings: [finding(rdsSnapshotShared, 'RequireApproval', 'spec.forProvider.sharedAccounts[0]', heldMsg('spec.forProvider.sharedAccounts[0]', '999988887777', NOT_OWN))] },
  },
];

describe('RDS snapshot sharing', () => {
  it.each([...cases, ...probes])('$name', (c) => runCase(c));
});
