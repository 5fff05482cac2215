/**
 * Controls with logic on the AWS services beyond a first Composition's:
 * two fields that decide together (a SageMaker notebook's subnet and
 * internet access, a Kinesis stream's encryption type and key, Firehose
 * encryption and its source, a Transfer server's endpoint and its Elastic IPs), lists (Transfer protocols, CloudFormation
 * notifications) and JSON documents in a string field (an EMR security
 * configuration, a CodeCommit approval rule template). Field names are
 * provider-upjet-aws's (Upjet's camelCase of the Terraform attribute each
 * Checkov check inspects); the SageMaker notebook's, the Kinesis stream's,
 * the Glue security configuration's, the Transfer server's and CodeBuild's
 * `secondaryArtifacts` were read in the provider's CRDs (package/crds),
 * CloudFormation's in the reference CRDs.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, inject, PARAM_BLOCKS, requireValue } from '../params.js';

const kind = (service: string, k: string): ProviderKindRef => ({ cloud: 'aws', service, kind: k });
const given = (ctx: RuleContext, ...fields: string[]) => fields.some((f) => explicitParams(ctx.resource, [f]).length > 0);
const at = (...field: string[]) => formatFieldPath(['spec', 'forProvider', ...field]);

/** The longest JSON document read from a string field; a longer one is refused unread (bounded work). */
export const MAX_DOCUMENT = 65_536;

/** A JSON document in a string field, parsed, or reported as unreadable (undefined returned). */
export function jsonField(ctx: RuleContext, path: string, value: unknown): unknown {
  if (typeof value !== 'string') {
    ctx.unsafe(path, `${path} must be a JSON string, got ${describe(value)}`);
    return undefined;
  }
  if (value.length > MAX_DOCUMENT) {
    ctx.unsafe(path, `${path} is ${value.length} characters, more than the ${MAX_DOCUMENT} guardrails reads; it cannot be judged`);
    return undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    ctx.unsafe(path, `${path} is not valid JSON (${(err as Error).message}); it cannot be judged`);
    return undefined;
  }
}

const NOTEBOOK = kind('sagemaker', 'NotebookInstance');

export const sagemakerNotebookInternet = defineRule({
  id: 'aws-sagemaker-notebook-internet',
  title: 'SageMaker notebooks run in your VPC without direct internet access',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Refuses a SageMaker NotebookInstance outside the author's VPC (no `subnetId`, `subnetIdRef` or `subnetIdSelector`: SageMaker then gives it internet access from its own network) or with `directInternetAccess: Enabled`; injects `directInternetAccess: Disabled` into one in a subnet that does not set it (the default is Enabled). Its traffic then leaves only through the VPC's own routes (a NAT gateway, endpoints), where security groups and flow logs see it.",
  fix: 'injects `directInternetAccess: "Disabled"` when the notebook names a subnet.',
  references: { checkov: ['CKV_AWS_122', 'CKV_AWS_306'] },
  kinds: [NOTEBOOK],
  check(ctx) {
    const inVpc = given(ctx, 'subnetId', 'subnetIdRef', 'subnetIdSelector');
    if (!inVpc) ctx.unsafe(at('subnetId'), 'the notebook names no subnet, so SageMaker runs it on its own network with direct internet access; set subnetId (or subnetIdRef) and securityGroups');
    const access = explicitParams(ctx.resource, ['directInternetAccess']);
    if (access.length === 0) {
      if (inVpc) inject(ctx, ['directInternetAccess'], 'Disabled', 'direct internet access was not disabled');
      return;
    }
    for (const { path, value } of access) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value !== 'Disabled') ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "Disabled" (or remove it) and reach the internet through the VPC`);
    }
  },
}) satisfies Rule;

export const kinesisStreamEncryption = defineRule({
  id: 'aws-kinesis-stream-encryption',
  title: 'Kinesis streams are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `encryptionType: KMS` into a Kinesis Stream that does not set it, with `kmsKeyId: alias/aws/kinesis` (the AWS managed key) when it names no key (`kmsKeyId`, `kmsKeyIdRef`, `kmsKeyIdSelector`): Kinesis requires a key with KMS encryption. Refuses an explicit `encryptionType` other than `KMS` (`NONE`, the default).',
  fix: 'injects `encryptionType: KMS` and, without a key, `kmsKeyId: alias/aws/kinesis`.',
  references: { checkov: ['CKV_AWS_43'], trivy: ['AWS-0064'] },
  kinds: [kind('kinesis', 'Stream')],
  check(ctx) {
    const named = given(ctx, 'kmsKeyId', 'kmsKeyIdRef', 'kmsKeyIdSelector');
    const type = explicitParams(ctx.resource, ['encryptionType']);
    requireValue(ctx, ['encryptionType'], { type: 'string', safe: (v) => v === 'KMS', inject: 'KMS', missing: 'stream encryption was not set', unsafe: 'set it to KMS (or remove it) so records are encrypted at rest' });
    if (type.length === 0 && !named) inject(ctx, ['kmsKeyId'], 'alias/aws/kinesis', 'KMS encryption needs a key');
  },
}) satisfies Rule;

export const firehoseEncryption = defineRule({
  id: 'aws-firehose-encryption',
  title: 'Firehose delivery streams are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `serverSideEncryption.enabled: true` into a Firehose DeliveryStream that does not set it, and refuses an explicit `false`. A stream whose source is a Kinesis stream (`kinesisSourceConfiguration`) is left alone: Firehose refuses server-side encryption there, and the source stream\'s own encryption applies (`aws-kinesis-stream-encryption`).',
  fix: 'injects `serverSideEncryption.enabled: true`.',
  references: { checkov: ['CKV_AWS_240'] },
  kinds: [kind('firehose', 'DeliveryStream')],
  check(ctx) {
    if (given(ctx, 'kinesisSourceConfiguration')) return;
    requireValue(ctx, ['serverSideEncryption', 'enabled'], { type: 'boolean', safe: (v) => v === true, inject: true, missing: 'server-side encryption was not turned on', unsafe: 'set it to true (or remove it) so buffered records are encrypted at rest' });
  },
}) satisfies Rule;

/** Glue SecurityConfiguration's three encryption modes, each under `encryptionConfiguration`. */
const GLUE_MODES = [
  ['cloudwatchEncryption', 'cloudwatchEncryptionMode', 'logs'],
  ['jobBookmarksEncryption', 'jobBookmarksEncryptionMode', 'job bookmarks'],
  ['s3Encryption', 's3EncryptionMode', 'data written to S3'],
] as const;

export const glueSecurityConfigurationEncryption = defineRule({
  id: 'aws-glue-security-configuration-encryption',
  title: 'Glue security configurations encrypt',
  severity: 'high',
  defaultAction: 'Deny',
  description: `Refuses a Glue SecurityConfiguration whose ${GLUE_MODES.map(([b, f]) => `\`encryptionConfiguration.${b}.${f}\``).join(', ')} is \`DISABLED\` or absent: each must name a mode that encrypts (with a KMS key the author chooses, so nothing is injected).`,
  references: { checkov: ['CKV_AWS_99'] },
  kinds: [kind('glue', 'SecurityConfiguration')],
  check(ctx) {
    for (const [block, field, what] of GLUE_MODES) {
      requireValue(ctx, ['encryptionConfiguration', block, field], {
        type: 'string',
        safe: (v) => v !== 'DISABLED',
        missing: `${at('encryptionConfiguration', block, field)} is absent; name an encryption mode (with its KMS key) so ${what} are encrypted`,
        unsafe: `name an encryption mode (with its KMS key) so ${what} are encrypted`,
      });
    }
  },
}) satisfies Rule;

export const transferServerPublic = defineRule({
  id: 'aws-transfer-server-public',
  title: 'Transfer Family servers are not public',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a Transfer Family Server that takes connections from the internet: `endpointType` absent (the default is `PUBLIC`) or anything but `VPC` and `VPC_ENDPOINT`, or a `VPC` endpoint with Elastic IPs attached (`endpointDetails.addressAllocationIds`), which makes it internet-facing again. Nothing is injected: a VPC endpoint needs the VPC and subnets only the author knows. Held, not refused: a partner-facing SFTP server may be meant to be public.',
  references: { checkov: ['CKV_AWS_164'] },
  kinds: [kind('transfer', 'Server')],
  check(ctx) {
    const types = explicitParams(ctx.resource, ['endpointType']);
    if (types.length === 0) ctx.unsafe(at('endpointType'), 'the endpoint type was not set, so the server is PUBLIC; use a VPC endpoint (endpointType VPC with endpointDetails), or have a person approve a public server');
    for (const { path, value } of types) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value !== 'VPC' && value !== 'VPC_ENDPOINT') ctx.unsafe(path, `${path} is ${describe(value, true)}; use a VPC endpoint (endpointType VPC with endpointDetails), or have a person approve a public server`);
    }
    for (const { path, value } of explicitParams(ctx.resource, ['endpointDetails', 'addressAllocationIds'])) {
      if (!Array.isArray(value)) ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
      else if (value.length > 0) ctx.unsafe(path, `${path} attaches Elastic IPs, so the VPC endpoint faces the internet; remove them, or have a person approve a public server`);
    }
  },
}) satisfies Rule;

export const transferServerProtocols = defineRule({
  id: 'aws-transfer-server-protocols',
  title: 'Transfer Family servers speak no plain FTP',
  severity: 'high',
  defaultAction: 'Deny',
  description: 'Refuses a Transfer Family Server whose `protocols` include `FTP`, which sends credentials and files in clear text; SFTP (the default), FTPS and AS2 pass. A `protocols` that is not a list of strings is refused as malformed.',
  references: { checkov: ['CKV_AWS_357'] },
  kinds: [kind('transfer', 'Server')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['protocols'])) {
      if (!Array.isArray(value)) {
        ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
        continue;
      }
      value.forEach((p, i) => {
        if (typeof p !== 'string') ctx.unsafe(`${path}[${i}]`, `${path}[${i}] must be a string, got ${describe(p)}`);
        else if (p.toUpperCase() === 'FTP') ctx.unsafe(`${path}[${i}]`, `${path}[${i}] is "FTP", which sends credentials and files in clear text; use SFTP or FTPS`);
      });
    }
  },
}) satisfies Rule;

/** The first security policies Transfer Family dated 2024: older ones keep ciphers AWS has since retired. */
const POLICY_DATE = /-(\d{4})-(\d{2})$/;
const NEWEST_FROM = 2024_01;

export const transferServerSecurityPolicy = defineRule({
  id: 'aws-transfer-server-security-policy',
  title: 'Transfer Family servers use a current security policy',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports a Transfer Family Server whose `securityPolicyName` is absent (the default, `TransferSecurityPolicy-2018-11`) or dated before 2024-01 (`TransferSecurityPolicy-2020-06`): older policies allow ciphers and key exchanges AWS has since retired. Warn by default: clients may need time to move.',
  references: { checkov: ['CKV_AWS_380'] },
  kinds: [kind('transfer', 'Server')],
  check(ctx) {
    const found = explicitParams(ctx.resource, ['securityPolicyName']);
    if (found.length === 0) ctx.unsafe(at('securityPolicyName'), 'no security policy was named, so the server uses TransferSecurityPolicy-2018-11; name TransferSecurityPolicy-2024-01 or later');
    for (const { path, value } of found) {
      if (typeof value !== 'string') {
        ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        continue;
      }
      const m = POLICY_DATE.exec(value);
      if (m === null || Number(m[1]) * 100 + Number(m[2]) < NEWEST_FROM) ctx.unsafe(path, `${path} is ${describe(value, true)}; name TransferSecurityPolicy-2024-01 or later`);
    }
  },
}) satisfies Rule;

export const cloudformationNotifications = defineRule({
  id: 'aws-cloudformation-notifications',
  title: 'CloudFormation stacks send event notifications',
  severity: 'low',
  defaultAction: 'Warn',
  description: 'Reports a CloudFormation Stack with no `notificationArns` (an empty list included): its events then reach no SNS topic, and nobody hears of a failed or rolled-back change. Nothing is injected: the topic is the author\'s. Warn by default.',
  references: { checkov: ['CKV_AWS_124'] },
  kinds: [kind('cloudformation', 'Stack')],
  check(ctx) {
    const found = explicitParams(ctx.resource, ['notificationArns']);
    for (const { path, value } of found) if (!Array.isArray(value)) ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
    if (!found.some((f) => Array.isArray(f.value) && f.value.length > 0)) ctx.unsafe(at('notificationArns'), 'no SNS topic receives the stack\'s events; list one in notificationArns');
  },
}) satisfies Rule;

export const codecommitApprovals = defineRule({
  id: 'aws-codecommit-approvals',
  title: 'CodeCommit approval rule templates require two approvals',
  severity: 'medium',
  defaultAction: 'Warn',
  description: 'Reports a CodeCommit ApprovalRuleTemplate whose `content` (a JSON document) has a statement with `NumberOfApprovalsNeeded` below 2, or none: one person could approve their own change. A `content` that is not readable JSON is reported too. Warn by default.',
  references: { checkov: ['CKV_AWS_257'] },
  kinds: [kind('codecommit', 'ApprovalRuleTemplate')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['content'])) {
      const doc = jsonField(ctx, path, value);
      if (doc === undefined) continue;
      const statements = isObject(doc) && Array.isArray(doc.Statements) ? doc.Statements : undefined;
      if (statements === undefined || statements.length === 0) {
        ctx.unsafe(path, `${path} has no Statements; require NumberOfApprovalsNeeded of at least 2`);
        continue;
      }
      statements.forEach((s, i) => {
        const n = isObject(s) ? s.NumberOfApprovalsNeeded : undefined;
        if (typeof n !== 'number' || n < 2) ctx.unsafe(path, `${path} Statements[${i}].NumberOfApprovalsNeeded is ${n === undefined ? 'absent' : describe(n, true)}; require at least 2 approvals`);
      });
    }
  },
}) satisfies Rule;

/** What an EMR security configuration must turn on, as paths in its JSON document. */
function emrEncryption(doc: unknown): string[] {
  const enc = isObject(doc) && isObject(doc.EncryptionConfiguration) ? doc.EncryptionConfiguration : undefined;
  if (enc === undefined) return ['EncryptionConfiguration is absent: nothing is encrypted'];
  const out: string[] = [];
  if (enc.EnableAtRestEncryption !== true) out.push('EncryptionConfiguration.EnableAtRestEncryption is not true');
  if (enc.EnableInTransitEncryption !== true) out.push('EncryptionConfiguration.EnableInTransitEncryption is not true');
  if (enc.EnableAtRestEncryption === true) {
    const rest = isObject(enc.AtRestEncryptionConfiguration) ? enc.AtRestEncryptionConfiguration : {};
    const disk = rest.LocalDiskEncryptionConfiguration;
    if (!isObject(disk)) out.push('AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration is absent: local disks are not encrypted');
    else if (disk.EnableEbsEncryption !== true) out.push('AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EnableEbsEncryption is not true: EBS volumes are not encrypted');
  }
  return out;
}

const EMR = kind('emr', 'SecurityConfiguration');

export const emrSecurityConfigurationEncryption = defineRule({
  id: 'aws-emr-encryption',
  title: 'EMR security configurations encrypt at rest, on local and EBS disks, and in transit',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses an EMR SecurityConfiguration whose `configuration` (a JSON document) does not set `EncryptionConfiguration.EnableAtRestEncryption` and `EnableInTransitEncryption` to `true`, or, encrypting at rest, has no `AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration` with `EnableEbsEncryption: true`. A `configuration` that is not readable JSON is refused too. Nothing is injected: the keys and certificates are the author\'s.',
  references: { checkov: ['CKV_AWS_349', 'CKV_AWS_350', 'CKV_AWS_351'], trivy: ['AWS-0137', 'AWS-0138', 'AWS-0139'] },
  kinds: [EMR],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['configuration'])) {
      const doc = jsonField(ctx, path, value);
      if (doc === undefined) continue;
      for (const problem of emrEncryption(doc)) ctx.unsafe(path, `${path}: ${problem}; turn encryption on with the keys and certificates of your platform`);
    }
  },
}) satisfies Rule;

export const emrS3Kms = defineRule({
  id: 'aws-emr-s3-kms',
  title: 'EMR encrypts S3 data with KMS',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports an EMR SecurityConfiguration whose `configuration` encrypts EMRFS data in S3 with anything but `SSE-KMS` (or `CSE-KMS`) in `AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode`, or does not say: with SSE-S3 the account cannot control or audit the key. Warn by default.',
  references: { checkov: ['CKV_AWS_171'] },
  kinds: [EMR],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['configuration'])) {
      const doc = jsonField(ctx, path, value);
      if (doc === undefined) continue;
      const enc = isObject(doc) && isObject(doc.EncryptionConfiguration) ? doc.EncryptionConfiguration : {};
      const rest = isObject(enc.AtRestEncryptionConfiguration) ? enc.AtRestEncryptionConfiguration : {};
      const mode = isObject(rest.S3EncryptionConfiguration) ? rest.S3EncryptionConfiguration.EncryptionMode : undefined;
      if (mode !== 'SSE-KMS' && mode !== 'CSE-KMS') ctx.unsafe(path, `${path}: AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode is ${mode === undefined ? 'absent' : describe(mode, true)}; use SSE-KMS with a key the account controls`);
    }
  },
}) satisfies Rule;

const PROJECT = kind('codebuild', 'Project');

export const codebuildArtifactEncryption = defineRule({
  id: 'aws-codebuild-artifact-encryption',
  title: 'CodeBuild artifacts stay encrypted',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Refuses a CodeBuild Project whose `artifacts.encryptionDisabled`, or the `encryptionDisabled` of any of its `secondaryArtifacts`, is `true` (or not a boolean): build output holds the code that will run in production. Absent, CodeBuild encrypts (the default `false`), so nothing is injected.',
  references: { checkov: ['CKV_AWS_78'], trivy: ['AWS-0018'] },
  kinds: [PROJECT],
  check(ctx) {
    const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
    for (const block of PARAM_BLOCKS) {
      const params = spec[block];
      if (!isObject(params)) continue;
      const primary = Array.isArray(params.artifacts) ? params.artifacts.map((a, i) => [a, ['artifacts', i]] as const) : [[params.artifacts, ['artifacts']] as const];
      const secondary = Array.isArray(params.secondaryArtifacts) ? params.secondaryArtifacts.map((a, i) => [a, ['secondaryArtifacts', i]] as const) : [];
      for (const [artifact, segments] of [...primary, ...secondary]) {
        if (!isObject(artifact) || artifact.encryptionDisabled === undefined || artifact.encryptionDisabled === null) continue;
        const path = formatFieldPath(['spec', block, ...segments, 'encryptionDisabled']);
        if (typeof artifact.encryptionDisabled !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(artifact.encryptionDisabled)}`);
        else if (artifact.encryptionDisabled) ctx.unsafe(path, `${path} is true; set it to false (or remove it) so build output is encrypted`);
      }
    }
  },
}) satisfies Rule;

export const codebuildLogging = defineRule({
  id: 'aws-codebuild-logging',
  title: 'CodeBuild projects keep build logs',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Refuses a CodeBuild Project that turns CloudWatch build logs off (`logsConfig.cloudwatchLogs.status: DISABLED`) without sending them to S3 instead (`logsConfig.s3Logs.status: ENABLED`): its builds would then leave no log. Absent, CodeBuild logs to CloudWatch, so nothing is injected.',
  references: { checkov: ['CKV_AWS_314'] },
  kinds: [PROJECT],
  check(ctx) {
    const cloudwatch = explicitParams(ctx.resource, ['logsConfig', 'cloudwatchLogs', 'status']);
    const s3 = explicitParams(ctx.resource, ['logsConfig', 's3Logs', 'status']);
    for (const { path, value } of [...cloudwatch, ...s3]) if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    const off = cloudwatch.find((c) => c.value === 'DISABLED');
    if (off !== undefined && !s3.some((x) => x.value === 'ENABLED')) ctx.unsafe(off.path, `${off.path} is "DISABLED" and no S3 logs are enabled, so builds leave no log; remove it, or set logsConfig.s3Logs.status: ENABLED with a location`);
  },
}) satisfies Rule;

/**
 * Does `candidate` name `target` through `fields` (an ID, a reference, a
 * selector)? A reference names it when it names the target's
 * `metadata.name`; a selector, or an ID that only the cloud resolves, may name
 * it: counted (the rule only warns, and an ID is known once the target exists).
 */
function mayName(candidate: Record<string, unknown>, fields: { id: string; ref: string; selector: string }, targetName: unknown): boolean {
  const spec = isObject(candidate.spec) ? candidate.spec : {};
  return PARAM_BLOCKS.some((b) => {
    const params = isObject(spec[b]) ? (spec[b] as Record<string, unknown>) : {};
    const ref = params[fields.ref];
    if (isObject(ref)) return typeof targetName !== 'string' || ref.name === targetName;
    return isObject(params[fields.selector]) || typeof params[fields.id] === 'string';
  });
}

/** A companion kind that must name the judged resource, for the relation rules below. */
function named(ctx: RuleContext, companionRef: string, fields: { id: string; ref: string; selector: string }): boolean {
  const name = isObject(ctx.resource.metadata) ? ctx.resource.metadata.name : undefined;
  return ctx.index.byRef(companionRef).some((t) => mayName(t.object, fields, name));
}

export const codecommitApprovalRule = defineRule({
  id: 'aws-codecommit-approval-rule',
  title: 'CodeCommit repositories have an approval rule',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports a CodeCommit Repository with no codecommit ApprovalRuleTemplateAssociation in the desired state that names it (by `repositoryNameRef` to its name, a `repositoryNameSelector`, or a `repositoryName`): pull requests could then be merged without review. Warn by default: the association may be composed elsewhere.',
  references: { checkov: ['CKV2_AWS_37'] },
  kinds: [kind('codecommit', 'Repository')],
  check(ctx) {
    if (!named(ctx, 'aws/codecommit/ApprovalRuleTemplateAssociation', { id: 'repositoryName', ref: 'repositoryNameRef', selector: 'repositoryNameSelector' })) {
      ctx.unsafe('spec.forProvider', 'no ApprovalRuleTemplateAssociation in this composition names the repository, so changes can merge unreviewed; associate an approval rule template with it');
    }
  },
}) satisfies Rule;

/** The rules of this module in evaluation order. */
export const SERVICE_CHECK_RULES = [
  sagemakerNotebookInternet,
  kinesisStreamEncryption,
  firehoseEncryption,
  glueSecurityConfigurationEncryption,
  transferServerPublic,
  transferServerProtocols,
  transferServerSecurityPolicy,
  cloudformationNotifications,
  codecommitApprovals,
  emrSecurityConfigurationEncryption,
  emrS3Kms,
  codebuildArtifactEncryption,
  codebuildLogging,
  codecommitApprovalRule,
] as const satisfies readonly Rule[];
