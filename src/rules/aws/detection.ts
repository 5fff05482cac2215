/**
 * Detection stays on: GuardDuty detectors, AWS Config recorders, Security
 * Hub and its controls, and VPC flow logs. An agent that turns one off, or
 * drops one from the desired state (Crossplane then deletes it), blinds the
 * people who watch the account; the trail's own switches are in
 * cloudtrail.ts.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, refOf, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { fieldRules } from '../kit/field.js';
import { fullyManaged } from '../kit/managed.js';
import { describe, explicitParams, requireBoolean } from '../params.js';
import { selfOf } from '../kit/references.js';

const aws = (service: string, kind: string): ProviderKindRef => ({ cloud: 'aws', service, kind });

export const [guarddutyEnabled, securityhubEnabled] = fieldRules([
  {
    id: 'aws-guardduty-enabled',
    title: 'GuardDuty detectors stay enabled',
    severity: 'critical',
    defaultAction: 'Mutate',
    on: [{ kind: aws('guardduty', 'Detector'), field: ['enable'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'the detector was not enabled explicitly',
    unsafe: 'set it to true (or remove it): a suspended detector raises no finding',
    why: 'A suspended detector stops analysing CloudTrail, VPC flow and DNS logs: threats go unseen. AWS enables a new detector by default, so the injection only makes it explicit.',
    references: { checkov: ['CKV_AWS_238'] },
  },
  {
    id: 'aws-securityhub-enabled',
    title: 'Security Hub keeps its controls on',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [
      { kind: aws('securityhub', 'Account'), field: ['autoEnableControls'], inject: true },
      { kind: aws('securityhub', 'StandardsControl'), field: ['controlStatus'], type: 'string', safe: 'ENABLED', unsafe: 'set it to "ENABLED": a disabled control checks nothing, and a person, not an agent, decides to waive one' },
    ],
    type: 'boolean',
    safe: true,
    missing: 'the setting was not made explicit',
    unsafe: 'set it to true (or remove it) so the controls of new standards are enabled as they come',
    why: 'A control disabled in Security Hub no longer reports the resources that fail it, and an account that does not enable new controls misses them. AWS enables both by default; a disabled control needs a person (an exception on this rule).',
  },
]);

/** The AWS Config recorder status: `isEnabled` (required in the CRD) stays true. */
const RECORDER_STATUS = aws('configservice', 'AWSConfigurationRecorderStatus');
const RECORDER = aws('configservice', 'ConfigurationRecorder');

export const configRecording = defineRule({
  id: 'aws-config-recording',
  title: 'AWS Config keeps recording every supported resource',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `isEnabled: true` into an AWSConfigurationRecorderStatus that does not set it and refuses `isEnabled: false`: a stopped recorder records no configuration change. Refuses a ConfigurationRecorder whose `recordingGroup.allSupported` is explicitly false: a recorder that records a chosen list of types (or excludes some) lets a change to the others go unrecorded; an absent `allSupported` is the provider\'s default, true. A value of another type is refused as malformed.',
  fix: 'injects `isEnabled: true`.',
  references: { checkov: ['CKV2_AWS_45'] },
  kinds: [RECORDER_STATUS, RECORDER],
  check(ctx) {
    if (ctx.type.kind === RECORDER_STATUS.kind) {
      requireBoolean(ctx, 'isEnabled', true, { missing: 'the recorder was not turned on explicitly', unsafe: 'set it to true: a stopped recorder records no configuration change' });
      return;
    }
    for (const e of explicitParams(ctx.resource, ['recordingGroup', 'allSupported'])) {
      if (typeof e.value !== 'boolean') ctx.unsafe(e.path, `${e.path} must be a boolean, got ${describe(e.value)}`);
      else if (!e.value) ctx.unsafe(e.path, `${e.path} is false; set it to true (or remove it) so the recorder records every supported resource type, not a chosen few`);
    }
  },
}) satisfies Rule;

const VPC = aws('ec2', 'VPC');
const FLOW_LOG = aws('ec2', 'FlowLog');
const VPC_REF = refOf(VPC);
const FLOW_LOG_REF = refOf(FLOW_LOG);

/** The metadata of an object, as a record. */
const meta = (obj: KubeObject): Record<string, unknown> => (isObject(obj.metadata) ? obj.metadata : {});
const record = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});

/**
 * Does `flowLog` name the VPC of `ctx`: its `vpcId` is the VPC's ID (its
 * external name), its `vpcIdRef` the VPC's name, or its `vpcIdSelector`
 * labels (or only `matchControllerRef`) pick this VPC and no other one?
 */
function logsVpc(ctx: RuleContext, flowLog: KubeObject): boolean {
  const vpc = meta(ctx.resource);
  const observed = ctx.observedResource === undefined ? {} : meta(ctx.observedResource);
  const ids = [record(vpc.annotations)['crossplane.io/external-name'], record(observed.annotations)['crossplane.io/external-name']].filter((v) => typeof v === 'string' && v !== '');
  const labels = record(vpc.labels);
  const vpcs = ctx.index.byRef(VPC_REF);
  for (const block of ['forProvider', 'initProvider']) {
    const params = record(record(flowLog.spec)[block]);
    if (typeof params.vpcId === 'string' && ids.includes(params.vpcId)) return true;
    if (isObject(params.vpcIdRef) && typeof vpc.name === 'string' && params.vpcIdRef.name === vpc.name) return true;
    const selector = params.vpcIdSelector;
    if (!isObject(selector)) continue;
    const match = Object.entries(record(selector.matchLabels));
    if (match.length === 0 && selector.matchControllerRef !== true) continue;
    const picks = (l: Record<string, unknown>) => match.every(([k, v]) => Object.hasOwn(l, k) && l[k] === v);
    if (picks(labels) && !vpcs.some((other) => other.name !== ctx.name && picks(record(meta(other.object).labels)))) return true;
  }
  return false;
}

export const vpcFlowLogs = defineRule({
  id: 'aws-vpc-flow-logs',
  title: 'VPCs have flow logs',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    "Reports a VPC that no FlowLog of the desired state logs: one whose `vpcId` is the VPC's ID (its external name), whose `vpcIdRef` names it, or whose `vpcIdSelector` picks it and no other VPC, applied where the VPC is and fully managed. Without flow logs, traffic into and out of the VPC leaves no record to investigate. There is nothing safe to inject (a flow log needs a destination: a log group and a role, or a bucket), so it warns by default; set it to `Deny` where every VPC must log. Dropping an existing FlowLog is `aws-detection-kept`'s.",
  references: { checkov: ['CKV2_AWS_11'] },
  kinds: [VPC],
  check(ctx) {
    const placement = selfOf(ctx)?.placement ?? placementOf([]);
    const logged = ctx.index
      .byRef(FLOW_LOG_REF)
      .some((f) => f.placement === placement && !ctx.held.has(f.name) && fullyManaged(f.object) && logsVpc(ctx, f.object));
    if (!logged) ctx.unsafe('', 'no FlowLog in the desired state logs this VPC; add an ec2 FlowLog with vpcIdRef naming it (trafficType ALL, to a log group or bucket)');
  },
}) satisfies Rule;

/** What each detection kind records, for the message when it is dropped. */
const DETECTION: readonly { kind: ProviderKindRef; records: string }[] = [
  { kind: aws('cloudtrail', 'Trail'), records: 'the API activity of the account' },
  { kind: aws('guardduty', 'Detector'), records: 'the threats GuardDuty finds' },
  { kind: RECORDER, records: 'the configuration changes AWS Config records' },
  { kind: RECORDER_STATUS, records: 'the configuration changes AWS Config records' },
  { kind: aws('configservice', 'DeliveryChannel'), records: 'the configuration history AWS Config delivers' },
  { kind: aws('securityhub', 'Account'), records: 'the findings Security Hub gathers' },
  { kind: aws('securityhub', 'StandardsSubscription'), records: 'the checks of a security standard' },
  { kind: FLOW_LOG, records: 'the traffic of the network it logs' },
];
const RECORDS = new Map(DETECTION.map((d) => [refOf(d.kind), d.records]));

export const detectionKept = defineRule({
  id: 'aws-detection-kept',
  title: 'Detection resources are never dropped',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses a request whose desired state drops a detection resource the observed state has: a CloudTrail Trail, a GuardDuty Detector, an AWS Config ConfigurationRecorder, AWSConfigurationRecorderStatus or DeliveryChannel, a Security Hub Account or StandardsSubscription, an EC2 FlowLog. Crossplane deletes a composed resource the desired state no longer holds, so dropping one (or putting another kind, or the same kind of the other scope, under its name) switches detection off as surely as disabling it. An observe-only resource is not judged: dropping it deletes nothing. To retire one on purpose, a person grants an exception for this rule, or sets its action to \`Warn\`.`,
  kinds: DETECTION.map((d) => d.kind),
  check() {
    // Kept resources are judged by the rules of their fields; this rule judges only what is dropped.
  },
  removed(ctx) {
    ctx.unsafe('', `the desired state drops this ${ctx.type.kind}, so Crossplane would delete it and stop recording ${RECORDS.get(ctx.type.ref) ?? 'what it records'}; keep it in the desired state (a person may grant an exception to retire it)`);
  },
}) satisfies Rule;

/** The detection rules in evaluation order. */
export const DETECTION_RULES = [guarddutyEnabled!, securityhubEnabled!, configRecording, vpcFlowLogs, detectionKept] as const satisfies readonly Rule[];
