import { describe, it } from 'vitest';
import { carried } from '../../../test/builders.js';
import { actions, awsResource, finding, runCase, SAME, served, withInit, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import { eipAssociation } from './eip.js';

const SHAPES = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const APPROVE = 'approve only if it must be reached directly from the internet at a fixed address, otherwise reach it through a load balancer, SSM Session Manager or a VPN';
const held = (path: string, who: string, fields: string) =>
  finding(eipAssociation, 'RequireApproval', path, `${who} attaches a public address to the instance or network interface it names (${fields}), reachable from the internet wherever its security groups allow; ${APPROVE}`);

const cases: Case[] = SHAPES.flatMap((s): Case[] => {
  const eip = (fp: Record<string, unknown> = {}) => awsResource('ec2', 'EIP', s, { domain: 'vpc', ...fp });
  const assoc = (fp: Record<string, unknown> = {}) => awsResource('ec2', 'EIPAssociation', s, { allocationIdRef: { name: 'ip' }, ...fp });
  const rules = [eipAssociation];
  return [
    { name: `${s.label}: an allocation alone passes`, reason: 'an EIP that names nothing exposes nothing (a NAT gateway takes it)', resource: eip(), rules, want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: an agent attaches an EIP to an instance by ID: held`,
      reason: 'the instance becomes reachable from the internet',
      resource: eip({ instance: 'i-0abc' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.instance', 'the Elastic IP', 'instance')] },
    },
    {
      name: `${s.label}: an agent attaches an EIP to an instance by reference: held`,
      reason: 'a reference is an association as much as an ID',
      resource: eip({ instanceRef: { name: 'web' } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.instanceRef', 'the Elastic IP', 'instanceRef')] },
    },
    {
      name: `${s.label}: an agent attaches an EIP to a network interface by selector: held`,
      reason: 'an interface is reachable as its instance is',
      resource: eip({ networkInterfaceSelector: { matchControllerRef: true } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.networkInterfaceSelector', 'the Elastic IP', 'networkInterfaceSelector')] },
    },
    {
      name: `${s.label}: an agent hides the association in initProvider: held`,
      reason: 'initProvider is applied at creation',
      resource: withInit(eip(), { networkInterface: 'eni-0abc' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.initProvider.networkInterface', 'the Elastic IP', 'networkInterface')] },
    },
    {
      name: `${s.label}: an EIP with an instance and an interface: held once, naming both`,
      reason: 'one finding per resource, at the first field',
      resource: eip({ instance: 'i-0abc', networkInterfaceRef: { name: 'eni' } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.instance', 'the Elastic IP', 'instance, networkInterfaceRef')] },
    },
    {
      name: `${s.label}: an empty instance ID: passes`,
      reason: 'an empty string names nothing',
      resource: eip({ instance: '' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: an agent uses an EIPAssociation to an instance reference: held`,
      reason: 'an association exists only to attach the address',
      resource: assoc({ instanceIdRef: { name: 'web' } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.instanceIdRef', 'the association', 'instanceIdRef')] },
    },
    {
      name: `${s.label}: an EIPAssociation to a network interface ID: held`,
      reason: 'an interface is as reachable as an instance',
      resource: assoc({ networkInterfaceId: 'eni-0abc' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.networkInterfaceId', 'the association', 'networkInterfaceId')] },
    },
    {
      name: `${s.label}: an EIPAssociation that names no target here: held all the same`,
      reason: 'what it attaches the address to cannot be seen, and attaching is all it does',
      resource: assoc({ publicIp: '203.0.113.10' }),
      rules,
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(eipAssociation, 'RequireApproval', 'spec.forProvider', `the association names no instance or network interface here, so what it attaches a public address to cannot be seen; ${APPROVE}`)],
      },
    },
    {
      name: `${s.label}: carried by an Object: held inside the manifest`,
      reason: 'what an Object carries is judged as composed',
      resource: carried(eip({ instance: 'i-0abc' })),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.manifest.spec.forProvider.instance', 'the Elastic IP', 'instance')] },
    },
    { name: `${s.label}: observe-only: not judged`, reason: "someone else's address", resource: withPolicies(eip({ instance: 'i-0abc' }), ['Observe']), rules, want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: action Deny from the Input: refused instead`,
      reason: 'the platform may refuse associations outright',
      resource: eip({ instance: 'i-0abc' }),
      rules,
      input: actions({ [eipAssociation.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [{ ...held('spec.forProvider.instance', 'the Elastic IP', 'instance'), action: 'Deny' }] },
    },
  ];
});

describe('aws-ec2-eip-association', () => {
  it.each(cases)('$name', runCase);
});
