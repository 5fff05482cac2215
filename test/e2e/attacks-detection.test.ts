/**
 * Detection, attacked over gRPC: an agent drops the resources that watch the
 * account from the desired state (Crossplane would delete them) or turns
 * them off in place.
 */
import { describe, expect, it } from 'vitest';
import { REFUSED, applied, lines, managed, request, severities, type RequestOptions } from './attacks.js';
import { serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();
const run = (desired: Record<string, JsonObject>, opts: RequestOptions = {}) => server.rpc.runJson(request(desired, opts));

const flowLog = managed('ec2.aws.upbound.io/v1beta2', 'FlowLog', { vpcId: 'vpc-0abc', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::org-flow-logs' });
const detector = (enable: boolean) => managed('guardduty.aws.upbound.io/v1beta2', 'Detector', { enable });
const dropped = (name: string, kind: string, records: string) =>
  `[aws-detection-kept] ${name}: the desired state drops this ${kind}, so Crossplane would delete it and stop recording ${records}; keep it in the desired state (a person may grant an exception to retire it)`;

describe('detection stays on', () => {
  it('an agent drops the VPC flow log: refused, nothing applied or deleted', async () => {
    const rsp = await run({ detector: detector(true) }, { observed: { 'flow-log': flowLog, detector: detector(true) } });
    expect(severities(rsp)).toContain('SEVERITY_FATAL');
    expect(lines(rsp)).toEqual([dropped('flow-log', 'FlowLog', 'the traffic of the network it logs'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent drops the GuardDuty detector: refused', async () => {
    const rsp = await run({}, { observed: { detector: detector(true) } });
    expect(lines(rsp)).toEqual([dropped('detector', 'Detector', 'the threats GuardDuty finds'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent suspends the GuardDuty detector: refused', async () => {
    const rsp = await run({ detector: detector(false) }, { observed: { detector: detector(true) } });
    expect(lines(rsp)).toEqual(['[aws-guardduty-enabled] detector: spec.forProvider.enable is false; set it to true (or remove it): a suspended detector raises no finding', REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('the platform retires a flow log under an exception: passes with a warning', async () => {
    const exception = { rules: ['aws-detection-kept'], match: { resource: 'flow-log' }, expires: '2099-12-31', justification: 'VPC decommissioned, CHG-1234' };
    const rsp = await run({}, { observed: { 'flow-log': flowLog }, input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', exceptions: [exception] } });
    expect(severities(rsp)).toEqual(['SEVERITY_NORMAL', 'SEVERITY_WARNING']);
    expect(lines(rsp)).toEqual([
      `warning: ${dropped('flow-log', 'FlowLog', 'the traffic of the network it logs')} (waived by exceptions[0])`,
      'exceptions[0] (aws-detection-kept) is active until 2099-12-31 and waives them on flow-log (VPC decommissioned, CHG-1234)',
    ]);
  });
});
