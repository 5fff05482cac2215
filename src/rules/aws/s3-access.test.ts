import { describe, expect, it } from 'vitest';
import { stringGuard } from '../../../test/builders/azure-data.js';
import { actions, awsResource, finding, guardCases, injected, mutation, runCase, runFindingsCase, SAME, served, withInit, type Case, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  groupOf,
  s3AclsDisabled,
  s3BucketAclPublic,
  s3BucketPolicyLockout,
  s3controlPublicAccessBlock,
  s3LifecycleAbortUploads,
} from './s3-access.js';

/** Cluster-scoped v1beta1 (single nested blocks as one-element lists), v1beta2 and namespaced v1beta1 (objects). */
const THREE: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
/** Kinds served only as v1beta1 in both groups. */
const TWO: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const idx = (s: Served) => (s.blocks === 'array' ? '[0]' : '');

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

const acl = (s: Served, forProvider: Record<string, unknown>): KubeObject => awsResource('s3', 'BucketACL', s, { bucket: 'data', ...forProvider });
/** A BucketACL with these grants, each grantee in the shape of `s`. */
const grants = (s: Served, ...gs: { grantee: Record<string, unknown>; permission: string }[]) =>
  acl(s, { accessControlPolicy: block(s, { grant: gs.map((g) => ({ ...g, grantee: block(s, g.grantee) })), owner: block(s, { id: 'owner-canonical-id' }) }) });
const granteePath = (s: Served, i = 0, param = 'forProvider') => `spec.${param}.accessControlPolicy${idx(s)}.grant[${i}].grantee${idx(s)}`;

const ACL_ADVICE = 'use "private", and grant access with a bucket policy that names the principals';
const cannedMsg = (value: string, what: string) => `spec.forProvider.acl is ${JSON.stringify(value)}, a canned ACL that ${what}; ${ACL_ADVICE}`;
const groupMsg = (s: Served, who: string, can: string, permission: string, i = 0) =>
  `${granteePath(s, i)}.uri grants ${who} permission to ${can} (${JSON.stringify(permission)}), which makes the bucket public; remove the grant, and grant access with a bucket policy that names the principals`;

const aclCases: FindingsCase[] = THREE.flatMap((s): FindingsCase[] => {
  const at = `${s3BucketAclPublic.id} on ${s.label}`;
  const deny = (path: string, message: string) => finding(s3BucketAclPublic, 'Deny', path, message);
  return [
    { name: `${at}: private passes`, reason: 'the canned ACL that grants only the owner', resource: acl(s, { acl: 'private' }), want: [] },
    { name: `${at}: log-delivery-write passes`, reason: 'S3 server access logging needs it; it grants the log delivery group, not the public', resource: acl(s, { acl: 'log-delivery-write' }), want: [] },
    {
      name: `${at}: an agent makes a bucket public-read through a BucketACL: refused`,
      reason: 'public-read lets anyone on the internet list the bucket',
      resource: acl(s, { acl: 'public-read' }),
      want: [deny('spec.forProvider.acl', cannedMsg('public-read', 'lets anyone on the internet list the bucket'))],
    },
    {
      name: `${at}: PUBLIC-READ-WRITE in capitals with spaces: refused`,
      reason: 'canned ACLs are compared case-insensitively and trimmed, so a spelling does not slip through',
      resource: acl(s, { acl: ' PUBLIC-READ-WRITE ' }),
      want: [deny('spec.forProvider.acl', cannedMsg(' PUBLIC-READ-WRITE ', 'lets anyone on the internet list the bucket and create, overwrite and delete its objects'))],
    },
    {
      name: `${at}: authenticated-read in initProvider: refused`,
      reason: 'every AWS account in the world is not a trust boundary; initProvider is applied at creation',
      resource: withInit(acl(s, {}), { acl: 'authenticated-read' }),
      want: [deny('spec.initProvider.acl', 'spec.initProvider.acl is "authenticated-read", a canned ACL that lets every AWS account in the world list the bucket; ' + ACL_ADVICE)],
    },
    { name: `${at}: acl a number: refused as malformed`, reason: 'a value that cannot be read is never passed', resource: acl(s, { acl: 1 }), want: [deny('spec.forProvider.acl', 'spec.forProvider.acl must be a string, got number 1')] },
    {
      name: `${at}: an agent grants READ to AllUsers: refused`,
      reason: 'a grant to the AllUsers group is public whatever the canned ACL says',
      resource: grants(s, { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }),
      want: [deny(`${granteePath(s)}.uri`, groupMsg(s, 'everyone on the internet (AllUsers)', 'list its objects', 'READ'))],
    },
    {
      name: `${at}: an agent grants WRITE to AuthenticatedUsers over https, lowercase, trailing slash: refused`,
      reason: 'the group is read from the URI in any spelling S3 accepts',
      resource: grants(s, { grantee: { type: 'Group', uri: 'https://ACS.amazonaws.com/groups/global/authenticatedusers/' }, permission: 'WRITE' }),
      want: [deny(`${granteePath(s)}.uri`, groupMsg(s, 'every AWS account in the world (AuthenticatedUsers)', 'create, overwrite and delete its objects', 'WRITE'))],
    },
    {
      name: `${at}: an agent labels an AllUsers grant CanonicalUser: still refused`,
      reason: 'the uri says who is granted, whatever the type claims',
      resource: grants(s, { grantee: { type: 'CanonicalUser', uri: ALL_USERS }, permission: 'FULL_CONTROL' }),
      want: [deny(`${granteePath(s)}.uri`, groupMsg(s, 'everyone on the internet (AllUsers)', 'do anything with it', 'FULL_CONTROL'))],
    },
    {
      name: `${at}: a canonical user and the log delivery group pass`,
      reason: 'one account, and the S3 logging service, are not the public',
      resource: grants(s, { grantee: { type: 'CanonicalUser', id: 'abc123' }, permission: 'FULL_CONTROL' }, { grantee: { type: 'Group', uri: LOG_DELIVERY }, permission: 'WRITE' }),
      want: [],
    },
    {
      name: `${at}: the second grant opens it: refused at its index`,
      reason: 'every grant is judged, not only the first',
      resource: grants(s, { grantee: { type: 'CanonicalUser', id: 'abc123' }, permission: 'READ' }, { grantee: { type: 'Group', uri: AUTH_USERS }, permission: 'READ_ACP' }),
      want: [deny(`${granteePath(s, 1)}.uri`, groupMsg(s, 'every AWS account in the world (AuthenticatedUsers)', 'read its ACL', 'READ_ACP', 1))],
    },
    {
      name: `${at}: a group URI the guardrails do not know: refused`,
      reason: 'whom an unknown group grants cannot be told, so it fails closed',
      resource: grants(s, { grantee: { type: 'Group', uri: 'acs.amazonaws.com/groups/global/Everyone' }, permission: 'READ' }),
      want: [
        deny(
          `${granteePath(s)}.uri`,
          `${granteePath(s)}.uri is "acs.amazonaws.com/groups/global/Everyone", not an S3 group the guardrails know (AllUsers, AuthenticatedUsers, LogDelivery), so whom it grants cannot be told; grant a canonical user, or use a bucket policy`,
        ),
      ],
    },
    {
      name: `${at}: a Group grantee without a uri: refused`,
      reason: 'a group that is not named cannot be judged',
      resource: grants(s, { grantee: { type: 'Group' }, permission: 'READ' }),
      want: [deny(granteePath(s), `${granteePath(s)} is a Group grantee without a uri; name the group, or grant a canonical user instead`)],
    },
    {
      name: `${at}: grant is an object, not a list: refused as malformed`,
      reason: 'a grant list of the wrong shape is never read as empty',
      resource: acl(s, { accessControlPolicy: block(s, { grant: { grantee: { uri: ALL_USERS }, permission: 'READ' } }) }),
      want: [deny(`spec.forProvider.accessControlPolicy${idx(s)}.grant`, `spec.forProvider.accessControlPolicy${idx(s)}.grant must be a list of grants, got an object`)],
    },
    {
      name: `${at}: a uri that is a number: refused as malformed`,
      reason: 'fail closed',
      resource: grants(s, { grantee: { type: 'Group', uri: 7 }, permission: 'READ' }),
      want: [deny(`${granteePath(s)}.uri`, `${granteePath(s)}.uri must be a string, got number 7`)],
    },
  ];
});

const ownershipGuards: Case[] = guardCases({
  rule: s3AclsDisabled,
  field: ['rule', 'objectOwnership'],
  shapes: THREE,
  build: (s, forProvider = {}) => awsResource('s3', 'BucketOwnershipControls', s, { bucket: 'data', ...forProvider }),
  ...stringGuard('BucketOwnerEnforced', 'ObjectWriter'),
  missing: 'object ownership was not set',
  advice: 'set it to "BucketOwnerEnforced" so ACLs are disabled and the bucket owner owns every object, or have a human approve ACLs for a service that still needs them',
});

const ownershipCases: Case[] = THREE.map((s) => ({
  name: `${s3AclsDisabled.id} on ${s.label}: an agent turns ACLs back on with ObjectWriter: held for approval`,
  reason: 'some AWS features still need ACLs, so a human decides rather than a refusal',
  resource: awsResource('s3', 'BucketOwnershipControls', s, { bucket: 'data', rule: block(s, { objectOwnership: 'ObjectWriter' }) }),
  rules: [s3AclsDisabled],
  want: {
    desired: SAME,
    mutations: [],
    findings: [
      finding(
        s3AclsDisabled,
        'RequireApproval',
        `spec.forProvider.rule${idx(s)}.objectOwnership`,
        `spec.forProvider.rule${idx(s)}.objectOwnership is "ObjectWriter"; set it to "BucketOwnerEnforced" so ACLs are disabled and the bucket owner owns every object, or have a human approve ACLs for a service that still needs them`,
      ),
    ],
  },
}));

const FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];
const ALL_ON = Object.fromEntries(FLAGS.map((f) => [f, true]));

const accountCases: Case[] = TWO.flatMap((s): Case[] => {
  const at = `${s3controlPublicAccessBlock.id} on ${s.label}`;
  const account = (fp: Record<string, unknown> = {}) => awsResource('s3control', 'AccountPublicAccessBlock', s, { accountId: '123456789012', ...fp });
  return [
    { name: `${at}: all four on passes`, reason: 'compliant', resource: account(ALL_ON), rules: [s3controlPublicAccessBlock], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: none set: all four injected`,
      reason: 'the account block takes an absent flag as false, so an empty block protects nothing',
      resource: account(),
      rules: [s3controlPublicAccessBlock],
      want: { desired: injected(account(), ALL_ON, s3controlPublicAccessBlock.id), mutations: FLAGS.map((f) => mutation(s3controlPublicAccessBlock, `spec.forProvider.${f}`, true)), findings: [] },
    },
    {
      name: `${at}: an agent weakens the account block with blockPublicPolicy false: refused, the rest injected`,
      reason: 'the account block is the last guard of every bucket; an explicit false is refused, never flipped',
      resource: account({ blockPublicPolicy: false }),
      rules: [s3controlPublicAccessBlock],
      want: {
        desired: injected(account({ blockPublicPolicy: false }), { blockPublicAcls: true, ignorePublicAcls: true, restrictPublicBuckets: true }, s3controlPublicAccessBlock.id),
        mutations: ['blockPublicAcls', 'ignorePublicAcls', 'restrictPublicBuckets'].map((f) => mutation(s3controlPublicAccessBlock, `spec.forProvider.${f}`, true)),
        findings: [
          finding(
            s3controlPublicAccessBlock,
            'Deny',
            'spec.forProvider.blockPublicPolicy',
            'spec.forProvider.blockPublicPolicy is false; set it to true (or remove it) so no bucket of the account can be made public this way',
          ),
        ],
      },
    },
    {
      name: `${at}: ignorePublicAcls false in initProvider: refused`,
      reason: 'initProvider is applied at creation',
      resource: withInit(account(ALL_ON), { ignorePublicAcls: false }),
      rules: [s3controlPublicAccessBlock],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(s3controlPublicAccessBlock, 'Deny', 'spec.initProvider.ignorePublicAcls', 'spec.initProvider.ignorePublicAcls is false; set it to true (or remove it) so no bucket of the account can be made public this way'),
        ],
      },
    },
    {
      name: `${at}: a flag as the string "true": refused as malformed`,
      reason: 'a string where a boolean belongs is never taken as on',
      resource: account({ ...ALL_ON, restrictPublicBuckets: 'true' }),
      rules: [s3controlPublicAccessBlock],
      want: { desired: SAME, mutations: [], findings: [finding(s3controlPublicAccessBlock, 'Deny', 'spec.forProvider.restrictPublicBuckets', 'spec.forProvider.restrictPublicBuckets must be a boolean, got the string "true"')] },
    },
  ];
});

/** s3control AccessPoint: v1beta1 (cluster, array blocks), v1beta2 and namespaced v1beta1 (objects); MultiRegionAccessPoint the same. */
const accessPointCases: FindingsCase[] = THREE.flatMap((s): FindingsCase[] => {
  const ap = (pab: Record<string, unknown> | undefined) => awsResource('s3control', 'AccessPoint', s, { bucket: 'data', name: 'reader', ...(pab !== undefined ? { publicAccessBlockConfiguration: block(s, pab) } : {}) });
  const mrap = (pab: Record<string, unknown>) =>
    awsResource('s3control', 'MultiRegionAccessPoint', s, { details: block(s, { name: 'global', publicAccessBlock: block(s, pab), region: [{ bucket: 'data' }] }) });
  const at = `${s3controlPublicAccessBlock.id} on ${s.label}`;
  const apPath = `spec.forProvider.publicAccessBlockConfiguration${idx(s)}.blockPublicPolicy`;
  const mrapPath = `spec.forProvider.details${idx(s)}.publicAccessBlock${idx(s)}.restrictPublicBuckets`;
  return [
    { name: `${at}: an access point without a block passes`, reason: 'every flag of an access point defaults to true', resource: ap(undefined), want: [] },
    { name: `${at}: an access point with all flags on passes`, reason: 'compliant', resource: ap(ALL_ON), want: [] },
    {
      name: `${at}: an agent opens an access point with blockPublicPolicy false: refused`,
      reason: 'an access point policy could then make the data public',
      resource: ap({ blockPublicPolicy: false }),
      want: [finding(s3controlPublicAccessBlock, 'Deny', apPath, `${apPath} is false, which lets the data this access point reaches be made public; set it to true, or remove it (it defaults to true)`)],
    },
    {
      name: `${at}: a multi-region access point with restrictPublicBuckets false: refused`,
      reason: 'the same flags, one block deeper',
      resource: mrap({ restrictPublicBuckets: false }),
      want: [finding(s3controlPublicAccessBlock, 'Deny', mrapPath, `${mrapPath} is false, which lets the data this multi-region access point reaches be made public; set it to true, or remove it (it defaults to true)`)],
    },
  ];
});

const ROOT_ONLY = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const lockoutCases: FindingsCase[] = TWO.flatMap((s): FindingsCase[] => {
  const policy = (statement: Record<string, unknown>) => awsResource('s3', 'BucketPolicy', s, { bucket: 'data', policy: ROOT_ONLY(statement) });
  const at = `${s3BucketPolicyLockout.id} on ${s.label}`;
  const msg = (who: string) =>
    `Statement[0] denies "s3:PutBucketPolicy", "s3:DeleteBucketPolicy" to ${who} with no Condition, so only the account's root user could ever change or remove this policy; exempt the platform's administrator role (a NotPrincipal or an aws:PrincipalArn Condition), or narrow the Deny with a Condition`;
  return [
    {
      name: `${at}: an agent denies s3:* to everyone: refused`,
      reason: 'no role, administrators included, could ever fix the policy again',
      resource: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'] }),
      want: [finding(s3BucketPolicyLockout, 'Deny', 'spec.forProvider.policy', msg('Principal "*"'))],
    },
    {
      name: `${at}: a Deny to everyone without TLS passes`,
      reason: 'a Condition narrows the Deny to insecure requests: not a lockout',
      resource: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::data/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      want: [],
    },
    {
      name: `${at}: a Deny of reads to everyone passes`,
      reason: 'denying s3:GetObject locks nobody out of the policy',
      resource: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
      want: [],
    },
  ];
});

describe('S3 bucket ACLs', () => {
  it.each(aclCases)('$name', (c) => runFindingsCase(c, [s3BucketAclPublic]));
  it.each([
    ['http://acs.amazonaws.com/groups/global/AllUsers', 'global/allusers'],
    ['acs.amazonaws.com/groups/s3/LogDelivery', 's3/logdelivery'],
    ['https://acs.amazonaws.com/groups/global/AuthenticatedUsers//', 'global/authenticatedusers'],
    ['arn:aws:iam::123456789012:root', undefined],
  ])('groupOf(%s) is %s', (uri, want) => {
    expect(groupOf(uri)).toBe(want);
  });
});

describe('S3 object ownership', () => {
  it.each([...ownershipGuards, ...ownershipCases])('$name', (c) => runCase(c));
});

describe('s3control public access blocks', () => {
  it.each(accountCases)('$name', (c) => runCase(c));
  it.each(accessPointCases)('$name', (c) => runFindingsCase(c, [s3controlPublicAccessBlock]));
});

describe('S3 bucket policy lockout', () => {
  it.each(lockoutCases)('$name', (c) => runFindingsCase(c, [s3BucketPolicyLockout]));
});

const ABORT = { id: 'abort', status: 'Enabled' };
const NO_ABORT =
  'no Enabled rule sets abortIncompleteMultipartUpload.daysAfterInitiation, so the parts of uploads never completed are kept (and billed) for ever, unseen in a listing; add a rule that aborts them after a few days';

const lifecycleCases: FindingsCase[] = TWO.flatMap((s): FindingsCase[] => {
  const at = `${s3LifecycleAbortUploads.id} on ${s.label}`;
  const abort = (days: unknown) => ({ ...ABORT, abortIncompleteMultipartUpload: block(s, { daysAfterInitiation: days }) });
  const expire = { id: 'expire', status: 'Enabled', expiration: block(s, { days: 30 }) };
  const lifecycle = (rule?: unknown[]) => awsResource('s3', 'BucketLifecycleConfiguration', s, { bucketRef: { name: 'data' }, ...(rule !== undefined ? { rule } : {}) });
  const warn = [finding(s3LifecycleAbortUploads, 'Warn', 'spec.forProvider.rule', NO_ABORT)];
  return [
    { name: `${at}: aborts uploads after 7 days passes`, reason: 'compliant', resource: lifecycle([expire, abort(7)]), want: [] },
    { name: `${at}: only expiration: a warning`, reason: 'the parts of uploads never completed are billed for ever', resource: lifecycle([expire]), want: warn },
    { name: `${at}: the abort rule is Disabled: a warning`, reason: 'a disabled rule aborts nothing', resource: lifecycle([{ ...abort(7), status: 'Disabled' }]), want: warn },
    { name: `${at}: zero days: a warning`, reason: 'zero is not a period', resource: lifecycle([abort(0)]), want: warn },
    { name: `${at}: days as a string: a warning`, reason: 'a value that is not a number is not taken as a period', resource: lifecycle([abort('7')]), want: warn },
    { name: `${at}: the abort rule in initProvider passes`, reason: 'initProvider is applied at creation', resource: withInit(lifecycle(), { rule: [abort(7)] }), want: [] },
  ];
});

describe('S3 lifecycle configurations', () => {
  it.each(lifecycleCases)('$name', (c) => runFindingsCase(c, [s3LifecycleAbortUploads]));
});

describe('the S3 access rules under another action', () => {
  it('an agent makes a bucket public-read under Warn: reported, nothing changes', () => {
    runFindingsCase(
      { name: 'warn', reason: 'the rule reports with its configured action', resource: acl(THREE[0]!, { acl: 'public-read' }), input: actions({ [s3BucketAclPublic.id]: 'Warn' }), want: [finding(s3BucketAclPublic, 'Warn', 'spec.forProvider.acl', cannedMsg('public-read', 'lets anyone on the internet list the bucket'))] },
      [s3BucketAclPublic],
    );
  });
});
