import { describe, it } from 'vitest';
import { carried, input, type Group } from '../../../test/builders.js';
import { finding, inManifest, runCase, SAME, unreadable, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { manualEndpoints, serviceExternalIps } from './services.js';

const rules = [serviceExternalIps];
const refused = (path: string, message: string, action: Finding['action'] = 'Deny') => finding(serviceExternalIps, action, path, message);
const intercepts = (listed: string, those = 'that address') =>
  `spec.externalIPs lists ${listed}: every node then routes what pods and nodes send to ${those} to this Service, so whoever creates it intercepts that traffic (CVE-2020-8554); remove externalIPs and expose the Service through a LoadBalancer, a NodePort or an Ingress`;

/** A core Service in the XR's namespace with `spec` beside its selector and ports. */
const service = (spec: Record<string, unknown>, apiVersion = 'v1'): KubeObject => ({
  apiVersion,
  kind: 'Service',
  metadata: { name: 'intercept', namespace: 'team-a' },
  spec: { selector: { app: 'mitm' }, ports: [{ port: 443, targetPort: 8443 }], ...spec },
});
const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

const cases: Case[] = [
  {
    name: "an agent's Service claims a public resolver address",
    reason: 'every pod that queries 8.8.8.8 would reach the agent instead (CVE-2020-8554): refused',
    resource: service({ externalIPs: ['8.8.8.8'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"8.8.8.8"'))] },
  },
  {
    name: 'a LoadBalancer Service with external IPs of the cloud metadata service and a database',
    reason: 'whatever the type, the field intercepts: refused, naming the addresses',
    resource: service({ type: 'LoadBalancer', externalIPs: ['169.254.169.254', '10.0.12.7'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"169.254.169.254", "10.0.12.7"', 'those addresses'))] },
  },
  {
    name: 'five external IPs',
    reason: 'the message names three and counts the rest, so it stays one line',
    resource: service({ externalIPs: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"192.0.2.1", "192.0.2.2", "192.0.2.3" and 2 more', 'those addresses'))] },
  },
  {
    name: 'external IPs on an IPv6 address',
    reason: 'any address',
    resource: service({ externalIPs: ['2001:db8::1'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"2001:db8::1"'))] },
  },
  {
    name: 'externalIPs as a string',
    reason: 'not a list of strings: what it intercepts cannot be read, refused (fail closed)',
    resource: service({ externalIPs: '8.8.8.8' }),
    rules,
    want: {
      desired: SAME,
      mutations: [],
      findings: [refused('spec.externalIPs', 'spec.externalIPs is the string "8.8.8.8", not a list of addresses: what the Service would intercept cannot be read (CVE-2020-8554); remove it')],
    },
  },
  {
    name: 'externalIPs as an object',
    reason: 'not a list: refused',
    resource: service({ externalIPs: { ip: '8.8.8.8' } }),
    rules,
    want: {
      desired: SAME,
      mutations: [],
      findings: [refused('spec.externalIPs', 'spec.externalIPs is an object, not a list of addresses: what the Service would intercept cannot be read (CVE-2020-8554); remove it')],
    },
  },
  {
    name: 'externalIPs with a number among the addresses',
    reason: 'an entry that is not a string cannot be read: refused where it is',
    resource: service({ externalIPs: ['8.8.8.8', 134744072] }),
    rules,
    want: {
      desired: SAME,
      mutations: [],
      findings: [refused('spec.externalIPs[1]', 'spec.externalIPs[1] is number 134744072, not an address: what the Service would intercept cannot be read (CVE-2020-8554); remove spec.externalIPs')],
    },
  },
  {
    name: 'externalIPs with a null entry',
    reason: 'not an address: refused',
    resource: service({ externalIPs: [null] }),
    rules,
    want: {
      desired: SAME,
      mutations: [],
      findings: [refused('spec.externalIPs[0]', 'spec.externalIPs[0] is null, not an address: what the Service would intercept cannot be read (CVE-2020-8554); remove spec.externalIPs')],
    },
  },
  {
    name: 'an empty list of external IPs',
    reason: 'intercepts nothing',
    resource: service({ externalIPs: [] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'externalIPs null',
    reason: 'the same as absent',
    resource: service({ externalIPs: null }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a ClusterIP Service without external IPs',
    reason: 'the ordinary Service',
    resource: service({}),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an ExternalName Service pointing at a database endpoint',
    reason: 'a DNS alias under its own name intercepts nothing sent elsewhere: not this danger (left out, see services.ts)',
    resource: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'team-a' }, spec: { type: 'ExternalName', externalName: 'db.abc123.eu-west-1.rds.amazonaws.com' } },
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'the field in another case',
    reason: 'the API server decodes JSON case-sensitively: `ExternalIPs` is an unknown field, not external IPs',
    resource: service({ ExternalIPs: ['8.8.8.8'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a status naming a load balancer address',
    reason: 'the API server drops the status of a Service it creates and keeps its own on update: a composed status sets nothing',
    resource: { ...service({}), status: { loadBalancer: { ingress: [{ ip: '8.8.8.8' }] } } },
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a Service with managementPolicies [Observe] in its spec',
    reason: "a core Service has no management policies: the API server ignores the field and creates the Service",
    resource: withPolicies(service({ externalIPs: ['8.8.8.8'] }), ['Observe']),
    rules,
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"8.8.8.8"'))] },
  },
  {
    name: 'a Service whose spec is a string',
    reason: "the engine refuses what it cannot read, with this rule's action",
    resource: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: 'externalIPs: [8.8.8.8]' },
    rules,
    want: { desired: SAME, mutations: [], findings: [unreadable('Deny', 'spec', 'spec is the string "externalIPs: [8.8.8.8]", not an object; the resource cannot be checked')] },
  },
  ...GROUPS.map(
    (group): Case => ({
      name: `an agent wraps the Service in a ${group} Object`,
      reason: 'provider-kubernetes applies what the Object carries: refused inside the manifest',
      resource: carried(service({ externalIPs: ['8.8.8.8'] }), group),
      rules,
      want: { desired: SAME, mutations: [], findings: [refused(inManifest('spec.externalIPs'), intercepts('"8.8.8.8"'))] },
    }),
  ),
  ...GROUPS.map(
    (group): Case => ({
      name: `the Service carried by a ${group} Object that only observes it`,
      reason: 'an observe-only Object applies nothing: nothing is judged',
      resource: withPolicies(carried(service({ externalIPs: ['8.8.8.8'] }), group), ['Observe']),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    }),
  ),
  {
    name: 'a Knative Service (serving.knative.dev/v1) with externalIPs',
    reason: 'only the core Service: another group is another kind, which has no such field',
    resource: service({ externalIPs: ['8.8.8.8'] }, 'serving.knative.dev/v1'),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'action RequireApproval',
    reason: 'a platform that uses external IPs on purpose may hold them for a person instead',
    resource: service({ externalIPs: ['203.0.113.10'] }),
    rules,
    input: input({ rules: { [serviceExternalIps.id]: { action: 'RequireApproval' } } }),
    want: { desired: SAME, mutations: [], findings: [refused('spec.externalIPs', intercepts('"203.0.113.10"'), 'RequireApproval')] },
  },
];

describe('k8s-service-external-ips', () => {
  it.each(cases)('$name', (c) => runCase(c));
});

const endpointRules = [manualEndpoints];
const routes = (kind: string, path: string, to: string): Finding =>
  finding(
    manualEndpoints,
    'RequireApproval',
    path,
    `hand-written ${kind} send a Service's traffic to ${to}, wherever they are: a LoadBalancer or Ingress that trusts the Service would expose backends the author cannot reach (CVE-2021-25740); give the Service a selector, or get approval for these addresses`,
  );
const slice = (body: Record<string, unknown>, apiVersion = 'discovery.k8s.io/v1'): KubeObject => ({
  apiVersion,
  kind: 'EndpointSlice',
  metadata: { name: 'payments-1', namespace: 'team-a', labels: { 'kubernetes.io/service-name': 'payments' } },
  addressType: 'IPv4',
  ports: [{ port: 8443 }],
  ...body,
});
const endpoints = (subsets: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'payments', namespace: 'team-a' }, subsets });

const endpointCases: Case[] = [
  {
    name: "an EndpointSlice pointing a Service at another namespace's pod",
    reason: 'an Ingress trusted by that pod\'s network policy would expose it (CVE-2021-25740): held, naming the address',
    resource: slice({ endpoints: [{ addresses: ['10.244.3.17'] }] }),
    rules: endpointRules,
    want: { desired: SAME, mutations: [], findings: [routes('EndpointSlice', 'endpoints', '"10.244.3.17"')] },
  },
  {
    name: 'an EndpointSlice of an older version',
    reason: 'every version of discovery.k8s.io',
    resource: slice({ endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] }, 'discovery.k8s.io/v1beta1'),
    rules: endpointRules,
    want: { desired: SAME, mutations: [], findings: [routes('EndpointSlice', 'endpoints', '"10.0.0.1", "10.0.0.2"')] },
  },
  {
    name: 'core Endpoints, ready and not ready addresses',
    reason: 'both receive traffic once ready; the message lists them',
    resource: endpoints([{ addresses: [{ ip: '169.254.169.254' }], notReadyAddresses: [{ ip: '10.96.0.1' }], ports: [{ port: 80 }] }]),
    rules: endpointRules,
    want: { desired: SAME, mutations: [], findings: [routes('Endpoints', 'subsets', '"169.254.169.254", "10.96.0.1"')] },
  },
  {
    name: 'Endpoints whose subsets cannot be read',
    reason: 'held all the same: the object is held whatever it holds',
    resource: endpoints('10.0.0.1'),
    rules: endpointRules,
    want: { desired: SAME, mutations: [], findings: [routes('Endpoints', 'subsets', 'addresses it lists')] },
  },
  ...GROUPS.map(
    (g): Case => ({
      name: `an EndpointSlice carried by a ${g} Object`,
      reason: 'provider-kubernetes applies what the Object carries',
      resource: carried(slice({ endpoints: [{ addresses: ['10.244.3.17'] }] }), g),
      rules: endpointRules,
      want: { desired: SAME, mutations: [], findings: [routes('EndpointSlice', inManifest('endpoints'), '"10.244.3.17"')] },
    }),
  ),
];

describe('k8s-service-manual-endpoints', () => {
  it.each(endpointCases)('$name', (c) => runCase(c));
});
