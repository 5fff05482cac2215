/**
 * Policy documents and IAM grants, attacked over gRPC: resource policies
 * that open a queue, topic, repository, secret, file system, domain, access
 * point or function to anyone; documents the function cannot read; AWS
 * managed administrator policies attached; credentials minted; trust
 * policies that let outsiders in; and a document built to exhaust the
 * parser.
 */
import { describe, expect, it } from 'vitest';
import { HOLDING, REFUSED, applied, approveLine, condition, desiredNames, digestIn, lines, managed, request, severities } from './attacks.js';
import { serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();
const run = (desired: Record<string, JsonObject>) => server.rpc.runJson(request(desired));

/** A policy letting anyone do `action` on `resource` (none when undefined), with no Condition. */
const open = (action: string, resource?: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, ...(resource !== undefined ? { Resource: resource } : {}) }] });

const iam = (kind: string, forProvider: JsonObject, metadata?: JsonObject): JsonObject => ({
  apiVersion: 'iam.aws.upbound.io/v1beta1',
  kind,
  ...(metadata !== undefined ? { metadata } : {}),
  spec: { forProvider },
});
const trust = (principal: JsonObject, action: string, condition?: JsonObject) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...(condition !== undefined ? { Condition: condition } : {}) }] });

describe('resource policies open to anyone', () => {
  const cases: { name: string; resource: JsonObject; want: string }[] = [
    {
      name: 'an agent sets an SQS Queue policy with Principal "*" and Action "*"',
      resource: managed('sqs.aws.upbound.io/v1beta1', 'Queue', { policy: open('*', '*') }),
      want: '[aws-sqs-queue-policy-public] p: Statement[0] allows any principal (Principal "*") "*" on this queue with no Condition, which makes the queue public; name the principals that need it, or, for an AWS service that sends to the queue (SNS, S3, EventBridge), add a Condition on aws:SourceArn or aws:SourceAccount (spec.forProvider.policy)',
    },
    {
      name: 'an agent sets a namespaced SQS Queue policy with Principal "*" and Action "*"',
      resource: managed('sqs.aws.m.upbound.io/v1beta1', 'Queue', { policy: open('*', '*') }),
      want: '[aws-sqs-queue-policy-public] p: Statement[0] allows any principal (Principal "*") "*" on this queue with no Condition, which makes the queue public; name the principals that need it, or, for an AWS service that sends to the queue (SNS, S3, EventBridge), add a Condition on aws:SourceArn or aws:SourceAccount (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens a queue through a QueuePolicy',
      resource: managed('sqs.aws.upbound.io/v1beta1', 'QueuePolicy', { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders', policy: open('sqs:*', '*') }),
      want: '[aws-sqs-queue-policy-public] p: Statement[0] allows any principal (Principal "*") "sqs:*" on this queue with no Condition, which makes the queue public; name the principals that need it, or, for an AWS service that sends to the queue (SNS, S3, EventBridge), add a Condition on aws:SourceArn or aws:SourceAccount (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens a topic through a TopicPolicy',
      resource: managed('sns.aws.upbound.io/v1beta1', 'TopicPolicy', { arn: 'arn:aws:sns:eu-west-1:111122223333:orders', policy: open('sns:Publish', '*') }),
      want: '[aws-sns-topic-policy-public] p: Statement[0] allows any principal (Principal "*") "sns:Publish" on this topic with no Condition, which makes the topic public; name the principals that need it, or, for an AWS service that publishes to the topic (CloudWatch, S3, EventBridge), add a Condition on aws:SourceArn, aws:SourceAccount or aws:SourceOwner (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens a container repository through an ECR RepositoryPolicy',
      resource: managed('ecr.aws.upbound.io/v1beta1', 'RepositoryPolicy', { repository: 'app', policy: open('ecr:*') }),
      want: '[aws-ecr-repository-policy-public] p: Statement[0] allows any principal (Principal "*") "ecr:*" on this repository with no Condition, which makes the repository public; name the accounts or roles that pull from it, or add a Condition on aws:PrincipalOrgID (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens a secret through a SecretPolicy',
      resource: managed('secretsmanager.aws.upbound.io/v1beta1', 'SecretPolicy', { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db', policy: open('secretsmanager:GetSecretValue', '*') }),
      want: '[aws-secretsmanager-secret-policy-public] p: Statement[0] allows any principal (Principal "*") "secretsmanager:GetSecretValue" on this secret with no Condition, which makes the secret public; name the roles that read it, or add a Condition on aws:PrincipalOrgID or aws:PrincipalAccount (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens a file system through an EFS FileSystemPolicy',
      resource: managed('efs.aws.upbound.io/v1beta1', 'FileSystemPolicy', { fileSystemId: 'fs-0123456789abcdef0', policy: open('elasticfilesystem:*', '*') }),
      want: '[aws-efs-file-system-policy-public] p: Statement[0] allows any principal (Principal "*") "elasticfilesystem:*" on this file system with no Condition, which makes the file system public; name the roles that mount it, or add a Condition on elasticfilesystem:AccessedViaMountTarget (Bool true), elasticfilesystem:AccessPointArn or aws:PrincipalOrgID (spec.forProvider.policy)',
    },
    {
      name: 'an agent opens an access point through an S3 AccessPointPolicy',
      resource: managed('s3control.aws.upbound.io/v1beta1', 'AccessPointPolicy', {
        accessPointArn: 'arn:aws:s3:eu-west-1:111122223333:accesspoint/assets',
        policy: open('s3:GetObject', 'arn:aws:s3:eu-west-1:111122223333:accesspoint/assets/object/*'),
      }),
      want: '[aws-s3-access-point-policy-public] p: Statement[0] allows any principal (Principal "*") "s3:GetObject" on this access point with no Condition, which makes the access point public; name the principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceVpce (spec.forProvider.policy)',
    },
    {
      name: 'an agent lets principal "*" invoke a function through a Lambda Permission',
      resource: managed('lambda.aws.upbound.io/v1beta1', 'Permission', { action: 'lambda:InvokeFunction', functionName: 'orders', principal: '*' }),
      want: '[aws-lambda-permission-public] p: spec.forProvider.principal is "*", so any AWS account may invoke the function; name the account or service that needs it, or set principalOrgId, sourceAccount or sourceArn',
    },
    {
      name: 'an agent sets a queue policy that is not valid JSON',
      resource: managed('sqs.aws.upbound.io/v1beta1', 'Queue', { policy: '{"Statement": [' }),
      want: '[aws-iam-policy-document] p: spec.forProvider.policy is not valid JSON (Unexpected end of JSON input), so the queue policy cannot be checked; write it as a JSON document',
    },
    {
      name: 'an agent writes Effect twice in a statement, once escaped ("Eff\\u0065ct"), hoping a reader keeps the Deny',
      resource: managed('sqs.aws.upbound.io/v1beta1', 'Queue', { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Eff\\u0065ct":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}]}' }),
      want: '[aws-iam-policy-document] p: spec.forProvider.policy is not a valid queue policy document, so it cannot be checked: Statement[0] has "Effect" twice',
    },
  ];
  it.each(cases)('$name', async ({ resource, want }) => {
    const rsp = await run({ p: resource });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([want, REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent opens an OpenSearch domain through a DomainPolicy: held for a person', async () => {
    const rsp = await run({ p: managed('opensearch.aws.upbound.io/v1beta1', 'DomainPolicy', { domainName: 'logs', accessPolicies: open('es:*', '*') }) });
    expect(desiredNames(rsp)).toEqual([]);
    const digest = digestIn(condition(rsp)?.message)!;
    expect(lines(rsp)).toEqual([
      HOLDING('p'),
      '[aws-opensearch-domain-policy-public] p: Statement[0] allows any principal (Principal "*") "es:*" on this domain with no Condition, which makes the domain public; name the roles that query it, or add a Condition on aws:SourceIp (a fixed range) or aws:PrincipalOrgID, or have a human approve it (spec.forProvider.accessPolicies)',
      approveLine('p', digest, 'aws-opensearch-domain-policy-public'),
    ]);
  });
});

describe('IAM grants and credentials', () => {
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const IAM_FULL = 'arn:aws:iam::aws:policy/IAMFullAccess';
  const because: Record<string, string> = {
    [ADMIN]: 'AdministratorAccess ("arn:aws:iam::aws:policy/AdministratorAccess"), which allows every action on every resource (CKV_AWS_274)',
    [IAM_FULL]: 'IAMFullAccess ("arn:aws:iam::aws:policy/IAMFullAccess"), which allows iam:* on every resource, so it can attach AdministratorAccess to itself (CKV2_AWS_56)',
  };
  const targets: { kind: string; to: JsonObject }[] = [
    { kind: 'RolePolicyAttachment', to: { role: 'app' } },
    { kind: 'UserPolicyAttachment', to: { user: 'app' } },
    { kind: 'GroupPolicyAttachment', to: { group: 'app' } },
  ];
  const attachments = targets.flatMap(({ kind, to }) =>
    [ADMIN, IAM_FULL].map((arn) => ({
      name: `an agent attaches ${arn.split('/')[1]} with a ${kind}`,
      resource: iam(kind, { ...to, policyArn: arn }),
      want: `[aws-iam-admin-attachment] p: spec.forProvider.policyArn attaches the AWS managed policy ${because[arn]}; attach a policy that lists the actions the workload needs`,
      // A policy attached to a user is also reported, whatever it grants.
      warnings: kind === 'UserPolicyAttachment' ? ['warning: [aws-iam-user-policies] p: a policy attached to one user is missed by reviews of groups and roles; attach it to a group the user belongs to, or to a role'] : [],
    })),
  );
  const refused = [
    {
      name: 'an agent gives a Role managedPolicyArns: [AdministratorAccess]',
      resource: iam('Role', { assumeRolePolicy: trust({ Service: 'ec2.amazonaws.com' }, 'sts:AssumeRole'), managedPolicyArns: [ADMIN] }),
      want: `[aws-iam-admin-attachment] p: spec.forProvider.managedPolicyArns[0] attaches the AWS managed policy ${because[ADMIN]}; attach a policy that lists the actions the workload needs`,
    },
    ...attachments,
    {
      name: 'an agent trusts the GitHub OIDC provider without fixing the subject',
      resource: iam('Role', {
        assumeRolePolicy: trust(
          { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          'sts:AssumeRoleWithWebIdentity',
          { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
        ),
      }),
      want: '[aws-iam-trust-oidc] p: Statement[0] lets any GitHub Actions workflow (Federated "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com") assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes the repository in the subject; add StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com, and token.actions.githubusercontent.com:sub = repo:<owner>/<repo>:<ref, environment or pull_request> (StringLike may put a wildcard after the repository, never in the owner or repository) (spec.forProvider.assumeRolePolicy)',
    },
  ];
  it.each(refused)('$name', async (c) => {
    const rsp = await run({ p: c.resource });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([c.want, ...('warnings' in c ? c.warnings : []), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  const held = [
    {
      name: 'an agent attaches PowerUserAccess with a RolePolicyAttachment',
      resource: iam('RolePolicyAttachment', { role: 'app', policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }),
      rule: 'aws-iam-power-user-attachment',
      want: '[aws-iam-power-user-attachment] p: spec.forProvider.policyArn attaches the AWS managed policy PowerUserAccess ("arn:aws:iam::aws:policy/PowerUserAccess"), which allows every action except IAM, Organizations and account management (a NotAction on every resource); attach a policy that lists the actions the workload needs, or have a human approve it',
    },
    {
      name: 'an agent mints itself an AccessKey',
      resource: iam('AccessKey', { user: 'app' }),
      rule: 'aws-iam-long-lived-credentials',
      want: '[aws-iam-long-lived-credentials] p: this iam AccessKey mints an IAM access key: whoever reads its connection secret acts as the user, from anywhere, a credential that lasts until someone deletes it; use a role the workload assumes instead, or have a human approve it (spec.forProvider)',
    },
    {
      name: 'an agent gives a user a console password with a UserLoginProfile',
      resource: iam('UserLoginProfile', { user: 'app' }),
      rule: 'aws-iam-long-lived-credentials',
      want: '[aws-iam-long-lived-credentials] p: this iam UserLoginProfile mints a console password for an IAM user, a credential that lasts until someone deletes it; use a role the workload assumes instead, or have a human approve it (spec.forProvider)',
    },
    {
      name: 'an agent lets a foreign account assume a role without sts:ExternalId',
      resource: iam('Role', { assumeRolePolicy: trust({ AWS: 'arn:aws:iam::999988887777:root' }, 'sts:AssumeRole') }),
      rule: 'aws-iam-trust-foreign-account',
      want: '[aws-iam-trust-foreign-account] p: Statement[0] lets account 999988887777 (AWS "arn:aws:iam::999988887777:root") assume this role (sts:AssumeRole) with no sts:ExternalId condition, and no account is listed as the platform\'s own in rules.aws-iam-trust-foreign-account.accounts, so every account is foreign; list the account there if it is the platform\'s, add a Condition on sts:ExternalId agreed with the third party, or have a human approve it (spec.forProvider.assumeRolePolicy)',
    },
  ];
  it.each(held)('$name: held for a person', async ({ resource, rule, want }) => {
    const rsp = await run({ p: resource });
    expect(desiredNames(rsp)).toEqual([]);
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING']);
    const digest = digestIn(condition(rsp)?.message)!;
    expect(lines(rsp)).toEqual([HOLDING('p'), want, approveLine('p', digest, rule)]);
  });
});

describe('a document built to exhaust the parser', () => {
  it('an agent sets a 64 KB queue policy of 32,000 nested [: refused, and the server answers the next call', async () => {
    const policy = '['.repeat(32_000) + ']'.repeat(32_000);
    const rsp = await run({ p: managed('sqs.aws.upbound.io/v1beta1', 'Queue', { policy }) });
    expect(lines(rsp)).toEqual([
      '[aws-iam-policy-document] p: spec.forProvider.policy is not read: it nests lists and objects more than 16 deep, more than the guardrails read (a policy document is at most 6 deep: the document, Statement, a statement, Condition, an operator, a list of values), so the queue policy cannot be checked; write a smaller, flatter document',
      REFUSED(1),
    ]);
    expect(applied(rsp)).toEqual([]);
    const next = await run({ p: managed('sqs.aws.upbound.io/v1beta1', 'Queue', { policy: open('sqs:*', '*') }) });
    expect(lines(next)[0]).toMatch(/^\[aws-sqs-queue-policy-public\] p: /);
  });
});
