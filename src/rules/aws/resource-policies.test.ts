import { describe, expect, it } from 'vitest';
import { awsGroup, input, type Group } from '../../../test/builders.js';
import { finding as sharedFinding, jsonError, runFindingsCase, type FindingsCase as Case } from '../../../test/builders/aws-data.js';
import { UNREADABLE_RULE } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { IAM_RULES, iamPolicyDocument } from './iam.js';
import { POLICY_FIELDS } from './documents.js';
import { kmsKeyPolicyPublic, lambdaPermissionPublic, PUBLIC_POLICIES, RESOURCE_POLICY_RULES, s3BucketPolicyPublic } from './resource-policies.js';

const RULES = [...IAM_RULES, ...RESOURCE_POLICY_RULES];

/** A policy document as the JSON string a resource carries. */
const json = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function withPolicy(service: string, kind: string, group: Group, forProvider: Record<string, unknown>, init?: Record<string, unknown>, version = 'v1beta1'): KubeObject {
  return {
    apiVersion: `${awsGroup(service, group)}/${version}`,
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
    reason: 'a resource the rules cannot read is refused once, by the engine',
    resource: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'BucketPolicy', spec: { forProvider: [] } },
    want: [{ ...finding(s3BucketPolicyPublic, 'spec.forProvider is an array, not an object; the resource cannot be checked', 'spec.forProvider'), rule: UNREADABLE_RULE }],
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

/** The rule of a row of the table, by ID. */
const rule = (id: string): Rule => RESOURCE_POLICY_RULES.find((r) => r.id === id)!;
const PUBLIC_QUEUE = json({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });

/** The finding of a public statement under a row's rule, with the row's own words. */
function publicFinding(id: string, noun: string, label: string, principal: string, actions: string, path = 'spec.forProvider.policy', note = 'with no Condition'): Finding {
  const row = PUBLIC_POLICIES.find((r) => r.id === id)!;
  const consequence = row.publicNote === false ? '' : `, which makes the ${noun} public`;
  return finding(rule(id), `${label} allows any principal (${principal}) ${actions} on this ${noun} ${note}${consequence}; ${row.fix}`, path, row.defaultAction ?? 'Deny');
}

const SQS_FIX = 'name the principals that need it, or, for an AWS service that sends to the queue (SNS, S3, EventBridge), add a Condition on aws:SourceArn or aws:SourceAccount';

function newKindCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  const queue = (policy: unknown) => withPolicy('sqs', 'Queue', group, { policy });
  return [
    {
      name: at('a queue open to * is refused'),
      reason: 'Principal "*" with Action "*" on a Queue’s inline policy: anyone could read, delete or inject messages',
      resource: queue(PUBLIC_QUEUE),
      want: [
        finding(
          rule('aws-sqs-queue-policy-public'),
          `Statement[0] (Sid "Open") allows any principal (Principal "*") "*" on this queue with no Condition, which makes the queue public; ${SQS_FIX}`,
        ),
      ],
    },
    {
      name: at('a QueuePolicy open to {"AWS": "*"} is refused'),
      reason: 'the standalone policy kind is read the same way',
      resource: withPolicy('sqs', 'QueuePolicy', group, { queueUrl: 'https://sqs/q', policy: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: '*' }) }),
      want: [publicFinding('aws-sqs-queue-policy-public', 'queue', 'Statement[0]', 'Principal AWS "*"', '"sqs:SendMessage"')],
    },
    {
      name: at('a queue SNS may send to from one topic'),
      reason: 'a service principal narrowed by aws:SourceArn is how SNS fan-out is written',
      resource: queue(json({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:t' } } })),
      want: [],
    },
    {
      name: at('a queue open to * from any topic'),
      reason: 'aws:SourceArn with a wildcard names no one',
      resource: queue(json({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } })),
      want: [publicFinding('aws-sqs-queue-policy-public', 'queue', 'Statement[0]', 'Principal "*"', '"sqs:SendMessage"', 'spec.forProvider.policy', 'and its Condition on aws:SourceArn does not limit who')],
    },
    {
      name: at('a queue policy that is not JSON'),
      reason: 'refused once, as the IAM rules refuse theirs',
      resource: queue('{"Statement": ['),
      want: [finding(iamPolicyDocument, `spec.forProvider.policy is not valid JSON (${jsonError('{"Statement": [')}), so the queue policy cannot be checked; write it as a JSON document`)],
    },
    {
      name: at('a 64 KB queue policy of 32,000 nested [ is refused fast'),
      reason: 'the depth cap holds for every document field',
      resource: queue('['.repeat(32_000) + ']'.repeat(32_000)),
      want: [
        finding(
          iamPolicyDocument,
          'spec.forProvider.policy is not read: it nests lists and objects more than 16 deep, more than the guardrails read (a policy document is at most 6 deep: the document, Statement, a statement, Condition, an operator, a list of values), so the queue policy cannot be checked; write a smaller, flatter document',
        ),
      ],
    },
    {
      name: at('a topic open to * is refused'),
      reason: 'SNS Topic.policy is read',
      resource: withPolicy('sns', 'Topic', group, { policy: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: '*' }) }),
      want: [publicFinding('aws-sns-topic-policy-public', 'topic', 'Statement[0]', 'Principal AWS "*"', '"SNS:Publish", "SNS:Subscribe"')],
    },
    {
      name: at('a topic CloudWatch publishes to from one account'),
      reason: 'aws:SourceOwner fixes the publisher’s account',
      resource: withPolicy('sns', 'TopicPolicy', group, { policy: json({ Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: '*', Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } } }) }),
      want: [],
    },
    {
      name: at('an ECR repository policy without Resource, for named accounts'),
      reason: 'ECR policies leave Resource out; a named principal is not public',
      resource: withPolicy('ecr', 'RepositoryPolicy', group, { repository: 'app', policy: json({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['ecr:BatchGetImage'] }) }),
      want: [],
    },
    {
      name: at('an ECR repository anyone may push to'),
      reason: 'Principal "*" on a repository: anyone could replace the images workloads pull',
      resource: withPolicy('ecr', 'RepositoryPolicy', group, { repository: 'app', policy: json({ Effect: 'Allow', Principal: '*', Action: ['ecr:PutImage', 'ecr:BatchGetImage'] }) }),
      want: [publicFinding('aws-ecr-repository-policy-public', 'repository', 'Statement[0]', 'Principal "*"', '"ecr:PutImage", "ecr:BatchGetImage"')],
    },
    {
      name: at('a secret anyone may read'),
      reason: 'a SecretPolicy for any principal',
      resource: withPolicy('secretsmanager', 'SecretPolicy', group, { secretArn: 'arn:x', policy: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) }),
      want: [publicFinding('aws-secretsmanager-secret-policy-public', 'secret', 'Statement[0]', 'Principal AWS "*"', '"secretsmanager:GetSecretValue"')],
    },
    {
      name: at('EFS: the "prevent anonymous access" policy'),
      reason: 'AWS’s own preset: any principal, through mount targets only, which the VPC gates',
      resource: withPolicy('efs', 'FileSystemPolicy', group, {
        fileSystemId: 'fs-1',
        policy: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], Resource: '*', Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } } }),
      }),
      want: [],
    },
    {
      name: at('EFS: root access for anyone'),
      reason: 'no condition at all',
      resource: withPolicy('efs', 'FileSystemPolicy', group, { fileSystemId: 'fs-1', policy: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'elasticfilesystem:ClientRootAccess', Resource: '*' }) }),
      want: [publicFinding('aws-efs-file-system-policy-public', 'file system', 'Statement[0]', 'Principal AWS "*"', '"elasticfilesystem:ClientRootAccess"')],
    },
    {
      name: at('EFS: mount-target flag false'),
      reason: 'Bool false does not gate anything',
      resource: withPolicy('efs', 'FileSystemPolicy', group, {
        fileSystemId: 'fs-1',
        policy: json({ Effect: 'Allow', Principal: '*', Action: 'elasticfilesystem:ClientMount', Resource: '*', Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': false } } }),
      }),
      want: [
        publicFinding(
          'aws-efs-file-system-policy-public',
          'file system',
          'Statement[0]',
          'Principal "*"',
          '"elasticfilesystem:ClientMount"',
          'spec.forProvider.policy',
          'and its Condition on elasticfilesystem:AccessedViaMountTarget does not limit who',
        ),
      ],
    },
    {
      name: at('an OpenSearch domain open to * is held'),
      reason: 'an open access policy may be fine-grained access control inside a VPC, or a public domain: a human decides',
      resource: withPolicy('opensearch', 'DomainPolicy', group, { domainName: 'd', accessPolicies: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: 'arn:aws:es:eu-west-1:123456789012:domain/d/*' }) }),
      want: [publicFinding('aws-opensearch-domain-policy-public', 'domain', 'Statement[0]', 'Principal AWS "*"', '"es:*"', 'spec.forProvider.accessPolicies')],
    },
    {
      name: at('an Elasticsearch domain open to an office range'),
      reason: 'a fixed aws:SourceIp range limits who',
      resource: withPolicy('elasticsearch', 'Domain', group, { accessPolicies: json({ Effect: 'Allow', Principal: '*', Action: 'es:ESHttpGet', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) }),
      want: [],
    },
    {
      name: at('a Glacier vault anyone may read'),
      reason: 'Vault.accessPolicy is a resource policy',
      resource: withPolicy('glacier', 'Vault', group, { accessPolicy: json({ Effect: 'Allow', Principal: '*', Action: 'glacier:InitiateJob', Resource: '*' }) }),
      want: [publicFinding('aws-glacier-vault-policy-public', 'vault', 'Statement[0]', 'Principal "*"', '"glacier:InitiateJob"', 'spec.forProvider.accessPolicy')],
    },
    {
      name: at('a backup vault anyone may copy from'),
      reason: 'a VaultPolicy for any principal',
      resource: withPolicy('backup', 'VaultPolicy', group, { backupVaultName: 'v', policy: json({ Effect: 'Allow', Principal: '*', Action: 'backup:CopyFromBackupVault', Resource: '*' }) }),
      want: [publicFinding('aws-backup-vault-policy-public', 'backup vault', 'Statement[0]', 'Principal "*"', '"backup:CopyFromBackupVault"')],
    },
    {
      name: at('an access point anyone may read'),
      reason: 'the inline policy of an s3control AccessPoint',
      resource: withPolicy('s3control', 'AccessPoint', group, { bucket: 'logs', policy: json({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) }),
      want: [publicFinding('aws-s3-access-point-policy-public', 'access point', 'Statement[0]', 'Principal "*"', '"s3:GetObject"')],
    },
    {
      name: at('a multi-region access point anyone may read'),
      reason: 'details.policy, in the block shape of the version (a one-element list in cluster-scoped v1beta1)',
      resource: withPolicy('s3control', 'MultiRegionAccessPointPolicy', group, { details: [{ name: 'm', policy: json({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) }] }),
      want: [publicFinding('aws-s3-access-point-policy-public', 'access point', 'Statement[0]', 'Principal "*"', '"s3:GetObject"', 'spec.forProvider.details[0].policy')],
    },
    {
      name: at('an event bus any account may put events on'),
      reason: 'the long tail: other resource policies the guardrails read',
      resource: withPolicy('cloudwatchevents', 'BusPolicy', group, { policy: json({ Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: '*' }) }),
      want: [publicFinding('aws-resource-policy-public', 'event bus', 'Statement[0]', 'Principal "*"', '"events:PutEvents"')],
    },
    {
      name: at('a replica key open to *'),
      reason: 'every KMS key kind with a policy is read',
      resource: withPolicy('kms', 'ReplicaKey', group, { primaryKeyArn: 'arn:x', policy: json({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) }),
      want: [finding(kmsKeyPolicyPublic, publicKey('Statement[0]', 'Principal "*"', '"kms:Decrypt"'))],
    },
  ];
}

/** A Lambda permission of `kind` with these forProvider fields. */
const permission = (group: Group, forProvider: Record<string, unknown>, kind = 'Permission') =>
  withPolicy('lambda', kind, group, { action: 'lambda:InvokeFunction', functionName: 'f', ...forProvider });
const PRINCIPAL = 'spec.forProvider.principal';

function lambdaCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  const any = (extra = '') =>
    finding(lambdaPermissionPublic, `${PRINCIPAL} is "*", so any AWS account${extra} may invoke the function; name the account or service that needs it, or set principalOrgId, sourceAccount or sourceArn`, PRINCIPAL);
  return [
    { name: at('a function anyone may invoke'), reason: 'principal "*" with nothing to narrow it', resource: permission(group, { principal: '*' }), want: [any()] },
    {
      name: at('a public function URL'),
      reason: 'principal "*" with auth type NONE: anyone on the internet',
      resource: permission(group, { principal: '*', action: 'lambda:InvokeFunctionUrl', functionUrlAuthType: 'NONE' }),
      want: [any(' (with functionUrlAuthType NONE, anyone on the internet)')],
    },
    { name: at('"*" within one organization'), reason: 'principalOrgId fixes who', resource: permission(group, { principal: '*', principalOrgId: 'o-abc123' }), want: [] },
    { name: at('"*" with a wildcard organization'), reason: 'a wildcard names no one', resource: permission(group, { principal: '*', principalOrgId: 'o-*' }), want: [any()] },
    {
      name: at('S3 may invoke, from any bucket'),
      reason: 'a service principal without sourceArn or sourceAccount: any account’s bucket could (CKV_AWS_364)',
      resource: permission(group, { principal: 's3.amazonaws.com' }),
      want: [
        finding(
          lambdaPermissionPublic,
          `${PRINCIPAL} is the service "s3.amazonaws.com" with no fixed sourceArn or sourceAccount, so any account's s3 resources may invoke the function; set sourceArn to the resource that invokes it (or sourceAccount to its account)`,
          PRINCIPAL,
        ),
      ],
    },
    { name: at('S3 may invoke, from one bucket'), reason: 'sourceArn names it', resource: permission(group, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads' }), want: [] },
    {
      name: at('API Gateway may invoke, from one API'),
      reason: 'the usual sourceArn: wildcards for stage and route after one account’s API',
      resource: permission(group, { principal: 'apigateway.amazonaws.com', sourceArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*' }),
      want: [],
    },
    {
      name: at('S3 may invoke, from buckets named like uploads-*'),
      reason: 'anyone can name a bucket that way',
      resource: permission(group, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads-*' }),
      want: [
        finding(
          lambdaPermissionPublic,
          `${PRINCIPAL} is the service "s3.amazonaws.com" with no fixed sourceArn or sourceAccount, so any account's s3 resources may invoke the function; set sourceArn to the resource that invokes it (or sourceAccount to its account)`,
          PRINCIPAL,
        ),
      ],
    },
    { name: at('one account may invoke'), reason: 'a named account is not public', resource: permission(group, { principal: '123456789012' }), want: [] },
    {
      name: at('principal "*" in initProvider, sourceAccount in forProvider'),
      reason: 'Upjet applies forProvider, else initProvider: together they name one account',
      resource: withPolicy('lambda', 'Permission', group, { action: 'lambda:InvokeFunction', functionName: 'f', sourceAccount: '123456789012' }, { principal: '*' }),
      want: [],
    },
    {
      name: at('a principal that is a number'),
      reason: 'malformed is refused, not passed',
      resource: permission(group, { principal: 123456789012 }),
      want: [finding(lambdaPermissionPublic, `${PRINCIPAL} must be a string, got number 123456789012`, PRINCIPAL)],
    },
    {
      name: at('a layer shared with everyone'),
      reason: 'LayerVersionPermission principal "*" without organizationId',
      resource: permission(group, { principal: '*', action: 'lambda:GetLayerVersion', layerName: 'l', versionNumber: 1 }, 'LayerVersionPermission'),
      want: [finding(lambdaPermissionPublic, `${PRINCIPAL} is "*" and no organizationId is set, which shares this layer version with every AWS account; name the account that needs it, or set organizationId`, PRINCIPAL)],
    },
    {
      name: at('a layer shared with one organization'),
      reason: 'organizationId fixes who',
      resource: permission(group, { principal: '*', organizationId: 'o-abc123', layerName: 'l', versionNumber: 1 }, 'LayerVersionPermission'),
      want: [],
    },
  ];
}

const shapeCases: Case[] = [
  {
    name: 'a multi-region access point policy in v1beta2 (object block)',
    reason: 'details is an object from v1beta2 on',
    resource: withPolicy('s3control', 'MultiRegionAccessPointPolicy', 'cluster', { details: { name: 'm', policy: PUBLIC_QUEUE } }, undefined, 'v1beta2'),
    want: [publicFinding('aws-s3-access-point-policy-public', 'access point', 'Statement[0] (Sid "Open")', 'Principal "*"', '"*"', 'spec.forProvider.details.policy')],
  },
  {
    name: 'an OpenSearch domain open to * under Deny',
    reason: 'a platform that wants it refused sets the action',
    resource: withPolicy('opensearch', 'DomainPolicy', 'cluster', { accessPolicies: json({ Effect: 'Allow', Principal: '*', Action: 'es:*', Resource: '*' }) }),
    input: input({ rules: { 'aws-opensearch-domain-policy-public': { action: 'Deny' } } }),
    want: [{ ...publicFinding('aws-opensearch-domain-policy-public', 'domain', 'Statement[0]', 'Principal "*"', '"es:*"', 'spec.forProvider.accessPolicies'), action: 'Deny' }],
  },
  {
    name: 'an observe-only QueuePolicy open to *',
    reason: 'an observed policy is not written by this composition',
    resource: { ...withPolicy('sqs', 'QueuePolicy', 'cluster', { policy: PUBLIC_QUEUE }), spec: { managementPolicies: ['Observe'], forProvider: { policy: PUBLIC_QUEUE } } },
    want: [],
  },
];

describe('every resource policy kind through the engine', () => {
  it.each([...newKindCases('cluster'), ...newKindCases('namespaced'), ...lambdaCases('cluster'), ...lambdaCases('namespaced'), ...shapeCases])('$name', (c) => runFindingsCase(c, RULES));

  // Every kind of every row, in both groups: a public statement in its field is reported by the row's rule.
  const everyKind = PUBLIC_POLICIES.flatMap((row) =>
    row.kinds.flatMap((kind) =>
      (['cluster', 'namespaced'] as const).map((group) => {
        const f = POLICY_FIELDS.find((p) => p.service === kind.service && p.kind === kind.kind)!;
        const doc = json({ Effect: 'Allow', Principal: '*', Action: 'x:Y', Resource: '*' });
        const forProvider = f.field.length === 1 ? { [f.field[0]!]: doc } : { [f.field[0]!]: { [f.field[1]!]: doc } };
        const path = `spec.forProvider.${f.field.join('.')}`;
        return { name: `${group}: ${kind.service} ${kind.kind} ${f.field.join('.')}`, row, kind, resource: withPolicy(kind.service, kind.kind, group, forProvider, undefined, 'v1beta2'), path };
      }),
    ),
  );
  it.each(everyKind)('$name is read by $row.id', ({ row, kind, resource, path }) =>
    runFindingsCase({ name: '', reason: '', resource, want: [publicFinding(row.id, kind.noun, 'Statement[0]', 'Principal "*"', '"x:Y"', path)] }, RULES),
  );
});

describe('rule metadata', () => {
  it('RESOURCE_POLICY_RULES lists the rules in evaluation order', () => {
    expect(RESOURCE_POLICY_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-s3-bucket-policy-public', 'Deny'],
      ['aws-s3-access-point-policy-public', 'Deny'],
      ['aws-kms-key-policy-public', 'Deny'],
      ['aws-sqs-queue-policy-public', 'Deny'],
      ['aws-sns-topic-policy-public', 'Deny'],
      ['aws-ecr-repository-policy-public', 'Deny'],
      ['aws-secretsmanager-secret-policy-public', 'Deny'],
      ['aws-efs-file-system-policy-public', 'Deny'],
      ['aws-opensearch-domain-policy-public', 'RequireApproval'],
      ['aws-glacier-vault-policy-public', 'Deny'],
      ['aws-backup-vault-policy-public', 'Deny'],
      ['aws-resource-policy-public', 'Deny'],
      ['aws-lambda-permission-public', 'Deny'],
    ]);
  });

  it('every resource-policy field of the document table belongs to exactly one public-policy rule', () => {
    const resourceFields = POLICY_FIELDS.filter((f) => f.document === 'resource' || f.document === 'resource-implied');
    for (const f of resourceFields) {
      expect({ field: `${f.service}/${f.kind}`, rules: PUBLIC_POLICIES.filter((r) => r.kinds.some((k) => k.service === f.service && k.kind === f.kind)).length }).toEqual({ field: `${f.service}/${f.kind}`, rules: 1 });
    }
    const kinds = PUBLIC_POLICIES.flatMap((r) => r.kinds.map((k) => `${k.service}/${k.kind}`));
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const k of kinds) expect(resourceFields.map((f) => `${f.service}/${f.kind}`)).toContain(k);
  });
});
