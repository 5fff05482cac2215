import { describe, expect, it } from 'vitest';
import { awsGroup, input, type Group } from '../../../test/builders.js';
import { finding as sharedFinding, jsonError, runFindingsCase, type FindingsCase as Case } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { IAM_RULES, iamPolicyDocument } from './iam.js';
import { kmsKeyPolicyPublic, RESOURCE_POLICY_RULES, s3BucketPolicyPublic } from './resource-policies.js';

const RULES = [...IAM_RULES, ...RESOURCE_POLICY_RULES];

/** A policy document as the JSON string a resource carries. */
const json = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function withPolicy(service: string, kind: string, group: Group, forProvider: Record<string, unknown>, init?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: `${awsGroup(service, group)}/v1beta1`,
    kind,
    spec: { forProvider: { region: 'eu-west-1', ...forProvider }, ...(init !== undefined ? { initProvider: init } : {}) },
  };
}
const bucketPolicy = (group: Group, policy: unknown) => withPolicy('s3', 'BucketPolicy', group, { bucket: 'logs', policy });
const key = (group: Group, policy: unknown) => withPolicy('kms', 'Key', group, { enableKeyRotation: true, policy });

const finding = (rule: Rule, message: string, path = 'spec.forProvider.policy', action: Finding['action'] = 'Deny'): Finding => sharedFinding(rule, action, path, message);

const BUCKET = 'arn:aws:s3:::logs';
const read = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*`, ...extra });
const S3_FIX = 'name the principals that need access, or add a Condition on aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn (for CloudFront, origin access control)';
const publicBucket = (label: string, principal: string, actions: string, note = 'with no Condition') =>
  `${label} allows any principal (${principal}) ${actions} on this bucket ${note}, which makes the bucket public; ${S3_FIX}`;
const KMS_FIX = 'name the principals that need it (the account root, a role ARN), or add a Condition on kms:CallerAccount or aws:PrincipalOrgID';
const publicKey = (label: string, principal: string, actions: string, note = 'with no Condition') => `${label} allows any principal (${principal}) ${actions} on this key ${note}; ${KMS_FIX}`;

/** The key policy AWS creates by default: the account root, then named users. */
const DEFAULT_KEY_POLICY = json(
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
  { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/Bob' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
);

function groupCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  return [
    // aws-s3-bucket-policy-public
    {
      name: at('the provider example: Principal "*" reads the bucket'),
      reason: 'anyone on the internet could read and list it',
      resource: bucketPolicy(
        group,
        json({ Sid: 'VisualEditor0', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [BUCKET, `${BUCKET}/*`] }),
      ),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0] (Sid "VisualEditor0")', 'Principal "*"', '"s3:GetObject", "s3:ListBucket"'))],
    },
    {
      name: at('{"AWS": "*"} writes the bucket'),
      reason: 'any AWS account is the public too',
      resource: bucketPolicy(group, json(read({ Principal: { AWS: '*' }, Action: 's3:PutObject' }))),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal AWS "*"', '"s3:PutObject"'))],
    },
    {
      name: at('NotPrincipal with Allow'),
      reason: 'everyone but one account',
      resource: bucketPolicy(group, json({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, NotAction: 's3:DeleteBucket', Resource: [BUCKET, `${BUCKET}/*`] })),
      want: [
        finding(
          s3BucketPolicyPublic,
          publicBucket('Statement[0]', 'NotPrincipal AWS "arn:aws:iam::123456789012:root"', 'every action except "s3:DeleteBucket" (NotAction)'),
        ),
      ],
    },
    {
      name: at('Principal "*" with only a TLS condition'),
      reason: 'aws:SecureTransport says how, not who',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"', 'and its Condition on aws:SecureTransport does not limit who'))],
    },
    {
      name: at('Principal "*" from the whole internet by IP'),
      reason: '0.0.0.0/0 is no limit',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"', 'and its Condition on aws:SourceIp does not limit who'))],
    },
    {
      name: at('bucket policy with all 256 /8s is public'),
      reason: 'no single /8 is wide, together they are the whole internet: aws:SourceIp is judged as a union',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) } } }))),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"', 'and its Condition on aws:SourceIp does not limit who'))],
    },
    {
      name: at('key policy with the two halves split across IpAddress and ForAnyValue:IpAddress'),
      reason: 'every IpAddress value of the key in the statement joins one union',
      resource: key(
        group,
        json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' }, 'ForAnyValue:IpAddress': { 'aws:SourceIp': '128.0.0.0/1' } } }),
      ),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0]', 'Principal AWS "*"', '"kms:Decrypt"', 'and its Condition on aws:SourceIp does not limit who'))],
    },
    {
      name: at('key policy from a public /7'),
      reason: 'wider than network.internetPrefix (/8): the internet',
      resource: key(group, json({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '52.0.0.0/7' } } })),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0]', 'Principal "*"', '"kms:Decrypt"', 'and its Condition on aws:SourceIp does not limit who'))],
    },
    {
      name: at('key policy from a public /7, internetPrefix 6'),
      reason: 'the Input decides how wide the internet is',
      resource: key(group, json({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '52.0.0.0/7' } } })),
      input: input({ network: { internetPrefix: { ipv4: 6 } } }),
      want: [],
    },
    {
      name: at('bucket policy from the IPv4 internet as IPv4-mapped IPv6'),
      reason: '::ffff:0.0.0.0/96 is 0.0.0.0/0',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '::ffff:0.0.0.0/96' } } }))),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"', 'and its Condition on aws:SourceIp does not limit who'))],
    },
    {
      name: at('bucket policy from private 10.0.0.0/8'),
      reason: 'private space is not the internet, however wide',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))),
      want: [],
    },
    {
      name: at('Principal "*" through one VPC endpoint'),
      reason: 'a fixed aws:SourceVpce is not public, as S3 itself judges it',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }))),
      want: [],
    },
    {
      name: at('Principal "*" within one organization'),
      reason: 'a fixed aws:PrincipalOrgID is not public',
      resource: bucketPolicy(group, json(read({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }))),
      want: [],
    },
    {
      name: at('Principal "*" from an office range'),
      reason: 'a /24 is a fixed set of addresses',
      resource: bucketPolicy(group, json(read({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }))),
      want: [],
    },
    {
      name: at('CloudFront origin access control'),
      reason: 'a service principal limited to one distribution: the recommended way to serve a bucket publicly',
      resource: bucketPolicy(
        group,
        json(read({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1' } } })),
      ),
      want: [],
    },
    {
      name: at('Deny to "*" without TLS'),
      reason: 'a Deny statement is never a violation',
      resource: bucketPolicy(group, json({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
      want: [],
    },
    {
      name: at('Principal "*" in initProvider'),
      reason: 'a policy set at creation counts',
      resource: withPolicy('s3', 'BucketPolicy', group, { bucket: 'logs' }, { policy: json(read({ Principal: '*' })) }),
      want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"'), 'spec.initProvider.policy')],
    },
    {
      name: at('bucket policy not JSON'),
      reason: 'reported once, by aws-iam-policy-document',
      resource: bucketPolicy(group, 'Principal: "*"'),
      want: [
        finding(
          iamPolicyDocument,
          `spec.forProvider.policy is not valid JSON (${jsonError('Principal: "*"')}), so the bucket policy cannot be checked; write it as a JSON document`,
        ),
      ],
    },
    {
      name: at('bucket policy without a Principal'),
      reason: 'an identity policy pasted as a bucket policy',
      resource: bucketPolicy(group, json({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` })),
      want: [
        finding(
          iamPolicyDocument,
          'spec.forProvider.policy is not a valid bucket policy document, so it cannot be checked: Statement[0] has neither Principal nor NotPrincipal',
        ),
      ],
    },
    {
      name: at('bucket policy a list'),
      reason: 'a document written as YAML structure',
      resource: bucketPolicy(group, [read({ Principal: '*' })]),
      want: [finding(iamPolicyDocument, 'spec.forProvider.policy must be a bucket policy document as a JSON string, got an array')],
    },

    // aws-kms-key-policy-public
    {
      name: at('the default key policy'),
      reason: 'the account root and named users: nothing public, and kms:* on "*" is how key policies are written',
      resource: key(group, DEFAULT_KEY_POLICY),
      want: [],
    },
    {
      name: at('{"AWS": "*"} may decrypt'),
      reason: 'any AWS account could use the key',
      resource: key(group, json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' })),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0]', 'Principal AWS "*"', '"kms:Decrypt", "kms:DescribeKey"'))],
    },
    {
      name: at('Principal "*" may do anything'),
      reason: 'the worst case',
      resource: key(group, json({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' })),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0] (Sid "Open")', 'Principal "*"', '"kms:*"'))],
    },
    {
      name: at('all principals of the account through EBS'),
      reason: 'the policy AWS documents: kms:CallerAccount limits who, kms:ViaService how',
      resource: key(
        group,
        json({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } },
        }),
      ),
      want: [],
    },
    {
      name: at('any principal through EBS'),
      reason: 'kms:ViaService alone lets any account’s EBS use the key',
      resource: key(group, json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } } })),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0]', 'Principal AWS "*"', '"kms:Decrypt"', 'and its Condition on kms:ViaService does not limit who'))],
    },
    {
      name: at('a Deny to "*"'),
      reason: 'a Deny statement is never a violation',
      resource: key(group, json({ Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }, JSON.parse(DEFAULT_KEY_POLICY).Statement[0])),
      want: [],
    },
    {
      name: at('key policy with a syntax error'),
      reason: 'reported once, by aws-iam-policy-document',
      resource: key(group, '{"Statement": [}'),
      want: [finding(iamPolicyDocument, `spec.forProvider.policy is not valid JSON (${jsonError('{"Statement": [}')}), so the key policy cannot be checked; write it as a JSON document`)],
    },
    {
      name: at('key policy with Effect in lowercase'),
      reason: 'a wrong type is a clear finding, not a crash and not a pass',
      resource: key(group, json({ Effect: 'allow', Principal: '*', Action: 'kms:*', Resource: '*' })),
      want: [finding(iamPolicyDocument, 'spec.forProvider.policy is not a valid key policy document, so it cannot be checked: Statement[0].Effect must be "Allow" or "Deny", got "allow"')],
    },
    {
      name: at('key without a policy'),
      reason: 'AWS then applies its default key policy',
      resource: withPolicy('kms', 'Key', group, { enableKeyRotation: true }),
      want: [],
    },
  ];
}

const otherCases: Case[] = [
  {
    name: 'public bucket policy under Warn',
    reason: 'the Input’s action is the action reported',
    resource: bucketPolicy('cluster', json(read({ Principal: '*' }))),
    input: input({ rules: { [s3BucketPolicyPublic.id]: { action: 'Warn' } } }),
    want: [finding(s3BucketPolicyPublic, publicBucket('Statement[0]', 'Principal "*"', '"s3:GetObject"'), 'spec.forProvider.policy', 'Warn')],
  },
  {
    name: 'spec.forProvider an array on a BucketPolicy',
    reason: 'a resource the rules cannot read is refused by each of them',
    resource: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'BucketPolicy', spec: { forProvider: [] } },
    want: [iamPolicyDocument, s3BucketPolicyPublic].map((r) => finding(r, 'spec.forProvider is an array, not an object; the resource cannot be checked', 'spec.forProvider')),
  },
  {
    name: 'observe-only Key with a public policy',
    reason: 'an observed key is not changed by this composition',
    resource: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', spec: { managementPolicies: ['Observe'], forProvider: { policy: json({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }) } } },
    want: [],
  },
];

describe('resource policies through the engine', () => {
  it.each([...groupCases('cluster'), ...groupCases('namespaced'), ...otherCases])('$name', (c) => runFindingsCase(c, RULES));
});

describe('rule metadata', () => {
  it('RESOURCE_POLICY_RULES lists the rules in evaluation order', () => {
    expect(RESOURCE_POLICY_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-s3-bucket-policy-public', 'Deny'],
      ['aws-kms-key-policy-public', 'Deny'],
    ]);
  });
});
