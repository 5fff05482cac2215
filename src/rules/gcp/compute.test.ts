import { describe, it } from 'vitest';
import { booleanGuard, finding, guardCases, injected, mutation, runCase, runFindingsCase, SAME, withInit, type Case, type FindingsCase } from '../../../test/builders/aws-data.js';
import { defaultCases, gcpResource, served, shapes, type Served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  COMPUTE_RULES,
  computeBlockProjectSshKeys,
  computeDefaultSa,
  computeDefaultSaFullAccess,
  computeIntegrityMonitoring,
  computeIpForwarding,
  computeOsLogin,
  computePublicIp,
  computeSecureBoot,
  computeSerialPort,
  computeVtpm,
} from './compute.js';

/** compute Instance: cluster-scoped v1beta1 (provider v2.x), v1beta2; namespaced v1beta1. InstanceTemplate and InstanceFromTemplate: v1beta2 and namespaced v1beta1. */
const INSTANCE_SHAPES = shapes(['v1beta1', 'v1beta2'], ['v1beta1']);
const TEMPLATE_SHAPES = shapes(['v1beta2'], ['v1beta1']);
const V1BETA2 = served('cluster', 'v1beta2');

const instance = (s: Served = V1BETA2, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('compute', 'Instance', s, { zone: 'europe-west1-b', machineType: 'e2-medium', ...forProvider });
const template = (s: Served = V1BETA2, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('compute', 'InstanceTemplate', s, { machineType: 'e2-medium', ...forProvider });
const fromTemplate = (s: Served = V1BETA2, forProvider: Record<string, unknown> = {}): KubeObject =>
  gcpResource('compute', 'InstanceFromTemplate', s, { zone: 'europe-west1-b', sourceInstanceTemplate: 'projects/acme/global/instanceTemplates/web', ...forProvider });
const VMS = [
  { kind: 'Instance', build: instance, shapes: INSTANCE_SHAPES },
  { kind: 'InstanceTemplate', build: template, shapes: TEMPLATE_SHAPES },
];
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);

const shielded: Case[] = [
  ...VMS.flatMap(({ build, shapes: ss }) => [
    ...guardCases({ rule: computeSecureBoot, field: ['shieldedInstanceConfig', 'enableSecureBoot'], shapes: ss, build, ...booleanGuard(true), missing: 'Shielded VM secure boot was not turned on', advice: 'set it to true (or remove it) so the VM boots only signed bootloaders and kernels' }),
    ...defaultCases({ rule: computeVtpm, field: ['shieldedInstanceConfig', 'enableVtpm'], shapes: ss, build, ...booleanGuard(true), advice: 'set it to true (or remove it) so the VM keeps its virtual TPM for measured boot' }),
    ...defaultCases({ rule: computeIntegrityMonitoring, field: ['shieldedInstanceConfig', 'enableIntegrityMonitoring'], shapes: ss, build, ...booleanGuard(true), advice: 'set it to true (or remove it) so a changed boot sequence is detected and reported' }),
    ...defaultCases({ rule: computeIpForwarding, field: ['canIpForward'], shapes: ss, build, ...booleanGuard(false), advice: 'approve it only for a router, NAT or network appliance; otherwise set it to false or remove it' }),
  ]),
  // An InstanceFromTemplate takes what it does not set from its template: only what it sets is judged.
  ...defaultCases({ rule: computeSecureBoot, field: ['shieldedInstanceConfig', 'enableSecureBoot'], shapes: TEMPLATE_SHAPES, build: fromTemplate, ...booleanGuard(true), advice: 'set it to true (or remove it) so the VM boots only signed bootloaders and kernels' }),
  ...defaultCases({ rule: computeVtpm, field: ['shieldedInstanceConfig', 'enableVtpm'], shapes: TEMPLATE_SHAPES, build: fromTemplate, ...booleanGuard(true), advice: 'set it to true (or remove it) so the VM keeps its virtual TPM for measured boot' }),
  ...defaultCases({ rule: computeIpForwarding, field: ['canIpForward'], shapes: TEMPLATE_SHAPES, build: fromTemplate, ...booleanGuard(false), advice: 'approve it only for a router, NAT or network appliance; otherwise set it to false or remove it' }),
];

const PUBLIC_ADVICE = 'approve only if it must be reached from the internet, else remove it and use IAP, a load balancer or Cloud NAT';
const publicIp: FindingsCase[] = [
  ...[...VMS, { kind: 'InstanceFromTemplate', build: fromTemplate, shapes: TEMPLATE_SHAPES }].flatMap(({ kind, build, shapes: ss }) =>
    ss.flatMap((s): FindingsCase[] => [
      {
        name: `${kind} ${s.label}: an empty access config`,
        reason: 'CKV_GCP_40: `{}` asks for an ephemeral external IP: held',
        resource: build(s, { networkInterface: [{ network: 'default', accessConfig: [{}] }] }),
        want: [finding(computePublicIp, 'RequireApproval', 'spec.forProvider.networkInterface[0].accessConfig', `spec.forProvider.networkInterface[0].accessConfig gives the VM an external IPv4 address; ${PUBLIC_ADVICE}`)],
      },
      {
        name: `${kind} ${s.label}: a static external IP on the second interface`,
        reason: 'every interface is read',
        resource: build(s, { networkInterface: [{ network: 'default' }, { network: 'dmz', accessConfig: [{ natIp: '203.0.113.7' }] }] }),
        want: [finding(computePublicIp, 'RequireApproval', 'spec.forProvider.networkInterface[1].accessConfig', `spec.forProvider.networkInterface[1].accessConfig gives the VM an external IPv4 address (203.0.113.7); ${PUBLIC_ADVICE}`)],
      },
      {
        name: `${kind} ${s.label}: an external IPv6 range`,
        reason: 'ipv6AccessConfig is an external address too',
        resource: build(s, { networkInterface: [{ network: 'default', ipv6AccessConfig: [{ networkTier: 'PREMIUM' }] }] }),
        want: [finding(computePublicIp, 'RequireApproval', 'spec.forProvider.networkInterface[0].ipv6AccessConfig', `spec.forProvider.networkInterface[0].ipv6AccessConfig gives the VM an external IPv6 range; ${PUBLIC_ADVICE}`)],
      },
      { name: `${kind} ${s.label}: internal only`, reason: 'compliant', resource: build(s, { networkInterface: [{ subnetwork: 'private' }] }), want: [] },
      {
        name: `${kind} ${s.label}: interfaces that are not a list`,
        reason: 'cannot be judged: held, never passed',
        resource: build(s, { networkInterface: { accessConfig: [{}] } }),
        want: [finding(computePublicIp, 'RequireApproval', 'spec.forProvider.networkInterface', 'spec.forProvider.networkInterface must be a list of network interfaces, got an object')],
      },
    ]),
  ),
  {
    name: 'access config in initProvider',
    reason: 'applied at creation: read like forProvider',
    resource: withInit(instance(), { networkInterface: [{ network: 'default', accessConfig: [{}] }] }),
    want: [finding(computePublicIp, 'RequireApproval', 'spec.initProvider.networkInterface[0].accessConfig', `spec.initProvider.networkInterface[0].accessConfig gives the VM an external IPv4 address; ${PUBLIC_ADVICE}`)],
  },
];

const FULL = "with the cloud-platform scope, so a token on the machine reaches every API the project's Editor may use; use a service account of its own with the roles it needs";
const pool = (nodeConfig: Record<string, unknown>) => gcpResource('container', 'NodePool', V1BETA2, { cluster: 'main', nodeConfig });
const accounts: FindingsCase[] = [
  ...INSTANCE_SHAPES.flatMap((s): FindingsCase[] => {
    const sa = (fields: Record<string, unknown>) => instance(s, { serviceAccount: block(s, fields) });
    const at = s.blocks === 'array' ? 'spec.forProvider.serviceAccount[0]' : 'spec.forProvider.serviceAccount';
    return [
      { name: `${s.label}: no service account`, reason: 'the API attaches none: nothing to judge', resource: instance(s), want: [] },
      {
        name: `${s.label}: no email, full access`,
        reason: 'CKV_GCP_31: the default account with every API',
        resource: sa({ scopes: ['cloud-platform'] }),
        want: [finding(computeDefaultSaFullAccess, 'Deny', at, `runs as the default service account (no email (the Compute Engine default)) ${FULL}`)],
      },
      {
        name: `${s.label}: "default", full access by URL`,
        reason: 'the API takes "default" for the default account, and the full scope URL',
        resource: sa({ email: 'default', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }),
        want: [finding(computeDefaultSaFullAccess, 'Deny', `${at}.email`, `runs as the default service account (default) ${FULL}`)],
      },
      {
        name: `${s.label}: the default account by email, narrow scopes: held`,
        reason: 'CKV_GCP_30',
        resource: sa({ email: '123456789012-compute@developer.gserviceaccount.com', scopes: ['storage-ro'] }),
        want: [
          finding(
            computeDefaultSa,
            'RequireApproval',
            `${at}.email`,
            'runs as the default service account (123456789012-compute@developer.gserviceaccount.com, scopes storage-ro), shared by every VM of the project that has no account of its own; approve it, or give the VM a service account with only the roles it needs',
          ),
        ],
      },
      { name: `${s.label}: its own account, full scope`, reason: 'IAM decides what it may do: compliant', resource: sa({ email: 'web@acme.iam.gserviceaccount.com', scopes: ['cloud-platform'] }), want: [] },
      { name: `${s.label}: its own account by reference`, reason: 'a ServiceAccount of the composition', resource: sa({ emailRef: { name: 'web' }, scopes: ['cloud-platform'] }), want: [] },
      {
        name: `${s.label}: an email that is not a string`,
        reason: 'malformed: refused',
        resource: sa({ email: 42, scopes: ['cloud-platform'] }),
        want: [finding(computeDefaultSaFullAccess, 'Deny', `${at}.email`, `${at}.email must be a string, got number 42`), finding(computeDefaultSa, 'RequireApproval', `${at}.email`, `${at}.email must be a string, got number 42`)],
      },
    ];
  }),
  {
    name: 'a GKE node pool on the default account with full access',
    reason: 'the same danger on GKE nodes',
    resource: pool({ oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'] }),
    want: [finding(computeDefaultSaFullAccess, 'Deny', 'spec.forProvider.nodeConfig', `runs as the default service account (no serviceAccount (the Compute Engine default)) ${FULL}`)],
  },
  { name: 'a GKE node pool with its own account', reason: 'compliant', resource: pool({ serviceAccount: 'nodes@acme.iam.gserviceaccount.com', oauthScopes: ['cloud-platform'] }), want: [] },
  {
    name: 'a GKE node pool with its own account by selector',
    reason: 'a ServiceAccount of the composition (the providers\' own example does this)',
    resource: pool({ oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'], serviceAccountSelector: { matchLabels: { 'testing.upbound.io/example-name': 'default' } } }),
    want: [],
  },
  { name: 'a GKE node pool on the default account with the default scopes', reason: 'GKE\'s default scopes are narrow', resource: pool({ machineType: 'e2-standard-4' }), want: [] },
];

const SERIAL_ADVICE = "set it to \"false\" (or remove it) so nobody reaches the VM's interactive serial console, which bypasses the network and its firewalls";
const SSH_ADVICE = 'set it to "true" (or remove it) so SSH keys in project metadata, which reach every VM of the project, do not reach this one';
const OSLOGIN_ADVICE = 'set it to "TRUE" (or remove it on a VM, so the project\'s setting applies) so SSH access follows IAM and is audited, instead of keys in metadata';
const metadata: Case[] = [
  ...VMS.flatMap(({ kind, build, shapes: ss }) =>
    ss.flatMap((s): Case[] => [
      {
        name: `${kind} ${s.label}: no metadata: both keys injected`,
        reason: 'an instance value wins over the project\'s: the serial console off, project keys blocked',
        resource: build(s),
        rules: [computeSerialPort, computeBlockProjectSshKeys],
        want: {
          desired: injected(build(s), { metadata: { 'serial-port-enable': 'false', 'block-project-ssh-keys': 'true' } }, 'gcp-compute-block-project-ssh-keys,gcp-compute-serial-port'),
          mutations: [mutation(computeSerialPort, 'spec.forProvider.metadata.serial-port-enable', 'false'), mutation(computeBlockProjectSshKeys, 'spec.forProvider.metadata.block-project-ssh-keys', 'true')],
          findings: [],
        },
      },
      {
        name: `${kind} ${s.label}: existing metadata kept, the key added`,
        reason: 'a startup script stays where it is',
        resource: build(s, { metadata: { 'startup-script': 'echo hi' } }),
        rules: [computeSerialPort],
        want: {
          desired: injected(build(s, { metadata: { 'startup-script': 'echo hi', 'serial-port-enable': 'false' } }), {}, 'gcp-compute-serial-port'),
          mutations: [mutation(computeSerialPort, 'spec.forProvider.metadata.serial-port-enable', 'false')],
          findings: [],
        },
      },
      {
        name: `${kind} ${s.label}: serial console on`,
        reason: 'CKV_GCP_35: refused',
        resource: build(s, { metadata: { 'serial-port-enable': 'TRUE' } }),
        rules: [computeSerialPort],
        want: { desired: SAME, mutations: [], findings: [finding(computeSerialPort, 'Deny', 'spec.forProvider.metadata.serial-port-enable', `spec.forProvider.metadata.serial-port-enable is "TRUE"; ${SERIAL_ADVICE}`)] },
      },
      {
        name: `${kind} ${s.label}: project keys allowed`,
        reason: 'CKV_GCP_32: refused',
        resource: build(s, { metadata: { 'Block-Project-SSH-Keys': 'false' } }),
        rules: [computeBlockProjectSshKeys],
        want: { desired: SAME, mutations: [], findings: [finding(computeBlockProjectSshKeys, 'Deny', 'spec.forProvider.metadata.Block-Project-SSH-Keys', `spec.forProvider.metadata.Block-Project-SSH-Keys is "false"; ${SSH_ADVICE}`)] },
      },
      {
        name: `${kind} ${s.label}: OS Login turned off on the VM`,
        reason: 'CKV_GCP_34: a VM must not override the project',
        resource: build(s, { metadata: { 'enable-oslogin': 'FALSE' } }),
        rules: [computeOsLogin],
        want: { desired: SAME, mutations: [], findings: [finding(computeOsLogin, 'Deny', 'spec.forProvider.metadata.enable-oslogin', `spec.forProvider.metadata.enable-oslogin is "FALSE"; ${OSLOGIN_ADVICE}`)] },
      },
      { name: `${kind} ${s.label}: OS Login absent on the VM`, reason: 'the VM follows the project: nothing injected', resource: build(s), rules: [computeOsLogin], want: { desired: SAME, mutations: [], findings: [] } },
    ]),
  ),
  {
    name: 'metadata only in initProvider: the key goes into that map',
    reason: 'a map created beside it in forProvider could shadow it',
    resource: withInit(instance(), { metadata: { 'startup-script': 'echo hi' } }),
    rules: [computeSerialPort],
    want: {
      desired: { ...withInit(instance(), { metadata: { 'startup-script': 'echo hi', 'serial-port-enable': 'false' } }), metadata: { annotations: { 'guardrails.fn.crossplane.io/mutated-by': 'gcp-compute-serial-port' } } },
      mutations: [mutation(computeSerialPort, 'spec.initProvider.metadata.serial-port-enable', 'false')],
      findings: [],
    },
  },
  {
    name: 'an unknown value',
    reason: 'not a value GCE reads as false: refused',
    resource: instance(V1BETA2, { metadata: { 'serial-port-enable': 'maybe' } }),
    rules: [computeSerialPort],
    want: { desired: SAME, mutations: [], findings: [finding(computeSerialPort, 'Deny', 'spec.forProvider.metadata.serial-port-enable', `spec.forProvider.metadata.serial-port-enable is "maybe"; ${SERIAL_ADVICE}`)] },
  },
  {
    name: 'metadata that is not a map',
    reason: 'malformed: refused, nothing injected beside it',
    resource: instance(V1BETA2, { metadata: ['serial-port-enable=true'] }),
    rules: [computeSerialPort],
    want: { desired: SAME, mutations: [], findings: [finding(computeSerialPort, 'Deny', 'spec.forProvider.metadata', 'spec.forProvider.metadata must be a map of strings, got an array')] },
  },
  ...TEMPLATE_SHAPES.flatMap((s): Case[] => [
    { name: `InstanceFromTemplate ${s.label}: no metadata`, reason: "the template's metadata applies: a map injected here would replace it", resource: fromTemplate(s), rules: [computeSerialPort, computeBlockProjectSshKeys], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `InstanceFromTemplate ${s.label}: its own metadata gets the key`,
      reason: 'its own map replaces the template\'s anyway',
      resource: fromTemplate(s, { metadata: { role: 'web' } }),
      rules: [computeSerialPort],
      want: { desired: injected(fromTemplate(s, { metadata: { role: 'web', 'serial-port-enable': 'false' } }), {}, 'gcp-compute-serial-port'), mutations: [mutation(computeSerialPort, 'spec.forProvider.metadata.serial-port-enable', 'false')], findings: [] },
    },
  ]),
  ...shapes(['v1beta1'], ['v1beta1']).flatMap((s): Case[] => [
    {
      name: `ProjectMetadata ${s.label}: OS Login injected, the serial console judged`,
      reason: 'CKV_GCP_33 (OS Login for the project); a project-wide serial console is refused',
      resource: gcpResource('compute', 'ProjectMetadata', s, { metadata: { 'serial-port-enable': 'true' } }),
      rules: COMPUTE_RULES,
      want: {
        desired: injected(gcpResource('compute', 'ProjectMetadata', s, { metadata: { 'serial-port-enable': 'true', 'enable-oslogin': 'TRUE' } }), {}, 'gcp-compute-os-login'),
        mutations: [mutation(computeOsLogin, 'spec.forProvider.metadata.enable-oslogin', 'TRUE')],
        findings: [finding(computeSerialPort, 'Deny', 'spec.forProvider.metadata.serial-port-enable', `spec.forProvider.metadata.serial-port-enable is "true"; ${SERIAL_ADVICE}`)],
      },
    },
    {
      name: `ProjectMetadataItem ${s.label}: OS Login off for the project`,
      reason: 'a single item sets one key of the project',
      resource: gcpResource('compute', 'ProjectMetadataItem', s, { key: 'enable-oslogin', value: 'false' }),
      rules: COMPUTE_RULES,
      want: { desired: SAME, mutations: [], findings: [finding(computeOsLogin, 'Deny', 'spec.forProvider.value', `spec.forProvider.value is "false"; ${OSLOGIN_ADVICE}`)] },
    },
  ]),
];


describe('Compute Engine VMs', () => {
  it.each(shielded)('$name', (c) => runCase(c));
  it.each(publicIp)('public IP: $name', (c) => runFindingsCase(c, [computePublicIp]));
  it.each(accounts)('service accounts: $name', (c) => runFindingsCase(c, [computeDefaultSaFullAccess, computeDefaultSa]));
  it.each(metadata)('metadata: $name', (c) => runCase(c));
});
