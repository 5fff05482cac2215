import { describe, it } from 'vitest';
import { finding, injected, mutation, runCase, SAME, withPolicies, type Case } from '../../../../test/builders/aws-data.js';
import { carried, injectedCarried, managed } from '../../../../test/builders.js';
import type { KubeObject } from '../../../engine/types.js';
import { classicS3Encryption, classicS3PublicAccessBlock, classicS3PublicGrants, classicS3Versioning } from './s3.js';

const RULES = [classicS3Encryption, classicS3PublicAccessBlock, classicS3Versioning, classicS3PublicGrants];

const bucket = (forProvider: Record<string, unknown> = {}): KubeObject => managed('s3.aws.crossplane.io/v1beta1', 'Bucket', { locationConstraint: 'eu-west-1', ...forProvider });

const SSE = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }] };
const PAB = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const SAFE = { serverSideEncryptionConfiguration: SSE, publicAccessBlockConfiguration: PAB, versioningConfiguration: { status: 'Enabled' } };
const safe = (forProvider: Record<string, unknown> = {}) => bucket({ ...SAFE, ...forProvider });

const FP = 'spec.forProvider';
const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';
const grants = (path: string, value: string) =>
  finding(classicS3PublicGrants, 'Deny', path, `${path} ${value}`);

const cases: Case[] = [
  {
    name: 'an agent composes a bare community Bucket: encryption, public access block and versioning injected',
    reason: 'the three protections the Upbound bucket gets from companions are fields of this Bucket',
    resource: bucket(),
    rules: RULES,
    want: {
      desired: injected(bucket(), SAFE, RULES.slice(0, 3).map((r) => r.id).sort().join(',')),
      mutations: [mutation(classicS3Encryption, `${FP}.serverSideEncryptionConfiguration`, SSE), mutation(classicS3PublicAccessBlock, `${FP}.publicAccessBlockConfiguration`, PAB), mutation(classicS3Versioning, `${FP}.versioningConfiguration`, { status: 'Enabled' })],
      findings: [],
    },
  },
  { name: 'a compliant community Bucket passes', reason: 'nothing to change', resource: safe(), rules: RULES, want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: 'AES256 default encryption passes',
    reason: 'SSE-S3 encrypts at rest',
    resource: safe({ serverSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } }),
    rules: RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent writes an encryption configuration with no rules: refused',
    reason: 'an empty configuration encrypts nothing by default',
    resource: safe({ serverSideEncryptionConfiguration: { rules: [] } }),
    rules: [classicS3Encryption],
    want: { desired: SAME, mutations: [], findings: [finding(classicS3Encryption, 'Deny', `${FP}.serverSideEncryptionConfiguration.rules`, `${FP}.serverSideEncryptionConfiguration.rules is empty; list one rule with applyServerSideEncryptionByDefault.sseAlgorithm aws:kms, aws:kms:dsse, AES256`)] },
  },
  {
    name: 'an agent names an unknown algorithm: refused',
    reason: 'only algorithms S3 accepts as a default encrypt',
    resource: safe({ serverSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'none' } }] } }),
    rules: [classicS3Encryption],
    want: { desired: SAME, mutations: [], findings: [finding(classicS3Encryption, 'Deny', `${FP}.serverSideEncryptionConfiguration.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm`, `${FP}.serverSideEncryptionConfiguration.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "none"; use one of aws:kms, aws:kms:dsse, AES256`)] },
  },
  {
    name: 'an encryption configuration that is a string: refused as malformed',
    reason: 'what cannot be read is refused, never passed',
    resource: safe({ serverSideEncryptionConfiguration: 'aws:kms' }),
    rules: [classicS3Encryption],
    want: { desired: SAME, mutations: [], findings: [finding(classicS3Encryption, 'Deny', `${FP}.serverSideEncryptionConfiguration`, `${FP}.serverSideEncryptionConfiguration must be an object, got the string "aws:kms"`)] },
  },
  {
    name: 'an agent turns blockPublicPolicy off: refused, and the absent flags injected',
    reason: 'an explicit false is refused; the other absent flags are added',
    resource: safe({ publicAccessBlockConfiguration: { blockPublicPolicy: false } }),
    rules: [classicS3PublicAccessBlock],
    want: {
      desired: injected(safe(), { publicAccessBlockConfiguration: { ...PAB, blockPublicPolicy: false } }, classicS3PublicAccessBlock.id),
      mutations: ['blockPublicAcls', 'ignorePublicAcls', 'restrictPublicBuckets'].map((f) => mutation(classicS3PublicAccessBlock, `${FP}.publicAccessBlockConfiguration.${f}`, true)),
      findings: [finding(classicS3PublicAccessBlock, 'Deny', `${FP}.publicAccessBlockConfiguration.blockPublicPolicy`, `${FP}.publicAccessBlockConfiguration.blockPublicPolicy is false; the bucket could be made public: remove it or set it to true`)],
    },
  },
  {
    name: 'a public access block with one flag: the other three injected',
    reason: 'each absent flag is injected into the block the author wrote',
    resource: safe({ publicAccessBlockConfiguration: { blockPublicAcls: true } }),
    rules: [classicS3PublicAccessBlock],
    want: {
      desired: injected(safe(), { publicAccessBlockConfiguration: PAB }, classicS3PublicAccessBlock.id),
      mutations: ['blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].map((f) => mutation(classicS3PublicAccessBlock, `${FP}.publicAccessBlockConfiguration.${f}`, true)),
      findings: [],
    },
  },
  {
    name: 'an agent suspends versioning: refused',
    reason: 'Suspended stops keeping versions; an overwrite could not be undone',
    resource: safe({ versioningConfiguration: { status: 'Suspended' } }),
    rules: [classicS3Versioning],
    want: { desired: SAME, mutations: [], findings: [finding(classicS3Versioning, 'Deny', `${FP}.versioningConfiguration.status`, `${FP}.versioningConfiguration.status is "Suspended"; set it to "Enabled" so overwritten and deleted objects can be recovered`)] },
  },
  ...(['public-read', 'public-read-write'] as const).map((acl): Case => ({
    name: `an agent sets acl ${acl} on a community Bucket: refused`,
    reason: 'a canned ACL that grants to everyone',
    resource: safe({ acl }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.acl`, `is "${acl}", which grants the bucket's contents to everyone; use "private" (or remove it) and grant access by IAM`)] },
  })),
  {
    name: 'an agent sets acl authenticated-read: refused',
    reason: 'every AWS account is anyone',
    resource: safe({ acl: 'authenticated-read' }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.acl`, `is "authenticated-read", which grants the bucket's contents to every AWS account; use "private" (or remove it) and grant access by IAM`)] },
  },
  { name: 'acl private passes', reason: 'the default', resource: safe({ acl: 'private' }), rules: [classicS3PublicGrants], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: 'an agent grants read to AllUsers through grantRead: refused',
    reason: 'the grant header names the everyone group',
    resource: safe({ grantRead: ALL_USERS }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.grantRead`, "grants to S3's AllUsers or AuthenticatedUsers group; grant to specific accounts or roles only")] },
  },
  {
    name: 'an agent spells the AuthenticatedUsers group in another case: still refused',
    reason: 'grantee URIs are compared without case',
    resource: safe({ grantWrite: 'uri="HTTP://ACS.AMAZONAWS.COM/groups/global/authenticatedusers"' }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.grantWrite`, "grants to S3's AllUsers or AuthenticatedUsers group; grant to specific accounts or roles only")] },
  },
  {
    name: 'a grant to an account ID passes',
    reason: 'a specific grantee',
    resource: safe({ grantFullControl: 'id="79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"' }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent grants the access logs to AllUsers: refused',
    reason: 'log target grants expose the logs',
    resource: safe({ loggingConfiguration: { targetBucket: 'logs', targetGrants: [{ targetGrantee: { type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] } }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.loggingConfiguration.targetGrants[0].targetGrantee.URI`, "grants the access logs to S3's AllUsers or AuthenticatedUsers group; grant them to specific accounts only")] },
  },
  {
    name: 'an agent writes an inline policy allowing anonymous access: refused',
    reason: 'allowAnon is Principal "*"',
    resource: safe({ policy: { version: '2012-10-17', statements: [{ effect: 'Allow', principal: { allowAnon: true }, action: ['s3:GetObject'], resource: ['arn:aws:s3:::b/*'] }] } }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.policy.statements[0].principal.allowAnon`, 'allows anyone on the internet; name the accounts, roles or services allowed instead')] },
  },
  {
    name: 'an agent allows everyone but one account with notPrincipal: refused',
    reason: 'Allow with notPrincipal grants everyone else',
    resource: safe({ policy: { version: '2012-10-17', statements: [{ effect: 'Allow', notPrincipal: { awsPrincipals: [{ awsAccountId: '111122223333' }] }, action: ['s3:GetObject'] }] } }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`${FP}.policy.statements[0].notPrincipal`, 'in an Allow statement grants to everyone but the principals named; name the principals allowed in principal instead')] },
  },
  {
    name: 'an agent hides a principal in a field the CRD does not have: refused as unjudgeable',
    reason: 'what guardrails cannot read it cannot pass',
    resource: safe({ policy: { version: '2012-10-17', statements: [{ effect: 'Allow', Principal: '*', action: ['s3:GetObject'] }] } }),
    rules: [classicS3PublicGrants],
    want: {
      desired: SAME,
      mutations: [],
      findings: [grants(`${FP}.policy.statements[0]`, 'has "Principal", which guardrails does not know and cannot judge; write the policy with sid, effect, principal, notPrincipal, action, notAction, resource, notResource, condition only')],
    },
  },
  {
    name: 'a Deny statement with allowAnon passes',
    reason: 'denying everyone makes nothing public',
    resource: safe({ policy: { version: '2012-10-17', statements: [{ effect: 'Deny', principal: { allowAnon: true }, action: ['s3:*'], condition: [{ operatorKey: 'Bool', conditions: [{ key: 'aws:SecureTransport', booleanValue: false }] }] }] } }),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an observe-only public community Bucket passes',
    reason: 'Crossplane writes nothing to it',
    resource: withPolicies(bucket({ acl: 'public-read' }), ['Observe']),
    rules: RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent carries a public community Bucket in a provider-kubernetes Object: refused inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(safe({ acl: 'public-read-write' })),
    rules: [classicS3PublicGrants],
    want: { desired: SAME, mutations: [], findings: [grants(`spec.forProvider.manifest.${FP}.acl`, `is "public-read-write", which grants the bucket's contents to everyone; use "private" (or remove it) and grant access by IAM`)].map((f) => ({ ...f, message: f.message.replace('spec.forProvider.manifest.', '') })) },
  },
  {
    name: 'a bare community Bucket carried by a namespaced Object: encryption injected into the manifest',
    reason: 'injection writes into the manifest',
    resource: carried(bucket(), 'namespaced'),
    rules: [classicS3Encryption],
    want: { desired: injectedCarried(bucket(), { serverSideEncryptionConfiguration: SSE }, classicS3Encryption.id, 'namespaced'), mutations: [mutation(classicS3Encryption, `spec.forProvider.manifest.${FP}.serverSideEncryptionConfiguration`, SSE)], findings: [] },
  },
];

describe('S3 buckets of the community AWS provider', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
