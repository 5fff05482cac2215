import { describe, expect, it } from 'vitest';
import { evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { actions, awsResource, finding, jsonError, injected, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried, engineRequest } from '../../../test/builders.js';
import {
  cloudformationNotifications,
  codebuildArtifactEncryption,
  codebuildLogging,
  codecommitApprovalRule,
  codecommitApprovals,
  emrS3Kms,
  emrSecurityConfigurationEncryption,
  firehoseEncryption,
  glueSecurityConfigurationEncryption,
  kinesisStreamEncryption,
  MAX_DOCUMENT,
  sagemakerNotebookInternet,
  transferServerProtocols,
  transferServerPublic,
  transferServerSecurityPolicy,
} from './service-checks.js';

/** Both shapes and both groups: cluster-scoped v1beta1 (one-element lists), namespaced v1beta1 (objects). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
/** A single nested block in the shape of `s`. */
const one = (s: Served, block: Record<string, unknown>) => (s.blocks === 'array' ? [block] : block);
const idx = (s: Served) => (s.blocks === 'array' ? '[0]' : '');

const notebook = (s: Served, fp: Record<string, unknown> = {}) => awsResource('sagemaker', 'NotebookInstance', s, { instanceType: 'ml.t3.medium', ...fp });
const stream = (s: Served, fp: Record<string, unknown> = {}) => awsResource('kinesis', 'Stream', s, { shardCount: 1, ...fp });
const delivery = (s: Served, fp: Record<string, unknown> = {}) => awsResource('firehose', 'DeliveryStream', s, { name: 'events', destination: 'extended_s3', ...fp });
const glue = (s: Served, modes: [string, string, string]) =>
  awsResource('glue', 'SecurityConfiguration', s, {
    encryptionConfiguration: one(s, { cloudwatchEncryption: one(s, { cloudwatchEncryptionMode: modes[0] }), jobBookmarksEncryption: one(s, { jobBookmarksEncryptionMode: modes[1] }), s3Encryption: one(s, { s3EncryptionMode: modes[2] }) }),
  });
const server = (s: Served, fp: Record<string, unknown> = {}) => awsResource('transfer', 'Server', s, { endpointType: 'VPC', ...fp });
const stack = (s: Served, fp: Record<string, unknown> = {}) => awsResource('cloudformation', 'Stack', s, { name: 'app', templateBody: '{}', ...fp });
const template = (s: Served, content: unknown) => awsResource('codecommit', 'ApprovalRuleTemplate', s, { name: 'two', content });
const project = (s: Served, fp: Record<string, unknown> = {}) => awsResource('codebuild', 'Project', s, fp);
const emr = (s: Served, configuration: unknown) => awsResource('emr', 'SecurityConfiguration', s, { configuration: typeof configuration === 'string' ? configuration : JSON.stringify(configuration) });

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/k';
const EMR_OK = {
  EncryptionConfiguration: {
    EnableAtRestEncryption: true,
    EnableInTransitEncryption: true,
    InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: 's3://certs/c.zip' } },
    AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: KEY }, LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: KEY, EnableEbsEncryption: true } },
  },
};
const FP = 'spec.forProvider';

const perShape = (s: Served): Case[] => {
  const at = s.label;
  return [
    // SageMaker notebooks.
    {
      name: `${at}: a notebook in a subnet without directInternetAccess: Disabled injected`,
      reason: 'the default is Enabled; in a subnet, Disabled works',
      resource: notebook(s, { subnetId: 'subnet-private' }),
      rules: [sagemakerNotebookInternet],
      want: { desired: injected(notebook(s, { subnetId: 'subnet-private' }), { directInternetAccess: 'Disabled' }, sagemakerNotebookInternet.id), mutations: [mutation(sagemakerNotebookInternet, `${FP}.directInternetAccess`, 'Disabled')], findings: [] },
    },
    {
      name: `${at}: an agent composes a notebook with no subnet: refused`,
      reason: 'SageMaker then runs it on its own network, straight to the internet',
      resource: notebook(s),
      rules: [sagemakerNotebookInternet],
      want: { desired: SAME, mutations: [], findings: [finding(sagemakerNotebookInternet, 'Deny', `${FP}.subnetId`, 'the notebook names no subnet, so SageMaker runs it on its own network with direct internet access; set subnetId (or subnetIdRef) and securityGroups')] },
    },
    {
      name: `${at}: an agent keeps direct internet access on a notebook in a subnet: refused`,
      reason: 'Enabled bypasses the VPC',
      resource: notebook(s, { subnetIdRef: { name: 'private' }, directInternetAccess: 'Enabled' }),
      rules: [sagemakerNotebookInternet],
      want: { desired: SAME, mutations: [], findings: [finding(sagemakerNotebookInternet, 'Deny', `${FP}.directInternetAccess`, `${FP}.directInternetAccess is "Enabled"; set it to "Disabled" (or remove it) and reach the internet through the VPC`)] },
    },
    { name: `${at}: a private notebook by subnet selector passes`, reason: 'compliant', resource: notebook(s, { subnetIdSelector: { matchLabels: { tier: 'private' } }, directInternetAccess: 'Disabled' }), rules: [sagemakerNotebookInternet], want: { desired: SAME, mutations: [], findings: [] } },
    // Kinesis.
    {
      name: `${at}: a bare stream: KMS with the AWS managed key injected`,
      reason: 'Kinesis needs a key with KMS encryption',
      resource: stream(s),
      rules: [kinesisStreamEncryption],
      want: {
        desired: injected(stream(s), { encryptionType: 'KMS', kmsKeyId: 'alias/aws/kinesis' }, kinesisStreamEncryption.id),
        mutations: [mutation(kinesisStreamEncryption, `${FP}.encryptionType`, 'KMS'), mutation(kinesisStreamEncryption, `${FP}.kmsKeyId`, 'alias/aws/kinesis')],
        findings: [],
      },
    },
    {
      name: `${at}: a stream naming its key by reference: only the encryption type injected`,
      reason: 'the author\'s key is kept',
      resource: stream(s, { kmsKeyIdRef: { name: 'stream-key' } }),
      rules: [kinesisStreamEncryption],
      want: { desired: injected(stream(s, { kmsKeyIdRef: { name: 'stream-key' } }), { encryptionType: 'KMS' }, kinesisStreamEncryption.id), mutations: [mutation(kinesisStreamEncryption, `${FP}.encryptionType`, 'KMS')], findings: [] },
    },
    {
      name: `${at}: an agent sets encryptionType NONE: refused`,
      reason: 'an explicit unsafe value is never flipped',
      resource: stream(s, { encryptionType: 'NONE' }),
      rules: [kinesisStreamEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(kinesisStreamEncryption, 'Deny', `${FP}.encryptionType`, `${FP}.encryptionType is "NONE"; set it to KMS (or remove it) so records are encrypted at rest`)] },
    },
    // Firehose.
    {
      name: `${at}: a delivery stream without encryption: injected`,
      reason: 'buffered records are encrypted at rest',
      resource: delivery(s),
      rules: [firehoseEncryption],
      want: { desired: injected(delivery(s), { serverSideEncryption: one(s, { enabled: true }) }, firehoseEncryption.id), mutations: [mutation(firehoseEncryption, `${FP}.serverSideEncryption`, one(s, { enabled: true }))], findings: [] },
    },
    {
      name: `${at}: an agent turns Firehose encryption off: refused`,
      reason: 'explicit false',
      resource: delivery(s, { serverSideEncryption: one(s, { enabled: false }) }),
      rules: [firehoseEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(firehoseEncryption, 'Deny', `${FP}.serverSideEncryption${idx(s)}.enabled`, `${FP}.serverSideEncryption${idx(s)}.enabled is false; set it to true (or remove it) so buffered records are encrypted at rest`)] },
    },
    { name: `${at}: a delivery stream reading a Kinesis stream is left alone`, reason: 'Firehose refuses SSE there; the source stream is encrypted', resource: delivery(s, { kinesisSourceConfiguration: one(s, { kinesisStreamArn: 'arn' }) }), rules: [firehoseEncryption], want: { desired: SAME, mutations: [], findings: [] } },
    // Glue.
    { name: `${at}: a Glue security configuration encrypting everything passes`, reason: 'compliant', resource: glue(s, ['SSE-KMS', 'CSE-KMS', 'SSE-S3']), rules: [glueSecurityConfigurationEncryption], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent disables job bookmark encryption: refused`,
      reason: 'DISABLED encrypts nothing',
      resource: glue(s, ['SSE-KMS', 'DISABLED', 'SSE-S3']),
      rules: [glueSecurityConfigurationEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(glueSecurityConfigurationEncryption, 'Deny', `${FP}.encryptionConfiguration${idx(s)}.jobBookmarksEncryption${idx(s)}.jobBookmarksEncryptionMode`, `${FP}.encryptionConfiguration${idx(s)}.jobBookmarksEncryption${idx(s)}.jobBookmarksEncryptionMode is "DISABLED"; name an encryption mode (with its KMS key) so job bookmarks are encrypted`)] },
    },
    // Transfer.
    {
      name: `${at}: an agent adds plain FTP to a Transfer server: refused`,
      reason: 'FTP sends credentials in clear text',
      resource: server(s, { protocols: ['SFTP', 'FTP'] }),
      rules: [transferServerProtocols],
      want: { desired: SAME, mutations: [], findings: [finding(transferServerProtocols, 'Deny', `${FP}.protocols[1]`, `${FP}.protocols[1] is "FTP", which sends credentials and files in clear text; use SFTP or FTPS`)] },
    },
    { name: `${at}: SFTP and FTPS pass`, reason: 'encrypted protocols', resource: server(s, { protocols: ['SFTP', 'FTPS'], securityPolicyName: 'TransferSecurityPolicy-2024-01' }), rules: [transferServerProtocols, transferServerSecurityPolicy], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: a Transfer server on the 2020 policy: reported`,
      reason: 'older ciphers',
      resource: server(s, { securityPolicyName: 'TransferSecurityPolicy-2020-06' }),
      rules: [transferServerSecurityPolicy],
      want: { desired: SAME, mutations: [], findings: [finding(transferServerSecurityPolicy, 'Warn', `${FP}.securityPolicyName`, `${FP}.securityPolicyName is "TransferSecurityPolicy-2020-06"; name TransferSecurityPolicy-2024-01 or later`)] },
    },
    {
      name: `${at}: a Transfer server with no policy: reported`,
      reason: 'the default is the 2018 policy',
      resource: server(s),
      rules: [transferServerSecurityPolicy],
      want: { desired: SAME, mutations: [], findings: [finding(transferServerSecurityPolicy, 'Warn', `${FP}.securityPolicyName`, 'no security policy was named, so the server uses TransferSecurityPolicy-2018-11; name TransferSecurityPolicy-2024-01 or later')] },
    },
    { name: `${at}: a Transfer server in a VPC passes`, reason: 'not reachable from the internet', resource: server(s, { endpointDetails: one(s, { vpcId: 'vpc-1', subnetIds: ['subnet-a'] }) }), rules: [transferServerPublic], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent leaves a Transfer server's endpoint type unset: held`,
      reason: 'the default is PUBLIC',
      resource: awsResource('transfer', 'Server', s, {}),
      rules: [transferServerPublic],
      want: { desired: SAME, mutations: [], findings: [finding(transferServerPublic, 'RequireApproval', `${FP}.endpointType`, 'the endpoint type was not set, so the server is PUBLIC; use a VPC endpoint (endpointType VPC with endpointDetails), or have a person approve a public server')] },
    },
    {
      name: `${at}: an agent writes the endpoint type in lower case: held`,
      reason: 'only VPC and VPC_ENDPOINT are private; anything else is judged public',
      resource: server(s, { endpointType: 'vpc' }),
      rules: [transferServerPublic],
      want: { desired: SAME, mutations: [], findings: [finding(transferServerPublic, 'RequireApproval', `${FP}.endpointType`, `${FP}.endpointType is "vpc"; use a VPC endpoint (endpointType VPC with endpointDetails), or have a person approve a public server`)] },
    },
    {
      name: `${at}: an agent attaches Elastic IPs to a VPC Transfer server: held`,
      reason: 'Elastic IPs make the VPC endpoint internet-facing',
      resource: server(s, { endpointDetails: one(s, { vpcId: 'vpc-1', subnetIds: ['subnet-a'], addressAllocationIds: ['eipalloc-1'] }) }),
      rules: [transferServerPublic],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(transferServerPublic, 'RequireApproval', `${FP}.endpointDetails${idx(s)}.addressAllocationIds`, `${FP}.endpointDetails${idx(s)}.addressAllocationIds attaches Elastic IPs, so the VPC endpoint faces the internet; remove them, or have a person approve a public server`)],
      },
    },
    // CloudFormation.
    { name: `${at}: a stack notifying a topic passes`, reason: 'compliant', resource: stack(s, { notificationArns: ['arn:aws:sns:eu-west-1:111122223333:stack-events'] }), rules: [cloudformationNotifications], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent empties a stack's notification list: reported`,
      reason: 'an empty list notifies nobody',
      resource: stack(s, { notificationArns: [] }),
      rules: [cloudformationNotifications],
      want: { desired: SAME, mutations: [], findings: [finding(cloudformationNotifications, 'Warn', `${FP}.notificationArns`, "no SNS topic receives the stack's events; list one in notificationArns")] },
    },
    // CodeCommit.
    { name: `${at}: a template needing two approvals passes`, reason: 'compliant', resource: template(s, JSON.stringify({ Version: '2018-11-08', Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: 2 }] })), rules: [codecommitApprovals], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent writes a template that is not JSON: reported`,
      reason: 'what cannot be read cannot pass',
      resource: template(s, '{"Statements":'),
      rules: [codecommitApprovals],
      want: { desired: SAME, mutations: [], findings: [finding(codecommitApprovals, 'Warn', `${FP}.content`, `${FP}.content is not valid JSON (${jsonError('{"Statements":')}); it cannot be judged`)] },
    },
    // CodeBuild.
    {
      name: `${at}: an agent disables encryption of a secondary artifact: refused`,
      reason: 'every artifact holds build output, not only the primary one',
      resource: project(s, { artifacts: one(s, { type: 'S3', location: 'out' }), secondaryArtifacts: [{ artifactIdentifier: 'a', type: 'S3', location: 'out' }, { artifactIdentifier: 'b', type: 'S3', location: 'out', encryptionDisabled: true }] }),
      rules: [codebuildArtifactEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(codebuildArtifactEncryption, 'Deny', `${FP}.secondaryArtifacts[1].encryptionDisabled`, `${FP}.secondaryArtifacts[1].encryptionDisabled is true; set it to false (or remove it) so build output is encrypted`)] },
    },
    {
      name: `${at}: an agent disables encryption of the primary artifact: refused`,
      reason: 'explicit true',
      resource: project(s, { artifacts: one(s, { type: 'S3', location: 'out', encryptionDisabled: true }) }),
      rules: [codebuildArtifactEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(codebuildArtifactEncryption, 'Deny', `${FP}.artifacts${idx(s)}.encryptionDisabled`, `${FP}.artifacts${idx(s)}.encryptionDisabled is true; set it to false (or remove it) so build output is encrypted`)] },
    },
    { name: `${at}: artifacts without the flag pass`, reason: 'CodeBuild encrypts by default', resource: project(s, { artifacts: one(s, { type: 'NO_ARTIFACTS' }) }), rules: [codebuildArtifactEncryption, codebuildLogging], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent turns CloudWatch build logs off with no S3 logs: refused`,
      reason: 'builds would leave no log',
      resource: project(s, { logsConfig: one(s, { cloudwatchLogs: one(s, { status: 'DISABLED' }) }) }),
      rules: [codebuildLogging],
      want: { desired: SAME, mutations: [], findings: [finding(codebuildLogging, 'Deny', `${FP}.logsConfig${idx(s)}.cloudwatchLogs${idx(s)}.status`, `${FP}.logsConfig${idx(s)}.cloudwatchLogs${idx(s)}.status is "DISABLED" and no S3 logs are enabled, so builds leave no log; remove it, or set logsConfig.s3Logs.status: ENABLED with a location`)] },
    },
    { name: `${at}: CloudWatch logs off with S3 logs on pass`, reason: 'the logs go to S3', resource: project(s, { logsConfig: one(s, { cloudwatchLogs: one(s, { status: 'DISABLED' }), s3Logs: one(s, { status: 'ENABLED', location: 'logs/b' }) }) }), rules: [codebuildLogging], want: { desired: SAME, mutations: [], findings: [] } },
    // Relations.
    {
      name: `${at}: a repository with no approval rule: reported`,
      reason: 'changes could merge unreviewed',
      resource: awsResource('codecommit', 'Repository', s, { repositoryName: 'app' }),
      rules: [codecommitApprovalRule],
      want: { desired: SAME, mutations: [], findings: [finding(codecommitApprovalRule, 'Warn', FP, 'no ApprovalRuleTemplateAssociation in this composition names the repository, so changes can merge unreviewed; associate an approval rule template with it')] },
    },
    // EMR.
    { name: `${at}: a fully encrypting EMR security configuration passes`, reason: 'compliant', resource: emr(s, EMR_OK), rules: [emrSecurityConfigurationEncryption, emrS3Kms], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent turns EMR in-transit encryption off: refused`,
      reason: 'cluster traffic in clear text',
      resource: emr(s, { EncryptionConfiguration: { ...EMR_OK.EncryptionConfiguration, EnableInTransitEncryption: false } }),
      rules: [emrSecurityConfigurationEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(emrSecurityConfigurationEncryption, 'Deny', `${FP}.configuration`, `${FP}.configuration: EncryptionConfiguration.EnableInTransitEncryption is not true; turn encryption on with the keys and certificates of your platform`)] },
    },
    {
      name: `${at}: an agent encrypts EMR at rest but not its EBS volumes: refused`,
      reason: 'EnableEbsEncryption false leaves the volumes unencrypted',
      resource: emr(s, { EncryptionConfiguration: { ...EMR_OK.EncryptionConfiguration, AtRestEncryptionConfiguration: { LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: KEY }, S3EncryptionConfiguration: { EncryptionMode: 'SSE-S3' } } } }),
      rules: [emrSecurityConfigurationEncryption, emrS3Kms],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(emrSecurityConfigurationEncryption, 'Deny', `${FP}.configuration`, `${FP}.configuration: AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EnableEbsEncryption is not true: EBS volumes are not encrypted; turn encryption on with the keys and certificates of your platform`),
          finding(emrS3Kms, 'Warn', `${FP}.configuration`, `${FP}.configuration: AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode is "SSE-S3"; use SSE-KMS with a key the account controls`),
        ],
      },
    },
  ];
};

const c = SHAPES[0]!;
const cases: Case[] = [
  ...SHAPES.flatMap(perShape),
  {
    name: 'an agent hides FTP in initProvider: refused',
    reason: 'initProvider is applied at creation',
    resource: withInit(server(c), { protocols: ['FTP'] }),
    rules: [transferServerProtocols],
    want: { desired: SAME, mutations: [], findings: [finding(transferServerProtocols, 'Deny', 'spec.initProvider.protocols[0]', 'spec.initProvider.protocols[0] is "FTP", which sends credentials and files in clear text; use SFTP or FTPS')] },
  },
  {
    name: 'an agent sends an EMR configuration larger than guardrails reads: refused',
    reason: 'bounded work: what is not read is not passed',
    resource: emr(c, ' '.repeat(MAX_DOCUMENT + 1)),
    rules: [emrSecurityConfigurationEncryption],
    want: { desired: SAME, mutations: [], findings: [finding(emrSecurityConfigurationEncryption, 'Deny', `${FP}.configuration`, `${FP}.configuration is ${MAX_DOCUMENT + 1} characters, more than the ${MAX_DOCUMENT} guardrails reads; it cannot be judged`)] },
  },
  {
    name: 'an agent writes the EMR configuration as an object: refused',
    reason: 'the field is a JSON string',
    resource: awsResource('emr', 'SecurityConfiguration', c, { configuration: EMR_OK }),
    rules: [emrSecurityConfigurationEncryption],
    want: { desired: SAME, mutations: [], findings: [finding(emrSecurityConfigurationEncryption, 'Deny', `${FP}.configuration`, `${FP}.configuration must be a JSON string, got an object`)] },
  },
  { name: 'an observe-only notebook with no subnet passes', reason: 'someone else\'s', resource: withPolicies(notebook(c), ['Observe']), rules: [sagemakerNotebookInternet], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: 'an agent carries a plain-FTP Transfer server in an Object: refused inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(server(c, { protocols: ['FTP'] })),
    rules: [transferServerProtocols],
    want: { desired: SAME, mutations: [], findings: [finding(transferServerProtocols, 'Deny', `spec.forProvider.manifest.${FP}.protocols[0]`, `${FP}.protocols[0] is "FTP", which sends credentials and files in clear text; use SFTP or FTPS`)] },
  },
  {
    name: 'under Warn, a stream without encryption is reported, not changed',
    reason: 'the action is the operator\'s',
    resource: stream(c),
    rules: [kinesisStreamEncryption],
    input: actions({ [kinesisStreamEncryption.id]: 'Warn' }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        { ...finding(kinesisStreamEncryption, 'Warn', `${FP}.encryptionType`, 'stream encryption was not set'), fix: { path: `${FP}.encryptionType`, value: 'KMS' } },
        { ...finding(kinesisStreamEncryption, 'Warn', `${FP}.kmsKeyId`, 'KMS encryption needs a key'), fix: { path: `${FP}.kmsKeyId`, value: 'alias/aws/kinesis' } },
      ],
    },
  },
];

/** The relation rules, with the companion composed beside the judged resource. */
const relations: { name: string; rule: Rule; desired: Record<string, KubeObject>; want: unknown[] }[] = [
  {
    name: 'a repository associated by selector: passes',
    rule: codecommitApprovalRule,
    desired: {
      repo: awsResource('codecommit', 'Repository', c, { repositoryName: 'app' }),
      assoc: awsResource('codecommit', 'ApprovalRuleTemplateAssociation', c, { approvalRuleTemplateName: 'two', repositoryNameSelector: { matchControllerRef: true } }),
    },
    want: [],
  },
];

describe('AWS service checks with logic', () => {
  it.each(cases)('$name', (c) => runCase(c));
  it.each(relations)('$name', ({ rule, desired, want }) => {
    expect(evaluate(engineRequest(desired), [rule]).findings).toEqual(want);
  });
});
