import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input } from '../../../test/builders.js';
import { actions, awsResource, booleanGuard, finding, guardCases, nested, paramPath, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { configRecording, detectionKept, guarddutyEnabled, securityhubEnabled, vpcFlowLogs } from './detection.js';

const V1BETA1 = served('cluster', 'v1beta1');
const V1BETA2 = served('cluster', 'v1beta2');
const NAMESPACED = served('namespaced', 'v1beta1');
/** Served shapes (provider-upjet-aws CRDs, src/rules/zz_schemas.ts): Detector and ConfigurationRecorder have v1beta2; the rest v1beta1 in both groups. */
const DETECTOR = [V1BETA1, V1BETA2, NAMESPACED] as const;
const TWO = [V1BETA1, NAMESPACED] as const;

const guards: Case[] = [
  ...guardCases({
    rule: guarddutyEnabled!,
    field: ['enable'],
    shapes: DETECTOR,
    build: (s, fp = {}) => awsResource('guardduty', 'Detector', s, fp),
    ...booleanGuard(true),
    missing: 'the detector was not enabled explicitly',
    advice: 'set it to true (or remove it): a suspended detector raises no finding',
  }),
  ...guardCases({
    rule: securityhubEnabled!,
    field: ['autoEnableControls'],
    shapes: TWO,
    build: (s, fp = {}) => awsResource('securityhub', 'Account', s, fp),
    ...booleanGuard(true),
    missing: 'the setting was not made explicit',
    advice: 'set it to true (or remove it) so the controls of new standards are enabled as they come',
  }),
  ...guardCases({
    rule: configRecording,
    field: ['isEnabled'],
    shapes: TWO,
    build: (s, fp = {}) => awsResource('configservice', 'AWSConfigurationRecorderStatus', s, fp),
    ...booleanGuard(true),
    missing: 'the recorder was not turned on explicitly',
    advice: 'set it to true: a stopped recorder records no configuration change',
  }),
];

const CONTROL = 'arn:aws:securityhub:eu-west-1:111122223333:control/cis-aws-foundations-benchmark/v/1.2.0/1.10';
const control = (s: Served, status: unknown) => awsResource('securityhub', 'StandardsControl', s, { standardsControlArn: CONTROL, controlStatus: status });
const DISABLED_CONTROL = 'set it to "ENABLED": a disabled control checks nothing, and a person, not an agent, decides to waive one';

const controls: Case[] = TWO.flatMap((s): Case[] => {
  const at = `${securityhubEnabled!.id} on securityhub StandardsControl, ${s.label}`;
  const fp = 'spec.forProvider.controlStatus';
  return [
    { name: `${at}: an enabled control passes`, reason: 'ENABLED is the safe value', resource: control(s, 'ENABLED'), rules: [securityhubEnabled!], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: a disabled control is refused`,
      reason: 'a disabled control no longer reports what fails it',
      resource: control(s, 'DISABLED'),
      rules: [securityhubEnabled!],
      want: { desired: SAME, mutations: [], findings: [finding(securityhubEnabled!, 'Deny', fp, `${fp} is "DISABLED"; ${DISABLED_CONTROL}`)] },
    },
    {
      name: `${at}: a status of another type is refused as malformed`,
      reason: 'controlStatus is a string in the CRD',
      resource: control(s, false),
      rules: [securityhubEnabled!],
      want: { desired: SAME, mutations: [], findings: [finding(securityhubEnabled!, 'Deny', fp, `${fp} must be a string, got boolean false`)] },
    },
  ];
});

/** ConfigurationRecorder: v1beta1 (recordingGroup a one-element list), v1beta2 and namespaced (an object). */
const RECORDER = [V1BETA1, V1BETA2, NAMESPACED] as const;
const recorder = (s: Served, group?: Record<string, unknown>) =>
  awsResource('configservice', 'ConfigurationRecorder', s, { roleArn: 'arn:aws:iam::111122223333:role/config', ...(group !== undefined ? { recordingGroup: s.blocks === 'array' ? [group] : group } : {}) });

const recorders: Case[] = RECORDER.flatMap((s): Case[] => {
  const at = `${configRecording.id} on configservice ConfigurationRecorder, ${s.label}`;
  const fp = paramPath(s, 'forProvider', ['recordingGroup', 'allSupported']);
  const ip = paramPath(s, 'initProvider', ['recordingGroup', 'allSupported']);
  const refusal = (p: string) => `${p} is false; set it to true (or remove it) so the recorder records every supported resource type, not a chosen few`;
  return [
    { name: `${at}: no recording group passes`, reason: "the provider's default records every supported type", resource: recorder(s), rules: [configRecording], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `${at}: allSupported true passes`, reason: 'the safe value', resource: recorder(s, { allSupported: true }), rules: [configRecording], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: allSupported false is refused`,
      reason: 'a recorder of a chosen list of types leaves the others unrecorded',
      resource: recorder(s, { allSupported: false, resourceTypes: ['AWS::EC2::Instance'] }),
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [finding(configRecording, 'Deny', fp, refusal(fp))] },
    },
    {
      name: `${at}: allSupported false in initProvider is refused`,
      reason: 'initProvider creates the recorder that way',
      resource: withInit(recorder(s), nested(s, ['recordingGroup', 'allSupported'], false)),
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [finding(configRecording, 'Deny', ip, refusal(ip))] },
    },
    {
      name: `${at}: allSupported as a string is refused as malformed`,
      reason: 'a string where a boolean belongs is never read as true',
      resource: recorder(s, { allSupported: 'false' }),
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [finding(configRecording, 'Deny', fp, `${fp} must be a boolean, got the string "false"`)] },
    },
    {
      name: `${at}: allSupported false, observe-only: not judged`,
      reason: 'Crossplane only reads an observe-only recorder',
      resource: withPolicies(recorder(s, { allSupported: false }), ['Observe']),
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

describe('detection: one-field switches', () => {
  it.each([...guards, ...controls, ...recorders])('$name', (c) => runCase(c));
});

/** A desired state of several composed resources, evaluated under `rules`: the findings of each. */
function judge(desired: Record<string, KubeObject>, opts: { observed?: Record<string, KubeObject>; input?: ReturnType<typeof input> } = {}) {
  const d = evaluate(engineRequest(desired, { ...(opts.observed !== undefined ? { observed: opts.observed } : {}), ...(opts.input !== undefined ? { input: opts.input } : {}) }), [vpcFlowLogs, detectionKept]);
  expect(d.errors).toEqual([]);
  return d;
}

const GROUPS = [V1BETA1, NAMESPACED] as const;
const NO_FLOW_LOG = 'no FlowLog in the desired state logs this VPC; add an ec2 FlowLog with vpcIdRef naming it (trafficType ALL, to a log group or bucket)';

const vpc = (s: Served, metadata: Record<string, unknown> = { name: 'main' }): KubeObject => ({ ...awsResource('ec2', 'VPC', s, { cidrBlock: '10.0.0.0/16' }), metadata });
const flowLog = (s: Served, target: Record<string, unknown>, version = s.version): KubeObject =>
  awsResource('ec2', 'FlowLog', { ...s, version }, { trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::flow-logs', ...target });

interface FlowCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  input?: ReturnType<typeof input>;
  want: Finding[];
}

const noFlowLog = (action: Finding['action'], resource = 'vpc', path = ''): Finding => ({ resource, rule: vpcFlowLogs.id, action, path, message: NO_FLOW_LOG });

const flowCases: FlowCase[] = GROUPS.flatMap((s): FlowCase[] => {
  const at = `${vpcFlowLogs.id}, ${s.label}`;
  return [
    { name: `${at}: a VPC alone is reported (Warn)`, reason: 'nothing logs its traffic, and there is no destination to inject', desired: { vpc: vpc(s) }, want: [noFlowLog('Warn')] },
    { name: `${at}: a VPC alone is refused under Deny`, reason: 'a platform where every VPC must log sets Deny', desired: { vpc: vpc(s) }, input: actions({ [vpcFlowLogs.id]: 'Deny' }), want: [noFlowLog('Deny')] },
    { name: `${at}: a FlowLog by vpcIdRef: passes`, reason: 'it names the VPC', desired: { vpc: vpc(s), logs: flowLog(s, { vpcIdRef: { name: 'main' } }) }, want: [] },
    {
      name: `${at}: a FlowLog by vpcId, the VPC's external name: passes`,
      reason: 'the external name is the VPC ID',
      desired: { vpc: vpc(s, { name: 'main', annotations: { 'crossplane.io/external-name': 'vpc-0abc' } }), logs: flowLog(s, { vpcId: 'vpc-0abc' }) },
      want: [],
    },
    {
      name: `${at}: a FlowLog by selector picking this VPC only: passes`,
      reason: 'the selector resolves to this VPC',
      desired: { vpc: vpc(s, { name: 'main', labels: { net: 'main' } }), logs: flowLog(s, { vpcIdSelector: { matchControllerRef: true, matchLabels: { net: 'main' } } }) },
      want: [],
    },
    {
      name: `${at}: a FlowLog whose selector two VPCs match: the other is not logged for sure`,
      reason: 'a selector picks one of the VPCs it matches; neither can count on it',
      desired: { vpc: vpc(s, { name: 'main', labels: { net: 'x' } }), other: vpc(s, { name: 'other', labels: { net: 'x' } }), logs: flowLog(s, { vpcIdSelector: { matchLabels: { net: 'x' } } }) },
      want: [noFlowLog('Warn', 'other'), noFlowLog('Warn')],
    },
    { name: `${at}: a FlowLog of another VPC: reported`, reason: 'it logs another network', desired: { vpc: vpc(s), logs: flowLog(s, { vpcIdRef: { name: 'elsewhere' } }) }, want: [noFlowLog('Warn')] },
    {
      name: `${at}: an observe-only FlowLog: reported`,
      reason: 'a decoy Crossplane only observes may not exist, and does not keep logging',
      desired: { vpc: vpc(s), logs: withPolicies(flowLog(s, { vpcIdRef: { name: 'main' } }), ['Observe']) },
      want: [noFlowLog('Warn')],
    },
    {
      name: `${at}: a FlowLog in an Object while the VPC is composed directly: reported`,
      reason: 'applied elsewhere (another cluster or account), it does not log this VPC',
      desired: { vpc: vpc(s), logs: carried(flowLog(s, { vpcIdRef: { name: 'main' } })) },
      want: [noFlowLog('Warn')],
    },
    { name: `${at}: an observe-only VPC: not judged`, reason: 'Crossplane only reads it', desired: { vpc: withPolicies(vpc(s), ['Observe']) }, want: [] },
  ];
});

describe('detection: VPC flow logs', () => {
  it.each(flowCases)('$name', ({ desired, input: i, want }) => {
    expect(judge(desired, i !== undefined ? { input: i } : {}).findings).toEqual(want);
  });
});

/** Every detection kind, with a minimal resource of it. */
const DETECTORS: readonly { service: string; kind: string; forProvider: Record<string, unknown>; records: string }[] = [
  { service: 'cloudtrail', kind: 'Trail', forProvider: { s3BucketName: 'audit' }, records: 'the API activity of the account' },
  { service: 'guardduty', kind: 'Detector', forProvider: { enable: true }, records: 'the threats GuardDuty finds' },
  { service: 'configservice', kind: 'ConfigurationRecorder', forProvider: { roleArn: 'arn:aws:iam::111122223333:role/config' }, records: 'the configuration changes AWS Config records' },
  { service: 'configservice', kind: 'AWSConfigurationRecorderStatus', forProvider: { isEnabled: true }, records: 'the configuration changes AWS Config records' },
  { service: 'configservice', kind: 'DeliveryChannel', forProvider: { s3BucketName: 'config' }, records: 'the configuration history AWS Config delivers' },
  { service: 'securityhub', kind: 'Account', forProvider: {}, records: 'the findings Security Hub gathers' },
  { service: 'securityhub', kind: 'StandardsSubscription', forProvider: { standardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0' }, records: 'the checks of a security standard' },
  { service: 'ec2', kind: 'FlowLog', forProvider: { vpcId: 'vpc-0abc', trafficType: 'ALL' }, records: 'the traffic of the network it logs' },
];

const dropped = (resource: string, kind: string, records: string, action: Finding['action'] = 'Deny', path = ''): Finding => ({
  resource,
  rule: detectionKept.id,
  action,
  path,
  message: `the desired state drops this ${kind}, so Crossplane would delete it and stop recording ${records}; keep it in the desired state (a person may grant an exception to retire it)`,
});

interface DropCase {
  name: string;
  reason: string;
  observed: Record<string, KubeObject>;
  desired: Record<string, KubeObject>;
  input?: ReturnType<typeof input>;
  want: Finding[];
}

const dropCases: DropCase[] = DETECTORS.flatMap((d) =>
  GROUPS.flatMap((s): DropCase[] => {
    const at = `${detectionKept.id} on ${d.service} ${d.kind}, ${s.label}`;
    const r = awsResource(d.service, d.kind, s, d.forProvider);
    return [
      { name: `${at}: kept, nothing`, reason: 'the desired state still holds it', observed: { it: r }, desired: { it: r }, want: [] },
      { name: `${at}: dropped, refused`, reason: 'Crossplane deletes a composed resource the desired state drops', observed: { it: r }, desired: {}, want: [dropped('it', d.kind, d.records)] },
      { name: `${at}: new and absent, nothing`, reason: 'nothing observed, nothing dropped', observed: {}, desired: {}, want: [] },
      { name: `${at}: dropped while observe-only, nothing`, reason: 'dropping what Crossplane only observes deletes nothing', observed: { it: withPolicies(r, ['Observe']) }, desired: {}, want: [] },
      { name: `${at}: dropped, as a warning where the rule warns`, reason: 'a platform retiring detection sets Warn', observed: { it: r }, desired: {}, input: actions({ [detectionKept.id]: 'Warn' }), want: [dropped('it', d.kind, d.records, 'Warn')] },
    ];
  }),
);

describe('detection: nothing is dropped', () => {
  it.each(dropCases)('$name', ({ observed, desired, input: i, want }) => {
    const d = judge(desired, { observed, ...(i !== undefined ? { input: i } : {}) });
    expect(d.findings.filter((f) => f.rule === detectionKept.id)).toEqual(want);
  });
});

describe('detection: what an agent tried', () => {
  const s = V1BETA1;
  const trail = awsResource('cloudtrail', 'Trail', s, { s3BucketName: 'audit', enableLogging: true });
  const logs = flowLog(s, { vpcIdRef: { name: 'main' } });

  it('an agent drops the VPC flow log: refused', () => {
    const d = judge({ vpc: vpc(s) }, { observed: { vpc: vpc(s), logs } });
    expect(d.findings).toEqual([noFlowLog('Warn'), dropped('logs', 'FlowLog', 'the traffic of the network it logs')]);
  });

  it('an agent renames the flow log (drops it under one name, adds it under another): the drop is refused', () => {
    const d = judge({ vpc: vpc(s), 'logs-2': logs }, { observed: { vpc: vpc(s), logs } });
    expect(d.findings).toEqual([dropped('logs', 'FlowLog', 'the traffic of the network it logs')]);
  });

  it('an agent drops the trail: refused', () => {
    expect(judge({}, { observed: { trail } }).findings).toEqual([dropped('trail', 'Trail', 'the API activity of the account')]);
  });

  it('an agent puts a ConfigMap under the trail name: the trail is dropped, refused', () => {
    const d = judge({ trail: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'trail' } } }, { observed: { trail } });
    expect(d.findings).toEqual([dropped('trail', 'Trail', 'the API activity of the account')]);
  });

  it('an agent moves the detector from its Object to another kind inside the Object: refused at the manifest', () => {
    const detector = awsResource('guardduty', 'Detector', s, { enable: true });
    const d = judge({ gd: carried({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }) }, { observed: { gd: carried(detector) } });
    expect(d.findings).toEqual([dropped('gd', 'Detector', 'the threats GuardDuty finds', 'Deny', 'spec.forProvider.manifest')]);
  });

  it('an agent suspends the GuardDuty detector: refused', () => {
    runCase({
      name: 'enable: false',
      reason: 'a suspended detector raises no finding',
      resource: awsResource('guardduty', 'Detector', V1BETA2, { enable: false }),
      rules: [guarddutyEnabled!],
      want: { desired: SAME, mutations: [], findings: [finding(guarddutyEnabled!, 'Deny', 'spec.forProvider.enable', 'spec.forProvider.enable is false; set it to true (or remove it): a suspended detector raises no finding')] },
    });
  });

  it('an agent stops the Config recorder: refused', () => {
    runCase({
      name: 'isEnabled: false',
      reason: 'a stopped recorder records nothing',
      resource: awsResource('configservice', 'AWSConfigurationRecorderStatus', NAMESPACED, { isEnabled: false }),
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [finding(configRecording, 'Deny', 'spec.forProvider.isEnabled', 'spec.forProvider.isEnabled is false; set it to true: a stopped recorder records no configuration change')] },
    });
  });

  it('an agent disables a Security Hub control: refused', () => {
    runCase({
      name: 'controlStatus: DISABLED',
      reason: 'a person, not an agent, waives a control',
      resource: control(NAMESPACED, 'DISABLED'),
      rules: [securityhubEnabled!],
      want: { desired: SAME, mutations: [], findings: [finding(securityhubEnabled!, 'Deny', 'spec.forProvider.controlStatus', `spec.forProvider.controlStatus is "DISABLED"; ${DISABLED_CONTROL}`)] },
    });
  });

  it('an agent narrows the Config recorder to one resource type in initProvider: refused', () => {
    const r = withInit(recorder(V1BETA2), { recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } });
    const path = 'spec.initProvider.recordingGroup.allSupported';
    runCase({
      name: 'allSupported: false',
      reason: 'the other types go unrecorded',
      resource: r,
      rules: [configRecording],
      want: { desired: SAME, mutations: [], findings: [finding(configRecording, 'Deny', path, `${path} is false; set it to true (or remove it) so the recorder records every supported resource type, not a chosen few`)] },
    });
  });
});
