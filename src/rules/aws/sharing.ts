/**
 * Data shared beyond the account: AMIs and EBS snapshots given to everyone
 * or to other accounts, snapshot copies left unencrypted, and Lambda
 * function URLs that anyone on the internet may call.
 *
 * Field names are provider-upjet-aws's (zz_schemas.ts: ec2 AMILaunchPermission,
 * SnapshotCreateVolumePermission and EBSSnapshotCopy v1beta1 in both groups;
 * lambda FunctionURL v1beta1, v1beta2 and namespaced v1beta1).
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';
import { blocksOf } from './s3-access.js';

const ec2 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'ec2', kind });
const lambda = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'lambda', kind });

/** `all`, the group of every AWS account, in any case and spacing. */
const isAll = (value: string) => value.trim().toLowerCase() === 'all';

export const ec2PublicImage = defineRule({
  id: 'aws-ec2-image-public',
  title: 'AMIs and EBS snapshots are not shared with every AWS account',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an AMILaunchPermission whose `group` is `all` (compared case-insensitively), and a SnapshotCreateVolumePermission whose `accountId` is `all`: every AWS account in the world could then launch the image, or make a volume of the snapshot, and read whatever it holds (keys, credentials, customer data). A `group` or `accountId` that is not a string is refused as malformed. Sharing with named accounts or an organization is held by `aws-ec2-image-shared`.',
  references: { checkov: ['CKV_AWS_205'] },
  kinds: [ec2('AMILaunchPermission'), ec2('SnapshotCreateVolumePermission')],
  check(ctx) {
    const field = ctx.type.kind === 'AMILaunchPermission' ? 'group' : 'accountId';
    const what = ctx.type.kind === 'AMILaunchPermission' ? 'launch the image' : 'create a volume from the snapshot';
    for (const { path, value } of explicitParams(ctx.resource, [field])) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (isAll(value)) ctx.unsafe(path, `${path} is ${describe(value, true)}, which lets every AWS account in the world ${what} and read its data; share with the accounts that need it, by account ID`);
    }
  },
}) satisfies Rule;

/** The fields that name who an AMI or snapshot is shared with, and what each names. */
const SHARE_FIELDS: Readonly<Record<string, readonly { field: string; who: string }[]>> = {
  AMILaunchPermission: [
    { field: 'accountId', who: 'the account' },
    { field: 'organizationArn', who: 'every account of the organization' },
    { field: 'organizationalUnitArn', who: 'every account of the organizational unit' },
  ],
  SnapshotCreateVolumePermission: [{ field: 'accountId', who: 'the account' }],
};

export const ec2SharedImage = defineRule({
  id: 'aws-ec2-image-shared',
  title: 'AMIs and EBS snapshots shared with other accounts are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds an AMILaunchPermission that names an `accountId`, `organizationArn` or `organizationalUnitArn`, and a SnapshotCreateVolumePermission that names an `accountId` (other than `all`, which `aws-ec2-image-public` refuses): the image or snapshot, and the data on it, leaves the account. The guardrails cannot tell whether the account is one of the platform's own (the permission cannot name the owner itself), so a human approves each share. A value that is not a string is reported as malformed.",
  references: { checkov: ['CKV_AWS_205'] },
  kinds: [ec2('AMILaunchPermission'), ec2('SnapshotCreateVolumePermission')],
  check(ctx) {
    const what = ctx.type.kind === 'AMILaunchPermission' ? 'launch the image' : 'create volumes from the snapshot, and read its data';
    for (const { field, who } of SHARE_FIELDS[ctx.type.kind] ?? []) {
      for (const { path, value } of explicitParams(ctx.resource, [field])) {
        if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        else if (value.trim() !== '' && !isAll(value)) ctx.unsafe(path, `${path} shares it with ${who} ${JSON.stringify(value)}, which may then ${what}; approve only if it is one of the platform's accounts`);
      }
    }
  },
}) satisfies Rule;

export const ebsSnapshotCopyEncrypted = fieldRule({
  id: 'aws-ebs-snapshot-copy-encrypted',
  title: 'EBS snapshot copies are encrypted',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: ec2('EBSSnapshotCopy'), field: ['encrypted'] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'the copy was not set to be encrypted, so a copy of an unencrypted snapshot stays unencrypted',
  unsafe: 'set it to true (or remove it) so the copy is encrypted at rest',
  why: 'Copying is how an unencrypted snapshot becomes an encrypted one; without `encrypted`, a copy keeps its source\'s state. EC2 then uses the account\'s default EBS key unless `kmsKeyId` names one.',
}) satisfies Rule;

export const lambdaFunctionUrlAuth = fieldRule({
  id: 'aws-lambda-function-url-auth',
  title: 'Lambda function URLs require IAM authentication',
  severity: 'critical',
  defaultAction: 'Deny',
  on: [{ kind: lambda('FunctionURL'), field: ['authorizationType'] }],
  type: 'string',
  safe: 'AWS_IAM',
  inject: 'AWS_IAM',
  missing: 'the function URL does not say how callers authenticate',
  unsafe: 'set it to "AWS_IAM" so only signed requests of principals the function\'s policy allows may call it; put a public endpoint behind API Gateway or CloudFront with its own authentication',
  why: '`NONE` lets anyone on the internet call the function through its URL, with only the function\'s own code between them and what its role can reach. A value other than `AWS_IAM` and `NONE` is refused too.',
  references: { checkov: ['CKV_AWS_258'] },
}) satisfies Rule;

export const lambdaFunctionUrlCors = defineRule({
  id: 'aws-lambda-function-url-cors',
  title: 'Lambda function URLs do not allow every origin',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    "Reports a FunctionURL whose `cors.allowOrigins` holds `*` (or an origin with a `*` in it): any web page a user visits may then call the function from the user's browser, with the user's cookies when `allowCredentials` is true. Name the origins of the platform's own front ends. A `cors` block or `allowOrigins` of the wrong shape is reported as malformed. The Function kind has no CORS setting; its URL's is the one that counts.",
  references: { checkov: ['CKV2_AWS_75'] },
  kinds: [lambda('FunctionURL')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['cors'])) {
      const blocks = blocksOf(value);
      if (blocks === undefined) {
        ctx.unsafe(path, `${path} must be an object, got ${describe(value)}`);
        continue;
      }
      for (const b of blocks) {
        const where = `${path}${b.at.map((i) => `[${String(i)}]`).join('')}`;
        if (!isObject(b.value)) {
          ctx.unsafe(where, `${where} must be an object, got ${describe(b.value)}`);
          continue;
        }
        const at = `${where}.allowOrigins`;
        const origins = b.value.allowOrigins;
        if (origins === undefined || origins === null) continue;
        if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string')) {
          ctx.unsafe(at, `${at} must be a list of strings, got ${describe(origins)}`);
          continue;
        }
        const open = (origins as string[]).filter((o) => o.includes('*'));
        if (open.length > 0) ctx.unsafe(at, `${at} allows ${open.map((o) => JSON.stringify(o)).join(', ')}, so any web site may call the function from its visitors' browsers; list the origins of the platform's own front ends`);
      }
    }
  },
}) satisfies Rule;

/** The sharing rules in evaluation order. */
export const SHARING_RULES = [ec2PublicImage, ec2SharedImage, ebsSnapshotCopyEncrypted, lambdaFunctionUrlAuth, lambdaFunctionUrlCors] as const satisfies readonly Rule[];
