import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, input, managed, type Group } from '../../../test/builders.js';
import { finding, missed, mutation, NAME, runCase, SAME, type Case } from '../../../test/builders/aws-data.js';
import { ANNOTATION_MUTATED_BY, evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import {
  EKS_RULES,
  LOG_TYPES,
  eksControlPlaneLogging,
  eksPrivateEndpoint,
  eksPublicEndpoint,
  eksPublicEndpointOpen,
  eksSecretsEncryption,
} from './eks.js';

/** eks Cluster (provider-upjet-aws 75a4c57162d0): vpcConfig and encryptionConfig(.provider) are lists in cluster-scoped v1beta1, objects elsewhere. */
interface Shape {
  label: string;
  group: Group;
  version: string;
  list: boolean;
}

const SHAPES: readonly Shape[] = [
  { label: 'cluster-scoped v1beta1', group: 'cluster', version: 'v1beta1', list: true },
  { label: 'cluster-scoped v1beta2', group: 'cluster', version: 'v1beta2', list: false },
  { label: 'namespaced v1beta1', group: 'namespaced', version: 'v1beta1', list: false },
];

type Params = Record<string, unknown>;

const block = (s: Shape, fields: Params): unknown => (s.list ? [fields] : fields);
const vpc = (s: Shape, field: string, params = 'forProvider') => `spec.${params}.vpcConfig${s.list ? '[0]' : ''}.${field}`;

const SUBNETS = { subnetIdRefs: [{ name: 'private-a' }, { name: 'private-b' }] };

/** A cluster with its required vpcConfig (subnets plus `vpcConfig`), everything else `forProvider`. */
function cluster(s: Shape, vpcConfig: Params = {}, forProvider: Params = {}, initProvider?: Params): KubeObject {
  const r = managed(`${awsGroup('eks', s.group)}/${s.version}`, 'Cluster', {
    roleArnRef: { name: 'eks-control-plane' },
    version: '1.31',
    vpcConfig: block(s, { ...SUBNETS, ...vpcConfig }),
    ...forProvider,
  });
  if (initProvider !== undefined) (r.spec as Params).initProvider = initProvider;
  return r;
}

/** What the engine emits: a copy of `obj` that `change` edits, annotated with the rules that changed it. */
function changed(obj: KubeObject, by: string, change: (forProvider: Params) => void = () => {}): KubeObject {
  const out = structuredClone(obj);
  change((out.spec as Params).forProvider as Params);
  out.metadata = { ...(out.metadata as Params | undefined), annotations: { [ANNOTATION_MUTATED_BY]: by } };
  return out;
}

const only = (findings: Finding[]): Case['want'] => ({ desired: SAME, mutations: [], findings });
const PASS = only([]);
const action = (rule: Rule, a: Guardrails['rules'][string]['action']) => input({ rules: { [rule.id]: { action: a } } });

/** The three endpoint rules together, as the catalog runs them. */
const ENDPOINT_RULES = [eksPrivateEndpoint, eksPublicEndpointOpen, eksPublicEndpoint];

const WORLD =
  'the Kubernetes API is open to the whole internet; turn the public endpoint off (reach the API from the VPC, a VPN or a bastion) or list in publicAccessCidrs only the networks that need it';
const approval = (from: string) =>
  `is true: the Kubernetes API is reachable from ${from}; approve only if these networks must reach it from outside the VPC (a CI runner, an office VPN), otherwise turn the public endpoint off`;

const endpointCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `endpoints (${s.label}): ${what}`;
  const pub = vpc(s, 'endpointPublicAccess');
  const priv = vpc(s, 'endpointPrivateAccess');
  const cidrs = vpc(s, 'publicAccessCidrs');
  const withVpc = (fields: Params) => (fp: Params) => Object.assign(s.list ? (fp.vpcConfig as Params[])[0]! : (fp.vpcConfig as Params), fields);
  return [
    {
      name: at('neither flag: public off and private on injected'),
      reason: 'EKS opens the API to 0.0.0.0/0 by default and keeps it off the VPC; private by default is the reverse',
      resource: cluster(s),
      rules: ENDPOINT_RULES,
      want: {
        desired: changed(cluster(s), eksPrivateEndpoint.id, withVpc({ endpointPublicAccess: false, endpointPrivateAccess: true })),
        mutations: [mutation(eksPrivateEndpoint, pub, false), mutation(eksPrivateEndpoint, priv, true)],
        findings: [],
      },
    },
    {
      name: at('public off, private absent: private injected'),
      reason: 'with the public endpoint off the private one is the only way in',
      resource: cluster(s, { endpointPublicAccess: false }),
      rules: ENDPOINT_RULES,
      want: {
        desired: changed(cluster(s, { endpointPublicAccess: false }), eksPrivateEndpoint.id, withVpc({ endpointPrivateAccess: true })),
        mutations: [mutation(eksPrivateEndpoint, priv, true)],
        findings: [],
      },
    },
    {
      name: at('public on for named CIDRs, private absent: private injected, public held'),
      reason: 'the explicit public endpoint is a person’s call; the private endpoint is added beside it',
      resource: cluster(s, { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }),
      rules: ENDPOINT_RULES,
      want: {
        desired: changed(cluster(s, { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }), eksPrivateEndpoint.id, withVpc({ endpointPrivateAccess: true })),
        mutations: [mutation(eksPrivateEndpoint, priv, true)],
        findings: [finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval('203.0.113.0/24')}`)],
      },
    },
    {
      name: at('public on, no CIDRs: refused, not also held'),
      reason: 'EKS defaults publicAccessCidrs to 0.0.0.0/0; the refusal is the one finding',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', pub, `${pub} is true and publicAccessCidrs is not set, so EKS allows 0.0.0.0/0: ${WORLD}`)]),
    },
    {
      name: at('public on, empty CIDR list: refused'),
      reason: 'an empty list is the default list',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: [] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', pub, `${pub} is true and publicAccessCidrs is not set, so EKS allows 0.0.0.0/0: ${WORLD}`)]),
    },
    {
      name: at('public on, 0.0.0.0/0 among named CIDRs: refused on the CIDR list'),
      reason: 'one /0 opens the API to everyone, whatever else is listed',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', cidrs, `${pub} is true and ${cidrs} includes 0.0.0.0/0: ${WORLD}`)]),
    },
    {
      name: at('public on, ::/0: refused'),
      reason: 'the IPv6 internet counts the same',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['::/0'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', cidrs, `${pub} is true and ${cidrs} includes ::/0: ${WORLD}`)]),
    },
    {
      name: at('EKS public endpoint with the two halves: refused'),
      reason: '0.0.0.0/1 and 128.0.0.0/1 are the whole internet: the list is judged as a union',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', cidrs, `${pub} is true and ${cidrs} includes 0.0.0.0/1, 128.0.0.0/1 (together the whole IPv4 internet): ${WORLD}`)]),
    },
    {
      name: at('all 256 /8s: refused'),
      reason: 'no single CIDR is wide, together they are everything; the 221 with public addresses are counted, the first five named',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) }),
      rules: ENDPOINT_RULES,
      want: only([
        finding(
          eksPublicEndpointOpen,
          'Deny',
          cidrs,
          `${pub} is true and ${cidrs} includes 1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8, 4.0.0.0/8, 5.0.0.0/8 and 216 more (together the whole IPv4 internet): ${WORLD}`,
        ),
      ]),
    },
    {
      name: at('the IPv4 internet spelled as IPv4-mapped IPv6: refused'),
      reason: '::ffff:0.0.0.0/96 is 0.0.0.0/0 to Go’s net.IPNet, and to the guardrails',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['::ffff:0.0.0.0/96'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpointOpen, 'Deny', cidrs, `${pub} is true and ${cidrs} includes ::ffff:0.0.0.0/96 (the whole IPv4 internet): ${WORLD}`)]),
    },
    {
      name: at('one half only: held, not refused'),
      reason: 'named networks, however wide, are the approver’s call',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/1'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval('0.0.0.0/1')}`)]),
    },
    {
      name: at('a garbage CIDR: refused, and the endpoint held'),
      reason: 'an entry that cannot be judged is never passed',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/-1'] }),
      rules: ENDPOINT_RULES,
      want: only([
        finding(eksPublicEndpointOpen, 'Deny', `${cidrs}[1]`, `${cidrs}[1] is "0.0.0.0/-1", not a CIDR: the prefix length "-1" is not a number without leading zeros; list CIDRs such as 198.51.100.0/24`),
        finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval(`203.0.113.0/24, ${cidrs}[1]`)}`),
      ]),
    },
    {
      name: at('public on in initProvider, /0 filled in from initProvider: refused'),
      reason: 'Upjet fills an empty forProvider list from initProvider, so both blocks count',
      resource: cluster(s, { endpointPrivateAccess: true, publicAccessCidrs: [] }, {}, { vpcConfig: block(s, { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }) }),
      rules: ENDPOINT_RULES,
      want: only([
        finding(
          eksPublicEndpointOpen,
          'Deny',
          vpc(s, 'publicAccessCidrs', 'initProvider'),
          `${vpc(s, 'endpointPublicAccess', 'initProvider')} is true and ${vpc(s, 'publicAccessCidrs', 'initProvider')} includes 0.0.0.0/0: ${WORLD}`,
        ),
      ]),
    },
    {
      name: at('open-endpoint rule disabled: the public endpoint is held instead'),
      reason: 'every public endpoint is either refused or held; disabling the refusal does not let it through unseen',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true }),
      rules: ENDPOINT_RULES,
      input: action(eksPublicEndpointOpen, 'Disabled'),
      want: only([finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval('0.0.0.0/0 (publicAccessCidrs is not set)')}`)]),
    },
    {
      name: at('open-endpoint rule disabled, /0 listed: held naming it'),
      reason: 'the approver sees what they approve',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
      rules: ENDPOINT_RULES,
      input: action(eksPublicEndpointOpen, 'Disabled'),
      want: only([finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval('0.0.0.0/0')}`)]),
    },
    {
      name: at('open-endpoint rule set to Warn: one warning, nothing held'),
      reason: 'the open rule still reports it, with the action the Input gave it',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: true }),
      rules: ENDPOINT_RULES,
      input: action(eksPublicEndpointOpen, 'Warn'),
      want: only([finding(eksPublicEndpointOpen, 'Warn', pub, `${pub} is true and publicAccessCidrs is not set, so EKS allows 0.0.0.0/0: ${WORLD}`)]),
    },
    {
      name: at('both endpoints off: refused'),
      reason: 'nothing could reach the API; EKS rejects it',
      resource: cluster(s, { endpointPublicAccess: false, endpointPrivateAccess: false }),
      rules: ENDPOINT_RULES,
      want: only([
        finding(eksPrivateEndpoint, 'Deny', priv, `${priv} is false and the public endpoint is off too, so nothing could reach the Kubernetes API (EKS rejects it); set it to true or remove it`),
      ]),
    },
    {
      name: at('private off, public absent: public off injected and the pair refused'),
      reason: 'the injection turns the public endpoint off, which leaves no endpoint at all',
      resource: cluster(s, { endpointPrivateAccess: false }),
      rules: ENDPOINT_RULES,
      want: {
        desired: changed(cluster(s, { endpointPrivateAccess: false }), eksPrivateEndpoint.id, withVpc({ endpointPublicAccess: false })),
        mutations: [mutation(eksPrivateEndpoint, pub, false)],
        findings: [
          finding(eksPrivateEndpoint, 'Deny', priv, `${priv} is false and the public endpoint is off too, so nothing could reach the Kubernetes API (EKS rejects it); set it to true or remove it`),
        ],
      },
    },
    {
      name: at('private off, public on for named CIDRs: only held'),
      reason: 'a public-only endpoint is the approver’s call; the private flag is not forced',
      resource: cluster(s, { endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['203.0.113.0/24'] }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPublicEndpoint, 'RequireApproval', pub, `${pub} ${approval('203.0.113.0/24')}`)]),
    },
    { name: at('private only passes'), reason: 'the safe configuration', resource: cluster(s, { endpointPublicAccess: false, endpointPrivateAccess: true }), rules: ENDPOINT_RULES, want: PASS },
    {
      name: at('public flag a string: refused, nothing injected'),
      reason: 'a value the rule cannot read is neither trusted nor overwritten',
      resource: cluster(s, { endpointPublicAccess: 'false' }),
      rules: ENDPOINT_RULES,
      want: only([finding(eksPrivateEndpoint, 'Deny', pub, `${pub} must be a boolean, got the string "false"`)]),
    },
    {
      name: at('no vpcConfig at all: left to the API server'),
      reason: 'vpcConfig is CEL-required; injecting one would hide that refusal behind a Terraform error',
      resource: (() => {
        const r = cluster(s);
        delete ((r.spec as Params).forProvider as Params).vpcConfig;
        return r;
      })(),
      rules: ENDPOINT_RULES,
      want: PASS,
    },
    {
      name: at('observe-only public cluster passes'),
      reason: 'observing an existing cluster is not creating one',
      resource: (() => {
        const r = cluster(s, { endpointPublicAccess: true });
        (r.spec as Params).managementPolicies = ['Observe'];
        return r;
      })(),
      rules: ENDPOINT_RULES,
      want: PASS,
    },
    {
      name: at('action Warn on the private default'),
      reason: 'reported, nothing injected',
      resource: cluster(s),
      rules: [eksPrivateEndpoint],
      input: action(eksPrivateEndpoint, 'Warn'),
      want: only([
        missed(eksPrivateEndpoint, 'Warn', pub, 'the public API endpoint was not turned off; EKS turns it on, open to 0.0.0.0/0', false),
        missed(eksPrivateEndpoint, 'Warn', priv, 'the private API endpoint was not turned on', true),
      ]),
    },
  ];
});

const ENCRYPT = 'set encryptionConfig with resources ["secrets"] and provider.keyArn naming the platform\'s KMS key';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0c1d2e3f-0000-4000-8000-000000000000';

const secretsCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${eksSecretsEncryption.id} (${s.label}): ${what}`;
  const config = (fields: Params) => ({ encryptionConfig: block(s, fields) });
  const ec = (field: string) => `spec.forProvider.encryptionConfig${s.list ? '[0]' : ''}.${field}`;
  return [
    {
      name: at('no encryptionConfig: warned'),
      reason: 'no safe key exists to inject, and EKS 1.28+ already encrypts with an AWS owned key: a warning, not a refusal',
      resource: cluster(s),
      rules: [eksSecretsEncryption],
      want: only([finding(eksSecretsEncryption, 'Warn', 'spec.forProvider.encryptionConfig', `secrets are not encrypted with a customer managed KMS key; ${ENCRYPT}`)]),
    },
    {
      name: at('secrets under a KMS key pass'),
      reason: 'what CKV_AWS_58 asks for',
      resource: cluster(s, {}, config({ resources: ['secrets'], provider: block(s, { keyArn: KEY }) })),
      rules: [eksSecretsEncryption],
      want: PASS,
    },
    {
      name: at('resources without secrets: warned on the list'),
      reason: 'a key that encrypts nothing is no protection',
      resource: cluster(s, {}, config({ resources: [], provider: block(s, { keyArn: KEY }) })),
      rules: [eksSecretsEncryption],
      want: only([finding(eksSecretsEncryption, 'Warn', ec('resources'), `encryptionConfig.resources does not include "secrets"; ${ENCRYPT}`)]),
    },
    {
      name: at('no provider key: warned'),
      reason: 'encryption needs a key',
      resource: cluster(s, {}, config({ resources: ['secrets'] })),
      rules: [eksSecretsEncryption],
      want: only([finding(eksSecretsEncryption, 'Warn', 'spec.forProvider.encryptionConfig', `encryptionConfig names no provider.keyArn; ${ENCRYPT}`)]),
    },
    {
      name: at('action Mutate: absence refused'),
      reason: 'Mutate refuses what it cannot inject, and there is no key to inject',
      resource: cluster(s),
      rules: [eksSecretsEncryption],
      input: action(eksSecretsEncryption, 'Mutate'),
      want: only([finding(eksSecretsEncryption, 'Deny', 'spec.forProvider.encryptionConfig', `secrets are not encrypted with a customer managed KMS key; ${ENCRYPT}`)]),
    },
  ];
});

const logCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${eksControlPlaneLogging.id} (${s.label}): ${what}`;
  const fp = 'spec.forProvider.enabledClusterLogTypes';
  return [
    {
      name: at('absent: warned, nothing injected by default'),
      reason: 'CloudWatch ingestion costs money a guardrail should not start spending unasked',
      resource: cluster(s),
      rules: [eksControlPlaneLogging],
      want: only([missed(eksControlPlaneLogging, 'Warn', fp, 'no control-plane logs are sent to CloudWatch Logs', [...LOG_TYPES])]),
    },
    { name: at('all five pass'), reason: 'what CKV_AWS_37 asks for', resource: cluster(s, {}, { enabledClusterLogTypes: [...LOG_TYPES] }), rules: [eksControlPlaneLogging], want: PASS },
    {
      name: at('a partial list: warned with the missing types'),
      reason: 'the author chose some logs; the rest are named',
      resource: cluster(s, {}, { enabledClusterLogTypes: ['api', 'audit'] }),
      rules: [eksControlPlaneLogging],
      want: only([
        finding(eksControlPlaneLogging, 'Warn', fp, `${fp} lacks authenticator, controllerManager, scheduler; enable all five so API calls, sign-ins and control-plane decisions can be audited`),
      ]),
    },
    {
      name: at('action Mutate, absent: all five injected'),
      reason: 'a platform that accepts the cost opts in',
      resource: cluster(s),
      rules: [eksControlPlaneLogging],
      input: action(eksControlPlaneLogging, 'Mutate'),
      want: {
        desired: changed(cluster(s), eksControlPlaneLogging.id, (f) => (f.enabledClusterLogTypes = [...LOG_TYPES])),
        mutations: [mutation(eksControlPlaneLogging, fp, [...LOG_TYPES])],
        findings: [],
      },
    },
    {
      name: at('action Mutate, an empty list: refused'),
      reason: 'an explicit "no logs" is a choice Mutate refuses rather than overwrites',
      resource: cluster(s, {}, { enabledClusterLogTypes: [] }),
      rules: [eksControlPlaneLogging],
      input: action(eksControlPlaneLogging, 'Mutate'),
      want: only([
        finding(
          eksControlPlaneLogging,
          'Deny',
          fp,
          `${fp} lacks api, audit, authenticator, controllerManager, scheduler; enable all five so API calls, sign-ins and control-plane decisions can be audited`,
        ),
      ]),
    },
    {
      name: at('empty in forProvider, all five in initProvider: passes'),
      reason: 'Upjet fills an empty forProvider list from initProvider, so the cluster gets all five',
      resource: cluster(s, {}, { enabledClusterLogTypes: [] }, { enabledClusterLogTypes: [...LOG_TYPES] }),
      rules: [eksControlPlaneLogging],
      want: PASS,
    },
    {
      name: at('partial in forProvider, all five in initProvider: warned on forProvider'),
      reason: 'a non-empty forProvider list is the one applied',
      resource: cluster(s, {}, { enabledClusterLogTypes: ['audit'] }, { enabledClusterLogTypes: [...LOG_TYPES] }),
      rules: [eksControlPlaneLogging],
      want: only([
        finding(eksControlPlaneLogging, 'Warn', fp, `${fp} lacks api, authenticator, controllerManager, scheduler; enable all five so API calls, sign-ins and control-plane decisions can be audited`),
      ]),
    },
    {
      name: at('a string: reported as malformed'),
      reason: 'a value the rule cannot read is not passed',
      resource: cluster(s, {}, { enabledClusterLogTypes: 'api' }),
      rules: [eksControlPlaneLogging],
      want: only([finding(eksControlPlaneLogging, 'Warn', fp, `${fp} must be a list, got the string "api"`)]),
    },
  ];
});

describe('EKS rules through the engine', () => {
  it.each([...endpointCases, ...secretsCases, ...logCases])('$name', (c) => runCase(c));
});

describe('vpcConfig only in initProvider', () => {
  // Paths only: the engine records the injected block by reference, so the
  // first mutation's value also shows the flag the second injection adds.
  it.each(SHAPES)('the two flags are injected into a new forProvider vpcConfig ($label)', (s) => {
    const r = cluster(s, {}, {}, { vpcConfig: block(s, SUBNETS) });
    delete ((r.spec as Params).forProvider as Params).vpcConfig;
    const decision = evaluate(engineRequest({ [NAME]: r }), ENDPOINT_RULES);
    expect(decision.findings).toEqual([]);
    expect(decision.mutations.map((m) => m.path)).toEqual(['spec.forProvider.vpcConfig', vpc(s, 'endpointPrivateAccess')]);
    expect(((decision.desired[NAME]!.spec as Params).forProvider as Params).vpcConfig).toEqual(block(s, { endpointPublicAccess: false, endpointPrivateAccess: true }));
  });
});

describe('every EKS rule on the provider example', () => {
  it.each(SHAPES)('a cluster with only subnets ($label): private endpoint injected, key and logs warned', (s) => {
    const r = cluster(s);
    const decision = evaluate(engineRequest({ [NAME]: r }), EKS_RULES);
    expect(decision.findings.map((f) => [f.rule, f.action])).toEqual([
      [eksSecretsEncryption.id, 'Warn'],
      [eksControlPlaneLogging.id, 'Warn'],
    ]);
    expect(decision.mutations.map((m) => [m.rule, m.path, m.value])).toEqual([
      [eksPrivateEndpoint.id, vpc(s, 'endpointPublicAccess'), false],
      [eksPrivateEndpoint.id, vpc(s, 'endpointPrivateAccess'), true],
    ]);
  });
});
