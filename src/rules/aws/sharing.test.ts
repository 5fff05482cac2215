import { describe, it } from 'vitest';
import { stringGuard } from '../../../test/builders/azure-data.js';
import { awsResource, booleanGuard, finding, guardCases, runCase, runFindingsCase, SAME, served, withInit, type Case, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import { ebsSnapshotCopyEncrypted, ec2PublicImage, ec2SharedImage, lambdaFunctionUrlAuth, lambdaFunctionUrlCors, SHARING_RULES } from './sharing.js';

/** ec2 kinds served only as v1beta1, in both groups (top-level fields). */
const EC2: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
/** lambda FunctionURL: cluster-scoped v1beta1 (cors a one-element list), v1beta2 and namespaced v1beta1 (objects). */
const URL_SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const ami = (s: Served, fp: Record<string, unknown>) => awsResource('ec2', 'AMILaunchPermission', s, { imageId: 'ami-0abc', ...fp });
const snap = (s: Served, fp: Record<string, unknown>) => awsResource('ec2', 'SnapshotCreateVolumePermission', s, { snapshotId: 'snap-0abc', ...fp });
const ORG = 'arn:aws:organizations::111122223333:organization/o-abc123';

const shareCases: FindingsCase[] = EC2.flatMap((s): FindingsCase[] => {
  const at = `on ${s.label}`;
  const pub = (path: string, value: string, what: string) =>
    finding(ec2PublicImage, 'Deny', path, `${path} is ${JSON.stringify(value)}, which lets every AWS account in the world ${what} and read its data; share with the accounts that need it, by account ID`);
  const held = (path: string, who: string, value: string, what: string) =>
    finding(ec2SharedImage, 'RequireApproval', path, `${path} shares it with ${who} ${JSON.stringify(value)}, which may then ${what}; approve only if it is one of the platform's accounts`);
  return [
    {
      name: `${at}: an agent shares an AMI with all: refused`,
      reason: 'group all makes the image public',
      resource: ami(s, { group: 'all' }),
      want: [pub('spec.forProvider.group', 'all', 'launch the image')],
    },
    {
      name: `${at}: an agent shares an AMI with " ALL ": refused`,
      reason: 'the group is compared trimmed and case-insensitively',
      resource: ami(s, { group: ' ALL ' }),
      want: [pub('spec.forProvider.group', ' ALL ', 'launch the image')],
    },
    {
      name: `${at}: group all in initProvider: refused`,
      reason: 'initProvider is applied at creation',
      resource: withInit(ami(s, {}), { group: 'all' }),
      want: [pub('spec.initProvider.group', 'all', 'launch the image')],
    },
    {
      name: `${at}: group a boolean: refused as malformed`,
      reason: 'a value that cannot be read is never passed',
      resource: ami(s, { group: true }),
      want: [finding(ec2PublicImage, 'Deny', 'spec.forProvider.group', 'spec.forProvider.group must be a string, got boolean true')],
    },
    {
      name: `${at}: an agent shares an AMI with another account: held`,
      reason: 'the guardrails cannot tell whether the account is the platform\'s',
      resource: ami(s, { accountId: '444455556666' }),
      want: [held('spec.forProvider.accountId', 'the account', '444455556666', 'launch the image')],
    },
    {
      name: `${at}: an agent shares an AMI with an organization: held`,
      reason: 'an organization may be someone else\'s',
      resource: ami(s, { organizationArn: ORG }),
      want: [held('spec.forProvider.organizationArn', 'every account of the organization', ORG, 'launch the image')],
    },
    {
      name: `${at}: an agent shares a snapshot with a foreign account: held`,
      reason: 'the snapshot\'s data leaves the account',
      resource: snap(s, { accountId: '444455556666' }),
      want: [held('spec.forProvider.accountId', 'the account', '444455556666', 'create volumes from the snapshot, and read its data')],
    },
    {
      name: `${at}: an agent shares a snapshot with all: refused, not held`,
      reason: 'all is public; the public rule refuses it and the sharing rule leaves it to that one',
      resource: snap(s, { accountId: 'all' }),
      want: [pub('spec.forProvider.accountId', 'all', 'create a volume from the snapshot')],
    },
    { name: `${at}: an AMI permission naming nothing passes`, reason: 'nothing is shared', resource: ami(s, {}), want: [] },
  ];
});

const guards: Case[] = [
  ...guardCases({
    rule: ebsSnapshotCopyEncrypted,
    field: ['encrypted'],
    shapes: EC2,
    build: (s, fp = {}) => awsResource('ec2', 'EBSSnapshotCopy', s, { sourceSnapshotId: 'snap-0abc', sourceRegion: 'eu-west-1', ...fp }),
    ...booleanGuard(true),
    missing: 'the copy was not set to be encrypted, so a copy of an unencrypted snapshot stays unencrypted',
    advice: 'set it to true (or remove it) so the copy is encrypted at rest',
  }),
  ...guardCases({
    rule: lambdaFunctionUrlAuth,
    field: ['authorizationType'],
    shapes: URL_SHAPES,
    build: (s, fp = {}) => awsResource('lambda', 'FunctionURL', s, { functionName: 'handler', ...fp }),
    ...stringGuard('AWS_IAM', 'NONE'),
    missing: 'the function URL does not say how callers authenticate',
    advice: 'set it to "AWS_IAM" so only signed requests of principals the function\'s policy allows may call it; put a public endpoint behind API Gateway or CloudFront with its own authentication',
  }),
];

const URL_ADVICE = 'set it to "AWS_IAM" so only signed requests of principals the function\'s policy allows may call it; put a public endpoint behind API Gateway or CloudFront with its own authentication';
const urlCases: Case[] = URL_SHAPES.map((s) => ({
  name: `${lambdaFunctionUrlAuth.id} on ${s.label}: an agent opens a function URL with authorizationType NONE: refused`,
  reason: 'the default action refuses it; anyone on the internet could call the function',
  resource: awsResource('lambda', 'FunctionURL', s, { functionName: 'handler', authorizationType: 'NONE' }),
  rules: [lambdaFunctionUrlAuth],
  want: { desired: SAME, mutations: [], findings: [finding(lambdaFunctionUrlAuth, 'Deny', 'spec.forProvider.authorizationType', `spec.forProvider.authorizationType is "NONE"; ${URL_ADVICE}`)] },
}));

const corsCases: FindingsCase[] = URL_SHAPES.flatMap((s): FindingsCase[] => {
  const url = (cors: unknown) => awsResource('lambda', 'FunctionURL', s, { functionName: 'handler', authorizationType: 'AWS_IAM', cors: s.blocks === 'array' ? [cors] : cors });
  const at = `spec.forProvider.cors${s.blocks === 'array' ? '[0]' : ''}`;
  const open = (origins: string) => finding(lambdaFunctionUrlCors, 'Warn', `${at}.allowOrigins`, `${at}.allowOrigins allows ${origins}, so any web site may call the function from its visitors' browsers; list the origins of the platform's own front ends`);
  return [
    { name: `${lambdaFunctionUrlCors.id} on ${s.label}: named origins pass`, reason: 'compliant', resource: url({ allowOrigins: ['https://app.example.com'] }), want: [] },
    { name: `${lambdaFunctionUrlCors.id} on ${s.label}: an agent allows every origin: a warning`, reason: '"*" lets any web page call it', resource: url({ allowOrigins: ['https://app.example.com', '*'], allowCredentials: true }), want: [open('"*"')] },
    { name: `${lambdaFunctionUrlCors.id} on ${s.label}: a wildcard origin: a warning`, reason: 'a pattern is not a list of front ends', resource: url({ allowOrigins: ['https://*'] }), want: [open('"https://*"')] },
    {
      name: `${lambdaFunctionUrlCors.id} on ${s.label}: allowOrigins a string: malformed`,
      reason: 'a value that cannot be read is reported',
      resource: url({ allowOrigins: '*' }),
      want: [finding(lambdaFunctionUrlCors, 'Warn', `${at}.allowOrigins`, `${at}.allowOrigins must be a list of strings, got the string "*"`)],
    },
  ];
});

describe('AMI and snapshot sharing', () => {
  it.each(shareCases)('$name', (c) => runFindingsCase(c, [ec2PublicImage, ec2SharedImage]));
});

describe('snapshot copies and function URLs', () => {
  it.each([...guards, ...urlCases])('$name', (c) => runCase(c));
  it.each(corsCases)('$name', (c) => runFindingsCase(c, [lambdaFunctionUrlCors]));
  it('an agent opens a function URL with NONE and CORS "*": both reported, nothing else', () => {
    runFindingsCase(
      {
        name: 'both',
        reason: 'each rule reports its own finding',
        resource: awsResource('lambda', 'FunctionURL', URL_SHAPES[1]!, { functionName: 'handler', authorizationType: 'NONE', cors: { allowOrigins: ['*'] } }),
        want: [
          finding(lambdaFunctionUrlAuth, 'Deny', 'spec.forProvider.authorizationType', `spec.forProvider.authorizationType is "NONE"; ${URL_ADVICE}`),
          finding(lambdaFunctionUrlCors, 'Warn', 'spec.forProvider.cors.allowOrigins', `spec.forProvider.cors.allowOrigins allows "*", so any web site may call the function from its visitors' browsers; list the origins of the platform's own front ends`),
        ],
      },
      SHARING_RULES,
    );
  });
});
