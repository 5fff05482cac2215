import { describe, it } from 'vitest';
import { actions, awsResource, finding, guardCases, injected, inManifest, mutation, nested, paramPath, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import { carried, input } from '../../../test/builders.js';
import { formatFieldPath } from '../../lang/fieldpath.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import type { FieldRow } from '../kit/field.js';
import { SERVICE_ROWS, SERVICE_RULES } from './services.js';

/** Both shapes and both groups: cluster-scoped v1beta1 (single nested blocks are one-element lists), namespaced v1beta1 (objects). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

/** For each row: a safe and an unsafe value, and what else a resource of the kind needs. */
const SAMPLES: Record<string, { safe: unknown; unsafe: unknown; base?: Record<string, unknown> }> = {
  'aws-athena-workgroup-enforce-configuration': { safe: true, unsafe: false },
  'aws-athena-encryption': { safe: 'SSE_KMS', unsafe: 'NONE' },
  'aws-appsync-cache-at-rest-encryption': { safe: true, unsafe: false, base: { apiId: 'api', type: 'SMALL', ttl: 60 } },
  'aws-appsync-cache-transit-encryption': { safe: true, unsafe: false, base: { apiId: 'api', type: 'SMALL', ttl: 60 } },
  'aws-appsync-logging': { safe: 'arn:aws:iam::111122223333:role/appsync-logs', unsafe: '' },
  'aws-appsync-field-logs': { safe: 'ERROR', unsafe: 'NONE' },
  'aws-codebuild-s3-logs-encryption': { safe: false, unsafe: true },
  'aws-codebuild-privileged': { safe: false, unsafe: true },
  'aws-mwaa-webserver-private': { safe: 'PRIVATE_ONLY', unsafe: 'PUBLIC_ONLY' },
  'aws-mwaa-scheduler-logs': { safe: true, unsafe: false },
  'aws-mwaa-webserver-logs': { safe: true, unsafe: false },
  'aws-mwaa-worker-logs': { safe: true, unsafe: false },
  'aws-sagemaker-notebook-root-access': { safe: 'Disabled', unsafe: 'Enabled' },
  'aws-sagemaker-notebook-imdsv2': { safe: '2', unsafe: '1' },
  'aws-sagemaker-model-network-isolation': { safe: true, unsafe: false },
  'aws-ecs-service-public-ip': { safe: false, unsafe: true },
  'aws-ecs-fargate-platform-version': { safe: 'LATEST', unsafe: '1.3.0' },
  'aws-ecs-task-host-network': { safe: 'awsvpc', unsafe: 'host' },
  'aws-ecs-exec-logging': { safe: 'OVERRIDE', unsafe: 'NONE' },
  'aws-glue-catalog-encryption': { safe: 'SSE-KMS-WITH-SERVICE-ROLE', unsafe: 'DISABLED' },
  'aws-glue-connection-password-encryption': { safe: true, unsafe: false },
  'aws-glue-security-configuration': { safe: 'encrypt-all', unsafe: ' ' },
  'aws-efs-access-point-root-directory': { safe: '/team-a', unsafe: '/' },
  'aws-efs-access-point-user': { safe: 1000, unsafe: 0 },
  'aws-sfn-tracing': { safe: true, unsafe: false },
  'aws-sfn-execution-logging': { safe: true, unsafe: false },
  'aws-bedrock-agent-guardrail': { safe: 'gr-123', unsafe: '' },
};

const MALFORMED = { boolean: ['true', 'the string "true"'], string: [12, 'number 12'], number: ['1000', 'the string "1000"'] } as const;
const TYPE = { boolean: 'a boolean', string: 'a string', number: 'a number' } as const;
const text = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

const ruleOf = (row: FieldRow): Rule => SERVICE_RULES.find((r) => r.id === row.id)!;

/** A row whose absence is reported (no value to inject, no safe default): every situation, every shape. */
function reportCases(rule: Rule, row: FieldRow, field: readonly string[], build: (s: Served, fp?: Record<string, unknown>) => KubeObject, safe: unknown, unsafe: unknown): Case[] {
  const as = rule.defaultAction === 'Mutate' ? 'Deny' : rule.defaultAction;
  const [malformed, malformedText] = MALFORMED[row.type];
  return SHAPES.flatMap((s): Case[] => {
    const at = `${row.id} on ${s.label}`;
    const value = (v: unknown) => nested(s, field, v);
    const fp = paramPath(s, 'forProvider', field);
    const ip = paramPath(s, 'initProvider', field);
    const unsafeMessage = (path: string) => `${path} is ${text(unsafe)}; ${row.unsafe}`;
    return [
      { name: `${at}: absent, reported`, reason: 'there is no value to inject: absence is reported with the rule\'s action', resource: build(s), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, as, formatFieldPath(['spec', 'forProvider', ...field]), row.missing)] } },
      { name: `${at}: safe`, reason: 'an explicit safe value passes', resource: build(s, value(safe)), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: safe in initProvider`, reason: 'initProvider is an explicit choice at creation', resource: withInit(build(s), value(safe)), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: unsafe`, reason: 'an explicit unsafe value is reported', resource: build(s, value(unsafe)), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, as, fp, unsafeMessage(fp))] } },
      { name: `${at}: unsafe in initProvider`, reason: 'initProvider is applied at creation', resource: withInit(build(s, value(safe)), value(unsafe)), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, as, ip, unsafeMessage(ip))] } },
      { name: `${at}: malformed`, reason: 'a value of the wrong type cannot be judged', resource: build(s, value(malformed)), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, as, fp, `${fp} must be ${TYPE[row.type]}, got ${malformedText}`)] } },
      { name: `${at}: observe-only, unsafe`, reason: 'someone else\'s resource', resource: withPolicies(build(s, value(unsafe)), ['Observe']), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: carried by an Object, unsafe`, reason: 'judged inside the manifest', resource: carried(build(s, value(unsafe))), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, as, inManifest(fp), unsafeMessage(fp))] } },
      { name: `${at}: action Deny, unsafe`, reason: 'the action is the operator\'s', resource: build(s, value(unsafe)), rules: [rule], input: actions({ [row.id]: 'Deny' }), want: { desired: SAME, mutations: [], findings: [finding(rule, 'Deny', fp, unsafeMessage(fp))] } },
      { name: `${at}: Disabled`, reason: 'a disabled rule judges nothing', resource: build(s, value(unsafe)), rules: [rule], input: actions({ [row.id]: 'Disabled' }), want: { desired: SAME, mutations: [], findings: [] } },
    ];
  });
}

const rowCases: Case[] = SERVICE_ROWS.flatMap((row) =>
  row.on.flatMap((on) => {
    const rule = ruleOf(row);
    const sample = SAMPLES[row.id]!;
    const build = (s: Served, fp: Record<string, unknown> = {}) => awsResource(on.kind.service, on.kind.kind, s, { ...sample.base, ...fp });
    const [malformed, malformedText] = MALFORMED[row.type];
    const common = { rule, field: on.field, shapes: SHAPES, build, safe: row.inject ?? sample.safe, unsafe: sample.unsafe, unsafeText: text(sample.unsafe), malformed, malformedText, type: TYPE[row.type], advice: row.unsafe };
    const cases = row.inject !== undefined ? guardCases({ ...common, missing: row.missing }) : row.providerDefault !== undefined ? defaultCases(common) : reportCases(rule, row, on.field, build, sample.safe, sample.unsafe);
    return cases.map((c) => ({ ...c, name: `${on.kind.service} ${on.kind.kind}: ${c.name}` }));
  }),
);

const aws = (service: string, kind: string, forProvider: Record<string, unknown> = {}, s: Served = SHAPES[0]!) => awsResource(service, kind, s, forProvider);

/** What agents tried, as regression cases. */
const probes: Case[] = [
  {
    name: 'an agent lets Athena clients turn result encryption off: refused',
    reason: 'enforceWorkgroupConfiguration: false lets any client override the workgroup',
    resource: aws('athena', 'Workgroup', { configuration: [{ enforceWorkgroupConfiguration: false, resultConfiguration: [{ encryptionConfiguration: [{ encryptionOption: 'SSE_S3' }] }] }] }),
    rules: SERVICE_RULES,
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(ruleOf(SERVICE_ROWS[0]!), 'Deny', 'spec.forProvider.configuration[0].enforceWorkgroupConfiguration', "spec.forProvider.configuration[0].enforceWorkgroupConfiguration is false; set it to true (or remove it) so clients cannot override the workgroup's result encryption and location")],
    },
  },
  {
    name: 'an agent composes a bare namespaced SageMaker notebook: root access off and IMDSv2 injected',
    reason: 'both are safe to set on any notebook',
    resource: aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium' }, SHAPES[1]),
    rules: SERVICE_RULES,
    want: {
      desired: injected(aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium' }, SHAPES[1]), { rootAccess: 'Disabled', instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '2' } }, 'aws-sagemaker-notebook-imdsv2,aws-sagemaker-notebook-root-access'),
      mutations: [
        mutation(SERVICE_RULES.find((r) => r.id === 'aws-sagemaker-notebook-root-access')!, 'spec.forProvider.rootAccess', 'Disabled'),
        mutation(SERVICE_RULES.find((r) => r.id === 'aws-sagemaker-notebook-imdsv2')!, 'spec.forProvider.instanceMetadataServiceConfiguration', { minimumInstanceMetadataServiceVersion: '2' }),
      ],
      findings: [],
    },
  },
  {
    name: 'an agent runs a privileged CodeBuild environment: held for approval',
    reason: 'root on the build host; legitimate for image builds, so a person decides',
    resource: aws('codebuild', 'Project', { environment: [{ type: 'LINUX_CONTAINER', privilegedMode: true }] }),
    rules: [SERVICE_RULES.find((r) => r.id === 'aws-codebuild-privileged')!],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(SERVICE_RULES.find((r) => r.id === 'aws-codebuild-privileged')!, 'RequireApproval', 'spec.forProvider.environment[0].privilegedMode', 'spec.forProvider.environment[0].privilegedMode is true; remove it unless the build must run the Docker daemon; a person must approve privileged builds')],
    },
  },
  {
    name: 'an agent gives ECS tasks public IPs in Audit mode: reported, nothing changes',
    reason: 'Audit reports what Enforce would hold',
    resource: aws('ecs', 'Service', { networkConfiguration: [{ subnets: ['subnet-a'], assignPublicIp: true }] }),
    rules: SERVICE_RULES,
    input: input({ mode: 'Audit' }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(SERVICE_RULES.find((r) => r.id === 'aws-ecs-service-public-ip')!, 'RequireApproval', 'spec.forProvider.networkConfiguration[0].assignPublicIp', 'spec.forProvider.networkConfiguration[0].assignPublicIp is true; remove it and reach the internet through a NAT gateway, or have a person approve tasks with public addresses')],
    },
  },
];

describe('AWS service field rows', () => {
  it.each(rowCases)('$name', (c) => runCase(c));
  it.each(probes)('$name', (c) => runCase(c));
});
